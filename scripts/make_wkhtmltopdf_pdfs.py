"""Write Arabic news PDFs with wkhtmltopdf (WebKit laid out, Qt's PDF engine), from NTREX-128 articles, one
font each. Not fixtures of the test suite (wkhtmltopdf is not installed in CI): a measurement of another
producer.

    apt-get install wkhtmltopdf
    python scripts/make_wkhtmltopdf_pdfs.py OUT_DIR && python scripts/evaluate_pdf.py OUT_DIR

Writes ``news-wk-N.pdf`` and ``news-wk-N.gold.txt`` (headline, then the body paragraphs) per article:
justified right-to-left paragraphs, some with Arabic-Indic digits, a pull-quote between rules, every second
article in two CSS columns and with wkhtmltopdf's header and footer options (which the Debian build, on
unpatched Qt, ignores).
"""

from __future__ import annotations

import html
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import Fixture, article, write_gold

FONTS = ("Noto Naskh Arabic", "Amiri", "Noto Sans Arabic", "DejaVu Sans", "Noto Kufi Arabic")
ARTICLES = (24, 78, 45, 10, 60)


def page(font: str, columns: bool, title: str, paragraphs: list[str], quote: str, after: int) -> str:
    parts = []
    for index, text in enumerate(paragraphs):
        parts.append(f"<p>{html.escape(text)}</p>")
        if index == after:
            parts.append(
                '<blockquote style="font-size:16pt;font-weight:bold;border-top:1px solid;'
                f'border-bottom:1px solid">«{html.escape(quote)}»</blockquote>'
            )
    flow = "column-count:2; -webkit-column-count:2;" if columns else ""
    return (
        f'<html dir="rtl" lang="ar"><head><meta charset="utf-8"><style>body{{font-family:"{font}";'
        f"font-size:12pt;text-align:justify;}} h1{{font-size:22pt}} .body{{{flow}}}</style></head>"
        f'<body><h1>{html.escape(title)}</h1><div class="body">{"".join(parts)}</div></body></html>'
    )


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("wkhtmltopdf-pdfs")
    out.mkdir(parents=True, exist_ok=True)
    for index, (document, font) in enumerate(zip(ARTICLES, FONTS, strict=True)):
        fixture = Fixture(f"news-wk-{index + 1}", document, 1, font, "12pt", "22pt", True, frozenset({1}))
        title, paragraphs, quote = article(fixture)
        source = out / f"{fixture.name}.html"
        source.write_text(page(font, index % 2 == 1, title, paragraphs, quote, 2), encoding="utf-8")
        command = ["wkhtmltopdf", "-q", "--encoding", "utf-8", "--page-size", "A4"]
        if index % 2 == 1:
            command += ["--header-right", "[date]", "--header-left", "موقع الأخبار", "--header-line"]
            command += ["--footer-center", "[page] / [topage]", "--footer-font-size", "8"]
        subprocess.run([*command, str(source), str(out / f"{fixture.name}.pdf")], check=False)
        source.unlink()
        write_gold(out, fixture.name, title, paragraphs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
