/* The presenter screen: the highlighted question, the five most voted open ones, the open
   poll with its live results, the clock. */
(function () {
  "use strict";
  var page = window.LivePage;
  if (!page) return;

  function draw() {
    page.renderCounts();
    page.renderHighlight();
    page.renderPolls({ filter: function (poll) { return poll.status === "open"; } });
    page.renderList("live-questions", page.sortedQuestions(function (q) { return !q.answered; }).slice(0, 5), null, page.t.no_questions);
  }

  page.start(draw);
})();
