import json
from datetime import time, timedelta

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.utils import timezone

from cluster_hub.pages import republish
from events.models import EventIndexPage, EventPage, EventSession, JuryMember
from forums.models import ProgrammeSlot
from tests.factories import MemberProfileFactory, UserFactory


def make_event(index, site_tree, *, slug="live", **fields):
    now = timezone.now()
    values = {
        "title": "2026 탄소 세미나",
        "slug": slug,
        "kind": EventPage.Kind.SEMINAR,
        "starts_at": now + timedelta(days=3),
        "ends_at": now + timedelta(days=3, hours=4),
        "venue": "구미코 3층",
        "moderated": True,
        "allow_anonymous": True,
        # The Q&A mechanics tests let anyone signed in take part; who may take part by
        # default (registered attendees) is tested in test_permissions.py.
        "qa_participants": EventPage.Participants.SIGNED_IN,
    }
    values.update(fields)
    event = EventPage(**values)
    index.add_child(instance=event)
    event.host_clusters.set([site_tree["carbon"]])
    event.save_revision().publish()
    return EventPage.objects.get(pk=event.pk)


@pytest.fixture
def event_index(site_tree):
    index = EventIndexPage(title="행사", slug="events")
    site_tree["home"].add_child(instance=index)
    index.save_revision().publish()
    return EventIndexPage.objects.get(pk=index.pk)


@pytest.fixture
def live_event(event_index, site_tree):
    return make_event(event_index, site_tree)


@pytest.fixture
def talk(live_event):
    starts = live_event.starts_at
    return EventSession.objects.create(
        event=live_event,
        title="탄소섬유 시장 전망",
        starts_at=starts,
        ends_at=starts + timedelta(minutes=40),
        room="A홀",
    )


@pytest.fixture
def juror(live_event):
    user = MemberProfileFactory(
        user=UserFactory(username="juror"), organisation=None, membership_confirmed=False
    ).user
    JuryMember.objects.create(event=live_event, user=user)
    return user


def session_cookie(user):
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client.cookies["sessionid"].value


def _give_totp(user):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from clusters import permissions

    if permissions.requires_two_factor(user) and not permissions.has_totp(user):
        TOTP.activate(user, generate_totp_secret())


async def connect(session, user=None, *, view="", since=0, lang="en", two_factor=True):
    """A WebSocket client of the full ASGI app (origin check, session auth), connected.
    Coordinators get TOTP first (as they must have), unless `two_factor=False`."""
    from cluster_hub.asgi import application

    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if user is not None and two_factor:
        await database_sync_to_async(_give_totp)(user)
    if user is not None:
        cookie = await database_sync_to_async(session_cookie)(user)
        headers.append((b"cookie", f"sessionid={cookie}".encode()))
    path = f"/ws/live/{session.pk}/?since={since}&lang={lang}"
    if view:
        path += f"&view={view}"
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, code = await communicator.connect(timeout=5)
    communicator.refusal = None
    if connected:
        # A refused socket is accepted, told why in an error frame, then closed with a code.
        first = await communicator.receive_output(timeout=5)
        frame = json.loads(first.get("text", "null")) if first["type"] == "websocket.send" else None
        taken = [first]
        if isinstance(frame, dict) and frame.get("type") == "error" and frame.get("ref") is None:
            closing = await communicator.receive_output(timeout=5)
            taken.append(closing)
            if closing["type"] == "websocket.close":
                communicator.refusal = frame
                connected, code = False, closing.get("code")
        if connected:
            communicator.output_queue._queue.extendleft(reversed(taken))  # put them back
    communicator.close_code = code
    communicator.connected = connected
    return communicator


async def receive_until(communicator, predicate, timeout=3):
    """Frames up to and including the first one `predicate` accepts."""
    frames = []
    while True:
        frame = await communicator.receive_json_from(timeout=timeout)
        frames.append(frame)
        if predicate(frame):
            return frames


async def act(communicator, verb, **data):
    """Send an action and return its ack or error frame (broadcasts before it are skipped)."""
    ref = f"r{id(data)}"
    await communicator.send_json_to({"action": verb, "ref": ref, **data})
    frames = await receive_until(
        communicator,
        lambda f: f.get("type") in ("ack", "error", "caught_up") and f.get("ref") == ref,
    )
    return frames[-1]


# The forum's fixtures, for live days of a forum edition.
from tests.forums.conftest import edition, forum_index, make_pitch  # noqa: E402, F401


@pytest.fixture
def forum_day(event_index, site_tree, make_pitch, edition, users):  # noqa: F811
    """A forum's live day whose edition has one accepted pitch on the programme."""
    pitch = make_pitch(status="accepted")
    republish(
        edition,
        actor=None,
        children={"programme_slots": [ProgrammeSlot(pitch=pitch, starts_at=time(14), minutes=15)]},
    )
    assert ProgrammeSlot.objects.filter(edition=edition).count() == 1
    event = make_event(
        event_index,
        site_tree,
        slug="forum-day",
        kind="forum_day",
        forum_edition=edition,
        ends_at=timezone.now() - timedelta(hours=1),
        starts_at=timezone.now() - timedelta(hours=5),
    )
    return event, pitch
