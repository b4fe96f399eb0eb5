"""Which of two readings of a drawn line is the text: the one whose neighbouring words are pairs that Arabic
text uses.

A line that draws the same in both directions (TCPDF and python-bidi set each line by its first strong
letter, so a line that starts with a Latin word is drawn left to right) has two readings, with its Arabic
words in opposite orders. The glyphs cannot tell them apart; the words can: "سقوط الأمطار يصل" is Arabic,
"يصل الأمطار سقوط" is not. The pairs come from the shipped clean corpora (the same test sets repair counts
words of) and from the article's own lines that have one reading. Read only when a line needs it.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache

from align.text import ARABIC_BASE_LETTERS

_WORD = re.compile(f"[{ARABIC_BASE_LETTERS}]+|[0-9\u0660-\u0669]+|[A-Za-z]+")


def words(text: str) -> list[str]:
    """The words of ``text`` as pairs are counted: Arabic letters only (presentation forms unfolded, marks
    and tatweel dropped), every number as one token and every Latin word as another."""
    plain = unicodedata.normalize("NFKC", text).replace("\u0640", "")
    out = []
    for word in _WORD.findall(plain):
        if word[0].isdigit():
            out.append("<number>")
        elif word.isascii():
            out.append("<latin>")
        else:
            out.append(word)
    return out


def pairs(texts: Iterable[str]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for text in texts:
        sequence = words(text)
        found.update(itertools.pairwise(sequence))
    return found


@lru_cache(maxsize=1)
def corpus_pairs() -> frozenset[tuple[str, str]]:
    """Neighbouring word pairs of every shipped Arabic test set (empty when none is installed)."""
    from align.datasets import shipped_sources

    found: set[tuple[str, str]] = set()
    for _, documents in shipped_sources():
        found |= pairs(sentence for document in documents for sentence in document)
    return frozenset(found)


def known_pairs(reading: str, before: str, after: str, article: set[tuple[str, str]]) -> int:
    """How many neighbouring word pairs of ``reading``, with the last word of ``before`` and the first of
    ``after`` (the lines around it), the corpora or the article use."""
    sequence = words(before)[-1:] + words(reading) + words(after)[:1]
    corpus = corpus_pairs()
    return sum(pair in corpus or pair in article for pair in itertools.pairwise(sequence))


def best_reading(readings: Sequence[str], before: str, after: str, article: set[tuple[str, str]]) -> int:
    """The index of the reading with the most known pairs; the first on a tie."""
    scores = [known_pairs(reading, before, after, article) for reading in readings]
    return max(range(len(readings)), key=lambda i: (scores[i], -i))
