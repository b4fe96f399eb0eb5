"""TMX 1.4b and XLIFF 2.0 for a translated Document (see ``render.export`` for what they carry)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import datetime, timezone

from align import __version__
from align.document import Document, Flag, Segment
from align.render.exchange import (
    SRC_LANG,
    TGT_LANG,
    XML_TABLE,
    Cleaner,
    codes,
    origin,
    post_edit_count,
    translated_segments,
)

XLIFF_NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"  # XLIFF 2.0 translation candidates module
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_TMX_DOCTYPE = '<!DOCTYPE tmx SYSTEM "tmx14.dtd">\n'
# XLIFF 2.0 note priority: 1 is the highest.
_PRIORITY = {"error": "1", "warning": "5", "info": "9"}


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
    clean = Cleaner(XML_TABLE)
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
        _prop(tu, "x-origin", origin(segment))
        if segment.post_edit is not None:
            _prop(tu, "x-mt", clean(segment.translation or ""))
        if segment.flags:
            _prop(tu, "x-flags", clean(",".join(codes(segment.flags))))
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
    clean = Cleaner(XML_TABLE)
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


def _mt_match(unit: ET.Element, segment: Segment, clean: Cleaner) -> None:
    matches = ET.SubElement(unit, "mtc:matches")
    match = ET.SubElement(matches, "mtc:match", ref="#s1", type="mt", origin="newsalign")
    ET.SubElement(match, "source").text = clean(segment.source)
    ET.SubElement(match, "target").text = clean(segment.translation or "")


def _xliff_notes(parent: ET.Element, flags: Iterable[Flag], clean: Cleaner) -> None:
    flags = tuple(flags)
    if not flags:
        return
    notes = ET.SubElement(parent, "notes")
    for flag in flags:
        note = ET.SubElement(notes, "note", category=clean(flag.code), priority=_PRIORITY[flag.severity])
        note.text = clean(flag.message)
