"""The live room socket: transport only.

On connect it authenticates (the session cookie, through clusters.sockets), checks who may
see which stream, joins the room's local fan-out and catches the client up from the sequence
number it last saw. Every action frame is validated by a form and handed to a service; errors
come back as `{"type": "error", ...}` frames. Broadcasts arrive through `deliver()`.
"""

import asyncio
import json
import logging
import time
from urllib.parse import parse_qs

from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from wagtail.signals import page_published, page_unpublished

from cluster_hub.form_errors import error_text
from cluster_hub.socket_db import socket_database_sync_to_async
from clusters import permissions as cluster_permissions
from clusters.sockets import TOKEN_SCOPE_KEY
from events import broadcast, forms, permissions, protocol, services
from events.models import EventSession, Poll, Question
from events.rate_limits import SlidingWindow

logger = logging.getLogger(__name__)
LANGUAGES = {code for code, _name in settings.LANGUAGES}


# Close codes of a refused connection (after an error frame saying why). Clients stop
# reconnecting on these; any other close is a dropped connection to retry.
CLOSE_FORBIDDEN = 4403  # this stream is not for you (or two-factor authentication is missing)
CLOSE_NOT_FOUND = 4404  # no such session, or it has no Q&A
CLOSE_NOT_LIVE = 4409  # the event exists but is not published (any more)
CLOSE_INVALID_TOKEN = 4401  # the personal token presented is unknown or revoked
REFUSALS = {
    CLOSE_FORBIDDEN: ("forbidden", _("You may not open this view of the live room.")),
    CLOSE_NOT_FOUND: ("not_found", _("This live room does not exist.")),
    CLOSE_NOT_LIVE: ("not_live", _("This event is not live.")),
    CLOSE_INVALID_TOKEN: (
        "invalid_token",
        _("This token is unknown or was revoked: make a new one on your dashboard."),
    ),
}
TWO_FACTOR_REFUSAL = (
    "two_factor_required",
    _("Turn on two-factor authentication on the site before using the live room."),
)
# Text frames larger than this are refused with a `too_large` error (daphne's own limit, 1 MiB,
# closes the connection with 1009 instead).
MAX_FRAME_CHARS = 16_384
# Per socket: catch-up requests, and full snapshots among them.
SYNC_LIMIT = (20, 60)
SNAPSHOT_LIMIT = (2, 30)
RETRY_CATCH_UP_SECONDS = 2
UNAVAILABLE = _("The live room is having trouble right now. Please try again in a moment.")
RATE_LIMITED = _("Too many at once: please wait a moment before trying again.")


# The rooms this process serves: (session, room) by session id, for ROOM_MEMO_SECONDS. A crowd
# joining one room reads it once. Publishing or unpublishing an event, or changing a session,
# forgets them in the process that did it at once, and in the others within that time.
ROOM_MEMO_SECONDS = 2.0
_rooms = {}


def _forget_rooms(**kwargs):
    _rooms.clear()


post_save.connect(_forget_rooms, sender=EventSession, dispatch_uid="live_rooms_session_saved")
post_delete.connect(_forget_rooms, sender=EventSession, dispatch_uid="live_rooms_session_deleted")
page_published.connect(_forget_rooms, dispatch_uid="live_rooms_page_published")
page_unpublished.connect(_forget_rooms, dispatch_uid="live_rooms_page_unpublished")


def _remembered_room(session_id):
    found = _rooms.get(session_id)
    if found is not None and found[0] > time.monotonic():
        return found[1], found[2]
    return None


def _find_room(session_id):
    """(session, room) or a refusal code for the session's live room, remembered briefly."""
    remembered = _remembered_room(session_id)
    if remembered is not None:
        return remembered
    session = (
        EventSession.objects.select_related("event", "event__forum_edition", "pitch")
        .filter(pk=session_id)
        .first()
    )
    if session is None or not session.has_qa:
        return CLOSE_NOT_FOUND
    if not session.event.live:
        return CLOSE_NOT_LIVE
    room = services.open_room(session)
    if len(_rooms) > 1000:
        _rooms.clear()
    _rooms[session_id] = (time.monotonic() + ROOM_MEMO_SECONDS, session, room)
    return session, room


def _refusal(code):
    return code, REFUSALS[code]


