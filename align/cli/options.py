"""The options every translating command shares, declared once, and the one place that builds RunOptions.

``translate``, ``review``, ``pair`` and ``translate-corpus`` are decorated with :func:`with_run_options`: it
adds the same engine, decoding, repair, QA, cache and input options (same names, types, defaults and help) to
the command's own, and hands the command one :class:`~align.pipeline.RunOptions` built by
:func:`build_run_options`. A test compares the four commands' option sets.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, TypeVar

import typer

from align.cli.common import cli_errors, parse_size, read_limits, stderr_console
from align.engines.base import DEFAULT_MODEL
from align.ingest import DEFAULT_LIMITS, DEFAULT_MAX_BYTES
from align.qa import DEFAULT_MIN_LOGPROB, MIN_SCORED

if TYPE_CHECKING:
    from align.pipeline import RunOptions

ENGINE_PANEL = "Model and engine"
DECODING_PANEL = "Decoding"
ARTICLE_PANEL = "Reading, repair and checks"


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


ModelOption = Annotated[
    str,
    typer.Option(
        "--model",
        "-m",
        envvar="NEWSALIGN_MODEL",
        rich_help_panel=ENGINE_PANEL,
        help="Hugging Face hub id of a Marian model, or a local model directory.",
    ),
]
RevisionOption = Annotated[
    Optional[str],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
    typer.Option(rich_help_panel=ENGINE_PANEL, help="Hub revision (branch, tag or commit). Default: main."),
]
EngineOption = Annotated[
    Engine,
    typer.Option(
        rich_help_panel=ENGINE_PANEL,
        help="auto: ctranslate2 when installed (newsalign[fast]), else transformers.",
    ),
]
ComputeTypeOption = Annotated[
    Optional[ComputeType],  # noqa: UP045
    typer.Option(
        rich_help_panel=ENGINE_PANEL,
        help="CTranslate2 precision. Default: int8 on CPU, int8_float16 on CUDA.",
    ),
]
DeviceOption = Annotated[
    Device, typer.Option(rich_help_panel=ENGINE_PANEL, help="auto picks CUDA, then Apple MPS, then CPU.")
]
ThreadsOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        min=1,
        rich_help_panel=ENGINE_PANEL,
        help="CPU threads for the engine (for each worker in translate-corpus). Default: all cores"
        " (shared among translate-corpus workers; 1 each with --ray-address).",
    ),
]
CacheOption = Annotated[
    bool,
    typer.Option(
        rich_help_panel=ENGINE_PANEL,
        help="Reuse translations of the same sentences with the same model and options, and the repair of an "
        "article read before (both kept in the newsalign home).",
    ),
]
BeamOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        min=1,
        rich_help_panel=DECODING_PANEL,
        help="Beam size. Default: the model's generation config (4 for opus-mt).",
    ),
]
MaxLengthOption = Annotated[
    Optional[int],  # noqa: UP045
    typer.Option(
        min=2,
        rich_help_panel=DECODING_PANEL,
        help="Cap on output tokens per sentence; outputs that reach it are flagged possible-truncation. "
        "Default: the model's generation config (512 for opus-mt).",
    ),
]
BatchSizeOption = Annotated[
    int,
    typer.Option(min=1, rich_help_panel=DECODING_PANEL, help="Sentences per engine call (sorted by length)."),
]
MaxBatchTokensOption = Annotated[
    int,
    typer.Option(
        min=1,
        rich_help_panel=DECODING_PANEL,
        help="Source tokens per engine call, counting padding (limits memory on long input).",
    ),
]
AlternativesOption = Annotated[
    int,
    typer.Option(
        "--alternatives",
        min=1,
        metavar="N",
        rich_help_panel=DECODING_PANEL,
        help="Keep the model's N best translations of each sentence, with their scores, for review "
        "(`newsalign review --html` offers them on keys 1-9). At most the beam size.",
    ),
]
RepairOption = Annotated[
    bool,
    typer.Option(
        rich_help_panel=ARTICLE_PANEL,
        help="Repair PDF-extraction damage first (see `newsalign clean`). --no-repair reads as is.",
    ),
]
PuaMapOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--pua-map",
        exists=True,
        dir_okay=False,
        rich_help_panel=ARTICLE_PANEL,
        help='JSON table for Private-Use-Area glyphs, e.g. {"U+E005": "0"}; without it digits are inferred.',
    ),
]
DictionaryOption = Annotated[
    bool,
    typer.Option(
        rich_help_panel=ARTICLE_PANEL,
        help="Check repairs against the hunspell Arabic dictionary when it is installed.",
    ),
]
QaOption = Annotated[
    bool,
    typer.Option(
        rich_help_panel=ARTICLE_PANEL,
        help="Check every translated sentence (numbers, names, loops, length and more) and flag problems.",
    ),
]
MinLogprobOption = Annotated[
    Optional[float],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
    typer.Option(
        rich_help_panel=ARTICLE_PANEL,
        help="Flag low-confidence below this mean log-probability per output token (model score). Off"
        " unless given: no threshold is calibrated for the model.",
        show_default=False,
    ),
]
LogprobOutliersOption = Annotated[
    Optional[float],  # noqa: UP045
    typer.Option(
        min=0.1,
        rich_help_panel=ARTICLE_PANEL,
        help="Flag low-confidence on sentences this many robust deviations (e.g. 3.5) below the run's median"
        f" log-probability per token (needs {MIN_SCORED}+ scored sentences). Off unless given.",
        show_default=False,
    ),
]
MaxSizeOption = Annotated[
    int,
    typer.Option(
        "--max-size",
        parser=parse_size,
        metavar="SIZE",
        show_default="20MiB",
        rich_help_panel=ARTICLE_PANEL,
        help="Refuse an input larger than this (a guard against feeding a corpus or a binary by mistake).",
    ),
]
MaxPagesOption = Annotated[
    int,
    typer.Option(
        "--max-pages", min=1, metavar="N", rich_help_panel=ARTICLE_PANEL, help="Refuse a PDF with more pages."
    ),
]
LimitOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--limit",
        metavar="NAME=VALUE",
        rich_help_panel=ARTICLE_PANEL,
        help="Raise a reading limit for a trusted file (repeatable): operators=200k (PDF drawing "
        "operators), glyphs=200k (PDF characters), xobjects=10k and xobject-depth=12 (PDF forms drawn, "
        "and inside each other), inflated=64MiB (decompressed PDF streams or Word parts), zip-ratio=100.",
    ),
]
ForceOption = Annotated[
    bool,
    typer.Option(
        "--force",
        rich_help_panel=ARTICLE_PANEL,
        help="Go on with input that has no Arabic text at all (refused by default).",
    ),
]

# name -> (annotation, default): the parameters with_run_options adds, in --help order.
SHARED_OPTIONS: dict[str, tuple[Any, Any]] = {
    "model": (ModelOption, DEFAULT_MODEL),
    "revision": (RevisionOption, None),
    "engine": (EngineOption, Engine.auto),
    "compute_type": (ComputeTypeOption, None),
    "device": (DeviceOption, Device.auto),
    "threads": (ThreadsOption, None),
    "cache": (CacheOption, True),
    "beam": (BeamOption, None),
    "max_length": (MaxLengthOption, None),
    "batch_size": (BatchSizeOption, 32),
    "max_batch_tokens": (MaxBatchTokensOption, 8192),
    "alternatives": (AlternativesOption, 1),
    "repair": (RepairOption, True),
    "pua_map": (PuaMapOption, None),
    "dictionary": (DictionaryOption, True),
    "qa": (QaOption, True),
    "min_logprob": (MinLogprobOption, DEFAULT_MIN_LOGPROB),
    "logprob_outliers": (LogprobOutliersOption, None),
    "max_size": (MaxSizeOption, DEFAULT_MAX_BYTES),
    "max_pages": (MaxPagesOption, DEFAULT_LIMITS.max_pages),
    "limit": (LimitOption, None),
    "force": (ForceOption, False),
}

F = TypeVar("F", bound=Callable[..., Any])


def with_run_options(command: F) -> F:
    """Give ``command`` the shared options; it receives them as one ``options: RunOptions`` argument.

    The shared options are keyword-only parameters of the wrapper's signature, which is what typer reads;
    their values are built into RunOptions before the command runs (a bad value, such as an unreadable
    --pua-map, is one line and exit code 2, as every other error)."""
    signature = inspect.signature(command)
    # The command modules use postponed annotations; typer needs the Annotated objects themselves. The
    # ``options`` annotation is left alone (RunOptions is imported there for type checking only).
    wants_inputs = "run_inputs" in signature.parameters
    own = [
        p.replace(annotation=_evaluated(p.annotation, command))
        for name, p in signature.parameters.items()
        if name not in ("options", "run_inputs")
    ]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=annotation, default=default)
        for name, (annotation, default) in SHARED_OPTIONS.items()
    ]

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        values = {name: kwargs.pop(name) for name in SHARED_OPTIONS}
        with cli_errors(stderr_console()):
            options = build_run_options(**values)
        if wants_inputs:  # files the shared options name, which an output must never replace
            kwargs["run_inputs"] = (values["pua_map"],)
        return command(*args, options=options, **kwargs)

    wrapper.__signature__ = signature.replace(parameters=[*own, *shared], return_annotation=None)  # type: ignore[attr-defined]
    wrapper.__annotations__ = {
        **{p.name: p.annotation for p in own},
        **{name: annotation for name, (annotation, _) in SHARED_OPTIONS.items()},
        "return": None,
    }
    return wrapper  # type: ignore[return-value]


def _evaluated(annotation: Any, command: Callable[..., Any]) -> Any:
    return eval(annotation, command.__globals__) if isinstance(annotation, str) else annotation


def build_run_options(
    *,
    model: str = DEFAULT_MODEL,
    revision: str | None = None,
    engine: Engine | str = Engine.auto,
    compute_type: ComputeType | str | None = None,
    device: Device | str = Device.auto,
    threads: int | None = None,
    cache: bool = True,
    beam: int | None = None,
    max_length: int | None = None,
    batch_size: int = 32,
    max_batch_tokens: int = 8192,
    alternatives: int = 1,
    repair: bool = True,
    pua_map: Path | None = None,
    dictionary: bool = True,
    qa: bool = True,
    min_logprob: float | None = DEFAULT_MIN_LOGPROB,
    logprob_outliers: float | None = None,
    max_size: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_LIMITS.max_pages,
    limit: list[str] | None = None,
    force: bool = False,
) -> RunOptions:
    """The one place the command line turns option values into RunOptions (and so EngineOptions,
    TranslateOptions, RepairOptions and QAOptions)."""
    from align.engines import EngineOptions
    from align.pipeline import RunOptions, read_glyph_map
    from align.qa import QAOptions
    from align.repair import RepairOptions
    from align.translate import TranslateOptions

    repair_settings = None
    if repair:
        glyph_map = read_glyph_map(pua_map) if pua_map is not None else None
        repair_settings = RepairOptions(glyph_map=glyph_map, dictionary=dictionary)
    return RunOptions(
        engine=EngineOptions(
            model=model,
            name=_value(engine),
            revision=revision,
            device=_value(device),
            threads=threads,
            compute_type=_value(compute_type) if compute_type is not None else None,
        ),
        decoding=TranslateOptions(
            beam=beam,
            max_length=max_length,
            batch_size=batch_size,
            max_batch_tokens=max_batch_tokens,
            alternatives=alternatives,
        ),
        repair=repair_settings,
        qa=QAOptions(min_logprob=min_logprob, logprob_outliers=logprob_outliers) if qa else None,
        cache=cache,
        limits=read_limits(max_size, max_pages, limit),
        require_arabic=not force,
    )


def _value(choice: Enum | str) -> str:
    return str(choice.value) if isinstance(choice, Enum) else choice
