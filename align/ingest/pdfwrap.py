"""Paragraphs whose lines were wrapped after the text was put into visual order: read bottom to top.

Programs that make Arabic PDFs without a layout engine that knows Arabic shape each paragraph
(arabic_reshaper) and put it into visual order (python-bidi) first, then hand the whole string to a
left-to-right line breaker (fpdf2's ``multi_cell``, reportlab's ``Paragraph``). The breaker fills the first
line from the string's left end, which in visual order is the paragraph's *end*: the lines come out in
reverse, each in the right order within itself. The page shows it plainly: the short line that is left over
by the breaker is the paragraph's first line, at the bottom, and the paragraph's final full stop ends the
top line. This module tells such a document from one set the usual way and puts its lines back in order.

The decision is made for the whole document (the same code set every paragraph), from two kinds of
evidence. The lines that ended a paragraph in either reading (they stop short of their column by more than
the next line's words would have needed): in text set the usual way those end sentences; in text wrapped in
visual order the line after them ends one, and they do not. And the word pairs across the line breaks
inside paragraphs and headlines (``wordpairs``): pairs the corpora or the article know, read top to bottom
or bottom to top. The pairs must favour the bottom-to-top reading, the paragraph ends must not favour the
other, and the two together must outweigh the other reading by ``MIN_EVIDENCE`` (a short article of three
paragraphs has one or two paragraph ends to show, but a dozen line breaks). Where the corpora know too few
pairs to tell, the paragraph ends decide alone, if there are more of them. Little evidence decides nothing,
and the text is read as drawn.
"""

from __future__ import annotations

import itertools
import logging
import re
import statistics
from collections.abc import Sequence

from align.ingest.pdflines import Line
from align.ingest.wordpairs import corpus_pairs, pairs, words

log = logging.getLogger(__name__)

# A sentence's last mark and what may close after it. U+FFFD is a character the font lacked
# (``pdfchars.MISSING``): after a full stop, a closing quote or bracket (reportlab's Noto Naskh has no
# straight quotes).
SENTENCE_END = re.compile(r"[.!?؟…:][\"'”’»)\]\ufffd]*$")
# Paragraph ends and known word pairs that read bottom to top, less those that read top to bottom. Measured
# on the body lines of 40 pages wrapped in visual order and 250 others (every measurement set of
# docs/inputs.md and scripts/make_unseen_pdfs.py): the others score 0 or less (wkhtmltopdf's and reportlab's
# line-by-line pages included) but for reportlab's pages shaped by HarfBuzz, 3 to 6, which are wrapped in
# visual order too (their letters are drawn unjoined and reversed, a fault of the producer's); the wrapped
# ones 4 or more but for two pages of two or three short paragraphs, 1 and 2 (a headline's line break lifts
# the second to 3).
MIN_EVIDENCE = 3
RATIO = 3  # with even pairs, the reversed paragraph ends must outnumber the usual ones 3 : 1
TIE_EVIDENCE = 4  # paragraph ends that decide alone when the word pairs are even
# Lines reaching both edges in a justified column: all but each paragraph's first (drawn last), so half or
# more where paragraphs are of two lines; in a ragged one, where the room left is spread over a word's
# width, few (60 % missed a page of two-line paragraphs; at 40 % no other page reads differently).
TIGHT = 0.4
# How far a line's spaces may differ from each other and still count as alike (em), and how far from the
# unstretched lines' a line's may be and still be unstretched: exactly as wide, since a stretched line is
# sometimes stretched by a thousandth of an em a space (on the pages wrapped in visual order of the
# measurement sets and draws, lines 0.0006 em and 0.0012 em wider than the unstretched lines' spaces were
# inside a paragraph; of six exactly as wide, five were a paragraph's first line).
_ALIKE = 0.002
_UNSTRETCHED = 0.0003


def _room(line: Line) -> float:
    """The room the line leaves in its column, less what it was set with but not drawn (``Line.unset``);
    none where that is unknown."""
    assert line.layout is not None  # set when paragraphs are made
    unset = line.unset
    if unset is None:
        return 0.0
    return max(0.0, (line.x0 - line.layout.left) + (line.layout.right - line.x1) - unset)


def _width(span: tuple[float, float]) -> float:
    return span[1] - span[0]


def _ended(a: Line, b: Line, size: float) -> bool:
    """Whether ``a`` ended a paragraph in either reading: neither of ``b``'s edge words would have needed
    more room than ``a`` leaves (the usual breaker would have taken ``b``'s first word onto ``a``, the
    visual-order one ``b``'s leftmost word)."""
    if not b.words or a.page != b.page or a.column != b.column:
        return False
    need = max(_width(b.words[0]), _width(b.words[-1]))
    return _room(a) > need + 0.5 * size


def _body_pairs(lines: Sequence[Line], size: float) -> list[tuple[Line, Line]]:
    body = [line for line in lines if _body(line, size)]
    out = []
    for a, b in itertools.pairwise(body):
        assert a.layout is not None
        # Space between paragraphs is no objection: only the lines around it matter.
        if a.page == b.page and a.column == b.column and b.baseline - a.baseline <= 3 * a.layout.spacing:
            out.append((a, b))
    return out


