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


def _listen_queue(port):
    """The listen backlog of the socket listening on `port` (`ss` shows it as Send-Q)."""
    import shutil
    import subprocess

    if not shutil.which("ss"):
        pytest.skip("ss (iproute2) is not installed")
    output = subprocess.run(
        ["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True, check=True
    ).stdout.split()
    return int(output[2])


def test_daphne_listens_with_a_queue_for_a_crowd(daphne_server):
    """A crowd scanning the QR code opens hundreds of sockets at once: Twisted's default listen
    queue (50) overflows and the kernel drops their connection attempts, which retry 1, 3, 7 s
    later. Every daphne the project starts (make run, make cluster, tests) listens with 4096."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    from cluster import LISTEN_BACKLOG, listen_endpoint

    port = int(daphne_server.rsplit(":", 1)[1])
    assert _listen_queue(port) == LISTEN_BACKLOG == 4096
    assert listen_endpoint("::1", 8000) == "tcp:port=8000:interface=\\:\\:1:backlog=4096"
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "-m daphne -e tcp:port=$(PORT):interface=$(HOST):backlog=4096" in makefile
