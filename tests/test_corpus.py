"""Corpus mode without Ray: inputs, output folder, resume, failures, and equality with single-article runs."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from align.cli.main import app
from align.corpus import CorpusOptions, run_corpus
from align.corpus.inputs import Record, RecordError, input_kind, iter_input_rows, parse_row
from align.corpus.outputs import document_name
from align.datasets import load_test_set
from align.document import Document
from align.engines import EngineOptions
from align.pipeline import RunOptions, translate_article

ARABIC = "ذهب الولد إلى المدرسة. ثم عاد إلى البيت."


def ntrex_articles(n: int) -> list[tuple[str, str]]:
    """The first ``n`` NTREX-128 documents as articles: (id, text), one sentence per line."""
    return [(f"ntrex-{i:03d}", "\n".join(doc)) for i, doc in enumerate(load_test_set("ntrex128")[:n], 1)]


def write_jsonl(path: Path, rows: list[dict[str, Any]] | list[str]) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def comparable(doc: Document) -> dict[str, Any]:
    """A Document without what differs between two runs of the same translation: when, how long, and the
    source name (a file path for `translate`, the article id in corpus mode)."""
    data = doc.to_dict()
    data["meta"].pop("created_at")
    data["meta"].pop("source")
    data["meta"]["run"].pop("seconds")
    return data


def documents(output: Path) -> dict[str, Document]:
    return {
        p.stem: Document.from_json(p.read_text(encoding="utf-8"))
        for p in (output / "documents").glob("*.json")
    }


@pytest.fixture
def options(tiny_model: Path) -> CorpusOptions:
    engine = EngineOptions(model=str(tiny_model), name="transformers", device="cpu", threads=1)
    return CorpusOptions(RunOptions(engine=engine, cache=False))


def corpus_cli(tiny_model: Path, *args: str) -> Any:
    common = ["-m", str(tiny_model), "--engine", "transformers", "--device", "cpu", "--threads", "1"]
    return CliRunner().invoke(app, ["translate-corpus", *args, *common, "--no-cache", "--executor", "local"])


# -- inputs -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"line": 1, "record": b'{"id": "a1", "text": "x"}'}, Record("a1", text="x")),
        ({"line": 1, "record": b'{"id": 7, "text": "x"}'}, Record("7", text="x")),
        ({"line": 1, "record": '{"id": "a", "text": "x\u2028y"}'.encode()}, Record("a", text="x\u2028y")),
        ({"line": 1, "record": b'{"id": "a", "path": "sub/a.txt"}'}, Record("a", path="/base/sub/a.txt")),
        ({"line": 1, "record": b'{"id": "a", "path": "/abs/a.txt"}'}, Record("a", path="/abs/a.txt")),
        ({"id": "b", "text": "x", "path": None}, Record("b", text="x")),
    ],
)
def test_parse_row(row: dict[str, Any], expected: Record) -> None:
    assert parse_row(row, Path("/base")) == expected


@pytest.mark.parametrize(
    ("record", "message", "record_id"),
    [
        (b"{not json", "line 3: not valid JSON", None),
        (b"\xff{}", "line 3: not UTF-8", None),
        (b"[1, 2]", "line 3: expected a JSON object", None),
        (b'{"text": "x"}', "line 3: every article needs an 'id'", None),
        (b'{"id": true, "text": "x"}', "every article needs an 'id'", None),
        (b'{"id": " ", "text": "x"}', "the 'id' is empty", None),
        (b'{"id": "a"}', "line 3: give exactly one of 'text' or 'path'", "a"),
        (b'{"id": "a", "text": "x", "path": "y"}', "give exactly one of 'text' or 'path'", "a"),
        (b'{"id": "a", "text": 5}', "'text' must be a string", "a"),
    ],
)
def test_parse_row_refuses(record: bytes, message: str, record_id: str | None) -> None:
    with pytest.raises(RecordError) as info:
        parse_row({"line": 3, "record": record}, Path("/base"))
    assert message in str(info.value)
    assert info.value.record_id == record_id
    assert info.value.line == 3


def test_input_kinds(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("{}\n")
    (tmp_path / "b.txt").write_text('  {"id": 1}\n')
    (tmp_path / "c.bin").write_bytes(b"PAR1....")
    (tmp_path / "d.txt").write_text("just text")
    assert input_kind(tmp_path) == "directory"
    assert input_kind(tmp_path / "a.jsonl") == "jsonl"
    assert input_kind(tmp_path / "b.txt") == "jsonl"
    assert input_kind(tmp_path / "c.bin") == "parquet"
    with pytest.raises(Exception, match="neither a directory of articles"):
        input_kind(tmp_path / "d.txt")
    with pytest.raises(Exception, match="no such file"):
        input_kind(tmp_path / "missing")


def test_directory_rows_skip_hidden_files(tmp_path: Path) -> None:
    (tmp_path / "2024" / "05").mkdir(parents=True)
    (tmp_path / "2024" / "05" / "b.txt").write_text(ARABIC)
    (tmp_path / "a.txt").write_text(ARABIC)
    (tmp_path / ".hidden.txt").write_text(ARABIC)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x").write_text("x")
    assert [r["id"] for r in iter_input_rows(tmp_path, "directory")] == ["2024/05/b.txt", "a.txt"]


def test_jsonl_lines_are_numbered_and_blank_lines_skipped(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'{"id": 1}\n\n  \n{"id": 2}')
    assert [(r["line"], r["record"].strip()) for r in iter_input_rows(path, "jsonl")] == [
        (1, b'{"id": 1}'),
        (4, b'{"id": 2}'),
    ]


@pytest.mark.parametrize("record_id", ["a1", "ntrex-001", "a.b_c-d"])
def test_plain_ids_are_their_own_file_names(record_id: str) -> None:
    assert document_name(record_id) == record_id


def test_ids_that_differ_only_in_case_get_names_that_differ_in_more_than_case() -> None:
    # A case-insensitive file system (macOS, Windows) would otherwise hold one file for both.
    ids = ["article1", "Article1", "ARTICLE1", "A.b_c-d", "a.b_c-d"]
    names = [document_name(i).lower() for i in ids]
    assert len(set(names)) == len(ids)
    assert document_name("Article1").startswith("Article1~")


def test_other_ids_get_distinct_safe_names() -> None:
    ids = ["a/b", "a_b~x", "a?b", "../etc/passwd", ".hidden", "x" * 300, "مقال 1", "corpus", "failures", "-a"]
    names = [document_name(i) for i in ids]
    assert len(set(names) | {"a_b"}) == len(ids) + 1  # distinct, and distinct from the plain id "a_b"
    for name in names:
        assert "/" not in name and not name.startswith(".") and len(name) <= 100


# -- runs -------------------------------------------------------------------------------------------------


def test_corpus_equals_single_article_runs(tmp_path: Path, options: CorpusOptions) -> None:
    articles = ntrex_articles(3)
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "text": t} for i, t in articles])
    result = run_corpus(source, tmp_path / "out", options, executor="local", table_format="jsonl")
    assert (result.counts.written, result.counts.skipped, result.failed) == (3, 0, 0)
    written = documents(tmp_path / "out")
    for article_id, text in articles:
        single = tmp_path / f"{article_id}.txt"
        single.write_text(text, encoding="utf-8")
        expected = translate_article(single, options.run)
        assert comparable(written[article_id]) == comparable(expected)
        assert written[article_id].meta.source == article_id
    rows = [json.loads(line) for line in (tmp_path / "out" / "segments" / "part-00000.jsonl").open()]
    assert len(rows) == result.table_rows == sum(len(d.segments) for d in written.values())
    first = written["ntrex-001"].segments[0]
    assert rows[0] == {
        "id": "ntrex-001",
        "paragraph": "p1",
        "sentence": first.id,
        "kind": "body",
        "source": first.source,
        "translation": first.translation,
        "flags": list(dict.fromkeys(f.code for f in first.flags)),
        "logprob": first.scores.get("logprob"),
    }


def test_failures_are_recorded_not_dropped(tmp_path: Path, tiny_model: Path) -> None:
    (tmp_path / "article.txt").write_text(ARABIC, encoding="utf-8")
    source = write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "good", "text": ARABIC},
            "{broken",
            {"id": "empty", "text": "   "},
            {"id": "english", "text": "Only English here."},
            {"id": "missing", "path": "nope.txt"},
            {"id": "by-path", "path": "article.txt"},
            {"id": 42},
        ],
    )
    result = corpus_cli(tiny_model, str(source), str(tmp_path / "out"))
    assert result.exit_code == 4, result.output
    assert sorted(documents(tmp_path / "out")) == ["by-path", "good"]
    failures = [json.loads(line) for line in (tmp_path / "out" / "failures.jsonl").open()]
    by_id = {(f["id"], f["line"]): f["error"] for f in failures}
    assert set(by_id) == {(None, 2), ("empty", 3), ("english", 4), ("missing", 5), ("42", 7)}
    assert "not valid JSON" in by_id[(None, 2)]
    assert "empty" in by_id[("empty", 3)] and "<stdin>" not in by_id[("empty", 3)]
    assert "no Arabic text" in by_id[("english", 4)]
    assert "nope.txt: no such file" in by_id[("missing", 5)]
    assert "7 articles: 2 translated" in result.output and "5 failed" in result.output
    # --force lets the English article through; nothing else changes, and what is done is not redone.
    again = corpus_cli(tiny_model, str(source), str(tmp_path / "out"), "--force")
    assert again.exit_code == 4, again.output
    assert "7 articles: 1 translated" in again.output and "2 already done" in again.output
    assert {json.loads(line)["id"] for line in (tmp_path / "out" / "failures.jsonl").open()} == {
        None,
        "empty",
        "missing",
        "42",
    }


def test_rerun_skips_what_is_done_and_refuses_other_options(tmp_path: Path, tiny_model: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    for article_id, text in ntrex_articles(2):
        (folder / f"{article_id}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    first = corpus_cli(tiny_model, str(folder), str(out))
    assert first.exit_code == 0, first.output
    stamps = {p.name: p.stat().st_mtime_ns for p in (out / "documents").iterdir()}
    assert sorted(stamps) == ["ntrex-001.txt.json", "ntrex-002.txt.json"]
    (folder / "ntrex-003.txt").write_text(ARABIC, encoding="utf-8")
    second = corpus_cli(tiny_model, str(folder), str(out))
    assert second.exit_code == 0, second.output
    assert "3 articles: 1 translated" in second.output and "2 already done" in second.output
    assert {p.name: p.stat().st_mtime_ns for p in (out / "documents").iterdir() if p.name in stamps} == stamps
    other = corpus_cli(tiny_model, str(folder), str(out), "--beam", "2")
    assert other.exit_code == 2
    assert "other options (beam: None then, 2 now)" in other.output and "--restart" in other.output
    restarted = corpus_cli(tiny_model, str(folder), str(out), "--beam", "2", "--restart")
    assert restarted.exit_code == 0, restarted.output
    assert "3 articles: 3 translated" in restarted.output
    assert {d.meta.run.beam for d in documents(out).values() if d.meta.run} == {2}


def test_an_article_changed_since_its_document_is_reported(tmp_path: Path, tiny_model: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ARABIC}])
    out = tmp_path / "out"
    assert corpus_cli(tiny_model, str(source), str(out)).exit_code == 0
    write_jsonl(source, [{"id": "a", "text": ARABIC + " وانتهى."}])
    changed = corpus_cli(tiny_model, str(source), str(out))
    assert changed.exit_code == 4
    assert "written from a different input" in (out / "failures.jsonl").read_text()


def test_duplicate_ids(tmp_path: Path, options: CorpusOptions) -> None:
    other = "وصل القطار إلى المحطة."
    source = write_jsonl(
        tmp_path / "in.jsonl",
        [{"id": "same", "text": ARABIC}, {"id": "same", "text": ARABIC}, {"id": "clash", "text": ARABIC},
         {"id": "clash", "text": other}],
    )  # fmt: skip
    result = run_corpus(source, tmp_path / "out", options, executor="local")
    assert sorted(documents(tmp_path / "out")) == ["clash", "same"]
    failures = [json.loads(line) for line in (tmp_path / "out" / "failures.jsonl").open()]
    assert [(f["id"], f["line"]) for f in failures] == [("clash", 4)]
    assert "duplicate id" in failures[0]["error"] or "different input" in failures[0]["error"]
    assert (result.counts.written, result.counts.skipped, result.failed) == (2, 1, 1)


def test_output_folder_is_checked(tmp_path: Path, tiny_model: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ARABIC}])
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine")
    refused = corpus_cli(tiny_model, str(source), str(busy))
    assert refused.exit_code == 2 and "other files in it" in refused.output
    assert corpus_cli(tiny_model, str(source), str(tmp_path / "in.jsonl")).exit_code == 2
    assert (busy / "notes.txt").read_text() == "mine"


def test_parquet_input(tmp_path: Path, options: CorpusOptions) -> None:
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"id": ["p1", "p2"], "text": [ARABIC, None], "path": [None, "p2.txt"], "extra": [1, 2]})
    (tmp_path / "p2.txt").write_text(ARABIC, encoding="utf-8")
    pq.write_table(table, tmp_path / "in.parquet")
    result = run_corpus(tmp_path / "in.parquet", tmp_path / "out", options, executor="local")
    assert (result.counts.written, result.failed, result.table_format) == (2, 0, "parquet")
    rows = pq.read_table(tmp_path / "out" / "segments").to_pylist()
    assert {r["id"] for r in rows} == {"p1", "p2"} and len(rows) == result.table_rows == 4
    pq.write_table(pa.table({"name": ["x"]}), tmp_path / "bad.parquet")
    with pytest.raises(Exception, match="needs an 'id' column"):
        run_corpus(tmp_path / "bad.parquet", tmp_path / "out2", options, executor="local")


@pytest.mark.slow  # spawns worker processes that import torch
def test_process_pool_gives_the_same_documents(tmp_path: Path, options: CorpusOptions) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": i, "text": t} for i, t in ntrex_articles(3)])
    one = run_corpus(source, tmp_path / "one", options, executor="local", workers=1)
    two = run_corpus(source, tmp_path / "two", options, executor="local", workers=2)
    assert one.counts == two.counts and two.workers == 2
    a, b = documents(tmp_path / "one"), documents(tmp_path / "two")
    assert {k: comparable(v) for k, v in a.items()} == {k: comparable(v) for k, v in b.items()}


def test_ray_executor_without_ray_is_a_usage_error(
    tmp_path: Path, tiny_model: Path, monkeypatch: Any
) -> None:
    import align.corpus.run

    monkeypatch.setattr(align.corpus.run, "_installed", lambda module: module != "ray")
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ARABIC}])
    result = CliRunner().invoke(
        app,
        ["translate-corpus", str(source), str(tmp_path / "out"), "-m", str(tiny_model), "--executor", "ray"],
    )
    assert result.exit_code == 2 and "pip install 'newsalign[ray]'" in result.output
    auto = CliRunner().invoke(
        app,
        ["translate-corpus", str(source), str(tmp_path / "out"), "-m", str(tiny_model), "--no-cache",
         "--engine", "transformers", "--table-format", "jsonl"],
    )  # fmt: skip
    assert auto.exit_code == 0, auto.output
    assert "with local" in auto.output


def test_a_model_that_cannot_load_stops_the_run(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    source = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": ARABIC}])
    result = CliRunner().invoke(
        app, ["translate-corpus", str(source), str(tmp_path / "out"), "-m", str(tmp_path / "model"),
              "--executor", "local"],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "is not a model directory" in result.output
    assert not (tmp_path / "out" / "failures.jsonl").exists()


@pytest.mark.slow  # spawns worker processes that import torch
def test_bench_corpus(tmp_path: Path, tiny_model: Path) -> None:
    args = ["bench", "corpus", "-m", str(tiny_model), "--engine", "transformers", "--executor", "local"]
    result = CliRunner().invoke(
        app, [*args, "--workers", "1,2", "--limit", "3", "-o", str(tmp_path / "t.md")]
    )
    assert result.exit_code == 0, result.output
    rows = [line for line in result.stdout.splitlines() if line.startswith("| local")]
    cores = os.cpu_count() or 1
    assert [row.split(" | ")[:2] for row in rows] == [
        [f"| local, 1 worker(s) × {cores} thread(s)", "3"],
        [f"| local, 2 worker(s) × {max(1, cores // 2)} thread(s)", "3"],
    ]
    assert rows[0].endswith("| 1.00× |")
    assert "Every configuration wrote the same Documents." in result.stdout
    assert (tmp_path / "t.md").read_text() == result.stdout
