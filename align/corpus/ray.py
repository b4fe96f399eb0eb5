"""Corpus mode on Ray Data: the standard batch-inference plan, with newsalign's three steps as its stages.

::

    read (JSON Lines lines / Parquet rows / a directory listing)
      → map_batches(prepare)                 stateless tasks: parse, skip what is done, read, repair, segment
      → map_batches(TranslatorActor)         an actor pool; each actor loads the model once (CPU or GPU)
      → write_datasink(ArticleSink)          each Document (or failure) written atomically into OUTPUT
    then: read the Documents → map_batches(table rows) → write_parquet / write_json (OUTPUT/segments/)

Ray Data streams blocks between the stages, so memory stays bounded however large the archive. Each actor
translates an article at a time with the single-article command's batching (sentences sorted by length,
``batch_size`` and ``max_batch_tokens`` per engine call): the same Document as ``newsalign translate``.
Ray is imported only here, and only when this executor runs.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import ray
import ray.data
from ray.data.block import Block, BlockAccessor
from ray.data.datasource import Datasink, FileBasedDatasource

from align.corpus.inputs import InputKind, list_directory, parquet_columns
from align.corpus.outputs import Layout, arrow_schema, replace_dir, table_rows, write_table
from align.corpus.steps import (
    ArticleTranslator,
    CorpusOptions,
    Counts,
    WorkerError,
    astuple,
    prepare,
    publish,
)
from align.document import Document
from align.errors import NewsalignError, UsageError

log = logging.getLogger(__name__)

# The non-model stages (read, prepare, write, table) are light; they ask for a quarter of a CPU so that they
# still run when the actors hold every whole CPU.
_LIGHT_CPUS = 0.25
_LINES_PER_BLOCK = 64


@dataclass(frozen=True)
class RayPlan:
    workers: int = 1  # translator actors
    threads: int = 1  # CPU threads (and Ray CPUs) per actor
    num_gpus: float = 0.0  # GPUs per actor
    articles_per_batch: int = 4  # articles handed to an actor per call
    address: str | None = None  # a running cluster; None starts a local runtime
    progress: bool = False  # Ray Data's own progress bars (on a terminal)


def row_schema() -> Any:
    import pyarrow as pa

    text = pa.string()
    return pa.schema(
        [
            ("id", text),
            ("line", pa.int64()),
            ("status", text),
            ("document", pa.large_string()),
            ("error", text),
            ("code", text),  # the error's class name, for a run-level (fatal) error
            ("hint", text),
            ("setting", text),
        ]
    )


def run_ray(
    source: Path,
    kind: InputKind,
    base: Path,
    layout: Layout,
    options: CorpusOptions,
    plan: RayPlan,
    table_format: str,
) -> tuple[Counts, int]:
    """Run the plan on the current Ray runtime (started here, and stopped after, when there is none)."""
    started_here = _init(plan)
    _quiet(plan.progress)
    try:
        _check_resources(plan)
        dataset = _read(source, kind).map_batches(
            partial(_prepare_batch, root=layout.root, options=options, base=base),
            batch_format="pyarrow",
            # Each prepared batch becomes one block, and a block goes to one actor: blocks of an actor
            # batch keep every actor busy.
            batch_size=plan.articles_per_batch,
            num_cpus=_LIGHT_CPUS,
        )
        translated = dataset.map_batches(
            TranslatorActor,
            fn_constructor_kwargs={"options": options},
            compute=ray.data.ActorPoolStrategy(size=plan.workers),
            batch_size=plan.articles_per_batch,
            batch_format="pyarrow",
            num_cpus=plan.threads,
            num_gpus=plan.num_gpus or None,
        )
        sink = ArticleSink(layout.root)
        translated.write_datasink(sink, ray_remote_args={"num_cpus": _LIGHT_CPUS})
        if sink.fatal is not None:
            raise sink.fatal
        rows = _write_table(layout, table_format)
    except Exception as exc:
        cause = _newsalign_cause(exc)
        if cause is not None:
            raise cause from None
        raise
    finally:
        if started_here:
            ray.shutdown()
    return sink.counts, rows


def _init(plan: RayPlan) -> bool:
    if ray.is_initialized():
        return False
    if plan.address:
        _quiet_start()
        ray.init(address=plan.address, logging_level=logging.WARNING, log_to_driver=False)
    else:
        # Logical CPUs: the actors' threads, and one for the light stages (they share the real cores).
        start_local(plan.workers * plan.threads + 1)
    return True


def start_local(num_cpus: int) -> None:
    """A new local runtime, even where RAY_ADDRESS names another (``--ray-address`` is for that)."""
    _quiet_start()
    ray.init(
        address="local",
        num_cpus=num_cpus,
        include_dashboard=False,
        logging_level=logging.WARNING,
        log_to_driver=False,
    )


def _quiet_start() -> None:
    # A local runtime enables token authentication by default and says so at every start.
    logging.getLogger("ray._private.authentication").setLevel(logging.ERROR)


def _quiet(progress: bool) -> None:
    """newsalign reports the run itself; Ray's notices only with --verbose."""
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = progress
    context.print_on_execution_start = False
    if not logging.getLogger("align").isEnabledFor(logging.INFO):
        logging.getLogger("ray.data").setLevel(logging.ERROR)
        warnings.filterwarnings("ignore", message="The minimum number of concurrent actors")


