"""End-to-end runs composed from the stages; the CLI calls one function here per command."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from align.document import Document
from align.engines import EngineOptions, load_engine
from align.ingest import read_article
from align.segment import build_document
from align.translate import ProgressCallback, TranslateOptions, translate_document


def translate_article(
    path: str | Path,
    *,
    engine_options: EngineOptions | None = None,
    options: TranslateOptions | None = None,
    engine: str = "auto",
    progress: ProgressCallback | None = None,
    stdin: BinaryIO | None = None,
) -> Document:
    """Read, segment and translate one article (``"-"`` for standard input)."""
    # Input problems are reported before the (slow) model load.
    doc = build_document(read_article(path, stdin=stdin))
    loaded = load_engine(engine_options or EngineOptions(), engine)
    return translate_document(doc, loaded, options, progress=progress)
