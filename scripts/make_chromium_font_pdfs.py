"""Write the Chromium fixtures' pages again in other Arabic fonts, from NTREX-128 articles: Chromium's
print-to-PDF with the fonts a Debian desktop offers (Scheherazade, KacstOne, DejaVu Sans, Lateef,
KacstBook, AlArabiya, Nazli), one to three columns, with and without Chromium's own header and footer bands.
Not fixtures of the suite: a measurement of how the reader fares across fonts.

    apt-get install chromium fonts-sil-scheherazade fonts-sil-lateef fonts-kacst fonts-kacst-one \\
        fonts-arabeyes fonts-farsiweb fonts-dejavu-core
    python scripts/make_chromium_font_pdfs.py OUT_DIR && python scripts/evaluate_pdf.py OUT_DIR
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import Fixture, build

# font, columns, Chromium's bands (else the page's own masthead and footer), NTREX-128 document
FONTS = (
    ("Scheherazade", 1, True, 24),
    ("KacstOne", 2, False, 78),
    ("DejaVu Sans", 1, True, 45),
    ("Lateef", 2, True, 10),
    ("KacstBook", 3, False, 60),
    ("AlArabiya", 1, False, 33),
    ("Nazli", 2, True, 90),
)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("chromium-font-pdfs")
    out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.gettempdir()) / "newsalign-fixtures"
    workdir.mkdir(exist_ok=True)
    for font, columns, bands, document in FONTS:
        site, date = ("", "") if bands else ("موقع الأخبار", "الأحد ٣٠ سبتمبر ٢٠١٨")
        name = f"news-chromium-{font.replace(' ', '').lower()}-{columns}col"
        fixture = Fixture(name, document, columns, font, "12pt", "22pt", bands, frozenset({1}), 2, site, date)
        build(fixture, out, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
