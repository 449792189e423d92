"""The room fan-out against a real redis-server that the test starts on a spare port, kills
and restarts: nothing stalls and nothing is lost, whether or not the process had room sockets
at the moment Redis came back."""

import asyncio
import shutil
import time

import pytest
from channels.db import database_sync_to_async

from events import fanout, services
from tests.redis_server import RedisServer

from .conftest import connect, receive_until

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]


@pytest.fixture
def redis_server(tmp_path, settings):
    server = RedisServer(tmp_path)
    server.start()
    settings.LIVE_QA_RATE_LIMITS = {}
    settings.LIVE_FANOUT_REDIS_URL = server.url
    settings.LIVE_FANOUT_PREFIX = f"test-restart-{server.port}"
    fanout._hub = None
    yield server
    fanout._hub = None
    if server.process.poll() is None:
        server.kill()


@pytest.fixture
def open_floor(live_event, talk):
    live_event.moderated = False
    live_event.save_revision().publish()
    return talk


async def ask(session, user, body):
    return await database_sync_to_async(services.ask_question)(session, actor=user, body=body)


def is_question(body):
    return lambda frame: frame["type"] == "question" and frame["question"]["body"] == body


async def test_joining_after_redis_came_back_with_no_sockets_gets_live_events(
    users, open_floor, redis_server, record_property
):
    viewer = await connect(open_floor, users["other_member"])
    await viewer.receive_json_from()
    assert isinstance(fanout.get_hub(), fanout.RedisHub)
    await ask(open_floor, users["member"], "before")
    await receive_until(viewer, is_question("before"))
    await viewer.disconnect()  # this process now has no room sockets

    redis_server.kill()
    await asyncio.sleep(1.5)  # the hub notices and reconnects (to nothing) meanwhile
    redis_server.start()
    back = time.monotonic()

    viewer = await connect(open_floor, users["other_member"])
    assert (await viewer.receive_json_from())["type"] == "snapshot"
    await ask(open_floor, users["member"], "after the restart")
    await receive_until(viewer, is_question("after the restart"), timeout=10)
    recovery = time.monotonic() - back
    record_property("recovery_seconds", round(recovery, 3))
    print(f"live events flowing again {recovery:.2f} s after Redis came back")
    await viewer.disconnect()


async def test_a_socket_kept_open_across_a_restart_misses_nothing(users, open_floor, redis_server):
    viewer = await connect(open_floor, users["other_member"])
    await viewer.receive_json_from()
    await asyncio.sleep(0.3)
    await ask(open_floor, users["member"], "first")
    await receive_until(viewer, is_question("first"))

    redis_server.kill()
    for number in range(3):  # committed to the log, not published: Redis is down
        await ask(open_floor, users["member"], f"while down {number}")
    redis_server.start()
    frames = await receive_until(viewer, is_question("while down 2"), timeout=15)
    await ask(open_floor, users["member"], "after")
    frames += await receive_until(viewer, is_question("after"), timeout=10)
    bodies = [frame["question"]["body"] for frame in frames if frame["type"] == "question"]
    assert bodies == ["while down 0", "while down 1", "while down 2", "after"]
    await viewer.disconnect()
