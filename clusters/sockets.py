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
one hop to a socket database thread, which keeps its connection (cluster_hub/socket_db.py), off
the single thread-sensitive executor (so a crowd joining at once is not authenticated one after
another), from the cached session store (settings: `cached_db`), with the user's roles loaded
for the two-factor rule in the same hop. When the session or user cannot be read the socket is
not treated as anonymous: the consumer answers "unavailable" and the client retries.
"""

import asyncio
import copy
import functools
import itertools
import logging
import weakref
from http.cookies import CookieError, SimpleCookie
from importlib import import_module
from urllib.parse import parse_qs

from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user,
    get_user_model,
    load_backend,
)
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from cluster_hub.socket_db import socket_database_sync_to_async
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
    return users_for_sessions([key])[key]


def users_for_sessions(keys):
    """{key: what django.contrib.auth.get_user answers for that session, with roles loaded},
    for many sessions at once: the sessions the cache lacks in one query, their users in one,
    their roles in one cache read or two queries (a crowd's sockets, four queries each when
    read one by one). Sessions of a backend other than the model backends, or of a session
    engine not stored in the database, are read one by one by Django itself."""
    stores = _session_stores(keys)
    users = {}
    by_user_id = {}
    for key, store in stores.items():
        found = _session_user(store)
        if found is None:
            users[key] = AnonymousUser()
        elif found is _ASK_DJANGO:
            users[key] = get_user(_SessionHolder(store))
        else:
            by_user_id.setdefault(found, []).append(key)
    user_model = get_user_model()
    found_users = user_model._default_manager.in_bulk(list(by_user_id))
    for user_id, same_user in by_user_id.items():
        for key in same_user:
            # A user object of its own per socket, as get_user would give it.
            user = copy.copy(found_users.get(user_id))
            users[key] = _verified(stores[key], user)
    permissions.load_viewer_facts(users.values())
    for user in users.values():
        permissions.passes_two_factor(user)  # loads what else the consumer's checks read
    return users


_ASK_DJANGO = object()


def _session_user(store):
    """The user id of a session the model backend signed in, None for no user, or
    _ASK_DJANGO for a session another backend signed in."""
    try:
        user_id = get_user_model()._meta.pk.to_python(store[SESSION_KEY])
        backend_path = store[BACKEND_SESSION_KEY]
    except (KeyError, ValidationError):
        return None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    backend = load_backend(backend_path)
    if type(backend).get_user is not ModelBackend.get_user:
        return _ASK_DJANGO
    return user_id


def _verified(session, user):
    """The user, if they may still use this session; else AnonymousUser (the session is
    flushed). The checks of django.contrib.auth.get_user, for a user read in bulk."""
    backend = load_backend(session[BACKEND_SESSION_KEY])
    if user is None or not backend.user_can_authenticate(user):
        return AnonymousUser()
    session_hash = session.get(HASH_SESSION_KEY)
    current_hash = user.get_session_auth_hash()
    if session_hash and constant_time_compare(session_hash, current_hash):
        return user
    if session_hash and any(
        constant_time_compare(session_hash, fallback_hash)
        for fallback_hash in user.get_session_auth_fallback_hash()
    ):
        # Signed under a previous secret: valid. A request moves the session to a new key
        # and the new hash; a socket cannot hand the browser a new cookie, so it leaves the
        # session as it is (moving it would sign the browser out).
        return user
    session.flush()
    return AnonymousUser()


def _session_stores(keys):
    """{key: session store} with each one's data read together when the engine keeps
    sessions in the database (behind the cache, for `cached_db`), as its `load()` would."""
    store_class = _preloading_store_class(settings.SESSION_ENGINE)
    stores = {key: store_class(session_key=key) for key in dict.fromkeys(keys)}
    if not issubclass(store_class, DatabaseSessionStore):
        return stores
    wanted = {key: store for key, store in stores.items() if store.session_key is not None}
    kept = {}
    prefix = getattr(store_class, "cache_key_prefix", None)
    if prefix is not None:
        cache = caches[settings.SESSION_CACHE_ALIAS]
        try:
            kept = cache.get_many([prefix + key for key in wanted])
        except Exception:  # as cached_db's load: an unreadable cache is a miss
            kept = {}
    rows = store_class.get_model_class().objects.filter(
        session_key__in=[key for key in wanted if prefix is None or prefix + key not in kept],
        expire_date__gt=timezone.now(),
    )
    for key, store in wanted.items():
        store.preloaded = {} if prefix is None else kept.get(prefix + key, {})
    for row in rows:
        store = wanted[row.session_key]
        store.preloaded = store.decode(row.session_data)
        if prefix is not None:
            cache.set(
                prefix + row.session_key,
                store.preloaded,
                store.get_expiry_age(expiry=row.expire_date),
            )
    return stores


@functools.cache
def _preloading_store_class(engine):
    engine_store = import_module(engine).SessionStore

    class PreloadingSessionStore(engine_store):
        """A session store whose data may have been read with others' (`preloaded`)."""

        preloaded = None

        @property
        def key_salt(self):
            # Sessions are signed under the engine's class name: read and write them as it.
            return "django.contrib.sessions." + engine_store.__qualname__

        def load(self):
            return super().load() if self.preloaded is None else self.preloaded

    return PreloadingSessionStore


