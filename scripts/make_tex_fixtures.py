"""Write Arabic news PDFs with XeLaTeX and polyglossia, from NTREX-128 articles.

Each fixture is a LaTeX article set right to left by polyglossia (bidi): a two-line bold headline, one
column or two (multicol, the right column read first), running heads and footers from fancyhdr (site name,
date, "صفحة N من M"), a pull-quote between rules that repeats a sentence of the body, and some paragraphs
with Arabic-Indic digits. XeTeX draws glyphs through HarfBuzz in visual order with a ToUnicode map; its
bidi handles neutrals at the edges of left-to-right runs its own way.

    python scripts/make_tex_fixtures.py [OUT_DIR]

Needs (Debian): texlive-xetex texlive-lang-arabic (polyglossia, bidi; about 160 MB to download) and the
fonts fonts-hosny-amiri, fonts-noto-core. The test suite reads the committed PDFs and never runs this.
Writes ``NAME.pdf`` and ``NAME.gold.txt`` (headline, then the body paragraphs as typeset) per fixture.
"""

from __future__ import annotations

import os
import re
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
_SPECIAL = re.compile(r"([%&$#_{}])")
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9.\-]*(?:\s+[A-Za-z][A-Za-z0-9.\-]*)*")
# Punctuation Noto Naskh Arabic has no glyph for: set in the fallback font, as a word processor would.
_FALLBACK = re.compile(r'(["()\[\]—/\-;?@&*+=]|\\%)')


@dataclass(frozen=True)
class Fixture:
    name: str
    document: int  # NTREX-128 document index
    columns: int
    font: str
    size: str  # 10pt, 11pt or 12pt
    site: str
    date: str
    indic: frozenset[int] = frozenset()  # 0-based body paragraphs typeset with Arabic-Indic digits
    quote_after: int = 1


FIXTURES = (
    Fixture(
        "news-xetex-1col", 119, 1, "Amiri", "12pt", "صحيفة الوطن", "الثلاثاء ٢ أكتوبر ٢٠١٨", frozenset({1})
    ),
    Fixture(
        "news-xetex-2col",
        68,
        2,
        "Noto Naskh Arabic",
        "11pt",
        "الأخبار المسائية",
        "١ أكتوبر ٢٠١٨",
        frozenset({4, 7}),
        2,
    ),
)


def tex(text: str) -> str:
    """Article text as LaTeX: specials escaped, Latin runs marked as English (set left to right),
    punctuation the Arabic font lacks in the fallback font."""
    text = _SPECIAL.sub(r"\\\1", text)
    pieces = re.split(f"({_LATIN.pattern})", text)
    return "".join(
        f"\\textenglish{{{piece}}}" if i % 2 else _FALLBACK.sub(r"{\\fallback \1}", piece)
        for i, piece in enumerate(pieces)
    )


def document(fixture: Fixture, title: str, paragraphs: list[str], quote: str) -> str:
    body = []
    for index, text in enumerate(paragraphs):
        body.append(tex(text) + "\n")
        if index == fixture.quote_after:
            body.append(
                "\\begin{center}\\rule{0.7\\linewidth}{1pt}\\\\[2pt]"
                f"{{\\large\\bfseries «{tex(quote)}»\\par}}"
                "\\rule{0.7\\linewidth}{1pt}\\end{center}\n"
            )
    columns = ("\\begin{multicols}{2}", "\\end{multicols}") if fixture.columns == 2 else ("", "")
    return f"""\\documentclass[{fixture.size},a4paper]{{article}}
\\usepackage[margin=2cm,headsep=14pt]{{geometry}}
\\usepackage{{multicol}}
\\usepackage{{fancyhdr}}
\\usepackage{{lastpage}}
\\usepackage{{fontspec}}
\\usepackage{{polyglossia}}
\\setmainlanguage{{arabic}}
\\setotherlanguage{{english}}
\\newfontfamily\\arabicfont[Script=Arabic]{{{fixture.font}}}
\\setmainfont{{DejaVu Serif}}
\\newfontfamily\\englishfont{{DejaVu Serif}}
\\newfontfamily\\fallback{{DejaVu Sans}}
\\pagestyle{{fancy}}
\\fancyhf{{}}
\\fancyhead[R]{{\\small {fixture.site}}}
\\fancyhead[L]{{\\small {fixture.date}}}
\\fancyfoot[C]{{\\small صفحة \\thepage{{}} من \\pageref{{LastPage}}}}
\\setlength{{\\parindent}}{{1.2em}}
\\setlength{{\\parskip}}{{3pt}}
\\setlength{{\\columnsep}}{{0.8cm}}
\\begin{{document}}
\\begin{{minipage}}{{0.8\\textwidth}}\\raggedleft{{\\LARGE\\bfseries {tex(title)}\\par}}\\end{{minipage}}
\\bigskip

{columns[0]}
{chr(10).join(body)}
{columns[1]}
\\end{{document}}
"""


def article(fixture: Fixture) -> tuple[str, list[str], str]:
    doc = load_test_set("ntrex128", side="source")[fixture.document]
    title = " ".join(doc[0].split())
    sentences = [" ".join(s.split()) for s in doc[1:]]
    paragraphs = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    paragraphs = [p.translate(INDIC) if i in fixture.indic else p for i, p in enumerate(paragraphs)]
    body = paragraphs[fixture.quote_after + 1 :]
    quote = next(s for s in sentences if 40 <= len(s) <= 120 and any(s in p for p in body)).rstrip(".")
    return title, paragraphs, quote


def typeset(engine: str, name: str, text: str, out: Path) -> None:
    """``text`` set by ``engine`` (xelatex, lualatex) into ``out/NAME.pdf``."""
    with tempfile.TemporaryDirectory(prefix="newsalign-tex-") as tmp:
        source = Path(tmp) / f"{name}.tex"
        source.write_text(text, encoding="utf-8")
        env = dict(os.environ, SOURCE_DATE_EPOCH="1538352000", FORCE_SOURCE_DATE="1")
        for _ in range(2):  # the second run resolves "page N of M"
            done = subprocess.run(
                [engine, "-interaction=nonstopmode", "-halt-on-error", source.name],
                cwd=tmp,
                capture_output=True,
                text=True,
                env=env,
                check=False,
            )
            if done.returncode != 0:
                raise SystemExit(f"{engine} failed on {name}:\n{done.stdout[-2000:]}")
        shutil.copy(Path(tmp) / f"{name}.pdf", out / f"{name}.pdf")


def build(fixture: Fixture, out: Path) -> None:
    if shutil.which("xelatex") is None:
        raise SystemExit("make_tex_fixtures: xelatex is not installed (texlive-xetex texlive-lang-arabic)")
    title, paragraphs, quote = article(fixture)
    typeset("xelatex", fixture.name, document(fixture, title, paragraphs, quote), out)
    gold = "\n\n".join([title, *paragraphs]) + "\n"
    (out / f"{fixture.name}.gold.txt").write_text(gold, encoding="utf-8")


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.mkdir(parents=True, exist_ok=True)
    for fixture in FIXTURES:
        build(fixture, out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
