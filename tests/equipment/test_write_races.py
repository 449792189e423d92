"""Concurrent writers on the embedded SQLite default, through a real daphne process: they
wait for each other (immediate transactions, a busy timeout) instead of failing with
"database is locked"; the losers of a race for one slot are told it is taken, never a 500."""

import json
import re
import threading
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from tests.daphne_server import manage, migrate, server_env, start_daphne, stop

pytestmark = pytest.mark.integration

RACERS = 30


@pytest.fixture
def booking_server(tmp_path):
    env = server_env(tmp_path / "race.sqlite3")
    migrate(env)
    output = manage(
        env,
        "shell",
        "-c",
        f"from tests.equipment import race_fixture; race_fixture.main({RACERS})",
    )
    data = json.loads(output.strip().splitlines()[-1])
    base, process = start_daphne(env)
    yield f"http://{base}", data
    stop(process)


def _form_session(base, url, session_key):
    client = requests.Session()
    client.cookies.set("sessionid", session_key)
    page = client.get(url, timeout=30)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return client, token


def test_racing_bookings_wait_for_each_other(booking_server):
    base, data = booking_server
    url = f"{base}/en/equipment/{data['equipment']}/"
    today = timezone.localdate()
    day = today + timedelta(days=7 - today.weekday())
    clients = [_form_session(base, url, key) for key in data["sessions"]]
    barrier = threading.Barrier(RACERS)
    results = [None] * RACERS

    def book(index):
        client, token = clients[index]
        # Half race for the same slot; the others each book an hour of their own, on other days.
        contested = index % 2 == 0
        slot_day = day if contested else day + timedelta(days=1 + index // 8)
        hour = 9 if contested else 9 + (index // 2) % 8
        barrier.wait()
        response = client.post(
            url,
            {
                "csrfmiddlewaretoken": token,
                "date": slot_day.isoformat(),
                "start_time": f"{hour:02d}:00",
                "end_time": f"{hour + 1:02d}:00",
                "purpose": f"측정 {index}",
            },
            headers={"Referer": url},
            allow_redirects=False,
            timeout=60,
        )
        results[index] = (contested, response.status_code, response.text)

    threads = [threading.Thread(target=book, args=(index,)) for index in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)

    statuses = [status for _contested, status, _text in results]
    assert 500 not in statuses, statuses
    contested = [(status, text) for is_contested, status, text in results if is_contested]
    uncontested = [status for is_contested, status, _text in results if not is_contested]
    # Exactly one contested booking wins (a redirect to the calendar); the rest see the form
    # again with the reason.
    assert sum(status == 302 for status, _text in contested) == 1
    losers = [text for status, text in contested if status != 302]
    assert len(losers) == RACERS // 2 - 1
    assert all("overlaps another booking" in text for text in losers), losers[0][:3000]
    assert uncontested == [302] * len(uncontested)
