"""Arabic number words in running text: cardinals and ordinals, masculine and feminine, in full.

The grammar read here is that of Modern Standard Arabic as written in news, legal and literary text:

- units 1-10 in both genders and cases (ثلاثة / ثلاث, اثنان / اثنين / اثنا / اثنتي, إحدى, ثماني);
- teens as unit + عشر/عشرة without و (خمسة عشر, إحدى عشرة, الحادي عشر, الثانية عشرة);
- tens in nominative and accusative/genitive (عشرون / عشرين), and compounds unit + و + tens
  (خمسة وعشرون, الحادي والعشرين);
- hundreds in both spellings, joined or apart (مائة / مئة, مائتان / مئتين / مائتا, ثلاثمائة / ثلاث مئة),
  before or after the smaller part (مائة وخمسة وعشرون; the legal ordinal خمسة وعشرون ومائة);
- thousands, millions, billions with their counts (ألف, ألفان / ألفين, ثلاثة آلاف, أحد عشر ألفا,
  مائة ألف, مليونان / مليونين, خمسة ملايين) and the rest after و (ثلاثة آلاف وخمسمائة);
- the ordinal form "X بعد المائة" (الخامسة والأربعين بعد المائة = 145th, الأولى بعد الألف = 1001st);
- the article and proclitics on any word (الخامسة, والعشرين, بالمائة, للمادة الثالثة, فالثاني);
- "ونصف" / "وربع" after a number (ثلاثة ونصف = 3.5, مليون ونصف = 1,500,000).

Spelling variants are folded first (hamza forms of alef, taa marbuta, alef maqsura, harakat, tatweel), so
أربعة, اربعة and أربعةٌ are one word. Each number found keeps its span and whether it is *exact*: a phrase
of several number words, a ten, a hundred, a thousand or a million counted precisely is something a
translation must carry; a lone unit is not ("أحد" is often "one of", "الأول" often "former", "اثنين" often
"both" or Monday), nor are words that only hint at a number (a month name, a decade, a dual noun such as
عامين, a fraction, a vague plural such as آلاف): those only ever explain a number in the translation.
No library parses Arabic number words with this coverage under a permissive licence (see
docs/quality-checks.md), hence this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from align.qa.arabic_lexicon import (
    ADVERBS,
    AFTER,
    CENTURY,
    HALF,
    HINTS,
    HUNDREDS,
    LEXICON,
    PERCENT,
    SCALE,
    TEEN_MARK,
    TEN,
    TENS,
    UNIT,
    WORD,
    Lexeme,
    fold,
    split_prefix,
)


@dataclass(frozen=True)
class Word:
    text: str  # as written
    start: int
    end: int
    prefix: str  # folded proclitics
    stem: str  # folded, without proclitics
    alt: tuple[str, str] | None = None  # another (prefix, stem) reading: "واحد" is also و + أحد


@dataclass(frozen=True)
class WordNumber:
    """A number written in Arabic words: its span, the values it may stand for, and whether a translation
    must carry it (``exact``) or it only explains a number the translation has."""

    text: str
    start: int
    end: int
    values: frozenset[Decimal]
    exact: bool
    shown: str  # the value as a translation would write it, for messages
    hint: bool = False  # a month, decade, dual noun, fraction or list adverb, not a number word

    def matches(self, values: frozenset[Decimal] | set[Decimal]) -> bool:
        return not self.values.isdisjoint(values)


def words(text: str) -> list[Word]:
    """The Arabic words of ``text`` with their spans, folded and split into proclitics and stem."""
    out = []
    for match in WORD.finditer(text):
        folded = fold(match.group())
        prefix, stem = split_prefix(folded)
        alt = None
        if not prefix and folded[:1] in ("و", "ل"):
            # "واحد" is one, or "and" + أحد in "مائة وأحد عشر" typed without hamza; "لست" is "I am not",
            # or "for six" in "لست مائة"
            alt_prefix, alt_stem = split_prefix(folded[1:])
            if alt_stem in LEXICON and alt_stem != stem:
                alt = (folded[0] + alt_prefix, alt_stem)
        out.append(Word(match.group(), match.start(), match.end(), prefix, stem, alt))
    return out


def arabic_numbers(text: str) -> list[WordNumber]:
    """Every number written in Arabic words in ``text``, in order."""
    tokens = words(text)
    found: list[WordNumber] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.stem in ADVERBS:
            value = ADVERBS[token.stem]
            found.append(_number(text, token, token, {value}, exact=False, shown=str(value), hint=True))
            i += 1
            continue
        if token.stem == "اب" and "آب" not in token.text:
            i += 1  # أب is "father"; only آب is August
            continue
        if token.stem in HINTS and token.stem not in LEXICON:
            end, number = _hinted(text, tokens, i)
            found.append(number)
            i = end
            continue
        if token.stem not in LEXICON and _dual(token.stem):
            found.append(_number(text, token, token, {2}, exact=False, shown="2", hint=True))
            i += 1
            continue
        if token.stem not in LEXICON and token.alt is not None:
            end, phrase = _phrase(text, tokens, i, token.alt[1])
            if end > i + 1:  # "لست مائة": the other reading starts a phrase
                found.append(phrase)
                i = end
                continue
        if token.stem not in LEXICON or _skip(text, tokens, i, token.stem):
            i += 1
            continue
        end, phrase = _phrase(text, tokens, i)
        found.append(phrase)
        i = end
    return found


def _dual(stem: str) -> bool:
    """A word that may be a dual ("ضابطين" two officers, "الكوريتين" the two Koreas): evidence for a "2" in
    the translation, nothing more, since without harakat the dual -ين is also the plural -ين."""
    return len(stem) >= 5 and stem.endswith(("ين", "ان")) and stem not in HINTS


def _skip(text: str, tokens: list[Word], i: int, stem: str) -> bool:
    """Number words that belong to something else: a percent sign in words, a scale read with digits."""
    token = tokens[i]
    if stem in PERCENT:
        after_fi = i > 0 and tokens[i - 1].stem == "في" and "ال" in token.prefix
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        more = nxt is not None and nxt.prefix.startswith("و") and nxt.stem in LEXICON
        if (after_fi or token.prefix.endswith("بال")) and not more:
            return True  # "50 في المائة", "بالمئة": percent; "بالمئة والخامس" is the 105th
    # "5 آلاف", "2.5 مليون": a scale after digits belongs to the digits (read with them)
    before = text[: token.start].rstrip()
    return LEXICON[stem].kind == SCALE and bool(before) and before[-1].isdigit()


def _hinted(text: str, tokens: list[Word], i: int) -> tuple[int, WordNumber]:
    """A hint word; a decade followed by "القرن X" is one year span ("خمسينيات القرن التاسع عشر": 1850s)."""
    token = tokens[i]
    values = set(HINTS[token.stem])
    century_follows = i + 2 < len(tokens) and tokens[i + 1].stem == CENTURY and tokens[i + 2].stem in LEXICON
    if token.stem.endswith("ات") and century_follows:
        end, century = _phrase(text, tokens, i + 2)
        decade = min(values)
        years = {(c - 1) * 100 + decade for c in _ints(century.values) if 0 < c <= 21}
        shown = str(min(years)) + "s" if years else century.shown
        number = _number(text, token, tokens[end - 1], years | values, exact=bool(years), shown=shown)
        return end, number
    return i + 1, _number(text, token, token, values, exact=False, shown=str(min(values)), hint=True)


def _ints(values: frozenset[Decimal]) -> list[int]:
    return [int(v) for v in values if v == v.to_integral_value()]


@dataclass
class _Reading:
    """The value of a phrase read so far: completed scales (``total``) and the group under 1000."""

    total: int = 0
    group: int = 0
    ranks: frozenset[str] = frozenset()
    last_scale: int = 0  # the smallest scale used so far: the next must be smaller
    words: int = 0
    vague: bool = False
    last: Lexeme | None = None

    @property
    def value(self) -> int:
        return self.total + self.group


def _attach(reading: _Reading, lex: Lexeme, conjunction: bool) -> bool:
    """Add ``lex`` to ``reading`` if the grammar allows it there; False ends the phrase."""
    ranks, last = reading.ranks, reading.last
    if last is None:
        if lex.kind == SCALE:
            reading.total = lex.value * lex.times
            reading.last_scale = lex.value
        else:
            reading.group = lex.value
            reading.ranks = frozenset({lex.kind})
    elif not conjunction:
        if lex.kind == TEN and last.teens and not ranks & {TEN, TEEN_MARK, TENS}:
            reading.group += 10  # خمسة عشر, الحادي عشر, مائة وثمانية عشر
            reading.ranks = ranks | {TEEN_MARK}
        elif lex.kind == HUNDREDS and lex.value == 100 and ranks == {UNIT} and 3 <= reading.group <= 9:
            reading.group *= 100  # ثلاث مائة
            reading.ranks = frozenset({HUNDREDS})
        elif lex.kind == SCALE and lex.times == 1 and reading.group and _smaller(reading, lex.value):
            reading.total += reading.group * lex.value  # ثلاثة آلاف, مائة ألف, أحد عشر مليونا
            reading.group, reading.ranks, reading.last_scale = 0, frozenset(), lex.value
        else:
            return False
    elif lex.kind == SCALE:
        if not _smaller(reading, lex.value) or lex.plural:
            return False
        if ranks == {HUNDREDS}:  # مائة وألف: 101 thousand; ثلاثمائة وألفان: 302 thousand
            reading.total += (reading.group + lex.times) * lex.value
            reading.group, reading.ranks = 0, frozenset()
        elif reading.group:
            return False
        else:
            reading.total += lex.value * lex.times  # مليون وألف
        reading.last_scale = lex.value
    elif not _fits(ranks, lex.kind):
        return False
    else:
        reading.group += lex.value
        reading.ranks = ranks | {lex.kind}
    reading.words += 1
    reading.vague = reading.vague or lex.vague
    reading.last = lex
    return True


def _smaller(reading: _Reading, scale: int) -> bool:
    return not reading.last_scale or scale < reading.last_scale


def _fits(ranks: frozenset[str], kind: str) -> bool:
    """Whether a word of ``kind`` after و may join a group that already fills ``ranks``."""
    if kind == HUNDREDS:
        return HUNDREDS not in ranks  # مائة وخمسة; the legal order خمسة وعشرون ومائة
    if kind == TENS:
        return not ranks & {TENS, TEN, TEEN_MARK}  # خمسة وعشرون, مائة وعشرون
    if kind == UNIT:
        return not ranks & {UNIT, TEN, TEEN_MARK}  # مائة وخمسة, عشرون وخمسة
    if kind == TEN:
        return not ranks & {UNIT, TEN, TENS, TEEN_MARK}  # مائة وعشرة
    return False


def _phrase(text: str, tokens: list[Word], i: int, stem: str | None = None) -> tuple[int, WordNumber]:
    """The longest number phrase starting at token ``i`` (read as ``stem`` if given); returns the index
    after it and the number."""
    first = tokens[i]
    first_stem = stem or first.stem
    reading = _Reading()
    _attach(reading, LEXICON[first_stem], conjunction=False)
    j = i + 1
    while j < len(tokens) and _adjacent(text, tokens[j - 1], tokens[j]):
        token = tokens[j]
        if token.stem == AFTER and not token.prefix and j + 1 < len(tokens):
            used, hundreds = _hundreds_after(text, tokens, j + 1)
            if used and reading.value < hundreds:
                reading.group += hundreds  # الخامسة والأربعين بعد المائة
                reading.words += 1 + used
                j += 1 + used
            break
        readings = ([token.alt] if token.alt else []) + [(token.prefix, token.stem)]
        if not any(_continues(text, tokens, j, reading, prefix, stem) for prefix, stem in readings):
            break
        j += 1
    value = primary = Decimal(reading.value)
    values = {value}
    last = tokens[j - 1]
    if j < len(tokens) and _adjacent(text, last, tokens[j]) and tokens[j].prefix == "و":
        half = HALF.get(tokens[j].stem)
        if half is not None:  # ثلاثة ونصف, مليون ونصف
            primary = value + half * max(reading.last_scale, 1)
            values.add(primary)
            last = tokens[j]
            j += 1
    lex = LEXICON[first_stem]
    alone = reading.words == 1
    vague = reading.vague or (alone and lex.plural)
    if alone and first_stem in ("الفا", "مليونا"):
        values.add(value * 2)  # "ألفا" alone may be the dual in construct
    # One word alone is no requirement: "ستون" is also Stone, "ألفا" alpha, "عشرين" often "two dozen".
    exact = not vague and not alone
    shown = format(primary.normalize(), "f")
    if i and tokens[i - 1].stem == CENTURY and _adjacent(text, tokens[i - 1], first):
        # "القرن التاسع عشر": the 19th century, also written "the 1800s"
        values |= {Decimal((int(v) - 1) * 100) for v in list(values) if 0 < v <= 21}
        exact = True
    return j, _number(text, first, last, values, exact=exact, shown=shown)


def _continues(text: str, tokens: list[Word], j: int, reading: _Reading, prefix: str, stem: str) -> bool:
    lex = LEXICON.get(stem)
    if lex is None or _skip(text, tokens, j, stem):
        return False
    return _attach(reading, lex, conjunction=prefix.startswith("و"))


def _hundreds_after(text: str, tokens: list[Word], k: int) -> tuple[int, int]:
    """The hundred or thousand after "بعد" in an ordinal: (words used, value); (0, 0) if there is none.
    "المائة", "المائتين", "الثلاثمائة", "السبع مائة", "الألف"."""
    lex = LEXICON.get(tokens[k].stem)
    if lex is None or lex.vague or lex.plural:
        return 0, 0
    if lex.kind in (HUNDREDS, SCALE):
        return 1, lex.value * lex.times
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if lex.kind == UNIT and 3 <= lex.value <= 9 and nxt is not None and not nxt.prefix:
        hundred = LEXICON.get(nxt.stem)
        if (
            hundred is not None
            and hundred.kind == HUNDREDS
            and hundred.value == 100
            and not hundred.vague
            and _adjacent(text, tokens[k], nxt)
        ):
            return 2, lex.value * 100
    return 0, 0


def _adjacent(text: str, left: Word, right: Word) -> bool:
    """Two words belong to one phrase when only spaces (or a hyphen) separate them."""
    return text[left.end : right.start].strip(" \u00a0-") == ""


def _number(
    text: str,
    first: Word,
    last: Word,
    values: set[int] | set[Decimal],
    *,
    exact: bool,
    shown: str,
    hint: bool = False,
) -> WordNumber:
    decimals = frozenset(Decimal(v) for v in values)
    return WordNumber(text[first.start : last.end], first.start, last.end, decimals, exact, shown, hint)


def arabic_word_values(text: str) -> set[Decimal]:
    """Every value the Arabic number words (and hints) of ``text`` may stand for."""
    return {v for number in arabic_numbers(text) for v in number.values}
