"""Sentence vectors and the dot products the bead aligner needs, in time and memory linear in the input.

A sentence becomes a sparse vector of hashed character n-gram counts (lower-cased, whitespace folded to one
space and kept, so word boundaries count), weighted by an inverse document frequency computed over both
sides. Counts add up: the vector of a run of sentences is the sum of theirs, so the cosine of any bead
(a run of hypothesis sentences against a run of reference sentences) follows from three kinds of numbers
computed once:

- the dot product of each hypothesis sentence with each reference sentence inside a band (:func:`band_dots`,
  one sparse matrix product per block of rows);
- the dot products of each sentence with its next few neighbours on the same side (:func:`neighbour_dots`);
- character lengths, for the length prior.

Hashing (``BITS`` bits, FNV-style over code points, vectorised with numpy) avoids a Python dictionary of
n-grams: at 20,000 sentences a side that dictionary alone took seconds and hundreds of megabytes. Collisions
at 2**20 buckets are rare enough not to matter for a similarity.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

ORDERS = (2, 3, 4, 5)
BITS = 20
IDF_POWER = 1.0
_PRIME = np.uint64(1099511628211)  # FNV-1a's 64-bit prime
_MIX = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: spreads the top bits


@dataclass(frozen=True)
class Vectors:
    """One side's sentences as weighted n-gram count vectors (CSR, one row per sentence).

    ``shared`` keeps only the n-grams the other side has too, renumbered compactly: they alone make dot
    products across the sides, and without the rest (most 4- and 5-grams occur once) the products are
    several times cheaper. ``full`` has them all, for norms and dot products within a side."""

    full: sp.csr_matrix
    shared: sp.csr_matrix
    lengths: Floats  # characters per sentence, whitespace excluded

    def __len__(self) -> int:
        return int(self.full.shape[0])


def _normalise(sentence: str) -> str:
    return " " + " ".join(sentence.lower().split()) + " "


CHUNK = 2000  # sentences hashed at a time: bounds the temporary arrays


def _counts(sentences: Sequence[str]) -> sp.csr_matrix:
    """Raw hashed n-gram counts, one row per sentence."""
    parts = [_chunk_counts(sentences[k : k + CHUNK]) for k in range(0, len(sentences), CHUNK)]
    if not parts:
        return sp.csr_matrix((0, 1 << BITS), dtype=np.float32)
    return sp.vstack(parts, format="csr") if len(parts) > 1 else parts[0]


def _chunk_counts(sentences: Sequence[str]) -> sp.csr_matrix:
    n = len(sentences)
    joined = "\x00".join(_normalise(s) for s in sentences)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    separators = np.concatenate([[0], np.cumsum(codes == 0)]).astype(np.int32)
    rows: list[npt.NDArray[np.int32]] = []
    columns: list[npt.NDArray[np.int32]] = []
    hashed = np.zeros(len(codes), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for order in range(1, max(ORDERS) + 1):
            size = len(codes) - order + 1
            if size <= 0:
                break
            hashed = hashed[:size] * _PRIME + codes[order - 1 : order - 1 + size]
            if order not in ORDERS:
                continue
            inside = np.flatnonzero(separators[order : order + size] == separators[:size])
            keys = ((hashed[inside] ^ np.uint64(order)) * _MIX) >> np.uint64(64 - BITS)
            rows.append(separators[inside])
            columns.append(keys.astype(np.int32))
    if not rows:
        return sp.csr_matrix((n, 1 << BITS), dtype=np.float32)
    row = np.concatenate(rows)
    column = np.concatenate(columns)
    matrix = sp.csr_matrix(
        (np.ones(len(row), dtype=np.float32), (row, column)), shape=(n, 1 << BITS), dtype=np.float32
    )
    matrix.sum_duplicates()
    return matrix


def _restrict(matrix: sp.csr_matrix, lookup: npt.NDArray[np.int32], columns: int) -> sp.csr_matrix:
    """The columns with ``lookup >= 0``, renumbered to ``lookup``'s values."""
    mapped = lookup[matrix.indices]
    keep = mapped >= 0
    kept = np.zeros(len(keep) + 1, dtype=np.int32)
    np.cumsum(keep, out=kept[1:])
    indptr = kept[matrix.indptr]
    del kept
    return sp.csr_matrix((matrix.data[keep], mapped[keep], indptr), shape=(matrix.shape[0], columns))


