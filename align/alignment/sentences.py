"""Monotonic sentence alignment of a translation with a reference translation (Bleualign's idea).

Both sides are English — the MT output is the bridge to the Arabic source — so a plain string similarity
works: chrF (character n-grams 1..6, beta 2) between the sentences of a bead. A dynamic program over
beads (1-1, 1-0, 0-1, 2-1, 1-2 and, with ``max_bead=3``, 3-1 and 1-3) finds the path of highest total
score. A bead's score is

    chrF(hyp group, ref group) + LENGTH_WEIGHT * log N(delta; 0, 1) - MERGE_PENALTY * (sentences - 2)

with ``delta`` the Gale–Church length deviation, and a skip (1-0, 0-1) scores ``-SKIP_PENALTY``. The
penalties make a 1-1 bead win whenever it is as good as a merge, and keep skips for sentences that have
no counterpart. The constants were tuned on planted re-segmentations of NTREX-128 (tests/test_beads.py:
20 documents, ~15% of words dropped/replaced, 2-1/3-1/1-2/1-0/0-1 planted): bead F1 0.995 (0.988 on 40
held-out documents), BLEU on the found pairs within 0.01 of BLEU on the true pairs. A lower skip penalty
or a weaker length prior lets chrF's recall weighting absorb a lone hypothesis sentence into a 2-1 bead.

Speed: every sentence (and every run of 2 or 3 adjacent sentences — Counter addition) becomes an array of
interned n-gram ids and counts once; a DP row then scores all cells of the band with a few numpy gathers
(``min(hyp count, ref count)`` summed per n-gram order) instead of a Python loop per cell. The DP runs in a
diagonal band around the length-proportional diagonal, so time and memory (back-pointers only) are
O(n * band).

Confidence of a bead, in [0, 1]: the margin between its chrF and the best competing 1-1 chrF — each of its
sentences against the nearest sentences just outside the bead on the other side, the pairs a shifted
boundary would create — divided by CONFIDENCE_MARGIN and clipped. For a skip the competitor is the best
1-1 chrF of the skipped sentence with the two sentences next to the gap, and the margin is taken from
UNRELATED_CHRF (what two unrelated English news sentences typically score).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

ORDER = 6  # chrF character n-gram orders 1..6
BETA = 2.0  # chrF's recall weight
SKIP_PENALTY = 0.2
MERGE_PENALTY = 0.05
LENGTH_WEIGHT = 0.3
LENGTH_VARIANCE = 6.8  # Gale–Church's variance of the length difference per character
CONFIDENCE_MARGIN = 0.15
UNRELATED_CHRF = 0.25
# is_trustworthy: planted alignments had mean confidence >= 0.90 (mean 0.98) and <= 13% unaligned
# sentences; a translation aligned with a different document's reference had mean confidence <= 0.60
# (mean 0.35). The unaligned ratio alone does not separate them (5-40%), so it is only a sanity bound.
MIN_MEAN_CONFIDENCE = 0.75
MAX_UNALIGNED_RATIO = 0.25

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Bead:
    """Hypothesis sentence indices aligned with reference sentence indices (either may be empty)."""

    hypothesis: tuple[int, ...]
    reference: tuple[int, ...]
    score: float  # the bead's term in the DP objective
    similarity: float  # chrF in [0, 1] between the joined sentences (0 for a skip)
    confidence: float  # see the module doc

    @property
    def kind(self) -> str:
        return f"{len(self.hypothesis)}-{len(self.reference)}"


@dataclass(frozen=True)
class Alignment:
    beads: tuple[Bead, ...]
    unaligned_hypothesis: int  # sentences in 1-0 beads
    unaligned_reference: int  # sentences in 0-1 beads
    mean_confidence: float  # over all beads; 0.0 when there are none
    cells: int  # DP cells evaluated (all passes): O(n * band), the memory/time bound
    band: int  # band half-width of the final pass
    widened: bool  # whether the band had to be widened once


class _Side:
    """One side's sentences as n-gram Counters, and their runs of 1..max_bead sentences as numpy arrays
    (interned ids, counts, order, group index) concatenated per run length, indexed by the run's end."""

    def __init__(self, sentences: Sequence[str], vocab: dict[str, int]) -> None:
        self.counters = [_ngrams(s) for s in sentences]
        self.single = [
            (
                np.array([vocab.setdefault(g, len(vocab)) for g in c], dtype=np.int64),
                np.array(list(c.values()), dtype=np.int64),
            )
            for c in self.counters
        ]
        self.ids: dict[int, Ints] = {}
        self.counts: dict[int, Ints] = {}
        self.orders: dict[int, Ints] = {}
        self.groups: dict[int, Ints] = {}
        self.offsets: dict[int, Ints] = {}
        self.totals: dict[int, Floats] = {}  # (ends, ORDER): n-grams per order
        self.lengths: dict[int, Floats] = {}  # characters, whitespace excluded

    def build(self, max_bead: int, order_of: Ints) -> None:
        """Run arrays; a run's Counter is the sum of its sentences' (n-grams across a join are left out)."""
        n = len(self.single)
        empty = np.zeros(0, dtype=np.int64)
        for size in range(1, max_bead + 1):
            runs: list[tuple[Ints, Ints]] = [(empty, empty)] * min(size, n + 1)
            for end in range(size, n + 1):
                if size == 1:
                    runs.append(self.single[end - 1])
                    continue
                ids, inverse = np.unique(
                    np.concatenate([self.single[k][0] for k in range(end - size, end)]), return_inverse=True
                )
                counts = np.concatenate([self.single[k][1] for k in range(end - size, end)])
                runs.append((ids, np.bincount(inverse, weights=counts).astype(np.int64)))
            self.ids[size] = np.concatenate([r[0] for r in runs])
            self.counts[size] = np.concatenate([r[1] for r in runs])
            self.orders[size] = order_of[self.ids[size]]
            sizes = np.array([len(r[0]) for r in runs], dtype=np.int64)
            self.groups[size] = np.repeat(np.arange(n + 1, dtype=np.int64), sizes)
            self.offsets[size] = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
            totals = np.bincount(
                self.groups[size] * ORDER + self.orders[size],
                weights=self.counts[size],
                minlength=(n + 1) * ORDER,
            )
            self.totals[size] = totals.reshape(n + 1, ORDER).astype(np.float64)
            self.lengths[size] = self.totals[size][:, 0].copy()

    def run(self, size: int, end: int) -> tuple[Ints, Ints]:
        span = slice(int(self.offsets[size][end]), int(self.offsets[size][end + 1]))
        return self.ids[size][span], self.counts[size][span]


