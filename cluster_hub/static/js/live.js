/* Live Q&A client: one socket per page, state rebuilt from a snapshot and kept current by
   numbered events. Text from people is only ever set with textContent (never as HTML). */
(function () {
  "use strict";
  var configNode = document.getElementById("live-config");
  if (!configNode) return;
  var config = JSON.parse(configNode.textContent);
  var t = config.strings;
  var state = { seq: 0, questions: {}, counts: { pending: 0, hidden: 0 }, highlight: null,
                polls: {}, session: {}, myVotes: {}, jury: null };
  var socket = null, attempts = 0, stopped = false, sort = "popular", refs = 0;
  // Close codes of a refused connection (see docs): the reason came in an error frame; retrying
  // would be refused again, so the client stops.
  var REFUSED = { 4403: true, 4404: true, 4409: true };
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function button(label, onClick, className) {
    var node = el("button", className || "button button-small", label);
    node.type = "button";
    node.addEventListener("click", onClick);
    return node;
  }

  function send(action, data) {
    if (!socket || socket.readyState !== 1) { status(t.offline, true); return; }
    var frame = Object.assign({ action: action, ref: "r" + (++refs) }, data || {});
    socket.send(JSON.stringify(frame));
  }

  function status(text, isError) {
    var node = $("live-status");
    if (!node) return;
    node.textContent = text || "";
    node.className = "live-status" + (isError ? " is-error" : "");
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var url = scheme + location.host + config.socket + "?since=" + state.seq + "&lang=" + config.lang +
      (config.staff ? "&view=staff" : "");
    socket = new WebSocket(url);
    var refusal = null;
    socket.onopen = function () { status(t.connected); document.body.dataset.live = "open"; };
    socket.onmessage = function (message) {
      var frame = JSON.parse(message.data);
      if (frame.type === "error" && frame.ref === null) refusal = frame;
      if (frame.type === "snapshot") attempts = 0;
      receive(frame);
    };
    socket.onclose = function (event) {
      document.body.dataset.live = "closed";
      if (REFUSED[event.code]) {
        stopped = true;
        document.body.dataset.live = "refused";
        status(refusal ? refusal.message : t.reconnecting, true);
        return;
      }
      status(t.reconnecting, true);
      // Exponential back-off with full jitter, so a restarted server is not hit by every
      // client at the same instant: 0.5 s, 1 s, 2 s ... up to 30 s, each drawn at random.
      var ceiling = Math.min(30000, 500 * Math.pow(2, attempts++));
      setTimeout(connect, ceiling / 2 + Math.random() * ceiling / 2);
    };
  }

  function receive(frame) {
    if (frame.type === "ack") { onAck(frame); return; }
    if (frame.type === "caught_up") { if (frame.seq > state.seq) state.seq = frame.seq; return; }
    if (frame.type === "error") { status(frame.message, true); return; }
    if (frame.type === "snapshot") {
      state.questions = {};
      frame.questions.forEach(function (q) { state.questions[q.id] = q; });
      state.counts = frame.counts; state.highlight = frame.highlight; state.session = frame.session;
      state.polls = {};
      frame.polls.forEach(function (p) { state.polls[p.id] = p; });
      state.myVotes = {};
      frame.my_votes.forEach(function (id) { state.myVotes[id] = true; });
    } else if (frame.type === "question") {
      state.questions[frame.question.id] = frame.question; state.counts = frame.counts;
    } else if (frame.type === "question.removed") {
      delete state.questions[frame.id]; state.counts = frame.counts;
    } else if (frame.type === "counts") {
      state.counts = frame.counts;
    } else if (frame.type === "votes") {
      if (state.questions[frame.id]) state.questions[frame.id].votes = frame.votes;
    } else if (frame.type === "highlight") {
      state.highlight = frame.question;
    } else if (frame.type === "poll") {
      state.polls[frame.poll.id] = frame.poll;
    } else if (frame.type === "session") {
      state.session = frame.session;
    } else if (frame.type === "jury") {
      state.jury = frame;
    }
    if (frame.seq) state.seq = frame.seq;
    render();
  }

  function onAck(frame) {
    if (frame.voted !== undefined) { pendingVote && (state.myVotes[pendingVote] = frame.voted); }
    if (frame.status === "pending") status(t.awaiting_approval);
    else if (frame.question) status(t.posted);
    else if (frame.jurors !== undefined) status(t.scored);
    render();
  }

  var pendingVote = null;

  function sortedQuestions(filter) {
    var list = Object.keys(state.questions).map(function (id) { return state.questions[id]; });
    if (filter) list = list.filter(filter);
    list.sort(function (a, b) {
      if (sort === "popular" && b.votes !== a.votes) return b.votes - a.votes;
      return b.created_at < a.created_at ? -1 : b.created_at > a.created_at ? 1 : 0;
    });
    return list;
  }

  function questionNode(q, actions) {
    var item = el("li", "question" + (q.answered ? " is-answered" : "") +
      (state.highlight && state.highlight.id === q.id ? " is-highlighted" : ""));
    item.dataset.questionId = q.id;
    var votes = el("span", "question-votes", String(q.votes));
    votes.setAttribute("aria-label", t.votes + " " + q.votes);
    item.appendChild(votes);
    var main = el("div", "question-main");
    main.appendChild(el("p", "question-body", q.body));
    var meta = el("p", "question-meta", q.author || t.anonymous);
    if (config.staff && q.anonymous) meta.appendChild(el("span", "tag tag-anonymous", t.asked_anonymously));
    if (q.edited) meta.appendChild(el("span", "tag", t.edited));
    if (q.answered) meta.appendChild(el("span", "tag tag-success", t.answered));
    if (q.status && q.status !== "visible") meta.appendChild(el("span", "tag tag-warning", t["status_" + q.status]));
    main.appendChild(meta);
    if (q.reply) main.appendChild(el("p", "question-reply", q.reply));
    if (actions) main.appendChild(actions(q));
    item.appendChild(main);
    return item;
  }

  function renderList(id, list, actions, empty) {
    var node = $(id);
    if (!node) return;
    node.replaceChildren();
    if (!list.length) { node.appendChild(el("li", "muted", empty)); return; }
    list.forEach(function (q) { node.appendChild(questionNode(q, actions)); });
  }

  function audienceActions(q) {
    var row = el("div", "question-actions");
    if (config.can_ask) {
      var voted = !!state.myVotes[q.id];
      var vote = button((voted ? "▲ " : "△ ") + t.vote, function () { pendingVote = q.id; send("vote", { question: q.id }); },
        "button button-small" + (voted ? " is-active" : ""));
      vote.setAttribute("aria-pressed", voted ? "true" : "false");
      row.appendChild(vote);
    }
    return row;
  }

  function moderatorActions(q) {
    var row = el("div", "question-actions");
    if (q.status === "pending") {
      row.appendChild(button(t.approve, function () { send("moderate", { question: q.id, decision: "approve" }); }, "button button-small button-primary"));
    }
    if (q.status === "hidden") {
      row.appendChild(button(t.restore, function () { send("moderate", { question: q.id, decision: "restore" }); }));
    } else {
      row.appendChild(button(t.hide, function () { send("moderate", { question: q.id, decision: "hide" }); }));
    }
    if (q.status === "visible") {
      row.appendChild(button(t.highlight, function () { send("highlight", { question: q.id }); }));
      row.appendChild(button(q.answered ? t.unanswer : t.mark_answered, function () {
        send("moderate", { question: q.id, decision: q.answered ? "unanswer" : "answer" });
      }));
    }
    row.appendChild(button(t.reply, function () {
      var text = window.prompt(t.reply, q.reply || "");
      if (text) send("reply", { question: q.id, reply: text });
    }));
    row.appendChild(button(t.edit, function () {
      var text = window.prompt(t.edit, q.body);
      if (text && text !== q.body) send("edit", { question: q.id, body: text });
    }));
    return row;
  }

  function renderPolls() {
    var node = $("live-polls");
    if (!node) return;
    node.replaceChildren();
    Object.keys(state.polls).forEach(function (id) {
      var poll = state.polls[id];
      var box = el("div", "poll poll-" + poll.status);
      box.appendChild(el("h3", "", poll.question));
      box.appendChild(el("p", "muted", t["poll_" + poll.status] + " · " + poll.total + " " + t.answers));
      var list = el("ul", "poll-options");
      poll.options.forEach(function (option) {
        var li = el("li", "poll-option");
        var share = poll.total ? Math.round(option.count * 100 / poll.total) : 0;
        var bar = el("span", "poll-bar"); bar.style.width = share + "%";
        li.appendChild(bar);
        li.appendChild(el("span", "poll-label", option.label + " — " + option.count + " (" + share + "%)"));
        if (poll.status === "open" && config.can_ask && !config.staff) {
          li.appendChild(button(t.choose, function () { send("poll.answer", { poll: poll.id, options: [option.id] }); }, "button button-small"));
        }
        list.appendChild(li);
      });
      box.appendChild(list);
      if (config.staff) {
        if (poll.status !== "open") box.appendChild(button(t.open_poll, function () { send("poll.open", { poll: poll.id }); }));
        if (poll.status === "open") box.appendChild(button(t.close_poll, function () { send("poll.close", { poll: poll.id }); }));
      }
      node.appendChild(box);
    });
  }

  function renderHighlight() {
    var node = $("live-highlight");
    if (!node) return;
    node.replaceChildren();
    if (!state.highlight) { node.appendChild(el("p", "muted", t.no_highlight)); return; }
    node.appendChild(el("p", "highlight-body", state.highlight.body));
    node.appendChild(el("p", "highlight-author", state.highlight.author || t.anonymous));
  }

  function renderCounts() {
    var node = $("live-counts");
    if (node) node.textContent = t.counts.replace("%(pending)s", state.counts.pending).replace("%(hidden)s", state.counts.hidden);
  }

  function renderJury() {
    var node = $("live-jury");
    if (!node || !state.jury) return;
    node.replaceChildren();
    var agg = state.jury.aggregate;
    node.appendChild(el("p", "jury-total", t.jury_total.replace("%(score)s", agg.weighted === null ? "–" : agg.weighted).replace("%(jurors)s", agg.jurors)));
    var list = el("ul", "plain-list");
    Object.keys(agg.criteria).forEach(function (key) {
      var c = agg.criteria[key];
      list.appendChild(el("li", "", c.label + ": " + (c.mean === null ? "–" : c.mean)));
    });
    node.appendChild(list);
  }

  function render() {
    renderCounts();
    renderHighlight();
    renderPolls();
    renderJury();
    if (config.view === "console") {
      renderList("live-queue", sortedQuestions(function (q) { return q.status === "pending"; }), moderatorActions, t.queue_empty);
      renderList("live-questions", sortedQuestions(function (q) { return q.status !== "pending"; }), moderatorActions, t.no_questions);
    } else if (config.view === "screen") {
      renderList("live-questions", sortedQuestions(function (q) { return !q.answered; }).slice(0, 5), null, t.no_questions);
    } else {
      renderList("live-questions", sortedQuestions(), audienceActions, t.no_questions);
    }
  }

  function tick() {
    var node = $("live-timer");
    if (!node) return;
    if (!state.session || !state.session.started_at) { node.textContent = "00:00"; return; }
    var seconds = Math.max(0, Math.floor((Date.now() - Date.parse(state.session.started_at)) / 1000));
    var mm = String(Math.floor(seconds / 60)).padStart(2, "0"), ss = String(seconds % 60).padStart(2, "0");
    node.textContent = mm + ":" + ss;
  }

  var askForm = $("ask-form");
  if (askForm) {
    askForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = askForm.elements.body.value.trim();
      if (!body) { status(t.write_something, true); return; }
      send("ask", { body: body, anonymous: askForm.elements.anonymous ? askForm.elements.anonymous.checked : false });
      askForm.reset();
    });
  }
  document.querySelectorAll("[data-sort]").forEach(function (node) {
    node.addEventListener("click", function () {
      sort = node.dataset.sort;
      document.querySelectorAll("[data-sort]").forEach(function (other) {
        other.setAttribute("aria-pressed", other === node ? "true" : "false");
      });
      render();
    });
  });
  var pollForm = $("poll-form");
  if (pollForm) {
    pollForm.addEventListener("submit", function (event) {
      event.preventDefault();
      send("poll.create", { question: pollForm.elements.question.value, options: pollForm.elements.options.value,
                             multiple: pollForm.elements.multiple.checked });
      pollForm.reset();
    });
  }
  var start = $("start-session");
  if (start) start.addEventListener("click", function () { send("session.start"); });
  var clear = $("clear-highlight");
  if (clear) clear.addEventListener("click", function () { send("highlight", {}); });
  var scoreForm = $("score-form");
  if (scoreForm) {
    scoreForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var scores = {};
      new FormData(scoreForm).forEach(function (value, key) { if (key !== "csrfmiddlewaretoken") scores[key] = parseInt(value, 10); });
      send("jury.score", { scores: scores });
    });
  }

  connect();
  setInterval(tick, 1000);
  // A safety net besides gap detection: ask now and then whether anything was missed.
  setInterval(function () {
    if (!stopped && socket && socket.readyState === 1) send("sync", { since: state.seq });
  }, 20000);
})();
