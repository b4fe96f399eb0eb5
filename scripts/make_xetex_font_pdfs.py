"""Write the XeLaTeX fixtures' pages again in other Arabic fonts, from other NTREX-128 articles: polyglossia
and bidi, fancyhdr's running head and footer (``صفحة N من M``), one column or two (multicol), a pull-quote,
Arabic-Indic digits. Not fixtures of the suite: a measurement of how the reader fares across fonts.

    apt-get install texlive-xetex texlive-lang-arabic fonts-noto-core fonts-hosny-amiri \\
        fonts-sil-scheherazade fonts-kacst fonts-dejavu-core
    python scripts/make_xetex_font_pdfs.py OUT_DIR && python scripts/evaluate_pdf.py OUT_DIR
    python scripts/make_xetex_font_pdfs.py --fixtures   # tests/fixtures/pdf/other/xetex-decimals

The fixture is an article with seven decimal numbers (NTREX-128 document 14, Amiri, two columns, Arabic-Indic
digits in two paragraphs): polyglossia draws every one of them with its pieces reversed (``xetexnumbers``).
"""

from __future__ import annotations

import re
import string
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import make_tex_fixtures
from make_tex_fixtures import Fixture, build

DEFAULT_FALLBACK = make_tex_fixtures._FALLBACK
DOCUMENT = make_tex_fixtures.document

SITE, DATE = "جريدة الشرق", "الخميس ٤ أكتوبر ٢٠١٨"
# font, columns, type size, NTREX-128 document, paragraphs with Arabic-Indic digits
PAGES = (
    ("Scheherazade", 1, "12pt", 24, frozenset({1})),
    ("KacstBook", 2, "11pt", 78, frozenset({2})),  # no ASCII digits or full stop: set in the fallback
    ("DejaVu Sans", 2, "10pt", 45, frozenset({0, 3})),
    ("Noto Sans Arabic", 1, "11pt", 60, frozenset({2})),
    ("Noto Kufi Arabic", 2, "10pt", 90, frozenset({1})),
    ("Amiri", 2, "12pt", 10, frozenset({3})),
)


def lacking(font: str) -> str:
    """The ASCII digits and punctuation, the guillemets, typographic quotes and dashes ``font`` has no
    glyph for (XeTeX would draw its .notdef box)."""
    from fontTools.ttLib import TTFont

    path = subprocess.run(
        ["fc-match", "-f", "%{file}", font], capture_output=True, text=True, check=True
    ).stdout
    cmap = TTFont(path, lazy=True).getBestCmap()
    return "".join(ch for ch in string.digits + string.punctuation + "«»“”‘’–—…" if ord(ch) not in cmap)


def with_fallback(document: Callable[..., str], marks: list[str]) -> Callable[..., str]:
    def made(*args: object) -> str:
        text = document(*args)
        for mark in marks:
            text = text.replace(mark, f"{{\\fallback {mark}}}")
        return text

    return made


def fallback(missing: str) -> re.Pattern[str]:
    """What to set in the fallback font, as a word processor does: the characters the Arabic font lacks,
    and a number whose digits or separators it lacks as a whole (a font change inside a number splits it
    into two runs, which bidi then orders right to left: ``1.05`` drawn ``05.1``)."""
    digits = "0-9\u0660-\u0669"
    punctuation = "".join(re.escape(ch) for ch in missing if not ch.isdigit() and ch not in "%&$#_{}\\")
    parts = []
    if any(ch.isdigit() for ch in missing) or any(ch in missing for ch in ".,"):
        parts.append(
            f"[{digits}]+(?:[.,][{digits}]+)+"
            if not any(ch.isdigit() for ch in missing)
            else f"[{digits}]+(?:[.,][{digits}]+)*"
        )
    if punctuation:
        parts.append(f"[{punctuation}]")
    extra = "".join(f"|{part}" for part in parts)
    return re.compile(DEFAULT_FALLBACK.pattern[:-1] + extra + ")")


FIXTURE = ("xetex-decimals", "Amiri", 2, "11pt", 14, frozenset({1, 4}))
FIXTURE_DIR = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf" / "other"


def main(argv: list[str]) -> int:
    if "--fixtures" in argv:
        name, font, columns, size, document, indic = FIXTURE
        build(Fixture(name, document, columns, font, size, SITE, DATE, indic, 2), FIXTURE_DIR)
        print(FIXTURE_DIR / f"{name}.pdf")
        return 0
    out = Path(argv[0]) if argv else Path("xetex-font-pdfs")
    out.mkdir(parents=True, exist_ok=True)
    for font, columns, size, document, indic in PAGES:
        short = font.split()[0].lower() + ("-kufi" if "Kufi" in font else "")
        name = f"news-xetex-{short}-{columns}col"
        missing = lacking(font)
        make_tex_fixtures._FALLBACK = fallback(missing)
        marks = [mark for mark in "«»" if mark in missing]  # the pull-quote's, set outside the text
        make_tex_fixtures.document = with_fallback(DOCUMENT, marks)
        build(Fixture(name, document, columns, font, size, SITE, DATE, indic), out)
        print(out / f"{name}.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
