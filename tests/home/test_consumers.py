import pytest
from channels.testing import WebsocketCommunicator

from cluster_hub.asgi import application

pytestmark = [pytest.mark.integration]


# Channels closes stale database connections around every message, so the full stack
# touches the database even for a consumer that does not.
@pytest.mark.django_db(transaction=True)
async def test_ping_through_the_full_asgi_stack():
    communicator = WebsocketCommunicator(
        application,
        "/ws/ping/",
        headers=[(b"origin", b"http://localhost"), (b"host", b"localhost")],
    )
    connected, _ = await communicator.connect()
    assert connected
    await communicator.send_json_to({"echo": "안녕"})
    assert await communicator.receive_json_from() == {
        "type": "pong",
        "authenticated": False,
        "echo": "안녕",
    }
    await communicator.disconnect()


async def test_foreign_origin_is_refused():
    communicator = WebsocketCommunicator(
        application,
        "/ws/ping/",
        headers=[(b"origin", b"http://evil.example"), (b"host", b"localhost")],
    )
    connected, _ = await communicator.connect()
    assert not connected
