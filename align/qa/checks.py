"""Reference-free checks of one translated sentence: each returns the Flags it raises, or none.

Every check compares what can be compared across Arabic and English without a model: numbers, Latin-script
names and addresses, script, repetition, length and punctuation. Thresholds that depend on the language pair
(the length ratio) were calibrated on human translations (``scripts/evaluate_qa.py``); the rest are rules a
human translation breaks less than once in a hundred sentences on the same data.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from align.document import Flag
from align.qa.numbers import (
    Number,
    arabic_word_values,
    english_word_values,
    normalize_digits,
    shorthand_values,
    source_numbers,
    target_numbers,
)
from align.text import ARABIC_LETTER, PRIVATE_USE_CHAR

_ARABIC_WORD = re.compile(rf"(?:{ARABIC_LETTER.pattern}){{2,}}")
_LETTER = re.compile(r"[^\W\d_]")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'«»]+", re.IGNORECASE)
_URL_TAIL = ".,;:!?)]}،؛"
_MARKUP = re.compile(r"<[^<>]{0,200}>")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_HANDLE = re.compile(r"(?<![\w@])[@#][A-Za-z_][A-Za-z0-9_]{1,}")
# A Latin-script name or code inside Arabic text: "BBC", "iPhone", "COVID-19", "G20", "Al-Monitor".
_LATIN = re.compile(r"(?<![\w@#])[A-Za-z][A-Za-z0-9]*(?:[-'’.&][A-Za-z0-9]+)*")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
# Sentence-final punctuation, with closing quotes and brackets after it.
_FINAL = re.compile(r"[.!?؟…:;۔][\"'”’»›)\]}]*$")
_CLOSERS = "\"'”’»›)]} "

# Human English translations of Arabic news run 0.55-1.85 characters per Arabic character (median 1.11) on
# 99.6 % of the 5,053 sentences of NTREX-128, FLORES-200 and TICO-19 with 20 or more Arabic characters
# (scripts/evaluate_qa.py).
LENGTH_RATIO = (0.55, 1.85)
LENGTH_MIN_SOURCE = 20


def numbers(source: str, translation: str) -> list[Flag]:
    """Digits in the source missing from the translation (dropped or changed), and digits in the
    translation that the source does not have in any form."""
    wanted = source_numbers(source)
    found = target_numbers(translation)
    words = english_word_values(translation)
    found_values = {v for n in found for v in n.values} | words | shorthand_values(translation)
    missing = [n for n in wanted if not n.matches(found_values)]
    source_values = {v for n in wanted for v in n.values} | arabic_word_values(source)
    extra = [
        n for n in found if not n.glued and not n.matches(source_values) and not _is_part_of_source(n, wanted)
    ]
    fewer = [] if missing else _fewer(wanted, found, words)
    flags = []
    if missing:
        flags.append(
            Flag(
                "number-mismatch",
                "error",
                f"{_list(missing)} in the source {_is(missing)} not in the translation"
                + (f" (it has {_list(extra)})" if extra else ""),
            )
        )
    elif extra:
        flags.append(
            Flag(
                "number-mismatch",
                "warning",
                f"{_list(extra)} in the translation {_is(extra)} not in the source",
            )
        )
    elif fewer:
        flags.append(Flag("number-mismatch", "warning", "; ".join(fewer)))
    return flags


def _fewer(wanted: Sequence[Number], found: Sequence[Number], words: set[Decimal]) -> list[str]:
    """Numbers the source writes more often than the translation (one of two "19"s dropped), unless the
    translation also has the number in words."""
    out = []
    for text, times in Counter(n.text for n in wanted).items():
        if times < 2:
            continue
        number = next(n for n in wanted if n.text == text)
        have = sum(1 for n in found if n.matches(number.values))
        if have < times and not number.matches(words):
            out.append(f"{text} is {times} times in the source, {have} in the translation")
    return out


def _is_part_of_source(number: Number, wanted: Sequence[Number]) -> bool:
    """ "2015" in a translation of "2015-2016", or "10" of "10,5": the digits occur inside a source number."""
    return any(number.text.replace(",", "") in n.text.replace(",", "") for n in wanted)


def _is(found: Sequence[Number]) -> str:
    return "is" if len({n.text for n in found}) == 1 else "are"


def _list(found: Sequence[Number]) -> str:
    shown = list(dict.fromkeys(n.text for n in found))
    return ", ".join(shown[:5]) + (f" and {len(shown) - 5} more" if len(shown) > 5 else "")


def untranslated(source: str, translation: str) -> list[Flag]:
    """Arabic script left in the output, or the output a copy of the source."""
    arabic_words = _ARABIC_WORD.findall(translation)
    if not arabic_words or not ARABIC_LETTER.search(source):
        return []
    letters = len(_LETTER.findall(translation))
    arabic = len(ARABIC_LETTER.findall(translation))
    similar = difflib.SequenceMatcher(None, source, translation, autojunk=False).ratio()
    if arabic >= letters / 2 or similar >= 0.8:
        return [Flag("untranslated", "error", f"the output is Arabic text ({similar:.0%} like the source)")]
    shown = " ".join(dict.fromkeys(arabic_words[:5]))
    return [Flag("untranslated", "warning", f"Arabic words left in the output: {shown}")]


def repetition(source: str, translation: str) -> list[Flag]:
    """A phrase that loops: 1-8 words three times in a row, or a 4-word phrase four times anywhere, when
    the source has no such repetition itself. (Lists in human translations repeat 3-word phrases: "the
    University of X, the University of Y, the University of Z".)"""
    tokens = [t.lower() for t in _TOKEN.findall(normalize_digits(translation))]
    loop = _consecutive_loop(tokens) or _recurring_phrase(tokens)
    if loop is None:
        return []
    phrase, times = loop
    source_tokens = _TOKEN.findall(source)
    if _consecutive_loop(source_tokens) or _recurring_phrase(source_tokens):
        return []  # a chant or a list in the source may be translated as one
    return [Flag("repetition", "error", f"the output repeats {phrase!r} {times} times")]


def _consecutive_loop(tokens: Sequence[str]) -> tuple[str, int] | None:
    for n in range(1, 9):
        for i in range(len(tokens) - 3 * n + 1):
            unit = tokens[i : i + n]
            times = 1
            while tokens[i + times * n : i + (times + 1) * n] == unit:
                times += 1
            if times >= 3:
                return " ".join(unit), times
    return None


def _recurring_phrase(tokens: Sequence[str]) -> tuple[str, int] | None:
    counts = Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))
    if not counts:
        return None
    gram, times = counts.most_common(1)[0]
    return (" ".join(gram), times) if times >= 4 else None


