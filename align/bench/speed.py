"""Speed and memory of the engines, side by side in one run, on a model of opus-mt-ar-en's exact shape.

Real weights cannot be downloaded everywhere, and random weights never stop talking: so the benchmark builds
a Marian model with opus-mt-ar-en's dimensions (76.8 M parameters) once, and forces every output to about
1.15 × its source length — what a trained model produces on news — so that every engine does the same work.
Each configuration runs in its own process, which gives honest load times and peak memory.
"""

from __future__ import annotations

import math
import multiprocessing
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from align.engines.base import Engine, Hypothesis
from align.home import home

OUTPUT_RATIO = 1.15  # target/source tokens of opus-mt-ar-en on news


@dataclass(frozen=True)
class Config:
    engine: str
    compute_type: str | None
    beam: int
    label: str


@dataclass(frozen=True)
class SpeedResult:
    label: str
    engine: str
    compute_type: str
    beam: int
    sentences: int
    source_tokens: int
    target_tokens: int
    seconds: float
    load_seconds: float
    peak_rss_mb: float
    cached_rerun_seconds: float | None = None


DEFAULT_CONFIGS = (
    Config("transformers", None, 4, "transformers float32, beam 4"),
    Config("transformers", None, 1, "transformers float32, beam 1"),
    Config("ctranslate2", "float32", 4, "ctranslate2 float32, beam 4"),
    Config("ctranslate2", "int8", 4, "ctranslate2 int8, beam 4 (default)"),
    Config("ctranslate2", "int8", 1, "ctranslate2 int8, beam 1"),
)


def bench_model(shape: str = "opus-mt") -> Path:
    """The benchmark model, built on first use under the newsalign home (about 300 MB for opus-mt).

    Built in a temporary folder next to its place and renamed into it when complete: an interrupted build
    must not leave a folder with a config.json and no weights, which later runs would take for the model.
    """
    path = home() / "bench" / f"random-{shape}"
    if (path / "config.json").is_file():
        return path
    from align.testing.random_model import build_random_marian

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        build_random_marian(tmp / "model", shape=shape, max_length=512, num_beams=4, pieces=4000)
        try:
            (tmp / "model").rename(path)
        except OSError:
            if not (path / "config.json").is_file():  # not another process finishing first
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return path


def workload(article: Path, repeat: int = 1) -> list[str]:
    from align.pipeline import load_document

    doc = load_document(article)
    return [s.source for s in doc.segments] * repeat


def run_config(
    model: Path, config: Config, sentences: Sequence[str], threads: int, rerun_cached: bool
) -> SpeedResult:
    """Run one configuration in a fresh process and return its measurements."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        data = pool.apply(_worker, (str(model), asdict(config), list(sentences), threads, rerun_cached))
    return SpeedResult(**data)


def _worker(
    model: str, config: dict[str, Any], sentences: list[str], threads: int, rerun: bool
) -> dict[str, Any]:
    from align.engines import EngineOptions, load_engine
    from align.translate.batching import Piece, iter_translations

    cfg = Config(**config)
    # Library imports (torch, transformers: seconds) are the same for every model; "load" is the model's own.
    import importlib

    from transformers import AutoTokenizer

    importlib.import_module(f"align.engines.{cfg.engine}")
    AutoTokenizer.from_pretrained(model)  # imports the tokenizer's own modules (sentencepiece, Marian)
    if cfg.engine == "ctranslate2":
        _warm_conversion(model, cfg)
    started = time.perf_counter()
    engine = load_engine(
        EngineOptions(
            model=model, name=cfg.engine, device="cpu", threads=threads, compute_type=cfg.compute_type
        )
    )
    load_seconds = time.perf_counter() - started
    encoded = engine.encode(sentences)
    pieces = [
        Piece(i, text, enc.n_tokens, enc.pieces, enc.unknown)
        for i, (text, enc) in enumerate(zip(sentences, encoded, strict=True))
    ]
    forced = _ForcedLength(engine)
    started = time.perf_counter()
    target_tokens = sum(
        h.n_tokens
        # word alignment on, as `newsalign translate` does by default
        for _, hyps in iter_translations(pieces, forced, cfg.beam, 512, 16, align=True)
        for h in hyps
    )
    seconds = time.perf_counter() - started
    cached_seconds = None
    if rerun:
        cached_seconds = _cached_rerun(engine, pieces, cfg.beam)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    return asdict(
        SpeedResult(
            label=cfg.label,
            engine=engine.name,
            compute_type=engine.compute_type,
            beam=cfg.beam,
            sentences=len(sentences),
            source_tokens=sum(p.n_tokens for p in pieces),
            target_tokens=target_tokens,
            seconds=round(seconds, 3),
            load_seconds=round(load_seconds, 3),
            peak_rss_mb=round(peak, 1),
            cached_rerun_seconds=cached_seconds,
        )
    )


def _warm_conversion(model: str, cfg: Config) -> None:
    """Convert once before timing: conversion is a one-time cost per model, not a load cost."""
    from align.engines.convert import convert
    from align.engines.hub import snapshot

    source, revision = snapshot(model, None)
    convert(
        source, model, revision, "int8" if cfg.compute_type in (None, "int8_float32") else cfg.compute_type
    )


class _ForcedLength:
    """An engine whose outputs are forced to OUTPUT_RATIO × the longest source of the batch."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

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
        longest = max(enc.n_tokens for enc in self._engine.encode(texts))
        length = min(max_length, math.ceil(longest * OUTPUT_RATIO) + 2)
        return self._engine.translate_batch(
            texts,
            beam=beam,
            max_length=length,
            min_length=length,
            align=align,
            num_hypotheses=num_hypotheses,
        )


