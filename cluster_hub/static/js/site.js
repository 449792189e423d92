// Small progressive enhancements; every page works without JavaScript.
(function () {
  "use strict";
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("site-nav");
  if (toggle && nav) {
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      nav.classList.toggle("open", !open);
    });
  }
  // Formset rows: "add another product" clones the empty form template.
  document.querySelectorAll("[data-formset]").forEach(function (formset) {
    var prefix = formset.getAttribute("data-formset");
    var total = formset.querySelector("#id_" + prefix + "-TOTAL_FORMS");
    var template = formset.querySelector("template");
    var list = formset.querySelector("[data-formset-list]");
    var add = formset.querySelector("[data-formset-add]");
    if (!total || !template || !list || !add) return;
    add.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      list.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var first = list.lastElementChild && list.lastElementChild.querySelector("input");
      if (first) first.focus();
    });
  });
  // Side filters fold away on narrow screens (the results come first there) and stay open
  // where the sidebar sits beside them. Without the script they are simply open.
  var wide = window.matchMedia("(min-width: 980px)");
  var folds = document.querySelectorAll("details[data-fold-narrow]");
  function follow() {
    folds.forEach(function (fold) {
      fold.open = wide.matches;
    });
  }
  if (folds.length) {
    follow();
    wide.addEventListener("change", follow);
  }
  // Print buttons (agendas, table signs): hidden until the script can print.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