def _ngrams(sentence: str) -> Counter[str]:
    text = "".join(sentence.split())  # chrF ignores whitespace
    grams: Counter[str] = Counter()
    for n in range(1, ORDER + 1):
        grams.update(text[k : k + n] for k in range(len(text) - n + 1))
    return grams


def _fscore(matches: Floats, hyp_totals: Floats, ref_totals: Floats) -> Floats:
    """chrF per row from per-order matches and totals, as sacrebleu's default computes it: precision and
    recall averaged over the orders that have n-grams on both sides, then the F-beta of the averages."""
    effective = (hyp_totals > 0) & (ref_totals > 0)
    used = np.maximum(effective.sum(axis=-1), 1)
    precision = np.where(effective, matches / np.maximum(hyp_totals, 1), 0.0).sum(axis=-1) / used
    recall = np.where(effective, matches / np.maximum(ref_totals, 1), 0.0).sum(axis=-1) / used
    b2 = BETA * BETA
    denominator = b2 * precision + recall
    return np.asarray(
        np.where(denominator > 0, (1 + b2) * precision * recall / np.maximum(denominator, 1e-12), 0.0),
        dtype=np.float64,
    )


def chrf(hypothesis: Counter[str], reference: Counter[str]) -> float:
    """chrF in [0, 1] of two n-gram Counters (from :func:`_ngrams`, possibly added up)."""
    matches, hyp, ref = np.zeros(ORDER), np.zeros(ORDER), np.zeros(ORDER)
    for gram, count in hypothesis.items():
        hyp[len(gram) - 1] += count
        matches[len(gram) - 1] += min(count, reference.get(gram, 0))
    for gram, count in reference.items():
        ref[len(gram) - 1] += count
    return float(_fscore(matches, hyp, ref))


