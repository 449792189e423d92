"""Who a WebSocket belongs to: a personal token, or else the session cookie.

A client that presents a personal token (`Authorization: Bearer chp_...`, or `?token=` where it
cannot set headers) is that token's owner and its cookies are not read. Such a socket skips the
origin check, which exists to stop other sites riding on a browser's session cookie; a token is
not sent by the browser on its own. An unknown or revoked token is answered by the consumer
with an `invalid_token` refusal, never silently downgraded to an anonymous viewer.
"""

from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.contrib.auth.models import AnonymousUser

from clusters.services import authenticate_token

TOKEN_SCOPE_KEY = "personal_token"  # noqa: S105 — "valid" or "invalid" when one was presented


def presented_token(scope):
    for name, value in scope.get("headers", ()):
        if name.lower() == b"authorization":
            kind, _space, secret = value.decode("latin-1").partition(" ")
            if kind.lower() == "bearer" and secret.strip():
                return secret.strip()
    query = parse_qs(scope.get("query_string", b"").decode())
    return query.get("token", [None])[0] or None


class TokenOrSessionAuth:
    """Routes a token socket straight to `router`; any other through `session_stack`."""

    def __init__(self, router, session_stack):
        self.router = router
        self.session_stack = session_stack

    async def __call__(self, scope, receive, send):
        secret = presented_token(scope)
        if secret is None:
            return await self.session_stack(scope, receive, send)
        user = await database_sync_to_async(authenticate_token)(secret)
        scope = {
            **scope,
            "user": user or AnonymousUser(),
            TOKEN_SCOPE_KEY: "valid" if user else "invalid",
        }
        return await self.router(scope, receive, send)
