// Dialtone admin UI: the little that needs a script. Plain JavaScript, no
// build step. Every page works without it except the live dashboard.
"use strict";

// Confirm destructive buttons: <form data-confirm="Delete 101?">.
document.addEventListener("submit", function (ev) {
  var msg = ev.target.getAttribute("data-confirm");
  if (msg && !window.confirm(msg)) {
    ev.preventDefault();
  }
});

// Copy buttons: <button data-copy="#id">.
document.addEventListener("click", function (ev) {
  var b = ev.target.closest("[data-copy]");
  if (!b) return;
  var el = document.querySelector(b.getAttribute("data-copy"));
  if (!el || !navigator.clipboard) return;
  navigator.clipboard.writeText(el.textContent.trim()).then(function () {
    b.textContent = "Copied";
  });
});

// The dashboard: registrations and calls kept live by server-sent events.
(function () {
  if (document.body.getAttribute("data-page") !== "dashboard" || !window.EventSource) return;
  var phones = {}; // key -> row
  var calls = {};  // key -> {row, item}
  var phoneBody = document.getElementById("phones-body");
  var callBody = document.getElementById("calls-body");
  var status = document.getElementById("live-status");

  function text(v) { return v === undefined || v === null ? "" : String(v); }
  function cell(row, v, cls) {
    var td = document.createElement("td");
    td.textContent = text(v);
    if (cls) td.className = cls;
    row.appendChild(td);
  }
  function expiresIn(iso) {
    var s = Math.max(0, Math.round((Date.parse(iso) - Date.now()) / 1000));
    return s + " s";
  }
  function clock(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, sec = s % 60;
    var mm = (h > 0 && m < 10 ? "0" : "") + m, ss = (sec < 10 ? "0" : "") + sec;
    return (h > 0 ? h + ":" : "") + mm + ":" + ss;
  }
  function emptyRow(body, cols, msg) {
    var has = body.querySelector("tr[data-key]");
    var empty = body.querySelector("tr.empty");
    if (has && empty) empty.remove();
    if (!has && !empty) {
      var tr = document.createElement("tr");
      tr.className = "empty";
      var td = document.createElement("td");
      td.colSpan = cols;
      td.textContent = msg;
      tr.appendChild(td);
      body.appendChild(tr);
    }
  }
  function insertSorted(body, row, key) {
    var rows = body.querySelectorAll("tr[data-key]");
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getAttribute("data-key") > key) {
        body.insertBefore(row, rows[i]);
        return;
      }
    }
    body.appendChild(row);
  }
  function phoneRow(p) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-key", p.key);
    tr.setAttribute("data-expires", p.expires_at);
    cell(tr, p.extension);
    cell(tr, p.uri, "mono");
    cell(tr, p.transport.toUpperCase());
    cell(tr, p.source, "mono");
    cell(tr, p.user_agent);
    cell(tr, expiresIn(p.expires_at), "num expires");
    return tr;
  }
  function setPhone(p) {
    var old = phones[p.key];
    var tr = phoneRow(p);
    if (old) old.replaceWith(tr); else insertSorted(phoneBody, tr, p.key);
    phones[p.key] = tr;
  }
  function dropPhone(key) {
    if (phones[key]) { phones[key].remove(); delete phones[key]; }
  }
  function callRow(c) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-key", c.key);
    cell(tr, c.from + (c.from_name ? " (" + c.from_name + ")" : ""));
    cell(tr, c.to + (c.to_name ? " (" + c.to_name + ")" : ""));
    cell(tr, c.state);
    cell(tr, "", "num duration");
    return tr;
  }
  function setCall(c) {
    var old = calls[c.key];
    var tr = callRow(c);
    if (old) old.row.replaceWith(tr); else insertSorted(callBody, tr, c.key);
    calls[c.key] = { row: tr, item: c };
  }
  function dropCall(key) {
    if (calls[key]) { calls[key].row.remove(); delete calls[key]; }
  }
  function counts() {
    document.getElementById("phone-count").textContent = Object.keys(phones).length;
    document.getElementById("call-count").textContent = Object.keys(calls).length;
    emptyRow(phoneBody, 6, "No phone is registered.");
    emptyRow(callBody, 4, "No call in progress.");
  }
  function tick() {
    Object.keys(calls).forEach(function (k) {
      var c = calls[k].item;
      var from = c.answered_at && !c.answered_at.startsWith("0001") ? c.answered_at : c.started_at;
      calls[k].row.querySelector(".duration").textContent = clock(Date.now() - Date.parse(from));
    });
    Object.keys(phones).forEach(function (k) {
      var tr = phones[k];
      tr.querySelector(".expires").textContent = expiresIn(tr.getAttribute("data-expires"));
    });
  }
  function health(h) {
    var el = document.getElementById("health-status");
    if (el) {
      el.textContent = h.status === "ok" ? "All checks pass" : "Degraded";
      el.className = h.status === "ok" ? "ok" : "bad";
    }
    var up = document.getElementById("health-goroutines");
    if (up) up.textContent = h.goroutines;
  }
  function apply(kind, d) {
    var set = kind === "phones" ? setPhone : setCall;
    var drop = kind === "phones" ? dropPhone : dropCall;
    (d.removed || []).forEach(drop);
    (d.added || []).forEach(set);
    (d.changed || []).forEach(set);
    counts();
  }

  var es = new EventSource("/events");
  es.addEventListener("snapshot", function (ev) {
    var s = JSON.parse(ev.data);
    Object.keys(phones).forEach(dropPhone);
    Object.keys(calls).forEach(dropCall);
    phoneBody.querySelectorAll("tr[data-key]").forEach(function (tr) { tr.remove(); });
    callBody.querySelectorAll("tr[data-key]").forEach(function (tr) { tr.remove(); });
    (s.phones || []).forEach(setPhone);
    (s.calls || []).forEach(setCall);
    health(s.health);
    counts();
    tick();
  });
  es.addEventListener("phones", function (ev) { apply("phones", JSON.parse(ev.data)); tick(); });
  es.addEventListener("calls", function (ev) { apply("calls", JSON.parse(ev.data)); tick(); });
  es.addEventListener("health", function (ev) { health(JSON.parse(ev.data)); });
  es.onopen = function () { status.textContent = "Live"; status.previousElementSibling.className = "live-dot on"; };
  es.onerror = function () {
    // A stream refused (the session ended) is closed for good; a dropped
    // one reconnects by itself and starts again from a snapshot.
    status.textContent = es.readyState === EventSource.CLOSED ? "Disconnected: reload the page" : "Reconnecting…";
    status.previousElementSibling.className = "live-dot";
  };
  setInterval(tick, 1000);
})();
