"""Room fan-out: one encoded message per event, delivered by each process to its own sockets.

Stock Channels sends a copy of every event through the channel layer to every consumer of a
group, encoding it once per recipient. Here each process keeps its own registry of the local
sockets of every (room, stream) and subscribes once per room stream: in process by default, on
Redis pub/sub when `REDIS_URL` is set (so several daphne processes share rooms). An event is
encoded once by its publisher, crosses Redis once per process, and is written to each local
socket by one ordered pump task. Under daphne the pump also builds the WebSocket frame once
and writes those same bytes to every socket's transport (a server never masks its frames), so a
delivery costs one buffered write instead of a trip through Channels and autobahn per socket.

Only `events.broadcast` uses this module (and the ASGI entry point its middleware); consumers
reach it through `broadcast.join/leave/socket_writer`.
"""

import asyncio
import concurrent.futures
import contextlib
import functools
import itertools
import logging
import struct
import threading
from collections import defaultdict
from importlib import metadata

from django.conf import settings

logger = logging.getLogger(__name__)


SOCKET_WRITER_KEY = "live.socket_writer"
_epochs = itertools.count(1)


def text_frame(text):
    """One final, unmasked WebSocket text frame (RFC 6455, section 5.2) carrying `text`."""
    payload = text.encode()
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x81, size)
    elif size < 65536:
        header = struct.pack("!BBH", 0x81, 126, size)
    else:
        header = struct.pack("!BBQ", 0x81, 127, size)
    return header + payload


# The direct path reaches into daphne's and autobahn's internals; it was written and tested
# against these release series. Any other version sends through Channels as usual.
FAST_PATH_SERIES = {"daphne": "4.2.", "autobahn": "26."}


@functools.cache
def fast_path_supported():
    try:
        versions = {name: metadata.version(name) for name in FAST_PATH_SERIES}
    except metadata.PackageNotFoundError:
        return False
    supported = all(versions[name].startswith(FAST_PATH_SERIES[name]) for name in versions)
    if not supported:
        logger.warning("live fan-out: direct socket writes off for %s", versions)
    return supported


def socket_writer(send):
    """A function writing a ready frame straight to the socket behind daphne's ASGI `send`.

    Returns None under any other server (or a test communicator), or under daphne/autobahn
    versions the direct path was not written for: those sockets get every message through the
    ASGI `send`. The function returns False whenever the direct path is not safe (socket not
    open, compression negotiated, autobahn has queued data of its own), and the caller then
    sends through ASGI as usual.
    """
    if not isinstance(send, functools.partial) or not send.args:
        return None
    if not fast_path_supported():
        return None
    protocol = send.args[0]
    if not all(hasattr(protocol, name) for name in ("transport", "STATE_OPEN", "send_queue")):
        return None

    def write(frame):
        if (
            protocol.state != protocol.STATE_OPEN
            or getattr(protocol, "_perMessageCompress", None) is not None
            or protocol.send_queue
        ):
            return False
        transport = protocol.transport
        if _idle_plain_tcp(transport):
            # Twisted would buffer the frame and register the socket for writing, then send it
            # on the next loop turn (two selector changes and a send per socket and message).
            # A socket with nothing queued takes the bytes now, as asyncio's transports do.
            try:
                sent = transport.socket.send(frame)
            except BlockingIOError:
                sent = 0
            except OSError:
                return False  # nothing written: the ASGI path reports the broken socket
            if sent == len(frame):
                return True
            frame = frame[sent:]
        transport.write(frame)
        return True

    return write


def _idle_plain_tcp(transport):
    """A Twisted TCP transport without TLS, connected, with nothing waiting in its buffers."""
    try:
        return (
            transport.connected
            and not transport.disconnecting
            and not transport._writeDisconnected
            and not getattr(transport, "TLS", False)
            and not transport._tempDataBuffer
            and len(transport.dataBuffer) == transport.offset
            and transport.socket is not None
        )
    except AttributeError:  # not Twisted's TCP transport: let it buffer as it likes
        return False


