"""Bad input on the command line: one line naming the file and the problem, exit code 2, no traceback and
no output file. (More cases: test_cli.py for missing, empty, binary and undecodable articles; test_ingest*.py
for the readers; test_export.py and test_review.py for Document files.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli.main import app

from .conftest import CLEAN

runner = CliRunner()
FIXTURES = Path(__file__).parent / "fixtures"
ENGLISH = "Voters in North Macedonia go to the polls on Sunday.\n\nThe referendum asks about the name.\n"


def run(*args: str, input: bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def error_line(result) -> str:  # type: ignore[no-untyped-def]
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return str(lines[0])


# -- text with no Arabic -------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["translate", "clean", "review"])
def test_text_without_arabic_is_refused_unless_forced(command: str, tiny_model: Path, tmp_path: Path) -> None:
    article = tmp_path / "english.txt"
    article.write_text(ENGLISH, encoding="utf-8")
    model = [] if command == "clean" else ["-m", str(tiny_model), "--engine", "transformers"]
    out = tmp_path / ("out.html" if command == "review" else "out.txt")
    output = ["--html", str(out)] if command == "review" else ["-o", str(out)]
    result = run(command, str(article), *model, *output)
    assert result.exit_code == 2, result.output
    assert error_line(result) == (
        f"newsalign: error: {article}: has no Arabic text (nothing for an Arabic model to translate);"
        " pass --force to go on anyway"
    )
    assert not out.exists()

    forced = run(command, str(article), *model, *output, "--force")
    assert forced.exit_code == 0, forced.output
    assert out.exists()


def test_no_arabic_from_standard_input_names_it(tiny_model: Path) -> None:
    result = run("translate", "-", "-m", str(tiny_model), input=ENGLISH.encode())
    assert result.exit_code == 2
    assert "<stdin>: has no Arabic text" in error_line(result)


def test_presentation_forms_count_as_arabic() -> None:
    # what some PDF extractors emit instead of the letters: repair turns them into letters
    result = run("clean", "-", input="\ufee3\ufeae\ufea3\ufe92\ufe8e.\n".encode())
    assert result.exit_code == 0, result.output
    assert result.stdout == "مرحبا.\n"


# -- size limit ------------------------------------------------------------------------------------------


def test_input_over_the_size_limit(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = run("clean", str(CLEAN), "--max-size", "1kB", "-o", str(out))
    assert result.exit_code == 2
    assert error_line(result) == (
        f"newsalign: error: {CLEAN}: input is larger than the 1 kB limit; raise it with --max-size"
    )
    assert not out.exists()
    assert run("clean", str(CLEAN), "--max-size", "2KiB").exit_code == 0


def test_default_size_limit_is_20_mib(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    line = ("كلمة " * 20 + "\n").encode()
    big.write_bytes(line * (20 * 1024 * 1024 // len(line) + 1))
    result = run("clean", str(big))
    assert result.exit_code == 2
    assert "input is larger than the 20 MiB limit" in error_line(result)
    result = run("clean", "-", "--max-size", "100", input=CLEAN.read_bytes())
    assert "<stdin>: input is larger than the 100 bytes limit" in error_line(result)


@pytest.mark.parametrize("value", ["lots", "5 parsecs", "0", "-1MB", "1.5.2k"])
def test_invalid_size_says_how_to_write_one(value: str) -> None:
    result = runner.invoke(app, ["clean", str(CLEAN), "--max-size", value], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    words = " ".join(result.output.replace("│", " ").split())
    assert "Invalid value for '--max-size'" in words and "write e.g. 50MB, 20MiB, 800k" in words


# -- the format is told by the content ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "name", "fmt"),
    [("pdf/news-2col.pdf", "article.txt", "pdf"), ("docx/article.docx", "article.pdf", "docx")],
)
def test_wrong_extension_is_read_by_content(fixture: str, name: str, fmt: str, tmp_path: Path) -> None:
    article = tmp_path / name
    shutil.copyfile(FIXTURES / fixture, article)
    result = run("clean", str(article), "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["meta"]["format"] == fmt


def test_damaged_pdf_with_a_text_extension(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes((FIXTURES / "pdf" / "news-2col.pdf").read_bytes()[:3000])
    result = run("clean", str(article))
    assert result.exit_code == 2
    line = error_line(result)
    assert line.startswith(f"newsalign: error: {article}: ") and "PDF" in line


# -- file names ------------------------------------------------------------------------------------------


def test_a_file_name_with_control_characters_stays_one_harmless_line(tmp_path: Path) -> None:
    article = tmp_path / "bad\nname\x1b[31m.txt"
    result = run("clean", str(article))
    assert result.exit_code == 2
    line = error_line(result)
    assert "\x1b" not in line and "bad\\nname\\x1b[31m.txt: no such file" in line


# -- models ----------------------------------------------------------------------------------------------


def _model_copy(tiny_model: Path, folder: Path) -> Path:
    shutil.copytree(tiny_model, folder)
    return folder


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        ("bad-json", "config.json is not valid JSON"),
        ("no-weights", "has no weights (model.safetensors or pytorch_model.bin)"),
        ("bert", "is a 'bert' model, not a sequence-to-sequence translation model"),
        ("broken-weights", "cannot "),
        ("no-tokenizer", "cannot load the model in this directory"),
    ],
)
@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_unusable_model_directory(
    tiny_model: Path, tmp_path: Path, damage: str, message: str, engine: str
) -> None:
    if engine == "ctranslate2":
        pytest.importorskip("ctranslate2")
        if damage == "no-tokenizer":
            message = "cannot "  # the conversion or the tokenizer fails first
    model = _model_copy(tiny_model, tmp_path / "model")
    if damage == "bad-json":
        (model / "config.json").write_text("{", encoding="utf-8")
    elif damage == "no-weights":
        (model / "model.safetensors").unlink()
    elif damage == "bert":
        (model / "config.json").write_text(json.dumps({"model_type": "bert"}), encoding="utf-8")
    elif damage == "broken-weights":
        (model / "model.safetensors").write_bytes(b"\x00" * 64)
    else:
        for name in ("source.spm", "target.spm", "vocab.json"):
            (model / name).unlink()
    out = tmp_path / "out.txt"
    result = run("translate", str(CLEAN), "-m", str(model), "--engine", engine, "-o", str(out))
    assert result.exit_code == 2, result.output
    line = error_line(result)
    assert line.startswith(f"newsalign: error: {model}: ") and message in line
    assert not out.exists()
