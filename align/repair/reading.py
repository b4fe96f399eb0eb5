"""How well a reading of a damaged line reads on from the lines around it.

A reading is scored together with the end of the line before and the start of the line after it by
word-pair counts: an interpolated trigram, bigram and unigram model over the shipped corpora and the
article itself, minus the line being judged, plus a trigram model of the corpora's word shapes
(``shapes``), which knows which kinds of word follow which where the counts have never seen the words.
Optionally (``char_model``) a character n-gram model of the
corpora (``charmodel``) is added, which generalises over word forms the counts have never seen; measured
on simulated damage it decides about half a point more of the damaged lines at the same precision, for
seconds of start-up and a few hundred MB (``scripts/evaluate_reorder.py --char-model``).
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence

from align.repair.charmodel import normalise
from align.repair.lexicon import Lexicon
from align.repair.lines import TWO_LETTER_WORDS, letter_count
from align.repair.wordstats import END, START, WordStats, tokens
from align.text import ARABIC_WORD

_BACKOFF = 3.0  # weight of the unigram distribution in a word pair's probability
_ONE_LETTER_WORDS = frozenset("و")
_CONTEXT_CHARS = 40  # how much of the neighbouring lines the character model reads


def bare(word: str) -> str:
    """The Arabic letters of ``word`` (punctuation around it dropped)."""
    match = ARABIC_WORD.search(word)
    return match.group() if match else ""


class ReadingModel:
    """Word-pair probabilities from clean corpora plus the article itself (minus the line being judged),
    and the corpora's character model."""

    def __init__(
        self, lines: Sequence[str], lexicon: Lexicon, stats: WordStats, *, char_model: bool = False
    ) -> None:
        self.lexicon = lexicon
        self.stats = stats
        self.char_model = char_model
        self.article = WordStats()
        for line in lines:
            self.article.add(tokens(line))
        self._total = max(1, stats.total + self.article.total)
        self._excluded_uni: Counter[str] = Counter()
        self._excluded_bi: Counter[tuple[str, str]] = Counter()
        self._excluded_tri: Counter[tuple[str, str, str]] = Counter()

    def exclude(self, *lines: str) -> None:
        """Judge ``lines``: their own words are not evidence for themselves."""
        self._excluded_uni, self._excluded_bi, self._excluded_tri = Counter(), Counter(), Counter()
        for line in lines:
            sequence = tokens(line)
            self._excluded_uni.update(sequence)
            self._excluded_bi.update(itertools.pairwise(sequence))
            self._excluded_tri.update(zip(sequence, sequence[1:], sequence[2:], strict=False))

    def count(self, token: str) -> int:
        return self.stats.unigrams[token] + self.article.unigrams[token] - self._excluded_uni[token]

    def corpus_count(self, token: str) -> int:
        return self.stats.unigrams[token]

    def pair(self, a: str, b: str) -> int:
        key = (a, b)
        return self.stats.bigrams[key] + self.article.bigrams[key] - self._excluded_bi[key]

    def triple(self, a: str, b: str, c: str) -> int:
        key = (a, b, c)
        return self.stats.trigrams[key] + self.article.trigrams[key] - self._excluded_tri[key]

    def known(self, word: str) -> bool:
        word = bare(word)
        return bool(word) and (self.count(word) > 0 or self.lexicon.in_dictionary(word))

    def fragment(self, word: str) -> bool:
        """Not a word by itself: unknown, or a short piece that is not one of the short words."""
        word = bare(word)
        if not word:
            return False
        return self.short_piece(word) if letter_count(word) <= 2 else not self.known(word)

    def short_piece(self, word: str) -> bool:
        """One or two letters that are not one of the short words: a piece of a word, whatever the counts
        say (a longer unknown word may just be rare)."""
        word = bare(word)
        letters = letter_count(word)
        if letters == 1:
            return word not in _ONE_LETTER_WORDS
        return letters == 2 and word not in TWO_LETTER_WORDS

    def _unigram(self, token: str) -> float:
        n = self.count(token)
        if n > 0:
            return n / self._total
        # Unseen: a dictionary word is plausible, anything else (a fragment) is not.
        return (0.5 if self.lexicon.in_dictionary(token) else 0.005) / self._total

    def word_logprob(self, sequence: Sequence[str]) -> float:
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

    def score(self, before: str, reading: str, after: str) -> float:
        """Log-probability of ``reading`` between the text ``before`` and ``after`` it (the neighbouring
        lines; "" at a block edge), by both models."""
        return sum(self.parts(before, reading, after))

    def parts(self, before: str, reading: str, after: str) -> tuple[float, float]:
        """The word model's and the character model's log-probabilities (0 when there is none)."""
        return self.words(before, reading, after), self.chars(before, reading, after)

    def _known_edges(self, before: str, after: str) -> tuple[bool, bool]:
        # A neighbour that is itself broken (a fragment where it meets this line) is no evidence for
        # this line's start or end: it is left out, rather than read as a block edge.
        last = before.split()[-1:]
        head = after.split()[:1]
        return not (last and self.fragment(last[0])), not (head and self.fragment(head[0]))

    def words(self, before: str, reading: str, after: str) -> float:
        """The word model's log-probability of ``reading`` between its neighbours: the word counts' and the
        word-shape model's (``shapes``)."""
        left_known, right_known = self._known_edges(before, after)
        head = after.split()[:1]
        sequence = tokens(reading)
        # A block's edges are a sentence's: the markers go in as tokens (written into the text, "<s>" is
        # read as the three tokens "<", "s", ">", which no count has seen, and the edge tells nothing).
        if left_known:
            sequence = (tokens(" ".join(before.split()[-2:])) or [START]) + sequence
        if right_known and head:
            sequence += tokens(head[0])
        elif right_known and sequence[-2:] != [END, START]:
            sequence.append(END)
        elif right_known:
            sequence.pop()  # the reading ends its sentence itself: the "<s>" after it opens nothing
        shapes = self.stats.shapes
        return self.word_logprob(sequence) + (shapes.logprob(sequence) if shapes is not None else 0.0)

    def chars(self, before: str, reading: str, after: str) -> float:
        """The character model's log-probability of ``reading`` between its neighbours (0 without one)."""
        model = self.stats.chars if self.char_model else None
        if model is None:
            return 0.0
        left_known, right_known = self._known_edges(before, after)
        if not left_known:
            left = " "
        else:
            left = normalise(before)[-_CONTEXT_CHARS:]
            left = f"{left} " if left else ""
        right = f" {normalise(after)[: _CONTEXT_CHARS // 2]}" if after.split() else "\n"
        if not right_known:
            right = ""
        return model.logprob(left + normalise(reading) + right, start=len(left))
