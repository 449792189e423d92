"""The live room over the full ASGI stack (origin check, session auth, routing, consumer)."""

import pytest
from channels.db import database_sync_to_async

from events import services
from events.models import Question, RoomEvent

from .conftest import act, connect, receive_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


async def test_audience_gets_a_snapshot_and_anonymous_visitors_cannot_ask(users, talk):
    audience = await connect(talk)
    assert audience.connected
    snapshot = await audience.receive_json_from()
    assert snapshot["type"] == "snapshot" and snapshot["seq"] == 0
    assert snapshot["questions"] == [] and snapshot["counts"] == {"pending": 0, "hidden": 0}
    reply = await act(audience, "ask", body="질문")
    assert reply["code"] == "login_required"
    await audience.disconnect()


async def test_moderated_question_waits_in_the_queue_then_reaches_the_audience(users, talk):
    coordinator = await connect(talk, users["coordinator"], view="staff")
    member = await connect(talk, users["member"])
    audience = await connect(talk, users["other_member"])
    for socket in (coordinator, member, audience):
        assert (await socket.receive_json_from())["type"] == "snapshot"

    ack = await act(member, "ask", body="양산 단가는 얼마인가요?", anonymous=True)
    assert ack["type"] == "ack" and ack["status"] == "pending"

    queued = await coordinator.receive_json_from()
    assert queued["type"] == "question" and queued["question"]["status"] == "pending"
    assert queued["question"]["author"] == "이서연"  # moderators always see who asked
    counts = await audience.receive_json_from()
    assert counts == {"type": "counts", "counts": {"pending": 1, "hidden": 0}, "seq": 1}

    question_id = queued["question"]["id"]
    assert (await act(coordinator, "moderate", question=question_id, decision="approve"))[
        "type"
    ] == "ack"
    published = await audience.receive_json_from()
    assert published["type"] == "question"
    assert published["question"]["body"] == "양산 단가는 얼마인가요?"
    assert published["question"]["author"] is None  # anonymous to the audience
    assert "status" not in published["question"]
    assert published["counts"] == {"pending": 0, "hidden": 0}
    for socket in (coordinator, member, audience):
        await socket.disconnect()


async def test_votes_toggle_one_per_person(users, talk, live_event):
    await database_sync_to_async(_unmoderated)(live_event)
    asker = await connect(talk, users["member"])
    voter = await connect(talk, users["other_member"])
    await asker.receive_json_from()
    await voter.receive_json_from()
    question_id = (await act(asker, "ask", body="납기는?"))["question"]

    first = await act(voter, "vote", question=question_id)
    assert first["voted"] is True
    again = await act(voter, "vote", question=question_id)
    assert again["voted"] is False
    events = await receive_until(asker, lambda f: f.get("type") == "votes" and f["votes"] == 0)
    assert [f["votes"] for f in events if f["type"] == "votes"] == [1, 0]
    count = await database_sync_to_async(lambda: Question.objects.get(pk=question_id).vote_count)()
    assert count == 0
    await asker.disconnect()
    await voter.disconnect()


def _unmoderated(event):
    event.moderated = False
    event.save_revision().publish()


@pytest.mark.parametrize(
    ("role", "view", "connected"),
    [
        ("anonymous", "", True),
        ("visitor", "", True),
        ("member", "", True),
        ("anonymous", "staff", False),
        ("member", "staff", False),
        ("reviewer", "staff", False),
        ("other_coordinator", "staff", False),
        ("coordinator", "staff", True),
    ],
)
async def test_who_may_open_which_stream(users, talk, role, view, connected):
    socket = await connect(talk, users[role], view=view)
    assert socket.connected is connected
    if not connected:
        assert socket.close_code == 4403
    else:
        await socket.disconnect()


async def test_unknown_session_is_refused(users, talk):
    talk.pk += 1000
    socket = await connect(talk)
    assert not socket.connected and socket.close_code == 4404


MODERATOR_ACTIONS = [
    ("moderate", {"decision": "hide"}),
    ("highlight", {}),
    ("reply", {"reply": "답변입니다"}),
    ("edit", {"body": "고친 질문"}),
    ("poll.create", {"question": "참석 목적?", "options": ["투자", "협력"]}),
    ("session.start", {}),
]


@pytest.mark.parametrize(("action", "extra"), MODERATOR_ACTIONS)
@pytest.mark.parametrize(
    ("role", "allowed"),
    [("member", False), ("reviewer", False), ("other_coordinator", False), ("coordinator", True)],
)
async def test_moderator_actions_grid(users, talk, action, extra, role, allowed):
    question = await database_sync_to_async(services.ask_question)(
        talk, actor=users["colleague"], body="원래 질문"
    )
    await database_sync_to_async(services.moderate_question)(
        question, actor=users["coordinator"], action="approve"
    )
    socket = await connect(talk, users[role])
    await socket.receive_json_from()
    data = dict(extra)
    if action in ("moderate", "highlight", "reply", "edit"):
        data["question"] = question.pk
    reply = await act(socket, action, **data)
    assert reply["type"] == ("ack" if allowed else "error")
    if not allowed:
        assert reply["code"] == "forbidden"
    await socket.disconnect()


async def test_bad_frames_get_error_frames(users, talk):
    socket = await connect(talk, users["member"])
    await socket.receive_json_from()
    await socket.send_to(text_data="not json")
    assert (await socket.receive_json_from())["code"] == "bad_frame"
    assert (await act(socket, "launch"))["code"] == "unknown_action"
    assert (await act(socket, "vote", question=999999))["code"] == "not_found"
    assert (await act(socket, "vote", question="x"))["code"] == "invalid"
    blank = await act(socket, "ask", body="   ")
    assert blank["code"] == "invalid" and blank["message"] == "Please write something first."
    rude = await act(socket, "ask", body="this is bullshit")
    assert rude["code"] == "invalid" and "rephrase" in rude["message"]
    long = await act(socket, "ask", body="가" * 501)
    assert long["code"] == "invalid"
    assert await database_sync_to_async(Question.objects.count)() == 0
    await socket.disconnect()


async def test_errors_come_in_the_clients_language(users, talk):
    socket = await connect(talk, users["member"], lang="ko")
    await socket.receive_json_from()
    blank = await act(socket, "ask", body=" ")
    assert blank["message"] == "먼저 내용을 써 주세요."
    await socket.disconnect()


async def test_rate_limit_refuses_the_sixth_question_in_a_minute(users, talk, settings):
    settings.LIVE_QA_RATE_LIMITS = {"ask": (5, 60)}
    socket = await connect(talk, users["member"])
    await socket.receive_json_from()
    for number in range(5):
        assert (await act(socket, "ask", body=f"질문 {number}"))["type"] == "ack"
    refused = await act(socket, "ask", body="질문 6")
    assert refused["code"] == "rate_limited"
    assert await database_sync_to_async(Question.objects.count)() == 5
    await socket.disconnect()


async def test_every_broadcast_is_in_the_log_first(users, talk):
    staff = await connect(talk, users["coordinator"], view="staff")
    await staff.receive_json_from()
    member = await connect(talk, users["member"])
    await member.receive_json_from()
    await act(member, "ask", body="기록되나요?")
    frame = await staff.receive_json_from()
    logged = await database_sync_to_async(
        lambda: RoomEvent.objects.get(stream="staff", seq=frame["seq"]).payload
    )()
    assert logged == frame
    await staff.disconnect()
    await member.disconnect()
