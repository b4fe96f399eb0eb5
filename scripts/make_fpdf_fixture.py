"""Write Arabic news PDFs the way many real ones are made: text shaped by arabic_reshaper (presentation
forms, diacritics kept) and put into visual order by python-bidi (mirrored brackets and guillemets), drawn
left to right by fpdf2 — no /ActualText, punctuation the Arabic font lacks drawn in a fallback font
(DejaVu Sans). From NTREX-128 articles: a two-line bold title, a running head (site name, copyright line,
date) and a page footer on every page, a pull-quote between rules, Arabic-Indic digits; one column
(``news-fpdf``) or two (``news-fpdf-2col``, read right column first).

    pip install -e ".[fixtures]"            # fpdf2, arabic-reshaper, python-bidi
    python scripts/make_fpdf_fixture.py [OUT_DIR]

Writes ``NAME.pdf`` and ``NAME.gold.txt`` (title, then the body paragraphs, logical order) per fixture.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.datasets import load_test_set

FONTS = Path("/usr/share/fonts/truetype")
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@dataclass(frozen=True)
class Fixture:
    name: str
    document: int  # NTREX-128 document index
    columns: int
    head: str
    date: str
    footer: str  # with {page}
    indic: bool  # body digits as Arabic-Indic
    per_paragraph: int = 2  # sentences per body paragraph
    quote_after: int = 1  # the pull-quote follows this 0-based body paragraph


FIXTURES = (
    Fixture("news-fpdf", 5, 1, "الأخبار اليوم، جميع الحقوق محفوظة", "١٢ مارس ٢٠١٩", "صفحة {page} من ٢", True),
    Fixture("news-fpdf-2col", 63, 2, "جريدة المساء", "السبت ٦ أكتوبر ٢٠١٨", "{page} / 2", True, 2, 2),
)


def visual(text: str) -> str:
    import arabic_reshaper
    from bidi.algorithm import get_display

    reshaper = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})
    return str(get_display(reshaper.reshape(text)))


def build(fixture: Fixture, out: Path) -> None:
    from fpdf import FPDF

    doc = load_test_set("ntrex128", side="source")[fixture.document]
    title = " ".join(doc[0].split())
    sentences = [" ".join(s.split()) for s in doc[1:]]
    if fixture.indic:
        sentences = [s.translate(INDIC) for s in sentences]
    step = fixture.per_paragraph
    paragraphs = [" ".join(sentences[i : i + step]) for i in range(0, len(sentences), step)]
    quote = next(s for s in sentences if 40 <= len(s) <= 110 and s not in paragraphs[0]).rstrip(".")
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2019, 3, 12, tzinfo=timezone.utc))  # the same bytes on every run
    pdf.add_font("naskh", "", str(FONTS / "noto" / "NotoNaskhArabic-Regular.ttf"))
    pdf.add_font("naskh", "B", str(FONTS / "noto" / "NotoNaskhArabic-Bold.ttf"))
    pdf.add_font("dejavu", "", str(FONTS / "dejavu" / "DejaVuSans.ttf"))
    pdf.add_font("dejavu", "B", str(FONTS / "dejavu" / "DejaVuSans-Bold.ttf"))
    pdf.set_fallback_fonts(["dejavu"])  # quotes, dashes, slashes: not in Noto Naskh Arabic
    pdf.set_auto_page_break(False)
    page = Page(pdf, fixture)
    page.new()
    pdf.set_font("naskh", "B", 20)
    # A two-line title: wrapped by hand so each line is put into visual order on its own.
    words = title.split()
    half = (len(words) + 1) // 2
    for line in (" ".join(words[:half]), " ".join(words[half:])):
        pdf.set_xy(15, pdf.get_y())
        pdf.cell(180, 11, visual(line), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    page.top = pdf.get_y()
    page.y = page.top
    for index, paragraph in enumerate(paragraphs):
        pdf.set_font("naskh", "", 12)
        for line in _wrap(pdf, paragraph, page.width - 5):
            page.line(line)
        page.y += 5
        if index == fixture.quote_after:
            page.quote(f"«{quote}»")
    out.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out / f"{fixture.name}.pdf"))
    gold = "\n\n".join([title, *paragraphs]) + "\n"
    (out / f"{fixture.name}.gold.txt").write_text(gold, encoding="utf-8")


class Page:
    """Lines set into columns, right column first, with the running head and footer on every page."""

    BOTTOM = 268.0

    def __init__(self, pdf: Any, fixture: Fixture) -> None:
        self.pdf, self.fixture = pdf, fixture
        self.number = 0
        self.column = 0
        self.gap = 8.0
        self.width = (180 - self.gap * (fixture.columns - 1)) / fixture.columns
        self.top = self.y = 20.0

    def new(self) -> None:
        pdf, fixture = self.pdf, self.fixture
        pdf.add_page()
        self.number += 1
        pdf.set_font("naskh", "", 8)
        pdf.set_xy(15, 8)
        pdf.cell(180, 5, visual(fixture.head), align="R")
        pdf.set_xy(15, 8)
        pdf.cell(180, 5, visual(fixture.date), align="L")
        pdf.line(15, 14, 195, 14)
        pdf.set_xy(15, 285)
        pdf.cell(180, 5, visual(fixture.footer.format(page=self.number)), align="C")
        self.column = 0
        self.top = self.y = 20.0
        pdf.set_xy(15, 20)

    def left(self) -> float:
        # The first column is the rightmost.
        return 195 - (self.column + 1) * self.width - self.column * self.gap

    def advance(self, height: float) -> None:
        if self.y + height <= self.BOTTOM:
            return
        if self.column + 1 < self.fixture.columns:
            self.column += 1
            self.y = self.top
        else:
            self.new()

    def line(self, text: str) -> None:
        self.advance(8)
        pdf = self.pdf
        pdf.set_font("naskh", "", 12)
        pdf.set_xy(self.left(), self.y)
        pdf.cell(self.width, 8, visual(text), align="R")
        self.y += 8

    def quote(self, text: str) -> None:
        pdf = self.pdf
        pdf.set_font("naskh", "B", 14)
        lines = _wrap(pdf, text, self.width - 10)
        self.advance(10 * len(lines) + 8)
        x = self.left()
        pdf.line(x + 10, self.y, x + self.width - 10, self.y)
        self.y += 2
        for line in lines:
            pdf.set_xy(x, self.y)
            pdf.cell(self.width, 10, visual(line), align="C")
            self.y += 10
        pdf.line(x + 10, self.y, x + self.width - 10, self.y)
        self.y += 6


def _wrap(pdf: Any, text: str, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and pdf.get_string_width(visual(trial)) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


if __name__ == "__main__":
    target = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf"
    )
    for item in FIXTURES:
        build(item, target)
