"""Segments longer than the model's input, cut into pieces that fit: over-long input is split, never
truncated. Each piece is as long as the limit allows, cut where the text allows most naturally."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from align.engines.base import Engine

# Clause boundaries: Arabic and Latin comma and semicolon, keeping the punctuation with the clause before it.
_CLAUSE_END = re.compile(r"(?<=[،؛,;])\s+")


def split_to_fit(text: str, engine: Engine, limit: int) -> tuple[list[str], bool]:
    """``text`` cut into pieces of at most ``limit`` tokens each: at clause ends (after ، ؛ , ;) where they
    suffice, else at spaces, else inside a run of characters; ``True`` with them when a piece had to be cut
    other than at a clause end."""

    def fits(candidate: str) -> bool:
        return engine.encode([candidate])[0].n_tokens <= limit

    clauses = _CLAUSE_END.split(text)
    parts: list[str] = []
    hard = False
    for clause in _pack(clauses, fits):
        if fits(clause):
            parts.append(clause)
            continue
        hard = True
        for chunk in _pack(clause.split(), fits):
            parts.extend([chunk] if fits(chunk) else _split_word(chunk, fits))
    return parts, hard


def _pack(units: Sequence[str], fits: Callable[[str], bool]) -> list[str]:
    """Greedily join consecutive units with spaces while the result still fits."""
    packed: list[str] = []
    for unit in units:
        if packed and fits(packed[-1] + " " + unit):
            packed[-1] = packed[-1] + " " + unit
        else:
            packed.append(unit)
    return packed


def _split_word(word: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut a run of characters with no spaces into the longest prefixes that fit (binary search)."""
    chunks = []
    while word:
        low, high = 1, len(word)
        while low < high:
            mid = (low + high + 1) // 2
            if fits(word[:mid]):
                low = mid
            else:
                high = mid - 1
        chunks.append(word[:low])
        word = word[low:]
    return chunks
