"""The number check: numbers of the source missing from the translation, changed, or added.

The check is asymmetric on purpose:

- every number the source writes in digits, and every number it writes in words that a translation must
  carry (a compound such as الخامسة والأربعين بعد المائة, a ten, a hundred, a counted thousand; see
  :mod:`align.qa.arabic_numbers`), must appear in the translation, in digits or in words;
- every number the translation writes in digits (or as a Roman numeral numbering an article or chapter)
  must come from the source, where any number word, ordinal, month, decade or dual noun may explain it.

When a source number is missing and an unexplained number stands in its place, that is one change ("145 in
the source became 154", an error), not a drop and an addition. A number added with nothing missing is a
warning: human translations add the odd "12 guys" the source leaves implicit.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from align.document import Flag
from align.qa.arabic_numbers import arabic_numbers
from align.qa.english_numbers import english_numbers, english_word_values
from align.qa.numbers import Number, normalize_digits, shorthand_values, source_numbers, target_numbers


@dataclass(frozen=True)
class _Item:
    """A number on either side, as the check compares and reports it."""

    shown: str
    values: frozenset[Decimal]
    start: int

    def matches(self, values: set[Decimal]) -> bool:
        return not self.values.isdisjoint(values)


def numbers(source: str, translation: str) -> list[Flag]:
    digits = source_numbers(source)
    words = arabic_numbers(source)
    found = target_numbers(translation)
    english = english_numbers(translation)
    found_values = (
        {v for n in found for v in n.values}
        | english_word_values(translation)
        | shorthand_values(translation)
    )
    source_values = {v for n in digits for v in n.values} | {v for w in words for v in w.values}

    required = [_Item(n.text, n.values, n.start) for n in digits]
    required += [_Item(w.shown, w.values, w.start) for w in words if w.exact]
    missing = sorted((n for n in required if not n.matches(found_values)), key=lambda n: n.start)
    # Lone number words the translation lacks: no requirement, but what a changed number was.
    weak = [
        _Item(w.shown, w.values, w.start)
        for w in words
        if not w.exact and not w.hint and min(w.values) >= 3 and not w.matches(found_values)
    ]
    # Digits inside "45 after the hundred" that reads as a source number are explained by it.
    calques = [(e.start, e.end) for e in english if e.calque and e.values & source_values]
    unexplained = [
        n
        for n in found
        if not n.glued and not n.matches(source_values) and not any(a <= n.start < b for a, b in calques)
    ]
    extra = [_Item(_shown(translation, n), n.values, n.start) for n in unexplained]
    extra += [
        _Item(f"{r.text} ({min(r.values)})", r.values, r.start)
        for r in english
        if r.part_number and not r.matches(source_values)
    ]
    extra = _one_per_run(sorted(extra, key=lambda n: n.start))
    # Numbers in words ("one hundred and fifty-four") only ever name what a missing number became.
    spelled = [
        _Item(e.text, e.values, e.start)
        for e in english
        if e.words and (e.words > 1 or min(e.values) > 10) and not e.values & source_values
    ]

    lengths = (len(source), len(translation))
    changed, missing, extra = _pair(missing, extra, lengths)
    more, _, extra = _pair(weak, extra, lengths)
    changed += more
    spelled_changes, missing, _ = _pair(missing, spelled, lengths)
    changed += spelled_changes
    # Digits that occur inside a source number ("53" of "1950 وحتى 1953", "116 123" of "116123") may stand
    # for it in shorthand: not reported as added, though they may be what a missing number became.
    inside = {n.start for n in unexplained if _is_part_of_source(n, digits)}
    extra = [e for e in extra if e.start not in inside]

    parts = [
        f"{a.shown} in the source became {b.shown}" for a, b in sorted(changed, key=lambda p: p[0].start)
    ]
    if missing:
        parts.append(f"{_list(missing)} in the source {_is(missing)} not in the translation")
    if extra:
        parts.append(f"{_list(extra)} in the translation {_is(extra)} not in the source")
    if changed or missing:
        return [Flag("number-mismatch", "error", "; ".join(parts))]
    if extra:
        return [Flag("number-mismatch", "warning", "; ".join(parts))]
    fewer = _fewer(digits, found, english_word_values(translation))
    return [Flag("number-mismatch", "warning", "; ".join(fewer))] if fewer else []


def _pair(
    wanted: Sequence[_Item], offered: Sequence[_Item], lengths: tuple[int, int]
) -> tuple[list[tuple[_Item, _Item]], list[_Item], list[_Item]]:
    """Missing source numbers paired with unexplained translation numbers, most alike first (digits in
    common, then the nearer place in the sentence): what each missing number became. Returns the pairs and
    what is left unpaired on either side."""
    source_length, translation_length = max(lengths[0], 1), max(lengths[1], 1)
    candidates = sorted(
        (_distance(a, b), abs(a.start / source_length - b.start / translation_length), i, j)
        for i, a in enumerate(wanted)
        for j, b in enumerate(offered)
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for _, _, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((wanted[i], offered[j]))
    rest_a = [a for i, a in enumerate(wanted) if i not in used_a]
    rest_b = [b for j, b in enumerate(offered) if j not in used_b]
    return pairs, rest_a, rest_b


def _distance(a: _Item, b: _Item) -> float:
    """Edit distance between the digits of two numbers, per digit: 110 -> 101 is nearer than 110 -> 7."""
    x = re.sub(r"\D", "", f"{min(a.values):f}")
    y = re.sub(r"\D", "", f"{min(b.values):f}")
    row = list(range(len(y) + 1))
    for i, cx in enumerate(x, start=1):
        previous, row[0] = row[0], i
        for j, cy in enumerate(y, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (cx != cy))
    return row[-1] / max(len(x), len(y), 1)


_RUN = re.compile(r"\d+(?:[.,]\d+)*(?:\s*/\s*\d+(?:[.,]\d+)*)+")


def _shown(translation: str, number: Number) -> str:
    """A number as the translation writes it; "101/10" whole when one part of it is unexplained."""
    text = normalize_digits(translation)
    for match in _RUN.finditer(text):
        if match.start() <= number.start < match.end() and match.group().count("/") == 1:
            return match.group()
    return number.text


def _one_per_run(items: list[_Item]) -> list[_Item]:
    """Both parts of "101/10" unexplained: one changed number, not two."""
    out: list[_Item] = []
    for item in items:
        if out and "/" in item.shown and out[-1].shown == item.shown:
            continue
        out.append(item)
    return out


def _is_part_of_source(number: Number, wanted: Sequence[Number]) -> bool:
    """ "2015" in a translation of "2015-2016", "10" of "10,5": the digits occur inside a source number."""
    return any(number.text.replace(",", "") in n.text.replace(",", "") for n in wanted)


def _fewer(wanted: Sequence[Number], found: Sequence[Number], words: set[Decimal]) -> list[str]:
    """Numbers the source writes more often than the translation (one of two "19"s dropped), unless the
    translation also has the number in words. "5 آلاف" and "5 ملايين" are two different numbers."""
    out = []
    for values, times in Counter(n.values for n in wanted).items():
        if times < 2:
            continue
        number = next(n for n in wanted if n.values == values)
        have = sum(1 for n in found if n.matches(number.values))
        if have < times and not number.matches(words):
            out.append(f"{number.text} is {times} times in the source, {have} in the translation")
    return out


def _is(found: Sequence[_Item]) -> str:
    return "is" if len({n.shown for n in found}) == 1 else "are"


def _list(found: Sequence[_Item]) -> str:
    shown = list(dict.fromkeys(n.shown for n in found))
    return ", ".join(shown[:5]) + (f" and {len(shown) - 5} more" if len(shown) > 5 else "")
