"""``newsalign review``: English and Arabic side by side, in the terminal or as a self-contained HTML page.

Register on the main app with ``app.command("review")(review)``. Only typer and the light parts of
``align`` are imported here; the pipeline (torch, transformers) is imported when an article has to be
translated.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
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
    write_output,
    write_stdout,
)
from align.cli.options import with_run_options

if TYPE_CHECKING:
    from align.document import Document
    from align.pipeline import RunOptions


class Bidi(str, Enum):
    auto = "auto"
    on = "on"
    off = "off"


@with_run_options
def review(
    source: Annotated[
        str,
        typer.Argument(
            metavar="ARTICLE|DOC.json",
            help="A Document written by `newsalign translate -f json` (told by its content), or an Arabic "
            "article to translate first (- for standard input).",
        ),
    ],
    html: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
        typer.Option(
            "--html",
            metavar="OUT.html",
            dir_okay=False,
            help="Write a self-contained HTML page here (written atomically) instead of printing.",
        ),
    ] = None,
    open_browser: Annotated[
        bool,
        typer.Option(
            "--open", help="Open the HTML page in the default browser (a temporary file without --html)."
        ),
    ] = False,
    bidi: Annotated[
        Bidi,
        typer.Option(
            help="Reorder Arabic for terminals without bidirectional text support. auto: on when printing "
            "to a terminal, unless NEWSALIGN_TERMINAL_BIDI=1 or TERM_PROGRAM is mlterm or Apple_Terminal; "
            "off (logical order, what editors expect) when the output goes to a file or a pipe.",
        ),
    ] = Bidi.auto,
    pager: Annotated[
        bool,
        typer.Option(
            help="On a terminal, show a review longer than the screen through $NEWSALIGN_PAGER, $PAGER or "
            "less, as git does. --no-pager prints it straight away.",
        ),
    ] = True,
    width: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(min=40, help="Terminal width in columns. Default: the terminal's (80 when piped)."),
    ] = None,
    only_flagged: Annotated[
        bool,
        typer.Option("--only-flagged", help="Show only flagged paragraphs and sentences (terminal)."),
    ] = False,
    ref: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--ref",
            metavar="REF",
            help="English reference (a text file, one sentence or paragraph per line; line-aligned or not):"
            " every sentence shows its chrF and BLEU against it.",
        ),
    ] = None,
    *,
    options: RunOptions,
) -> None:
    """Review a translation: English and Arabic side by side with the flags, in the terminal or as HTML.

    Given an article rather than a Document, it is translated first with the translation options below, as
    `newsalign translate` would."""
    console = stderr_console()
    with cli_errors(console):
        check_output_dir(html, [source, ref])
        setup_logging(False)
        reference = _read_reference(ref) if ref is not None else None
        doc = read_document(source)
        if doc is None:
            from align.pipeline import translate_article

            with progress_bar(console, enabled=True) as progress, stop_between_batches(console) as stop:
                doc = translate_article(
                    source,
                    options,
                    progress=progress,
                    on_phase=progress.phase if progress is not None else None,
                    should_stop=stop,
                )
        if reference is not None and ref is not None:
            from align.scoring.segments import with_segment_scores

            doc = with_segment_scores(doc, reference, reference_name=str(ref), path=source)
        if html is None and not open_browser:
            _print_terminal(doc, bidi=bidi.value, width=width, only_flagged=only_flagged, pager=pager)
            return
        target = _write_html(doc, html, [source, ref])
        say(console, f"review written to {target}", style="dim")
        if open_browser:
            import webbrowser

            webbrowser.open(target.resolve().as_uri())


def _read_reference(path: Path) -> list[str]:
    from align.scoring.metrics import read_lines

    return read_lines(path)


def read_document(source: str) -> Document | None:
    """The Document in ``source`` if it is a Document JSON file (by content), else None (an article)."""
    from align.document import Document, is_document_file

    return Document.load(source) if is_document_file(source) else None


def _print_terminal(doc: Document, *, bidi: str, width: int | None, only_flagged: bool, pager: bool) -> None:
    from rich.console import Console

    from align.render.terminal import render_terminal

    # Whether a person reads this on a screen or it goes to a file or pipe: the real stdout decides, not
    # rich's colour detection (FORCE_COLOR makes rich treat a pipe as a terminal).
    on_terminal = _isatty(sys.stdout)
    console = Console(width=width) if width else Console()
    with console.capture() as captured:
        render_terminal(
            doc, console, bidi=bidi, width=width, flagged_only=only_flagged, to_terminal=on_terminal
        )
    text = captured.get()
    if pager and on_terminal and text.count("\n") >= console.size.height:
        from align.cli.pager import page

        if page(text):
            return
    write_stdout(text, styled=True)  # render_terminal shows control characters as symbols


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty()) if callable(isatty) else False
    except ValueError:  # a closed stream
        return False


def safe_stem(source: str) -> str:
    """A file-name part made from an input's name: ASCII letters, digits, ``.``, ``_`` and ``-`` only, no
    leading dot, at most 60 characters (a whole name must stay under the usual 255-byte limit)."""
    stem = re.sub(r"[^\w.-]+", "-", Path(source).stem, flags=re.ASCII)
    return stem[:60].strip("-.") or "review"


def _write_html(doc: Document, html: Path | None, inputs: list[str | Path | None]) -> Path:
    from align.render.html import to_html

    if html is None:
        handle, name = tempfile.mkstemp(prefix=f"newsalign-{safe_stem(doc.meta.source)}-", suffix=".html")
        os.close(handle)
        html = Path(name)
    write_output(html, to_html(doc), inputs)
    return html
