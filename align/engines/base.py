"""The translation engine interface. Engines translate batches; batching policy lives in ``translate.py``."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

DEFAULT_MODEL = "Helsinki-NLP/opus-mt-ar-en"
DEVICES = ("auto", "cpu", "cuda", "mps")
ENGINE_NAMES = ("auto", "transformers", "ctranslate2")


@dataclass(frozen=True)
class EngineOptions:
    """Which engine runs which model, and how. ``model`` is a Hugging Face hub id or a local directory;
    ``name`` is the engine (``auto``: ctranslate2 when installed, else transformers)."""

    model: str = DEFAULT_MODEL
    name: str = "auto"
    revision: str | None = None
    device: str = "auto"
    threads: int | None = None
    compute_type: str | None = None  # None: the engine's default for the device (CTranslate2: int8 on CPU)

    def __post_init__(self) -> None:
        if self.name not in ENGINE_NAMES:
            raise ValueError(f"engine must be one of {', '.join(ENGINE_NAMES)}; got {self.name!r}")
        if self.device not in DEVICES:
            raise ValueError(f"device must be one of {', '.join(DEVICES)}; got {self.device!r}")
        if self.threads is not None and self.threads < 1:
            raise ValueError(f"threads must be at least 1; got {self.threads}")

    @property
    def resolved_threads(self) -> int:
        return self.threads or os.cpu_count() or 1


@dataclass(frozen=True)
class Encoded:
    """A source text as the model sees it."""

    n_tokens: int  # including the end-of-sentence token
    pieces: tuple[str, ...]
    unknown: tuple[str, ...]  # pieces the vocabulary maps to <unk>: their content cannot reach the output


@dataclass(frozen=True)
class Hypothesis:
    text: str
    pieces: tuple[str, ...]
    n_tokens: int  # generated tokens including end-of-sentence
    capped: bool  # decoding stopped at the length cap: the output may be cut short
    score: float | None = None  # length-normalised log-probability
    # (source piece, target piece) pairs from the alignment head when asked for; source pieces are those of
    # ``Encoded.pieces`` (end-of-sentence excluded), target pieces those of ``pieces``.
    alignment: tuple[tuple[int, int], ...] = ()
    # With num_hypotheses > 1: the n best as (text, score), best first (the first is this hypothesis).
    alternatives: tuple[tuple[str, float | None], ...] = ()


class BatchTranslator(Protocol):
    """What batching needs of an engine."""

    def translate_batch(
        self,
        texts: Sequence[str],
        *,
        beam: int,
        max_length: int,
        min_length: int | None = None,
        align: bool = False,
        num_hypotheses: int = 1,
    ) -> list[Hypothesis]: ...


class Engine(Protocol):
    name: str
    compute_type: str
    model_id: str
    revision: str
    device: str
    threads: int
    max_input_tokens: int
    default_beam: int
    default_max_length: int

    def encode(self, texts: Sequence[str]) -> list[Encoded]: ...

    def translate_batch(
        self,
        texts: Sequence[str],
        *,
        beam: int,
        max_length: int,
        min_length: int | None = None,
        align: bool = False,
        num_hypotheses: int = 1,
    ) -> list[Hypothesis]:
        """``max_length``/``min_length`` count like transformers' (decoder start and end of sentence
        included); ``min_length`` equal to ``max_length`` forces the output length (speed benchmarks).
        With ``num_hypotheses`` > 1 (at most ``beam``) each result also carries the n best as
        ``alternatives``; the result itself, its pieces and its alignment are the best one's."""
        ...