def _length_prior(hyp_len: Floats | float, ref_len: Floats) -> Floats:
    """Gale–Church log-density (constant dropped) of the length difference, both sides English."""
    mean = np.maximum((hyp_len + ref_len) / 2, 1.0)
    delta = (ref_len - hyp_len) / np.sqrt(LENGTH_VARIANCE * mean)
    return np.asarray(-0.5 * delta * delta, dtype=np.float64)


def _bead_types(max_bead: int) -> list[tuple[int, int]]:
    # (hyp sentences, ref sentences); 0-1 is handled inside a row, after the others
    types = [(1, 1), (1, 0), (2, 1), (1, 2)]
    if max_bead >= 3:
        types += [(3, 1), (1, 3)]
    return types


def _shift(row: Floats, delta: int, fill: float = -math.inf) -> Floats:
    """``out[k] = row[k + delta]`` where that index exists, else ``fill``."""
    out = np.full(len(row), fill)
    if delta >= 0:
        if delta < len(row):
            out[: len(row) - delta] = row[delta:]
    elif -delta < len(row):
        out[-delta:] = row[: len(row) + delta]
    return out


def _row_similarity(
    hyp: _Side, ref: _Side, a: int, b: int, i: int, lo: int, width: int, lookup: Ints
) -> Floats:
    """chrF of hyp run [i-a, i) against each ref run [j-b, j), j in the row's window (-inf off range)."""
    out = np.full(width, -math.inf)
    m = len(ref.counters)
    first, last = max(lo, b), min(lo + width - 1, m)
    if i < a or first > last:
        return out
    h_ids = hyp.ids[a][hyp.offsets[a][i] : hyp.offsets[a][i + 1]]
    lookup[h_ids] = hyp.counts[a][hyp.offsets[a][i] : hyp.offsets[a][i + 1]]
    span = slice(int(ref.offsets[b][first]), int(ref.offsets[b][last + 1]))
    hits = np.minimum(lookup[ref.ids[b][span]], ref.counts[b][span])
    lookup[h_ids] = 0
    cells = last - first + 1
    index = (ref.groups[b][span] - first) * ORDER + ref.orders[b][span]
    matches = (
        np.bincount(index, weights=hits, minlength=cells * ORDER).reshape(cells, ORDER).astype(np.float64)
    )
    sim = _fscore(matches, hyp.totals[a][i], ref.totals[b][first : last + 1])
    prior = _length_prior(hyp.lengths[a][i], ref.lengths[b][first : last + 1])
    out[first - lo : last - lo + 1] = sim + LENGTH_WEIGHT * prior - MERGE_PENALTY * (a + b - 2)
    return out


def _centre(i: int, n: int, m: int) -> int:
    return round(i * m / n)


