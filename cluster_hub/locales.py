"""Wagtail's locales without a query per use.

Pages ask for the active locale, the default one or a page's own many times per request (every
`.localized`, every "in the reader's language, else the default" lookup); Wagtail reads the
row each time. The few rows are kept per process and re-read after any content change (the
page generation, which a saved or deleted Locale bumps like any other row)."""

import threading

from django.conf import settings
from django.utils import translation
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from cluster_hub import page_cache

_lock = threading.Lock()
_memo = {"generation": None, "by_pk": {}, "by_code": {}}


def _locales():
    current = page_cache.generation()
    if _memo["generation"] != current:
        rows = list(Locale.objects.all())
        with _lock:
            _memo.update(
                generation=current,
                by_pk={locale.pk: locale for locale in rows},
                by_code={locale.language_code: locale for locale in rows},
            )
    return _memo


def for_language(language_code):
    """Like Locale.objects.get_for_language: raises Locale.DoesNotExist (or LookupError)."""
    code = get_supported_content_language_variant(language_code)
    try:
        return _locales()["by_code"][code]
    except KeyError:
        raise Locale.DoesNotExist(code) from None


def active():
    """The locale of the language being served (Locale.get_active)."""
    return for_language(translation.get_language() or settings.LANGUAGE_CODE)


def active_or_default():
    try:
        return active()
    except (Locale.DoesNotExist, LookupError):
        return default()


def default():
    """The site's default locale (Locale.get_default)."""
    return for_language(settings.LANGUAGE_CODE)


def of(page):
    """`page.locale` without reading the row."""
    locale = _locales()["by_pk"].get(page.locale_id)
    return locale if locale is not None else page.locale


def localized(page):
    """`page.localized`: its live translation in the active locale, else the page itself."""
    try:
        locale = active()
    except (Locale.DoesNotExist, LookupError):
        return page
    if locale.pk == page.locale_id:
        return page
    translated = page.get_translation_or_none(locale)
    if translated is None or not getattr(translated, "live", True):
        return page
    return translated
