"""home.services.synchronise_languages: every page answers in every language."""

import pytest
from wagtail.models import Page

from home.models import StandardPage
from home.services import synchronise_languages

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_untranslated_pages_answer_in_every_language_with_a_notice(client, site_tree, locales):
    about = StandardPage(title="소개", slug="about", introduction="클러스터허브 소개")
    site_tree["home"].add_child(instance=about)
    about.save_revision().publish()
    # Before: the English tree lacks the new page, the Chinese one has no pages at all.
    assert client.get("/en/about/").status_code == 404
    assert not Page.objects.filter(locale=locales["zh-hans"]).exists()

    synchronise_languages()

    for prefix in ("/en/", "/zh-hans/", "/vi/"):
        response = client.get(f"{prefix}about/")
        assert response.status_code == 200
        assert "클러스터허브 소개" in response.text
    # Chinese readers get the English translation where there is one, else the Korean source,
    # and the page says which, in their language.
    carbon_zh = client.get("/zh-hans/clusters/carbon/")
    assert "Carbon fibre firms" in carbon_zh.text
    assert "此页面以英语显示" in carbon_zh.text
    assert "此页面以韩语显示" in client.get("/zh-hans/about/").text
    assert "This page is shown in Korean" in client.get("/en/about/").text
    # Translated pages carry no notice.
    assert "This page is shown in" not in client.get("/en/clusters/carbon/").text


def test_synchronising_twice_adds_nothing(site_tree, locales):
    synchronise_languages()
    pages = Page.objects.count()
    synchronise_languages()
    assert Page.objects.count() == pages
    for code in ("en", "zh-hans", "vi"):
        assert Page.objects.filter(locale__language_code=code, depth__gt=1).count() == 4
