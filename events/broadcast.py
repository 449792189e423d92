"""The live rooms' wire format (built through the schemas of events/protocol.py) and the only
path from a state change to the sockets.

Every live room has two streams: `public` (the audience, the presenter screen, jurors) and
`staff` (moderators: the queue, who asked, jury aggregates). Each stream is numbered 1, 2, 3...
without gaps. A service changes state and calls `emit()` inside its transaction: the payloads
get their numbers and are written to the room's log in that same transaction, and are handed to
the fan-out only after the commit, encoded once. A client that reconnects sends the last number
it saw and gets what followed from the log (`catch_up`), so nothing is lost to a dropped
socket, a restarted server or a restarted Redis.

Every payload carries absolute state (a question as it now is, a count as it now is), so that
applying one twice is harmless.
"""

import contextlib
import json
import threading

from django.db import connection, transaction

from clusters.models import person_name
from events import protocol, queries
from events.fanout import SOCKET_WRITER_KEY, get_hub
from events.models import LiveRoom, Poll, Question, QuestionVote, RoomEvent

PUBLIC = RoomEvent.Stream.PUBLIC
STAFF = RoomEvent.Stream.STAFF
# A client further behind than this gets a fresh snapshot instead of the log.
CATCH_UP_LIMIT = 500


# --- payload shapes --------------------------------------------------------------------------


def _name(user):
    return person_name(user)


def question_data(question, *, staff):
    author_shown = staff or not question.anonymous
    fields = {
        "id": question.pk,
        "body": question.body,
        "author": _name(question.author) if author_shown else None,
        "anonymous": question.anonymous,
        "votes": question.vote_count,
        "answered": question.answered,
        "edited": question.edited,
        "reply": question.reply,
        "pitch": question.pitch_id,
        "created_at": question.created_at.isoformat(),
    }
    if staff:
        fields["status"] = question.status
    return protocol.QuestionData(**fields).wire()


def poll_data(poll):
    options = [
        protocol.PollOptionData(id=option.pk, label=option.label, count=getattr(option, "count", 0))
        for option in poll.options.all()
    ]
    return protocol.PollData(
        id=poll.pk,
        question=poll.question,
        multiple=poll.multiple,
        status=poll.status,
        options=options,
        total=sum(option.count for option in options),
    ).wire()


def room_state(room):
    return protocol.SessionState(
        current=room.is_current,
        started_at=room.started_at.isoformat() if room.started_at else None,
    ).wire()


def question_event(question, counts, *, staff):
    return protocol.QuestionEvent(
        question=question_data(question, staff=staff), counts=counts
    ).wire()


def question_removed_event(question, counts):
    return protocol.QuestionRemovedEvent(id=question.pk, counts=counts).wire()


def counts_event(counts):
    return protocol.CountsEvent(counts=counts).wire()


def votes_event(question):
    return protocol.VotesEvent(id=question.pk, votes=question.vote_count).wire()


def highlight_event(question):
    return protocol.HighlightEvent(
        question=question_data(question, staff=False) if question else None
    ).wire()


def poll_event(poll):
    return protocol.PollEvent(poll=poll_data(poll)).wire()


def session_event(room):
    return protocol.SessionEvent(session=room_state(room)).wire()


def jury_event(pitch_id, aggregate):
    return protocol.JuryEvent(pitch=pitch_id, aggregate=aggregate).wire()


def ack(ref, result):
    return protocol.Ack(ref=ref, **result).wire()


def caught_up(ref, seq):
    return protocol.CaughtUp(ref=ref, seq=seq).wire()


def error(ref, code, message, **extra):
    return protocol.Error(ref=ref, code=code, message=str(message), **extra).wire()


# --- writing: numbered, logged, published after commit ---------------------------------------


def emit(room, *, public=None, staff=None):
    """Number and log the payloads of one change; publish them once the transaction commits.
    Must run inside the service's transaction."""
    streams = [
        (stream, payload)
        for stream, payload in ((PUBLIC, public), (STAFF, staff))
        if payload is not None
    ]
    if not streams:
        return
    # One statement takes the room's numbers and the row lock: no read of the room beforehand.
    public_seq, staff_seq = _take_numbers(
        room.pk, public=int(public is not None), staff=int(staff is not None)
    )
    numbers = {PUBLIC: public_seq, STAFF: staff_seq}
    outgoing = []
    events = []
    for stream, payload in streams:
        payload = {**payload, "seq": numbers[stream]}
        events.append(
            RoomEvent(room_id=room.pk, stream=stream, seq=numbers[stream], payload=payload)
        )
        outgoing.append(((room.pk, stream), numbers[stream], payload))
    RoomEvent.objects.bulk_create(events)
    room.public_seq, room.staff_seq = public_seq, staff_seq

    def publish():
        texts = [(key, seq, encode(payload)) for key, seq, payload in outgoing]
        collector = getattr(_collecting, "items", None)
        if collector is not None:
            collector.extend(texts)  # the consumer publishes them after its ack
            return
        publish_now(texts)

    transaction.on_commit(publish)


