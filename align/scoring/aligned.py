"""Scores of a translation against a reference that may not be line-aligned: the lines come from
:func:`align.alignment.realign.realign` (the one policy for when to align, when to refuse and how beads become
lines), the scores from :mod:`align.scoring.metrics`, with the alignment's part appended to each signature.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from align.alignment.realign import (
    ALIGN_MODES,
    AlignmentInfo,
    AlignmentRefused,
    AlignMode,
    Realigned,
    bead_lines,
    realign,
)

if TYPE_CHECKING:
    from align.scoring.metrics import MetricOptions, MetricScore

__all__ = [
    "ALIGN_MODES",
    "AlignMode",
    "AlignmentInfo",
    "AlignmentRefused",
    "Realigned",
    "ScoreResult",
    "bead_lines",
    "realign",
    "score_against",
]


@dataclass(frozen=True)
class ScoreResult:
    """Scores of one system against its reference(s); their signatures include the alignment part when the
    sentences were aligned (``info`` is then set)."""

    scores: tuple[MetricScore, ...]
    info: AlignmentInfo | None
    lines: int  # lines scored
    realigned: Realigned = field(repr=False)

    @property
    def coverage(self) -> float:
        return 1.0 if self.info is None else self.info.coverage

    @property
    def confidence(self) -> float | None:
        return None if self.info is None else self.info.confidence

    def __getitem__(self, name: str) -> MetricScore:
        for score in self.scores:
            if score.name == name:
                return score
        raise KeyError(name)


def score_against(
    hypotheses: Sequence[str],
    reference: Sequence[str] | Sequence[Sequence[str]],
    *,
    align: AlignMode = "auto",
    metrics: Sequence[str] | None = None,
    matched_only: bool = False,
    options: MetricOptions | None = None,
    confidence: bool = False,
    n_bootstrap: int | None = None,
    seed: int | None = None,
    width: int = 1,
    path: str | None = None,
    reference_name: str = "the reference",
) -> ScoreResult:
    """Corpus scores of ``hypotheses`` against ``reference`` with sacrebleu, aligning sentences first when
    the input is not line-aligned (:func:`realign` decides; see the module doc).

    Line-aligned input gets exactly sacrebleu's scores and signatures; a realigned one gets the same
    metrics on the bead lines, with ``|align:…|cov:…|conf:…`` appended to every signature.
    """
    from align.scoring.metrics import DEFAULT_METRICS, DEFAULT_OPTIONS, N_BOOTSTRAP, SEED, score_lines

    lines = realign(
        hypotheses,
        reference,
        align=align,
        matched_only=matched_only,
        path=path,
        reference_name=reference_name,
    )
    scores = score_lines(
        lines.hypotheses,
        lines.references,
        metrics=DEFAULT_METRICS if metrics is None else metrics,
        confidence=confidence,
        n_bootstrap=N_BOOTSTRAP if n_bootstrap is None else n_bootstrap,
        seed=SEED if seed is None else seed,
        width=width,
        options=DEFAULT_OPTIONS if options is None else options,
    )
    suffix = lines.info.signature() if lines.info is not None else ""
    return ScoreResult(
        scores=tuple(s.with_signature(suffix) for s in scores),
        info=lines.info,
        lines=len(lines.hypotheses),
        realigned=lines,
    )
