"""How well the line-aligned reader says where two files fall out of step: slips planted in stretches of the
test sets (a line dropped, two lines merged, a blank line inserted) and the line it names for each."""

from __future__ import annotations

import random
from collections.abc import Sequence

from align.qa.lines import first_divergence

KINDS = ("drop a line", "merge two lines", "insert a blank line")


def plant(translations: list[str], kind: str, k: int) -> tuple[list[str], int]:
    """``translations`` with one slip at 0-based line ``k``; returns them and the 1-based line it is at."""
    if kind == "drop a line":
        return translations[:k] + translations[k + 1 :], k + 1
    if kind == "merge two lines":
        return [*translations[:k], translations[k] + " " + translations[k + 1], *translations[k + 2 :]], k + 1
    return [*translations[: k + 1], "", *translations[k + 1 :]], k + 2


def trials(
    pairs: Sequence[tuple[str, str]], seed: int = 0, count: int = 60, length: int = 300
) -> dict[str, int]:
    """Counts of: the exact line named, a line one or two away, none named, a line further away."""
    rng = random.Random(seed)
    out = {"exact": 0, "near": 0, "none": 0, "wrong": 0}
    for _ in range(count):
        start = rng.randrange(0, len(pairs) - length)
        sources = [s for s, _ in pairs[start : start + length]]
        translations = [t for _, t in pairs[start : start + length]]
        slipped, line = plant(translations, rng.choice(KINDS), rng.randrange(0, length - 2))
        named = first_divergence(sources, slipped)
        if named is None:
            out["none"] += 1
        elif named == line:
            out["exact"] += 1
        elif abs(named - line) <= 2:
            out["near"] += 1
        else:
            out["wrong"] += 1
    return out
