"""Numbers that XeLaTeX with polyglossia's Arabic draws in pieces, the pieces in reverse: read back whole.

In right-to-left text polyglossia cuts a number at a full stop (``7.55``) and the pieces are then ordered
right to left like words: the page shows ``55.7`` (``1.234.567`` as ``567.234.1``), where the Unicode
algorithm keeps the number whole. The comma, the colon and the slash are left alone; a hyphen is cut the
same way, but there the algorithm too orders the pieces right to left (``3-4`` is drawn ``4-3`` in Arabic
text). Every cut carries a mark: a space glyph drawn just left of the separator and backed over (the
separator starts where the space does), which set-ups without polyglossia (the bidi package alone,
LuaLaTeX) do not draw. Only such chains are put back, on pages xdvipdfmx wrote: the pieces around full
stops are laid out again in reading order, and the space glyphs dropped (they are no word spaces), so that
the line's bidirectional reading sees one number.

XeTeX also draws a percent sign set in the number's own font on the number's right (``45%`` as typed),
where the Unicode algorithm puts it on the left in Arabic text (``%45``) — and reading the page by that
algorithm gave ``%45``. On these pages a percent sign touching a number's right is moved to its left.
"""

from __future__ import annotations

from collections.abc import Sequence

from align.ingest.glyph import Glyph

_DIGITS = frozenset("0123456789\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669")
_PERCENT = frozenset("%\u066a\u2030")
_WITH_DIGITS = _DIGITS | _PERCENT  # a percent sign travels with its piece
_SEPARATORS = frozenset(".-\u2010\u2011\u2013")
# Cut at a hyphen too, but those pieces are drawn where the Unicode algorithm puts them ("3-4" in Arabic
# text is drawn "4-3"): only the backed-over spaces go.
_REORDERED = frozenset(".")
_SPACES = frozenset(" \u00a0")
_TOUCH = 0.15  # type sizes: glyphs of one piece touch; a backed-over space starts where the next glyph does


def applies(producer: str) -> bool:
    return producer.startswith("xdvipdfmx")


def join_split_numbers(glyphs: list[Glyph]) -> int:
    """Put the pieces of each number polyglossia drew reversed back in order, in place; how many numbers."""
    stream = sorted(glyphs, key=lambda g: g.order)
    dropped: set[int] = set()
    joined = 0
    i = 0
    while i < len(stream):
        chain = _chain(stream, i)
        if chain is None:
            i += 1
            continue
        pieces, separators, spaces, end = chain
        if all(s.text in _REORDERED for s in separators):
            _lay_out(pieces, separators)
        dropped.update(id(space) for space in spaces)
        joined += 1
        i = end
    if dropped:
        glyphs[:] = [g for g in glyphs if id(g) not in dropped]
    _percent_first(sorted(glyphs, key=lambda g: g.order))
    return joined


def _percent_first(stream: Sequence[Glyph]) -> None:
    """A number drawn with its percent sign touching its right: the sign drawn on its left instead."""
    i = 0
    while i < len(stream):
        j = i
        while (
            j < len(stream)
            and (stream[j].text in _DIGITS or stream[j].text in _SEPARATORS)
            and (j == i or _touch(stream[j - 1], stream[j]))
        ):
            j += 1
        number = list(stream[i:j])
        if (
            any(g.text in _DIGITS for g in number)
            and j < len(stream)
            and stream[j].text in _PERCENT
            and _touch(stream[j - 1], stream[j])
        ):
            _relay([stream[j], *number])
            i = j + 1
        else:
            i = max(j, i + 1)


def _piece(stream: Sequence[Glyph], i: int) -> int:
    """The end of the run of digits (and percent signs) starting at ``i``, each touching the one before;
    ``i`` when there is none."""
    j = i
    while j < len(stream) and stream[j].text in _WITH_DIGITS and (j == i or _touch(stream[j - 1], stream[j])):
        j += 1
    return j if any(g.text in _DIGITS for g in stream[i:j]) else i


def _touch(a: Glyph, b: Glyph) -> bool:
    return abs(a.baseline - b.baseline) <= _TOUCH * a.size and abs(b.x0 - a.x1) <= _TOUCH * a.size


def _chain(stream: Sequence[Glyph], i: int) -> tuple[list[list[Glyph]], list[Glyph], list[Glyph], int] | None:
    """A chain ``piece (space separator piece)+`` drawn left to right from ``i``, every space backed over."""
    end = _piece(stream, i)
    if end == i:
        return None
    pieces = [list(stream[i:end])]
    separators: list[Glyph] = []
    spaces: list[Glyph] = []
    while end + 2 < len(stream):
        space, separator = stream[end], stream[end + 1]
        if not (
            space.text in _SPACES
            and separator.text in _SEPARATORS
            and _touch(stream[end - 1], space)
            and abs(separator.x0 - space.x0) <= _TOUCH * space.size
            and abs(separator.baseline - space.baseline) <= _TOUCH * space.size
        ):
            break
        after = _piece(stream, end + 2)
        if after == end + 2 or not _touch(separator, stream[end + 2]):
            break
        spaces.append(space)
        separators.append(separator)
        pieces.append(list(stream[end + 2 : after]))
        end = after
    return (pieces, separators, spaces, end) if separators else None


def _lay_out(pieces: list[list[Glyph]], separators: list[Glyph]) -> None:
    """Draw the pieces again from the chain's left edge in reading order: the last drawn first."""
    sequence: list[Glyph] = []
    for k, piece in enumerate(reversed(pieces)):
        if k:
            sequence.append(separators[len(separators) - k])
        sequence.extend(piece)
    _relay(sequence)


def _relay(sequence: Sequence[Glyph]) -> None:
    """Draw ``sequence`` left to right from its leftmost point in that order, each glyph as wide as it was."""
    orders = sorted(g.order for g in sequence)
    x = min(g.x0 for g in sequence)
    for glyph, order in zip(sequence, orders, strict=True):
        width = glyph.x1 - glyph.x0
        glyph.x0, glyph.x1, glyph.order = x, x + width, order
        x += width
