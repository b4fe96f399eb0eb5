"""Missing-glyph boxes read as the characters they name.

When no font it was given has a character, Pango (GTK printing, AbiWord, and other programs that lay text out
with it and write PDFs through cairo) draws a box holding the character's code point in hexadecimal: two rows
of two digits for U+0022 (``00`` over ``22``), two rows of three above U+FFFF, in a monospaced font at about
half the text's size. The page shows a box, the text layer those digits; read as text they would put
``0022`` in the middle of a sentence, or a paragraph of their own. The box names its character exactly, so it
is read as that character, and the paragraph is flagged so that the reader knows the page shows a box there.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import NamedTuple, Protocol

_HEX = frozenset("0123456789ABCDEF")
_SMALL = 0.75  # the digits' size against the text drawn around them (Pango: a half)
_FRAME = 0.3  # the frame's margin around the digits, in their size
_ROW_PITCH = (0.6, 1.1)  # the second row's baseline below the first's, in the digits' size (Pango: 0.83)


class Drawn(Protocol):
    """What a glyph of the page must say for its box to be found (``glyph.Glyph``)."""

    @property
    def text(self) -> str: ...
    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def size(self) -> float: ...
    @property
    def baseline(self) -> float: ...
    @property
    def upright(self) -> bool: ...


class Box(NamedTuple):
    """A missing-glyph box: ``length`` glyphs from ``start`` (stream order) that show ``char``; it is drawn
    from ``x0`` to ``x1`` and from ``top`` down to the text's baseline, in type of ``size``."""

    start: int
    length: int
    char: str
    x0: float
    x1: float
    top: float
    size: float


def find_boxes(glyphs: Sequence[Drawn]) -> list[Box]:
    """The missing-glyph boxes among ``glyphs`` (in stream order)."""
    out: list[Box] = []
    index = 0
    while index < len(glyphs):
        box = _box(glyphs, index, 6) or _box(glyphs, index, 4)
        if box is None:
            index += 1
        else:
            out.append(box)
            index += box.length
    return out


def _box(glyphs: Sequence[Drawn], start: int, digits: int) -> Box | None:
    run = glyphs[start : start + digits]
    if len(run) < digits or any(g.text not in _HEX or not g.upright for g in run):
        return None
    size = run[0].size
    if any(abs(g.size - size) > 0.01 * size for g in run):
        return None
    around = [g for g in (_next(glyphs, start, -1, size), _next(glyphs, start + digits - 1, 1, size)) if g]
    if not around or any(g.size * _SMALL < size for g in around):
        return None  # a box's digits are small beside the text it stands in
    half = digits // 2
    top, bottom = run[:half], run[half:]
    pitch = bottom[0].baseline - top[0].baseline
    if not _ROW_PITCH[0] * size <= pitch <= _ROW_PITCH[1] * size:
        return None
    for row in (top, bottom):
        if any(abs(g.baseline - row[0].baseline) > 0.05 * size for g in row):
            return None
        # Monospaced and side by side: each digit starts where the one before ends.
        if any(b.x0 - a.x1 > 0.5 * (a.x1 - a.x0) or b.x0 <= a.x0 for a, b in itertools.pairwise(row)):
            return None
    if any(abs(a.x0 - b.x0) > 0.1 * size for a, b in zip(top, bottom, strict=True)):
        return None  # the second row's digits sit under the first's
    code = int("".join(g.text for g in run), 16)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return Box(
        start,
        digits,
        chr(code),
        # The box's frame stands a little outside its digits (Pango: a quarter of their size and more):
        # without it, the letters on either side would seem a word space away.
        min(g.x0 for g in run) - _FRAME * size,
        max(g.x1 for g in run) + _FRAME * size,
        min(g.top for g in run),
        max(g.size for g in around),
    )


def _next(glyphs: Sequence[Drawn], index: int, step: int, size: float) -> Drawn | None:
    """The first glyph from ``index`` on in direction ``step`` that is not a digit of another box."""
    index += step
    while 0 <= index < len(glyphs):
        glyph = glyphs[index]
        if glyph.text not in _HEX or abs(glyph.size - size) > 0.01 * size:
            return glyph
        index += step
    return None
