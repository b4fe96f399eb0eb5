"""A self-contained HTML review page: English and Arabic side by side, sentence by sentence, and post-editing.

One file with inline CSS and JavaScript and nothing fetched from anywhere (a Content-Security-Policy meta tag
forbids it), so it can be mailed, archived or opened offline. The styles and scripts are package files
(``align/render/assets``: review.css; checks.js, review.js, edit.js) inlined here. Every piece of article
text, flag message, path and signature in the markup goes through ``html.escape``; the Document itself is
embedded as JSON in a ``<script type="application/json">`` block (never run; ``<``, ``>`` and ``&`` written as
JSON escapes, so no text can end the block), from which the page builds the corrected Document it downloads.

Markup the scripts and the tests rely on: each paragraph is a ``.para`` (``data-para``, ``data-kind``), each
sentence a ``.seg`` row (``data-seg="p3.s2"``, ``data-align="i-j …"`` with ``i`` a source word and ``j`` a
translation word, both counted by whitespace), holding a ``.cell.en`` and a ``.cell.ar`` whose words are
``.w`` spans with ``data-w``, and a ``.seg-meta`` row of badges (``data-code``). Hover or focus adds ``hl`` to
both cells of a sentence and ``whl`` to a word and the words aligned to it; the row focused last is
``active``. A translated sentence is ``data-editable``; one with a post-edit is marked ``edited`` (it differs
from the machine translation) or ``accepted``. The ``#dock`` at the bottom of the window holds the active
sentence's buttons (``data-act`` edit, accept, revert) and its alternatives (``.alt``, ``data-alt`` 1, 2, …);
the ``#review-bar`` at the top the counts, the save state and the downloads.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from functools import cache
from html import escape as _escape_markup
from importlib import resources
from typing import Any

from align.document import SCHEMA_VERSION, Document, Flag, Paragraph, Segment
from align.qa.checks import LENGTH_MIN_SOURCE, LENGTH_RATIO
from align.render.text import visible
from align.text import ARABIC_LETTERS

SCRIPTS = ("checks.js", "review.js", "edit.js")  # in this order: each uses what the one before defines
# Characters JSON leaves as they are that an HTML page must not hold raw (DEL, C1 controls, non-characters,
# lone surrogates), and the three that could end or confuse the script block.
_SCRIPT_ESCAPES = {
    c: f"\\u{c:04x}" for c in [*range(0x7F, 0xA0), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF, *map(ord, "<>&")]
}


def escape(text: str) -> str:
    """Markup escaped, and control characters shown as symbols (HTML does not allow them in text)."""
    return _escape_markup(visible(text))


@cache
def asset(name: str) -> str:
    """One of the page's style or script files (package data in ``align/render/assets``)."""
    return resources.files("align.render").joinpath("assets", name).read_text(encoding="utf-8")


