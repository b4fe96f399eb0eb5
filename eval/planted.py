"""Planted sentence alignments built from the shipped test sets, for the sentence aligner and the scores on
top of it.

No real MT output or literary reference ships with newsalign, so every case here starts from a test set's
English side (the original) and plants a known answer. The hypothesis is the English itself, or a
deterministic corruption of it standing in for MT output; the reference is re-segmented and, for the free
cases, paraphrased. Every case knows its gold beads, so bead F1 and the score on the gold alignment can be
computed. All functions are pure given their ``seed``.

Cases:

- ``close``: a lightly corrupted hypothesis against a re-segmented reference (2-1, 3-1, 1-2, 1-0, 0-1);
- ``free``: a strongly corrupted hypothesis against a paraphrase-like reference: 2-9 sentences merged into
  one (on either side), sentences split in two or three, clauses reordered, function words dropped,
  synonyms substituted;
- ``other``: a hypothesis against another document's reference (nothing corresponds);
- ``switch``: the reference follows the document for a while, then switches to another document;
- ``preface`` / ``appendix``: 30 % extra sentences from another document before / after one side.
"""

from __future__ import annotations

import itertools
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

GoldBead = tuple[tuple[int, ...], tuple[int, ...]]

FILLERS = "the a of said new year people government city report also more".split()
FUNCTION_WORDS = frozenset(
    "the a an of to in on at for by with from and or but that which who is are was were be been has have had"
    " it its this these those as".split()
)
SYNONYMS = {
    "said": "stated", "says": "states", "told": "informed", "big": "large", "large": "sizeable",
    "small": "little", "new": "fresh", "people": "persons", "government": "administration",
    "country": "nation", "city": "town", "show": "reveal", "shows": "reveals", "showed": "revealed",
    "began": "started", "start": "begin", "started": "began", "end": "close", "ended": "concluded",
    "found": "discovered", "help": "assist", "helped": "assisted", "make": "create", "made": "created",
    "many": "numerous", "more": "additional", "most": "the majority of", "also": "too", "very": "highly",
    "important": "significant", "before": "prior to", "after": "following", "about": "around",
    "however": "yet", "because": "since", "while": "whereas", "use": "employ", "used": "employed",
    "children": "kids", "house": "home", "buy": "purchase", "get": "obtain", "got": "obtained",
    "think": "believe", "want": "wish", "need": "require", "like": "such as", "work": "labour",
    "first": "initial", "last": "final", "old": "aged", "hard": "difficult", "quickly": "rapidly",
    "world": "globe", "job": "post", "money": "funds", "week": "seven days", "year": "twelve months",
}  # fmt: skip


@dataclass(frozen=True)
class Case:
    """One planted document: hypothesis and reference sentences, the gold beads (``None`` when nothing
    corresponds, as for another document), and where a switch or extra sentences begin."""

    kind: str
    hypothesis: list[str]
    reference: list[str]
    gold: list[GoldBead] | None
    note: str = ""


def corrupt(sentence: str, rng: random.Random, rate: float) -> str:
    """Drop or replace about ``rate`` of the words and swap a pair now and then: an imperfect translation."""
    words: list[str] = []
    for word in sentence.split():
        roll = rng.random()
        if roll < rate / 2:
            continue
        words.append(rng.choice(FILLERS) if roll < rate else word)
    if len(words) > 3 and rng.random() < rate:
        k = rng.randrange(len(words) - 1)
        words[k], words[k + 1] = words[k + 1], words[k]
    return " ".join(words) or sentence


def paraphrase(sentence: str, rng: random.Random, drop: float = 0.0) -> str:
    """A free rendering of ``sentence``: clauses reordered, function words dropped, synonyms, and a share
    ``drop`` of the other words left out or replaced (details a free translation omits or renders freely)."""
    clauses = re.split(r"(?<=,)\s+", sentence)
    if len(clauses) > 1 and rng.random() < 0.5:
        k = rng.randrange(len(clauses) - 1)
        clauses[k], clauses[k + 1] = clauses[k + 1], clauses[k]
    words = []
    for word in " ".join(clauses).split():
        bare = word.lower().strip(".,;:!?\"'()")
        if bare in FUNCTION_WORDS and rng.random() < 0.5:
            continue
        if bare in SYNONYMS and rng.random() < 0.8:
            word = word.lower().replace(bare, SYNONYMS[bare])
        elif rng.random() < drop:
            if rng.random() < 0.5:
                continue
            word = rng.choice(FILLERS)
        words.append(word)
    return " ".join(words) or sentence


