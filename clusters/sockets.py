"""Who a WebSocket belongs to: a personal token, else the session cookie, else nobody.

A client that presents a personal token (`Authorization: Bearer chp_...`, or `?token=` where it
cannot set headers) is that token's owner and its cookies are not read. Such a socket skips the
origin check, which exists to stop other sites riding on a browser's session cookie; a token is
not sent by the browser on its own. An unknown or revoked token is answered by the consumer
with an `invalid_token` refusal, never silently downgraded to an anonymous viewer. A socket
with neither token nor session cookie nor `Origin` (not a browser: an app not signed in) carries
no credentials to ride on, so it is let through as an anonymous viewer; anything a browser
sends (it always sends `Origin`) goes through the origin check as before.

A session cookie is resolved by `SessionAuth` (in place of Channels' AuthMiddlewareStack): in
one hop to a worker thread, off the single thread-sensitive executor (so a crowd joining at
once is not authenticated one after another), from the cached session store (settings:
`cached_db`), with the user's roles loaded for the two-factor rule in the same hop. When the
session or user cannot be read the socket is not treated as anonymous: the consumer answers
"unavailable" and the client retries.
"""

import logging
from http.cookies import CookieError, SimpleCookie
from importlib import import_module
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.models import AnonymousUser

from clusters import permissions
from clusters.services import authenticate_token

logger = logging.getLogger(__name__)
# "valid", "invalid" or "unavailable" when a token was presented; "unavailable" too when a
# session cookie could not be resolved.
TOKEN_SCOPE_KEY = "personal_token"  # noqa: S105 — the name of a scope key, not a secret


def presented_token(scope):
    for name, value in scope.get("headers", ()):
        if name.lower() == b"authorization":
            kind, _space, secret = value.decode("latin-1").partition(" ")
            if kind.lower() == "bearer" and secret.strip():
                return secret.strip()
    query = parse_qs(scope.get("query_string", b"").decode())
    return query.get("token", [None])[0] or None


def session_key(scope):
    for name, value in scope.get("headers", ()):
        if name.lower() == b"cookie":
            try:
                cookies = SimpleCookie(value.decode("latin-1"))
            except CookieError:
                return None
            morsel = cookies.get(settings.SESSION_COOKIE_NAME)
            if morsel is not None and morsel.value:
                return morsel.value
    return None


class _SessionHolder:
    """What django.contrib.auth.get_user reads from a request: its session."""

    def __init__(self, session):
        self.session = session


def user_for_session(key):
    """The signed-in user of session `key` (with roles loaded), or AnonymousUser."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
    user = get_user(_SessionHolder(store))
    permissions.passes_two_factor(user)  # loads the roles the consumer's checks read
    return user


class SessionAuth:
    """The user of the socket's session cookie in `scope["user"]` (see the module's text)."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        key = session_key(scope)
        user, state = AnonymousUser(), None
        if key is not None:
            try:
                user = await database_sync_to_async(user_for_session, thread_sensitive=False)(key)
            except Exception:
                logger.exception("session lookup failed")
                user, state = AnonymousUser(), "unavailable"
        scope = {**scope, "user": user}
        if state is not None:
            scope[TOKEN_SCOPE_KEY] = state
        return await self.inner(scope, receive, send)


def needs_origin_check(scope):
    """A browser's socket (it sends Origin) or one carrying the session cookie."""
    for name, value in scope.get("headers", ()):
        if name.lower() == b"origin":
            return True
        if name.lower() == b"cookie":
            try:
                cookies = SimpleCookie(value.decode("latin-1"))
            except CookieError:
                return True  # unreadable: let the session stack (and its origin check) decide
            if settings.SESSION_COOKIE_NAME in cookies:
                return True
    return False


class TokenOrSessionAuth:
    """Routes a token socket, or a non-browser one without credentials, straight to `router`;
    any other through `session_stack` (origin check, session authentication)."""

    def __init__(self, router, session_stack):
        self.router = router
        self.session_stack = session_stack

    async def __call__(self, scope, receive, send):
        secret = presented_token(scope)
        if secret is None:
            if needs_origin_check(scope):
                return await self.session_stack(scope, receive, send)
            return await self.router({**scope, "user": AnonymousUser()}, receive, send)
        try:
            user = await database_sync_to_async(authenticate_token)(secret)
            state = "valid" if user else "invalid"
        except Exception:
            # The database stumbled: the consumer says "unavailable" and the client retries,
            # rather than the handshake failing without a word.
            logger.exception("personal token lookup failed")
            user, state = None, "unavailable"
        scope = {**scope, "user": user or AnonymousUser(), TOKEN_SCOPE_KEY: state}
        return await self.router(scope, receive, send)
