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
import math
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from align import __version__
from align.document import Document, Flag, Paragraph, Segment
from align.errors import printable
from align.render.text import to_text

log = logging.getLogger(__name__)

SRC_LANG = "ar"
TGT_LANG = "en"
XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"  # XLIFF 2.0 translation candidates module
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_TMX_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'

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
# XLIFF 2.0 note priority: 1 is the highest.
_PRIORITY = {"error": "1", "warning": "5", "info": "9"}

# -- characters -------------------------------------------------------------------------------------------

_SPLIT_SPACES = "\x0b\x0c\x1c\x1d\x1e\x1f"  # C0 controls that str.split() treats as whitespace
_SURROGATES: dict[int, None] = dict.fromkeys(range(0xD800, 0xE000))
_XML_TABLE: dict[int, str | None] = {
    **{c: None for c in range(0x20) if chr(c) not in "\t\n\r"},
    **{ord(c): " " for c in _SPLIT_SPACES},
    **_SURROGATES,
    0xFFFE: None,
    0xFFFF: None,
}
_TSV_TABLE: dict[int, str | None] = {**_XML_TABLE, **{ord(c): " " for c in "\t\n\r\x85\u2028\u2029"}}


class _Cleaner:
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


def _origin(segment: Segment) -> str:
    return "post-edit" if segment.post_edit is not None else "mt"


def _codes(flags: Iterable[Flag]) -> list[str]:
    return list(dict.fromkeys(f.code for f in flags))  # unique, in order


def _scores(scores: Mapping[str, float]) -> dict[str, float | None]:
    return {k: _score(v) for k, v in scores.items()}


