"""Write Arabic news PDFs with Chromium's headless print-to-PDF (Skia), from NTREX-128 articles.

Each fixture is an HTML page (``dir="rtl"``) with a two-line headline above 1–3 CSS columns of justified
text, a pull-quote between rules that repeats a sentence of the body, some paragraphs with Arabic-Indic
digits, and running heads: either Chromium's own header and footer bands (date, title, URL, page x/y) or,
with ``--no-pdf-header-footer``, the page's own masthead (site name and date), copyright footer and page
``N / M``, set in the CSS page margin boxes (``@top-right`` …), which Chromium prints on every page.
Fonts: the Arabic ones installed (Noto Naskh Arabic, Noto Sans Arabic, Amiri); quotes and brackets some
of them lack come from a fallback font.

    python scripts/make_chromium_fixtures.py [OUT_DIR]

Needs ``chromium`` (Debian: chromium, fonts-noto-core, fonts-hosny-amiri). Writes ``NAME.pdf`` and
``NAME.gold.txt`` (headline, then the body paragraphs as typeset) per fixture. Chromium stamps the print
date into its header band and the PDF, so regenerated files differ in those bytes only.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.datasets import load_test_set

INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf"


@dataclass(frozen=True)
class Fixture:
    name: str
    document: int  # NTREX-128 document index
    columns: int
    font: str
    size: str  # body type size
    title_size: str
    chromium_bands: bool  # Chromium's header/footer (date, title, URL, page x/y); else the page's own
    indic: frozenset[int] = frozenset()  # 0-based body paragraphs typeset with Arabic-Indic digits
    quote_after: int = 2  # the pull-quote follows this 0-based body paragraph
    site: str = ""
    date: str = ""


FIXTURES = (
    Fixture("news-chromium-1col", 24, 1, "Noto Naskh Arabic", "13pt", "24pt", True, frozenset({3, 4})),
    Fixture(
        "news-chromium-2col",
        78,
        2,
        "Noto Sans Arabic",
        "11pt",
        "21pt",
        False,
        frozenset({1, 5}),
        3,
        "موقع الأخبار العربية",
        "الأحد ٣٠ سبتمبر ٢٠١٨",
    ),
    Fixture("news-chromium-3col", 45, 3, "Amiri", "12pt", "26pt", True, frozenset({2}), 1),
    # Paragraphs that end without a full stop (a list of past earthquakes, "2005: … 7.6 ريختر"): their ends
    # are told by the space after them and the short line or the indent.
    Fixture(
        "news-chromium-2col-list",
        97,
        2,
        "Amiri",
        "10pt",
        "20pt",
        False,
        frozenset({2}),
        1,
        "أخبار الكوارث",
        "الاثنين ١ أكتوبر ٢٠١٨",
    ),
)


def article(fixture: Fixture) -> tuple[str, list[str], str]:
    """(headline, body paragraphs as typeset, pull-quote text)."""
    doc = load_test_set("ntrex128", side="source")[fixture.document]
    title = " ".join(doc[0].split())
    sentences = [" ".join(s.split()) for s in doc[1:]]
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    paragraphs = [p.translate(INDIC) if i in fixture.indic else p for i, p in enumerate(paragraphs)]
    body = paragraphs[fixture.quote_after + 1 :]
    candidates = [s for s in sentences if 40 <= len(s) <= 120]
    # Else the sentence as the body has it, its digits Arabic-Indic where its paragraph's are.
    quote = next(
        (s for s in candidates if any(s in p for p in body)),
        next((s.translate(INDIC) for s in candidates if any(s.translate(INDIC) in p for p in body)), None),
    )
    if quote is None:
        raise StopIteration(f"NTREX-128 document {fixture.document} has no sentence to quote")
    quote = quote.rstrip(".")
    return title, paragraphs, quote


def page(fixture: Fixture, title: str, paragraphs: list[str], quote: str) -> str:
    parts = []
    for index, text in enumerate(paragraphs):
        parts.append(f"<p>{html.escape(text)}</p>")
        if index == fixture.quote_after:
            parts.append(f'<blockquote class="pull">«{html.escape(quote)}»</blockquote>')
    bands = ""
    if not fixture.chromium_bands:
        # The page's own running head and footer, in the page's margin boxes (on every page).
        bands = (
            f'@top-right {{ content: "{fixture.site}"; font-size: 9pt; border-bottom: 1px solid #000; }}\n'
            f'@top-left {{ content: "{fixture.date}"; font-size: 9pt; border-bottom: 1px solid #000; }}\n'
            f'@bottom-center {{ content: "{fixture.site} © ٢٠١٨ جميع الحقوق محفوظة"; font-size: 8pt; }}\n'
            '@bottom-left { content: counter(page) " / " counter(pages); font-size: 8pt; }'
        )
    return f"""<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
@page {{ size: A4; margin: 1.8cm 1.6cm 2.0cm 1.6cm; {bands} }}
body {{ font-family: '{fixture.font}', serif; font-size: {fixture.size}; line-height: 1.5; margin: 0; }}
h1 {{ font-size: {fixture.title_size}; font-weight: bold; line-height: 1.3; margin: 0 0 0.6em 0;
      max-width: 82%; }}
.columns {{ column-count: {fixture.columns}; column-gap: 0.8cm; text-align: justify; }}
p {{ margin: 0 0 0.55em 0; text-indent: 1.2em; }}
blockquote.pull {{ font-size: 1.3em; font-weight: bold; text-align: center; margin: 0.6em 0.4em;
      padding: 0.3em 0; border-top: 2px solid #333; border-bottom: 2px solid #333; break-inside: avoid; }}
</style></head>
<body><h1>{html.escape(title)}</h1><div class="columns">
{chr(10).join(parts)}
</div></body></html>
"""


def print_pdf(source: Path, target: Path, bands: bool) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if chromium is None:
        raise SystemExit("make_chromium_fixtures: chromium is not installed")
    command = [chromium, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={target}"]
    if not bands:
        command.append("--no-pdf-header-footer")
    done = subprocess.run([*command, source.as_uri()], capture_output=True, text=True, check=False)
    if done.returncode != 0 or not target.exists():
        raise SystemExit(f"chromium failed on {source}: {done.stderr.strip()[-500:]}")


def write_gold(out: Path, name: str, title: str, paragraphs: list[str]) -> None:
    """``NAME.gold.txt``: the headline, then the body paragraphs as typeset, a blank line between."""
    (out / f"{name}.gold.txt").write_text("\n\n".join([title, *paragraphs]) + "\n", encoding="utf-8")


def build(fixture: Fixture, out: Path, workdir: Path) -> None:
    title, paragraphs, quote = article(fixture)
    source = workdir / f"{fixture.name}.html"
    source.write_text(page(fixture, title, paragraphs, quote), encoding="utf-8")
    print_pdf(source, out / f"{fixture.name}.pdf", fixture.chromium_bands)
    write_gold(out, fixture.name, title, paragraphs)


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.mkdir(parents=True, exist_ok=True)
    # A fixed folder name: Chromium prints the page's URL in its footer band.
    workdir = Path(tempfile.gettempdir()) / "newsalign-fixtures"
    workdir.mkdir(exist_ok=True)
    for fixture in FIXTURES:
        build(fixture, out, workdir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
