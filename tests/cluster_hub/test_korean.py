import pytest
from django.template import Context, Template

from cluster_hub.korean import final_consonant, with_particle

pytestmark = [pytest.mark.unit]


@pytest.mark.parametrize(
    ("word", "particle", "expected"),
    [
        ("(주)유니폼텍", "는", "(주)유니폼텍은"),
        ("한국탄소산업진흥원", "은", "한국탄소산업진흥원은"),
        ("(주)케이머티리얼즈", "은", "(주)케이머티리얼즈는"),
        ("구미대학교", "이", "구미대학교가"),
        ("탄소섬유", "을", "탄소섬유를"),
        ("발열체", "를", "발열체를"),
        ("금형", "를", "금형을"),
        ("서울", "으로", "서울로"),
        ("부산", "로", "부산으로"),
        ("구미", "으로", "구미로"),
        ("3D", "은", "3D는"),
        ("ISO 9001", "은", "ISO 9001은"),
        ("(주)Carbon Co.", "은", "(주)Carbon Co.는"),
        ("Film", "을", "Film을"),
    ],
)
def test_particles_follow_the_last_sound(word, particle, expected):
    assert with_particle(word, particle) == expected


def test_unknown_particles_and_empty_words():
    with pytest.raises(ValueError):
        with_particle("구미", "의")
    assert final_consonant("()") == ""


def test_the_template_filter():
    rendered = Template('{% load site_tags %}{{ name|josa:"은" }}').render(
        Context({"name": "(주)유니폼텍"})
    )
    assert rendered == "(주)유니폼텍은"
