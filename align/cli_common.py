"""Pieces every command shares: stderr console, one-line errors with exit codes, logging, safe stdout."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from align.errors import NewsalignError

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
ThreadsOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(min=1, help="CPU threads for the engine. Default: all cores."),
]


if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console

    from align.repair import RepairOptions


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


def check_output_dir(output: Path | None) -> None:
    if output is not None and not output.parent.is_dir():
        from align.errors import UsageError

        raise UsageError(f"{output.parent}: output directory does not exist")
