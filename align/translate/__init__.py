"""Translation: split and batch sentences for an engine, the translation cache, restore order, flag."""

from align.translate.batching import (
    TRANSLATED_KINDS,
    Piece,
    ProgressCallback,
    TranslateOptions,
    iter_translations,
    plan_pieces,
    translate_document,
)

__all__ = [
    "TRANSLATED_KINDS",
    "Piece",
    "ProgressCallback",
    "TranslateOptions",
    "iter_translations",
    "plan_pieces",
    "translate_document",
]
