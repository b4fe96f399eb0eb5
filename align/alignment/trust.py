"""How far a sentence alignment can be trusted: each bead's confidence, and the document-level verdicts
(another document, a reference that switches documents part-way).

A bead's cosine means little on its own: a free translation's beads score 0.25-0.45, a close one's 0.8, and
two unrelated English news sentences 0.05-0.15 depending on the texts (shared topic words, sentence length,
how many sentences the bead joins). So each bead is measured against the noise of *these* two texts:

- the noise is the cosine of sentence pairs the path leaves far apart (inside the band, at least
  ``GAP`` sentences from the pair the path chose), summarised by its median and the spread of its upper
  tail; blended with ``PRIOR_NOISE`` when the documents are too short to give many such pairs;
- a bead joining ``s`` sentences is compared with noise scaled for ``s``: the cosine of unrelated runs
  grows with their size (measured on unrelated NTREX-128/TICO-19 documents: mean 0.069 for 1-1, 0.095 for
  1-2, 0.123 for 1-4, 0.161 for 1-9; spread 0.034 to 0.050), hence ``_scale``;
- ``z`` is the bead's distance above that noise in noise spreads, and the confidence ramps from 0 at
  ``Z_LOW`` to 1 at ``Z_HIGH``. The path picks the best of several candidates, so beads through unrelated
  text still sit one or two spreads above the noise: ``Z_LOW`` lies above that.

A skip's confidence is how clearly its sentence matches nothing near the gap (1 minus the ramp of its best
nearby cosine).

The calibration (tests/test_trust.py, scripts/evaluate_alignment.py) is on planted documents built from the
test sets: close re-segmentations, free paraphrases as loose as literary translations (beads of 1-9 and
9-1), other documents, references that switch documents, prefaces and appendices.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from align.alignment.beads import Alignment, Bead
from align.alignment.paths import Path, Side, Weights, bead_scores
from align.alignment.similarity import Band

Floats = npt.NDArray[np.float64]

GAP = 2  # noise pairs are at least this many sentences away from the pair the path chose
# Unrelated sentence pairs' cosine (median, upper spread) when the document itself gives too few: the median
# falls as the documents grow (the IDF learns which n-grams are common); fit to unrelated document pairs
# of FLORES-200 (8 sentences together: 0.101), NTREX-128 (32: 0.069), TICO-19 (220: 0.055); spread ~0.036.
PRIOR_SPREAD = 0.036
PRIOR_WEIGHT = 50  # pairs' worth of weight the prior has against a document's own noise
Z_LOW = 1.0
Z_HIGH = 3.0
MIN_CONFIDENCE = 0.4  # mean bead confidence below this: the texts do not correspond
SWITCH_CONFIDENCE = 0.3  # beads less sure than this count against a stretch of text when looking for a switch
SWITCH_SENTENCES = 4  # a run must hold at least this many unmatched sentences on *each* side
SWITCH_SHARE = 0.15  # ... and at least this share of each side's sentences
WHOLE_SHARE = 0.8  # a run over this share of both sides is another document, not a switch
CLEAR_OUTSIDE = 0.6  # ... and so is one whose text around it does not clearly correspond either


def _scale(sentences: int) -> tuple[float, float]:
    """Factors on the 1-1 noise median and spread for a bead of ``sentences`` sentences (fit to the
    measurements in the module doc)."""
    x = math.log(max(sentences, 2) / 2)
    return 1.0 + 0.94 * x, 1.0 + 0.3 * x


def _ramp(z: float) -> float:
    return min(1.0, max(0.0, (z - Z_LOW) / (Z_HIGH - Z_LOW)))


def _noise(path: Path, band: Band, hyp: Side, ref: Side) -> tuple[float, float]:
    """(median, upper spread) of the cosine of band pairs far from the path, blended with the prior."""
    samples: list[Floats] = []
    for i0, i1, j0, j1 in path.beads:
        if i0 == i1:
            continue
        for i in range(i0, i1):
            j = np.arange(int(band.lo[i]), int(band.hi[i]))
            far = j[(j < j0 - GAP + 1) | (j >= j1 + GAP - 1)]
            if len(far):
                samples.append(_cosine(band, hyp, ref, i, far))
    values = np.concatenate(samples) if samples else np.zeros(0)
    prior_median, prior_spread = prior_noise(len(hyp.lengths[0]) + len(ref.lengths[0]) - 2)
    if len(values) < 10:
        return prior_median, prior_spread
    median = float(np.median(values))
    spread = float(np.quantile(values, 0.75) - median) / 0.6745  # a normal's upper quartile: robust to leaks
    weight = len(values) / (len(values) + PRIOR_WEIGHT)
    return (
        weight * median + (1 - weight) * prior_median,
        max(1e-3, weight * spread + (1 - weight) * prior_spread),
    )


def prior_noise(sentences: int) -> tuple[float, float]:
    """(median, spread) of unrelated pairs' cosine for documents of ``sentences`` sentences together."""
    return 0.021 + 0.166 / math.log(max(sentences, 3)), PRIOR_SPREAD


