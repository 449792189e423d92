"""The meetings socket's frames, as typed schemas. docs/meetings-protocol.md is the prose
version; the tests validate every frame the server sends against these models.

The socket tells a participant that their agenda or requests changed (and a coordinator that
the schedule changed) the moment a change commits; the page itself stays the source of truth.
Each page is drawn with a `version`; a client sends it in `hello` (on every (re)connect) and the
server answers whether the page is out of date, so a change made while the socket was down is
never missed.
"""

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, TypeAdapter

PROTOCOL_VERSION = 1
VIEWS = ("agenda", "schedule")


class Frame(BaseModel):
    model_config = ConfigDict(extra="ignore")


# --- client → server ---------------------------------------------------------------------------


class Hello(Frame):
    type: Literal["hello"]
    version: StrictStr | None = None


class Ping(Frame):
    type: Literal["ping"]


client_frame = TypeAdapter(Annotated[Hello | Ping, Field(discriminator="type")])


# --- server → client ---------------------------------------------------------------------------


class Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def wire(self):
        return self.model_dump(mode="json")


class State(Wire):
    type: Literal["state"] = "state"
    view: Literal["agenda", "schedule"]
    version: str = Field(description="the current version of what the view shows")
    stale: bool = Field(description="whether the version the client sent differs")


class Changed(Wire):
    type: Literal["changed"] = "changed"
    view: Literal["agenda", "schedule"]
    kind: str = Field(description="what happened, e.g. meeting_moved (see the document)")
    text: str = Field(description="the change in one sentence, in the socket's language")


class Pong(Wire):
    type: Literal["pong"] = "pong"


ErrorCode = Literal[
    "not_signed_in", "two_factor_required", "not_found", "forbidden", "invalid", "unavailable"
]
CLOSE_CODES = {
    "not_signed_in": 4401,
    "two_factor_required": 4403,
    "forbidden": 4403,
    "not_found": 4404,
    "unavailable": 1013,
}


class Error(Wire):
    type: Literal["error"] = "error"
    code: ErrorCode
    message: str = Field(description="in the socket's language (?lang=)")


_server_frame = TypeAdapter(Annotated[State | Changed | Pong | Error, Field(discriminator="type")])


def validate_server_frame(data):
    return _server_frame.validate_python(data)
