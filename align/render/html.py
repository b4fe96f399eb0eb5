"""A self-contained HTML review page: English and Arabic side by side, sentence by sentence.

One file with inline CSS and JavaScript and nothing fetched from anywhere (a Content-Security-Policy
meta tag forbids it), so it can be mailed, archived or opened offline. Every piece of article text,
flag message, path and signature goes through ``html.escape``; the script reads only ``data-``
attributes and holds no document data.

Markup the script and the tests rely on: each paragraph is a ``.para`` (``data-para``, ``data-kind``),
each sentence a ``.seg`` row (``data-seg="p3.s2"``, ``data-align="i-j …"`` with ``i`` a source word
and ``j`` a translation word, both counted by whitespace), holding a ``.cell.en`` and a ``.cell.ar``
whose words are ``.w`` spans with ``data-w``. Hover or focus adds ``hl`` to both cells of a sentence
and ``whl`` to a word and the words aligned to it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape as _escape_markup

from align.document import Document, Flag, Paragraph, Segment
from align.render.text import visible


def escape(text: str) -> str:
    """Markup escaped, and control characters shown as symbols (HTML does not allow them in text)."""
    return _escape_markup(visible(text))


_CSS = """
:root{--fg:#1d1d1f;--muted:#5f6368;--bg:#fff;--panel:#f5f6f8;--line:#dadce0;--hl:#fff3bf;--whl:#ffd43b;
--info:#1c6dd0;--warning:#a15c00;--error:#c92a2a;--focus:#1c6dd0}
@media (prefers-color-scheme:dark){:root{--fg:#e8eaed;--muted:#9aa0a6;--bg:#17181a;--panel:#222428;
--line:#3c4043;--hl:#3d3a1c;--whl:#7a6a00;--info:#74a7f5;--warning:#f0b44c;--error:#ff8787;--focus:#74a7f5}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",
Roboto,"Noto Sans","DejaVu Sans",sans-serif}
header.meta{padding:1rem 1.25rem;background:var(--panel);border-bottom:1px solid var(--line)}
header.meta h1{font-size:1.3rem;margin:0 0 .5rem}
dl.run{display:grid;grid-template-columns:max-content 1fr;gap:.15rem .9rem;margin:0;font-size:.85rem}
dl.run dt{color:var(--muted)}dl.run dd{margin:0;overflow-wrap:anywhere}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85em}
.controls{display:flex;flex-wrap:wrap;gap:.4rem 1.5rem;align-items:center;margin-top:.7rem;font-size:.85rem}
.help{color:var(--muted)}kbd{border:1px solid var(--line);border-radius:3px;padding:0 .3em;font-size:.85em}
.note{margin:.7rem 0 0;padding:.4rem .7rem;border-left:4px solid var(--warning);background:var(--bg)}
main{padding:.5rem 1.25rem 3rem;max-width:1400px;margin:0 auto}
.para{border-bottom:1px solid var(--line);padding:.6rem 0}
.para-head{display:flex;flex-wrap:wrap;gap:.4rem;align-items:center;font-size:.75rem;color:var(--muted)}
.pid{font-family:ui-monospace,"DejaVu Sans Mono",monospace}
.seg{display:grid;grid-template-columns:1fr 1fr;gap:.2rem 1.5rem;padding:.25rem 0}
.cell{padding:.25rem .5rem;border-radius:4px;outline:none}
.cell:focus-visible,.cell:focus{box-shadow:0 0 0 2px var(--focus)}
.cell.hl{background:var(--hl)}
.ar{font-family:"Noto Naskh Arabic","Noto Sans Arabic",Amiri,"Geeza Pro","Traditional Arabic",Tahoma,
"DejaVu Sans",sans-serif;font-size:1.15rem;line-height:1.8;text-align:right}
.w.whl{background:var(--whl);border-radius:2px}
.missing{color:var(--muted);font-style:italic}
.seg-meta{grid-column:1/-1;display:flex;flex-wrap:wrap;gap:.35rem;align-items:center;font-size:.75rem;
color:var(--muted);padding:0 .5rem}
.badge{display:inline-block;border:1px solid currentColor;border-radius:999px;padding:0 .5em;
font:600 .72rem/1.5 ui-monospace,"DejaVu Sans Mono",monospace;cursor:help}
.sev-info{color:var(--info)}.sev-warning{color:var(--warning)}.sev-error{color:var(--error)}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.kind-title .cell{font-size:1.3rem;font-weight:700;margin:0}
.kind-byline .cell{font-style:italic;color:var(--muted)}
.apart{margin:.6rem 0;padding:.4rem .9rem;background:var(--panel);border-left:4px solid var(--line);
border-radius:4px}
.label{font-weight:600;font-size:.75rem;text-transform:uppercase;letter-spacing:.04em}
.untranslated .seg{grid-template-columns:1fr}
body.only-flagged .para:not(.flagged),
body.only-flagged .para:not(.pflagged) .seg:not(.flagged){display:none}
@media (max-width:700px){.seg{grid-template-columns:1fr}header.meta,main{padding-left:.6rem;
padding-right:.6rem}.ar{font-size:1.1rem}}
"""

_JS = """
(function () {
  "use strict";
  var body = document.body, hovered = null, focused = null;
  function row(el) { return el && el.closest ? el.closest(".seg") : null; }
  function paint() {  // a sentence is highlighted on both sides while hovered or focused
    document.querySelectorAll(".cell.hl").forEach(function (c) { c.classList.remove("hl"); });
    [hovered, focused].forEach(function (r) {
      if (r) r.querySelectorAll(".cell").forEach(function (c) { c.classList.add("hl"); });
    });
  }
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
  document.addEventListener("focusin", function (e) { focused = row(e.target); paint(); });
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
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    var tag = (e.target.tagName || "").toLowerCase(), type = e.target.type || "";
    if (tag === "textarea" || tag === "select" || (tag === "input" && type !== "checkbox")) return;
    var onCell = !!row(e.target);
    if (e.key === "j" || (onCell && e.key === "ArrowDown")) { move(1); e.preventDefault(); }
    else if (e.key === "k" || (onCell && e.key === "ArrowUp")) { move(-1); e.preventDefault(); }
  });
})();
"""

_KIND_LABELS = {
    "pullquote": "Pull-quote — repeats the article's text; not translated",
    "footer": "Source line (footer)",
}


def to_html(doc: Document, *, title: str | None = None, scores: Mapping[str, str] | None = None) -> str:
    """The review page for ``doc``; ``scores`` (e.g. ``{"BLEU": "23.1 (signature)"}``) go in the header."""
    translated = any(s.translation is not None for s in doc.segments)
    page_title = title or f"newsalign review: {doc.meta.source}"
    body_class = "" if translated else ' class="untranslated"'
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        '<meta name="generator" content="newsalign">',
        f"<title>{escape(page_title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        f"<body{body_class}>",
        _header(doc, page_title, scores or {}, translated),
        '<main id="article">',
        *(_paragraph(p, translated) for p in doc.paragraphs),
        "</main>",
        f"<script>{_JS}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _header(doc: Document, page_title: str, scores: Mapping[str, str], translated: bool) -> str:
    meta, run, repair = doc.meta, doc.meta.run, doc.meta.repair
    rows: list[tuple[str, str]] = [("Source", f"<code>{escape(meta.source)}</code>")]
    if run is not None:
        sentences = sum(1 for s in doc.segments if s.translation is not None)
        rate = f", {sentences / run.seconds:.1f} sentences/s" if run.seconds else ""
        cached = f", {run.cached} from the cache" if run.cached else ""
        rows += [
            ("Run", f"<code>{escape(run.signature())}</code>"),
            ("Model", escape(f"{run.model} @ {run.revision}")),
            ("Engine", escape(f"{run.engine} on {run.device}, beam {run.beam}, max length {run.max_length}")),
            ("Compute type", escape(run.compute_type)),
            ("Timing", escape(f"{sentences} sentences in {run.seconds:.1f} s{rate}{cached}")),
        ]
    if repair is not None:
        repair_text = f"repair:{repair.signature()} ({len(repair.changes)} changes)"
        rows.append(("Repair", f"<code>{escape(repair_text)}</code>"))
    else:
        rows.append(("Repair", "not repaired"))
    rows += [(escape(name), escape(value)) for name, value in scores.items()]
    counts = _flag_counts(doc)
    if counts:
        rows.append(("Flags", " ".join(f"{escape(code)} ×{n}" for code, n in counts.items())))
    rows.append(("Created", escape(meta.created_at)))
    listing = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    note = (
        ""
        if translated
        else '<p class="note" role="note">Not translated: this Document holds the Arabic only '
        "(<code>newsalign translate -f json</code> adds the English).</p>"
    )
    return (
        f'<header class="meta"><h1>{escape(page_title)}</h1><dl class="run">{listing}</dl>{note}'
        '<div class="controls"><label><input type="checkbox" id="only-flagged"> only flagged</label>'
        '<span class="help">Keys: <kbd>j</kbd>/<kbd>k</kbd> (or <kbd>↓</kbd>/<kbd>↑</kbd> on a sentence) '
        "next/previous sentence; hover or focus a sentence or word to see its counterpart.</span>"
        "</div></header>"
    )


def _flag_counts(doc: Document) -> dict[str, int]:
    counts: dict[str, int] = {}
    flags = [f for p in doc.paragraphs for f in p.flags] + [f for s in doc.segments for f in s.flags]
    for flag in flags:
        counts[flag.code] = counts.get(flag.code, 0) + 1
    return counts


def _badges(flags: Iterable[Flag]) -> str:
    return "".join(
        f'<span class="badge sev-{escape(f.severity)}" data-code="{escape(f.code)}" '
        f'data-severity="{escape(f.severity)}" title="{escape(f.severity)}: {escape(f.message)}">'
        f'{escape(f.code)}<span class="vh"> ({escape(f.severity)}): {escape(f.message)}</span></span>'
        for f in flags
    )


def _paragraph(paragraph: Paragraph, translated: bool) -> str:
    flagged = bool(paragraph.flags) or any(s.flags for s in paragraph.segments)
    classes = ["para", f"kind-{paragraph.kind}"]
    classes += ["flagged"] if flagged else []
    classes += ["pflagged"] if paragraph.flags else []
    tag = {"pullquote": "aside", "footer": "footer"}.get(paragraph.kind, "section")
    label = _KIND_LABELS.get(paragraph.kind)
    if label:
        classes.append("apart")
    kind = (
        f'<span class="label">{escape(label)}</span>' if label else f"<span>{escape(paragraph.kind)}</span>"
    )
    page = f"<span>page {paragraph.page}</span>" if paragraph.page is not None else ""
    head = (
        f'<div class="para-head"><span class="pid">{escape(paragraph.id)}</span>{kind}{page}'
        f"{_badges(paragraph.flags)}</div>"
    )
    rows = "".join(_segment(s, paragraph, translated) for s in paragraph.segments)
    aria = f' aria-label="{escape(label)}"' if label else ""
    return (
        f'<{tag} class="{" ".join(classes)}" id="{escape(paragraph.id)}" data-para="{escape(paragraph.id)}" '
        f'data-kind="{escape(paragraph.kind)}"{aria}>{head}{rows}</{tag}>'
    )


def _words(text: str) -> str:
    return " ".join(f'<span class="w" data-w="{i}">{escape(w)}</span>' for i, w in enumerate(text.split()))


def _segment(segment: Segment, paragraph: Paragraph, translated: bool) -> str:
    cell = "h2" if paragraph.kind == "title" else "div"
    seg_id = escape(segment.id)
    data = f'data-seg="{seg_id}" tabindex="0"'
    ar = f'<{cell} class="cell ar" lang="ar" dir="rtl" {data}>{_words(segment.source)}</{cell}>'
    en = ""
    if translated and segment.translation:
        en = f'<{cell} class="cell en" lang="en" dir="ltr" {data}>{_words(segment.translation)}</{cell}>'
    elif translated:
        if segment.translation is not None:
            why = f"[no translation: {segment.id}]"  # the model produced nothing
        else:
            why = "[pull-quote: not translated]" if paragraph.kind == "pullquote" else "[not translated]"
        en = f'<div class="cell en missing" lang="en" dir="ltr" {data}>{escape(why)}</div>'
    n_src, n_tgt = len(segment.source.split()), len((segment.translation or "").split())
    pairs = " ".join(f"{i}-{j}" for i, j in segment.word_alignment if 0 <= i < n_src and 0 <= j < n_tgt)
    meta = ""
    if segment.flags or segment.scores:
        scores = "".join(
            f'<span class="score">{escape(name)} {value:.3g}</span>' for name, value in segment.scores.items()
        )
        meta = (
            f'<div class="seg-meta"><span class="pid">{seg_id}</span>{_badges(segment.flags)}{scores}</div>'
        )
    flagged = " flagged" if segment.flags else ""
    attrs = f'class="seg{flagged}" id="{seg_id}" data-seg="{seg_id}" data-align="{pairs}"'
    return f"<div {attrs}>{en}{ar}{meta}</div>"