class SocketWriterMiddleware:
    """Outermost WebSocket middleware: keeps daphne's socket writer in the scope.

    It must sit outside Channels' session middleware, which wraps `send` in its own function.
    """

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        return await self.inner(
            dict(scope, **{SOCKET_WRITER_KEY: socket_writer(send)}), receive, send
        )


class Hub:
    """The local sockets of each room stream, and one pump that delivers in publish order."""

    def __init__(self):
        self.members = defaultdict(set)
        self.loop = None
        self.queue = None
        self.pump = None
        # Per room stream: bumped by every event received (and by anything that may have lost
        # one); a snapshot built at one version is current while the version stays. The epoch
        # changes with the event loop, so nothing built under an earlier loop ever matches.
        self.versions = defaultdict(int)
        self.epoch = None

    def _bind(self):
        # A process serves from one event loop; tests start a fresh loop per test, so a hub
        # found bound to another loop starts over.
        loop = asyncio.get_running_loop()
        if self.loop is not loop:
            self.members = defaultdict(set)
            self.versions = defaultdict(int)
            self.epoch = next(_epochs)
            self.loop = loop
            self.queue = asyncio.Queue()
            self.pump = loop.create_task(self._pump())
            self._started()

    def _started(self):
        pass

    async def join(self, key, member):
        self._bind()
        first = not self.members[key]
        self.members[key].add(member)
        if first:
            await self._subscribe(key)

    async def leave(self, key, member):
        if self.loop is not asyncio.get_running_loop():
            return
        local = self.members.get(key)
        if local is None:
            return
        local.discard(member)
        if not local:
            del self.members[key]
            await self._unsubscribe(key)

    def local_count(self, key):
        return len(self.members.get(key, ()))

    def version(self, key):
        """The stream's event count in this process, or None while this process may miss
        events of it (no event loop yet, or not subscribed); read from worker threads too."""
        if self.epoch is None:
            return None
        return (self.epoch, self.versions[key])

    def _received(self, key, seq, text):
        self.versions[key] += 1
        self.queue.put_nowait((key, seq, text))

    async def publish_from_loop(self, items):
        """Publish (key, seq, text) items from the event loop without blocking it."""
        for key, seq, text in items:
            self.publish(key, seq, text)

    async def _subscribe(self, key):
        pass

    async def _unsubscribe(self, key):
        pass

    def _enqueue_threadsafe(self, key, seq, text):
        loop = self.loop
        if loop is None or loop.is_closed():
            return  # nobody listens in this process; the event is in the log
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._received(key, seq, text)
        else:
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                loop.call_soon_threadsafe(self._received, key, seq, text)

    async def _pump(self):
        while True:
            key, seq, text = await self.queue.get()
            members = tuple(self.members.get(key, ()))
            # Framed once for the whole room.
            frame = text_frame(text) if members else None
            for member in members:
                try:
                    await member.deliver(seq, text, frame)
                except Exception:  # one broken socket must not stop the room
                    logger.exception("live delivery failed")

    def resync_all(self):
        for key in list(self.versions):
            self.versions[key] += 1
        for members in self.members.values():
            for member in tuple(members):
                member.request_resync()


class InProcessHub(Hub):
    """The embedded default: publishers in this process hand events straight to the pump."""

    name = "inmemory"

    def publish(self, key, seq, text):
        self._enqueue_threadsafe(key, seq, text)


