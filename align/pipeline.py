"""End-to-end runs composed from the stages; the CLI calls one function here per command."""

from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO

from align.cache import TranslationCache
from align.document import Document
from align.engines import EngineOptions, load_engine
from align.errors import InputError
from align.ingest import read_article
from align.repair import RepairOptions, repair_text
from align.repair.pua import parse_glyph_map
from align.segment import build_document
from align.translate import ProgressCallback, TranslateOptions, translate_document

DEFAULT_REPAIR = RepairOptions()


def load_document(
    path: str | Path, *, repair: RepairOptions | None = DEFAULT_REPAIR, stdin: BinaryIO | None = None
) -> Document:
    """Read an article (``"-"`` for standard input), repair it unless ``repair`` is None, and segment it."""
    raw = read_article(path, stdin=stdin)
    if repair is None:
        return build_document(raw)
    return build_document(raw, repair_text(raw.text, repair, structured=bool(raw.blocks)))


def translate_article(
    path: str | Path,
    *,
    engine_options: EngineOptions | None = None,
    options: TranslateOptions | None = None,
    engine: str = "auto",
    repair: RepairOptions | None = DEFAULT_REPAIR,
    progress: ProgressCallback | None = None,
    stdin: BinaryIO | None = None,
    cache: bool = True,
) -> Document:
    """Read, repair, segment and translate one article; with ``cache``, through the translation cache."""
    # Input problems are reported before the (slow) model load.
    doc = load_document(path, repair=repair, stdin=stdin)
    loaded = load_engine(engine_options or EngineOptions(), engine)
    store = TranslationCache() if cache else None
    try:
        return translate_document(doc, loaded, options, progress=progress, cache=store)
    finally:
        if store is not None:
            store.close()


def read_glyph_map(path: str | Path) -> dict[str, str]:
    """A JSON object mapping Private-Use glyphs ("U+E005" or the character) to the text they stand for."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a readable JSON glyph map ({exc})", path=name) from None
    if not isinstance(data, dict):
        raise InputError('a glyph map is a JSON object such as {"U+E005": "0"}', path=name)
    try:
        return parse_glyph_map(data)
    except ValueError as exc:
        raise InputError(str(exc), path=name) from None
