"""``newsalign apply-edits DOC.json EDITS.json``: a reviewer's corrections from the review page into the
Document; and the ``score --post-edits DOC.json`` report (HTER, chrF, counts).

Registered in ``align/cli/main.py`` with ``app.command("apply-edits")(apply_edits)``. Only the data model and
the edits reader load for ``apply-edits``; sacrebleu loads for the report.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from align.cli.common import check_output_dir, cli_errors, say, stderr_console, write_output

if TYPE_CHECKING:
    from align.document import Document
    from align.scoring.postedit import PostEditReport


def apply_edits(
    document: Annotated[
        Path,
        typer.Argument(
            metavar="DOC.json",
            help="The Document the review page was made from.",
            show_default=False,
        ),
    ],
    edits: Annotated[
        Path,
        typer.Argument(
            metavar="EDITS.json",
            help="What the review page downloaded: the corrected Document or the edits file.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
        typer.Option(
            "--output",
            "-o",
            help="Write the Document here instead of stdout (written atomically).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Merge a reviewer's post-edits into a Document (the machine translation is kept next to each).

    Edits made for another Document (another translation, another article) are refused: exit 2.
    """
    console = stderr_console()
    with cli_errors(console):
        check_output_dir(output, [document, edits])
        from align.render.edits import applied, apply_edits, read_edits

        doc = read_document_file(document)
        changes = read_edits(_read_text(edits), path=str(edits))
        merged = apply_edits(doc, changes, path=str(edits))
        write_output(output, merged.to_json(), [document, edits])
        done = applied(doc, merged)
        total = sum(1 for s in merged.segments if s.post_edit is not None)
        where = f" → {output}" if output and str(output) != "-" else ""
        say(
            console,
            f"applied {done.edited + done.accepted + done.removed} edits ({done.edited} post-edited,"
            f" {done.accepted} accepted as translated, {done.removed} removed); the Document has {total}"
            f" reviewed sentences{where}",
        )


def read_document_file(path: Path) -> Document:
    from align.document import Document

    return Document.load(path)


def _read_text(path: Path) -> str:
    from align.errors import InputError

    name = str(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", path=name) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a JSON file", path=name) from None
    except UnicodeDecodeError:
        raise InputError("not a JSON file (not UTF-8 text)", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=name) from None


def post_edit_report(path: Path, *, fmt: str, width: int) -> str:
    """``score --post-edits DOC.json``: the report as text (sacrebleu-style lines), json or markdown."""
    from align.scoring.postedit import score_post_edits, summary_lines

    report = score_post_edits(read_document_file(path), width=width, path=str(path))
    if fmt == "json":
        return json.dumps(_as_json(report), ensure_ascii=False, indent=1) + "\n"
    if fmt == "markdown":
        rows = [
            ("Sentences", str(report.total)),
            ("Reviewed", str(report.reviewed)),
            ("Edited", str(report.edited)),
            ("Accepted unchanged", str(report.accepted)),
            ("HTER", f"{report.hter.score:.{width}f}"),
            ("chrF2 (MT vs post-edits)", f"{report.chrf.score:.{width}f}"),
        ]
        table = ["| Post-edits | |", "|---|---:|", *(f"| {a} | {b} |" for a, b in rows)]
        notes = [f"- HTER: `TER|{report.hter.signature}`", f"- chrF2: `chrF2|{report.chrf.signature}`"]
        return "\n".join([*table, "", *notes]) + "\n"
    return "\n".join(summary_lines(report)) + "\n"


def _as_json(report: PostEditReport) -> dict[str, object]:
    named = (("HTER", report.hter), ("chrF2", report.chrf))
    return {
        "sentences": report.total,
        "reviewed": report.reviewed,
        "edited": report.edited,
        "accepted": report.accepted,
        "not_reviewed": report.not_reviewed,
        "scores": [
            {
                "name": name,
                "metric": s.name,
                "score": s.score,
                "signature": s.signature,
                "formatted": s.formatted,
            }
            for name, s in named
        ],
    }
