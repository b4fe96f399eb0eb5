"""PDF articles read from glyph positions: right-to-left lines in reading order, columns, no running heads.

Text extractors that emit glyphs in content-stream or left-to-right order are what damaged the sample
article (reversed runs, years turned around). Here every glyph's position is used: glyphs are grouped into
lines by baseline and into columns by the page's vertical gutters; each line is put into reading order by
``bidi.visual_to_logical``; columns are read right to left; running headers, footers and page numbers (lines
that repeat on every page, or are only a number) are dropped; paragraphs are found from indentation, short
last lines and vertical gaps, and continue across columns and pages when a column ends on a full line.
Everything else (tatweel, Private-Use glyphs, ...) is left to the repair stage.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from align.document import ParagraphKind
from align.ingest.base import RawArticle, from_paragraphs
from align.ingest.bidi import bidi_class, is_rtl_line, visual_to_logical
from align.ingest.budget import DEFAULT_LIMITS, ReadLimits
from align.ingest.pdfchars import CID_BASE, Glyph, read_glyphs

_NUMBER_ONLY = re.compile(r"^[\W\d٠-٩۰-۹_]*[\d٠-٩۰-۹]+[\W\d٠-٩۰-۹_]*$")
_DIGITS = re.compile(r"[\d٠-٩۰-۹]+")
_SENTENCE_END = re.compile(r"[.!?؟…][\"'”’»)\]]*$")
_PAGE_OF = re.compile(r"^\W*(?:صفحة|الصفحة|page)\s*[\d٠-٩]+(?:\s*(?:من|/|of)\s*[\d٠-٩]+)?\W*$", re.IGNORECASE)
# Page furniture recognised by what it says, even on a single page: copyright lines, URLs, "page x of y",
# dates and times set on their own in a margin band.
_FURNITURE = re.compile(
    r"جميع الحقوق محفوظة|حقوق (?:النشر|الطبع) محفوظة|all rights reserved|©|\(c\)|https?://|www\.|"
    r"^\W*[\d٠-٩]+\s*(?:/|من|of)\s*[\d٠-٩]+\W*$|\b[\d٠-٩]{1,2}[:/.][\d٠-٩]{1,2}[:/.][\d٠-٩]{2,4}\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[\u0621-\u063f\u0641-\u064a]+|[A-Za-z]+|\d+")  # letters only: no tatweel or marks
TATWEEL = "\u0640"


@dataclass(eq=False)  # lines are compared by identity
class Line:
    glyphs: list[Glyph]
    page: int
    text: str = ""
    column: int = 0
    split: bool = False  # cut from a wider row at a column gutter

    @property
    def x0(self) -> float:
        return min(g.x0 for g in self.glyphs)

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def size(self) -> float:
        return statistics.median(g.size for g in self.glyphs)

    @property
    def bold(self) -> bool:
        return sum(g.bold for g in self.glyphs) > len(self.glyphs) / 2


@dataclass
class Paragraph:
    lines: list[Line] = field(default_factory=list)
    kind: ParagraphKind = "body"


def read_pdf(data: bytes, source: str, limits: ReadLimits = DEFAULT_LIMITS) -> RawArticle:
    pages, heights = read_glyphs(data, source, limits)
    body_size = _body_size(pages)
    rtl = is_rtl_line([g.text for page in pages for g in page])
    lines_per_page = [
        _lines(glyphs, number, height, body_size, rtl)
        for number, (glyphs, height) in enumerate(zip(pages, heights, strict=True), 1)
    ]
    _drop_running_heads(lines_per_page, heights)
    paragraphs: list[Paragraph] = []
    for lines in lines_per_page:
        _paragraphs(lines, body_size, paragraphs)
    _mark_kinds(paragraphs, body_size)
    return from_paragraphs(
        ((p.kind, " ".join(line.text for line in p.lines), p.lines[0].page) for p in paragraphs),
        data=data,
        source=source,
        format="pdf",
        encoding="pdf",
    )


def _body_size(pages: Sequence[Sequence[Glyph]]) -> float:
    sizes = Counter(round(g.size, 1) for page in pages for g in page if g.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _lines(glyphs: list[Glyph], page: int, height: float, body_size: float, rtl: bool) -> list[Line]:
    """Glyphs grouped into lines by baseline, split at column gutters, each put into reading order."""
    rows: list[list[Glyph]] = []
    letters = [g for g in glyphs if g.text.strip() and not _mark_like(g)]
    for glyph in sorted(letters, key=lambda g: (g.bottom, g.x0)):
        if rows and abs(glyph.bottom - statistics.median(g.bottom for g in rows[-1])) <= 0.35 * body_size:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    # Diacritics sit above or below the baseline: they join the row whose letters they are drawn on.
    for mark in (g for g in glyphs if _mark_like(g)):
        centre = (mark.top + mark.bottom) / 2
        if rows:
            min(rows, key=lambda row: abs(centre - (row[0].top + row[0].bottom) / 2)).append(mark)
    # Column gutters are looked for in the body text only: running heads and a centred page number
    # cross them, and a title set in a larger font spans the columns.
    body_rows = [
        row
        for row in rows
        if height * 0.1 < row[0].top < height * 0.9
        and statistics.median(g.size for g in row) <= body_size * 1.1
    ]
    gutters = _gutters(body_rows, body_size)
    lines = []
    for row in rows:
        # Running heads and page numbers sit at the page edges in their own (usually smaller) type; they are
        # not split into columns. The first body line may sit just as high, in body type.
        size = statistics.median(g.size for g in row)
        in_band = not height * 0.1 < row[0].top < height * 0.9 and abs(size - body_size) > 0.1 * body_size
        crossing = any(g.x0 - 1 < x < g.x1 + 1 for x in gutters for g in row if g.text.strip())
        for column, part in [(len(gutters), row)] if in_band else _split_columns(row, gutters):
            text = _line_text(part, body_size, rtl)
            if text:
                lines.append(
                    Line(part, page, text, column, split=bool(gutters) and not crossing and not in_band)
                )
    if gutters:
        # Lines above the columns (title, standfirst) are read first, whatever side they are set on.
        # The columns start at the first body-type line that was split at a gutter.
        column_top = min(
            (ln.top for ln in lines if ln.split and abs(ln.size - body_size) <= 0.1 * body_size), default=0.0
        )
        for line in lines:
            if line.top < column_top - 0.5 * body_size:
                line.column = len(gutters)
    # Reading order: columns right to left (Arabic pages), top to bottom inside a column.
    return sorted(lines, key=lambda line: (-line.column, line.top))


def _gutters(rows: list[list[Glyph]], body_size: float) -> list[float]:
    """x positions of white vertical bands that split most text rows: column gutters."""
    wide = [row for row in rows if len(row) > 5]
    if len(wide) < 4:
        return []
    left = min(g.x0 for row in wide for g in row)
    right = max(g.x1 for row in wide for g in row)
    step = body_size / 4
    bins = int((right - left) / step) + 1
    covered = [0] * bins
    for row in wide:
        marks: set[int] = set()
        for g in row:
            if g.text.strip():
                marks.update(range(int((g.x0 - left) / step), int((g.x1 - left) / step) + 1))
        for b in marks:
            if 0 <= b < bins:
                covered[b] += 1
    gutters = []
    b = int(bins * 0.15)
    while b < int(bins * 0.85):
        if covered[b] <= len(wide) * 0.05:
            end = b
            while end < bins and covered[end] <= len(wide) * 0.05:
                end += 1
            if (end - b) * step >= 0.9 * body_size:
                gutters.append(left + (b + end) / 2 * step)
            b = end
        b += 1
    return gutters


def _split_columns(row: list[Glyph], gutters: list[float]) -> list[tuple[int, list[Glyph]]]:
    """Split a row at the gutters it leaves empty; a row drawn across a gutter (a title) stays whole, in the
    column of its right end (where right-to-left text starts)."""
    open_gutters = [x for x in gutters if not any(g.x0 - 1 < x < g.x1 + 1 for g in row if g.text.strip())]
    parts: dict[int, list[Glyph]] = {}
    for glyph in row:
        column = sum(1 for x in open_gutters if (glyph.x0 + glyph.x1) / 2 > x)
        parts.setdefault(column, []).append(glyph)
    if len(open_gutters) < len(gutters):
        # Renumber to the page's columns so that reading order across rows stays consistent.
        renumbered: dict[int, list[Glyph]] = {}
        for part in parts.values():
            right = max(g.x1 for g in part)
            renumbered.setdefault(sum(1 for x in gutters if right > x), []).extend(part)
        parts = renumbered
    return sorted(parts.items())


def _line_text(glyphs: list[Glyph], body_size: float, rtl: bool) -> str:
    """Glyphs of one line, left to right on the page, as text in reading order with spaces restored."""
    ordered = sorted(glyphs, key=lambda g: (g.x0 + g.x1) / 2)
    bases = [g for g in ordered if g.text.strip() and not _mark_like(g)]
    _kashida_to_tatweel(bases)
    marks: list[Glyph] = [g for g in ordered if _mark_like(g)]
    units: list[str] = []
    previous: Glyph | None = None
    for glyph in bases:
        # A word space: a gap wider than a fraction of the font size (Arabic letters touch or overlap).
        if previous is not None and glyph.x0 - previous.x1 > 0.18 * min(
            glyph.size, previous.size or body_size
        ):
            units.append(" ")
        units.append(glyph.text)
        previous = glyph
    # Diacritics follow the letter they sit on. Where a mark meets two letters geometrically decides
    # nothing (it is drawn at the seam); the content stream does: producers that write glyphs in visual
    # order (LibreOffice, HarfBuzz) put a mark just before its letter, those that write logical order after.
    if bases and marks:
        stream = sorted(bases + marks, key=lambda g: g.order)
        visual = _stream_is_visual(bases)
        for mark in marks:
            at = stream.index(mark)
            step = 1 if visual else -1
            base = (
                next((g for g in stream[at + step :: step] if not _mark_like(g)), None)
                if step > 0
                else next((g for g in reversed(stream[:at]) if not _mark_like(g)), None)
            )
            if (
                base is None
                or abs((mark.x0 + mark.x1) / 2 - (base.x0 + base.x1) / 2) > base.x1 - base.x0 + base.size
            ):
                base = min(bases, key=lambda g: abs((g.x0 + g.x1) / 2 - (mark.x0 + mark.x1) / 2))
            position = _unit_index(units, bases, bases.index(base))
            units[position] += mark.text
    # The article's direction rules, except on a line with no right-to-left letter at all.
    line_rtl = rtl and any(bidi_class(u) in ("R", "AL") for u in units)
    logical = visual_to_logical(units, rtl=line_rtl)
    return " ".join("".join(logical).split())


def _stream_is_visual(bases: list[Glyph]) -> bool:
    """Whether the content stream draws this line's Arabic letters left to right (visual order)."""
    arabic = sorted((g for g in bases if bidi_class(g.text) == "AL"), key=lambda g: g.order)
    rising = sum(b.x0 > a.x0 for a, b in pairwise(arabic))
    return rising >= (len(arabic) - 1) / 2


