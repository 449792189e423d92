"""Who a socket belongs to, for a crowd: `users_for_sessions` reads many sessions together and
answers for each what django.contrib.auth.get_user answers, and `SessionAuth` gathers the
sockets that arrive while a lookup is under way into the next one."""

import asyncio
from importlib import import_module

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from clusters import sockets
from tests.factories import MemberProfileFactory, UserFactory

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
ALLAUTH_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


def _signed_in(user, backend=MODEL_BACKEND):
    client = Client()
    client.force_login(user, backend=backend)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _store(key):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)


def _django_answer(key):
    return get_user(sockets._SessionHolder(_store(key)))


def _forget_kept_sessions():
    """As after a restart of a process with the local cache: the sessions are in the database
    only (and what is kept of people's roles is gone too)."""
    caches["people"].clear()


def _fresh_user(name, **fields):
    return MemberProfileFactory(user=UserFactory(username=name, **fields)).user


# Each case makes a session in some state and returns its key; it is made twice, once for
# Django's own answer and once for the bulk one (an answer may change the session).
def _member(number):
    return _signed_in(_fresh_user(f"member-{number}"))


def _signed_in_by_allauth(number):
    return _signed_in(_fresh_user(f"allauth-{number}"), backend=ALLAUTH_BACKEND)


def _password_changed(number):
    user = _fresh_user(f"changed-{number}")
    key = _signed_in(user)
    user.set_password("a new password 2026")
    user.save()
    return key


def _deactivated(number):
    user = _fresh_user(f"inactive-{number}")
    key = _signed_in(user)
    user.is_active = False
    user.save()
    return key


def _user_deleted(number):
    user = _fresh_user(f"deleted-{number}")
    key = _signed_in(user)
    user.delete()
    return key


def _signed_out(number):
    key = _signed_in(_fresh_user(f"signed-out-{number}"))
    _store(key).delete()
    return key


def _unknown_backend(number):
    key = _signed_in(_fresh_user(f"unknown-backend-{number}"))
    store = _store(key)
    store["_auth_user_backend"] = "somewhere.else.Backend"
    store.save()
    return key


def _no_hash(number):
    key = _signed_in(_fresh_user(f"no-hash-{number}"))
    store = _store(key)
    del store["_auth_user_hash"]
    store.save()
    return key


def _not_a_session(number):
    return f"nosuchsession{number:020d}"


CASES = [
    _member,
    _signed_in_by_allauth,
    _password_changed,
    _deactivated,
    _user_deleted,
    _signed_out,
    _unknown_backend,
    _no_hash,
    _not_a_session,
]


@pytest.mark.django_db
@pytest.mark.parametrize("kept", [True, False], ids=["kept-in-cache", "database-only"])
def test_each_session_gets_what_django_answers(kept):
    theirs, ours = {}, {}
    for number, case in enumerate(CASES):
        theirs[case.__name__] = case(2 * number)
        ours[case.__name__] = case(2 * number + 1)
    if not kept:
        _forget_kept_sessions()
    answers = sockets.users_for_sessions(list(ours.values()))
    for number, (name, key) in enumerate(ours.items()):
        expected = _django_answer(theirs[name])
        answer = answers[key]
        assert answer.is_authenticated == expected.is_authenticated, name
        # The same user as Django's but for the number (each case made two alike).
        assert answer.get_username() == expected.get_username().replace(
            f"-{2 * number}", f"-{2 * number + 1}"
        ), name
        # A refused session is flushed (or kept) as Django does with it.
        assert _still_there(key) == _still_there(theirs[name]), name
    signed_in = {name for name, key in ours.items() if answers[key].is_authenticated}
    assert signed_in == {"_member", "_signed_in_by_allauth"}


def _still_there(key):
    return Session.objects.filter(session_key=key).exists()


@pytest.mark.django_db
def test_a_session_signed_under_an_old_secret_stays_signed_in_and_keeps_its_key(settings):
    user = _fresh_user("rotated")
    settings.SECRET_KEY = "the secret of last year"
    key = _signed_in(user)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the secret of this year"
    _forget_kept_sessions()
    assert sockets.users_for_sessions([key])[key].get_username() == "rotated"
    # A socket cannot give the browser a new cookie: the session is not moved to a new key
    # (Django's get_user would, and the browser's next page would find itself signed out).
    assert _still_there(key)
    assert Session.objects.count() == 1
    assert _django_answer(key).get_username() == "rotated"  # which moves it, as a request does
    assert not _still_there(key)


