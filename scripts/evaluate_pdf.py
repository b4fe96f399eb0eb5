"""Character error rate of PDF reading on the fixtures: newsalign's geometric reader vs pdftotext (poppler),
both followed by newsalign's repair stage, against the gold text each fixture was typeset from.

    python scripts/evaluate_pdf.py [FIXTURE_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

# eval/ (the development harnesses) sits at the repository root and is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from eval.evaluation import pdf_reader_scores

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "pdf"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else DEFAULT
    print("| fixture | reader | CER | paragraphs (gold) |")
    print("|---|---|---:|---:|")
    for gold in sorted(folder.glob("*.gold.txt")):
        pdf = gold.with_name(gold.name.replace(".gold.txt", ".pdf"))
        for score in pdf_reader_scores(pdf, gold.read_text(encoding="utf-8")):
            counts = f"{score.paragraphs} ({score.gold_paragraphs})"
            print(f"| {pdf.name} | {score.name} | {score.cer:.2%} | {counts} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
