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

from align.document import Flag
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
_SYMBOL_RUN = re.compile(r"[^\w\s]{4,}|(?:[^\w\s] ){3,}[^\w\s]")
# Garbage: under half of the visible characters letters or digits, with a run of 4+ symbols; or one word
# making 80 % of 3 or more words. No human translation in the three test sets comes near either.
GARBAGE_CONTENT = 0.5
GARBAGE_MIN_TOKENS = 3
GARBAGE_ONE_WORD = 0.8
# Sentence-final punctuation, with closing quotes and brackets after it.
_FINAL = re.compile(r"[.!?؟…:;۔][\"'”’»›)\]}]*$")
_CLOSERS = "\"'”’»›)]} "

# Human English translations of Arabic news run 0.55-1.85 characters per Arabic character (median 1.11) on
# 99.6 % of the 5,053 sentences of NTREX-128, FLORES-200 and TICO-19 with 20 or more Arabic characters
# (scripts/evaluate_qa.py).
LENGTH_RATIO = (0.55, 1.85)
LENGTH_MIN_SOURCE = 20


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


def garbage(source: str, translation: str) -> list[Flag]:
    """Output that is not text: mostly punctuation or symbol runs ("::::::", "- - - -"), or one word
    repeated ("the the the the"), where the source is not like that itself."""
    visible = "".join(translation.split())
    if not visible or _is_garbage(source):
        return []
    content = sum(c.isalnum() for c in visible)
    run = _SYMBOL_RUN.search(translation)
    if content / len(visible) < GARBAGE_CONTENT and (run or not content):
        shown = run.group() if run else visible[:20]
        return [Flag("garbage-output", "error", f"the output is mostly punctuation or symbols ({shown!r})")]
    tokens = [t.lower() for t in _TOKEN.findall(translation)]
    word, times = Counter(tokens).most_common(1)[0] if tokens else ("", 0)
    if len(tokens) >= GARBAGE_MIN_TOKENS and times / len(tokens) >= GARBAGE_ONE_WORD:
        return [Flag("garbage-output", "error", f"the output is one word repeated: {word!r} {times} times")]
    return []


def _is_garbage(source: str) -> bool:
    """A source of dots or dashes (a separator line), or one word repeated, may be translated as one."""
    visible = "".join(source.split())
    if not visible or sum(c.isalnum() for c in visible) / len(visible) < GARBAGE_CONTENT:
        return True
    tokens = _TOKEN.findall(source)
    return len(tokens) >= 2 and len(set(tokens)) == 1


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


def low_confidence(
    logprob: float | None, threshold: float | None, outliers: tuple[float, float, float] | None = None
) -> list[Flag]:
    """The model's mean log-probability per token below ``threshold``, or more than ``z`` robust deviations
    below the run's median (``outliers`` = median, spread, z)."""
    if logprob is None:
        return []
    if threshold is not None and logprob < threshold:
        return [
            Flag(
                "low-confidence",
                "warning",
                f"the model's mean log-probability per token is {logprob:.2f}, below {threshold:.2f}",
            )
        ]
    if outliers is not None:
        median, spread, z = outliers
        deviations = (median - logprob) / spread
        if deviations > z:
            return [
                Flag(
                    "low-confidence",
                    "warning",
                    f"the model's mean log-probability per token is {logprob:.2f}, {deviations:.1f} robust"
                    f" deviations below this run's median ({median:.2f})",
                )
            ]
    return []