def _dp(
    hyp: _Side, ref: _Side, band: int, max_bead: int, lookup: Ints
) -> tuple[list[tuple[int, int, int, int]], int, bool]:
    """Best path as (i0, i1, j0, j1) beads, cells evaluated, and whether it touches the band edge."""
    n, m = len(hyp.counters), len(ref.counters)
    types = _bead_types(max_bead)
    width = 2 * band + 1
    columns = np.arange(width)
    los = [_centre(i, n, m) - band for i in range(n + 1)]
    rows: list[Floats] = []  # only the last max_bead rows are needed; older ones are dropped
    pointers = np.zeros((n + 1, width), dtype=np.int8)  # index into types; len(types) means 0-1
    cells = 0
    for i in range(n + 1):
        lo = los[i]
        valid = (lo + columns >= 0) & (lo + columns <= m)
        cells += int(valid.sum())
        best = np.full(width, -math.inf)
        if i == 0:
            best[-lo] = 0.0  # cell (0, 0); lo <= 0 here
        for t, (a, b) in enumerate(types):
            if i < a:
                continue
            previous = _shift(rows[i - a], lo - los[i - a] - b)
            if b == 0:
                candidate = previous - SKIP_PENALTY
            else:
                candidate = previous + _row_similarity(hyp, ref, a, b, i, lo, width, lookup)
            better = candidate > best
            best = np.where(better, candidate, best)
            pointers[i, better] = t
        # 0-1 beads chain inside the row: D[k] = max(A[k], D[k-1] - skip) is a running maximum
        ramp = SKIP_PENALTY * columns
        running = np.maximum.accumulate(best + ramp)
        pointers[i, running > best + ramp] = len(types)
        best = np.where(valid, running - ramp, -math.inf)
        rows.append(best)
        if i >= max_bead:
            rows[i - max_bead] = best[:0]  # free memory: only back-pointers are kept for old rows
    path: list[tuple[int, int, int, int]] = []
    i, j, edge = n, m, False
    while i > 0 or j > 0:
        k = j - los[i]
        edge = edge or (k in (0, width - 1) and 0 < j < m)
        t = int(pointers[i, k])
        a, b = types[t] if t < len(types) else (0, 1)
        path.append((i - a, i, j - b, j))
        i, j = i - a, j - b
    path.reverse()
    return path, cells, edge


def align_sentences(
    hypothesis: Sequence[str], reference: Sequence[str], *, max_bead: int = 3, band: int | None = None
) -> Alignment:
    """Monotonic bead alignment of MT sentences with reference sentences (see the module doc).

    ``band`` is the half-width of the diagonal band, in reference sentences; default
    ``max(20, 10% of the longer side)``, at least ``ceil(m / n) + 1``. If the best path touches the band's
    edge the DP is rerun once with twice the band.
    """
    if max_bead not in (2, 3):
        raise ValueError(f"max_bead must be 2 or 3, not {max_bead}")
    n, m = len(hypothesis), len(reference)
    if n == 0 or m == 0:
        beads = tuple(Bead((i,), (), -SKIP_PENALTY, 0.0, 1.0) for i in range(n)) + tuple(
            Bead((), (j,), -SKIP_PENALTY, 0.0, 1.0) for j in range(m)
        )
        return Alignment(beads, n, m, 1.0 if beads else 0.0, 0, 0, False)
    vocab: dict[str, int] = {}
    hyp, ref = _Side(hypothesis, vocab), _Side(reference, vocab)
    order_of = np.zeros(len(vocab), dtype=np.int64)
    for gram, index in vocab.items():
        order_of[index] = len(gram) - 1
    hyp.build(max_bead, order_of)
    ref.build(max_bead, order_of)
    lookup = np.zeros(len(vocab), dtype=np.int64)
    half = max(20, math.ceil(0.1 * max(n, m))) if band is None else band
    # Consecutive rows' windows must overlap or the end cell is unreachable: the diagonal moves m/n
    # reference sentences per hypothesis sentence.
    half = max(half, math.ceil(m / n) + 1)
    path, cells, edge = _dp(hyp, ref, half, max_bead, lookup)
    widened = False
    if edge and half < max(n, m):
        half *= 2
        path, more, _ = _dp(hyp, ref, half, max_bead, lookup)
        cells, widened = cells + more, True
    beads = tuple(_bead(hyp, ref, *p, order_of) for p in path)
    return Alignment(
        beads=beads,
        unaligned_hypothesis=sum(1 for b in beads if not b.reference),
        unaligned_reference=sum(1 for b in beads if not b.hypothesis),
        mean_confidence=sum(b.confidence for b in beads) / len(beads),
        cells=cells,
        band=half,
        widened=widened,
    )


