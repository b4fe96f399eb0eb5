"""Sentence-level scores against a reference, stored on a Document's segments (``score --segments``,
``review --ref``).

A line-aligned reference (one line per translated sentence) is scored line by line. Any other reference —
a line per paragraph, a published English version with its own sentence breaks — is split into sentences
and, unless that makes it line-aligned, aligned to the translation under the one align-then-score policy
(:func:`align.scoring.aligned.realign`, which refuses a reference that is another document or switches
documents part-way); every sentence of a bead gets the bead's score, and a sentence the aligner leaves
without a reference gets none, rather than a score against the wrong text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from align.document import Document
from align.scoring.aligned import AlignMode
from align.scoring.metrics import check_aligned, document_lines


def with_segment_scores(
    doc: Document,
    reference: Sequence[str],
    *,
    reference_name: str = "reference",
    path: str | None = None,
    align: AlignMode = "auto",
) -> Document:
    """``doc`` with ``chrf`` and ``bleu`` in the scores of every translated segment that has a reference."""
    hypotheses = document_lines(doc, path=path)
    per_segment: list[dict[str, float] | None]
    if len(reference) != len(hypotheses):
        reference = _sentences(reference)  # a line per paragraph, or an article's own sentence breaks
    if len(reference) == len(hypotheses) and align in ("auto", "never"):
        per_segment = list(segment_scores(hypotheses, [list(reference)]))
    else:
        per_segment = _aligned_scores(hypotheses, reference, reference_name, path, align)
    found = iter(per_segment)
    paragraphs = []
    for paragraph in doc.paragraphs:
        if paragraph.is_translated:
            segments = []
            for segment in paragraph.segments:
                scores = next(found)
                if scores is not None:
                    segment = replace(
                        segment, scores={**segment.scores, **{k: round(v, 2) for k, v in scores.items()}}
                    )
                segments.append(segment)
            paragraph = replace(paragraph, segments=tuple(segments))
        paragraphs.append(paragraph)
    return replace(doc, paragraphs=tuple(paragraphs))


def _sentences(lines: Sequence[str]) -> list[str]:
    from align.segment import split_sentences

    return [" ".join(line[a:b].split()) for line in lines for a, b in split_sentences(line, 0, len(line))]


def _aligned_scores(
    hypotheses: Sequence[str],
    reference: Sequence[str],
    reference_name: str,
    path: str | None,
    align: AlignMode,
) -> list[dict[str, float] | None]:
    from align.scoring.aligned import realign

    lines = realign(hypotheses, reference, align=align, path=path, reference_name=reference_name)
    assert lines.alignment is not None  # the counts differ, so realign aligned the sentences
    out: list[dict[str, float] | None] = [None] * len(hypotheses)
    beads = [b for b in lines.alignment.beads if b.matched]
    joined = segment_scores(
        [" ".join(hypotheses[i] for i in b.hypothesis) for b in beads],
        [[" ".join(reference[j] for j in b.reference) for b in beads]],
    )
    for bead, scores in zip(beads, joined, strict=True):
        for i in bead.hypothesis:
            out[i] = scores
    return out


def segment_scores(hypotheses: Sequence[str], references: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    """Per-line ``chrf`` (chrF2) and ``bleu`` (sentence BLEU with ``sacrebleu.sentence_bleu``'s defaults:
    effective n-gram order), against every reference stream, for ``Segment.scores``."""
    from sacrebleu.metrics.bleu import BLEU
    from sacrebleu.metrics.chrf import CHRF

    check_aligned(hypotheses, references)
    chrf, bleu = CHRF(), BLEU(effective_order=True)
    rows: list[dict[str, float]] = []
    for index, hypothesis in enumerate(hypotheses):
        refs = [stream[index] for stream in references]
        rows.append(
            {
                "chrf": float(chrf.sentence_score(hypothesis, refs).score),
                "bleu": float(bleu.sentence_score(hypothesis, refs).score),
            }
        )
    return rows
