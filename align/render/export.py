"""Exchange formats for a translated Document: TMX 1.4b, XLIFF 2.0, TSV, JSON Lines and plain text.

Which sentences:
    TMX, XLIFF, TSV and text carry the paragraphs that get translated (``Paragraph.is_translated``);
    pull-quotes repeat the body and have no translation. JSON Lines carries every segment, pull-quotes
    included, with ``"translation": null`` where there is none, so it is also the export of a Document not yet
    translated.
    TMX, XLIFF, TSV and text raise ``ValueError`` for a Document with untranslated sentences.

Empty translations (the model produced nothing; the segment carries an ``empty-output`` flag):
    TMX leaves the sentence out (a translation-memory entry with an empty target would teach a tool that
    the sentence translates to nothing); XLIFF keeps the unit with ``state="initial"`` and no ``<target>``;
    TSV and JSON Lines keep the row with an empty translation; text shows ``[no translation: p3.s2]``.

Characters:
    XML 1.0 forbids the C0 control characters other than tab, line feed and carriage return, lone
    surrogates, U+FFFE and U+FFFF. TMX, XLIFF, TSV and text remove them, except the ones ``str.split()``
    treats as whitespace (U+000B, U+000C, U+001C..U+001F), which become a space so that word boundaries (and
    word-alignment indices) survive; a warning is logged when anything was changed. Line breaks are
    written as LF (CRLF and CR are what an XML parser would turn into LF anyway). All other text is
    escaped by the XML library (``xml.etree.ElementTree``), never by hand. TSV fields also have tab,
    carriage return, line feed, U+0085, U+2028 and U+2029 replaced by a space, so every record is exactly
    one line and no quoting is needed ("linear TSV": fields are never quoted; a ``"`` is just a character).
    JSON Lines is lossless: JSON escapes control characters; U+0085, U+2028 and U+2029 are written escaped
    too, so a reader that splits lines on them still sees one record per line; only lone surrogates (which
    no UTF-8 file can hold) are removed.

Post-edits (a reviewer's corrections, ``Segment.post_edit``):
    Every format writes the post-edit where there is one, and says so, keeping the machine translation:
    TMX as the target with props ``x-origin`` (``post-edit`` or ``mt``) and ``x-mt`` (the machine
    translation), and a header prop ``x-post-edits``; XLIFF as the target of a ``state="reviewed"``
    segment, the machine translation as an ``mtc:match`` of type ``mt`` (XLIFF 2.0's translation candidates
    module), and a file note; TSV in the ``translation`` column with ``origin`` and ``machine_translation``
    columns; JSON Lines as ``translation`` with ``post_edited`` and ``machine_translation`` (to which
    ``word_alignment`` refers); text as the sentence (``post_edit_count`` tells a caller how many to report).

Scores that are not finite numbers (NaN, infinity) are written as JSON ``null``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from align.document import Document
from align.render.exchange import (
    SURROGATES,
    TSV_TABLE,
    XML_TABLE,
    Cleaner,
    codes,
    finite_or_none,
    origin,
    post_edit_count,
    scores_out,
    translated_segments,
)
from align.render.export_xml import MTC_NS, XLIFF_NS, to_tmx, to_xliff
from align.render.text import to_text

log = logging.getLogger(__name__)

TSV_COLUMNS = (
    "paragraph",
    "segment",
    "kind",
    "source",
    "translation",
    "flags",
    "scores",
    "origin",
    "machine_translation",
)

# -- TSV, JSON Lines, text --------------------------------------------------------------------------------


def to_tsv(doc: Document) -> str:
    """Tab-separated, a header row then one row per translated sentence (see the module notes on
    characters). ``translation``: the post-edit where there is one; ``flags``: the flag codes joined by
    commas; ``scores``: a JSON object; ``origin``: ``post-edit`` or ``mt``; ``machine_translation``: the
    model's translation."""
    pairs = translated_segments(doc)
    clean = Cleaner(TSV_TABLE)
    rows = ["\t".join(TSV_COLUMNS)]
    for paragraph, segment in pairs:
        scores = json.dumps(scores_out(segment.scores), ensure_ascii=False, separators=(",", ":"))
        fields = (
            paragraph.id,
            segment.id,
            paragraph.kind,
            segment.source,
            segment.final or "",
            ",".join(codes(segment.flags)),
            scores,
            origin(segment),
            segment.translation or "",
        )
        rows.append("\t".join(clean(f) for f in fields))
    clean.report(doc, "TSV")
    return "\n".join(rows) + "\n"


_JSONL_ESCAPES = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def to_jsonl(doc: Document) -> str:
    """One JSON object per segment, pull-quotes included: id, paragraph, kind, source, translation (the
    post-edit where there is one; null when there is no translation), flags ([{code, severity, message}]),
    scores, word_alignment ([[i, j], ...] with ``i`` indexing ``source.split()`` and ``j`` indexing
    ``machine_translation.split()``), post_edited, machine_translation, alternatives ([{text, score}], the
    model's n best when asked for)."""
    lines = []
    for paragraph in doc.paragraphs:
        for segment in paragraph.segments:
            record: dict[str, Any] = {
                "id": segment.id,
                "paragraph": paragraph.id,
                "kind": paragraph.kind,
                "source": segment.source,
                "translation": segment.final,
                "flags": [
                    {"code": f.code, "severity": f.severity, "message": f.message} for f in segment.flags
                ],
                "scores": scores_out(segment.scores),
                "word_alignment": [[i, j] for i, j in segment.word_alignment],
                "post_edited": segment.post_edit is not None,
                "machine_translation": segment.translation,
                "alternatives": [
                    {"text": a.text, "score": finite_or_none(a.score)} for a in segment.alternatives
                ],
            }
            line = json.dumps(record, ensure_ascii=False, allow_nan=False).translate(SURROGATES)
            for char, escaped in _JSONL_ESCAPES.items():
                line = line.replace(char, escaped)  # only ever inside strings: JSON has no such whitespace
            lines.append(line + "\n")
    return "".join(lines)


def to_txt(doc: Document) -> str:
    """The English text, one paragraph per translated source paragraph (``align.render.text.to_text``),
    with the post-edits in place of the machine translation."""
    translated_segments(doc)  # the same message as the other formats for an untranslated Document
    clean = Cleaner(XML_TABLE)
    final = tuple(
        replace(p, segments=tuple(replace(s, translation=s.final) for s in p.segments))
        for p in doc.paragraphs
    )
    text = clean(to_text(replace(doc, paragraphs=final)))
    clean.report(doc, "text")
    return text


# -- by name ----------------------------------------------------------------------------------------------

FORMATS: dict[str, Callable[[Document], str]] = {
    "tmx": to_tmx,
    "xliff": to_xliff,
    "tsv": to_tsv,
    "jsonl": to_jsonl,
    "text": to_txt,
}
EXTENSIONS = {
    ".tmx": "tmx",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".txt": "text",
}


def format_for_path(path: str | Path) -> str | None:
    """The format an output file name implies (by its extension, any case), or None."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def export(doc: Document, fmt: str) -> str:
    """``doc`` in format ``fmt`` (a key of ``FORMATS``)."""
    try:
        writer = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None
    return writer(doc)


__all__ = [
    "EXTENSIONS",
    "FORMATS",
    "MTC_NS",
    "TSV_COLUMNS",
    "XLIFF_NS",
    "export",
    "format_for_path",
    "post_edit_count",
    "to_jsonl",
    "to_tmx",
    "to_tsv",
    "to_txt",
    "to_xliff",
]
