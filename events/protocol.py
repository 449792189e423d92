"""The live room protocol: every frame a client sends and every frame the server sends, as
typed schemas. docs/live-protocol.md is the prose version of this module; a test
(tests/events/test_protocol.py) drives every service and validates every emitted event here.

Client frames are checked for their JSON types before any handler runs (a wrong type is an
`invalid` error naming the fields); what the values mean (a body not empty, a poll that
exists) is the forms' and services' business. Server frames are built through these models, so
what goes on the wire is what is documented.
"""

from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
    model_serializer,
)

PROTOCOL_VERSION = 1


class Frame(BaseModel):
    # Unknown keys in a client frame are ignored (a newer client may send more); server frames
    # carry exactly their fields.
    model_config = ConfigDict(extra="ignore")


# --- client → server ---------------------------------------------------------------------------
# Only the JSON type of a field that is sent is checked here; null is a wrong type (except for
# the highlight's question, where it clears the highlight). A field left out is the form's
# business, which answers in the client's language ("Write your question first.").


class ClientFrame(Frame):
    ref: Any = None  # echoed in the answer; any JSON value


class Ask(ClientFrame):
    action: Literal["ask"]
    body: StrictStr = None
    anonymous: StrictBool = False


class Vote(ClientFrame):
    action: Literal["vote"]
    question: StrictInt = None


class Moderate(ClientFrame):
    action: Literal["moderate"]
    question: StrictInt = None
    decision: StrictStr = None  # "approve", "hide", "restore", "answer", "unanswer"


class Highlight(ClientFrame):
    action: Literal["highlight"]
    question: StrictInt | None = None  # null clears the highlight


class Reply(ClientFrame):
    action: Literal["reply"]
    question: StrictInt = None
    reply: StrictStr = None


class Edit(ClientFrame):
    action: Literal["edit"]
    question: StrictInt = None
    body: StrictStr = None


class PollCreate(ClientFrame):
    action: Literal["poll.create"]
    question: StrictStr = None
    options: StrictStr | list[StrictStr] = None  # a list, or one option per line
    multiple: StrictBool = False


class PollOpen(ClientFrame):
    action: Literal["poll.open"]
    poll: StrictInt = None


class PollClose(ClientFrame):
    action: Literal["poll.close"]
    poll: StrictInt = None


class PollAnswer(ClientFrame):
    action: Literal["poll.answer"]
    poll: StrictInt = None
    options: list[StrictInt] = None


class SessionStart(ClientFrame):
    action: Literal["session.start"]


class JuryScore(ClientFrame):
    action: Literal["jury.score"]
    scores: dict[str, StrictInt] = None


class Sync(ClientFrame):
    action: Literal["sync"]
    since: StrictInt = None


CLIENT_FRAMES = {
    model.model_fields["action"].annotation.__args__[0]: model
    for model in (
        Ask,
        Vote,
        Moderate,
        Highlight,
        Reply,
        Edit,
        PollCreate,
        PollOpen,
        PollClose,
        PollAnswer,
        SessionStart,
        JuryScore,
        Sync,
    )
}
# Actions only a moderator of the event may send (others get a `forbidden` error).
MODERATOR_ACTIONS = frozenset(
    {"moderate", "highlight", "edit", "poll.create", "poll.open", "poll.close", "session.start"}
)


def wrong_fields(action, data):
    """Names of the fields of `data` whose JSON type is not the one `action` takes."""
    try:
        CLIENT_FRAMES[action].model_validate(data)
    except ValidationError as error:
        return sorted({str(item["loc"][0]) for item in error.errors() if item["loc"]})
    return []


# --- server → client: the state pieces ---------------------------------------------------------


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_serializer(mode="wrap")
    def _leave_out_absent(self, handler):
        # An optional field that was not given (a public question's status, an ack's result of
        # another action) is left out of the frame; one given as null stays null.
        data = handler(self)
        for name, field in type(self).model_fields.items():
            if field.default is None and name not in self.model_fields_set:
                data.pop(name, None)
        return data

    def wire(self):
        """The JSON-ready dict of this frame."""
        return self.model_dump(mode="json")


class QuestionData(Wire):
    id: int
    body: str
    author: str | None = Field(description="null when anonymous (the staff stream names them)")
    anonymous: bool
    votes: int
    answered: bool
    edited: bool
    reply: str
    pitch: int | None
    created_at: str
    status: Literal["pending", "visible", "hidden"] | None = Field(
        default=None, description="staff stream only"
    )


