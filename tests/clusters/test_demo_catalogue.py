"""The demo catalogue reads as written in each language: the specification values' words
follow the language, their numbers, units and codes stay."""

import re

import pytest

from clusters.demo_catalogue import DETAILS, LANGUAGES, MORE, localized_value

pytestmark = pytest.mark.unit

ENGLISH_WORDS = re.compile(
    r"\b(months?|years?|bag|battery|levels|fin|flatness|heat load|height|parts|points|shots|tank)\b"
)


def _values():
    more = [product[1] for products in MORE.values() for product in products]
    for details in [*DETAILS.values(), *more]:
        assert isinstance(details[1], list)  # a product's (spec, value) pairs
        for _label, value in details[1]:
            yield value


def test_no_english_word_is_left_in_the_other_languages():
    values = list(_values())
    assert len(values) > 120
    for index, language in enumerate(LANGUAGES):
        if language == "en":
            continue
        left = [localized_value(value, index) for value in values]
        assert [value for value in left if ENGLISH_WORDS.search(value)] == [], language


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("24 months", ("24개월", "24 months", "24个月", "24 tháng")),
        ("5-year battery", ("배터리 수명 5년", "5-year battery", "电池寿命5年", "pin 5 năm")),
        ("500,000 shots", ("500,000 쇼트", "500,000 shots", "500,000模次", "500,000 lần ép")),
        ("IP67", ("IP67",) * 4),
        ("-40–85 °C, 0–100 %RH", ("-40–85 °C, 0–100 %RH",) * 4),
    ],
)
def test_words_follow_the_language_and_numbers_stay(value, expected):
    assert tuple(localized_value(value, index) for index in range(4)) == expected
