"""Lines whose pieces came out in the wrong order, put back in order when the evidence decides it.

PDF producers draw a right-to-left line as several glyph runs, split where letters do not join (after
ا د ذ ر ز و, at a kashida) or around a number; an extractor that emits the runs left to right on the page
writes the line's pieces in reverse order, each piece itself intact:

    true line:     مديرة تطوير البرامج في كامبردج أناليتيكا، بر|يتاني كايزر، وآرون بانكس الذي تولى قيادة حملة
    extracted:     يتاني كايزر، وآرون بانكس الذي تولى قيادة حملة مديرة تطوير البرامج في كامبردج أناليتيكا، بر

The broken word shows as a fragment at each end of the line. Candidate readings put two or three pieces
back in reverse order (every split of the line at a space); a reading is a candidate only when every seam
it closes joins into a known word (the article's own words outside this line, the hunspell dictionary,
or the shipped clean corpora) with a broken word on at least one side, after a letter where a glyph run
can end, and it leaves no broken word at the line's ends. Three pieces must close a word the article or
the corpora use.

A line is suspect when a piece of a word shows at either end, when its last and first words join into
one, or when a letter or two that is no word stands inside it (three pieces can leave whole words at both
ends by chance: "البر" of البر|لمان is a word too, but the "ع" of ع|لى is left in the middle).

For two pieces the seam is fixed by the line's ends, but where the true line starts is not marked at all:
every rotation of the line's words closes the same word. What decides it is how the reading reads on from
the line before and into the line after (``reading.ReadingModel``: word-pair counts and a word-shape model,
optionally with a character model). A reading is taken only when it is more likely than the extracted order
and than every other reading by margins measured on simulated damage (``THRESHOLDS``,
``scripts/evaluate_reorder.py``) to keep wrong reorders under one in two hundred; a two-piece line whose
start a sentence end fixes (the last line of a block must end its sentence) needs less. The article's
lines are taken in turn by ``reorder_pass``, which also judges two damaged lines one under the other
together. Otherwise the line is left as it is (and flagged by ``lines.suspect_reasons``): a wrong reorder
puts a wrong sentence in front of the reader, which is worse than a flag.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from align.repair.lines import letter_count
from align.repair.reading import ReadingModel, bare
from align.repair.tracked import Tracked
from align.repair.wordstats import WordStats
from align.text import ARABIC_WORD, PRIVATE_USE, TATWEEL

_MAX_WORDS = 40  # a longer "line" is a paragraph, not a page line
_NON_JOINING = frozenset("اأإآدذرزوؤةىء")
_SENTENCE_END = re.compile(r"[.!?؟…][\"'”’»)\]]*$")
_INNER_END = re.compile(r"[.!?؟…][\"'”’»)\]]* ")
# Where a sentence may end without a full stop: a closing quote after a word ('آمل أنهما بأمان" لا').
_QUOTE_END = re.compile(r"(?<=\w)[\"”»] ")
# A letter standing alone (و aside) is a piece of a word: a reading that leaves one unclosed is wrong.
# Before a number it is a preposition written apart ("بـ 20.5%").
_DIGIT_START = re.compile(f"[0-9\u0660-\u0669{PRIVATE_USE}]")
_LONE_LETTER = re.compile(r"(?:^| )[\u0621-\u0647\u0649-\u064a](?=[،,.:؛]|$| (?![0-9]))")


@dataclass(frozen=True)
class Thresholds:
    """How much more likely (natural log) the chosen reading must be than the runner-up reading and
    than the extracted order. Measured on simulated damage: below these, wrong reorders appear."""

    # Two pieces, start not fixed by punctuation. 16 with the word counts alone; with the shape model added
    # the scores spread wider, and at 16 about one reorder in thirty was wrong on simulated damage.
    two: float = 20.0
    # Two pieces, the block's sentence end fixes the start. Not 0: on simulated damage a block's last sentence
    # sometimes has no final mark ("… ألم الصدر هذا"), and then the fixed start is wrong.
    pinned: float = 6.0
    three: float = 6.0
    gain: float = 6.0
    weak: float = 6.0  # more, when the seam joins two words that are words by themselves ("الأثر" + "ياء")


THRESHOLDS = Thresholds()
# With the character model added to the word counts, scores spread wider: larger margins are needed.
THRESHOLDS_WITH_CHARS = Thresholds(two=25.0, pinned=3.0, three=22.0)


@dataclass(frozen=True)
class Reading:
    text: str
    ranges: tuple[tuple[int, int], ...]  # the pieces, in reading order, as offsets into the line
    seams: tuple[str, ...]  # the words the new order closes
    score: float
    parts: tuple[float, float]  # the word and the character model's shares of the score
    pinned: bool  # two pieces whose start the sentence end of the block fixes
    weak: bool  # a seam joins two words that are words by themselves
    rival: bool = False  # never taken, but the reading taken must beat it (see ``readings``)


@dataclass(frozen=True)
class Reorder:
    text: Tracked
    before: str
    pieces: int
    seams: tuple[str, ...]
    gain: float  # log-likelihood over the extracted order
    margin: float  # log-likelihood over the runner-up reading
    pinned: bool
    weak: bool
    counts: str  # what the word counts came from
    chars: bool  # the counts' character model took part

    @property
    def reason(self) -> str:
        joined = ", ".join(repr(s) for s in self.seams)
        fixed = "; the block's sentence end fixes where it starts" if self.pinned else ""
        chars = ", and their character model" if self.chars else ""
        return (
            f"{self.pieces} pieces of the line were extracted in reverse order: the new order closes the "
            f"word(s) {joined} and reads on from the lines around it (log-likelihood {self.gain:+.1f} over"
            f" the line as extracted, {self.margin:+.1f} over any other order, by the word counts of"
            f" {self.counts.replace('+', ', ')} and the article{chars}){fixed}"
        )


def _edges_join(left: str, right: str) -> bool:
    """``left`` ends and ``right`` starts with Arabic letters, so the two can be one word."""
    return bool(ARABIC_WORD.fullmatch(left[-1:]) and ARABIC_WORD.fullmatch(right[:1]))


def suspect_edges(text: str, model: ReadingModel) -> bool:
    """The line's ends look broken: a fragment at either end, or its last and first words join into one."""
    words = text.split()
    if not 3 <= len(words) <= _MAX_WORDS:
        return False
    head, tail = words[0], words[-1]
    joined = bare(tail) + bare(head)
    if model.fragment(head) or model.fragment(tail) or (_edges_join(tail, head) and model.known(joined)):
        return True
    # Three pieces may leave whole words at both ends by chance ("البر" of البر|لمان is a word too); the
    # middle piece then holds the tail of one word and the head of the next, and one of them is often a
    # letter or two that no word is ("ع" of ع|لى).
    # A letter before a number is a preposition written apart ("بـ 20.5%").
    return any(
        model.short_piece(word) and bare(word) == word.strip("،,.:؛") and not _DIGIT_START.match(following)
        for word, following in itertools.pairwise(words[1:])
    )


