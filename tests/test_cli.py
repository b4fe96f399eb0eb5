"""The command line, end to end, on models built by the fixtures (no network)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align import __version__
from align.cli.main import app
from align.document import Document
from align.segment import split_paragraphs

from .conftest import CLEAN, HAS_DICTIONARY, SEED, SEED_PARAGRAPHS

runner = CliRunner()


def run(*args: str, input: bytes | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), input=input)


def error_line(result) -> str:  # type: ignore[no-untyped-def]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def test_translate_seed_text(tiny_model: Path) -> None:
    result = run("translate", str(SEED), "--model", str(tiny_model))
    assert result.exit_code == 0, result.output
    # repaired: the article's 20 paragraphs and its source line; the 4 pull-quotes are not translated
    out_paragraphs = result.stdout.rstrip("\n").split("\n\n")
    assert len(out_paragraphs) == SEED_PARAGRAPHS
    assert all(p.strip() and "\n" not in p for p in out_paragraphs)
    assert "segments flagged" in result.stderr
    # the years are decoded before translation; the ligature glyphs only with the dictionary's help
    assert ("lost-glyph" in result.stderr) is not HAS_DICTIONARY
    assert ("warning: no Arabic dictionary" in result.stderr) is not HAS_DICTIONARY
    assert "run-order-suspect" in result.stderr and "4 pull-quote(s)" in result.stderr
    assert f"newsalign:{__version__}|repair:v9" in result.stderr and "|beam:1|maxlen:24|" in result.stderr


def test_translate_seed_without_repair_keeps_raw_paragraphs(tiny_model: Path) -> None:
    result = run("translate", str(SEED), "--model", str(tiny_model), "--no-repair")
    assert result.exit_code == 0, result.output
    source_paragraphs = split_paragraphs(SEED.read_text(encoding="utf-8"))
    assert len(result.stdout.rstrip("\n").split("\n\n")) == len(source_paragraphs)
    assert "lost-glyph" in result.stderr  # what repair prevents: the years' glyphs reach the model
    assert "|repair:none|" in result.stderr


def test_translate_json_output_file(tiny_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.json"
    result = run("translate", str(CLEAN), "-m", str(tiny_model), "-o", str(out), "--beam", "2", "-q")
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == ""
    doc = Document.from_json(out.read_text(encoding="utf-8"))
    assert [len(p.segments) for p in doc.paragraphs] == [1, 2, 3]
    assert doc.meta.run is not None and doc.meta.run.beam == 2
    assert doc.meta.source == str(CLEAN)
    assert not list(tmp_path.glob(".*.tmp"))  # the temporary file was renamed into place


def test_translate_text_to_file_and_explicit_format(tiny_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = run("translate", str(CLEAN), "-m", str(tiny_model), "-o", str(out), "--format", "text", "-q")
    assert result.exit_code == 0, result.output
    assert len(out.read_text(encoding="utf-8").rstrip("\n").split("\n\n")) == 3


def test_translate_stdin(tiny_model: Path) -> None:
    from_file = run("translate", str(CLEAN), "-m", str(tiny_model), "-q")
    from_stdin = run("translate", "-", "-m", str(tiny_model), "-q", input=CLEAN.read_bytes())
    assert from_stdin.exit_code == 0, from_stdin.output
    assert from_stdin.stdout == from_file.stdout


def test_model_from_environment(tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSALIGN_MODEL", str(tiny_model))
    result = run("translate", str(CLEAN), "-q", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["meta"]["run"]["model"] == str(tiny_model)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b" \n\n ", "is empty"),
        (b"caf\xe9 cr\xe8me", "not valid UTF-8"),
        (b"\x7fELF\x02\x01\x01\x00\x00", "looks binary"),
    ],
)
def test_bad_input_exit_2_one_line_no_output(
    tiny_model: Path, tmp_path: Path, content: bytes | None, message: str
) -> None:
    article = tmp_path / "article.txt"
    if content is not None:
        article.write_bytes(content)
    out = tmp_path / "out.txt"
    result = run("translate", str(article), "-m", str(tiny_model), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert error_line(result) == f"newsalign: error: {article}: {message}" or message in error_line(result)
    assert str(article) in error_line(result)
    assert not out.exists()


def test_directory_input(tmp_path: Path) -> None:
    result = run("translate", str(tmp_path))
    assert result.exit_code == 2
    assert error_line(result) == f"newsalign: error: {tmp_path}: is a directory, not an article file"


def test_missing_model_directory_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    result = run("translate", str(CLEAN), "--model", str(tmp_path / "nope"), "-o", str(out))
    assert result.exit_code == 2
    assert "model directory not found" in error_line(result)
    assert not out.exists()


def test_hub_model_offline_exit_1(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    out = tmp_path / "out.txt"
    result = run("translate", str(CLEAN), "--model", "Helsinki-NLP/opus-mt-xx-yy", "-o", str(out))
    assert result.exit_code == 1
    line = error_line(result)
    assert "Helsinki-NLP/opus-mt-xx-yy" in line and "HF_HUB_OFFLINE" in line and "--model PATH" in line
    assert not out.exists()


def test_output_directory_missing(tiny_model: Path, tmp_path: Path) -> None:
    result = run("translate", str(CLEAN), "-m", str(tiny_model), "-o", str(tmp_path / "no" / "out.txt"))
    assert result.exit_code == 2
    assert "output directory does not exist" in error_line(result)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--beam", "0"], "--beam"),
        (["--batch-size", "0"], "--batch-size"),
        (["--device", "tpu"], "'tpu' is not one of 'auto', 'cpu', 'cuda', 'mps'"),
        (["--format", "xml"], "'xml' is not one of 'text', 'json'"),
        (["--engine", "marian"], "'marian' is not one of 'auto', 'transformers'"),
    ],
)
def test_invalid_options_list_choices(args: list[str], message: str) -> None:
    result = run("translate", str(CLEAN), *args)
    assert result.exit_code == 2
    # the message sits in a box that wraps lines; compare the words
    words = " ".join(result.output.replace("│", " ").split())
    assert message in words


def test_help_explains_every_option() -> None:
    result = runner.invoke(app, ["translate", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    for option in [
        "--output",
        "--format",
        "--model",
        "--revision",
        "--engine",
        "--beam",
        "--max-length",
        "--batch-size",
        "--device",
        "--threads",
        "--quiet",
        "--verbose",
        "--no-repair",
        "--pua-map",
        "--no-dictionary",
    ]:
        assert option in result.output
    assert "Helsinki-NLP/opus-mt-ar-en" in result.output


def test_version_and_module_entry_point() -> None:
    assert run("--version").stdout.strip() == f"newsalign {__version__}"
    result = subprocess.run(
        [sys.executable, "-m", "align", "--version"], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == f"newsalign {__version__}"


def test_help_does_not_import_torch() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from align.cli.main import app\n"
        "assert CliRunner().invoke(app, ['--help']).exit_code == 0\n"
        "assert CliRunner().invoke(app, ['translate', '--help']).exit_code == 0\n"
        "assert CliRunner().invoke(app, ['translate-corpus', '--help']).exit_code == 0\n"
        "heavy = ('torch', 'transformers', 'sentencepiece', 'ray', 'pyarrow')\n"
        "heavy = sorted(m for m in heavy if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_clean_prints_repaired_article() -> None:
    result = run("clean", str(SEED))
    assert result.exit_code == 0, result.output
    assert "\u0640" not in result.stdout and "\ue009" not in result.stdout
    assert "سنة 2015." in result.stdout
    assert result.stdout.rstrip("\n").split("\n\n")[-1] == "المصدر: نيويوركر"


def test_clean_report() -> None:
    result = run("clean", str(SEED), "--report")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith(f"Repair report: {SEED} (repair:v9")
    assert "tatweel removed: 821 characters" in out
    assert "U+E005=0" in out and "evidence:" in out
    assert "line 6: run-order:" in out and "line 173: footer:" in out
    assert out.count(": pullquote:") == 7  # 4 pull-quotes, 3 of them in two blocks
    assert "run-order-suspect (warning)" in out


def test_clean_json_and_output_file(tmp_path: Path) -> None:
    out = tmp_path / "clean.json"
    result = run("clean", str(SEED), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    doc = Document.from_json(out.read_text(encoding="utf-8"))
    assert doc.meta.repair is not None and doc.raw_text == SEED.read_text(encoding="utf-8")
    assert [p.kind for p in doc.paragraphs].count("pullquote") == 4
    assert all(s.translation is None for s in doc.segments)


def test_clean_with_glyph_map(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("قال في عام \ue101\ue102 شيئا.\n", encoding="utf-8")
    table = tmp_path / "map.json"
    table.write_text('{"U+E101": "1", "\ue102": "9"}', encoding="utf-8")
    result = run("clean", str(article), "--pua-map", str(table))
    assert result.exit_code == 0, result.output
    assert result.stdout == "قال في عام 19 شيئا.\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[1, 2]", "a glyph map is a JSON object"),
        ("{", "not a readable JSON glyph map"),
        ('{"AB": "1"}', "is not one character"),
    ],
)
def test_clean_bad_glyph_map(tmp_path: Path, content: str, message: str) -> None:
    table = tmp_path / "map.json"
    table.write_text(content, encoding="utf-8")
    result = run("clean", str(CLEAN), "--pua-map", str(table))
    assert result.exit_code == 2
    assert message in error_line(result) and str(table) in error_line(result)


def test_clean_bad_input(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("clean", str(empty))
    assert result.exit_code == 2
    assert error_line(result) == f"newsalign: error: {empty}: is empty (no text to translate)"


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    "article",
    [
        FIXTURES / "pdf" / "news-2col.pdf",
        FIXTURES / "html" / "article.html",
        FIXTURES / "docx" / "article.docx",
    ],
)
def test_translate_other_formats_keeps_the_source_paragraphs(tiny_model: Path, article: Path) -> None:
    gold = (article.with_name(article.name.rsplit(".", 1)[0] + ".gold.txt")).read_text(encoding="utf-8")
    result = run("translate", str(article), "-m", str(tiny_model), "-f", "json", "-q")
    assert result.exit_code == 0, result.output
    doc = Document.from_json(result.stdout)
    translated = [p for p in doc.paragraphs if p.translation is not None]
    assert len(translated) == len([p for p in gold.split("\n\n") if p.strip()])
    assert doc.meta.format == article.suffix.lstrip(".")
    assert translated[0].kind == "title"


def test_translate_from_stdin_pipe(tiny_model: Path) -> None:
    result = run("translate", "-", "-m", str(tiny_model), "-q", input=SEED.read_bytes())
    assert result.exit_code == 0, result.output
    assert len(result.stdout.rstrip("\n").split("\n\n")) == SEED_PARAGRAPHS


@pytest.mark.parametrize(
    ("suffix", "marker"),
    [
        (".tmx", "<tmx"),
        (".xlf", "urn:oasis:names:tc:xliff:document:2.0"),
        (".tsv", "paragraph\tsegment"),
        (".jsonl", '"id": "p1.s1"'),
    ],
)
def test_translate_writes_export_formats(tiny_model: Path, tmp_path: Path, suffix: str, marker: str) -> None:
    out = tmp_path / f"article{suffix}"
    result = run("translate", str(CLEAN), "-m", str(tiny_model), "-o", str(out), "-q")
    assert result.exit_code == 0, result.output
    assert marker in out.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("command", "name"), [("translate", "out.docx"), ("translate", "out.pdf"), ("clean", "x.tmx")]
)
def test_an_output_extension_that_names_no_format_is_refused(tmp_path: Path, command: str, name: str) -> None:
    out = tmp_path / name
    model = ["--model", str(tmp_path / "none")] if command == "translate" else []
    result = runner.invoke(app, [command, str(SEED), "-o", str(out), *model])
    assert result.exit_code == 2, result.output
    assert "cannot tell the format from the extension" in result.output
    assert not out.exists()
