"""Write the LibreOffice fixtures' articles again in other Arabic fonts: the same flat ODF documents as
``make_pdf_fixtures.py`` (justified right-to-left paragraphs, running header and page numbers, a pull-quote,
Arabic-Indic digits, one or two columns), set in the fonts a Debian desktop offers. Not fixtures of the
suite: a measurement of how the reader fares with LibreOffice across fonts.

    apt-get install libreoffice-writer-nogui fonts-sil-scheherazade fonts-kacst fonts-hosny-amiri \\
        fonts-dejavu-core fonts-noto-core
    python scripts/make_libreoffice_font_pdfs.py OUT_DIR && python scripts/evaluate_pdf.py OUT_DIR

Writes ``news-lo-FONT-ARTICLE.pdf`` and its ``.gold.txt`` (headline, then the body paragraphs) per font and
article.
"""

from __future__ import annotations

import dataclasses
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import make_pdf_fixtures as fixtures

from align.datasets import documents_by_id

# Arabic body and title font, the Latin font beside them, and a short name for the file.
FONTS = (
    ("Scheherazade", "DejaVu Serif", "scheherazade"),
    ("KacstOne", "DejaVu Sans", "kacstone"),
    ("DejaVu Sans", "DejaVu Sans", "dejavu"),
    ("Noto Sans Arabic", "Noto Sans", "notosans"),
)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("libreoffice-font-pdfs")
    out.mkdir(parents=True, exist_ok=True)
    documents = documents_by_id("ntrex128", side="source")
    looks = dict(fixtures.LOOKS)
    with tempfile.TemporaryDirectory() as work:
        for arabic, latin, short in FONTS:
            for article in fixtures.ARTICLES:
                fixtures.LOOKS = {
                    columns: dataclasses.replace(
                        look, body_ar=arabic, body_lat=latin, title_ar=arabic, title_lat=latin
                    )
                    for columns, look in looks.items()
                }
                renamed = dataclasses.replace(
                    article, name=f"news-lo-{short}-{article.name.removeprefix('news-')}"
                )
                fixtures.make_article(renamed, documents[article.doc_id], out, Path(work), keep=False)
    for path in out.iterdir():  # the fixture script's side files are not needed for the measurement
        if not path.name.endswith((".pdf", ".gold.txt")):
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