def readings(
    line: Tracked,
    before: str,
    after: str,
    model: ReadingModel,
    *,
    raw: str = "",
    block_end: bool = False,
    min_word_gain: float | None = None,
) -> tuple[float, list[Reading]]:
    """The extracted order's score and every candidate reading of ``line`` (stripped), best first.

    ``min_word_gain``: no readings unless one reads better than the extracted order by this much under
    the word counts alone. The character model costs seconds to build and most lines of clean text
    whose ends look broken (a rare word at an edge) fail there, so it is built only when needed."""
    text = line.strip()
    words = _words(text.text)
    model.exclude(text.text)
    original_words = model.words(before, text.text, after)
    found: dict[str, tuple[tuple[tuple[int, int], ...], tuple[str, ...], bool, bool, float, bool]] = {}
    for chunks in _splits(len(words)):
        # Chunks in extracted order; the reading is the chunks reversed, each seam closed without a space.
        ranges = [(words[a][0], words[b - 1][1]) for a, b in chunks]
        pieces = [text.text[s:e] for s, e in reversed(ranges)]
        reading = "".join(pieces)
        if reading in found:
            continue
        edge = reading.split(" ")
        if _LONE_LETTER.search(reading):
            continue  # a reading must not leave a lone letter
        # Nor a piece of a word at its start or end; but a short word that only looks like one ("… سي دي
        # سي.") may be right there, so such a reading stands as a rival that the one taken must beat.
        rival = model.short_piece(edge[0]) or model.short_piece(edge[-1])
        # Inside a block a line seldom ends exactly where a sentence does, but both models favour such
        # readings (after a sentence end any word is likely): on simulated damage they are the most
        # confident wrong reorders. Only a block's last line is read so (pinned); elsewhere such a reading
        # is a rival only: the one taken must beat it too, since sometimes the line does end its sentence.
        rival = rival or (len(chunks) == 2 and not block_end and bool(_SENTENCE_END.search(reading)))
        starts = [text.origin[s] for s, _ in reversed(ranges)]
        if not all(_run_break(left, at, raw) for left, at in zip(pieces, starts[1:], strict=False)):
            continue
        seams, weak = _seams(pieces, model)
        if seams is None or (len(pieces) == 3 and not any(model.count(word) > 0 for word in seams)):
            continue  # two broken words at once: at least one must be a word the article or corpora use
        # Three pieces and a block's last line are taken on smaller margins: only when they leave no piece
        # of a word behind (simulated damage: "أزمة الصحة الع ظلامة", "منازل وال في المدارس").
        whole = not any(_left_broken(word, model) for word in edge)
        if len(pieces) == 3 and not whole:
            continue
        pinned = len(pieces) == 2 and whole and _pinned(text.text, reading, block_end)
        score = model.words(before, reading, after)
        found[reading] = (tuple(reversed(ranges)), seams, pinned, weak, score, rival)
    best_words = max((item[4] for item in found.values() if not item[5]), default=-math.inf)
    if min_word_gain is not None and best_words - original_words < min_word_gain:
        return original_words, []
    original = original_words + model.chars(before, text.text, after)
    out = []
    for reading, (spans, seams, pinned, weak, score, rival) in found.items():
        parts = (score, model.chars(before, reading, after))
        out.append(Reading(reading, spans, seams, sum(parts), parts, pinned, weak, rival))
    # On a tie, the reading a block's last line can be (pinned) comes first.
    return original, sorted(out, key=lambda r: (round(r.score, 6), r.pinned), reverse=True)


