"""Monotonic sentence alignment of a translation with a reference translation (Bleualign's idea, Vecalign's
coarse-to-fine search).

Both sides are English — the MT output is the bridge to the Arabic source — so a string similarity works:
the cosine of hashed, IDF-weighted character n-gram vectors (:mod:`align.alignment.similarity`). Beads are
1-0 and 0-1 (skips), 1-N up to ``max_ref`` reference sentences (a free translation breaks one long source
sentence into many) and N-1 up to ``max_hyp``; the dynamic program is in :mod:`align.alignment.paths`.

Search in linear time and memory:

- documents up to ``FULL_CELLS`` cells are searched whole;
- longer ones are first aligned as blocks of ``k`` sentences (block vectors are sums of sentence vectors;
  their dot products come from a dense sketch), with ``k`` chosen so the block matrix has about
  ``COARSE_SIZE`` rows. The sentence-level band follows the blocks' path, widened by a fixed margin: a preface
  or an appendix on one side is a run of skipped blocks, followed without a wider band;
- when the sentence path touches the band's inner edge, the margin is doubled and the search rerun (at most
  ``MAX_WIDENINGS`` times).

Each bead's confidence comes from :mod:`align.alignment.trust`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from align.alignment import similarity
from align.alignment.beads import Alignment, Bead
from align.alignment.paths import Path, Side, Weights, best_path
from align.alignment.trust import bead_confidences

__all__ = ["ALIGNER", "MAX_HYP", "MAX_REF", "Alignment", "Bead", "align_sentences", "aligned_pairs"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

MAX_REF = 9  # 1-N beads: one hypothesis sentence for up to this many reference sentences
MAX_HYP = 9  # N-1 beads
FULL_CELLS = 400_000  # search the whole matrix up to this many cells
COARSE_SIZE = 600  # rows of the block matrix of a long document
MARGIN = 12  # band margin around the coarse path, in sentences, besides half a block
MAX_WIDENINGS = 2
WEIGHTS = Weights()
COARSE_WEIGHTS = Weights(
    skip=0.1, merge=0.0, length=0.0
)  # block lengths differ by the blocks cut, not by content
ALIGNER = "beads-v2"  # names the method in score signatures


def align_sentences(
    hypothesis: Sequence[str],
    reference: Sequence[str],
    *,
    max_hyp: int = MAX_HYP,
    max_ref: int = MAX_REF,
    band: int | None = None,
) -> Alignment:
    """Monotonic bead alignment of MT sentences with reference sentences (see the module doc).

    ``band`` forces a banded search with this margin (in sentences) even for short documents; by default
    short documents are searched whole and long ones around a coarse path with margin ``MARGIN``.
    """
    if not 1 <= max_hyp <= 32 or not 1 <= max_ref <= 32:
        raise ValueError(f"max_hyp and max_ref must be between 1 and 32, not {max_hyp} and {max_ref}")
    n, m = len(hypothesis), len(reference)
    if n == 0 or m == 0:
        beads = tuple(Bead((i,), (), -WEIGHTS.skip, 0.0, 1.0) for i in range(n)) + tuple(
            Bead((), (j,), -WEIGHTS.skip, 0.0, 1.0) for j in range(m)
        )
        return Alignment(beads, n, m, 0.0, 0, 0, 0)

    hyp, ref = similarity.vectorise(hypothesis, reference)
    hyp_side = Side.build(similarity.neighbour_dots(hyp.full, max_hyp), hyp.lengths, max_hyp)
    ref_side = Side.build(similarity.neighbour_dots(ref.full, max_ref), ref.lengths, max_ref)
    cells, block = 0, 1
    if band is None and (n + 1) * (m + 1) <= FULL_CELLS:
        low, high, margin = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64), 0
    else:
        guide, block, cells = _coarse_path(hyp, ref, n, m)
        # the coarse path is right to about half a block either way
        margin = (MARGIN if band is None else band) + block // 2
        low, high = _windows(guide, hyp, ref, margin)
    widened = 0
    while True:
        dots = _band_for(hyp.shared, ref.shared, low, high, max_hyp, max_ref)
        path = best_path(dots, hyp_side, ref_side, low, high, max_hyp, max_ref, WEIGHTS)
        cells += path.cells
        if not path.contacts or margin == 0 or widened >= MAX_WIDENINGS:
            break
        low, high = _widen_near(low, high, path.contacts, margin, m)
        margin *= 2
        widened += 1
    found, noise = bead_confidences(path, dots, hyp_side, ref_side, WEIGHTS)
    return _alignment(found, cells, margin, widened, block, noise)


def _alignment(
    beads: list[Bead], cells: int, margin: int, widened: int, block: int, noise: tuple[float, float]
) -> Alignment:
    matched = [b for b in beads if b.matched]
    weight = sum(len(b.hypothesis) + len(b.reference) for b in matched)
    mean = (
        sum(b.confidence * (len(b.hypothesis) + len(b.reference)) for b in matched) / weight
        if weight
        else 0.0
    )
    return Alignment(
        beads=tuple(beads),
        unaligned_hypothesis=sum(len(b.hypothesis) for b in beads if not b.reference),
        unaligned_reference=sum(len(b.reference) for b in beads if not b.hypothesis),
        mean_confidence=mean,
        cells=cells,
        band=margin,
        widened=widened,
        block=block,
        noise=noise,
    )


def _band_for(
    hyp: sp.csr_matrix, ref: sp.csr_matrix, low: Ints, high: Ints, max_hyp: int, max_ref: int
) -> similarity.Band:
    """The sentence pairs the cells need: hypothesis sentence i is used by rows i+1 .. i+max_hyp, and a
    row's cell j by reference sentences j-max_ref .. j-1."""
    n = len(low) - 1
    first = np.full(n, np.iinfo(np.int64).max, dtype=np.int64)
    last = np.zeros(n, dtype=np.int64)
    for u in range(1, max_hyp + 1):
        rows = np.minimum(np.arange(n) + u, n)
        first = np.minimum(first, low[rows] - max_ref)
        last = np.maximum(last, high[rows])
    return similarity.band_dots(hyp, ref, first, last)