def _kashida_to_tatweel(bases: list[Glyph]) -> None:
    """An unmapped glyph drawn between two touching Arabic letters is justification (kashida): tatweel."""
    for i, glyph in enumerate(bases):
        if not (ord(glyph.text[0]) >= CID_BASE and 0 < i < len(bases) - 1):
            continue
        left, right = bases[i - 1], bases[i + 1]
        neighbours = [g for g in (left, right) if ord(g.text[0]) < CID_BASE or g.text == TATWEEL]
        near = 0.25 * glyph.size  # a side bearing, not a word space
        touching = glyph.x0 - left.x1 < near and right.x0 - glyph.x1 < near
        if touching and all(bidi_class(g.text) == "AL" for g in neighbours) and neighbours:
            glyph.text = TATWEEL


def _unit_index(units: list[str], bases: list[Glyph], index: int) -> int:
    seen = -1
    for position, unit in enumerate(units):
        if unit != " ":
            seen += 1
            if seen == index:
                return position
    return len(units) - 1


def _is_mark(text: str) -> bool:
    return bool(text) and all(unicodedata.combining(ch) for ch in text)


def _mark_like(glyph: Glyph) -> bool:
    """A combining mark, or an unmapped glyph drawn with no advance width (a diacritic without Unicode)."""
    unmapped = ord(glyph.text[0]) >= CID_BASE if glyph.text else False
    return _is_mark(glyph.text) or (unmapped and glyph.x1 - glyph.x0 < 0.05 * glyph.size)


