"""Concurrent slot picks: of the people racing for one table (or one person) in one slot,
exactly one wins and the others are told it is taken — never a 500, never a double booking.
On SQLite through a real daphne process, and on PostgreSQL with threads of their own
connections."""

import json
import re
import threading

import pytest
import requests
from django.db import connection

from matchmaking import services
from matchmaking.models import (
    Meeting,
    MeetingRequest,
    Participant,
)
from tests.daphne_server import manage, migrate, server_env, start_daphne, stop
from tests.factories import UserFactory
from tests.matchmaking.race_fixture import build_fair

pytestmark = pytest.mark.integration

PAIRS = 12
SAME_BUYER = 8


@pytest.fixture
def race_server(tmp_path):
    env = server_env(tmp_path / "race.sqlite3")
    migrate(env)
    output = manage(
        env,
        "shell",
        "-c",
        f"from tests.matchmaking import race_fixture; race_fixture.main({PAIRS}, {SAME_BUYER})",
    )
    data = json.loads(output.strip().splitlines()[-1])
    base, process = start_daphne(env)
    yield f"http://{base}", data, env
    stop(process)


def _prepared(base, session_key):
    client = requests.Session()
    client.cookies.set("sessionid", session_key)
    page = client.get(f"{base}/en/meetings/race-fair/requests/", timeout=30)
    assert page.status_code == 200, page.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return client, token


def test_racing_picks_on_sqlite_through_daphne(race_server):
    base, data, env = race_server
    racers = [
        (*_prepared(base, key), request_id, group)
        for group in ("table_race", "person_race")
        for key, request_id in data[group]
    ]
    barrier = threading.Barrier(len(racers))
    results = [None] * len(racers)

    def pick(index):
        client, token, request_id, group = racers[index]
        barrier.wait()
        response = client.post(
            f"{base}/en/meetings/request/{request_id}/pick/",
            {"csrfmiddlewaretoken": token, f"pick-{request_id}-slot": data["slot"]},
            headers={"Referer": base + "/"},
            allow_redirects=False,
            timeout=60,
        )
        results[index] = (group, response.status_code, response.headers.get("Location", ""))

    threads = [threading.Thread(target=pick, args=(index,)) for index in range(len(racers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert all(result and result[1] == 302 for result in results), results
    for group in ("table_race", "person_race"):
        won = [loc for g, _status, loc in results if g == group and "/agenda/" in loc]
        lost = [loc for g, _status, loc in results if g == group and "/requests/" in loc]
        assert len(won) == 1, (group, results)
        assert len(lost) == len(data[group]) - 1
    # What the database holds: one meeting per group, each person and the table once.
    counts = manage(
        env,
        "shell",
        "-c",
        (
            "from matchmaking.models import Meeting, MeetingSeat;"
            "print(Meeting.objects.count(), MeetingSeat.objects.count())"
        ),
    )
    assert counts.split()[-2:] == ["2", "4"]


@pytest.mark.django_db(transaction=True)
def test_racing_picks_on_postgresql(site_tree):
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL half of CI runs this; SQLite races through daphne above")
    fair, slot = build_fair(site_tree["home"])
    racers = []
    for index in range(PAIRS):
        buyer = Participant.objects.create(
            matchmaking=fair,
            user=UserFactory(username=f"b{index}"),
            role="buyer",
            company=f"b{index}",
            country="CN",
            languages="zh",
        )
        exhibitor = Participant.objects.create(
            matchmaking=fair,
            user=UserFactory(username=f"e{index}"),
            role="exhibitor",
            company=f"e{index}",
            country="KR",
            languages="ko",
        )
        meeting_request = MeetingRequest.objects.create(
            matchmaking=fair, sender=buyer, recipient=exhibitor, status="accepted"
        )
        racers.append((buyer.user, meeting_request))
    barrier = threading.Barrier(len(racers))
    outcomes = [None] * len(racers)

    def pick(index):
        user, meeting_request = racers[index]
        barrier.wait()
        try:
            services.pick_slot(meeting_request, actor=user, slot=slot)
            outcomes[index] = "won"
        except services.SlotTaken:
            outcomes[index] = "taken"
        except Exception as error:  # the test reports whatever else happened
            outcomes[index] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=pick, args=(index,)) for index in range(len(racers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["taken"] * (PAIRS - 1) + ["won"], outcomes
    assert Meeting.objects.filter(slot=slot).count() == 1