def vectorise(hypothesis: Sequence[str], reference: Sequence[str]) -> tuple[Vectors, Vectors]:
    """Both sides' vectors with one inverse document frequency over all their sentences: n-grams every
    sentence has (" th", "the ") say little about which sentences correspond. Columns are renumbered to the
    n-grams that occur, so that nothing afterwards costs 2**BITS."""
    hyp, ref = _counts(hypothesis), _counts(reference)
    total = hyp.shape[0] + ref.shape[0]
    if hyp.nnz + ref.nnz < 1 << (BITS - 2):  # short texts: sorting their n-grams beats 2**BITS counters
        present = np.unique(np.concatenate([hyp.indices, ref.indices]))
        in_hyp = np.zeros(len(present), dtype=np.int64)
        in_ref = np.zeros(len(present), dtype=np.int64)
        np.add.at(in_hyp, np.searchsorted(present, hyp.indices), 1)
        np.add.at(in_ref, np.searchsorted(present, ref.indices), 1)
        lookup = np.full(1 << BITS, -1, dtype=np.int32)
    else:
        counts_h = np.bincount(hyp.indices, minlength=1 << BITS)
        counts_r = np.bincount(ref.indices, minlength=1 << BITS)
        present = np.flatnonzero(counts_h + counts_r)
        in_hyp, in_ref = counts_h[present], counts_r[present]
        lookup = np.full(1 << BITS, -1, dtype=np.int32)
    lookup[present] = np.arange(len(present), dtype=np.int32)
    idf = ((np.log((1 + total) / (1 + in_hyp + in_ref)) + 1.0) ** IDF_POWER).astype(np.float32)
    both = (in_hyp > 0) & (in_ref > 0)
    shared_lookup = np.full(len(present), -1, dtype=np.int32)
    shared_lookup[both] = np.arange(int(both.sum()), dtype=np.int32)
    out = []
    for matrix, sentences in ((hyp, hypothesis), (ref, reference)):
        full = _restrict(matrix, lookup, max(1, len(present)))
        full.data *= idf[full.indices]
        lengths = np.array([len("".join(s.split())) for s in sentences], dtype=np.float64)
        out.append(Vectors(full, _restrict(full, shared_lookup, max(1, int(both.sum()))), lengths))
    return out[0], out[1]


@dataclass(frozen=True)
class Band:
    """Dot products of hypothesis sentence ``i`` with reference sentences ``lo[i] <= j < hi[i]``, stored
    row after row from ``start[i]``; ``running`` holds their running sum (one leading zero), so that a run
    of reference sentences costs two look-ups."""

    lo: Ints
    hi: Ints
    start: Ints
    values: Floats
    running: Floats

    def get(self, i: int, j: Ints) -> Floats:
        """``v[i] . w[j]`` for each ``j`` (0 outside the band)."""
        inside = (j >= self.lo[i]) & (j < self.hi[i])
        index = np.where(inside, self.start[i] + j - self.lo[i], 0)
        return np.where(inside, self.values[index] if len(self.values) else 0.0, 0.0)

    def run(self, i: int, first: Ints, last: Ints) -> Floats:
        """``sum(v[i] . w[j] for first <= j < last)`` for each pair (clipped to the band)."""
        a = np.clip(first, self.lo[i], self.hi[i]) - self.lo[i] + self.start[i]
        b = np.clip(last, self.lo[i], self.hi[i]) - self.lo[i] + self.start[i]
        return np.asarray(self.running[b] - self.running[a], dtype=np.float64)


def dense_band(dots: Floats) -> Band:
    """A band that is the whole matrix (every hypothesis row against every reference sentence)."""
    n, m = dots.shape
    values = np.ascontiguousarray(dots, dtype=np.float64).ravel()
    start = np.arange(n + 1, dtype=np.int64) * m
    return Band(np.zeros(n, dtype=np.int64), np.full(n, m, dtype=np.int64), start, values, _running(values))


def _running(values: Floats) -> Floats:
    return np.concatenate([[0.0], np.cumsum(values)])