def _drop_running_heads(pages: list[list[Line]], heights: list[float]) -> None:
    """Remove lines in the top or bottom margin band that repeat on other pages (numbers aside), and page
    numbers ("12", "- 12 -", "صفحة ٢ من ٥")."""
    edges: Counter[str] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        for key in {_DIGITS.sub("#", line.text) for line in _edge_lines(lines, height)}:
            edges[key] += 1
    repeated = {text for text, n in edges.items() if n >= 2}
    for lines, height in zip(pages, heights, strict=True):
        for line in _edge_lines(lines, height):
            key = _DIGITS.sub("#", line.text)
            in_band = line.bottom < height * 0.1 or line.top > height * 0.9
            furniture = in_band and bool(_FURNITURE.search(line.text))
            if key in repeated or furniture or _NUMBER_ONLY.match(line.text) or _PAGE_OF.match(line.text):
                lines.remove(line)


def _edge_lines(lines: list[Line], height: float) -> list[Line]:
    """Lines in the top or bottom tenth of the page, or the first or last line if none is there."""
    if not lines:
        return []
    by_top = sorted(lines, key=lambda line: line.top)
    band = [line for line in by_top if line.bottom < height * 0.1 or line.top > height * 0.9]
    return list(dict.fromkeys([*band, by_top[0], by_top[-1]]))


