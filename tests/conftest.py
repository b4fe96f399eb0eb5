"""Shared fixtures. The models are built here, with random weights, so no test needs the network.

A built model is kept on disk, keyed by everything that determines it (the builder's version, its
arguments, the library versions), under ``$NEWSALIGN_TEST_CACHE`` (default
``~/.cache/newsalign-test-models``): a rerun of the suite does not build it again. Models are built in a
temporary folder and renamed into place, so parallel runs never see half a model.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

# On a busy machine, OpenMP threads that spin while waiting (torch's and CTranslate2's default) burn CPU time
# the other tests need; sleeping threads give the same results. Set before anything loads torch.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

from align.datasets.samples import SAMPLES_DIR, sample_path
from align.testing.random_model import BUILDER_VERSION, build_random_marian

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = SAMPLES_DIR
SEED = sample_path("bannon-brexit")
CLEAN = sample_path("macedonia-referendum")


def _has_dictionary() -> bool:
    from align.repair.lexicon import dictionary_problem

    return dictionary_problem() is None


HAS_DICTIONARY = _has_dictionary()
if os.environ.get("NEWSALIGN_REQUIRE_DICTIONARY") and not HAS_DICTIONARY:  # CI installs it: never skip there
    raise RuntimeError("NEWSALIGN_REQUIRE_DICTIONARY is set but the hunspell Arabic dictionary is not usable")
# The seed's translated paragraphs: without the dictionary a ligature glyph at a paragraph break stays
# undecoded and the two paragraphs around it stay one.
SEED_PARAGRAPHS = 21 if HAS_DICTIONARY else 20
# For tests whose expected output was made with the hunspell Arabic dictionary (repairs it confirms).
needs_dictionary = pytest.mark.skipif(
    not HAS_DICTIONARY,
    reason="needs the hunspell Arabic dictionary (apt-get install hunspell-ar libenchant-2-2; "
    "pip install newsalign[spell])",
)


def _cache_root() -> Path:
    return Path(os.environ.get("NEWSALIGN_TEST_CACHE") or Path.home() / ".cache" / "newsalign-test-models")


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:  # pragma: no cover - all three are dependencies
        return "none"


def random_model(**kwargs: Any) -> Path:
    """``build_random_marian(OUT, **kwargs)``, built once per key and kept (see the module docstring)."""
    key = {
        "builder": BUILDER_VERSION,
        "arguments": kwargs,
        "libraries": {p: _version(p) for p in ("torch", "transformers", "sentencepiece")},
    }
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]
    root = _cache_root()
    path = root / f"marian-{kwargs.get('shape', 'tiny')}-{digest}"
    if (path / "complete").is_file():
        return path
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", dir=root))
    try:
        build_random_marian(tmp / "model", **kwargs)
        (tmp / "model" / "complete").write_text(json.dumps(key, indent=1), encoding="utf-8")
        try:
            (tmp / "model").rename(path)
        except OSError:
            if not (path / "complete").is_file():  # not a parallel run finishing first: a real failure
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return path


@pytest.fixture(scope="session")
def tiny_model() -> Path:
    """A Marian model of the real format; every output runs to the length cap (random weights)."""
    return random_model(max_length=24)


@pytest.fixture(scope="session")
def short_model() -> Path:
    """Like ``tiny_model`` but with a 40-token input limit (to exercise splitting) and a bias towards
    end-of-sentence, so that some outputs end on their own, some are empty and some hit the cap."""
    return random_model(max_positions=40, max_length=40, eos_bias=8.0)


@pytest.fixture(scope="session", autouse=True)
def newsalign_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Converted models and caches go to a temporary home, never the user's."""
    home = tmp_path_factory.mktemp("home")
    old = os.environ.get("NEWSALIGN_HOME")
    os.environ["NEWSALIGN_HOME"] = str(home)
    yield home
    if old is None:
        del os.environ["NEWSALIGN_HOME"]
    else:
        os.environ["NEWSALIGN_HOME"] = old


@pytest.fixture(scope="session")
def tiny_engine(tiny_model: Path):  # type: ignore[no-untyped-def]
    from align.engines import EngineOptions, load_engine

    return load_engine(EngineOptions(model=str(tiny_model), device="cpu", threads=1, name="transformers"))


@pytest.fixture(scope="session")
def short_engine(short_model: Path):  # type: ignore[no-untyped-def]
    from align.engines import EngineOptions, load_engine

    return load_engine(EngineOptions(model=str(short_model), device="cpu", threads=1, name="transformers"))
