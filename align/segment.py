"""Paragraphs and Arabic-aware sentences, with character offsets into the article text.

Why our own splitter: pysbd's Arabic rules split on every ``،`` and ``:``, sentence-splitter has no
Arabic, and stanza/trankit/camel-tools need model downloads or pin old transformers. The rules here
are few and explicit so that their failures are easy to see and test.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from align.document import Document, DocumentMeta, Paragraph, Segment, Span
from align.ingest import RawArticle

SEGMENTER_VERSION = "ar-v1"

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
# A run of terminators (". ! ? ؟ …" or "...") and any closing quotes/brackets, ending the sentence only
# when whitespace or the end of the paragraph follows: this keeps "ليف.إي يو", "3.5" and URLs whole.
_TERMINATOR = re.compile(r"(?:\.\.\.|[.!?؟…])+[\"'”’»›)\]}]*(?=\s|$)")
# Latin abbreviations that are followed by a name or a number far more often than they end a sentence.
_LATIN_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st mt gen gov sen rep col lt sgt capt inc ltd co corp no vs "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_WORD_BEFORE = re.compile(r"(\w+)$")


def split_paragraphs(text: str) -> list[Span]:
    """Spans of the paragraphs of ``text``: a blank line (possibly with spaces) separates paragraphs.

    Spans start and end on non-whitespace characters; whitespace-only stretches yield no paragraph.
    """
    spans: list[Span] = []
    start = 0
    for match in _BLANK_LINE.finditer(text):
        _append_trimmed(text, start, match.start(), spans)
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of the sentences in ``text[start:end]``, as offsets into ``text``.

    Boundaries fall after ``. ! ? ؟ …`` (and closing quotes or brackets) followed by whitespace; never on
    ``، ؛ :``; never after a dot followed by a non-space (``ليف.إي يو``, decimals, URLs), after a single Latin
    initial or a common Latin abbreviation. Punctuation with no letter or digit before it (``. معا``, a
    line-initial dot left by a broken PDF) stays with the sentence that follows. The spans cover every
    non-whitespace character of the range exactly once.
    """
    end = len(text) if end is None else end
    region = text[start:end]
    spans: list[Span] = []
    current = 0
    for match in _TERMINATOR.finditer(region):
        before = region[current : match.start()]
        if not any(ch.isalnum() for ch in before) or _is_abbreviation(before):
            continue
        _append_trimmed(region, current, match.end(), spans)
        current = match.end()
    tail = region[current:]
    if any(ch.isalnum() for ch in tail) or not spans:
        _append_trimmed(region, current, len(region), spans)
    else:
        # Trailing punctuation with nothing to translate belongs to the last sentence.
        last_start, _ = spans.pop()
        _append_trimmed(region, last_start, len(region), spans)
    return [(a + start, b + start) for a, b in spans]


def normalize_space(text: str) -> str:
    """Collapse line breaks and runs of whitespace: PDF line wraps are not sentence structure."""
    return " ".join(text.split())


def build_document(raw: RawArticle) -> Document:
    """Paragraphs and sentences of an article, untranslated."""
    text = raw.text
    paragraphs = []
    for p_index, (p_start, p_end) in enumerate(split_paragraphs(text), start=1):
        segments = tuple(
            Segment(id=f"p{p_index}.s{s_index}", source=normalize_space(text[a:b]), span=(a, b))
            for s_index, (a, b) in enumerate(split_sentences(text, p_start, p_end), start=1)
        )
        paragraphs.append(Paragraph(id=f"p{p_index}", kind="body", span=(p_start, p_end), segments=segments))
    meta = DocumentMeta(
        source=raw.source,
        sha256=raw.sha256,
        format=raw.format,
        encoding=raw.encoding,
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    return Document(meta=meta, text=text, paragraphs=tuple(paragraphs))


def _is_abbreviation(before: str) -> bool:
    match = _WORD_BEFORE.search(before)
    if match is None:
        return False
    word = match.group(1)
    if len(word) == 1 and "A" <= word <= "Z":
        return True  # an initial: "J. K. Rowling"
    return word.isascii() and word.lower() in _LATIN_ABBREVIATIONS


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
