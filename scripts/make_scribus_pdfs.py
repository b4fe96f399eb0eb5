"""Write Arabic news PDFs with Scribus (desktop publishing: its own layout, HarfBuzz shaping, ICU bidi, its
own PDF writer), from NTREX-128 articles, one font each. Not fixtures of the test suite (Scribus is not
installed in CI): a measurement of another producer, laid out the way a paper sets a page.

    apt-get install scribus xvfb xauth
    python scripts/make_scribus_pdfs.py OUT_DIR && python scripts/evaluate_pdf.py OUT_DIR

Writes ``news-scribus-N.pdf`` and ``news-scribus-N.gold.txt`` (headline, then the body paragraphs) per
article: a bold headline frame across the page, the body in one to three column frames per page, linked
from the right and from page to page, justified right-to-left paragraphs with a first-line indent, some with
Arabic-Indic digits, a pull-quote in a frame of its own that the body flows around, and a running head
(site name and date) and footer (copyright line and page number) in frames of their own on every page.
Scribus runs headless under ``xvfb-run`` with a generated script (``scribus -g -ns -py``).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import Fixture, article, write_gold

FONTS = ("Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", "Noto Kufi Arabic", "Noto Naskh Arabic")
BOLD = {"DejaVu Sans": "DejaVu Sans Bold"}
REGULAR = {"DejaVu Sans": "DejaVu Sans Book"}
ARTICLES = (24, 78, 45, 10, 60)
COLUMNS = (1, 2, 3, 2, 1)
JUSTIFIED, RIGHT = 3, 2  # Scribus's paragraph alignments
SITE = "موقع الأخبار العربية"
DATE = "الأحد ٣٠ سبتمبر ٢٠١٨"

# Runs inside Scribus (its own Python, ``import scribus``): lays out one article from a JSON file.
LAYOUT = r"""
import json, sys
import scribus

spec = json.load(open(sys.argv[1], encoding="utf-8"))
W, H, M = 595.28, 841.89, 50.0
scribus.newDocument(scribus.PAPER_A4, (M, M, M, M), scribus.PORTRAIT, 1, scribus.UNIT_POINTS,
                    scribus.PAGE_1, 0, spec["pages"])
regular, bold = spec["regular"], spec["bold"]
scribus.createCharStyle(name="body", font=regular, fontsize=11.0, language="ar")
scribus.createParagraphStyle(name="body", linespacingmode=0, linespacing=17.0, alignment=spec["align"],
                             firstindent=14.0, gapafter=0.0, charstyle="body")
for name, font, size, leading, alignment in (("title", bold, 24.0, 32.0, 2), ("quote", bold, 15.0, 22.0, 1),
                                             ("band", regular, 8.0, 11.0, 2)):
    scribus.createCharStyle(name=name, font=font, fontsize=size, language="ar")
    scribus.createParagraphStyle(name=name, linespacingmode=0, linespacing=leading, alignment=alignment,
                                 charstyle=name)

def frame(page, x, y, w, h, text, style):
    scribus.gotoPage(page)
    name = scribus.createText(x, y, w, h)
    scribus.setTextDirection(scribus.DIRECTION_RTL, name)
    if text:
        scribus.setText(text, name)
        scribus.setParagraphStyle(style, name)
    return name


frames = []
columns, gap = spec["columns"], 14.0
width = (W - 2 * M - gap * (columns - 1)) / columns
for page in range(1, spec["pages"] + 1):
    frame(page, M, 20, W - 2 * M, 14, spec["head"], "band")
    frame(page, M, H - 34, W - 2 * M, 14, spec["foot"].replace("{page}", str(page)), "band")
    top = M
    if page == 1:
        frame(page, M, M, W - 2 * M, 110, spec["title"], "title")
        top = M + 120
    # Scribus flows a frame's own columns left to right whatever the text's direction: a right-to-left
    # page is set, as designers do, as one frame per column, linked from the right.
    for column in range(columns):
        x = W - M - (column + 1) * width - column * gap
        frames.append(frame(page, x, top, width, H - M - top, "", "body"))
    if page == 1:  # above the body frames, which flow around it
        quote = frame(page, M + 110, 420, W - 2 * M - 220, 100, spec["quote"], "quote")
        scribus.setTextFlowMode(quote, 1)
for a, b in zip(frames, frames[1:]):
    scribus.linkTextFrames(a, b)
scribus.setText("\r".join(spec["paragraphs"]), frames[0])
scribus.setParagraphStyle("body", frames[0])
scribus.layoutTextChain(frames[0])
if scribus.textOverflows(frames[0]):
    raise SystemExit("the article does not fit its pages")
pdf = scribus.PDFfile()
pdf.file = spec["out"]
pdf.save()
"""


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("scribus-pdfs")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        layout = Path(work) / "layout.py"
        layout.write_text(LAYOUT, encoding="utf-8")
        for index, (number, font) in enumerate(zip(ARTICLES, FONTS, strict=True)):
            name = f"news-scribus-{index + 1}"
            fixture = Fixture(name, number, COLUMNS[index], font, "11pt", "24pt", True, frozenset({1, 4}))
            title, paragraphs, quote = article(fixture)
            spec = {
                "title": title,
                "paragraphs": paragraphs,
                "quote": f"«{quote}»",
                "columns": COLUMNS[index],
                "align": JUSTIFIED if index % 2 == 0 else RIGHT,
                "pages": 3 if COLUMNS[index] == 1 else 2,
                "regular": REGULAR.get(font, f"{font} Regular"),
                "bold": BOLD.get(font, f"{font} Bold"),
                "head": f"{SITE} — {DATE}",
                "foot": f"{SITE} © ٢٠١٨ جميع الحقوق محفوظة — {{page}}",
                "out": str(out / f"{name}.pdf"),
            }
            source = Path(work) / f"{name}.json"
            source.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
            command = ["xvfb-run", "-a", "scribus", "-g", "-ns", "-py", str(layout), str(source)]
            result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
            if not (out / f"{name}.pdf").exists():
                log = result.stdout[-2000:] + result.stderr[-2000:]
                print(f"{name}: Scribus wrote no PDF\n{log}", file=sys.stderr)
                continue
            write_gold(out, name, title, paragraphs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
