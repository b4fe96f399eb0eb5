"""A glyph of a PDF page as the reader keeps it: its text, box, type and where the content stream drew it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(eq=False)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    order: int = 0  # position in the page's content stream
    baseline: float = 0.0  # top-down, like top and bottom; where the glyph's origin sits
    upright: bool = True  # drawn without rotation (rotated text is counted, not read)
    unmapped: bool = False  # advances the pen, but the font maps it to no text
    overprinted: bool = False  # its row is drawn over other text (``overprint.drawn_apart``)
    boxed: bool = False  # the page shows a missing-glyph box naming this character (``hexboxes``)
    missing: bool = False  # a glyph the font lacks (its text maps to a control character): U+FFFD
    lost: float | None = 0.0  # of a missing glyph, the width it was set with but not drawn (None: unknown)
    flat: bool | None = None  # of a glyph without Unicode: drawn as a flat stroke (None: outline not read)

    @property
    def space(self) -> bool:
        return not self.text.strip()
