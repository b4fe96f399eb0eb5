"""Write Arabic news PDFs with MuPDF (PyMuPDF's Story: HTML and CSS laid out by MuPDF, shaped by HarfBuzz),
from NTREX-128 articles: the engine under many Python programs' "HTML to PDF". Not part of the test suite's
fixture set (PyMuPDF is AGPL, and newsalign does not depend on it); ``tests/fixtures/pdf/other/mupdf-story``
is the second of these, committed.

    pip install pymupdf
    python scripts/make_mupdf_pdfs.py OUT_DIR && python scripts/evaluate_pdf.py OUT_DIR

Writes ``news-mupdf-N.pdf`` and ``news-mupdf-N.gold.txt`` (headline, then the body paragraphs) per article:
justified right-to-left paragraphs in Noto Naskh Arabic, some with Arabic-Indic digits. MuPDF embeds the
whole font and writes ToUnicode only for glyphs reached from a character: the two glyphs of every lam-alef,
and the alef forms before a tanwin, have none.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import Fixture, article, write_gold

ARTICLES = (24, 78, 45, 10, 60)
FONTS = Path("/usr/share/fonts/truetype/noto")  # Debian: fonts-noto-core
CSS = (
    "@font-face {font-family: naskh; src: url(NotoNaskhArabic-Regular.ttf);}"
    " body {font-family: naskh; font-size: 12pt;} h1 {font-family: naskh; font-size: 20pt}"
)


def main(argv: list[str]) -> int:
    import pymupdf

    out = Path(argv[0]) if argv else Path("mupdf-pdfs")
    out.mkdir(parents=True, exist_ok=True)
    for index, document in enumerate(ARTICLES):
        fixture = Fixture(
            f"news-mupdf-{index + 1}", document, 1, "Noto Naskh Arabic", "12pt", "20pt", True, frozenset({1})
        )
        title, paragraphs, _ = article(fixture)
        body = "".join(f'<p dir="rtl" style="text-align: justify">{html.escape(p)}</p>' for p in paragraphs)
        page = f'<html dir="rtl"><body dir="rtl"><h1 dir="rtl">{html.escape(title)}</h1>{body}</body></html>'
        story = pymupdf.Story(html=page, user_css=CSS, archive=pymupdf.Archive(str(FONTS)))
        writer = pymupdf.DocumentWriter(str(out / f"{fixture.name}.pdf"))
        mediabox = pymupdf.paper_rect("a4")
        more = True
        while more:
            device = writer.begin_page(mediabox)
            more, _ = story.place(pymupdf.Rect(50, 50, mediabox.width - 50, mediabox.height - 50))
            story.draw(device)
            writer.end_page()
        writer.close()
        write_gold(out, fixture.name, title, paragraphs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
