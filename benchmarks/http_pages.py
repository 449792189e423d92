"""Page throughput: one daphne process on the demo data, each page kind as a visitor and as a
member, at 16 concurrent keep-alive connections, each measurement followed by one of /healthz
(one `SELECT 1` through the whole middleware stack) in the same run. Prints JSON lines.

    python benchmarks/http_pages.py                      # SQLite, one daphne, DJANGO_DEBUG=false
    python benchmarks/http_pages.py --seconds 10
    python benchmarks/http_pages.py --proxy              # through make cluster's nginx (PostgreSQL,
                                                         # Redis, two processes), and its ratio
                                                         # to one process without the proxy

One line per page and user kind: {"page", "user", "rps", "p99_ms", "healthz_rps", "ratio"};
the last line sums up: the minimum ratio per user kind. The load is one asyncio process of raw
HTTP/1.1 connections on the machine's other core.
"""

import argparse
import asyncio
import json
import os
import ssl
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from cluster import listen_endpoint, manage  # noqa: E402 — scripts/cluster.py

from tests.daphne_server import free_port, stop  # noqa: E402

PAGES_SCRIPT = """
import json
from importlib import import_module
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation
from clusters.models import MiniClusterPage, Organisation
from events.models import EventSession
from forums.models import ForumEditionPage

translation.activate("ko")
session = next(
    s for s in EventSession.objects.select_related("event").filter(
        event__live=True, event__locale__language_code="ko"
    ) if s.has_qa
)
event = session.event
cluster = MiniClusterPage.objects.live().filter(locale__language_code="ko").first()
edition = ForumEditionPage.objects.live().filter(locale__language_code="ko").first()
member = get_user_model().objects.filter(
    profile__membership_confirmed=True, profile__organisation__isnull=False, is_superuser=False
).first()
store = import_module(settings.SESSION_ENGINE).SessionStore()
store["_auth_user_id"] = str(member.pk)
store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
store["_auth_user_hash"] = member.get_session_auth_hash()
store.create()
pages = {
        "home": "/ko/",
        "cluster": cluster.url,
        "organisation": reverse(
            "clusters:organisation_detail", args=[Organisation.objects.order_by("pk").first().slug]
        ),
        "event": event.url,
        "live_room": event.url + event.reverse_subpage("live", args=[session.pk]),
        "directory": reverse("clusters:organisation_directory"),
        "search": "/ko/search/?q=%ED%83%84%EC%86%8C%EC%84%AC%EC%9C%A0",
        "forum_edition": edition.url,
}

# Queries of a member's page once the shared fragments are warm (the second request).
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

# As the pages are requested (through the proxy: HTTPS, which the production settings insist on).
client = Client(
    HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https", **{"wsgi.url_scheme": "https"}
)
client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
queries = {}
for name, path in pages.items():
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    queries[name] = len(captured)
print(json.dumps({"member_session": store.session_key, "pages": pages, "queries": queries}))
"""


# --- the load --------------------------------------------------------------------------------


async def _connection(host, port, tls):
    context = None
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return await asyncio.open_connection(host, port, ssl=context)


async def _get(reader, writer, request):
    writer.write(request)
    status_line = await reader.readline()
    length = None
    chunked = False
    while True:
        line = await reader.readline()
        if line in (b"\r\n", b""):
            break
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value.strip())
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return int(status_line.split()[1])


async def measure(host, port, path, *, cookie=None, seconds=5.0, connections=16, tls=False):
    """Requests per second and p99 latency of GET `path` over `connections` busy connections."""
    headers = [f"GET {path} HTTP/1.1", f"Host: localhost:{port}", "Connection: keep-alive"]
    if cookie:
        headers.append(f"Cookie: sessionid={cookie}")
    request = ("\r\n".join(headers) + "\r\n\r\n").encode()
    latencies = []
    statuses = {}
    deadline = time.perf_counter() + seconds

    async def worker():
        reader, writer = await _connection(host, port, tls)
        try:
            while time.perf_counter() < deadline:
                started = time.perf_counter()
                status = await _get(reader, writer, request)
                latencies.append(time.perf_counter() - started)
                statuses[status] = statuses.get(status, 0) + 1
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    if set(statuses) != {200}:
        raise RuntimeError(f"{path}: answers {statuses}")
    return {
        "rps": round(len(latencies) / elapsed, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1000, 1),
    }


