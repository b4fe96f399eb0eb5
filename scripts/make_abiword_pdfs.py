"""Write Arabic news PDFs with AbiWord (its own layout and bidi, Pango shaping, cairo's PDF surface), from
NTREX-128 articles, one font each. Not fixtures of the test suite (AbiWord is not installed in CI): a
measurement of another producer.

    apt-get install abiword
    python scripts/make_abiword_pdfs.py OUT_DIR && python scripts/evaluate_pdf.py OUT_DIR
    python scripts/make_abiword_pdfs.py OUT_DIR --fixtures   # also tests/fixtures/pdf/other/abiword-*.pdf

Writes ``news-abw-N.pdf`` and ``news-abw-N.gold.txt`` (headline, then the body paragraphs) per article, from
AbiWord's own format (``.abw``; its HTML import loses the order of a line's runs when one is Latin):
right-to-left paragraphs set flush right (AbiWord 3.0 justifies Arabic by spacing out the letters of words:
a page broken as drawn), a bold headline that wraps, some paragraphs with
Arabic-Indic digits, a pull-quote between rules, every second article in two columns with a running head
(site name and date) and a footer (copyright line and page number). AbiWord does not fall back to another
font for a character the paragraph's font lacks (Noto Sans Arabic and Noto Kufi Arabic have no ASCII quote
or full stop): Pango draws a missing-glyph box there, which the reader reads back (``align.ingest.hexboxes``).
With ``--fixtures``, articles 2 (Noto Sans Arabic, two columns, running head and footer) and 4 (Noto Kufi
Arabic) are also written as the test fixtures ``abiword-2col`` and ``abiword-kufi``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import Fixture, article, write_gold

FONTS = ("Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", "Noto Kufi Arabic", "Noto Naskh Arabic")
ARTICLES = (24, 78, 45, 10, 60)
OTHER = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf" / "other"
BOLD = "font-weight:bold"
SITE = "موقع الأخبار العربية"
DATE = "الأحد ٣٠ سبتمبر ٢٠١٨"


def paragraph(text: str, props: str) -> str:
    return f'<p props="dom-dir:rtl; {props}"><c props="lang:ar-EG">{escape(text)}</c></p>'


def document(font: str, index: int, title: str, paragraphs: list[str], quote: str, after: int) -> str:
    bands = index % 2 == 1
    face = f"text-align:right; font-family:{font}"
    body = [paragraph(title, f"{face}; font-size:22pt; {BOLD}")]
    for number, text in enumerate(paragraphs):
        body.append(paragraph(text, f"{face}; font-size:12pt; margin-bottom:6pt"))
        if number == after:
            rule = "top-style:solid; top-thickness:1pt; bot-style:solid; bot-thickness:1pt"
            props = f"text-align:center; font-family:{font}; font-size:16pt; {BOLD}; {rule}"
            body.append(paragraph(f"«{quote}»", props))
    section = "dom-dir:rtl; page-margin-left:0.9in; page-margin-right:0.9in"
    extra = ""
    if bands:
        section += "; columns:2; column-gap:0.3in"
        extra = ' header="h1" footer="f1"'
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<abiword template="false" xmlns="http://www.abisource.com/awml.dtd" version="3.0.5" fileformat="1.1"'
        ' styles="unlocked" props="dom-dir:rtl; lang:ar-EG">',
        f'<section props="{section}"{extra}>',
        *body,
        "</section>",
    ]
    if bands:
        small = f"font-family:{font}; font-size:9pt"
        parts += [
            '<section id="h1" type="header">',
            paragraph(f"{SITE} — {DATE}", f"text-align:right; {small}; bot-style:solid; bot-thickness:0.5pt"),
            "</section>",
            '<section id="f1" type="footer">',
            f'<p props="dom-dir:rtl; text-align:center; {small}"><c props="lang:ar-EG">'
            f'{escape(SITE)} © ٢٠١٨ جميع الحقوق محفوظة — </c><field type="page_number"/></p>',
            "</section>",
        ]
    parts.append("</abiword>")
    return "\n".join(parts) + "\n"


def main(argv: list[str]) -> int:
    fixtures = "--fixtures" in argv
    argv = [a for a in argv if a != "--fixtures"]
    out = Path(argv[0]) if argv else Path("abiword-pdfs")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        for index, (number, font) in enumerate(zip(ARTICLES, FONTS, strict=True)):
            name = f"news-abw-{index + 1}"
            fixture = Fixture(name, number, 1, font, "12pt", "22pt", True, frozenset({1, 4}))
            title, paragraphs, quote = article(fixture)
            source = Path(work) / f"{fixture.name}.abw"
            source.write_text(document(font, index, title, paragraphs, quote, 2), encoding="utf-8")
            # AbiWord writes the PDF next to its input, under the input's name.
            subprocess.run(["abiword", "--to=pdf", str(source)], check=True, timeout=300, capture_output=True)
            source.with_suffix(".pdf").replace(out / f"{fixture.name}.pdf")
            write_gold(out, fixture.name, title, paragraphs)
    if fixtures:
        for number, name in ((2, "abiword-2col"), (4, "abiword-kufi")):
            for suffix in (".pdf", ".gold.txt"):
                shutil.copy(out / f"news-abw-{number}{suffix}", OTHER / f"{name}{suffix}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