def _check_resources(plan: RayPlan) -> None:
    """Refuse a plan whose actors would take every CPU: Ray Data would then wait forever for the light
    stages that feed them."""
    resources: dict[str, float] = ray.cluster_resources()  # type: ignore[no-untyped-call]
    cpus, gpus = resources.get("CPU", 0.0), resources.get("GPU", 0.0)
    if plan.workers * plan.threads + _LIGHT_CPUS > cpus:
        raise UsageError(
            f"{plan.workers} workers × {plan.threads} threads need {plan.workers * plan.threads} CPUs, and"
            f" reading and writing a little more; the Ray cluster has {cpus:g}",
            hint="lower workers or threads",
            setting="workers",
        )
    if plan.num_gpus and plan.workers * plan.num_gpus > gpus:
        raise UsageError(
            f"{plan.workers} workers × {plan.num_gpus:g} GPUs need {plan.workers * plan.num_gpus:g} GPUs;"
            f" the Ray cluster has {gpus:g}",
            hint="lower workers or num_gpus",
            setting="num_gpus",
        )


def _read(source: Path, kind: InputKind) -> ray.data.Dataset:
    if kind == "jsonl":
        lines: ray.data.Dataset = ray.data.read_datasource(
            JsonLinesDatasource(str(source)), num_cpus=_LIGHT_CPUS
        )
        return lines
    if kind == "parquet":
        return ray.data.read_parquet(str(source), columns=parquet_columns(source), num_cpus=_LIGHT_CPUS)
    return ray.data.from_items(list_directory(source))


class JsonLinesDatasource(FileBasedDatasource):
    """Lines of JSON Lines files as ``{"line", "record"}``, parsed later so that a bad line fails alone.
    Ray's own JSON reader fails the whole file on one bad line, and its text reader splits lines at U+2028."""

    def _read_stream(self, f: Any, path: str) -> Iterator[Block]:
        import pyarrow as pa

        schema = pa.schema([("line", pa.int64()), ("record", pa.large_binary())])
        numbers: list[int] = []
        records: list[bytes] = []
        for number, line in enumerate(_lines(f), start=1):
            if line.strip():
                numbers.append(number)
                records.append(line)
            if len(records) >= _LINES_PER_BLOCK:
                yield pa.table([numbers, records], schema=schema)
                numbers, records = [], []
        if records:
            yield pa.table([numbers, records], schema=schema)


