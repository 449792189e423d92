import pytest
from django.utils import translation

from forums.templatetags.forum_tags import krw_short

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("amount", "korean", "english"),
    [
        (2_000_000_000, "20억 원", "KRW 2 bn"),
        (350_000_000, "3.5억 원", "KRW 350 m"),
        (18_400_000_000, "184억 원", "KRW 18.4 bn"),
        (5_000_000, "500만 원", "KRW 5 m"),
        (None, "0원", "KRW 0"),
    ],
)
def test_krw_short(amount, korean, english):
    with translation.override("ko"):
        assert krw_short(amount) == korean
    with translation.override("en"):
        assert krw_short(amount) == english
