"""Pieces every command shares: stderr console, one-line errors with exit codes, logging, safe stdout."""

from __future__ import annotations

import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from align.errors import (
    InputError,
    Interrupted,
    ModelPathError,
    NewsalignError,
    NotATranslationModelError,
    OutputError,
    UsageError,
)
from align.io import STDOUT, terminal_safe

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


def parse_limit(value: str) -> tuple[str, int]:
    """``NAME=VALUE`` for one reading limit: operators=500k, glyphs=1M, inflated=512MiB, xobject-depth=20."""
    name, _, amount = value.partition("=")
    field = LIMIT_KEYS.get(name.strip().lower())
    if field is None or not amount.strip():
        raise typer.BadParameter(f"{value!r}: write NAME=VALUE with NAME one of {', '.join(LIMIT_KEYS)}")
    if field == "max_inflated_bytes":
        return field, parse_size(amount)
    number = amount.strip().lower()
    scale = {"k": 1000, "m": 1_000_000}.get(number[-1:], 1)
    digits = number[:-1] if scale > 1 else number
    if not digits.isdigit() or int(digits) < 1:
        raise typer.BadParameter(f"{value!r}: {name} needs a positive whole number (such as 500 or 300k)")
    return field, int(digits) * scale


# The reading limits --limit sets, by the name it gives them (--max-size and --max-pages have options of
# their own).
LIMIT_KEYS = {
    "operators": "max_operators",
    "glyphs": "max_glyphs",
    "xobjects": "max_xobject_draws",
    "xobject-depth": "max_xobject_depth",
    "inflated": "max_inflated_bytes",
    "zip-ratio": "max_zip_ratio",
}


def read_limits(max_size: int, max_pages: int | None = None, limit: list[str] | None = None) -> Any:
    """The reading limits the options ask for (``align.ingest.budget.ReadLimits``)."""
    from align.ingest.budget import DEFAULT_LIMITS

    values: dict[str, int] = dict(parse_limit(item) for item in limit or [])
    values["max_bytes"] = max_size
    if max_pages is not None:
        values["max_pages"] = max_pages
    return DEFAULT_LIMITS.raised(**values)


if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from align.repair import RepairOptions


def say(console: Console, text: str, style: str | None = None) -> None:
    # Article text and paths are printed verbatim: no rich markup, no highlighting, no wrapping mid-line;
    # control characters (rich passes ESC and C1 through) as visible symbols.
    console.print(terminal_safe(text), style=style, highlight=False, markup=False, soft_wrap=True)


def stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


# What each library exception means on the command line: the first class in this table that the exception is
# an instance of gives the exit code (0 ok, 1 runtime failure, 2 bad input or usage, 130 interrupted).
EXIT_CODES: tuple[tuple[type[NewsalignError], int], ...] = (
    (Interrupted, 130),
    (OutputError, 2),  # 1 when the disk failed (exit_code)
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
    "max_pages": "raise it with --max-pages",
    **{field: f"raise it with --limit {key}=N" for key, field in LIMIT_KEYS.items()},
    "converted_models": (
        "`newsalign models list` shows the converted models; delete one's folder to convert it again"
    ),
}


def exit_code(exc: NewsalignError) -> int:
    if isinstance(exc, OutputError) and exc.disk_failure:
        return 1  # a full or failing disk: not something another output name fixes
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
    from align.cli import command_started

    try:
        # Inside the try: a Ctrl-C that arrived while the start-up handler was being replaced is raised
        # here, by the new one (Python runs a signal's handler when it next checks, not when it arrives);
        # outside, typer would turn it into exit code 130 without a word.
        command_started()
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
        # Everything inside has unwound (half-written outputs removed, the cache closed). Exit now: on the
        # way out through click and the interpreter, a KeyboardInterrupt still pending in the interpreter's
        # state can turn exit code 130 into death by SIGINT (seen under load), which scripts read otherwise.
        # Only in the real process (the entry point ran): a program that invokes the app stays alive.
        from align.cli import started_by_entry_point

        if started_by_entry_point():
            sys.stderr.flush()
            os._exit(130)
        raise typer.Exit(130) from None


# Libraries whose warnings about a damaged input would turn a one-line error into several (pdfminer logs
# every odd object it skips); shown with --verbose.
_CHATTY_LOGGERS = ("pdfminer", "trafilatura", "htmldate", "courlan", "charset_normalizer", "docx")


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
        return
    for name in _CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def write_stdout(text: str, *, styled: bool = False) -> None:
    """Data to standard output: as is into a pipe or a file; on a terminal with every control character shown
    as a symbol (an article's escape sequences must not recolour, retitle or rewrite the terminal, or reach
    its clipboard). ``styled``: rich's own rendering, whose article text its renderer already made visible
    and whose escape sequences are its styles."""
    try:
        if not styled and sys.stdout.isatty():
            text = terminal_safe(text)
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # `newsalign translate x | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(0) from None


def check_output_dir(output: Path | None, inputs: Sequence[str | Path | None] = ()) -> None:
    """Refuse an output that cannot be written (missing directory, one of the inputs) before the work."""
    if output is not None:
        from align.io import check_output

        check_output(output, inputs)


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


def write_output(output: Path | None, text: str, inputs: Sequence[str | Path | None] = ()) -> None:
    """A command's output: standard output for None or ``-``, else the file (``align.io.write_output``:
    whole or not at all, devices and pipes in place, never one of the ``inputs``)."""
    if output is None or str(output) == STDOUT:
        write_stdout(text)
        return
    from align.io import write_output as write_file

    write_file(output, text, inputs=inputs)


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
