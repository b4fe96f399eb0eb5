"""Numbers written in digits in an Arabic source sentence and its English translation, as comparable values.

A number is kept as the set of values it may stand for: "230 مليون" is {230, 230000000}, because a
translation may write "230 million" or "230,000,000"; "76.000" is {76, 76000}; "12:00" is {12, 1200, 12.00}.
Numbers written in words are read by :mod:`align.qa.arabic_numbers` and :mod:`align.qa.english_numbers`;
the check that compares both sides is :mod:`align.qa.number_check`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from align.qa.arabic_lexicon import fold as _ar
from align.text import fold_digits

_NUMBER = re.compile(r"(?<!\d)(?<!\d[.,])\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_AR_SCALES = {
    "الف": 1000,
    "الفا": 1000,
    "الاف": 1000,
    "مليون": 10**6,
    "مليونا": 10**6,
    "ملايين": 10**6,
    "مليار": 10**9,
    "مليارا": 10**9,
    "مليارات": 10**9,
    "بليون": 10**9,
    "بلايين": 10**9,
    "تريليون": 10**12,
    "ترليون": 10**12,
    "تريليونات": 10**12,
}
_EN_SCALES = {
    "hundred": 100,
    "thousand": 1000,
    "thousands": 1000,
    "k": 1000,
    "million": 10**6,
    "millions": 10**6,
    "m": 10**6,
    "mn": 10**6,
    "mln": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "trillions": 10**12,
    "tn": 10**12,
}
_MARKUP = re.compile(r"<[^<>]{0,200}>")


@dataclass(frozen=True)
class Number:
    """A number as written (``text``) and the values it may stand for."""

    text: str
    values: frozenset[Decimal]
    glued: bool = False  # digits inside a Latin-script code ("R0", "B0AT1", "G20"): part of a name
    start: int = 0  # where it is in the text (to pair a changed number with its replacement)

    def matches(self, values: Iterable[Decimal]) -> bool:
        return not self.values.isdisjoint(values)


def normalize_digits(text: str) -> str:
    # "30،000": the Arabic comma between digits is a thousands or decimal separator, not punctuation.
    return re.sub(r"(?<=\d)،(?=\d)", ",", fold_digits(text))


def parse_number(token: str) -> list[frozenset[Decimal]]:
    """The numbers in one run of digits and separators, each as the values it may stand for.

    "1,234.5" is one number; "76.000" may be 76 or 76000; "24.10.2015" is three numbers (a date).
    """
    groups = re.split(r"[.,]", token)
    seps = re.findall(r"[.,]", token)
    if not seps:
        return [frozenset({_dec(token)})]
    if len(set(seps)) == 2:  # "1,234.5" or "1.234,5": the last separator is the decimal one
        decimal_sep = seps[-1]
        whole = token[: token.rfind(decimal_sep)].replace(",", "").replace(".", "")
        return [frozenset({_dec(whole + "." + groups[-1])})]
    thousands = all(len(g) == 3 for g in groups[1:]) and 1 <= len(groups[0]) <= 3
    if thousands and (len(groups) > 2 or seps[0] == ","):
        return [frozenset({_dec("".join(groups))})]
    if len(groups) == 2:  # "2.5", "2,5" (decimal comma), and "1.500" read both ways
        values = {_dec(groups[0] + "." + groups[1])}
        if thousands:
            values.add(_dec("".join(groups)))
        return [frozenset(values)]
    return [frozenset({_dec(g)}) for g in groups]


def _dec(text: str) -> Decimal:
    try:
        return Decimal(text).normalize()
    except InvalidOperation:  # pragma: no cover - the regex only passes digits and one dot
        return Decimal(0)


# "12:00", "08:30": a clock time is one number; "12:00" may be written "1200 GMT" or "12 noon".
_TIME = re.compile(r"(?<![\d.,:])(\d{1,2}):(\d{2})(?![\d:])")
# "1950-53": a year range with the second year shortened.
_YEAR_RANGE = re.compile(r"(?<!\d)(\d{2})\d{2}\s*[-–—/]\s*(\d{2})(?!\d)")


def digit_numbers(text: str, scales: dict[str, int], fold: bool) -> list[Number]:
    """Numbers written with digits, each with the scale word that follows it ("230 مليون", "$3bn")."""
    text = normalize_digits(text)
    numbers: list[Number] = []
    for match in _TIME.finditer(text):
        hour, minute = int(match.group(1)), int(match.group(2))
        values = {Decimal(hour), Decimal(hour * 100 + minute), _dec(f"{hour}.{minute:02d}")}
        if hour < 12:
            values.add(Decimal(hour + 12))  # "20:30" -> "8:30 p.m."
        if hour > 12:
            values.add(Decimal(hour - 12))
        numbers.append(Number(match.group(), frozenset(values), start=match.start()))
    text = _TIME.sub(lambda m: " " * len(m.group()), text)
    for match in _NUMBER.finditer(text):
        parsed = parse_number(match.group())
        after = _WORD.match(text, _skip_space(text, match.end()))
        scale = None
        if after is not None:
            word = after.group().lower()
            scale = scales.get(_ar(word) if fold else word)
        before = text[match.start() - 1] if match.start() else ""
        glued = before.isascii() and before.isalpha()
        if len(parsed) > 1:  # "24.10.2015"
            numbers.extend(Number(f"{min(v):f}", v, glued, match.start()) for v in parsed)
            continue
        values = set(parsed[0])
        if scale is not None:
            values |= {(v * scale).normalize() for v in parsed[0]}
        numbers.append(Number(match.group(), frozenset(values), glued, match.start()))
    return sorted(numbers, key=lambda n: n.start)


# "6-foot-6", "6 ft 6": feet and inches, written "6.6 أقدام" in the source.
_FEET_INCHES = re.compile(r"(?<![\d.])(\d)[- ](?:foot|feet|ft)[- ](\d{1,2})(?![\d.])")


def shorthand_values(text: str) -> set[Decimal]:
    """Values a translation writes in shorthand: "116 123" for 116123, "1950-53" for 1953."""
    text = normalize_digits(text)
    values = {
        _dec(m.group().replace(" ", "").replace("\u00a0", ""))
        for m in re.finditer(r"(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)", text)
    }
    values |= {Decimal(int(m.group(1)) * 100 + int(m.group(2))) for m in _YEAR_RANGE.finditer(text)}
    values |= {_dec(f"{m.group(1)}.{m.group(2)}") for m in _FEET_INCHES.finditer(text)}
    return values


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def source_numbers(text: str) -> list[Number]:
    # "<seg id=1>" left over from a corpus is markup, not a number of the sentence
    text = _MARKUP.sub(lambda m: " " * len(m.group()), text)
    return digit_numbers(text, _AR_SCALES, fold=True)


def target_numbers(text: str) -> list[Number]:
    return digit_numbers(text, _EN_SCALES, fold=False)
