"""The real ASGI app under daphne: HTTP and WebSockets on one port, as in production."""

import asyncio
import json
import urllib.request

import pytest
import websockets
from websockets.exceptions import InvalidStatus

from tests.daphne_server import server_env, start_daphne, stop

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def daphne_server(tmp_path_factory):
    env = server_env(tmp_path_factory.mktemp("daphne") / "db.sqlite3")
    base, process = start_daphne(env)
    yield base
    stop(process)


def test_http_health(daphne_server):
    with urllib.request.urlopen(f"http://{daphne_server}/healthz", timeout=5) as response:
        assert json.loads(response.read()) == {"status": "ok"}


async def test_websocket_ping_over_a_real_socket(daphne_server):
    async with websockets.connect(
        f"ws://{daphne_server}/ws/ping/", origin=f"http://{daphne_server}"
    ) as socket_:
        await socket_.send(json.dumps({"echo": 42}))
        reply = json.loads(await asyncio.wait_for(socket_.recv(), 5))

    assert reply == {"type": "pong", "authenticated": False, "echo": 42}


async def test_websocket_from_foreign_origin_is_rejected(daphne_server):
    with pytest.raises(InvalidStatus) as refused:
        async with websockets.connect(
            f"ws://{daphne_server}/ws/ping/", origin="http://evil.example"
        ):
            pass

    assert refused.value.response.status_code == 403
