"""Paragraphs whose lines were wrapped after the text was put into visual order: read bottom to top.

Programs that make Arabic PDFs without a layout engine that knows Arabic shape each paragraph
(arabic_reshaper) and put it into visual order (python-bidi) first, then hand the whole string to a
left-to-right line breaker (fpdf2's ``multi_cell``, reportlab's ``Paragraph``). The breaker fills the first
line from the string's left end, which in visual order is the paragraph's *end*: the lines come out in
reverse, each in the right order within itself. The page shows it plainly: the short line that is left over
by the breaker is the paragraph's first line, at the bottom, and the paragraph's final full stop ends the
top line. This module tells such a document from one set the usual way and puts its lines back in order.

The decision is made for the whole document (the same code set every paragraph), from the lines that
ended a paragraph in either reading (they stop short of their column by more than the next line's words
would have needed): in text set the usual way those end sentences; in text wrapped in visual order the
line after them ends one, and they do not. Word pairs across the line breaks (``wordpairs``) must agree,
or, where the corpora know too few of them to tell, be even with more paragraph ends to go on. Few such
lines decide nothing, and the text is read as drawn.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Sequence

from align.ingest.pdflines import Line
from align.ingest.wordpairs import corpus_pairs, pairs, words

log = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"[.!?؟…:][\"'”’»)\]]*$")
MIN_EVIDENCE = 2  # paragraph ends that must show the reversed wrap, and outnumber the usual ones 3 : 1
RATIO = 3
TIE_EVIDENCE = 4  # paragraph ends that decide alone when the word pairs are even


def _room(line: Line) -> float:
    assert line.layout is not None  # set when paragraphs are made
    return (line.x0 - line.layout.left) + (line.layout.right - line.x1)


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
    body = [line for line in lines if abs(line.size - size) <= 0.1 * size and not line.bold and line.rtl]
    out = []
    for a, b in itertools.pairwise(body):
        assert a.layout is not None
        # Space between paragraphs is no objection: only the lines around it matter.
        if a.page == b.page and a.column == b.column and b.baseline - a.baseline <= 3 * a.layout.spacing:
            out.append((a, b))
    return out


def wrapped_in_visual_order(lines: Sequence[Line], size: float) -> bool:
    """Whether the document's paragraphs were wrapped after being put into visual order (see above).
    ``lines``: the body's lines in reading order, each with its column layout set."""
    usual = reversed_ = 0
    neighbours = _body_pairs(lines, size)
    ended = [_ended(a, b, size) for a, b in neighbours]
    for (a, b), end in zip(neighbours, ended, strict=True):
        if not end:
            continue
        if _SENTENCE_END.search(a.text):
            usual += 1
        elif _SENTENCE_END.search(b.text):
            reversed_ += 1
    log.debug("paragraph ends: %d as usual, %d wrapped in visual order", usual, reversed_)
    if reversed_ < MIN_EVIDENCE or reversed_ < RATIO * usual:
        return False
    # The words must agree: across the breaks inside paragraphs, the pairs read bottom to top are Arabic's.
    article = pairs(line.text for line in lines)
    corpus = corpus_pairs()

    def known(first: Line, second: Line) -> int:
        pair = words(first.text)[-1:] + words(second.text)[:1]
        return int(len(pair) == 2 and (tuple(pair) in corpus or tuple(pair) in article))

    down = up = 0
    for (a, b), end in zip(neighbours, ended, strict=True):
        if not end:
            down += known(a, b)
            up += known(b, a)
    log.debug("word pairs across line breaks: %d read down, %d read up", down, up)
    # Pairs the corpora have not seen leave a tie; then the paragraph ends alone decide, if there are more.
    return up > down or (up == down and reversed_ >= TIE_EVIDENCE)


def regroup(lines: Sequence[Line], size: float) -> list[list[Line]]:
    """The paragraphs of a document wrapped in visual order, each with its lines in reading order.

    ``lines``: all lines in the order drawn (columns right to left, each top to bottom). A paragraph ends
    where its type changes, where space is added, or after a line that leaves room for the word the
    breaker would have put there next: the leftmost word of the line below (the visual string runs on
    from there). Each paragraph's lines are then read bottom to top."""
    groups: list[list[Line]] = []
    for line in lines:
        if not groups or _starts(groups[-1][-1], line, size):
            groups.append([line])
        else:
            groups[-1].append(line)
    return [group[::-1] for group in groups]


def _starts(a: Line, b: Line, size: float) -> bool:
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
    if same_column and gap > b.layout.spacing + 0.3 * size and _SENTENCE_END.search(b.text):
        return True
    return not b.words or _room(a) > _width(b.words[0]) + 0.5 * size
