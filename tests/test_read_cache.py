"""A repaired article is kept and read back instead of repaired again: under a key of everything that decides
the repair, never served for anything else, bounded, and rebuilt when damaged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import align.pipeline as pipeline
import align.read_cache as read_cache
from align.cli import app
from align.datasets.samples import sample_path
from align.pipeline import RunOptions, Translator
from align.repair import RepairOptions, lexicon

SEED = sample_path("bannon-brexit")
runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSALIGN_HOME", str(tmp_path / "home"))
    return tmp_path / "home" / "cache" / "repaired"


@pytest.fixture
def repairs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The sources repair_text is really run on."""
    calls: list[str] = []
    real = pipeline.repair_text

    def counting(raw: str, *args: object, **kwargs: object) -> object:
        calls.append(raw)
        return real(raw, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "repair_text", counting)
    return calls


def read(path: Path, **options: object) -> str:
    """The Document read, as JSON without the time it was made."""
    data = json.loads(Translator(RunOptions(**options)).read(path).to_json())  # type: ignore[arg-type]
    assert data["meta"].pop("created_at")
    return json.dumps(data)


def test_an_article_read_again_is_not_repaired_again(home: Path, repairs: list[str]) -> None:
    first = read(SEED)
    assert len(repairs) == 1 and len(list(home.glob("*.json"))) == 1
    assert read(SEED) == first  # the same Document, from the kept copy
    assert len(repairs) == 1


def test_anything_that_decides_the_repair_is_part_of_the_key(
    home: Path, repairs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = read(SEED)
    no_dictionary = read(SEED, repair=RepairOptions(dictionary=False))
    with_map = read(SEED, repair=RepairOptions(glyph_map={"\ue005": "0"}))
    assert len(repairs) == 3 and len({plain, no_dictionary, with_map}) >= 2
    changed = tmp_path / "changed.ar.txt"
    changed.write_text(SEED.read_text(encoding="utf-8").replace("بانون", "بانن", 1), encoding="utf-8")
    read(changed)
    copy = tmp_path / "copy.ar.txt"
    copy.write_bytes(SEED.read_bytes())
    assert json.loads(read(copy))["meta"]["source"] == str(copy)  # another file, its own name
    assert len(repairs) == 5
    # Another dictionary (installed, removed or updated) or other code: repaired again.
    monkeypatch.setattr(lexicon, "_probe_dictionary", lambda: ("ar|hunspell|/elsewhere/ar.dic:1:2", None))
    read(SEED)
    monkeypatch.setattr(read_cache, "_code_digest", lambda: "another version of the code")
    read(SEED)
    assert len(repairs) == 7
    read(SEED)
    assert len(repairs) == 7


def test_caller_word_counts_are_not_kept(home: Path, repairs: list[str]) -> None:
    from align.repair.wordstats import WordStats

    options = RepairOptions(word_stats=WordStats.from_sentences([], "none"))
    read(SEED, repair=options)
    read(SEED, repair=options)
    assert len(repairs) == 2 and not list(home.glob("*.json"))


def test_without_the_cache_nothing_is_kept(home: Path, repairs: list[str]) -> None:
    read(SEED, cache=False)
    read(SEED, cache=False)
    assert len(repairs) == 2 and not home.exists()


def test_a_damaged_entry_is_repaired_again_and_replaced(home: Path, repairs: list[str]) -> None:
    first = read(SEED)
    (entry,) = home.glob("*.json")
    for damage in ("", "{not json", json.dumps({"schema": "something else"})):
        entry.write_text(damage, encoding="utf-8")
        assert read(SEED) == first
    assert len(repairs) == 4
    assert read(SEED) == first and len(repairs) == 4  # the replaced entry is good


def test_entries_are_bounded(
    home: Path, repairs: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(read_cache, "KEEP", 3)
    for n in range(6):
        article = tmp_path / f"a{n}.ar.txt"
        article.write_text(f"هذه مقالة قصيرة رقم {n}.\n", encoding="utf-8")
        read(article)
    assert len(list(home.glob("*.json"))) == 3


def test_an_unwritable_home_is_no_error(home: Path, repairs: list[str]) -> None:
    home.parent.mkdir(parents=True)
    home.write_text("a file where the folder would be", encoding="utf-8")
    first = read(SEED)
    assert read(SEED) == first and len(repairs) == 2


def test_translate_from_a_kept_repair_writes_what_a_fresh_one_does(home: Path, tiny_model: Path) -> None:
    args = ["translate", str(SEED), "-m", str(tiny_model), "-q"]
    fresh = runner.invoke(app, [*args, "--no-cache"])
    assert fresh.exit_code == 0, fresh.output
    assert not home.exists()
    first = runner.invoke(app, args)
    kept = runner.invoke(app, args)
    assert len(list(home.glob("*.json"))) == 1
    assert fresh.stdout == first.stdout == kept.stdout


def test_clean_always_repairs(home: Path, repairs: list[str]) -> None:
    for _ in range(2):
        result = runner.invoke(app, ["clean", str(SEED)])
        assert result.exit_code == 0, result.output
    assert len(repairs) == 2 and not home.exists()
