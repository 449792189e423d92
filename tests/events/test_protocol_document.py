"""A third-party client written from docs/live-protocol.md alone — no import of the project's
code, only the `websockets` library — run against a real daphne server. If the document and the
server disagree, this fails."""

import asyncio
import itertools
import json

import pytest
import websockets

from tests.daphne_server import serving_live_room

pytestmark = [pytest.mark.integration]


class Refused(Exception):
    def __init__(self, error, close_code):
        super().__init__(error.get("code"), close_code)
        self.error, self.close_code = error, close_code


class LiveClient:
    """§1–§4: connect with a token, apply the stream by `seq`, match answers by `ref`."""

    def __init__(self, base, session_id, token=None, *, view=None, lang="en"):
        self.base, self.session_id, self.token = base, session_id, token
        self.view, self.lang = view, lang
        self.last_seq = 0
        self.state = {"questions": {}, "counts": None, "polls": {}, "highlight": None}
        self.applied = []  # (seq, type) of every stream event applied, in order
        self.answers = {}
        self.errors = []
        self.refs = itertools.count(1)
        self.socket = None
        self.reader = None

    def url(self):
        query = f"?since={self.last_seq}&lang={self.lang}"
        if self.view:
            query += f"&view={self.view}"
        return f"ws://{self.base}/ws/live/{self.session_id}/{query}"

    async def connect(self):
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        self.socket = await websockets.connect(self.url(), additional_headers=headers)
        first = json.loads(await self.socket.recv())
        if first["type"] == "error" and first["ref"] is None:
            await asyncio.wait_for(self.socket.wait_closed(), 5)
            raise Refused(first, self.socket.close_code)
        self._handle(first)
        self.reader = asyncio.create_task(self._read())
        return first

    async def _read(self):
        try:
            async for text in self.socket:
                self._handle(json.loads(text))
        except websockets.ConnectionClosed:
            pass

    def _handle(self, frame):
        kind = frame["type"]
        if kind in ("ack", "error", "caught_up") and frame.get("ref") is not None:
            self.answers[frame["ref"]] = frame
            return
        if kind == "snapshot":
            assert frame["protocol"] == 1  # §7
            self.state = {
                "questions": {q["id"]: q for q in frame["questions"]},
                "counts": frame["counts"],
                "polls": {p["id"]: p for p in frame["polls"]},
                "highlight": frame["highlight"],
                "session": frame["session"],
                "my_votes": set(frame["my_votes"]),
            }
            self.last_seq = frame["seq"]
            return
        if kind == "error":
            self.errors.append(frame)  # ref null: a frame that could not be read, a failure
            return
        if "seq" not in frame:
            return
        seq = frame["seq"]
        if seq <= self.last_seq:
            return  # §2: already applied
        if seq > self.last_seq + 1:
            asyncio.get_running_loop().create_task(self.request("sync", since=self.last_seq))
            return
        self._apply(frame)
        self.last_seq = seq
        self.applied.append((seq, kind))

    def _apply(self, event):
        kind = event["type"]
        if kind == "question":
            self.state["questions"][event["question"]["id"]] = event["question"]
            self.state["counts"] = event["counts"]
        elif kind == "question.removed":
            self.state["questions"].pop(event["id"], None)
            self.state["counts"] = event["counts"]
        elif kind == "counts":
            self.state["counts"] = event["counts"]
        elif kind == "votes":
            if event["id"] in self.state["questions"]:
                self.state["questions"][event["id"]]["votes"] = event["votes"]
        elif kind == "highlight":
            self.state["highlight"] = event["question"]
        elif kind == "poll":
            self.state["polls"][event["poll"]["id"]] = event["poll"]
        elif kind == "session":
            self.state["session"] = event["session"]
        # Unknown types are ignored (§7).

    async def request(self, action, **fields):
        """Send a frame and wait for the one answer §3 promises for it."""
        ref = next(self.refs)
        await self.socket.send(json.dumps({"action": action, "ref": ref, **fields}))
        for _ in range(100):
            if ref in self.answers:
                return self.answers.pop(ref)
            await asyncio.sleep(0.05)
        raise AssertionError(f"no answer to {action}")

    async def until(self, predicate, timeout=5):
        for _ in range(int(timeout / 0.05)):
            if predicate(self.state):
                return self.state
            await asyncio.sleep(0.05)
        raise AssertionError(f"state never matched: {self.state}")

    async def close(self):
        await self.socket.close()
        if self.reader:
            await self.reader


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with serving_live_room(
        tmp_path_factory.mktemp("protocol"), viewers=0, moderated=True, tokens=True
    ) as served:
        yield served


