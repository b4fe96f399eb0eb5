"""A deterministic stand-in for a translation engine (the ``Engine`` protocol of ``align.engines.base``).

It tokenizes like a subword model (each word cut into pieces of at most four characters, so that a long
run without spaces needs splitting inside a word), reads Private-Use characters as unknown, and translates
each text into a tag derived from its hash, so a test can tell which source produced which output. It counts
how often it was asked to translate each text.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

from align.engines.base import Encoded, Hypothesis

_PIECE = 4


def fake_translation(text: str) -> str:
    return "en" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


class FakeEngine:
    name = "fake"
    compute_type = "none"
    model_id = "fake"
    revision = "1"
    device = "cpu"
    threads = 1
    default_beam = 1
    default_max_length = 16

    def __init__(self, max_input_tokens: int = 24) -> None:
        self.max_input_tokens = max_input_tokens
        self.calls: Counter[str] = Counter()

    def encode(self, texts: Sequence[str]) -> list[Encoded]:
        encoded = []
        for text in texts:
            pieces = tuple(
                ("▁" if start == 0 else "") + word[start : start + _PIECE]
                for word in text.split()
                for start in range(0, len(word), _PIECE)
            )
            unknown = tuple(p for p in pieces if any(0xE000 <= ord(ch) <= 0xF8FF for ch in p))
            encoded.append(Encoded(n_tokens=len(pieces) + 1, pieces=pieces, unknown=unknown))
        return encoded

    def translate_batch(
        self,
        texts: Sequence[str],
        *,
        beam: int,
        max_length: int,
        min_length: int | None = None,
        align: bool = False,
    ) -> list[Hypothesis]:
        self.calls.update(texts)
        out = []
        for text in texts:
            translation = fake_translation(text)
            out.append(
                Hypothesis(
                    text=translation,
                    pieces=("▁" + translation,),
                    n_tokens=2,
                    capped=False,
                    score=-1.0,
                    alignment=((0, 0),) if align and text.split() else (),
                )
            )
        return out