def _heading_pairs(lines: Sequence[Line], size: float) -> list[tuple[Line, Line]]:
    """Neighbouring lines of a headline or pull-quote (larger or bold, the same type, close together):
    wrapped by the same breaker, their line breaks show its direction too."""
    out = []
    for a, b in itertools.pairwise(lines):
        display = a.size > 1.05 * size or a.bold
        same_type = abs(a.size - b.size) <= 0.05 * a.size and a.bold == b.bold
        close = a.page == b.page and a.column == b.column and 0 < b.baseline - a.baseline <= 2 * a.size
        if display and same_type and close and a.rtl and b.rtl:
            out.append((a, b))
    return out


def _block_edges(lines: Sequence[Line], size: float) -> tuple[int, int]:
    """Blocks of body lines that space or another type closes below in the same column (so that their
    bottom line is no column's or page's last), and the document's last block: those whose bottom line
    alone ends a sentence, as a paragraph's last line does when set the usual way, and those whose top
    line alone does, as a paragraph wrapped in visual order draws its last line on top. This is the
    evidence of pages whose paragraphs are set ragged, where no line's room tells a paragraph's end: a
    short line is the last line drawn in either reading."""
    usual = reversed_ = 0
    block: list[Line] = []
    for line in [*lines, None]:
        if block and line is not None and not _block_break(block[-1], line, size):
            block.append(line)
            continue
        # The document's last block is closed too: no column or page goes on from it, and set the usual
        # way its bottom line is the article's last (a short article has few other blocks to show).
        closed = bool(block) and (line is None or _place(line) == _place(block[-1]))
        if closed and len(block) >= 2 and all(_body(b, size) for b in block):
            top, bottom = bool(SENTENCE_END.search(block[0].text)), bool(SENTENCE_END.search(block[-1].text))
            usual += bottom and not top
            reversed_ += top and not bottom
        block = [line] if line is not None else []
    return usual, reversed_


def _place(line: Line) -> tuple[int, int]:
    return line.page, line.column


def _body(line: Line, size: float) -> bool:
    return abs(line.size - size) <= 0.1 * size and not line.bold and line.rtl


def _block_break(a: Line, b: Line, size: float) -> bool:
    assert b.layout is not None
    if a.page != b.page or a.column != b.column or _body(a, size) != _body(b, size):
        return True
    return b.baseline - a.baseline > 1.6 * b.layout.spacing


def wrapped_in_visual_order(lines: Sequence[Line], size: float) -> bool:
    """Whether the document's paragraphs were wrapped after being put into visual order (see above).
    ``lines``: the body's lines in reading order, each with its column layout set."""
    usual = reversed_ = 0
    neighbours = _body_pairs(lines, size)
    ended = [_ended(a, b, size) for a, b in neighbours]
    for (a, b), end in zip(neighbours, ended, strict=True):
        if not end:
            continue
        if SENTENCE_END.search(a.text):
            usual += 1
        elif SENTENCE_END.search(b.text):
            reversed_ += 1
    edges = _block_edges(lines, size)
    usual, reversed_ = usual + edges[0], reversed_ + edges[1]
    log.debug("paragraph ends: %d as usual, %d wrapped in visual order", usual, reversed_)
    if reversed_ < usual:
        return False
    # Across the breaks inside paragraphs and headlines, which reading makes the pairs Arabic's.
    article = pairs(line.text for line in lines)
    corpus = corpus_pairs()

    def known(first: Line, second: Line) -> int:
        pair = words(first.text)[-1:] + words(second.text)[:1]
        return int(len(pair) == 2 and (tuple(pair) in corpus or tuple(pair) in article))

    inside = [pair for pair, end in zip(neighbours, ended, strict=True) if not end]
    inside += _heading_pairs(lines, size)
    down = sum(known(a, b) for a, b in inside)
    up = sum(known(b, a) for a, b in inside)
    log.debug("word pairs across line breaks: %d read down, %d read up", down, up)
    if up > down:
        return (reversed_ - usual) + (up - down) >= MIN_EVIDENCE
    # Pairs the corpora have not seen leave a tie; then the paragraph ends alone decide, if there are more.
    return up == down and reversed_ >= TIE_EVIDENCE and reversed_ >= RATIO * usual


def regroup(lines: Sequence[Line], size: float) -> list[list[Line]]:
    """The paragraphs of a document wrapped in visual order, each with its lines in reading order.

    ``lines``: all lines in the order drawn (columns right to left, each top to bottom). A paragraph ends
    where its type changes, where space is added, or after a line that leaves room for the word the
    breaker would have put there next: the leftmost word of the line below (the visual string runs on
    from there), or, in a justified column, after a line the breaker did not stretch (it stops short, or
    its spaces are those of the lines that do). Each paragraph's lines are then read bottom to top."""
    groups: list[list[Line]] = []
    tight = _justified_columns(lines, size)
    natural = _natural_gap(lines, size, tight)
    for line in lines:
        # The first display block is the headline: reportlab flows one from a frame across the page into
        # the top of a column, a few lines' space below, and the breaker ran on from one frame to the next.
        headline = len(groups) == 1 and _display(line, size) and line.page == groups[0][-1].page
        headline = headline and _same(groups, line)
        if not groups or (_starts(groups[-1][-1], line, size, tight, natural) and not headline):
            groups.append([line])
        else:
            groups[-1].append(line)
    return [group[::-1] for group in groups]


