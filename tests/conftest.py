"""Shared fixtures. The models are built here, with random weights, so no test needs the network."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from align.testing.random_model import build_random_marian

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "bannon-brexit.ar.txt"
CLEAN = SAMPLES / "macedonia-referendum.ar.txt"


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Marian model of the real format; every output runs to the length cap (random weights)."""
    return build_random_marian(tmp_path_factory.mktemp("tiny"), max_length=24)


@pytest.fixture(scope="session")
def short_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Like ``tiny_model`` but with a 40-token input limit (to exercise splitting) and a bias towards
    end-of-sentence, so that some outputs end on their own, some are empty and some hit the cap."""
    return build_random_marian(
        tmp_path_factory.mktemp("short"), max_positions=40, max_length=40, eos_bias=8.0
    )


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
