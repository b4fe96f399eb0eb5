"""The one policy for scoring a translation against a reference that may not be line-aligned: when to align
the sentences first, when to refuse, and how an alignment becomes lines to score.

- Line-aligned input (as many hypothesis lines as reference lines) is scored line by line, exactly as
  sacrebleu's command line scores it, unless the caller asks to align anyway.
- Otherwise the hypothesis sentences are aligned with the reference sentences
  (:func:`align.alignment.sentences.align_sentences`, one reference) and every bead becomes one line: its
  hypothesis sentences joined against its reference sentences. A reference sentence without counterpart is
  scored against an empty hypothesis, so an omission costs what it costs line by line and a system that
  drops sentences does not win. A hypothesis sentence without
  counterpart joins the line of the bead before it: an insertion, as it would be line by line (it adds
  unmatched n-grams, length and TER edits). Scoring only the matched beads is possible, never the default.
- An alignment that cannot be trusted (:func:`align.alignment.trust.verdict`: another document, a text too
  free to align, a reference that switches documents part-way) is refused unless the caller forces it.

A realigned score carries sacrebleu's signature plus what the alignment did, e.g.
``BLEU|nrefs:1|...|version:2.6.0|align:beads-v2|cov:0.97|conf:0.88``: it cannot be reproduced with the
sacrebleu command line on the input files, and says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from align.errors import InputError

if TYPE_CHECKING:
    from align.alignment.beads import Alignment

AlignMode = Literal["auto", "always", "never", "force"]
ALIGN_MODES: tuple[str, ...] = ("auto", "always", "never", "force")


class AlignmentRefused(InputError):
    """The hypothesis cannot be scored against the reference as given: not line-aligned when alignment is
    off, several references when alignment is needed, or an alignment too poor to trust (``verdict``)."""

    def __init__(
        self, message: str, *, path: str | None = None, reason: str = "", untrusted: bool = False
    ) -> None:
        super().__init__(message, path=path)
        self.reason = reason or message  # the why, without the path and the framing
        self.untrusted = untrusted  # True when forcing the alignment would score it anyway


@dataclass(frozen=True)
class AlignmentInfo:
    """What the alignment did, for reports: beads by kind, sentences without counterpart, coverage (share of
    reference sentences in matched beads), mean bead confidence, and the trust verdict."""

    method: str
    beads: int
    kinds: Mapping[str, int]
    unaligned_hypothesis: int
    unaligned_reference: int
    coverage: float
    confidence: float
    trusted: bool
    reason: str
    matched_only: bool

    def signature(self) -> str:
        """The part appended to sacrebleu's signature."""
        parts = [f"align:{self.method}", f"cov:{self.coverage:.2f}", f"conf:{self.confidence:.2f}"]
        if self.matched_only:
            parts.append("only:matched")
        if not self.trusted:
            parts.append("trust:forced")
        return "|" + "|".join(parts)

    def as_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "beads": self.beads,
            "kinds": dict(self.kinds),
            "unaligned_hypothesis": self.unaligned_hypothesis,
            "unaligned_reference": self.unaligned_reference,
            "coverage": round(self.coverage, 4),
            "confidence": round(self.confidence, 4),
            "trusted": self.trusted,
            "reason": self.reason,
            "matched_only": self.matched_only,
        }


@dataclass(frozen=True)
class Realigned:
    """Lines ready to score: ``hypotheses`` and one stream per reference, line-aligned. ``alignment`` and
    ``info`` are None when the input was scored line by line."""

    hypotheses: list[str]
    references: list[list[str]]
    alignment: Alignment | None = None
    info: AlignmentInfo | None = None

    @property
    def aligned(self) -> bool:
        return self.alignment is not None


def _streams(reference: Sequence[str] | Sequence[Sequence[str]]) -> list[list[str]]:
    if not reference:
        raise ValueError("no reference given")
    if isinstance(reference[0], str):
        return [[str(line) for line in reference]]
    return [list(stream) for stream in reference]


