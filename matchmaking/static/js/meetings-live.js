/* The meetings pages' live banner (docs/meetings-protocol.md): connects to the meetings
   socket, says hello with the version the page was drawn from, and shows a banner with a
   reload link when the server says the page is out of date or announces a change. It
   reconnects by itself, with a growing pause, and says hello again each time, so a change made
   while it was away is never missed. Text from the server is set with textContent only. */
(function () {
  "use strict";
  var banner = document.querySelector("[data-meetings-live]");
  if (!banner || !window.WebSocket) return;
  var text = banner.querySelector("[data-live-text]");
  var pause = 1000;
  var socket = null;

  function show(message) {
    text.textContent = message;
    banner.hidden = false;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var path = banner.dataset.socket;
    var url = scheme + window.location.host + path + (path.indexOf("?") < 0 ? "?" : "&") +
      "lang=" + encodeURIComponent(banner.dataset.lang || "");
    socket = new WebSocket(url);
    socket.addEventListener("open", function () {
      pause = 1000;
      if (banner.dataset.offlineShown) { banner.hidden = true; delete banner.dataset.offlineShown; }
      socket.send(JSON.stringify({ type: "hello", version: banner.dataset.version }));
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (error) { return; }
      if (frame.type === "state" && frame.stale) show(banner.dataset.stale);
      else if (frame.type === "changed") show(frame.text);
      else if (frame.type === "error" && frame.code === "unavailable") show(frame.message);
    });
    socket.addEventListener("close", function (event) {
      // Refused for good (signed out, not taking part): stop; otherwise come back.
      if (event.code >= 4400 && event.code < 4500) return;
      if (banner.hidden) { show(banner.dataset.offline); banner.dataset.offlineShown = "1"; }
      window.setTimeout(connect, pause);
      pause = Math.min(pause * 2, 30000);
    });
  }

  connect();
})();