def _display(line: Line, size: float) -> bool:
    return line.size > size * 1.05 or line.bold


def _same(groups: list[list[Line]], line: Line) -> bool:
    """Whether ``line`` is in the type of the first group, all of whose lines are display lines."""
    first = groups[0]
    return all(abs(g.size - line.size) <= 0.05 * line.size and g.bold == line.bold for g in first)


def _justified_columns(lines: Sequence[Line], size: float) -> set[tuple[int, int]]:
    """The (page, column)s whose body lines reach both edges often enough (``TIGHT``): justified, so that
    a line that stops short is one the breaker did not stretch, a paragraph's last (measured on the 25
    pages wrapped in visual order of the measurement sets and fixtures: no line inside a paragraph stops
    half an em short in a column found justified)."""
    body: dict[tuple[int, int], list[bool]] = {}
    for line in lines:
        if abs(line.size - size) <= 0.1 * size and not line.bold:
            body.setdefault((line.page, line.column), []).append(_room(line) < 0.2 * size)
    return {key for key, full in body.items() if len(full) >= 3 and sum(full) >= TIGHT * len(full)}


def _gap(line: Line, size: float) -> float | None:
    """The space between the line's words where every space is as wide (within ``_ALIKE``), as where a
    breaker stretches a line at its spaces (fpdf2). None for fewer than four words, or spaces that vary."""
    if len(line.words) < 4:
        return None
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(line.words)]
    if max(gaps) - min(gaps) > _ALIKE * size:
        return None
    return float(statistics.median(gaps))


def _natural_gap(lines: Sequence[Line], size: float, tight: set[tuple[int, int]]) -> float | None:
    """The space between words where the breaker stretched nothing: that of the lines of justified
    columns that stop short (a paragraph's first line, drawn last). None when there are none."""
    short: list[float] = []
    full: list[float] = []
    for line in lines:
        if _body(line, size) and (line.page, line.column) in tight and (gap := _gap(line, size)) is not None:
            (short if _room(line) > 0.5 * size else full).append(gap)
    # Only where they all agree, no line reaching both edges has narrower spaces and most have wider ones:
    # where the breaker stretches a line at its spaces, and the word extents show it. On 36 of the 44
    # reportlab pages of the measurement sets and draws some stretched lines measure narrower spaces than
    # the unstretched ones, and those pages are left out; so would a page stretched with kashidas be.
    if not short or max(short) - min(short) > _ALIKE * size:
        return None
    natural = float(statistics.median(short))
    wider = sum(gap > natural + _ALIKE * size for gap in full)
    if not full or min(full) < natural - _ALIKE * size or 2 * wider < len(full):
        return None
    return natural


def _starts(a: Line, b: Line, size: float, tight: set[tuple[int, int]], natural: float | None = None) -> bool:
    assert a.layout is not None and b.layout is not None
    if abs(a.size - b.size) > 0.1 * size or a.bold != b.bold:
        return True
    same_column = a.page == b.page and a.column == b.column
    if b.size > size * 1.05 or b.bold:  # a title or pull-quote: centred or ragged, its own spacing
        return same_column and b.baseline - a.baseline > 2.5 * b.size
    gap = b.baseline - a.baseline
    if same_column and gap > 1.6 * b.layout.spacing:
        return True
    # Space added under a line, when the line below ends a sentence: that line is the next paragraph's
    # last (the usual reader asks the line above to end one).
    if same_column and gap > b.layout.spacing + 0.3 * size and SENTENCE_END.search(b.text):
        return True
    if same_column and (a.page, a.column) in tight and _room(a) > 0.5 * size:
        return True  # a justified column's line that was not stretched to both edges
    # One that reaches both edges by chance, its words exactly as far apart as in the lines that stop short:
    # the breaker did not stretch it. The line below is then the next paragraph's last: it ends a
    # sentence (a stretched line that only looks unstretched seldom has one below it that does).
    spaces = _gap(a, size) if same_column and (a.page, a.column) in tight and _body(a, size) else None
    unstretched = spaces is not None and natural is not None and spaces <= natural + _UNSTRETCHED * size
    if unstretched and SENTENCE_END.search(b.text):
        return True
    # Over a column or page break neither space nor room tells; a paragraph's top line ends its last
    # sentence, a line inside one seldom ends a sentence.
    if not same_column and SENTENCE_END.search(b.text):
        return True
    return not b.words or _room(a) > _width(b.words[0]) + 0.5 * size
