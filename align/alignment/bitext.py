"""Bitext from an Arabic article and its published English version, through newsalign's own translation.

The two texts never share a word, but our English translation of the Arabic shares many with the published
English: the sentence aligner (``beads``) aligns translation and English, and each bead then pairs the Arabic
sentences behind the translation with the English sentences (Bleualign's bridge). This is how bilingual news
becomes a test set or a translation memory.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from align import __version__
from align.alignment.beads import Alignment
from align.document import Document
from align.errors import InputError
from align.ingest import RawArticle
from align.segment import normalize_space, split_paragraphs, split_sentences

FORMATS = ("tsv", "jsonl", "tmx")


@dataclass(frozen=True)
class SentencePair:
    arabic: str
    english: str
    confidence: float
    segments: tuple[str, ...]  # ids of the Arabic sentences ("p3.s2")
    english_lines: tuple[int, ...]  # indices of the English sentences


def english_sentences(raw: RawArticle) -> list[str]:
    text = raw.text
    return [
        normalize_space(text[a:b])
        for start, end in split_paragraphs(text)
        for a, b in split_sentences(text, start, end)
    ]


def pair_sentences(
    doc: Document, english: list[str], *, source: str = ""
) -> tuple[list[SentencePair], Alignment]:
    """Aligned (Arabic, English) sentence groups of a translated Document and the English version's sentences.

    Raises InputError when the alignment is too poor to trust (the English is probably another article, or
    switches to another one part-way), under the policy scores use (:func:`align.scoring.aligned.realign`).
    """
    segments = list(doc.translated_segments())
    if any(s.translation is None for s in segments):
        raise InputError("the Document is not translated", path=doc.meta.source)
    from align.alignment.realign import AlignmentRefused, realign

    if not english or not segments:
        raise InputError(
            "nothing to pair: no English sentences" if segments else "no Arabic sentences", path=source
        )
    try:
        lines = realign([s.translation or "" for s in segments], english, align="always", path=source)
    except AlignmentRefused as exc:
        raise InputError(
            f"does not align with the Arabic article well enough to pair ({exc.reason})", path=source
        ) from None
    alignment = lines.alignment
    assert alignment is not None  # align="always"
    pairs = [
        SentencePair(
            arabic=" ".join(segments[i].source for i in bead.hypothesis),
            english=" ".join(english[j] for j in bead.reference),
            confidence=round(bead.confidence, 3),
            segments=tuple(segments[i].id for i in bead.hypothesis),
            english_lines=tuple(bead.reference),
        )
        for bead in alignment.beads
        if bead.hypothesis and bead.reference
    ]
    return pairs, alignment


def render_pairs(pairs: list[SentencePair], fmt: str, *, signature: str = "") -> str:
    if fmt == "tsv":
        rows = ["arabic\tenglish\tconfidence\tsegments"]
        rows += [
            f"{_cell(p.arabic)}\t{_cell(p.english)}\t{p.confidence:.3f}\t{','.join(p.segments)}"
            for p in pairs
        ]
        return "\n".join(rows) + "\n"
    if fmt == "jsonl":
        return "".join(
            json.dumps(
                {
                    "arabic": p.arabic,
                    "english": p.english,
                    "confidence": p.confidence,
                    "segments": list(p.segments),
                    "english_lines": list(p.english_lines),
                },
                ensure_ascii=False,
            )
            + "\n"
            for p in pairs
        )
    if fmt == "tmx":
        return _tmx(pairs, signature)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _cell(text: str) -> str:
    return " ".join(text.split())  # tabs and line breaks would break the row


def _tmx(pairs: list[SentencePair], signature: str) -> str:
    root = ET.Element("tmx", version="1.4")
    attributes = {
        "creationtool": "newsalign",
        "creationtoolversion": __version__,
        "datatype": "plaintext",
        "segtype": "sentence",
        "o-tmf": "newsalign",
        "adminlang": "en",
        "srclang": "ar",
    }
    header = ET.SubElement(root, "header", attributes)
    if signature:
        ET.SubElement(header, "prop", type="x-signature").text = signature
    body = ET.SubElement(root, "body")
    for pair in pairs:
        unit = ET.SubElement(body, "tu", tuid=",".join(pair.segments))
        ET.SubElement(unit, "prop", type="x-confidence").text = f"{pair.confidence:.3f}"
        for lang, text in (("ar", pair.arabic), ("en", pair.english)):
            variant = ET.SubElement(unit, "tuv", {"xml:lang": lang})
            ET.SubElement(variant, "seg").text = text
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
