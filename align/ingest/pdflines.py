"""Lines of a PDF page from glyph positions: rows by baseline, cut at column gutters, in reading order.

Glyphs are grouped into rows by their baseline (not their box: a quote mark or a full stop drawn in a
fallback font has another ascent and descent, and a row made of boxes would put it on a line of its own).
Column gutters are the white vertical bands that split most body rows; a row is cut only where a gutter is
clear of its glyphs, so a title drawn across the columns, with a word space that happens to fall on a
gutter, stays whole. Each line's glyphs become text: words where a space glyph or a gap separates letters,
combining marks on the letter they are drawn on, kashida glyphs without Unicode as tatweel, and the whole
put into reading order by the Unicode Bidirectional Algorithm (``bidi``).
"""

from __future__ import annotations

import itertools
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from align.ingest.bidi import bidi_class, mirror, resolve_levels
from align.ingest.glyph import Glyph
from align.ingest.gutters import Gutter, apart_by_size, clear, find_gutters, row_size, split_columns
from align.ingest.overprint import drawn_apart, drawn_over
from align.ingest.pdfwords import is_mark, line_text, word_gap

BAND = 0.1  # running heads and page numbers sit in the top or bottom tenth of a page


@dataclass(frozen=True)
class ColumnLayout:
    """The column a line was set in: its edges, line spacing, and whether it is justified."""

    left: float
    right: float
    spacing: float
    justified: bool
    # Most lines start at one edge, so a line that starts short of it is indented (TCPDF's justified
    # right-to-left MultiCell starts its lines anywhere within a fifth of an inch or more).
    aligned: bool = True


@dataclass(eq=False)  # lines are compared by identity
class Line:
    glyphs: list[Glyph]  # letters and marks (spaces are not kept)
    page: int
    units: list[str] = field(default_factory=list)  # glyph texts in reading order, " " between words
    visual: list[str] = field(default_factory=list)  # the same, left to right as drawn
    column: int = 0
    split: bool = False  # cut from a wider row at a column gutter
    band: bool = False  # a margin-band row in its own type: never cut into columns
    words: list[tuple[float, float]] = field(default_factory=list)  # word extents, left to right
    layout: ColumnLayout | None = None  # set when paragraphs are made
    rtl: bool = True  # the paragraph direction the line was read with
    alternative: list[str] | None = None  # the reading in the other direction (``LineText.alternative``)
    notes: list[str] = field(default_factory=list)  # what in its reading is uncertain, for a flag

    @property
    def text(self) -> str:
        return " ".join("".join(self.units).split())

    @property
    def unset(self) -> float | None:
        """The width the line was set with but not drawn: reportlab sets a character its font lacks with
        the width of the font's glyph 0 and draws that glyph with none. None when that width is unknown."""
        lost = [g.lost for g in self.glyphs if g.missing]
        return None if None in lost else sum(g or 0.0 for g in lost)

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
    def baseline(self) -> float:
        return statistics.median(g.baseline for g in self.glyphs)

    @property
    def size(self) -> float:
        return statistics.median(g.size for g in self.glyphs)

    @property
    def bold(self) -> bool:
        return sum(g.bold for g in self.glyphs) > len(self.glyphs) / 2

    def first_word(self) -> float:
        """Width of the word the line starts with in reading order (the rightmost one in Arabic)."""
        if not self.words:
            return 0.0
        x0, x1 = self.words[-1] if self.rtl else self.words[0]
        return x1 - x0

    def chars(self) -> int:
        return chars("".join(self.units))


def chars(text: str) -> int:
    """Characters that count for conservation: everything but whitespace, each compatibility character
    (a lam-alef ligature's presentation form) as the letters it stands for. The reader writes a lam-alef
    glyph as its two letters when a diacritic sits on the lam (``pdfwords._with_mark``); decomposing
    (never composing) counts the same characters the same way on the page and in the text."""
    return sum(not ch.isspace() for ch in unicodedata.normalize("NFKD", text))


@dataclass
class PageRows:
    """A page's glyphs grouped into rows, and the column gutters found from its body rows."""

    rows: list[list[Glyph]]
    gutters: list[Gutter]
    height: float
    body_rows: list[list[Glyph]]


