"""Quality checks on translated segments, without a reference: what a reviewer should look at first.

``check_document`` runs every check on every translated segment and stores the results as Flags next to the
engine's own (``possible-truncation``, ``long-input``, ``lost-glyph``, ``empty-output``). Running it again
replaces its earlier flags, so a Document can be re-checked with other options.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from align.document import Document, Flag, Segment
from align.qa import checks, number_check, repetition
from align.qa.checks import LENGTH_RATIO

QA_VERSION = "v2"
# The codes this module owns; "lost-glyph" is shared with the engine and added only when it is missing.
QA_CODES = frozenset(
    {
        "number-mismatch",
        "untranslated",
        "repetition",
        "garbage-output",
        "length-ratio",
        "incomplete-sentence",
        "named-entity",
        "low-confidence",
    }
)
CHECKS = (
    "numbers",
    "untranslated",
    "repetition",
    "garbage",
    "length",
    "ending",
    "names",
    "glyphs",
    "confidence",
)
# No trained model could be run here, so no absolute log-probability threshold is calibrated: the
# low-confidence check is off unless a threshold is given (``min_logprob``), or asked to flag the run's own
# outliers (``logprob_outliers``: robust deviations below the run's median).
DEFAULT_MIN_LOGPROB: float | None = None
# A run-relative threshold needs enough scored sentences to have a distribution.
MIN_SCORED = 10


@dataclass(frozen=True)
class Confidence:
    """The log-probability distribution of one run: its median and robust spread (1.4826 x MAD)."""

    median: float
    spread: float

    @classmethod
    def of(cls, logprobs: Sequence[float]) -> Confidence | None:
        """None when there are too few scores, or they do not spread, to tell an outlier."""
        if len(logprobs) < MIN_SCORED:
            return None
        median = statistics.median(logprobs)
        spread = 1.4826 * statistics.median(abs(x - median) for x in logprobs)
        return cls(median, spread) if spread > 0 else None


@dataclass(frozen=True)
class QAOptions:
    """What the checks flag. ``min_logprob``: flag low-confidence below this mean log-probability per
    output token (None: no absolute threshold). ``logprob_outliers``: flag segments this many robust
    deviations below the median of the run they belong to (None: off; needs ``MIN_SCORED`` scored
    segments). ``skip``: names from ``CHECKS`` not to run."""

    min_logprob: float | None = DEFAULT_MIN_LOGPROB
    logprob_outliers: float | None = None
    length_ratio: tuple[float, float] = LENGTH_RATIO
    skip: frozenset[str] = frozenset()  # names from CHECKS

    def __post_init__(self) -> None:
        unknown = set(self.skip) - set(CHECKS)
        if unknown:
            raise ValueError(f"unknown checks {sorted(unknown)}; choose from {', '.join(CHECKS)}")
        low, high = self.length_ratio
        if not 0 < low < high:
            raise ValueError(f"length_ratio must be 0 < low < high; got {self.length_ratio}")
        if self.logprob_outliers is not None and not self.logprob_outliers > 0:
            raise ValueError(
                f"logprob_outliers must be a positive number of deviations; got {self.logprob_outliers}"
            )

    def signature(self) -> str:
        low, high = self.length_ratio
        logprob = "off" if self.min_logprob is None else f"{self.min_logprob:g}"
        parts = [f"qa:{QA_VERSION}", f"ratio:{low:g}-{high:g}", f"logprob:{logprob}"]
        if self.logprob_outliers is not None:
            parts.append(f"outliers:{self.logprob_outliers:g}")
        if self.skip:
            parts.append("skip:" + ",".join(sorted(self.skip)))
        return "|".join(parts)


def check_pair(
    source: str,
    translation: str,
    options: QAOptions | None = None,
    *,
    logprob: float | None = None,
    confidence: Confidence | None = None,
) -> list[Flag]:
    """The flags one source sentence and its translation raise; ``confidence`` is the run's log-probability
    distribution, for ``logprob_outliers``."""
    options = options or QAOptions()
    run = {name: name not in options.skip for name in CHECKS}
    flags: list[Flag] = []
    if run["glyphs"]:
        flags += checks.lost_glyphs(source)
    if not translation.strip():
        return flags  # the engine reports empty output; nothing else can be judged
    if run["untranslated"]:
        flags += checks.untranslated(source, translation)
    if run["numbers"]:
        flags += number_check.numbers(source, translation)
    if run["names"]:
        flags += checks.names(source, translation)
    garbage = checks.garbage(source, translation) if run["garbage"] else []
    flags += garbage
    if run["repetition"] and not garbage:  # one word repeated is already the garbage error
        flags += repetition.repetition(source, translation)
    if run["length"]:
        flags += checks.length_ratio(source, translation, options.length_ratio)
    if run["ending"]:
        flags += checks.incomplete(source, translation)
    if run["confidence"]:
        outliers = None
        if options.logprob_outliers is not None and confidence is not None:
            outliers = (confidence.median, confidence.spread, options.logprob_outliers)
        flags += checks.low_confidence(logprob, options.min_logprob, outliers)
    return flags


def check_segment(
    segment: Segment, options: QAOptions | None = None, *, confidence: Confidence | None = None
) -> Segment:
    """``segment`` with its QA flags recomputed; untranslated segments are returned unchanged."""
    if segment.translation is None:
        return segment
    kept = [f for f in segment.flags if f.code not in QA_CODES]
    found = check_pair(
        segment.source,
        segment.translation,
        options,
        logprob=segment.scores.get("logprob"),
        confidence=confidence,
    )
    if any(f.code == "lost-glyph" for f in kept):
        found = [f for f in found if f.code != "lost-glyph"]  # the engine's flag names what the model lost
    return replace(segment, flags=tuple(kept + found))


def check_document(doc: Document, options: QAOptions | None = None) -> Document:
    """Every translated segment of ``doc`` checked; the QA options are recorded in the Document's meta.
    ``logprob_outliers`` is judged against the scores of this Document's own segments."""
    options = options or QAOptions()
    confidence = None
    if options.logprob_outliers is not None:
        scores = [s.scores["logprob"] for s in doc.segments if s.translation and "logprob" in s.scores]
        confidence = Confidence.of(scores)
    paragraphs = tuple(
        replace(p, segments=tuple(check_segment(s, options, confidence=confidence) for s in p.segments))
        for p in doc.paragraphs
    )
    return replace(doc, paragraphs=paragraphs, meta=replace(doc.meta, qa=options.signature()))


def has_errors(doc: Document) -> bool:
    """Whether any segment or paragraph carries a flag of severity error (what ``--strict`` fails on)."""
    return error_count(doc) > 0


def error_count(doc: Document) -> int:
    return sum(f.severity == "error" for f in _all_flags(doc))


def _all_flags(doc: Document) -> Iterable[Flag]:
    for paragraph in doc.paragraphs:
        yield from paragraph.flags
        for segment in paragraph.segments:
            yield from segment.flags


__all__ = [
    "CHECKS",
    "DEFAULT_MIN_LOGPROB",
    "MIN_SCORED",
    "QA_CODES",
    "Confidence",
    "QAOptions",
    "check_document",
    "check_pair",
    "check_segment",
    "error_count",
    "has_errors",
]
