"""Glyphs of a PDF with their positions and text, honouring /ActualText.

Layout engines mark glyph runs whose font mapping (ToUnicode) is wrong or ambiguous with the text they
stand for (``/Span <</ActualText (ل)>> BDC … EMC``): a lam drawn with a kashida glyph, an alef whose glyph
maps to alef + damma. pdfminer and pdfplumber ignore that mark, so this module runs pdfminer with a device
that records it and replaces each marked run by one glyph carrying the actual text.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import replace
from typing import Any, NamedTuple

from align.errors import InputError, LimitError
from align.ingest.budget import DEFAULT_LIMITS, Budget, ReadLimits, interpreter_class, pdf_budget
from align.ingest.clusters import give_cluster_text, marks_drawn, shared_cluster_text
from align.ingest.fontglyphs import FontGlyphs
from align.ingest.fontshapes import FontShapes
from align.ingest.glyph import Glyph
from align.ingest.hexboxes import find_boxes
from align.ingest.pdfobjects import declared_pages, producer_name, resources_class

_CID = re.compile(r"\(cid:(\d+)\)")
CID_BASE = 0xF0000  # unmapped glyphs become supplementary Private-Use characters (plane 15)
# A glyph drawn for a character the producer's font lacked: Unicode's replacement character.
MISSING = "\ufffd"
_NO_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
_ENCRYPTED = "is an encrypted PDF (a password is needed); decrypt it first, e.g. qpdf --decrypt"


class PdfGlyphs(NamedTuple):
    pages: list[list[Glyph]]
    heights: list[float]
    fonts: list[str]  # installed fonts whose outlines read glyphs (``FontGlyphs.installed``)
    producer: str  # the document information's Producer ("" when it has none)
    edges: list[tuple[float, float]]  # each page's left and right edge (its media box)


def read_glyphs(data: bytes, source: str, limits: ReadLimits = DEFAULT_LIMITS) -> PdfGlyphs:
    """Upright glyphs of every page (top-down coordinates), the page heights, the installed fonts
    whose outlines read glyphs and the producer's name; within ``limits``
    (pages, operators, glyphs, XObject nesting, decompressed bytes: see ``align.ingest.budget``)."""
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser, PDFSyntaxError

    pages: list[list[Glyph]] = []
    silent: list[list[Glyph]] = []
    heights: list[float] = []
    edges: list[tuple[float, float]] = []
    try:
        with pdf_budget(limits, source) as budget:
            document = PDFDocument(PDFParser(io.BytesIO(data)))
            budget.declared_pages(declared_pages(document))
            producer = producer_name(document)
            manager = resources_class()()
            stand_ins: dict[tuple[str, int], str] = {}
            named = FontGlyphs()  # fonts are shared by pages: each program is read once
            shapes = FontShapes()
            for page in PDFPage.create_pages(document):
                budget.page()
                device = _device_class()(manager, budget, stand_ins, named, shapes)
                interpreter_class()(manager, device).process_page(page)
                height = float(page.mediabox[3]) - float(page.mediabox[1])
                glyphs, drawn = _page_glyphs(device.get_result(), height, device.actual_text)
                pages.append(glyphs)
                silent.append(drawn)
                heights.append(height)
                edges.append((float(page.mediabox[0]), float(page.mediabox[2])))
            if any(silent):
                # A producer that draws its diacritics so does it on every page, wherever one occurs.
                for glyphs, drawn in zip(pages, silent, strict=True):
                    marks_drawn(glyphs, drawn)
    except (LimitError, MemoryError):
        raise
    except PDFPasswordIncorrect:
        raise InputError(_ENCRYPTED, path=source) from None
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"is not a readable PDF ({type(exc).__name__}: {exc})", path=source) from None
    except Exception as exc:  # pdfminer raises many private error types for damaged or encrypted files
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise InputError(_ENCRYPTED, path=source) from None
        raise InputError(f"is not a readable PDF ({type(exc).__name__}: {exc})", path=source) from None
    if not any(g.text.strip() for page in pages for g in page):
        raise InputError(
            "has no text layer (a scanned or image-only PDF); run OCR first, e.g. ocrmypdf -l ara",
            path=source,
        )
    return PdfGlyphs(pages, heights, named.installed, producer, edges)


def _device_class() -> Any:
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar
    from pdfminer.utils import decode_text

    class ActualTextAggregator(PDFPageAggregator):
        """Remembers, for every glyph drawn inside an /ActualText span, which span it belongs to."""

        def __init__(
            self,
            manager: Any,
            budget: Budget,
            stand_ins: dict[tuple[str, int], str],
            glyphs: FontGlyphs,
            shapes: FontShapes,
        ) -> None:
            super().__init__(manager, laparams=None)
            self.budget = budget
            self.stand_ins = stand_ins
            self.glyphs = glyphs
            self.shapes = shapes
            self.stack: list[int | None] = []
            self.actual_text: dict[int, str] = {}

        def begin_tag(self, tag: Any, props: Any = None) -> None:
            text = props.get("ActualText") if isinstance(props, dict) else None
            if isinstance(text, bytes):
                span = len(self.actual_text)
                self.actual_text[span] = decode_text(text)
                self.stack.append(span)
            else:
                self.stack.append(self.stack[-1] if self.stack else None)

        def end_tag(self) -> None:
            if self.stack:
                self.stack.pop()

        def render_char(
            self,
            matrix: Any,
            font: Any,
            fontsize: float,
            scaling: float,
            rise: float,
            cid: int,
            ncs: Any,
            graphicstate: Any,
        ) -> float:
            self.budget.glyph()
            advance: float = super().render_char(
                matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate
            )
            objects = self.cur_item._objs
            if not objects or not isinstance(objects[-1], LTChar):
                return advance
            char = objects[-1]
            if self.stack and self.stack[-1] is not None:
                char.actual_span = self.stack[-1]  # type: ignore[attr-defined]
            if char._text == "" and advance > 0:
                # A glyph that advances the pen but maps to no text: the text of its cluster may sit on a
                # mark drawn next to it (``clusters.give_cluster_text``), else it is a glyph without
                # Unicode.
                char.unmapped = True  # type: ignore[attr-defined]
                char._text = f"(cid:{cid})"
            elif _NO_CHARACTER.fullmatch(char._text):
                # The text says "a control character": reportlab draws a character its font lacks as
                # glyph 0 of no width, mapped to U+0000. Dropped, it would glue "10-6" into "610" and
                # leave the line short of the width it was set to. The font program may still name it.
                char._text = self.glyphs.text(font, cid) if isinstance(cid, int) else ""
                if not char._text:
                    char._text, char.missing = MISSING, True  # type: ignore[attr-defined]
                    # The width the line was set with and the glyph was drawn without (None: unknown).
                    em = self.shapes.notdef(font)
                    # In text space; the line's geometry is the page's: times the matrix's horizontal scale.
                    unset = None if em is None else max(0.0, em * fontsize * scaling - advance)
                    char.lost = None if unset is None else unset * abs(matrix[0])  # type: ignore[attr-defined]
            elif char._text in ("\ufffd", "\uffff") or _missing_from_tounicode(font, cid):
                # The font's own ToUnicode table leaves this glyph out (a kashida, a ligature piece) or
                # maps it to "no character"; the encoding's guess for the code ('"', '{') would put a wrong
                # character in the text. The glyph stays visible, by its code, to the repair stage.
                char._text = f"(cid:{cid})"
            code = _CID.fullmatch(char._text)
            if code:
                # What the embedded font program says the glyph is (a contextual form, half a lam-alef),
                # else a stand-in that keeps it visible to the repair stage.
                named = self.glyphs.text(font, int(code.group(1)))
                if named:
                    char._text = named
                    char.unmapped = False  # type: ignore[attr-defined]
                else:
                    char._text = self.stand_in(font, int(code.group(1)))
                    char.flat = self.shapes.flat(font, int(code.group(1)))  # type: ignore[attr-defined]
            return advance

        def stand_in(self, font: Any, cid: int) -> str:
            """The Private-Use character that stands for glyph ``cid`` of ``font`` in the whole document.
            Font subsets number their glyphs each from 1: glyph 7 of the bold subset is not glyph 7 of the
            regular one, and taken for one glyph, neither could be read from the words it completes."""
            key = (str(getattr(font, "fontname", None) or id(font)), cid)
            found = self.stand_ins.get(key)
            if found is None:
                found = self.stand_ins[key] = chr(CID_BASE + len(self.stand_ins) % 0xFFFE)
            return found

    return ActualTextAggregator


def _missing_from_tounicode(font: Any, cid: Any) -> bool:
    from pdfminer.pdffont import PDFSimpleFont

    unicode_map = getattr(font, "unicode_map", None)
    if not isinstance(font, PDFSimpleFont) or unicode_map is None or not isinstance(cid, int):
        return False
    try:
        unicode_map.get_unichr(cid)
    except KeyError:
        return True
    return False


def _page_glyphs(layout: Any, height: float, actual_text: dict[int, str]) -> tuple[list[Glyph], list[Glyph]]:
    """The page's glyphs in stream order, and the zero-width ones drawn with an empty replacement text."""
    from pdfminer.layout import LTChar, LTContainer

    glyphs: list[Glyph] = []
    spans: dict[int, list[Glyph]] = {}
    counter = [0]

    def walk(item: Any) -> None:
        if isinstance(item, LTChar):
            glyph = _glyph(item, height)
            glyph.unmapped = bool(getattr(item, "unmapped", False))
            glyph.missing = bool(getattr(item, "missing", False))
            glyph.lost = getattr(item, "lost", 0.0)
            glyph.flat = getattr(item, "flat", None)
            glyph.order = counter[0]
            counter[0] += 1
            span = getattr(item, "actual_span", None)
            if span is None:
                glyphs.append(glyph)
            else:
                spans.setdefault(span, []).append(glyph)
        elif isinstance(item, LTContainer):
            for child in item:
                walk(child)

    walk(layout)
    give_cluster_text(glyphs)
    silent: list[Glyph] = []
    for span, members in spans.items():
        if not actual_text[span]:
            # An empty replacement text (cairo wraps kashidas and diacritics so: "/ActualText ()") says the
            # glyphs stand for no text of their own; as one glyph of no text they would read as a word space
            # inside a word. They stay what their codes say, as glyphs without Unicode do (a kashida between
            # letters becomes tatweel, a piece of a ligature is decoded by repair), except diacritics: see
            # ``clusters.marks_drawn``.
            glyphs.extend(members)
            silent.extend(g for g in members if g.x1 - g.x0 <= 0.01 * g.size)
            continue
        # One glyph for the whole run, carrying the text the producer says it shows; it sits where the
        # widest of its glyphs (a letter, not a mark raised above it) sits.
        first = members[0]
        widest = max(members, key=lambda g: g.x1 - g.x0)
        glyphs.append(
            Glyph(
                text=unicodedata.normalize("NFC", actual_text[span]),
                x0=min(g.x0 for g in members),
                x1=max(g.x1 for g in members),
                top=min(g.top for g in members),
                bottom=max(g.bottom for g in members),
                size=first.size,
                bold=first.bold,
                order=first.order,
                baseline=widest.baseline,
                upright=first.upright,
            )
        )
    # After the spans: a producer may wrap each glyph of a cluster in a span of the whole cluster's text.
    return _read_boxes(shared_cluster_text(sorted(glyphs, key=lambda g: g.order))), silent


