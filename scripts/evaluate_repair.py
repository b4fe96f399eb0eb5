"""Does repair leave clean text alone? Repairs every document of the Arabic test sets and reports changes.

Each document's sentences become one paragraph each (blank-line separated), as a clean article would be
saved. Only the documented safe normalisations may change anything; "words changed" counts every word that
differs from the input after those normalisations alone, and must be 0.

    python scripts/evaluate_repair.py [--sets ntrex128 ...] [--no-dictionary] [--data DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# eval/ (the development harnesses) sits at the repository root and is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.datasets import TEST_SETS, data_dir, load_test_set
from align.repair import REPAIR_VERSION
from eval.evaluation import SAFE_CHANGES, repair_cleanliness


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(TEST_SETS), choices=list(TEST_SETS))
    parser.add_argument("--no-dictionary", action="store_true", help="do not use the hunspell dictionary")
    parser.add_argument(
        "--data", type=Path, default=None, help="test-data directory (default: the shipped test sets)"
    )
    args = parser.parse_args(argv)
    root = args.data or data_dir()
    if not root.is_dir():
        print(f"evaluate_repair: {root}: test-data directory not found (set NEWSALIGN_DATA)", file=sys.stderr)
        return 2
    print(f"Repair `{REPAIR_VERSION}` on clean text (one sentence per paragraph).\n")
    print("| test set | docs | words | words changed | safe normalisations | other changes | flags |")
    print("|---|---:|---:|---:|---|---|---|")
    failed = False
    for name in args.sets:
        report = repair_cleanliness(load_test_set(name, root), dictionary=not args.no_dictionary)
        safe = ", ".join(f"{k} {v}" for k, v in sorted(report.changes.items()) if k in SAFE_CHANGES) or "none"
        other = ", ".join(f"{k} {v}" for k, v in sorted(report.changes.items()) if k not in SAFE_CHANGES)
        flags = ", ".join(f"{k} {v}" for k, v in sorted(report.flags.items())) or "none"
        print(
            f"| {name} | {report.documents} | {report.words} | {report.words_changed} | {safe} | "
            f"{other or 'none'} | {flags} |"
        )
        for example in report.examples:
            print(f"  changed: {example}", file=sys.stderr)
        failed |= report.words_changed > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
