"""Numbers in an Arabic source sentence and its English translation, as comparable values.

A number is kept as the set of values it may stand for: "230 مليون" is {230, 230000000}, because a
translation may write "230 million" or "230,000,000". The check is asymmetric on purpose:

- every number written in digits in the source must appear in the translation, in digits or in words
  ("3" may become "three");
- every number written in digits in the translation must come from the source, where it may have been
  written in digits or in Arabic words ("ثلاثة", "العاشرة", "التسعينيات", a month name).

Number words on either side are only ever evidence *for* a match, never a requirement: "أحد" is often
"one of", not the number one, and English "one" is often a pronoun.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

# Arabic-Indic and Persian digits, Arabic decimal and thousands separators -> ASCII.
_DIGIT_TABLE = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")
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
_EN_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_EN_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_EN_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
).split()
_EN_MONTHS = "january february march april may june july august september october november december".split()
_EN_MONTH_ABBR = "jan feb mar apr may jun jul aug sep sept oct nov dec".split()
_EN_WORDS: dict[str, int] = {
    **{w: i for i, w in enumerate(_EN_UNITS)},
    **{w: 20 + 10 * i for i, w in enumerate(_EN_TENS)},
    **{w: i + 1 for i, w in enumerate(_EN_ORDINALS)},
    **{w[:-1] + "ies": 20 + 10 * i for i, w in enumerate(_EN_TENS)},  # "the nineties"
    "dozen": 12,
    "dozens": 12,
    "hundreds": 100,
    "once": 1,
    "twice": 2,
    "both": 2,
}
_EN_MONTH_NUMBER = {**{w: i + 1 for i, w in enumerate(_EN_MONTHS)}}
_EN_MONTH_NUMBER.update({w: (i + 1 if i < 9 else i) for i, w in enumerate(_EN_MONTH_ABBR)})
_ROMAN = re.compile(r"\b(?=[IVXL])(L?X{0,3})(IX|IV|V?I{0,3})\b")


def _ar(word: str) -> str:
    """Fold the spelling variants number words come in: hamza forms of alef, taa marbuta, alef maqsura."""
    return (
        word.replace("أ", "ا")
        .replace("إ", "ا")
        .replace("آ", "ا")
        .replace("ة", "ه")
        .replace("ى", "ي")
        .replace("ـ", "")
    )


_AR_UNIT_FORMS = {
    1: "واحد واحده احد احدي الاول الاولي اولي حادي الحادي",
    2: "اثنان اثنين اثنتان اثنتين اثنا اثني الثاني الثانيه ثاني ثانيه عامين شهرين يومين مرتين",
    3: "ثلاث ثلاثه الثالث الثالثه ثالث ثالثه",
    4: "اربع اربعه الرابع الرابعه رابع رابعه",
    5: "خمس خمسه الخامس الخامسه خامس خامسه",
    6: "ست سته السادس السادسه سادس سادسه",
    7: "سبع سبعه السابع السابعه سابع سابعه",
    8: "ثمان ثماني ثمانيه الثامن الثامنه ثامن ثامنه",
    9: "تسع تسعه التاسع التاسعه تاسع تاسعه",
    10: "عشر عشره العاشر العاشره عاشر عاشره",
    12: "اثنتي اثنى",
    20: "عشرون عشرين",
    30: "ثلاثون ثلاثين",
    40: "اربعون اربعين",
    50: "خمسون خمسين",
    60: "ستون ستين",
    70: "سبعون سبعين",
    80: "ثمانون ثمانين",
    90: "تسعون تسعين",
    100: "مئه مائه مئات المئه المائه",
    200: "مئتان مئتين مئتي مائتان مائتين مائتي",
    300: "ثلاثمئه ثلاثمائه",
    400: "اربعمئه اربعمائه",
    500: "خمسمئه خمسمائه",
    600: "ستمئه ستمائه",
    700: "سبعمئه سبعمائه",
    800: "ثمانمئه ثمانمائه",
    900: "تسعمئه تسعمائه",
    1000: "الف الاف",
    2000: "الفان الفين الفي",
    10**6: "مليون ملايين",
    2 * 10**6: "مليونان مليونين مليوني",
    10**9: "مليار مليارات بليون",
    2 * 10**9: "ملياران مليارين ملياري",
}
# Gregorian month names, both the Egyptian/Gulf and the Levantine/Iraqi series ("تشرين الأول/ أكتوبر").
_AR_MONTHS = {
    1: "يناير كانون",
    2: "فبراير شباط",
    3: "مارس اذار",
    4: "ابريل نيسان",
    5: "مايو ايار",
    6: "يونيو يونيه حزيران",
    7: "يوليو يوليه تموز",
    8: "اغسطس اب",
    9: "سبتمبر ايلول",
    10: "اكتوبر تشرين",
    11: "نوفمبر تشرين",
    12: "ديسمبر كانون",
}
# Decades: "الثمانينيات" is the eighties, "خمسينيات القرن التاسع عشر" the 1850s.
_AR_DECADES = {
    20: "عشرينيات عشرينات",
    30: "ثلاثينيات ثلاثينات",
    40: "اربعينيات اربعينات",
    50: "خمسينيات خمسينات",
    60: "ستينيات ستينات",
    70: "سبعينيات سبعينات",
    80: "ثمانينيات ثمانينات",
    90: "تسعينيات تسعينات",
}
_AR_WORDS: dict[str, set[int]] = {}
for _decade, _forms in _AR_DECADES.items():
    for _form in _forms.split():
        _AR_WORDS[_form] = {_decade, 1800 + _decade, 1900 + _decade, 2000 + _decade}
for _value, _forms in list(_AR_UNIT_FORMS.items()) + list(_AR_MONTHS.items()):
    for _form in _forms.split():
        _AR_WORDS.setdefault(_form, set()).add(_value)
# Clitics a number word may carry: conjunction, preposition, article.
_AR_PREFIX = re.compile(r"^(?:و|ف)?(?:ب|ل|ك)?(?:ال|ل)?")


@dataclass(frozen=True)
class Number:
    """A number as written (``text``) and the values it may stand for."""

    text: str
    values: frozenset[Decimal]
    glued: bool = False  # digits inside a Latin-script code ("R0", "B0AT1", "G20"): part of a name

    def matches(self, values: Iterable[Decimal]) -> bool:
        return not self.values.isdisjoint(values)


def normalize_digits(text: str) -> str:
    # "30،000": the Arabic comma between digits is a thousands or decimal separator, not punctuation.
    return re.sub(r"(?<=\d)،(?=\d)", ",", text.translate(_DIGIT_TABLE))


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
        numbers.append(Number(match.group(), frozenset(values)))
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
            numbers.extend(Number(f"{min(v):f}", v, glued) for v in parsed)
            continue
        values = set(parsed[0])
        if scale is not None:
            values |= {(v * scale).normalize() for v in parsed[0]}
        numbers.append(Number(match.group(), frozenset(values), glued))
    return numbers


def shorthand_values(text: str) -> set[Decimal]:
    """Values a translation writes in shorthand: "116 123" for 116123, "1950-53" for 1953."""
    text = normalize_digits(text)
    values = {
        _dec(m.group().replace(" ", "").replace("\u00a0", ""))
        for m in re.finditer(r"(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3})+(?!\d)", text)
    }
    values |= {Decimal(int(m.group(1)) * 100 + int(m.group(2))) for m in _YEAR_RANGE.finditer(text)}
    return values


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i] == " ":
        i += 1
    return i


def source_numbers(text: str) -> list[Number]:
    return digit_numbers(text, _AR_SCALES, fold=True)


def target_numbers(text: str) -> list[Number]:
    return digit_numbers(text, _EN_SCALES, fold=False)


def english_word_values(text: str) -> set[Decimal]:
    """Values English number words, month names and Roman numerals may stand for ("two million" ->
    2, 2000000; "October" -> 10; "XXI" -> 21)."""
    values: set[Decimal] = set()
    run: list[int] = []
    for word in re.findall(r"[a-z]+", text.lower()):
        if word in _EN_WORDS or (word in _EN_SCALES and word not in ("k", "m", "b")):
            value = _EN_WORDS[word] if word in _EN_WORDS else _EN_SCALES[word]
            values.add(Decimal(value))
            run.append(value)
            continue
        if word in _EN_MONTH_NUMBER:
            values.add(Decimal(_EN_MONTH_NUMBER[word]))
        if word != "and":
            values |= _combine(run)
            run = []
    values |= _combine(run)
    for match in _ROMAN.finditer(text):
        if match.group():
            values.add(Decimal(_roman(match.group())))
    return values


def arabic_word_values(text: str) -> set[Decimal]:
    """Values Arabic number words, ordinals, decades and month names in ``text`` may stand for."""
    values: set[Decimal] = set()
    run: list[int] = []
    words = [_ar(w) for w in _WORD.findall(text)]
    for i, word in enumerate(words):
        if _AR_PREFIX.sub("", word, count=1) == "قرن":  # "القرن التاسع عشر": the 1800s
            following = [max(_arabic_word(w) or {0}) for w in words[i + 1 : i + 3]]
            ordinal = _combine(following) | {Decimal(v) for v in following[:1]}
            values |= {(v - 1) * 100 for v in ordinal if 0 < v <= 21}
        found = _arabic_word(word)
        if found:
            values |= {Decimal(v) for v in found}
            run.append(max(found))
            continue
        values |= _combine(run)
        run = []
    values |= _combine(run)
    return values


def _arabic_word(word: str) -> set[int]:
    if word in _AR_WORDS:
        return _AR_WORDS[word]
    stripped = _AR_PREFIX.sub("", word, count=1)
    return _AR_WORDS.get(stripped, set()) if len(stripped) >= 2 else set()


def _combine(run: list[int]) -> set[Decimal]:
    """Sums and products of neighbouring number words, and the whole run read as one number
    ("خمسة وعشرين" -> 25, "three hundred" -> 300, "two million" -> 2000000)."""
    out: set[Decimal] = set()
    for a, b in itertools.pairwise(run):
        out |= {Decimal(a + b), Decimal(a * b)}
    if len(run) > 2:
        total = current = 0
        for value in run:
            if value >= 1000:
                total += max(current, 1) * value
                current = 0
            elif value == 100:
                current = max(current, 1) * 100
            else:
                current += value
        out.add(Decimal(total + current))
    return out


def _roman(numeral: str) -> int:
    digits = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for a, b in zip(numeral, numeral[1:] + " ", strict=True):
        value = digits[a]
        total += -value if b != " " and digits[b] > value else value
    return total
