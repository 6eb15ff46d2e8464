// The seller's case log: keeps the countdowns current between page loads (the server rendered the first value).
(function () {
  "use strict";
  var texts = document.getElementById("countdown-texts");
  if (!texts) { return; }
  var left = texts.dataset.left, passed = texts.dataset.passed;
  function tick() {
    document.querySelectorAll(".countdown[data-deadline]").forEach(function (el) {
      var ms = new Date(el.dataset.deadline) - new Date();
      if (ms <= 0) { el.textContent = passed; el.classList.add("overdue"); return; }
      var h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000);
      el.textContent = left.replace("HH", h).replace("MM", m);
    });
  }
  setInterval(tick, 30000);
})();
