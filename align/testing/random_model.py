"""Build Marian translation models with random weights, for tests and speed benchmarks.

Real weights cannot be downloaded everywhere (CI, air-gapped machines). A model built here goes through
exactly the same loading and generation code as ``Helsinki-NLP/opus-mt-ar-en``: SentencePiece models,
a Marian ``vocab.json``, ``MarianConfig`` and ``save_pretrained``. Its translations are random tokens;
it says nothing about quality. The ``opus-mt`` shape matches opus-mt-ar-en layer for layer, which makes
it a faithful proxy for speed and memory when output lengths are forced.

    newsalign models random OUT_DIR [--shape tiny|opus-mt] [--max-length N]
    python -m align.testing.random_model OUT_DIR [--shape tiny|opus-mt] [--max-length N]

Its SentencePiece models are trained on the sample articles shipped in the package (``TRAINING_SOURCE``,
``TRAINING_TARGET``), so it works from an installed wheel with nothing else at hand.
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from align.text import PRIVATE_USE_CHAR

# Bump when build_random_marian writes a different model for the same arguments (callers that keep built
# models, such as the test suite's cache, key them by it).
BUILDER_VERSION = 1
# The training text, named one by one: a sample added later must not change every random model.
TRAINING_SOURCE = ("bannon-brexit", "macedonia-referendum")
TRAINING_TARGET = ("macedonia-referendum.en",)
_ASCII_COVERAGE = " ".join("0123456789%$" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class Shape:
    d_model: int
    layers: int
    heads: int
    ffn: int
    vocab_size: (
        int | None
    )  # None: just the SentencePiece pieces; else padded with filler entries to this size
    max_positions: int


SHAPES = {
    "tiny": Shape(d_model=32, layers=2, heads=2, ffn=64, vocab_size=None, max_positions=512),
    # Helsinki-NLP/opus-mt-ar-en: 76.8 M parameters.
    "opus-mt": Shape(d_model=512, layers=6, heads=8, ffn=2048, vocab_size=62_834, max_positions=512),
}


def build_random_marian(
    out_dir: str | Path,
    *,
    shape: str = "tiny",
    source_lines: Iterable[str] | None = None,
    target_lines: Iterable[str] | None = None,
    pieces: int = 400,
    max_positions: int | None = None,
    max_length: int = 64,
    num_beams: int = 1,
    seed: int = 0,
    init_std: float = 0.3,
    eos_bias: float = 0.0,
) -> Path:
    """Write a loadable Marian model directory with random weights and return its path.

    ``source_lines``/``target_lines`` train the SentencePiece models (defaults: the Arabic and English
    samples shipped in the package, :data:`TRAINING_SOURCE` and :data:`TRAINING_TARGET`). Private-Use-Area
    characters are kept out of the source vocabulary, as in the real opus-mt models, so they reach the model
    as ``<unk>``.
    """
    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel, MarianTokenizer

    dims = SHAPES[shape]
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    source = source_lines or _sample_lines(TRAINING_SOURCE)
    src = [PRIVATE_USE_CHAR.sub(" ", line) for line in source if line.strip()]
    tgt = [line for line in (target_lines or _sample_lines(TRAINING_TARGET)) if line.strip()]
    # Real opus-mt vocabularies cover digits and Latin script on both sides; small samples may not.
    src.append(_ASCII_COVERAGE)
    tgt.append(_ASCII_COVERAGE)

    with tempfile.TemporaryDirectory() as tmp:
        spm_paths = []
        for name, lines in (("source", src), ("target", tgt)):
            buffer = io.BytesIO()
            spm.SentencePieceTrainer.train(
                sentence_iterator=iter(lines),
                model_writer=buffer,
                vocab_size=pieces,
                hard_vocab_limit=False,
                character_coverage=1.0,
                model_type="unigram",
                minloglevel=2,
            )
            path = Path(tmp) / f"{name}.spm"
            path.write_bytes(buffer.getvalue())
            spm_paths.append(path)
        vocab = _marian_vocab(spm_paths, dims.vocab_size)
        vocab_path = Path(tmp) / "vocab.json"
        vocab_path.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        tokenizer = MarianTokenizer(str(spm_paths[0]), str(spm_paths[1]), str(vocab_path))
        tokenizer.save_pretrained(out)

    size = len(vocab)
    pad = size - 1
    positions = max_positions or dims.max_positions
    config = MarianConfig(
        vocab_size=size,
        decoder_vocab_size=size,
        d_model=dims.d_model,
        encoder_layers=dims.layers,
        decoder_layers=dims.layers,
        encoder_attention_heads=dims.heads,
        decoder_attention_heads=dims.heads,
        encoder_ffn_dim=dims.ffn,
        decoder_ffn_dim=dims.ffn,
        max_position_embeddings=positions,
        activation_function="swish",
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        init_std=init_std,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    if eos_bias:
        # Random weights almost never choose end-of-sentence; a bias makes some outputs end on their own.
        with torch.no_grad():
            model.final_logits_bias[0, 0] = eos_bias
    model.generation_config = GenerationConfig(  # type: ignore[no-untyped-call]
        num_beams=num_beams,
        max_length=min(max_length, positions),
        bad_words_ids=[[pad]],
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
    )
    model.save_pretrained(out)
    tokenizer_config = out / "tokenizer_config.json"
    settings = json.loads(tokenizer_config.read_text(encoding="utf-8"))
    settings["model_max_length"] = positions
    tokenizer_config.write_text(json.dumps(settings, indent=2), encoding="utf-8")
    return out


def _sample_lines(names: Sequence[str]) -> list[str]:
    from align.datasets.samples import sample_text

    return [line for name in names for line in sample_text(name).splitlines()]


def _marian_vocab(spm_paths: Sequence[Path], size: int | None) -> dict[str, int]:
    """Marian's shared vocabulary: ``</s>``=0, ``<unk>``=1, the pieces of both sides, ``<pad>`` last."""
    import sentencepiece as spm

    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for path in spm_paths:
        processor = spm.SentencePieceProcessor(model_file=str(path))
        for i in range(processor.get_piece_size()):
            if processor.is_control(i) or processor.is_unknown(i):
                continue
            vocab.setdefault(processor.id_to_piece(i), len(vocab))
    if size is not None:
        if len(vocab) + 1 > size:
            raise ValueError(f"{len(vocab) + 1} pieces do not fit a vocabulary of {size}")
        for i in range(size - 1 - len(vocab)):
            vocab[f"<filler{i}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    return vocab


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m align.testing.random_model", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("out_dir")
    parser.add_argument("--shape", choices=sorted(SHAPES), default="tiny")
    parser.add_argument("--max-length", type=int, default=64, help="generation length cap (default 64)")
    parser.add_argument("--beam", type=int, default=1, help="default beam size in the generation config")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    path = build_random_marian(
        args.out_dir, shape=args.shape, max_length=args.max_length, num_beams=args.beam, seed=args.seed
    )
    print(path)


if __name__ == "__main__":
    main()
