"""QA from the command line (translate --strict, newsalign qa) and its rates on the test sets."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli.main import app
from align.document import Document
from align.qa import QA_CODES

from .conftest import SEED

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


def test_translate_flags_segments_and_strict_exits_3(tiny_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    result = run("translate", str(SEED), "-m", str(tiny_model), "-o", str(out), "--strict")
    assert result.exit_code == 3, result.output
    assert "strict:" in result.stderr and "exit 3" in result.stderr
    doc = Document.from_json(out.read_text(encoding="utf-8"))  # the output is written all the same
    assert doc.meta.qa.startswith("qa:v2|")
    found = {f.code for s in doc.segments for f in s.flags}
    assert found & QA_CODES  # a random model's output trips the checks
    assert all("logprob" in s.scores for s in doc.segments if s.translation)
    for code in found & QA_CODES:
        assert code in result.stderr  # counted in the summary


@pytest.fixture(scope="module")
def unchecked(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed translated once with --no-qa, for the tests that check it afterwards."""
    out = tmp_path_factory.mktemp("unchecked") / "seed.json"
    result = run("translate", str(SEED), "-m", str(tiny_model), "-o", str(out), "--no-qa", "-q")
    assert result.exit_code == 0, result.output
    return out


def test_translate_without_qa_adds_no_qa_flags(unchecked: Path) -> None:
    doc = Document.from_json(unchecked.read_text(encoding="utf-8"))
    assert doc.meta.qa == ""
    assert not {f.code for s in doc.segments for f in s.flags} & QA_CODES


def test_qa_rechecks_a_document_and_writes_it_back(unchecked: Path, tmp_path: Path) -> None:
    doc_path = unchecked
    out = tmp_path / "checked.json"
    result = run("qa", str(doc_path), "-o", str(out), "--min-logprob", "-100")
    assert result.exit_code == 0, result.output
    checked = Document.from_json(out.read_text(encoding="utf-8"))
    assert checked.meta.qa == "qa:v2|ratio:0.55-1.85|logprob:-100"
    assert not any(f.code == "low-confidence" for s in checked.segments for f in s.flags)
    translated = [s for s in checked.segments if s.translation]  # pull-quotes are not translated
    flagged = [s for s in translated if s.flags]
    assert result.stdout.count("\n  ar: ") == len(flagged)
    assert f"{len(flagged)} of {len(translated)} segments flagged" in result.stderr
    assert run("qa", str(doc_path), "--strict").exit_code == 3


def test_qa_on_line_aligned_files(tmp_path: Path) -> None:
    src, hyp = tmp_path / "src.ar", tmp_path / "hyp.en"
    src.write_text("بلغ العدد 244890 شخصا.\nقالت الوزارة إن الحرب مستمرة.\n", encoding="utf-8")
    hyp.write_text(
        "The number reached 24,490 people.\nThe ministry said the war goes on.\n", encoding="utf-8"
    )
    result = run("qa", "--source", str(src), "--translation", str(hyp), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["L1"]
    assert rows[0]["flags"][0]["code"] == "number-mismatch"
    assert run("qa", "--source", str(src), "--translation", str(hyp), "--strict").exit_code == 3
    hyp.write_text(
        "The number reached 244,890 people.\nThe ministry said the war goes on.\n", encoding="utf-8"
    )
    clean = run("qa", "--source", str(src), "--translation", str(hyp), "--strict")
    assert clean.exit_code == 0 and clean.stdout == ""
    assert "0 of 2 segments flagged" in clean.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--source", "SRC"], "give a Document JSON, or both --source and --translation"),
        (["--source", "SRC", "--translation", "SHORT"], "has 2 lines but"),
        (["--source", "SRC", "--translation", "MISSING"], "MISSING: no such file"),
        (["DOC"], "not a newsalign Document"),
        (["--source", "SRC", "--translation", "SRC", "-o", "OUT"], "needs a Document input"),
    ],
)
def test_qa_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "SRC").write_text("أ\nب\n", encoding="utf-8")
    (tmp_path / "SHORT").write_text("a\n", encoding="utf-8")
    (tmp_path / "DOC").write_text("{}", encoding="utf-8")
    result = run("qa", *[str(tmp_path / a) if a.isupper() else a for a in args])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert message in line


def test_low_confidence_is_off_unless_asked_for(unchecked: Path) -> None:
    doc_path = unchecked
    plain = run("qa", str(doc_path), "--format", "json", "--all")
    assert plain.exit_code == 0, plain.output
    assert "low-confidence" not in plain.stdout  # the random model scores about -6: no threshold, no flag
    assert "logprob:off" in plain.stderr
    absolute = run("qa", str(doc_path), "--format", "json", "--min-logprob", "-1.5")
    assert "low-confidence" in absolute.stdout
    relative = run("qa", str(doc_path), "--format", "json", "--all", "--logprob-outliers", "3.5")
    assert relative.exit_code == 0, relative.output
    assert "outliers:3.5" in relative.stderr
    rows = [json.loads(line) for line in relative.stdout.splitlines()]
    outliers = [r for r in rows if any(f["code"] == "low-confidence" for f in r["flags"])]
    assert len(outliers) < len(rows) / 4  # only the run's own outliers
    bad = run("qa", str(doc_path), "--logprob-outliers", "0")
    assert bad.exit_code == 2, bad.output


@pytest.mark.slow  # the script checks 5,109 sentences three ways (~30 s of CPU)
def test_false_positive_and_recall_bounds_on_the_test_sets() -> None:
    """The bounds, checked by the script that prints the docs' tables (exit 1 on any miss)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "evaluate_qa.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "FAIL" not in result.stdout
    assert "| drop a number | number-mismatch |" in result.stdout
    assert "| number changed as MT does | number-mismatch |" in result.stdout