def band_dots(
    hyp: sp.csr_matrix, ref: sp.csr_matrix, lo: Ints, hi: Ints, *, block: int = 64, chunk: int = 64
) -> Band:
    """Dot products inside a band given per hypothesis row as ``[lo[i], hi[i])``, computed block by block
    of rows as sparse products with the reference sentences the block needs.

    The reference side is transposed once per ``chunk`` sentences: scipy converts any other layout
    on every product, at a cost that grows with the number of n-grams rather than with the block."""
    n, m = hyp.shape[0], ref.shape[0]
    lo = np.clip(np.asarray(lo, dtype=np.int64), 0, m)
    hi = np.clip(np.maximum(np.asarray(hi, dtype=np.int64), lo), 0, m)
    widths = hi - lo
    start = np.concatenate([[0], np.cumsum(widths)]).astype(np.int64)
    values = np.zeros(int(start[-1]), dtype=np.float64)
    chunks: dict[int, sp.csr_matrix] = {}

    def columns(c: int) -> sp.csr_matrix:
        if c not in chunks:
            chunks[c] = ref[c * chunk : (c + 1) * chunk].T.tocsr()
            chunks.pop(c - 8, None)  # blocks move forward: older chunks are done with
        return chunks[c]

    i = 0
    while i < n:
        # grow the block while its bounding box stays close to the cells it needs
        end, cmin, cmax, need = i + 1, int(lo[i]), int(hi[i]), int(widths[i])
        while end < n and end - i < block:
            a, b = min(cmin, int(lo[end])), max(cmax, int(hi[end]))
            if (b - a) * (end + 1 - i) > 3 * (need + int(widths[end])) + 8192:
                break
            cmin, cmax, need, end = a, b, need + int(widths[end]), end + 1
        if cmax > cmin:
            first, last = cmin // chunk, (cmax - 1) // chunk
            rows = hyp[i:end]
            product = np.hstack([(rows @ columns(c)).toarray() for c in range(first, last + 1)])
            offset = first * chunk
            for r in range(i, end):
                values[start[r] : start[r + 1]] = product[r - i, lo[r] - offset : hi[r] - offset]
        i = end
    return Band(lo, hi, start, values, _running(values))


def neighbour_dots(vectors: sp.csr_matrix, depth: int) -> Floats:
    """``out[i, d] = v[i] . v[i + d]`` for ``d < depth`` (0 past the end): enough for the norm of any run
    of up to ``depth`` adjacent sentences. Only n-grams in two sentences or more can make a product of two
    sentences, so the others are dropped (most of them) before the band products."""
    n = vectors.shape[0]
    depth = max(1, depth)
    out = np.zeros((n, depth), dtype=np.float64)
    out[:, 0] = np.asarray(vectors.multiply(vectors).sum(axis=1), dtype=np.float64).ravel()
    if depth == 1 or n < 2:
        return out
    df = np.bincount(vectors.indices, minlength=vectors.shape[1])
    repeated = np.flatnonzero(df >= 2)
    lookup = np.full(vectors.shape[1], -1, dtype=np.int32)
    lookup[repeated] = np.arange(len(repeated), dtype=np.int32)
    compact = _restrict(vectors, lookup, max(1, len(repeated)))
    first = np.arange(n, dtype=np.int64)
    band = band_dots(compact, compact, first + 1, first + depth)
    for d in range(1, depth):
        rows = first[first + d < n]
        out[rows, d] = band.values[band.start[rows] + d - 1]
    return out


def sketch(vectors: sp.csr_matrix, dimensions: int = 1024, seed: int = 0) -> Floats:
    """A dense random projection (signed feature hashing) that keeps dot products in expectation: for the
    coarse pass over blocks of sentences, where exact sparse products of long texts would be slow."""
    rng = np.random.default_rng(seed)
    features = vectors.shape[1]
    bucket = rng.integers(0, dimensions, size=features)
    sign = rng.choice(np.array([-1.0, 1.0]), size=features)
    projection = sp.csr_matrix((sign, (np.arange(features), bucket)), shape=(features, dimensions))
    return np.asarray((vectors @ projection).toarray(), dtype=np.float64)
