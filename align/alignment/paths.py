"""The bead dynamic program: the best monotonic path through a band of cells, as a pure function of
pre-computed dot products (``align.alignment.similarity``).

Cell ``(i, j)`` means "the first ``i`` hypothesis and ``j`` reference sentences are aligned". A bead moves
from ``(i - a, j - b)`` to ``(i, j)``; the beads are 1-0 and 0-1 (skips), 1-b for ``b <= max_ref`` and a-1
for ``a <= max_hyp``. A bead's score is

    cos(hyp run, ref run) + LENGTH_WEIGHT * log N(delta; 0, 1) - MERGE_PENALTY * (a + b - 2)

with ``delta`` the Gale–Church deviation of the two character lengths; a skip scores ``-SKIP_PENALTY``.
Row ``i`` only holds the cells ``low[i] <= j <= high[i]`` (the band); every row's cells are scored with a
few numpy operations, so time is linear in the number of cells and memory holds one byte of back-pointer
per cell plus the last ``max_hyp`` rows of scores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from align.alignment.similarity import Band

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Weights:
    skip: float = 0.2  # a sentence left without counterpart
    merge: float = 0.03  # per sentence beyond the first on each side
    length: float = 0.1  # weight of the length prior
    variance: float = 6.8  # Gale–Church's variance of the length difference per character


@dataclass(frozen=True)
class Side:
    """What the program needs of one side: squared norms and character lengths of every run of up to
    ``depth`` adjacent sentences, indexed by the run's size and its end."""

    norms: Floats  # (depth + 1, n + 1): norms[k, e] = |v[e-k] + ... + v[e-1]|^2 (nan where e < k)
    lengths: Floats  # same shape: characters in the run

    @classmethod
    def build(cls, neighbours: Floats, lengths: Floats, depth: int) -> Side:
        """From ``neighbours[i, d] = v[i] . v[i+d]`` (``d < depth``) and per-sentence lengths."""
        n = len(lengths)
        norms = np.full((depth + 1, n + 1), np.nan)
        runs = np.full((depth + 1, n + 1), np.nan)
        norms[0], runs[0] = 0.0, 0.0
        cumulative = np.concatenate([[0.0], np.cumsum(lengths)])
        for k in range(1, depth + 1):
            if k > n:
                break
            ends = np.arange(k, n + 1)
            starts = ends - k
            # |run of k|^2 = |run of k-1 ending one earlier|^2 + |v[e-1]|^2 + 2 sum_d v[e-1-d] . v[e-1]
            cross = np.zeros(len(ends))
            for d in range(1, k):
                cross += neighbours[ends - 1 - d, d]
            previous = norms[k - 1, ends - 1] if k > 1 else np.zeros(len(ends))
            norms[k, ends] = previous + neighbours[ends - 1, 0] + 2 * cross
            runs[k, ends] = cumulative[ends] - cumulative[starts]
        return cls(norms, runs)


@dataclass(frozen=True)
class Path:
    beads: list[tuple[int, int, int, int]]  # (i0, i1, j0, j1) per bead, in order
    score: float
    cells: int
    contacts: list[int]  # rows where the path touches an inner edge of the band


def types(max_hyp: int, max_ref: int) -> list[tuple[int, int]]:
    """Bead shapes in the order of the back-pointer codes; 0-1 comes last (it chains inside a row)."""
    return [
        (1, 0),
        *((1, b) for b in range(1, max_ref + 1)),
        *((a, 1) for a in range(2, max_hyp + 1)),
        (0, 1),
    ]


def _prior(hyp_len: Floats, ref_len: Floats, variance: float) -> Floats:
    mean = np.maximum((hyp_len + ref_len) / 2, 1.0)
    delta = (ref_len - hyp_len) / np.sqrt(variance * mean)
    return np.asarray(-0.5 * delta * delta, dtype=np.float64)


