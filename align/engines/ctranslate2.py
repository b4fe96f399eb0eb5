"""Translation with CTranslate2: the same Marian models, converted once, quantized, several times faster.

The tokenizer files travel with the converted model and are read with sentencepiece alone
(:mod:`align.engines.tokenizer`, in parity with transformers' MarianTokenizer), so source pieces, vocabulary
and detokenization are exactly those of the transformers engine, and a run with a converted model imports
neither torch nor transformers.
"""

from __future__ import annotations

import functools
import glob
import hashlib
import json
import logging
import os
import sys
import threading
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
from align.engines.tokenizer import MarianSentencePiece, Tokenizer, load_tokenizer
from align.errors import ModelError, UsageError

log = logging.getLogger(__name__)

DEFAULT_COMPUTE = {"cpu": "int8", "cuda": "int8_float16"}


class CTranslate2Engine:
    name = "ctranslate2"

    def __init__(self, options: EngineOptions, *, on_phase: Callable[[str], None] | None = None) -> None:
        """Resolve and convert (once) the model; ``on_phase`` is told when a conversion starts. CTranslate2
        itself, the weights and the tokenizer are loaded when first needed: an article found whole in the
        translation cache needs none of them (its sentences' pieces are kept there too)."""
        self.device = _resolve_device(options.device)
        self.compute_type = options.compute_type or DEFAULT_COMPUTE[self.device]
        self.threads = options.resolved_threads
        self.model_id = options.model
        self._revision_asked = options.revision
        source, self.revision = snapshot(options.model, options.revision)
        self._config = _read_json(source / "config.json")
        check_translation_model(self._config, options.model)
        # Weights are stored in the compute type's own precision: loading then costs no conversion.
        storage = self.compute_type if self.compute_type != "int8_float32" else "int8"
        local = local_model_dir(options.model) is not None
        converted = is_complete(converted_path(options.model, self.revision, storage))
        if on_phase is not None and not converted:
            on_phase("converting model (once)")
        if options.compute_type is not None or not converted:
            # A type asked for is checked now, and any type before a conversion into it; the default one
            # is checked when the weights load (importing CTranslate2 to ask costs a cached run 40 ms).
            self._check_compute_type()
        path = convert(source, options.model, self.revision, storage, local=local)
        self._source, self._storage, self._local, self._path = source, storage, local, path
        self._translator: Any = None
        self._tokenizer_loaded: Tokenizer | None = None
        self._generation = _read_json(path / "generation_config.json")
        self.default_beam = int(self._generation.get("num_beams") or 1)
        self._suppress: list[list[str]] | None = None

    @property
    def tokenizer_identity(self) -> str:
        """What decides how a source text is tokenized: the converted model's files (by the model's
        revision and storage type) and the tokenizer code (align.translate.cache.KeptEncoder keeps its
        results under this)."""
        return f"{self.name}|{self.model_id}|{self.revision}|{self._storage}|{_tokenizer_code()}"

    @property
    def tokenizer_is_kept(self) -> bool:
        """Whether the tokenizer's results may be kept under :attr:`tokenizer_identity`: newsalign's own
        reading of the SentencePiece files is; transformers' fallback (its version is not in the identity)
        is not."""
        return isinstance(self._tokenizer, MarianSentencePiece)

    @property
    def _tokenizer(self) -> Tokenizer:
        if self._tokenizer_loaded is None:
            self._tokenizer_loaded = _tokenizer(self._path, self.model_id, self._revision_asked, self._local)
        return self._tokenizer_loaded

    @functools.cached_property
    def max_input_tokens(self) -> int:
        return max_input_tokens(self._tokenizer, SimpleNamespace(**self._config))

    @property
    def default_max_length(self) -> int:
        return int(self._generation.get("max_length") or self.max_input_tokens)

    def _check_compute_type(self) -> None:
        import ctranslate2

        supported = sorted(ctranslate2.get_supported_compute_types(self.device))
        if self.compute_type not in supported:
            raise UsageError(
                f"compute type {self.compute_type} is not supported on {self.device} by this CTranslate2",
                hint=f"choose one of: {', '.join(supported)}",
                setting="compute_type",
            )

    @property
    def loaded(self) -> bool:
        """Whether the weights are in memory (they are loaded by :meth:`load` or the first translation)."""
        return self._translator is not None

    def load(self) -> None:
        """Load the weights now, if they are not yet; a conversion whose files no longer match their
        checksums is converted again, once."""
        if self._translator is not None:
            return
        import ctranslate2

        self._check_compute_type()
        path = self._path
        # The model's banned tokens (opus-mt bans <pad>), where the converted vocabulary still has them:
        # CTranslate2 drops Marian's <pad>, since its decoder starts from a zero embedding instead.
        vocabulary = set(_read_json_list(path / "shared_vocabulary.json"))
        banned = [
            self._tokenizer.convert_ids_to_tokens(ids) for ids in self._generation.get("bad_words_ids") or []
        ]
        self._suppress = [seq for seq in banned if all(t in vocabulary for t in seq)] or None
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
        # Built in a thread of its own that then ends. The thread that builds a Translator keeps the
        # OpenMP (libgomp) thread team the loading used; while that thread lives, translation took 1.4×
        # as long on a 2-core AMD EPYC (same CPU time, twice the system time; docs/speed.md), whether it
        # was the main thread or another one kept alive.
        built: dict[str, Any] = {}

        def build() -> None:
            try:
                built["translator"] = ctranslate2.Translator(
                    str(path), device=self.device, compute_type=self.compute_type, intra_threads=self.threads
                )
            except BaseException as exc:  # re-raised in the caller's thread
                built["error"] = exc

        thread = threading.Thread(target=build, name="newsalign-ctranslate2-load")
        thread.start()
        thread.join()
        if "error" in built:
            raise built["error"]
        return built["translator"]

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
        eos = self._tokenizer.eos_token
        sources = [[*self._tokenizer.tokenize(text), eos] for text in texts]
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


def _resolve_device(device: str) -> str:
    if device == "cpu":
        return device
    cuda = _cuda_devices() > 0
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


def _cuda_devices() -> int:
    """How many CUDA GPUs CTranslate2 sees. Without an NVIDIA driver (Linux: no /proc/driver/nvidia, no
    /dev/nvidia*, no WSL's /dev/dxg; macOS, which CTranslate2 builds without CUDA) there is none, and
    importing CTranslate2 to hear so would cost a fully cached run a third of its time."""
    if sys.platform == "darwin":
        return 0
    if sys.platform.startswith("linux") and not (
        os.path.exists("/proc/driver/nvidia") or os.path.exists("/dev/dxg") or glob.glob("/dev/nvidia[0-9]*")
    ):
        return 0
    import ctranslate2

    return int(ctranslate2.get_cuda_device_count())


@functools.lru_cache(maxsize=1)
def _tokenizer_code() -> str:
    """A digest of the tokenizer's code: kept tokenizations made by other code are not used."""
    from align.engines import tokenizer

    return hashlib.sha256(Path(tokenizer.__file__).read_bytes()).hexdigest()[:16]


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
