"""In Chromium: the live client reconnects after a dropped connection, but stops, and says why,
when the server refuses it (here 4409: the event was unpublished while the page was open)."""

import pytest
from playwright.sync_api import expect

from tests.daphne_server import live_room, manage, server_env, start_daphne, stop

pytestmark = [pytest.mark.e2e]

UNPUBLISH = (
    "from events.models import EventSession\n"
    "EventSession.objects.get(pk={session}).event.unpublish()\n"
)


def test_a_refused_client_stops_and_says_why(tmp_path, browser):
    env = server_env(tmp_path / "db.sqlite3")
    room = live_room(env, viewers=1, moderated=True)
    base, process = start_daphne(env)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
    context.add_cookies(
        [{"name": "sessionid", "value": room["viewers"][0], "url": f"http://{base}"}]
    )
    page = context.new_page()
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket.url))
    try:
        page.goto(f"http://{base}{room['live_url']}")
        expect(page.locator("#live-status")).to_have_text("라이브")

        manage(env, "shell", "-c", UNPUBLISH.format(session=room["session"]))
        stop(process)  # the connection drops; the client retries with back-off
        expect(page.locator("body")).to_have_attribute("data-live", "closed")
        port = int(base.rsplit(":", 1)[1])
        _base, process = start_daphne(env, port=port)

        status = page.locator("#live-status")
        expect(status).to_have_text("이 행사는 지금 공개되어 있지 않습니다.", timeout=15_000)
        expect(page.locator("body")).to_have_attribute("data-live", "refused")
        attempts = len(sockets)
        page.wait_for_timeout(3000)
        assert len(sockets) == attempts  # no retry after a refusal
    finally:
        context.close()
        stop(process)
