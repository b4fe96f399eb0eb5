"""Pieces every command shares: stderr console, one-line errors with exit codes, logging, safe stdout."""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from align.errors import Interrupted, NewsalignError

# Choices shared by the commands that load a model.


class Device(str, Enum):
    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"
    mps = "mps"


class Engine(str, Enum):
    auto = "auto"
    transformers = "transformers"
    ctranslate2 = "ctranslate2"


class ComputeType(str, Enum):
    int8 = "int8"
    int8_float32 = "int8_float32"
    int8_float16 = "int8_float16"
    float16 = "float16"
    float32 = "float32"


# Options shared by the commands that load a model (same names, same help everywhere).
ComputeTypeOption = Annotated[
    Optional[ComputeType],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
    typer.Option(help="CTranslate2 precision. Default: int8 on CPU, int8_float16 on CUDA."),
]
BeamOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(min=1, help="Beam size. Default: the model's generation config (4 for opus-mt)."),
]
DeviceOption = Annotated[Device, typer.Option(help="auto picks CUDA, then Apple MPS, then CPU.")]


_SIZE_UNITS = {
    "": 1, "b": 1, "k": 1 << 10, "kb": 10**3, "kib": 1 << 10, "m": 1 << 20, "mb": 10**6,
    "mib": 1 << 20, "g": 1 << 30, "gb": 10**9, "gib": 1 << 30,
}  # fmt: skip


def parse_size(value: str | int) -> int:
    """A byte count written as people write sizes: 50MB, 20MiB, 800k, 1000000."""
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", value)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _SIZE_UNITS or float(match.group(1)) * _SIZE_UNITS[unit] < 1:
        raise typer.BadParameter(f"{value!r} is not a size; write e.g. 50MB, 20MiB, 800k or 1000000 (bytes)")
    return int(float(match.group(1)) * _SIZE_UNITS[unit])


MaxSizeOption = Annotated[
    int,
    typer.Option(
        "--max-size",
        parser=parse_size,
        metavar="SIZE",
        show_default="20MiB",
        help="Refuse an input larger than this (a guard against feeding a corpus or a binary by mistake).",
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Go on with input that has no Arabic text at all (refused by default)."),
]
ModelOption = Annotated[
    str,
    typer.Option(
        "--model",
        "-m",
        envvar="NEWSALIGN_MODEL",
        help="Hugging Face hub id of a Marian model, or a local model directory.",
    ),
]
RevisionOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(help="Hub revision (branch, tag or commit) of --model. Default: main."),
]
EngineOption = Annotated[
    Engine,
    typer.Option(
        help="Translation engine. auto: ctranslate2 when installed (newsalign[fast]), else transformers."
    ),
]
MaxLengthOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        min=2,
        help="Cap on output tokens per sentence; outputs that reach it are flagged possible-truncation. "
        "Default: the model's generation config (512 for opus-mt).",
    ),
]
BatchSizeOption = Annotated[int, typer.Option(min=1, help="Sentences per engine call (sorted by length).")]
MaxBatchTokensOption = Annotated[
    int,
    typer.Option(
        min=1, help="Source tokens per engine call, counting padding (limits memory on long input)."
    ),
]
ThreadsOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(min=1, help="CPU threads for the engine. Default: all cores."),
]


if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from align.repair import RepairOptions
    from align.translate.batching import ProgressCallback


def say(console: Console, text: str, style: str | None = None) -> None:
    # Article text and paths are printed verbatim: no rich markup, no highlighting, no wrapping mid-line.
    console.print(text, style=style, highlight=False, markup=False, soft_wrap=True)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


@contextmanager
def cli_errors(console: Console) -> Iterator[None]:
    """Domain errors become one line on stderr and their exit code; never a traceback."""
    try:
        yield
    except Interrupted as exc:
        say(console, f"newsalign: {exc}")
        raise typer.Exit(exc.exit_code) from None
    except NewsalignError as exc:
        say(console, f"newsalign: error: {exc}", style="red")
        raise typer.Exit(exc.exit_code) from None
    except ValueError as exc:  # option objects validate their values
        say(console, f"newsalign: error: {exc}", style="red")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        say(console, "newsalign: interrupted; no output was written")
        raise typer.Exit(130) from None


def setup_logging(verbose: bool) -> None:
    # Third-party progress bars and advice would interleave with ours; the library logs via `logging`.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_VERBOSITY", "error")
    if verbose:
        from rich.logging import RichHandler

        handler = RichHandler(console=stderr_console(), show_path=False)
        logging.basicConfig(level=logging.INFO, format="%(message)s", handlers=[handler])
        logging.getLogger("align").setLevel(logging.INFO)


def write_stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # `newsalign translate x | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0) from None


def repair_options(repair: bool, pua_map: Path | None, dictionary: bool) -> RepairOptions | None:
    from align.repair import RepairOptions

    if not repair:
        return None
    if pua_map is None:
        return RepairOptions(dictionary=dictionary)
    from align.pipeline import read_glyph_map

    return RepairOptions(glyph_map=read_glyph_map(pua_map), dictionary=dictionary)


def warn_if_no_dictionary(console: Console, repair: RepairOptions | None) -> None:
    """One line on stderr when repair would use the hunspell Arabic dictionary but cannot: what is lost and
    how to get it (the library only logs it)."""
    if repair is None or not repair.dictionary:
        return
    from align.repair.lexicon import DICTIONARY_HINT, DICTIONARY_MISSING_EFFECT, dictionary_problem

    problem = dictionary_problem()
    if problem is not None:
        say(
            console,
            f"newsalign: warning: no Arabic dictionary ({problem}): {DICTIONARY_MISSING_EFFECT}; "
            f"to get it: {DICTIONARY_HINT}",
            style="yellow",
        )


def check_output_dir(output: Path | None) -> None:
    if output is not None and not output.parent.is_dir():
        from align.errors import UsageError

        raise UsageError(f"{output.parent}: output directory does not exist")


@contextmanager
def stop_between_batches(console: Console) -> Iterator[Callable[[], bool]]:
    """The first Ctrl-C asks the translation to stop once the batch in flight is stored in the cache (the
    library raises ``Interrupted`` there); a second one stops at once (``KeyboardInterrupt``)."""
    if threading.current_thread() is not threading.main_thread():
        yield lambda: False  # signal handlers can only be set from the main thread
        return
    requested = False

    def handler(signum: int, frame: object) -> None:
        nonlocal requested
        if requested:
            raise KeyboardInterrupt
        requested = True
        if console.is_terminal:  # someone is waiting for the batch to finish: say so
            say(console, "newsalign: stopping after the batch in progress (Ctrl-C again to stop now)")

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield lambda: requested
    finally:
        signal.signal(signal.SIGINT, previous)


@contextmanager
def progress_bar(console: Console, *, enabled: bool) -> Iterator[ProgressCallback | None]:
    """A progress bar of translated sentences on a terminal; no callback (and no bar) elsewhere."""
    if not (enabled and console.is_terminal):
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("translating"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("sentences"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("translate", total=None, rate="")

        def update(done: int, total: int) -> None:
            elapsed = bar.tasks[task].elapsed or 0.0
            rate = f"{done / elapsed:.1f}/s" if elapsed and done else ""
            bar.update(task, completed=done, total=total, rate=rate)

        yield update
