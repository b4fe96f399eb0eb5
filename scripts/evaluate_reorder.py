"""How often repair puts back lines whose pieces were extracted in reverse order (recall), and how often a
reorder it makes is right (precision), on clean test-set articles damaged the way the sample shows
(eval/swaps.py: a word cut after a non-joining letter with the two pieces swapped, two cuts with three
pieces reversed, a line-final number extracted ahead of its line). The word counts leave each article out.

    python scripts/evaluate_reorder.py [--sets ntrex128 ...] [--rate 0.2]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# eval/ (the development harnesses) sits at the repository root and is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.datasets import TEST_SETS, load_test_set
from eval.swaps import reorder_score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(TEST_SETS), choices=list(TEST_SETS))
    parser.add_argument("--rate", type=float, default=0.2, help="share of lines damaged")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong reorders")
    args = parser.parse_args(argv)
    print("| test set | swapped lines | reordered | right | precision | recall | word / three / number |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for name in args.sets:
        docs = [[" ".join(d[i : i + 3]) for i in range(0, len(d), 3)] for d in load_test_set(name)]
        score, wrong = reorder_score(docs, args.rate)
        kinds = " / ".join(f"{right} of {n}" for n, right in score.by_kind.values())
        print(
            f"| {name} | {score.swaps} | {score.reorders} | {score.correct} | {score.precision:.1%}"
            f" | {score.recall:.1%} | {kinds} |"
        )
        for example in wrong[: args.show]:
            print(f"  wrong: {example}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
