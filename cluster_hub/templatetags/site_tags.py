from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page, Site

from cluster_hub import locales
from cluster_hub.korean import with_particle
from cluster_hub.languages import language_name
from cluster_hub.panels import link_url

register = template.Library()

# Compact labels for the header's language switcher; the full name is read out with them.
SHORT_LANGUAGE_NAMES = {"ko": "한국어", "en": "EN", "zh-hans": "中文", "vi": "VI"}


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per site language pointing at this page in that language."""
    request = context.get("request")
    page = context.get("page")
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        url = None
        if isinstance(page, Page):
            try:
                translated = page.get_translation_or_none(locales.for_language(code))
            except Locale.DoesNotExist:
                translated = None
            if translated is not None and translated.live:
                url = translated.url
        if url is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        links.append(
            {
                "code": code,
                "name": name,
                "short": SHORT_LANGUAGE_NAMES.get(code, code.upper()),
                "url": url,
                "active": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def site_root_url(context):
    """The site's home page in the active language, falling back to the default locale's."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    site = site or Site.objects.filter(is_default_site=True).first()
    if site is None:
        return "/"
    home = locales.localized(site.root_page)
    return home.url if home.live else site.root_page.url


@register.simple_tag
def nav_url(key):
    """Where a header link registered by an app points (cluster_hub/panels.py), or ""."""
    return link_url(key) or ""


@register.filter
def josa(word, particle):
    """`{{ organisation.name|josa:"은" }}`: the name with the particle its sound takes."""
    return with_particle(word, particle)


@register.simple_tag(takes_context=True)
def page_language_notice(context):
    """For a page nobody has translated into the reader's language yet (an alias of the page in
    the language it falls back to): the language it is shown in, else None."""
    page = context.get("page")
    if not isinstance(page, Page) or page.alias_of_id is None:
        return None
    shown = page.alias_of
    while shown.alias_of_id is not None:
        shown = shown.alias_of
    if shown.locale_id == page.locale_id:
        return None
    return {
        "shown_in": language_name(shown.locale.language_code),
        "source_url": shown.url,
        "source_code": shown.locale.language_code,
    }


@register.filter
def page_numbers(page_obj):
    """The page numbers to offer around the current page, with gaps as the ellipsis:
    1 … 4 5 [6] 7 8 … 20."""
    paginator = page_obj.paginator
    return list(paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1))
