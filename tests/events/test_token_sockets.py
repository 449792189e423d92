"""The live socket accepts a personal token instead of the session cookie (a mobile app needs
no cookie and no CSRF scraping), with the same rules: two-factor, moderator streams."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from clusters import services as cluster_services

from .conftest import _give_totp, act

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


async def _connect(session, *, headers=(), query=""):
    from cluster_hub.asgi import application

    path = f"/ws/live/{session.pk}/?lang=en{query}"
    communicator = WebsocketCommunicator(application, path, headers=list(headers))
    connected, _code = await communicator.connect(timeout=5)
    assert connected  # accepted: refusals are told in an error frame, then closed
    return communicator


def _token(user):
    return cluster_services.create_token(actor=user, name="app")


async def test_a_token_socket_without_origin_or_cookie_takes_part(users, talk):
    _token_row, secret = await database_sync_to_async(_token)(users["member"])
    socket = await _connect(talk, headers=[(b"authorization", f"Bearer {secret}".encode())])
    assert (await socket.receive_json_from())["type"] == "snapshot"
    ack = await act(socket, "ask", body="토큰으로 질문합니다")
    assert ack["type"] == "ack"
    await socket.disconnect()


async def test_the_token_may_come_in_the_query_string(users, talk):
    _token_row, secret = await database_sync_to_async(_token)(users["member"])
    socket = await _connect(talk, query=f"&token={secret}")
    assert (await socket.receive_json_from())["type"] == "snapshot"
    assert (await act(socket, "ask", body="질문"))["type"] == "ack"
    await socket.disconnect()


async def test_a_revoked_or_unknown_token_is_refused_with_a_reason(users, talk):
    token, secret = await database_sync_to_async(_token)(users["member"])
    await database_sync_to_async(cluster_services.revoke_token)(token, actor=users["member"])
    for presented in (secret, "chp_unknown"):
        socket = await _connect(talk, headers=[(b"authorization", f"Bearer {presented}".encode())])
        refusal = await socket.receive_json_from()
        assert refusal["type"] == "error" and refusal["code"] == "invalid_token"
        assert refusal["ref"] is None
        closed = await socket.receive_output(timeout=3)
        assert closed == {"type": "websocket.close", "code": 4401, "reason": ""} or (
            closed["type"] == "websocket.close" and closed["code"] == 4401
        )


async def test_token_sockets_follow_the_same_rules(users, talk):
    # A member's token does not open the moderators' stream.
    _token_row, secret = await database_sync_to_async(_token)(users["member"])
    socket = await _connect(
        talk, headers=[(b"authorization", f"Bearer {secret}".encode())], query="&view=staff"
    )
    assert (await socket.receive_json_from())["code"] == "forbidden"
    # A coordinator's token without two-factor authentication is refused, then accepted with it.
    _token_row, coordinator_secret = await database_sync_to_async(_token)(users["coordinator"])
    header = [(b"authorization", f"Bearer {coordinator_secret}".encode())]
    socket = await _connect(talk, headers=header, query="&view=staff")
    assert (await socket.receive_json_from())["code"] == "two_factor_required"
    await database_sync_to_async(_give_totp)(users["coordinator"])
    socket = await _connect(talk, headers=header, query="&view=staff")
    assert (await socket.receive_json_from())["type"] == "snapshot"
    await socket.disconnect()


async def test_a_cookie_socket_from_another_site_is_still_refused(users, talk):
    from cluster_hub.asgi import application

    from .conftest import session_cookie

    cookie = await database_sync_to_async(session_cookie)(users["member"])
    communicator = WebsocketCommunicator(
        application,
        f"/ws/live/{talk.pk}/",
        headers=[(b"origin", b"https://evil.example"), (b"cookie", f"sessionid={cookie}".encode())],
    )
    connected, _code = await communicator.connect(timeout=5)
    assert not connected


async def test_a_socket_without_credentials_watches_without_an_origin(users, talk):
    socket = await _connect(talk)  # no cookie, no token, no Origin: a public screen or an app
    assert (await socket.receive_json_from())["type"] == "snapshot"
    assert (await act(socket, "ask", body="질문"))["code"] == "login_required"
    await socket.disconnect()


async def test_a_database_failure_while_checking_a_token_is_answered_and_retried(
    users, talk, monkeypatch
):
    from django.db import OperationalError

    from clusters import sockets

    def failing(secret):
        raise OperationalError("database is locked")

    monkeypatch.setattr(sockets, "authenticate_token", failing)
    socket = await _connect(talk, headers=[(b"authorization", b"Bearer chp_anything")])
    frame = await socket.receive_json_from()
    assert frame["type"] == "error" and frame["code"] == "unavailable" and frame["ref"] is None
    closed = await socket.receive_output(timeout=3)
    assert closed["type"] == "websocket.close" and closed["code"] == 1013  # a retry, not a refusal
