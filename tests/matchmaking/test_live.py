"""The meetings socket through the full ASGI app (origin check, session auth, the configured
channel layer): who is admitted to which view, hello and stale pages, changes announced after
commit in the reader's language, errors as frames, and a layer failure that loses nothing."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from matchmaking import broadcast, protocol, queries, services
from matchmaking.models import Meeting
from tests.events.conftest import _give_totp, session_cookie

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


async def connect(user, *, slug="siheung-fair", view="", lang="", two_factor=True):
    from cluster_hub.asgi import application

    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if user is not None:
        if two_factor:
            await database_sync_to_async(_give_totp)(user)
        cookie = await database_sync_to_async(session_cookie)(user)
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    query = "&".join(
        part for part in (f"view={view}" if view else "", f"lang={lang}" if lang else "") if part
    )
    communicator = WebsocketCommunicator(
        application, f"/ws/meetings/{slug}/" + (f"?{query}" if query else ""), headers=headers
    )
    connected, _code = await communicator.connect(timeout=5)
    assert connected
    return communicator


async def frame(communicator, timeout=3):
    data = await communicator.receive_json_from(timeout=timeout)
    protocol.validate_server_frame(data)  # every frame the server sends is a documented one
    return data


async def refusal(communicator):
    error = await frame(communicator)
    closing = await communicator.receive_output(timeout=3)
    assert closing["type"] == "websocket.close"
    return error["code"], closing["code"]


@pytest.fixture
def scheduled(fair, people, users):
    meeting_request = services.send_request(people["exhibitor"], actor=people["buyer_user"])
    services.answer_request(meeting_request, actor=users["member"], accept=True)
    services.run_scheduler(fair, actor=users["coordinator"])
    services.publish_schedule(fair, actor=users["coordinator"])
    return Meeting.objects.select_related("slot").get(request=meeting_request)


async def test_who_may_follow_which_view(fair, people, users, scheduled):
    cases = [
        (None, "", ("not_signed_in", 4401)),
        (users["colleague"], "", ("forbidden", 4403)),  # registered, not taking part
        (people["buyer_user"], "schedule", ("forbidden", 4403)),
        (users["other_coordinator"], "schedule", ("forbidden", 4403)),
    ]
    for user, view, expected in cases:
        communicator = await connect(user, view=view)
        assert await refusal(communicator) == expected
    # A coordinator without two-factor is refused on the socket as on the site.
    communicator = await connect(users["coordinator"], view="schedule", two_factor=False)
    assert await refusal(communicator) == ("two_factor_required", 4403)
    communicator = await connect(people["buyer_user"], slug="no-such-fair")
    assert await refusal(communicator) == ("not_found", 4404)
    for user, view in ((people["buyer_user"], ""), (users["coordinator"], "schedule")):
        communicator = await connect(user, view=view)
        await communicator.send_json_to({"type": "hello"})
        assert (await frame(communicator))["type"] == "state"
        await communicator.disconnect()


async def test_a_move_reaches_both_agendas_and_the_schedule_in_each_readers_language(
    fair, people, users, scheduled
):
    version = await database_sync_to_async(queries.agenda_version)(people["buyer"])
    buyer = await connect(people["buyer_user"], lang="zh-hans")
    exhibitor = await connect(users["member"], lang="ko")
    coordinator = await connect(users["coordinator"], view="schedule", lang="en")
    await buyer.send_json_to({"type": "hello", "version": version})
    assert await frame(buyer) == {
        "type": "state",
        "view": "agenda",
        "version": version,
        "stale": False,
    }

    other_slot = await database_sync_to_async(
        lambda: fair.slots.filter(is_break=False).exclude(pk=scheduled.slot_id).first()
    )()
    await database_sync_to_async(services.move_meeting)(
        scheduled, actor=users["coordinator"], slot=other_slot
    )
    to_buyer = await frame(buyer)
    assert to_buyer["kind"] == "meeting_moved" and to_buyer["view"] == "agenda"
    assert "Hanbit Carbon" in to_buyer["text"] and "洽谈" in to_buyer["text"]
    to_exhibitor = await frame(exhibitor)
    assert "Shenzhen Carbon Trading" in to_exhibitor["text"]
    to_coordinator = await frame(coordinator)
    assert to_coordinator["view"] == "schedule" and to_coordinator["text"].startswith(
        "The schedule changed"
    )
    # A page drawn before the move is out of date: a reconnecting page learns it from hello.
    again = await connect(people["buyer_user"])
    await again.send_json_to({"type": "hello", "version": version})
    assert (await frame(again))["stale"] is True
    for communicator in (buyer, exhibitor, coordinator, again):
        await communicator.disconnect()


async def test_bad_frames_are_answered_and_the_socket_stays_open(fair, people, scheduled):
    communicator = await connect(people["buyer_user"], lang="en")
    for bad in (
        "not json",
        json.dumps({"type": "dance"}),
        json.dumps({"type": "hello", "version": 3}),
    ):
        await communicator.send_to(text_data=bad)
        error = await frame(communicator)
        assert error["code"] == "invalid" and "meetings protocol" in error["message"]
    await communicator.send_json_to({"type": "ping"})
    assert await frame(communicator) == {"type": "pong"}
    await communicator.disconnect()


async def test_a_channel_layer_failure_never_undoes_the_change(
    fair, people, users, scheduled, monkeypatch
):
    def broken_layer():
        raise ConnectionError("redis is down")

    monkeypatch.setattr(broadcast, "get_channel_layer", broken_layer)
    other_slot = await database_sync_to_async(
        lambda: fair.slots.filter(is_break=False).exclude(pk=scheduled.slot_id).first()
    )()
    await database_sync_to_async(services.move_meeting)(
        scheduled, actor=users["coordinator"], slot=other_slot
    )
    moved = await database_sync_to_async(Meeting.objects.get)(pk=scheduled.pk)
    assert moved.slot_id == other_slot.pk


def test_the_document_names_every_error_and_close_code():
    from pathlib import Path
    from typing import get_args

    document = (Path(__file__).parents[2] / "docs" / "meetings-protocol.md").read_text()
    for code in get_args(protocol.ErrorCode):
        assert f"`{code}`" in document, code
    for code, close in protocol.CLOSE_CODES.items():
        assert f"| `{code}` | {close} |" in document, code
    for kind in ("meeting_moved", broadcast.ATTENDANCE, broadcast.SCHEDULE_DRAFTED):
        assert f"`{kind}`" in document


async def test_an_app_follows_its_agenda_with_a_personal_token(fair, people, scheduled):
    from cluster_hub.asgi import application
    from clusters import services as cluster_services

    _token, secret = await database_sync_to_async(cluster_services.create_token)(
        actor=people["buyer_user"], name="app"
    )
    # No cookie and no Origin: an app's socket, as docs/meetings-protocol.md §1 describes.
    communicator = WebsocketCommunicator(
        application,
        "/ws/meetings/siheung-fair/?lang=vi",
        headers=[(b"host", b"localhost"), (b"authorization", f"Bearer {secret}".encode())],
    )
    connected, _code = await communicator.connect(timeout=5)
    assert connected
    await communicator.send_json_to({"type": "hello", "version": None})
    state = await frame(communicator)
    assert state["type"] == "state" and state["stale"] is True
    await communicator.disconnect()
