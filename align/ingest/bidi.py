"""Visual order to logical order for one line of right-to-left text.

A PDF stores glyphs with positions; reading them left to right gives the visual order, which for Arabic is
the reverse of the reading order, except inside left-to-right islands (digits, Latin words), which read left
to right. Extractors that ignore this produce the damage seen in PDF-extracted Arabic: words in reverse order,
"2016" turned into "6102". Here a line is rebuilt the way the Unicode Bidirectional Algorithm laid it out:
reverse the visual sequence, then restore the left-to-right islands.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

_LTR = frozenset({"L", "EN", "AN"})
_RTL = frozenset({"R", "AL"})
_NUMBER = frozenset({"EN", "AN"})
_NUMBER_JOINERS = frozenset({"ES", "CS", "ET"})  # + - . , : / % that sit inside or next to numbers


def bidi_class(text: str) -> str:
    """The class that decides a unit's direction: its first strong (or number) character's."""
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls in _LTR or cls in _RTL:
            return cls
    return unicodedata.bidirectional(text[0]) if text else "ON"


def visual_to_logical(units: Sequence[str], *, rtl: bool = True) -> list[str]:
    """Reorder units (glyph texts, or spaces) given left to right on the page into reading order.

    ``rtl`` is the paragraph direction. Units keep their own internal order: a lam-alef glyph that stands for
    "لا" stays "لا".
    """
    if not rtl:
        # A left-to-right line may hold right-to-left islands; reverse those in place.
        return _flip_runs(list(units), member=lambda cls: cls in _RTL, joins=lambda cls: cls == "WS")
    reversed_units = list(reversed(units))
    return _flip_runs(reversed_units, member=lambda cls: cls in _LTR, joins=_joins_ltr, arabic_numbers=True)


def is_rtl_line(units: Sequence[str]) -> bool:
    strong = [bidi_class(u) for u in units]
    rtl = sum(cls in _RTL for cls in strong)
    ltr = sum(cls == "L" for cls in strong)
    return rtl >= ltr


def _joins_ltr(cls: str) -> bool:
    return cls in _NUMBER_JOINERS or cls in ("WS", "ON", "BN", "NSM")


def _flip_runs(units: list[str], *, member: object, joins: object, arabic_numbers: bool = False) -> list[str]:
    """Reverse each maximal run of ``member`` units; neutrals join a run only between two members."""
    classes = [bidi_class(u) for u in units]
    is_member = [member(c) for c in classes]  # type: ignore[operator]
    # A neutral between two members of the same run belongs to it ("Cambridge Analytica", "3.5", "2015-2016").
    n = len(units)
    i = 0
    while i < n:
        if is_member[i] or not joins(classes[i]):  # type: ignore[operator]
            i += 1
            continue
        j = i
        while j < n and not is_member[j] and joins(classes[j]):  # type: ignore[operator]
            j += 1
        if i > 0 and j < n and is_member[i - 1] and is_member[j]:
            for k in range(i, j):
                is_member[k] = True
        i = max(j, i + 1)
    # A percent or currency sign next to a number reads with it ("50%") only when the number follows Latin
    # text; after Arabic letters a number is an Arabic number (UBA rule W2) and the sign stays outside it.
    for k, cls in enumerate(classes):
        if cls == "ET" and not is_member[k]:
            near = [m for m in (k - 1, k + 1) if 0 <= m < n and classes[m] in _NUMBER]
            if near and not (arabic_numbers and _after_arabic(classes, near[0])):
                is_member[k] = True
    out: list[str] = []
    k = 0
    while k < n:
        if not is_member[k]:
            out.append(units[k])
            k += 1
            continue
        end = k
        while end < n and is_member[end]:
            end += 1
        out.extend(reversed(units[k:end]))
        k = end
    return out


def _after_arabic(classes: Sequence[str], index: int) -> bool:
    """Whether the last strong character before ``index`` (in reading order) is right-to-left."""
    for cls in reversed(classes[:index]):
        if cls in _RTL:
            return True
        if cls == "L":
            return False
    return True  # start of an Arabic paragraph
