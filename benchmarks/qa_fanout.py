"""Live Q&A fan-out benchmark: the real ASGI app under daphne, a room of N signed-in viewers,
questions and votes arriving at R per second for M events. Prints one JSON line.

    python benchmarks/qa_fanout.py --clients 2000 --rate 5 --events 100 --baseline
    python benchmarks/qa_fanout.py --clients 2000 --rate 40 --events 400 --baseline
    python benchmarks/qa_fanout.py --clients 2000 --rate 40 --events 400 --processes 2
    python benchmarks/qa_fanout.py --clients 1000 --burst 1000 --rate 5 --events 50 --baseline
    python benchmarks/qa_fanout.py --clients 2000 --rate 5 --events 100 --proxy

Every event is one action over the asker's socket (alternately a new question and a vote),
committed by the app and broadcast to the room. Each viewer records when each event number
arrives; the delay is measured from the moment the asker sent the action. `--baseline` runs the
same load against a bare asyncio `websockets.broadcast` server in the same run, so the ratio of
the two is measured on the same machine at the same time. `--processes 2` runs two daphne
processes on Redis with the viewers split between them. `--burst N` opens the viewers' sockets N
at a time with no pause (a crowd scanning the QR code) instead of in waves of 25; every run
reports each join's time from the socket's opening to its snapshot (`join_p99_ms`) and each
action's time to its ack (`ack_p99_ms`). `--proxy` runs the same through `make cluster`'s nginx
in front of two daphne processes (PostgreSQL and Redis), and reports its ratio to one process
without the proxy measured in the same run.
"""

import argparse
import asyncio
import base64
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.daphne_server import free_port, live_room, server_env, start_daphne, stop  # noqa: E402


def raise_file_limit():
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


# --- the bare baseline server --------------------------------------------------------------


async def serve_baseline(port):
    viewers = set()
    seq = 0

    async def handler(socket):
        nonlocal seq
        if socket.request.path.startswith("/actor"):
            await socket.send(json.dumps({"type": "snapshot", "seq": 0}))
            async for message in socket:
                seq += 1
                data = json.loads(message)
                payload = json.dumps(
                    {"type": "question", "body": data.get("body"), "seq": seq},
                    separators=(",", ":"),
                )
                websockets.broadcast(viewers, payload)
                await socket.send(json.dumps({"type": "ack", "question": 1}))
        else:
            viewers.add(socket)
            await socket.send(json.dumps({"type": "snapshot", "seq": 0}))
            try:
                await socket.wait_closed()
            finally:
                viewers.discard(socket)

    async with websockets.serve(handler, "127.0.0.1", port, max_queue=None):
        await asyncio.Future()


def start_baseline():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve-baseline", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            import socket

            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return port, process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("baseline server did not start")


# --- the load --------------------------------------------------------------------------------


