"""Write Arabic news PDFs with WeasyPrint (Pango and HarfBuzz, fonts subset by fontTools), from NTREX-128
articles: the same pages as ``make_chromium_fixtures.py`` (a two-line headline, 1–2 CSS columns of
justified text, a pull-quote between rules, Arabic-Indic digits in some paragraphs, the page's own masthead,
copyright footer and page ``N / M`` in its margin boxes), laid out and written by another engine.

What WeasyPrint does differently, and the reader has to cope with: its font subsets give each glyph the
text of the first cluster it was drawn in, so an alef with hamza drawn with a damma leaves the alef-hamza
glyph with no text anywhere and the damma glyph with "أُ" everywhere (Noto Sans Arabic), and a yeh with
hamza under a tanwin has no text (Noto Kufi Arabic); it puts the first-line indent of right-to-left
paragraphs on the left, so only the space between paragraphs marks where one starts.

    pip install -e ".[fixtures]"    # weasyprint: not a dependency of newsalign itself
    python scripts/make_weasyprint_fixtures.py [OUT_DIR]

Writes ``NAME.pdf`` and ``NAME.gold.txt`` (headline, then the body paragraphs as typeset) per fixture.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import OUT, Fixture, article, page, write_gold

FIXTURES = (
    Fixture(
        "news-weasyprint-1col",
        10,
        1,
        "Noto Naskh Arabic",
        "13pt",
        "24pt",
        False,
        frozenset({1}),
        2,
        "صحيفة اليوم",
        "الاثنين ١ أكتوبر ٢٠١٨",
    ),
    Fixture(
        "news-weasyprint-2col",
        33,
        2,
        "Noto Sans Arabic",
        "11pt",
        "21pt",
        False,
        frozenset({2, 4}),
        3,
        "موقع الأخبار",
        "الأحد ٣٠ سبتمبر ٢٠١٨",
    ),
    Fixture(
        "news-weasyprint-2col-kufi",
        90,
        2,
        "Noto Kufi Arabic",
        "10.5pt",
        "20pt",
        False,
        frozenset({0}),
        2,
        "أخبار العالم",
        "الثلاثاء ٢ أكتوبر ٢٠١٨",
    ),
)


def main(argv: list[str]) -> int:
    try:
        from weasyprint import HTML
    except ImportError:
        raise SystemExit(
            'make_weasyprint_fixtures: pip install -e ".[fixtures]" first (weasyprint)'
        ) from None
    out = Path(argv[0]) if argv else OUT
    out.mkdir(parents=True, exist_ok=True)
    for fixture in FIXTURES:
        title, paragraphs, quote = article(fixture)
        HTML(string=page(fixture, title, paragraphs, quote)).write_pdf(out / f"{fixture.name}.pdf")
        write_gold(out, fixture.name, title, paragraphs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
