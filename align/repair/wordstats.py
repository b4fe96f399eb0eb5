"""Word and word-pair counts of clean Arabic news: the evidence that decides how a broken line reads.

Reordering the pieces of a damaged line needs to know which words exist and which words follow each other.
Three sources are used: the article's own text, the hunspell dictionary (``Lexicon``) and the counts
here, built at run time from the clean test sets that ship with newsalign (NTREX-128, FLORES-200,
TICO-19: about 100,000 words of professionally translated news and health text). When the test sets are
not installed the counts are empty and repair relies on the article and the dictionary alone.

Tokens are words, numbers (all as ``<num>``) and punctuation marks; a sentence is wrapped in ``<s>`` …
``</s>``, and a sentence-final mark inside a line closes one sentence and opens the next, so "a line
that starts a sentence" has evidence of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import marshal
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from align.repair.charmodel import CharModel

if TYPE_CHECKING:
    from align.repair.shapes import ShapeModel
from align.text import ARABIC_BASE_LETTERS, ARABIC_MARKS, PRIVATE_USE

log = logging.getLogger(__name__)

_TOKEN = re.compile(
    f"[{ARABIC_BASE_LETTERS}{ARABIC_MARKS}]+|[A-Za-z]+"
    f"|[0-9{PRIVATE_USE}\u0660-\u0669]+(?:[.,٫٬][0-9{PRIVATE_USE}\u0660-\u0669]+)*|[^\\s\\w]"
)
_NUMBER = re.compile(f"[0-9{PRIVATE_USE}\u0660-\u0669]")
_SENTENCE_END = frozenset(".!?؟…")
_CLOSERS = frozenset("\"'”’»)]")
START, END = "<s>", "</s>"
NUM = "<num>"


def tokens(text: str) -> list[str]:
    """Words, numbers (as ``<num>``) and punctuation of ``text``; a sentence break after a sentence end."""
    out: list[str] = []
    raw = _TOKEN.findall(text)
    for i, token in enumerate(raw):
        out.append(NUM if _NUMBER.match(token) else token)
        if (token in _SENTENCE_END and not (i + 1 < len(raw) and raw[i + 1] in _CLOSERS | _SENTENCE_END)) or (
            token in _CLOSERS
            and i > 0
            and raw[i - 1] in _SENTENCE_END
            and not (i + 1 < len(raw) and raw[i + 1] in _CLOSERS)
        ):
            out.extend((END, START))
    return out


def sentence_tokens(sentence: str) -> list[str]:
    body = tokens(sentence)
    while body[-2:] == [END, START]:
        body = body[:-2]
    return [START, *body, END]


@dataclass
class WordStats:
    """Unigram, bigram and trigram counts over token sequences, and the character model of the sentences
    they were counted from (trained on first use: it costs seconds, and most articles never need it)."""

    unigrams: Counter[str] = field(default_factory=Counter)
    bigrams: Counter[tuple[str, str]] = field(default_factory=Counter)
    trigrams: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    name: str = "none"
    sentences: list[str] = field(default_factory=list, repr=False)
    _parent: WordStats | None = field(default=None, repr=False)
    _removed: list[str] = field(default_factory=list, repr=False)
    _chars: CharModel | None = field(default=None, repr=False)
    _shapes: ShapeModel | None = field(default=None, repr=False)

    @classmethod
    def from_sentences(cls, sentences: Iterable[str], name: str = "none") -> WordStats:
        stats = cls(name=name)
        for sentence in sentences:
            stats.add_sentence(sentence)
        return stats

    def add_sentence(self, sentence: str) -> None:
        self.add(sentence_tokens(sentence))
        self.sentences.append(sentence)

    @property
    def chars(self) -> CharModel | None:
        """The character model of the sentences; None when there are none."""
        if self._chars is None:
            if self._parent is not None:
                base = self._parent.chars
                self._chars = base.without(self._removed) if base is not None else None
            elif self.sentences:
                started = time.process_time()
                self._chars = CharModel().train(self.sentences)
                log.info(
                    "character model of %s: %d n-grams in %.1f s",
                    self.name,
                    len(self._chars.grams),
                    time.process_time() - started,
                )
        return self._chars

    @property
    def shapes(self) -> ShapeModel | None:
        """The word-shape model of the sentences (``shapes``); None when there are none. A held-out copy
        keeps its parent's frequent words, so that both judge shapes alike."""
        from align.repair.shapes import KEPT_WORDS, ShapeModel

        if self._shapes is None:
            if self._parent is not None:
                base = self._parent.shapes
                removed = [sentence_tokens(s) for s in self._removed]
                self._shapes = base.without(removed) if base is not None else None
            elif self.sentences:
                kept = frozenset(word for word, _ in self.unigrams.most_common(KEPT_WORDS)) | {START, END}
                self._shapes = ShapeModel.from_counts(self.unigrams, self.bigrams, self.trigrams, kept)
        return self._shapes

    def add(self, sequence: list[str], sign: int = 1) -> None:
        for token in sequence:
            self.unigrams[token] += sign
        for pair in itertools.pairwise(sequence):
            self.bigrams[pair] += sign
        for triple in zip(sequence, sequence[1:], sequence[2:], strict=False):
            self.trigrams[triple] += sign

    @property
    def total(self) -> int:
        return sum(self.unigrams.values())

    def without(self, sentences: Iterable[str]) -> WordStats:
        """A copy without the given sentences' counts (to evaluate on text the counts were built from)."""
        removed = list(sentences)
        copy = WordStats(
            Counter(self.unigrams),
            Counter(self.bigrams),
            Counter(self.trigrams),
            self.name + "-heldout",
            _parent=self,
            _removed=removed,
        )
        for sentence in removed:
            copy.add(sentence_tokens(sentence), -1)
        copy.unigrams = +copy.unigrams
        copy.bigrams = +copy.bigrams
        copy.trigrams = +copy.trigrams
        return copy


