"""In a real browser against daphne: an exhibitor's open agenda says, the moment it happens,
that the buyer picked a slot with them; with the server down it says it is reconnecting, and
once back it tells a change made meanwhile (the page's version is out of date)."""

import json
import re

import pytest
import requests
from playwright.sync_api import expect

from tests.daphne_server import manage, migrate, server_env, start_daphne, stop

pytestmark = pytest.mark.e2e


@pytest.fixture
def fair_server(tmp_path):
    env = server_env(tmp_path / "live-meetings.sqlite3")
    migrate(env)
    output = manage(
        env, "shell", "-c", "from tests.matchmaking import race_fixture; race_fixture.live_pair()"
    )
    data = json.loads(output.strip().splitlines()[-1])
    base, process = start_daphne(env)
    server = {"base": base, "process": process, "env": env}
    yield server, data
    stop(server["process"])


def test_an_open_agenda_hears_of_a_pick_and_of_a_change_made_while_it_was_away(
    fair_server, browser, screenshot_dir
):
    server, data = fair_server
    base = f"http://{server['base']}"
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ko-KR")
    context.add_cookies([{"name": "sessionid", "value": data["exhibitor"], "url": base}])
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{base}/ko/meetings/race-fair/agenda/")
    banner = page.locator("[data-meetings-live]")
    expect(banner).to_be_hidden()

    # The buyer picks the slot (a plain HTTP client): the exhibitor's page says so at once.
    buyer = requests.Session()
    buyer.cookies.set("sessionid", data["buyer"])
    requests_page = buyer.get(f"{base}/ko/meetings/race-fair/requests/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', requests_page.text).group(1)
    picked = buyer.post(
        f"{base}/ko/meetings/request/{data['request']}/pick/",
        {"csrfmiddlewaretoken": token, f"pick-{data['request']}-slot": data["slot"]},
        headers={"Referer": base + "/"},
        allow_redirects=False,
        timeout=30,
    )
    assert picked.status_code == 302 and "/agenda/" in picked.headers["Location"]
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Hanoi Import")
    page.screenshot(path=str(screenshot_dir / "meetings-live-banner-ko-390.png"), full_page=True)

    # Reloaded, the page shows the meeting; then the server goes away and a change is made
    # meanwhile (the buyer cancels, from the command line).
    page.reload()
    expect(page.locator("main")).to_contain_text("Hanoi Import")
    expect(banner).to_be_hidden()
    stop(server["process"])
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("다시 연결")
    manage(
        server["env"],
        "shell",
        "-c",
        "from matchmaking import services; from matchmaking.models import Meeting;"
        "m = Meeting.objects.get(); services.cancel_meeting(m, actor=m.request.sender.user)",
    )
    port = int(server["base"].rsplit(":", 1)[1])
    server["base"], server["process"] = start_daphne(server["env"], port=port)
    expect(banner).to_contain_text("상담 내용이 바뀌었습니다", timeout=40_000)
    context.close()
