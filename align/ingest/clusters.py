"""A cluster's text on the glyphs that draw it: where a PDF's ToUnicode entries give a letter's text to its
mark, or every glyph of a cluster the whole cluster's, or a letter the marks of the first cluster it was
drawn in. Each text ends up on one glyph, once."""

from __future__ import annotations

import re

from align.ingest.glyph import Glyph
from align.text import ARABIC_BASE_LETTERS, ARABIC_MARKS

_BASE = re.compile(f"[{ARABIC_BASE_LETTERS}]")
_MARK = re.compile(f"[{ARABIC_MARKS}]")


def marks_drawn(glyphs: list[Glyph], silent: list[Glyph]) -> None:
    """Keep a letter's diacritics only where one is drawn on it, and the drawn one out of the text.

    Producers that draw every diacritic as a zero-width glyph of its own with an empty replacement text
    (cairo) give the letter glyph the text of the first cluster it was drawn in: an alef with hamza first
    drawn under a damma maps to "أُ" everywhere, though most of its alefs carry none. The drawn marks say
    which do; the mark drawn on such a letter is already in its text."""
    taken: set[int] = set()
    for glyph in glyphs:
        if not _MARK.search(glyph.text) or not _BASE.search(glyph.text):
            continue
        reach = 0.05 * glyph.size  # a mark sits over or under its letter, not between two
        drawn = [
            m
            for m in silent
            if glyph.x0 - reach <= (m.x0 + m.x1) / 2 <= glyph.x1 + reach
            and m.top < glyph.bottom
            and m.bottom > glyph.top - glyph.size
        ]
        if drawn:
            taken.update(id(m) for m in drawn)
        else:
            glyph.text = _MARK.sub("", glyph.text)
    glyphs[:] = [g for g in glyphs if id(g) not in taken]


def shared_cluster_text(glyphs: list[Glyph]) -> list[Glyph]:
    """Drop the copy of a cluster's text that its zero-width mark glyph carries.

    Some shapers' PDF writers (Typst) give every glyph of a cluster the whole cluster's text: the lam-alef
    ligature and the tanwin drawn on it both read "لاً", a shadda and its letter both "رّ". A zero-width
    glyph whose text the letter drawn next to it (in the stream and on the page) already holds is a copy."""
    out: list[Glyph] = []
    for index, glyph in enumerate(glyphs):
        if glyph.x1 - glyph.x0 <= 0.01 * glyph.size and _MARK.search(glyph.text):
            centre = (glyph.x0 + glyph.x1) / 2
            copies = [
                other
                for other in (
                    glyphs[index - 1] if index else None,
                    glyphs[index + 1] if index + 1 < len(glyphs) else None,
                )
                if other is not None
                and other.x1 - other.x0 > 0.01 * other.size
                and other.x0 - 0.5 * other.size <= centre <= other.x1 + 0.5 * other.size
                and glyph.text in other.text
                and _MARK.search(other.text)
            ]
            # Two zero-width glyphs of one cluster (an alef drawn inside a lam-alef, its tanwin), both with
            # its text: the second is the copy.
            twin = (
                bool(out)
                and out[-1].text == glyph.text
                and abs((out[-1].x0 + out[-1].x1) / 2 - centre) < 0.5 * glyph.size
            )
            if copies or twin:
                continue
        out.append(glyph)
    return out


def give_cluster_text(glyphs: list[Glyph]) -> None:
    """Give each cluster's text to one glyph, once.

    Shapers that subset fonts write one ToUnicode entry per glyph, taken from the first cluster it was
    drawn in: where an alef with hamza and a damma were drawn as a base glyph and a mark, the cluster's text
    ("أُ") went to the mark and the base was left with none. The base glyph then maps to nothing everywhere
    (its letter would be lost from every other word) and the mark to a letter and a mark everywhere (a
    spurious alef on every other damma). Next to a zero-width glyph that carries a letter, a glyph without
    text is that letter's base; a zero-width glyph with a letter and no such base keeps its marks only."""
    for index, glyph in enumerate(glyphs):
        if glyph.x1 - glyph.x0 > 0.01 * glyph.size or not _BASE.search(glyph.text):
            continue
        near = [glyphs[i] for i in (index - 1, index + 1) if 0 <= i < len(glyphs)]
        base = next((g for g in near if g.unmapped), None)
        if base is not None:
            base.text, base.unmapped = "", False  # its letter is the mark's text
        elif _MARK.sub("", glyph.text) != glyph.text:
            glyph.text = "".join(_MARK.findall(glyph.text))
