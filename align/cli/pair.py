"""``newsalign pair ARABIC ENGLISH``: sentence pairs from an Arabic article and its English version."""

from __future__ import annotations

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
    write_output,
)
from align.cli.options import with_run_options

if TYPE_CHECKING:
    from align.pipeline import RunOptions


@with_run_options
def pair(
    arabic: Annotated[str, typer.Argument(metavar="ARABIC", help="The Arabic article (any input format).")],
    english: Annotated[str, typer.Argument(metavar="ENGLISH", help="Its published English version.")],
    output: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
        typer.Option(
            "--output",
            "-o",
            help="Write here instead of stdout (- is stdout; written atomically).",
            dir_okay=False,
        ),
    ] = None,
    fmt: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--format", "-f", help="tsv, jsonl or tmx. Default: from the --output extension, else tsv."
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary on stderr.")] = False,
    *,
    options: RunOptions,
) -> None:
    """Translate the Arabic, align the translation with the English version, and print the sentence pairs
    with their alignment confidence (a bitext for evaluation or a translation memory)."""
    console = stderr_console()
    with cli_errors(console):
        setup_logging(False)
        check_output_dir(output, [arabic, english])
        from align.alignment.bitext import FORMATS, english_sentences, pair_sentences, render_pairs
        from align.errors import UsageError
        from align.ingest import read_article
        from align.pipeline import translate_article

        chosen = fmt or (output.suffix.lower().lstrip(".") if output and str(output) != "-" else "tsv")
        if chosen not in FORMATS:
            raise UsageError(f"unknown format {chosen!r}; choose one of: {', '.join(FORMATS)}")
        # Both inputs are read before the model is loaded, so input problems show at once.
        reference = english_sentences(read_article(english, limits=options.limits))
        with progress_bar(console, enabled=not quiet) as progress, stop_between_batches(console) as stop:
            doc = translate_article(
                arabic,
                options,
                progress=progress,
                on_phase=progress.phase if progress is not None else None,
                should_stop=stop,
            )
        pairs, alignment = pair_sentences(doc, reference, source=english)
        signature = doc.meta.run.signature() if doc.meta.run else ""
        text = render_pairs(pairs, chosen, signature=signature)
        write_output(output, text, [arabic, english])
        if not quiet:
            say(
                console,
                f"{len(pairs)} pairs; unaligned: {alignment.unaligned_hypothesis} Arabic and"
                f" {alignment.unaligned_reference} English sentences; mean confidence"
                f" {alignment.mean_confidence:.2f}",
            )
