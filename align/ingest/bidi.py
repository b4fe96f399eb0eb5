"""Visual order to logical order for one line of text, by the Unicode Bidirectional Algorithm (UAX #9).

A PDF stores glyphs with positions; reading them left to right gives the visual order, which for Arabic is
the reverse of the reading order, except inside left-to-right islands (digits, Latin words). Extractors that
ignore this produce the damage seen in PDF-extracted Arabic: words in reverse order, "2016" turned into
"6102", a quoted phrase with its quote marks and full stop out of place.

The layout engine that drew the line ran the Unicode Bidirectional Algorithm on the logical text: weak types
(numbers and the separators and signs around them), neutrals (spaces, quotes, full stops, brackets, ``%``,
``٪``) resolved from their neighbours, then runs reversed by level. :func:`display_order` is that algorithm
for one line without explicit embeddings; :func:`visual_to_logical` inverts it. The algorithm is not
one-to-one (``Cambridge 2016`` drawn after Arabic text is what both "Cambridge 2016" and "2016 Cambridge"
display as), so the inverse starts from the reading a writer most likely typed — neutrals between two
left-to-right pieces belong to them — and then lets the algorithm itself correct it until the logical text
displays exactly as the line was drawn.

Which glyph shape a mirrored character (brackets, ``«»``) shows depends on its direction; producers that
shape the text themselves and draw it in visual order (arabic_reshaper + python-bidi, as many Arabic PDFs
are made) store the mirrored shape, so their ``«quote»`` reads ``»quote«``: :func:`mirror` maps them back.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

_LTR = frozenset({"L", "EN", "AN"})
_RTL = frozenset({"R", "AL"})
_STRONG = frozenset({"L", "R", "AL"})
_NEUTRAL = frozenset({"B", "S", "WS", "ON"})
_NUMBER_JOINERS = frozenset({"ES", "CS", "ET"})  # + - . , : / % that sit inside or next to numbers
# Paired brackets (BidiBrackets.txt, the ones text uses) and mirrored pairs (BidiMirroring.txt).
_OPENING = {"(": ")", "[": "]", "{": "}", "⁅": "⁆", "⁽": "⁾", "₍": "₎", "〈": "〉", "⟨": "⟩", "﴾": "﴿"}
_CLOSING = {close: open_ for open_, close in _OPENING.items()}
_MIRRORS = {**_OPENING, **_CLOSING, "<": ">", ">": "<", "«": "»", "»": "«", "‹": "›", "›": "‹"}
# A glyph without Unicode (a private-use stand-in) has no known direction: it takes its neighbours'.
_UNMAPPED = 0xF0000
MAX_REFINEMENTS = 6
Context = tuple[str, str] | None  # strong types before and after a line, inside its paragraph


def bidi_class(text: str) -> str:
    """The class that decides a unit's direction: its first strong (or number) character's."""
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls in _LTR or cls in _RTL:
            return cls
    if text and ord(text[0]) >= _UNMAPPED:
        return "ON"
    return unicodedata.bidirectional(text[0]) if text else "ON"


def display_order(units: Sequence[str], *, rtl: bool = True, context: Context = None) -> list[int]:
    """Where each unit of a logical line goes when displayed: unit indices from left to right (UBA rules
    W1–W7, N0–N2, I1–I2, L2 for one paragraph level and no explicit embeddings)."""
    return display_runs(resolve_levels([bidi_class(u) for u in units], units, rtl=rtl, context=context))


def display_runs(levels: Sequence[int], *, undo: bool = False) -> list[int]:
    """Rule L2: the units' indices from left to right, given their embedding levels. ``undo``: the units
    are drawn ones with those levels, and the result is their logical order (the reversals in the other
    order, lowest level first)."""
    order = list(range(len(levels)))
    top = max(levels, default=0)
    for level in range(1, top + 1) if undo else range(top, 0, -1):
        k = 0
        while k < len(order):
            if levels[order[k]] < level:
                k += 1
                continue
            end = k
            while end < len(order) and levels[order[end]] >= level:
                end += 1
            order[k:end] = reversed(order[k:end])
            k = end
    return order


def resolve_levels(
    classes: Sequence[str], units: Sequence[str], *, rtl: bool = True, context: Context = None
) -> list[int]:
    """Embedding levels of a logical line: 1 for right-to-left paragraphs, 0 for left-to-right ones.

    ``context``: the strong types ("L", "R", "AL") of the paragraph's text before and after this line, when
    the line is one of several (the algorithm runs on whole paragraphs, so a quote mark at the start of a
    line resolves against the end of the line before); by default the paragraph direction."""
    edge = "R" if rtl else "L"
    sos, eos = context or (edge, edge)
    types = list(classes)
    n = len(types)
    # W1: a mark takes the type of what it follows.
    for i, t in enumerate(types):
        if t == "NSM":
            types[i] = types[i - 1] if i else sos
    # W2, W3: a European number after Arabic letters is an Arabic number; Arabic letters are R.
    strong = sos
    for i, t in enumerate(types):
        if t in _STRONG:
            strong = t
        elif t == "EN" and strong == "AL":
            types[i] = "AN"
    types = ["R" if t == "AL" else t for t in types]
    # W4: one separator between two numbers of the same kind joins them ("3.5", "25,2", "2015-2016").
    for i in range(1, n - 1):
        before, after = types[i - 1], types[i + 1]
        if types[i] == "ES" and before == after == "EN":
            types[i] = "EN"
        elif types[i] == "CS" and before == after and before in ("EN", "AN"):
            types[i] = before
    # W5: percent and currency signs next to a European number belong to it.
    i = 0
    while i < n:
        if types[i] != "ET":
            i += 1
            continue
        j = i
        while j < n and types[j] == "ET":
            j += 1
        if (i > 0 and types[i - 1] == "EN") or (j < n and types[j] == "EN"):
            types[i:j] = ["EN"] * (j - i)
        i = j
    # W6: other separators and signs are neutral. W7: a European number after Latin text is Latin.
    types = ["ON" if t in _NUMBER_JOINERS else t for t in types]
    strong = "R" if sos == "AL" else sos
    for i, t in enumerate(types):
        if t in ("L", "R"):
            strong = t
        elif t == "EN" and strong == "L":
            types[i] = "L"
    _brackets(types, units, edge, _direction(sos))
    # N1, N2: neutrals between two strong types of one direction take it (numbers count as R); others take
    # the paragraph's direction.
    i = 0
    while i < n:
        if types[i] not in _NEUTRAL:
            i += 1
            continue
        j = i
        while j < n and types[j] in _NEUTRAL:
            j += 1
        before = _direction(types[i - 1]) if i > 0 else _direction(sos)
        after = _direction(types[j]) if j < n else _direction(eos)
        types[i:j] = [before if before == after else edge] * (j - i)
        i = j
    # I1, I2.
    if rtl:
        return [1 if t == "R" else 2 for t in types]
    return [0 if t == "L" else 1 if t == "R" else 2 for t in types]


def _direction(t: str) -> str:
    return "R" if t in ("R", "AL", "EN", "AN") else t


def _brackets(types: list[str], units: Sequence[str], edge: str, sos: str) -> None:
    """N0: a pair of brackets takes the paragraph direction when the text inside has it, else the other
    direction when the text inside and the context before the pair both have that."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, unit in enumerate(units):
        if types[i] != "ON":
            continue
        if unit in _OPENING:
            stack.append((_OPENING[unit], i))
        elif unit in _CLOSING:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == unit:
                    pairs.append((stack[depth][1], i))
                    del stack[depth:]
                    break
    for start, end in sorted(pairs):
        inside = {_direction(t) for t in types[start + 1 : end] if _direction(t) in ("L", "R")}
        if not inside:
            continue
        if edge in inside:
            resolved = edge
        else:
            other = inside.pop()
            context = next(
                (_direction(t) for t in reversed(types[:start]) if _direction(t) in ("L", "R")), sos
            )
            resolved = other if context == other else edge
        types[start] = types[end] = resolved


