"""Write Arabic news PDFs with reportlab, from NTREX-128 articles, the way many programs that generate Arabic
PDFs do it: each paragraph wrapped into lines by its shaped width, each line shaped with arabic_reshaper
(diacritics kept) and put into visual order with python-bidi on its own, then drawn right-aligned
(ragged on the left) with ``drawRightString``. DejaVu Sans for Arabic, Latin and punctuation alike; a
two-line bold headline, one or two columns, a pull-quote in bold between the paragraphs, a running head
(paper and date) and ``صفحة N`` at the foot of every page.

What it does that the others do not: python-bidi sets a line that starts with a Latin word left to right,
so a paragraph's last line made only of Latin words is a left-to-right line inside a right-to-left
paragraph.

    pip install -e ".[fixtures]"    # reportlab, arabic_reshaper, python-bidi
    python scripts/make_reportlab_fixtures.py [OUT_DIR]

Writes ``NAME.pdf`` and ``NAME.gold.txt`` (headline, then the body paragraphs as typeset) per fixture.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import OUT, Fixture, article, write_gold

FONTS = Path("/usr/share/fonts/truetype/dejavu")  # Debian: fonts-dejavu-core
FIXTURES = (
    Fixture("news-reportlab-1col", 50, 1, "DejaVu Sans", "12pt", "20pt", False, frozenset({1}), 2),
    Fixture("news-reportlab-2col", 70, 2, "DejaVu Sans", "12pt", "20pt", False, frozenset({1}), 2),
)
PAPER, DATE = "الجريدة اليومية", "الثلاثاء ٢ أكتوبر ٢٠١٨"


def build(fixture: Fixture, out: Path) -> None:
    import arabic_reshaper
    from bidi.algorithm import get_display
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Body", str(FONTS / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("Bold", str(FONTS / "DejaVuSans-Bold.ttf")))
    reshaper = arabic_reshaper.ArabicReshaper({"delete_harakat": False})
    width, height = A4

    def visual(text: str) -> str:
        return str(get_display(reshaper.reshape(text)))

    def wrap(text: str, font: str, size: float, room: float) -> list[str]:
        lines: list[str] = []
        line: list[str] = []
        for word in text.split():
            trial = " ".join([*line, word])
            if line and pdfmetrics.stringWidth(reshaper.reshape(trial), font, size) > room:
                lines.append(" ".join(line))
                line = [word]
            else:
                line.append(word)
        return [*lines, " ".join(line)] if line else lines

    title, paragraphs, quote = article(fixture)
    pdf: Any = canvas.Canvas(str(out / f"{fixture.name}.pdf"), pagesize=A4)
    margin, gap = 50.0, 20.0
    column = (width - 2 * margin - gap * (fixture.columns - 1)) / fixture.columns
    page = 1

    def furniture() -> None:
        pdf.setFont("Body", 9)
        pdf.drawRightString(width - margin, height - 30, visual(PAPER))
        pdf.drawString(margin, height - 30, visual(DATE))
        pdf.drawCentredString(width / 2, 25, visual(f"صفحة {page}"))

    furniture()
    y = height - 70
    for line in wrap(title, "Bold", 20, width - 2 * margin - 120):
        pdf.setFont("Bold", 20)
        pdf.drawRightString(width - margin, y, visual(line))
        y -= 26
    top = y - 10
    col = 0
    items = []
    for index, text in enumerate(paragraphs):
        items.append((False, text))
        if index == fixture.quote_after:
            items.append((True, f"«{quote}»"))
    for is_quote, text in items:
        font, size, lead = ("Bold", 14, 20) if is_quote else ("Body", 12, 18)
        indent = 0 if is_quote else 15
        for number, line in enumerate(wrap(text, font, size, column - (30 if is_quote else indent))):
            if y < 60:
                col, y = col + 1, top
                if col >= fixture.columns:
                    pdf.showPage()
                    page += 1
                    furniture()
                    col, top = 0, height - 70
                    y = top
            right = width - margin - col * (column + gap)
            pdf.setFont(font, size)
            if is_quote:
                pdf.drawCentredString(right - column / 2, y, visual(line))
            else:
                pdf.drawRightString(right - (indent if number == 0 else 0), y, visual(line))
            y -= lead
        y -= 6
    pdf.save()
    write_gold(out, fixture.name, title, paragraphs)


def main(argv: list[str]) -> int:
    try:
        import reportlab  # noqa: F401
    except ImportError:
        raise SystemExit('make_reportlab_fixtures: pip install -e ".[fixtures]" first (reportlab)') from None
    out = Path(argv[0]) if argv else OUT
    out.mkdir(parents=True, exist_ok=True)
    for fixture in FIXTURES:
        build(fixture, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