def _cosine(band: Band, hyp: Side, ref: Side, i: int, j: npt.NDArray[np.int64]) -> Floats:
    dots = band.get(i, j)
    norms = np.sqrt(hyp.norms[1, i + 1] * ref.norms[1, j + 1])
    return np.asarray(np.where(norms > 0, dots / np.where(norms > 0, norms, 1.0), 0.0), dtype=np.float64)


def bead_confidences(
    path: Path, band: Band, hyp: Side, ref: Side, weights: Weights
) -> tuple[list[Bead], tuple[float, float]]:
    """The path's beads with their score, cosine and confidence, and the noise (median, spread)."""
    median, spread = _noise(path, band, hyp, ref)
    beads: list[Bead] = []
    for i0, i1, j0, j1 in path.beads:
        hyp_run, ref_run = tuple(range(i0, i1)), tuple(range(j0, j1))
        a, b = i1 - i0, j1 - j0
        if a == 0 or b == 0:
            best = _best_nearby(band, hyp, ref, i0, i1, j0, j1)
            z = (best - median) / spread
            beads.append(Bead(hyp_run, ref_run, -weights.skip, 0.0, round(1.0 - _ramp(z), 4)))
            continue
        dots = sum(float(band.run(i, np.array(j0), np.array(j1))) for i in hyp_run)
        score, cosine = bead_scores(np.array(dots), hyp, ref, a, i1, b, j1, weights)
        mean_factor, spread_factor = _scale(a + b)
        # the n-gram vectors are float32: an identical pair's cosine can come out a hair above 1
        similarity = min(1.0, max(0.0, float(cosine)))
        z = (similarity - median * mean_factor) / (spread * spread_factor)
        beads.append(Bead(hyp_run, ref_run, float(score), similarity, round(_ramp(z), 4)))
    return beads, (median, spread)


def _best_nearby(band: Band, hyp: Side, ref: Side, i0: int, i1: int, j0: int, j1: int) -> float:
    """Best 1-1 cosine of a skipped sentence with the sentences on the other side next to the gap."""
    if i1 > i0:  # a hypothesis sentence without reference
        near = np.arange(max(0, j0 - 2), j0 + 2)
        near = near[(near >= band.lo[i0]) & (near < band.hi[i0])]
        return float(_cosine(band, hyp, ref, i0, near).max()) if len(near) else 0.0
    best = 0.0
    for i in range(max(0, i0 - 2), min(len(band.lo), i0 + 2)):
        if band.lo[i] <= j0 < band.hi[i]:
            best = max(best, float(_cosine(band, hyp, ref, i, np.array([j0]))[0]))
    return best


