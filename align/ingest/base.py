"""What every reader returns: the article text and what the reader knows about its structure."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from align.document import Flag, IngestReport, ParagraphKind


@dataclass(frozen=True)
class Block:
    """A paragraph as the source format marks it (a DOCX heading, an HTML <p>, a PDF text block)."""

    kind: ParagraphKind
    start: int  # span into RawArticle.text
    end: int
    page: int | None = None  # 1-based page number, for paginated formats
    flags: tuple[Flag, ...] = ()  # what the reader is unsure of in this paragraph


@dataclass(frozen=True)
class RawArticle:
    """Decoded article text plus where it came from. Offsets elsewhere point into ``text``.

    ``blocks`` is empty for plain text (structure unknown: blank lines separate paragraphs); readers of
    structured formats list every paragraph, in order, with its kind and page.
    """

    text: str
    source: str
    sha256: str
    format: str
    encoding: str
    blocks: tuple[Block, ...] = ()
    ingest: IngestReport | None = None  # paged formats: where each page's characters went

    def block_at(self, offset: int) -> Block | None:
        for block in self.blocks:
            if block.start <= offset < block.end:
                return block
        return None


def from_paragraphs(
    paragraphs: Iterable[
        tuple[ParagraphKind, str, int | None] | tuple[ParagraphKind, str, int | None, tuple[Flag, ...]]
    ],
    *,
    data: bytes,
    source: str,
    format: str,
    encoding: str,
    ingest: IngestReport | None = None,
) -> RawArticle:
    """Build an article from (kind, text, page[, flags]) paragraphs: one paragraph per line, a blank line
    between."""
    parts: list[str] = []
    blocks: list[Block] = []
    offset = 0
    for kind, text, page, *rest in paragraphs:
        flags: tuple[Flag, ...] = rest[0] if rest else ()
        text = " ".join(text.split())  # a paragraph is one line; its own line breaks are layout
        if not text:
            continue
        if parts:
            parts.append("\n\n")
            offset += 2
        blocks.append(Block(kind, offset, offset + len(text), page, flags))
        parts.append(text)
        offset += len(text)
    return RawArticle(
        text="".join(parts),
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        format=format,
        encoding=encoding,
        blocks=tuple(blocks),
        ingest=ingest,
    )
