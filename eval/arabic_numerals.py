"""Arabic number words for a number, written from the grammar: the generator the parser is tested against.

It shares no table or code with :mod:`align.qa.arabic_numbers` (a test of a parser against its own tables
proves nothing): every form here is spelt out the way a grammar book states it, with its hamzas and taa
marbuta, and the spelling variants real text has are applied afterwards (``Style``).

- cardinals 1-999,999: units and teens agree in reverse with the counted noun (ثلاثة رجال, ثلاث نساء;
  ثلاثة عشر رجلا, ثلاث عشرة امرأة), 1 and 2 agree (واحد/واحدة, اثنان/اثنتان), tens and the dual take the
  nominative (-ون, -ان) or the accusative/genitive (-ين); hundreds are مائة or مئة, joined (ثلاثمائة) or
  apart (ثلاث مائة); thousands are ألف, ألفان, 3-10 آلاف, 11-99 ألفا, 100s ألف (مائتا ألف in construct), and
  a count ending in 1 or 2 over a hundred puts the thousand last (مائة وألف = 101,000);
- ordinals 1-999: الأول/الأولى, الثاني/الثانية … العاشر/العاشرة, الحادي عشر/الحادية عشرة, الحادي
  والعشرون, the tens as cardinals (العشرون), المائة, and over a hundred the legal form "X بعد المائة" or the
  hundred first (المائة والخامس والأربعون).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

_MASC_UNITS = ["", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة", "عشرة"]
_FEM_UNITS = ["", "واحدة", "اثنتان", "ثلاث", "أربع", "خمس", "ست", "سبع", "ثماني", "تسع", "عشر"]
_TENS_NOM = ["", "", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون"]
_TENS_ACC = ["", "", "عشرين", "ثلاثين", "أربعين", "خمسين", "ستين", "سبعين", "ثمانين", "تسعين"]
_MASC_ORDINALS = ["", "أول", "ثاني", "ثالث", "رابع", "خامس", "سادس", "سابع", "ثامن", "تاسع", "عاشر"]
_FEM_ORDINALS = ["", "أولى", "ثانية", "ثالثة", "رابعة", "خامسة", "سادسة", "سابعة", "ثامنة", "تاسعة", "عاشرة"]


@dataclass(frozen=True)
class Style:
    """How one number is written: grammar choices, then spelling."""

    feminine: bool = False  # the counted noun is feminine
    accusative: bool = False  # -ين / -ين rather than -ون / -ان
    hundred: str = "مائة"  # or "مئة"
    joined_hundreds: bool = True  # ثلاثمائة, not ثلاث مائة
    after_hundred: bool = True  # ordinals over 100: "X بعد المائة", not "المائة و X"
    definite: bool = False  # cardinals under 1000 with the article: الخمسة والعشرون
    prefix: str = ""  # a proclitic on the first word: و، ب، ل، ف
    plain_alef: bool = False  # أ/إ written ا, as much typed text does
    plain_yeh: bool = False  # ى written ي
    heh: bool = False  # ة written ه
    harakat: bool = False  # tanwin fath on accusative words: ألفاً


def style_of(rng: random.Random) -> Style:
    return Style(
        feminine=rng.random() < 0.5,
        accusative=rng.random() < 0.5,
        hundred=rng.choice(["مائة", "مئة"]),
        joined_hundreds=rng.random() < 0.7,
        after_hundred=rng.random() < 0.7,
        definite=rng.random() < 0.2,
        prefix=rng.choice(["", "", "و", "ب", "ل", "ف"]),
        plain_alef=rng.random() < 0.2,
        plain_yeh=rng.random() < 0.2,
        heh=rng.random() < 0.1,
        harakat=rng.random() < 0.2,
    )


def cardinal(n: int, style: Style = Style()) -> str:
    """``n`` (1-999,999) in words."""
    if not 1 <= n <= 999_999:
        raise ValueError(f"cardinal() writes 1-999,999; got {n}")
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands:
        parts.append(_thousands(thousands, style))
    if rest:
        parts.append(_below_1000(rest, style.feminine, style))
    words = " و".join(parts)
    if style.definite and not thousands and (style.joined_hundreds or n < 100):
        words = _definite(words)
    return _finish(words, style)


def _definite(words: str) -> str:
    """The article on every number word (والعشرون), but not on the ten of a teen (الخمسة عشر)."""
    out = []
    for i, word in enumerate(words.split(" ")):
        if i and word in ("عشر", "عشرة"):
            out.append(word)
        elif word.startswith("و") and word not in ("واحد", "واحدة"):
            out.append("وال" + word[1:])
        else:
            out.append("ال" + word)
    return " ".join(out)


def ordinal(n: int, style: Style = Style()) -> str:
    """``n`` (1-999) as a definite ordinal: الخامس والأربعون بعد المائة."""
    if not 1 <= n <= 999:
        raise ValueError(f"ordinal() writes 1-999; got {n}")
    hundreds, rest = divmod(n, 100)
    if not hundreds:
        return _finish(_ordinal_below_100(rest, style), style)
    hundred_word = "ال" + _hundreds(hundreds, style, construct=False)
    if not rest:
        return _finish(hundred_word, style)
    if style.after_hundred:
        return _finish(f"{_ordinal_below_100(rest, style)} بعد {hundred_word}", style)
    return _finish(f"{hundred_word} و{_ordinal_below_100(rest, style)}", style)


def _ordinal_below_100(n: int, style: Style) -> str:
    fem = style.feminine
    ordinals = _FEM_ORDINALS if fem else _MASC_ORDINALS
    tens, unit = divmod(n, 10)
    if n <= 10:
        return "ال" + ordinals[n]
    if n < 20:
        first = ("حادية" if fem else "حادي") if unit == 1 else ordinals[unit]
        return f"ال{first} {'عشرة' if fem else 'عشر'}"  # الحادي عشر: the ten takes no article
    tens_word = "ال" + (_TENS_ACC if style.accusative else _TENS_NOM)[tens]
    if not unit:
        return tens_word
    first = ("حادية" if fem else "حادي") if unit == 1 else ordinals[unit]
    return f"ال{first} و{tens_word}"


def _thousands(t: int, style: Style) -> str:
    acc = style.accusative
    if t == 1:
        return "ألف"
    if t == 2:
        return "ألفين" if acc else "ألفان"
    if t <= 10:
        return f"{_below_1000(t, False, style)} آلاف"  # ألف is masculine: ثلاثة آلاف
    if t < 100:
        return f"{_below_1000(t, False, style)} {'ألفاً' if style.harakat else 'ألفا'}"
    hundreds, rest = divmod(t, 100)
    if not rest:
        return f"{_hundreds(hundreds, style, construct=True)} ألف"  # مائتا ألف
    if rest <= 2:  # مائة وألف, ثلاثمائة وألفان
        return f"{_hundreds(hundreds, style, construct=False)} و{_thousands(rest, style)}"
    if rest <= 10:
        return f"{_below_1000(t, False, style)} آلاف"  # مائة وثلاثة آلاف
    if rest < 100:
        return f"{_below_1000(t, False, style)} {'ألفاً' if style.harakat else 'ألفا'}"
    raise AssertionError(t)  # pragma: no cover


def _below_1000(n: int, feminine: bool, style: Style) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(_hundreds(hundreds, style, construct=False))
    if rest:
        parts.append(_below_100(rest, feminine, style))
    return " و".join(parts)


def _hundreds(h: int, style: Style, construct: bool) -> str:
    hundred = style.hundred
    if h == 1:
        return hundred
    if h == 2:
        dual = hundred[:-1] + "ت"  # مائة -> مائت, مئة -> مئت
        if construct:
            return dual + ("ي" if style.accusative else "ا")
        return dual + ("ين" if style.accusative else "ان")
    count = _FEM_UNITS[h]  # the count of مائة is in the feminine form: ثلاث مائة, ثماني مائة -> ثمانمائة
    if h == 8:
        count = "ثمان" if style.joined_hundreds else "ثماني"
    return count + hundred if style.joined_hundreds else f"{count} {hundred}"


def _below_100(n: int, feminine: bool, style: Style) -> str:
    acc = style.accusative
    units = _FEM_UNITS if feminine else _MASC_UNITS
    tens, unit = divmod(n, 10)
    if n == 2:
        return ("اثنتين" if acc else "اثنتان") if feminine else ("اثنين" if acc else "اثنان")
    if n <= 10:
        return units[n]
    if n == 11:
        return "إحدى عشرة" if feminine else "أحد عشر"
    if n == 12:
        if feminine:
            return "اثنتي عشرة" if acc else "اثنتا عشرة"
        return "اثني عشر" if acc else "اثنا عشر"
    if n < 20:
        return f"{units[unit]} {'عشرة' if feminine else 'عشر'}"
    tens_word = (_TENS_ACC if acc else _TENS_NOM)[tens]
    if not unit:
        return tens_word
    if unit == 1:
        first = "إحدى" if feminine else "واحد"
    elif unit == 2:
        first = _below_100(2, feminine, style)
    else:
        first = units[unit]
    return f"{first} و{tens_word}"


def _finish(words: str, style: Style) -> str:
    text = words
    if style.prefix == "ل" and text.startswith("ال"):
        text = "لل" + text[2:]  # ل + ال = لل
    elif style.prefix:
        text = style.prefix + text
    if style.plain_alef:
        text = text.replace("أ", "ا").replace("إ", "ا")
    if style.plain_yeh:
        text = text.replace("ى", "ي")
    if style.heh:
        text = text.replace("ة", "ه")
    return text
