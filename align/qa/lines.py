"""Line-aligned MT output (one sentence per line, any system) as a Document the checks can run on."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime, timezone

from align.document import Document, DocumentMeta, Paragraph, Segment
from align.errors import InputError


def document_from_lines(
    sources: Sequence[str], translations: Sequence[str], source_name: str, translation_name: str
) -> Document:
    """Line N of the source and of the translation become segment ``LN``; the counts must agree."""
    if len(sources) != len(translations):
        raise InputError(
            f"has {len(sources)} lines but {translation_name} has {len(translations)};"
            " the files must be line-aligned",
            path=source_name,
        )
    paragraphs = []
    offset = 0
    for n, (source, translation) in enumerate(zip(sources, translations, strict=True), start=1):
        span = (offset, offset + len(source))
        segment = Segment(id=f"L{n}", source=source, span=span, translation=translation)
        paragraphs.append(Paragraph(id=f"L{n}", kind="body", span=span, segments=(segment,)))
        offset += len(source) + 1
    text = "\n".join(sources)
    meta = DocumentMeta(
        source=source_name,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format="lines",
        encoding="utf-8",
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    return Document(meta=meta, text=text, paragraphs=tuple(paragraphs))
