"""Line-aligned MT output: the end of the files, and where two files of different lengths fall out of step."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli.main import app
from align.errors import InputError
from align.qa.lines import document_from_lines, first_divergence
from align.scoring.inputs import read_lines

runner = CliRunner()
_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
_ENGLISH = "abcdefghijklmnopqrstuvwxyz"


def _word(rng: random.Random, letters: str) -> str:
    return "".join(rng.choice(letters) for _ in range(rng.randint(2, 8)))


def _pairs(n: int, seed: int) -> tuple[list[str], list[str]]:
    """Arabic-looking lines of very different lengths and English ones 1.1 times as long, give or take."""
    rng = random.Random(seed)
    sources, translations = [], []
    for _ in range(n):
        words = rng.choice([3, 5, 8, 12, 20, 35])
        source = " ".join(_word(rng, _ARABIC) for _ in range(words))
        target_length = len(source) * rng.uniform(0.95, 1.3)
        translation = ""
        while len(translation) < target_length:
            translation += _word(rng, _ENGLISH) + " "
        sources.append(source)
        translations.append(translation.strip())
    return sources, translations


@pytest.mark.parametrize(
    ("content", "lines", "dropped"),
    [
        (b"one\ntwo\n", ["one", "two"], False),
        (b"one\ntwo", ["one", "two"], False),  # no final newline
        (b"one\ntwo\n\n", ["one", "two"], True),  # one blank line at the end
        (b"one\ntwo\n \n", ["one", "two"], True),  # a blank line of spaces
        (b"one\ntwo\n\n\n", ["one", "two", ""], True),  # only one blank line is forgiven
        (b"one\n\ntwo\n", ["one", "", "two"], False),  # blank lines inside are segments
    ],
)
def test_read_lines_at_the_end_of_a_file(
    tmp_path: Path, content: bytes, lines: list[str], dropped: bool
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    read = read_lines(path)
    assert list(read) == lines
    assert read.dropped_blank is dropped


def test_a_dropped_blank_line_is_restored_when_the_other_file_needs_it() -> None:
    sources = ["أ", "ب", "ج"]
    translations = read_lines_from(["A", "B", ""])  # the last sentence has an empty translation
    doc = document_from_lines(sources, translations, "src", "hyp")
    assert [s.translation for s in doc.segments] == ["A", "B", ""]


def read_lines_from(lines: list[str]):  # type: ignore[no-untyped-def]
    from align.scoring.inputs import Lines

    read = Lines(lines[:-1] if not lines[-1] else lines)
    read.dropped_blank = not lines[-1]
    return read


@pytest.mark.parametrize("seed", range(8))
def test_first_divergence_finds_a_dropped_line(seed: int) -> None:
    sources, translations = _pairs(60, seed)
    gone = random.Random(seed).randrange(5, 55)
    where = first_divergence(sources, translations[:gone] + translations[gone + 1 :])
    assert where is None or abs(where - (gone + 1)) <= 1, (gone + 1, where)


def test_first_divergence_is_found_in_most_cases() -> None:
    found = 0
    for seed in range(20):
        sources, translations = _pairs(60, seed)
        rng = random.Random(seed)
        k = rng.randrange(5, 55)
        merged = [*translations[:k], translations[k] + " " + translations[k + 1], *translations[k + 2 :]]
        where = first_divergence(sources, merged)
        assert where is None or abs(where - (k + 1)) <= 1
        found += where is not None
    assert found >= 12


def test_first_divergence_says_nothing_when_it_cannot_tell() -> None:
    assert first_divergence(["أ"], ["a", "b"]) is None
    same = ["كلمة كلمة"] * 10
    assert first_divergence(same, ["word word"] * 9) is None  # every place explains it equally


def _with_a_long_line(n: int, seed: int, long: int) -> tuple[list[str], list[str]]:
    """Pairs where line ``long`` (0-based) is far longer than its neighbours: dropping it is plain to see."""
    sources, translations = _pairs(n, seed)
    sources[long] = " ".join([sources[long]] * 6)
    translations[long] = " ".join([translations[long]] * 6)
    return sources, translations


def test_a_mismatch_names_where_the_files_part() -> None:
    sources, translations = _with_a_long_line(40, 3, 17)
    del translations[17]
    with pytest.raises(InputError) as caught:
        document_from_lines(sources, translations, "src.ar", "hyp.en")
    message = str(caught.value)
    assert "has 40 lines but hyp.en has 39; the files must be line-aligned" in message
    assert "fall out of step around line 18" in message


def test_cli_accepts_a_trailing_blank_line_and_names_a_real_mismatch(tmp_path: Path) -> None:
    src, hyp = tmp_path / "src.ar", tmp_path / "hyp.en"
    src.write_text(
        "بلغ العدد 244890 شخصا.\nقالت الوزارة إن الحرب مستمرة.", encoding="utf-8"
    )  # no final newline
    hyp.write_text(
        "The number reached 244,890 people.\nThe ministry said the war goes on.\n\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["qa", "--source", str(src), "--translation", str(hyp)])
    assert result.exit_code == 0, result.output
    assert "0 of 2 segments flagged" in result.stderr
    sources, translations = _with_a_long_line(40, 3, 17)
    src.write_text("\n".join(sources) + "\n", encoding="utf-8")
    hyp.write_text("\n".join(translations[:17] + translations[18:]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["qa", "--source", str(src), "--translation", str(hyp)])
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.strip().splitlines()
    assert str(src) in line and "has 40 lines but" in line and "around line 18" in line
