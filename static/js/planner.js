// The run page's progress bar: polls the run's progress (JSON) every second
// until the run has ended, then shows the link to its report.
(function () {
  "use strict";
  var section = document.getElementById("run-progress");
  if (!section) { return; }
  var url = section.getAttribute("data-url");
  var ended = ["done", "cancelled", "failed"];
  function show(id, text) {
    var node = document.getElementById(id);
    if (node) { node.textContent = text; }
  }
  function update(data) {
    document.getElementById("run-bar").value = data.percent;
    show("run-percent", data.percent + "%");
    show("run-status", data.status);
    show("run-virtual", (data.virtual_time || "").slice(0, 16).replace("T", " "));
    show("run-eps", String(data.events_per_second));
    show("run-contacts", String(data.contacts));
    show("run-ended", String(data.replications_ended));
    var error = document.getElementById("run-error");
    if (data.error) { error.textContent = data.error; error.hidden = false; }
    if (data.has_report) { document.getElementById("run-report").hidden = false; }
    var cancel = document.getElementById("run-cancel");
    if (ended.indexOf(data.status) >= 0) {
      if (cancel) { cancel.hidden = true; }
      return true;
    }
    return false;
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) { if (!update(data)) { window.setTimeout(poll, 1000); } })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();
