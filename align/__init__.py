"""newsalign: repair, translate, align and score Arabic news articles.

Read an article (text, PDF, web page or Word file), repair what PDF extraction damaged, split it into
paragraphs and sentences, translate it with a MarianMT model, check every sentence without a reference,
score translations against references, and write the result for review or exchange::

    from align import RunOptions, Translator, score_against

    with Translator(RunOptions()) as translator:
        doc = translator.translate("article.pdf")
    print(score_against(doc, "reference.en.txt"))

The names here are the public API (``align.__all__``); they are imported when first used, so that
``import align`` (and ``newsalign --help``) never pays for torch or transformers.

- Data model: :class:`Document` of :class:`Paragraph` of :class:`Segment`, with :class:`Flag` and
  :class:`RunInfo`; ``Document.load`` / ``save`` / ``to_json``.
- Reading: :func:`read_article`, :func:`repair_text` (:class:`RepairOptions`), :func:`build_document`,
  :func:`split_sentences`, :func:`load_document` (all three at once).
- Translating: :class:`RunOptions` (the one bundle of options: :class:`EngineOptions`,
  :class:`TranslateOptions`, :class:`RepairOptions`, :class:`QAOptions`, cache, limits) and
  :class:`Translator`, which loads the model once; :func:`translate_article` for a single article.
- Checking and scoring: :func:`check` (reference-free QA flags), :func:`score_against` (sacrebleu scores of
  a translation against a reference, aligning sentences first when they are not line-aligned, with coverage
  and confidence: :class:`ScoreResult`).
- Output: :func:`export` (TMX, XLIFF, TSV, JSON Lines, text), :func:`to_text`, :func:`to_html` (the review
  page).
- Errors: :class:`NewsalignError` and its subclasses; each has a one-line message and a ``hint``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> (module, attribute)
_EXPORTS: dict[str, tuple[str, str]] = {
    "SCHEMA_VERSION": ("align.document", "SCHEMA_VERSION"),
    "Document": ("align.document", "Document"),
    "DocumentMeta": ("align.document", "DocumentMeta"),
    "Paragraph": ("align.document", "Paragraph"),
    "Segment": ("align.document", "Segment"),
    "Flag": ("align.document", "Flag"),
    "RunInfo": ("align.document", "RunInfo"),
    "NewsalignError": ("align.errors", "NewsalignError"),
    "InputError": ("align.errors", "InputError"),
    "UsageError": ("align.errors", "UsageError"),
    "ModelError": ("align.errors", "ModelError"),
    "CacheError": ("align.errors", "CacheError"),
    "DocumentFormatError": ("align.errors", "DocumentFormatError"),
    "Interrupted": ("align.errors", "Interrupted"),
    "RawArticle": ("align.ingest", "RawArticle"),
    "read_article": ("align.ingest", "read_article"),
    "RepairOptions": ("align.repair", "RepairOptions"),
    "repair_text": ("align.repair", "repair_text"),
    "build_document": ("align.segment", "build_document"),
    "split_paragraphs": ("align.segment", "split_paragraphs"),
    "split_sentences": ("align.segment", "split_sentences"),
    "EngineOptions": ("align.engines", "EngineOptions"),
    "TranslateOptions": ("align.translate", "TranslateOptions"),
    "QAOptions": ("align.qa", "QAOptions"),
    "RunOptions": ("align.pipeline", "RunOptions"),
    "Translator": ("align.pipeline", "Translator"),
    "load_document": ("align.pipeline", "load_document"),
    "translate_article": ("align.pipeline", "translate_article"),
    "score_against": ("align.scoring.aligned", "score_against"),
    "ScoreResult": ("align.scoring.aligned", "ScoreResult"),
    "check": ("align.qa", "check_document"),
    "export": ("align.render.export", "export"),
    "to_text": ("align.render.text", "to_text"),
    "to_html": ("align.render.html", "to_html"),
}

__all__ = [  # noqa: RUF022 - in the order of the pipeline, as _EXPORTS
    "__version__",
    "SCHEMA_VERSION",
    "Document",
    "DocumentMeta",
    "Paragraph",
    "Segment",
    "Flag",
    "RunInfo",
    "NewsalignError",
    "InputError",
    "UsageError",
    "ModelError",
    "CacheError",
    "DocumentFormatError",
    "Interrupted",
    "RawArticle",
    "read_article",
    "RepairOptions",
    "repair_text",
    "build_document",
    "split_paragraphs",
    "split_sentences",
    "EngineOptions",
    "TranslateOptions",
    "QAOptions",
    "RunOptions",
    "Translator",
    "load_document",
    "translate_article",
    "score_against",
    "ScoreResult",
    "check",
    "export",
    "to_text",
    "to_html",
]

if TYPE_CHECKING:  # pragma: no cover
    from align.document import SCHEMA_VERSION, Document, DocumentMeta, Flag, Paragraph, RunInfo, Segment
    from align.engines import EngineOptions
    from align.errors import (
        CacheError,
        DocumentFormatError,
        InputError,
        Interrupted,
        ModelError,
        NewsalignError,
        UsageError,
    )
    from align.ingest import RawArticle, read_article
    from align.pipeline import RunOptions, Translator, load_document, translate_article
    from align.qa import QAOptions
    from align.qa import check_document as check
    from align.render.export import export
    from align.render.html import to_html
    from align.render.text import to_text
    from align.repair import RepairOptions, repair_text
    from align.scoring.aligned import ScoreResult, score_against
    from align.segment import build_document, split_paragraphs, split_sentences
    from align.translate import TranslateOptions


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'align' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