def _positions(lengths: Floats) -> Floats:
    """Character position of each sentence boundary (one more than sentences); every sentence counts at
    least one character so that empty lines still advance."""
    return np.concatenate([[0.0], np.cumsum(np.maximum(lengths, 1.0))])


def _coarse_path(hyp: similarity.Vectors, ref: similarity.Vectors, n: int, m: int) -> tuple[Path, int, int]:
    """The path through blocks of text, searched whole. Each side is cut into the same number of blocks of
    equal *character* length (about ``k`` sentences each): cut by sentence count, one side's blocks drift
    against the other's wherever sentences are merged or split, and the coarse path lags a block or two
    behind before a 2-1 bead catches up."""
    k = max(1, math.ceil(max(n, m) / COARSE_SIZE))
    count = math.ceil(max(n, m) / k)
    sketches, lengths = [], []
    for vectors, size in ((hyp, n), (ref, m)):
        edges = _positions(vectors.lengths)
        middle = (edges[:-1] + edges[1:]) / 2
        rows = np.minimum((middle / edges[-1] * count).astype(np.int64), count - 1)
        indicator = sp.csr_matrix((np.ones(size), (rows, np.arange(size))), shape=(count, size))
        sketches.append(similarity.sketch(indicator @ vectors.full))
        lengths.append(np.asarray(indicator @ vectors.lengths, dtype=np.float64))
    # Long blocks of unrelated text share many n-grams: centred, their cosine is near 0 and a preface's
    # blocks are skipped instead of joined to the text's (the centre is the mean block of both sides).
    centre = (sketches[0].sum(axis=0) + sketches[1].sum(axis=0)) / (2 * count)
    sides = []
    for dense, length in zip(sketches, lengths, strict=True):
        dense = dense - centre
        neighbours = np.zeros((count, 2))
        neighbours[:, 0] = np.einsum("ij,ij->i", dense, dense)
        neighbours[:-1, 1] = np.einsum("ij,ij->i", dense[:-1], dense[1:])
        sides.append((dense, Side.build(neighbours, length, 2)))
    (h, h_side), (r, r_side) = sides
    dots = similarity.dense_band(h @ r.T)
    low, high = np.zeros(count + 1, dtype=np.int64), np.full(count + 1, count, dtype=np.int64)
    path = best_path(dots, h_side, r_side, low, high, 2, 2, COARSE_WEIGHTS)
    return path, k, path.cells