@pytest.mark.django_db(transaction=True)  # roles are kept only outside a transaction
def test_a_crowd_is_read_in_four_queries_and_then_in_one():
    keys = [_member(number) for number in range(12)]
    _forget_kept_sessions()
    with CaptureQueriesContext(connection) as cold:
        answers = sockets.users_for_sessions(keys)
    # Sessions, users, roles, profiles: not four per socket.
    assert len(cold.captured_queries) == 4, [query["sql"] for query in cold.captured_queries]
    assert {answers[key].get_username() for key in keys} == {f"member-{n}" for n in range(12)}
    with CaptureQueriesContext(connection) as warm:
        again = sockets.users_for_sessions(keys)
    assert len(warm.captured_queries) == 1  # the users: sessions and roles are kept
    # Each socket gets a user object of its own.
    assert len({id(user) for user in again.values()}) == len(keys)


@pytest.mark.django_db(transaction=True)
def test_the_people_cache_holds_a_live_days_crowd():
    """The local cache kept 300 entries: 150 people signed in pushed each other out, and every
    socket read its session and roles from the database again."""
    keys = [_signed_in(UserFactory(username=f"crowd-{number}")) for number in range(400)]
    for key in keys:
        sockets.user_for_session(key)
    with CaptureQueriesContext(connection) as queries:
        answers = [sockets.user_for_session(key) for key in keys]
    assert len(queries.captured_queries) == len(keys)  # the user of each: nothing else
    assert all(user.is_authenticated for user in answers)


async def _authenticated_scopes(keys):
    seen = {}

    async def inner(scope, receive, send):
        seen[scope["cookie_key"]] = scope["user"]

    auth = sockets.SessionAuth(inner)

    async def socket(key):
        scope = {
            "type": "websocket",
            "cookie_key": key,
            "headers": [(b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())],
        }
        await auth(scope, None, None)

    await asyncio.gather(*(socket(key) for key in keys))
    return seen


@pytest.mark.django_db(transaction=True)
async def test_sockets_arriving_together_share_lookups_and_each_gets_its_own_user(monkeypatch):
    keys = await database_sync_to_async(lambda: [_member(number) for number in range(30)])()
    await database_sync_to_async(_forget_kept_sessions)()
    batches = []
    real = sockets.users_for_sessions

    def counted(batch):
        batches.append(len(batch))
        return real(batch)

    monkeypatch.setattr(sockets, "users_for_sessions", counted)
    seen = await _authenticated_scopes([*keys, keys[0]])
    usernames = {key: user.get_username() for key, user in seen.items()}
    assert usernames == {key: f"member-{number}" for number, key in enumerate(keys)}
    # One lookup for the 30 sessions that arrived together; the second socket of one session
    # waits for the same lookup.
    assert batches == [30]


@pytest.mark.django_db(transaction=True)
async def test_a_failed_lookup_answers_every_waiting_socket_as_unavailable(monkeypatch):
    keys = await database_sync_to_async(lambda: [_member(number) for number in range(3)])()

    def broken(batch):
        raise RuntimeError("the database is away")

    monkeypatch.setattr(sockets, "users_for_sessions", broken)
    seen = {}

    async def inner(scope, receive, send):
        seen[scope["cookie_key"]] = scope.get(sockets.TOKEN_SCOPE_KEY)

    auth = sockets.SessionAuth(inner)
    await asyncio.gather(
        *(
            auth(
                {
                    "type": "websocket",
                    "cookie_key": key,
                    "headers": [(b"cookie", f"sessionid={key}".encode())],
                },
                None,
                None,
            )
            for key in keys
        )
    )
    assert seen == dict.fromkeys(keys, "unavailable")
    monkeypatch.undo()
    after = await _authenticated_scopes(keys)  # the next lookups run again
    assert all(user.is_authenticated for user in after.values())
