"""Forced output lengths: every system in the speed benchmark writes exactly as many tokens per sentence.

Random weights never end a sentence on their own, and capping every output of a batch at one length makes
short sentences as costly as the longest (a batch cap of 1.15 × the longest source overstates the work by
about 40 % on news). So the benchmark model is built with a strong bias towards end-of-sentence, and each
output is held to ``forced_length(n)`` = ⌈1.15 × n⌉ tokens (end-of-sentence included) for a source of ``n``
tokens (end-of-sentence included) — what opus-mt-ar-en writes for news on average:

- CTranslate2: a target prefix of ``forced_length(n) - 1`` tokens per sentence; right after it the
  end-of-sentence bias ends the sentence. The prefix is decoded step by step through the whole network, beam
  expanded, like any other token, so each sentence costs its own length and leaves its batch when done, as
  real outputs do (one extra step for the secondary beams, as in a real beam search).
- transformers: a logits processor forbids end-of-sentence before the sentence's forced length.

``python -m align.bench.forcing ARGS…`` runs the ``newsalign`` command line with both engines forced this
way, so whole-process runs do the same work as the in-process ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

OUTPUT_RATIO = 1.15  # target/source tokens of opus-mt-ar-en on news
EOS_BIAS = 50.0  # the benchmark model's end-of-sentence logit bias: it ends as soon as it is allowed to
# The prefix token; its value does not change the cost (every step runs the whole network).
FILLER = "▁the"


def forced_length(source_tokens: int) -> int:
    """Output tokens (end-of-sentence included) for a source of ``source_tokens`` (the same)."""
    return max(2, math.ceil(OUTPUT_RATIO * source_tokens))


def forced_prefixes(sources: Sequence[Sequence[str]]) -> list[list[str]]:
    """CTranslate2 target prefixes for source token lists that end in end-of-sentence."""
    return [[FILLER] * (forced_length(len(source)) - 1) for source in sources]


class ForcedTranslator:
    """A ``ctranslate2.Translator`` whose every output has its sentence's forced length."""

    def __init__(self, translator: Any) -> None:
        self._translator = translator

    def translate_batch(self, source: list[list[str]], target_prefix: Any = None, **options: Any) -> Any:
        if target_prefix is not None:
            raise ValueError("forced lengths replace the target prefix")
        # The prefix counts in the decoding length: the engine's cap must not cut it.
        options["max_decoding_length"] = max(options.get("max_decoding_length", 0), 1024)
        options["min_decoding_length"] = 0
        return self._translator.translate_batch(source, forced_prefixes(source), **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._translator, name)


def _length_processor(lengths: list[int], beams: int, eos_id: int) -> Any:
    import torch
    from transformers import LogitsProcessor

    class ForcedLengths(LogitsProcessor):
        """No end-of-sentence before each sentence's forced length (rows are sentence-major beams)."""

        def __init__(self) -> None:
            self.lengths = torch.tensor(lengths).repeat_interleave(beams)

        def __call__(self, input_ids: Any, scores: Any) -> Any:
            # input_ids holds the decoder start and the tokens so far: the next token is number shape[1].
            early = self.lengths.to(scores.device) > input_ids.shape[1]
            scores[early, eos_id] = -math.inf
            return scores

    return ForcedLengths()


def force(engine: Any) -> Any:
    """Hold ``engine``'s outputs to their forced lengths (the engine's own code still runs unchanged)."""
    if engine.name == "ctranslate2":
        if engine.loaded:
            engine._translator = ForcedTranslator(engine._translator)
        else:  # the weights load on the first translation: wrap them then
            load = engine._load
            engine._load = lambda *args: ForcedTranslator(load(*args))
        return engine
    model = engine._model
    generate = model.generate
    eos_id = int(model.config.eos_token_id)

    def forced_generate(**kwargs: Any) -> Any:
        lengths = [forced_length(int(n)) for n in kwargs["attention_mask"].sum(dim=1).tolist()]
        beams = int(kwargs.get("num_beams") or 1)
        kwargs["logits_processor"] = [_length_processor(lengths, beams, eos_id)]
        kwargs["max_length"] = max(kwargs.get("max_length") or 0, max(lengths) + 1)
        kwargs["min_length"] = 0
        return generate(**kwargs)

    model.generate = forced_generate
    return engine


def forced_ctranslate2(options: Any, **kwargs: Any) -> Any:
    from align.engines.ctranslate2 import CTranslate2Engine

    return force(CTranslate2Engine(options, **kwargs))


def forced_transformers(options: Any, **kwargs: Any) -> Any:
    from align.engines.transformers import TransformersEngine

    return force(TransformersEngine(options, **kwargs))


def install() -> None:
    """Every engine that ``align.engines.load_engine`` builds from now on is forced."""
    import align.engines

    align.engines._REGISTRY.update(
        ctranslate2="align.bench.forcing:forced_ctranslate2",
        transformers="align.bench.forcing:forced_transformers",
    )
