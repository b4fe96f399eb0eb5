"""A character n-gram model of clean Arabic news, trained at run time: how well a stretch of text reads.

Word-pair counts from about 100,000 words of text have never seen most of the word pairs of a new
article (Arabic glues articles, prepositions and pronouns to its words), so on their own they cannot tell
which of two readings of a broken line is the text. Characters generalise where words do not: that a word
ending in ة is followed by one starting with ال, that ``في`` is followed by a noun, that a sentence starts
with و. The model is an interpolated Witten-Bell n-gram over characters, counted with ``Counter`` over
string slices (about two seconds for the shipped corpora), and can leave some texts out (``without``) so
that it is measured on articles it was not built from.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from align.text import PRIVATE_USE, TATWEEL

ORDER = 7
_BOUNDARY = "\n"  # between training sentences (and at the start of the text being scored)
_DIGIT = re.compile(f"[0-9{PRIVATE_USE}\u0660-\u0669\u06f0-\u06f9]")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """What the model sees: digits as ``0`` (a number is a number, whatever font drew it), no tatweel,
    single spaces."""
    return _SPACE.sub(" ", _DIGIT.sub("0", text.replace(TATWEEL, ""))).strip()


class CharModel:
    """Counts of character n-grams (orders 1..``order``), their contexts' totals and distinct followers."""

    def __init__(self, order: int = ORDER) -> None:
        self.order = order
        self.grams: Counter[str] = Counter()
        self.totals: Counter[str] = Counter()  # context -> how often it is followed by anything
        self.types: Counter[str] = Counter()  # context -> how many distinct characters follow it
        self.alphabet = 1

    @property
    def size(self) -> int:
        return sum(1 for g in self.grams if len(g) == 1)

    def train(self, texts: Iterable[str]) -> CharModel:
        grams = _count(texts, self.order)
        self.grams = grams
        for gram, n in grams.items():
            self.totals[gram[:-1]] += n
            self.types[gram[:-1]] += 1
        self.alphabet = max(1, self.size) + 1
        return self

    def without(self, texts: Iterable[str]) -> CharModel:
        """A copy that has not seen ``texts`` (which it was trained on)."""
        removed = _count(texts, self.order)
        copy = CharModel(self.order)
        copy.grams = Counter(self.grams)
        copy.totals = Counter(self.totals)
        copy.types = Counter(self.types)
        for gram, n in removed.items():
            left = copy.grams[gram] - n
            copy.totals[gram[:-1]] -= n
            if left <= 0:
                del copy.grams[gram]
                copy.types[gram[:-1]] -= 1
            else:
                copy.grams[gram] = left
        copy.alphabet = max(1, copy.size) + 1
        return copy

    def _prob(self, history: str, char: str) -> float:
        p = 1.0 / self.alphabet
        for n in range(self.order):
            if n > len(history):
                break
            context = history[len(history) - n :] if n else ""
            total = self.totals[context]
            if total <= 0:
                break
            distinct = self.types[context]
            weight = total / (total + distinct)
            p = weight * self.grams[context + char] / total + (1.0 - weight) * p
        return p

    def logprob(self, text: str, start: int = 0) -> float:
        """Natural-log probability of ``text[start:]`` given what comes before it in ``text``."""
        padded = _BOUNDARY + text
        total = 0.0
        for i in range(start + 1, len(padded)):
            total += math.log(self._prob(padded[max(0, i - self.order + 1) : i], padded[i]))
        return total


def _count(texts: Iterable[str], order: int) -> Counter[str]:
    """N-grams of each text on its own, between boundaries (so that leaving a text out is exact).

    Counted over all texts joined by boundaries in one pass per order (several times faster than text by
    text), then the n-grams that reach across a boundary into the next text are dropped and the
    boundary, which the joined stream shares between neighbours, is counted twice per text."""
    parts = [normalise(t) for t in texts]
    stream = _BOUNDARY + _BOUNDARY.join(parts) + _BOUNDARY
    grams: Counter[str] = Counter()
    for n in range(1, order + 1):
        grams.update(stream[i : i + n] for i in range(len(stream) - n + 1))
    crossing = [g for g in grams if len(g) > 2 and _BOUNDARY in g[1:-1]]
    for gram in crossing:
        del grams[gram]
    if parts:
        grams[_BOUNDARY] = 2 * len(parts)
    return grams
