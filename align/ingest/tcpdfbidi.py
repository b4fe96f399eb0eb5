"""Visual order to logical order for lines drawn by TCPDF, whose bidirectional algorithm is not UAX #9.

TCPDF (PHP; behind many web sites' "download as PDF" and report buttons) shapes Arabic and orders each line
itself, by its own implementation of UAX #9, and draws the result left to right. Measured on its output
(``scripts/make_tcpdf_pdfs.py``; the rules below were read from its ``utf8Bidi`` and checked against the
pages it draws), that implementation differs from the algorithm in ways that decide how a line must be read
back:

- neutrals (spaces, full stops, quotes, ``@``) are never resolved from their neighbours (rules N1 and N2 do
  not apply): they keep the line's own level, so each Latin word of a right-to-left line is a run by itself
  (``Metro News`` is drawn ``News Metro``, ``weather.com.`` as ``.com.weather``) and each Arabic word of a
  left-to-right line is one;
- a number after Arabic letters stays a European number (rule W2 does not apply), so a percent sign after
  it joins it (``90٪`` is drawn ``90٪``, where the Unicode algorithm draws ``٪90``);
- a separator or sign is joined to its number only from the third character of the line on;
- every line gets its direction from its own first strong letter, so a line that begins with a Latin word
  is drawn left to right.

:func:`display_order` is that algorithm; :func:`visual_to_logical` inverts it: it proposes the levels each
drawn unit can have, undoes the reversals, and keeps a reading only when TCPDF would draw it exactly as the
line is drawn. A unit is a glyph's text (a letter with its marks) or a space.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from align.ingest.bidi import bidi_class, display_runs

_NUMBERS = frozenset({"EN", "AN"})
_SEPARATORS = frozenset({"ES", "CS"})
_REFINEMENTS = 4
_NUMBER = re.compile("[0-9\u0660-\u0669]+(?:[.,:/٫٬][0-9\u0660-\u0669]+)*")


def levels(units: Sequence[str], rtl: bool | None = None) -> list[int]:
    """TCPDF's embedding level of each unit of a logical line; ``rtl`` None: from the first strong letter."""
    types = [bidi_class(u) for u in units]
    if rtl is None:
        first = next((t for t in types if t in ("L", "R", "AL")), "L")
        rtl = first != "L"
    n = len(types)
    types = ["R" if t == "AL" else t for t in types]
    # W4, from the third unit on (the count of units before it in the run starts one late).
    for i in range(2, n - 1):
        before, after = types[i - 1], types[i + 1]
        if types[i] == "ES" and before == after == "EN":
            types[i] = "EN"
        elif types[i] == "CS" and before == after and before in _NUMBERS:
            types[i] = before
    # W5: a sign after a number from the third unit on, or before one (through a run of signs) from the
    # second on.
    for i in range(1, n):
        if types[i] != "ET":
            continue
        if i >= 2 and types[i - 1] == "EN":
            types[i] = "EN"
            continue
        j = i + 1
        while j < n and types[j] == "ET":
            j += 1
        if j < n and types[j] == "EN":
            types[i] = "EN"
    if rtl:
        return [2 if t in ("L", "EN", "AN") else 1 for t in types]
    return [1 if t == "R" else 2 if t in _NUMBERS else 0 for t in types]


def display_order(units: Sequence[str], rtl: bool | None = None) -> list[int]:
    """Where TCPDF draws each unit of a logical line: unit indices from left to right."""
    return display_runs(levels(units, rtl))


def visual_to_logical(units: Sequence[str], *, rtl: bool = True) -> list[str] | None:
    """The logical line TCPDF drew as ``units`` (left to right), or None when no reading draws so; of
    two readings (one per direction), the one in the document's direction ``rtl``."""
    found = readings(units, rtl=rtl)
    return found[0] if found else None


