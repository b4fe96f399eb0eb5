"""How often do the QA checks cry wolf, and how often do they find a planted fault?

The English originals of the test sets stand in for MT output: every flag on them is a false positive
(an upper bound: the data has a few real faults). Then one fault at a time is planted in them (see
align/qa/faults.py) and each fault's check must find it. Prints Markdown tables; exits 1 when a rate misses
its bound (false positives: number-mismatch <= 2 %, untranslated and repetition <= 1 %; recall >= 0.95
except for the faults marked "not bounded").

    python scripts/evaluate_qa.py [--sets ntrex128 ...] [--data DIR] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# eval/ (the development harnesses) sits at the repository root and is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.datasets import TEST_SETS, data_dir, load_test_set
from align.qa import QA_VERSION
from eval.faults import FAULTS, HARD_FAULTS, Rate, false_positives, recall

FP_BOUNDS = {"number-mismatch": 0.02, "untranslated": 0.01, "repetition": 0.01}
RECALL_BOUND = 0.95
CODES = (
    "number-mismatch",
    "untranslated",
    "repetition",
    "named-entity",
    "length-ratio",
    "incomplete-sentence",
)


def pairs_of(name: str, root: Path) -> list[tuple[str, str]]:
    sources = [s for doc in load_test_set(name, root) for s in doc]
    references = [s for doc in load_test_set(name, root, side="reference") for s in doc]
    return list(zip(sources, references, strict=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(TEST_SETS), choices=list(TEST_SETS))
    parser.add_argument(
        "--data", type=Path, default=None, help="test-data directory (default: the shipped test sets)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for where faults are planted")
    args = parser.parse_args(argv)
    root = args.data or data_dir()
    if not root.is_dir():
        print(f"evaluate_qa: {root}: test-data directory not found (set NEWSALIGN_DATA)", file=sys.stderr)
        return 2
    data = {name: pairs_of(name, root) for name in args.sets}
    fps = {name: false_positives(pairs) for name, pairs in data.items()}
    recalls = {name: recall(pairs, seed=args.seed) for name, pairs in data.items()}
    failed = False

    print(f"QA `{QA_VERSION}`: share of human translations flagged (false positives).\n")
    print("| check | " + " | ".join(f"{n} ({len(data[n])})" for n in data) + " |")
    print("|---|" + "---:|" * len(data))
    for code in (*CODES, "any"):
        cells = []
        for name in data:
            rate = fps[name].get(code, Rate(0, len(data[name])))
            bad = rate.rate > FP_BOUNDS.get(code, 1.0)
            failed |= bad
            cells.append(f"{rate.hits} ({rate.rate:.2%}){' FAIL' if bad else ''}")
        print(f"| {code} | " + " | ".join(cells) + " |")

    print(f"\nRecall on planted faults (seed {args.seed}): found / planted.\n")
    print("| fault | found by | " + " | ".join(data) + " | all |")
    print("|---|---|" + "---:|" * (len(data) + 1))
    for fault, (_, codes) in {**FAULTS, **HARD_FAULTS}.items():
        cells = [f"{recalls[n][fault].hits}/{recalls[n][fault].total}" for n in data]
        total = Rate(sum(recalls[n][fault].hits for n in data), sum(recalls[n][fault].total for n in data))
        bad = fault in FAULTS and total.rate < RECALL_BOUND
        if fault in HARD_FAULTS:
            fault += " (not bounded)"
        failed |= bad
        print(
            f"| {fault} | {', '.join(sorted(codes))} | "
            + " | ".join(cells)
            + f" | {total.rate:.3f}{' FAIL' if bad else ''} |"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
