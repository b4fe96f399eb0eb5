"""A noisy-MT simulation built from the test sets: what the checks do on output that looks like real MT.

No machine translation of the test sets ships here, so the human English stands in for it, edited the way
MT systems edit, without paraphrase:

- *harmless* edits that real systems make and a check must not mind: numbers reformatted ("1,500" ->
  "1500", "3 million" -> "3,000,000", "25%" -> "25 percent"), small numbers written as words or words as
  digits; and on the source side, a number written in Arabic words instead of digits (a cardinal from the
  grammar-book generator, or after المادة/الفقرة/البند a legal ordinal such as الخامسة والأربعين بعد
  المائة), as legal and literary Arabic writes them;
- *faults*, at most one per sentence: a number changed the way MT changes them (digits swapped 110 -> 101,
  one inserted 96 -> 956, split 110 -> 101/10, a decimal point 117 -> 107.17, a part lost 202 -> 2, a digit
  off 24 -> 25), a number dropped, a clause dropped, a phrase looped, a Latin-script name left in Arabic
  script, the output garbage.

Every flag on a sentence with no fault is a false alarm (an upper bound: the human English has a few real
faults of its own); a fault counts as found when a flag of its codes fires.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from align.qa import QAOptions, check_pair
from align.qa.numbers import parse_number, source_numbers
from eval.arabic_numerals import cardinal, ordinal, style_of
from eval.faults import Rate, drop_number

_DIGITS = re.compile(r"(?<![\w.,/:-])\d+(?:[.,]\d+)*(?![\w.,/:-]*\d)(?!\w)")
_PLAIN = re.compile(r"(?<![\w.,/:-])\d{1,6}(?![\w.,/:%-])")
_SMALL_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
    " seventeen eighteen nineteen twenty"
).split()
_LEGAL_NOUNS = ("المادة", "للمادة", "بالمادة", "الفقرة", "البند", "الفصل", "الباب")
_LATIN_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{3,}(?: [A-Z][a-z]+)*")
_ARABIC_WORD = re.compile(r"[\u0621-\u064A]{4,}")

Edit = Callable[[str, str, random.Random], tuple[str, str] | None]


@dataclass(frozen=True)
class Simulated:
    source: str
    output: str
    fault: str | None  # the planted fault's name, or None
    harmless: tuple[str, ...] = field(default=())


# -- harmless edits -------------------------------------------------------------------------------------


def _numbers_in_both(source: str, reference: str) -> list[tuple[re.Match[str], int]]:
    """Plain integers of the reference that the source writes in digits, with their value."""
    values = {v for n in source_numbers(source) for v in n.values}
    out = []
    for match in _DIGITS.finditer(reference):
        (parsed, *rest) = parse_number(match.group())
        if rest or not parsed & values:
            continue
        value = min(parsed)
        if value == value.to_integral_value() and 1 <= value <= 999_999:
            out.append((match, int(value)))
    return out


def source_in_words(source: str, reference: str, rng: random.Random) -> tuple[str, str] | None:
    """A number the source writes in digits written in Arabic words (an ordinal after المادة)."""
    candidates = []
    for match in re.finditer(r"(?<![\d.,،٫/:-])\d+(?![\d.,،٫/:%-])", source):
        n = int(match.group())
        if 1 <= n <= 999_999 and re.search(rf"(?<![\d.,]){n}(?![\d])", reference.replace(",", "")):
            candidates.append((match, n))
    if not candidates:
        return None
    match, n = rng.choice(candidates)
    before = source[: match.start()].split()
    legal = bool(before) and before[-1].strip("(") in _LEGAL_NOUNS and n < 1000
    style = replace(style_of(rng), prefix="")  # the source's own proclitic, if any, stays on
    words = ordinal(n, style) if legal else cardinal(n, style)
    return source[: match.start()] + words + source[match.end() :], reference


def reformat_number(source: str, reference: str, rng: random.Random) -> tuple[str, str] | None:
    """ "1,500" -> "1500" or "1500" -> "1,500"; "3 million" -> "3,000,000"; "25%" -> "25 percent"."""
    options: list[tuple[int, int, str]] = []
    for match in re.finditer(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+)(?![\d.,])", reference):
        options.append((match.start(), match.end(), match.group().replace(",", "")))
    for match in re.finditer(r"(?<![\d.,])(\d{4,6})(?![\d.,])", reference):
        value = int(match.group())
        if not 1800 <= value <= 2100:  # a year keeps its digits
            options.append((match.start(), match.end(), f"{value:,}"))
    for match in re.finditer(r"(?<![\d.,])(\d{1,3}) (million|billion)\b", reference):
        zeros = "000,000" if match.group(2) == "million" else "000,000,000"
        options.append((match.start(), match.end(), f"{match.group(1)},{zeros}"))
    for match in re.finditer(r"(\d)%", reference):
        options.append((match.start() + 1, match.end(), " percent"))
    if not options:
        return None
    start, end, text = rng.choice(options)
    return source, reference[:start] + text + reference[end:]


def digits_to_words(source: str, reference: str, rng: random.Random) -> tuple[str, str] | None:
    """ "3 people" -> "three people", or "three people" -> "3 people"."""
    digits = [m for m in _PLAIN.finditer(reference) if int(m.group()) <= 20]
    # "one" stays a word: MT writes "no one", not "no 1"
    words = [
        m
        for m in re.finditer(rf"(?<![-\w])(?:{'|'.join(_SMALL_WORDS[2:])})(?![-\w])", reference)
        if not re.search(r"\b(?:one|a|and|or|to|-)\s*$", reference[: m.start()])  # "one two", "2-2"
    ]
    if digits and (not words or rng.random() < 0.5):
        match = rng.choice(digits)
        text = _SMALL_WORDS[int(match.group())]
    elif words:
        match = rng.choice(words)
        text = str(_SMALL_WORDS.index(match.group()))
    else:
        return None
    return source, reference[: match.start()] + text + reference[match.end() :]


HARMLESS: dict[str, Edit] = {
    "source number in Arabic words": source_in_words,
    "number reformatted": reformat_number,
    "digits as words or words as digits": digits_to_words,
}


# -- faults ---------------------------------------------------------------------------------------------


def _mt_change(n: int, rng: random.Random) -> str:
    """What MT makes of ``n`` when it gets it wrong (the kinds seen on legal text: 110 -> 101/10,
    117 -> 107.17, 96 -> 956, 202 -> 2)."""
    digits = str(n)
    kinds = ["insert", "off by one"]
    if len(set(digits)) > 1 and len(digits) > 1:
        kinds.append("swap")
    if len(digits) >= 3:
        kinds += ["split", "decimal", "lose a part"]
    kind = rng.choice(kinds)
    if kind == "swap":
        i = rng.randrange(len(digits) - 1)
        while digits[i] == digits[i + 1]:
            i = (i + 1) % (len(digits) - 1)
        return digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]
    if kind == "insert":
        i = rng.randrange(1, len(digits) + 1)
        return digits[:i] + str(rng.randrange(10)) + digits[i:]
    if kind == "split":
        return f"{digits[0]}0{digits[1]}/{digits[1:]}"
    if kind == "decimal":
        return f"{digits[0]}0{digits[-1]}.{digits[1:]}"
    if kind == "lose a part":
        return digits[-1] if digits[-1] != "0" else digits[-2:]
    i = len(digits) - 1
    return digits[:i] + str((int(digits[i]) + rng.choice([1, 9])) % 10)


def change_number(source: str, reference: str, rng: random.Random) -> tuple[str, str] | None:
    found = _numbers_in_both(source, reference)
    if not found:
        return None
    match, n = rng.choice(found)
    changed = _mt_change(n, rng)
    if changed.lstrip("0") == str(n):
        return None
    return source, reference[: match.start()] + changed + reference[match.end() :]


def drop_a_number(source: str, reference: str, rng: random.Random) -> tuple[str, str] | None:
    output = drop_number(source, reference, rng)
    return None if output is None else (source, output)


def drop_clause(source: str, reference: str, rng: random.Random) -> tuple[str, str] | None:
    """A clause between commas (or after the last one) left out, the rest kept as it is."""
    parts = reference.split(", ")
    if len(parts) < 3:
        return None
    i = rng.randrange(1, len(parts))
    if len(parts[i].split()) < 4:
        return None
    return source, ", ".join(parts[:i] + parts[i + 1 :])


def loop_phrase(source: str, reference: str, rng: random.Random) -> tuple[str, str] | None:
    """A phrase of 1-4 words repeated 3-6 more times, the way a decoder loops."""
    words = reference.split()
    if len(words) < 4:
        return None
    n = rng.randint(1, 4)
    start = rng.randrange(0, len(words) - n + 1)
    phrase = " ".join(words[start : start + n]).rstrip(",.;:")
    looped = [phrase] * rng.randint(3, 6)
    return source, " ".join(words[: start + n] + looped + words[start + n :])


def name_in_arabic(source: str, reference: str, rng: random.Random) -> tuple[str, str] | None:
    """A capitalised name of the English left in Arabic script (a word of the source stands for it)."""
    names = list(_LATIN_NAME.finditer(reference))
    arabic = _ARABIC_WORD.findall(source)
    if not names or not arabic:
        return None
    match = rng.choice(names)
    return source, reference[: match.start()] + rng.choice(arabic) + reference[match.end() :]


def garbage(source: str, reference: str, rng: random.Random) -> tuple[str, str] | None:
    words = reference.split()
    choices = [":" * rng.randint(6, 40), " ".join(["-"] * rng.randint(4, 12))]
    if words:
        choices.append(" ".join([words[0].lower().strip(",.")] * rng.randint(4, 12)))
    return source, rng.choice(choices)


# fault -> (edit, the flag codes that find it)
FAULTS: dict[str, tuple[Edit, frozenset[str]]] = {
    "number changed as MT does": (change_number, frozenset({"number-mismatch"})),
    "number dropped": (drop_a_number, frozenset({"number-mismatch"})),
    "phrase looped": (loop_phrase, frozenset({"repetition", "garbage-output"})),
    "name left in Arabic script": (name_in_arabic, frozenset({"untranslated"})),
    "output garbage": (garbage, frozenset({"garbage-output", "repetition"})),
}
# Reported, not bounded: no reference-free check can be sure of a clean-looking omission.
HARD_FAULTS: dict[str, tuple[Edit, frozenset[str]]] = {
    "clause dropped": (drop_clause, frozenset({"length-ratio", "number-mismatch", "named-entity"})),
}


# How often a faulty sentence gets a number fault when it has a number to break.
NUMBER_FIRST = 0.6


def simulate(
    pairs: Sequence[tuple[str, str]], seed: int = 0, fault_rate: float = 0.2, harmless_rate: float = 0.5
) -> list[Simulated]:
    """Each pair edited harmlessly (with ``harmless_rate``, by one to three edits) and, with ``fault_rate``,
    given one fault of a kind that applies to it."""
    rng = random.Random(seed)
    faults = {**FAULTS, **HARD_FAULTS}
    out = []
    for source, reference in pairs:
        harmless: list[str] = []
        if rng.random() < harmless_rate:
            for name in rng.sample(list(HARMLESS), rng.randint(1, len(HARMLESS))):
                edited = HARMLESS[name](source, reference, rng)
                if edited is not None and edited != (source, reference):
                    source, reference = edited
                    harmless.append(name)
        fault = None
        if rng.random() < fault_rate:
            order = rng.sample(list(faults), len(faults))
            if rng.random() < NUMBER_FIRST:  # numbers are what the legal and news text most need checked
                order.sort(key=lambda name: "number" not in name)
            for name in order:
                edited = faults[name][0](source, reference, rng)
                if edited is not None and edited[1] != reference:
                    source, reference = edited
                    fault = name
                    break
        out.append(Simulated(source, reference, fault, tuple(harmless)))
    return out


@dataclass(frozen=True)
class Report:
    false_alarms: dict[str, Rate]  # flag code (and "any") -> sentences without a fault that it flags
    found: dict[str, Rate]  # fault -> planted faults a flag of its codes found
    harmless_alarms: dict[str, Rate]  # harmless edit -> sentences with it (and no fault) that get a flag


def evaluate(simulated: Sequence[Simulated], options: QAOptions | None = None) -> Report:
    options = options or QAOptions(skip=frozenset({"confidence"}))
    faults = {**FAULTS, **HARD_FAULTS}
    clean = [s for s in simulated if s.fault is None]
    alarms: dict[str, int] = {}
    by_edit: dict[str, list[int]] = {name: [0, 0] for name in HARMLESS}
    found: dict[str, list[int]] = {name: [0, 0] for name in faults}
    for item in simulated:
        codes = {f.code for f in check_pair(item.source, item.output, options)}
        if item.fault is None:
            for code in codes | ({"any"} if codes else set()):
                alarms[code] = alarms.get(code, 0) + 1
            for name in item.harmless:
                by_edit[name][0] += bool(codes & {"number-mismatch"})
                by_edit[name][1] += 1
        else:
            found[item.fault][0] += bool(codes & faults[item.fault][1])
            found[item.fault][1] += 1
    return Report(
        false_alarms={code: Rate(n, len(clean)) for code, n in sorted(alarms.items())},
        found={name: Rate(*counts) for name, counts in found.items()},
        harmless_alarms={name: Rate(*counts) for name, counts in by_edit.items()},
    )
