/* cxconsult light participant page: join, answer, resume. No framework; values shown with textContent. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("cx-data").textContent);
  var T = data.texts, Q = data.questions, SCALE = data.scale;
  var SAVED = "cx-workshop";
  var $ = function (id) { return document.getElementById(id); };
  var state = { key: null, code: "", name: "", role: "", answers: {}, pending: {}, position: 0 };
  var retryTimer = null, sending = false;

  function fmt(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? String(values[k]) : m; });
  }
  function status(kind, text) {
    var box = $("cx-status");
    box.className = "cx-status" + (kind ? " cx-banner cx-" + kind : "");
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    box.textContent = text || "";
  }
  function remember() {
    try {
      localStorage.setItem(SAVED, JSON.stringify({ key: state.key, pending: state.pending }));
    } catch (e) { /* private mode: the page still keeps them while open */ }
  }
  function recall() {
    try { return JSON.parse(localStorage.getItem(SAVED) || "{}") || {}; } catch (e) { return {}; }
  }
  function api(action, body) {
    return fetch(data.base.replace(/\/?$/, "/") + "room/api/" + action, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", "X-XSRFToken": data.xsrf },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) { return { status: r.status, body: j }; });
    });
  }
  function setUrlKey(key) {
    var u = new window.URL(window.location.href);
    u.searchParams.set("key", key);
    window.history.replaceState(null, "", u.toString());
  }

  function enter(who, resumed) {
    state.key = who.key; state.code = who.code; state.name = who.name; state.role = who.role;
    var kept = state.pending;
    state.answers = Object.assign({}, who.answers || {}, kept);
    remember();
    setUrlKey(who.key);
    $("cx-welcome").hidden = true;
    $("cx-questions").hidden = false;
    $("cx-who").textContent = who.name;
    $("cx-code-note").textContent = fmt(T.code, { code: who.code });
    var open = Q.findIndex(function (q) { return !(q.id in state.answers); });
    state.position = open < 0 ? 0 : open;
    render();
    if (resumed && Object.keys(who.answers || {}).length) { status("info", fmt(T.resume, { name: who.name })); }
    flush();
  }

  function render() {
    var q = Q[state.position];
    var inArea = Q.filter(function (x) { return x.area === q.area; });
    var chips = $("cx-chips");
    chips.textContent = "";
    Object.keys(data.areas).forEach(function (area) {
      var ids = Q.filter(function (x) { return x.area === area; }).map(function (x) { return x.id; });
      var done = ids.filter(function (i) { return i in state.answers; }).length;
      var chip = document.createElement("span");
      chip.className = "cx-chip" + (area === q.area ? " cx-current" : done === ids.length ? " cx-complete" : "");
      chip.textContent = data.areas[area] + " " + done + "/" + ids.length;
      chips.appendChild(chip);
    });
    $("cx-card").setAttribute("data-question", q.id);
    $("cx-area").textContent = data.areas[q.area] + " · " + fmt(T.question_of, { i: inArea.indexOf(q) + 1, n: inArea.length });
    $("cx-question").textContent = q.text;
    $("cx-good").textContent = "";
    var b = document.createElement("b"); b.textContent = T.good + " ";
    $("cx-good").appendChild(b); $("cx-good").appendChild(document.createTextNode(q.good));
    var current = state.answers[q.id];
    Array.prototype.forEach.call($("cx-answers").children, function (btn) {
      var on = current !== undefined && String(current) === btn.dataset.value;
      btn.classList.toggle("cx-chosen", on);
      btn.setAttribute("aria-pressed", on ? "true" : "false");
    });
    $("cx-back").disabled = state.position === 0;
    $("cx-next").disabled = state.position >= Q.length - 1;
    var n = Object.keys(state.answers).length;
    $("cx-progress").value = n;
    $("cx-progress-label").textContent = fmt(T.answered, { n: n, total: Q.length });
    $("cx-retry").hidden = Object.keys(state.pending).length === 0;
  }

  function answer(value) {
    var q = Q[state.position];
    state.answers[q.id] = value;
    delete state.pending[q.id];
    state.pending[q.id] = value;
    remember();
    var complete = Object.keys(state.answers).length === Q.length;
    if (state.position < Q.length - 1) { state.position += 1; }
    render();
    status("ok", complete ? T.done : "");
    flush();
  }

  function flush() {
    if (sending || !state.key) { return; }
    var ids = Object.keys(state.pending);
    if (!ids.length) { render(); return; }
    sending = true;
    var qid = ids[0], value = state.pending[qid];
    api("answer", { key: state.key, question: qid, answer: value }).then(function (res) {
      sending = false;
      if (res.status === 200) {
        if (state.pending[qid] === value) { delete state.pending[qid]; }
        remember();
        if (Object.keys(state.pending).length) { flush(); return; }
        render();
        var complete = Object.keys(state.answers).length === Q.length;
        status("ok", complete ? T.done : T.saved);
      } else if (res.status === 400) {  // a value the server refuses is never kept for retry
        delete state.pending[qid]; delete state.answers[qid]; remember(); render();
        status("error", res.body.error || T.error);
      } else { retry(); }
    }, function () { sending = false; retry(); });
  }
  function retry() {
    render();
    status("error", T.pending);
    if (retryTimer) { clearTimeout(retryTimer); }
    retryTimer = setTimeout(function () { retryTimer = null; flush(); }, 3000);
  }

  function join() {
    var name = $("cx-name").value.trim(), role = $("cx-role").value;
    if (!name || !role) { status("error", T.need); return; }
    $("cx-start").disabled = true;
    api("join", { name: name, role: role, language: data.lang }).then(function (res) {
      $("cx-start").disabled = false;
      if (res.status === 200) { state.pending = {}; enter(res.body, false); }
      else { status("error", res.body.error || T.error); }
    }, function () { $("cx-start").disabled = false; status("error", T.error); });
  }
  function resume(key, fromCode) {
    return api("resume", { key: key }).then(function (res) {
      if (res.status === 200) { enter(res.body, true); return true; }
      if (res.status === 400 && fromCode) { status("error", T.bad_code); }
      if (res.status === 400 && !fromCode) { state.pending = {}; remember(); }
      return false;
    }, function () { status("error", T.error); return false; });
  }

  // answer buttons: 0..4 then "don't know"
  ["0", "1", "2", "3", "4", "dk"].forEach(function (v) {
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "cx-answer cx-answer-" + v;
    btn.dataset.value = v;
    btn.textContent = v === "dk" ? SCALE.dk : v + " · " + SCALE[v];
    btn.addEventListener("click", function () { answer(v === "dk" ? "dk" : Number(v)); });
    $("cx-answers").appendChild(btn);
  });
  $("cx-start").addEventListener("click", join);
  $("cx-resume").addEventListener("click", function () {
    var code = $("cx-code").value.trim();
    if (code) { resume(code, true); }
  });
  $("cx-back").addEventListener("click", function () { state.position = Math.max(0, state.position - 1); status("", ""); render(); });
  $("cx-next").addEventListener("click", function () { state.position = Math.min(Q.length - 1, state.position + 1); status("", ""); render(); });
  $("cx-retry").addEventListener("click", function () { flush(); });
  window.addEventListener("online", function () { flush(); });

  var saved = recall();
  var urlKey = new window.URL(window.location.href).searchParams.get("key");
  var key = urlKey || saved.key;
  if (saved.pending && saved.key && (!urlKey || urlKey === saved.key)) { state.pending = saved.pending; }
  if (key) { resume(key, false); }
}());
