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
