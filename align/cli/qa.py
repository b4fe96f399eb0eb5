"""``newsalign qa``: check translations without a reference, and the QA options ``translate`` shares.

Two inputs: a Document JSON (``newsalign translate -o doc.json``), re-checked and optionally written back
with ``-o``; or any MT output as two line-aligned files (``--source ar.txt --translation en.txt``), one
sentence per line, e.g. another system's output. Exit 3 with ``--strict`` when an error flag is found.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from align.cli.common import check_output_dir, cli_errors, say, stderr_console, write_output, write_stdout
from align.cli.options import LogprobOutliersOption, MinLogprobOption
from align.qa import DEFAULT_MIN_LOGPROB

if TYPE_CHECKING:
    from rich.console import Console

    from align.document import Document, Flag, Segment

STRICT_EXIT = 3

StrictOption = Annotated[
    bool,
    typer.Option(
        "--strict",
        help=f"Exit {STRICT_EXIT} when any flag of severity error is found (output is still written).",
    ),
]


class QaFormat(str, Enum):
    text = "text"
    json = "json"


def fail_on_errors(console: Console, doc: Document) -> None:
    from align.qa import error_count

    errors = error_count(doc)
    if errors:
        say(console, f"strict: {errors} error flag(s); exit {STRICT_EXIT}", style="red")
        raise typer.Exit(STRICT_EXIT)


def qa(
    document: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
        typer.Argument(
            metavar="[DOCUMENT]",
            help="A translated Document JSON (`newsalign translate ARTICLE -o doc.json`).",
            show_default=False,
        ),
    ] = None,
    source: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(help="Instead of a Document: Arabic sentences, one per line …", show_default=False),
    ] = None,
    translation: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            help="… and their translations, line by line (any MT system's output).", show_default=False
        ),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="Write the Document with the new flags here (Document input only; written atomically).",
            dir_okay=False,
        ),
    ] = None,
    fmt: Annotated[
        QaFormat,
        typer.Option("--format", "-f", help="text: flagged sentences for a reader. json: one object each."),
    ] = QaFormat.text,
    show_all: Annotated[bool, typer.Option("--all", help="List every sentence, flagged or not.")] = False,
    strict: StrictOption = False,
    min_logprob: MinLogprobOption = DEFAULT_MIN_LOGPROB,
    logprob_outliers: LogprobOutliersOption = None,
) -> None:
    """Check translations without a reference: numbers, names, untranslated, looping or garbage output,
    length, cut-off endings, model confidence. Flags go to stdout; a count goes to stderr."""
    console = stderr_console()
    with cli_errors(console):
        from align.qa import QAOptions, check_document

        options = QAOptions(min_logprob=min_logprob, logprob_outliers=logprob_outliers)
        check_output_dir(output, [document, source, translation])
        doc = check_document(_load(document, source, translation, output), options)
        translated = [s for s in doc.segments if s.translation]
        write_stdout(_render([s for s in translated if show_all or s.flags], fmt))
        if output is not None:
            write_output(output, doc.to_json(), [document, source, translation])
        _count(console, [s.flags for s in translated])
        say(console, options.signature(), style="dim")
        if strict:
            fail_on_errors(console, doc)


def _load(
    document: Path | None, source: Path | None, translation: Path | None, output: Path | None
) -> Document:
    from align.errors import UsageError

    if document is not None:
        if source is not None or translation is not None:
            raise UsageError("give a Document, or --source and --translation, not both")
        from align.document import Document

        return Document.load(document)
    if source is None or translation is None:
        raise UsageError("give a Document JSON, or both --source and --translation (line-aligned files)")
    if output is not None:
        raise UsageError("--output writes a Document; it needs a Document input")
    from align.qa.lines import document_from_lines
    from align.scoring.inputs import read_lines

    return document_from_lines(read_lines(source), read_lines(translation), str(source), str(translation))


def _render(segments: Sequence[Segment], fmt: QaFormat) -> str:
    if fmt is QaFormat.json:
        import json

        return "".join(
            json.dumps(
                {
                    "id": s.id,
                    "source": s.source,
                    "translation": s.translation,
                    "flags": [
                        {"code": f.code, "severity": f.severity, "message": f.message} for f in s.flags
                    ],
                    "scores": dict(s.scores),
                },
                ensure_ascii=False,
            )
            + "\n"
            for s in segments
        )
    out = []
    for s in segments:
        out.append(f"{s.id}\n")
        out += [f"  {f.severity:<7} {f.code}: {f.message}\n" for f in s.flags]
        out.append(f"  ar: {s.source}\n  en: {s.translation}\n\n")
    return "".join(out)


def _count(console: Console, flag_sets: Sequence[Sequence[Flag]]) -> None:
    flagged = sum(1 for flags in flag_sets if flags)
    counts = Counter(f.code for flags in flag_sets for f in flags)
    errors = sum(1 for flags in flag_sets for f in flags if f.severity == "error")
    detail = ", ".join(f"{n} {code}" for code, n in counts.most_common())
    say(
        console,
        f"{flagged} of {len(flag_sets)} segments flagged"
        + (f": {detail}" if detail else "")
        + f" ({errors} errors)",
        style="yellow" if flagged else None,
    )