def page_rows(glyphs: list[Glyph], height: float, body_size: float) -> PageRows:
    rows = _rows([g for g in glyphs if g.upright], body_size)
    body_rows = [
        row
        for row in rows
        if height * BAND < _top(row) < height * (1 - BAND) and row_size(row) <= body_size * 1.1
    ]
    return PageRows(rows, find_gutters(body_rows, body_size), height, body_rows)


def share_gutters(pages: list[PageRows]) -> None:
    """A page with too few rows to show its gutters (the end of an article on a last page) takes those of
    the other pages when every one of its body rows leaves them clear."""
    known = Counter(tuple(p.gutters) for p in pages if p.gutters)
    if not known:
        return
    gutters = list(known.most_common(1)[0][0])
    for page in pages:
        wide = [row for row in page.body_rows if sum(not g.space for g in row) > 5]
        body = {id(row) for row in page.body_rows}
        # A page whose columns start at its top edge has its first rows in the margin band: those that
        # leave the gutters clear count too (a running head across them does not, nor does it object).
        banded = [
            row
            for row in page.rows
            if id(row) not in body and sum(not g.space for g in row) > 5 and clear(row, gutters)
        ]
        if not page.gutters and len(wide) + len(banded) >= 2 and all(clear(row, gutters) for row in wide):
            page.gutters = gutters


def page_lines(
    page_rows: PageRows, page: int, body_size: float, rtl: bool, *, engine: str = "uba"
) -> list[Line]:
    """The page's lines in reading order: above the columns first, then the columns (right to left on an
    Arabic page, top to bottom inside each), then what sits below them in the bottom margin band.
    ``engine``: the producer's bidirectional algorithm (``pdfwords.line_text``)."""
    rows, gutters, height = page_rows.rows, page_rows.gutters, page_rows.height
    lines = []
    baselines = sorted(_baseline(row) for row in rows)
    gap = word_gap(rows)
    for row in rows:
        # Running heads and page numbers sit at the page edges, in their own (usually smaller) type or set
        # off from the text block; they are not cut into columns. The first body line may sit just as high,
        # in body type, one line space from the next.
        edge = not height * BAND < _top(row) < height * (1 - BAND)
        band = edge and (
            abs(row_size(row) - body_size) > 0.1 * body_size or _set_off(row, baselines, height, body_size)
        )
        parts = [(len(gutters), row)] if band or not gutters else split_columns(row, gutters)
        if band and gutters and row_size(row) > 1.05 * body_size:
            # Larger than the body, and in two types either side of a gutter: a title's first line beside
            # a pull-quote's (AbiWord sets a title at the top of its column), not a running head, which is
            # small, nor a title across the page: cut where the columns are.
            cut = split_columns(row, gutters)
            if len(cut) > 1 and _other_types([part for _, part in cut]):
                parts, band = cut, False
        if len(parts) == 1 and not band and gutters:
            parts = apart_by_size(row, gutters, body_size) or parts
        for column, part in parts:
            read = line_text(part, body_size, rtl, gap, engine=engine)
            if read is None:
                continue
            line = Line(
                read.glyphs,
                page,
                read.units,
                read.visual,
                words=read.words,
                rtl=read.rtl,
                alternative=read.alternative,
                notes=list(read.notes),
            )
            if any(g.overprinted for g in part):
                line.notes.append(
                    "drawn over other text on the same line (a line the layout did not wrap): read run by"
                    " run in the order the file draws them, which may not be the reading order"
                )
            covered = drawn_over(part)
            if covered:
                digits = " (digits among them)" if any(g.text.isdigit() for g in covered) else ""
                line.notes.append(
                    f"{len(covered)} characters drawn over others of another word{digits}: the producer set"
                    " two words in one place, and the characters there may be out of order"
                )
            line.column = column
            line.band = band
            line.split = len(parts) > 1 or (bool(gutters) and not band and clear(part, gutters))
            lines.append(line)
    if gutters:
        # Lines above the columns (title, standfirst) are read first, whatever side they are set on; the
        # columns start at the first body-type line that was cut at a gutter. A margin band below them is
        # read last.
        split_tops = [ln.top for ln in lines if ln.split and abs(ln.size - body_size) <= 0.1 * body_size]
        column_top = min(split_tops, default=0.0)
        column_bottom = max((ln.bottom for ln in lines if ln.split), default=height)
        above = [ln for ln in lines if ln.top < column_top - 0.5 * body_size]
        spans = _block_spans(above)
        for line in lines:
            # Unless its block is set beside one of another type in another column (a title at the top of
            # the right column, a pull-quote at the top of the left one, their lines at different heights):
            # then each heads its own column.
            top, bottom = spans.get(id(line), (line.top, line.bottom))
            beside = any(
                o.column != line.column
                and not o.band
                and not _same_type(o, line)
                and spans[id(o)][0] < bottom
                and top < spans[id(o)][1]
                for o in above
            )
            if line.top < column_top - 0.5 * body_size and not (beside and not line.band):
                line.column = len(gutters)
            elif line.band and line.top > column_bottom:
                line.column = -1
    order = -1 if rtl else 1
    return sorted(lines, key=lambda line: (order * line.column, line.top))


