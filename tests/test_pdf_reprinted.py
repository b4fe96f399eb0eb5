"""Every PDF fixture printed again through cairo (poppler's ``pdftocairo -pdf``, the path of GTK and many
Linux print dialogs): another producer's encoding of the same pages, with its own fonts subsets, ToUnicode
maps and /ActualText spans, read as well as the original."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from align.document import Document
from align.pipeline import load_document
from eval.evaluation import extraction_score
from tests.test_pdf_producers import ALL, FURNITURE, PDFS, gold, numbers

pytestmark = pytest.mark.skipif(shutil.which("pdftocairo") is None, reason="needs poppler's pdftocairo")
# Typst's pages printed again through cairo are not read as their originals yet (CER 5 %): cairo gives the
# zero-width alef Typst draws inside every lam-alef the text of the first cluster it was drawn in ("لًا").
# TCPDF's pages printed again lose the producer's name, by which the reader knows to undo TCPDF's own
# bidirectional algorithm rather than the Unicode one (``align/ingest/tcpdfbidi.py``).
REPRINTED = [name for name in ALL if "-typst-" not in name and "-tcpdf-" not in name]


@pytest.fixture(scope="module")
def reprinted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    folder = tmp_path_factory.mktemp("cairo")
    out = {}
    for name in REPRINTED:
        pdf = folder / f"{name}.pdf"
        subprocess.run(["pdftocairo", "-pdf", str(PDFS / f"{name}.pdf"), str(pdf)], check=True, timeout=60)
        out[name] = load_document(pdf)
    return out


def _text(document: Document) -> list[str]:
    return [p.source for p in document.translated_paragraphs()]


@pytest.mark.parametrize("name", REPRINTED)
def test_reads_as_its_source_text(reprinted: dict[str, Document], name: str) -> None:
    score = extraction_score("newsalign", _text(reprinted[name]), gold(name))
    assert score.paragraphs == score.gold_paragraphs
    assert score.cer <= 0.01


@pytest.mark.parametrize("name", REPRINTED)
def test_every_number_is_kept_and_the_furniture_is_out(reprinted: dict[str, Document], name: str) -> None:
    text = " ".join(_text(reprinted[name]))
    assert numbers(text) == numbers(gold(name))
    assert not [f for f in FURNITURE[name] if f in text]


def test_kashidas_with_an_empty_replacement_text_are_no_word_spaces(reprinted: dict[str, Document]) -> None:
    # cairo wraps the kashida glyphs of the LibreOffice page in "/ActualText ()": read as glyphs of no text,
    # they split "يوم الأحد" into "ي وم الأح د".
    text = " ".join(_text(reprinted["news-2col"]))
    assert "يوم الأحد" in text and " وم " not in text


def test_a_letter_keeps_a_mark_only_where_one_is_drawn(reprinted: dict[str, Document]) -> None:
    # cairo's ToUnicode gives the alef with hamza the text of its first cluster, "أُ", everywhere; the damma
    # is drawn (as a glyph of no text) only on some of them.
    text = " ".join(_text(reprinted["news-2col"]))
    assert "أُجري" in text and "أُن " not in text and " أن " in text
    assert "[glyph" not in text


def test_garbled_words_case_table() -> None:
    from align.repair.glyphs import garbled_words

    assert garbled_words("اÿسحاب و'لصين كاJ 'لحر( جيد") == ["اÿسحاب", "و'لصين", "كاJ", "'لحر("]
    # Latin words glued to Arabic ones, numbers, quotes and brackets around words are text.
    assert garbled_words('وRedState الـV كوفيد-19 بـ"حراء" (آي إف آر) F125') == []
    # A word in single quotes looks the same; one or two in a paragraph are not enough for a flag.
    assert garbled_words("'مستعدة'") == ["'مستعدة'"]
    # Glyph numbers written as Latin Extended-B and IPA letters (Ghostscript's print of a TCPDF page).
    assert garbled_words(".ǰƖǲƱ ǘǱǹ ƔǝǬƱǫ في") == [".ǰƖǲƱ", "ǘǱǹ", "ƔǝǬƱǫ"]
    assert garbled_words("Ștefănescu Đoković Dvořák") == []


def test_a_paragraph_of_garbled_words_is_flagged() -> None:
    from align.repair import repair_text

    garbled = "'لحر( 'لتجارية بين 'لولايا* 'لمتحد) و'لصين كاJ لها أثر كبير على الاقتصاد العالمي."
    clean = "الحرب التجارية بين الولايات المتحدة والصين كان لها أثر كبير على الاقتصاد العالمي."
    flags = [f for p in repair_text(f"{garbled}\n\n{clean}\n").paragraphs for f in p.flags]
    assert [f.code for f in flags] == ["garbled-text"] and flags[0].severity == "error"
    assert "6 of 13 words" in flags[0].message and "ToUnicode" in flags[0].message


@pytest.mark.skipif(shutil.which("gs") is None, reason="needs Ghostscript")
def test_a_text_layer_ghostscript_garbled_is_flagged(tmp_path: Path) -> None:
    # Ghostscript's pdfwrite re-encodes XeTeX's fonts with glyph numbers as character codes for some glyphs:
    # "الحرب" comes out as "'لحر(" from every extractor. The words cannot be read back; they are flagged.
    pdf = tmp_path / "gs.pdf"
    subprocess.run(
        [
            "gs",
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-sDEVICE=pdfwrite",
            f"-sOutputFile={pdf}",
            str(PDFS / "news-xetex-1col.pdf"),
        ],
        check=True,
        timeout=60,
    )
    flags = [f for p in load_document(pdf).paragraphs for f in p.flags if f.code == "garbled-text"]
    assert flags, "a garbled text layer must not pass unflagged"
