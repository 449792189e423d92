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

import json

from django.db import transaction

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
    locked = LiveRoom.objects.select_for_update().get(pk=room.pk)
    outgoing = []
    for stream, payload, counter in ((PUBLIC, public, "public_seq"), (STAFF, staff, "staff_seq")):
        if payload is None:
            continue
        seq = getattr(locked, counter) + 1
        setattr(locked, counter, seq)
        payload = {**payload, "seq": seq}
        RoomEvent.objects.create(room=locked, stream=stream, seq=seq, payload=payload)
        outgoing.append(((room.pk, stream), seq, payload))
    LiveRoom.objects.filter(pk=room.pk).update(
        public_seq=locked.public_seq, staff_seq=locked.staff_seq
    )
    room.public_seq, room.staff_seq = locked.public_seq, locked.staff_seq

    def publish():
        hub = get_hub()
        for key, seq, payload in outgoing:
            hub.publish(key, seq, encode(payload))

    transaction.on_commit(publish)


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


# The last snapshot encoded per room stream: when a thousand people join between two events
# they all get the same text, built once.
_snapshots = {}


def _shared_snapshot(room, stream, current):
    cached = _snapshots.get((room.pk, stream))
    if cached is not None and cached[0] == current:
        return cached
    state = snapshot(room, stream=stream)
    entry = (state["seq"], encode(state))
    if len(_snapshots) > 1000:
        _snapshots.clear()
    _snapshots[(room.pk, stream)] = entry
    return entry


def needs_snapshot(since, current):
    """A client new to the stream (0), ahead of it, or too far behind gets a snapshot."""
    return not (0 < since <= current and current - since <= CATCH_UP_LIMIT)


def catch_up(room, *, stream, since, user):
    """The log after `since`, or a snapshot when the client is new or too far behind.
    Returns the encoded frames and the stream number they bring the client to."""
    current = LiveRoom.objects.values_list(
        "staff_seq" if stream == STAFF else "public_seq", flat=True
    ).get(pk=room.pk)
    if not needs_snapshot(since, current):
        entries = queries.log_after(room, stream, since, CATCH_UP_LIMIT)
        return [encode(payload) for _, payload in entries], (entries[-1][0] if entries else since)
    seq, text = _shared_snapshot(room, stream, current)
    my_votes = []
    if getattr(user, "is_authenticated", False):
        my_votes = list(
            QuestionVote.objects.filter(
                question__session_id=room.session_id, user=user
            ).values_list("question_id", flat=True)
        )
    # The shared text ends with "}"; the person's own votes are spliced in.
    return [f'{text[:-1]},"my_votes":{encode(my_votes)}}}'], seq


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
