"""``newsalign models`` and ``newsalign bench`` (plumbing only: speed claims come from the benchmark)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli.main import app
from align.document import Document

from .conftest import CLEAN

pytest.importorskip("ctranslate2", reason="the [fast] extra is not installed")
runner = CliRunner()


def test_models_convert_path_and_list(tiny_model: Path) -> None:
    missing = runner.invoke(app, ["models", "path", str(tiny_model), "--compute-type", "int8_float16"])
    assert missing.exit_code == 1
    assert "is not converted" in missing.stderr
    converted = runner.invoke(app, ["models", "convert", str(tiny_model), "--compute-type", "float32"])
    assert converted.exit_code == 0, converted.output
    path = Path(converted.stdout.strip())
    assert (path / "model.bin").is_file()
    found = runner.invoke(app, ["models", "path", str(tiny_model), "--compute-type", "float32"])
    assert found.exit_code == 0 and found.stdout.strip() == str(path)
    listed = runner.invoke(app, ["models", "list"])
    header, *rows = listed.stdout.splitlines()
    assert header.split("\t") == ["model", "revision", "quantization", "size", "path"]
    assert any(row.split("\t")[2] == "float32" and row.split("\t")[4] == str(path) for row in rows)


def test_models_convert_bad_model(tmp_path: Path) -> None:
    result = runner.invoke(app, ["models", "convert", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert "model directory not found" in result.stderr


def test_translate_with_ctranslate2_and_the_cache(tiny_model: Path) -> None:
    args = [
        "translate",
        str(CLEAN),
        "-m",
        str(tiny_model),
        "--engine",
        "ctranslate2",
        "--compute-type",
        "float32",
        "-f",
        "json",
    ]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    doc = Document.from_json(first.stdout)
    run = doc.meta.run
    assert run is not None and (run.engine, run.compute_type) == ("ctranslate2", "float32")
    assert "engine:ctranslate2-float32" in run.signature()
    second = runner.invoke(app, args)
    assert "6 sentences, every one from the cache" in second.stderr
    assert Document.from_json(second.stdout).meta.run.cached == 6  # type: ignore[union-attr]
    assert [s.translation for s in Document.from_json(second.stdout).segments] == [
        s.translation for s in doc.segments
    ]
    uncached = runner.invoke(app, [*args, "--no-cache"])
    assert "from the cache" not in uncached.stderr
    assert Document.from_json(uncached.stdout).meta.run.cached == 0  # type: ignore[union-attr]


@pytest.mark.slow  # 13 processes, transformers among them (about a minute on 2 cores)
def test_bench_speed_plumbing(tmp_path: Path) -> None:
    out = tmp_path / "bench.md"
    args = ["bench", "speed", "--shape", "tiny", "--repeat", "1", "--article", str(CLEAN)]
    result = runner.invoke(app, [*args, "--short-article", str(CLEAN), "--batching", "32", "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = out.read_text(encoding="utf-8")
    assert table == result.stdout
    assert "Machine: " in table and " cores; CTranslate2 " in table and "ISA " in table
    assert "Load average (1 min) during the runs:" in table
    assert "target tokens for every system" in table  # the forcing held in every system
    for label in [
        "newsalign default: CTranslate2 int8, beam 4",
        "newsalign --engine transformers (float32, beam 4)",
        "hand-written CTranslate2 (sentencepiece + one translate_batch)",
        "Argos-style per-paragraph batching, same CTranslate2 model",
        "CTranslate2 int8, beam 4, batch 32",
        "newsalign translate (whole CLI)",
        "newsalign translate, every sentence cached",
        "newsalign --help",
        "whole CLI vs the hand-written script, seed article",
        "fully cached translate vs --help",
        "peak RSS of the whole CLI (MB)",
    ]:
        assert f"| {label} |" in table, label


@pytest.mark.parametrize("spec", ["x", "0", "16:0", "16:y"])
def test_bench_speed_refuses_a_bad_batching(spec: str) -> None:
    result = runner.invoke(app, ["bench", "speed", "--batching", spec])
    assert result.exit_code == 2
    assert "--batching" in result.output


def test_bench_speed_refuses_an_unknown_row() -> None:
    result = runner.invoke(app, ["bench", "speed", "--only", "default,warp-drive"])
    assert result.exit_code == 2
    assert "no row 'warp-drive'" in result.output and "transformers" in result.output


def test_models_list_prints_a_long_local_path_whole(tiny_model: Path, tmp_path: Path) -> None:
    import shutil

    deep = tmp_path / ("a-very-long-folder-name-for-a-model-" * 3) / "my-model"
    shutil.copytree(tiny_model, deep)
    converted = runner.invoke(app, ["models", "convert", str(deep), "--compute-type", "float32"])
    assert converted.exit_code == 0, converted.output
    rows = runner.invoke(app, ["models", "list"]).stdout.splitlines()[1:]
    assert any(row.split("\t")[0] == str(deep) for row in rows)
