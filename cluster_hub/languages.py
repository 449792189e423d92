"""The site languages' names in the reader's language ("shown in English", "中文译文").

Django's own names are not all fit to show: its Vietnamese catalogue calls Chinese "Tiếng Tàu",
a dated word many readers find disparaging."""

from django.utils.translation import pgettext_lazy

LANGUAGE_NAMES = {
    "ko": pgettext_lazy("language name inside a sentence", "Korean"),
    "en": pgettext_lazy("language name inside a sentence", "English"),
    "zh-hans": pgettext_lazy("language name inside a sentence", "Chinese"),
    "vi": pgettext_lazy("language name inside a sentence", "Vietnamese"),
}


def language_name(code):
    return str(LANGUAGE_NAMES.get(code, code))
