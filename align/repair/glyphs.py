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
            # Among the readings the margin could not tell apart (whichever of them the count put first).
            tied = [c for c in candidates if top - scores[c] < MARGIN * len(found)]
            seen = Counter({c: sum(_known(w.replace(glyph, c), attested) for w in found) for c in tied})
            (first, most), (_, next_most) = [*seen.most_common(2), ("", 0)][:2]
            clear = most >= share * len(found) and most - next_most >= MARGIN * len(found)
            best = first if clear else best
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
    _pooled_pairs(words, readings, known, attested)
    return readings


def _pooled_pairs(
    words: dict[str, set[str]],
    readings: dict[str, GlyphReading],
    known: Callable[[str], bool],
    attested: Callable[[str], bool] | None,
) -> None:
    """Pairs in too few words to be read alone. The glyph of a pair that is also drawn alone carries the
    lam-alef and the other draws nothing (the pages of subsetting producers: Qt, cairo), so the pair's words
    and that glyph's are one body of evidence, each of the two holding some of it (``الاتصال`` with the
    glyph alone, ``ولا`` with the pair). A pair one of whose glyphs is read as a lam-alef is that lam-alef
    where all its words then are known."""
    for pair in [unit for unit in words if len(unit) == 2 and unit not in readings]:
        in_pair = words[pair]
        read = [readings[g].text for g in pair if g in readings and readings[g].text in LAM_ALEF]
        if read:
            if all(_known(w.replace(pair, read[0]), known) for w in in_pair):
                examples = tuple(sorted(w.replace(pair, read[0]) for w in in_pair)[:3])
                readings[pair] = GlyphReading(pair, read[0], len(in_pair), len(in_pair), examples)
            continue
        for carrier in dict.fromkeys(pair):
            alone = words.get(carrier, set())
            if carrier in readings or not alone:
                continue
            total = len(in_pair) + len(alone)
            share = SHARE if total > MIN_WORDS else 1.0

            scores = {c: _pair_counts(known, c, pair, in_pair, carrier, alone) for c in LAM_ALEF}
            ranked = sorted(LAM_ALEF, key=lambda c: -sum(scores[c]))
            best, top = ranked[0], sum(scores[ranked[0]])
            clear = top - sum(scores[ranked[1]]) >= MARGIN * total
            if not clear and attested is not None:
                # A dictionary that accepts a word without its hamza ties "لا" with "لإ": the attested decide.
                seen = {
                    c: sum(_pair_counts(attested, c, pair, in_pair, carrier, alone))
                    for c in ranked
                    if top - sum(scores[c]) < MARGIN * total
                }
                order = sorted(seen, key=lambda c: -seen[c])
                best = order[0]
                clear = len(order) > 1 and seen[order[0]] - seen[order[1]] >= MARGIN * total
            with_pair, with_glyph = scores[best]
            if with_pair and with_glyph and top >= share * total and clear:
                pair_examples = tuple(sorted(w.replace(pair, best) for w in in_pair)[:3])
                readings[pair] = GlyphReading(pair, best, with_pair, len(in_pair), pair_examples)
                glyph_examples = tuple(sorted(w.replace(carrier, best) for w in alone)[:3])
                readings[carrier] = GlyphReading(carrier, best, with_glyph, len(alone), glyph_examples)
                break


def _pair_counts(
    test: Callable[[str], bool], reading: str, pair: str, in_pair: set[str], carrier: str, alone: set[str]
) -> tuple[int, int]:
    """Words that ``test`` accepts with ``reading`` for the pair, and for its carrier glyph drawn alone."""
    return (
        sum(_known(w.replace(pair, reading), test) for w in in_pair),
        sum(_known(w.replace(carrier, reading), test) for w in alone),
    )


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


# Ghostscript's rewrite of a TCPDF page writes each glyph's number as the character: whole words of Latin
# Extended-B and IPA letters ("ƔǝǬƱǫ"), which no language writes two of in a row (Romanian's ș and ț, in this
# block, stand between ordinary letters).
_GLYPH_NUMBERS = re.compile("[ƀ-ȗȜ-ʯ]{2}")


def garbled_words(text: str) -> list[str]:
    """Words of ``text`` with a stray non-Arabic character among their Arabic letters, or made of letters
    that are glyph numbers."""
    return [
        w
        for w in text.split()
        if (_GARBLED.search(w) and not _FOREIGN_WORD.search(w)) or _GLYPH_NUMBERS.search(w)
    ]