@dataclass(frozen=True)
class Verdict:
    """Whether scores on an alignment mean something. ``switch`` is the (first hypothesis, first reference)
    sentence index where the texts stop corresponding, when a reference switches documents part-way."""

    trusted: bool
    reason: str
    switch: tuple[int, int] | None = None


def _doubt(bead: Bead) -> float:
    """How strongly a bead says "these texts do not correspond here": + for skips and unsure beads, - for
    clear ones, in sentences."""
    sentences = len(bead.hypothesis) + len(bead.reference)
    if not bead.matched:
        return 0.5 * sentences
    return (SWITCH_CONFIDENCE - bead.confidence) * sentences


def find_switch(beads: Sequence[Bead]) -> tuple[int, int, int, int] | None:
    """The run of beads that most looks like text without counterpart (the maximum-sum run of
    :func:`_doubt`), when it holds unmatched sentences on *both* sides — a preface, an appendix or an
    omission is one-sided: (first bead, end bead, its hypothesis sentences, its reference sentences)."""
    n = sum(len(b.hypothesis) for b in beads)
    m = sum(len(b.reference) for b in beads)
    best, best_sum, start, running = (0, 0), 0.0, 0, 0.0
    for k, bead in enumerate(beads):
        if running <= 0:
            start, running = k, 0.0
        running += _doubt(bead)
        if running > best_sum:
            best, best_sum = (start, k + 1), running
    if best_sum <= 0:
        return None
    run = beads[best[0] : best[1]]
    hyp = sum(len(b.hypothesis) for b in run)
    ref = sum(len(b.reference) for b in run)
    if min(hyp, ref) < SWITCH_SENTENCES or hyp < SWITCH_SHARE * n or ref < SWITCH_SHARE * m:
        return None
    return best[0], best[1], hyp, ref


def _clear_outside(beads: Sequence[Bead], run: tuple[int, int, int, int]) -> bool:
    """Whether the beads outside the run correspond clearly (else the whole text is in doubt, not a part)."""
    outside = [b for k, b in enumerate(beads) if not run[0] <= k < run[1] and b.matched]
    weight = sum(len(b.hypothesis) + len(b.reference) for b in outside)
    if not weight:
        return False
    mean = sum(b.confidence * (len(b.hypothesis) + len(b.reference)) for b in outside) / weight
    return mean >= CLEAR_OUTSIDE


def verdict(alignment: Alignment, *, min_confidence: float = MIN_CONFIDENCE) -> Verdict:
    """Trusted, or why not: nothing to align, texts that do not correspond (another document, or a
    translation too free to align), or a reference that switches documents part-way."""
    beads = alignment.beads
    if not any(b.matched for b in beads):
        if not beads:
            return Verdict(False, "nothing to align: both sides are empty")
        return Verdict(False, "no sentence has a counterpart: one side is empty")
    run = find_switch(beads)
    n, m = alignment.hypothesis_sentences, alignment.reference_sentences
    if (
        run is not None
        and (run[2] < WHOLE_SHARE * n or run[3] < WHOLE_SHARE * m)
        and _clear_outside(beads, run)
    ):
        first, end, _, _ = run
        hyp = [k for b in beads[first:end] for k in b.hypothesis]
        ref = [k for b in beads[first:end] for k in b.reference]
        return Verdict(
            False,
            f"hypothesis sentences {hyp[0] + 1}-{hyp[-1] + 1} and reference sentences {ref[0] + 1}-"
            f"{ref[-1] + 1} have no clear counterpart: the reference probably switches to another document"
            " there",
            switch=(hyp[0], ref[0]),
        )
    if alignment.mean_confidence < min_confidence:
        return Verdict(
            False,
            f"the sentences do not clearly correspond (mean bead confidence {alignment.mean_confidence:.2f}"
            f" < {min_confidence:.2f}): the reference is probably another document, or a translation too"
            " free to align",
        )
    return Verdict(True, "")