def _run_chrf(hyp: _Side, a: int, i: int, ref: _Side, b: int, j: int, order_of: Ints) -> float:
    """chrF of hyp run [i-a, i) against ref run [j-b, j); 0 when either is out of range."""
    if not (a <= i <= len(hyp.single) and b <= j <= len(ref.single)):
        return 0.0
    (h_ids, h_counts), (r_ids, r_counts) = hyp.run(a, i), ref.run(b, j)
    _, h_at, r_at = np.intersect1d(h_ids, r_ids, assume_unique=True, return_indices=True)
    hits = np.minimum(h_counts[h_at], r_counts[r_at])
    matches = np.bincount(order_of[h_ids[h_at]], weights=hits, minlength=ORDER).astype(np.float64)
    return float(_fscore(matches, hyp.totals[a][i], ref.totals[b][j]))


def _bead(hyp: _Side, ref: _Side, i0: int, i1: int, j0: int, j1: int, order_of: Ints) -> Bead:
    """A bead with its score, similarity and confidence (see the module doc for the competitors)."""

    def pair(i: int, j: int) -> float:  # sentence i against sentence j
        return _run_chrf(hyp, 1, i + 1, ref, 1, j + 1, order_of) if i >= 0 and j >= 0 else 0.0

    hyp_range, ref_range = tuple(range(i0, i1)), tuple(range(j0, j1))
    if not hyp_range or not ref_range:  # a skip: how clearly the sentence matches nothing next to the gap
        before = pair(i0, j0 - 1) if hyp_range else pair(i0 - 1, j0)
        competitors = [before, pair(i0, j0)]
        margin = UNRELATED_CHRF - max(competitors)
        confidence = min(1.0, max(0.0, margin / CONFIDENCE_MARGIN + 0.5))
        return Bead(hyp_range, ref_range, -SKIP_PENALTY, 0.0, confidence)
    a, b = i1 - i0, j1 - j0
    similarity = _run_chrf(hyp, a, i1, ref, b, j1, order_of)
    prior = float(_length_prior(hyp.lengths[a][i1], np.array(ref.lengths[b][j1])))
    score = similarity + LENGTH_WEIGHT * prior - MERGE_PENALTY * (a + b - 2)
    competitors = [pair(i, j) for i in hyp_range for j in (j0 - 1, j1)]
    competitors += [pair(i, j) for j in ref_range for i in (i0 - 1, i1)]
    margin = similarity - max(competitors)
    confidence = min(1.0, max(0.0, margin / CONFIDENCE_MARGIN))
    return Bead(hyp_range, ref_range, score, similarity, confidence)


def is_trustworthy(
    alignment: Alignment,
    *,
    min_mean_confidence: float = MIN_MEAN_CONFIDENCE,
    max_unaligned_ratio: float = MAX_UNALIGNED_RATIO,
) -> tuple[bool, str]:
    """Whether scoring on this alignment is meaningful; the reason in one line when it is not."""
    sentences = sum(len(b.hypothesis) + len(b.reference) for b in alignment.beads)
    if sentences == 0:
        return False, "nothing to align: both sides are empty"
    unaligned = alignment.unaligned_hypothesis + alignment.unaligned_reference
    ratio = unaligned / sentences
    if ratio > max_unaligned_ratio:
        return False, (
            f"{unaligned} of {sentences} sentences have no counterpart "
            f"({ratio:.0%} > {max_unaligned_ratio:.0%}): do the texts match?"
        )
    if alignment.mean_confidence < min_mean_confidence:
        return False, (
            f"mean bead confidence {alignment.mean_confidence:.2f} < {min_mean_confidence:.2f}: "
            "the sentences do not clearly correspond"
        )
    return True, ""


def aligned_pairs(
    alignment: Alignment, hypothesis: Sequence[str], reference: Sequence[str]
) -> list[tuple[str, str]]:
    """(hypothesis, reference) text per non-skip bead, each side's sentences joined with a space."""
    return [
        (" ".join(hypothesis[i] for i in b.hypothesis), " ".join(reference[j] for j in b.reference))
        for b in alignment.beads
        if b.hypothesis and b.reference
    ]
