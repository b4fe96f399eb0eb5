"""The terminal review as a person and as a file see it: logical order when stdout is a file or a pipe,
display order and a pager on a terminal (a real pseudo-terminal), post-edits marked."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from rich.console import Console

from align.cli.pager import pager_command
from align.render.terminal import render_terminal, use_bidi

from .conftest import ROOT
from .test_review import planted_document

ARABIC_WORD = "المراقبون"  # the second word of p1.s1


@pytest.fixture(scope="module")
def doc_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("terminal") / "doc.json"
    path.write_text(planted_document().to_json(), encoding="utf-8")
    return path


def child_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("NEWSALIGN_TERMINAL_BIDI", "TERM_PROGRAM", "PAGER")
    }
    env.update({"PYTHONPATH": str(ROOT), "COLUMNS": "100", "LINES": "20", **extra})
    return env


def test_review_redirected_to_a_file_is_in_logical_order(doc_json: Path, tmp_path: Path) -> None:
    """`newsalign review DOC.json > out.txt`: what a bidi-aware editor expects, whatever --bidi auto."""
    out = tmp_path / "out.txt"
    with out.open("wb") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "align", "review", str(doc_json)],
            stdout=handle,
            stderr=subprocess.PIPE,
            env=child_env(),
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    text = out.read_text(encoding="utf-8")
    assert ARABIC_WORD in text and ARABIC_WORD[::-1] not in text
    assert "\x1b[" not in text  # no colour codes in a file either


def run_on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run the CLI with stdout on a pseudo-terminal; what it wrote there."""
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # the other side closed
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "align", *args],
            stdin=subprocess.DEVNULL,
            stdout=slave,
            stderr=subprocess.PIPE,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)
    return process.returncode, b"".join(chunks).decode("utf-8", errors="replace")


def test_on_a_terminal_long_output_goes_through_the_pager(doc_json: Path, tmp_path: Path) -> None:
    paged = tmp_path / "paged.txt"
    pager = f"{sys.executable} -c \"import sys; open({str(paged)!r}, 'w').write(sys.stdin.read())\""
    code, screen = run_on_a_terminal(["review", str(doc_json)], child_env(NEWSALIGN_PAGER=pager))
    assert code == 0, screen
    text = paged.read_text(encoding="utf-8")
    assert "p1.s1" in text and text.count("\n") > 20  # longer than the 20-line terminal
    assert ARABIC_WORD[::-1] in text and ARABIC_WORD not in text  # on a terminal: display order
    assert "p1.s1" not in screen  # it went to the pager, not straight to the screen
    paged.unlink()
    code, screen = run_on_a_terminal(
        ["review", str(doc_json), "--no-pager"], child_env(NEWSALIGN_PAGER=pager)
    )
    assert code == 0 and not paged.exists() and "p1.s1" in screen
    # a pager that does not exist is no reason to lose the review
    code, screen = run_on_a_terminal(["review", str(doc_json)], child_env(NEWSALIGN_PAGER="no-such-pager-x"))
    assert code == 0 and "p1.s1" in screen


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, ["less"]),
        ({"PAGER": "more -d"}, ["more", "-d"]),
        ({"PAGER": "more", "NEWSALIGN_PAGER": "less -S"}, ["less", "-S"]),
        ({"PAGER": ""}, None),
        ({"PAGER": "less", "NEWSALIGN_PAGER": ""}, None),
        ({"PAGER": "cat"}, None),
        ({"PAGER": "'unbalanced"}, None),
    ],
)
def test_pager_choice(env: dict[str, str], expected: list[str] | None) -> None:
    assert pager_command(env) == expected


@pytest.mark.parametrize(
    ("mode", "to_terminal", "env", "expected"),
    [
        ("auto", True, {}, True),
        ("auto", False, {}, False),  # a file or a pipe: logical order
        ("auto", False, {"NEWSALIGN_TERMINAL_BIDI": "0"}, False),
        ("on", False, {}, True),  # asked for: reordered even into a file
        ("off", True, {}, False),
    ],
)
def test_bidi_auto_follows_where_the_output_goes(
    mode: str, to_terminal: bool, env: dict[str, str], expected: bool
) -> None:
    assert use_bidi(mode, env, to_terminal=to_terminal) is expected


def test_post_edits_are_shown_and_marked() -> None:
    doc = planted_document()
    first, second = doc.segments[0], doc.segments[1]
    reviewed = doc.with_post_edits({first.id: "The corrected sentence.", second.id: second.translation})
    console = Console(width=160, color_system=None, record=True)
    render_terminal(reviewed, console, bidi="off")
    out = console.export_text()
    assert "The corrected sentence." in out and "✎ post-edited" in out and "✎ accepted as translated" in out
    assert "MT: In English p1.s1" in out  # the machine translation under the post-edit