class RedisHub(Hub):
    """One Redis pub/sub connection per process, one channel per room stream."""

    name = "redis"

    def __init__(self, url, prefix):
        super().__init__()
        self.url = url
        self.prefix = prefix
        self.pubsub = None
        self.reader = None
        self._broken = False
        self._publisher = None
        self._publisher_lock = threading.Lock()
        self.subscribed = set()
        self._sender = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="live-publish")

    def channel(self, key):
        room_id, stream = key
        return f"{self.prefix}:live:{room_id}:{stream}"

    def publish(self, key, seq, text):
        import redis

        with self._publisher_lock:
            if self._publisher is None:
                self._publisher = redis.Redis.from_url(self.url)
        try:
            self._publisher.publish(self.channel(key), f"{seq}\n{text}")
        except redis.RedisError:
            # The event is committed to the log; subscribers resync when Redis is back.
            logger.warning("live event %s#%s not published: Redis unavailable", key, seq)

    def version(self, key):
        if key not in self.subscribed:
            return None
        return super().version(key)

    async def publish_from_loop(self, items):
        # The blocking client would stall every socket of the process for a round trip: one
        # thread of its own sends them, in order.
        await self.loop.run_in_executor(self._sender, self._publish_all, items)

    def _publish_all(self, items):
        for key, seq, text in items:
            self.publish(key, seq, text)

    def _started(self):
        self.pubsub = None
        self.subscribed = set()
        self.reader = self.loop.create_task(self._read())

    def _key_of(self, channel):
        _, _, room_id, stream = channel.decode().rsplit(":", 3)
        return int(room_id), stream

    async def _connect(self):
        import redis.asyncio as aioredis

        client = aioredis.Redis.from_url(self.url)
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        keys = list(self.members)
        if keys:
            await pubsub.subscribe(*(self.channel(key) for key in keys))
        self.pubsub = pubsub
        # Rooms joined while we were connecting.
        missing = [key for key in self.members if key not in keys]
        if missing:
            await pubsub.subscribe(*(self.channel(key) for key in missing))
        self.subscribed = set(keys) | set(missing)

    async def _subscribe(self, key):
        # Subscribing also opens the pub/sub connection when it has none yet: after a
        # reconnect made while this process had no room sockets, redis-py has no connection
        # until the first subscription, and waiting for one here would stall the process.
        if self.pubsub is not None:
            try:
                await self.pubsub.subscribe(self.channel(key))
            except Exception:
                logger.warning("Redis subscribe failed; the reader reconnects")
                self._broken = True
            else:
                self.subscribed.add(key)

    async def _unsubscribe(self, key):
        self.subscribed.discard(key)
        self.versions[key] += 1
        if self.pubsub is not None and self.pubsub.connection is not None:
            try:
                await self.pubsub.unsubscribe(self.channel(key))
            except Exception:
                logger.warning("Redis unsubscribe failed")

    async def _read(self):
        delay = 0.2
        connected_once = False
        while True:
            try:
                if self.pubsub is None:
                    await self._connect()
                    if connected_once:
                        # Whatever was published while we were away is in the log.
                        self.resync_all()
                    connected_once = True
                    delay = 0.2
                if self._broken:
                    self._broken = False
                    raise ConnectionError("a subscription failed")
                if self.pubsub.connection is None:
                    if self.members:
                        # Rooms joined without a subscription: subscribe them, then let their
                        # sockets re-read the log for whatever was published meanwhile.
                        keys = list(self.members)
                        await self.pubsub.subscribe(*(self.channel(key) for key in keys))
                        self.subscribed = set(keys)
                        self.resync_all()
                    else:
                        await asyncio.sleep(0.05)
                    continue
                message = await self.pubsub.get_message(timeout=1.0)
                if message is None or message.get("type") != "message":
                    continue
                head, _, text = message["data"].partition(b"\n")
                self._received(self._key_of(message["channel"]), int(head), text.decode())
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Redis pub/sub connection lost; reconnecting")
                self.subscribed = set()
                if self.pubsub is not None:
                    with contextlib.suppress(Exception):  # the connection is gone already
                        await self.pubsub.aclose()
                self.pubsub = None
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5)


_hub = None
_hub_lock = threading.Lock()


def get_hub():
    global _hub
    with _hub_lock:
        if _hub is None:
            url = getattr(settings, "LIVE_FANOUT_REDIS_URL", None)
            if url:
                _hub = RedisHub(url, getattr(settings, "LIVE_FANOUT_PREFIX", "clusterhub"))
            else:
                _hub = InProcessHub()
        return _hub
