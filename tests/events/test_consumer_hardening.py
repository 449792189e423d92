"""The live socket under attack and under faults: every entry point applies the site's rules
(two-factor, who may take part), every bad frame and every failure inside an action gets an
error frame while the socket stays open, and refusals close with codes a client can act on."""

import asyncio

import pytest
from channels.db import database_sync_to_async
from django.db import OperationalError
from django.db.backends import utils as db_utils

from events import services
from events.consumers import MAX_FRAME_CHARS
from events.models import EventPage, Question, Registration
from tests.daphne_server import free_port

from .conftest import act, connect, receive_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


async def first_frame(socket):
    return await socket.receive_json_from(timeout=5)


# --- the same rules as HTTP ---------------------------------------------------------------------


@pytest.mark.parametrize("view", ["staff", ""])
async def test_coordinator_without_totp_is_refused_like_on_the_site(users, talk, view):
    socket = await connect(talk, users["coordinator"], view=view, two_factor=False)
    assert not socket.connected and socket.close_code == 4403
    assert socket.refusal["code"] == "two_factor_required"
    # With TOTP on, the same account moderates.
    socket = await connect(talk, users["coordinator"], view="staff")
    assert socket.connected
    await socket.disconnect()


async def test_only_registered_attendees_take_part_by_default(users, talk, live_event):
    live_event.qa_participants = EventPage.Participants.REGISTERED
    await database_sync_to_async(lambda: live_event.save_revision().publish())()
    outsider = await connect(talk, users["other_member"])
    await first_frame(outsider)
    refused = await act(outsider, "ask", body="등록 안 했는데 질문해도 되나요?")
    assert refused["code"] == "forbidden"

    await database_sync_to_async(Registration.objects.create)(
        event=live_event, user=users["other_member"], status=Registration.Status.REGISTERED
    )
    accepted = await act(outsider, "ask", body="이제 등록했습니다")
    assert accepted["type"] == "ack"
    await outsider.disconnect()
    # The moderator may always ask; the setting opens the room to anyone signed in.
    assert await database_sync_to_async(Question.objects.count)() == 1


async def test_anyone_signed_in_takes_part_when_the_event_says_so(users, talk, live_event):
    live_event.qa_participants = EventPage.Participants.SIGNED_IN
    await database_sync_to_async(lambda: live_event.save_revision().publish())()
    socket = await connect(talk, users["visitor"])
    await first_frame(socket)
    assert (await act(socket, "ask", body="누구나 질문"))["type"] == "ack"
    await socket.disconnect()


# --- refusals at connect ------------------------------------------------------------------------


async def test_refusals_close_with_distinct_codes(users, talk, live_event):
    staff = await connect(talk, users["member"], view="staff")
    assert (staff.close_code, staff.refusal["code"]) == (4403, "forbidden")

    talk.pk += 1000
    missing = await connect(talk, users["member"])
    assert (missing.close_code, missing.refusal["code"]) == (4404, "not_found")
    talk.pk -= 1000

    await database_sync_to_async(live_event.unpublish)()
    unpublished = await connect(talk, users["member"], lang="ko")
    assert (unpublished.close_code, unpublished.refusal["code"]) == (4409, "not_live")
    assert unpublished.refusal["message"] == "이 행사는 지금 공개되어 있지 않습니다."


