/* What every live page shares: the connection to its room, the status line, and the pieces
   drawn the same way everywhere (questions, polls, highlight, counts, jury, timer). A page's
   renderer calls LivePage.start(draw, bind). Text from people is only ever set with
   textContent (never as HTML). */
(function () {
  "use strict";
  var configNode = document.getElementById("live-config");
  if (!configNode) return;
  var config = JSON.parse(configNode.textContent);
  var t = config.strings;
  var $ = function (id) { return document.getElementById(id); };
  var page = { config: config, t: t, $: $, sort: "popular", client: null };

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

  function status(text, isError) {
    var node = $("live-status");
    if (!node) return;
    node.textContent = text || "";
    node.className = "live-status" + (isError ? " is-error" : "");
  }

  function send(action, data) { return page.client.send(action, data); }

  function sortedQuestions(filter) {
    var questions = page.client.state.questions;
    var list = Object.keys(questions).map(function (id) { return questions[id]; });
    if (filter) list = list.filter(filter);
    list.sort(function (a, b) {
      if (page.sort === "popular" && b.votes !== a.votes) return b.votes - a.votes;
      return b.created_at < a.created_at ? -1 : b.created_at > a.created_at ? 1 : 0;
    });
    return list;
  }

  function questionNode(q, actions) {
    var state = page.client.state;
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

  function renderPolls(controls) {
    var node = $("live-polls");
    if (!node) return;
    var polls = page.client.state.polls;
    node.replaceChildren();
    var shown = Object.keys(polls).filter(function (id) {
      return !(controls && controls.filter) || controls.filter(polls[id]);
    });
    // A page that shows only some polls (the presenter screen: the open one) hides the box
    // when there is none, so the questions take the room.
    if (controls && controls.filter) node.hidden = shown.length === 0;
    shown.forEach(function (id) {
      var poll = polls[id];
      var box = el("div", "poll poll-" + poll.status);
      box.appendChild(el("h3", "", poll.question));
      const answers = t.answer_count[poll.total === 1 ? "one" : "other"].replace("%(count)s", poll.total);
      box.appendChild(el("p", "muted", t["poll_" + poll.status] + " · " + answers));
      var list = el("ul", "poll-options");
      poll.options.forEach(function (option) {
        var li = el("li", "poll-option");
        var share = poll.total ? Math.round(option.count * 100 / poll.total) : 0;
        var bar = el("span", "poll-bar"); bar.style.width = share + "%";
        li.appendChild(bar);
        li.appendChild(el("span", "poll-label", option.label + " — " + option.count + " (" + share + "%)"));
        if (controls && controls.option) controls.option(li, poll, option);
        list.appendChild(li);
      });
      box.appendChild(list);
      if (controls && controls.poll) controls.poll(box, poll);
      node.appendChild(box);
    });
  }

  function renderHighlight() {
    var node = $("live-highlight");
    if (!node) return;
    var highlight = page.client.state.highlight;
    node.replaceChildren();
    if (!highlight) { node.appendChild(el("p", "muted", t.no_highlight)); return; }
    node.appendChild(el("p", "highlight-body", highlight.body));
    node.appendChild(el("p", "highlight-author", highlight.author || t.anonymous));
  }

  function renderCounts() {
    var node = $("live-counts");
    var counts = page.client.state.counts;
    if (node) node.textContent = t.counts.replace("%(pending)s", counts.pending).replace("%(hidden)s", counts.hidden);
  }

  function renderJury() {
    var node = $("live-jury");
    var jury = page.client.state.jury;
    if (!node || !jury) return;
    node.replaceChildren();
    var agg = jury.aggregate;
    node.appendChild(el("p", "jury-total", t.jury_total.replace("%(score)s", agg.weighted === null ? "–" : agg.weighted).replace("%(jurors)s", agg.jurors)));
    var list = el("ul", "plain-list");
    Object.keys(agg.criteria).forEach(function (key) {
      var c = agg.criteria[key];
      list.appendChild(el("li", "", c.label + ": " + (c.mean === null ? "–" : c.mean)));
    });
    node.appendChild(list);
  }

  function tick() {
    var node = $("live-timer");
    if (!node) return;
    var session = page.client.state.session;
    if (!session || !session.started_at) { node.textContent = "00:00"; return; }
    var seconds = Math.max(0, Math.floor((Date.now() - Date.parse(session.started_at)) / 1000));
    var mm = String(Math.floor(seconds / 60)).padStart(2, "0"), ss = String(seconds % 60).padStart(2, "0");
    node.textContent = mm + ":" + ss;
  }

  function onAnswer(frame) {
    if (frame.type === "error") { status(frame.message, true); return; }
    if (frame.type !== "ack") return;
    if (frame.status === "pending") status(t.awaiting_approval);
    else if (frame.question) status(t.posted);
    else if (frame.jurors !== undefined) status(t.scored);
  }

  function onStatus(kind, message) {
    if (kind === "open") { status(t.connected); document.body.dataset.live = "open"; }
    else if (kind === "reconnecting") { document.body.dataset.live = "closed"; status(t.reconnecting, true); }
    else if (kind === "refused") { document.body.dataset.live = "refused"; status(message || t.reconnecting, true); }
    else if (kind === "offline") status(t.offline, true);
    else status(message, true);
  }

  page.start = function (draw, bind) {
    page.client = new window.LiveClient({
      url: function (since) {
        var scheme = location.protocol === "https:" ? "wss://" : "ws://";
        return scheme + location.host + config.socket + "?since=" + since + "&lang=" + config.lang +
          (config.staff ? "&view=staff" : "");
      },
      onChange: function () { draw(); },
      onStatus: onStatus,
      onAnswer: onAnswer,
    });
    if (bind) bind();
    draw();
    page.client.start();
    setInterval(tick, 1000);
  };

  Object.assign(page, { el: el, button: button, status: status, send: send,
                        sortedQuestions: sortedQuestions, renderList: renderList,
                        renderPolls: renderPolls, renderHighlight: renderHighlight,
                        renderCounts: renderCounts, renderJury: renderJury });
  window.LivePage = page;
})();