def _read_boxes(glyphs: list[Glyph]) -> list[Glyph]:
    """Each missing-glyph box's digits (``hexboxes``) as one glyph of the character it names, on the text's
    baseline, marked ``boxed``."""
    boxes = find_boxes(glyphs)
    if not boxes:
        return glyphs
    out: list[Glyph] = []
    done = 0
    for box in boxes:
        out.extend(glyphs[done : box.start])
        last = glyphs[box.start + box.length - 1]  # a digit of the lower row: on the text's baseline
        out.append(replace(last, text=box.char, x0=box.x0, x1=box.x1, top=box.top, size=box.size, boxed=True))
        done = box.start + box.length
    out.extend(glyphs[done:])
    return out


def _glyph(char: Any, height: float) -> Glyph:
    text = str(char.get_text())
    cid = _CID.fullmatch(text)
    if cid:
        # No Unicode for this glyph in the font: a Private-Use character keeps it visible to the repair stage
        # (a kashida between letters becomes tatweel there; anything else is flagged).
        text = chr(CID_BASE + int(cid.group(1)) % 0xFFFE)
    return Glyph(
        text=unicodedata.normalize("NFC", text),
        x0=float(char.x0),
        x1=float(char.x1),
        top=height - float(char.y1),
        bottom=height - float(char.y0),
        size=float(char.size) or float(char.height),
        bold="bold" in str(char.fontname).lower(),
        baseline=height - float(char.matrix[5]),
        upright=bool(char.upright),
    )
