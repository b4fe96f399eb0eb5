/* Reading the review page: highlighting, the flag filter, moving between sentences (align/render/html.py
   inlines this file after checks.js and before edit.js). The row last focused is the active one
   (class "active"): the dock shows its tools and the keys of edit.js act on it. */
(function () {
  "use strict";
  var NA = window.newsalign = window.newsalign || {};
  var body = document.body, hovered = null, focused = null;
  function row(el) { return el && el.closest ? el.closest(".seg") : null; }
  NA.row = row;
  NA.active = null;
  function paint() {  // a sentence is highlighted on both sides while hovered or focused
    document.querySelectorAll(".cell.hl").forEach(function (c) { c.classList.remove("hl"); });
    [hovered, focused].forEach(function (r) {
      if (r) r.querySelectorAll(".cell").forEach(function (c) { c.classList.add("hl"); });
    });
  }
  function activate(r) {
    if (!r || r === NA.active) return;
    if (NA.active) NA.active.classList.remove("active");
    NA.active = r;
    r.classList.add("active");
    if (NA.onActivate) NA.onActivate(r);
  }
  NA.activate = activate;
  function words(w) {  // the word and the words aligned to it on the other side
    var r = row(w), cell = w.closest(".cell"), src = cell.classList.contains("ar"), i = w.dataset.w;
    var other = r.querySelector(src ? ".cell.en" : ".cell.ar"), found = [w];
    (r.dataset.align || "").split(" ").forEach(function (pair) {
      var ij = pair.split("-");
      if (ij.length !== 2 || ij[src ? 0 : 1] !== i || !other) return;
      var hit = other.querySelector('.w[data-w="' + ij[src ? 1 : 0] + '"]');
      if (hit) found.push(hit);
    });
    return found;
  }
  document.addEventListener("mouseover", function (e) {
    hovered = row(e.target);
    paint();
    document.querySelectorAll(".w.whl").forEach(function (w) { w.classList.remove("whl"); });
    if (e.target.classList && e.target.classList.contains("w")) {
      words(e.target).forEach(function (w) { w.classList.add("whl"); });
    }
  });
  document.addEventListener("focusin", function (e) {
    focused = row(e.target);
    activate(focused);
    paint();
  });
  document.addEventListener("focusout", function () { focused = null; paint(); });
  var toggle = document.getElementById("only-flagged");
  if (toggle) toggle.addEventListener("change", function () {
    body.classList.toggle("only-flagged", toggle.checked);
  });
  function move(step) {
    var rows = Array.prototype.filter.call(document.querySelectorAll(".seg"), function (r) {
      return r.getClientRects().length > 0;
    });
    if (!rows.length) return;
    var active = document.activeElement, current = rows.indexOf(row(active));
    var side = active && active.classList && active.classList.contains("ar") ? ".ar" : ".en";
    var next = rows[current < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, current + step))];
    var cell = next.querySelector(".cell" + side + "[tabindex]") || next.querySelector(".cell[tabindex]");
    if (cell) { cell.focus(); cell.scrollIntoView({block: "nearest"}); }
  }
  NA.move = move;
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var tag = (e.target.tagName || "").toLowerCase(), type = e.target.type || "";
    if (tag === "textarea" || tag === "select" || (tag === "input" && type !== "checkbox")) return;
    var onCell = !!row(e.target);
    if (e.key === "j" || (onCell && e.key === "ArrowDown")) { move(1); e.preventDefault(); }
    else if (e.key === "k" || (onCell && e.key === "ArrowUp")) { move(-1); e.preventDefault(); }
  });
})();
