/* The juror's page: score the pitch on stage against the edition's rubric. */
(function () {
  "use strict";
  var page = window.LivePage;
  if (!page) return;

  function bind() {
    var scoreForm = page.$("score-form");
    if (!scoreForm) return;
    scoreForm.addEventListener("submit", function (event) {
      event.preventDefault();
      var scores = {};
      new FormData(scoreForm).forEach(function (value, key) { if (key !== "csrfmiddlewaretoken") scores[key] = parseInt(value, 10); });
      page.send("jury.score", { scores: scores });
    });
  }

  page.start(function () { page.renderJury(); }, bind);
})();
