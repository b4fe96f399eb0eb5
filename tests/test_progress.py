"""On a terminal, translate shows what it is doing from the first second: the model loading, then the
sentences; the summary gives the wall time including loading (a real pseudo-terminal, not a mock)."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

from .conftest import SEED


def run_on_a_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "align", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    output = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # the other end closed
                break
            if not data:
                break
            output += data
        elif process.poll() is not None:
            break
    os.close(master)
    return process.wait(timeout=60), output.decode("utf-8", "replace")


def test_progress_names_the_phases_and_the_summary_the_wall_time(tiny_model: Path, tmp_path: Path) -> None:
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm", "NEWSALIGN_HOME": str(tmp_path / "home")}
    out = tmp_path / "out.txt"
    args = ["translate", str(SEED), "-m", str(tiny_model), "--engine", "transformers", "--threads", "1"]
    code, text = run_on_a_terminal([*args, "--no-cache", "-o", str(out)], env)
    assert code == 0, text
    assert text.index("loading model") < text.index("translating") < text.index("Translated ")
    assert "in all, with reading and model loading" in text
    assert out.read_text(encoding="utf-8").strip()
