"""A redis-server of a test's own on a spare port (the shared one must stay up for the other
workers), to kill, restart and save. Its data lives in `folder`: a restart loads what `save`
wrote there."""

import subprocess
import time

import redis

from tests.daphne_server import free_port


class RedisServer:
    def __init__(self, folder):
        self.port = free_port()
        self.dir = folder
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no", "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=10)

    def save_and_kill(self):
        """Gone, with its data saved to disk first (as a restart or a crash after a snapshot)."""
        if self.process and self.process.poll() is None:
            redis.Redis.from_url(self.url).save()
            self.kill()
