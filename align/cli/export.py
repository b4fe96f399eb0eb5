"""``newsalign export DOC.json``: a translated Document as TMX, XLIFF, TSV, JSON Lines or text.

Registered in ``align/cli/main.py`` with ``app.command("export")(export)``. The exporters (and everything they
import) load only when the command runs.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from align.cli.common import check_output_dir, cli_errors, say, stderr_console, write_output

if TYPE_CHECKING:
    from rich.console import Console

    from align.document import Document


class ExportFormat(str, Enum):
    tmx = "tmx"
    xliff = "xliff"
    tsv = "tsv"
    jsonl = "jsonl"
    text = "text"


# Kept here (not imported from align.render.export) so that building the command imports nothing heavy;
# tests check that both tables agree.
EXTENSIONS = {
    ".tmx": "tmx",
    ".xlf": "xliff",
    ".xliff": "xliff",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".txt": "text",
}


def export(
    document: Annotated[
        Path,
        typer.Argument(
            metavar="DOCUMENT",
            help="A Document JSON, as written by `newsalign translate ARTICLE -o doc.json`.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        Optional[ExportFormat],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
        typer.Option(
            "--format",
            "-f",
            help="tmx (TMX 1.4b), xliff (XLIFF 2.0), tsv, jsonl (one JSON object per sentence, pull-quotes "
            "included) or text (the English). Default: from the --output extension "
            "(.tmx, .xlf/.xliff, .tsv, .jsonl, .txt).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="Write here instead of stdout (- is stdout; a file is written whole or not at all).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Export a translated Document to TMX, XLIFF, TSV, JSON Lines or plain text."""
    console = stderr_console()
    with cli_errors(console):
        chosen = _format(fmt, output)
        check_output_dir(output, [document])
        from align.document import Document

        doc = Document.load(document)
        from align.render.export import export as render

        try:
            text = render(doc, chosen)
        except ValueError as exc:  # untranslated, or nothing to export: the input is at fault
            from align.errors import InputError

            raise InputError(str(exc), path=str(document)) from None
        write_output(output, text, [document])
        _say_post_edits(console, doc, chosen)


_KEPT = {
    "tmx": "each post-edited unit keeps it in prop x-mt",
    "xliff": "each reviewed unit keeps it as an mtc:match of type mt",
    "tsv": "column machine_translation keeps it",
    "jsonl": "field machine_translation keeps it",
    "text": "it is in the Document",
}


def _say_post_edits(console: Console, doc: Document, fmt: str) -> None:
    from align.render.export import post_edit_count

    edited, total = post_edit_count(doc)
    if edited:
        say(
            console,
            f"{edited} of {total} sentences exported as the reviewer's post-edits in place of the machine"
            f" translation ({_KEPT[fmt]})",
        )


def _format(fmt: ExportFormat | None, output: Path | None) -> str:
    if fmt is not None:
        return fmt.value
    from align.errors import UsageError

    choices = ", ".join(f.value for f in ExportFormat)
    if output is None or str(output) == "-":
        raise UsageError(f"choose a format with --format ({choices}) or an --output file name ending in one")
    found = EXTENSIONS.get(output.suffix.lower())
    if found is None:
        raise UsageError(
            f"{output}: cannot tell the format from the extension {output.suffix or '(none)'!r};"
            f" use --format ({choices}) or one of {', '.join(EXTENSIONS)}"
        )
    return found
