"""Quality checks on translated segments, without a reference: what a reviewer should look at first.

``check_document`` runs every check on every translated segment and stores the results as Flags next to the
engine's own (``possible-truncation``, ``long-input``, ``lost-glyph``, ``empty-output``). Running it again
replaces its earlier flags, so a Document can be re-checked with other options.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from align.document import Document, Flag, Segment
from align.qa import checks
from align.qa.checks import LENGTH_RATIO

QA_VERSION = "v1"
# The codes this module owns; "lost-glyph" is shared with the engine and added only when it is missing.
QA_CODES = frozenset(
    {
        "number-mismatch",
        "untranslated",
        "repetition",
        "length-ratio",
        "incomplete-sentence",
        "named-entity",
        "low-confidence",
    }
)
CHECKS = ("numbers", "untranslated", "repetition", "length", "ending", "names", "glyphs", "confidence")
# Not calibrated on a trained model here (no weights could be used): a mean log-probability per token
# below -1.5 means the model found most tokens unlikely, where a confident opus-mt output stays above -1.
DEFAULT_MIN_LOGPROB = -1.5


@dataclass(frozen=True)
class QAOptions:
    min_logprob: float = DEFAULT_MIN_LOGPROB
    length_ratio: tuple[float, float] = LENGTH_RATIO
    skip: frozenset[str] = frozenset()  # names from CHECKS

    def __post_init__(self) -> None:
        unknown = set(self.skip) - set(CHECKS)
        if unknown:
            raise ValueError(f"unknown checks {sorted(unknown)}; choose from {', '.join(CHECKS)}")
        low, high = self.length_ratio
        if not 0 < low < high:
            raise ValueError(f"length_ratio must be 0 < low < high; got {self.length_ratio}")

    def signature(self) -> str:
        low, high = self.length_ratio
        parts = [f"qa:{QA_VERSION}", f"ratio:{low:g}-{high:g}", f"logprob:{self.min_logprob:g}"]
        if self.skip:
            parts.append("skip:" + ",".join(sorted(self.skip)))
        return "|".join(parts)


def check_pair(
    source: str,
    translation: str,
    options: QAOptions | None = None,
    *,
    logprob: float | None = None,
) -> list[Flag]:
    """The flags one source sentence and its translation raise."""
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
        flags += checks.numbers(source, translation)
    if run["names"]:
        flags += checks.names(source, translation)
    if run["repetition"]:
        flags += checks.repetition(source, translation)
    if run["length"]:
        flags += checks.length_ratio(source, translation, options.length_ratio)
    if run["ending"]:
        flags += checks.incomplete(source, translation)
    if run["confidence"]:
        flags += checks.low_confidence(logprob, options.min_logprob)
    return flags


def check_segment(segment: Segment, options: QAOptions | None = None) -> Segment:
    """``segment`` with its QA flags recomputed; untranslated segments are returned unchanged."""
    if segment.translation is None:
        return segment
    kept = [f for f in segment.flags if f.code not in QA_CODES]
    found = check_pair(segment.source, segment.translation, options, logprob=segment.scores.get("logprob"))
    if any(f.code == "lost-glyph" for f in kept):
        found = [f for f in found if f.code != "lost-glyph"]  # the engine's flag names what the model lost
    return replace(segment, flags=tuple(kept + found))


def check_document(doc: Document, options: QAOptions | None = None) -> Document:
    """Every translated segment of ``doc`` checked; the QA options are recorded in the Document's meta."""
    options = options or QAOptions()
    paragraphs = tuple(
        replace(p, segments=tuple(check_segment(s, options) for s in p.segments)) for p in doc.paragraphs
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
    "QA_CODES",
    "QAOptions",
    "check_document",
    "check_pair",
    "check_segment",
    "error_count",
    "has_errors",
]
