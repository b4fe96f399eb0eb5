"""Output safety: every character an article can hold reaches every output format either escaped, shown as a
visible symbol, or removed (never raw where the format forbids it, never crashing a writer); file names made
from input names are sanitised. (test_export.py checks the exchange formats in detail, test_review.py the
escaping of markup in the review page.)"""

from __future__ import annotations

import io
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
from rich.console import Console
from typer.testing import CliRunner

from align.cli.main import app
from align.cli.review import safe_stem
from align.document import Document, Flag
from align.engines.convert import converted_path, models_dir
from align.pipeline import load_document
from align.render.export import FORMATS
from align.render.html import to_html
from align.render.terminal import render_terminal

from .conftest import CLEAN

# Every C0 control, DEL, every C1 control, the XML non-characters, bidi overrides, line and paragraph
# separators, a lone surrogate, markup.
HAZARDS = (
    "".join(map(chr, range(0x20))) + "".join(map(chr, range(0x7F, 0xA0))) + "\ufffe\uffff\u202e\u2028\ud800"
)
MARKUP = "<script>alert(1)</script> & \"'"
RAW_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


@pytest.fixture(scope="module")
def hazardous() -> Document:
    """The clean sample, translated by hand, with every hazard in sources, translations and flag messages."""
    doc = load_document(CLEAN)
    paragraphs = []
    for paragraph in doc.paragraphs:
        segments = tuple(
            replace(
                s,
                source=f"{s.source} {HAZARDS} {MARKUP}",
                translation=f"English {HAZARDS} {MARKUP}",
                flags=(Flag("odd", "warning", f"message {HAZARDS} {MARKUP}"),),
            )
            for s in paragraph.segments
        )
        paragraphs.append(replace(paragraph, segments=segments))
    return replace(doc, paragraphs=tuple(paragraphs), meta=replace(doc.meta, source=f"name{HAZARDS}.txt"))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_formats_carry_no_raw_control_character(hazardous: Document, fmt: str) -> None:
    text = FORMATS[fmt](hazardous)
    text.encode("utf-8")  # writable as UTF-8: no lone surrogate
    if fmt == "jsonl":  # lossless: JSON escapes what it must
        records = [json.loads(line) for line in text.splitlines()]
        assert len(records) == len(hazardous.segments)
        assert records[0]["translation"] == f"English {HAZARDS} {MARKUP}".replace("\ud800", "")
        return
    # XML 1.0 allows tab, LF and CR, and the XML writers also turn CR into LF; U+0085 is allowed in XML
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", text)
    if fmt in ("tmx", "xliff"):
        root = ET.fromstring(text.encode("utf-8"))  # well-formed
        assert any(MARKUP in (e.text or "") for e in root.iter())  # markup is text, escaped by the writer


def test_document_json_round_trips_every_character(hazardous: Document) -> None:
    text = hazardous.to_json()
    text.encode("utf-8")
    assert not re.search("[\x00-\x1f\ud800-\udfff]", text.replace("\n", ""))  # what JSON must escape
    assert Document.from_json(text) == hazardous


def test_review_page_shows_control_characters_as_symbols(hazardous: Document) -> None:
    page = to_html(hazardous)
    assert not RAW_CONTROL.search(page)
    assert "\u241b" in page and "\u2400" in page and "\u2421" in page  # ␛ ␀ ␡
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_terminal_review_cannot_be_hijacked_by_escape_sequences(hazardous: Document) -> None:
    console = Console(width=120, file=io.StringIO(), force_terminal=False, color_system=None)
    with console.capture() as captured:
        render_terminal(hazardous, console, bidi="off", width=120)
    out = captured.get()
    assert not RAW_CONTROL.search(out)
    assert "\u241b" in out and MARKUP.split()[0] in out


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("article.ar.txt", "article.ar"),
        ("../../etc/passwd", "passwd"),
        ("/tmp/x/.hidden.txt", "hidden"),
        ("مقال عن الانتخابات.pdf", "review"),
        ("news 2024 (final)\n\x1b[31m.docx", "news-2024-final-31m"),
        ("<stdin>", "stdin"),
        ("", "review"),
        ("..", "review"),
        ("a" * 300 + ".txt", "a" * 60),
    ],
)
def test_file_names_made_from_input_names(source: str, expected: str) -> None:
    assert safe_stem(source) == expected


def test_review_open_names_its_page_safely(
    hazardous: Document, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc_json = tmp_path / "doc.json"
    doc_json.write_text(replace(hazardous, meta=replace(hazardous.meta, source="../" + "x" * 400)).to_json())
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url, *a, **k: opened.append(url) or True)
    result = CliRunner().invoke(app, ["review", str(doc_json), "--open"])
    assert result.exit_code == 0, result.output
    page = Path(url2pathname(urlparse(opened[0]).path))
    assert page.parent == Path(tempfile.gettempdir()) and len(page.name) < 100
    assert re.fullmatch(r"newsalign-x{60}-[\w]+\.html", page.name)
    page.unlink()


@pytest.mark.parametrize(
    "model", ["..", "../../evil", "/abs/path/model", "a/../../b", "C:\\models\\m", "x" * 500, ""]
)
def test_converted_model_folders_stay_inside_the_models_folder(model: str) -> None:
    path = converted_path(model, "0123456789abcdef0123", "int8")
    assert path.parent == models_dir()
    assert not path.name.startswith(".") and len(path.name) < 120
    assert re.fullmatch(r"[A-Za-z0-9._-]+@[0-9a-f]{16}@int8", path.name)
