"""Text drawn over text on one row of a page: whole lines a layout did not wrap and drew over themselves,
and single words set on the place of another (wkhtmltopdf). Both are read and reported, never dropped."""

from __future__ import annotations

import unicodedata

from align.ingest.glyph import Glyph
from align.ingest.pdfchars import CID_BASE
from align.ingest.pdfwords import is_mark
from align.text import TATWEEL

_OVERPRINT = 1.3  # glyph widths over the row's width: text drawn over text


def drawn_apart(row: list[Glyph]) -> list[list[Glyph]]:
    """A row is one text, unless its glyphs are drawn over each other (a layout that did not wrap a line
    and drew it over itself: their widths add up to far more than the row is wide). Read by position, two
    texts drawn on one place come out interleaved, numbers too ("32" as "3 … 2"); each run the content stream
    draws without going back over itself is then a row of its own, in the stream's order."""
    letters = [g for g in row if not g.space]
    span = max(g.x1 for g in letters) - min(g.x0 for g in letters)
    if sum(g.x1 - g.x0 for g in letters) <= _OVERPRINT * span:
        return [row]
    runs: list[list[Glyph]] = []
    for glyph in sorted(row, key=lambda g: g.order):
        width = glyph.x1 - glyph.x0
        over = (
            runs
            and not glyph.space
            and width > 0
            and any(min(glyph.x1, g.x1) - max(glyph.x0, g.x0) > width / 2 for g in runs[-1] if not g.space)
        )
        if runs and not over:
            runs[-1].append(glyph)
        else:
            runs.append([glyph])
    kept = [run for run in runs if any(not g.space for g in run)]
    if len(kept) > 1:
        for glyph in row:
            glyph.overprinted = True  # the order of the runs is the file's: the reader is told
    return kept


def drawn_over(row: list[Glyph]) -> list[Glyph]:
    """The row's glyphs that lie on another glyph drawn apart from it in the content stream: nine
    tenths of the narrower one's width and half its height covered, each a letter, digit or sign of more
    than 0.15 em. A kerned pair (kaf over reh) is drawn one glyph after the other and a mark has no width;
    wkhtmltopdf draws a word over the next when it misplaces it (``حققها`` over ``نقاط``, ``5.6`` read
    ``6ط. 5``). Measured on the 400 PDFs of the measurement sets and fixtures: only those pages."""
    letters = sorted((g for g in row if _solid(g)), key=lambda g: g.x0)
    covered: dict[int, Glyph] = {}
    for i, a in enumerate(letters):
        for b in letters[i + 1 : i + 4]:
            width = min(a.x1 - a.x0, b.x1 - b.x0)
            height = min(a.bottom - a.top, b.bottom - b.top)
            across = min(a.x1, b.x1) - max(a.x0, b.x0)
            up = min(a.bottom, b.bottom) - max(a.top, b.top)
            if across >= 0.9 * width and up >= 0.5 * height and abs(a.order - b.order) >= 3:
                covered[id(a)], covered[id(b)] = a, b
    return list(covered.values())


def _solid(glyph: Glyph) -> bool:
    text = glyph.text
    return (
        bool(text)
        and not glyph.space
        and not glyph.boxed
        and not is_mark(glyph)
        and ord(text[0]) < CID_BASE
        and unicodedata.category(text[0]) != "Cf"
        and text[0] != TATWEEL
        and glyph.x1 - glyph.x0 > 0.15 * (glyph.size or 1.0)
    )
