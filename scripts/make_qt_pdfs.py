"""Write Arabic news PDFs with Qt's PDF writer (QTextDocument printed to QPdfWriter), from NTREX-128 articles:
the engine of wkhtmltopdf and of many desktop programs' "print to PDF". Not fixtures of the test suite (they
need PySide6, which newsalign does not depend on): a measurement of another producer; the first is committed
as ``tests/fixtures/pdf/other/qt-writer.pdf``.

    pip install PySide6-Essentials
    python scripts/make_qt_pdfs.py OUT_DIR [FONT] && python scripts/evaluate_pdf.py OUT_DIR

FONT, when given, sets every article in that font (``"Noto Kufi Arabic"``: a font whose cmap has no
presentation forms, for which Qt writes Unicode for few glyphs; ``other/qt-writer-kufi.pdf`` is the second
such article); the files are then named ``news-qt-FONT-N``.

Writes ``news-qt-N.pdf`` and ``news-qt-N.gold.txt`` (headline, then the body paragraphs) per article: a
two-line headline, justified right-to-left paragraphs, some with Arabic-Indic digits.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import Fixture, article, write_gold

ARTICLES = (
    (24, "Noto Naskh Arabic"),
    (78, "Noto Sans Arabic"),
    (45, "Amiri"),
    (10, "Noto Naskh Arabic"),
    (60, "Amiri"),
)


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

    out = Path(argv[0]) if argv else Path("qt-pdfs")
    only = argv[1] if len(argv) > 1 else ""
    prefix = f"news-qt-{only.lower().replace(' ', '')}-" if only else "news-qt-"
    out.mkdir(parents=True, exist_ok=True)
    app = QGuiApplication([sys.argv[0], "-platform", "offscreen"])
    for index, (document, font) in enumerate(ARTICLES):
        font = only or font
        fixture = Fixture(f"{prefix}{index + 1}", document, 1, font, "12pt", "22pt", True, frozenset({1}))
        title, paragraphs, _ = article(fixture)
        body = "".join(f'<p dir="rtl" align="justify">{html.escape(p)}</p>' for p in paragraphs)
        writer = QPdfWriter(str(out / f"{fixture.name}.pdf"))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setResolution(96)  # the document's pixel sizes, as on screen
        writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
        text = QTextDocument()
        text.setDefaultFont(QFont(font, 12))
        text.setHtml(f'<html dir="rtl"><body><h1 dir="rtl">{html.escape(title)}</h1>{body}</body></html>')
        text.setPageSize(writer.pageLayout().paintRectPixels(writer.resolution()).size().toSizeF())
        text.print_(writer)
        write_gold(out, fixture.name, title, paragraphs)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
