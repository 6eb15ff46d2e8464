/* The seller portal's script: countdowns to case deadlines keep running
 * (the server drew the first value), and a reply template goes into the
 * case's reply box. Without it the pages work as they are. */
(function () {
  "use strict";
  var i18n = {};
  var source = document.getElementById("seller-i18n");
  try { i18n = source ? JSON.parse(source.textContent) || {} : {}; } catch (e) { i18n = {}; }

  // The server's clock (a simulation or a test may have moved it from the wall clock).
  var offset = i18n.now ? Date.parse(i18n.now) - Date.now() : 0;
  function tick() {
    document.querySelectorAll(".countdown[data-deadline]").forEach(function (el) {
      var ms = Date.parse(el.getAttribute("data-deadline")) - (Date.now() + offset);
      if (isNaN(ms)) { return; }
      if (ms <= 0) { el.textContent = i18n.passed || el.textContent; el.classList.add("overdue"); return; }
      var h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000);
      if (i18n.left) { el.textContent = i18n.left.replace("%(h)s", h).replace("%(m)s", m); }
    });
  }
  tick();
  setInterval(tick, 30000);

  var insert = document.getElementById("insert-template");
  if (insert) {
    insert.addEventListener("click", function (event) {
      var select = document.getElementById("template-select");
      var box = document.getElementById("id_body");
      var option = select && select.options[select.selectedIndex];
      if (!option || !box) { return; }
      event.preventDefault();
      var text = option.getAttribute("data-text") || "";
      var start = box.selectionStart || 0, end = box.selectionEnd || 0;
      box.value = box.value.slice(0, start) + text + box.value.slice(end);
      box.focus();
      box.setSelectionRange(start + text.length, start + text.length);
    });
  }
}());
