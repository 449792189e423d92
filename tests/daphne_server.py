"""Run the real ASGI app under daphne in a subprocess, on its own throw-away SQLite database
(and on Redis when REDIS_URL is set), for tests that need a real server and real sockets."""

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from cluster import free_port, listen_endpoint, manage  # noqa: E402  (scripts/ is not a package)


def server_env(database_path, **extra):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="cluster_hub.settings.test",
        SQLITE_PATH=str(database_path),
        REDIS_PREFIX=f"clusterhub-test-{os.getpid()}-{free_port()}",
        **extra,
    )
    return env


def migrated_template_folder():
    """Where this test run keeps its migrated database: named after the pytest process that
    runs the session (the parent of xdist's workers), which removes it when the run ends."""
    session_pid = os.getppid() if os.environ.get("PYTEST_XDIST_WORKER") else os.getpid()
    return Path(tempfile.gettempdir()) / f"clusterhub-migrated-{session_pid}"


def _migrated_template():
    """A SQLite database migrated once per test run and shared by its workers (migrating takes
    20 s or more; a copy takes milliseconds); no run reuses another's."""
    folder = migrated_template_folder()
    folder.mkdir(exist_ok=True)
    template = folder / "db.sqlite3"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker migrates while the others wait
        if not template.exists():
            partial = folder / "partial.sqlite3"
            partial.unlink(missing_ok=True)
            manage(server_env(partial), "migrate", "--noinput", "-v0")
            partial.replace(template)
    return template


def migrate(env):
    """Bring the server's SQLite database to the migrated state, as `manage.py migrate` does:
    in a test run by copying the run's migrated template; elsewhere (benchmarks) by migrating."""
    if "PYTEST_CURRENT_TEST" not in os.environ:
        manage(env, "migrate", "--noinput", "-v0")
        return
    shutil.copyfile(_migrated_template(), env["SQLITE_PATH"])


def live_room(env, *, viewers=2, moderated=True, tokens=False):
    """Migrate the database and create a live room (see the live_room_fixture command)."""
    migrate(env)
    args = ["live_room_fixture", "--viewers", str(viewers)]
    if moderated:
        args.append("--moderated")
    if tokens:
        args.append("--tokens")
    return json.loads(manage(env, *args).strip().splitlines()[-1])


def start_daphne(env, port=None, verbosity=1):
    """Start daphne; its log goes to a file (a pipe nobody reads would fill up and stall it)."""
    port = port or free_port()
    log = tempfile.NamedTemporaryFile(prefix="daphne-", suffix=".log", delete=False)  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "daphne",
            "-e",
            listen_endpoint("127.0.0.1", port),
            # As make run and make cluster start it (a crowd's handshakes queue up).
            "--websocket_connect_timeout",
            "30",
            "cluster_hub.asgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    process.log_path = log.name
    base = f"127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{base}/healthz", timeout=1) as response:
                if response.status == 200:
                    return base, process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("daphne did not start: " + Path(log.name).read_text(errors="replace"))


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def serving_live_room(directory, **room_options):
    """A daphne serving a fresh live room (see `live_room`) for the length of the block:
    yields the server's "host:port" and the room."""
    env = server_env(directory / "db.sqlite3")
    room = live_room(env, **room_options)
    base, process = start_daphne(env)
    try:
        yield base, room
    finally:
        stop(process)
