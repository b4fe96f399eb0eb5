"""End-to-end runs composed from the stages; the CLI calls one function here per command."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from align.document import Document
from align.engines import Engine, EngineOptions, load_engine
from align.errors import InputError
from align.ingest import DEFAULT_LIMITS, RawArticle, ReadLimits, read_article
from align.qa import QAOptions, check_document
from align.repair import RepairOptions, repair_text
from align.repair.pua import parse_glyph_map
from align.segment import build_document
from align.text import has_arabic
from align.translate.batching import ProgressCallback, TranslateOptions, translate_document
from align.translate.cache import TranslationCache

DEFAULT_REPAIR = RepairOptions()
DEFAULT_QA = QAOptions()


def load_document(
    path: str | Path,
    *,
    repair: RepairOptions | None = DEFAULT_REPAIR,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
    require_arabic: bool = False,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Document:
    """Read an article (``"-"`` for standard input), repair it unless ``repair`` is None, and segment it.

    ``require_arabic``: refuse (InputError) text without a single Arabic letter, which is almost always the
    wrong file (the English version, a transcript) rather than an article to translate from Arabic.
    ``limits``: what reading may cost (``max_bytes``, when given, replaces its ``max_bytes``).
    """
    raw = read_article(path, stdin=stdin, max_bytes=max_bytes, limits=limits)
    return document_from_raw(raw, repair=repair, require_arabic=require_arabic)


def document_from_raw(
    raw: RawArticle, *, repair: RepairOptions | None = DEFAULT_REPAIR, require_arabic: bool = False
) -> Document:
    """What :func:`load_document` does after reading (corpus mode reads its articles itself)."""
    if require_arabic and not has_arabic(raw.text):
        raise InputError(
            "has no Arabic text (nothing for an Arabic model to translate); pass --force to go on anyway",
            path=raw.source,
        )
    if repair is None:
        return build_document(raw)
    repaired = repair_text(raw.text, repair, structured=bool(raw.blocks))
    if not repaired.text.strip():
        raise InputError(
            "is empty after repair (it holds only characters that carry no text: tatweel, control and"
            " bidi marks, spaces)",
            path=raw.source,
        )
    return build_document(raw, repaired)


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
    max_bytes: int | None = None,
    require_arabic: bool = False,
    should_stop: Callable[[], bool] | None = None,
    qa: QAOptions | None = DEFAULT_QA,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Document:
    """Read, repair, segment and translate one article; with ``cache``, through the translation cache
    (see :func:`load_document` and :func:`align.translate.translate_document` for the other arguments),
    then
    checked by :func:`align.qa.check_document` with ``qa`` (None: not checked)."""
    # Input problems are reported before the (slow) model load.
    doc = load_document(
        path, repair=repair, stdin=stdin, max_bytes=max_bytes, require_arabic=require_arabic, limits=limits
    )
    loaded = load_engine(engine_options or EngineOptions(), engine)
    store = TranslationCache() if cache else None
    try:
        return translate_loaded(
            doc, loaded, options, progress=progress, cache=store, should_stop=should_stop, qa=qa
        )
    finally:
        if store is not None:
            store.close()


def translate_loaded(
    doc: Document,
    engine: Engine,
    options: TranslateOptions | None = None,
    *,
    progress: ProgressCallback | None = None,
    cache: TranslationCache | None = None,
    should_stop: Callable[[], bool] | None = None,
    qa: QAOptions | None = DEFAULT_QA,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> Document:
    """Translate and check a Document already read: what :func:`translate_article` does after loading.
    Corpus mode goes through here too, so that both give the same Document for the same article."""
    translated = translate_document(
        doc, engine, options, progress=progress, cache=cache, should_stop=should_stop
    )
    return check_document(translated, qa) if qa is not None else translated


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