def realign(
    hypotheses: Sequence[str],
    reference: Sequence[str] | Sequence[Sequence[str]],
    *,
    align: AlignMode = "auto",
    matched_only: bool = False,
    path: str | None = None,
    reference_name: str = "the reference",
) -> Realigned:
    """``hypotheses`` and ``reference`` (one stream of lines, or several line-aligned streams) as lines to
    score, aligning the sentences when ``align`` says so (see the module doc):

    - ``auto``: align when the line counts differ; refuse an alignment that cannot be trusted;
    - ``always``: align even line-aligned input; refuse likewise;
    - ``never``: refuse input that is not line-aligned;
    - ``force``: align, and score even an alignment that cannot be trusted (its signature says so).

    Raises :class:`AlignmentRefused` (an :class:`InputError` naming ``path``) when it will not score.
    """
    if align not in ALIGN_MODES:
        raise ValueError(f"unknown alignment mode {align!r}; choose one of {', '.join(ALIGN_MODES)}")
    streams = _streams(reference)
    if not hypotheses:
        raise InputError("no hypothesis lines to score", path=path)
    counts_match = all(len(stream) == len(hypotheses) for stream in streams)
    if align == "never" or (align == "auto" and counts_match):
        if not counts_match:
            other = next(len(s) for s in streams if len(s) != len(hypotheses))
            raise AlignmentRefused(
                f"hypothesis has {len(hypotheses)} lines, {reference_name} has {other}: not line-aligned",
                path=path,
            )
        return Realigned(list(hypotheses), streams)
    if len(streams) != 1:
        raise AlignmentRefused(
            "sentence alignment works with one reference; give line-aligned references", path=path
        )
    from align.alignment.sentences import ALIGNER, align_sentences
    from align.alignment.trust import verdict

    ref = streams[0]
    alignment = align_sentences(list(hypotheses), ref)
    judged = verdict(alignment)
    if not judged.trusted and align != "force":
        raise AlignmentRefused(
            f"cannot be aligned to {reference_name} well enough to score: {judged.reason}",
            path=path,
            reason=judged.reason,
            untrusted=True,
        )
    hyp_lines, ref_lines = bead_lines(alignment, hypotheses, ref, matched_only)
    if not hyp_lines:
        raise AlignmentRefused("no sentence of the hypothesis has a counterpart to score", path=path)
    info = AlignmentInfo(
        method=ALIGNER,
        beads=len(alignment.beads),
        kinds=dict(sorted(Counter(b.kind for b in alignment.beads).items())),
        unaligned_hypothesis=alignment.unaligned_hypothesis,
        unaligned_reference=alignment.unaligned_reference,
        coverage=alignment.coverage,
        confidence=alignment.mean_confidence,
        trusted=judged.trusted,
        reason=judged.reason,
        matched_only=matched_only,
    )
    return Realigned(hyp_lines, [ref_lines], alignment, info)


def bead_lines(
    alignment: Alignment, hypotheses: Sequence[str], reference: Sequence[str], matched_only: bool
) -> tuple[list[str], list[str]]:
    """One line per matched bead and per reference sentence without counterpart (against an empty
    hypothesis). A hypothesis sentence without counterpart joins the line of the matched bead before it
    (after it, at the start): that is where it would sit line by line, and there every metric counts it as
    an insertion (sacrebleu's chrF ignores a line whose reference is empty)."""
    groups: list[tuple[list[int], list[int]]] = []
    pending: list[int] = []  # unmatched hypothesis sentences before the first matched bead
    last_matched: int | None = None
    for bead in alignment.beads:
        if bead.matched:
            groups.append((list(bead.hypothesis), list(bead.reference)))
            if last_matched is None and pending and not matched_only:
                groups[-1] = (pending + groups[-1][0], groups[-1][1])
                pending = []
            last_matched = len(groups) - 1
        elif matched_only:
            continue
        elif bead.reference:
            groups.append(([], list(bead.reference)))
        elif last_matched is None:
            pending += bead.hypothesis
        else:
            groups[last_matched][0].extend(bead.hypothesis)
    if pending:  # no matched bead at all
        groups.append((pending, []))
    hyp_lines = [" ".join(hypotheses[i] for i in h) for h, _ in groups]
    ref_lines = [" ".join(reference[j] for j in r) for _, r in groups]
    return hyp_lines, ref_lines