def _score(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _creationdate(created_at: str) -> str | None:
    """ISO 8601 → TMX's ``YYYYMMDDThhmmssZ`` (UTC); None when the Document's time cannot be read."""
    try:
        when = datetime.fromisoformat(created_at)
    except ValueError:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _serialise(root: ET.Element, *, doctype: str = "") -> str:
    ET.indent(root, space="  ")  # only elements with children get whitespace: text content is untouched
    body = ET.tostring(root, encoding="unicode")
    return _XML_DECLARATION + doctype + body + "\n"


# -- TMX 1.4b ---------------------------------------------------------------------------------------------


def to_tmx(doc: Document) -> str:
    """TMX 1.4b: one ``<tu tuid="p3.s2">`` per translated sentence with ``x-paragraph``, ``x-kind`` and
    (when flagged) ``x-flags`` props and one note per flag; the run signature is a header prop."""
    pairs = translated_segments(doc)
    clean = _Cleaner(_XML_TABLE)
    root = ET.Element("tmx", version="1.4")
    header = ET.SubElement(
        root,
        "header",
        {
            "creationtool": "newsalign",
            "creationtoolversion": __version__,
            "segtype": "sentence",
            "o-tmf": "newsalign",
            "adminlang": "en",
            "srclang": SRC_LANG,
            "datatype": "plaintext",
        },
    )
    if (date := _creationdate(doc.meta.created_at)) is not None:
        header.set("creationdate", date)
    _prop(header, "x-source", clean(doc.meta.source))
    _prop(header, "x-source-sha256", doc.meta.sha256)
    if doc.meta.run is not None:
        _prop(header, "x-signature", clean(doc.meta.run.signature()))
    edited, total = post_edit_count(doc)
    if edited:
        _prop(header, "x-post-edits", f"{edited} of {total} sentences are post-edits (x-origin, x-mt)")
    body = ET.SubElement(root, "body")
    for paragraph, segment in pairs:
        target = segment.final
        if not target:
            continue  # empty output: no translation-memory entry (the flag says why)
        tu = ET.SubElement(body, "tu", tuid=clean(segment.id))
        _prop(tu, "x-paragraph", clean(paragraph.id))
        _prop(tu, "x-kind", paragraph.kind)
        _prop(tu, "x-origin", _origin(segment))
        if segment.post_edit is not None:
            _prop(tu, "x-mt", clean(segment.translation or ""))
        if segment.flags:
            _prop(tu, "x-flags", clean(",".join(_codes(segment.flags))))
            for flag in segment.flags:
                ET.SubElement(tu, "note").text = clean(f"{flag.code} ({flag.severity}): {flag.message}")
        for lang, text in ((SRC_LANG, segment.source), (TGT_LANG, target)):
            tuv = ET.SubElement(tu, "tuv", {_XML_LANG: lang})
            ET.SubElement(tuv, "seg").text = clean(text)
    clean.report(doc, "TMX")
    return _serialise(root, doctype=_TMX_DOCTYPE)


def _prop(parent: ET.Element, kind: str, text: str) -> None:
    ET.SubElement(parent, "prop", type=kind).text = text


# -- XLIFF 2.0 --------------------------------------------------------------------------------------------


def to_xliff(doc: Document) -> str:
    """XLIFF 2.0 core: one ``<file>``, one ``<group id="p3">`` per translated paragraph, one
    ``<unit id="p3.s2">`` per sentence holding one ``<segment state="translated">`` with ``<source>`` and
    ``<target>`` (``state="initial"`` and no target for an empty translation). A post-edited sentence is
    ``state="reviewed"`` with the post-edit as its target and the machine translation as an
    ``<mtc:match type="mt">`` of the unit. Flags are unit notes (the category is the flag code, the priority
    follows the severity: error 1, warning 5, info 9); paragraph flags are group notes; the run signature,
    source hash and post-edit count are file notes."""
    if not translated_segments(doc):
        raise ValueError("nothing to export: the Document has no translated paragraphs")
    clean = _Cleaner(_XML_TABLE)
    edited, total = post_edit_count(doc)

    # ElementTree's default_namespace= rejects unqualified attributes, so the elements stay unqualified here
    # and the root declares the default namespace: the XML that comes out has every element in XLIFF's.
    attributes = {"xmlns": XLIFF_NS, "version": "2.0", "srcLang": SRC_LANG, "trgLang": TGT_LANG}
    if edited:
        attributes["xmlns:mtc"] = MTC_NS
    root = ET.Element("xliff", attributes)
    file = ET.SubElement(root, "file", {"id": "f1", "original": clean(doc.meta.source)})
    notes = ET.SubElement(file, "notes")
    ET.SubElement(notes, "note", category="source-sha256").text = doc.meta.sha256
    if doc.meta.run is not None:
        ET.SubElement(notes, "note", category="signature").text = clean(doc.meta.run.signature())
    if edited:
        ET.SubElement(notes, "note", category="post-edits").text = (
            f"{edited} of {total} sentences are post-edits (state reviewed); the machine translation of"
            " each is its unit's mtc:match of type mt"
        )
    for paragraph in doc.paragraphs:
        if not paragraph.is_translated:
            continue
        group = ET.SubElement(
            file, "group", {"id": clean(paragraph.id), "type": f"newsalign:{paragraph.kind}"}
        )
        _xliff_notes(group, paragraph.flags, clean)
        for segment in paragraph.segments:
            unit = ET.SubElement(group, "unit", id=clean(segment.id))
            if segment.post_edit is not None:
                _mt_match(unit, segment, clean)  # module elements come before the unit's notes
            _xliff_notes(unit, segment.flags, clean)
            if segment.post_edit is not None:
                seg = ET.SubElement(unit, "segment", id="s1", state="reviewed")
                ET.SubElement(seg, "source").text = clean(segment.source)
                ET.SubElement(seg, "target").text = clean(segment.post_edit)
                continue
            translation = segment.translation or ""
            seg = ET.SubElement(unit, "segment", state="translated" if translation else "initial")
            ET.SubElement(seg, "source").text = clean(segment.source)
            if translation:
                ET.SubElement(seg, "target").text = clean(translation)
    clean.report(doc, "XLIFF")
    return _serialise(root)


def _mt_match(unit: ET.Element, segment: Segment, clean: _Cleaner) -> None:
    matches = ET.SubElement(unit, "mtc:matches")
    match = ET.SubElement(matches, "mtc:match", ref="#s1", type="mt", origin="newsalign")
    ET.SubElement(match, "source").text = clean(segment.source)
    ET.SubElement(match, "target").text = clean(segment.translation or "")


def _xliff_notes(parent: ET.Element, flags: Iterable[Flag], clean: _Cleaner) -> None:
    flags = tuple(flags)
    if not flags:
        return
    notes = ET.SubElement(parent, "notes")
    for flag in flags:
        note = ET.SubElement(notes, "note", category=clean(flag.code), priority=_PRIORITY[flag.severity])
        note.text = clean(flag.message)


# -- TSV, JSON Lines, text --------------------------------------------------------------------------------


def to_tsv(doc: Document) -> str:
    """Tab-separated, a header row then one row per translated sentence (see the module notes on
    characters). ``translation``: the post-edit where there is one; ``flags``: the flag codes joined by
    commas; ``scores``: a JSON object; ``origin``: ``post-edit`` or ``mt``; ``machine_translation``: the
    model's translation."""
    pairs = translated_segments(doc)
    clean = _Cleaner(_TSV_TABLE)
    rows = ["\t".join(TSV_COLUMNS)]
    for paragraph, segment in pairs:
        scores = json.dumps(_scores(segment.scores), ensure_ascii=False, separators=(",", ":"))
        fields = (
            paragraph.id,
            segment.id,
            paragraph.kind,
            segment.source,
            segment.final or "",
            ",".join(_codes(segment.flags)),
            scores,
            _origin(segment),
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
                "scores": _scores(segment.scores),
                "word_alignment": [[i, j] for i, j in segment.word_alignment],
                "post_edited": segment.post_edit is not None,
                "machine_translation": segment.translation,
                "alternatives": [{"text": a.text, "score": _score(a.score)} for a in segment.alternatives],
            }
            line = json.dumps(record, ensure_ascii=False, allow_nan=False).translate(_SURROGATES)
            for char, escaped in _JSONL_ESCAPES.items():
                line = line.replace(char, escaped)  # only ever inside strings: JSON has no such whitespace
            lines.append(line + "\n")
    return "".join(lines)


def to_txt(doc: Document) -> str:
    """The English text, one paragraph per translated source paragraph (``align.render.text.to_text``),
    with the post-edits in place of the machine translation."""
    translated_segments(doc)  # the same message as the other formats for an untranslated Document
    clean = _Cleaner(_XML_TABLE)
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
