/* The live room protocol client (docs/live-protocol.md), with no knowledge of any page: it
   connects, keeps the room's state from a snapshot and the numbered events, detects gaps and
   asks for what it missed, reconnects with back-off and stops on a refusal. Pages draw the
   state with their own renderer (live-audience.js, live-console.js, live-screen.js,
   live-jury.js) through live-page.js. */
(function () {
  "use strict";
  // Close codes of a refused connection (§5): retrying would be refused again.
  var REFUSED = { 4401: true, 4403: true, 4404: true, 4409: true };

  function emptyState() {
    return { seq: 0, questions: {}, counts: { pending: 0, hidden: 0 }, highlight: null,
             polls: {}, session: {}, myVotes: {}, jury: null };
  }

  // §4: apply one stream event to the state (absolute state: applying twice is harmless).
  function apply(state, frame) {
    switch (frame.type) {
      case "question": state.questions[frame.question.id] = frame.question; state.counts = frame.counts; break;
      case "question.removed": delete state.questions[frame.id]; state.counts = frame.counts; break;
      case "counts": state.counts = frame.counts; break;
      case "votes": if (state.questions[frame.id]) state.questions[frame.id].votes = frame.votes; break;
      case "highlight": state.highlight = frame.question; break;
      case "poll": state.polls[frame.poll.id] = frame.poll; break;
      case "session": state.session = frame.session; break;
      case "jury": state.jury = frame; break;
      default: break;  // §7: unknown types are ignored
    }
  }

  function applySnapshot(state, frame) {
    state.questions = {};
    frame.questions.forEach(function (q) { state.questions[q.id] = q; });
    state.counts = frame.counts; state.highlight = frame.highlight; state.session = frame.session;
    state.polls = {};
    frame.polls.forEach(function (p) { state.polls[p.id] = p; });
    state.myVotes = {};
    (frame.my_votes || []).forEach(function (id) { state.myVotes[id] = true; });
    state.seq = frame.seq;
  }

  /* options: url(since) -> socket URL; onChange(state); onStatus(kind, message) with kind one of
     "open", "reconnecting", "refused", "offline", "error"; onAnswer(frame, request). */
  function LiveClient(options) {
    this.options = options;
    this.state = emptyState();
    this.socket = null;
    this.attempts = 0;
    this.stopped = false;
    this.refs = 0;
    this.requests = {};
  }

  LiveClient.prototype.connect = function () {
    var self = this, refusal = null;
    var socket = this.socket = new WebSocket(this.options.url(this.state.seq));
    socket.onopen = function () { self.options.onStatus("open"); };
    socket.onmessage = function (message) {
      var frame = JSON.parse(message.data);
      if (frame.type === "error" && frame.ref === null) refusal = frame;
      self.receive(frame);
    };
    socket.onclose = function (event) {
      if (REFUSED[event.code]) {
        self.stopped = true;
        self.options.onStatus("refused", refusal && refusal.message);
        return;
      }
      self.options.onStatus("reconnecting");
      // §2: exponential back-off with full jitter, 0.5 s, 1 s, 2 s ... up to 30 s.
      var ceiling = Math.min(30000, 500 * Math.pow(2, self.attempts++));
      setTimeout(function () { self.connect(); }, ceiling / 2 + Math.random() * ceiling / 2);
    };
  };

  LiveClient.prototype.send = function (action, data) {
    if (!this.socket || this.socket.readyState !== 1) { this.options.onStatus("offline"); return null; }
    var ref = "r" + (++this.refs);
    var frame = Object.assign({ action: action, ref: ref }, data || {});
    this.requests[ref] = frame;
    this.socket.send(JSON.stringify(frame));
    return ref;
  };

  LiveClient.prototype.receive = function (frame) {
    var state = this.state;
    if (frame.type === "ack" || frame.type === "caught_up" ||
        (frame.type === "error" && frame.ref !== null && frame.ref !== undefined)) {
      var request = this.requests[frame.ref];
      delete this.requests[frame.ref];
      if (frame.type === "caught_up" && frame.seq > state.seq) state.seq = frame.seq;
      if (frame.type === "ack" && request && request.action === "vote") state.myVotes[request.question] = frame.voted;
      this.options.onAnswer(frame, request);
      this.options.onChange(state);
      return;
    }
    if (frame.type === "error") { this.options.onStatus("error", frame.message); return; }
    if (frame.type === "snapshot") {
      this.attempts = 0;
      applySnapshot(state, frame);
      this.options.onChange(state);
      return;
    }
    if (typeof frame.seq !== "number" || frame.seq <= state.seq) return;  // §2: already applied
    if (frame.seq > state.seq + 1) { this.sync(); return; }                 // §2: a gap
    apply(state, frame);
    state.seq = frame.seq;
    this.attempts = 0;
    this.options.onChange(state);
  };

  LiveClient.prototype.sync = function () {
    if (!this.stopped) this.send("sync", { since: this.state.seq });
  };

  LiveClient.prototype.start = function () {
    var self = this;
    this.connect();
    // A safety net besides gap detection: ask now and then whether anything was missed.
    setInterval(function () {
      if (!self.stopped && self.socket && self.socket.readyState === 1) self.sync();
    }, 20000);
  };

  window.LiveClient = LiveClient;
})();
