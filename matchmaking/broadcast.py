"""The only path from a change of meetings to the sockets: services call these inside their
transaction; the message goes to the channel layer after the commit (a rolled-back change is
never announced). A layer that is down costs the live hint only: the pages and notifications
carry the change, and a reconnecting page learns it from its version (see protocol.py)."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)

# Changes that notify nobody (their `kind` is not a notification's): the socket names them.
SCHEDULE_DRAFTED = "schedule_drafted"
ATTENDANCE = "attendance"


def person_group(participant_id):
    return f"meetings.person.{participant_id}"


def schedule_group(matchmaking_id):
    return f"meetings.schedule.{matchmaking_id}"


def _send(group, kind, params):
    try:
        async_to_sync(get_channel_layer().group_send)(
            group, {"type": "meetings.changed", "kind": kind, "params": params}
        )
    except Exception:  # a live hint only: never let it undo or hide a committed change
        logger.warning("meetings: could not announce %s to %s", kind, group, exc_info=True)


def agenda_changed(participant_id, *, kind, params=None):
    params = dict(params or {})
    transaction.on_commit(lambda: _send(person_group(participant_id), kind, params))


def schedule_changed(matchmaking_id, *, kind, params=None):
    params = dict(params or {})
    transaction.on_commit(lambda: _send(schedule_group(matchmaking_id), kind, params))
