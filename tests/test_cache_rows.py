"""The translation cache is the user's file: every row is checked when read, and a bad one is a one-line
CacheError naming the cache (and, on the command line, --no-cache), never a bare JSON or type error."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli.main import app
from align.engines.base import Hypothesis
from align.errors import CacheError
from align.translate.cache import TranslationCache

from .conftest import CLEAN

GOOD = Hypothesis(
    text="Hello.", pieces=("▁Hello", "."), n_tokens=3, capped=False, score=-0.5, alignment=((0, 1),)
)


def stored(path: Path, value: str) -> None:
    db = sqlite3.connect(path)
    db.execute("UPDATE translations SET value = ?", (value,))
    db.commit()
    db.close()


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"text": 5, "pieces": [], "n_tokens": 1, "capped": false}', "'text' is not a string"),
        (
            '{"text": "a", "pieces": "ab", "n_tokens": 1, "capped": false}',
            "'pieces' is not a list of strings",
        ),
        ('{"text": "a", "pieces": [], "n_tokens": -1, "capped": false}', "'n_tokens' is not a count"),
        ('{"text": "a", "pieces": [], "n_tokens": 1, "capped": "no"}', "'capped' is not true or false"),
        (
            '{"text": "a", "pieces": [], "n_tokens": 1, "capped": false, "score": "x"}',
            "'score' is not a number",
        ),
        ('{"text": "a", "pieces": [], "n_tokens": 1, "capped": false, "alignment": [[0]]}', "index pairs"),
        ('{"text": "a", "pieces": [], "n_tokens": 1, "capped": false, "extra": 1}', "unknown field 'extra'"),
    ],
)
def test_a_malformed_row_is_a_cache_error(tmp_path: Path, value: str, problem: str) -> None:
    path = tmp_path / "translations.sqlite"
    cache = TranslationCache(path)
    cache.put_many([("k", GOOD)])
    assert cache.get_many(["k"]) == {"k": GOOD}
    stored(path, value)
    with pytest.raises(CacheError) as info:
        cache.get_many(["k"])
    cache.close()
    message = str(info.value)
    assert message.startswith(f"{path}: a malformed entry in the translation cache")
    assert problem in message and "\n" not in message
    assert info.value.setting == "cache" and "--no-cache" not in message  # the library names no options


def test_the_command_line_names_the_cache_and_no_cache(
    tmp_path: Path, tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSALIGN_HOME", str(tmp_path))
    args = ["translate", str(CLEAN), "-m", str(tiny_model), "--engine", "transformers", "-q"]
    runner = CliRunner()
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    stored(tmp_path / "translations.sqlite", json.dumps({"text": None}))
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"newsalign: error: {tmp_path / 'translations.sqlite'}: a malformed entry"
    )
    assert result.stderr.rstrip().endswith("delete the file, or pass --no-cache")
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.output
    assert runner.invoke(app, [*args, "--no-cache"]).exit_code == 0
