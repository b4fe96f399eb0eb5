"""Hostile and unlucky input, end to end: every bomb ends with one line and exit code 2, in under the CPU-time
limit and 500 MB; what is legitimate but odd is read whole; nothing prints a traceback or an article's
control character to a terminal.

The inputs are made at test time (``eval/hostile.py``: small on disk, whatever they inflate to). The
commands run in child processes of ``tests/hostile_runner.py``, with standard output and standard error on
pseudo-terminals, under ``RLIMIT_CPU`` (10 s: the kernel stops a command that runs longer, and the case
fails) and ``RLIMIT_AS``; the peak resident memory of each is measured from ``wait4``.

Marked slow: the bombs run against the default limits, the largest reading stops after about 3 s of CPU.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from align.document import Document, Flag
from align.pipeline import load_document
from align.translate.batching import translate_document
from eval import hostile

from .conftest import CLEAN, ROOT
from .fake_engine import FakeEngine

pytestmark = pytest.mark.slow

MEMORY_MB = 500
# What a terminal acts on; an article's bytes must reach it as visible symbols, never as these.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# The one sequence newsalign itself sends a terminal: rich's styles (dim, bold) for its own messages.
OWN_STYLE = re.compile("\x1b\\[[0-9;]*m")
PLANTED = ("\x1b[31;1m", "\x1b]", "\x9b", "\x07", "\x08", "\r")
ESCAPES = "\x1b]0;pwned\x07"


def _inputs(folder: Path, tiny_model: Path) -> list[dict[str, Any]]:
    """(name, args, expected exit, what stderr or stdout must say) for every case."""
    hostile.write_inputs(folder)
    doc = folder / "doc.json"
    doc.write_text(_hazardous_document().to_json(), encoding="utf-8")
    model = ["-m", str(tiny_model), "--engine", "transformers", "--device", "cpu", "--threads", "1"]
    runs = [_clean(name, folder, *case) for name, case in CLEAN_CASES.items()]
    if os.geteuid() == 0:
        runs.append(
            _clean(
                "zero", folder, "zero", 2, "input is larger than the 20 MiB limit; raise it with --max-size"
            )
        )
    escapes = str(folder / "escapes.txt")
    runs += [
        _run("translate", ["translate", escapes, "--no-repair", "-q", *model], 0, ""),
        _run(
            "translate-json", ["translate", escapes, "--no-repair", "-q", "-f", "json", *model], 0, '"schema"'
        ),
        _run("review", ["review", str(doc), "--bidi", "off", "--no-pager"], 0, "\u241b"),
        _run("qa", ["qa", str(doc), "--all"], 0, "\u241b"),
        _run("export", ["export", str(doc), "-f", "tsv"], 0, "English"),
    ]
    env = {"NO_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "200"}
    return [{**run, "env": {**env, "NEWSALIGN_HOME": str(folder / "home")}} for run in runs]


def _run(name: str, args: list[str], exit_code: int, says: str) -> dict[str, Any]:
    return {"name": name, "args": args, "exit": exit_code, "says": says}


def _clean(name: str, folder: Path, file: str, exit_code: int, says: str, *more: str) -> dict[str, Any]:
    return _run(name, ["clean", str(folder / file), *more], exit_code, says)


_LIMIT = "; raise it with --limit {}=N"
# name: (input file, exit code, what stderr (exit 2) or stdout (exit 0) says, more arguments)
CLEAN_CASES: dict[str, tuple[Any, ...]] = {
    "pages": (
        "pages.pdf",
        2,
        "has 20000 pages, more than 1000 (the PDF page limit); raise it with --max-pages",
    ),
    "pages-lie": ("pages-lie.pdf", 2, "has more than 1000 pages (the PDF page limit)"),
    "forms": (
        "forms.pdf",
        2,
        "draws more than 10,000 XObjects (the PDF XObject limit)" + _LIMIT.format("xobjects"),
    ),
    "deep-forms": ("deep-forms.pdf", 2, "nests form XObjects more than 12 deep (the PDF nesting limit)"),
    "flate": (
        "flate.pdf",
        2,
        "decompresses to more than 64 MiB (the decompressed-size limit)" + _LIMIT.format("inflated"),
    ),
    "operators": (
        "operators.pdf",
        2,
        "draws more than 200,000 content-stream operators (the PDF operator limit)",
    ),
    "glyphs": (
        "glyphs.pdf",
        2,
        "draws more than 200,000 characters (the PDF glyph limit)" + _LIMIT.format("glyphs"),
    ),
    "loop": ("loop.pdf", 0, "Hello", "--force"),
    "javascript": ("javascript.pdf", 0, "Hello", "--force"),
    "self-form": ("self-form.pdf", 0, "Hello", "--force"),  # pdfminer's warning stays off stderr
    "bomb.docx": ("bomb.docx", 2, "word/document.xml would inflate 249 times, to 799.9 MiB from 3.2 MiB"),
    "lying.docx": ("lying.docx", 2, "damaged zip archive (bad checksum in word/document.xml)"),
    "laughs.docx": ("laughs.docx", 2, "not a readable Word document: malformed XML"),
    "xxe.docx": ("xxe.docx", 0, hostile.ARABIC),
    "divs": ("divs.html", 0, "(400)"),
    "deep.html": ("deep.html", 2, "is nested more than 2048 elements deep"),
    "escapes": ("escapes.txt", 0, "[31;1mRED[0m"),
    "escapes-report": ("escapes.txt", 0, "control", "--report"),
    "escapes-json": ("escapes.txt", 0, '"schema"', "-f", "json"),
    "utf16le": ("utf16le.txt", 0, hostile.ARABIC),
    "utf16be": ("utf16be.txt", 0, hostile.ARABIC),
    "tatweel": ("tatweel.txt", 2, "has no Arabic text"),
    "tatweel-forced": ("tatweel.txt", 2, "is empty after repair", "--force"),
    "controls-forced": ("controls.txt", 2, "is empty after repair", "--force"),
    "empty": ("empty.txt", 2, "is empty (no text to translate)"),
    "nul": ("nul.bin", 2, "looks binary (NUL byte at offset 0)"),
    "invalid": ("invalid.txt", 2, "not valid UTF-8 (byte 0xc3 at offset 3)"),
    "folder": ("a-folder", 2, "is a directory, not an article file"),
    "escaped-name": (f"{ESCAPES}.txt", 2, "\\x1b]0;pwned\\x07.txt: no such file"),
}
OTHER_CASES = ["translate", "translate-json", "review", "qa", "export"]


def _hazardous_document() -> Document:
    """A translated Document whose sources, translations and flag messages hold terminal escapes."""
    doc = translate_document(load_document(CLEAN), FakeEngine())
    paragraphs = []
    for paragraph in doc.paragraphs:
        segments = tuple(
            replace(
                s,
                source=f"{s.source} {''.join(hostile.TERMINAL_ESCAPES)}",
                translation=f"English {''.join(hostile.TERMINAL_ESCAPES)}",
                flags=(Flag("odd", "warning", f"message {ESCAPES}"),),
            )
            for s in paragraph.segments
        )
        paragraphs.append(replace(paragraph, segments=segments))
    return replace(doc, paragraphs=tuple(paragraphs))


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory, tiny_model: Path) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("hostile")
    cases = _inputs(folder, tiny_model)
    (folder / "cases.json").write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONPATH": str(ROOT)}
    runner = [sys.executable, str(ROOT / "tests" / "hostile_runner.py")]
    subprocess.run([*runner, str(folder / "cases.json"), str(folder / "out.json")], check=True, env=env)
    done = json.loads((folder / "out.json").read_text(encoding="utf-8"))
    expected = {case["name"]: case for case in cases}
    return {r["name"]: {**r, "expected": expected[r["name"]]} for r in done}


def _names() -> list[str]:
    return [*CLEAN_CASES, *OTHER_CASES, *(["zero"] if os.geteuid() == 0 else [])]


@pytest.mark.parametrize("name", _names())
def test_hostile_input(results: dict[str, dict[str, Any]], name: str) -> None:
    result = results[name]
    expected = result["expected"]
    where = f"{name}: exit {result['exit']}, {result['rss_mb']:.0f} MB, {result['cpu_s']:.1f} s CPU"
    assert not result["killed"], where
    assert result["exit"] == expected["exit"], f"{where}\n{result['stderr']}"  # not SIGXCPU (-24), not -9
    assert result["rss_mb"] <= MEMORY_MB, where
    for stream in ("stdout", "stderr"):
        text = result[stream]
        assert "Traceback" not in text, f"{where}: {stream}\n{text}"
        assert not any(planted in text for planted in PLANTED), f"{where}: an article's escape: {text!r}"
        assert not RAW_CONTROL.search(OWN_STYLE.sub("", text)), f"{where}: a control character: {text!r}"
    if expected["exit"] == 2:
        lines = result["stderr"].splitlines()
        assert len(lines) == 1 and lines[0].startswith("newsalign: error: "), f"{where}\n{result['stderr']}"
        assert expected["says"] in lines[0], f"{where}\n{lines[0]}"
        assert result["stdout"] == ""
    else:
        assert expected["says"] in result["stdout"], f"{where}\n{result['stdout'][:500]}"
        if expected["args"][0] == "clean":
            assert result["stderr"] == "", f"{where}\n{result['stderr']}"


def test_the_odd_but_legitimate_inputs_are_read_whole(results: dict[str, dict[str, Any]]) -> None:
    divs = results["divs"]["stdout"]
    assert [int(n) for n in re.findall(r"\((\d+)\)", divs)] == list(range(1, 401))  # all 400, in order
    assert "root:" not in results["xxe.docx"]["stdout"]  # the external entity was not fetched
    escapes = results["escapes"]["stdout"]
    assert escapes.count(hostile.ARABIC) == 2 * len(hostile.TERMINAL_ESCAPES)
    assert results["utf16le"]["stdout"] == results["utf16be"]["stdout"]
    review = results["review"]["stdout"]
    assert "\u241b]0;title\u2407" in review  # the article's escapes shown as symbols, not acted on
    assert OWN_STYLE.search(review) and "\u241b[1m" not in review  # its own styles reach the terminal as such


# -- Ctrl-C while the command line starts --------------------------------------------------------------------


def _interrupted_at(marker: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``newsalign clean`` and send SIGINT as soon as the module ``marker`` has been imported (Python's
    -X importtime reports each import on standard error as it completes)."""
    out = tmp_path / "out.txt"
    process = subprocess.Popen(
        [sys.executable, "-X", "importtime", "-m", "align", "clean", str(CLEAN), "-o", str(out)],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:
        if re.search(rf"\|\s+{re.escape(marker)}$", line.rstrip()):
            process.send_signal(signal.SIGINT)
            break
    else:
        raise AssertionError(f"{marker} was not imported")
    rest = process.stderr.read()
    process.wait(60)
    assert not out.exists()
    return subprocess.CompletedProcess(process.args, process.returncode, "", rest)


# Modules imported after the entry point has started (align.cli.run imports the command line).
@pytest.mark.parametrize("marker", ["typer", "rich.console", "align.cli.common", "align.cli.main"])
def test_ctrl_c_during_start_up_is_one_line_and_130(marker: str, tmp_path: Path) -> None:
    done = _interrupted_at(marker, tmp_path)
    messages = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
    assert done.returncode == 130, done.stderr[-2000:]
    # the signal can land just after start-up too, when the command's own handler says what it kept
    one_line = (["newsalign: interrupted"], ["newsalign: interrupted; no output was written"])
    assert messages in one_line, messages


def test_ctrl_c_at_any_moment_of_a_short_command(tmp_path: Path) -> None:
    """After start-up, at spread-out moments: one line, exit 130 (or 0 when it had finished), nothing left."""
    out = tmp_path / "out.txt"
    command = [sys.executable, "-m", "align", "clean", str(CLEAN), "-o", str(out)]
    started = time.monotonic()
    subprocess.run(command, check=True, capture_output=True)
    whole = time.monotonic() - started
    complete = out.read_bytes()
    out.unlink()
    seen = set()
    for step in range(1, 9):
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(whole * step / 8)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        if process.returncode == -signal.SIGINT and not err:
            continue  # before the interpreter set up its own handler: gone without a word
        if "Traceback" in err and ", in run\n" not in err:
            continue  # before the entry point ran: the interpreter's own start (see docs/guarantees.md)
        assert "Traceback" not in err, err
        assert process.returncode in (0, 130), err
        assert len(err.splitlines()) == (0 if process.returncode == 0 else 1), err
        if process.returncode == 0 or out.exists():
            assert out.read_bytes() == complete
        assert not list(tmp_path.glob(".out.txt.*"))  # no temporary file left behind
        seen.add(process.returncode)
        out.unlink(missing_ok=True)
    assert 130 in seen
