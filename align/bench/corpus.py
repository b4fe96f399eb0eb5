"""Throughput of corpus mode: the NTREX-128 articles through 1, 2, … workers on this machine.

Every configuration runs the same articles from scratch (no translation cache) into its own output folder,
and its wall time includes what a user waits for: starting the workers, loading the model in each, writing
the Documents and the sentence table. A Ray runtime is started once, before the first configuration, and its
start-up is reported apart. All configurations must write the same Documents; the benchmark checks it.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from align.corpus import CorpusOptions, CorpusResult, run_corpus


@dataclass(frozen=True)
class CorpusBenchRow:
    executor: str
    workers: int
    threads: int
    articles: int
    sentences: int
    seconds: float

    @property
    def label(self) -> str:
        return f"{self.executor}, {self.workers} worker(s) × {self.threads} thread(s)"


@dataclass(frozen=True)
class CorpusBench:
    rows: tuple[CorpusBenchRow, ...]
    ray_start_seconds: float | None
    identical: bool  # every configuration wrote the same Documents
    cores: int


def ntrex_jsonl(folder: Path, limit: int | None = None) -> Path:
    """The NTREX-128 documents as a JSON Lines corpus (one sentence per line of each article)."""
    from align.datasets import load_test_set

    path = folder / "ntrex128.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i, sentences in enumerate(load_test_set("ntrex128")[:limit], 1):
            line = {"id": f"ntrex-{i:03d}", "text": "\n".join(sentences)}
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


def run_corpus_benchmark(
    options: CorpusOptions,
    *,
    executor: str = "auto",
    worker_counts: Sequence[int] = (1, 2),
    limit: int | None = None,
    baseline: bool = True,
    report: Callable[[str], None] = print,
) -> CorpusBench:
    """``baseline``: with Ray, also one in-process worker without Ray (what Ray itself costs)."""
    from align.corpus.run import _executor
    from align.engines import load_engine

    cores = os.cpu_count() or 1
    executor = _executor(executor, None)
    options = replace(options, run=replace(options.run, cache=False))
    report("loading the model once (converting it for CTranslate2 if needed) before timing…")
    load_engine(options.run.engine)
    configs = [(executor, w) for w in worker_counts]
    if baseline and executor == "ray":
        configs.insert(0, ("local", 1))
    ray_start = _start_ray(cores) if executor == "ray" else None
    rows, outputs = [], []
    with tempfile.TemporaryDirectory(prefix="newsalign-bench-corpus-") as tmp:
        source = ntrex_jsonl(Path(tmp), limit)
        try:
            for name, workers in configs:
                threads = max(1, cores // workers)
                report(f"{name}: {workers} worker(s) × {threads} thread(s)…")
                out = Path(tmp) / f"{name}-{workers}"
                engine = replace(options.run.engine, threads=threads)
                result = run_corpus(
                    source,
                    out,
                    replace(options, run=replace(options.run, engine=engine)),
                    executor=name,
                    workers=workers,
                )
                rows.append(_row(result))
                outputs.append(_documents(out))
        finally:
            if ray_start is not None:
                import ray

                ray.shutdown()
    identical = all(o == outputs[0] for o in outputs)
    return CorpusBench(tuple(rows), ray_start, identical, cores)


def _start_ray(cores: int) -> float:
    from align.corpus.ray import start_local

    started = time.perf_counter()
    start_local(cores + 1)  # one logical CPU more than the cores, for the light stages
    return round(time.perf_counter() - started, 2)


def _row(result: CorpusResult) -> CorpusBenchRow:
    c = result.counts
    if result.failed or c.skipped:
        raise RuntimeError(f"benchmark run did not translate every article: {c}, {result.failed} failed")
    return CorpusBenchRow(
        result.executor, result.workers, result.threads, c.written, c.sentences, result.seconds
    )


def _documents(output: Path) -> dict[str, Any]:
    """The Documents without what differs between runs (times, threads)."""
    docs = {}
    for path in (output / "documents").glob("*.json"):
        data = json.loads(path.read_text(encoding="utf-8"))
        data["meta"].pop("created_at")
        for key in ("seconds", "threads"):
            data["meta"]["run"].pop(key)
        docs[path.name] = data
    return docs


def corpus_table(bench: CorpusBench) -> str:
    """Markdown; the speed-up of each row is against one worker of the same executor."""
    lines = [
        "| configuration | articles | sentences | seconds | articles/s | sentences/s | speed-up |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in bench.rows:
        base = min((x for x in bench.rows if x.executor == r.executor), key=lambda x: x.workers)
        lines.append(
            f"| {r.label} | {r.articles} | {r.sentences} | {r.seconds:.1f} | {r.articles / r.seconds:.2f} | "
            f"{r.sentences / r.seconds:.1f} | {base.seconds / r.seconds:.2f}× |"
        )
    return "\n".join(lines)