def _same_type(a: Line, b: Line) -> bool:
    return abs(a.size - b.size) <= 0.1 * a.size and a.bold == b.bold


def _block_spans(lines: list[Line]) -> dict[int, tuple[float, float]]:
    """Of each line, the top and bottom of its block: the lines of its column and type, each within two of
    its line heights of the next."""
    spans: dict[int, tuple[float, float]] = {}
    block: list[Line] = []
    for line in [*sorted(lines, key=lambda ln: (ln.column, ln.top)), None]:
        last = block[-1] if block else None
        if (
            last is not None
            and line is not None
            and line.column == last.column
            and _same_type(line, last)
            and line.top - last.bottom < 2 * line.size
        ):
            block.append(line)
            continue
        for member in block:
            spans[id(member)] = (block[0].top, max(m.bottom for m in block))
        block = [line] if line is not None else []
    return spans


def _other_types(parts: list[list[Glyph]]) -> bool:
    """Whether each of ``parts`` is set in another type than the rest: size (by a tenth) or weight."""
    types = [(row_size(part), any(g.bold for g in part if not g.space)) for part in parts]
    return all(
        abs(a[0] - b[0]) > 0.1 * max(a[0], b[0]) or a[1] != b[1] for a, b in itertools.combinations(types, 2)
    )


def _baseline(row: list[Glyph]) -> float:
    return statistics.median(g.baseline for g in row)


def _set_off(row: list[Glyph], baselines: list[float], height: float, body_size: float) -> bool:
    """A row in the top band with no other row close below it, or in the bottom band with none close above."""
    own = _baseline(row)
    if own < height / 2:
        inward = [b - own for b in baselines if b > own + 0.1]
    else:
        inward = [own - b for b in baselines if b < own - 0.1]
    if not inward:
        return True
    steps = Counter(
        round(b - a, 0)
        for a, b in itertools.pairwise(sorted(baselines))
        if height * BAND < a and b < height * (1 - BAND) and 0.8 * body_size < b - a < 3 * body_size
    )
    step = steps.most_common(1)[0][0] if steps else 0.0
    if own < height / 2:
        # Set off by more than the body's own line step: a font with tall ascenders and descenders (Noto
        # Sans Arabic in AbiWord) sets lines two sizes apart, and the first line is no running head.
        return min(inward) > max(1.8 * body_size, 1.5 * step)
    # A paragraph's first line at the foot of a column may be set off by a blank line only (TCPDF sets
    # paragraphs so): at the foot of the page, a row one blank line below the body is not set off.
    return min(inward) > max(1.8 * body_size, 2 * step + 1.0)


def _top(row: list[Glyph]) -> float:
    return min(g.top for g in row)


