"""The PDF reader on Arabic news PDFs from several producers, and its account of every glyph.

Fixtures (``tests/fixtures/pdf/``, made from NTREX-128 articles by the scripts named in their README):
LibreOffice (``make_pdf_fixtures.py``), Chromium print-to-PDF (``make_chromium_fixtures.py``), fpdf2 with
arabic_reshaper + python-bidi in visual order (``make_fpdf_fixture.py``), XeLaTeX with polyglossia
(``make_tex_fixtures.py``), WeasyPrint (``make_weasyprint_fixtures.py``), reportlab with
arabic_reshaper + python-bidi line by line (``make_reportlab_fixtures.py``). Each has a two-line (or longer)
headline, running heads or margin bands, a pull-quote (except the LibreOffice headline fixture), and
Arabic-Indic digits in some paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli.main import app
from align.document import Document, IngestReport
from align.ingest.pdfchars import read_glyphs
from align.ingest.pdflines import chars
from align.pipeline import load_document
from align.repair.normalize import normalize_line
from align.repair.tracked import Tracked
from eval.evaluation import extraction_score

PDFS = Path(__file__).parent / "fixtures" / "pdf"
ALL = sorted(p.stem for p in PDFS.glob("news-*.pdf"))
# Furniture each producer's fixture carries: none of it may reach the text that is translated.
FURNITURE = {
    "news-1col": ["صحيفة الأخبار اليومية", "صفحة"],
    "news-2col": ["المراقب الدولي", "صفحة"],
    "news-2col-title": ["المراقب الدولي", "أكتوبر ٢٠١٨", "صفحة"],
    "news-chromium-1col": ["file://", "/2", "1/"],
    "news-chromium-2col": ["موقع الأخبار العربية", "جميع الحقوق محفوظة", "30 سبتمبر 2018"],
    "news-chromium-3col": ["file://", "1/1"],
    "news-chromium-2col-list": ["أخبار الكوارث", "جميع الحقوق محفوظة", "1/1"],
    "news-fpdf": ["الأخبار اليوم", "جميع الحقوق محفوظة", "صفحة"],
    "news-fpdf-2col": ["جريدة المساء", "6 أكتوبر 2018", "/ 2"],
    "news-xetex-1col": ["صحيفة الوطن", "صفحة"],
    "news-xetex-2col": ["الأخبار المسائية", "صفحة"],
    "news-weasyprint-1col": ["صحيفة اليوم", "جميع الحقوق محفوظة", "1 / 1"],
    "news-weasyprint-2col": ["موقع الأخبار", "جميع الحقوق محفوظة", "/ 2"],
    "news-weasyprint-2col-kufi": ["أخبار العالم", "جميع الحقوق محفوظة", "2 أكتوبر 2018"],
    "news-reportlab-1col": ["الجريدة اليومية", "2 أكتوبر 2018", "صفحة"],
    "news-reportlab-2col": ["الجريدة اليومية", "2 أكتوبر 2018", "صفحة"],
    "news-typst-1col": ["جريدة الصباح", "4 أكتوبر 2018", "جميع الحقوق محفوظة", "1 / 1"],
    "news-typst-2col": ["الموقع الإخباري", "5 أكتوبر 2018", "جميع الحقوق محفوظة", "1 / 1"],
    "news-tcpdf-1col": ["موقع الأخبار العربية", "الأحد 30 سبتمبر", "1/1", "TCPDF"],
    "news-tcpdf-2col": ["موقع الأخبار العربية", "الأحد 30 سبتمبر", "1/1", "TCPDF"],
}
WITH_PULLQUOTE = [name for name in ALL if name not in ("news-1col", "news-2col-title")]


@cache
def document(name: str) -> Document:
    return load_document(PDFS / f"{name}.pdf")


def ingest(name: str) -> IngestReport:
    report = document(name).meta.ingest
    assert report is not None
    return report


def raw_text(name: str) -> str:
    """The text as the reader gave it to repair."""
    doc = document(name)
    return doc.raw_text or doc.text


def gold(name: str) -> str:
    return (PDFS / f"{name}.gold.txt").read_text(encoding="utf-8")


def translated(name: str) -> list[str]:
    return [p.source for p in document(name).translated_paragraphs()]


def numbers(text: str) -> list[str]:
    normalized = normalize_line(Tracked.from_raw(text))[0].text
    return sorted(re.findall(r"\d+(?:[.,]\d+)?", normalized))


def test_every_fixture_is_covered() -> None:
    assert set(ALL) == set(FURNITURE)
    producers = {name.split("-")[1] for name in ALL if name.count("-") > 1}
    assert {"chromium", "fpdf", "xetex", "weasyprint", "reportlab", "typst"} <= producers


@pytest.mark.parametrize("name", ALL)
def test_reads_as_its_source_text(name: str) -> None:
    score = extraction_score("newsalign", translated(name), gold(name))
    assert score.paragraphs == score.gold_paragraphs
    assert score.cer <= 0.01


@pytest.mark.parametrize("name", ALL)
def test_every_number_is_kept(name: str) -> None:
    assert numbers(" ".join(translated(name))) == numbers(gold(name))


@pytest.mark.parametrize("name", ALL)
def test_furniture_is_out(name: str) -> None:
    text = "\n".join(translated(name))
    for piece in FURNITURE[name]:
        assert piece not in text, piece
    assert ingest(name).removals  # and each removal is reported


@pytest.mark.parametrize("name", WITH_PULLQUOTE)
def test_pull_quote_is_kept_out_of_the_translation(name: str) -> None:
    quotes = [p.source for p in document(name).paragraphs if p.kind == "pullquote"]
    assert len(quotes) == 1
    # Opened and closed the right way round, even where the producer drew mirrored shapes.
    assert quotes[0].startswith("«") and quotes[0].rstrip(".").endswith("»")
    inner = quotes[0].strip("«».")
    assert sum(p.count(inner) for p in translated(name)) == 1  # once, in the body


@pytest.mark.parametrize("name", ALL)
def test_headline_reads_back_whole(name: str) -> None:
    title = gold(name).split("\n\n")[0]
    first = document(name).paragraphs[0]
    assert first.kind == "title"
    assert first.source == normalize_line(Tracked.from_raw(title))[0].text


# -- conservation ----------------------------------------------------------------------------------------


def drawn_characters(name: str) -> list[Counter[str]]:
    """Per page, the characters of every glyph as pdfminer reads them (whitespace aside), counted apart
    from the reader."""
    pages = read_glyphs((PDFS / f"{name}.pdf").read_bytes(), name).pages
    return [
        Counter(ch for g in page for ch in unicodedata.normalize("NFKD", g.text) if not ch.isspace())
        for page in pages
    ]


@pytest.mark.parametrize("name", ALL)
def test_every_glyph_is_in_the_text_or_reported_removed(name: str) -> None:
    report = ingest(name)
    text = raw_text(name)
    drawn = drawn_characters(name)
    assert [p.page for p in report.pages] == list(range(1, len(drawn) + 1))
    for page, counted in zip(report.pages, drawn, strict=True):
        assert page.drawn == sum(counted.values())  # the reader counts what is on the page
        assert page.drawn == page.kept + page.removed  # and every character goes somewhere
    # What the reader says it kept is what the text holds; what it removed is what it reports.
    assert sum(p.kept for p in report.pages) == chars(text)
    assert sum(p.removed for p in report.pages) == sum(chars(removal.text) for removal in report.removals)
    # The same characters, not just as many: only kashida glyphs (to tatweel) and mirrored shapes (to the
    # characters they stand for) may have been rewritten, and compatibility characters are counted as what
    # they stand for (a lam-alef glyph with a diacritic on its lam is written as its two letters).
    fold = str.maketrans("()[]«»\u0640", "))]]»»\U000f0000")
    out = Counter(
        "\U000f0000" if ord(ch) >= 0xF0000 else ch
        for piece in [text, *(r.text for r in report.removals)]
        for ch in unicodedata.normalize("NFKD", piece).translate(fold)
        if not ch.isspace()
    )
    source = Counter(ch for counted in drawn for ch, n in counted.items() for _ in range(n))
    folded: Counter[str] = Counter()
    for ch, n in source.items():
        folded["\U000f0000" if ord(ch) >= 0xF0000 else ch.translate(fold)] += n
    source = folded
    assert source == out


def test_report_accounts_for_every_page() -> None:
    result = CliRunner().invoke(app, ["clean", str(PDFS / "news-fpdf.pdf"), "--report"])
    assert result.exit_code == 0, result.output
    report = ingest("news-fpdf")
    drawn = sum(p.drawn for p in report.pages)
    assert f"Read from PDF: 2 page(s), {drawn:,} characters drawn" in result.output
    for page in report.pages:
        assert (
            f"  page {page.page}: {page.drawn:,} = {page.kept:,} + {page.removed:,} removed" in result.output
        )
    assert "running head" in result.output and "NOT ACCOUNTED" not in result.output


# -- what each producer does -----------------------------------------------------------------------------


def test_visual_order_marks_and_mirrored_quotes() -> None:
    """fpdf2 + arabic_reshaper + python-bidi: presentation forms in visual order, tanwin and shadda as
    separate glyphs before their letter, « » stored as their mirror images."""
    text = " ".join(translated("news-fpdf"))
    assert "عامًا" in text and "كافٍ" in text
    quotes = [p for p in document("news-fpdf").paragraphs if p.kind == "pullquote"]
    assert quotes and quotes[0].source.startswith("«")


def test_page_two_starts_its_own_paragraph() -> None:
    """A paragraph that ends at the foot of page 1 (ragged lines, no indent): the next one, at the top of
    page 2, is not joined to it."""
    body = [p for p in document("news-fpdf").paragraphs if p.kind == "body"]
    starts = [p.source.split()[0] for p in body if p.page == 2]
    assert starts and all(p.source.endswith((".", ".»", '."')) for p in body)


def test_two_line_headline_over_a_gutter() -> None:
    """LibreOffice, two columns, one page: the headline's second line has a word space where the gutter
    runs below it, and the masthead (name and date) stands alone at the top. Read before as the masthead
    for headline and the headline's halves swapped; now the headline whole and the masthead reported."""
    paragraphs = document("news-2col-title").paragraphs
    assert paragraphs[0].kind == "title" and paragraphs[0].source.endswith("بعد طعن سيدة حتى الموت")
    assert {r.kind for r in ingest("news-2col-title").removals} == {"furniture", "page number"}


