"""Tags are separated by commas only and shown back without taggit's quotes."""

import pytest

from cluster_hub.tags import string_from_tags, tags_from_string

pytestmark = pytest.mark.unit


class Named:
    def __init__(self, name):
        self.name = name


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("carbon fibre, 복합소재", ["carbon fibre", "복합소재"]),
        ("탄소섬유 발열체", ["탄소섬유 발열체"]),  # one tag with a space, not two
        ("  발열체 ,, 발열체,  ", ["발열체"]),
        ('"R&D, joint", CFRP', ["R&D, joint", "CFRP"]),
        ("", []),
    ],
)
def test_typed_tags(typed, names):
    assert tags_from_string(typed) == names


def test_tags_read_back_as_typed():
    tags = [Named("carbon fibre"), Named("복합소재"), Named("R&D, joint")]
    assert string_from_tags(tags) == 'carbon fibre, 복합소재, "R&D, joint"'
    assert tags_from_string(string_from_tags(tags)) == [tag.name for tag in tags]
