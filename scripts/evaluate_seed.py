"""Character error rate of ``newsalign clean`` on the sample article against its hand reconstruction.

The reconstruction (``tests/golden/bannon-brexit.reconstructed.ar.txt``) is the article as it reads when
every piece of a damaged line is put where it belongs; it was written by reading the raw text line by line.
Prints the CER (whitespace folded, paragraphs joined) and the paragraphs that still differ.

    python scripts/evaluate_seed.py [--no-dictionary] [--diff]
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

# eval/ (the development harnesses) sits at the repository root and is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.document import TRANSLATED_KINDS
from align.repair import RepairOptions, repair_text
from eval.evaluation import character_error_rate

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "bannon-brexit.ar.txt"
RECONSTRUCTED = ROOT / "tests" / "golden" / "bannon-brexit.reconstructed.ar.txt"


def cleaned(dictionary: bool = True) -> list[str]:
    """What ``newsalign clean`` prints: the paragraphs that are translated, in order."""
    result = repair_text(SEED.read_text(encoding="utf-8"), RepairOptions(dictionary=dictionary))
    return [result.text[p.span[0] : p.span[1]] for p in result.paragraphs if p.kind in TRANSLATED_KINDS]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-dictionary", action="store_true", help="do not use the hunspell dictionary")
    parser.add_argument("--diff", action="store_true", help="show the paragraphs that differ")
    args = parser.parse_args(argv)
    ours = cleaned(dictionary=not args.no_dictionary)
    gold = [p for p in RECONSTRUCTED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    cer = character_error_rate("\n".join(ours), "\n".join(gold))
    print(f"CER {cer:.2%} ({len(ours)} paragraphs, reconstruction {len(gold)})")
    if args.diff:
        for line in difflib.unified_diff(gold, ours, "reconstructed", "clean", n=0, lineterm=""):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