class Counts(Wire):
    pending: int
    hidden: int


class PollOptionData(Wire):
    id: int
    label: str
    count: int


class PollData(Wire):
    id: int
    question: str
    multiple: bool
    status: Literal["draft", "open", "closed"]
    options: list[PollOptionData]
    total: int


class SessionState(Wire):
    current: bool
    started_at: str | None


class CriterionAggregate(Wire):
    label: str
    weight: int
    mean: float | None


class JuryAggregate(Wire):
    jurors: int
    criteria: dict[str, CriterionAggregate]
    weighted: float | None


# --- server → client: stream events (numbered, logged, replayed on catch-up) -------------------


class StreamEvent(Wire):
    seq: int | None = Field(default=None, description="set by emit(); always present on the wire")


class QuestionEvent(StreamEvent):
    type: Literal["question"] = "question"
    question: QuestionData
    counts: Counts


class QuestionRemovedEvent(StreamEvent):
    type: Literal["question.removed"] = "question.removed"
    id: int
    counts: Counts


class CountsEvent(StreamEvent):
    """The moderation counts changed (a question waits for approval, or was hidden)."""

    type: Literal["counts"] = "counts"
    counts: Counts


class VotesEvent(StreamEvent):
    type: Literal["votes"] = "votes"
    id: int
    votes: int


class HighlightEvent(StreamEvent):
    type: Literal["highlight"] = "highlight"
    question: QuestionData | None


class PollEvent(StreamEvent):
    type: Literal["poll"] = "poll"
    poll: PollData


class SessionEvent(StreamEvent):
    type: Literal["session"] = "session"
    session: SessionState


class JuryEvent(StreamEvent):
    type: Literal["jury"] = "jury"
    pitch: int
    aggregate: JuryAggregate


# --- server → client: answers to this socket only ----------------------------------------------


class Snapshot(Wire):
    type: Literal["snapshot"] = "snapshot"
    protocol: int = PROTOCOL_VERSION
    seq: int
    questions: list[QuestionData]
    counts: Counts
    highlight: QuestionData | None
    polls: list[PollData]
    session: SessionState
    my_votes: list[int] | None = Field(
        default=None, description="the questions you voted for (added per socket)"
    )


class Ack(Wire):
    type: Literal["ack"] = "ack"
    ref: Any
    # What the action produced, by action: ask → question, status; vote → voted;
    # poll.create → poll; jury.score → jurors; the others nothing more.
    question: int | None = None
    status: str | None = None
    voted: bool | None = None
    poll: int | None = None
    jurors: int | None = None


class CaughtUp(Wire):
    type: Literal["caught_up"] = "caught_up"
    ref: Any
    seq: int


ErrorCode = Literal[
    "bad_frame",
    "invalid",
    "unknown_action",
    "login_required",
    "forbidden",
    "not_found",
    "not_live",
    "two_factor_required",
    "invalid_token",
    "rate_limited",
    "too_large",
    "unavailable",
]


class Error(Wire):
    type: Literal["error"] = "error"
    ref: Any = Field(description="the ref of the frame answered; null for connection errors")
    code: ErrorCode
    message: str = Field(description="in the socket's language (?lang=)")
    fields: list[str] | None = Field(default=None, description="invalid only: wrong-typed fields")
    limit: int | None = Field(default=None, description="too_large only: the limit in characters")


STREAM_EVENTS = (
    QuestionEvent,
    QuestionRemovedEvent,
    CountsEvent,
    VotesEvent,
    HighlightEvent,
    PollEvent,
    SessionEvent,
    JuryEvent,
)
SERVER_FRAMES = (*STREAM_EVENTS, Snapshot, Ack, CaughtUp, Error)
SERVER_FRAME_TYPES = {model.model_fields["type"].default: model for model in SERVER_FRAMES}
_server_frame = TypeAdapter(
    Annotated[
        QuestionEvent
        | QuestionRemovedEvent
        | CountsEvent
        | VotesEvent
        | HighlightEvent
        | PollEvent
        | SessionEvent
        | JuryEvent
        | Snapshot
        | Ack
        | CaughtUp
        | Error,
        Field(discriminator="type"),
    ]
)


def validate_server_frame(data):
    """The server frame model for a decoded frame; raises pydantic.ValidationError if it is
    not one the protocol defines."""
    frame = _server_frame.validate_python(data)
    if isinstance(frame, StreamEvent) and frame.seq is None:
        raise ValueError(f"a {frame.type} event on the wire must carry its seq")
    return frame
