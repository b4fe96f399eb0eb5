"""MarianMT (and other seq2seq) translation with Hugging Face transformers and PyTorch.

transformers 5 has no ``translation`` pipeline, so the tokenizer and model are loaded and driven here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from align.engines.attention import ALIGNMENT_HEAD, ALIGNMENT_LAYER, hard_alignment
from align.engines.base import Encoded, EngineOptions, Hypothesis
from align.engines.hub import (
    check_translation_model,
    encode_texts,
    local_load_error,
    local_model_dir,
    max_input_tokens,
    model_error,
    quiet_loading,
    snapshot,
)
from align.errors import NewsalignError, UsageError

log = logging.getLogger(__name__)


class TransformersEngine:
    name = "transformers"
    compute_type = "float32"

    loaded = True  # the weights are loaded with the engine (the tokenizer needs transformers anyway)

    def __init__(self, options: EngineOptions, *, on_phase: Callable[[str], None] | None = None) -> None:
        import torch

        self.device = _resolve_device(options.device, torch)
        if options.compute_type not in (None, "float32"):
            raise UsageError(
                f"compute type {options.compute_type} needs the ctranslate2 engine; transformers is float32",
                setting="compute_type",
            )
        self.threads = options.resolved_threads
        torch.set_num_threads(self.threads)
        self.model_id = options.model
        self._torch = torch
        self._tokenizer, self._model, self.revision = _load(options.model, options.revision)
        self._model.to(self.device)
        self._model.eval()
        self.max_input_tokens = max_input_tokens(self._tokenizer, self._model.config)
        generation = self._model.generation_config
        self.default_beam = int(generation.num_beams or 1)
        self.default_max_length = int(generation.max_length or self.max_input_tokens)
        self._eos_id = self._model.config.eos_token_id
        log.info("loaded %s@%s on %s (%d threads)", self.model_id, self.revision, self.device, self.threads)

    def load(self) -> None:
        """Nothing to do: the weights were loaded with the engine."""

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
        torch = self._torch
        n = num_hypotheses
        batch = self._tokenizer(list(texts), return_tensors="pt", padding=True).to(self.device)
        with torch.inference_mode():
            out = self._model.generate(
                **batch,
                num_beams=beam,
                num_return_sequences=n,
                max_length=max_length,
                min_length=min_length or 0,
                return_dict_in_generate=True,
                output_scores=True,
            )
        # With n > 1 the rows are the n best of each text in turn, best first: row b * n is text b's best.
        sequences = out.sequences[:, 1:]  # drop the decoder start token
        if beam > 1:
            scores = out.sequences_scores.tolist()
        else:
            steps = self._model.compute_transition_scores(out.sequences, out.scores, normalize_logits=True)
            scores = _mean_over_output(steps, sequences, self._eos_id)
        rows = sequences.tolist()
        attention = self._alignment_head(batch, out.sequences[::n]) if align else None
        source_lengths = (batch["attention_mask"].sum(dim=1) - 1).tolist()  # end-of-sentence excluded
        hypotheses = []
        for b in range(len(texts)):
            row, score = rows[b * n], scores[b * n]
            n_tokens, ended = _output_length(row, self._eos_id)
            ids = row[: n_tokens - 1 if ended else n_tokens]
            pairs: tuple[tuple[int, int], ...] = ()
            if attention is not None:
                # Decoder position t reads token t (the start token first) and produces token t + 1.
                pairs = tuple(hard_alignment(attention[b][: len(ids)], int(source_lengths[b])))
            alternatives = tuple(
                (self._decode(rows[b * n + k]), float(scores[b * n + k])) for k in range(n) if n > 1
            )
            hypotheses.append(
                Hypothesis(
                    text=self._tokenizer.decode(ids, skip_special_tokens=True).strip(),
                    pieces=tuple(self._tokenizer.convert_ids_to_tokens(ids)),
                    n_tokens=n_tokens,
                    # A forced end-of-sentence at the cap still "ends" the output: judge by length.
                    capped=not ended or n_tokens + 1 >= max_length,
                    score=float(score),
                    alignment=pairs,
                    alternatives=alternatives,
                )
            )
        return hypotheses

    def _decode(self, row: list[int]) -> str:
        n_tokens, ended = _output_length(row, self._eos_id)
        text: str = self._tokenizer.decode(
            row[: n_tokens - 1 if ended else n_tokens], skip_special_tokens=True
        )
        return text.strip()

    def _alignment_head(self, batch: Any, sequences: Any) -> list[list[list[float]]]:
        """Cross-attention of the alignment head over a forced-decoding pass of the chosen outputs."""
        # Fused attention kernels do not return weights: this one pass runs with the plain implementation.
        fused = self._model.config._attn_implementation
        self._model.set_attn_implementation("eager")
        try:
            with self._torch.inference_mode():
                out = self._model(
                    input_ids=batch["input_ids"],
                    attention_mask=batch["attention_mask"],
                    decoder_input_ids=sequences,
                    output_attentions=True,
                )
        finally:
            self._model.set_attn_implementation(fused)
        head: list[list[list[float]]] = out.cross_attentions[ALIGNMENT_LAYER][:, ALIGNMENT_HEAD].tolist()
        return head


def _resolve_device(device: str, torch: Any) -> str:
    cuda = torch.cuda.is_available()
    mps = getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
    if device == "auto":
        return "cuda" if cuda else "mps" if mps else "cpu"
    if device == "cuda" and not cuda:
        raise UsageError(
            "device cuda was asked for, but PyTorch sees no CUDA GPU",
            hint="use device auto or cpu",
            setting="device",
        )
    if device == "mps" and not mps:
        raise UsageError(
            "device mps was asked for, but this PyTorch has no MPS support",
            hint="use device auto or cpu",
            setting="device",
        )
    return device


def _load(model: str, revision: str | None) -> tuple[Any, Any, str]:
    """Tokenizer, model and revision. A hub model is first resolved to its snapshot (downloaded once, then
    from the Hugging Face cache) exactly as the CTranslate2 engine does, so both engines load the same files
    and name the same commit."""
    local = local_model_dir(model)
    path, resolved = snapshot(model, revision)

    from transformers import AutoConfig, AutoModelForSeq2SeqLM, AutoTokenizer

    source = str(path)
    try:
        config = AutoConfig.from_pretrained(source)
        check_translation_model(config.to_dict(), model)
        with quiet_loading():
            tokenizer = AutoTokenizer.from_pretrained(source)
            model_obj = AutoModelForSeq2SeqLM.from_pretrained(source, config=config)
    except NewsalignError:
        raise
    except Exception as exc:  # transformers raises many kinds for a damaged or partial model
        if local is not None:
            raise local_load_error(model, exc) from None
        if not isinstance(exc, (OSError, ValueError)):
            raise
        raise model_error(model, revision, exc) from None
    return tokenizer, model_obj, resolved


def _output_length(row: list[int], eos_id: int) -> tuple[int, bool]:
    """Number of generated tokens up to and including the first end-of-sentence, and whether there was one."""
    try:
        return row.index(eos_id) + 1, True
    except ValueError:
        return len(row), False


def _mean_over_output(steps: Any, sequences: Any, eos_id: int) -> list[float]:
    means = []
    for step_row, row in zip(steps.tolist(), sequences.tolist(), strict=True):
        n_tokens, _ = _output_length(row, eos_id)
        values = step_row[:n_tokens]
        means.append(sum(values) / max(1, len(values)))
    return means
