/* The agent console's script: countdowns, the queue's polling, keyboard
 * shortcuts, accepting a suggested answer, inserting macros. No framework, no
 * network besides the console's own pages; every feature also works (less
 * conveniently) without this script. */
(function () {
  "use strict";

  var i18n = {};
  try { i18n = JSON.parse(document.getElementById("agent-i18n").textContent); } catch (e) { i18n = {}; }
  var root = document.querySelector(".agent");
  if (!root) { return; }

  function fmt(pattern, values) {
    return String(pattern || "").replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }

  /* --- the server's clock: countdowns follow the application clock, which a
   * simulation or test may have moved away from the wall clock. */
  var offsetMs = 0;
  function syncClock(element) {
    var stamp = element && element.getAttribute("data-server-now");
    if (stamp) { offsetMs = Date.parse(stamp) - Date.now(); }
  }
  function serverNow() { return Date.now() + offsetMs; }

  function durationText(ms) {
    var minutes = Math.floor(Math.abs(ms) / 60000);
    var days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
    if (days) { return fmt(i18n.days, { days: days, hours: hours }); }
    if (hours) { return fmt(i18n.hours, { hours: hours, minutes: mins }); }
    return fmt(i18n.minutes, { minutes: mins });
  }

  var soonMs = i18n.soon_ms || 4 * 3600 * 1000;
  function updateCountdowns() {
    var now = serverNow();
    document.querySelectorAll("time.countdown[datetime]").forEach(function (el) {
      var left = Date.parse(el.getAttribute("datetime")) - now;
      if (isNaN(left)) { return; }
      var overdue = left < 0;
      el.textContent = overdue ? fmt(i18n.overdue, { time: durationText(left) }) : fmt(i18n["in"], { time: durationText(left) });
      el.classList.toggle("overdue", overdue);
      el.classList.toggle("soon", !overdue && left < soonMs);
      el.classList.toggle("ok", !overdue && left >= soonMs);
    });
  }

  /* --- the queue: new tickets appear without a reload. */
  function rowIds(container) {
    return Array.prototype.map.call(container.querySelectorAll("tr[data-ticket-id]"), function (row) {
      return row.getAttribute("data-ticket-id");
    });
  }

  function startPolling(results) {
    var url = results.getAttribute("data-poll-url");
    var seconds = parseInt(results.getAttribute("data-poll-seconds"), 10) || 10;
    var live = document.getElementById("queue-live");
    var busy = false;
    function poll() {
      if (busy || document.hidden) { return; }
      busy = true;
      fetch(url, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin", cache: "no-store" })
        .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
        .then(function (html) {
          var before = rowIds(results);
          var active = document.activeElement;
          var activeRow = active && active.closest && active.closest("tr[data-ticket-id]");
          var activeId = activeRow ? activeRow.getAttribute("data-ticket-id") : null;
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.firstElementChild;
          if (!fresh) { return; }
          if (fresh.outerHTML === (results.firstElementChild && results.firstElementChild.outerHTML)) { return; }
          results.replaceChildren(fresh);
          if (window.__csbaApplySelection) { window.__csbaApplySelection(); }
          syncClock(fresh);
          var added = rowIds(results).filter(function (id) { return before.indexOf(id) < 0; });
          added.forEach(function (id) {
            var row = results.querySelector('tr[data-ticket-id="' + id + '"]');
            if (row) { row.classList.add("is-new"); }
          });
          if (added.length && live) {
            live.textContent = added.length === 1 ? i18n.one_new_ticket : fmt(i18n.new_tickets, { count: added.length });
          }
          if (activeId) {
            var link = results.querySelector('tr[data-ticket-id="' + activeId + '"] .row-link');
            if (link) { link.focus(); }
          }
          updateCountdowns();
        })
        .catch(function () { /* keep the rows we have; try again next time */ })
        .then(function () { busy = false; });
    }
    setInterval(poll, seconds * 1000);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { poll(); } });
  }

  /* --- the bulk bar: the ticked tickets stay ticked when the list refreshes;
   * the bar shows how many and only the choice its action needs. */
  var selected = {};
  function wireBulk() {
    var form = document.getElementById("bulk-form");
    if (!form) { return; }
    var action = document.getElementById("id_bulk-action");
    var count = document.getElementById("bulk-count");
    var countText = count ? count.textContent : "";
    function showParams() {
      form.querySelectorAll(".bulk-param").forEach(function (span) {
        span.hidden = span.getAttribute("data-for") !== action.value;
      });
    }
    function refreshCount() {
      var n = Object.keys(selected).length;
      form.classList.toggle("has-selection", n > 0);
      if (count) { count.textContent = n ? fmt(i18n.selected, { count: n }) : countText; }
    }
    function applySelection() {
      document.querySelectorAll("#queue-results input[name=bulk-tickets]").forEach(function (box) {
        box.checked = !!selected[box.value];
      });
      refreshCount();
    }
    document.addEventListener("change", function (event) {
      var box = event.target;
      if (box.name === "bulk-tickets") {
        if (box.checked) { selected[box.value] = true; } else { delete selected[box.value]; }
        refreshCount();
      } else if (box.id === "select-all") {
        document.querySelectorAll("#queue-results input[name=bulk-tickets]").forEach(function (item) {
          item.checked = box.checked;
          if (box.checked) { selected[item.value] = true; } else { delete selected[item.value]; }
        });
        refreshCount();
      }
    });
    form.addEventListener("submit", function () {
      // ticked rows that a refresh took off this page are still sent
      Object.keys(selected).forEach(function (id) {
        if (!document.querySelector('#queue-results input[name=bulk-tickets][value="' + id + '"]')) {
          var hidden = document.createElement("input");
          hidden.type = "hidden"; hidden.name = "bulk-tickets"; hidden.value = id;
          form.appendChild(hidden);
        }
      });
    });
    action.addEventListener("change", showParams);
    showParams();
    window.__csbaApplySelection = applySelection;
  }

  /* --- keyboard shortcuts */
  function isTyping(target) {
    if (!target) { return false; }
    var tag = (target.tagName || "").toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function moveInQueue(step) {
    var links = Array.prototype.slice.call(document.querySelectorAll("#queue-results .row-link"));
    if (!links.length) { return; }
    var index = links.indexOf(document.activeElement);
    var next = index < 0 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, index + step));
    links[next].focus();
    links[next].closest("tr").scrollIntoView({ block: "nearest" });
  }

  function follow(id) {
    var link = document.getElementById(id);
    if (link) { link.click(); return true; }
    return false;
  }

  function replyBox() { return document.getElementById("id_reply-body"); }

  function useSuggestion(focusOnly) {
    var source = document.getElementById("suggestion-source");
    var box = replyBox();
    if (!source || !box) { return false; }
    box.value = source.value;
    var flag = document.getElementById("id_reply-from_suggestion");
    if (flag) { flag.value = "True"; }
    box.focus();
    if (focusOnly) { box.setSelectionRange(0, 0); box.scrollTop = 0; }
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      var form = event.target && event.target.form;
      if (form) {
        event.preventDefault();
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || isTyping(event.target)) { return; }
    var page = root.getAttribute("data-page");
    var key = event.key;
    if (key === "?") {
      var help = document.getElementById("shortcuts");
      if (help) { help.open = !help.open; help.querySelector("summary").focus(); }
      event.preventDefault();
      return;
    }
    if (page === "queue") {
      if (key === "j") { moveInQueue(1); event.preventDefault(); }
      else if (key === "k") { moveInQueue(-1); event.preventDefault(); }
      else if (key === "n") { window.location.href = root.getAttribute("data-next-url"); event.preventDefault(); }
      else if (key === "/") {
        var first = document.querySelector("#queue-filters select, #queue-filters input");
        if (first) { first.focus(); event.preventDefault(); }
      }
    } else if (page === "ticket") {
      if (key === "n" || key === "j") { if (follow("next-ticket")) { event.preventDefault(); } }
      else if (key === "k") { if (follow("previous-ticket")) { event.preventDefault(); } }
      else if (key === "q") { if (follow("back-to-queue")) { event.preventDefault(); } }
      else if (key === "a") {
        if ((document.getElementById("accept-suggestion") && useSuggestion(false)) || follow("escalate-suggestion")) { event.preventDefault(); }
      }
      else if (key === "r") { var box = replyBox(); if (box) { box.focus(); event.preventDefault(); } }
    }
  });

  /* --- the ticket page */
  function wireTicketPage() {
    ["accept-suggestion", "edit-suggestion"].forEach(function (id) {
      var button = document.getElementById(id);
      if (!button) { return; }
      button.addEventListener("click", function (event) {
        if (useSuggestion(id === "edit-suggestion")) { event.preventDefault(); }
      });
    });
    var insert = document.getElementById("insert-macro");
    if (insert) {
      insert.addEventListener("click", function (event) {
        var select = document.getElementById("macro-select");
        var box = replyBox();
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
    var summary = document.getElementById("error-summary");
    var escalation = document.querySelector("#form-escalate[open] textarea");
    if (summary) { summary.focus(); }
    else if (escalation && window.location.hash === "#form-escalate") {
      // after the browser's own scroll to the fragment, which would take the focus away
      window.addEventListener("load", function () { escalation.focus(); });
    }
    wireRefund();
  }

  /* The refund form: the amount follows the chosen item (all that is left
   * on it, unless the agent types less); the confirmation step gets focus. */
  function wireRefund() {
    var confirmBox = document.getElementById("refund-confirm");
    if (confirmBox) { confirmBox.scrollIntoView({ block: "center" }); confirmBox.focus(); return; }
    var data = document.getElementById("refundable-amounts");
    var select = document.getElementById("id_refund-order_item");
    var amount = document.getElementById("id_refund-amount");
    if (!data || !select || !amount) { return; }
    var left = {};
    try { left = JSON.parse(data.textContent); } catch (e) { return; }
    function follow() {
      var entry = left[select.value];
      if (!entry) { return; }
      amount.value = entry.amount;
      amount.max = entry.amount;
      var help = document.getElementById("id_refund-amount_helptext");
      if (help) { help.textContent = entry.text; }
    }
    var first = left[select.value];
    if (first) { amount.max = first.amount; }
    select.addEventListener("change", follow);
  }

  /* --- collision detection: a heartbeat says who else views or types on
   * this ticket, whether the buyer is there, and whether the conversation
   * moved on since the page was drawn (the reply's own version check is what
   * keeps two answers from crossing; this warns early). */
  function startPresence() {
    var url = root.getAttribute("data-presence-url");
    if (!url) { return; }
    var seconds = parseInt(root.getAttribute("data-presence-seconds"), 10) || 5;
    var version = parseInt(root.getAttribute("data-version"), 10) || 0;
    var banner = document.getElementById("collision");
    var list = document.getElementById("collision-list");
    var newer = document.getElementById("collision-newer");
    var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
    var token = tokenInput ? tokenInput.value : "";
    var typingUntil = 0;
    var box = replyBox();
    if (box) { box.addEventListener("input", function () { typingUntil = Date.now() + 6000; }); }
    function beat(extra) {
      var body = new URLSearchParams();
      body.set("typing", Date.now() < typingUntil ? "1" : "0");
      Object.keys(extra || {}).forEach(function (key) { body.set(key, extra[key]); });
      return fetch(url, {
        method: "POST", body: body, credentials: "same-origin", keepalive: !!extra,
        headers: { "X-CSRFToken": token, "X-Requested-With": "fetch" }
      });
    }
    function show(data) {
      var others = data.others || [];
      list.replaceChildren();
      others.forEach(function (other) {
        var item = document.createElement("li");
        item.textContent = other.text;
        if (other.typing) { item.classList.add("typing"); }
        if (!other.warn) { item.classList.add("buyer"); }
        list.appendChild(item);
      });
      var moved = data.version > version;
      newer.hidden = !moved;
      banner.hidden = !others.length && !moved;
    }
    function tick() {
      if (document.hidden) { return; }
      beat().then(function (r) { return r.ok ? r.json() : null; }).then(function (data) { if (data) { show(data); } })
        .catch(function () { /* try again next beat */ });
    }
    tick();
    setInterval(tick, seconds * 1000);
    document.addEventListener("visibilitychange", function () { if (!document.hidden) { tick(); } });
    window.addEventListener("pagehide", function () { try { beat({ leaving: "1" }); } catch (e) { /* gone */ } });
  }

  syncClock(document.querySelector("[data-server-now]"));
  updateCountdowns();
  setInterval(updateCountdowns, 30000);
  var results = document.getElementById("queue-results");
  if (results && results.getAttribute("data-poll-url")) { startPolling(results); wireBulk(); }
  if (root.getAttribute("data-page") === "ticket") { wireTicketPage(); startPresence(); }
}());