def _cached_rerun(engine: Any, pieces: Sequence[Any], beam: int) -> float:
    """Seconds for a second translation of the same sentences through the translation cache."""
    import tempfile

    from align.translate.cache import TranslationCache, fingerprint, key

    with tempfile.TemporaryDirectory() as tmp:
        cache = TranslationCache(Path(tmp) / "cache.sqlite")
        fp = fingerprint(engine, beam, 512)
        keys = [key(p.text, fp) for p in pieces]
        forced = _ForcedLength(engine)
        from align.translate.batching import iter_translations

        for indices, hyps in iter_translations(pieces, forced, beam, 512, 16):
            cache.put_many((keys[i], h) for i, h in zip(indices, hyps, strict=True))
        started = time.perf_counter()
        found = cache.get_many(keys)
        seconds = time.perf_counter() - started
        cache.close()
    if len(found) != len(pieces):  # pragma: no cover - a broken cache would show here
        raise RuntimeError("the cache lost translations")
    return round(seconds, 4)


def speed_table(results: Sequence[SpeedResult]) -> str:
    baseline = next((r for r in results if r.engine == "transformers" and r.beam == 4), results[0])
    lines = [
        "| configuration | seconds | target tokens/s | sentences/s | load s | peak RSS MB | speed-up |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r.label} | {r.seconds:.2f} | {r.target_tokens / r.seconds:.0f} | "
            f"{r.sentences / r.seconds:.2f} | {r.load_seconds:.2f} | {r.peak_rss_mb:.0f} | "
            f"{baseline.seconds / r.seconds:.2f}× |"
        )
    return "\n".join(lines)


def run_speed_benchmark(
    article: Path,
    *,
    configs: Sequence[Config] = DEFAULT_CONFIGS,
    threads: int | None = None,
    scaling: Sequence[int] = (1, 4, 16),
    shape: str = "opus-mt",
    report: Callable[[str], None] = print,
) -> tuple[list[SpeedResult], list[SpeedResult]]:
    import os

    threads = threads or os.cpu_count() or 1
    report(f"building or reusing the {shape}-shaped model…")
    model = bench_model(shape)
    sentences = workload(article)
    results = []
    for config in configs:
        report(f"running {config.label}…")
        is_default = "(default)" in config.label
        results.append(run_config(model, config, sentences, threads, rerun_cached=is_default))
    scaled = []
    default = next(c for c in configs if "(default)" in c.label)
    for factor in scaling:
        report(f"scaling: {default.label} on {factor}× the article…")
        scaled.append(run_config(model, default, workload(article, factor), threads, rerun_cached=False))
    return results, scaled


def machine() -> str:
    import os
    import platform

    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {os.cpu_count()} cores, Python {sys.version.split()[0]}"
