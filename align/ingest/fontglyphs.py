"""Text for the glyphs a PDF font's ToUnicode table leaves out, read from the font program embedded with it.

Shapers draw Arabic with glyphs that no character maps to: contextual forms, the two halves of a lam-alef
(Noto Naskh Arabic draws "لا" as ``uniFEDF.rlig`` + ``uniFE8E.rlig``), variants before a mark. A producer
that writes ToUnicode only for glyphs reached from a character (MuPDF, Qt) leaves these out, and the text
loses them (``الولايات`` → ``الو?يات``). The embedded font says what they are: its own cmap maps characters to
glyphs, and its substitution table (GSUB) says which glyph each form is made from (a single substitution
from a glyph with a character, a ligature from several). A glyph reached that way gets their text; one
reached by no rule gets what its name says when the name follows the Adobe Glyph List conventions
(``uni0644.init``, ``lam_alef``). fontTools (MIT) reads the font.

Only fonts whose glyphs are numbered by their CIDs (Type0 fonts with an embedded TrueType or OpenType program)
are read so, and only after checking that assumption on the glyphs that do have ToUnicode entries: a font
whose CIDs turn out to be something else (a CIDToGIDMap) is left to the repair stage's glyph readings.
"""

from __future__ import annotations

import logging
import unicodedata
from io import BytesIO
from typing import Any

from align.errors import LimitError

log = logging.getLogger(__name__)

_CHECKED = 200  # ToUnicode entries compared with the font's cmap before trusting CID = glyph index
_AGREE = 0.8
_ROUNDS = 8  # substitutions build on each other (init → init.rlig): follow them this deep
# A font program is read only up to this size (a whole CJK font is about 20 MB; an Arabic one well under 1).
_MAX_PROGRAM = 24_000_000
_LIGATURE, _SINGLE, _ALTERNATE, _EXTENSION = 4, 1, 3, 7


class FontGlyphs:
    """Per font of a document, the text of its glyphs without ToUnicode entries (read on first need)."""

    def __init__(self) -> None:
        self._fonts: dict[int, tuple[Any, dict[int, str]] | None] = {}

    def text(self, font: Any, cid: int) -> str:
        """The text glyph ``cid`` of ``font`` draws, by its embedded program; "" when it does not say."""
        key = id(font)
        if key not in self._fonts:
            try:
                self._fonts[key] = (font, _glyph_texts(font))  # the font is kept: its id stays its own
            except (LimitError, MemoryError):
                raise  # the reader's budget (the program's decompressed bytes count against it)
            except Exception as exc:  # a damaged or unusual font program: the glyph stays unread
                log.info("font %s: glyph names unreadable (%s)", getattr(font, "fontname", "?"), exc)
                self._fonts[key] = None
        found = self._fonts[key]
        return found[1].get(cid, "") if found is not None else ""


def _program(font: Any) -> bytes | None:
    from pdfminer.pdftypes import resolve1

    if type(font).__name__ != "PDFCIDFont":
        return None  # a simple font's codes go through an encoding to glyphs: not read here
    stream = getattr(font, "fontfile", None)
    if stream is None:
        descriptor = getattr(font, "descriptor", None) or {}
        stream = resolve1(descriptor.get("FontFile3"))
        subtype = getattr(getattr(stream, "attrs", {}).get("Subtype"), "name", None)
        if subtype != "OpenType":
            return None  # a bare CFF program numbers glyphs by its own charset
    return stream.get_data() if stream is not None else None


def _glyph_texts(font: Any) -> dict[int, str]:
    data = _program(font)
    if not data or len(data) > _MAX_PROGRAM:
        return {}
    from fontTools.ttLib import TTFont

    program = TTFont(BytesIO(data), lazy=True, fontNumber=0)
    order = program.getGlyphOrder()
    texts = _from_cmap(program)
    if not _cids_are_glyphs(font, order, texts):
        log.info("font %s: CIDs are not glyph numbers; its glyphs are not read by name", font.fontname)
        return {}
    _follow_substitutions(program, texts)
    out = {}
    for cid, name in enumerate(order):
        text = texts.get(name) or _by_name(name)
        if text:
            out[cid] = text
    return out


def _from_cmap(program: Any) -> dict[str, str]:
    texts: dict[str, str] = {}
    cmap = program.getBestCmap() or {}
    # A glyph mapped from both a letter and its presentation form is the letter.
    for code in sorted(cmap, key=lambda c: (_presentation(chr(c)), c)):
        texts.setdefault(cmap[code], chr(code))
    return texts


def _presentation(char: str) -> bool:
    return "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufeff"


def _cids_are_glyphs(font: Any, order: list[str], texts: dict[str, str]) -> bool:
    """The glyphs that have ToUnicode entries are, read as glyph numbers, glyphs of those characters."""
    entries = getattr(getattr(font, "unicode_map", None), "cid2unichr", None)
    if not entries:
        return False
    checked = agreed = 0
    for cid, text in list(entries.items())[:_CHECKED]:
        if not isinstance(cid, int) or not 0 <= cid < len(order) or order[cid] not in texts:
            continue
        checked += 1
        agreed += _fold(texts[order[cid]]) == _fold(text)
    return checked >= 5 and agreed >= _AGREE * checked


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _follow_substitutions(program: Any, texts: dict[str, str]) -> None:
    """Give every glyph a substitution makes from glyphs with text the text it is made from."""
    if "GSUB" not in program:
        return
    table = program["GSUB"].table
    lookups = table.LookupList.Lookup if table.LookupList else []
    subtables = []
    for lookup in lookups:
        for subtable in lookup.SubTable:
            kind = lookup.LookupType
            if kind == _EXTENSION:
                kind, subtable = subtable.ExtensionLookupType, subtable.ExtSubTable
            subtables.append((kind, subtable))
    for _ in range(_ROUNDS):
        added = 0
        for kind, subtable in subtables:
            added += _apply(kind, subtable, texts)
        if not added:
            return


def _apply(kind: int, subtable: Any, texts: dict[str, str]) -> int:
    added = 0
    if kind == _SINGLE:
        for source, made in subtable.mapping.items():
            if source in texts and made not in texts:
                texts[made] = texts[source]
                added += 1
    elif kind == _ALTERNATE:
        for source, made in subtable.alternates.items():
            for glyph in made if source in texts else ():
                if glyph not in texts:
                    texts[glyph] = texts[source]
                    added += 1
    elif kind == _LIGATURE:
        for first, ligatures in subtable.ligatures.items():
            for ligature in ligatures if first in texts else ():
                parts = [first, *ligature.Component]
                if ligature.LigGlyph not in texts and all(p in texts for p in parts):
                    texts[ligature.LigGlyph] = "".join(texts[p] for p in parts)
                    added += 1
    return added


def _by_name(name: str) -> str:
    """What an Adobe Glyph List name spells ("uniFEDF.rlig", "uni0644_uni0627.fina"); "" for names that
    say nothing (".notdef", "_1008") or not all of it ("lam_alef": the AGL knows no "lam")."""
    from fontTools.agl import toUnicode

    base = name.split(".", 1)[0]
    parts = [str(toUnicode(part)) for part in base.split("_")] if base else []
    if not parts or not all(parts):
        return ""
    text = "".join(parts)
    # Arabic fonts name their letters "alef", "he", "qof" too: in the AGL those are Hebrew letters.
    return "" if any("\u0590" <= ch <= "\u05ff" for ch in text) else text
