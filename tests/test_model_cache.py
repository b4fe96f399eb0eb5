"""Converted models heal themselves, and a local model is identified by the content of every file that
changes its output (so that a swapped tokenizer misses the translation cache and the old conversion)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from align.engines import EngineOptions, load_engine
from align.engines.convert import MANIFEST, convert, converted_path, damaged, is_complete, list_converted
from align.engines.hub import local_revision
from align.translate.cache import fingerprint

pytest.importorskip("ctranslate2", reason="the [fast] extra is not installed")


@pytest.fixture
def model_copy(tiny_model: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "model"
    shutil.copytree(tiny_model, copy)
    return copy


def ct2(model: Path):  # type: ignore[no-untyped-def]
    """The engine with its weights loaded (it loads them lazily, on the first translation)."""
    engine = load_engine(
        EngineOptions(model=str(model), name="ctranslate2", compute_type="float32", threads=1)
    )
    engine.load()  # type: ignore[attr-defined]
    return engine


def test_a_conversion_carries_a_manifest_of_its_files(tiny_model: Path) -> None:
    path = convert(tiny_model, "tiny-manifest", "rev", "float32")
    files = json.loads((path / MANIFEST).read_text())["files"]
    assert {"model.bin", "config.json", "source.spm", "target.spm"} <= set(files)
    assert all(len(entry["sha256"]) == 64 for entry in files.values())
    assert is_complete(path) and not damaged(path)


@pytest.mark.parametrize("damage", ["delete model.bin", "truncate model.bin", "no manifest", "break config"])
def test_a_damaged_conversion_is_rebuilt_on_the_next_run(tiny_model: Path, damage: str) -> None:
    path = convert(tiny_model, f"tiny-{damage.replace(' ', '-')}", "rev", "float32")
    good = (path / "model.bin").read_bytes()
    if damage == "delete model.bin":
        (path / "model.bin").unlink()
    elif damage == "truncate model.bin":
        (path / "model.bin").write_bytes(good[: len(good) // 2])
    elif damage == "no manifest":  # as a conversion by an older version, or killed before the manifest
        (path / MANIFEST).unlink()
    else:
        (path / "config.json").write_text("{broken")
    assert not is_complete(path)
    assert path not in [m.path for m in list_converted()]
    again = convert(tiny_model, f"tiny-{damage.replace(' ', '-')}", "rev", "float32")
    assert again == path and is_complete(path) and (path / "model.bin").read_bytes() == good
    assert not [p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}")]  # nothing set aside


def test_a_model_whose_files_no_longer_match_is_converted_again_when_it_fails_to_load(
    model_copy: Path,
) -> None:
    engine = ct2(model_copy)
    path = converted_path(str(model_copy), engine.revision, "float32")
    data = bytearray((path / "model.bin").read_bytes())
    data[: len(data) // 2] = bytes(len(data) // 2)  # same size: only the checksums tell
    (path / "model.bin").write_bytes(bytes(data))
    assert is_complete(path) and damaged(path)
    healed = ct2(model_copy)
    assert not damaged(path)
    assert [h.text for h in healed.translate_batch(["مرحبا"], beam=1, max_length=8)] == [
        h.text for h in engine.translate_batch(["مرحبا"], beam=1, max_length=8)
    ]


def test_temporary_folders_of_dead_conversions_are_removed(tiny_model: Path) -> None:
    target = converted_path("tiny-stale", "rev", "float32")
    target.parent.mkdir(parents=True, exist_ok=True)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    pid = int(dead.stdout)  # a process that has exited
    from align.engines.convert import _HOST

    left = target.parent / f".{target.name}~{_HOST}~{pid}~abcd1234.tmp"
    (left / "model").mkdir(parents=True)
    (left / "model" / "model.bin").write_bytes(b"\0" * 1000)
    alive = target.parent / f".{target.name}~{_HOST}~{os.getppid()}~efgh5678.tmp"  # a running process's
    alive.mkdir()
    elsewhere = target.parent / f".{target.name}~other-host~{pid}~ijkl9012.tmp"  # judged by age only
    elsewhere.mkdir()
    convert(tiny_model, "tiny-stale", "rev", "float32")
    assert not left.exists() and alive.exists() and elsewhere.exists()
    shutil.rmtree(alive)
    shutil.rmtree(elsewhere)


def test_the_revision_covers_every_file_that_changes_output(model_copy: Path) -> None:
    before = local_revision(model_copy)
    assert before.startswith("sha256-") and local_revision(model_copy) == before
    (model_copy / "README.md").write_text("notes")  # documentation changes nothing
    assert local_revision(model_copy) == before
    for name in ("source.spm", "vocab.json", "generation_config.json", "tokenizer_config.json"):
        original = (model_copy / name).read_bytes()
        (model_copy / name).write_bytes(original + b" ")
        assert local_revision(model_copy) != before, name
        (model_copy / name).write_bytes(original)
        assert local_revision(model_copy) == before, name


def test_same_size_weights_copied_with_their_times_change_the_revision(
    model_copy: Path, tmp_path: Path
) -> None:
    weights = next(p for p in model_copy.iterdir() if p.name in ("model.safetensors", "pytorch_model.bin"))
    before = local_revision(model_copy)
    other = tmp_path / "other"
    data = bytearray(weights.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = bytes(b ^ 0xFF for b in data[middle : middle + 8])  # same size, new weights
    other.write_bytes(bytes(data))
    os.utime(other, ns=(weights.stat().st_atime_ns, weights.stat().st_mtime_ns))
    subprocess.run(["cp", "-p", str(other), str(weights)], check=True)  # keeps size and modification time
    assert weights.stat().st_size == len(data)
    assert local_revision(model_copy) != before


def test_a_swapped_source_spm_changes_the_revision_and_misses_the_cache(
    model_copy: Path, tmp_path: Path
) -> None:
    from align.testing.random_model import build_random_marian

    engine = ct2(model_copy)
    old_path = converted_path(str(model_copy), engine.revision, "float32")
    other = build_random_marian(tmp_path / "other", pieces=300, max_length=24)  # another tokenizer
    assert (other / "source.spm").read_bytes() != (model_copy / "source.spm").read_bytes()
    shutil.copy(other / "source.spm", model_copy / "source.spm")
    swapped = ct2(model_copy)
    assert swapped.revision != engine.revision
    new_path = converted_path(str(model_copy), swapped.revision, "float32")
    assert new_path != old_path  # converted afresh, with the new tokenizer
    assert (new_path / "source.spm").read_bytes() == (other / "source.spm").read_bytes()
    assert fingerprint(swapped, 1, 8) != fingerprint(engine, 1, 8)  # every cache key differs
