"""Write Arabic news PDFs with fpdf2's own text shaping (HarfBuzz through uharfbuzz, fpdf2's bidirectional
algorithm), the way fpdf2's documentation now says to set Arabic, from NTREX-128 articles: a measurement of
another producer (the fixtures ``news-fpdf*`` are fpdf2 with arabic_reshaper and python-bidi instead).

    pip install fpdf2 uharfbuzz
    python scripts/make_fpdf_shaping_pdfs.py OUT_DIR && python scripts/evaluate_pdf.py OUT_DIR
    python scripts/make_fpdf_shaping_pdfs.py tests/fixtures/pdf/other --fixture

Writes ``news-fpdfhb-N.pdf`` and ``news-fpdfhb-N.gold.txt`` (headline, then the body paragraphs) per article:
justified right-to-left paragraphs (``multi_cell``), some with Arabic-Indic digits, a running head (site
name and date) and a page footer ``N / M`` on every page, a pull-quote in larger type; one font per article.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import Fixture, article, write_gold

FONTS = Path("/usr/share/fonts/truetype")
ARTICLES = (24, 78, 45, 10, 60)
BODY_FONTS = (
    "noto/NotoNaskhArabic-Regular.ttf",
    "noto/NotoSansArabic-Regular.ttf",
    "noto/NotoKufiArabic-Regular.ttf",
    "dejavu/DejaVuSans.ttf",
    "noto/NotoNaskhArabic-Regular.ttf",
)


def render(out: Path, name: str, font: str, title: str, paragraphs: list[str], quote: str) -> None:
    from fpdf import FPDF

    class Page(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            self.set_font("body", size=8)
            self.cell(0, 6, "موقع الأخبار العربية", align="R")
            self.cell(0, 6, "الأحد ٣٠ سبتمبر ٢٠١٨", align="L", new_x="LMARGIN", new_y="NEXT")
            self.ln(6)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("body", size=8)
            self.cell(0, 8, f"{self.page_no()} / {{nb}}", align="C")

    pdf = Page(format="A4")
    pdf.add_font("body", fname=str(FONTS / font))
    pdf.add_font("latin", fname=str(FONTS / "dejavu/DejaVuSans.ttf"))
    pdf.set_fallback_fonts(["latin"])
    pdf.set_text_shaping(use_shaping_engine=True, direction="rtl", script="arab", language="ar")
    pdf.set_margins(18, 18, 18)
    pdf.add_page()
    pdf.set_font("body", size=20)
    pdf.multi_cell(0, 11, title, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for index, text in enumerate(paragraphs):
        pdf.set_font("body", size=12)
        pdf.multi_cell(0, 7, text, align="J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
        if index == 2:
            pdf.set_font("body", size=15)
            pdf.multi_cell(0, 9, f"«{quote}»", align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(3)
    pdf.output(str(out / f"{name}.pdf"))


FIXTURE = (1, "fpdf-shaping")  # kept as tests/fixtures/pdf/other/fpdf-shaping.pdf (``--fixture``)


def main(argv: list[str]) -> int:
    fixture_only = "--fixture" in argv
    argv = [a for a in argv if a != "--fixture"]
    out = Path(argv[0]) if argv else Path("fpdf-shaping-pdfs")
    out.mkdir(parents=True, exist_ok=True)
    for index, (document, font) in enumerate(zip(ARTICLES, BODY_FONTS, strict=True)):
        if fixture_only and index != FIXTURE[0]:
            continue
        name = FIXTURE[1] if fixture_only else f"news-fpdfhb-{index + 1}"
        fixture = Fixture(name, document, 1, font, "12pt", "20pt", False, frozenset({1}))
        title, paragraphs, quote = article(fixture)
        render(out, fixture.name, font, title, paragraphs, quote)
        write_gold(out, fixture.name, title, paragraphs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
