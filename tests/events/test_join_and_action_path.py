"""The live-day paths (#16): a join between two events costs no database read, the snapshot is
built once per change, the session is read from the cache, an action reads the room once and
its ack comes before the room's fan-out."""

import threading

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.db.backends import utils as db_utils

from events import broadcast, services
from events.models import Question

from .conftest import act, connect, session_cookie

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


class AllQueries:
    """Every SQL statement run while recording, from every thread (consumers run their
    database work in worker threads, which CaptureQueriesContext does not see)."""

    def __init__(self, monkeypatch):
        self.recording = False
        self.statements = []
        self._lock = threading.Lock()
        execute = db_utils.CursorWrapper.execute

        def recorded(cursor, sql, params=None):
            if self.recording:
                with self._lock:
                    self.statements.append(sql)
            return execute(cursor, sql, params)

        monkeypatch.setattr(db_utils.CursorWrapper, "execute", recorded)

    def __enter__(self):
        self.statements = []
        self.recording = True
        return self

    def __exit__(self, *exc):
        self.recording = False

    def touching(self, table):
        return [sql for sql in self.statements if f'"{table}"' in sql]


@pytest.fixture
def all_queries(monkeypatch):
    return AllQueries(monkeypatch)


async def approve(question_id, coordinator):
    def run():
        question = Question.objects.get(pk=question_id)
        services.moderate_question(question, actor=coordinator, action="approve")

    await database_sync_to_async(run)()


async def connect_with_cookie(session, cookie):
    from cluster_hub.asgi import application

    headers = [
        (b"origin", b"http://localhost"),
        (b"host", b"localhost"),
        (b"cookie", f"sessionid={cookie}".encode()),
    ]
    communicator = WebsocketCommunicator(application, f"/ws/live/{session.pk}/", headers=headers)
    connected, _code = await communicator.connect(timeout=5)
    assert connected
    return communicator


async def test_a_join_between_two_events_reads_nothing_from_the_database(users, talk, all_queries):
    first = await connect(talk, users["member"])
    assert (await first.receive_json_from())["type"] == "snapshot"
    cookie_ready = await connect(talk)  # (anonymous: only the room and its snapshot)
    await cookie_ready.receive_json_from()
    with all_queries:
        second = await connect(talk)
        snapshot = await second.receive_json_from()
    assert snapshot["type"] == "snapshot" and snapshot["seq"] == 0
    assert all_queries.statements == []
    for socket in (first, cookie_ready, second):
        await socket.disconnect()


async def test_the_shared_snapshot_is_rebuilt_after_each_change_and_carries_own_votes(
    users, talk, all_queries
):
    asker = await connect(talk, users["member"])
    await asker.receive_json_from()
    ack = await act(asker, "ask", body="탄소섬유 단가는?")
    assert ack["type"] == "ack"
    question = ack["question"]
    await approve(question, users["coordinator"])
    voter = users["other_member"]
    voting = await connect(talk, voter)
    await voting.receive_json_from()
    assert (await act(voting, "vote", question=question))["voted"] is True
    await voting.disconnect()

    with all_queries:
        again = await connect(talk, voter)
        rebuilt = await again.receive_json_from()
    # Built once after the vote (reading questions, counts, polls, votes)...
    assert rebuilt["my_votes"] == [question]
    assert [q["id"] for q in rebuilt["questions"]] == [question]
    assert all_queries.touching("events_question")
    with all_queries:
        colleague = await connect(talk, users["colleague"])
        shared = await colleague.receive_json_from()
    # ...and then shared: the colleague's join reads no question, vote or room.
    assert shared["seq"] == rebuilt["seq"] and shared["my_votes"] == []
    for table in ("events_question", "events_questionvote", "events_liveroom"):
        assert all_queries.touching(table) == []
    for socket in (asker, again, colleague):
        await socket.disconnect()


async def test_joining_reads_the_session_from_the_cache_not_the_table(users, talk, all_queries):
    cookie = await database_sync_to_async(session_cookie)(users["member"])
    with all_queries:
        socket = await connect_with_cookie(talk, cookie)
        assert (await socket.receive_json_from())["type"] == "snapshot"
    assert all_queries.statements  # the user and the room were read...
    assert all_queries.touching("django_session") == []  # ...but not the session table
    assert (await act(socket, "ask", body="로그인 확인"))["type"] == "ack"
    await socket.disconnect()


async def test_an_action_reads_the_room_once(users, talk, all_queries):
    asker = await connect(talk, users["member"])
    await asker.receive_json_from()
    first = await act(asker, "ask", body="첫 질문")
    await approve(first["question"], users["coordinator"])
    with all_queries:
        assert (await act(asker, "ask", body="둘째 질문"))["type"] == "ack"
        voted = await act(asker, "vote", question=first["question"])
        assert voted["type"] == "ack", voted
    room_statements = all_queries.touching("events_liveroom")
    # One statement per action takes the numbers (and the row lock): nothing else reads it.
    assert len(room_statements) == 2
    assert all(sql.startswith('UPDATE "events_liveroom"') for sql in room_statements)
    await asker.disconnect()


async def test_the_ack_comes_before_the_fan_out_of_the_event_it_caused(users, talk):
    asker = await connect(talk, users["member"])
    await asker.receive_json_from()
    await asker.send_json_to({"action": "ask", "ref": "q1", "body": "먼저 응답을"})
    first = await asker.receive_json_from(timeout=5)
    second = await asker.receive_json_from(timeout=5)
    assert (first["type"], first["ref"]) == ("ack", "q1")
    assert second["type"] in ("counts", "question")
    await asker.disconnect()


async def test_an_unpublished_event_refuses_new_sockets_at_once(users, talk, live_event):
    viewer = await connect(talk)
    await viewer.receive_json_from()
    await database_sync_to_async(live_event.unpublish)()
    refused = await connect(talk)
    assert (refused.close_code, refused.refusal["code"]) == (4409, "not_live")
    await viewer.disconnect()


async def test_an_event_committed_before_a_join_is_in_its_snapshot_or_delivered(users, talk):
    """The shared snapshot never hides an event: one published while nobody watched makes the
    next join rebuild it."""
    watcher = await connect(talk)
    await watcher.receive_json_from()
    member = users["member"]
    question = await database_sync_to_async(services.ask_question)(
        await database_sync_to_async(lambda: type(talk).objects.get(pk=talk.pk))(),
        actor=member,
        body="밖에서 온 질문",
    )
    delivered = await watcher.receive_json_from(timeout=5)
    assert delivered["seq"] == 1
    late = await connect(talk)
    snapshot = await late.receive_json_from()
    assert snapshot["seq"] == 1
    assert snapshot["counts"]["pending"] == 1 or question.pk in [
        q["id"] for q in snapshot["questions"]
    ]
    assert broadcast.cached_join(
        await database_sync_to_async(services.open_room)(talk), stream="public", user=None
    )
    for socket in (watcher, late):
        await socket.disconnect()
