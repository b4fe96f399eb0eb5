"""Write PDFs of NTREX-128 articles that no fixture or font measurement uses, with layouts drawn at random:
a check that the reader's rules hold beyond the pages they were measured on. One folder per producer, each
PDF with its gold text; read them with ``scripts/evaluate_pdf.py``.

    python scripts/make_unseen_pdfs.py OUT_DIR [--seed N] [--producers chromium libreoffice ...]
    for d in OUT_DIR/*/; do python scripts/evaluate_pdf.py "$d"; done

The producers and what each needs are those of the scripts it calls: ``make_chromium_fixtures.py``
(chromium), ``make_pdf_fixtures.py`` (LibreOffice), ``make_tex_fixtures.py`` and
``make_xetex_font_pdfs.py`` (XeLaTeX), ``make_visual_wrap_pdfs.py`` (fpdf2 and reportlab, wrapped in
visual order), ``make_tcpdf_pdfs.py`` (PHP), ``make_abiword_pdfs.py``, ``make_wkhtmltopdf_pdfs.py``,
``make_fpdf_shaping_pdfs.py`` (uharfbuzz) and ``make_mupdf_pdfs.py`` (PyMuPDF, in its own environment:
run this script with that environment's Python for ``mupdf``).
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# NTREX-128 documents the fixture and measurement scripts name (and a few numbers that may be one): left out.
USED = {0, 5, 7, 10, 14, 20, 21, 24, 33, 34, 40, 45, 50, 55, 60, 63, 68, 70, 78, 88, 90, 97, 100, 101, 110}
USED |= {119}
FONTS = ("Amiri", "Noto Naskh Arabic", "Noto Sans Arabic", "Scheherazade", "DejaVu Sans", "KacstBook")
PRODUCERS = (
    "chromium",
    "libreoffice",
    "xetex",
    "vwrap",
    "tcpdf",
    "abiword",
    "wkhtmltopdf",
    "fpdfhb",
    "mupdf",
)


def unused(rng: random.Random, count: int, usable: list[int] | None = None) -> list[int]:
    from align.datasets import load_test_set

    documents = usable if usable is not None else list(range(len(load_test_set("ntrex128", side="source"))))
    return rng.sample([d for d in documents if d not in USED], count)


def with_quote(rng: random.Random, count: int) -> list[int]:
    """Documents the HTML-based scripts can make a pull-quote from (a sentence of 40 to 120 characters)."""
    from make_chromium_fixtures import Fixture, article

    usable = []
    for number in range(123):
        try:
            article(Fixture("probe", number, 1, "Amiri", "12pt", "22pt", True))
        except StopIteration:
            continue
        usable.append(number)
    return unused(rng, count, usable)


def chromium(out: Path, rng: random.Random, count: int) -> None:
    from make_chromium_fixtures import Fixture, build

    workdir = Path(tempfile.gettempdir()) / "newsalign-fixtures"
    workdir.mkdir(exist_ok=True)
    for k, document in enumerate(with_quote(rng, count)):
        font, columns = rng.choice((*FONTS, "Noto Kufi Arabic", "KacstOffice")), rng.choice((1, 2, 3))
        bands = rng.random() < 0.5
        site, date = (
            ("", "")
            if bands
            else ("صحيفة الغد", rng.choice(("الأحد ٣٠ سبتمبر ٢٠١٨", "الثلاثاء 12 مارس 2019")))
        )
        name = f"u{k}-chromium-{font.replace(' ', '').lower()}-{columns}col-{document}"
        indic = frozenset(rng.sample(range(4), rng.choice((0, 1, 2))))
        size, title = (
            rng.choice(("10pt", "11pt", "12pt", "13pt", "14pt")),
            rng.choice(("20pt", "24pt", "28pt")),
        )
        fixture = Fixture(
            name, document, columns, font, size, title, bands, indic, rng.choice((1, 2, 3)), site, date
        )
        try:
            build(fixture, out, workdir)
        except StopIteration:  # no sentence to quote after the paragraph drawn for the pull-quote
            print(f"{name}: no pull-quote to make; left out", file=sys.stderr)


def libreoffice(out: Path, rng: random.Random, count: int) -> None:
    import make_pdf_fixtures as fixtures

    from align.datasets import documents_by_id

    documents = documents_by_id("ntrex128", side="source")
    ids = sorted(documents)
    used = {a.doc_id for a in fixtures.ARTICLES}
    looks = dict(fixtures.LOOKS)
    latin = {"Amiri": "Amiri", "Noto Naskh Arabic": "Noto Serif", "Noto Sans Arabic": "Noto Sans"}
    with tempfile.TemporaryDirectory() as work:
        for k in range(count):
            doc_id = rng.choice([i for i in ids if i not in used])
            sentences = documents[doc_id]
            plan: list[int] = []
            left = len(sentences) - 1
            while left > 0:
                plan.append(min(left, rng.choice((1, 1, 2, 2, 3))))
                left -= plan[-1]
            columns, font = rng.choice((1, 2)), rng.choice(FONTS)
            fixtures.LOOKS = {
                c: dataclasses.replace(
                    look,
                    body_ar=font,
                    body_lat=latin.get(font, "DejaVu Sans"),
                    title_ar=font,
                    title_lat=latin.get(font, "DejaVu Sans"),
                )
                for c, look in looks.items()
            }
            words = sentences[rng.randrange(1, len(sentences))].split()
            quote = ""
            if len(words) > 8:
                start = rng.randrange(0, len(words) - 7)
                quote = "«" + " ".join(words[start : start + rng.choice((5, 6, 7))]).strip('،.,"') + "»"
            indic = frozenset(rng.sample(range(1, len(plan) + 1), min(len(plan), rng.choice((0, 1, 2)))))
            article = fixtures.Article(
                name=f"u{k}-lo-{columns}col",
                doc_id=doc_id,
                paragraphs=tuple(plan),
                columns=columns,
                header=rng.choice(
                    (("المراقب الدولي", "الاثنين ١ أكتوبر ٢٠١٨"), ("الوطن", "الخميس 4 أبريل 2019"))
                ),
                page_word="صفحة",
                of_word="من",
                indic_paragraphs=indic,
                pullquote=quote,
                pullquote_after=min(2, len(plan)),
                indic_footer=rng.random() < 0.5,
            )
            fixtures.make_article(article, sentences, out, Path(work), keep=False)
    fixtures.LOOKS = looks
    for path in out.iterdir():
        if not path.name.endswith((".pdf", ".gold.txt")):
            path.unlink()


def xetex(out: Path, rng: random.Random, count: int) -> None:
    import make_tex_fixtures
    import make_xetex_font_pdfs as xe

    for k, document in enumerate(with_quote(rng, count)):
        font, columns = rng.choice((*FONTS, "Noto Kufi Arabic")), rng.choice((1, 2))
        name = f"u{k}-xetex-{font.split()[0].lower()}-{columns}col-{document}"
        missing = xe.lacking(font)
        make_tex_fixtures._FALLBACK = xe.fallback(missing)
        make_tex_fixtures.document = xe.with_fallback(xe.DOCUMENT, [m for m in "«»" if m in missing])
        indic = frozenset(rng.sample(range(4), rng.choice((0, 1, 2))))
        size = rng.choice(("10pt", "11pt", "12pt"))
        make_tex_fixtures.build(
            make_tex_fixtures.Fixture(
                name, document, columns, font, size, xe.SITE, xe.DATE, indic, rng.choice((1, 2))
            ),
            out,
        )


def vwrap(out: Path, rng: random.Random, count: int) -> None:
    import make_visual_wrap_pdfs as vw

    fonts = (
        "noto/NotoNaskhArabic-Regular.ttf",
        "noto/NotoSansArabic-Regular.ttf",
        str(vw.AMIRI / "Amiri-Regular.ttf"),
        "dejavu/DejaVuSans.ttf",
    )
    for k, document in enumerate(unused(rng, count)):
        tool = rng.choice(("fpdf", "reportlab"))
        article = vw.Article(
            f"u{k}-vwrap-{tool}-{document}",
            document,
            tool,
            rng.choice(fonts),
            columns=rng.choice((1, 2)) if tool == "reportlab" else 1,
            align=rng.choice("RJ"),
            gap=rng.random() < 0.5,
            indic=rng.random() < 0.3,
        )
        (vw.build_fpdf if tool == "fpdf" else vw.build_reportlab)(article, out)


def by_articles(module: str) -> object:
    """A producer script whose pages are five articles (``ARTICLES``), run on five others."""

    def made(out: Path, rng: random.Random, count: int) -> None:
        script = __import__(module)
        script.ARTICLES = tuple(with_quote(rng, len(script.ARTICLES)))
        script.main([str(out)])

    return made


MAKERS = {
    "chromium": chromium,
    "libreoffice": libreoffice,
    "xetex": xetex,
    "vwrap": vwrap,
    "tcpdf": by_articles("make_tcpdf_pdfs"),
    "abiword": by_articles("make_abiword_pdfs"),
    "wkhtmltopdf": by_articles("make_wkhtmltopdf_pdfs"),
    "fpdfhb": by_articles("make_fpdf_shaping_pdfs"),
    "mupdf": by_articles("make_mupdf_pdfs"),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=8, help="pages per producer drawn at random")
    parser.add_argument("--producers", nargs="+", default=list(PRODUCERS), choices=PRODUCERS)
    args = parser.parse_args(argv)
    for name in args.producers:
        folder = args.out / name
        folder.mkdir(parents=True, exist_ok=True)
        MAKERS[name](folder, random.Random(f"{args.seed}:{name}"), args.count)  # type: ignore[operator]
        print(folder, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
