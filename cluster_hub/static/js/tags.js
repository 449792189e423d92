// Tag fields as chips: each tag typed (ended by a comma or Enter) becomes a chip with a remove
// button; suggestions of tags already in use come from the field's data-suggest-url. The
// original text box stays the box people type in and carries every tag when the form is sent,
// so without JavaScript the field is a plain comma-separated text box.
(function () {
  "use strict";

  function parse(text) {
    // Commas separate tags; double quotes protect a tag holding a comma (cluster_hub/tags.py).
    var names = [], current = "", quoted = false;
    for (var i = 0; i < text.length; i += 1) {
      var ch = text[i];
      if (ch === '"') { quoted = !quoted; continue; }
      if (ch === "," && !quoted) { names.push(current); current = ""; continue; }
      current += ch;
    }
    names.push(current);
    return names.map(function (name) { return name.replace(/\s+/g, " ").trim(); });
  }

  function quote(name) {
    return name.indexOf(",") >= 0 || name.indexOf('"') >= 0 ? '"' + name.replace(/"/g, '""') + '"' : name;
  }

  function enhance(input) {
    var tags = [];
    var box = document.createElement("div");
    box.className = "tag-chips";
    var list = document.createElement("ul");
    list.className = "tag-chip-list";
    input.parentNode.insertBefore(box, input);
    box.appendChild(list);
    box.appendChild(input);
    var datalist = document.createElement("datalist");
    datalist.id = input.id + "-suggestions";
    box.appendChild(datalist);
    input.setAttribute("list", datalist.id);
    var timer = null;

    function draw() {
      list.replaceChildren();
      tags.forEach(function (name, index) {
        var chip = document.createElement("li");
        chip.className = "tag-chip";
        var label = document.createElement("span");
        label.textContent = name;
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "tag-chip-remove";
        remove.setAttribute("aria-label", (input.dataset.removeLabel || "Remove") + ": " + name);
        remove.textContent = "×";
        remove.addEventListener("click", function () { tags.splice(index, 1); draw(); input.focus(); });
        chip.appendChild(label);
        chip.appendChild(remove);
        list.appendChild(chip);
      });
    }

    function add(name) {
      if (name && tags.indexOf(name) < 0) tags.push(name);
    }

    // Whatever is complete (followed by a comma) becomes chips; the rest stays being typed.
    function absorb(finish) {
      var parts = parse(input.value);
      var rest = finish ? "" : parts.pop();
      parts.forEach(add);
      if (finish && parts.length === 0 && rest) add(rest);
      input.value = rest;
      draw();
    }

    // The tags the field held when the page loaded (its saved value, or what was typed before
    // an error) become chips at once.
    absorb(true);

    input.addEventListener("input", function () {
      if (input.value.indexOf(",") >= 0) absorb(false);
      clearTimeout(timer);
      var text = input.value.trim();
      if (!text) return;
      timer = setTimeout(function () {
        fetch(input.dataset.suggestUrl + "?q=" + encodeURIComponent(text))
          .then(function (response) { return response.ok ? response.json() : { tags: [] }; })
          .then(function (data) {
            datalist.replaceChildren();
            (data.tags || []).forEach(function (name) {
              if (tags.indexOf(name) >= 0) return;
              var option = document.createElement("option");
              option.value = name;
              datalist.appendChild(option);
            });
          })
          .catch(function () {});
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && input.value.trim()) {
        event.preventDefault();
        add(input.value.replace(/\s+/g, " ").trim());
        input.value = "";
        draw();
      } else if (event.key === "Backspace" && !input.value && tags.length) {
        tags.pop();
        draw();
      }
    });
    // The form carries every chip and whatever is still being typed.
    input.form.addEventListener("submit", function () {
      var rest = input.value.replace(/\s+/g, " ").trim();
      var all = tags.slice();
      parse(rest).forEach(function (name) { if (name && all.indexOf(name) < 0) all.push(name); });
      input.value = all.map(quote).join(", ");
    });
  }

  document.querySelectorAll("input[data-tag-input]").forEach(enhance);
})();
