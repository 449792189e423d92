// Deck uploads with a progress bar. Without JavaScript the form still posts normally.
(function () {
  "use strict";
  document.querySelectorAll("form[data-upload-form]").forEach(function (form) {
    var input = form.querySelector("input[type=file]");
    var progressBox = form.querySelector(".upload-progress");
    var bar = progressBox.querySelector("progress");
    var text = progressBox.querySelector(".upload-progress-text");
    var errorBox = form.querySelector(".upload-error");
    var button = form.querySelector("button[type=submit]");
    var maxBytes = parseInt(form.dataset.maxBytes, 10);

    function showError(message) {
      errorBox.textContent = message;
      errorBox.hidden = false;
      button.disabled = false;
    }

    form.addEventListener("submit", function (event) {
      if (!input.files.length) {
        return; // let the server explain
      }
      event.preventDefault();
      errorBox.hidden = true;
      if (maxBytes && input.files[0].size > maxBytes) {
        showError(form.dataset.tooLarge);
        return;
      }
      var request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (progress) {
        if (progress.lengthComputable) {
          var percent = Math.round((progress.loaded / progress.total) * 100);
          bar.value = percent;
          text.textContent = form.dataset.uploading + " " + percent + "%";
        }
      });
      request.addEventListener("load", function () {
        var body = {};
        try { body = JSON.parse(request.responseText); } catch (ignored) { body = {}; }
        if (request.status === 200 && body.ok) {
          bar.value = 100;
          window.location.reload();
        } else {
          progressBox.hidden = true;
          showError(body.error || form.dataset.failed);
        }
      });
      request.addEventListener("error", function () {
        progressBox.hidden = true;
        showError(form.dataset.failed);
      });
      progressBox.hidden = false;
      bar.value = 0;
      button.disabled = true;
      request.send(new FormData(form));
    });
  });
})();
