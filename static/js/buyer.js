/* The buyer's conversation page (and chat window): the message list is
 * refreshed in place every few seconds, so whatever the buyer is typing stays
 * in its box; an answer is sent with fetch and the box is cleared only once
 * the answer was taken. The call for updates is also the buyer's heartbeat
 * (and says when the buyer is typing). Sets the csba_tz cookie so the server
 * shows times in the buyer's own time zone. Without this script the page
 * still works with plain form posts. */
(function () {
  "use strict";

  var root = document.getElementById("conversation");
  if (!root) { return; }
  var i18n = {};
  try { i18n = JSON.parse(document.getElementById("buyer-i18n").textContent) || {}; } catch (e) { i18n = {}; }

  /* The buyer's time zone, for the server's rendering of times. */
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
  if (zone) { document.cookie = "csba_tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax"; }

  var list = document.getElementById("messages");
  var status = document.getElementById("conversation-status");
  var presence = document.getElementById("presence");
  var zoneNote = document.getElementById("zone-note");
  var form = document.getElementById("reply");
  var box = form ? form.querySelector("textarea") : null;
  var sendState = document.getElementById("send-state");
  var url = root.getAttribute("data-updates-url");
  var seconds = parseInt(root.getAttribute("data-poll-seconds"), 10) || 15;
  var last = root.getAttribute("data-last") || "0";
  var shownZone = root.getAttribute("data-zone") || "";
  var typingUntil = 0;
  var busy = false;

  function atBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  }

  function refresh() {
    if (busy) { return Promise.resolve(); }
    busy = true;
    var typing = Date.now() < typingUntil ? "1" : "0";
    return fetch(url + "?typing=" + typing, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
      .then(function (data) {
        if (String(data.last) !== String(last) || data.zone !== shownZone) {
          var follow = atBottom();
          list.innerHTML = data.html;  // the list only: the answer box is left alone
          if (follow) { list.scrollTop = list.scrollHeight; }
          last = String(data.last);
          shownZone = data.zone;
        }
        if (status && status.textContent !== data.status) { status.textContent = data.status; }
        if (presence && presence.textContent !== data.presence) { presence.textContent = data.presence; }
        if (zoneNote && data.zone_note && zoneNote.textContent !== data.zone_note) { zoneNote.textContent = data.zone_note; }
      })
      .catch(function () { /* keep what is shown; try again next time */ })
      .then(function () { busy = false; });
  }

  function newKey() {
    var bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  if (box) {
    box.addEventListener("input", function () { typingUntil = Date.now() + 6000; });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
      }
    });
  }

  if (form && box) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!box.value.trim()) { box.focus(); return; }
      var sent = box.value;
      var button = document.getElementById("send");
      if (button) { button.disabled = true; }
      if (sendState) { sendState.textContent = i18n.sending || "…"; }
      fetch(form.action || window.location.href, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Requested-With": "fetch" },
        credentials: "same-origin"
      })
        .then(function (response) { return response.json().then(function (data) { return { ok: response.ok && data.ok, data: data }; }); })
        .then(function (result) {
          if (!result.ok) { throw new Error("refused"); }
          // Clear only what was sent: text typed meanwhile stays.
          box.value = box.value.indexOf(sent) === 0 ? box.value.slice(sent.length).replace(/^\s+/, "") : box.value;
          var key = form.querySelector("input[name=submission_key]");
          if (key) { key.value = newKey(); }
          typingUntil = 0;
          if (sendState) { sendState.textContent = i18n.sent || ""; }
          return refresh().then(function () { list.scrollTop = list.scrollHeight; });
        })
        .catch(function () { if (sendState) { sendState.textContent = i18n.failed || "!"; } })
        .then(function () { if (button) { button.disabled = false; } box.focus(); });
    });
  }

  list.scrollTop = list.scrollHeight;
  var current = shownZone;
  if (zone && zone !== current) { refresh(); }
  setInterval(function () { if (!document.hidden) { refresh(); } }, seconds * 1000);
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { refresh(); } });
}());