def readings(units: Sequence[str], *, rtl: bool = True) -> list[list[str]]:
    """Every distinct logical line that TCPDF draws as ``units``: at most one per line direction (TCPDF
    sets each line by its first strong letter), the document's direction ``rtl`` first."""
    out: list[list[str]] = []
    for line_rtl in (rtl, not rtl):
        # A number at the start of a line, one digit and a separator ("7.55", "2,500"), is drawn as the
        # number the other way round would be ("55.7"): of the two, the one TCPDF split is taken (a
        # thousands separator after one digit is the commoner of the two).
        reading = next((r for r in _split_and_joined(tuple(units), line_rtl) if r is not None), None)
        if reading is not None:
            reading = _unmirrored_quotes(reading, line_rtl)  # a copy: the cached one stays as it is
            if reading not in out:
                out.append(reading)
    return out


# TCPDF's mirror table (``TCPDF_FONT_DATA::$uni_mirror``) holds the typographic quotes too, which UAX #9
# does not mirror: in a right-to-left run it draws ” as “ and ’ as ‘ (NTREX's ”عنصرية" is drawn “عنصرية").
_QUOTE_MIRRORS = {"“": "”", "”": "“", "‘": "’", "’": "‘"}


def _unmirrored_quotes(units: Sequence[str], rtl: bool) -> list[str]:
    """``units`` (a logical line) with the typographic quotes that TCPDF mirrored in right-to-left runs
    put back."""
    if not any(u in _QUOTE_MIRRORS for u in units):
        return list(units)
    return [
        _QUOTE_MIRRORS.get(u, u) if level % 2 else u
        for u, level in zip(units, levels(units, rtl), strict=True)
    ]


def number_doubts(units: Sequence[str], *, rtl: bool = True) -> list[tuple[str, str]]:
    """The numbers that ``readings`` took one way where TCPDF draws them the other way too (the split
    reading and the joined one at a line start, "7.55" and "55.7"): (taken, other) pairs."""
    split, joined = _split_and_joined(tuple(units), rtl)
    if split is None or joined is None or split == joined:
        return []
    return [(a, b) for a, b in zip(_numbers(split), _numbers(joined), strict=False) if a != b]


@lru_cache(maxsize=64)  # readings and number_doubts ask for the same line in turn
def _split_and_joined(visual: tuple[str, ...], rtl: bool) -> tuple[list[str] | None, list[str] | None]:
    """The line of direction ``rtl`` read with separators and signs apart from their numbers, and joined."""
    units = list(visual)
    split, joined = (_refined(units, _undo(_drawn_levels(units, rtl, j))) for j in (False, True))
    return split, joined


def _numbers(units: list[str]) -> list[str]:
    return _NUMBER.findall("".join(units))


def _refined(visual: list[str], guess: list[int]) -> list[str] | None:
    """From a first reading (visual positions in logical order), the reading whose own levels draw it
    as ``visual``: the levels TCPDF gives the reading are laid over the drawn units and undone again,
    until they agree (a sign or separator joins its number or not depending on where it stands)."""
    for _ in range(_REFINEMENTS):
        units = [visual[p] for p in guess]
        order = display_order(units)
        if [guess[slot] for slot in order] == list(range(len(visual))):
            return units
        found = levels(units)
        drawn = [0] * len(visual)
        for slot, position in enumerate(guess):
            drawn[position] = found[slot]
        refined = _undo(drawn)
        if refined == guess:
            return None
        guess = refined
    return None


def _drawn_levels(visual: Sequence[str], rtl: bool, joined: bool) -> list[int]:
    """The level each drawn unit would have in a line of direction ``rtl``; ``joined``: a separator between
    two digits, and a sign beside one, belong to the number."""
    types = [bidi_class(u) for u in visual]
    n = len(types)
    if joined:
        for i in range(1, n - 1):
            if types[i] in _SEPARATORS and types[i - 1] in _NUMBERS and types[i + 1] in _NUMBERS:
                types[i] = types[i - 1]
        i = 0
        while i < n:
            j = i
            while j < n and types[j] == "ET":
                j += 1
            if j > i and ((i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN")):
                types[i:j] = ["EN"] * (j - i)
            i = max(j, i + 1)
    if rtl:
        return [2 if t in ("L", "EN", "AN") else 1 for t in types]
    return [1 if t in ("R", "AL") else 2 if t in _NUMBERS else 0 for t in types]


def _undo(drawn: Sequence[int]) -> list[int]:
    """The visual positions in logical order, undoing the reversals of rule L2 (lowest level first)."""
    return display_runs(drawn, undo=True)
