"""What every exchange format of ``render.export`` shares: the sentences it carries, and the characters it can
carry (see ``export``'s notes)."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Mapping

from align.document import Document, Flag, Paragraph, Segment
from align.errors import printable

log = logging.getLogger(__name__)

SRC_LANG = "ar"
TGT_LANG = "en"

# -- characters -------------------------------------------------------------------------------------------

_SPLIT_SPACES = "\x0b\x0c\x1c\x1d\x1e\x1f"  # C0 controls that str.split() treats as whitespace
SURROGATES: dict[int, None] = dict.fromkeys(range(0xD800, 0xE000))
XML_TABLE: dict[int, str | None] = {
    **{c: None for c in range(0x20) if chr(c) not in "\t\n\r"},
    **{ord(c): " " for c in _SPLIT_SPACES},
    **SURROGATES,
    0xFFFE: None,
    0xFFFF: None,
}
TSV_TABLE: dict[int, str | None] = {**XML_TABLE, **{ord(c): " " for c in "\t\n\r\x85\u2028\u2029"}}


class Cleaner:
    """Writes line breaks as LF (XML parsers read CR and CRLF as LF, XML 1.0 section 2.11: write what a
    reader will see), applies a translation table and counts the texts that the table changed."""

    def __init__(self, table: Mapping[int, str | None]) -> None:
        self.table = table
        self.changed = 0

    def __call__(self, text: str) -> str:
        lf = text.replace("\r\n", "\n").replace("\r", "\n")
        out = lf.translate(self.table)
        if out != lf:  # a line-break normalisation alone is not worth a warning
            self.changed += 1
        return out

    def report(self, doc: Document, fmt: str) -> None:
        if self.changed:
            log.warning(
                "%s: %d text(s) held characters that %s cannot carry (control characters; in TSV also tabs"
                " and line breaks): removed, or replaced by a space where they separate words",
                printable(doc.meta.source),
                self.changed,
                fmt,
            )


# -- which segments ---------------------------------------------------------------------------------------


def translated_segments(doc: Document) -> list[tuple[Paragraph, Segment]]:
    """The (paragraph, segment) pairs of the translated kinds, in order; ``ValueError`` if any lacks a
    translation."""
    pairs = [(p, s) for p in doc.translated_paragraphs() for s in p.segments]
    missing = [s.id for _, s in pairs if s.translation is None]
    if missing:
        raise ValueError(
            f"not translated: {len(missing)} of {len(pairs)} sentences have no translation"
            f" (first: {missing[0]}); run `newsalign translate ARTICLE -o doc.json` first and export that"
        )
    return pairs


def post_edit_count(doc: Document) -> tuple[int, int]:
    """(segments with a post-edit, translated segments) among the exported kinds."""
    segments = doc.translated_segments()
    return sum(s.post_edit is not None for s in segments), len(segments)


def origin(segment: Segment) -> str:
    return "post-edit" if segment.post_edit is not None else "mt"


def codes(flags: Iterable[Flag]) -> list[str]:
    return list(dict.fromkeys(f.code for f in flags))  # unique, in order


def scores_out(scores: Mapping[str, float]) -> dict[str, float | None]:
    return {k: finite_or_none(v) for k, v in scores.items()}


def finite_or_none(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None