def split_sentence(sentence: str, parts: int = 2) -> list[str] | None:
    """At commas nearest the even cut points, else between words; None when too short."""
    words = sentence.split()
    if len(words) < 6 * parts:
        return None
    cuts = []
    for p in range(1, parts):
        target = len(words) * p / parts
        commas = [k + 1 for k, w in enumerate(words[2:-3], start=2) if w.endswith(",")]
        near = [c for c in commas if abs(c - target) < len(words) / (2 * parts)]
        cuts.append(min(near, key=lambda c: abs(c - target)) if near else round(target))
    bounds = [0, *sorted(set(cuts)), len(words)]
    pieces = [" ".join(words[a:b]) for a, b in itertools.pairwise(bounds) if b > a]
    return pieces if len(pieces) == parts else None


def close(sentences: Sequence[str], seed: int, rate: float = 0.15) -> Case:
    """Lightly corrupted hypothesis, re-segmented reference (the planted structure of a close translation)."""
    rng = random.Random(seed)
    hyp: list[str] = []
    ref: list[str] = []
    gold: list[GoldBead] = []
    k = 0
    while k < len(sentences):
        roll = rng.random()
        take = 1
        if roll < 0.08 and k + 1 < len(sentences):
            take = 2
        elif roll < 0.12 and k + 2 < len(sentences):
            take = 3
        group = list(sentences[k : k + take])
        halves = split_sentence(group[0]) if take == 1 and 0.12 <= roll < 0.22 else None
        h_index = tuple(range(len(hyp), len(hyp) + take))
        if 0.22 <= roll < 0.25:
            hyp.append(corrupt(group[0], rng, rate))
            gold.append((h_index[:1], ()))
        elif 0.25 <= roll < 0.28:
            gold.append(((), (len(ref),)))
            ref.append(group[0])
        else:
            hyp.extend(corrupt(s, rng, rate) for s in group)
            pieces = halves or [" ".join(group)]
            gold.append((h_index, tuple(range(len(ref), len(ref) + len(pieces)))))
            ref.extend(pieces)
        k += take
    return Case("close", hyp, ref, gold)


def free(
    sentences: Sequence[str], seed: int, rate: float = 0.3, drop: float = 0.0, kind: str = "free"
) -> Case:
    """A strongly corrupted hypothesis against a paraphrase-like reference with long merges on both sides.

    About a fifth of the groups join 2-9 sentences: one long hypothesis sentence for several reference
    sentences (how a free translation breaks one source sentence into many), or several hypothesis
    sentences for one long reference sentence. Others split a sentence in two or three.
    """
    rng = random.Random(seed)
    hyp: list[str] = []
    ref: list[str] = []
    gold: list[GoldBead] = []
    k = 0
    while k < len(sentences):
        roll = rng.random()
        left = len(sentences) - k
        if roll < 0.12 and left >= 2:  # one hypothesis sentence, several reference sentences
            take = min(left, rng.randint(2, 9))
            group = sentences[k : k + take]
            gold.append(((len(hyp),), tuple(range(len(ref), len(ref) + take))))
            hyp.append(" ".join(corrupt(s, rng, rate) for s in group))
            ref.extend(paraphrase(s, rng, drop) for s in group)
        elif roll < 0.2 and left >= 2:  # several hypothesis sentences, one reference sentence
            take = min(left, rng.randint(2, 9))
            group = sentences[k : k + take]
            gold.append((tuple(range(len(hyp), len(hyp) + take)), (len(ref),)))
            hyp.extend(corrupt(s, rng, rate) for s in group)
            ref.append(" ".join(paraphrase(s, rng, drop) for s in group))
        else:
            take = 1
            sentence = sentences[k]
            parts = (
                split_sentence(paraphrase(sentence, rng, drop), rng.choice((2, 3))) if roll < 0.32 else None
            )
            pieces = parts or [paraphrase(sentence, rng, drop)]
            gold.append(((len(hyp),), tuple(range(len(ref), len(ref) + len(pieces)))))
            hyp.append(corrupt(sentence, rng, rate))
            ref.extend(pieces)
        k += take
    return Case(kind, hyp, ref, gold)