def reorder_line(
    line: Tracked,
    before: str,
    after: str,
    model: ReadingModel,
    *,
    raw: str = "",
    block_end: bool = False,
    thresholds: Thresholds | None = None,
    undecided: list[str] | None = None,
) -> Reorder | None:
    """The line in its decided order, or None. ``before``/``after``: the neighbouring lines' text;
    ``raw``: the raw input (a piece that starts with a kashida there began a glyph run); ``block_end``: a
    blank line or the end of the text follows; ``undecided``: gets why, when readings exist but none is
    decided (a run-order-suspect flag)."""
    limits = thresholds or (THRESHOLDS_WITH_CHARS if model.char_model else THRESHOLDS)
    text = line.strip()
    if not suspect_edges(text.text, model):
        return None
    original, ranked = readings(
        text, before, after, model, raw=raw, block_end=block_end, min_word_gain=limits.gain
    )
    takeable = [r for r in ranked if not r.rival]
    if not takeable:
        return None
    best = takeable[0]
    runner_up = max((r.score for r in ranked if r is not best), default=original)
    margin, gain = round(best.score - max(runner_up, original), 6), best.score - original
    needed, needed_gain = needed_margins(best, limits)
    if margin < needed or gain < needed_gain:
        if undecided is not None:
            words = sorted({w for r in ranked for w in r.seams})
            undecided.append(
                f"its pieces close {', '.join(repr(w) for w in words[:3])} in {len(ranked)} possible"
                " orders and the evidence does not decide which"
                f" ({_short_of(margin, gain, needed, needed_gain)})"
            )
        return None
    return as_reorder(text, best, gain, margin, model)


def needed_margins(reading: Reading, limits: Thresholds) -> tuple[float, float]:
    """The margin over every other order and the gain over the extracted order that ``reading`` needs."""
    needed = limits.three if len(reading.ranges) == 3 else limits.pinned if reading.pinned else limits.two
    if reading.weak and reading.pinned:
        # The sentence end fixes the start: the other readings are not what a block's last line can
        # be, so the margin over them matters less than the gain over the line as extracted.
        return 0.0, limits.gain + limits.weak
    return needed + (limits.weak if reading.weak else 0.0), limits.gain


def as_reorder(text: Tracked, reading: Reading, gain: float, margin: float, model: ReadingModel) -> Reorder:
    """``reading`` of ``text`` taken, with the evidence it was taken on."""
    moved = Tracked.join(text[s:e] for s, e in reading.ranges)
    return Reorder(
        moved,
        text.text,
        len(reading.ranges),
        reading.seams,
        gain,
        margin,
        reading.pinned,
        reading.weak,
        model.stats.name,
        model.char_model,
    )