def _paragraphs(lines: list[Line], body_size: float, paragraphs: list[Paragraph]) -> None:
    """Append this page's lines to ``paragraphs``, continuing the last one when the text runs on."""
    columns: dict[int, list[Line]] = {}
    for line in lines:
        columns.setdefault(line.column, []).append(line)
    for column in sorted(columns, reverse=True):
        col = columns[column]
        right = max(line.x1 for line in col)
        left = min(line.x0 for line in col)
        spacing = statistics.median([b.top - a.top for a, b in pairwise(col)] or [body_size * 1.4])
        # Ragged (unjustified) text has short lines everywhere: a short line ends no paragraph there.
        body = [ln for ln in col if abs(ln.size - body_size) <= 0.1 * body_size]
        short = sum((ln.x0 - left > 3 * body_size) for ln in body)
        justified = not body or short <= 0.4 * len(body)
        previous: Line | None = paragraphs[-1].lines[-1] if paragraphs and paragraphs[-1].lines else None
        for line in col:
            if previous is None or _starts_paragraph(
                previous, line, left, right, spacing, body_size, justified
            ):
                paragraphs.append(Paragraph([line]))
            else:
                paragraphs[-1].lines.append(line)
            previous = line


def _starts_paragraph(
    previous: Line, line: Line, left: float, right: float, spacing: float, size: float, justified: bool = True
) -> bool:
    if abs(line.size - previous.size) > 0.1 * size or line.bold != previous.bold:
        return True  # a title, subheading or pull-quote starts or ends here
    same_column = previous.page == line.page and previous.column == line.column
    if line.size > size * 1.1:
        # A title or pull-quote is centred or ragged, and set with its own line spacing.
        return same_column and line.top - previous.top > 2.5 * line.size
    if same_column and line.top - previous.top > 1.6 * spacing:
        return True
    rtl = any(bidi_class(ch) in ("R", "AL") for ch in line.text)
    indented = (right - line.x1 > 1.2 * size) if rtl else (line.x0 - left > 1.2 * size)
    if indented:
        return True
    # A justified line that stops well short of the margin ends its paragraph.
    short = (previous.x0 - left > 3 * size) if rtl else (right - previous.x1 > 3 * size)
    return justified and short and bool(_SENTENCE_END.search(previous.text))


def _mark_kinds(paragraphs: list[Paragraph], body_size: float) -> None:
    """Larger or bold text: the title (first), subheadings (short), pull-quotes (text that repeats)."""
    body_words = _WORD.findall(
        " ".join(ln.text for p in paragraphs for ln in p.lines if ln.size <= body_size * 1.1)
    )
    body_triples = {tuple(body_words[i : i + 3]) for i in range(len(body_words) - 2)}
    for index, paragraph in enumerate(paragraphs):
        first = paragraph.lines[0]
        if first.size <= body_size * 1.1 and not first.bold:
            continue
        words = _WORD.findall(" ".join(line.text for line in paragraph.lines))
        triples = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
        repeated = triples and sum(t in body_triples for t in triples) / len(triples) >= 0.6
        if repeated and index > 0:
            paragraph.kind = "pullquote"
        elif len(words) <= 20:
            paragraph.kind = "title"
