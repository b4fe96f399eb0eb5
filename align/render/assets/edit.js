/* Post-editing in the review page (align/render/html.py inlines this file last).

   The Document the page was made from is embedded as JSON (#newsalign-document). The reviewer's changes are
   kept as a map from segment id to {post_edit, origin}, autosaved to the browser's local storage under the
   Document's digest, and downloaded as the corrected Document or as an edits file (newsalign apply-edits).
   Every text shown is set with textContent, never parsed as markup: what a reviewer types or pastes is shown
   as text. Keys on the active sentence: e edit, Esc cancel, Ctrl+Enter accept, 1-9 alternative, r revert. */
(function () {
  "use strict";
  var NA = window.newsalign, config = NA.config;
  var source = document.getElementById("newsalign-document");
  if (!source || !config.editable) return;
  var doc = JSON.parse(source.textContent);
  var KEY = "newsalign-review:" + config.digest;
  var segments = Object.create(null), rows = Object.create(null), align = Object.create(null);
  var baseline = Object.create(null);  // the Document's own post-edits (null: none)
  var edits = Object.create(null);  // changes made here: id -> {post_edit: text or null, origin}
  var drafts = Object.create(null);  // open editors: id -> the text typed so far
  var order = [], stored = true, savedAt = null;
  var stateEl = document.getElementById("save-state"), countsEl = document.getElementById("review-counts");

  doc.paragraphs.forEach(function (p) {
    p.segments.forEach(function (s) { segments[s.id] = s; });
  });
  document.querySelectorAll(".seg[data-editable]").forEach(function (r) {
    var id = r.dataset.seg;
    if (!segments[id] || segments[id].translation === null) return;
    rows[id] = r;
    align[id] = r.dataset.align || "";
    baseline[id] = typeof segments[id].post_edit === "string" ? segments[id].post_edit : null;
    order.push(id);
  });
  var dockEl = document.getElementById("dock");

  function squash(text) { return text.split(/\s+/).filter(function (w) { return w; }).join(" "); }
  function sameText(a, b) { return squash(a) === squash(b); }
  function mt(id) { return segments[id].translation; }
  function current(id) { return id in edits ? edits[id].post_edit : baseline[id]; }
  function origin(id, text) {
    var alternatives = segments[id].alternatives || [];
    for (var k = 0; k < alternatives.length; k++) {
      if (k > 0 && alternatives[k].text === text) return "alternative " + (k + 1);
    }
    return sameText(text, mt(id)) ? "accepted" : "typed";
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function fill(cell, text, empty) {  // the sentence as word spans, every piece set as text
    cell.textContent = "";
    var parts = squash(text).split(" ").filter(function (w) { return w; });
    cell.classList.toggle("missing", !parts.length);
    if (!parts.length) { cell.textContent = empty; return; }
    parts.forEach(function (word, i) {
      if (i) cell.appendChild(document.createTextNode(" "));
      var span = el("span", "w", word);
      span.dataset.w = String(i);
      cell.appendChild(span);
    });
  }

  function show(id) {
    var r = rows[id], pe = current(id), cell = r.querySelector(".cell.en");
    var edited = pe !== null && !sameText(pe, mt(id)), accepted = pe !== null && !edited;
    r.classList.toggle("edited", edited);
    r.classList.toggle("accepted", accepted);
    // The word alignment belongs to the machine translation: an edited sentence has none.
    r.dataset.align = edited ? "" : align[id];
    if (!(id in drafts)) {
      fill(cell, pe !== null ? pe : mt(id), pe !== null ? "[deleted by the reviewer]" : "[no translation: " + id + "]");
    }
    var meta = r.querySelector(".seg-meta");
    meta.querySelectorAll(".recheck, .pe-badge").forEach(function (b) { b.remove(); });
    var rechecked = edited ? NA.check(segments[id].source, pe) : [];
    meta.querySelectorAll(".badge[data-code]").forEach(function (b) {
      var code = b.dataset.code, sourceFlag = NA.SOURCE_FLAGS.indexOf(code) >= 0;
      b.classList.toggle("superseded", edited && NA.RECHECKED.indexOf(code) >= 0);
      b.classList.toggle("not-rechecked", edited && !sourceFlag && NA.RECHECKED.indexOf(code) < 0);
      if (!b.dataset.title) b.dataset.title = b.title;
      b.title = (b.classList.contains("not-rechecked") ? "not re-checked on the edit; " : "") + b.dataset.title;
    });
    var anchor = meta.querySelector(".pid");
    if (pe !== null) {
      var label = edited ? "edited" : "accepted";
      anchor.after(el("span", "badge pe-badge", label));
    }
    rechecked.forEach(function (f) {
      var badge = el("span", "badge recheck sev-" + f.severity, f.code);
      badge.dataset.recheck = f.code;
      badge.dataset.severity = f.severity;
      badge.title = "re-checked on the edit: " + f.severity + ": " + f.message;
      badge.appendChild(el("span", "vh", " (" + f.severity + "): " + f.message));
      meta.appendChild(badge);
    });
    r.classList.toggle("flagged", r.dataset.flagged === "1" || rechecked.length > 0);
    if (NA.active === r) dock(r);
  }

  function dock(r) {  // the active sentence's tools and alternatives, all set as text
    var id = r && r.dataset.seg;
    if (!id || !rows[id]) { dockEl.hidden = true; return; }
    var pe = current(id), edited = pe !== null && !sameText(pe, mt(id));
    dockEl.hidden = false;
    document.getElementById("dock-id").textContent = id;
    document.getElementById("dock-state").textContent = pe === null ? "machine translation" : edited ?
      "post-edited (" + ((edits[id] || {}).origin || "in the Document") + ")" : "accepted as translated";
    var was = document.getElementById("dock-mt");
    was.hidden = !edited;
    was.textContent = edited ? "Machine translation: " + mt(id) : "";
    var list = document.getElementById("dock-alts");
    list.textContent = "";
    (segments[id].alternatives || []).slice(0, 9).forEach(function (a, k) {
      var button = el("button", "alt");
      button.type = "button";
      button.dataset.alt = String(k + 1);
      button.setAttribute("aria-pressed", String(pe !== null && a.text === pe));
      button.appendChild(el("kbd", "", String(k + 1)));
      button.appendChild(el("span", "alt-text", a.text || "[empty]"));
      var score = typeof a.score === "number" ? a.score.toFixed(2) : "";
      button.appendChild(el("span", "alt-score", score));
      var item = el("li");
      item.appendChild(button);
      list.appendChild(item);
    });
    // j/k and focus() scroll the active row into view above the dock, not under it
    document.documentElement.style.scrollPaddingBottom = dockEl.offsetHeight + "px";
  }
  NA.onActivate = dock;

  function counts() {
    var reviewed = 0, edited = 0;
    order.forEach(function (id) {
      var pe = current(id);
      if (pe === null) return;
      reviewed++;
      if (!sameText(pe, mt(id))) edited++;
    });
    countsEl.textContent = reviewed + " of " + order.length + " sentences reviewed: " + edited + " edited, " +
      (reviewed - edited) + " accepted";
    countsEl.dataset.reviewed = String(reviewed);
    countsEl.dataset.edited = String(edited);
  }

  function status() {
    var open = Object.keys(drafts).length, changed = Object.keys(edits).length;
    var state = !stored ? "failed" : open ? "unsaved" : changed ? "saved" : "clean";
    stateEl.dataset.state = state;
    stateEl.textContent = {
      failed: "Not saved: this browser keeps no local storage for this page. Download the edits before closing it.",
      unsaved: "Unsaved: " + open + " sentence(s) being edited (Ctrl+Enter accepts; the typing is kept in this browser)",
      saved: "Saved in this browser" + (savedAt ? " at " + savedAt.toLocaleTimeString() : ""),
      clean: "No changes yet"
    }[state];
  }

  function save() {
    try {
      if (!Object.keys(edits).length && !Object.keys(drafts).length) {
        localStorage.removeItem(KEY);
      } else {
        var payload = {version: 1, digest: config.digest, saved_at: new Date().toISOString(), edits: edits, drafts: drafts};
        localStorage.setItem(KEY, JSON.stringify(payload));
        savedAt = new Date();
      }
      stored = true;
    } catch (err) {
      stored = false;
    }
    counts();
    status();
  }

  function load() {
    var payload = null;
    try { payload = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (err) { stored = false; }
    if (!payload || payload.digest !== config.digest) return;
    Object.keys(payload.edits || {}).forEach(function (id) {
      var e = payload.edits[id];
      if (rows[id] && e && (typeof e.post_edit === "string" || e.post_edit === null)) {
        edits[id] = {post_edit: e.post_edit, origin: typeof e.origin === "string" ? e.origin : "typed"};
      }
    });
    Object.keys(payload.drafts || {}).forEach(function (id) {
      if (rows[id] && typeof payload.drafts[id] === "string") drafts[id] = payload.drafts[id];
    });
    savedAt = payload.saved_at ? new Date(payload.saved_at) : null;
  }

  function editor(id) { return rows[id].querySelector("textarea.editor"); }
  function focusCell(id) { rows[id].querySelector(".cell.en").focus(); }

  function openEditor(id, text) {
    var existing = editor(id);
    if (existing) { existing.focus(); return; }
    var cell = rows[id].querySelector(".cell.en"), pe = current(id);
    var value = text !== undefined ? text : pe !== null ? pe : mt(id);
    var area = el("textarea", "editor");
    area.value = value;
    area.setAttribute("aria-label", "Translation of " + id);
    area.spellcheck = true;
    cell.textContent = "";
    cell.classList.remove("missing");
    cell.appendChild(area);
    cell.appendChild(el("div", "editor-help", "Ctrl+Enter accept \u00b7 Esc cancel"));
    drafts[id] = value;
    area.addEventListener("input", function () { drafts[id] = area.value; save(); });
    area.focus();
    save();
  }
  function closeEditor(id) {
    delete drafts[id];
    var cell = rows[id].querySelector(".cell.en");
    cell.textContent = "";
  }
  function accept(id, text, how) {
    edits[id] = {post_edit: text, origin: how || origin(id, text)};
    if (editor(id)) closeEditor(id);
    show(id);
    save();
    focusCell(id);
  }
  function acceptCurrent(id) {
    var area = editor(id);
    if (area) { accept(id, area.value); return; }
    var pe = current(id);
    accept(id, pe !== null ? pe : mt(id), pe !== null && edits[id] ? edits[id].origin : undefined);
  }
  function cancel(id) {
    closeEditor(id);
    show(id);
    save();
    focusCell(id);
  }
  function revert(id) {
    if (editor(id)) closeEditor(id);
    if (baseline[id] !== null) edits[id] = {post_edit: null, origin: "reverted"};
    else delete edits[id];
    show(id);
    save();
    focusCell(id);
  }
  function pick(id, k) {
    var alternative = (segments[id].alternatives || [])[k - 1];
    if (!alternative) return;
    var area = editor(id);
    if (area) { area.value = alternative.text; drafts[id] = area.value; area.focus(); save(); return; }
    accept(id, alternative.text, k === 1 ? "accepted" : "alternative " + k);
  }
  NA.edit = {open: openEditor, accept: acceptCurrent, cancel: cancel, revert: revert, pick: pick};

  document.addEventListener("keydown", function (e) {
    var t = e.target, tag = (t.tagName || "").toLowerCase(), r = NA.row(t);
    if (tag === "textarea" && t.classList.contains("editor") && r) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); accept(r.dataset.seg, t.value); }
      else if (e.key === "Escape") { e.preventDefault(); cancel(r.dataset.seg); }
      return;
    }
    if (tag === "input" || tag === "textarea" || tag === "select") return;
    if (!r && (t === document.body || dockEl.contains(t))) r = NA.active;
    if (!r || !rows[r.dataset.seg]) return;
    var id = r.dataset.seg;
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); acceptCurrent(id); return; }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === "e" || (e.key === "Enter" && t.classList.contains("cell"))) { e.preventDefault(); openEditor(id); }
    else if (/^[1-9]$/.test(e.key)) { e.preventDefault(); pick(id, Number(e.key)); }
    else if (e.key === "r") { e.preventDefault(); revert(id); }
  });
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("#dock button") : null, r = NA.active;
    if (!button || !r || !rows[r.dataset.seg]) return;
    var id = r.dataset.seg, act = button.dataset.act;
    if (button.dataset.alt) pick(id, Number(button.dataset.alt));
    else if (act === "edit") openEditor(id);
    else if (act === "accept") acceptCurrent(id);
    else if (act === "revert") revert(id);
  });
  document.addEventListener("dblclick", function (e) {
    var cell = e.target.closest ? e.target.closest(".cell.en") : null, r = NA.row(cell);
    if (cell && r && rows[r.dataset.seg] && !editor(r.dataset.seg)) openEditor(r.dataset.seg);
  });

  function corrected() {
    var copy = JSON.parse(source.textContent);
    copy.version = config.schema_version;
    copy.paragraphs.forEach(function (p) {
      p.segments.forEach(function (s) { if (rows[s.id]) s.post_edit = current(s.id); });
    });
    return JSON.stringify(copy, null, 1) + "\n";
  }
  function editsFile() {
    var list = [];
    order.forEach(function (id) {
      var pe = current(id);
      if (pe === null && baseline[id] === null) return;
      list.push({id: id, post_edit: pe, origin: pe === null ? "reverted" : (edits[id] || {}).origin || "in the Document"});
    });
    return JSON.stringify({schema: "newsalign.edits", version: 1, document: config.digest, source: doc.meta.source,
      saved_at: new Date().toISOString(), edits: list}, null, 1) + "\n";
  }
  function download(name, text) {
    var url = URL.createObjectURL(new Blob([text], {type: "application/json"}));
    var a = el("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }
  document.getElementById("download-document").addEventListener("click", function () {
    download(config.stem + ".reviewed.json", corrected());
  });
  document.getElementById("download-edits").addEventListener("click", function () {
    download(config.stem + ".edits.json", editsFile());
  });
  window.addEventListener("beforeunload", function (e) {
    if (!stored && (Object.keys(edits).length || Object.keys(drafts).length)) { e.preventDefault(); e.returnValue = ""; }
  });

  load();
  document.getElementById("review-bar").hidden = false;
  order.forEach(function (id) {
    var draft = drafts[id];
    if (baseline[id] !== null || id in edits) show(id);
    if (typeof draft === "string") { delete drafts[id]; show(id); openEditor(id, draft); }
  });
  if (document.activeElement && document.activeElement.tagName === "TEXTAREA") document.activeElement.blur();
  counts();
  status();
})();
