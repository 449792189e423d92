"""Event sessions are translated with the directory's side-by-side editor (their event page
with wagtail-localize); every view of the event shows them in the reader's language."""

import pytest

from home.services import synchronise_languages
from translations.models import TranslationStatus
from translations.queries import status_of

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_session_titles_and_rooms_follow_the_reader(client_for, users, live_event, talk):
    url = f"/en/translations/events.eventpage/{live_event.pk}/zh-hans/"
    assert client_for(users["member"]).get(url).status_code == 403
    assert client_for(users["other_coordinator"]).get(url).status_code == 403
    client = client_for(users["coordinator"])
    assert status_of(live_event, "zh-hans") == TranslationStatus.MISSING
    page = client.get(url).content.decode()
    assert "탄소섬유 시장 전망" in page and 'name="o1-title"' in page
    assert client.post(url, {"o1-title": "碳纤维市场展望", "o1-room": "A厅"}).status_code == 302
    assert status_of(live_event, "zh-hans") == TranslationStatus.TRANSLATED

    synchronise_languages()
    chinese = client.get("/zh-hans/events/live/").content.decode()
    assert "碳纤维市场展望" in chinese and "A厅" in chinese
    live = client.get(f"/zh-hans/events/live/sessions/{talk.pk}/live/").content.decode()
    assert "碳纤维市场展望" in live
    korean = client.get("/ko/events/live/").content.decode()
    assert "탄소섬유 시장 전망" in korean and "碳纤维市场展望" not in korean
    # Vietnamese readers get the source, and the page says so.
    vietnamese = client.get(f"/vi/events/live/sessions/{talk.pk}/live/").content.decode()
    assert "탄소섬유 시장 전망" in vietnamese
