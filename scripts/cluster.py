"""`make cluster`: Debian's nginx in front of two daphne processes and the email worker, on
PostgreSQL and Redis, with the production settings.

    python scripts/cluster.py --prepare    # what `make cluster` runs: set up, then serve
    python scripts/cluster.py              # serve until Ctrl+C
    python scripts/cluster.py --processes 3

`--prepare` creates the PostgreSQL database if it is missing, migrates it, loads the demo data
into an empty one, builds the search index and collects the static files.

nginx terminates TLS (a self-signed certificate made in the run folder, unless
CLUSTER_CERTIFICATE and CLUSTER_CERTIFICATE_KEY name real ones) on CLUSTER_HTTPS_PORT (8443),
redirects CLUSTER_HTTP_PORT (8080) to it, serves /static/ from STATIC_ROOT and /media/ from
MEDIA_ROOT with the uploads' safe headers, and passes everything else, WebSocket upgrades
included, to any daphne process (no stickiness: rooms are shared through Redis). The daphne
processes trust nginx's X-Forwarded-For and X-Forwarded-Proto (`--proxy-headers`).

Tests and benchmarks use `Cluster` directly: start it, kill or restart one process, stop it.
"""

import argparse
import os
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/clusterhub"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# A crowd scanning the QR code opens hundreds of sockets at once; daphne's default (5 s) would
# drop the handshakes at the back of the queue.
HANDSHAKE_SECONDS = 30


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unverified_tls():
    """For talking to the cluster's self-signed certificate from tests and benchmarks."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def cluster_env(**overrides):
    """The processes' environment: production settings on PostgreSQL and Redis."""
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    env.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    env.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    env.setdefault("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1")
    env.setdefault("STATIC_ROOT", str(ROOT / "staticfiles"))
    env.setdefault("MEDIA_ROOT", str(ROOT / "media"))
    env["DJANGO_SETTINGS_MODULE"] = "cluster_hub.settings.production"
    env.update(overrides)
    return env


# Connections waiting to be accepted: Twisted listens with a queue of 50, and a crowd that
# scans the QR code at once overflows it; the kernel then drops their SYNs and the clients
# retry after 1, 3, 7 s... (capped by net.core.somaxconn, 4096 on current kernels).
LISTEN_BACKLOG = 4096


def listen_endpoint(host, port):
    """daphne's `-e` endpoint for `host:port` with a listen queue for a crowd (the colons of
    an IPv6 address are escaped, as Twisted's endpoint strings require)."""
    interface = host.replace(":", "\\:")
    return f"tcp:port={port}:interface={interface}:backlog={LISTEN_BACKLOG}"


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}")
    return result.stdout


def scratch_env(name, work, *, redis_url, **overrides):
    """The environment of a throw-away cluster (tests and benchmarks): a PostgreSQL database of
    its own, `name_<pid>` on DATABASE_URL's server (a leftover of that name is dropped first, then
    it is created), its own Redis prefix, static and media folders under `work`. Returns the
    environment and the database URL, for `drop_database` afterwards."""
    from urllib.parse import urlsplit, urlunsplit

    server = os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    database = urlunsplit(urlsplit(server)._replace(path=f"/{name}_{os.getpid()}"))
    env = cluster_env(
        DATABASE_URL=database,
        REDIS_URL=redis_url,
        REDIS_PREFIX=f"{name}-{os.getpid()}",
        STATIC_ROOT=str(Path(work) / "static"),
        MEDIA_ROOT=str(Path(work) / "media"),
        **overrides,
    )
    drop_database(database)
    create_database(database)
    return env, database


def create_database(url):
    """Create the database `url` names on its server, if it does not exist yet."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return not exists


def drop_database(url):
    from urllib.parse import urlsplit, urlunsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(url)
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(parts.path.lstrip("/"))
            )
        )


def prepare(env, *, demo=True):
    """Database, demo data, search index and static files for the cluster's processes."""
    create_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    if demo and manage(env, "shell", "-c", EMPTY_CHECK).split()[-1:] == ["empty"]:
        manage(env, "load_demo_data")
        manage(env, "search_index", "--rebuild", "--no-progress")
    manage(env, "collectstatic", "--noinput", "-v0")


EMPTY_CHECK = (
    "from clusters.models import Organisation; "
    "print('empty' if not Organisation.objects.exists() else 'loaded')"
)


