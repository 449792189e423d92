"""The browser's protocol client (live-protocol.js) follows docs/live-protocol.md §2 in a real
Chromium: events are applied in `seq` order, repeats are ignored, a gap asks for `sync`, a vote's
ack marks the vote, and a refusal close code stops reconnecting."""

from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e]

SCRIPT = Path(__file__).resolve().parents[2] / "cluster_hub/static/js/live-protocol.js"

FAKE_SOCKET = """
window.sent = []; window.sockets = [];
window.WebSocket = function (url) {
  this.url = url; this.readyState = 1; window.sockets.push(this);
  this.send = function (text) { window.sent.push(JSON.parse(text)); };
};
window.statuses = [];
window.client = new LiveClient({
  url: function (since) { return "ws://x/ws/live/1/?since=" + since; },
  onChange: function () {}, onStatus: function (kind) { window.statuses.push(kind); },
  onAnswer: function () {},
});
window.client.connect();
window.deliver = function (frame) {
  window.sockets[window.sockets.length - 1].onmessage({ data: JSON.stringify(frame) });
};
true;  // the script's value; a function here would be called by evaluate()
"""


def test_the_client_applies_the_stream_as_documented(page):
    page.goto("about:blank")
    page.add_script_tag(path=str(SCRIPT))
    page.evaluate(FAKE_SOCKET)
    question = {
        "id": 7,
        "body": "질문",
        "author": None,
        "anonymous": True,
        "votes": 0,
        "answered": False,
        "edited": False,
        "reply": "",
        "pitch": None,
        "created_at": "2026-12-01T00:00:00+00:00",
    }
    snapshot = {
        "type": "snapshot",
        "protocol": 1,
        "seq": 4,
        "questions": [question],
        "counts": {"pending": 0, "hidden": 0},
        "highlight": None,
        "polls": [],
        "session": {"current": False, "started_at": None},
        "my_votes": [],
    }
    page.evaluate("frame => window.deliver(frame)", snapshot)
    assert page.evaluate("client.state.seq") == 4
    page.evaluate('deliver({type: "votes", seq: 5, id: 7, votes: 3})')
    page.evaluate('deliver({type: "votes", seq: 5, id: 7, votes: 99})')  # a repeat: ignored
    assert page.evaluate("client.state.questions[7].votes") == 3
    page.evaluate('deliver({type: "votes", seq: 8, id: 7, votes: 50})')  # a gap: sync, not applied
    assert page.evaluate("client.state.questions[7].votes") == 3
    assert page.evaluate("sent[sent.length - 1]")["action"] == "sync"
    assert page.evaluate("sent[sent.length - 1]")["since"] == 5
    page.evaluate('deliver({type: "no-such-type", seq: 6})')  # unknown types are skipped (§7)
    assert page.evaluate("client.state.seq") == 6
    ref = page.evaluate('client.send("vote", {question: 7})')
    page.evaluate(f'deliver({{type: "ack", ref: "{ref}", voted: true}})')
    assert page.evaluate("client.state.myVotes[7]") is True
    # A refusal (4403) stops the client; a dropped connection (1006) would retry.
    page.evaluate("sockets[sockets.length - 1].onclose({code: 4403})")
    assert page.evaluate("client.stopped") is True
    assert page.evaluate("statuses").count("refused") == 1
