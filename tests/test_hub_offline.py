"""The hub path, offline: a model placed in a Hugging Face cache under a hub id is found, loaded and
converted by its id with HF_HUB_OFFLINE=1, and its commit is the revision in the signature (both engines).

This is the path `--model Helsinki-NLP/opus-mt-ar-en` takes on a user's machine after one download; the
weights here are random (no real weights can be downloaded where the tests run)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED

HUB_ID = "Helsinki-NLP/opus-mt-ar-en"
COMMIT = "0123456789abcdef0123456789abcdef01234567"


def place_in_hub_cache(model: Path, hf_home: Path, repo: str = HUB_ID, commit: str = COMMIT) -> Path:
    """The layout huggingface_hub writes: refs/main names the commit, snapshots/<commit>/ holds the files."""
    folder = hf_home / "hub" / ("models--" + repo.replace("/", "--"))
    (folder / "refs").mkdir(parents=True)
    (folder / "refs" / "main").write_text(commit, encoding="utf-8")
    snapshot = folder / "snapshots" / commit
    shutil.copytree(model, snapshot)
    return snapshot


@pytest.fixture(scope="module")
def hf_home(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("hf")
    place_in_hub_cache(tiny_model, home)
    return home


def newsalign(*args: str, hf_home: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HOME": str(hf_home), "HF_HUB_OFFLINE": "1", "NEWSALIGN_HOME": str(home)}
    env.pop("NEWSALIGN_MODEL", None)
    return subprocess.run(
        [sys.executable, "-m", "align", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_translate_by_hub_id_offline(engine: str, hf_home: Path, tmp_path: Path) -> None:
    pytest.importorskip(engine)
    out = tmp_path / "seed.json"
    result = newsalign(
        "translate", str(SEED), "-m", HUB_ID, "--engine", engine, "--max-length", "16", "--threads", "1",
        "--no-cache", "-o", str(out), hf_home=hf_home, home=tmp_path / "home",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    run = json.loads(out.read_text(encoding="utf-8"))["meta"]["run"]
    assert (run["model"], run["revision"], run["engine"]) == (HUB_ID, COMMIT, engine)
    assert f"model:{HUB_ID}@{COMMIT}" in result.stderr


def test_models_convert_and_path_by_hub_id_offline(hf_home: Path, tmp_path: Path) -> None:
    pytest.importorskip("ctranslate2")
    home, float32, no_hub = tmp_path / "home", ("--compute-type", "float32"), tmp_path / "no-hf"
    converted = newsalign("models", "convert", HUB_ID, *float32, hf_home=hf_home, home=home)
    assert converted.returncode == 0, converted.stderr
    path = Path(converted.stdout.strip())
    assert (path / "model.bin").is_file() and COMMIT[:16] in path.name
    found = newsalign("models", "path", HUB_ID, *float32, hf_home=hf_home, home=home)
    assert (found.returncode, found.stdout.strip()) == (0, str(path))
    # The same, with the hub cache gone: the conversion is still found by the model's name.
    gone = newsalign("models", "path", HUB_ID, *float32, hf_home=no_hub, home=home)
    assert (gone.returncode, gone.stdout.strip()) == (0, str(path)), gone.stderr
    missing = newsalign("models", "path", HUB_ID, hf_home=no_hub, home=home)  # int8: not converted
    assert missing.returncode == 1 and "is not converted on this machine" in missing.stderr


def test_an_unknown_hub_id_offline_is_one_line(hf_home: Path, tmp_path: Path) -> None:
    result = newsalign(
        "translate", str(SEED), "-m", "Helsinki-NLP/opus-mt-xx-yy", hf_home=hf_home, home=tmp_path / "home"
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "HF_HUB_OFFLINE is set" in lines[0] and "--model PATH" in lines[0]