def visual_to_logical(units: Sequence[str], *, rtl: bool = True, context: Context = None) -> list[str]:
    """Reorder units (glyph texts, or spaces) given left to right on the page into reading order.

    ``rtl`` is the paragraph direction. Units keep their own internal order: a lam-alef glyph that stands for
    "لا" stays "لا". The result is a logical line that the Unicode Bidirectional Algorithm displays as
    ``units``; where several would, the one that keeps left-to-right pieces together. ``context``: as for
    :func:`resolve_levels`.
    """
    visual = list(units)
    n = len(visual)
    if rtl:
        guess = _flip_runs(list(reversed(visual)), member=lambda c: c in _LTR, joins=_joins_ltr, rtl=True)
    else:
        guess = _flip_runs(visual, member=lambda c: c in _RTL, joins=_joins_spaces, rtl=False)
    # A second start: the page's units read right to left (left to right for a left-to-right line), taken
    # as logical text, with the runs the algorithm gives them turned back.
    mirrored = list(reversed(range(n))) if rtl else list(range(n))
    starts = [_positions(guess, visual), _unflip(mirrored, [visual[p] for p in mirrored], rtl, context)]
    # Each unit is tracked by its visual position, so that equal texts ("ا" twice) stay distinct.
    found = _verified(starts, visual, rtl, context)
    if not found:
        # Rare (mixed numbers and Latin letters around separators): start again from pieces joined more
        # sparingly, down to no neutral joining a run at all.
        source = list(reversed(visual)) if rtl else visual
        member = (lambda c: c in _LTR) if rtl else (lambda c: c in _RTL)
        for joins in (_joins_spaces, _joins_nothing):
            alternative = _flip_runs(list(source), member=member, joins=joins, rtl=rtl, signs=False)
            found = _verified([_positions(alternative, visual)], visual, rtl, context)
            if found:
                break
    if not found:
        return guess
    # Of the readings that display as drawn, the first whose brackets open before they close.
    return max(found, key=lambda units: _bracket_balance("".join(units)))


