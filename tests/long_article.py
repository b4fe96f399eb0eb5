"""Long Arabic articles of distinct sentences, made from the seed article's words (for resume and
concurrency tests, which count cache rows: every sentence must be different)."""

from __future__ import annotations

import random
import re

from .conftest import SEED

_WORD = re.compile("[\u0621-\u063a\u0641-\u064a]{3,}")


def long_article(sentences: int, seed: int = 0) -> str:
    words = sorted(set(_WORD.findall(SEED.read_text(encoding="utf-8"))))
    rng = random.Random(seed)
    made: list[str] = []
    seen: set[str] = set()
    while len(made) < sentences:
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(5, 10))) + "."
        if sentence not in seen:
            seen.add(sentence)
            made.append(sentence)
    paragraphs = [" ".join(made[i : i + 4]) for i in range(0, len(made), 4)]
    return "\n\n".join(paragraphs) + "\n"
