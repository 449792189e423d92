import pytest

from cluster_hub.spreadsheets import safe_cell

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "text",
    ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")'],
)
def test_formula_starts_are_neutralised(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["탄소섬유", "a=b", "", 2000000000, -5, None, "1-2"])
def test_other_values_are_left_alone(value):
    assert safe_cell(value) == value
