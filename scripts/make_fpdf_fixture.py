"""Write an Arabic news PDF the way many real ones are made: text shaped by arabic_reshaper (presentation
forms) and put into visual order by python-bidi, drawn left to right by fpdf2 — no /ActualText, mirrored
punctuation, Arabic-Indic digits. From an NTREX-128 article: a two-line bold title, a running head (site
name, copyright line, date) and a page footer "N / M" on every page, a pull-quote between rules.

    pip install fpdf2 arabic-reshaper python-bidi   # the `fixtures` extra
    python scripts/make_fpdf_fixture.py [OUT_DIR]

Writes ``news-fpdf.pdf`` and ``news-fpdf.gold.txt`` (title, then the body paragraphs, logical order).
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.datasets import load_test_set

FONT = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf"
BOLD = "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Bold.ttf"
DOCUMENT = 5  # NTREX-128 document index
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
HEAD = "الأخبار اليوم، جميع الحقوق محفوظة"
# Characters Noto Naskh Arabic has no glyph for: fpdf2 would leave them out of the page.
MISSING = str.maketrans("", "", '"—/-')
DATE = "١٢ مارس ٢٠١٩"


def visual(text: str) -> str:
    import arabic_reshaper
    from bidi.algorithm import get_display

    return str(get_display(arabic_reshaper.reshape(text)))


def build(out: Path) -> None:
    from fpdf import FPDF

    doc = load_test_set("ntrex128")[DOCUMENT]
    title = doc[0].translate(MISSING).strip()
    sentences = [" ".join(s.translate(INDIC).translate(MISSING).split()) for s in doc[1:]]
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    quote = next(s for s in sentences if 40 <= len(s) <= 110).rstrip(".")
    pdf = FPDF(format="A4")
    pdf.set_creation_date(datetime(2019, 3, 12, tzinfo=timezone.utc))  # the same bytes on every run
    pdf.add_font("naskh", "", FONT)
    pdf.add_font("naskh", "B", BOLD)
    pdf.set_auto_page_break(False)
    pages = [0]

    def furniture() -> None:
        pdf.set_font("naskh", "", 8)
        pdf.set_xy(15, 8)
        pdf.cell(180, 5, visual(HEAD), align="R")
        pdf.set_xy(15, 8)
        pdf.cell(180, 5, visual(DATE), align="L")
        pages[0] += 1
        pdf.set_xy(15, 285)
        pdf.cell(180, 5, visual(f"صفحة {pages[0]} من ٢"), align="C")
        pdf.set_xy(15, 20)

    pdf.add_page()
    furniture()
    pdf.set_font("naskh", "B", 20)
    # A two-line title: wrapped by hand so each line is put into visual order on its own.
    words = title.split()
    half = len(words) // 2
    for line in (" ".join(words[:half]), " ".join(words[half:])):
        pdf.cell(180, 11, visual(line), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for index, paragraph in enumerate(paragraphs):
        pdf.set_font("naskh", "", 12)
        for line in _wrap(pdf, paragraph, 175):
            if pdf.get_y() > 265:
                pdf.add_page()
                furniture()
                pdf.set_font("naskh", "", 12)
            pdf.cell(180, 8, visual(line), align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(5)
        if index == 1:
            pdf.set_font("naskh", "B", 15)
            pdf.line(40, pdf.get_y(), 170, pdf.get_y())
            pdf.cell(180, 10, visual(f"«{quote}»"), align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.line(40, pdf.get_y(), 170, pdf.get_y())
            pdf.ln(4)
    out.mkdir(parents=True, exist_ok=True)
    pdf.output(str(out / "news-fpdf.pdf"))
    (out / "news-fpdf.gold.txt").write_text("\n\n".join([title, *paragraphs]) + "\n", encoding="utf-8")


def _wrap(pdf: object, text: str, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if current and pdf.get_string_width(visual(trial)) > width:  # type: ignore[attr-defined]
            lines.append(current)
            current = word
        else:
            current = trial
    return [*lines, current] if current else lines


if __name__ == "__main__":
    build(
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf"
    )