def run_pages(host, port, pages, member_session, *, seconds, queries=None, tls=False):
    lines = []
    for user, cookie in (("anonymous", None), ("member", member_session)):
        for name, path in pages.items():
            # One warm-up pass (caches, connections), then the page, then /healthz.
            asyncio.run(measure(host, port, path, cookie=cookie, seconds=0.5, tls=tls))
            page = asyncio.run(measure(host, port, path, cookie=cookie, seconds=seconds, tls=tls))
            health = asyncio.run(measure(host, port, "/healthz", seconds=seconds, tls=tls))
            lines.append(
                {
                    "page": name,
                    "user": user,
                    "rps": page["rps"],
                    "p99_ms": page["p99_ms"],
                    "healthz_rps": health["rps"],
                    "ratio": round(page["rps"] / health["rps"], 3),
                }
            )
            if user == "member" and queries:
                lines[-1]["queries"] = queries[name]
            print(json.dumps(lines[-1]), flush=True)
    return lines


def summary(lines, **extra):
    result = {
        "summary": True,
        "min_ratio": {
            user: min(line["ratio"] for line in lines if line["user"] == user)
            for user in ("anonymous", "member")
        },
    }
    counted = {line["page"]: line["queries"] for line in lines if "queries" in line}
    if counted:
        result["member_queries"] = counted
    return {**result, **extra}


def direct_run(args):
    work = Path(tempfile.mkdtemp(prefix="http-pages-"))
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="cluster_hub.settings.dev",
        DJANGO_DEBUG="false",
        SQLITE_PATH=str(args.database or work / "db.sqlite3"),
    )
    if not args.database:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo_data")
        manage(env, "search_index", "--rebuild", "--no-progress")
    setup = json.loads(manage(env, "shell", "-c", PAGES_SCRIPT).strip().splitlines()[-1])
    port = free_port()
    log = open(work / "daphne.log", "wb")  # noqa: SIM115 — the server keeps it
    process = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-e", listen_endpoint("127.0.0.1", port),
         "cluster_hub.asgi:application"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        _wait(port)
        return run_pages(
            "127.0.0.1",
            port,
            setup["pages"],
            setup["member_session"],
            queries=setup["queries"],
            **_opts(args),
        )
    finally:
        stop(process)


def _opts(args):
    return {"seconds": args.seconds}


def _wait(port, tls=False):
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            asyncio.run(
                measure("127.0.0.1", port, "/healthz", seconds=0.05, connections=1, tls=tls)
            )
            return
        except (OSError, RuntimeError):
            time.sleep(0.3)
    raise RuntimeError("the server did not start")


def proxy_run(args):
    import cluster as cluster_script

    env, database = cluster_script.scratch_env(
        "clusterhub_bench",
        tempfile.mkdtemp(prefix="http-pages-proxy-"),
        redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/11"),
    )
    try:
        cluster_script.prepare(env)
        setup = json.loads(manage(env, "shell", "-c", PAGES_SCRIPT).strip().splitlines()[-1])
        with cluster_script.Cluster(env) as running:
            return run_pages(
                "127.0.0.1",
                running.https_port,
                setup["pages"],
                setup["member_session"],
                tls=True,
                **_opts(args),
            )
    finally:
        cluster_script.drop_database(database)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--database", help="an SQLite file with the demo data already loaded")
    parser.add_argument("--proxy", action="store_true")
    args = parser.parse_args()
    if args.proxy:
        proxied = proxy_run(args)
        direct = direct_run(args)
        ratios = {}
        for line in proxied:
            match = next(
                d for d in direct if (d["page"], d["user"]) == (line["page"], line["user"])
            )
            ratios[f"{line['user']}:{line['page']}"] = round(line["rps"] / match["rps"], 3)
        print(json.dumps(summary(proxied, proxy=True, rps_ratio_to_one_process=ratios)))
        return
    print(json.dumps(summary(direct_run(args))))


if __name__ == "__main__":
    main()
