"""Write Arabic news PDFs with LuaLaTeX and babel, from NTREX-128 articles: the XeLaTeX fixtures' pages
(``make_tex_fixtures.py``: running heads, ``صفحة N من M``, a pull-quote, one column or two) set by LuaTeX,
with babel's Arabic instead of polyglossia (which does not run under LuaTeX here), shaped by HarfBuzz
(``Renderer=HarfBuzz``) or by luaotfload's own shaper (``node``). Not fixtures of the suite: a measurement of
another producer.

    apt-get install texlive-luatex texlive-lang-arabic texlive-latex-extra
    python scripts/make_luatex_pdfs.py OUT_DIR [HarfBuzz|node] && python scripts/evaluate_pdf.py OUT_DIR
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from make_chromium_fixtures import write_gold
from make_tex_fixtures import Fixture, article, document, typeset

ARTICLES = (
    (119, 1, "Amiri", "12pt", "صحيفة الوطن", "الثلاثاء ٢ أكتوبر ٢٠١٨", frozenset({1}), 1),
    (68, 2, "Noto Naskh Arabic", "11pt", "الأخبار المسائية", "١ أكتوبر ٢٠١٨", frozenset({4, 7}), 2),
    (24, 1, "Noto Sans Arabic", "11pt", "المراقب", "١ أكتوبر ٢٠١٨", frozenset({3}), 2),
)


def babel(source: str, font: str, renderer: str) -> str:
    """The XeLaTeX source with babel's Arabic and the fonts set through it."""
    features = "Script=Arabic" + (f",Renderer={renderer}" if renderer != "node" else "")
    for old, new in (
        (
            "\\usepackage{polyglossia}\n\\setmainlanguage{arabic}\n\\setotherlanguage{english}\n",
            "\\usepackage[english,bidi=basic]{babel}\n\\babelprovide[import,main]{arabic}\n",
        ),
        (
            f"\\newfontfamily\\arabicfont[Script=Arabic]{{{font}}}\n",
            f"\\babelfont[arabic]{{rm}}[{features}]{{{font}}}\n",
        ),
        ("\\setmainfont{DejaVu Serif}\n", ""),
        ("\\newfontfamily\\englishfont{DejaVu Serif}\n", "\\babelfont[english]{rm}{DejaVu Serif}\n"),
    ):
        if old not in source:
            raise SystemExit(f"make_luatex_pdfs: the XeLaTeX template changed ({old.strip()!r} not found)")
        source = source.replace(old, new)
    return source.replace("\\textenglish{", "\\foreignlanguage{english}{")


def main(argv: list[str]) -> int:
    if shutil.which("lualatex") is None:
        raise SystemExit("make_luatex_pdfs: lualatex is not installed (texlive-luatex texlive-lang-arabic)")
    out = Path(argv[0]) if argv else Path("luatex-pdfs")
    renderer = argv[1] if len(argv) > 1 else "HarfBuzz"
    out.mkdir(parents=True, exist_ok=True)
    for index, (number, columns, font, size, site, date, indic, quote_after) in enumerate(ARTICLES):
        name = f"news-luatex-{renderer.lower()}-{index + 1}"
        fixture = Fixture(name, number, columns, font, size, site, date, indic, quote_after)
        title, paragraphs, quote = article(fixture)
        typeset("lualatex", name, babel(document(fixture, title, paragraphs, quote), font, renderer), out)
        write_gold(out, name, title, paragraphs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
