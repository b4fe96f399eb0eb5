"""The result of a sentence alignment: beads (runs of hypothesis sentences matched with runs of reference
sentences) and the alignment they make. Kept apart from the search (:mod:`align.alignment.sentences`) and the
confidence model (:mod:`align.alignment.trust`), which both build them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bead:
    """Hypothesis sentence indices aligned with reference sentence indices (either may be empty)."""

    hypothesis: tuple[int, ...]
    reference: tuple[int, ...]
    score: float  # the bead's term in the path objective
    similarity: float  # cosine in [0, 1] of the two runs' n-gram vectors (0 for a skip)
    confidence: float  # in [0, 1]; see align.alignment.trust

    @property
    def kind(self) -> str:
        return f"{len(self.hypothesis)}-{len(self.reference)}"

    @property
    def matched(self) -> bool:
        return bool(self.hypothesis and self.reference)


@dataclass(frozen=True)
class Alignment:
    beads: tuple[Bead, ...]
    unaligned_hypothesis: int  # sentences in 1-0 beads
    unaligned_reference: int  # sentences in 0-1 beads
    mean_confidence: float  # over matched beads, weighted by their sentences; 0.0 when there are none
    cells: int  # cells evaluated (all passes, both levels): O(n * band)
    band: int  # margin of the final sentence-level pass (0: the whole matrix was searched)
    widened: int  # how many times the band was widened on contact
    block: int = 1  # sentences per block of the coarse pass (1: no coarse pass)
    noise: tuple[float, float] = (0.0, 0.0)  # (median, spread) of unrelated pairs' cosine in these texts

    @property
    def hypothesis_sentences(self) -> int:
        return sum(len(b.hypothesis) for b in self.beads)

    @property
    def reference_sentences(self) -> int:
        return sum(len(b.reference) for b in self.beads)

    @property
    def coverage(self) -> float:
        """Share of reference sentences in matched beads (1.0 for an empty reference)."""
        total = self.reference_sentences
        return 1.0 if total == 0 else (total - self.unaligned_reference) / total
