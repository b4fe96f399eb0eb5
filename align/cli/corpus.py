"""``newsalign translate-corpus``: a whole archive into a folder of Documents, on Ray or in-process.

Register on the main app with ``app.command("translate-corpus")(translate_corpus)``. Only typer and the
light parts of ``align`` are imported here; Ray and the model are imported when the run starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from align.cli.common import (
    AlternativesOption,
    BatchSizeOption,
    BeamOption,
    ComputeTypeOption,
    Device,
    DeviceOption,
    Engine,
    EngineOption,
    ForceOption,
    MaxBatchTokensOption,
    MaxLengthOption,
    MaxSizeOption,
    ModelOption,
    RevisionOption,
    cli_errors,
    repair_options,
    say,
    setup_logging,
    stderr_console,
)
from align.cli.qa import MinLogprobOption, QaOption
from align.engines.base import DEFAULT_MODEL
from align.ingest import DEFAULT_MAX_BYTES
from align.qa import DEFAULT_MIN_LOGPROB

if TYPE_CHECKING:
    from rich.console import Console
    from rich.status import Status

    from align.corpus.steps import CorpusResult, Counts

# Exit code when the run finished but some articles failed (each is in OUTPUT/failures.jsonl).
FAILED_EXIT = 4


class Executor(str, Enum):
    auto = "auto"
    local = "local"
    ray = "ray"


class TableFormat(str, Enum):
    auto = "auto"
    parquet = "parquet"
    jsonl = "jsonl"


def translate_corpus(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT",
            help='A folder of articles (any format `translate` reads), a JSON Lines file ({"id", "text"} or '
            '{"id", "path"} per line) or a Parquet file (columns id and text or path).',
        ),
    ],
    output: Annotated[
        Path,
        typer.Argument(
            metavar="OUTPUT",
            help="Folder for documents/, segments/, failures.jsonl; a rerun continues where it stopped.",
        ),
    ],
    model: ModelOption = DEFAULT_MODEL,
    revision: RevisionOption = None,
    engine: EngineOption = Engine.auto,
    compute_type: ComputeTypeOption = None,
    beam: BeamOption = None,
    max_length: MaxLengthOption = None,
    batch_size: BatchSizeOption = 16,
    max_batch_tokens: MaxBatchTokensOption = 8192,
    alternatives: AlternativesOption = 1,
    device: DeviceOption = Device.auto,
    threads: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            min=1,
            help="CPU threads per worker. Default: this machine's cores divided among the workers; with "
            "--ray-address, 1.",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", "-w", min=1, help="Translation workers (Ray actors or processes), each with a model."
        ),
    ] = 1,
    executor: Annotated[
        Executor,
        typer.Option(
            help="ray: Ray Data (local runtime, or --ray-address). local: this machine without Ray. "
            "auto: ray when installed (newsalign[ray])."
        ),
    ] = Executor.auto,
    ray_address: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            envvar="RAY_ADDRESS",
            help="A running Ray cluster (auto, head:6379, ray://head:10001). Default: a new local runtime.",
        ),
    ] = None,
    num_gpus_per_actor: Annotated[
        float, typer.Option(min=0.0, help="GPUs per translation actor (Ray); 0: CPU.")
    ] = 0.0,
    articles_per_batch: Annotated[
        int, typer.Option(min=1, help="Articles handed to a Ray actor at a time.")
    ] = 4,
    table_format: Annotated[
        TableFormat,
        typer.Option(help="Format of the sentence table segments/. auto: parquet when pyarrow is installed."),
    ] = TableFormat.auto,
    restart: Annotated[
        bool, typer.Option("--restart", help="Delete OUTPUT's earlier run (documents, failures) first.")
    ] = False,
    cache: Annotated[
        bool,
        typer.Option(help="Reuse translations of the same sentences with the same model and options."),
    ] = True,
    repair: Annotated[bool, typer.Option(help="Repair PDF-extraction damage first (see `clean`).")] = True,
    pua_map: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(exists=True, dir_okay=False, help="JSON table for Private-Use-Area glyphs, for all."),
    ] = None,
    dictionary: Annotated[
        bool, typer.Option(help="Check repairs against the hunspell Arabic dictionary when installed.")
    ] = True,
    qa: QaOption = True,
    min_logprob: MinLogprobOption = DEFAULT_MIN_LOGPROB,
    max_size: MaxSizeOption = DEFAULT_MAX_BYTES,
    force: ForceOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log what the library and Ray do.")
    ] = False,
) -> None:
    """Translate every article of an archive, each exactly as `translate` would, into a folder of Documents.

    Articles whose Document is already in OUTPUT are skipped, so a killed or failed run is continued by
    running the same command again. An article that cannot be translated is listed with its error in
    OUTPUT/failures.jsonl and counted on stderr. Exit codes: 0 every article done, 4 some failed, 1 runtime
    failure, 2 bad input or usage, 130 interrupted (what was written is kept).
    """
    console = stderr_console()
    with cli_errors(console):
        setup_logging(verbose)
        from align.corpus import CorpusOptions, run_corpus
        from align.engines import EngineOptions
        from align.qa import QAOptions
        from align.translate.batching import TranslateOptions

        options = CorpusOptions(
            engine_options=EngineOptions(
                model=model,
                revision=revision,
                device=device.value,
                threads=threads,
                compute_type=compute_type.value if compute_type else None,
            ),
            engine=engine.value,
            translate=TranslateOptions(
                beam=beam,
                max_length=max_length,
                batch_size=batch_size,
                max_batch_tokens=max_batch_tokens,
                alternatives=alternatives,
            ),
            repair=repair_options(repair, pua_map, dictionary),
            qa=QAOptions(min_logprob=min_logprob) if qa else None,
            cache=cache,
            max_bytes=max_size,
            require_arabic=not force,
        )
        try:
            with _progress(console, enabled=not quiet) as progress:
                result = run_corpus(
                    source,
                    output,
                    options,
                    executor=executor.value,
                    workers=workers,
                    num_gpus=num_gpus_per_actor,
                    articles_per_batch=articles_per_batch,
                    ray_address=ray_address,
                    table_format=table_format.value,
                    restart=restart,
                    progress=progress,
                )
        except KeyboardInterrupt:
            say(
                console,
                f"newsalign: interrupted; the Documents in {output} are kept: run the same command"
                " again to continue",
            )
            raise typer.Exit(130) from None
        if not quiet:
            summary(console, result)
        if result.failed:
            raise typer.Exit(FAILED_EXIT)


def summary(console: Console, result: CorpusResult) -> None:
    c = result.counts
    total = c.written + c.skipped + result.failed
    say(
        console,
        f"{total} articles: {c.written} translated ({c.sentences} sentences), {c.skipped} already done,"
        f" {result.failed} failed",
    )
    seconds = result.seconds or 1e-9
    say(
        console,
        f"{result.seconds:.1f} s with {result.executor}, {result.workers} worker(s) × {result.threads}"
        f" thread(s): {c.written / seconds:.2f} articles/s, {c.sentences / seconds:.1f} sentences/s",
    )
    say(
        console,
        f"sentence table: {result.output / 'segments'} ({result.table_format}, {result.table_rows} rows)",
    )
    if result.failed:
        from align.corpus.outputs import Layout

        failures = Layout(result.output).failure_entries()
        for entry in failures[:5]:
            where = entry["id"] if entry.get("id") is not None else f"line {entry.get('line')}"
            say(console, f"failed: {where}: {entry['error']}", style="yellow")
        more = f" ({result.failed - 5} more)" if result.failed > 5 else ""
        say(
            console,
            f"{result.failed} failed article(s) listed in {result.output / 'failures.jsonl'}{more}",
            style="yellow",
        )


@contextmanager
def _progress(console: Console, *, enabled: bool) -> Iterator[Callable[[Counts], None] | None]:
    """Articles done so far, on a terminal only; shown from the first article the local executor reports
    (Ray draws its own progress bars instead)."""
    if not (enabled and console.is_terminal):
        yield None
        return
    shown: list[Status] = []

    def update(counts: Counts) -> None:
        if not shown:
            shown.append(console.status(""))
            shown[0].start()
        shown[0].update(f"{counts.written} translated, {counts.skipped} already done, {counts.failed} failed")

    try:
        yield update
    finally:
        if shown:
            shown[0].stop()