def test_glyphs_without_unicode_are_read_from_their_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """XeLaTeX leaves the alef of Noto Naskh's lam-alef out of the ToUnicode table, and its subset keeps
    only outlines: where the font is installed the reader finds the glyph by its outline; without it,
    repair reads it back from the words it completes, and says so."""
    import align.ingest.fontglyphs as fontglyphs

    assert "[glyph" not in document("news-xetex-2col").text
    monkeypatch.setattr(fontglyphs, "_installed_fonts", lambda: {})
    doc = load_document(PDFS / "news-xetex-2col.pdf")
    assert doc.meta.repair is not None
    assert any(c.code == "pua-glyph" and c.after == "ا" for c in doc.meta.repair.changes)
    assert any("read as 'ا'" in line for line in doc.meta.repair.evidence)
    assert "[glyph" not in doc.text


def test_the_account_travels_with_the_document() -> None:
    doc = document("news-chromium-1col")
    again = Document.from_json(doc.to_json())
    assert again.meta.ingest == doc.meta.ingest
    assert again.meta.ingest is not None and len(again.meta.ingest.pages) == 2


def test_letters_whose_text_a_font_subset_put_elsewhere() -> None:
    """WeasyPrint's subset of Noto Sans Arabic gives the alef-with-hamza glyph no text (its first cluster,
    alef with hamza and damma, put "أُ" on the damma glyph): the letter is read back from the font program
    (the subset keeps its cmap), the cluster keeps its one alef, and a damma elsewhere stays a damma."""
    doc = document("news-weasyprint-2col")
    assert doc.meta.repair is not None
    assert not re.search("[\U000f0000-\U000fffff]", raw_text("news-weasyprint-2col"))
    assert not any(c.code == "pua-glyph" for c in doc.meta.repair.changes)
    text = " ".join(translated("news-weasyprint-2col"))
    assert "[glyph" not in text
    for word in ("أن", "أحقية", "للرأي", "أُجري", "يُعدّ", "وأثارت"):
        assert re.search(rf"(?<!\w){word}(?!\w)", text), word
    assert "أأُ" not in text and "يأُ" not in text


def test_a_letter_without_text_under_a_tanwin_is_no_kashida() -> None:
    """Noto Kufi Arabic in WeasyPrint: the yeh with hamza of 'شيئًا' has no text and sits between two
    letters like a kashida, but it carries the tanwin: a letter, read back from its words."""
    text = " ".join(translated("news-weasyprint-2col-kufi"))
    assert "شيئًا" in text and "مختبئًا" in text and "[glyph" not in text


def test_a_line_of_latin_words_ends_its_paragraph_not_starts_one() -> None:
    """reportlab + python-bidi line by line: the paragraph's last line, 'Brentwood Imperial Youth.', is set
    left to right and sits at the right margin; it is not an indented first line."""
    (last,) = [p for p in translated("news-reportlab-2col") if "Brentwood" in p]
    assert last.startswith("قال مايكل فان، البالغ") and last.endswith("Brentwood Imperial Youth.")
