"""Does repair restore articles damaged the way PDF extraction damages them?

Every NTREX-128 article (its sentences in paragraphs of three) is damaged with eval/damage.py — lines wrapped
and justified with tatweel, digits turned into a font's Private-Use glyphs (a different table per article),
blank lines inside paragraphs, pull-quotes repeating a sentence — then repaired, and compared with the
original. Prints a Markdown table; exits 1 if any number comes out wrong or a word is lost under the
seed-like damage.

    python scripts/evaluate_damage.py [--data DIR] [--no-dictionary]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# eval/ (the development harnesses) sits at the repository root and is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.datasets import data_dir, load_test_set
from eval.damage import DamageOptions, repair_score

SETTINGS = {
    "seed-like: 90 columns, tatweel, PUA digits, 15 % breaks, 1 pull-quote": DamageOptions(),
    "same without PUA digits": DamageOptions(pua_digits=False),
    "narrow: 60 columns, 40 % breaks, 2 pull-quotes, no PUA": DamageOptions(
        width=60, breaks=0.4, pullquotes=2, pua_digits=False
    ),
    "wide: 120 columns, 30 % breaks, 3 pull-quotes, no PUA": DamageOptions(
        width=120, breaks=0.3, pullquotes=3, pua_digits=False
    ),
}


def articles(root: Path) -> list[list[str]]:
    return [
        [" ".join(doc[i : i + 3]) for i in range(0, len(doc), 3)] for doc in load_test_set("ntrex128", root)
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=None, help="test-data directory (default: the shipped test sets)"
    )
    parser.add_argument("--no-dictionary", action="store_true", help="do not use the hunspell dictionary")
    args = parser.parse_args(argv)
    root = args.data or data_dir()
    if not (root / "ntrex128").is_dir():
        print(f"evaluate_damage: {root}: NTREX-128 not found (set NEWSALIGN_DATA)", file=sys.stderr)
        return 2
    docs = articles(root)
    print(f"Repair of {len(docs)} NTREX-128 articles after simulated PDF-extraction damage.\n")
    print(
        "| damage | words lost | words duplicated | numbers decoded | left as [glyph …] | numbers wrong"
        " | paragraph count exact | pull-quotes found / planted |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    failed = False
    for i, (name, options) in enumerate(SETTINGS.items()):
        s = repair_score(docs, options, dictionary=not args.no_dictionary)
        failed |= s.numbers_wrong > 0 or (i == 0 and s.words_lost > 0)
        print(
            f"| {name} | {s.words_lost} / {s.words} ({s.words_lost / s.words:.2%})"
            f" | {s.words_duplicated} ({s.words_duplicated / s.words:.2%})"
            f" | {s.numbers_decoded} / {s.numbers} | {s.numbers_placeholder} | {s.numbers_wrong}"
            f" | {s.paragraphs_exact} / {s.articles} | {s.quotes_found} / {s.quotes_planted} |"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
