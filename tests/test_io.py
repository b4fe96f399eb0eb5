from __future__ import annotations

import os
from pathlib import Path

import pytest

from align.io import atomic_write_text


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    atomic_write_text(target, "أول\n")
    atomic_write_text(target, "ثان\n")
    assert target.read_text(encoding="utf-8") == "ثان\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_failure_leaves_previous_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("previous", encoding="utf-8")

    def crash(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_new_files_get_the_usual_permissions(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    old = os.umask(0o022)
    try:
        atomic_write_text(target, "x")
    finally:
        os.umask(old)
    assert target.stat().st_mode & 0o777 == 0o644
    target.chmod(0o600)
    atomic_write_text(target, "y")  # an existing file keeps its mode
    assert target.stat().st_mode & 0o777 == 0o600


def test_interrupted_benchmark_model_build_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import align.testing.random_model
    from align.bench.speed import bench_model

    monkeypatch.setenv("NEWSALIGN_HOME", str(tmp_path))

    def crash(out: Path, **kwargs: object) -> Path:
        out.mkdir(parents=True)
        (out / "config.json").write_text("{}", encoding="utf-8")  # written before the weights
        raise KeyboardInterrupt

    monkeypatch.setattr(align.testing.random_model, "build_random_marian", crash)
    with pytest.raises(KeyboardInterrupt):
        bench_model("tiny")
    assert (
        list((tmp_path / "bench").iterdir()) == []
    )  # no half model that a later run would load, no leftover
