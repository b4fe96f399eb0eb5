"""``newsalign translate`` and ``newsalign clean``: one article, translated or only repaired.

Heavy modules (torch, transformers) are imported inside the commands so ``newsalign --help`` is instant.
"""

from __future__ import annotations

import time
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from align.cli.common import (
    check_output_dir,
    cli_errors,
    progress_bar,
    say,
    setup_logging,
    stderr_console,
    stop_between_batches,
    warn_if_no_dictionary,
    write_output,
    write_stdout,
)
from align.cli.options import (
    DictionaryOption,
    ForceOption,
    LimitOption,
    MaxPagesOption,
    MaxSizeOption,
    PuaMapOption,
    with_run_options,
)
from align.cli.qa import StrictOption, fail_on_errors
from align.errors import UsageError
from align.ingest import DEFAULT_LIMITS, DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from rich.console import Console

    from align.document import Document
    from align.pipeline import RunOptions


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


@with_run_options
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
    strict: StrictOption = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, summary or signature.")
    ] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what the library does.")] = False,
    *,
    options: RunOptions,
    run_inputs: tuple[Path | None, ...] = (),
) -> None:
    """Translate an Arabic article into English, paragraph by paragraph and sentence by sentence.

    Every sentence is checked without a reference (numbers, names, untranslated or looping output, length,
    cut-off endings, model confidence); flags are counted on stderr, stored in --format json and shown by
    `newsalign review`. Exit codes: 0 ok, 1 runtime failure, 2 bad input, 3 --strict and an error flag.
    """
    started = time.perf_counter()
    console = stderr_console()
    with cli_errors(console):
        out_format = _translate_format(fmt, output)
        setup_logging(verbose)
        inputs = [article, *run_inputs]
        check_output_dir(output, inputs)
        phases: list[str] = []
        with progress_bar(console, enabled=not quiet) as progress, stop_between_batches(console) as stop:
            from align.pipeline import Translator

            def on_phase(description: str) -> None:
                phases.append(description)
                if progress is not None:
                    progress.phase(description)

            with Translator(options, on_phase=on_phase) as translator:
                # Input problems are reported before the (slow) model load, which then overlaps repair.
                doc = translator.read(article, preload=True)
                doc = translator.translate(doc, progress=progress, should_stop=stop)
                loads = translator.model_loads
        write_output(output, _render(doc, out_format), inputs)
        if not quiet:
            _summary(console, doc, output, time.perf_counter() - started, _model_note(phases, loads))
            warn_if_no_dictionary(console, options.repair)
        if strict:
            fail_on_errors(console, doc)


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
    max_pages: MaxPagesOption = DEFAULT_LIMITS.max_pages,
    limit: LimitOption = None,
    force: ForceOption = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log what the library does.")] = False,
) -> None:
    """Repair an Arabic article damaged by PDF extraction and print it; --report says what changed and why."""
    console = stderr_console()
    with cli_errors(console):
        out_format = _output_format(fmt, output)
        setup_logging(verbose)
        inputs = [article, pua_map]
        check_output_dir(output, inputs)
        from align.cli.options import build_run_options
        from align.pipeline import Translator

        options = build_run_options(
            pua_map=pua_map,
            dictionary=dictionary,
            max_size=max_size,
            max_pages=max_pages,
            limit=limit,
            force=force,
            cache=False,  # clean shows what repair makes of the article now, never a kept copy
        )
        doc = Translator(options).read(article)
        warn_if_no_dictionary(console, options.repair)
        if out_format is OutputFormat.json:
            text = doc.to_json()
        else:
            from align.render.text import source_text

            text = source_text(doc)
        to_stdout = output is None or str(output) == "-"
        if not to_stdout:
            write_output(output, text, inputs)
        if report:
            from align.render.report import repair_report

            write_stdout(repair_report(doc))
        elif to_stdout:
            write_stdout(text)


def _output_format(fmt: OutputFormat | None, output: Path | None) -> OutputFormat:
    if fmt is not None:
        return fmt
    suffix = output.suffix.lower() if output is not None else ""
    if suffix == ".json":
        return OutputFormat.json
    if suffix in ("", ".txt", ".text"):
        return OutputFormat.text
    raise UsageError(
        f"{output}: cannot tell the format from the extension {suffix!r}; use --format (text, json) or an"
        " output name ending in .txt or .json"
    )


def _translate_format(fmt: TranslateFormat | None, output: Path | None) -> TranslateFormat:
    """The format asked for, else the one the output's extension names; an extension that names none
    (``-o out.docx``) is an error, not a text file with a misleading name."""
    if fmt is not None:
        return fmt
    suffix = output.suffix.lower() if output is not None else ""
    if suffix in ("", ".text"):
        return TranslateFormat.text
    if suffix == ".json":
        return TranslateFormat.json
    from align.render.export import EXTENSIONS

    if suffix in EXTENSIONS:
        return TranslateFormat(EXTENSIONS[suffix])
    choices = ", ".join([".json", *EXTENSIONS])
    raise UsageError(
        f"{output}: cannot tell the format from the extension {suffix!r}; use --format"
        f" ({', '.join(f.value for f in TranslateFormat)}) or an output name ending in one of {choices}"
    )


def _render(doc: Document, fmt: TranslateFormat) -> str:
    if fmt is TranslateFormat.json:
        return doc.to_json()
    from align.render.export import export

    return export(doc, fmt.value)


def _model_note(phases: list[str], loads: int) -> str:
    """What the whole time included, after "N s in all"."""
    if loads == 0:
        return ""  # every sentence came from the cache
    if any(p.startswith("converting model") for p in phases):
        return (
            ", with reading, converting the model for CTranslate2 (once: later runs reuse it) and loading it"
        )
    return ", with reading and model loading"


def _summary(
    console: Console,
    doc: Document,
    output: Path | None,
    wall: float,
    model: str = ", with reading and model loading",
) -> None:
    run = doc.meta.run
    translated = [p for p in doc.paragraphs if p.translation is not None]
    segments = [s for p in translated for s in p.segments]
    seconds = run.seconds if run else 0.0
    rate = len(segments) / seconds if seconds else 0.0
    where = f" → {output}" if output and str(output) != "-" else ""
    if not model:
        say(
            console,
            f"Translated {len(translated)} paragraphs, {len(segments)} sentences, every one from the cache "
            f"({wall:.1f} s in all; no model loaded){where}",
        )
    else:
        if run and run.cached:
            where = f" ({run.cached} from the cache){where}"
        say(
            console,
            f"Translated {len(translated)} paragraphs, {len(segments)} sentences in {seconds:.1f} s "
            f"({rate:.1f} sentences/s; {wall:.1f} s in all{model}){where}",
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
            f"paragraphs flagged: {detail} (see `newsalign clean --report`)",
            style="yellow",
        )
    quotes = sum(1 for p in doc.paragraphs if p.kind == "pullquote")
    if quotes:
        say(console, f"{quotes} pull-quote(s) repeating the text kept out of the translation")
    if run:
        say(console, run.signature(), style="dim")
