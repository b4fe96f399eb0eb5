"""Corpus mode under per-article limits: an article that reads too long or needs too much memory is stopped
and recorded as a failure, one that translates too long stops after its batch, and the run goes on."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from align.cli.main import app
from align.corpus import CorpusOptions
from align.corpus.outputs import Layout
from align.corpus.steps import ArticleTranslator, prepare
from align.engines import EngineOptions
from align.pipeline import RunOptions
from align.translate.batching import TranslateOptions
from eval import hostile

from .long_article import long_article

ARABIC = hostile.ARABIC


def corpus(tiny_model: Path, *args: str) -> Any:
    model = ["-m", str(tiny_model), "--engine", "transformers", "--device", "cpu", "--threads", "1"]
    return CliRunner().invoke(app, ["translate-corpus", *args, *model, "--no-cache", "--executor", "local"])


def failures(out: Path) -> dict[str, dict[str, Any]]:
    entries = [json.loads(line) for line in (out / "failures.jsonl").read_text(encoding="utf-8").splitlines()]
    return {str(e["id"] if e["id"] is not None else f"line {e['line']}"): e for e in entries}


def test_slow_and_memory_hungry_articles_fail_and_the_run_goes_on(tmp_path: Path, tiny_model: Path) -> None:
    (tmp_path / "slow.pdf").write_bytes(hostile.pdf_operators(20_000_000))
    (tmp_path / "hungry.pdf").write_bytes(hostile.pdf_flate_bomb(400 << 20))
    source = tmp_path / "in.jsonl"
    rows = [
        {"id": "good", "text": ARABIC},
        {"id": "slow", "path": "slow.pdf"},
        {"id": "hungry", "path": "hungry.pdf"},
        {"id": "after", "text": ARABIC + " مرة أخرى"},
    ]
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out"
    # The reading limits raised so far that only the per-article limits can stop these two.
    result = corpus(
        tiny_model, str(source), str(out), "--limit", "operators=1000M", "--limit", "inflated=4GiB",
        "--article-timeout", "3", "--article-memory", "150MB",
    )  # fmt: skip
    assert result.exit_code == 4, result.output
    assert sorted(p.stem for p in (out / "documents").glob("*.json")) == ["after", "good"]
    failed = failures(out)
    assert set(failed) == {"slow", "hungry"}
    assert (
        failed["slow"]["error"]
        == "reading took longer than 3 s (the per-article time limit), and was stopped"
    )
    assert "per-article memory limit" in failed["hungry"]["error"]
    assert "4 articles: 2 translated" in result.output and "2 failed" in result.output


def test_an_article_that_translates_too_long_stops_after_its_batch(tmp_path: Path, tiny_model: Path) -> None:
    engine = EngineOptions(model=str(tiny_model), name="transformers", device="cpu", threads=1)
    options = CorpusOptions(
        RunOptions(engine=engine, decoding=TranslateOptions(batch_size=2), cache=False),
        article_seconds=None,
        article_memory=None,
    )
    layout = Layout(tmp_path)
    row = prepare({"id": "long", "text": long_article(30), "path": None}, layout, options, tmp_path)
    assert row["status"] == "ready"
    translator = ArticleTranslator(replace(options, article_seconds=1e-6))
    try:
        done = translator(row)
    finally:
        translator.close()
    assert done["status"] == "failed"
    assert done["error"] == (
        "translating took longer than 1e-06 s (the per-article time limit), and was stopped"
    )


def test_failures_name_their_line_once(tmp_path: Path, tiny_model: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "a", "text": "' + ARABIC + '"}\n{broken\n', encoding="utf-8")
    result = corpus(tiny_model, str(source), str(tmp_path / "out"))
    assert result.exit_code == 4, result.output
    entry = failures(tmp_path / "out")["line 2"]
    assert entry["line"] == 2 and entry["error"].startswith("not valid JSON")  # the line is in its own field
    assert "failed: line 2: not valid JSON" in result.output and "line 2: line 2" not in result.output


@pytest.mark.parametrize("value", ["0", "-1"])
def test_article_limits_are_validated(value: str) -> None:
    with pytest.raises(ValueError, match="article_seconds must be positive"):
        CorpusOptions(article_seconds=float(value))


def test_a_document_under_an_earlier_name_is_moved_not_translated_again(
    tmp_path: Path, tiny_model: Path
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "Article1", "text": ARABIC}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    assert corpus(tiny_model, str(source), str(out)).exit_code == 0
    (new,) = (out / "documents").glob("*.json")
    assert new.name.startswith("Article1~")
    new.rename(out / "documents" / "Article1.json")  # where an earlier version wrote it
    again = corpus(tiny_model, str(source), str(out))
    assert again.exit_code == 0 and "1 already done" in again.output
    assert [p.name for p in (out / "documents").glob("*.json")] == [new.name]
