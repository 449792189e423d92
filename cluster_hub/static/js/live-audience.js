/* The audience's live page: questions (popular or recent), voting, asking, polls. */
(function () {
  "use strict";
  var page = window.LivePage;
  if (!page) return;
  var t = page.t, config = page.config, $ = page.$;

  function actions(q) {
    var row = page.el("div", "question-actions");
    if (config.can_ask) {
      var voted = !!page.client.state.myVotes[q.id];
      var vote = page.button((voted ? "▲ " : "△ ") + t.vote, function () { page.send("vote", { question: q.id }); },
        "button button-small" + (voted ? " is-active" : ""));
      vote.setAttribute("aria-pressed", voted ? "true" : "false");
      row.appendChild(vote);
    }
    return row;
  }

  var pollControls = {
    option: function (li, poll, option) {
      if (poll.status === "open" && config.can_ask) {
        li.appendChild(page.button(t.choose, function () { page.send("poll.answer", { poll: poll.id, options: [option.id] }); }, "button button-small"));
      }
    },
  };

  function draw() {
    page.renderCounts();
    page.renderHighlight();
    page.renderPolls(pollControls);
    page.renderList("live-questions", page.sortedQuestions(), actions, t.no_questions);
  }

  function bind() {
    var askForm = $("ask-form");
    if (askForm) {
      askForm.addEventListener("submit", function (event) {
        event.preventDefault();
        var body = askForm.elements.body.value.trim();
        if (!body) { page.status(t.write_something, true); return; }
        page.send("ask", { body: body, anonymous: askForm.elements.anonymous ? askForm.elements.anonymous.checked : false });
        askForm.reset();
      });
    }
    document.querySelectorAll("[data-sort]").forEach(function (node) {
      node.addEventListener("click", function () {
        page.sort = node.dataset.sort;
        document.querySelectorAll("[data-sort]").forEach(function (other) {
          other.setAttribute("aria-pressed", other === node ? "true" : "false");
        });
        draw();
      });
    });
  }

  page.start(draw, bind);
})();
