"""newsalign: repair, translate, align and score Arabic news articles.

The public API is re-exported here lazily so that ``import align`` (and
``newsalign --help``) never pays for torch or transformers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Document": "align.document",
    "DocumentMeta": "align.document",
    "Paragraph": "align.document",
    "Segment": "align.document",
    "Flag": "align.document",
    "RunInfo": "align.document",
    "SCHEMA_VERSION": "align.document",
    "NewsalignError": "align.errors",
    "InputError": "align.errors",
    "ModelError": "align.errors",
    "read_article": "align.ingest",
    "RawArticle": "align.ingest",
    "build_document": "align.segment",
    "split_paragraphs": "align.segment",
    "split_sentences": "align.segment",
    "TranslateOptions": "align.translate.batching",
    "translate_document": "align.translate.batching",
    "load_engine": "align.engines",
    "EngineOptions": "align.engines",
    "RepairOptions": "align.repair",
    "repair_text": "align.repair",
    "load_document": "align.pipeline",
    "translate_article": "align.pipeline",
    "ScoreResult": "align.scoring.aligned",
    "score_against": "align.scoring.aligned",
}

__all__ = [  # noqa: RUF022 - grouped like _EXPORTS
    "__version__",
    "SCHEMA_VERSION",
    "Document",
    "DocumentMeta",
    "EngineOptions",
    "Flag",
    "InputError",
    "ModelError",
    "NewsalignError",
    "Paragraph",
    "RawArticle",
    "RepairOptions",
    "RunInfo",
    "ScoreResult",
    "Segment",
    "TranslateOptions",
    "build_document",
    "load_document",
    "load_engine",
    "read_article",
    "repair_text",
    "score_against",
    "split_paragraphs",
    "split_sentences",
    "translate_article",
    "translate_document",
]

if TYPE_CHECKING:  # pragma: no cover
    from align.document import SCHEMA_VERSION, Document, DocumentMeta, Flag, Paragraph, RunInfo, Segment
    from align.engines import EngineOptions, load_engine
    from align.errors import InputError, ModelError, NewsalignError
    from align.ingest import RawArticle, read_article
    from align.pipeline import load_document, translate_article
    from align.repair import RepairOptions, repair_text
    from align.scoring.aligned import ScoreResult, score_against
    from align.segment import build_document, split_paragraphs, split_sentences
    from align.translate.batching import TranslateOptions, translate_document


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'align' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
