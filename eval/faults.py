"""How often the QA checks are wrong, measured on human translations.

False positives: the human English of a test set is treated as the output; every flag on it is a false
alarm (the data has a few real faults, so the rates are upper bounds). Recall: one fault at a time is
planted in the same translations (a number dropped or changed, a phrase looped, the output cut off, the
source copied, Arabic words left in, a name dropped) and each check must find its own fault. Faults are
planted only where they apply (a number can only be dropped where the source has one the clean translation
matched), and a segment the check already flags clean is left out of its recall.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from align.qa import CHECKS, QAOptions, check_pair
from align.qa.numbers import parse_number, source_numbers

# Checks that need a model score are left out: a human translation has none.
_OPTIONS = QAOptions(skip=frozenset({"confidence"}))
_DIGITS = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![\w])")
_LATIN_NAME = re.compile(r"(?<![\w@#])[A-Za-z][A-Za-z0-9]*(?:[-'.&][A-Za-z0-9]+)*")
_ARABIC_WORD = re.compile(r"[\u0621-\u064A]{3,}")
_FINAL = re.compile(r"[\s.!?:;\"'”’»)\]]+$")

Fault = Callable[[str, str, random.Random], str | None]


def drop_number(source: str, reference: str, rng: random.Random) -> str | None:
    numbers = _source_digits_in(source, reference)
    if not numbers:
        return None
    match = rng.choice(numbers)
    return _squeeze(reference[: match.start()] + reference[match.end() :])


def change_number(source: str, reference: str, rng: random.Random) -> str | None:
    """One digit of a number dropped or changed, as in "244890" -> "24490"."""
    numbers = _source_digits_in(source, reference)
    if not numbers:
        return None
    match = rng.choice(numbers)
    digits = match.group()
    positions = [i for i, c in enumerate(digits) if c.isdigit()]
    i = rng.choice(positions)
    if len(positions) > 1 and rng.random() < 0.5:
        changed = digits[:i] + digits[i + 1 :]
    else:
        changed = digits[:i] + str((int(digits[i]) + rng.randint(1, 8)) % 10) + digits[i + 1 :]
    return reference[: match.start()] + changed + reference[match.end() :]


def _source_digits_in(source: str, reference: str) -> list[re.Match[str]]:
    values = {v for n in source_numbers(source) for v in n.values}
    return [m for m in _DIGITS.finditer(reference) if any(v & values for v in parse_number(m.group()))]


def loop_phrase(source: str, reference: str, rng: random.Random) -> str | None:
    """A phrase of 1-4 words repeated three more times, the way a decoder loops."""
    words = reference.split()
    if len(words) < 4:
        return None
    n = rng.randint(1, min(4, len(words) - 1))
    start = rng.randrange(0, len(words) - n + 1)
    phrase = " ".join(words[start : start + n]).rstrip(",.;:")
    looped = words[: start + n] + [f"{phrase}," if i < 2 else phrase for i in range(3)] + words[start + n :]
    return " ".join(looped)


def truncate(source: str, reference: str, rng: random.Random) -> str | None:
    """The output cut off part-way (as at a length cap): the first 30-70 % of its words."""
    words = reference.split()
    if len(words) < 6:
        return None
    keep = max(2, round(len(words) * rng.uniform(0.3, 0.7)))
    return _FINAL.sub("", " ".join(words[:keep]))


def drop_ending(source: str, reference: str, rng: random.Random) -> str | None:
    """The last 30-50 % of the words dropped but the full stop kept: an output that skips a clause and
    still looks finished. Only the length can tell."""
    words = reference.split()
    end = _FINAL.search(reference)
    if len(words) < 6 or end is None:
        return None
    keep = max(2, round(len(words) * rng.uniform(0.5, 0.7)))
    return _FINAL.sub("", " ".join(words[:keep])) + end.group().strip()


def copy_source(source: str, reference: str, rng: random.Random) -> str | None:
    return source if _ARABIC_WORD.search(source) else None


def leave_arabic(source: str, reference: str, rng: random.Random) -> str | None:
    """One Arabic word of the source left in place of an English one."""
    arabic = _ARABIC_WORD.findall(source)
    words = reference.split()
    if not arabic or len(words) < 3:
        return None
    words[rng.randrange(len(words))] = rng.choice(arabic)
    return " ".join(words)


def garbage(source: str, reference: str, rng: random.Random) -> str | None:
    """Output that is no text: a run of colons, or one word over and over."""
    words = reference.split()
    if not words:
        return None
    return rng.choice([":" * rng.randint(6, 40), " ".join([words[-1].strip('.,"')] * rng.randint(4, 12))])


def drop_name(source: str, reference: str, rng: random.Random) -> str | None:
    """A Latin-script name that the source and the translation share, dropped."""
    names = {n.casefold() for n in _LATIN_NAME.findall(source) if len(n) >= 2}
    found = [m for m in _LATIN_NAME.finditer(reference) if m.group().casefold() in names]
    if not found:
        return None
    match = rng.choice(found)
    dropped = _squeeze(reference[: match.start()] + reference[match.end() :])
    return None if match.group().casefold() in dropped.casefold() else dropped


def _squeeze(text: str) -> str:
    return " ".join(text.split())


# Fault -> the flag codes that point at it.
FAULTS: dict[str, tuple[Fault, frozenset[str]]] = {
    "drop a number": (drop_number, frozenset({"number-mismatch"})),
    "change a number": (change_number, frozenset({"number-mismatch"})),
    "loop a phrase": (loop_phrase, frozenset({"repetition"})),
    "cut the output short": (truncate, frozenset({"incomplete-sentence", "length-ratio"})),
    "copy the source": (copy_source, frozenset({"untranslated"})),
    "leave an Arabic word": (leave_arabic, frozenset({"untranslated"})),
    "drop a Latin-script name": (drop_name, frozenset({"named-entity"})),
    "output garbage": (garbage, frozenset({"garbage-output", "repetition"})),
}
# Faults reported but not held to the recall bound: no reference-free check can be sure of them.
HARD_FAULTS: dict[str, tuple[Fault, frozenset[str]]] = {
    "drop the last clause, keep the full stop": (drop_ending, frozenset({"length-ratio"})),
}


@dataclass(frozen=True)
class Rate:
    hits: int
    total: int

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0


def false_positives(pairs: Sequence[tuple[str, str]], options: QAOptions = _OPTIONS) -> dict[str, Rate]:
    """Per flag code (and "any"), the share of human translations it flags."""
    counts: dict[str, int] = {}
    for source, reference in pairs:
        codes = {f.code for f in check_pair(source, reference, options)}
        for code in codes | ({"any"} if codes else set()):
            counts[code] = counts.get(code, 0) + 1
    return {code: Rate(n, len(pairs)) for code, n in sorted(counts.items())}


# The checks that raise each flag code: recall runs only those (the rest cannot find the fault).
CHECK_OF = {
    "number-mismatch": "numbers",
    "untranslated": "untranslated",
    "repetition": "repetition",
    "garbage-output": "garbage",
    "named-entity": "names",
    "length-ratio": "length",
    "incomplete-sentence": "ending",
}


def recall(pairs: Sequence[tuple[str, str]], seed: int = 0, options: QAOptions = _OPTIONS) -> dict[str, Rate]:
    """Per planted fault, the share of faulty outputs whose check fires."""
    out: dict[str, Rate] = {}
    for name, (fault, codes) in {**FAULTS, **HARD_FAULTS}.items():
        needed = {CHECK_OF[code] for code in codes}
        if "repetition" in needed:
            needed.add("garbage")  # one word repeated is reported as garbage, not as a loop
        only = replace(options, skip=frozenset(CHECKS) - needed)
        rng = random.Random(f"{seed}:{name}")
        hits = total = 0
        for source, reference in pairs:
            if any(f.code in codes for f in check_pair(source, reference, only)):
                continue
            broken = fault(source, reference, rng)
            if broken is None or broken == reference:
                continue
            total += 1
            hits += any(f.code in codes for f in check_pair(source, broken, only))
        out[name] = Rate(hits, total)
    return out
