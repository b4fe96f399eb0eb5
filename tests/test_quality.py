"""``newsalign bench quality``: plumbing on a small test-set folder with random-weight models (scores are
meaningless here; the structure, the modes, the alignment back to the references and the report are not)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from align.cli.main import app

from .conftest import CLEAN

ENGLISH = CLEAN.with_name("macedonia-referendum.en.txt")


def make_testset_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    folder.mkdir()
    arabic = [line for line in CLEAN.read_text(encoding="utf-8").splitlines() if line.strip()]
    english = [line for line in ENGLISH.read_text(encoding="utf-8").splitlines() if line.strip()]
    (folder / "source.ar.txt").write_text("\n".join(arabic * 2) + "\n", encoding="utf-8")
    (folder / "reference.en.txt").write_text("\n".join(english * 2) + "\n", encoding="utf-8")
    (folder / "docids.txt").write_text(
        "\n".join(["a"] * len(arabic) + ["b"] * len(arabic)) + "\n", encoding="utf-8"
    )
    return folder


def test_bench_quality_report(tiny_model: Path, short_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app,
        [
            "bench",
            "quality",
            "--testset",
            str(make_testset_folder(tmp_path)),
            "-m",
            str(tiny_model),
            "-m",
            str(short_model),
            "--engine",
            "transformers",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "quality.json").read_text(encoding="utf-8"))
    assert (data["documents"], data["sentences"]) == (2, 6)
    assert [m["model"] for m in data["models"]] == [str(tiny_model), str(short_model)]
    for model in data["models"]:
        assert [mode["mode"] for mode in model["modes"]] == ["sentence", "document"]
        assert set(model["modes"][0]["values"]) == {"BLEU", "chrF2", "chrF2++", "TER"}
        assert len(model["per_document_chrf"]) <= 2 and len(model["worst"]) == 6
        assert "engine:transformers" in model["signature"]
    assert data["paired"] and len(data["paired"]["systems"]) == 2
    assert "translationese" in data["note"]
    markdown = (out / "quality.md").read_text(encoding="utf-8")
    assert markdown.count("| sentence |") == 2 and markdown.count("| document |") == 2
    page = (out / "quality.html").read_text(encoding="utf-8")
    assert "<script" not in page and "class=bar" in page


def test_bench_quality_bad_testset(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", "quality", "--testset", str(tmp_path)])
    assert result.exit_code == 2
    assert "needs source.ar.txt" in result.stderr
