"""Write Arabic news PDFs the way the commonest Python recipe for Arabic does: each paragraph shaped with
arabic_reshaper and put into visual order with python-bidi *as a whole*, then given to a left-to-right line
breaker — fpdf2's ``multi_cell``/``text_columns`` or reportlab's ``Paragraph``. The breaker fills its
first line from the visual string's left end, the paragraph's end, so every paragraph's lines are drawn
last line first (what a reader of such a PDF sees, and what ``align/ingest/pdfwrap.py`` reads back).

From NTREX-128 articles: a headline that wraps, body paragraphs of two sentences, a pull-quote set in bold,
a running head and a page number on every page, some paragraphs in Arabic-Indic digits; one column or two;
ragged or justified; with or without space between paragraphs. (fpdf2's ``text_columns`` fills its
columns left to right, which no reader of Arabic would follow, so fpdf2's pages have one column.)

    pip install -e ".[fixtures]"    # fpdf2, reportlab, arabic_reshaper, python-bidi
    python scripts/make_visual_wrap_pdfs.py OUT_DIR [--fixtures]

Writes ``NAME.pdf`` and ``NAME.gold.txt`` (headline, then the body paragraphs) per article; with
``--fixtures``, the suite's three (``tests/fixtures/pdf/other/visual-wrap-*``).
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.datasets import load_test_set

FONTS = Path("/usr/share/fonts/truetype")
AMIRI = Path("/usr/share/fonts/opentype/fonts-hosny-amiri")  # Debian: fonts-hosny-amiri
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FIXTURE_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf" / "other"


@dataclass(frozen=True)
class Article:
    name: str
    document: int  # NTREX-128 document index
    tool: str  # "fpdf" (multi_cell) or "reportlab" (Paragraph)
    font: str  # regular font file; the bold one is found beside it
    columns: int = 1
    align: str = "R"  # "R" ragged left, "J" justified
    gap: bool = True  # space between paragraphs
    indic: bool = False  # the body's digits as Arabic-Indic


ARTICLES = (
    Article("news-vwrap-fpdf-1", 7, "fpdf", "noto/NotoNaskhArabic-Regular.ttf"),
    Article(
        "news-vwrap-fpdf-2", 21, "fpdf", "noto/NotoSansArabic-Regular.ttf", align="J", gap=False, indic=True
    ),
    Article("news-vwrap-fpdf-3", 40, "fpdf", str(AMIRI / "Amiri-Regular.ttf"), align="J"),
    Article("news-vwrap-rl-1", 55, "reportlab", "dejavu/DejaVuSans.ttf"),
    Article(
        "news-vwrap-rl-2", 88, "reportlab", str(AMIRI / "Amiri-Regular.ttf"), columns=2, align="J", indic=True
    ),
    Article("news-vwrap-rl-3", 101, "reportlab", "noto/NotoNaskhArabic-Regular.ttf", gap=False),
    # Noto Naskh Arabic has no Latin letters, hyphen or typographic quotes: reportlab draws each as glyph 0,
    # of no width, after setting the line with the character's width.
    Article(
        "news-vwrap-rl-4",
        47,
        "reportlab",
        "noto/NotoNaskhArabic-Regular.ttf",
        columns=2,
        align="J",
        indic=True,
    ),
)
FIXTURES = {
    "news-vwrap-fpdf-2": "visual-wrap-fpdf",
    "news-vwrap-rl-2": "visual-wrap-reportlab",
    "news-vwrap-rl-4": "visual-wrap-reportlab-lacking",
}
SITE, DATE = "صحيفة الغد", "الأحد ١٤ أكتوبر ٢٠١٨"


def visual(text: str) -> str:
    import arabic_reshaper
    from bidi.algorithm import get_display

    reshaper = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})
    return str(get_display(reshaper.reshape(text)))


def content(article: Article) -> tuple[str, list[str], str, int]:
    """(headline, body paragraphs, pull-quote, the paragraph the quote follows)."""
    doc = load_test_set("ntrex128", side="source")[article.document]
    title = " ".join(doc[0].split())
    sentences = [" ".join(s.split()) for s in doc[1:]]
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    if article.indic:
        paragraphs = [p.translate(INDIC) for p in paragraphs]
    after = min(2, len(paragraphs) - 2)
    later = " ".join(paragraphs[after + 1 :])
    quote = next(
        (
            s
            for s in sentences
            if 40 <= len(s) <= 110 and (s.translate(INDIC) if article.indic else s) in later
        ),
        sentences[-1],
    ).rstrip(".")
    if article.indic:
        quote = quote.translate(INDIC)
    return title, paragraphs, quote, after


def font_path(article: Article, bold: bool) -> str:
    path = Path(article.font) if article.font.startswith("/") else FONTS / article.font
    return str(path.with_name(path.name.replace("Regular", "Bold"))) if bold else str(path)


def build_fpdf(article: Article, out: Path) -> None:
    from fpdf import FPDF

    title, paragraphs, quote, after = content(article)
    site, date = visual(SITE), visual(DATE)

    class Page(FPDF):  # type: ignore[misc]
        def header(self) -> None:
            self.set_font("body", "", 8)
            self.cell(0, 5, site, align="R")
            self.set_x(self.l_margin)
            self.cell(0, 5, date, align="L", new_x="LMARGIN", new_y="NEXT")
            self.ln(6)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("body", "", 8)
            self.cell(0, 8, visual(f"صفحة {self.page_no()}"), align="C")

    pdf: Any = Page(format="A4")
    pdf.set_creation_date(datetime(2018, 10, 14, tzinfo=timezone.utc))  # the same bytes on every run
    pdf.add_font("body", "", font_path(article, False))
    pdf.add_font("body", "B", font_path(article, True))
    pdf.add_font("latin", "", str(FONTS / "dejavu" / "DejaVuSans.ttf"))
    pdf.add_font("latin", "B", str(FONTS / "dejavu" / "DejaVuSans-Bold.ttf"))
    pdf.set_fallback_fonts(["latin"])
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("body", "B", 22)
    pdf.multi_cell(120, 11, visual(title), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(5)
    space = 3 if article.gap else 0
    for index, text in enumerate(paragraphs):
        pdf.set_font("body", "", 12)
        pdf.multi_cell(0, 7, visual(text), align=article.align, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(space)
        if index == after:
            pdf.ln(3)
            pdf.set_font("body", "B", 14)
            pdf.set_x(35)
            pdf.multi_cell(140, 8, visual(f"«{quote}»"), align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
    pdf.output(str(out / f"{article.name}.pdf"))
    write_gold(out, article.name, title, paragraphs)


def build_reportlab(article: Article, out: Path) -> None:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer

    title, paragraphs, quote, after = content(article)
    pdfmetrics.registerFont(TTFont("Body", font_path(article, False)))
    pdfmetrics.registerFont(TTFont("Bold", font_path(article, True)))
    align = TA_JUSTIFY if article.align == "J" else TA_RIGHT
    body = ParagraphStyle(
        "body", fontName="Body", fontSize=12, leading=18, alignment=align, spaceAfter=8 if article.gap else 0
    )
    head = ParagraphStyle("head", fontName="Bold", fontSize=22, leading=30, alignment=TA_RIGHT, spaceAfter=14)
    pull = ParagraphStyle(
        "pull",
        fontName="Bold",
        fontSize=14,
        leading=20,
        alignment=TA_CENTER,
        leftIndent=20,
        rightIndent=20,
        spaceBefore=6,
        spaceAfter=10,
    )
    width, height = A4
    margin, gutter = 50.0, 18.0

    def furniture(canvas: Any, doc: Any) -> None:
        canvas.setFont("Body", 9)
        canvas.drawRightString(width - margin, height - 30, visual(SITE))
        canvas.drawString(margin, height - 30, visual(DATE))
        canvas.drawCentredString(width / 2, 25, visual(f"صفحة {doc.page}"))

    column = (width - 2 * margin - gutter * (article.columns - 1)) / article.columns
    frames = [
        Frame(width - margin - (i + 1) * column - i * gutter, 50, column, height - 110, id=f"c{i}")
        for i in range(article.columns)
    ]
    doc = BaseDocTemplate(str(out / f"{article.name}.pdf"), pagesize=A4, invariant=1)
    if article.columns > 1:  # the headline across the page, then the columns
        top = Frame(margin, height - 160, width - 2 * margin, 100, id="top")
        short = [Frame(f.x1, f.y1, f.width, f.height - 100, id=f"s{f.id}") for f in frames]
        doc.addPageTemplates(
            [
                PageTemplate("first", [top, *short], onPage=furniture, autoNextPageTemplate="rest"),
                PageTemplate("rest", frames, onPage=furniture),
            ]
        )
    else:
        doc.addPageTemplates([PageTemplate("rest", frames, onPage=furniture)])
    story: list[Any] = [Paragraph(visual(title), head)]
    if article.columns > 1:
        from reportlab.platypus import FrameBreak

        story.append(FrameBreak())
    for index, text in enumerate(paragraphs):
        story.append(Paragraph(visual(text), body))
        if index == after:
            story.append(Paragraph(visual(f"«{quote}»"), pull))
    story.append(Spacer(1, 1))
    doc.build(story)
    write_gold(out, article.name, title, paragraphs)


def write_gold(out: Path, name: str, title: str, paragraphs: list[str]) -> None:
    (out / f"{name}.gold.txt").write_text("\n\n".join([title, *paragraphs]) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    fixtures = "--fixtures" in argv
    args = [a for a in argv if a != "--fixtures"]
    out = FIXTURE_DIR if fixtures else Path(args[0])
    out.mkdir(parents=True, exist_ok=True)
    for article in ARTICLES:
        if fixtures:
            if article.name not in FIXTURES:
                continue
            article = dataclasses.replace(article, name=FIXTURES[article.name])
        if article.tool.startswith("fpdf"):
            build_fpdf(article, out)
        else:
            build_reportlab(article, out)
        print(out / f"{article.name}.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
