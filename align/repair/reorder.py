"""Lines whose pieces came out in the wrong order, put back in order when the evidence decides it.

PDF producers draw a right-to-left line as several glyph runs, split where letters do not join (after
ا د ذ ر ز و, at a kashida) or around a number; an extractor that emits the runs left to right on the page
writes the line's pieces in reverse order, each piece itself intact:

    true line:     مديرة تطوير البرامج في كامبردج أناليتيكا، بر|يتاني كايزر، وآرون بانكس الذي تولى قيادة حملة
    extracted:     يتاني كايزر، وآرون بانكس الذي تولى قيادة حملة مديرة تطوير البرامج في كامبردج أناليتيكا، بر

The broken word shows as a fragment at each end of the line, and where the true line starts is not marked
at all. Candidate readings put two or three pieces back in reverse order (every split of the line at a
space); a reading is taken only when

- every seam it closes joins into a known word (the article's own words outside this line, the hunspell
  dictionary, or the shipped clean corpora) and at least one side of each seam is not a word by itself;
- its words read on from the line before and into the line after better than the extracted order and than
  every other reading, by a wide margin, under word-pair counts of clean news (``wordstats``) and of the
  article itself.

Otherwise the line is left as it is (and flagged by ``lines.suspect_reasons``): a wrong reorder puts a
wrong sentence in front of the reader, which is worse than a flag.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from align.repair.lexicon import Lexicon
from align.repair.lines import TWO_LETTER_WORDS
from align.repair.tracked import Tracked
from align.repair.wordstats import END, START, WordStats, tokens
from align.text import ARABIC_WORD, TATWEEL

# How much more likely (natural log) the chosen reading must be than the extracted order and than the
# runner-up. Measured on simulated damage (scripts/evaluate_reorder.py): below these, wrong reorders
# appear.
MARGIN = 3.0
MARGIN_THREE = 6.0  # three pieces: the gain over the extracted order
MARGIN_WEAK = 6.0  # a seam whose two sides are words by themselves ("الأثر" + "ياء")
MIN_SUPPORT = 0
_BACKOFF = 3.0  # weight of the unigram distribution in a word pair's probability
_MAX_WORDS = 40  # a longer "line" is a paragraph, not a page line
_ONE_LETTER_WORDS = frozenset("و")
_NON_JOINING = frozenset("اأإآدذرزوؤةىء")
_SENTENCE_END = re.compile(r"[.!?؟…][\"'”’»)\]]*$")
_INNER_END = re.compile(r"[.!?؟…][\"'”’»)\]]* ")


@dataclass(frozen=True)
class Reorder:
    text: Tracked
    before: str
    pieces: int
    seams: tuple[str, ...]  # the words the new order closes
    gain: float  # log-likelihood over the extracted order
    margin: float  # log-likelihood over the runner-up reading
    support: int  # how often the words across the new line start or end follow each other elsewhere

    @property
    def reason(self) -> str:
        joined = ", ".join(repr(s) for s in self.seams)
        return (
            f"{self.pieces} pieces of the line were extracted in reverse order: the new order closes the "
            f"word(s) {joined} and reads on from the lines around it (×{_ratio(self.gain)} more likely than"
            f" as extracted, ×{_ratio(self.margin)} more than any other order; its first or last words"
            f" read on from the next or previous line {self.support} time(s) elsewhere)"
        )


def _ratio(log_gain: float) -> str:
    return f"{math.exp(min(log_gain, 50.0)):.3g}"


class ReadingModel:
    """Word-pair probabilities from clean corpora plus the article itself (minus the line being judged)."""

    def __init__(self, lines: Sequence[str], lexicon: Lexicon, stats: WordStats) -> None:
        self.lexicon = lexicon
        self.stats = stats
        self.article = WordStats()
        for line in lines:
            self.article.add(tokens(line))
        self._total = max(1, stats.total + self.article.total)
        self._excluded_uni: Counter[str] = Counter()
        self._excluded_bi: Counter[tuple[str, str]] = Counter()
        self._excluded_tri: Counter[tuple[str, str, str]] = Counter()

    def exclude(self, line: str) -> None:
        """Judge ``line``: its own words are not evidence for themselves."""
        sequence = tokens(line)
        self._excluded_uni = Counter(sequence)
        self._excluded_bi = Counter(itertools.pairwise(sequence))
        self._excluded_tri = Counter(zip(sequence, sequence[1:], sequence[2:], strict=False))

    def count(self, token: str) -> int:
        return self.stats.unigrams[token] + self.article.unigrams[token] - self._excluded_uni[token]

    def pair(self, a: str, b: str) -> int:
        key = (a, b)
        return self.stats.bigrams[key] + self.article.bigrams[key] - self._excluded_bi[key]

    def triple(self, a: str, b: str, c: str) -> int:
        key = (a, b, c)
        return self.stats.trigrams[key] + self.article.trigrams[key] - self._excluded_tri[key]

    def known(self, word: str) -> bool:
        bare = _bare(word)
        return bool(bare) and (self.count(bare) > 0 or self.lexicon.in_dictionary(bare))

    def fragment(self, word: str) -> bool:
        """Not a word by itself: unknown, or a short piece that is not one of the short words."""
        bare = _bare(word)
        if not bare:
            return False
        letters = sum(1 for ch in bare if not unicodedata.combining(ch))
        if letters == 1:
            return bare not in _ONE_LETTER_WORDS
        if letters == 2:
            return bare not in TWO_LETTER_WORDS
        return not self.known(bare)

    def _unigram(self, token: str) -> float:
        n = self.count(token)
        if n > 0:
            return n / self._total
        # Unseen: a dictionary word is plausible, anything else (a fragment) is not.
        return (0.5 if self.lexicon.in_dictionary(token) else 0.005) / self._total

    def logprob(self, sequence: Sequence[str]) -> float:
        """Log-probability of ``sequence`` after its first token (interpolated trigram, bigram, unigram)."""
        total = 0.0
        for k in range(1, len(sequence)):
            a, b = sequence[k - 1], sequence[k]
            bigram = (max(0, self.pair(a, b)) + _BACKOFF * self._unigram(b)) / (
                max(0, self.count(a)) + _BACKOFF
            )
            if k >= 2:
                z = sequence[k - 2]
                history = max(0, self.pair(z, a))
                bigram = (max(0, self.triple(z, a, b)) + _BACKOFF * bigram) / (history + _BACKOFF)
            total += math.log(bigram)
        return total


def _bare(word: str) -> str:
    match = ARABIC_WORD.search(word)
    return match.group() if match else ""


def _edges_join(left: str, right: str) -> bool:
    """``left`` ends and ``right`` starts with Arabic letters, so the two can be one word."""
    return bool(ARABIC_WORD.fullmatch(left[-1:]) and ARABIC_WORD.fullmatch(right[:1]))


def reorder_line(
    line: Tracked, before: str, after: str, model: ReadingModel, *, raw: str = "", block_end: bool = False
) -> Reorder | None:
    """The line in its decided order, or None. ``before``/``after``: the neighbouring lines' text;
    ``raw``: the raw input (a piece that starts with a kashida there began a glyph run); ``block_end``: a
    blank line or the end of the text follows."""
    text = line.strip()
    words = _words(text.text)
    if not 3 <= len(words) <= _MAX_WORDS:
        return None
    head, tail = text.text[words[0][0] : words[0][1]], text.text[words[-1][0] : words[-1][1]]
    edges = _bare(tail) + _bare(head)
    if not (model.fragment(head) or model.fragment(tail) or (_edges_join(tail, head) and model.known(edges))):
        return None
    model.exclude(text.text)
    context_before = _tail(before)
    context_after = _head(after, model)

    def score(reading: str) -> float:
        return model.logprob(tokens(f"{context_before} {reading} {context_after}".strip()))

    original = score(text.text)
    readings: dict[str, tuple[float, list[tuple[int, int]], tuple[str, ...], bool]] = {}
    for chunks in _splits(len(words)):
        # Chunks in extracted order; the reading is the chunks reversed, each seam closed without a space.
        ranges = [(words[a][0], words[b - 1][1]) for a, b in chunks]
        pieces = [text.text[s:e] for s, e in reversed(ranges)]
        reading = "".join(pieces)
        edge = reading.split(" ")
        if model.fragment(edge[0]) or model.fragment(edge[-1]):
            continue  # a reading must not leave a broken word at its start or end
        starts = [text.origin[s] for s, _ in reversed(ranges)]
        if not all(_run_break(left, at, raw) for left, at in zip(pieces, starts[1:], strict=False)):
            continue
        seams, weak = _seams(pieces, model)
        if seams is None or (len(pieces) == 3 and not any(model.count(word) > 0 for word in seams)):
            continue  # two broken words at once: at least one must be a word the article or corpora use
        if reading not in readings:
            readings[reading] = (score(reading), list(reversed(ranges)), seams, weak)
    if not readings:
        return None
    ranked = sorted(readings.items(), key=lambda item: item[1][0], reverse=True)
    top = ranked[0][1][0]
    pinned = [item for item in ranked if len(item[1][1]) == 2 and _pinned(text.text, item[0], block_end)]
    if pinned and pinned[0][1][0] >= top - 1e-9:
        # Where a line of two swapped pieces starts is not marked in the text, and word-pair counts alone
        # pick the wrong place too often (scripts/evaluate_reorder.py): only a start that the punctuation
        # fixes is taken, and only when no other reading is more likely.
        best_text, (best, ranges, seams, weak) = pinned[0]
        runner_up = max((item[1][0] for item in ranked if item[0] != best_text), default=-math.inf)
        if best - original < (MARGIN_WEAK if weak else MARGIN):
            return None
    else:
        three = [item for item in ranked if len(item[1][1]) == 3]
        if not three or three[0][1][0] < top - 1e-9:
            return None
        best_text, (best, ranges, seams, weak) = three[0]
        runner_up = max((item[1][0] for item in ranked if item[0] != best_text), default=-math.inf)
        if best - original < MARGIN_THREE or best - runner_up < MARGIN:
            return None
    support = _support(context_before, best_text, context_after, model)
    if support < MIN_SUPPORT:
        return None
    moved = Tracked.join(text[s:e] for s, e in ranges)
    return Reorder(moved, text.text, len(ranges), seams, best - original, best - runner_up, support)


def _pinned(extracted: str, reading: str, block_end: bool) -> bool:
    """The last line of a block must end its sentence: when the extracted line does not, and exactly one
    sentence end inside it could be that end, the reading that ends there is the only one possible."""
    if not block_end or _SENTENCE_END.search(extracted):
        return False
    inner = [m for m in _INNER_END.finditer(extracted)]
    return len(inner) == 1 and bool(_SENTENCE_END.search(reading))


def _run_break(left: str, at: int, raw: str) -> bool:
    """A glyph run may end after a letter that does not join the next one, or where the next run starts
    with a kashida (the raw text has a tatweel there)."""
    letter = _bare(left[-1:])
    return bool(letter) and (letter in _NON_JOINING or (0 < at <= len(raw) and raw[at - 1] == TATWEEL))


def _support(before: str, reading: str, after: str, model: ReadingModel) -> int:
    """The strongest count of a word pair across the reading's new start or end (sentence breaks aside:
    that a sentence starts with a common word says little about where a line starts)."""
    head = tokens(f"{before} {reading}".strip())
    start = len(tokens(before)) if before.strip() and before != START else 0
    pairs = []
    if 0 < start < len(head):
        pairs.append((head[start - 1], head[start]))
    tail = tokens(f"{reading} {after}".strip())
    end = len(tokens(reading))
    if after.strip() and after != END and end < len(tail):
        pairs.append((tail[end - 1], tail[end]))
    return max((model.pair(a, b) for a, b in pairs if START not in (a, b) and END not in (a, b)), default=0)


def _words(text: str) -> list[tuple[int, int]]:
    spans = []
    start = None
    for i, ch in enumerate(text):
        if ch == " ":
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _splits(n: int) -> list[list[tuple[int, int]]]:
    """Ways to cut n words into 2 or 3 consecutive chunks (word index ranges)."""
    out = [[(0, b), (b, n)] for b in range(1, n)]
    out += [[(0, b1), (b1, b2), (b2, n)] for b1 in range(1, n - 1) for b2 in range(b1 + 1, n)]
    return out


def _seams(pieces: Sequence[str], model: ReadingModel) -> tuple[tuple[str, ...] | None, bool]:
    """The words closed at each seam of ``pieces`` (in reading order), or None when a seam does not close
    into a known word whose sides include a fragment. ``weak``: some seam joins two words."""
    closed = []
    weak = False
    for left, right in itertools.pairwise(pieces):
        if not _edges_join(left, right):
            return None, False
        head = left.rsplit(" ", 1)[-1]
        tail = right.split(" ", 1)[0]
        if " " not in right and right is not pieces[-1]:
            return None, False  # a one-word middle piece closes two seams at once: too little evidence
        word = _bare(head + tail) if ARABIC_WORD.fullmatch(_bare(head) + _bare(tail)) else ""
        if not word or _bare(head) + _bare(tail) != word or not model.known(word):
            return None, False
        if not (model.fragment(head) or model.fragment(tail)):
            if len(pieces) > 2:
                return None, False  # three pieces need a broken word at both seams
            weak = True
        closed.append(word)
    return tuple(closed), weak


def _tail(text: str) -> str:
    parts = text.split()
    return " ".join(parts[-2:]) if parts else START


def _head(text: str, model: ReadingModel) -> str:
    parts = text.split()
    if not parts:
        return END
    # A neighbour that is itself broken (it starts with a fragment) is no evidence for this line's end.
    return "" if model.fragment(parts[0]) else parts[0]


_OPENING_PUNCT = re.compile(r"^[،؛,;]")


def swap_around_mark(above: Tracked, mark: Tracked, below: Tracked) -> tuple[Tracked, Tracked] | None:
    """One line drawn as two runs with a combining mark between them, extracted as three lines in reverse
    order: "، التحقيقات التي …" / "ٍ" / "… من عدة نواح" is "… من عدة نواحٍ، التحقيقات التي …". Taken only
    when the line above starts with a comma (no line starts so) and the line below ends in a letter that
    the mark can sit on; returns the two lines in reading order, the mark on the first."""
    top, bottom = above.strip(), below.strip()
    if (
        not _OPENING_PUNCT.match(top.text)
        or len(top.text.split()) < 2
        or not bottom.text
        or not _bare(bottom.text[-1:])
    ):
        return None
    comma = _OPENING_PUNCT.match(top.text)
    assert comma is not None
    return bottom + mark.strip() + top[: comma.end()], top[comma.end() :].strip()
