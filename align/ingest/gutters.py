"""Column gutters: the white vertical bands that split most body rows of a page, and rows cut at them."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from align.ingest.glyph import Glyph
from align.ingest.pdfwords import is_mark


@dataclass(frozen=True)
class Gutter:
    left: float
    right: float


def row_size(row: list[Glyph]) -> float:
    return statistics.median(g.size for g in row if not is_mark(g)) if any(not is_mark(g) for g in row) else 0


def find_gutters(rows: list[list[Glyph]], body_size: float) -> list[Gutter]:
    """White vertical bands that split most body rows: column gutters. Rows and glyphs in another type size
    (a headline, a pull-quote set across the gutter, the running heads) do not count."""
    wide = [
        row
        for row in rows
        if sum(not g.space for g in row) > 5 and abs(row_size(row) - body_size) <= 0.15 * body_size
    ]
    if len(wide) < 4:
        return []
    left = min(g.x0 for row in wide for g in row if not g.space)
    right = max(g.x1 for row in wide for g in row if not g.space)
    step = body_size / 4
    bins = int((right - left) / step) + 1
    covered = [0] * bins
    for row in wide:
        marks: set[int] = set()
        for g in row:
            # A pull-quote's line set on a body line's baseline, across the gutter, is not body text.
            if not g.space and abs(g.size - body_size) <= 0.15 * body_size:
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
                start, stop = _untouched(covered, b, end)
                if (stop - start) * step < 0.9 * body_size:
                    start, stop = b, end
                gutters.append(Gutter(left + start * step, left + stop * step))
            b = end
        b += 1
    return gutters


def _untouched(covered: list[int], start: int, end: int) -> tuple[int, int]:
    """The longest run of bins in ``start:end`` that the fewest rows cover. Of a band that a row or two
    reach into (a short column beside a full one, at an article's end), the part no row touches is the
    gutter: the whole band's middle may fall inside those rows' words, and they would not be cut there."""
    low = min(covered[start:end])
    best, run = (start, start), start
    for i in range(start, end + 1):
        if i == end or covered[i] != low:
            if i - run > best[1] - best[0]:
                best = (run, i)
            run = i + 1
    return best


def clear(glyphs: list[Glyph], gutters: list[Gutter]) -> bool:
    """No letter of ``glyphs`` reaches into any gutter."""
    return all(is_open(glyphs, gutter) for gutter in gutters)


def is_open(glyphs: list[Glyph], gutter: Gutter) -> bool:
    """The row leaves a white gap around the gutter's middle about as wide as the gutter (a line may reach
    a little into it; a word space that happens to fall there is far narrower)."""
    middle = (gutter.left + gutter.right) / 2
    letters = [g for g in glyphs if not g.space and not is_mark(g)]
    if any(g.x0 < middle < g.x1 for g in letters):
        return False
    left = max((g.x1 for g in letters if g.x1 <= middle), default=-1e9)
    right = min((g.x0 for g in letters if g.x0 >= middle), default=1e9)
    return right - left >= 0.5 * (gutter.right - gutter.left)


def split_columns(row: list[Glyph], gutters: list[Gutter]) -> list[tuple[int, list[Glyph]]]:
    """Cut a row at the gutters it leaves clear; a row drawn across a gutter (a title) stays whole, in the
    column of its right end (where right-to-left text starts)."""
    cuts = [(g.left + g.right) / 2 for g in gutters if is_open(row, g)]
    parts: dict[int, list[Glyph]] = {}
    for glyph in row:
        parts.setdefault(sum(1 for x in cuts if (glyph.x0 + glyph.x1) / 2 > x), []).append(glyph)
    # Renumber to the page's columns so that reading order across rows stays consistent.
    renumbered: dict[int, list[Glyph]] = {}
    for part in parts.values():
        letters = [g for g in part if not g.space] or part
        right = max(g.x1 for g in letters)
        renumbered.setdefault(sum(1 for g in gutters if right > (g.left + g.right) / 2), []).extend(part)
    return sorted(renumbered.items())


def apart_by_size(
    row: list[Glyph], gutters: list[Gutter], body_size: float
) -> list[tuple[int, list[Glyph]]] | None:
    """A row drawn across a gutter only by glyphs of another size: a pull-quote set across the columns,
    whose lines share baselines with the columns' lines cut short beside it (Scribus flows text round a
    frame so). The body glyphs are cut at the gutters, the others are a line of their own; None when the
    row is no such row."""
    body = [g for g in row if abs(g.size - body_size) <= 0.15 * body_size]
    other = [g for g in row if abs(g.size - body_size) > 0.15 * body_size]
    if not any(not g.space for g in other) or not any(not g.space for g in body) or not clear(body, gutters):
        return None
    letters = [g for g in other if not g.space]
    right = max(g.x1 for g in letters)
    column = sum(1 for g in gutters if right > (g.left + g.right) / 2)
    return sorted([*split_columns(body, gutters), (column, other)], key=lambda part: part[0])