# --- bad frames ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ('{"action": ["ask"]}', "unknown_action"),
        ('{"action": {}}', "unknown_action"),
        ("[" * 5000 + "]" * 5000, "bad_frame"),
        ('{"action": "ask", "ref": {"x": 1}}', "invalid"),
        ('{"action": "ask", "body": ["질문"]}', "invalid"),
        ('{"action": "ask", "body": "질문", "anonymous": "yes"}', "invalid"),
        ('{"action": "vote", "question": 1.7}', "invalid"),
        ('{"action": "vote", "question": true}', "invalid"),
        ('{"action": "poll.answer", "poll": 1, "options": ["1"]}', "invalid"),
        ('{"action": "jury.score", "scores": [1, 2]}', "invalid"),
        ('{"action": "sync", "since": "5"}', "invalid"),
    ],
)
async def test_bad_frames_are_refused_and_the_socket_stays_open(users, talk, frame, code):
    socket = await connect(talk, users["member"])
    await first_frame(socket)
    await socket.send_to(text_data=frame)
    reply = await socket.receive_json_from(timeout=5)
    assert (reply["type"], reply["code"]) == ("error", code)
    assert (await act(socket, "ask", body="여전히 연결되어 있나요?"))["type"] == "ack"
    await socket.disconnect()
    bodies = await database_sync_to_async(
        lambda: list(Question.objects.values_list("body", flat=True))
    )()
    assert bodies == ["여전히 연결되어 있나요?"]


async def test_oversized_frames_get_too_large(users, talk):
    socket = await connect(talk, users["member"])
    await first_frame(socket)
    await socket.send_json_to({"action": "ask", "body": "가" * MAX_FRAME_CHARS})
    reply = await socket.receive_json_from(timeout=5)
    assert (reply["code"], reply["limit"]) == ("too_large", MAX_FRAME_CHARS)
    assert (await act(socket, "ask", body="짧은 질문"))["type"] == "ack"
    await socket.disconnect()


# --- failures inside an action ------------------------------------------------------------------


async def test_a_redis_outage_in_the_rate_limiter_is_an_error_frame(users, talk, settings):
    settings.LIVE_QA_RATE_LIMITS = {"ask": (5, 60)}
    socket = await connect(talk, users["member"], lang="ko")
    await first_frame(socket)
    # The shared cache is a Redis that is down (nothing listens on that port).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        },
        "people": settings.CACHES["people"],
    }
    reply = await act(socket, "ask", body="레디스가 죽었어요")
    assert (reply["type"], reply["code"]) == ("error", "unavailable")
    assert (
        reply["message"]
        == "실시간 질의응답에 일시적인 문제가 있습니다. 잠시 후 다시 시도해 주세요."
    )
    assert await database_sync_to_async(Question.objects.count)() == 0
    # Redis is back: the same socket works.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "people": settings.CACHES["people"],
    }
    back = await act(socket, "ask", body="다시 됩니다")
    assert back["type"] == "ack", back
    await socket.disconnect()


async def test_a_database_error_inside_an_action_is_an_error_frame(users, talk, monkeypatch):
    socket = await connect(talk, users["member"])
    await first_frame(socket)
    execute = db_utils.CursorWrapper.execute

    def locked(self, sql, params=None):
        if sql.lstrip().upper().startswith('INSERT INTO "EVENTS_QUESTION"'):
            raise OperationalError("database is locked")
        return execute(self, sql, params)

    monkeypatch.setattr(db_utils.CursorWrapper, "execute", locked)
    reply = await act(socket, "ask", body="잠겨 있나요?")
    assert (reply["type"], reply["code"]) == ("error", "unavailable")
    monkeypatch.setattr(db_utils.CursorWrapper, "execute", execute)
    assert (await act(socket, "ask", body="풀렸습니다"))["type"] == "ack"
    await socket.disconnect()
    bodies = await database_sync_to_async(
        lambda: list(Question.objects.values_list("body", flat=True))
    )()
    assert bodies == ["풀렸습니다"]  # nothing half-applied


# --- the staff stream learns everything ---------------------------------------------------------


async def test_hiding_the_highlighted_question_clears_it_on_both_streams(users, talk):
    question = await database_sync_to_async(services.ask_question)(
        talk, actor=users["member"], body="화면에 올릴 질문"
    )
    await database_sync_to_async(services.moderate_question)(
        question, actor=users["coordinator"], action="approve"
    )
    await database_sync_to_async(services.highlight_question)(
        talk, actor=users["coordinator"], question=question
    )
    staff = await connect(talk, users["coordinator"], view="staff")
    public = await connect(talk, users["other_member"])
    for socket in (staff, public):
        assert (await first_frame(socket))["highlight"]["id"] == question.pk
    await database_sync_to_async(services.moderate_question)(
        question, actor=users["coordinator"], action="hide"
    )
    for socket in (staff, public):
        frames = await receive_until(socket, lambda f: f["type"] == "highlight")
        assert frames[-1]["question"] is None
        await socket.disconnect()


