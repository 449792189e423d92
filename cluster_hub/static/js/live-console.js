/* The moderators' console: the approval queue, every question with its actions, polls, the
   session clock and, on a forum's live day, the jury's scores. */
(function () {
  "use strict";
  var page = window.LivePage;
  if (!page) return;
  var t = page.t, $ = page.$, send = page.send, button = page.button;

  function actions(q) {
    var row = page.el("div", "question-actions");
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

  var pollControls = {
    poll: function (box, poll) {
      if (poll.status !== "open") box.appendChild(button(t.open_poll, function () { send("poll.open", { poll: poll.id }); }));
      if (poll.status === "open") box.appendChild(button(t.close_poll, function () { send("poll.close", { poll: poll.id }); }));
    },
  };

  function draw() {
    page.renderCounts();
    page.renderHighlight();
    page.renderPolls(pollControls);
    page.renderJury();
    page.renderList("live-queue", page.sortedQuestions(function (q) { return q.status === "pending"; }), actions, t.queue_empty);
    page.renderList("live-questions", page.sortedQuestions(function (q) { return q.status !== "pending"; }), actions, t.no_questions);
  }

  function bind() {
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
    if (clear) clear.addEventListener("click", function () { send("highlight", { question: null }); });
  }

  page.start(draw, bind);
})();
