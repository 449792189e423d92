"""Every frame the live room sends has the shape events/protocol.py (and docs/live-protocol.md)
gives it: a scenario drives every service that emits, through real sockets, and every frame
received and every logged event is validated against the schemas (zulip-style)."""

import json

import pytest
from channels.db import database_sync_to_async
from pydantic import ValidationError

from events import protocol, services
from events.models import EventSession, JuryMember, RoomEvent

from .conftest import act, connect

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


class Recorder:
    """Reads every frame a socket received, validates it and notes its type."""

    def __init__(self):
        self.types = set()
        self.frames = []

    async def drain(self, *sockets):
        for socket in sockets:
            while not await socket.receive_nothing(timeout=0.05):
                output = await socket.receive_output(timeout=1)
                if output["type"] != "websocket.send":
                    continue
                self.take(json.loads(output["text"]))

    def take(self, frame):
        protocol.validate_server_frame(frame)
        self.types.add(frame["type"])
        self.frames.append(frame)
        return frame


def _pitch_session(event, pitch, coordinator):
    services.import_programme(event, actor=coordinator)
    session = EventSession.objects.get(event=event, pitch=pitch)
    return session


def _make_juror(event, user):
    JuryMember.objects.create(event=event, user=user)


def _rubric_keys(event):
    return [key for key, _label, _weight in event.forum_edition.rubric()]


async def test_every_frame_of_every_service_matches_the_protocol(users, forum_day):
    event, pitch = forum_day
    session = await database_sync_to_async(_pitch_session)(event, pitch, users["coordinator"])
    await database_sync_to_async(_make_juror)(event, users["reviewer"])
    recorder = Recorder()

    staff = await connect(session, users["coordinator"], view="staff")
    audience = await connect(session, users["member"])
    juror = await connect(session, users["reviewer"])
    assert staff.connected and audience.connected and juror.connected

    async def step(socket, verb, **data):
        answer = recorder.take(await act(socket, verb, **data))
        await recorder.drain(staff, audience, juror)
        return answer

    # Questions: asked, queued, approved, voted, highlighted, replied, edited, answered, hidden.
    asked = await step(audience, "ask", body="양산 일정은 어떻게 되나요?", anonymous=True)
    assert asked["type"] == "ack"
    question = asked["question"]
    await step(staff, "moderate", question=question, decision="approve")
    await step(juror, "vote", question=question)
    await step(staff, "highlight", question=question)
    await step(staff, "reply", question=question, reply="내년 상반기입니다.")
    await step(staff, "edit", question=question, body="양산 일정은 언제인가요?")
    await step(staff, "moderate", question=question, decision="answer")
    await step(staff, "highlight", question=None)
    await step(staff, "moderate", question=question, decision="hide")
    # Polls: made, opened, answered, closed.
    created = await step(staff, "poll.create", question="관심 분야?", options=["투자", "협력"])
    poll = created["poll"]
    await step(staff, "poll.open", poll=poll)
    option = next(f for f in recorder.frames if f["type"] == "poll")["poll"]["options"][0]["id"]
    await step(audience, "poll.answer", poll=poll, options=[option])
    await step(staff, "poll.close", poll=poll)
    # The session goes live; the jury scores the pitch on stage.
    await step(staff, "session.start")
    scores = dict.fromkeys(await database_sync_to_async(_rubric_keys)(event), 4)
    await step(juror, "jury.score", scores=scores)
    # Catching up, and errors.
    await step(audience, "sync", since=0)
    await step(audience, "vote", question="not a number")
    await step(audience, "no-such-action")

    # A client far behind (or new) gets a snapshot; one close behind gets the log.
    late = await connect(session, users["other_member"], since=0)
    behind = await connect(session, users["coordinator"], view="staff", since=1)
    await recorder.drain(late, behind)
    for socket in (staff, audience, juror, late, behind):
        await socket.disconnect()

    expected = set(protocol.SERVER_FRAME_TYPES)
    assert recorder.types == expected, f"never sent: {expected - recorder.types}"

    logged = await database_sync_to_async(
        lambda: list(RoomEvent.objects.values_list("payload", flat=True))
    )()
    assert logged
    for payload in logged:
        protocol.validate_server_frame(payload)
    assert {payload["type"] for payload in logged} == {
        model.model_fields["type"].default for model in protocol.STREAM_EVENTS
    }


@pytest.mark.unit
def test_the_schemas_refuse_frames_the_document_does_not_allow():
    with pytest.raises(ValidationError):
        protocol.validate_server_frame({"type": "votes", "id": 1, "seq": 2})  # votes missing
    with pytest.raises(ValidationError):
        protocol.validate_server_frame({"type": "nonsense", "seq": 1})
    with pytest.raises(ValueError, match="seq"):
        protocol.validate_server_frame({"type": "votes", "id": 1, "votes": 3})
    with pytest.raises(ValidationError):  # a status the protocol does not know
        protocol.validate_server_frame(
            {
                "type": "poll",
                "seq": 1,
                "poll": {
                    "id": 1,
                    "question": "?",
                    "multiple": False,
                    "status": "archived",
                    "options": [],
                    "total": 0,
                },
            }
        )


@pytest.mark.unit
@pytest.mark.parametrize(
    ("frame", "wrong"),
    [
        ({"action": "ask", "body": 5}, ["body"]),
        ({"action": "ask", "body": None}, ["body"]),
        ({"action": "ask", "body": "ok", "anonymous": "yes"}, ["anonymous"]),
        ({"action": "ask"}, []),  # missing is the form's business, in the user's language
        ({"action": "vote", "question": True}, ["question"]),
        ({"action": "highlight", "question": None}, []),
        ({"action": "poll.create", "options": "a\nb"}, []),
        ({"action": "poll.create", "options": ["a", 1]}, ["options"]),
        ({"action": "poll.answer", "options": [1, "2"]}, ["options"]),
        ({"action": "jury.score", "scores": {"technology": 4.5}}, ["scores"]),
        ({"action": "sync", "since": "3"}, ["since"]),
        ({"action": "session.start", "extra": 1}, []),
    ],
)
def test_client_frames_are_checked_for_their_json_types(frame, wrong):
    assert protocol.wrong_fields(frame["action"], frame) == wrong