def bead_scores(
    dots: Floats, hyp: Side, ref: Side, a: int, i: int, b: int, j: Ints | int, weights: Weights
) -> tuple[Floats, Floats]:
    """(score, cosine) of the bead of ``a`` hypothesis sentences ending at ``i`` against ``b`` reference
    sentences ending at each ``j``, given their dot product ``dots``."""
    denominator = np.sqrt(hyp.norms[a, i] * ref.norms[b, j])
    cosine = np.where(denominator > 0, dots / np.where(denominator > 0, denominator, 1.0), 0.0)
    prior = _prior(hyp.lengths[a, i], ref.lengths[b, j], weights.variance)
    score = cosine + weights.length * prior - weights.merge * (a + b - 2)
    return np.asarray(score, dtype=np.float64), np.asarray(cosine, dtype=np.float64)


def _block_scores(
    band: Band,
    hyp: Side,
    ref: Side,
    rows: Ints,
    low: Ints,
    width: int,
    max_hyp: int,
    max_ref: int,
    weights: Weights,
) -> Floats:
    """Scores of every bead shape ending in every cell of ``rows`` (``rows >= 1``), as an array
    (shapes except the two skips, row, cell - low[row]); -inf where the bead does not exist."""
    m = ref.norms.shape[1] - 1
    j = low[rows][:, None] + np.arange(width)[None, :]  # (rows, width) absolute columns
    out = np.full((max_ref + max_hyp - 1, len(rows), width), -math.inf)
    # 1-b: hypothesis sentence i-1 against reference runs [j-b, j), from the band's running sums
    s = rows - 1
    base = (band.start[s] - band.lo[s])[:, None]
    lo_s, hi_s = band.lo[s][:, None], band.hi[s][:, None]
    upper = band.running[base + np.clip(j, lo_s, hi_s)]
    for b in range(1, max_ref + 1):
        first = j - b
        dots = upper - band.running[base + np.clip(first, lo_s, hi_s)]
        score = _score(
            dots,
            hyp.norms[1, rows][:, None],
            ref.norms[b, np.clip(j, 0, m)],
            hyp.lengths[1, rows][:, None],
            ref.lengths[b, np.clip(j, 0, m)],
            1,
            b,
            weights,
        )
        out[b - 1] = np.where((first >= 0) & (j <= m), score, -math.inf)
    # a-1: hypothesis runs [i-a, i) against reference sentence j-1
    column = j - 1
    dots = np.zeros(j.shape)
    for a in range(1, max_hyp + 1):
        s = rows - a
        ok = s >= 0
        s = np.maximum(s, 0)
        inside = ok[:, None] & (column >= band.lo[s][:, None]) & (column < band.hi[s][:, None])
        index = np.where(inside, (band.start[s] - band.lo[s])[:, None] + column, 0)
        dots = dots + np.where(inside, band.values[index] if len(band.values) else 0.0, 0.0)
        if a == 1:
            continue
        ends = np.clip(j, 0, m)
        score = _score(
            dots,
            hyp.norms[a, rows][:, None],
            ref.norms[1, ends],
            hyp.lengths[a, rows][:, None],
            ref.lengths[1, ends],
            a,
            1,
            weights,
        )
        out[max_ref + a - 2] = np.where(ok[:, None] & (column >= 0) & (j <= m), score, -math.inf)
    return out


def _score(
    dots: Floats,
    hyp_norm: Floats,
    ref_norm: Floats,
    hyp_len: Floats,
    ref_len: Floats,
    a: int,
    b: int,
    weights: Weights,
) -> Floats:
    with np.errstate(invalid="ignore"):
        denominator = np.sqrt(hyp_norm * ref_norm)
        cosine = np.where(denominator > 0, dots / np.where(denominator > 0, denominator, 1.0), 0.0)
    prior = _prior(hyp_len, ref_len, weights.variance)
    return np.asarray(cosine + weights.length * prior - weights.merge * (a + b - 2), dtype=np.float64)


BLOCK_ROWS = 256
BLOCK_CELLS = 65_536  # cells per block of pre-computed scores (times the bead shapes, 8 bytes each)


