"""Plain English text: one paragraph per source paragraph, separated by a blank line."""

from __future__ import annotations

from align.document import Document


def to_text(doc: Document) -> str:
    """The translation, paragraph for paragraph. Raises ``ValueError`` if the Document is not translated.

    A sentence the model produced nothing for is shown as ``[no translation: p3.s2]`` rather than left out,
    so paragraph ``i`` of the output is always paragraph ``i`` of the source and the gap is visible.
    """
    paragraphs = []
    for paragraph in doc.paragraphs:
        parts = []
        for segment in paragraph.segments:
            if segment.translation is None:
                raise ValueError(f"segment {segment.id} is not translated")
            parts.append(segment.translation or f"[no translation: {segment.id}]")
        paragraphs.append(" ".join(parts))
    return "\n\n".join(paragraphs) + "\n"