class Viewer(asyncio.Protocol):
    """A minimal WebSocket client that only listens.

    The `websockets` client costs tens of microseconds per message in Python, which on one core
    caps what 2,000 viewers can receive below what the servers send: the load generator, not
    the server, would be measured. This one parses the server's (unmasked) frames in bulk and
    stamps each event number as its bytes arrive.
    """

    def __init__(self):
        self.received = {}
        self.duplicates = 0
        self.out_of_order = 0
        self.last = 0
        self.buffer = bytearray()
        self.handshaken = False
        self.fragments = []
        self.transport = None
        self.ready = None
        self.closed = None
        self.opened_at = None
        self.joined_at = None
        # Made here (viewers are made inside the running loop), so a join can be awaited
        # before the socket is even opened.
        self.snapshot = asyncio.get_running_loop().create_future()

    async def run(self, url, headers, ready, stop_event):
        loop = asyncio.get_running_loop()
        parsed = urlsplit(url)
        self.ready = ready
        self.closed = loop.create_future()
        self.opened_at = time.perf_counter()
        transport = None
        try:
            secure = parsed.scheme == "wss"
            transport, _ = await loop.create_connection(
                lambda: self,
                parsed.hostname,
                parsed.port,
                ssl=_unverified_tls() if secure else None,
                server_hostname=parsed.hostname if secure else None,
            )
            key = base64.b64encode(os.urandom(16)).decode()
            target = parsed.path + (f"?{parsed.query}" if parsed.query else "")
            lines = [
                f"GET {target} HTTP/1.1",
                f"Host: {parsed.netloc}",
                "Upgrade: websocket",
                "Connection: Upgrade",
                f"Sec-WebSocket-Key: {key}",
                "Sec-WebSocket-Version: 13",
                *(f"{name}: {value}" for name, value in headers.items()),
            ]
            transport.write(("\r\n".join(lines) + "\r\n\r\n").encode())
            await asyncio.wait_for(asyncio.shield(self.snapshot), timeout=120)
            await self.closed
        except (OSError, TimeoutError, RuntimeError):
            if not self.snapshot.done():
                self.snapshot.set_exception(ConnectionError("no snapshot"))
        finally:
            if transport is not None:
                transport.close()

    def connection_made(self, transport):
        self.transport = transport

    def connection_lost(self, exc):
        if not self.snapshot.done():
            self.snapshot.set_exception(ConnectionError("closed before the snapshot"))
        if not self.closed.done():
            self.closed.set_result(None)

    def data_received(self, data):
        now = time.perf_counter()
        buffer = self.buffer
        buffer += data
        if not self.handshaken:
            end = buffer.find(b"\r\n\r\n")
            if end == -1:
                return
            if not buffer.startswith(b"HTTP/1.1 101"):
                self.snapshot.set_exception(
                    ConnectionError(bytes(buffer[: buffer.find(b"\r\n")]).decode())
                )
                self.transport.close()
                return
            del buffer[: end + 4]
            self.handshaken = True
        offset = 0
        size = len(buffer)
        while size - offset >= 2:
            opcode = buffer[offset] & 0x0F
            final = buffer[offset] & 0x80
            length = buffer[offset + 1] & 0x7F
            start = offset + 2
            if length == 126:
                if size - offset < 4:
                    break
                length = int.from_bytes(buffer[offset + 2 : offset + 4], "big")
                start = offset + 4
            elif length == 127:
                if size - offset < 10:
                    break
                length = int.from_bytes(buffer[offset + 2 : offset + 10], "big")
                start = offset + 10
            if size < start + length:
                break
            payload = bytes(buffer[start : start + length])
            offset = start + length
            if opcode == 9:  # ping: clients answer with a masked pong
                self._send(0xA, payload)
            elif opcode == 8:
                self.transport.close()
            elif opcode in (0, 1, 2):
                self.fragments.append(payload)
                if final:
                    message, self.fragments = b"".join(self.fragments), []
                    self._message(message, now)
        del buffer[:offset]

    def _send(self, opcode, payload):
        mask = os.urandom(4)
        masked = bytes(byte ^ mask[index % 4] for index, byte in enumerate(payload))
        self.transport.write(bytes((0x80 | opcode, 0x80 | len(payload))) + mask + masked)

    def _message(self, message, now):
        if not self.snapshot.done():
            if b'"type":"snapshot"' not in message and b'"type": "snapshot"' not in message:
                self.snapshot.set_exception(RuntimeError(f"expected a snapshot, got {message}"))
                return
            self.joined_at = now
            self.snapshot.set_result(None)
            self.ready()
            return
        seq = _seq(message)
        if seq is None:
            return
        if seq in self.received:
            self.duplicates += 1
            return
        if seq < self.last:
            self.out_of_order += 1
        self.last = max(self.last, seq)
        self.received[seq] = now


SEQ = re.compile(rb'"seq":\s*(\d+)')


def _seq(message):
    # Both servers' payloads carry "seq":N; the last one is the event's own number.
    found = SEQ.findall(message)
    return int(found[-1]) if found else None