async def test_moderators_see_which_questions_were_asked_anonymously(users, talk):
    await database_sync_to_async(services.ask_question)(
        talk, actor=users["member"], body="익명 질문", anonymous=True
    )
    staff = await connect(talk, users["coordinator"], view="staff")
    (question,) = (await first_frame(staff))["questions"]
    assert question["anonymous"] is True and question["author"] == "이서연"
    await staff.disconnect()


# --- sync -----------------------------------------------------------------------------------------


async def test_sync_says_caught_up_and_does_not_resend_snapshots(users, talk, settings):
    settings.LIVE_QA_RATE_LIMITS = {}
    socket = await connect(talk, users["member"])
    snapshot = await first_frame(socket)
    assert snapshot["type"] == "snapshot"
    reply = await act(socket, "sync", since=snapshot["seq"])
    assert reply == {"type": "caught_up", "ref": reply["ref"], "seq": snapshot["seq"]}

    assert (await act(socket, "ask", body="하나"))["type"] == "ack"
    await socket.send_json_to({"action": "sync", "since": 0, "ref": "s1"})
    # One more snapshot is allowed (the first came with the connection)...
    frames = await receive_until(socket, lambda f: f.get("ref") == "s1")
    assert [f["type"] for f in frames if f["type"] in ("snapshot", "caught_up")] == [
        "snapshot",
        "caught_up",
    ]
    assert frames[-1]["seq"] >= 1
    again = await act(socket, "sync", since=0)  # ...then the client is told to slow down
    assert again["code"] == "rate_limited"
    await socket.disconnect()


async def test_sync_itself_is_rate_limited(users, talk):
    socket = await connect(talk, users["member"])
    snapshot = await first_frame(socket)
    replies = [await act(socket, "sync", since=snapshot["seq"]) for _ in range(21)]
    assert [reply["type"] for reply in replies] == ["caught_up"] * 20 + ["error"]
    assert replies[-1]["code"] == "rate_limited"
    await socket.disconnect()


async def test_the_socket_stays_open_after_each_failure(users, talk):
    socket = await connect(talk, users["member"])
    await first_frame(socket)
    for frame in ('{"action": ["ask"]}', "[" * 3000, "x" * (MAX_FRAME_CHARS + 1)):
        await socket.send_to(text_data=frame)
        assert (await socket.receive_json_from(timeout=5))["type"] == "error"
    assert await socket.receive_nothing(timeout=0.2)
    await asyncio.sleep(0)
    assert (await act(socket, "ask", body="살아 있음"))["type"] == "ack"
    await socket.disconnect()


async def test_a_failed_catch_up_is_reported_and_retried(users, talk, monkeypatch):
    execute = db_utils.CursorWrapper.execute
    failures = []

    def flaky(self, sql, params=None):
        # The first read of the room for its snapshot (the catch-up) fails once.
        catch_up = sql.startswith('SELECT "events_liveroom"') and '"events_question"' in sql
        if catch_up and not failures:
            failures.append(sql)
            raise OperationalError("database is locked")
        return execute(self, sql, params)

    monkeypatch.setattr(db_utils.CursorWrapper, "execute", flaky)
    socket = await connect(talk, users["member"])
    assert socket.connected
    first = await socket.receive_json_from(timeout=5)
    assert (first["type"], first["code"]) == ("error", "unavailable")
    retried = await socket.receive_json_from(timeout=5)
    assert retried["type"] == "snapshot" and failures
    await socket.disconnect()
