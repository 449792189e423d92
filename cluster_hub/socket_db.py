"""Database work of WebSockets: a few long-lived threads that keep their connections.

Channels' `database_sync_to_async` closes the thread's connection after every call when
`CONN_MAX_AGE` is 0, which it is here for good reason: an HTTP request's sync code runs in a
thread of that request's own, so a kept connection would be orphaned when the thread goes. A
socket's calls run instead in a small pool of threads that live as long as the process, so
each thread can keep its connection (at most `SOCKET_DB_THREADS` per process and database).
A crowd joining at once spent most of its server time opening connections: a new SQLite
connection reads the whole schema (~1.8 ms), a PostgreSQL one is a round trip and a backend.

A kept connection is still closed when an error left it unusable, when a transaction was left
open (autocommit not restored), or `SOCKET_DB_CONN_MAX_AGE` seconds after it opened; one that
sat idle longer than `IDLE_CHECK_SECONDS` is checked before use (a restarted server).
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import SyncToAsync
from django.conf import settings
from django.db import connections

# Idle for longer than this, a kept connection is checked before it is used.
IDLE_CHECK_SECONDS = 5

_executor = None
_executor_lock = threading.Lock()
_kept = threading.local()  # alias -> (the raw connection this thread keeps, last used)


def executor():
    """The process's pool of socket database threads (made on first use)."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(
                max_workers=settings.SOCKET_DB_THREADS, thread_name_prefix="socket-db"
            )
        return _executor


def _kept_connections():
    if not hasattr(_kept, "by_alias"):
        _kept.by_alias = {}
    return _kept.by_alias


def _check_before_use():
    kept = _kept_connections()
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        raw = connection.connection
        known = kept.get(connection.alias)
        if raw is None or known is None or known[0] is not raw:
            continue
        if connection.in_atomic_block:
            connection.close()  # never reached through atomic(); a leak is not carried on
        elif now - known[1] > IDLE_CHECK_SECONDS and not connection.is_usable():
            connection.close()


def _tidy_after_use():
    kept = _kept_connections()
    now = time.monotonic()
    for connection in connections.all(initialized_only=True):
        raw = connection.connection
        if raw is None:
            kept.pop(connection.alias, None)
            continue
        known = kept.get(connection.alias)
        if known is None or known[0] is not raw:
            # Opened by this call: CONN_MAX_AGE=0 gave it no future, the pool gives it one.
            connection.close_at = now + settings.SOCKET_DB_CONN_MAX_AGE
        kept[connection.alias] = (raw, now)
        connection.close_if_unusable_or_obsolete()
        if connection.connection is None:
            kept.pop(connection.alias, None)


class SocketDatabaseSyncToAsync(SyncToAsync):
    """`func` run on a socket database thread, with that thread's kept connection."""

    def __init__(self, func):
        super().__init__(func, thread_sensitive=False, executor=executor())

    def thread_handler(self, loop, *args, **kwargs):
        _check_before_use()
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            _tidy_after_use()


socket_database_sync_to_async = SocketDatabaseSyncToAsync
