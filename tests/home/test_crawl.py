"""Every internal link of the demo site, followed from each language's home page by a visitor
and by a member, answers with something other than a 404 (issue #15: no 404 from a language
switch, ever). Links are followed through every page they lead to, so the language switcher of
every page, every list and every detail page is checked."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import translation

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LANGUAGE_PREFIXES = ("/ko/", "/en/", "/zh-hans/", "/vi/")
# Not pages of the site: the Wagtail admin (its own app, a 302 to its login), static and media
# files, the API's machine endpoints.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/django-admin/")


class LinkParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def internal_links(html):
    parser = LinkParser()
    parser.feed(html)
    for href in parser.links:
        url, _fragment = urldefrag(href)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        yield url


def link_family(url):
    """Which view a link leads to. Every Wagtail page (and sub-page) is its own family: whether
    it exists depends on its translations. Other views answer the same way for every object
    and in every language, so a few links to each (three of the 150 people, of each filter
    combination, of each page number) prove that view answers; links that differ only in
    their query string values are one family."""
    parts = urlsplit(url)
    query_keys = tuple(sorted(key.split("=")[0] for key in parts.query.split("&") if key))
    language = next((p for p in LANGUAGE_PREFIXES if parts.path.startswith(p)), "/ko/")
    with translation.override(language.strip("/")):
        try:
            match = resolve(parts.path)
        except Resolver404:
            return parts.path, query_keys
    if match.url_name == "wagtail_serve":
        return parts.path, query_keys
    return match.view_name, query_keys


def crawl(client, start, *, per_family=3):
    seen = {start}
    families = {}
    queue = deque([(start, None)])
    missing = []
    visited = 0
    while queue:
        url, referrer = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code == 404:
            missing.append((url, referrer))
            continue
        if response.status_code in (301, 302):
            location = response.headers["Location"]
            if location.startswith("/") and location not in seen:
                seen.add(location)
                queue.append((location, url))
            continue
        if "text/html" not in response.headers.get("Content-Type", ""):
            continue
        for link in internal_links(response.content.decode()):
            if link in seen:
                continue
            family = link_family(link)
            if families.get(family, 0) >= per_family:
                continue
            families[family] = families.get(family, 0) + 1
            seen.add(link)
            queue.append((link, url))
    return visited, missing


@pytest.fixture
def demo_site():
    call_command("load_demo_data", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_no_internal_link_of_the_demo_site_is_a_404_in_any_language(demo_site, client):
    # One test for both roles: the demo data takes half a minute to load.
    missing = []
    for role in ("visitor", "member"):
        if role == "member":
            client.force_login(get_user_model().objects.get(email="member@clusterhub.local"))
        for prefix in LANGUAGE_PREFIXES:
            visited, missing_here = crawl(client, prefix)
            # The crawl reached the whole site, not a login wall or an empty tree.
            assert visited > 100, (role, prefix, visited)
            missing += [(role, url, referrer) for url, referrer in missing_here]
    assert missing == [], "\n".join(
        f"{role}: {url}  (linked from {referrer})" for role, url, referrer in missing
    )
