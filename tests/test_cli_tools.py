"""``newsalign models`` and ``newsalign bench`` (plumbing only: speed claims come from the benchmark)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli.main import app
from align.document import Document

from .conftest import CLEAN, SEED

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
    assert "(6 from the cache)" in second.stderr
    assert Document.from_json(second.stdout).meta.run.cached == 6  # type: ignore[union-attr]
    assert [s.translation for s in Document.from_json(second.stdout).segments] == [
        s.translation for s in doc.segments
    ]
    uncached = runner.invoke(app, [*args, "--no-cache"])
    assert "from the cache" not in uncached.stderr
    assert Document.from_json(uncached.stdout).meta.run.cached == 0  # type: ignore[union-attr]


@pytest.mark.slow  # seven processes, each importing torch: the one real run of the benchmark in the suite
def test_bench_speed_plumbing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import align.bench.speed

    from .conftest import random_model

    # The benchmark's own model (bench_model's arguments), kept between test runs like the other test models;
    # one thread per engine: on a busy machine OpenMP threads spin and multiply the CPU time, not the checks.
    monkeypatch.setattr(
        align.bench.speed,
        "bench_model",
        lambda shape: random_model(shape=shape, max_length=512, num_beams=4, pieces=4000),
    )
    out = tmp_path / "bench.md"
    args = ["--article", str(CLEAN), "--shape", "tiny", "--scaling", "1,2", "--threads", "1", "-o", str(out)]
    result = runner.invoke(app, ["bench", "speed", *args])
    assert result.exit_code == 0, result.output
    table = out.read_text(encoding="utf-8")
    assert "Workload: macedonia-referendum.ar.txt, 6 sentences" in table
    for label in [
        "transformers float32, beam 4",
        "ctranslate2 int8, beam 4 (default)",
        "ctranslate2 int8, beam 1",
    ]:
        assert f"| {label} |" in table
    assert "| transformers float32, beam 4 |" in table and "1.00× |" in table
    assert "0 model calls" in table
    rows = [line for line in table.splitlines() if line.startswith("| 1 |") or line.startswith("| 2 |")]
    assert len(rows) == 2
    assert rows[1].startswith("| 2 | 12 |")  # the article twice


def test_bench_speed_defaults_to_the_packaged_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    import align.bench.speed
    from align.bench.speed import SpeedResult

    seen: list[Path] = []

    def fake(article: Path, **kwargs: object) -> tuple[list[SpeedResult], list[SpeedResult]]:
        seen.append(article)
        label = "ctranslate2 int8, beam 4 (default)"
        result = SpeedResult(
            label, "ctranslate2", "int8", 4, 1, 1, 1, 1.0, 0.1, 1.0, cached_rerun_seconds=0.001
        )
        return [result], []

    monkeypatch.setattr(align.bench.speed, "run_speed_benchmark", fake)
    result = runner.invoke(app, ["bench", "speed", "--scaling", ""])
    assert result.exit_code == 0, result.output
    assert seen == [SEED] and "Workload: bannon-brexit.ar.txt" in result.stdout


def test_models_list_prints_a_long_local_path_whole(tiny_model: Path, tmp_path: Path) -> None:
    import shutil

    deep = tmp_path / ("a-very-long-folder-name-for-a-model-" * 3) / "my-model"
    shutil.copytree(tiny_model, deep)
    converted = runner.invoke(app, ["models", "convert", str(deep), "--compute-type", "float32"])
    assert converted.exit_code == 0, converted.output
    rows = runner.invoke(app, ["models", "list"]).stdout.splitlines()[1:]
    assert any(row.split("\t")[0] == str(deep) for row in rows)
