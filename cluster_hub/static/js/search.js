// Autocomplete for every search box (the header's and the search page's): names, expertise
// tags and products as you type. Each box is an ARIA combobox controlling its own listbox.
(function () {
  "use strict";
  // Facets start open on wide screens and folded on phones, where they would push the results down.
  var wide = window.matchMedia("(min-width: 900px)").matches;
  document.querySelectorAll("[data-open-when-wide]").forEach(function (details) {
    details.open = wide;
  });

  function attach(input) {
    var list = document.getElementById(input.getAttribute("aria-controls"));
    if (!list) return;
    var timer = null;
    var active = -1;
    var controller = null;

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(value) {
      input.value = value;
      close();
      input.form.submit();
    }

    function render(items) {
      list.innerHTML = "";
      items.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = list.id + "-" + index;
        option.setAttribute("role", "option");
        var value = document.createElement("span");
        value.textContent = item.value;
        var kind = document.createElement("span");
        kind.className = "kind";
        kind.textContent = item.label || "";
        option.appendChild(value);
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(item.value);
        });
        list.appendChild(option);
      });
      list.hidden = items.length === 0;
      input.setAttribute("aria-expanded", items.length ? "true" : "false");
    }

    function move(step) {
      var options = list.querySelectorAll("li");
      if (!options.length) return;
      if (active >= 0) options[active].removeAttribute("aria-selected");
      active = (active + step + options.length) % options.length;
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) { close(); return; }
      timer = setTimeout(function () {
        if (controller) controller.abort();
        controller = new AbortController();
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(text), { signal: controller.signal })
          .then(function (response) { return response.ok ? response.json() : { suggestions: [] }; })
          .then(function (data) { render(data.suggestions || []); })
          .catch(function () {});
      }, 150);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        choose(list.querySelectorAll("li")[active].firstChild.textContent);
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(attach);
})();
