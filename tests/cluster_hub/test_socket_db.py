"""Sockets' database work runs on threads that keep their connections (cluster_hub/socket_db):
a crowd's lookups do not each open one, and a connection that went bad is not kept."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection

from cluster_hub import socket_db

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def one_thread(monkeypatch):
    """The pool with a single thread, so that consecutive calls meet the same connection."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="socket-db-test")
    monkeypatch.setattr(socket_db, "_executor", pool)
    yield
    pool.submit(lambda: connection.close()).result()
    pool.shutdown()


# Django never closes an in-memory SQLite database (closing would destroy it), the tests'
# SQLite database is one, so what closing does is tested on PostgreSQL (the other CI half).
@pytest.fixture
def closing_database():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("Django never closes an in-memory SQLite database")


closes_connections = pytest.mark.usefixtures("closing_database")


def _raw_connection():
    get_user_model().objects.exists()
    return connection.connection


async def _call(func, *args):
    return await socket_db.socket_database_sync_to_async(func)(*args)


async def test_calls_on_one_thread_share_its_connection(one_thread):
    first = await _call(_raw_connection)
    assert await _call(_raw_connection) is first
    assert await _call(_raw_connection) is first


async def test_the_pool_opens_a_connection_per_thread_not_per_call():
    seen = [await _call(_raw_connection) for _ in range(20)]
    distinct = {id(raw) for raw in seen}  # `seen` holds them all, so no id is reused
    assert len(distinct) <= socket_db.executor()._max_workers


@closes_connections
async def test_a_connection_is_closed_after_its_age(one_thread, settings):
    settings.SOCKET_DB_CONN_MAX_AGE = 0
    first = await _call(_raw_connection)
    assert await _call(_raw_connection) is not first


def _break_and_query():
    connection.connection.close()  # as when the server goes away under the connection
    get_user_model().objects.exists()


@closes_connections
async def test_a_connection_broken_by_an_error_is_replaced(one_thread):
    first = await _call(_raw_connection)
    with pytest.raises(DatabaseError):
        await _call(_break_and_query)
    replacement = await _call(_raw_connection)
    assert replacement is not first
    assert await _call(lambda: get_user_model().objects.count()) == 0


def _leave_a_transaction_open():
    connection.set_autocommit(False)
    get_user_model().objects.exists()
    return connection.connection


@closes_connections
async def test_a_transaction_left_open_is_not_carried_to_the_next_call(one_thread):
    left_open = await _call(_leave_a_transaction_open)
    assert await _call(_raw_connection) is not left_open
    assert await _call(lambda: connection.get_autocommit()) is True


def _end_the_backend(pid):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])


def _backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


async def test_a_connection_the_server_ended_while_idle_is_checked_before_use(
    one_thread, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("a database server that can end a connection (PostgreSQL)")
    monkeypatch.setattr(socket_db, "IDLE_CHECK_SECONDS", 0)
    pid = await _call(_backend_pid)
    # From another connection, as a restarted or tidying server would.
    await database_sync_to_async(_end_the_backend)(pid)
    # The next lookup notices the kept connection is gone and opens another: no error.
    assert await _call(_backend_pid) != pid
