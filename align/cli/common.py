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
from typing import TYPE_CHECKING, Any

import typer

from align.errors import (
    InputError,
    Interrupted,
    ModelPathError,
    NewsalignError,
    NotATranslationModelError,
    UsageError,
)

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


if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console


def say(console: Console, text: str, style: str | None = None) -> None:
    # Article text and paths are printed verbatim: no rich markup, no highlighting, no wrapping mid-line.
    console.print(text, style=style, highlight=False, markup=False, soft_wrap=True)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


# What each library exception means on the command line: the first class in this table that the exception is
# an instance of gives the exit code (0 ok, 1 runtime failure, 2 bad input or usage, 130 interrupted).
EXIT_CODES: tuple[tuple[type[NewsalignError], int], ...] = (
    (Interrupted, 130),
    (InputError, 2),
    (UsageError, 2),
    (ModelPathError, 2),
    (NotATranslationModelError, 2),
    (NewsalignError, 1),
)
# The library's hints name its own settings (RunOptions fields, function arguments); here they become the
# option that changes that setting. A setting not listed keeps the library's hint.
CLI_HINTS: dict[str, str] = {
    "require_arabic": "pass --force to go on anyway",
    "max_bytes": "raise it with --max-size",
    "cache": "delete the file, or pass --no-cache",
    "restart": "use another OUTPUT folder, or --restart to delete that run's outputs and start over",
    "workers": "lower --workers or --threads",
    "num_gpus": "lower --workers or --num-gpus-per-actor",
    "executor": "pip install 'newsalign[ray]', or use --executor local",
    "ray_address": "use --executor ray or auto with --ray-address",
    "device": "use --device auto or cpu",
    "engine": "use --engine transformers --device mps, or --device cpu",
    "model": (
        "pass --model PATH to a local model directory, or download the model once with network access"
        " (it is cached; HF_HUB_OFFLINE=1 then uses the cache only)"
    ),
}


def exit_code(exc: NewsalignError) -> int:
    # A corpus worker's error comes back with the name of its class (Ray does not carry the exception).
    import align.errors

    kind = getattr(exc, "kind", None)
    named = getattr(align.errors, kind, None) if isinstance(kind, str) else None
    cls = named if isinstance(named, type) and issubclass(named, NewsalignError) else type(exc)
    return next(code for base, code in EXIT_CODES if issubclass(cls, base))


def error_line(exc: NewsalignError) -> str:
    """The one line the command line prints for a library error, with the hint in option names."""
    return exc.describe(CLI_HINTS.get(exc.setting or ""))


@contextmanager
def cli_errors(console: Console) -> Iterator[None]:
    """Domain errors become one line on stderr and their exit code; never a traceback."""
    try:
        yield
    except Interrupted as exc:
        say(console, f"newsalign: {error_line(exc)}")
        raise typer.Exit(exit_code(exc)) from None
    except NewsalignError as exc:
        say(console, f"newsalign: error: {error_line(exc)}", style="red")
        raise typer.Exit(exit_code(exc)) from None
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


class ProgressBar:
    """What a run reports to the terminal: the phase while no sentence progresses (loading or converting
    the model), then translated sentences with their rate and the time left. Called as ``(done, total)``."""

    def __init__(self, bar: Any) -> None:
        self._bar = bar
        self._task = bar.add_task("starting", total=None, rate="", unit="")

    def phase(self, description: str) -> None:
        self._bar.update(self._task, description=f"{description} …", completed=0, total=None, unit="")

    def __call__(self, done: int, total: int) -> None:
        elapsed = self._bar.tasks[self._task].elapsed or 0.0
        rate = f"{done / elapsed:.1f}/s" if elapsed and done else ""
        self._bar.update(
            self._task, description="translating", completed=done, total=total, rate=rate, unit="sentences"
        )


@contextmanager
def progress_bar(console: Console, *, enabled: bool) -> Iterator[ProgressBar | None]:
    """A progress bar on a terminal; None (and no bar) elsewhere."""
    if not (enabled and console.is_terminal):
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[unit]}"),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        yield ProgressBar(bar)
