"""The upcoming-events panel of mini-cluster pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import queries

from .conftest import make_event

pytestmark = pytest.mark.integration


def _translate_to_english(page, locales, **fields):
    translated = page.copy_for_translation(locales["en"])
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    return translated


def test_a_cluster_lists_its_own_next_events_in_order(event_index, site_tree):
    now = timezone.now()
    later = make_event(event_index, site_tree, slug="later", title="나중 세미나")
    sooner = make_event(
        event_index,
        site_tree,
        slug="sooner",
        title="먼저 세미나",
        starts_at=now + timedelta(days=1),
        ends_at=now + timedelta(days=1, hours=2),
    )
    make_event(
        event_index,
        site_tree,
        slug="past",
        title="지난 세미나",
        starts_at=now - timedelta(days=2),
        ends_at=now - timedelta(days=2) + timedelta(hours=2),
    )
    elsewhere = make_event(event_index, site_tree, slug="elsewhere", title="3D 행사")
    elsewhere.host_clusters.set([site_tree["printing"]])
    elsewhere.save_revision().publish()
    draft = make_event(event_index, site_tree, slug="draft", title="초안 행사")
    draft.unpublish()

    assert queries.upcoming_for_cluster(site_tree["carbon"]) == [sooner, later]
    assert queries.upcoming_for_cluster(site_tree["carbon"], limit=1) == [sooner]
    assert queries.upcoming_for_cluster(site_tree["printing"]) == [elsewhere]


def test_english_cluster_page_shows_translations_or_else_the_korean_original(
    event_index, site_tree, locales, client
):
    translated = make_event(event_index, site_tree, slug="translated", title="번역된 세미나")
    korean_only = make_event(
        event_index,
        site_tree,
        slug="korean-only",
        title="한국어 세미나",
        starts_at=timezone.now() + timedelta(days=5),
        ends_at=timezone.now() + timedelta(days=5, hours=1),
    )
    _translate_to_english(event_index, locales, title="Events")
    english = _translate_to_english(translated, locales, title="Translated seminar")

    shown = queries.upcoming_for_cluster(site_tree["carbon_en"])
    assert [event.pk for event in shown] == [english.pk, korean_only.pk]

    body = client.get(site_tree["carbon_en"].url).content.decode()
    assert "Translated seminar" in body and "한국어 세미나" in body
    assert "번역된 세미나" not in body
    korean_body = client.get(site_tree["carbon"].url).content.decode()
    assert "번역된 세미나" in korean_body and "Translated seminar" not in korean_body
    empty = client.get(site_tree["printing"].url).content.decode()
    assert "예정된 행사가 없습니다." in empty
