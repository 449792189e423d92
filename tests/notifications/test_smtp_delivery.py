"""The email queue against a real SMTP server (aiosmtpd, started by the test) and the real
`db_worker` process: the server refuses the first attempts, then accepts; every message
arrives exactly once."""

import subprocess
import sys
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from tests.daphne_server import ROOT, free_port, manage, migrate, server_env

pytestmark = pytest.mark.integration

QUEUE_THREE = (
    "from django.core.mail import EmailMessage\n"
    "from notifications.services import queue_email\n"
    "for number in range(3):\n"
    "    to = [f'member{number}@example.kr']\n"
    "    queue_email(EmailMessage(f'공지 {number}', '본문', None, to))\n"
)


class RefuseThenAccept:
    """Answers the first `refusals` DATA commands with a temporary failure."""

    def __init__(self, refusals):
        self.refusals = refusals
        self.attempts = 0
        self.received = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.attempts += 1
            if self.attempts <= self.refusals:
                return "451 4.3.0 Try again later"
            self.received.append(
                (envelope.rcpt_tos[0], envelope.content.decode("utf-8", "replace"))
            )
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    handler = RefuseThenAccept(refusals=2)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def test_every_message_arrives_once_after_refusals(tmp_path, smtp_server):
    controller, handler = smtp_server
    env = server_env(
        tmp_path / "mail.sqlite3",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=str(controller.port),
        EMAIL_USE_TLS="false",
        EMAIL_RETRY_DELAYS="0.2,0.5,1",
    )
    migrate(env)
    manage(env, "shell", "-c", QUEUE_THREE)
    assert handler.attempts == 0  # queued, not sent

    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--backend",
            "email",
            "--queue-name",
            "email",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--no-reload",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while len(handler.received) < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.5)  # long enough for any duplicate retry to show up
    finally:
        worker.terminate()
        worker.wait(timeout=10)

    recipients = sorted(rcpt for rcpt, _content in handler.received)
    assert recipients == ["member0@example.kr", "member1@example.kr", "member2@example.kr"]
    assert handler.attempts == 5  # two refused, three accepted
    statuses = manage(
        env,
        "shell",
        "-c",
        "from django_tasks_db.models import DBTaskResult as T;"
        "print(sorted(T.objects.values_list('status', flat=True)))",
    )
    assert statuses.strip().splitlines()[-1] == str(["FAILED"] * 2 + ["SUCCESSFUL"] * 3)