async def run_load(
    *, viewer_urls, actor_url, actor_headers, clients, rate, events, burst=0, actor_ssl=None
):
    """Connect `clients` viewers (round robin over `viewer_urls`, each (url, headers)), then
    send `events` actions at `rate` per second; return the measurements. With `burst`, the
    viewers open their sockets `burst` at a time, each group without any pause."""
    stop_event = asyncio.Event()
    connected = 0
    settled = 0
    all_settled = asyncio.Event()

    def ready():
        nonlocal connected
        connected += 1

    def finished(_task):
        nonlocal settled
        settled += 1
        if settled == clients:
            all_settled.set()

    viewers = [Viewer() for _ in range(clients)]
    tasks = []
    joins = []
    connect_started = time.perf_counter()
    group = burst or 25
    for index, viewer in enumerate(viewers):
        url, headers = viewer_urls[index % len(viewer_urls)](index)
        task = asyncio.create_task(viewer.run(url, headers, ready, stop_event))
        joins.append(asyncio.ensure_future(_joined(viewer)))
        joins[-1].add_done_callback(finished)
        tasks.append(task)
        if index % group == group - 1:
            # Waves of 25 (within daphne's handshake timeout) unless bursting: then the next
            # group starts once this one has settled.
            await asyncio.wait(joins[index + 1 - group :], timeout=300)
    await asyncio.wait_for(all_settled.wait(), timeout=300)
    connect_s = time.perf_counter() - connect_started
    join_ms = sorted(
        (viewer.joined_at - viewer.opened_at) * 1000 for viewer in viewers if viewer.joined_at
    )
    accepted = len(join_ms)
    active = [viewer for viewer in viewers if viewer.joined_at]

    sent_at = {}
    extra = {"ssl": actor_ssl} if actor_ssl is not None else {}
    async with websockets.connect(
        actor_url, additional_headers=actor_headers, max_queue=None, ping_interval=None, **extra
    ) as actor:
        await actor.recv()  # the snapshot
        question_id = None
        acks = asyncio.Queue()

        async def read_acks():
            async for message in actor:
                frame = json.loads(message)
                if frame.get("type") in ("ack", "error"):
                    if isinstance(frame.get("ref"), int):
                        acked_at[frame["ref"] + 1] = time.perf_counter()
                    await acks.put(frame)

        reader = asyncio.create_task(read_acks())
        acked_at = {}
        interval = 1 / rate
        start = time.perf_counter()
        for number in range(events):
            target = start + number * interval
            delay = target - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if number % 2 == 0 or question_id is None:
                frame = {"action": "ask", "body": f"bench question {number}", "ref": number}
            else:
                frame = {"action": "vote", "question": question_id, "ref": number}
            sent_at[number + 1] = time.perf_counter()
            await actor.send(json.dumps(frame))
            if number == 0:
                ack = await acks.get()
                question_id = ack.get("question")
        last_sent = time.perf_counter()
        # Wait for the deliveries to stop coming.
        expected = accepted * events
        previous, idle_since = -1, time.perf_counter()
        while True:
            await asyncio.sleep(0.25)
            total = sum(len(v.received) for v in active)
            if total >= expected:
                break
            if total != previous:
                previous, idle_since = total, time.perf_counter()
            elif time.perf_counter() - idle_since > 5:
                break
        reader.cancel()
    stop_event.set()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

    delays = []
    last_receipt = start
    for viewer in viewers:
        for seq, received in viewer.received.items():
            if seq in sent_at:
                delays.append((received - sent_at[seq]) * 1000)
                last_receipt = max(last_receipt, received)
    delays.sort()
    delivered = len(delays)
    ack_ms = sorted((acked_at[n] - sent_at[n]) * 1000 for n in acked_at if n in sent_at)
    span = max(last_receipt - start, last_sent - start, 1e-9)

    def percentile(p, values=delays):
        if not values:
            return None
        return round(values[min(len(values) - 1, int(len(values) * p))], 1)

    return {
        "clients": clients,
        "rate": rate,
        "events": events,
        "accepted": accepted,
        "delivered_ratio": round(delivered / (clients * events), 4),
        "p50_ms": percentile(0.50),
        "p99_ms": percentile(0.99),
        "mean_ms": round(statistics.fmean(delays), 1) if delays else None,
        "deliveries_per_s": round(delivered / span),
        "duplicates": sum(v.duplicates for v in viewers),
        "out_of_order": sum(v.out_of_order for v in viewers),
        "connect_s": round(connect_s, 1),
        "join_p50_ms": percentile(0.50, join_ms),
        "join_p99_ms": percentile(0.99, join_ms),
        "ack_p50_ms": percentile(0.50, ack_ms),
        "ack_p99_ms": percentile(0.99, ack_ms),
    }


async def _joined(viewer):
    try:
        await viewer.snapshot
    except Exception:  # refused, timed out or closed: counted as not accepted
        return False
    return True


def _unverified_tls():
    import ssl

    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols(["http/1.1"])
    return context