class SessionAuth:
    """The user of the socket's session cookie in `scope["user"]` (see the module's text).

    The sockets of one process that arrive while a lookup is under way wait for the next
    one, which reads all their sessions at once (`users_for_sessions`): a lone socket is
    looked up at once, a crowd in a few hops instead of one hop of four queries each."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        key = session_key(scope)
        user, state = AnonymousUser(), None
        if key is not None:
            try:
                user = await _session_lookups().user_for(key)
            except Exception:
                logger.exception("session lookup failed")
                user, state = AnonymousUser(), "unavailable"
        scope = {**scope, "user": user}
        if state is not None:
            scope[TOKEN_SCOPE_KEY] = state
        return await self.inner(scope, receive, send)


# Sessions read in one hop at most: a hop holds a database thread (and the sockets' answers)
# for as long as it takes.
LOOKUP_BATCH = 250


class _SessionLookups:
    """The session keys of one event loop waiting for their lookup."""

    def __init__(self):
        self.waiting = {}
        self.running = False

    async def user_for(self, key):
        future = asyncio.get_running_loop().create_future()
        self.waiting.setdefault(key, []).append(future)
        if not self.running:
            self.running = True
            asyncio.get_running_loop().create_task(self._look_up())
        return await future

    async def _look_up(self):
        try:
            while self.waiting:
                keys = list(itertools.islice(self.waiting, LOOKUP_BATCH))
                futures = {key: self.waiting.pop(key) for key in keys}
                try:
                    users = await socket_database_sync_to_async(users_for_sessions)(keys)
                except Exception as error:
                    for waiting in futures.values():
                        for future in waiting:
                            if not future.done():
                                future.set_exception(error)
                    continue
                for key, waiting in futures.items():
                    for index, future in enumerate(waiting):
                        if not future.done():
                            # Two sockets of one session: each its own user object.
                            future.set_result(users[key] if index == 0 else copy.copy(users[key]))
        finally:
            self.running = False


_lookups_by_loop = weakref.WeakKeyDictionary()


def _session_lookups():
    loop = asyncio.get_running_loop()
    lookups = _lookups_by_loop.get(loop)
    if lookups is None:
        lookups = _lookups_by_loop[loop] = _SessionLookups()
    return lookups


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
            user = await socket_database_sync_to_async(authenticate_token)(secret)
            state = "valid" if user else "invalid"
        except Exception:
            # The database stumbled: the consumer says "unavailable" and the client retries,
            # rather than the handshake failing without a word.
            logger.exception("personal token lookup failed")
            user, state = None, "unavailable"
        scope = {**scope, "user": user or AnonymousUser(), TOKEN_SCOPE_KEY: state}
        return await self.router(scope, receive, send)
