"""Write Arabic news PDFs with Typst (its own layout, HarfBuzz shaping through rustybuzz, its own PDF writer),
from NTREX-128 articles: a two-line headline above one or two columns of justified text, a pull-quote between
rules that repeats a sentence of the body, Arabic-Indic digits in some paragraphs, a running head (site name
and date) and a footer (copyright, page N / M) on every page.

What Typst does differently, and the reader has to cope with: it gives every glyph of a cluster the whole
cluster's text, each in an /ActualText span of its own — the lam-alef ligature and the tanwin drawn on it both
read "لاً", a letter and its shadda both "رّ"; Noto Naskh Arabic draws the alef of a lam-alef as a zero-width
glyph, so the cluster's text comes twice from two zero-width glyphs.

    pip install -e ".[fixtures]"    # typst: not a dependency of newsalign itself
    python scripts/make_typst_fixtures.py [OUT_DIR]

Writes ``NAME.pdf`` and ``NAME.gold.txt`` (headline, then the body paragraphs as typeset) per fixture. Quotes
are typeset as written (Typst's smart quotes would print the corpus's straight quotes as « »).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import OUT, Fixture, article, write_gold

FIXTURES = (
    Fixture(
        "news-typst-1col",
        60,
        1,
        "Noto Naskh Arabic",
        "12pt",
        "22pt",
        False,
        frozenset({1}),
        2,
        "جريدة الصباح",
        "الخميس ٤ أكتوبر ٢٠١٨",
    ),
    Fixture(
        "news-typst-2col",
        78,
        2,
        "Noto Sans Arabic",
        "10.5pt",
        "20pt",
        False,
        frozenset({2}),
        3,
        "الموقع الإخباري",
        "الجمعة ٥ أكتوبر ٢٠١٨",
    ),
)
_SPECIAL = set("#*_`$@<>\\[]~=-+/\"'")


def _markup(text: str) -> str:
    """Text as Typst markup typesets it as written."""
    return "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)


def source(fixture: Fixture, title: str, paragraphs: list[str], quote: str) -> str:
    body = []
    for index, text in enumerate(paragraphs):
        body.append(_markup(text))
        if index == fixture.quote_after:
            body.append(
                "#block(width: 100%, inset: (y: 0.4em), stroke: (top: 1.5pt, bottom: 1.5pt))"
                f'[#align(center)[#text(size: 1.25em, weight: "bold")[«{_markup(quote)}»]]]'
            )
    paragraphs_markup = "\n\n".join(body)
    return f"""#set page(paper: "a4", margin: (x: 1.8cm, top: 2.4cm, bottom: 2.2cm),
  header: [#set text(size: 9pt); {_markup(fixture.site)} #h(1fr) {_markup(fixture.date)}],
  footer: context [#set text(size: 8pt); {_markup(fixture.site)} © ٢٠١٨ جميع الحقوق محفوظة #h(1fr)
    #counter(page).display("1 / 1", both: true)])
#set text(font: "{fixture.font}", size: {fixture.size}, lang: "ar", dir: rtl)
#set smartquote(enabled: false)
#set par(justify: true, first-line-indent: (amount: 1.2em, all: true), spacing: 0.6em)
#block(width: 80%)[#text(size: {fixture.title_size}, weight: "bold")[{_markup(title)}]]
#v(0.6em)
#columns({fixture.columns}, gutter: 0.8cm)[
{paragraphs_markup}
]
"""


def main(argv: list[str]) -> int:
    try:
        import typst
    except ImportError:
        raise SystemExit('make_typst_fixtures: pip install -e ".[fixtures]" first (typst)') from None
    out = Path(argv[0]) if argv else OUT
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        for fixture in FIXTURES:
            title, paragraphs, quote = article(fixture)
            markup = Path(work) / f"{fixture.name}.typ"
            markup.write_text(source(fixture, title, paragraphs, quote), encoding="utf-8")
            typst.compile(
                str(markup), output=str(out / f"{fixture.name}.pdf"), font_paths=["/usr/share/fonts"]
            )
            write_gold(out, fixture.name, title, paragraphs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
