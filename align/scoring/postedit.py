"""How much reviewers had to change: HTER, chrF and counts over a Document's post-edits.

HTER is TER of the machine translation against its own post-edit (Snover et al., 2006, with the post-edit as
the targeted reference): the share of words a reviewer inserted, deleted, substituted or shifted. chrF is
the machine translation's chrF2 against the post-edits (100: nothing changed). Both are sacrebleu's, with
its defaults and signatures, so ``sacrebleu POSTEDITS -i MT -m ter`` on the same pairs gives the same number.

Only reviewed sentences count: those with a post-edit, whether corrected or accepted as they were. A
sentence nobody looked at is not evidence that it was right, so it is counted apart, never as a zero edit.
Texts are compared with their spacing folded (a text area keeps the line breaks a reviewer typed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from align.document import Document
from align.errors import InputError
from align.scoring.metrics import MetricScore, score_lines

POST_EDIT_METRICS = ("ter", "chrf")


@dataclass(frozen=True)
class PostEditReport:
    """``hter`` and ``chrf`` are sacrebleu's TER and chrF2 of the machine translations against the
    post-edits of the ``reviewed`` sentences."""

    total: int  # translated sentences
    reviewed: int  # with a post-edit
    edited: int  # whose post-edit differs from the machine translation
    hter: MetricScore
    chrf: MetricScore

    @property
    def accepted(self) -> int:
        return self.reviewed - self.edited

    @property
    def not_reviewed(self) -> int:
        return self.total - self.reviewed


def post_edit_pairs(doc: Document) -> tuple[list[str], list[str], int]:
    """(machine translations, their post-edits) of the reviewed sentences, spacing folded, and the number
    of translated sentences."""
    mt: list[str] = []
    edited: list[str] = []
    total = 0
    for paragraph in doc.paragraphs:
        if not paragraph.is_translated:
            continue
        for segment in paragraph.segments:
            if segment.translation is None:
                continue
            total += 1
            if segment.post_edit is not None:
                mt.append(" ".join(segment.translation.split()))
                edited.append(" ".join(segment.post_edit.split()))
    return mt, edited, total


def score_post_edits(doc: Document, *, width: int = 1, path: str | None = None) -> PostEditReport:
    """HTER, chrF and counts; ``InputError`` when the Document has no post-edits."""
    mt, edited, total = post_edit_pairs(doc)
    if not mt:
        raise InputError(
            f"has no post-edits among its {total} translated sentences; correct them in the review page"
            " (newsalign review DOC.json --html review.html) and apply the download with"
            " newsalign apply-edits",
            path=path,
        )
    ter, chrf = score_lines(mt, [edited], metrics=POST_EDIT_METRICS, width=width)
    changed = sum(a != b for a, b in zip(mt, edited, strict=True))
    return PostEditReport(total=total, reviewed=len(mt), edited=changed, hter=ter, chrf=chrf)


def summary_lines(report: PostEditReport) -> Sequence[str]:
    """The report as sacrebleu-style lines, the counts first."""
    return (
        f"post-edits: {report.reviewed} of {report.total} sentences reviewed ({report.edited} edited,"
        f" {report.accepted} accepted unchanged); {report.not_reviewed} not reviewed, not counted",
        f"HTER (TER of the MT against its post-edits): {report.hter.formatted}",
        f"chrF2 of the MT against its post-edits: {report.chrf.formatted}",
    )
