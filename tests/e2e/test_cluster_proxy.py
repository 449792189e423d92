"""`make cluster`'s pieces end to end (scripts/cluster.py): Debian's nginx terminating TLS in
front of two daphne processes and the email worker, with the production settings, on
PostgreSQL and Redis. Pages, static files and media through nginx; a question asked through one
process reaches viewers on the other; a process killed and restarted loses no viewer anything.

Needs PostgreSQL, Redis and nginx: runs in the PostgreSQL + Redis half of CI (`make test`
installs nginx as it installs Chromium)."""

import asyncio
import concurrent.futures
import io
import json
import os
import ssl
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import cluster as cluster_script  # noqa: E402

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(
        not (DATABASE_URL.startswith("postgres") and REDIS_URL),
        reason="the cluster runs on PostgreSQL and Redis (the second half of CI)",
    ),
    pytest.mark.skipif(
        not Path(cluster_script.NGINX).exists(), reason="nginx is not installed (make proxy)"
    ),
]


def run_async(coroutine):
    """asyncio.run in a thread of its own: Playwright's sync API keeps a loop in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as executor:
        return executor.submit(asyncio.run, coroutine).result()


def _with_path(url, path):
    return urlunsplit(urlsplit(url)._replace(path=path))


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    work = tmp_path_factory.mktemp("cluster")
    env, database = cluster_script.scratch_env(
        "clusterhub_proxy",
        work,
        # A Redis database of its own: test workers flush theirs (15, 14, ...) between tests.
        redis_url=_with_path(REDIS_URL, "/12"),
        PRIVATE_MEDIA_ROOT=str(work / "private"),
        # One asker asks a question after another here (people may ask 5 a minute).
        LIVE_QA_RATE_LIMITS="ask=100/60,vote=120/60,poll=30/60",
    )
    try:
        cluster_script.manage(env, "migrate", "--noinput", "-v0")
        cluster_script.manage(env, "collectstatic", "--noinput", "-v0")
        output = cluster_script.manage(env, "live_room_fixture", "--viewers", "3")
        room = json.loads(output.strip().splitlines()[-1])
        media = work / "media" / "logos"
        media.mkdir(parents=True)
        image = io.BytesIO()
        Image.new("RGB", (4, 4), "navy").save(image, "PNG")
        (media / "logo.png").write_bytes(image.getvalue())
        # Whatever ends up in MEDIA_ROOT is never a page of the site.
        (media / "stray.html").write_text("<script>alert(1)</script>")
        running = cluster_script.Cluster(env, name_upstreams=True)
        with running:
            yield running, room
    finally:
        cluster_script.drop_database(database)


def fetch(url, *, method="GET", headers=None):
    request = urllib.request.Request(url, method=method, headers=headers or {})  # noqa: S310
    try:
        with urllib.request.urlopen(  # noqa: S310 — the cluster's own address
            request, timeout=10, context=cluster_script.unverified_tls()
        ) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_pages_come_through_tls_and_django_sees_https(cluster):
    running, room = cluster
    status, headers, body = fetch(running.url + room["live_url"])
    # The production settings redirect plain HTTP to HTTPS: a 200 means Django read
    # X-Forwarded-Proto (and daphne X-Forwarded-For) from nginx.
    assert status == 200
    assert "wss://" in headers["Content-Security-Policy"]
    assert "Strict-Transport-Security" in headers
    assert "실시간 질의응답" in body.decode()
    opener = urllib.request.build_opener(NoRedirects)
    # nginx sends plain HTTP to HTTPS; a daphne process asked directly over HTTP does the same.
    for url in (
        f"http://127.0.0.1:{running.http_port}{room['live_url']}",
        f"http://127.0.0.1:{running.ports[0]}{room['live_url']}",
    ):
        try:
            opener.open(url, timeout=10)
        except urllib.error.HTTPError as error:
            assert error.code == 301
            assert error.headers["Location"].startswith("https://")
        else:
            pytest.fail(f"{url} was not redirected to HTTPS")


def test_static_files_and_media_are_served_by_nginx_with_safe_headers(cluster):
    running, room = cluster
    _status, _headers, body = fetch(running.url + room["live_url"])
    stylesheet = next(
        part.split('"')[0] for part in body.decode().split('href="') if ".css" in part[:80]
    )
    status, headers, _css = fetch(running.url + stylesheet)
    assert status == 200 and headers["Content-Type"] == "text/css"
    assert "immutable" in headers["Cache-Control"]
    assert "X-Upstream" not in headers  # nginx itself, not a daphne process

    from cluster_hub.media import MEDIA_HEADERS

    status, headers, png = fetch(running.url + "/media/logos/logo.png")
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert png.startswith(b"\x89PNG")
    for header, value in MEDIA_HEADERS.items():
        assert headers[header] == value
    status, headers, _stray = fetch(running.url + "/media/logos/stray.html")
    assert headers["Content-Type"] == "application/octet-stream"
    assert headers["Content-Security-Policy"] == MEDIA_HEADERS["Content-Security-Policy"]


# --- the live room across processes ------------------------------------------------------------


async def _open_socket(running, room, cookie, since=0):
    import websockets

    socket = await websockets.connect(
        f"wss://{running.base}/ws/live/{room['session']}/?since={since}&lang=ko",
        ssl=cluster_script.unverified_tls(),
        origin=running.url,
        additional_headers={"Cookie": f"sessionid={cookie}"},
        open_timeout=10,
    )
    socket.process = running.index_of(socket.response.headers["X-Upstream"])
    return socket


async def _frame(socket, kind, timeout=10):
    deadline = time.monotonic() + timeout
    while True:
        frame = json.loads(
            await asyncio.wait_for(socket.recv(), max(deadline - time.monotonic(), 0.01))
        )
        if frame["type"] == kind:
            return frame
        assert frame["type"] != "error", frame


async def _one_on_each(running, room, cookies):
    """Open sockets until there is one on each process (nginx picks, in turn)."""
    sockets = {}
    spare = []
    for cookie in cookies * 4:
        socket = await _open_socket(running, room, cookie)
        await _frame(socket, "snapshot")
        if socket.process in sockets:
            spare.append(socket)
        else:
            sockets[socket.process] = socket
        if len(sockets) == len(running.ports):
            break
    for socket in spare:
        await socket.close()
    assert len(sockets) == len(running.ports), "nginx sent every socket to one process"
    return sockets


def test_a_question_asked_through_one_process_reaches_a_viewer_on_the_other(cluster):
    running, room = cluster

    async def scenario():
        askers = await _one_on_each(running, room, [room["asker"]])
        viewers = await _one_on_each(running, room, room["viewers"])
        asker, viewer = askers[0], viewers[1]  # on process 0 and on process 1
        await asker.send(json.dumps({"action": "ask", "ref": 1, "body": "프록시 너머의 질문"}))
        ack = await _frame(asker, "ack")
        event = await _frame(viewer, "question")
        assert event["question"]["id"] == ack["question"]
        assert event["question"]["body"] == "프록시 너머의 질문"
        for socket in (*askers.values(), *viewers.values()):
            await socket.close()

    run_async(scenario())


def _questions_shown(page):
    return page.locator("#live-questions .question-body").all_inner_texts()


def test_viewers_of_a_killed_process_reconnect_through_nginx_and_miss_nothing(cluster, browser):
    running, room = cluster
    contexts = []
    pages = []
    for cookie in room["viewers"][:2]:
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="ko-KR", ignore_https_errors=True
        )
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": running.url}])
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(running.url + room["live_url"])
        expect(page.locator("#live-status")).to_have_text("라이브")
        contexts.append(context)
        pages.append(page)
    asked = _questions_shown(pages[0])  # (earlier tests of the module asked in this room too)

    async def ask_through(process, body):
        askers = await _one_on_each(running, room, [room["asker"]])
        socket = askers[process]
        await socket.send(json.dumps({"action": "ask", "ref": len(asked), "body": body}))
        await _frame(socket, "ack")
        asked.append(body)
        for other in askers.values():
            await other.close()

    async def ask_while_down(survivor, bodies):
        # nginx skips the dead process; every socket opened now is on the survivor.
        import websockets

        socket = await websockets.connect(
            f"wss://{running.base}/ws/live/{room['session']}/?lang=ko",
            ssl=cluster_script.unverified_tls(),
            origin=running.url,
            additional_headers={"Cookie": f"sessionid={room['asker']}"},
        )
        assert running.index_of(socket.response.headers["X-Upstream"]) == survivor
        await _frame(socket, "snapshot")
        for body in bodies:
            await socket.send(json.dumps({"action": "ask", "ref": len(asked), "body": body}))
            await _frame(socket, "ack")
            asked.append(body)
        await socket.close()

    try:
        run_async(ask_through(0, "첫 질문: 모두에게"))
        for page in pages:
            expect(page.locator("#live-questions .question-body")).to_have_count(len(asked))
        # Each process in turn: whichever served a page, that page loses its socket once.
        for victim in (0, 1):
            survivor = 1 - victim
            running.kill_daphne(victim)
            run_async(ask_while_down(survivor, [f"{victim}번이 멈춘 동안 {n}" for n in (1, 2)]))
            running.start_daphne(victim)
            for page in pages:
                expect(page.locator("#live-questions .question-body")).to_have_count(
                    len(asked), timeout=20_000
                )
                expect(page.locator("#live-status")).to_have_text("라이브")
        for page in pages:
            assert sorted(_questions_shown(page)) == sorted(asked)
    finally:
        for context in contexts:
            context.close()


def test_the_ssl_context_refuses_nothing_it_should_not(cluster):
    """The tests trust the self-signed certificate on purpose; a default client does not."""
    running, _room = cluster
    with pytest.raises(urllib.error.URLError) as refused:
        urllib.request.urlopen(running.url + "/healthz", timeout=5)  # noqa: S310
    assert isinstance(refused.value.reason, ssl.SSLCertVerificationError)