def _open_room(session_id, user, wants_staff, token_state=None):
    """(session, room) for a socket that may open this stream, else (close code, reason)."""
    if token_state == "unavailable":  # noqa: S105 — a state, not a secret
        raise RuntimeError("the credentials could not be checked")  # reported as unavailable
    if token_state == "invalid":  # noqa: S105 — a state, not a secret
        return _refusal(CLOSE_INVALID_TOKEN)
    if not cluster_permissions.passes_two_factor(user):
        return CLOSE_FORBIDDEN, TWO_FACTOR_REFUSAL
    found = _find_room(session_id)
    if isinstance(found, int):
        return _refusal(found)
    session, room = found
    if wants_staff and not permissions.can_moderate(user, session.event):
        return _refusal(CLOSE_FORBIDDEN)
    return session, room


def _open_room_on_loop(session_id, user, wants_staff, token_state):
    """What `_open_room` answers, when it can be answered without the database (a viewer of a
    room this process serves, whose roles are loaded); else None."""
    if token_state is not None and token_state != "valid":  # noqa: S105 — a state
        return None
    if wants_staff or (
        user.__dict__.get("_cluster_viewer_facts") is None
        and getattr(user, "is_authenticated", False)
    ):
        return None
    if cluster_permissions.requires_two_factor(user):
        return None  # has_totp reads the database
    return _remembered_room(session_id)


def _question(session, data):
    question = Question.objects.get(pk=data.get("question"), session=session)
    question.session = session  # the socket's own, with its event and room loaded
    return question


def _poll(session, data):
    poll = Poll.objects.get(pk=data.get("poll"), session=session)
    poll.session = session
    return poll


def _valid(form):
    if not form.is_valid():
        raise ValidationError(forms.first_error(form))
    return form.cleaned_data


# --- one handler per action: validate, load, call the service --------------------------------


def _ask(session, user, data):
    cleaned = _valid(forms.QuestionForm(data))
    question = services.ask_question(
        session, actor=user, body=cleaned["body"], anonymous=cleaned["anonymous"]
    )
    return {"question": question.pk, "status": question.status}


def _vote(session, user, data):
    return {"voted": services.toggle_vote(_question(session, data), actor=user)}


def _moderate(session, user, data):
    services.moderate_question(
        _question(session, data), actor=user, action=str(data.get("decision", ""))
    )
    return {}


def _highlight(session, user, data):
    question = _question(session, data) if data.get("question") else None
    services.highlight_question(session, actor=user, question=question)
    return {}


def _reply(session, user, data):
    cleaned = _valid(forms.ReplyForm(data))
    services.reply_to_question(_question(session, data), actor=user, reply=cleaned["reply"])
    return {}


def _edit(session, user, data):
    cleaned = _valid(forms.EditQuestionForm(data))
    services.edit_question(_question(session, data), actor=user, body=cleaned["body"])
    return {}


def _create_poll(session, user, data):
    options = data.get("options")
    if isinstance(options, list):
        data = {**data, "options": "\n".join(options)}
    cleaned = _valid(forms.PollForm(data))
    poll = services.create_poll(
        session,
        actor=user,
        question=cleaned["question"],
        options=cleaned["options"],
        multiple=cleaned["multiple"],
    )
    return {"poll": poll.pk}


def _open_poll(session, user, data):
    services.set_poll_status(_poll(session, data), actor=user, status=Poll.Status.OPEN)
    return {}


def _close_poll(session, user, data):
    services.set_poll_status(_poll(session, data), actor=user, status=Poll.Status.CLOSED)
    return {}


def _answer_poll(session, user, data):
    options = data.get("options")
    if not options:
        raise ValidationError(_("Choose one of the poll's options."))
    services.answer_poll(_poll(session, data), actor=user, option_ids=options)
    return {}


def _start_session(session, user, data):
    services.start_session(session, actor=user)
    return {}


def _score(session, user, data):
    if session.pitch is None or session.event.forum_edition is None:
        raise ValidationError(_("There is no pitch to score in this session."))
    form = forms.score_form_class(session.event.forum_edition.rubric())(data.get("scores") or {})
    aggregate = services.score_pitch(session.event, session.pitch, actor=user, scores=_valid(form))
    return {"jurors": aggregate["jurors"]}


# Handlers of every action but `sync` (answered by the consumer itself); moderators' actions
# (protocol.MODERATOR_ACTIONS) are refused before their input is even looked at.
ACTIONS = {
    "moderate",
    "highlight",
    "edit",
    "poll.create",
    "poll.open",
    "poll.close",
    "session.start",
}

ACTIONS = {
    "ask": _ask,
    "vote": _vote,
    "moderate": _moderate,
    "highlight": _highlight,
    "reply": _reply,
    "edit": _edit,
    "poll.create": _create_poll,
    "poll.open": _open_poll,
    "poll.close": _close_poll,
    "poll.answer": _answer_poll,
    "session.start": _start_session,
    "jury.score": _score,
}


