"""The meetings socket (docs/meetings-protocol.md): transport only. It admits a participant
to their agenda's changes or a coordinator to the schedule's, answers `hello` with whether the
page is out of date, and forwards what matchmaking.broadcast announces, in the socket's
language. Every failure is an error frame; the socket stays open except when refused."""

import logging
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from pydantic import ValidationError as FrameError

from clusters import permissions as cluster_permissions
from matchmaking import broadcast, permissions, protocol, queries
from notifications.kinds import NotificationKind
from notifications.services import recipient_language
from notifications.texts import render_text

logger = logging.getLogger(__name__)
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _messages():
    return {
        "not_signed_in": _("Sign in to follow your meetings live."),
        "two_factor_required": _("Set up two-factor authentication first."),
        "not_found": _("There are no meetings at this address."),
        "forbidden": _("You do not take part in these meetings."),
        "invalid": _("This frame is not part of the meetings protocol."),
        "unavailable": _(
            "Live updates are unavailable for a moment; reload the page to see the latest."
        ),
    }


def _change_label(kind):
    labels = {
        broadcast.SCHEDULE_DRAFTED: _("a new draft was made"),
        broadcast.ATTENDANCE: _("a meeting was checked in"),
    }
    if kind in labels:
        return labels[kind]
    try:
        return str(NotificationKind(kind).label)
    except ValueError:
        return kind


class MeetingsConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.group = None
        query = parse_qs(self.scope.get("query_string", b"").decode())
        self.view = "schedule" if query.get("view") == ["schedule"] else "agenda"
        user = self.scope.get("user")
        wanted = (query.get("lang") or [""])[0]
        await self.accept()
        try:
            refusal = await database_sync_to_async(self._admit)(user, wanted)
        except Exception:
            logger.warning("meetings socket: admission failed", exc_info=True)
            refusal = "unavailable"
        if refusal is None:
            try:
                await self.channel_layer.group_add(self.group, self.channel_name)
            except Exception:
                logger.warning("meetings socket: channel layer unavailable", exc_info=True)
                self.group, refusal = None, "unavailable"
        if refusal is not None:
            await self._error(refusal)
            await self.close(code=protocol.CLOSE_CODES[refusal])

    def _admit(self, user, wanted_language):
        """None, with the group and version set, or the refusal's code."""
        signed_in = bool(user and user.is_authenticated)
        self.language = wanted_language if wanted_language in LANGUAGES else None
        if self.language is None:
            self.language = recipient_language(user) if signed_in else settings.LANGUAGE_CODE
        if not signed_in:
            return "not_signed_in"
        if not cluster_permissions.passes_two_factor(user):
            return "two_factor_required"
        matchmaking = queries.matchmaking_for_slug(self.scope["url_route"]["kwargs"]["slug"])
        if matchmaking is None:
            return "not_found"
        if self.view == "schedule":
            if not permissions.can_manage(user, matchmaking):
                return "forbidden"
            self.group = broadcast.schedule_group(matchmaking.pk)
            self._version = lambda: queries.schedule_version(matchmaking)
            return None
        participant = permissions.participant_of(user, matchmaking)
        if participant is None:
            return "forbidden"
        self.group = broadcast.person_group(participant.pk)
        self._version = lambda: queries.agenda_version(participant)
        return None

    async def disconnect(self, code):
        if self.group:
            try:
                await self.channel_layer.group_discard(self.group, self.channel_name)
            except Exception:
                logger.warning("meetings socket: could not leave %s", self.group, exc_info=True)

    async def receive_json(self, content, **kwargs):
        try:
            frame = protocol.client_frame.validate_python(content)
        except FrameError:
            await self._error("invalid")
            return
        if isinstance(frame, protocol.Ping):
            await self.send_json(protocol.Pong().wire())
            return
        try:
            version = await database_sync_to_async(self._version)()
        except Exception:
            logger.warning("meetings socket: version failed", exc_info=True)
            await self._error("unavailable")
            return
        state = protocol.State(view=self.view, version=version, stale=frame.version != version)
        await self.send_json(state.wire())

    async def meetings_changed(self, event):
        with translation.override(self.language):
            if self.view == "agenda":
                text = render_text(event["kind"], event.get("params") or {})
            else:
                text = ""
            text = text or _("The schedule changed: %(change)s.") % {
                "change": _change_label(event["kind"])
            }
        await self.send_json(protocol.Changed(view=self.view, kind=event["kind"], text=text).wire())

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        if text_data is None:
            await self._error("invalid")
            return
        try:
            content = await self.decode_json(text_data)
        except ValueError:
            await self._error("invalid")
            return
        await self.receive_json(content)

    async def _error(self, code):
        with translation.override(self.language if hasattr(self, "language") else None):
            message = _messages()[code]
        await self.send_json(protocol.Error(code=code, message=message).wire())
