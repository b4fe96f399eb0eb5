"""Pairing an Arabic article with its English version through the translation (planted translations)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from align.alignment.bitext import english_sentences, pair_sentences, render_pairs
from align.cli.main import app
from align.errors import InputError
from align.ingest import read_article
from align.segment import build_document

from .conftest import CLEAN

ENGLISH = CLEAN.with_name("macedonia-referendum.en.txt")
DTD = Path(__file__).parent / "schemas" / "tmx14.dtd"


def planted(english: list[str]):  # type: ignore[no-untyped-def]
    """The sample article "translated" into a paraphrase of its English original: a stand-in for a real
    model's output, which the bridge needs and a random-weight model cannot give."""
    doc = build_document(read_article(CLEAN))
    paragraphs = []
    for paragraph in doc.paragraphs:
        segments = tuple(
            replace(s, translation=english.pop(0).replace(" the ", " a ").replace("Macedonia", "Makedonia"))
            for s in paragraph.segments
        )
        paragraphs.append(replace(paragraph, segments=segments))
    return replace(doc, paragraphs=tuple(paragraphs))


def test_pairs_follow_the_bridge() -> None:
    english = english_sentences(read_article(ENGLISH))
    assert len(english) == 6
    # the published version joins its second and third sentences into one
    published = [english[0], english[1], f"{english[2]} {english[3]}", english[4], english[5]]
    pairs, alignment = pair_sentences(planted(list(english)), published, source=str(ENGLISH))
    assert [p.segments for p in pairs] == [("p1.s1",), ("p2.s1",), ("p2.s2", "p3.s1"), ("p3.s2",), ("p3.s3",)]
    assert pairs[2].english == published[2]
    assert pairs[0].arabic.startswith("سيتوجه الشعب المقدوني")
    assert alignment.unaligned_hypothesis == alignment.unaligned_reference == 0
    assert all(0.0 <= p.confidence <= 1.0 for p in pairs)


def test_pairs_render_and_validate() -> None:
    english = english_sentences(read_article(ENGLISH))
    pairs, _ = pair_sentences(planted(list(english)), english)
    tmx = render_pairs(pairs, "tmx", signature="sig")
    tree = etree.fromstring(tmx.encode())
    assert etree.DTD(str(DTD)).validate(tree)
    units = tree.findall(".//tu")
    assert len(units) == len(pairs) == 6
    assert units[0].find("tuv/seg").text == pairs[0].arabic  # type: ignore[union-attr]
    rows = render_pairs(pairs, "tsv").splitlines()
    assert rows[0] == "arabic\tenglish\tconfidence\tsegments" and len(rows) == 7
    records = [json.loads(line) for line in render_pairs(pairs, "jsonl").splitlines()]
    assert [r["english"] for r in records] == english


def test_unrelated_english_is_refused() -> None:
    english = english_sentences(read_article(ENGLISH))
    unrelated = [
        "The weather was sunny in Oslo.",
        "Markets fell sharply on Tuesday.",
        "A cat sat on the mat.",
    ]
    with pytest.raises(InputError, match="does not align"):
        pair_sentences(planted(list(english)), unrelated, source="other.txt")


def test_pair_cli_refuses_when_the_bridge_is_noise(tiny_model: Path) -> None:
    # a random-weight model translates into noise: nothing can be paired, and newsalign says so
    result = CliRunner().invoke(app, ["pair", str(CLEAN), str(ENGLISH), "-m", str(tiny_model)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "does not align with the Arabic article" in result.stderr


def test_pair_cli_bad_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["pair", str(CLEAN), str(ENGLISH), "-o", str(tmp_path / "x.csv")])
    assert result.exit_code == 2
    assert "choose one of: tsv, jsonl, tmx" in result.stderr