def _lines(f: Any, chunk: int = 1 << 22) -> Iterator[bytes]:
    rest = b""
    while data := f.read(chunk):
        *lines, rest = (rest + data).split(b"\n")
        yield from lines
    if rest:
        yield rest


def _prepare_batch(batch: Any, root: Path, options: CorpusOptions, base: Path) -> Any:
    import pyarrow as pa

    layout = Layout(root)
    rows = [prepare(row, layout, options, base) for row in batch.to_pylist()]
    return pa.Table.from_pylist(rows, schema=row_schema())


class TranslatorActor:
    """One per actor: the model is loaded once (on the first article that needs it) and kept."""

    def __init__(self, options: CorpusOptions) -> None:
        self.translator = ArticleTranslator(options)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa

        rows = [self.translator(row) for row in batch.to_pylist()]
        return pa.Table.from_pylist(rows, schema=row_schema())


class ArticleSink(Datasink[dict[str, Any]]):
    """Writes each article's Document or failure (``align.corpus.steps.publish``) from Ray's write tasks. A
    run-level error from an actor is not raised there (Ray would hand the driver only its text) but returned,
    and raised again by :func:`run_ray` once the write ends."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.counts = Counts()
        self.fatal: WorkerError | None = None

    def write(self, blocks: Iterable[Block], ctx: Any) -> dict[str, Any]:
        layout = Layout(self.root)
        counts = Counts()
        fatal = None
        for block in blocks:
            for row in BlockAccessor.for_block(block).to_arrow().to_pylist():
                try:
                    counts += Counts.of(publish(row, layout))
                except WorkerError as exc:
                    fatal = fatal or exc.fields()
        return {"counts": astuple(counts), "fatal": fatal}

    def on_write_complete(self, write_result: Any) -> None:
        for returned in write_result.write_returns:
            self.counts += Counts(*returned["counts"])
            if returned["fatal"] is not None and self.fatal is None:
                message, kind, hint, setting = returned["fatal"]
                self.fatal = WorkerError(message, kind, hint=hint, setting=setting)


def _write_table(layout: Layout, table_format: str) -> int:
    """Rebuild ``segments/`` from every Document in the folder (this run's and earlier runs')."""
    if next(layout.documents.glob("*.json"), None) is None:
        return write_table(layout, table_format, documents=())
    import tempfile

    staging = Path(tempfile.mkdtemp(prefix=".segments.", dir=layout.root))
    rows = ray.data.read_binary_files(
        str(layout.documents), file_extensions=["json"], num_cpus=_LIGHT_CPUS
    ).map_batches(_table_batch, batch_format="pyarrow", batch_size=64, num_cpus=_LIGHT_CPUS)
    if table_format == "parquet":
        rows.write_parquet(str(staging), ray_remote_args={"num_cpus": _LIGHT_CPUS})
    else:
        rows.write_json(str(staging), ray_remote_args={"num_cpus": _LIGHT_CPUS})
    count = _count_rows(staging, table_format)
    replace_dir(staging, layout.root / "segments")
    return count


def _table_batch(batch: Any) -> Any:
    import pyarrow as pa

    rows = [r for data in batch.column("bytes").to_pylist() for r in table_rows(_document(data))]
    return pa.Table.from_pylist(rows, schema=arrow_schema())


def _document(data: bytes) -> Document:
    return Document.from_json(data.decode("utf-8"))


def _count_rows(folder: Path, table_format: str) -> int:
    if table_format == "parquet":
        import pyarrow.parquet as pq

        return sum(pq.ParquetFile(p).metadata.num_rows for p in folder.glob("*.parquet"))
    total = 0
    for part in folder.glob("*.json"):
        with part.open("rb") as handle:
            total += sum(1 for line in handle if line.strip())
    return total


def _newsalign_cause(exc: BaseException) -> NewsalignError | None:
    """The newsalign error inside a Ray error (Ray wraps what a task or actor raised)."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        current = stack.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, NewsalignError):
            return current
        stack += [current.__cause__, current.__context__, getattr(current, "cause", None)]
    return None
