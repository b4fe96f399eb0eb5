"""The ``newsalign`` command line: parse options, call one library function, render.

Heavy modules (torch, transformers) are imported inside commands so ``newsalign --help`` is instant.
Data goes to stdout, diagnostics to stderr; exit codes: 0 ok, 1 runtime failure, 2 bad input or usage,
3 error flags with --strict, 130 interrupted.
"""

from __future__ import annotations

from collections import Counter
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from align import __version__
from align.cli.common import (
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
    ThreadsOption,
    check_output_dir,
    cli_errors,
    progress_bar,
    repair_options,
    say,
    setup_logging,
    stderr_console,
    stop_between_batches,
    write_stdout,
)
from align.cli.qa import MinLogprobOption, QaOption, StrictOption, fail_on_errors
from align.engines.base import DEFAULT_MODEL
from align.ingest import DEFAULT_MAX_BYTES
from align.qa import DEFAULT_MIN_LOGPROB, QAOptions

if TYPE_CHECKING:
    from rich.console import Console

    from align.document import Document

app = typer.Typer(
    name="newsalign",
    help="Repair, translate, align and score Arabic news articles with open MarianMT models.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


class TranslateFormat(str, Enum):
    text = "text"
    json = "json"
    tmx = "tmx"
    xliff = "xliff"
    tsv = "tsv"
    jsonl = "jsonl"


ArticleArgument = Annotated[
    str, typer.Argument(metavar="ARTICLE", help="Arabic article (UTF-8 text file), or - for standard input.")
]
OutputOption = Annotated[
    Optional[Path],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
    typer.Option("--output", "-o", help="Write here instead of stdout (written atomically).", dir_okay=False),
]
PuaMapOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--pua-map",
        exists=True,
        dir_okay=False,
        help='JSON table for Private-Use-Area glyphs, e.g. {"U+E005": "0"}; without it digits are inferred.',
    ),
]
DictionaryOption = Annotated[
    bool, typer.Option(help="Check repairs against the hunspell Arabic dictionary when it is installed.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"newsalign {__version__}")
        raise typer.Exit()


def _register_tools() -> None:
    from align.cli.corpus import translate_corpus
    from align.cli.export import export
    from align.cli.pair import pair
    from align.cli.qa import qa
    from align.cli.review import review
    from align.cli.score import ScoreCommand, score
    from align.cli.tools import bench_app, models_app

    app.command("review")(review)
    app.command("score", cls=ScoreCommand)(score)
    app.command("pair")(pair)
    app.command("export")(export)
    app.command("translate-corpus")(translate_corpus)
    app.command("qa")(qa)
    app.add_typer(models_app, name="models")
    app.add_typer(bench_app, name="bench")


_register_tools()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Repair, translate, align and score Arabic news articles with open MarianMT models."""


@app.command()
def translate(
    article: ArticleArgument,
    output: OutputOption = None,
    fmt: Annotated[
        Optional[TranslateFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help="text: the English, one paragraph per source paragraph. json: the full Document "
            "(segments, offsets, flags, run signature). tmx, xliff, tsv, jsonl: as `newsalign export`. "
            "Default: from the --output extension (.json .tmx .xlf .tsv .jsonl), else text.",
        ),
    ] = None,
    model: ModelOption = DEFAULT_MODEL,
    revision: RevisionOption = None,
    engine: EngineOption = Engine.auto,
    compute_type: ComputeTypeOption = None,
    beam: BeamOption = None,
    max_length: MaxLengthOption = None,
    batch_size: BatchSizeOption = 16,
    max_batch_tokens: MaxBatchTokensOption = 8192,
    device: DeviceOption = Device.auto,
    threads: ThreadsOption = None,
    cache: Annotated[
        bool,
        typer.Option(help="Reuse translations of the same sentences with the same model and options."),
    ] = True,
    repair: Annotated[
        bool,
        typer.Option(
            help="Repair PDF-extraction damage first (see `newsalign clean`). --no-repair reads as is."
        ),
    ] = True,
    pua_map: PuaMapOption = None,
    dictionary: DictionaryOption = True,
    qa: QaOption = True,
    strict: StrictOption = False,
    min_logprob: MinLogprobOption = DEFAULT_MIN_LOGPROB,
    max_size: MaxSizeOption = DEFAULT_MAX_BYTES,
    force: ForceOption = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, summary or signature.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what the library does.")] = False,
) -> None:
    """Translate an Arabic article into English, paragraph by paragraph and sentence by sentence.

    Every sentence is checked without a reference (numbers, names, untranslated or looping output, length,
    cut-off endings, model confidence); flags are counted on stderr, stored in --format json and shown by
    `newsalign review`. Exit codes: 0 ok, 1 runtime failure, 2 bad input, 3 --strict and an error flag.
    """
    from align.engines import EngineOptions
    from align.translate.batching import TranslateOptions

    out_format = _translate_format(fmt, output)
    console = stderr_console()
    with cli_errors(console):
        setup_logging(verbose)
        check_output_dir(output)
        engine_options = EngineOptions(
            model=model,
            revision=revision,
            device=device.value,
            threads=threads,
            compute_type=compute_type.value if compute_type else None,
        )
        options = TranslateOptions(
            beam=beam, max_length=max_length, batch_size=batch_size, max_batch_tokens=max_batch_tokens
        )
        repair_settings = repair_options(repair, pua_map, dictionary)
        with progress_bar(console, enabled=not quiet) as progress, stop_between_batches(console) as stop:
            from align.pipeline import translate_article

            doc = translate_article(
                article,
                engine_options=engine_options,
                options=options,
                engine=engine.value,
                repair=repair_settings,
                progress=progress,
                cache=cache,
                qa=QAOptions(min_logprob=min_logprob) if qa else None,
                max_bytes=max_size,
                require_arabic=not force,
                should_stop=stop,
            )
        text = _render(doc, out_format)
        if output is None:
            write_stdout(text)
        else:
            from align.io import atomic_write_text

            atomic_write_text(output, text)
        if not quiet:
            _summary(console, doc, output)
        if strict:
            fail_on_errors(console, doc)


@app.command()
def clean(
    article: ArticleArgument,
    output: OutputOption = None,
    fmt: Annotated[
        Optional[OutputFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            help="text: the repaired Arabic, paragraphs separated by a blank line (pull-quotes left out). "
            "json: the Document with the full repair report. "
            "Default: json if --output ends in .json, else text.",
        ),
    ] = None,
    report: Annotated[
        bool,
        typer.Option(
            "--report", help="Print the repair report (every change, where and why, and the flags)."
        ),
    ] = False,
    pua_map: PuaMapOption = None,
    dictionary: DictionaryOption = True,
    max_size: MaxSizeOption = DEFAULT_MAX_BYTES,
    force: ForceOption = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what the library does.")] = False,
) -> None:
    """Repair an Arabic article damaged by PDF extraction and print it; --report says what changed and why."""
    out_format = _output_format(fmt, output)
    console = stderr_console()
    with cli_errors(console):
        setup_logging(verbose)
        check_output_dir(output)
        from align.pipeline import load_document

        doc = load_document(
            article,
            repair=repair_options(True, pua_map, dictionary),
            max_bytes=max_size,
            require_arabic=not force,
        )
        if out_format is OutputFormat.json:
            text = doc.to_json()
        else:
            from align.render.text import source_text

            text = source_text(doc)
        if output is not None:
            from align.io import atomic_write_text

            atomic_write_text(output, text)
        if report:
            from align.render.report import repair_report

            write_stdout(repair_report(doc))
        elif output is None:
            write_stdout(text)


def _output_format(fmt: OutputFormat | None, output: Path | None) -> OutputFormat:
    if fmt is not None:
        return fmt
    return OutputFormat.json if output is not None and output.suffix.lower() == ".json" else OutputFormat.text


def _translate_format(fmt: TranslateFormat | None, output: Path | None) -> TranslateFormat:
    if fmt is not None:
        return fmt
    if output is not None:
        from align.render.export import EXTENSIONS

        suffix = output.suffix.lower()
        if suffix == ".json":
            return TranslateFormat.json
        if suffix in EXTENSIONS and EXTENSIONS[suffix] != "txt":
            return TranslateFormat(EXTENSIONS[suffix])
    return TranslateFormat.text


def _render(doc: Document, fmt: TranslateFormat) -> str:
    if fmt is TranslateFormat.json:
        return doc.to_json()
    if fmt is TranslateFormat.text:
        return _to_text(doc)
    from align.render.export import export

    return export(doc, fmt.value)


def _to_text(doc: Document) -> str:
    from align.render import to_text

    return to_text(doc)


def _summary(console: Console, doc: Document, output: Path | None) -> None:
    run = doc.meta.run
    translated = [p for p in doc.paragraphs if p.translation is not None]
    segments = [s for p in translated for s in p.segments]
    seconds = run.seconds if run else 0.0
    rate = len(segments) / seconds if seconds else 0.0
    where = f" → {output}" if output else ""
    if run and run.cached:
        where = f" ({run.cached} from the cache){where}"
    say(
        console,
        f"Translated {len(translated)} paragraphs, {len(segments)} sentences in {seconds:.1f} s "
        f"({rate:.1f} sentences/s){where}",
    )
    counts = Counter(f.code for s in segments for f in s.flags)
    flagged = sum(1 for s in segments if s.flags)
    if flagged:
        detail = ", ".join(f"{n} {code}" for code, n in counts.most_common())
        say(console, f"{flagged} segments flagged: {detail} (see --format json)", style="yellow")
    paragraph_flags = Counter(f.code for p in doc.paragraphs for f in p.flags)
    if paragraph_flags:
        detail = ", ".join(f"{n} {code}" for code, n in paragraph_flags.most_common())
        say(
            console,
            f"paragraphs flagged by repair: {detail} (see `newsalign clean --report`)",
            style="yellow",
        )
    quotes = sum(1 for p in doc.paragraphs if p.kind == "pullquote")
    if quotes:
        say(console, f"{quotes} pull-quote(s) repeating the text kept out of the translation")
    if run:
        say(console, run.signature(), style="dim")


def main() -> None:
    app()
