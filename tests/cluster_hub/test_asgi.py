"""The real ASGI app under daphne: HTTP and WebSockets on one port, as in production."""

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import websockets
from websockets.exceptions import InvalidStatus

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.integration


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def daphne_server(tmp_path_factory):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="cluster_hub.settings.test",
        SQLITE_PATH=str(tmp_path_factory.mktemp("daphne") / "db.sqlite3"),
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-b",
            "127.0.0.1",
            "-p",
            str(port),
            "cluster_hub.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{base}/healthz", timeout=1) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("daphne did not start: " + process.stdout.read().decode(errors="replace"))
    yield base
    process.terminate()
    process.wait(timeout=10)


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
