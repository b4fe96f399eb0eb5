"""The Arabic number words :mod:`align.qa.arabic_numbers` reads, in the folded spelling it looks them up in.

Every table is written from the grammar (units in both genders, cases and the construct state; ordinals;
tens; hundreds in both spellings; scales with their duals and plurals), not from a text; the words that
only hint at a number (months, decades, duals of counted nouns, fractions, groups) are listed with the
values a translation may write for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from align.text import ARABIC_BASE_LETTERS, ARABIC_MARKS, TATWEEL

WORD = re.compile(f"[{ARABIC_BASE_LETTERS}{ARABIC_MARKS}{TATWEEL}]+")
_MARKS = re.compile(f"[{ARABIC_MARKS}{TATWEEL}]")
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي"})


def fold(word: str) -> str:
    """The spelling number words are looked up in: no harakat or tatweel, one alef, ه for ة, ي for ى."""
    return _MARKS.sub("", word).translate(_FOLD)


# Kinds of number word, by the rank they fill in a compound.
UNIT, TEN, TEEN_MARK, TENS, HUNDREDS, SCALE = "unit", "ten", "teen", "tens", "hundreds", "scale"


@dataclass(frozen=True)
class Lexeme:
    value: int
    kind: str
    ordinal: bool = False
    vague: bool = False  # مئات: "hundreds", not a count
    plural: bool = False  # آلاف, ملايين: counted by 3-10 (ثلاثة آلاف); alone "thousands", not a count
    times: int = 1  # a dual scale: ألفان is 2 x 1000
    teens: bool = True  # عشر after it makes a teen (خمسة عشر, الحادي عشر); not after أول ("first ten")


def _forms(table: dict[int, str], kind: str, ordinal: bool = False) -> dict[str, Lexeme]:
    return {form: Lexeme(v, kind, ordinal) for v, forms in table.items() for form in forms.split()}


# Folded spellings (see fold): cardinal units, in both genders, cases and the construct state.
_CARDINAL_UNITS = {
    1: "واحد واحده احد احدي",
    2: "اثنان اثنين اثنتان اثنتين اثنا اثني اثنتا اثنتي ثنتان ثنتين",
    3: "ثلاث ثلاثه",
    4: "اربع اربعه",
    5: "خمس خمسه",
    6: "ست سته",
    7: "سبع سبعه",
    8: "ثمان ثماني ثمانيه",
    9: "تسع تسعه",
}
_ORDINAL_UNITS = {
    1: "حادي حاديه",
    2: "ثاني ثانيه ثان",
    3: "ثالث ثالثه",
    4: "رابع رابعه",
    5: "خامس خامسه",
    6: "سادس سادسه",
    7: "سابع سابعه",
    8: "ثامن ثامنه",
    9: "تاسع تاسعه",
    10: "عاشر عاشره",
}
_TENS = {
    20: "عشرون عشرين",
    30: "ثلاثون ثلاثين",
    40: "اربعون اربعين",
    50: "خمسون خمسين",
    60: "ستون ستين",
    70: "سبعون سبعين",
    80: "ثمانون ثمانين",
    90: "تسعون تسعين",
}
_HUNDREDS = {
    100: "مائه مئه ميه مايه",
    200: "مائتان مائتين مائتا مائتي مئتان مئتين مئتا مئتي",
    300: "ثلاثمائه ثلاثمئه ثلثمائه",
    400: "اربعمائه اربعمئه",
    500: "خمسمائه خمسمئه",
    600: "ستمائه ستمئه",
    700: "سبعمائه سبعمئه",
    800: "ثمانمائه ثمانمئه ثمانيمائه ثمانيمئه",
    900: "تسعمائه تسعمئه",
}
LEXICON: dict[str, Lexeme] = {
    **_forms(_CARDINAL_UNITS, UNIT),
    **_forms(_ORDINAL_UNITS, UNIT, ordinal=True),
    "اول": Lexeme(1, UNIT, ordinal=True, teens=False),
    "اولي": Lexeme(1, UNIT, ordinal=True, teens=False),
    "عشر": Lexeme(10, TEN),
    "عشره": Lexeme(10, TEN),
    **_forms(_TENS, TENS),
    **_forms(_HUNDREDS, HUNDREDS),
    "مئات": Lexeme(100, HUNDREDS, vague=True),
    "الف": Lexeme(1000, SCALE),
    "الفا": Lexeme(1000, SCALE),  # accusative after 11-99 (أحد عشر ألفا); alone also "two thousand of"
    "الاف": Lexeme(1000, SCALE, plural=True),
    "الفان": Lexeme(1000, SCALE, times=2),
    "الفين": Lexeme(1000, SCALE, times=2),
    "الفي": Lexeme(1000, SCALE, times=2),
    "مليون": Lexeme(10**6, SCALE),
    "مليونا": Lexeme(10**6, SCALE),
    "ملايين": Lexeme(10**6, SCALE, plural=True),
    "مليونان": Lexeme(10**6, SCALE, times=2),
    "مليونين": Lexeme(10**6, SCALE, times=2),
    "مليوني": Lexeme(10**6, SCALE, times=2),
    **{w: Lexeme(10**9, SCALE) for w in "مليار مليارا بليون بليونا".split()},
    **{w: Lexeme(10**9, SCALE, plural=True) for w in "مليارات بلايين".split()},
    **{w: Lexeme(10**9, SCALE, times=2) for w in "ملياران مليارين ملياري بليونان بليونين".split()},
    **{w: Lexeme(10**12, SCALE) for w in "تريليون ترليون تريليونا".split()},
    "تريليونات": Lexeme(10**12, SCALE, plural=True),
}
# Ordinal adverbs that number a list (أولا، ثانيا … عاشرا): "first(ly)", "(2)" or "2." in a translation.
ADVERBS = {
    "اولا": 1,
    "ثانيا": 2,
    "ثالثا": 3,
    "رابعا": 4,
    "خامسا": 5,
    "سادسا": 6,
    "سابعا": 7,
    "ثامنا": 8,
    "تاسعا": 9,
    "عاشرا": 10,
}

# Words that only hint at a number a translation may write in digits.
HINTS: dict[str, tuple[int, ...]] = {}


def _hint(values: tuple[int, ...], forms: str) -> None:
    for form in forms.split():
        HINTS[form] = values


# Gregorian months, in the Egyptian/Gulf and the Levantine/Iraqi series ("تشرين الأول/ أكتوبر").
for _month, _names in enumerate(
    "يناير|فبراير شباط|مارس اذار|ابريل نيسان|مايو ايار|يونيو يونيه حزيران|يوليو يوليه تموز|اغسطس اب"
    "|سبتمبر ايلول|اكتوبر|نوفمبر|ديسمبر".split("|"),
    start=1,
):
    _hint((_month,), _names)
_hint((1, 10, 11, 12), "كانون تشرين")
# Decades: "الثمانينيات" is the eighties, written "the 1980s" or "the '80s".
_DECADE_STEMS = "عشرين ثلاثين اربعين خمسين ستين سبعين ثمانين تسعين".split()
for _tens, _stem in zip(range(20, 100, 10), _DECADE_STEMS, strict=True):
    _hint((_tens, 1800 + _tens, 1900 + _tens, 2000 + _tens), f"{_stem}يات {_stem}ات")
# Duals of nouns that are counted: "عامين" is "two years", "بهدفين" "2-2", "لأسبوعين" "2-week".
_hint(
    (2,),
    "عامين عامان سنتين سنتان شهرين شهران يومين يومان اسبوعين اسبوعان ساعتين ساعتان دقيقتين ثانيتين"
    " مرتين مرتان قرنين عقدين هدفين هدفان نقطتين مباراتين شوطين دولارين شخصين رجلين طفلين ولدين"
    " بنتين امراتين دولتين بلدين طرفين جانبين حزبين فريقين جزءين جزاين قسمين مرحلتين نوعين كيلومترين"
    " مترين صفحتين فصلين مادتين فقرتين بندين",
)
# Fractions: "نصف" is "half" or "50 percent", "ثلثي" "two-thirds".
_hint((1, 2, 50), "نصف")
_hint((1, 3, 33), "ثلث")
_hint((2, 3, 66, 67), "ثلثي ثلثا")
_hint((1, 4, 25), "ربع")
_hint((3, 4, 75), "ارباع")
# Groups of n: "سباعيات الرجبي" is sevens rugby, "ثنائي" bilateral or a duo, "رباعية" a quartet.
for _n, _stem in enumerate("ثنائي ثلاثي رباعي خماسي سداسي سباعي ثماني تساعي عشاري".split(), start=2):
    _hint((_n,), f"{_stem} {_stem}ه {_stem}ات {_stem}يات")
_hint((2,), "مزدوج مزدوجه")

# Words that read as a proclitic and a number word but are something else: "لست" is "I am not".
NOT_NUMBERS = {"لست", "لستم", "لستن", "لسنا"}
_CONJUNCTIONS = ("", "و", "ف")
_PREPOSITIONS = ("", "ب", "ك", "ل")
# Every proclitic sequence a number word may carry, longest first: و + ب + ال = "وبال", ل + ال = "لل".
PREFIXES = sorted(
    {
        c + p + a if not (p == "ل" and a) else c + "لل"
        for c in _CONJUNCTIONS
        for p in _PREPOSITIONS
        for a in ("", "ال")
    },
    key=len,
    reverse=True,
)
PERCENT = {"مائه", "مئه"}
AFTER = "بعد"
CENTURY = "قرن"
HALF = {"نصف": Decimal("0.5"), "ربع": Decimal("0.25")}


def _known(stem: str) -> str | None:
    """``stem`` as the lexicon spells it, if it is a number word, hint or "century"; the accusative
    tanwin alef is dropped ("واحدًا" is واحد)."""
    if stem in LEXICON or stem in ADVERBS or stem in HINTS or stem == CENTURY:
        return stem
    if stem.endswith("ا") and LEXICON.get(stem[:-1], Lexeme(0, "")).kind in (UNIT, TEN, TENS):
        return stem[:-1]
    return None


def split_prefix(folded: str) -> tuple[str, str]:
    """``folded`` as (proclitics, stem): the longest prefix whose rest is a number word or a hint."""
    whole = _known(folded)
    if whole is not None:
        return "", whole
    if folded in NOT_NUMBERS:
        return "", folded
    for prefix in PREFIXES:
        if not prefix or not folded.startswith(prefix):
            continue
        stem = _known(folded[len(prefix) :])
        if stem is not None:
            return prefix, stem
    return "", folded