def length_ratio(source: str, translation: str, bounds: tuple[float, float] = LENGTH_RATIO) -> list[Flag]:
    """Translation length far from what human translations of sentences this long have."""
    n_source = len(" ".join(source.split()))
    if n_source < LENGTH_MIN_SOURCE:
        return []
    ratio = len(" ".join(translation.split())) / n_source
    low, high = bounds
    if low <= ratio <= high:
        return []
    which = "short" if ratio < low else "long"
    return [
        Flag(
            "length-ratio",
            "warning",
            f"the output is {ratio:.2f} times the source's length in characters; human translations run"
            f" {low:.2f}-{high:.2f}: too {which}, something may be {'missing' if ratio < low else 'added'}",
        )
    ]


def incomplete(source: str, translation: str) -> list[Flag]:
    """The source sentence ends, the translation stops mid-sentence: what a cut-off output looks like."""
    if not _FINAL.search(source.rstrip()) or not translation.strip():
        return []
    if _FINAL.search(translation.rstrip()):
        return []
    last = translation.rstrip(_CLOSERS).rsplit(None, 1)[-1] if translation.strip(_CLOSERS) else ""
    return [
        Flag(
            "incomplete-sentence",
            "warning",
            f"the source sentence ends with punctuation, the output stops at {last!r} without it",
        )
    ]


def names(source: str, translation: str) -> list[Flag]:
    """URLs, e-mail addresses, handles and Latin-script names of the source that the output lacks."""
    wanted: list[str] = []
    rest = _MARKUP.sub(" ", source)  # "<seg id=1>" left over from a corpus is not a name
    for pattern in (_URL, _EMAIL, _HANDLE):
        wanted += [w.rstrip(_URL_TAIL) for w in pattern.findall(rest)]
        rest = pattern.sub(" ", rest)
    wanted += [w for w in _LATIN.findall(rest) if len(w) >= 2 or w.isupper()]
    target = _fold(translation)
    missing = [w for w in dict.fromkeys(wanted) if _fold(w) not in target]
    if not missing:
        return []
    addresses = [w for w in missing if _URL.match(w) or _EMAIL.fullmatch(w)]
    return [
        Flag(
            "named-entity",
            "error" if addresses else "warning",
            f"not in the output: {', '.join(missing[:5])}" + (" …" if len(missing) > 5 else ""),
        )
    ]


def _fold(text: str) -> str:
    """Case, hyphens, apostrophes and spacing do not make a name different."""
    return re.sub(r"[\s\-'’.]", "", text.casefold())


def lost_glyphs(source: str) -> list[Flag]:
    """Private-Use characters mean nothing to any model: their content cannot reach the output."""
    glyphs = list(dict.fromkeys(PRIVATE_USE_CHAR.findall(source)))
    if not glyphs:
        return []
    shown = " ".join(f"U+{ord(g):04X}" for g in glyphs)
    return [
        Flag(
            "lost-glyph",
            "error",
            f"the source holds Private-Use characters ({shown}) whose meaning no model knows;"
            " repair the text or give a --pua-map",
        )
    ]


def low_confidence(logprob: float | None, threshold: float) -> list[Flag]:
    if logprob is None or logprob >= threshold:
        return []
    return [
        Flag(
            "low-confidence",
            "warning",
            f"the model's mean log-probability per token is {logprob:.2f}, below {threshold:.2f}",
        )
    ]