_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


def _left_broken(word: str, model: ReadingModel) -> bool:
    """A piece of a word: unknown, and not a known word behind a clitic ("وميرسر" is و + ميرسر)."""
    if not model.fragment(word):
        return False
    letters = bare(word)
    return not any(
        letters.startswith(c) and len(letters) - len(c) >= 3 and model.known(letters[len(c) :])
        for c in _CLITICS
    )


def _short_of(margin: float, gain: float, needed: float, needed_gain: float) -> str:
    """How far the likeliest order falls short (not the order itself: shown, a wrong order invites a wrong
    fix by hand)."""
    if gain < needed_gain:
        extracted = "the line as extracted"
        return f"the likeliest order is {gain:.1f} more likely than {extracted}, {needed_gain:.0f} needed"
    return f"the likeliest order is {margin + 0.0:.1f} more likely than the next, {needed:.0f} needed"


def _pinned(extracted: str, reading: str, block_end: bool) -> bool:
    """The last line of a block must end its sentence: when the extracted line does not, and exactly one
    sentence end inside it could be that end, the reading that ends there is the only one possible."""
    if not block_end or _SENTENCE_END.search(extracted):
        return False
    inner = [m for m in _INNER_END.finditer(extracted)]
    # A quoted sentence may end at its closing quote: then more than one place can be the block's end.
    return len(inner) == 1 and not _QUOTE_END.search(extracted) and bool(_SENTENCE_END.search(reading))


def _run_break(left: str, at: int, raw: str) -> bool:
    """A glyph run may end after a letter that does not join the next one, or where the next run starts
    with a kashida (the raw text has a tatweel there)."""
    letter = bare(left[-1:])
    return bool(letter) and (letter in _NON_JOINING or (0 < at <= len(raw) and raw[at - 1] == TATWEEL))


def _words(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]


def _splits(n: int) -> list[list[tuple[int, int]]]:
    """Ways to cut n words into 2 or 3 consecutive chunks (word index ranges)."""
    out = [[(0, b), (b, n)] for b in range(1, n)]
    out += [[(0, b1), (b1, b2), (b2, n)] for b1 in range(1, n - 1) for b2 in range(b1 + 1, n)]
    return out


def _seams(pieces: Sequence[str], model: ReadingModel) -> tuple[tuple[str, ...] | None, bool]:
    """The words closed at each seam of ``pieces`` (in reading order), or None when a seam does not close
    into a known word whose sides include a broken word (two pieces may join two words: ``weak``)."""
    closed = []
    weak = False
    for left, right in itertools.pairwise(pieces):
        if not _edges_join(left, right):
            return None, False
        head = left.rsplit(" ", 1)[-1]
        tail = right.split(" ", 1)[0]
        if " " not in right and right is not pieces[-1]:
            return None, False  # a one-word middle piece closes two seams at once: too little evidence
        word = bare(head + tail) if ARABIC_WORD.fullmatch(bare(head) + bare(tail)) else ""
        if not word or bare(head) + bare(tail) != word or not model.known(word):
            return None, False
        if letter_count(word) <= 3 and model.count(word) == 0:
            # The dictionary's affix rules pass short strings no text uses ("و" + "ئي": "وئي"): a short
            # word closed at a seam must be one the article or the corpora use.
            return None, False
        if not (model.fragment(head) or model.fragment(tail)):
            if len(pieces) > 2:
                return None, False  # three pieces need a broken word at both seams
            weak = True
        closed.append(word)
    return tuple(closed), weak


REORDER_REASON = "pieces of the line were extracted in reverse order"


def evidence_name(dictionary: str, counts: str, chars: bool = False) -> str:
    """The word evidence repair used, for the report and the signature: the dictionary, and the corpora
    whose word counts decide reorders ("hunspell-ar+counts:ntrex128,flores200_devtest,tico19_test")."""
    parts = [dictionary] if dictionary != "none" else []
    if counts != "none":
        parts.append("counts:" + counts.replace("+", ","))
    if chars:
        parts.append("chars")
    return "+".join(parts) or "none"


def counts_evidence(stats: WordStats, char_model: bool) -> str:
    chars = stats.chars if char_model else None
    model = f" and their character {chars.order}-gram model" if chars is not None else ""
    return (
        f"reorders: word counts of {stats.name.replace('+', ', ')} ({stats.total:,} tokens){model},"
        " with the article's own words"
    )
