// Behaviour every page shares, from a file (the Content-Security-Policy allows no inline script or handler).
(function () {
  "use strict";
  // <select data-autosubmit> sends its form when changed (the language picker).
  document.querySelectorAll("[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
  // <button data-print> prints the page.
  document.querySelectorAll("[data-print]").forEach(function (el) {
    el.addEventListener("click", function () { window.print(); });
  });
})();