def _rows(glyphs: list[Glyph], body_size: float) -> list[list[Glyph]]:
    """Letters and spaces grouped by baseline; each mark joins the row of the letters it is drawn on."""
    rows: list[list[Glyph]] = []
    anchors: list[float] = []
    for glyph in sorted((g for g in glyphs if not is_mark(g)), key=lambda g: (g.baseline, g.x0)):
        tolerance = 0.3 * min(glyph.size or body_size, body_size * 2)
        if rows and abs(glyph.baseline - anchors[-1]) <= tolerance:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
            anchors.append(glyph.baseline)
    rows = [run for row in rows if any(not g.space for g in row) for run in drawn_apart(row)]
    for mark in (g for g in glyphs if is_mark(g)):
        centre_x = (mark.x0 + mark.x1) / 2
        centre_y = (mark.top + mark.bottom) / 2
        candidates = [
            row for row in rows if any(g.x0 - g.size <= centre_x <= g.x1 + g.size for g in row if not g.space)
        ] or rows
        if candidates:
            min(candidates, key=lambda row: abs(centre_y - _middle(row))).append(mark)
        else:
            rows.append([mark])  # a page of marks only: kept, so that nothing is lost
    return rows


def _middle(row: list[Glyph]) -> float:
    letters = [g for g in row if not g.space and not is_mark(g)] or row
    return statistics.median((g.top + g.bottom) / 2 for g in letters)


def column_layout(col: list[Line], body_size: float) -> ColumnLayout:
    """The layout of a page column's lines: its edges, line spacing, whether it is justified and whether
    its lines start at an edge."""
    body = [ln for ln in col if abs(ln.size - body_size) <= 0.1 * body_size] or col
    rtl = sum(ln.rtl for ln in body) * 2 >= len(body)
    # The edge the lines start at: where a quarter of them start, within 0.3 em, if that is within 3 ems of
    # the outermost start. A line set past the margin (XeLaTeX's overfull lines beside underfull ones)
    # would make every other line look indented.
    right = _start_edge([line.x1 for line in body], body_size) if rtl else max(line.x1 for line in body)
    left = min(line.x0 for line in body) if rtl else -_start_edge([-line.x0 for line in body], body_size)
    gaps = [b.baseline - a.baseline for a, b in itertools.pairwise(body)]
    steps = [gap for gap in gaps if 0 < gap < 3 * body_size]
    spacing = statistics.median(steps) if steps else body_size * 1.4
    # Ragged (unjustified) text has short lines everywhere: a short line ends no paragraph there.
    short = sum((ln.x0 - left > 3 * body_size) if ln.rtl else (right - ln.x1 > 3 * body_size) for ln in body)
    starts = [ln.x1 if rtl else ln.x0 for ln in body]
    edge = right if rtl else left
    at_edge = sum(abs(start - edge) <= 0.3 * body_size for start in starts)
    # Few lines at the edge, the others starting within a few ems of it: lines started anywhere near the
    # edge (TCPDF's justified right-to-left lines, up to 5.5 ems apart), which show no indent. Spread wider,
    # the edge is a line drawn past the page (wkhtmltopdf's unwrapped lines): indents are still read.
    ragged = at_edge < 0.3 * len(body) and max(starts) - min(starts) <= 8 * body_size
    return ColumnLayout(left, right, spacing, short <= 0.4 * len(body), not ragged)


def _start_edge(starts: list[float], size: float) -> float:
    """The outermost (largest) of ``starts`` that a quarter of them share, within 0.3 em, and within 3 em
    of the largest; else the largest."""
    outermost = max(starts)
    for start in sorted(starts, reverse=True):
        if outermost - start > 3 * size:
            break
        if sum(abs(other - start) <= 0.3 * size for other in starts) >= 0.25 * len(starts):
            return start
    return outermost


def unmirror(lines: list[Line], characters: str) -> None:
    """Map mirrored glyph shapes back to the characters they stand for, in the right-to-left runs of
    each line (what a producer that shaped the text itself stored: ``»quote«`` for «quote»)."""
    for line in lines:
        rtl = line.rtl
        levels = resolve_levels([bidi_class(u) for u in line.units], line.units, rtl=rtl)
        line.units = [
            mirror(u, characters) if level % 2 else u for u, level in zip(line.units, levels, strict=True)
        ]
