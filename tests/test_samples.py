"""Shipped samples (``newsalign samples``), the random-model builder's packaged training text and
``newsalign models random``, and the warning when the hunspell dictionary is missing."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import align.repair.lexicon as lexicon
from align.cli.main import app
from align.datasets.samples import SAMPLES, SAMPLES_DIR, sample_path, sample_text
from align.repair import REPAIR_VERSION
from align.testing import random_model

from .conftest import CLEAN, SEED

runner = CliRunner()


def test_every_shipped_sample_is_listed_and_every_listed_one_shipped() -> None:
    texts = {p.name for p in SAMPLES_DIR.glob("*.txt")}
    assert texts == {s.file for s in SAMPLES.values()}
    assert (SAMPLES_DIR / "README.md").is_file() and (SAMPLES_DIR / "LICENSE-NTREX-CC-BY-SA-4.0.md").is_file()


def test_samples_list_path_and_show() -> None:
    listed = runner.invoke(app, ["samples", "list"])
    assert listed.exit_code == 0, listed.output
    rows = [line.split("\t") for line in listed.stdout.splitlines()]
    assert [(name, lang) for name, lang, _ in rows] == [
        ("bannon-brexit", "ar"),
        ("macedonia-referendum", "ar"),
        ("macedonia-referendum.en", "en"),
    ]
    path = runner.invoke(app, ["samples", "path", "bannon-brexit"])
    assert path.exit_code == 0 and Path(path.stdout.strip()) == SEED
    assert runner.invoke(app, ["samples", "path", "bannon-brexit.ar.txt"]).stdout.strip() == str(SEED)
    shown = runner.invoke(app, ["samples", "show", "macedonia-referendum"])
    assert shown.exit_code == 0 and shown.stdout == CLEAN.read_text(encoding="utf-8")
    assert sample_text("bannon-brexit").encode("utf-8") == SEED.read_bytes()  # byte for byte


@pytest.mark.parametrize("command", ["path", "show"])
def test_unknown_sample_is_a_usage_error(command: str) -> None:
    result = runner.invoke(app, ["samples", command, "brexit"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "newsalign: error: unknown sample 'brexit'; choose one of bannon-brexit, macedonia-referendum, "
        "macedonia-referendum.en"
    )
    assert result.stdout == ""


def test_translate_a_sample_by_its_path(tiny_model: Path) -> None:
    result = runner.invoke(
        app, ["translate", str(sample_path("macedonia-referendum")), "-m", str(tiny_model), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert len(result.stdout.rstrip("\n").split("\n\n")) == 3  # a title and two paragraphs


def test_random_model_trains_on_the_packaged_samples_only(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    original = random_model._sample_lines

    def spy(names: tuple[str, ...]) -> list[str]:
        read.extend(names)
        return original(names)

    monkeypatch.setattr(random_model, "_sample_lines", spy)
    lines = random_model._sample_lines(random_model.TRAINING_SOURCE)
    assert read == ["bannon-brexit", "macedonia-referendum"]
    assert lines[0] == SEED.read_text(encoding="utf-8").splitlines()[0]
    assert random_model._sample_lines(random_model.TRAINING_TARGET)[0].startswith("Macedonians go to polls")


def test_models_random_refuses_a_used_folder_and_a_bad_shape(tmp_path: Path) -> None:
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "x").write_text("", encoding="utf-8")
    used = runner.invoke(app, ["models", "random", str(tmp_path / "used")])
    assert used.exit_code == 2 and "exists and is not an empty folder" in used.stderr
    shape = runner.invoke(app, ["models", "random", str(tmp_path / "new"), "--shape", "huge"])
    assert shape.exit_code == 2 and "choose one of opus-mt, tiny" in shape.stderr
    assert not (tmp_path / "new").exists()


def test_models_random_builds_a_model_translate_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[dict[str, object]] = []

    def build(out: Path, **kwargs: object) -> Path:  # the real build is the wheel smoke test's and conftest's
        calls.append(kwargs)
        Path(out).mkdir(parents=True)
        return Path(out)

    monkeypatch.setattr(random_model, "build_random_marian", build)
    result = runner.invoke(
        app, ["models", "random", str(tmp_path / "m"), "--max-length", "32", "--seed", "3"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'm'}\n"
    assert calls == [{"shape": "tiny", "max_length": 32, "num_beams": 1, "seed": 3}]


# -- the hunspell dictionary, when it is missing --------------------------------------------------------


@pytest.fixture
def no_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon, "_probe_dictionary", lambda: ("none", "pyenchant is not installed"))
    monkeypatch.setattr(lexicon, "_load_dictionary", lambda: (None, "pyenchant is not installed"))


def test_clean_warns_once_what_is_lost_and_how_to_get_it(no_dictionary: None) -> None:
    result = runner.invoke(app, ["clean", str(SEED)])
    assert result.exit_code == 0, result.output
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(
        "newsalign: warning: no Arabic dictionary (pyenchant is not installed): fewer repairs"
    )
    assert "lost-glyph" in line and "apt-get install hunspell-ar libenchant-2-2" in line
    assert "newsalign[spell]" in line
    assert "[glyph U+E0A5 U+E072]" in result.stdout  # the ligature the dictionary would have confirmed


def test_translate_warns_unless_quiet_or_no_dictionary_asked(no_dictionary: None, tiny_model: Path) -> None:
    args = ["translate", str(CLEAN), "-m", str(tiny_model)]
    loud = runner.invoke(app, args)
    assert loud.exit_code == 0, loud.output
    assert loud.stderr.count("warning: no Arabic dictionary") == 1
    assert f"repair:{REPAIR_VERSION}|" in loud.stderr  # the signature says no dictionary was used
    assert "warning" not in runner.invoke(app, [*args, "-q"]).stderr
    assert "warning" not in runner.invoke(app, [*args, "--no-dictionary"]).stderr


def test_no_warning_on_bad_input(no_dictionary: None, tmp_path: Path) -> None:
    result = runner.invoke(app, ["clean", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "no Arabic dictionary" not in result.stderr


def test_dictionary_problem_names_the_missing_part(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    lexicon._probe_dictionary.cache_clear()
    lexicon._load_dictionary.cache_clear()
    monkeypatch.setitem(sys.modules, "enchant", None)  # import fails as when pyenchant is absent
    try:
        assert lexicon.dictionary_problem() == "pyenchant is not installed"
        assert lexicon.dictionary_identity() == "none"
        assert lexicon._dictionary() is None
    finally:
        lexicon._probe_dictionary.cache_clear()
        lexicon._load_dictionary.cache_clear()