async def test_a_client_from_the_document_alone_takes_part_and_catches_up(server):
    base, room = server
    session = room["session"]
    moderator = LiveClient(base, session, room["tokens"]["coordinator"], view="staff")
    asker = LiveClient(base, session, room["tokens"]["asker"])
    watcher = LiveClient(base, session)  # anonymous: watches the public stream
    for client in (moderator, asker, watcher):
        assert (await client.connect())["type"] == "snapshot"

    # §3: an anonymous socket may not take part.
    refused = await watcher.request("ask", body="익명 질문")
    assert refused["type"] == "error" and refused["code"] == "login_required"

    # A moderated event: the question waits (staff sees it, public sees only the counts).
    asked = await asker.request("ask", body="양산 일정은 언제인가요?", anonymous=True)
    assert asked["type"] == "ack" and asked["status"] == "pending"
    question = asked["question"]
    await moderator.until(lambda s: question in s["questions"])
    assert moderator.state["questions"][question]["status"] == "pending"
    assert moderator.state["questions"][question]["author"]  # staff sees who asked
    await watcher.until(lambda s: s["counts"] == {"pending": 1, "hidden": 0})

    approved = await moderator.request("moderate", question=question, decision="approve")
    assert approved["type"] == "ack"
    shown = await watcher.until(lambda s: question in s["questions"])
    assert shown["questions"][question]["author"] is None  # anonymous to the public
    assert "status" not in shown["questions"][question]

    voted = await asker.request("vote", question=question)
    assert voted == {"type": "ack", "ref": voted["ref"], "voted": True}
    await watcher.until(lambda s: s["questions"][question]["votes"] == 1)

    # §4 errors: a wrong type names the field; a bad frame and an unknown action say so.
    wrong = await asker.request("vote", question="42")
    assert wrong["code"] == "invalid" and wrong["fields"] == ["question"]
    assert (await asker.request("teleport"))["code"] == "unknown_action"
    forbidden = await asker.request("highlight", question=question)
    assert forbidden["code"] == "forbidden"

    # Polls: a draft is staff-only; once open the public sees it and may answer.
    created = await moderator.request(
        "poll.create", question="관심 분야?", options=["투자", "협력"]
    )
    poll = created["poll"]
    await moderator.until(lambda s: s["polls"].get(poll, {}).get("status") == "draft")
    assert poll not in watcher.state["polls"]
    await moderator.request("poll.open", poll=poll)
    opened = await asker.until(lambda s: s["polls"].get(poll, {}).get("status") == "open")
    option = opened["polls"][poll]["options"][0]["id"]
    assert (await asker.request("poll.answer", poll=poll, options=[option]))["type"] == "ack"
    await watcher.until(lambda s: s["polls"][poll]["total"] == 1)

    # §2: the watcher drops; while away, things happen; it reconnects with `since` and gets
    # exactly the events it missed, not a snapshot.
    await watcher.close()
    away_from = watcher.last_seq
    await moderator.request("highlight", question=question)
    await moderator.request("poll.close", poll=poll)
    await moderator.until(lambda s: s["polls"][poll]["status"] == "closed")
    watcher.applied.clear()
    first = await watcher.connect()
    assert first["type"] != "snapshot" and first["seq"] == away_from + 1
    await watcher.until(lambda s: s["polls"][poll]["status"] == "closed")
    assert watcher.state["highlight"]["id"] == question
    assert [seq for seq, _kind in watcher.applied] == list(
        range(away_from + 1, watcher.last_seq + 1)
    )

    # `sync` answers `caught_up` with the stream number.
    synced = await watcher.request("sync", since=watcher.last_seq)
    assert synced == {"type": "caught_up", "ref": synced["ref"], "seq": watcher.last_seq}

    # §6: a frame over 16 384 characters is refused, the socket stays open.
    await asker.socket.send(json.dumps({"action": "ask", "body": "가" * 17000}))
    for _ in range(100):
        if asker.errors:
            break
        await asyncio.sleep(0.05)
    assert asker.errors[-1]["code"] == "too_large" and asker.errors[-1]["limit"] == 16384
    assert (await asker.request("sync", since=asker.last_seq))["type"] == "caught_up"

    for client in (moderator, asker, watcher):
        await client.close()


async def test_refusals_close_with_the_documented_codes(server):
    base, room = server
    session = room["session"]
    # §1: a bad token is refused, never read as anonymous.
    with pytest.raises(Refused) as bad_token:
        await LiveClient(base, session, "chp_not-a-real-token").connect()
    assert bad_token.value.error["code"] == "invalid_token"
    assert bad_token.value.close_code == 4401
    # The staff stream is not for an attendee.
    with pytest.raises(Refused) as not_staff:
        await LiveClient(base, session, room["tokens"]["asker"], view="staff").connect()
    assert not_staff.value.error["code"] == "forbidden" and not_staff.value.close_code == 4403
    # No such session.
    with pytest.raises(Refused) as missing:
        await LiveClient(base, 999_999, room["tokens"]["asker"]).connect()
    assert missing.value.close_code == 4404
