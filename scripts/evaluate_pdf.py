"""Character error rate of PDF reading on the fixtures: newsalign's geometric reader vs pdftotext (poppler),
both followed by newsalign's repair stage, against the gold text each fixture was typeset from; with the
paragraph count, the numbers kept and the pull-quotes found.

    python scripts/evaluate_pdf.py [FIXTURE_DIR] [--through cairo|ghostscript]

``--through`` prints every fixture again first, into a temporary folder: through cairo (poppler's
``pdftocairo -pdf``, the path of GTK print dialogs) or Ghostscript (``gs -sDEVICE=pdfwrite``, which many
PDF compressors and "print to PDF" drivers are), another producer's encoding of the same pages.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# eval/ (the development harnesses) sits at the repository root and is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eval.evaluation import pdf_reader_scores

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf"
PRODUCERS = {
    "chromium": "Chromium",
    "fpdf": "fpdf2 (visual order)",
    "xetex": "XeLaTeX",
    "weasyprint": "WeasyPrint",
    "reportlab": "reportlab (visual order, line by line)",
    "qt": "Qt (QPdfWriter)",
    "typst": "Typst",
    "mupdf": "MuPDF (PyMuPDF Story)",
    "luatex": "LuaLaTeX (babel)",
    "wk": "wkhtmltopdf (Debian, Qt 5)",
    "tcpdf": "TCPDF (PHP)",
    "fpdfhb": "fpdf2 (HarfBuzz shaping)",
    "abw": "AbiWord (cairo)",
    "scribus": "Scribus 1.5",
    "firefox": "Firefox (cairo)",
    "vwrap": "fpdf2 / reportlab (wrapped in visual order)",
}


def producer(name: str) -> str:
    parts = name.split("-")
    return PRODUCERS.get(parts[1], "LibreOffice") if len(parts) > 1 else "LibreOffice"


REPRINT = {
    "cairo": ["pdftocairo", "-pdf", "{src}", "{dst}"],
    "ghostscript": ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", "-sOutputFile={dst}", "{src}"],
}


def reprinted(folder: Path, through: str, into: Path) -> Path:
    """Every PDF of ``folder`` printed again through ``through``, with its gold and side files."""
    for path in sorted(folder.iterdir()):
        if path.suffix == ".txt":
            shutil.copy(path, into / path.name)
        elif path.suffix == ".pdf" and path.name.startswith("news-"):
            command = [part.format(src=path, dst=into / path.name) for part in REPRINT[through]]
            subprocess.run(command, check=True, capture_output=True, timeout=120)
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--through", choices=sorted(REPRINT), help="print every fixture again first")
    args = parser.parse_args(argv)
    if args.through:
        with tempfile.TemporaryDirectory() as temporary:
            return report(reprinted(args.folder, args.through, Path(temporary)))
    return report(args.folder)


def report(folder: Path) -> int:
    print("| fixture | producer | reader | CER | paragraphs (gold) | numbers kept | pull-quotes |")
    print("|---|---|---|---:|---:|---:|---:|")
    ours: list[float] = []
    for gold in sorted(folder.glob("*.gold.txt")):
        pdf = gold.with_name(gold.name.replace(".gold.txt", ".pdf"))
        for score in pdf_reader_scores(pdf, gold.read_text(encoding="utf-8")):
            counts = f"{score.paragraphs} ({score.gold_paragraphs})"
            numbers = f"{score.numbers_kept} / {score.gold_numbers}"
            print(
                f"| {pdf.name} | {producer(pdf.stem)} | {score.name} | {score.cer:.2%} | {counts} | {numbers}"
                f" | {score.pullquotes} |"
            )
            if score.name == "newsalign":
                ours.append(score.cer)
    if ours:
        mean, worst = sum(ours) / len(ours), max(ours)
        print(f"\nnewsalign: mean CER {mean:.2%} on {len(ours)} fixtures, worst {worst:.2%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
