"""Corpus mode on a local Ray runtime: the same Documents as `newsalign translate`, failures kept, resume
after SIGKILL, and a run against an existing cluster (--ray-address)."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli.common import exit_code
from align.cli.main import app
from align.corpus import CorpusOptions, run_corpus
from align.corpus.outputs import table_rows
from align.engines import EngineOptions
from align.errors import NewsalignError
from align.pipeline import RunOptions
from align.translate.batching import TranslateOptions
from tests.test_corpus import comparable, documents, ntrex_articles, write_jsonl

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'newsalign[ray]')")
# Ray starts in seconds, not milliseconds; the module's tests share one runtime, so one worker runs them.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("ray")]


@pytest.fixture(scope="module")
def ray_address() -> Iterator[str]:
    """One local runtime for the module. Three logical CPUs: two one-thread actors and the light stages."""
    ray.init(num_cpus=3, include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False)
    yield str(ray.get_runtime_context().gcs_address)
    ray.shutdown()


def options(model: Path) -> CorpusOptions:
    # The default engine (CTranslate2): what a user's corpus run uses, and its actors start without torch.
    engine = EngineOptions(model=str(model), name="ctranslate2", device="cpu", threads=1)
    return CorpusOptions(RunOptions(engine=engine, cache=False))


MODEL_ARGS = ["--engine", "ctranslate2", "--device", "cpu", "--threads", "1", "--no-cache"]


def test_ray_gives_the_documents_of_translate(tmp_path: Path, tiny_model: Path, ray_address: str) -> None:
    articles = ntrex_articles(5)
    rows: list[dict[str, str] | str] = [{"id": i, "text": t} for i, t in articles]
    rows += ["{broken", {"id": "english", "text": "No Arabic here."}]
    source = write_jsonl(tmp_path / "in.jsonl", rows)  # type: ignore[arg-type]
    result = run_corpus(
        source, tmp_path / "out", options(tiny_model), executor="ray", workers=2, articles_per_batch=1
    )
    assert ray.is_initialized()  # a runtime that was already there is left running
    assert (result.executor, result.counts.written, result.failed) == ("ray", 5, 2)
    failures = [json.loads(line) for line in (tmp_path / "out" / "failures.jsonl").open()]
    assert {(f["id"], f["line"]) for f in failures} == {("english", 7), (None, 6)}
    written = documents(tmp_path / "out")
    assert sorted(written) == [i for i, _ in articles]
    for article_id, text in articles:
        (tmp_path / f"{article_id}.txt").write_text(text, encoding="utf-8")
        single = tmp_path / f"{article_id}.json"
        args = ["translate", str(tmp_path / f"{article_id}.txt"), "-m", str(tiny_model), *MODEL_ARGS, "-q"]
        run = CliRunner().invoke(app, [*args, "--format", "json", "-o", str(single)])
        assert run.exit_code == 0, run.output
        from align.document import Document

        assert comparable(written[article_id]) == comparable(Document.from_json(single.read_text()))
    import pyarrow.parquet as pq

    table = pq.read_table(tmp_path / "out" / "segments").to_pylist()
    expected = [row for doc in written.values() for row in table_rows(doc)]
    key = lambda r: (r["id"], r["sentence"])  # noqa: E731 - Ray writes the parts in any order
    assert sorted(table, key=key) == sorted(expected, key=key)
    assert result.table_rows == len(expected)


def test_killed_run_resumes(tmp_path: Path, tiny_model: Path, ray_address: str) -> None:
    articles = ntrex_articles(12)  # 177 sentences: enough for the kill to land half-way
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "text": t} for i, t in articles])
    out = tmp_path / "out"
    command = [
        sys.executable,
        "-m",
        "align",
        "translate-corpus",
        str(source),
        str(out),
        "-m",
        str(tiny_model),
    ]
    command += [*MODEL_ARGS, "--max-length", "96", "--articles-per-batch", "1", "--executor", "ray"]
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}  # its own runtime, as a user's run
    # Its own session, so that killing the group also kills the Ray processes it started.
    process = subprocess.Popen(command, env=env, start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    try:
        while len(list((out / "documents").glob("*.json"))) < 3:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "no Document appeared"
            time.sleep(0.02)
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    time.sleep(1)  # anything still writing would show up now
    before = {p.name: p.stat().st_mtime_ns for p in (out / "documents").glob("*.json")}
    assert 3 <= len(before) < len(articles), "the run was not killed half-way"
    assert not (out / "failures.jsonl").exists()  # gathered only at the end of a run

    base = options(tiny_model)
    same = replace(base, run=replace(base.run, decoding=TranslateOptions(max_length=96)))  # as the killed run
    result = run_corpus(source, out, same, executor="ray", workers=2)
    assert (result.counts.skipped, result.counts.written, result.failed) == (
        len(before),
        len(articles) - len(before),
        0,
    )
    after = documents(out)
    assert sorted(after) == [i for i, _ in articles]
    assert {n: s for n, s in ((p.name, p.stat().st_mtime_ns) for p in (out / "documents").iterdir())
            if n in before} == before  # fmt: skip
    assert not [p for p in (out / "documents").iterdir() if not p.name.endswith(".json")]
    reference = run_corpus(source, tmp_path / "ref", same, executor="local")
    assert reference.counts.written == len(articles)
    expected = documents(tmp_path / "ref")
    assert {k: comparable(v) for k, v in after.items()} == {k: comparable(v) for k, v in expected.items()}


def test_existing_cluster_by_address(tmp_path: Path, tiny_model: Path, ray_address: str) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "text": t} for i, t in ntrex_articles(2)])
    command = [sys.executable, "-m", "align", "translate-corpus", str(source), str(tmp_path / "out")]
    command += ["-m", str(tiny_model), *MODEL_ARGS, "--ray-address", ray_address, "--table-format", "jsonl"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "2 articles: 2 translated" in run.stderr and "with ray" in run.stderr
    parts = list((tmp_path / "out" / "segments").glob("*.json"))
    assert parts and sum(1 for p in parts for line in p.open() if line.strip()) == sum(
        len(d.segments) for d in documents(tmp_path / "out").values()
    )
    too_many = subprocess.run(
        [*command[:5], str(tmp_path / "out2"), *command[6:], "--workers", "3"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert too_many.returncode == 2 and "lower --workers or --threads" in too_many.stderr


def test_workers_share_the_translation_cache(tmp_path: Path, tiny_model: Path, ray_address: str) -> None:
    # Articles and a length cap that no other test translates, so the first run starts from an empty cache.
    articles = ntrex_articles(46)[40:]
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "text": t} for i, t in articles])
    base = options(tiny_model)
    cached = replace(base, run=replace(base.run, cache=True, decoding=TranslateOptions(max_length=21)))
    run_corpus(source, tmp_path / "first", cached, executor="ray", workers=2, articles_per_batch=1)
    again = run_corpus(source, tmp_path / "second", cached, executor="ray", workers=2, articles_per_batch=1)
    assert again.counts.written == len(articles)
    first, second = documents(tmp_path / "first"), documents(tmp_path / "second")
    for article_id, doc in second.items():
        assert doc.meta.run is not None
        assert doc.meta.run.cached == len(doc.segments)  # every sentence from the cache, none translated
        without_counts = [comparable(d) for d in (first[article_id], doc)]
        for data in without_counts:
            data["meta"]["run"].pop("cached")
        assert without_counts[0] == without_counts[1]


def test_a_model_that_cannot_load_stops_the_run(tmp_path: Path, ray_address: str) -> None:
    (tmp_path / "model").mkdir()  # a folder, but no model in it
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "text": t} for i, t in ntrex_articles(2)])
    with pytest.raises(NewsalignError) as info:
        run_corpus(source, tmp_path / "out", options(tmp_path / "model"), executor="ray")
    assert exit_code(info.value) == 2 and "is not a model directory" in str(info.value)
    assert not list((tmp_path / "out" / "documents").iterdir())
    assert not list((tmp_path / "out" / "failures").iterdir())  # not the articles' failure: the run's