def other(hyp_sentences: Sequence[str], ref_sentences: Sequence[str], seed: int, rate: float = 0.15) -> Case:
    """A hypothesis of one document against the reference of another."""
    rng = random.Random(seed)
    return Case("other", [corrupt(s, rng, rate) for s in hyp_sentences], list(ref_sentences), None)


def switch(sentences: Sequence[str], foreign: Sequence[str], seed: int, at: float = 0.5) -> Case:
    """The reference follows the document up to ``at`` of its sentences, then another document's."""
    rng = random.Random(seed)
    cut = max(1, round(len(sentences) * at))
    hyp = [corrupt(s, rng, 0.15) for s in sentences]
    ref = list(sentences[:cut]) + list(foreign[: len(sentences) - cut])
    gold: list[GoldBead] = [((i,), (i,)) for i in range(cut)]
    return Case("switch", hyp, ref, gold, note=f"reference switches at sentence {cut + 1}")


def extra(
    sentences: Sequence[str], foreign: Sequence[str], seed: int, *, where: str, side: str, share: float = 0.3
) -> Case:
    """``share`` extra sentences (from another document) ``where`` ("start" or "end") of one ``side``."""
    rng = random.Random(seed)
    count = max(1, round(len(sentences) * share))
    added = list(foreign[:count])
    count = len(added)
    hyp = [corrupt(s, rng, 0.15) for s in sentences]
    ref = list(sentences)
    pairs: list[GoldBead] = [((i,), (i,)) for i in range(len(sentences))]
    if side == "reference":
        ref = added + ref if where == "start" else ref + added
        shift = count if where == "start" else 0
        pairs = [((i,), (i + shift,)) for i in range(len(sentences))]
        skips: list[GoldBead] = [
            ((), (j,))
            for j in (range(count) if where == "start" else range(len(sentences), len(sentences) + count))
        ]
    else:
        noisy = [corrupt(s, rng, 0.15) for s in added]
        hyp = noisy + hyp if where == "start" else hyp + noisy
        shift = count if where == "start" else 0
        pairs = [((i + shift,), (i,)) for i in range(len(sentences))]
        skips = [
            ((i,), ())
            for i in (range(count) if where == "start" else range(len(sentences), len(sentences) + count))
        ]
    gold = skips + pairs if where == "start" else pairs + skips
    kind = "preface" if where == "start" else "appendix"
    return Case(f"{kind}-{side}", hyp, ref, gold)


def bead_f1(found: Sequence[GoldBead], gold: Sequence[GoldBead]) -> float:
    """Strict bead F1: a found bead counts only when it equals a gold bead exactly."""
    hits = len(set(found) & set(gold))
    if not found or not gold or not hits:
        return 0.0
    precision, recall = hits / len(found), hits / len(gold)
    return 2 * precision * recall / (precision + recall)


def cases(documents: Sequence[Sequence[str]], kinds: Sequence[str], *, seed: int = 0) -> list[Case]:
    """Planted cases of each kind, one per document (another document is the next one in the list)."""
    out: list[Case] = []
    for index, sentences in enumerate(documents):
        foreign = documents[(index + 1) % len(documents)]
        s = seed + index
        for kind in kinds:
            if kind == "close":
                out.append(close(sentences, s))
            elif kind == "free":
                out.append(free(sentences, s))
            elif kind == "loose":  # as free as the literary translations newsalign must not refuse
                out.append(free(sentences, s, rate=0.4, drop=0.4, kind="loose"))
            elif kind == "looser":
                out.append(free(sentences, s, rate=0.5, drop=0.6, kind="looser"))
            elif kind == "other":
                out.append(other(sentences, foreign, s))
            elif kind == "switch":
                out.append(switch(sentences, [*foreign, *documents[(index + 2) % len(documents)]], s))
            elif kind.startswith(("preface", "appendix")):
                where = "start" if kind.startswith("preface") else "end"
                side = "hypothesis" if kind.endswith("hypothesis") else "reference"
                pool = [*foreign, *documents[(index + 2) % len(documents)]]
                out.append(extra(sentences, pool, s, where=where, side=side))
            else:
                raise ValueError(f"unknown planted case {kind!r}")
    return out
