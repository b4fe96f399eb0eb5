"""Plain English text: one paragraph per source paragraph, separated by a blank line."""

from __future__ import annotations

from align.document import Document

# Control characters shown as what they are (U+2400 control pictures: ␀ ␛ ␇ ...) in pages and terminals that a
# person reads: raw, an escape sequence could rewrite the terminal, and HTML forbids them. Tab and line breaks
# stay. C1 controls and lone surrogates (which UTF-8 cannot hold) become U+FFFD.
_VISIBLE: dict[int, str] = {
    **{c: chr(0x2400 + c) for c in range(0x20) if chr(c) not in "\t\n\r"},
    0x7F: "\u2421",
    **dict.fromkeys(range(0x80, 0xA0), "\ufffd"),
    **dict.fromkeys(range(0xD800, 0xE000), "\ufffd"),
}


def visible(text: str) -> str:
    """``text`` with control characters made visible (see ``_VISIBLE``)."""
    return text.translate(_VISIBLE)


def to_text(doc: Document) -> str:
    """The translation, paragraph for paragraph. Raises ``ValueError`` if the Document is not translated.

    Pull-quotes are left out (they repeat the body). A sentence the model produced nothing for is shown
    as ``[no translation: p3.s2]`` rather than left out, so paragraph ``i`` of the output is always
    paragraph ``i`` of the translated source paragraphs and the gap is visible.
    """
    paragraphs = []
    for paragraph in doc.paragraphs:
        if not paragraph.is_translated:
            continue  # pull-quotes are in the Document, not in the running text
        parts = []
        for segment in paragraph.segments:
            if segment.translation is None:
                raise ValueError(f"segment {segment.id} is not translated")
            parts.append(segment.translation or f"[no translation: {segment.id}]")
        paragraphs.append(" ".join(parts))
    return "\n\n".join(paragraphs) + "\n"


def source_text(doc: Document) -> str:
    """The (repaired) Arabic in the paragraphs that get translated, separated by a blank line."""
    paragraphs = [" ".join(s.source for s in p.segments) for p in doc.translated_paragraphs()]
    return "\n\n".join(paragraphs) + "\n"