class Cluster:
    def __init__(
        self,
        env,
        *,
        processes=2,
        host="127.0.0.1",
        http_port=None,
        https_port=None,
        name_upstreams=False,
    ):
        self.env = env
        # Tests tell which process served a request by this header (X-Upstream: 127.0.0.1:port).
        self.name_upstreams = name_upstreams
        self.host = host
        self.http_port = http_port or free_port()
        self.https_port = https_port or free_port()
        self.ports = [free_port() for _ in range(processes)]
        self.run = Path(tempfile.mkdtemp(prefix="clusterhub-cluster-"))
        self.daphnes = [None] * processes
        self.worker = None
        self.nginx = None
        origin = f"https://localhost:{self.https_port}"
        env.setdefault(
            "DJANGO_CSRF_TRUSTED_ORIGINS", f"{origin},https://127.0.0.1:{self.https_port}"
        )

    def index_of(self, upstream):
        """Which daphne process an X-Upstream value names."""
        return self.ports.index(int(upstream.rsplit(":", 1)[1]))

    @property
    def base(self):
        return f"localhost:{self.https_port}"

    @property
    def url(self):
        return f"https://{self.base}"

    # --- the pieces ---------------------------------------------------------------------------

    def _certificate(self):
        given = self.env.get("CLUSTER_CERTIFICATE"), self.env.get("CLUSTER_CERTIFICATE_KEY")
        if all(given):
            return given
        certificate, key = self.run / "localhost.crt", self.run / "localhost.key"
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-keyout", str(key), "-out", str(certificate),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        return str(certificate), str(key)

    def _nginx_conf(self):
        certificate, key = self._certificate()
        fields = {
            "run": str(self.run),
            # As root, nginx's workers would switch to an account that may not read the tree.
            "user": "user root;" if os.geteuid() == 0 else "",
            "upstreams": "\n        ".join(
                f"server 127.0.0.1:{port} max_fails=0;" for port in self.ports
            ),
            "host": self.host,
            "http_port": str(self.http_port),
            "https_port": str(self.https_port),
            "server_name": "localhost 127.0.0.1",
            "certificate": certificate,
            "certificate_key": key,
            "static_root": self.env["STATIC_ROOT"],
            "media_root": self.env["MEDIA_ROOT"],
            "upstream_header": (
                "add_header X-Upstream $upstream_addr always;" if self.name_upstreams else ""
            ),
        }
        text = TEMPLATE.read_text()
        for name, value in fields.items():
            text = text.replace("{{" + name + "}}", value)
        path = self.run / "nginx.conf"
        path.write_text(text)
        return path

    def _log(self, name):
        return open(self.run / f"{name}.log", "ab")

    def start_daphne(self, index):
        port = self.ports[index]
        self.daphnes[index] = subprocess.Popen(
            [
                sys.executable, "-m", "daphne", "--proxy-headers",
                "-e", listen_endpoint("127.0.0.1", port),
                "--websocket_connect_timeout", str(HANDSHAKE_SECONDS),
                "cluster_hub.asgi:application",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self._log(f"daphne-{index}"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        _wait_for(lambda: _answers(f"http://127.0.0.1:{port}/healthz"), f"daphne {index}", self)

    def kill_daphne(self, index):
        process = self.daphnes[index]
        process.kill()
        process.wait(timeout=10)

    def start(self):
        conf = self._nginx_conf()
        test = subprocess.run(
            [NGINX, "-t", "-p", str(self.run), "-c", str(conf)], capture_output=True, text=True
        )
        if test.returncode:
            raise RuntimeError(f"nginx refused its configuration:\n{test.stderr}")
        for index in range(len(self.ports)):
            self.start_daphne(index)
        self.worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--backend", "email", "--queue-name",
             "email", "--no-reload"],
            cwd=ROOT,
            env=self.env,
            stdout=self._log("worker"),
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.nginx = subprocess.Popen(
            [NGINX, "-p", str(self.run), "-c", str(conf), "-g", "daemon off;"],
            stdout=self._log("nginx"),
            stderr=subprocess.STDOUT,
        )
        _wait_for(lambda: _answers(f"{self.url}/healthz"), "nginx", self)
        return self

    def stop(self):
        for process in (self.nginx, self.worker, *self.daphnes):
            if process is not None and process.poll() is None:
                process.terminate()
        for process in (self.nginx, self.worker, *self.daphnes):
            if process is not None:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

    def logs(self):
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.run.glob("*.log"))
        )

    def __enter__(self):
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc):
        self.stop()


def _answers(url):
    try:
        # Only the cluster's own http(s) addresses come here.
        with urllib.request.urlopen(url, timeout=2, context=unverified_tls()) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


def _wait_for(check, what, cluster, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not start:\n{cluster.logs()}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--prepare", action="store_true", help="set up the database first")
    args = parser.parse_args()
    env = cluster_env()
    if args.prepare:
        print("Preparing the database, demo data, search index and static files...", flush=True)
        prepare(env)
    cluster = Cluster(
        env,
        processes=args.processes,
        host=env.get("CLUSTER_HOST", "127.0.0.1"),
        http_port=int(env.get("CLUSTER_HTTP_PORT", "8080")),
        https_port=int(env.get("CLUSTER_HTTPS_PORT", "8443")),
    )
    try:
        cluster.start()
    except BaseException:
        cluster.stop()
        raise
    print(
        f"ClusterHub is serving {cluster.url}/ through nginx: {args.processes} daphne processes"
        f" on ports {', '.join(map(str, cluster.ports))}, the email worker, logs in {cluster.run}"
        " (Ctrl+C to stop)",
        flush=True,
    )
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        while not stopping:
            for index, process in enumerate(cluster.daphnes):
                if process.poll() is not None:
                    print(f"daphne {index} exited; restarting it", flush=True)
                    cluster.start_daphne(index)
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
