"""Translation: split and batch sentences for an engine, the translation cache, restore order, flag."""

from align.translate.batching import (
    Piece,
    ProgressCallback,
    TranslateOptions,
    iter_translations,
    plan_pieces,
    translate_document,
)

__all__ = [
    "Piece",
    "ProgressCallback",
    "TranslateOptions",
    "iter_translations",
    "plan_pieces",
    "translate_document",
]