def _verified(starts: list[list[int]], visual: list[str], rtl: bool, context: Context) -> list[list[str]]:
    """From each start, the reading the algorithm refines it to, when that reading displays as drawn."""
    n = len(visual)
    found: list[list[str]] = []
    for positions in starts:
        for _ in range(MAX_REFINEMENTS):
            order = display_order([visual[p] for p in positions], rtl=rtl, context=context)
            if all(positions[slot] == j for j, slot in enumerate(order)):
                found.append([visual[p] for p in positions])
                break
            # The guess's levels laid over the visual line: display position j holds logical slot order[j].
            refined = [0] * n
            for j, slot in enumerate(order):
                refined[slot] = j
            if refined == positions:
                break
            positions = refined
    return found


def _joins_spaces(cls: str) -> bool:
    return cls == "WS"


def _joins_nothing(cls: str) -> bool:
    return False


def _bracket_balance(text: str) -> int:
    return sum(right - wrong for right, wrong in mirrored_pairs([text]).values())


def _unflip(positions: list[int], units: list[str], rtl: bool, context: Context) -> list[int]:
    """``positions`` with every run the algorithm puts at a higher level than its neighbours reversed."""
    # Read against the line's direction, a left-to-right piece in brackets shows its brackets swapped.
    swapped = [mirror(u) for u in units] if rtl else units
    # The line is read backwards here, so what comes before it in the paragraph is at its far end.
    flipped = (context[1], context[0]) if context and rtl else context
    levels = resolve_levels([bidi_class(u) for u in units], swapped, rtl=rtl, context=flipped)
    out = list(positions)
    base = 1 if rtl else 0
    k = 0
    while k < len(out):
        if levels[k] <= base:
            k += 1
            continue
        end = k
        while end < len(out) and levels[end] > base:
            end += 1
        out[k:end] = reversed(out[k:end])
        k = end
    return out


def _positions(logical: Sequence[str], visual: Sequence[str]) -> list[int]:
    """The visual index of each logical unit (logical is a permutation of visual)."""
    free: dict[str, list[int]] = {}
    for j in range(len(visual) - 1, -1, -1):
        free.setdefault(visual[j], []).append(j)
    # _flip_runs keeps identical units in a reversed run in reverse visual order; any consistent choice
    # gives the same text, and the refinement fixes the rest.
    return [free[u].pop() for u in logical]


def edge_types(text: str) -> tuple[str, str]:
    """The first and the last strong type ("L", "R", "AL") of a logical text; "" where it has none."""
    strong = [t for t in (unicodedata.bidirectional(ch) for ch in text) if t in _STRONG]
    return (strong[0], strong[-1]) if strong else ("", "")


def is_rtl_line(units: Sequence[str]) -> bool:
    strong = [bidi_class(u) for u in units]
    rtl = sum(cls in _RTL for cls in strong)
    ltr = sum(cls == "L" for cls in strong)
    return rtl >= ltr


def mirror(text: str, only: str = "") -> str:
    """Each mirrored character replaced by its mirror image ("»" ↔ "«", ")" ↔ "("); with ``only``, just
    the characters listed there."""
    return "".join(_MIRRORS.get(ch, ch) if not only or ch in only else ch for ch in text)


PAIRS = (("(", ")"), ("«", "»"), ("[", "]"))


def mirrored_pairs(lines: Sequence[str]) -> dict[str, tuple[int, int]]:
    """For each kind of pair ("()", "«»", "[]"), how many lines read it opened-then-closed and how many
    closed-then-opened. Text whose pairs of a kind mostly read closed-then-opened (``»quote«``,
    ``)word(``) holds their mirrored glyph shapes (a producer may mirror one kind and not another)."""
    counts = {}
    for open_, close in PAIRS:
        right = wrong = 0
        for line in lines:
            first_open, first_close = line.find(open_), line.find(close)
            if first_open < 0 or first_close < 0:
                continue
            if first_open < first_close:
                right += 1
            else:
                wrong += 1
        counts[open_ + close] = (right, wrong)
    return counts


def _joins_ltr(cls: str) -> bool:
    return cls in _NUMBER_JOINERS or cls in ("WS", "ON", "BN", "NSM")


def _flip_runs(
    units: list[str], *, member: object, joins: object, rtl: bool, signs: bool = True
) -> list[str]:
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
        if signs and cls == "ET" and not is_member[k]:
            near = [m for m in (k - 1, k + 1) if 0 <= m < n and classes[m] in ("EN", "AN")]
            if near and not (rtl and _after_arabic(classes, near[0])):
                is_member[k] = True
    # A bracket next to a run that holds its partner belongs to the run: "Cambridge (UK)" drawn after
    # Arabic text reads back as ")KU( egdirbmaC" here, and the ")" must go with the run.
    k = 0
    while k < n:
        if not is_member[k]:
            k += 1
            continue
        end = k
        while end < n and is_member[end]:
            end += 1
        run = "".join(reversed(units[k:end]))
        for close, open_ in _CLOSING.items():
            if k > 0 and units[k - 1] == close and run.count(open_) > run.count(close):
                is_member[k - 1] = True
            if end < n and units[end] == open_ and run.count(close) > run.count(open_):
                is_member[end] = True
        k = end
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
