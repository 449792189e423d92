"""Dates follow the reader's locale, zero-padded in Korean."""

from datetime import date

import pytest
from django.utils import translation
from django.utils.formats import date_format

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ko", "2026. 12. 01."),
        ("en", "12/01/2026"),
        ("zh-hans", "2026年12月1日"),
        ("vi", "01-12-2026"),
    ],
)
def test_short_dates_in_each_language(language, expected):
    with translation.override(language):
        assert date_format(date(2026, 12, 1), "SHORT_DATE_FORMAT") == expected