# Counting the shipped sets takes about half a second, on every run that repairs an article; the counts are
# kept in the newsalign home, keyed by this version (bump it when the counting changes) and by the size and
# modification time of the data files, and counted again whenever the copy is missing, stale or unreadable.
STATS_VERSION = 2  # 2: with the shape model's counts


@lru_cache(maxsize=1)
def corpus_stats() -> WordStats:
    """Counts over every shipped Arabic test set; empty (``name`` "none") when none is installed."""
    path = _stats_path()
    if path is not None:
        kept = _load_stats(path)
        if kept is not None:
            return kept
    stats = _count_corpora()
    if path is not None and stats.sentences:
        _save_stats(path, stats)
    return stats


def corpus_identity() -> str | None:
    """What the shipped counts are made from (this counting's version, the data files' names, sizes and
    modification times), or None when the data cannot be listed."""
    from align.datasets import data_dir

    try:
        files = sorted(data_dir().rglob("*.gz"))
        stamps = [f"{f.relative_to(data_dir())}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in files]
    except OSError:
        return None
    return f"{STATS_VERSION}|{data_dir()}|{'|'.join(stamps)}"


def _stats_path() -> Path | None:
    from align.home import home

    identity = corpus_identity()
    if identity is None:
        return None
    # marshal's format may change between Python versions: the version is part of the key
    key = hashlib.sha256(f"{sys.version_info[:2]}|{identity}".encode()).hexdigest()[:16]
    return home() / "cache" / f"wordstats-{key}.marshal"


def _load_stats(path: Path) -> WordStats | None:
    try:
        # marshal, not pickle: loading it runs no code, whoever wrote the file
        data = marshal.loads(path.read_bytes())
        counts = (Counter(data["unigrams"]), Counter(data["bigrams"]), Counter(data["trigrams"]))
        stats = WordStats(*counts, name=str(data["name"]), sentences=list(data["sentences"]))
        shapes = data["shapes"]
        from align.repair.shapes import ShapeModel

        stats._shapes = ShapeModel(frozenset(shapes["kept"]))
        stats._shapes.unigrams = Counter(shapes["unigrams"])
        stats._shapes.bigrams = Counter(shapes["bigrams"])
        stats._shapes.trigrams = Counter(shapes["trigrams"])
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged or foreign file: count again
        log.info("word counts: %s unreadable (%s); counting again", path, exc)
        return None
    return stats


def _save_stats(path: Path, stats: WordStats) -> None:
    data: dict[str, object] = {
        "unigrams": dict(stats.unigrams),
        "bigrams": dict(stats.bigrams),
        "trigrams": dict(stats.trigrams),
        "name": stats.name,
        "sentences": stats.sentences,
    }
    # The shape model is made from the counts in about half a second: kept with them.
    shapes = stats.shapes
    if shapes is not None:
        counts: dict[str, object] = {
            "kept": sorted(shapes.kept),
            "unigrams": dict(shapes.unigrams),
            "bigrams": dict(shapes.bigrams),
            "trigrams": dict(shapes.trigrams),
        }
        data["shapes"] = counts
    temporary: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".wordstats-", delete=False) as handle:
            temporary = handle.name
            handle.write(marshal.dumps(data))
        os.replace(temporary, path)  # whole or not at all: processes starting together read either
    except OSError as exc:  # a read-only home: count on every run
        log.info("word counts: cannot keep them in %s (%s)", path, exc)
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _count_corpora() -> WordStats:
    from align.datasets import shipped_sources

    stats = WordStats()
    used = []
    for name, documents in shipped_sources():
        used.append(name)
        for document in documents:
            for sentence in document:
                stats.add_sentence(sentence)
    stats.name = "+".join(used) if used else "none"
    return stats
