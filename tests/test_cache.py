"""The translation cache: created atomically, one transaction per batch, shared by processes, never fatal
once a run has started, and the basis of resuming an interrupted translation."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from align.cli.common import error_line, exit_code
from align.engines.base import Hypothesis
from align.errors import CacheError, Interrupted
from align.ingest import read_article
from align.segment import build_document
from align.translate.batching import TranslateOptions, translate_document
from align.translate.cache import TranslationCache

from .conftest import SEED
from .fake_engine import FakeEngine
from .long_article import long_article

HYPOTHESIS = Hypothesis(text="x", pieces=("▁x",), n_tokens=2, capped=False, score=-1.0)


def rows(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return int(db.execute("SELECT count(*) FROM translations").fetchone()[0])


def test_a_new_cache_is_complete_when_it_appears(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "translations.sqlite"
    cache = TranslationCache(path)
    cache.put_many([("k", HYPOTHESIS)])
    assert cache.get_many(["k", "other"]) == {"k": HYPOTHESIS}
    cache.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not list(path.parent.glob(".*.tmp*"))  # the file was built aside and linked into place


_WRITER = """
import sys, time
from pathlib import Path
from align.translate.cache import TranslationCache
from align.engines.base import Hypothesis
path, name, start = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
time.sleep(max(0.0, start - time.time() - 0.05))
while time.time() < start:  # spin the last moment so that all open the new file at the same instant
    pass
cache = TranslationCache(path)
for batch in range(20):
    cache.put_many((f"{name}-{batch}-{i}", Hypothesis("x", ("x",), 2, False)) for i in range(4))
    assert len(cache.get_many([f"{name}-{batch}-0"])) == 1
assert cache.writable
cache.close()
"""


@pytest.mark.slow
def test_processes_that_start_together_on_a_new_cache(tmp_path: Path) -> None:
    # Before the cache was created atomically, about one attempt in four of this failed with "database is
    # locked" (switching a new database to WAL mode does not wait for a lock).
    for attempt in range(5):
        path = tmp_path / f"try{attempt}" / "translations.sqlite"
        path.parent.mkdir()
        start = time.time() + 1.5
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _WRITER, str(path), str(n), str(start)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(6)
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
        assert rows(path) == 6 * 20 * 4
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_batch_is_stored_whole_or_not_at_all(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "translations.sqlite"
    cache = TranslationCache(path)
    with sqlite3.connect(path) as db:  # make the second row of a batch fail inside the transaction
        db.execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON translations WHEN NEW.key = 'bad'"
            " BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    with caplog.at_level(logging.WARNING, logger="align.translate.cache"):
        cache.put_many([("good", HYPOTHESIS), ("bad", HYPOTHESIS)])  # a failed write is not fatal ...
    assert rows(path) == 0  # ... and the row before the failure was rolled back with it
    assert not cache.writable and "the cache is off for the rest of this run" in caplog.text
    cache.put_many([("later", HYPOTHESIS)])
    assert rows(path) == 0


def test_readers_do_not_wait_for_a_writer_and_writers_wait_their_turn(tmp_path: Path) -> None:
    path = tmp_path / "translations.sqlite"
    cache = TranslationCache(path)
    cache.put_many([("old", HYPOTHESIS)])
    holding = threading.Event()

    def other_process_storing_a_batch() -> None:
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO translations VALUES ('theirs', '{}')")
        holding.set()
        time.sleep(1.0)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=other_process_storing_a_batch)
    thread.start()
    assert holding.wait(10)
    started = time.monotonic()
    assert set(cache.get_many(["old", "theirs"])) == {"old"}  # their batch is not visible until committed
    assert time.monotonic() - started < 0.5  # and reading did not wait for it
    cache.put_many([("mine", HYPOTHESIS)])  # waits for their commit instead of failing
    waited = time.monotonic() - started
    thread.join()
    assert cache.writable and 0.5 < waited < 10
    assert rows(path) == 3
    cache.close()


def test_a_damaged_cache_file_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "translations.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CacheError) as info:
        TranslationCache(path)
    message = str(info.value)
    assert str(path) in message and "cache=False" in message and "\n" not in message
    assert "pass --no-cache" in error_line(info.value)


def test_stop_between_batches_keeps_what_was_done_and_a_rerun_continues(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(long_article(60), encoding="utf-8")
    doc = build_document(read_article(article))
    assert len({s.source for s in doc.segments}) == len(doc.segments) == 60
    options = TranslateOptions(batch_size=5)
    cache = TranslationCache(tmp_path / "translations.sqlite")
    engine = FakeEngine(max_input_tokens=10_000)  # one piece per sentence
    batches = 0

    def stop_after_three() -> bool:
        nonlocal batches
        batches += 1
        return batches > 3  # asked before the first batch and after each one

    with pytest.raises(Interrupted) as info:
        translate_document(doc, engine, options, cache=cache, should_stop=stop_after_three)
    assert exit_code(info.value) == 130
    assert sum(engine.calls.values()) == 15 == cache.count()
    assert f"15 of {len(doc.segments)} pieces are in the cache" in str(info.value)

    rerun = FakeEngine(max_input_tokens=10_000)
    resumed = translate_document(doc, rerun, options, cache=cache)
    assert resumed.meta.run is not None and resumed.meta.run.cached == 15
    assert sum(rerun.calls.values()) == len(doc.segments) - 15
    assert not set(rerun.calls) & set(engine.calls)  # nothing translated twice
    uninterrupted = translate_document(doc, FakeEngine(max_input_tokens=10_000), options)
    assert [s.translation for s in resumed.segments] == [s.translation for s in uninterrupted.segments]

    again = FakeEngine(max_input_tokens=10_000)
    translate_document(doc, again, options, cache=cache)
    assert not again.calls
    cache.close()


def test_interrupted_without_a_cache_says_nothing_was_kept() -> None:
    doc = build_document(read_article(SEED))
    with pytest.raises(Interrupted, match=r"nothing was kept \(no cache\)"):
        translate_document(doc, FakeEngine(), should_stop=lambda: True)
