"""English number words, ordinals and Roman numerals in a translation, as values.

"one hundred and forty-five", "a hundred forty five", "hundred and forty-fifth", "twenty-four", "three
million", "nineteen eighty-four" (also 1984) and "two and a half" are one number each. Roman numerals are
read everywhere as evidence ("Abdullah II", "Article XIV"); after a word that numbers a part of a text
(Article, Chapter, Part, …) they are numbers the source must have, like digits.
Digits ("145", "145th") are read by :mod:`align.qa.numbers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_UNITS = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()
_ORDINAL_TENS = "twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth".split()

_SMALL: dict[str, int] = {
    **{w: i for i, w in enumerate(_UNITS)},
    **{w: i for i, w in enumerate(_ORDINAL_UNITS)},
}
_TEN_WORDS: dict[str, int] = {
    **{w: 20 + 10 * i for i, w in enumerate(_TENS)},
    **{w: 20 + 10 * i for i, w in enumerate(_ORDINAL_TENS)},
}
_SCALES = {
    "hundred": 100,
    "hundredth": 100,
    "thousand": 1000,
    "thousandth": 1000,
    "million": 10**6,
    "millionth": 10**6,
    "billion": 10**9,
    "billionth": 10**9,
    "trillion": 10**12,
    "trillionth": 10**12,
}
# Words that stand for a number without being a number word: evidence only.
_HINTS: dict[str, tuple[Decimal, ...]] = {
    "once": (Decimal(1),),
    "single": (Decimal(1),),
    "twice": (Decimal(2),),
    "both": (Decimal(2),),
    "couple": (Decimal(2),),
    "pair": (Decimal(2),),
    "double": (Decimal(2),),
    "dual": (Decimal(2),),
    "thrice": (Decimal(3),),
    "triple": (Decimal(3),),
    "dozen": (Decimal(12),),
    "dozens": (Decimal(12),),
    "decade": (Decimal(10),),
    "decades": (Decimal(10),),
    "century": (Decimal(100),),
    "half": (Decimal("0.5"), Decimal(50), Decimal(2)),
    "halves": (Decimal(2),),
    "quarter": (Decimal("0.25"), Decimal(25), Decimal(4)),
    "quarters": (Decimal(4), Decimal(75)),
    "thirds": (Decimal(3),),
    "noon": (Decimal(12),),  # الثانية عشرة ظهرا
    "midday": (Decimal(12),),
    "midnight": (Decimal(12), Decimal(0), Decimal(24)),  # الثانية عشرة ليلا
    "hundreds": (Decimal(100),),
    "thousands": (Decimal(1000),),
    "millions": (Decimal(10**6),),
    "billions": (Decimal(10**9),),
    **{w[:-1] + "ies": (Decimal(20 + 10 * i),) for i, w in enumerate(_TENS)},  # "the nineties"
}
_MONTHS = "january february march april may june july august september october november december".split()
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9}
_MONTH_ABBR |= {"oct": 10, "nov": 11, "dec": 12}
_HINTS.update({m: (Decimal(i + 1),) for i, m in enumerate(_MONTHS)})
_HINTS.update({m: (Decimal(i),) for m, i in _MONTH_ABBR.items()})

_WORD = re.compile(r"[A-Za-z]+")
_ROMAN = re.compile(r"\b(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b")
# Words that number a part of a text: a Roman numeral after them is that part's number.
_PART = re.compile(
    r"\b(?:article|chapter|part|section|title|book|volume|vol|clause|paragraph|annex|appendix|schedule"
    r"|phase|stage|item|division|subsection|no)\.?\s*\(?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class EnglishNumber:
    text: str
    start: int
    end: int
    values: frozenset[Decimal]
    words: int  # number words in the phrase (0 for a Roman numeral)
    part_number: bool = False  # a Roman numeral that numbers an article, chapter, …
    calque: bool = False  # "45 after the hundred": the Arabic ordinal word for word, digits included

    def matches(self, values: set[Decimal]) -> bool:
        return not self.values.isdisjoint(values)


@dataclass
class _Reading:
    total: int = 0
    current: int = 0
    last: str = ""  # "small", "tens", "hundred", "scale", "and"
    last_scale: int = 0
    words: int = 0

    @property
    def value(self) -> int:
        return self.total + self.current


def _attach(reading: _Reading, word: str) -> bool:
    last = reading.last
    if word in _SMALL:
        value = _SMALL[word]
        if last == "tens" and 1 <= value <= 9:
            reading.current += value  # twenty-five
        elif last in ("", "hundred", "scale", "and") and (reading.current % 100 == 0 or last == "and"):
            if last == "and" and reading.current % 100 >= 20 and value >= 10:
                return False
            reading.current += value
        else:
            return False
        reading.last = "small"
    elif word in _TEN_WORDS:
        if last not in ("", "hundred", "scale", "and") or reading.current % 100:
            return False
        reading.current += _TEN_WORDS[word]
        reading.last = "tens"
    elif _SCALES.get(word) == 100:
        if (
            last not in ("", "small", "tens")
            or reading.current >= 100
            or (reading.current % 100 == 0 and last)
        ):
            return False
        reading.current = max(reading.current, 1) * 100
        reading.last = "hundred"
    elif word in _SCALES:
        scale = _SCALES[word]
        if last == "and" or (reading.last_scale and scale >= reading.last_scale):
            return False
        reading.total += max(reading.current, 1) * scale
        reading.current, reading.last, reading.last_scale = 0, "scale", scale
    else:
        return False
    reading.words += 1
    return True


def english_numbers(text: str) -> list[EnglishNumber]:
    """Number-word phrases and Roman numerals in ``text``, in order."""
    tokens = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text)]
    found: list[EnglishNumber] = []
    i = 0
    while i < len(tokens):
        word, start, _ = tokens[i]
        if word in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1][0] in _SCALES:
            i += 1  # "a hundred": read from the scale word, which counts one of it
            continue
        if word not in _SMALL and word not in _TEN_WORDS and word not in _SCALES:
            i += 1
            continue
        reading = _Reading()
        j = i
        end = start
        while j < len(tokens):
            if j > i and not _joined(text, tokens[j - 1], tokens[j]):
                break
            if tokens[j][0] == "and" and reading.last in ("hundred", "scale") and j + 1 < len(tokens):
                reading.last = "and"
                j += 1
                continue
            if not _attach(reading, tokens[j][0]):
                break
            end = tokens[j][2]
            j += 1
        if reading.last == "and":
            j -= 1  # "a hundred and" + not a number: the "and" is not part of it
        values = {Decimal(reading.value)}
        values |= _year_reading(tokens, i, j, text)
        values |= _and_a_half(tokens, j, text, reading)
        found.append(EnglishNumber(text[start:end], start, end, frozenset(values), reading.words))
        found += _unit_and_tens(text, tokens, i, j, reading)
        i = max(j, i + 1)
    for match in _ROMAN.finditer(text):
        if match.group():
            part = bool(_PART.search(text[max(0, match.start() - 20) : match.start()]))
            value = frozenset({Decimal(roman_value(match.group()))})
            found.append(EnglishNumber(match.group(), match.start(), match.end(), value, 0, part))
    found += _calques(text, found)
    return sorted(found, key=lambda n: n.start)


def _unit_and_tens(
    text: str, tokens: list[tuple[str, int, int]], i: int, j: int, reading: _Reading
) -> list[EnglishNumber]:
    """ "five and twenty", "fifth and forty": units before tens, the Arabic order (and old English); read
    besides the two numbers, which may be meant ("between two and twenty")."""
    if reading.words != 1 or not 1 <= reading.value <= 9 or j + 1 >= len(tokens) or tokens[j][0] != "and":
        return []
    tens = _TEN_WORDS.get(tokens[j + 1][0])
    if tens is None or not _joined(text, tokens[j], tokens[j + 1]):
        return []
    start, end = tokens[i][1], tokens[j + 1][2]
    return [EnglishNumber(text[start:end], start, end, frozenset({Decimal(reading.value + tens)}), 3)]


def _joined(text: str, left: tuple[str, int, int], right: tuple[str, int, int]) -> bool:
    return text[left[2] : right[1]].strip(" -\u00a0") == "" and left[2] < right[1]


def _year_reading(tokens: list[tuple[str, int, int]], i: int, j: int, text: str) -> set[Decimal]:
    """ "nineteen eighty-four": a teen then a two-digit number reads as a year too."""
    if j - i != 1 or j >= len(tokens) or not _joined(text, tokens[j - 1], tokens[j]):
        return set()
    century = _SMALL.get(tokens[i][0], 0)
    rest = _TEN_WORDS.get(tokens[j][0])
    if not 10 <= century <= 20 or rest is None:
        return set()
    if (
        j + 1 < len(tokens)
        and _joined(text, tokens[j], tokens[j + 1])
        and 0 < _SMALL.get(tokens[j + 1][0], 0) < 10
    ):
        rest += _SMALL[tokens[j + 1][0]]
    return {Decimal(century * 100 + rest)}


def _and_a_half(tokens: list[tuple[str, int, int]], j: int, text: str, reading: _Reading) -> set[Decimal]:
    words = [t[0] for t in tokens[j : j + 3]]
    if words == ["and", "a", "half"] and reading.value:
        return {Decimal(reading.value) + Decimal("0.5")}
    return set()


def roman_value(numeral: str) -> int:
    digits = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
    total = 0
    for a, b in zip(numeral, numeral[1:] + " ", strict=True):
        value = digits[a]
        total += -value if b != " " and digits[b] > value else value
    return total


# "45 after the hundred", "the fifth after the hundred": the Arabic ordinal "X بعد المائة" translated word for
# word still names the number (145, 105).
_AFTER = re.compile(r"\s*\)?\s*(?:after|following)\s+(?:the\s+)?$", re.IGNORECASE)
_DIGITS = re.compile(r"(?<![\d.,])(\d{1,3})(?:st|nd|rd|th)?(?![\d.,])")


_ROUND = re.compile(r"(?<![\d.,])(?:[1-9]00|[1-9],?000)(?![\d.,])")


def _calques(text: str, numbers: list[EnglishNumber]) -> list[EnglishNumber]:
    found = []
    bases = [n for n in numbers if n.words and any(v >= 100 and v % 100 == 0 for v in n.values)]
    bases += [  # "45 after 100"
        EnglishNumber(m.group(), m.start(), m.end(), frozenset({Decimal(m.group().replace(",", ""))}), 0)
        for m in _ROUND.finditer(text)
    ]
    for base in bases:
        base_value = max(base.values)
        head = text[: base.start]
        after = _AFTER.search(head)
        if after is None:
            continue
        before = head[: after.start()]
        digits = _DIGITS.search(before[-8:]) if before else None
        if digits is not None and before.endswith(digits.group()):
            start = len(before) - len(digits.group())
            value = frozenset({base_value + int(digits.group(1))})
            found.append(EnglishNumber(text[start : base.end], start, base.end, value, 0, calque=True))
        for n in numbers:
            if n.end == len(before.rstrip(" (")) and n.words and max(n.values) < base_value:
                value = frozenset({base_value + max(n.values)})
                found.append(
                    EnglishNumber(text[n.start : base.end], n.start, base.end, value, 0, calque=True)
                )
    return found


def english_word_values(text: str) -> set[Decimal]:
    """Every value the number words, hint words ("twice", "October", "half") and Roman numerals of
    ``text`` may stand for."""
    values = {v for number in english_numbers(text) for v in number.values}
    for word in _WORD.findall(text.lower()):
        values.update(_HINTS.get(word, ()))
    return values