def best_path(
    band: Band, hyp: Side, ref: Side, low: Ints, high: Ints, max_hyp: int, max_ref: int, weights: Weights
) -> Path:
    """The highest-scoring monotonic path from (0, 0) to (n, m) inside the cells ``low[i] <= j <= high[i]``
    (``low[0]`` must be 0 and ``high[n]`` must be m)."""
    n, m = len(low) - 1, int(high[-1])
    shapes = types(max_hyp, max_ref)
    skip_ref, skip_hyp = len(shapes) - 1, 0
    pad = max_ref + 1  # ring columns are j + pad, so j - b stays inside
    ring = np.full((max_hyp + 1, m + 1 + pad), -math.inf)
    widths = (high - low + 1).astype(np.int64)
    offsets = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
    pointers = np.zeros(int(offsets[-1]), dtype=np.int8)
    cells = int(offsets[-1])
    ramp_unit = weights.skip
    scores = np.zeros(0)
    block_start = 1
    for i in range(n + 1):
        lo, hi = int(low[i]), int(high[i])
        w = hi - lo + 1
        slot = i % (max_hyp + 1)
        if i == 0:
            best = np.where(np.arange(lo, hi + 1) == 0, 0.0, -math.inf)
            choice = np.full(w, skip_ref, dtype=np.int8)
        else:
            if i >= block_start:  # scores for the next block of rows, vectorised
                # as many rows as fit in BLOCK_CELLS at the block's widest row (a preface's row is wide)
                widest = np.maximum.accumulate(widths[i : min(n, i + BLOCK_ROWS - 1) + 1])
                fit = int(np.sum(np.arange(1, len(widest) + 1) * widest <= BLOCK_CELLS))
                rows = np.arange(i, i + max(1, fit))
                scores = _block_scores(
                    band, hyp, ref, rows, low, int(widths[rows].max()), max_hyp, max_ref, weights
                )
                block_first, block_start = i, int(rows[-1]) + 1
            r = i - block_first
            previous = ring[(i - 1) % (max_hyp + 1)]
            candidates = np.empty((skip_ref, w))
            candidates[skip_hyp] = previous[lo + pad : hi + 1 + pad] - weights.skip
            # previous row at j - b for b = 1..max_ref: a strided view, reversed so row b-1 is offset b
            view = np.lib.stride_tricks.sliding_window_view(previous[lo + pad - max_ref : hi + pad], w)
            candidates[1 : 1 + max_ref] = view[::-1] + scores[:max_ref, r, :w]
            if max_hyp > 1:
                slots = (i - np.arange(2, max_hyp + 1)) % (max_hyp + 1)
                earlier = ring[slots, lo + pad - 1 : hi + pad]
                candidates[1 + max_ref :] = earlier + scores[max_ref:, r, :w]
            choice = np.argmax(candidates, axis=0).astype(np.int8)
            best = np.take_along_axis(candidates, choice[None, :].astype(np.int64), axis=0)[0]
        # 0-1 beads chain inside the row: best[k] = max(best[k], best[k-1] - skip), a running maximum
        ramp = ramp_unit * np.arange(w)
        lifted = best + ramp
        running = np.maximum.accumulate(lifted)
        choice = np.where(running > lifted, skip_ref, choice).astype(np.int8)
        best = running - ramp
        if i > max_hyp:  # the slot's old row: back to -inf outside this row's window
            old = i - max_hyp - 1
            ring[slot, int(low[old]) + pad : int(high[old]) + 1 + pad] = -math.inf
        ring[slot, lo + pad : hi + 1 + pad] = best
        pointers[offsets[i] : offsets[i + 1]] = choice
    beads: list[tuple[int, int, int, int]] = []
    contacts: list[int] = []
    i, j_at = n, m
    total = float(ring[n % (max_hyp + 1), m + pad])
    while i > 0 or j_at > 0:
        k = j_at - int(low[i])
        if (j_at == low[i] and low[i] > 0) or (j_at == high[i] and high[i] < m):
            contacts.append(i)
        a, b = shapes[int(pointers[offsets[i] + k])]
        beads.append((i - a, i, j_at - b, j_at))
        i, j_at = i - a, j_at - b
    beads.reverse()
    return Path(beads, total, cells, contacts)
