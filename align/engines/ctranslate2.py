"""Translation with CTranslate2: the same Marian models, converted once, quantized, several times faster.

The tokenizer files travel with the converted model and are read with sentencepiece alone
(:mod:`align.engines.tokenizer`, in parity with transformers' MarianTokenizer), so source pieces, vocabulary
and detokenization are exactly those of the transformers engine, and a run with a converted model imports
neither torch nor transformers.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from align.engines.attention import hard_alignment
from align.engines.base import Encoded, EngineOptions, Hypothesis
from align.engines.convert import convert, converted_path, damaged, is_complete
from align.engines.hub import (
    check_translation_model,
    encode_texts,
    local_load_error,
    local_model_dir,
    max_input_tokens,
    model_error,
    snapshot,
)
from align.engines.tokenizer import Tokenizer, load_tokenizer
from align.errors import ModelError, UsageError

log = logging.getLogger(__name__)

DEFAULT_COMPUTE = {"cpu": "int8", "cuda": "int8_float16"}


class CTranslate2Engine:
    name = "ctranslate2"

    def __init__(self, options: EngineOptions, *, on_phase: Callable[[str], None] | None = None) -> None:
        """Resolve, convert (once) and open the model's tokenizer; ``on_phase`` is told when a conversion
        starts. The weights are loaded later (:meth:`load`)."""
        import ctranslate2

        self.device = _resolve_device(options.device, ctranslate2)
        self.compute_type = options.compute_type or DEFAULT_COMPUTE[self.device]
        supported = sorted(ctranslate2.get_supported_compute_types(self.device))
        if self.compute_type not in supported:
            raise UsageError(
                f"compute type {self.compute_type} is not supported on {self.device} by this CTranslate2",
                hint=f"choose one of: {', '.join(supported)}",
                setting="compute_type",
            )
        self.threads = options.resolved_threads
        self.model_id = options.model
        source, self.revision = snapshot(options.model, options.revision)
        config = _read_json(source / "config.json")
        check_translation_model(config, options.model)
        # Weights are stored in the compute type's own precision: loading then costs no conversion.
        storage = self.compute_type if self.compute_type != "int8_float32" else "int8"
        local = local_model_dir(options.model) is not None
        if on_phase is not None and not is_complete(converted_path(options.model, self.revision, storage)):
            on_phase("converting model (once)")
        path = convert(source, options.model, self.revision, storage, local=local)
        self._ctranslate2 = ctranslate2
        self._source, self._storage, self._local, self._path = source, storage, local, path
        # The weights are loaded on the first translation, not here: an article found whole in the
        # translation cache needs only the tokenizer (fingerprint, sentence pieces), never the model.
        self._translator: Any = None
        self._tokenizer = _tokenizer(path, options.model, options.revision, local)
        generation = _read_json(path / "generation_config.json")
        self.default_beam = int(generation.get("num_beams") or 1)
        self.max_input_tokens = max_input_tokens(self._tokenizer, SimpleNamespace(**config))
        self.default_max_length = int(generation.get("max_length") or self.max_input_tokens)
        # The model's banned tokens (opus-mt bans <pad>), where the converted vocabulary still has them:
        # CTranslate2 drops Marian's <pad>, since its decoder starts from a zero embedding instead.
        vocabulary = set(_read_json_list(path / "shared_vocabulary.json"))
        banned = [self._tokenizer.convert_ids_to_tokens(ids) for ids in generation.get("bad_words_ids") or []]
        self._suppress = [seq for seq in banned if all(t in vocabulary for t in seq)] or None
        self._eos = self._tokenizer.eos_token

    @property
    def loaded(self) -> bool:
        """Whether the weights are in memory (they are loaded by :meth:`load` or the first translation)."""
        return self._translator is not None

    def load(self) -> None:
        """Load the weights now, if they are not yet; a conversion whose files no longer match their
        checksums is converted again, once."""
        if self._translator is not None:
            return
        ctranslate2, path = self._ctranslate2, self._path
        try:
            self._translator = self._load(ctranslate2, path)
        except (
            Exception
        ) as exc:  # CTranslate2 maps its C++ errors to several types (IndexError for a bad file)
            if not damaged(path):
                raise ModelError(
                    f"cannot load the converted model in {path} ({exc})", setting="converted_models"
                ) from None
            log.warning("%s: the converted model is damaged (%s); converting it again", path, exc)
            path = convert(
                self._source, self.model_id, self.revision, self._storage, local=self._local, rebuild=True
            )
            self._translator = self._load(ctranslate2, path)
        log.info(
            "loaded %s@%s with CTranslate2 %s on %s",
            self.model_id,
            self.revision,
            self.compute_type,
            self.device,
        )

    def _load(self, ctranslate2: Any, path: Path) -> Any:
        return ctranslate2.Translator(
            str(path), device=self.device, compute_type=self.compute_type, intra_threads=self.threads
        )

    def encode(self, texts: Sequence[str]) -> list[Encoded]:
        return encode_texts(self._tokenizer, texts)

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
        if not texts:
            return []
        self.load()
        sources = [[*self._tokenizer.tokenize(text), self._eos] for text in texts]
        # transformers counts the decoder start token in max_length and forces end-of-sentence at the cap;
        # CTranslate2 counts generated tokens only: max_length - 2 words, then the (implicit) end.
        limit = max(1, max_length - 2)
        results = self._translator.translate_batch(
            sources,
            beam_size=beam,
            max_decoding_length=limit,
            min_decoding_length=max(0, (min_length or 0) - 2),
            return_scores=True,
            return_attention=align,
            suppress_sequences=self._suppress,
            max_input_length=0,  # the caller has already split over-long input: never truncate here
            num_hypotheses=num_hypotheses,
        )
        hypotheses = []
        for source, result in zip(sources, results, strict=True):
            tokens = result.hypotheses[0]
            capped = len(tokens) >= limit
            n_tokens = len(tokens) + 1  # and the end-of-sentence token
            ids = self._tokenizer.convert_tokens_to_ids(tokens)
            # CTranslate2 already normalizes by length (length_penalty 1), like transformers' beam scores.
            score = float(result.scores[0]) if result.scores else None
            hypotheses.append(
                Hypothesis(
                    text=self._tokenizer.decode(ids, skip_special_tokens=True).strip(),
                    pieces=tuple(tokens),
                    n_tokens=n_tokens,
                    capped=capped,
                    score=score,
                    # CTranslate2 returns the alignment head (last layer, first head) for Marian models.
                    alignment=tuple(hard_alignment(result.attention[0], len(source) - 1)) if align else (),
                    alternatives=self._alternatives(result) if num_hypotheses > 1 else (),
                )
            )
        return hypotheses

    def _alternatives(self, result: Any) -> tuple[tuple[str, float | None], ...]:
        scores = result.scores or [None] * len(result.hypotheses)
        return tuple(
            (
                self._tokenizer.decode(
                    self._tokenizer.convert_tokens_to_ids(tokens), skip_special_tokens=True
                ).strip(),
                None if score is None else float(score),
            )
            for tokens, score in zip(result.hypotheses, scores, strict=True)
        )


def _resolve_device(device: str, ctranslate2: Any) -> str:
    cuda = ctranslate2.get_cuda_device_count() > 0
    if device == "auto":
        return "cuda" if cuda else "cpu"
    if device == "cuda" and not cuda:
        raise UsageError(
            "device cuda was asked for, but CTranslate2 sees no CUDA GPU",
            hint="use device auto or cpu",
            setting="device",
        )
    if device == "mps":
        raise UsageError(
            "CTranslate2 has no Apple MPS support",
            hint="use the transformers engine for device mps, or device cpu",
            setting="engine",
        )
    return device


def _tokenizer(path: Path, model: str, revision: str | None, local: bool) -> Tokenizer:
    try:
        return load_tokenizer(path)
    except (OSError, ValueError) as exc:
        raise (local_load_error(model, exc) if local else model_error(model, revision, exc)) from None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _read_json_list(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [str(x) for x in data] if isinstance(data, list) else []