def proxy_run(args):
    """The same load through make cluster's nginx (TLS) in front of two daphne processes, on
    PostgreSQL and Redis (scripts/cluster.py)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import cluster as cluster_script

    env, database = cluster_script.scratch_env(
        "clusterhub_fanout",
        tempfile.mkdtemp(prefix="qa-fanout-proxy-"),
        redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/11"),
        LIVE_QA_RATE_LIMITS="ask=100000000/1,vote=100000000/1",
    )
    try:
        cluster_script.manage(env, "migrate", "--noinput", "-v0")
        output = cluster_script.manage(env, "live_room_fixture", "--viewers", str(args.clients))
        room = json.loads(output.strip().splitlines()[-1])
        with cluster_script.Cluster(env) as running:
            path = f"/ws/live/{room['session']}/?since=0&lang=en"
            headers = {"Origin": running.url}

            def url(index):
                return f"wss://{running.base}{path}", {
                    **headers,
                    "Cookie": f"sessionid={room['viewers'][index]}",
                }

            result = asyncio.run(
                run_load(
                    viewer_urls=[url],
                    actor_url=f"wss://{running.base}{path}",
                    actor_headers={**headers, "Cookie": f"sessionid={room['asker']}"},
                    clients=args.clients,
                    rate=args.rate,
                    events=args.events,
                    burst=args.burst,
                    actor_ssl=_unverified_tls(),  # the asker's `websockets` client, over TLS too
                )
            )
    finally:
        cluster_script.drop_database(database)
    result["layer"] = "redis"
    result["processes"] = 2
    result["proxy"] = "nginx"
    return result


def app_run(args):
    work = Path(tempfile.mkdtemp(prefix="qa-fanout-"))
    extra = {"LIVE_QA_RATE_LIMITS": "ask=100000000/1,vote=100000000/1"}
    redis_url = os.environ.get("REDIS_URL")
    if args.processes > 1 and not redis_url:
        redis_url = "redis://127.0.0.1:6379/15"
    if redis_url:
        extra["REDIS_URL"] = redis_url
    env = server_env(work / "db.sqlite3", **extra)
    if not redis_url:
        env.pop("REDIS_URL", None)
    room = live_room(env, viewers=args.clients, moderated=False)
    servers = [start_daphne(env, verbosity=0) for _ in range(args.processes)]
    try:
        path = f"/ws/live/{room['session']}/?since=0&lang=en"

        def viewer_url(base):
            def url(index):
                cookie = f"sessionid={room['viewers'][index]}"
                return f"ws://{base}{path}", {"Origin": f"http://{base}", "Cookie": cookie}

            return url

        actor_base = servers[0][0]
        result = asyncio.run(
            run_load(
                viewer_urls=[viewer_url(base) for base, _ in servers],
                actor_url=f"ws://{actor_base}{path}",
                actor_headers={
                    "Origin": f"http://{actor_base}",
                    "Cookie": f"sessionid={room['asker']}",
                },
                clients=args.clients,
                rate=args.rate,
                events=args.events,
                burst=args.burst,
            )
        )
    finally:
        for _, process in servers:
            stop(process)
    result["layer"] = "redis" if redis_url else "inmemory"
    result["processes"] = args.processes
    return result


def baseline_run(args):
    port, process = start_baseline()
    try:

        def url(index):
            return f"ws://127.0.0.1:{port}/viewer", {}

        return asyncio.run(
            run_load(
                viewer_urls=[url],
                actor_url=f"ws://127.0.0.1:{port}/actor",
                actor_headers={},
                clients=args.clients,
                rate=args.rate,
                events=args.events,
                burst=args.burst,
            )
        )
    finally:
        process.terminate()
        process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--rate", type=float, default=5)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--burst", type=int, default=0, help="open sockets N at a time")
    parser.add_argument("--proxy", action="store_true", help="through make cluster's nginx")
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--serve-baseline", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_baseline:
        asyncio.run(serve_baseline(args.serve_baseline))
        return
    raise_file_limit()
    if args.proxy:
        result = proxy_run(args)
        direct = app_run(args)
        result["one_process_without_proxy"] = direct
        result["ratio_to_one_process"] = round(
            result["deliveries_per_s"] / max(direct["deliveries_per_s"], 1), 3
        )
        print(json.dumps(result))
        return
    result = app_run(args)
    if args.baseline:
        baseline = baseline_run(args)
        result["baseline"] = baseline
        if baseline["deliveries_per_s"]:
            result["ratio_to_baseline"] = round(
                result["deliveries_per_s"] / baseline["deliveries_per_s"], 3
            )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
