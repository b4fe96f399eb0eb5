"""Interrupted and concurrent runs of ``newsalign translate``, as real processes.

A run killed (SIGKILL) or stopped (Ctrl-C: SIGINT) part-way leaves no output file, keeps every batch it
finished in the cache, and the same command run again translates only the rest and writes exactly what an
uninterrupted run writes. Two runs sharing the cache at once both finish and corrupt nothing.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from .long_article import long_article

pytestmark = pytest.mark.slow

SENTENCES = 120  # 30 batches: a kill after the second one always lands half-way
BATCH = 4


def command(article: Path, model: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "align",
        "translate",
        str(article),
        "--model",
        str(model),
        "--engine",
        "transformers",
        "--batch-size",
        str(BATCH),
        "--threads",
        "1",
        "-o",
        str(out),
        "-q",
    ]


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, "NEWSALIGN_HOME": str(home), "HF_HUB_OFFLINE": "1", "NO_COLOR": "1"}


def run(article: Path, model: Path, out: Path, home: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command(article, model, out), env=environment(home), capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result


def cached_rows(home: Path) -> int:
    path = home / "translations.sqlite"
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(path, timeout=5) as db:
            return int(db.execute("SELECT count(*) FROM translations").fetchone()[0])
    except sqlite3.OperationalError:  # the table is not there yet
        return 0


def start_and_wait_for_batches(article: Path, model: Path, out: Path, home: Path) -> subprocess.Popen[str]:
    """Start a translation; return once it has stored at least two batches (and far from all of them)."""
    proc = subprocess.Popen(
        command(article, model, out),
        env=environment(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 240
    while cached_rows(home) < 2 * BATCH:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no batch was stored"
        time.sleep(0.02)
    return proc


def comparable(path: Path) -> dict[str, Any]:
    """The Document without what differs between runs of the same command (clock, timing, cache use)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    del data["meta"]["created_at"]
    del data["meta"]["run"]["seconds"]
    del data["meta"]["run"]["cached"]
    return data


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("resume") / "long.ar.txt"
    path.write_text(long_article(SENTENCES), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reference(article: Path, tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """An uninterrupted run, with a cache of its own."""
    folder = tmp_path_factory.mktemp("reference")
    out = folder / "out.json"
    run(article, tiny_model, out, folder / "home")
    data = comparable(out)
    sources = [s["source"] for p in data["paragraphs"] for s in p["segments"]]
    assert len(set(sources)) == len(sources) == SENTENCES  # one cache row per sentence
    assert all(
        not s["flags"] or "long-input" not in str(s["flags"])
        for p in data["paragraphs"]
        for s in p["segments"]
    )
    return data


def test_killed_run_leaves_no_output_and_a_rerun_translates_only_the_rest(
    article: Path, tiny_model: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    home, out = tmp_path / "home", tmp_path / "out.json"
    proc = start_and_wait_for_batches(article, tiny_model, out, home)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    kept = cached_rows(home)
    assert 0 < kept < SENTENCES, "the run finished before it could be killed: make the article longer"
    assert kept % BATCH == 0  # whole batches only: each one is a single transaction
    assert not out.exists() and not list(tmp_path.glob(".out.json.*"))

    rerun = run(article, tiny_model, out, home)
    assert comparable(out) == reference
    run_info = json.loads(out.read_text(encoding="utf-8"))["meta"]["run"]
    assert run_info["cached"] == kept  # translated now: SENTENCES - kept, nothing twice
    assert cached_rows(home) == SENTENCES
    assert rerun.stderr == ""


def test_ctrl_c_stops_between_batches_and_the_same_command_continues(
    article: Path, tiny_model: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    home, out = tmp_path / "home", tmp_path / "out.json"
    proc = start_and_wait_for_batches(article, tiny_model, out, home)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 130, stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    assert lines[0].startswith("newsalign: interrupted after ") and "no output was written" in lines[0]
    kept = cached_rows(home)
    assert f"; {kept} of {SENTENCES} pieces are in the cache: run the same command again" in lines[0]
    assert 0 < kept < SENTENCES and kept % BATCH == 0
    assert not out.exists()

    run(article, tiny_model, out, home)
    assert comparable(out) == reference
    assert json.loads(out.read_text(encoding="utf-8"))["meta"]["run"]["cached"] == kept
    assert cached_rows(home) == SENTENCES  # a third run would translate nothing (test_cache.py checks it)


def test_two_runs_share_a_new_cache_at_once(
    article: Path, tiny_model: Path, reference: dict[str, Any], tmp_path: Path
) -> None:
    other = tmp_path / "other.ar.txt"
    other.write_text(long_article(SENTENCES // 2, seed=1), encoding="utf-8")
    home = tmp_path / "home"
    outs = [tmp_path / "a.json", tmp_path / "b.json"]
    procs = [
        subprocess.Popen(
            command(path, tiny_model, out), env=environment(home), stderr=subprocess.PIPE, text=True
        )
        for path, out in zip([article, other], outs, strict=True)
    ]
    for proc in procs:
        _, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
        assert stderr == ""  # no "database is locked", no warning that the cache was turned off
    assert comparable(outs[0]) == reference
    with sqlite3.connect(home / "translations.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert cached_rows(home) == SENTENCES + SENTENCES // 2
    b = json.loads(outs[1].read_text(encoding="utf-8"))
    assert all(s["translation"] for p in b["paragraphs"] for s in p["segments"])
