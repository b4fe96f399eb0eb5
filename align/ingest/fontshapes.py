"""What an embedded font program says of its glyphs' shapes, where the text layer says too little.

Two questions the PDF reader asks of a glyph that maps to no character: how wide the producer set it (the
advance of the font's glyph 0, ``.notdef``: reportlab sets a character its font lacks with that width and
draws glyph 0 with none, so the line stops short of where it was set), and whether it is drawn as a flat
stroke, as a kashida is, or stands as tall as a letter (wkhtmltopdf's subset of Amiri leaves a medial heh
without text, and between two joining letters it sits where a kashida would). Both are read with fontTools
from the program the PDF embeds, once per font; where there is none that is read here, the answer is None
and the reader goes on as before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from align.ingest.fontglyphs import MAX_PROGRAM, glyph_names, program_data

log = logging.getLogger(__name__)

# Ems: a glyph less high than this is a stroke, not a letter. The kashidas of Amiri, Noto Naskh Arabic,
# Noto Sans Arabic and DejaVu Sans are at most 0.12 em high; Amiri's medial heh is 0.58 em.
_FLAT = 0.15


class FontShapes:
    """Per font of a document, its glyph 0's advance and its glyphs' heights (its program read once)."""

    def __init__(self) -> None:
        self._programs: dict[int, tuple[Any, _Program | None]] = {}

    def _program(self, font: Any) -> _Program | None:
        key = id(font)
        if key not in self._programs:
            self._programs[key] = (font, _read(font))  # the font kept: its id stays its own
        return self._programs[key][1]

    def notdef(self, font: Any) -> float | None:
        """The advance of the font's glyph 0 (.notdef) in ems; None when its program is not read."""
        loaded = self._program(font)
        if loaded is None:
            return None
        program = loaded.program
        try:
            return float(program["hmtx"][program.getGlyphOrder()[0]][0]) / float(program["head"].unitsPerEm)
        except Exception as exc:  # a damaged or unusual program: the width stays unknown
            log.info("font %s: no .notdef advance (%s)", getattr(font, "fontname", "?"), exc)
            return None

    def flat(self, font: Any, cid: int) -> bool | None:
        """Whether glyph ``cid`` of ``font`` is drawn as a flat stroke, as a kashida is; None when the
        program or the glyph is not read."""
        loaded = self._program(font)
        name = loaded.names.get(cid) if loaded is not None else None
        if loaded is None or name is None:
            return None
        from fontTools.pens.boundsPen import BoundsPen

        program = loaded.program
        try:
            pen = BoundsPen(program.getGlyphSet())
            program.getGlyphSet()[name].draw(pen)
        except Exception:  # a damaged outline: not read
            return None
        if pen.bounds is None:
            return None
        return bool(pen.bounds[3] - pen.bounds[1] < _FLAT * float(program["head"].unitsPerEm))


@dataclass(frozen=True)
class _Program:
    program: Any  # fontTools' TTFont
    names: dict[int, str]  # glyph names by CID; empty for a simple font (its codes go through an encoding)


def _read(font: Any) -> _Program | None:
    """The font's embedded TrueType or OpenType program; None when it has none that is read here."""
    from pdfminer.pdftypes import resolve1

    data = program_data(font)
    cids = data is not None
    if data is None and type(font).__name__ == "PDFTrueTypeFont":
        stream = resolve1((getattr(font, "descriptor", None) or {}).get("FontFile2"))
        data = stream.get_data() if stream is not None and hasattr(stream, "get_data") else None
    if not data or len(data) > MAX_PROGRAM:
        return None
    from fontTools.ttLib import TTFont

    try:
        program = TTFont(BytesIO(data), lazy=True, fontNumber=0)
        return _Program(program, glyph_names(font, program.getGlyphOrder()) if cids else {})
    except Exception as exc:  # a damaged or unusual program: it stays unread
        log.info("font %s: program unreadable (%s)", getattr(font, "fontname", "?"), exc)
        return None
