"""The home page and the header lead to events: the next ones on the home page, in the reader's
language where translated, and an Events link in the navigation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import EventIndexPage, EventPage

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _events(site_tree):
    index = EventIndexPage(title="행사", slug="events")
    site_tree["home"].add_child(instance=index)
    index.save_revision().publish()
    now = timezone.now()
    for slug, title, days in (
        ("soon", "탄소 세미나", 2),
        ("later", "수출 상담회", 9),
        ("past", "지난 포럼", -5),
    ):
        event = EventPage(
            title=title,
            slug=slug,
            starts_at=now + timedelta(days=days),
            ends_at=now + timedelta(days=days, hours=2),
            venue="구미코",
        )
        index.add_child(instance=event)
        event.save_revision().publish()
    return index


def test_the_home_page_lists_the_next_events_and_the_header_links_to_events(client, site_tree):
    index = _events(site_tree)
    html = client.get("/ko/").content.decode()
    assert html.index("탄소 세미나") < html.index("수출 상담회")
    assert "지난 포럼" not in html
    assert f'href="{index.url}"' in html  # the header's Events link and "All events"
    english = client.get("/en/").content.decode()
    assert "탄소 세미나" in english  # not translated: shown in Korean rather than left out
    assert ">Events</a>" in english


def test_without_events_the_home_page_has_no_empty_section(client, site_tree):
    html = client.get("/ko/").content.decode()
    assert 'id="home-events-heading"' not in html
