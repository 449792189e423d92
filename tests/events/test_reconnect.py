"""Reconnecting clients miss nothing: the log fills whatever a dropped socket, a restarted
fan-out or a restarted Redis connection lost, in order and without duplicates."""

import asyncio
import os

import pytest
from channels.db import database_sync_to_async

from events import fanout, services
from events.models import RoomEvent

from .conftest import connect

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_floor(live_event, talk):
    live_event.moderated = False
    live_event.save_revision().publish()
    return talk


@pytest.fixture
def fresh_hub():
    fanout._hub = None
    yield
    fanout._hub = None


async def ask(session, user, body):
    return await database_sync_to_async(services.ask_question)(session, actor=user, body=body)


async def drain(socket, frames, until_seq, timeout=5):
    while not frames or frames[-1].get("seq", 0) < until_seq:
        frames.append(await socket.receive_json_from(timeout=timeout))


def public_log():
    return list(
        RoomEvent.objects.filter(stream="public").order_by("seq").values_list("payload", flat=True)
    )


def seqs(frames):
    return [frame["seq"] for frame in frames if frame["type"] != "snapshot"]


async def test_socket_drop_and_fanout_restart_mid_stream(users, open_floor, fresh_hub, settings):
    settings.LIVE_QA_RATE_LIMITS = {}
    viewer = await connect(open_floor, users["other_member"])
    frames = [await viewer.receive_json_from()]
    for number in range(3):
        await ask(open_floor, users["member"], f"질문 {number}")
    await drain(viewer, frames, 3)
    last_seen = frames[-1]["seq"]
    await viewer.disconnect()

    # While the viewer is away: more questions, and the process's fan-out starts over.
    for number in range(3, 6):
        await ask(open_floor, users["member"], f"질문 {number}")
    fanout._hub = None

    viewer = await connect(open_floor, users["other_member"], since=last_seen)
    rest = []
    await drain(viewer, rest, 6)
    for number in range(6, 8):
        await ask(open_floor, users["member"], f"질문 {number}")
    await drain(viewer, rest, 8)
    await viewer.disconnect()

    received = frames[1:] + rest
    assert seqs(received) == list(range(1, 9))
    assert received == await database_sync_to_async(public_log)()


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL")
async def test_redis_connection_loss_mid_stream(users, open_floor, fresh_hub, settings):
    import redis

    settings.LIVE_QA_RATE_LIMITS = {}
    settings.LIVE_FANOUT_REDIS_URL = os.environ["REDIS_URL"]
    settings.LIVE_FANOUT_PREFIX = f"test-reconnect-{os.getpid()}"
    viewer = await connect(open_floor, users["other_member"])
    assert isinstance(fanout.get_hub(), fanout.RedisHub)
    frames = [await viewer.receive_json_from()]
    await asyncio.sleep(0.3)  # the hub's subscription is in place
    await ask(open_floor, users["member"], "before")
    await drain(viewer, frames, 1)

    # Cut every pub/sub connection (as a Redis restart does) and publish while they are down.
    admin = redis.Redis.from_url(os.environ["REDIS_URL"])
    admin.client_kill_filter(_type="pubsub")
    for number in range(4):
        await ask(open_floor, users["member"], f"during {number}")
    await drain(viewer, frames, 5, timeout=10)
    await ask(open_floor, users["member"], "after")
    await drain(viewer, frames, 6)
    await viewer.disconnect()

    assert seqs(frames) == list(range(1, 7))
    assert frames[1:] == await database_sync_to_async(public_log)()