class LiveRoomConsumer(AsyncWebsocketConsumer):
    # Broadcasts reach the socket through the room fan-out (`deliver`), never the channel layer:
    # no per-socket channel to create and poll (on Redis, one blocking read per viewer).
    channel_layer_alias = None

    async def connect(self):
        self.user = self.scope.get("user")
        self.joined = False
        query = parse_qs(self.scope.get("query_string", b"").decode())
        language = query.get("lang", [settings.LANGUAGE_CODE])[0]
        self.language = language if language in LANGUAGES else settings.LANGUAGE_CODE
        wants_staff = query.get("view", [""])[0] == "staff"
        try:
            since = max(int(query.get("since", ["0"])[0]), 0)
        except ValueError:
            since = 0
        session_id = self.scope["url_route"]["kwargs"]["session_id"]
        token_state = self.scope.get(TOKEN_SCOPE_KEY)
        # A viewer of a room this process serves, joining between two events, is answered on
        # the event loop from memory: no thread, no database. Anything else takes one hop.
        opened = _open_room_on_loop(session_id, self.user, wants_staff, token_state)
        frames = None
        if opened is not None:
            self.session, self.room = opened
            await self._enter(wants_staff)
        else:
            try:
                # One hop to a socket database thread, off the single thread-sensitive
                # executor, so that thousands joining at once are not served one by one.
                opened = await socket_database_sync_to_async(_open_room)(
                    session_id, self.user, wants_staff, token_state
                )
            except Exception:
                logger.exception("live room lookup failed")
                opened = None
            if opened is None:
                # The database is unavailable: say so, and let the client retry (not a refusal).
                await self.accept()
                await self._error(None, "unavailable", UNAVAILABLE)
                await self.close(code=1013)
                return
            if isinstance(opened[0], int):
                code, (error_code, message) = opened
                await self.accept()
                await self._error(None, error_code, message)
                await self.close(code=code)
                return
            self.session, self.room = opened
            await self._enter(wants_staff)
        if since == 0:
            # A newcomer while the shared snapshot is current (one of a crowd): from memory.
            frames = broadcast.cached_join(self.room, stream=self.stream, user=self.user)
        self.snapshot_window.hit()
        if frames is not None:
            texts, last = frames
            for text in texts:
                await self.send(text_data=text)
            self.last_seq = last
            await self._flush_pending()
            return
        await self._catch_up(since)

    async def _enter(self, wants_staff):
        """Accept the socket and join the room's fan-out (before catching up, so that nothing
        published from now on can be missed)."""
        await self.accept()
        self.stream = broadcast.STAFF if wants_staff else broadcast.PUBLIC
        self.last_seq = 0
        self.syncing = True
        self.pending = []
        self.sync_window = SlidingWindow(*SYNC_LIMIT)
        self.snapshot_window = SlidingWindow(*SNAPSHOT_LIMIT)
        await broadcast.join(self, self.room.pk, self.stream)
        self.joined = True

    async def _flush_pending(self):
        """Send what arrived while the snapshot went out; a gap falls back to a catch-up."""
        pending, self.pending = sorted(self.pending), []
        for seq, text in pending:
            if seq <= self.last_seq:
                continue
            if seq != self.last_seq + 1:
                self.pending = [(seq, text), *self.pending]
                self.syncing = False
                self.request_resync()
                return
            self.last_seq = seq
            await self.send(text_data=text)
        self.syncing = False

    async def disconnect(self, code):
        if getattr(self, "joined", False):
            self.joined = False  # no catch-up retry for a closed socket
            await broadcast.leave(self, self.room.pk, self.stream)

    # --- broadcasts ------------------------------------------------------------------------

    async def deliver(self, seq, text, frame=None):
        if self.syncing:
            self.pending.append((seq, text))
        elif seq <= self.last_seq:
            return
        elif seq == self.last_seq + 1:
            self.last_seq = seq
            write = broadcast.socket_writer(self.scope)
            if frame is None or write is None or not write(frame):
                await self.send(text_data=text)
        else:
            # A gap: an event published out of order or lost on the way. The log has it.
            self.pending.append((seq, text))
            self.request_resync()

    def request_resync(self):
        if self.joined and not self.syncing:
            self.syncing = True
            asyncio.get_running_loop().create_task(self._catch_up(self.last_seq))

    async def _catch_up(self, since):
        """Bring the client from `since` to the present; True if anything was sent."""
        self.syncing = True
        sent = False
        try:
            while True:
                texts, last = await socket_database_sync_to_async(broadcast.catch_up)(
                    self.room, stream=self.stream, since=since, user=self.user
                )
                for text in texts:
                    await self.send(text_data=text)
                sent = sent or bool(texts)
                self.last_seq = max(last, self.last_seq) if texts else max(since, self.last_seq)
                pending, self.pending = sorted(self.pending), []
                gap = False
                for seq, text in pending:
                    if seq <= self.last_seq:
                        continue
                    if seq != self.last_seq + 1:
                        gap = True
                        break
                    self.last_seq = seq
                    await self.send(text_data=text)
                    sent = True
                if not gap and not self.pending:
                    return sent
                since = self.last_seq
        except Exception:
            # The database (or the cache) is unavailable: tell the client, keep the socket, and
            # try again shortly; events arriving meanwhile wait in `pending`.
            logger.exception("live catch-up failed")
            await self._error(None, "unavailable", UNAVAILABLE)
            asyncio.get_running_loop().call_later(RETRY_CATCH_UP_SECONDS, self.request_resync)
            return sent
        finally:
            self.syncing = False

    # --- actions ---------------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if text_data is None or len(text_data) > MAX_FRAME_CHARS:
            await self._error(
                None, "too_large", _("That message is too long to send."), limit=MAX_FRAME_CHARS
            )
            return
        try:
            data = json.loads(text_data)
        except (ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            await self._error(None, "bad_frame", _("That message was not understood."))
            return
        ref = data.get("ref")
        if isinstance(ref, bool) or (ref is not None and not isinstance(ref, str | int)):
            await self._error(None, "invalid", _("That message was not understood."))
            return
        action = data.get("action")
        if not isinstance(action, str) or action not in protocol.CLIENT_FRAMES:
            await self._error(ref, "unknown_action", _("Unknown action."))
            return
        wrong = protocol.wrong_fields(action, data)
        if wrong:
            await self._error(ref, "invalid", _("That message was not understood."), fields=wrong)
            return
        if action == "sync":
            await self._answer_sync(ref, data.get("since", self.last_seq))
            return
        if not getattr(self.user, "is_authenticated", False):
            await self._error(ref, "login_required", _("Please log in to take part."))
            return
        outgoing = []
        try:
            result, outgoing = await socket_database_sync_to_async(self._run)(ACTIONS[action], data)
        except PermissionDenied:
            await self._error(ref, "forbidden", _("You may not do that here."))
        except ObjectDoesNotExist:
            await self._error(ref, "not_found", _("That item does not exist in this session."))
        except services.RateLimited as error:
            await self._error(ref, "rate_limited", error_text(error))
        except ValidationError as error:
            await self._error(ref, "invalid", error_text(error))
        except Exception:
            # The database, Redis or anything else failed inside the action: the service's
            # transaction rolled back, so nothing is half-applied. The socket stays open.
            logger.exception("live action %s failed", action)
            await self._error(ref, "unavailable", UNAVAILABLE)
        else:
            await self.send(text_data=broadcast.encode(broadcast.ack(ref, result)))
        finally:
            # The ack first, then the room's fan-out of what the action changed.
            await broadcast.publish_collected(outgoing)

    async def _answer_sync(self, ref, since):
        """A client that thinks it missed something: the events after `since`, or "caught up"."""
        if since < 0:
            await self._error(ref, "invalid", _("That message was not understood."))
            return
        if not self.sync_window.hit():
            await self._error(ref, "rate_limited", RATE_LIMITED)
            return
        since = min(since, self.last_seq)
        if self.syncing or since == self.last_seq:
            # Nothing missed (a catch-up already under way will bring whatever is new).
            await self._caught_up(ref)
            return
        if broadcast.needs_snapshot(since, self.last_seq) and not self.snapshot_window.hit():
            await self._error(ref, "rate_limited", RATE_LIMITED)
            return
        await self._catch_up(since)
        await self._caught_up(ref)

    async def _caught_up(self, ref):
        await self.send(text_data=broadcast.encode(broadcast.caught_up(ref, self.last_seq)))

    def _run(self, handler, data):
        if data["action"] in protocol.MODERATOR_ACTIONS and not permissions.can_moderate(
            self.user, self.session.event
        ):
            raise PermissionDenied
        with translation.override(self.language), broadcast.collected_publishing() as outgoing:
            try:
                return handler(self.session, self.user, data), outgoing
            except ValidationError as error:
                broadcast.publish_now(outgoing)  # anything committed before the refusal
                # Render lazy messages in the client's language while the override holds.
                raise type(error)([str(message) for message in error.messages]) from error
            except BaseException:
                broadcast.publish_now(outgoing)
                raise

    async def _error(self, ref, code, message, **extra):
        with translation.override(self.language):
            message = str(message)
        await self.send(text_data=broadcast.encode(broadcast.error(ref, code, message, **extra)))