def _windows(
    coarse: Path, hyp: similarity.Vectors, ref: similarity.Vectors, margin: int
) -> tuple[Ints, Ints]:
    """Per-row cell ranges around the coarse path, widened by ``margin``. A block bead maps hypothesis
    characters linearly onto reference characters; a row's centre is the reference sentence boundary at
    the character its hypothesis boundary maps to (a skipped block is a vertical or horizontal stretch)."""
    n, m = len(hyp), len(ref)
    h_edges, r_edges = _positions(hyp.lengths), _positions(ref.lengths)
    count = coarse.beads[-1][1]
    h_unit, r_unit = h_edges[-1] / count, r_edges[-1] / count
    low = np.full(n + 1, m, dtype=np.int64)
    high = np.zeros(n + 1, dtype=np.int64)
    for i0, i1, j0, j1 in coarse.beads:
        a, b = i0 * h_unit, i1 * h_unit  # hypothesis characters of the bead
        c, d = j0 * r_unit, j1 * r_unit
        rows = np.arange(np.searchsorted(h_edges, a, "left"), np.searchsorted(h_edges, b, "right"))
        rows = rows[rows <= n]
        if b > a:
            chars = c + (h_edges[rows] - a) * (d - c) / (b - a)
            first = last = np.searchsorted(r_edges, chars)
        else:
            rows = np.array([min(n, int(np.searchsorted(h_edges, a)))])
            first, last = np.searchsorted(r_edges, [c]), np.searchsorted(r_edges, [d])
        low[rows] = np.minimum(low[rows], np.minimum(first, m))
        high[rows] = np.maximum(high[rows], np.minimum(last, m))
    # rows no bead reached (none, normally) take their neighbours' ranges
    empty = low > high
    if empty.any():
        known = np.flatnonzero(~empty)
        fill = known[np.clip(np.searchsorted(known, np.flatnonzero(empty)), 0, len(known) - 1)]
        low[empty], high[empty] = low[fill], high[fill]
    return _widen(low, high, margin, m)


def _widen(low: Ints, high: Ints, margin: int, m: int, rows: int = 2) -> tuple[Ints, Ints]:
    """Ranges widened by ``margin`` columns and spread over ``rows`` rows either way (so that a jump of the
    path between rows stays inside), with the corners (0, 0) and (n, m) included."""
    lo, hi = low.copy(), high.copy()
    for shift in range(1, min(rows, len(low) - 1) + 1):
        lo[shift:] = np.minimum(lo[shift:], low[:-shift])
        lo[:-shift] = np.minimum(lo[:-shift], low[shift:])
        hi[shift:] = np.maximum(hi[shift:], high[:-shift])
        hi[:-shift] = np.maximum(hi[:-shift], high[shift:])
    lo = np.clip(lo - margin, 0, m)
    hi = np.clip(hi + margin, 0, m)
    lo[0], hi[-1] = 0, m
    return lo, np.maximum(hi, lo)


def _widen_near(low: Ints, high: Ints, contacts: Sequence[int], margin: int, m: int) -> tuple[Ints, Ints]:
    """The ranges of the rows within ``4 * margin`` of a contact widened by ``margin`` more."""
    near = np.zeros(len(low), dtype=bool)
    for row in contacts:
        near[max(0, row - 4 * margin) : row + 4 * margin + 1] = True
    wide_low, wide_high = _widen(low, high, margin, m, rows=0)
    return np.where(near, wide_low, low), np.where(near, wide_high, high)


def aligned_pairs(
    alignment: Alignment, hypothesis: Sequence[str], reference: Sequence[str]
) -> list[tuple[str, str]]:
    """(hypothesis, reference) text per matched bead, each side's sentences joined with a space."""
    return [
        (" ".join(hypothesis[i] for i in b.hypothesis), " ".join(reference[j] for j in b.reference))
        for b in alignment.beads
        if b.matched
    ]