def _take_numbers(room_id, *, public, staff):
    table = connection.ops.quote_name(LiveRoom._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET public_seq = public_seq + %s, staff_seq = staff_seq + %s "  # noqa: S608 — the table name is the model's own
            "WHERE id = %s RETURNING public_seq, staff_seq",
            [public, staff, room_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise LiveRoom.DoesNotExist(room_id)
    return row


_collecting = threading.local()


@contextlib.contextmanager
def collected_publishing():
    """Inside the block (one action, in its worker thread), committed events are collected
    instead of published; the list it yields is handed to `publish_collected` once the client
    has its ack, so that the ack never waits behind the room's fan-out."""
    items = []
    _collecting.items = items
    try:
        yield items
    finally:
        _collecting.items = None


def publish_now(items):
    hub = get_hub()
    for key, seq, text in items:
        hub.publish(key, seq, text)


async def publish_collected(items):
    if items:
        await get_hub().publish_from_loop(items)


def encode(payload):
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


# --- reading: what a (re)connecting client needs ---------------------------------------------


def snapshot(room, *, stream):
    """Everything a client of `stream` shows, with the stream number it is current to."""
    room = LiveRoom.objects.select_related("highlighted").get(pk=room.pk)
    staff = stream == STAFF
    seq = room.staff_seq if staff else room.public_seq
    highlighted = room.highlighted
    if highlighted is not None and highlighted.status != Question.Status.VISIBLE:
        highlighted = None
    return protocol.Snapshot(
        seq=seq,
        questions=[
            question_data(question, staff=staff)
            for question in queries.questions_for(room, staff=staff)
        ],
        counts=queries.moderation_counts(room.session_id),
        highlight=question_data(highlighted, staff=False) if highlighted else None,
        polls=[poll_data(poll) for poll in queries.polls_of(room.session_id, staff=staff)],
        session=room_state(room),
    ).wire()


# The last snapshot encoded per room stream, with every viewer's own votes: when a thousand
# people join between two events they all get the same text, built once. An entry stays good
# while this process's fan-out has received no event of its stream since it was built (the
# fan-out's `version`); a socket joins the fan-out before it is caught up, so any later event
# reaches it anyway.
_snapshots = {}
_snapshot_locks = {}
_locks_guard = threading.Lock()


class SharedSnapshot:
    __slots__ = ("seq", "text", "version", "votes")

    def __init__(self, version, seq, text, votes):
        self.version, self.seq, self.text, self.votes = version, seq, text, votes

    def frame_for(self, user):
        """The shared text with this person's own votes spliced in (it ends with "}")."""
        mine = self.votes.get(user.pk, ()) if getattr(user, "is_authenticated", False) else ()
        return f'{self.text[:-1]},"my_votes":{encode(sorted(mine))}}}'


def _current_snapshot(key):
    """The shared snapshot of `key` if it is still current, without any database read."""
    entry = _snapshots.get(key)
    hub = get_hub()
    if entry is not None and entry.version is not None and entry.version == hub.version(key):
        return entry
    return None


def _build_snapshot(room, stream):
    key = (room.pk, stream)
    with _locks_guard:
        lock = _snapshot_locks.setdefault(key, threading.Lock())
    with lock:  # one builder per stream; the others wait and share its result
        entry = _current_snapshot(key)
        if entry is not None:
            return entry
        version = get_hub().version(key)  # read before the state, so a later event voids it
        state = snapshot(room, stream=stream)
        votes = {}
        for user_id, question_id in QuestionVote.objects.filter(
            question__session_id=room.session_id
        ).values_list("user_id", "question_id"):
            votes.setdefault(user_id, []).append(question_id)
        entry = SharedSnapshot(version, state["seq"], encode(state), votes)
        if len(_snapshots) > 1000:
            _snapshots.clear()
        _snapshots[key] = entry
        return entry


def needs_snapshot(since, current):
    """A client new to the stream (0), ahead of it, or too far behind gets a snapshot."""
    return not (0 < since <= current and current - since <= CATCH_UP_LIMIT)


def cached_join(room, *, stream, user):
    """The frames of a client new to the stream, when the shared snapshot is current: no
    database read, so the consumer serves it on the event loop. Else None."""
    entry = _current_snapshot((room.pk, stream))
    if entry is None:
        return None
    return [entry.frame_for(user)], entry.seq


def catch_up(room, *, stream, since, user):
    """The log after `since`, or a snapshot when the client is new or too far behind.
    Returns the encoded frames and the stream number they bring the client to."""
    if since > 0:
        current = LiveRoom.objects.values_list(
            "staff_seq" if stream == STAFF else "public_seq", flat=True
        ).get(pk=room.pk)
        if not needs_snapshot(since, current):
            entries = queries.log_after(room, stream, since, CATCH_UP_LIMIT)
            return [encode(payload) for _, payload in entries], (
                entries[-1][0] if entries else since
            )
    entry = _build_snapshot(room, stream)
    return [entry.frame_for(user)], entry.seq


async def join(member, room_id, stream):
    await get_hub().join((room_id, stream), member)


async def leave(member, room_id, stream):
    await get_hub().leave((room_id, stream), member)


def socket_writer(scope):
    """The direct frame writer for this socket, if the server offers one (see fanout)."""
    return scope.get(SOCKET_WRITER_KEY)


def live_poll(poll_id):
    """A poll with its option counts, as payloads show it."""
    return queries.polls_of(
        Poll.objects.values_list("session_id", flat=True).get(pk=poll_id), staff=True
    ).get(pk=poll_id)
