from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from wagtail.models import Locale, Page

from clusters import permissions

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
                translated = page.get_translation_or_none(Locale.objects.get(language_code=code))
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


@register.filter
def can_edit_profile(user, profile):
    return permissions.can_edit_profile(user, profile)


@register.filter
def can_edit_organisation(user, organisation):
    return permissions.can_edit_organisation(user, organisation)


@register.simple_tag
def site_root_url():
    """The home page in the active language, falling back to the default locale's."""
    from home.models import HomePage

    code = translation.get_language()
    home = (
        HomePage.objects.live().filter(locale__language_code=code).first()
        or HomePage.objects.live().first()
    )
    return home.url if home else "/"


@register.simple_tag
def cluster_index_url():
    from clusters.models import MiniClusterIndexPage

    code = translation.get_language()
    index = (
        MiniClusterIndexPage.objects.live().filter(locale__language_code=code).first()
        or MiniClusterIndexPage.objects.live().first()
    )
    return index.url if index else "/"


@register.simple_tag
def forum_index_url():
    from forums.models import ForumIndexPage

    code = translation.get_language()
    index = (
        ForumIndexPage.objects.live().filter(locale__language_code=code).first()
        or ForumIndexPage.objects.live().first()
    )
    return index.url if index else ""
