"""Output that loops, told apart from repetition the source has.

A decoder that loops repeats a phrase three times in a row or more ("the war, the war, the war"), or
keeps coming back to one 4-word phrase. Sources repeat themselves too — a chant ("لا لا لا"), a refrain, an
anaphora that repeats a two-word phrase four times — and a faithful translation repeats its English as
often. So every repeated phrase of the output is held against the repeated phrases of the source, counted
in the source's own units (Arabic words, with the conjunction و/ف taken off): the output's phrase is
licensed when the source has a phrase of similar length (English characters per Arabic character within
``PHRASE_RATIO``) repeated at least as many times — in a row, when the output's repeats are in a row.
Anything else is a loop the source does not have.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from align.document import Flag
from align.qa.arabic_lexicon import fold
from align.qa.numbers import normalize_digits

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
MAX_UNIT = 8  # words in a looping phrase
IN_A_ROW = 3  # repeats in a row that make a loop
ANYWHERE = 4  # repeats of a 4-word phrase anywhere that make a loop
# English characters per Arabic character of a repeated phrase: wider than the sentence bounds
# (0.55-1.85) because short phrases vary more ("لا" is "no", "سنقاتل" is "we will fight").
PHRASE_RATIO = (0.4, 3.5)


@dataclass(frozen=True)
class Repeat:
    """A phrase (as words) repeated ``times`` times, ``in_a_row`` or anywhere."""

    words: tuple[str, ...]
    times: int
    in_a_row: bool

    @property
    def chars(self) -> int:
        return len(" ".join(self.words))


def repetition(source: str, translation: str) -> list[Flag]:
    """An error for the first phrase of the output that loops where the source does not."""
    tokens = [t.lower() for t in _TOKEN.findall(normalize_digits(translation))]
    loops = output_loops(tokens)
    if not loops:
        return []
    repeats = source_repeats(source_units(source))
    for loop in loops:
        if not any(_licenses(r, loop) for r in repeats):
            return [
                Flag("repetition", "error", f"the output repeats {' '.join(loop.words)!r} {loop.times} times")
            ]
    return []


def output_loops(tokens: Sequence[str]) -> list[Repeat]:
    """Phrases of 1-8 words three times in a row or more, then 4-word phrases four times or more anywhere
    (a list in a human translation repeats 3-word phrases: "the University of X, the University of Y")."""
    loops = _in_a_row(tokens, minimum=IN_A_ROW)
    counts = Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))
    loops += [Repeat(gram, n, False) for gram, n in counts.most_common() if n >= ANYWHERE]
    return loops


def source_units(source: str) -> list[str]:
    """The source's words as repetition compares them: folded, without the conjunction و/ف."""
    units = []
    for token in _TOKEN.findall(normalize_digits(source)):
        word = fold(token)
        if len(word) > 2 and word[0] in "وف":
            word = word[1:]
        units.append(word)
    return units


def source_repeats(units: Sequence[str]) -> list[Repeat]:
    """Every phrase of 1-8 words the source repeats: in a row (twice or more) and anywhere."""
    repeats = _in_a_row(units, minimum=2)
    for n in range(1, MAX_UNIT + 1):
        counts = Counter(tuple(units[i : i + n]) for i in range(len(units) - n + 1))
        repeats += [Repeat(gram, times, False) for gram, times in counts.items() if times >= 2]
    return repeats


def _in_a_row(tokens: Sequence[str], minimum: int) -> list[Repeat]:
    found: list[Repeat] = []
    for n in range(1, MAX_UNIT + 1):
        i = 0
        while i + minimum * n <= len(tokens):
            unit = tuple(tokens[i : i + n])
            times = 1
            while tuple(tokens[i + times * n : i + (times + 1) * n]) == unit:
                times += 1
            if times >= minimum:
                found.append(Repeat(unit, times, True))
                i += times * n
            else:
                i += 1
    return found


def _licenses(source: Repeat, output: Repeat) -> bool:
    if source.times < output.times or (output.in_a_row and not source.in_a_row):
        return False
    low, high = PHRASE_RATIO
    return low <= output.chars / max(source.chars, 1) <= high
