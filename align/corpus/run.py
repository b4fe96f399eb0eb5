"""Run a corpus: pick the executor, lock the output folder, run the steps of ``align.corpus.steps`` on it."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from align.corpus.inputs import input_kind
from align.corpus.outputs import open_output, write_table
from align.corpus.steps import EXECUTORS, TABLE_FORMATS, CorpusOptions, CorpusResult, Counts
from align.errors import UsageError

# -- running ----------------------------------------------------------------------------------------------


def run_corpus(
    source: Path,
    output: Path,
    options: CorpusOptions | None = None,
    *,
    executor: str = "auto",
    workers: int = 1,
    num_gpus: float = 0.0,
    articles_per_batch: int = 4,
    ray_address: str | None = None,
    table_format: str = "auto",
    restart: bool = False,
    progress: Callable[[Counts], None] | None = None,
) -> CorpusResult:
    """Translate every article of ``source`` into ``output``; articles already there are skipped.

    ``progress`` is called with the counts so far after each article by the local executor; with Ray, its
    presence turns Ray Data's own progress bars on."""
    options = options or CorpusOptions()
    executor = _executor(executor, ray_address)
    if workers < 1:
        raise UsageError(f"workers must be at least 1; got {workers}")
    table_format = _table_format(table_format)
    kind = input_kind(source)
    if kind == "parquet":
        _need_pyarrow("a Parquet input")
    # Locally the cores are shared among the workers; a cluster's nodes are not this machine: one thread per
    # actor unless told (--threads).
    local_cores = 1 if executor == "ray" and ray_address else os.cpu_count() or 1
    threads = options.run.engine.threads or max(1, local_cores // workers)
    run = replace(options.run, engine=replace(options.run.engine, threads=threads))
    options = replace(options, run=run)
    # Relative paths in a JSON Lines or Parquet input are relative to that file, wherever a worker runs.
    base = Path() if kind == "directory" else source.resolve().parent
    started = time.perf_counter()
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output}: OUTPUT exists and is not a directory")
    output.mkdir(parents=True, exist_ok=True)
    with _exclusive(output):
        layout = open_output(output, options.manifest(), restart=restart)
        if executor == "ray":
            from align.corpus.ray import RayPlan, run_ray

            plan = RayPlan(
                workers=workers,
                threads=threads,
                num_gpus=num_gpus,
                articles_per_batch=articles_per_batch,
                address=ray_address,
                progress=progress is not None,
            )
            counts, table_rows = run_ray(source.resolve(), kind, base, layout, options, plan, table_format)
        else:
            from align.corpus.local import run_local

            counts = run_local(source, kind, base, layout, options, workers, progress)
            table_rows = write_table(layout, table_format)
        failed = layout.write_failures()
    return CorpusResult(
        output,
        executor,
        workers,
        threads,
        counts,
        failed,
        table_rows,
        table_format,
        round(time.perf_counter() - started, 3),
    )


def _executor(name: str, address: str | None) -> str:
    if name not in EXECUTORS:
        raise UsageError(f"unknown executor {name!r}; choose one of: {', '.join(EXECUTORS)}")
    have_ray = _installed("ray")
    if name == "auto":
        name = "ray" if have_ray or address else "local"
    if name == "ray" and not have_ray:
        raise UsageError(
            "Ray is not installed",
            hint="pip install 'newsalign[ray]', or use the local executor",
            setting="executor",
        )
    if name == "local" and address:
        raise UsageError(
            "a Ray address needs the ray executor",
            hint="choose the executor ray or auto",
            setting="ray_address",
        )
    return name


def _table_format(name: str) -> str:
    if name not in TABLE_FORMATS:
        raise UsageError(f"unknown table format {name!r}; choose one of: {', '.join(TABLE_FORMATS)}")
    if name == "auto":
        return "parquet" if _installed("pyarrow") else "jsonl"
    if name == "parquet":
        _need_pyarrow("a Parquet sentence table")
    return name


def _need_pyarrow(what: str) -> None:
    if not _installed("pyarrow"):
        raise UsageError(f"{what} needs pyarrow: pip install 'newsalign[ray]' (or pyarrow)")


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


@contextlib.contextmanager
def _exclusive(output: Path) -> Iterator[None]:
    """One run per output folder at a time; the lock goes with the process, however it ends."""
    import fcntl

    with open(output / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(f"{output}: another translate-corpus run is writing there") from None
        yield
