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

A subset that keeps nothing but outlines (Qt's, the engine of wkhtmltopdf: no cmap, no substitutions, no
names, the outlines written again at 2048 units to the em) is matched glyph by glyph against the installed
font of the same PostScript name (fontconfig's list): a glyph whose contours and advance are those of glyphs
of one text there gets that text, when the subset's glyphs that have ToUnicode entries are found so and
agree with them. Without that font installed, its glyphs are left to repair as before.
"""

from __future__ import annotations

import functools
import logging
import subprocess
import unicodedata
from io import BytesIO
from pathlib import Path
from typing import Any

from align.errors import LimitError

log = logging.getLogger(__name__)

_CHECKED = 200  # ToUnicode entries compared with the font's cmap before trusting CID = glyph index
_AGREE = 0.8
_ROUNDS = 8  # substitutions build on each other (init → init.rlig): follow them this deep
# A font program is read only up to this size (a whole CJK font is about 20 MB; an Arabic one well under 1).
_MAX_PROGRAM = 24_000_000
_LIGATURE, _SINGLE, _ALTERNATE, _EXTENSION = 4, 1, 3, 7
_FOUND, _AGREE_FOUND = 0.6, 0.9  # of a subset's glyphs with ToUnicode: found by outline; of those, agreeing
_EXTENDED = "\u0660"  # from here on, the Arabic blocks' digits and the letters of other languages
_ROUNDING = 1.5  # font units: what writing an outline again at another size may move a point by


class FontGlyphs:
    """Per font of a document, the text of its glyphs without ToUnicode entries (read on first need)."""

    def __init__(self) -> None:
        self._fonts: dict[int, tuple[Any, dict[int, str]] | None] = {}
        # The installed fonts that read glyphs of a subset, and how many: what the text depends on
        # beyond the file ("NotoNaskhArabic-Regular: 106 glyphs, /usr/share/fonts/…").
        self.installed: list[str] = []

    def text(self, font: Any, cid: int) -> str:
        """The text glyph ``cid`` of ``font`` draws, by its embedded program; "" when it does not say."""
        key = id(font)
        if key not in self._fonts:
            try:
                self._fonts[key] = (font, _glyph_texts(font, self.installed))  # kept: its id stays its own
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


def _glyph_texts(font: Any, installed: list[str] | None = None) -> dict[int, str]:
    data = _program(font)
    if not data or len(data) > _MAX_PROGRAM:
        return {}
    from fontTools.ttLib import TTFont

    program = TTFont(BytesIO(data), lazy=True, fontNumber=0)
    order = program.getGlyphOrder()
    names = _glyph_names(font, order)
    texts = _from_cmap(program)
    if not texts and "glyf" in program:
        # A subset that kept only outlines (Qt): its glyphs are found in the installed font by outline.
        return _from_installed(font, program, names, installed if installed is not None else [])
    if not _cids_are_glyphs(font, names, texts):
        log.info("font %s: CIDs are not glyph numbers; its glyphs are not read by name", font.fontname)
        return {}
    _follow_substitutions(program, texts)
    out = {}
    for cid, name in names.items():
        text = texts.get(name) or _by_name(name)
        if text:
            out[cid] = text
    return out


def _glyph_names(font: Any, order: list[str]) -> dict[int, str]:
    """CID -> glyph name: through the font's CIDToGIDMap stream where it has one, else CID = glyph number."""
    gids = getattr(font, "cid_to_gid", b"") or b""
    if len(gids) < 2:
        return dict(enumerate(order))
    out = {}
    for cid in range(len(gids) // 2):
        gid = int.from_bytes(gids[2 * cid : 2 * cid + 2], "big")
        if 0 < gid < len(order):
            out[cid] = order[gid]
    return out


def _texts(program: Any, depths: dict[str, int] | None = None) -> dict[str, str]:
    """Every glyph's text by the font's cmap, its substitutions and its glyph names; ``depths`` gets how
    many substitutions from a character each glyph is (a glyph known by name only: one more than any)."""
    texts = _from_cmap(program)
    _follow_substitutions(program, texts, depths)
    for name in program.getGlyphOrder():
        if name not in texts and (text := _by_name(name)):
            texts[name] = text
            if depths is not None:
                depths[name] = _ROUNDS + 1
    return texts


def _from_installed(font: Any, subset: Any, names: dict[int, str], installed: list[str]) -> dict[int, str]:
    """The glyphs of a subset without cmap, substitutions or names, read from the installed font of the
    same PostScript name: a glyph whose outline and advance are those of glyphs of one text there has that
    text. Trusted only when the glyphs with ToUnicode entries read so agree with them; the font used is
    added to ``installed``."""
    name = str(getattr(font, "fontname", "")).split("+", 1)[-1]
    path = _installed_fonts().get(name)
    index = _installed_outlines(path) if path is not None else None
    if index is None:
        log.info("font %s: subset without cmap and no installed font of that name to read", name)
        return {}
    units, shapes = index
    # Qt writes the outlines again at 2048 units to the em: compared in the installed font's units, to the
    # rounding that rescaling leaves (a unit and a half).
    scale = units / subset["head"].unitsPerEm
    by_glyph: dict[str, str] = {}
    for glyph in dict.fromkeys(names.values()):
        points, ends, advance = _outline(subset, glyph)
        depth: dict[str, int] = {}  # each text matched, by the fewest substitutions it was reached in
        for theirs, their_advance, text, steps in shapes.get((len(points), ends), []):
            if abs(advance * scale - their_advance) <= _ROUNDING and all(
                abs(x * scale - tx) <= _ROUNDING and abs(y * scale - ty) <= _ROUNDING
                for (x, y), (tx, ty) in zip(points, theirs, strict=True)
            ):
                depth[text] = min(steps, depth.get(text, steps))
        found = set(depth)
        # One outline for several glyphs: a variant without text of a letter (``hah_alt.fina``), letters of
        # Persian and Urdu drawn as Arabic ones (medial ک and ك, ی and ي, ھ and ه, and Noto's final reh and
        # reh with stroke ݛ: the text is Arabic, so the Arabic letter, judged on the letter a presentation
        # form stands for), a mark and its presentation form. Outlines of other texts say nothing.
        for narrower in (_has_text, _not_extended, _not_presentation):
            if len(found) > 1 and any(narrower(text) for text in found):
                found = {text for text in found if narrower(text)}
        # Still two: the letter whose own positional form this is beats one it is a variant for (the
        # final alef maksura of Scheherazade is also its dotless final yeh, ``uni064A.fina.noDots``).
        if len(found) > 1:
            fewest = min(depth[text] for text in found)
            found = {text for text in found if depth[text] == fewest}
        if len(found) == 1 and (text := found.pop()):
            by_glyph[glyph] = text
    out = {cid: by_glyph[glyph] for cid, glyph in names.items() if glyph in by_glyph}
    # The glyphs that have ToUnicode entries must be found, most of them, and read as those say: another
    # font under the same name shares a few outlines at most (the Noto fonts their punctuation: 10 of 121).
    entries = getattr(getattr(font, "unicode_map", None), "cid2unichr", None) or {}
    # An entry of U+FFFD (cairo's, for a ligature it cannot name) says nothing either way.
    letters = [
        (cid, text) for cid, text in list(entries.items())[:_CHECKED] if text.strip("\x00\t\n\r \ufffd")
    ]
    read = [(out[cid], text) for cid, text in letters if cid in out]
    agreed = sum(_fold(mine) == _fold(theirs) for mine, theirs in read)
    if agreed < 5 or agreed < _FOUND * len(letters) or agreed < _AGREE_FOUND * len(read):
        log.info("font %s: the installed font's outlines do not match the subset's text", name)
        return {}
    installed.append(f"{name}: {len(out)} glyphs by outline from {path}")
    return out


Shapes = dict[tuple[int, tuple[int, ...]], list[tuple[list[tuple[float, float]], float, str, int]]]


@functools.lru_cache(maxsize=16)
def _installed_outlines(path: Path) -> tuple[float, Shapes] | None:
    """An installed font's units to the em and its glyphs by outline (point count and contours first),
    with their text: read once per file, whichever documents and subsets need it."""
    from fontTools.ttLib import TTFont

    if path.stat().st_size > _MAX_PROGRAM:
        return None
    program = TTFont(str(path), lazy=True, fontNumber=0)
    if "glyf" not in program:
        return None
    depths: dict[str, int] = {}
    texts = _texts(program, depths)
    shapes: Shapes = {}
    for glyph in program.getGlyphOrder():
        points, ends, advance = _outline(program, glyph)
        entry = (points, advance, texts.get(glyph, ""), depths.get(glyph, _ROUNDS + 1))
        shapes.setdefault((len(points), ends), []).append(entry)
    return program["head"].unitsPerEm, shapes


def _has_text(text: str) -> bool:
    return bool(text)


def _not_presentation(text: str) -> bool:
    return not any(_presentation(ch) for ch in text)


def _not_extended(text: str) -> bool:
    return not any(_EXTENDED <= ch <= "\u08ff" for ch in _fold(text))


def _outline(program: Any, glyph: str) -> tuple[list[tuple[float, float]], tuple[int, ...], float]:
    """The glyph's contours, each as the box of its points (sorted: a producer that writes a composite
    glyph out flat may order its parts otherwise, and may write the on-curve points TrueType leaves implied,
    which lie inside that box), their count, and the advance."""
    table = program["glyf"]
    coordinates, ends, _ = table[glyph].getCoordinates(table)
    boxes = []
    start = 0
    for end in ends:
        xs = [x for x, _ in coordinates[start : end + 1]]
        ys = [y for _, y in coordinates[start : end + 1]]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
        start = end + 1
    boxes.sort(key=lambda box: (round(box[0] / 8), round(box[1] / 8), box))
    return (
        [corner for box in boxes for corner in (box[:2], box[2:])],
        (len(boxes),),
        program["hmtx"][glyph][0],
    )


@functools.cache
def _installed_fonts() -> dict[str, Path]:
    """PostScript name -> font file, as fontconfig lists the fonts installed; empty without fontconfig."""
    try:
        listed = subprocess.run(
            ["fc-list", "--format", "%{postscriptname}\t%{file}\n"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    fonts: dict[str, Path] = {}
    for line in listed.splitlines():
        name, _, file = line.partition("\t")
        if name and file.lower().endswith((".ttf", ".otf")):
            fonts.setdefault(name, Path(file))
    return fonts


def _from_cmap(program: Any) -> dict[str, str]:
    texts: dict[str, str] = {}
    cmap = program.getBestCmap() or {}
    # A glyph mapped from both a letter and its presentation form is the letter.
    for code in sorted(cmap, key=lambda c: (_presentation(chr(c)), c)):
        texts.setdefault(cmap[code], chr(code))
    return texts


def _presentation(char: str) -> bool:
    return "\ufb50" <= char <= "\ufdff" or "\ufe70" <= char <= "\ufeff"


def _cids_are_glyphs(font: Any, names: dict[int, str], texts: dict[str, str]) -> bool:
    """The glyphs that have ToUnicode entries are, read as glyph numbers (or through the CIDToGIDMap),
    glyphs of those characters."""
    entries = getattr(getattr(font, "unicode_map", None), "cid2unichr", None)
    if not entries:
        return False
    checked = agreed = 0
    for cid, text in list(entries.items())[:_CHECKED]:
        if not isinstance(cid, int) or names.get(cid) not in texts:
            continue
        checked += 1
        agreed += _fold(texts[names[cid]]) == _fold(text)
    return checked >= 5 and agreed >= _AGREE * checked


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _follow_substitutions(program: Any, texts: dict[str, str], depths: dict[str, int] | None = None) -> None:
    """Give every glyph a substitution makes from glyphs with text the text it is made from; ``depths``
    gets how many substitutions from a character each glyph is (0: the cmap's own glyphs)."""
    depth = dict.fromkeys(texts, 0)
    if "GSUB" in program:
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
            if not sum(_apply(kind, subtable, texts, depth) for kind, subtable in subtables):
                break
    if depths is not None:
        depths.update(depth)


def _apply(kind: int, subtable: Any, texts: dict[str, str], depth: dict[str, int]) -> int:
    """Texts (and depths) the subtable gives; how many glyphs got a text or a shorter path."""
    made: list[tuple[list[str], str]] = []
    if kind == _SINGLE:
        made = [([source], glyph) for source, glyph in subtable.mapping.items()]
    elif kind == _ALTERNATE:
        made = [([source], glyph) for source, glyphs in subtable.alternates.items() for glyph in glyphs]
    elif kind == _LIGATURE:
        made = [
            ([first, *ligature.Component], ligature.LigGlyph)
            for first, ligatures in subtable.ligatures.items()
            for ligature in ligatures
        ]
    added = 0
    for parts, glyph in made:
        if not all(part in texts for part in parts):
            continue
        steps = max(depth[part] for part in parts) + 1
        if glyph not in texts:
            texts[glyph] = "".join(texts[part] for part in parts)
        elif steps >= depth.get(glyph, steps + 1):
            continue
        depth[glyph] = steps
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


# The same embedded programs, read by ``fontshapes`` for the glyphs' widths and heights.
program_data = _program
glyph_names = _glyph_names
MAX_PROGRAM = _MAX_PROGRAM