def script_json(data: Any) -> str:
    """``data`` as JSON that can sit inside ``<script type="application/json">``: no raw ``<`` (so no
    ``</script>``), no character an HTML page must not hold; NaN and infinities as the strings Python's
    ``float()`` reads back ("NaN", "Infinity", "-Infinity"), since JSON has no such numbers."""
    text = json.dumps(_finite(data), ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.translate(_SCRIPT_ESCAPES)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _js_class(chars: str) -> str:
    """A regular-expression class body written with \\u escapes, for ``new RegExp`` in the page."""
    return "".join("-" if c == "-" else f"\\u{ord(c):04x}" for c in chars)


def download_stem(source: str) -> str:
    """The downloads' file-name stem: the input's name in ASCII letters, digits, ``.``, ``_``, ``-``."""
    name = re.split(r"[\\/]", source)[-1]
    name = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", name)
    stem = re.sub(r"[^\w.-]+", "-", name, flags=re.ASCII)[:60].strip("-.")
    return stem or "review"


_KIND_LABELS = {
    "pullquote": "Pull-quote — repeats the article's text; not translated",
    "footer": "Source line (footer)",
}


def to_html(doc: Document, *, title: str | None = None, scores: Mapping[str, str] | None = None) -> str:
    """The review page for ``doc``; ``scores`` (e.g. ``{"BLEU": "23.1 (signature)"}``) go in the header."""
    translated = any(s.translation is not None for s in doc.segments)
    page_title = title or f"newsalign review: {doc.meta.source}"
    body_class = "" if translated else ' class="untranslated"'
    config = {
        "digest": doc.digest(),
        "schema_version": SCHEMA_VERSION,
        "editable": translated,
        "stem": download_stem(doc.meta.source),
        "arabic_letters": _js_class(ARABIC_LETTERS),
        "length_ratio": list(LENGTH_RATIO),
        "length_min_source": LENGTH_MIN_SOURCE,
    }
    scripts = "\n".join(asset(name) for name in SCRIPTS)
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
        f"<style>{asset('review.css')}</style>",
        "</head>",
        f"<body{body_class}>",
        _header(doc, page_title, scores or {}, translated),
        _review_bar() if translated else "",
        '<main id="article">',
        *(_paragraph(p, translated) for p in doc.paragraphs),
        "</main>",
        _dock() if translated else "",
        f'<script type="application/json" id="newsalign-config">{script_json(config)}</script>',
        f'<script type="application/json" id="newsalign-document">{script_json(doc.to_dict())}</script>',
        f"<script>{scripts}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _dock() -> str:
    # One panel for the active sentence, pinned to the bottom of the window: tools shown under each row
    # would appear and vanish as the focus moves and shift the article under the pointer. edit.js fills it.
    return (
        '<aside class="dock" id="dock" hidden aria-label="The sentence being reviewed">'
        '<div class="dock-head"><span class="pid" id="dock-id"></span>'
        '<span class="pe-state" id="dock-state"></span>'
        '<button type="button" data-act="edit">Edit <kbd>e</kbd></button>'
        '<button type="button" data-act="accept">Accept <kbd>Ctrl+Enter</kbd></button>'
        '<button type="button" data-act="revert">Revert <kbd>r</kbd></button></div>'
        '<div class="mt-was" id="dock-mt" hidden></div>'
        '<ol class="alts" id="dock-alts" aria-label="The model\'s best translations, best first"></ol>'
        "</aside>"
    )


def _review_bar() -> str:
    # Shown by edit.js: without scripts the page is a read-only report and these would do nothing.
    return (
        '<div class="review-bar" id="review-bar" hidden>'
        '<span id="review-counts" data-reviewed="0" data-edited="0"></span>'
        '<span id="save-state" data-state="clean" role="status" aria-live="polite"></span>'
        '<button type="button" id="download-document">Download corrected Document</button>'
        '<button type="button" id="download-edits">Download edits</button>'
        "</div>"
    )


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
        "next/previous sentence; hover or focus a sentence or word to see its counterpart."
        f"{_EDIT_HELP if translated else ''}</span>"
        "</div></header>"
    )


_EDIT_HELP = (
    " On a sentence: <kbd>e</kbd> edit (or double-click), <kbd>Ctrl</kbd>+<kbd>Enter</kbd> accept,"
    " <kbd>Esc</kbd> cancel, <kbd>1</kbd>–<kbd>9</kbd> take the model's alternative, <kbd>r</kbd> revert to"
    " the machine translation. Edits are kept in this browser until downloaded."
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
    editable = translated and segment.translation is not None and paragraph.is_translated
    post_edit = segment.post_edit if editable else None
    edited = post_edit is not None and post_edit.split() != (segment.translation or "").split()
    shown = post_edit if post_edit is not None else segment.translation
    en = ""
    if translated and shown:
        en = f'<{cell} class="cell en" lang="en" dir="ltr" {data}>{_words(shown)}</{cell}>'
    elif translated:
        if post_edit is not None:
            why = "[deleted by the reviewer]"
        elif segment.translation is not None:
            why = f"[no translation: {segment.id}]"  # the model produced nothing
        else:
            why = "[pull-quote: not translated]" if paragraph.kind == "pullquote" else "[not translated]"
        en = f'<{cell} class="cell en missing" lang="en" dir="ltr" {data}>{escape(why)}</{cell}>'
    n_src, n_tgt = len(segment.source.split()), len((segment.translation or "").split())
    pairs = " ".join(f"{i}-{j}" for i, j in segment.word_alignment if 0 <= i < n_src and 0 <= j < n_tgt)
    meta = ""
    if segment.flags or segment.scores or editable:
        scores = "".join(
            f'<span class="score">{escape(name)} {value:.3g}</span>' for name, value in segment.scores.items()
        )
        mark = ""
        if post_edit is not None:
            mark = f'<span class="badge pe-badge">{"edited" if edited else "accepted"}</span>'
        meta = (
            f'<div class="seg-meta"><span class="pid">{seg_id}</span>{mark}{_badges(segment.flags)}{scores}'
            "</div>"
        )
    classes = ["seg"]
    classes += ["flagged"] if segment.flags else []
    classes += ["edited"] if edited else ["accepted"] if post_edit is not None else []
    alignment = "" if edited else pairs  # the alignment belongs to the machine translation
    attrs = f'class="{" ".join(classes)}" id="{seg_id}" data-seg="{seg_id}" data-align="{alignment}"'
    if editable:
        attrs += f' data-editable="1" data-flagged="{1 if segment.flags else 0}"'
    return f"<div {attrs}>{en}{ar}{meta}</div>"
