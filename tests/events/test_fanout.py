"""The pre-built WebSocket frames the fan-out writes to every socket of a room."""

import functools

import pytest
from websockets.frames import Frame, Opcode
from websockets.streams import StreamReader

from events.fanout import socket_writer, text_frame

pytestmark = pytest.mark.unit


def parse(data):
    """Decode one server frame with the websockets library's own parser."""
    reader = StreamReader()
    reader.feed_data(data)
    reader.feed_eof()
    parser = Frame.parse(reader.read_exact, mask=False)
    try:
        next(parser)
    except StopIteration as done:
        return done.value
    raise AssertionError("incomplete frame")


# 7-bit, 16-bit and 64-bit payload lengths (RFC 6455, section 5.2)
@pytest.mark.parametrize("characters", [0, 41, 125, 126, 40_000, 70_000])
def test_text_frames_decode_to_the_same_text(characters):
    text = ("질문 q" * characters)[:characters]
    frame = parse(text_frame(text))
    assert frame.opcode is Opcode.TEXT and frame.fin
    assert frame.data.decode() == text


def test_no_direct_writer_without_daphne():
    async def send(message):  # what a test communicator or another server hands the app
        pass

    assert socket_writer(send) is None
    assert socket_writer(functools.partial(send)) is None


class _DaphneLikeProtocol:
    STATE_OPEN = 1
    state = 1
    send_queue = ()
    transport = None


def test_direct_writer_only_for_the_versions_it_was_written_for(monkeypatch):
    from events import fanout

    async def send(protocol, message):  # daphne hands the app a partial of its protocol
        pass

    daphne_send = functools.partial(send, _DaphneLikeProtocol())
    fanout.fast_path_supported.cache_clear()
    assert fanout.fast_path_supported()  # the pinned daphne and autobahn
    assert callable(socket_writer(daphne_send))

    versions = {"daphne": "5.0.0", "autobahn": "26.10.2"}
    monkeypatch.setattr(fanout.metadata, "version", versions.__getitem__)
    fanout.fast_path_supported.cache_clear()
    try:
        assert socket_writer(daphne_send) is None  # Channels' own send instead
    finally:
        monkeypatch.undo()
        fanout.fast_path_supported.cache_clear()
    assert callable(socket_writer(daphne_send))
