"""The review in a terminal: one rich table per paragraph, English left and Arabic right, flags as markers.

Most terminals print characters in the order they arrive and do not apply the Unicode bidirectional
algorithm, so Arabic comes out mirrored. With ``bidi="on"`` each Arabic line is put in display
(visual) order with python-bidi's ``get_display``. That function reorders a whole line, so the Arabic is
wrapped here to the column width first and each wrapped line is reordered on its own; rich is told not to
wrap it again. ``bidi="auto"`` reorders only output that goes to a terminal (``to_terminal``), and there
only unless the terminal is known to do bidi itself: when ``NEWSALIGN_TERMINAL_BIDI=1`` is set (``=0``
forces reordering) or ``TERM_PROGRAM`` names one of ``TERMINALS_WITH_BIDI`` (mlterm, macOS Terminal).
Output to a file or a pipe stays in logical order, which is what editors, ``grep`` and every bidi-aware
viewer expect; reordered, it would read backwards there.

A segment with a reviewer's post-edit shows the post-edit, marked, with the machine translation under it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from align.document import Document, Flag, Paragraph, Segment
from align.render.text import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

BIDI_MODES = ("auto", "on", "off")
TERMINALS_WITH_BIDI = frozenset({"mlterm", "Apple_Terminal"})
SEVERITY_STYLES = {"info": "blue", "warning": "yellow", "error": "bold red"}
SEVERITY_MARKS = {"info": "i", "warning": "!", "error": "✗"}
_NOTES = {"pullquote": "pull-quote: repeats the article, not translated", "footer": "source line"}


def terminal_does_bidi(env: Mapping[str, str] | None = None) -> bool:
    """Whether the terminal is known to apply the bidi algorithm itself (see the module docstring)."""
    env = os.environ if env is None else env
    setting = env.get("NEWSALIGN_TERMINAL_BIDI", "").strip()
    if setting in ("0", "1"):
        return setting == "1"
    return env.get("TERM_PROGRAM", "") in TERMINALS_WITH_BIDI


def use_bidi(mode: str, env: Mapping[str, str] | None = None, *, to_terminal: bool = True) -> bool:
    """Whether to reorder Arabic for display: ``on``, ``off``, or ``auto`` (on a terminal that does not do
    bidi itself; never for output to a file or pipe)."""
    if mode not in BIDI_MODES:
        raise ValueError(f"bidi must be one of {', '.join(BIDI_MODES)}, not {mode!r}")
    return mode == "on" or (mode == "auto" and to_terminal and not terminal_does_bidi(env))


def wrap_cells(text: str, width: int) -> list[str]:
    """Greedy word wrap to ``width`` terminal cells; a word longer than a line is cut."""
    from rich.cells import cell_len

    width = max(1, width)
    lines: list[str] = []
    line = ""
    for word in text.split():
        while cell_len(word) > width:
            head = word
            while cell_len(head) > width:
                head = head[:-1]
            if line:
                lines.append(line)
                line = ""
            lines.append(head)
            word = word[len(head) :]
        if not word:
            continue
        if line and cell_len(line) + 1 + cell_len(word) <= width:
            line = f"{line} {word}"
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def arabic_lines(text: str, width: int, *, bidi: bool) -> list[str]:
    """``text`` wrapped to ``width`` cells; with ``bidi``, each line in display order."""
    lines = wrap_cells(text, width)
    if not bidi:
        return lines
    from bidi import get_display

    return [str(get_display(line, base_dir="R")) for line in lines]


def render_terminal(
    doc: Document,
    console: Console,
    *,
    bidi: str = "auto",
    width: int | None = None,
    flagged_only: bool = False,
    to_terminal: bool = True,
) -> None:
    """Print ``doc`` side by side on ``console``; ``width`` overrides the console width; ``to_terminal``
    says whether the output is shown on a terminal (see ``use_bidi``)."""
    from rich.text import Text

    reorder = use_bidi(bidi, to_terminal=to_terminal)
    total = max(40, width or console.width)
    translated = any(s.translation is not None for s in doc.segments)
    _header(doc, console, total, translated, flagged_only)
    for paragraph in doc.paragraphs:
        flagged = bool(paragraph.flags) or any(s.flags for s in paragraph.segments)
        if flagged_only and not flagged:
            continue
        head = Text(paragraph.id, style="bold")
        head.append(f" {paragraph.kind}", style="dim")
        if paragraph.page is not None:
            head.append(f" page {paragraph.page}", style="dim")
        if paragraph.kind in _NOTES:
            head.append(f" ({_NOTES[paragraph.kind]})", style="italic dim")
        for flag in paragraph.flags:
            head.append("  ")
            head.append_text(_marker(flag, with_message=True))
        console.print(head, width=total, soft_wrap=False)
        segments = [
            s for s in paragraph.segments if not (flagged_only and not paragraph.flags and not s.flags)
        ]
        console.print(_table(segments, paragraph, total, translated, reorder), width=total)
        console.print()


def _header(doc: Document, console: Console, total: int, translated: bool, flagged_only: bool) -> None:
    from rich.text import Text

    lines = [Text(f"Review: {visible(doc.meta.source)}", style="bold")]
    if doc.meta.run is not None:
        lines.append(Text(visible(doc.meta.run.signature()), style="dim"))
    if doc.meta.repair is not None:
        lines.append(Text(f"repair:{doc.meta.repair.signature()}", style="dim"))
    if not translated:
        lines.append(
            Text(
                "Not translated: the Arabic only (newsalign translate -f json adds the English).",
                style="yellow",
            )
        )
    if flagged_only:
        lines.append(Text("Only flagged paragraphs and sentences are shown.", style="dim"))
    for line in lines:
        console.print(line, width=total, soft_wrap=False, overflow="fold")
    console.print()


def _table(
    segments: Iterable[Segment], paragraph: Paragraph, total: int, translated: bool, reorder: bool
) -> object:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE, show_header=False, show_edge=False, pad_edge=False, padding=(0, 1))
    # columns: [id] English | Arabic, each padded by one cell on both sides, with a 1-cell rule between
    id_width = max((len(s.id) for s in paragraph.segments), default=4)
    columns = 3 if translated else 2
    room = total - id_width - 2 * columns - (columns - 1)
    ar_width = room // 2 if translated else room
    table.add_column(width=id_width, style="dim", no_wrap=True)
    if translated:
        table.add_column(width=room - ar_width, overflow="fold")
    table.add_column(width=ar_width, justify="right", no_wrap=True, overflow="crop")
    for segment in segments:
        arabic = Text("\n".join(arabic_lines(visible(segment.source), ar_width, bidi=reorder)))
        row: list[Text] = [Text(segment.id)]
        if translated:
            row.append(_english(segment, paragraph))
        row.append(arabic)
        table.add_row(*row)
    return table


def _english(segment: Segment, paragraph: Paragraph) -> Text:
    from rich.text import Text

    if segment.post_edit is not None:
        text = Text(visible(segment.post_edit) or "[deleted by the reviewer]")
        same = segment.post_edit == segment.translation
        text.append("\n✎ " + ("accepted as translated" if same else "post-edited"), style="green")
        if not same:
            text.append(f"\nMT: {visible(segment.translation or '')}", style="dim")
    elif segment.translation:
        text = Text(visible(segment.translation))
    elif segment.translation is None:
        label = "pull-quote: not translated" if paragraph.kind == "pullquote" else "not translated"
        text = Text(f"[{label}]", style="dim italic")
    else:
        text = Text(f"[no translation: {segment.id}]", style="dim italic")
    for flag in segment.flags:
        text.append("\n")
        text.append_text(_marker(flag, with_message=False))
    if segment.scores:
        text.append(
            "\n" + "  ".join(f"{name} {value:.3g}" for name, value in segment.scores.items()), style="dim"
        )
    return text


def _marker(flag: Flag, *, with_message: bool) -> Text:
    from rich.text import Text

    style = SEVERITY_STYLES.get(flag.severity, "")
    text = Text(f"{SEVERITY_MARKS.get(flag.severity, '?')} {flag.code}", style=style)
    if with_message:
        text.append(f": {visible(flag.message)}", style="dim")
    return text
