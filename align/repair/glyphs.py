"""Glyphs without Unicode inside Arabic words, read from the words they complete; words whose glyphs a
font maps to wrong characters, found.

A PDF font's ToUnicode table sometimes leaves a glyph out: the alef of a lam-alef drawn as two glyphs, a
contextual form, a kashida. The glyph then reaches repair as a Private-Use stand-in inside words (``خل?ل``,
``بل?سي``). Each such glyph is the same letter wherever the font draws it, so the article itself is the
evidence: a letter (or a lam-alef) is accepted for a glyph when the words it then
completes are known words (the article's own, the hunspell dictionary, the words of the shipped test sets)
in nearly every place the glyph occurs, and clearly more often than with any other letter. Otherwise the
glyph stays visible and flagged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from align.text import ARABIC_BASE_LETTERS, ARABIC_MARKS, PRIVATE_USE

# Every Arabic letter and the lam-alef ligatures. Not "nothing" (a kashida): removing a letter from a word
# leaves a known word too often ("البلد" from "البلاد"); the reader tells kashida glyphs by where they sit.
LAM_ALEF = ("لا", "لأ", "لإ", "لآ")
CANDIDATES = (*sorted(set("ءآأؤإئابةتثجحخدذرزسشصضطظعغفقكلمنهوىي")), *LAM_ALEF)
_WORD = re.compile(f"[{ARABIC_BASE_LETTERS}{ARABIC_MARKS}{PRIVATE_USE}]+")
_GLYPH = re.compile(f"[{PRIVATE_USE}]")
_RUN = re.compile(f"[{PRIVATE_USE}]{{1,2}}(?![{PRIVATE_USE}])(?<![{PRIVATE_USE}]{{3}})")
_MARKS = re.compile(f"[{ARABIC_MARKS}]")
MIN_WORDS = 2  # distinct words the reading must complete (all of them when there are only two)
SHARE = 0.8  # of the glyph's words, known with the reading
MARGIN = 0.25  # of the glyph's words, more than with the next best reading


@dataclass(frozen=True)
class GlyphReading:
    glyph: str
    text: str  # the letters it stands for
    known: int  # distinct words known with this reading
    words: int  # distinct words the glyph occurs in
    examples: tuple[str, ...]


def infer_glyphs(
    lines: Iterable[str],
    known: Callable[[str], bool],
    exclude: Iterable[str] = (),
    attested: Callable[[str], bool] | None = None,
) -> dict[str, GlyphReading]:
    """Readings of the Private-Use glyphs that occur inside Arabic words, where the evidence decides.
    ``exclude``: glyphs that are something else (digits: they also stand alone as numbers).
    ``attested``: words seen in text (the article, the test sets), a stricter test than ``known``, which
    may include a dictionary that accepts any clitic before any word: where readings tie on known words
    because a dictionary accepts "ل" + word as readily as the word, the attested words decide."""
    words: dict[str, set[str]] = {}
    skip = set(exclude)
    for line in lines:
        for word in _WORD.findall(line):
            # One unknown glyph among letters, or two drawn together (a lam-alef drawn as a lam part and an
            # alef part, neither with Unicode: "و" + two glyphs + "ية" is "ولاية"): the pair is read as one.
            units = set(_RUN.findall(word))
            letters = _GLYPH.sub("", word)
            if len(units) == 1 and letters and not set(next(iter(units))) & skip:
                words.setdefault(units.pop(), set()).add(word)
    readings = {}
    for glyph, found in words.items():
        scores: Counter[str] = Counter()
        # Two glyphs drawn together for one reading are a lam-alef in two parts; two letters each without
        # Unicode are not read (a shorter word is known too often: "كتاب" with "ت" for the pair is "كتب").
        candidates = CANDIDATES if len(glyph) == 1 else LAM_ALEF
        for candidate in candidates:
            scores[candidate] = sum(_known(w.replace(glyph, candidate), known) for w in found)
        (best, top), (_, second) = [*scores.most_common(2), ("", 0)][:2]
        share = SHARE if len(found) > MIN_WORDS else 1.0
        clear = top - second >= MARGIN * len(found)
        if not clear and attested is not None and top >= share * len(found):
            seen = Counter({c: sum(_known(w.replace(glyph, c), attested) for w in found) for c in candidates})
            (first, most), (_, next_most) = [*seen.most_common(2), ("", 0)][:2]
            clear = first == best and most >= share * len(found) and most - next_most >= MARGIN * len(found)
        if top >= MIN_WORDS and top >= share * len(found) and clear:
            examples = tuple(sorted(w.replace(glyph, best) for w in found)[:3])
            readings[glyph] = GlyphReading(glyph, best, top, len(found), examples)
    # A glyph of a pair read as a lam-alef, drawn alone elsewhere, carries the ligature itself (the other
    # glyph of the pair draws nothing): its own words and the pair's are one body of evidence.
    for pair, reading in list(readings.items()):
        for glyph in set(pair) if len(pair) == 2 else ():
            found = words.get(glyph, set())
            if glyph in readings or not found:
                continue
            alone = sum(_known(w.replace(glyph, reading.text), known) for w in found)
            if alone * 2 > len(found) and alone + reading.known >= SHARE * (len(found) + reading.words):
                examples = tuple(sorted(w.replace(glyph, reading.text) for w in found)[:3])
                readings[glyph] = GlyphReading(glyph, reading.text, alone, len(found), examples)
    return readings


def _known(word: str, known: Callable[[str], bool]) -> bool:
    return known(word) or known(_MARKS.sub("", word))


# A character that is neither Arabic nor a digit nor punctuation, alone among Arabic letters: inside a word,
# or glued to one where no punctuation goes ("اÿسحاب", "و'لصين", "كاJ", "ال䐣حد"). A ToUnicode table that maps
# glyphs to the wrong characters (Ghostscript's rewrite of some fonts writes glyph numbers, or bytes of the
# right code in the wrong place, as characters) gives such words; clean text has them rarely (a quote used as
# a quotation mark, 'مستعدة'), and never many in one paragraph.
_STRAY = (
    "[^\\s0-9\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff\u200b-\u200f"
    f"{PRIVATE_USE}" + '.,:;!?"()\\[\\]«»“”‘’\\-–—/%…]'
)
_LETTER = r"\u0621-\u063a\u0641-\u064a\u0671-\u06d3"
_GARBLED = re.compile(
    f"[{_LETTER}]{_STRAY}(?=[{_LETTER}])"
    f"|(?<!{_STRAY}){_STRAY}(?=[{_LETTER}]{{2}})(?!\\S*{_STRAY}{{2}})"
    f"|[{_LETTER}]{{2}}{_STRAY}(?!{_STRAY})"
)
_FOREIGN_WORD = re.compile(f"{_STRAY}{{3}}")  # a Latin word glued to an Arabic one ("وRedState") is text
GARBLED_SHARE = 0.05  # of a paragraph's words, and at least GARBLED_MIN of them
GARBLED_MIN = 3


def garbled_words(text: str) -> list[str]:
    """Words of ``text`` with a stray non-Arabic character among their Arabic letters."""
    return [w for w in text.split() if _GARBLED.search(w) and not _FOREIGN_WORD.search(w)]
