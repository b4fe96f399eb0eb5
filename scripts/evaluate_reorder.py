"""How often repair puts back lines whose pieces were extracted in reverse order (recall), and how often a
reorder it makes is right (precision), on clean test-set articles damaged the way the sample shows
(eval/swaps.py: a word cut after ر ز أ with the two pieces swapped — next to a number or Latin word when the
line has one —, two neighbouring words cut with three pieces reversed, a line-final number extracted ahead of
its line, in the sample's proportions 10 : 2 : 3).
The word counts and the character model leave each article out.

    python scripts/evaluate_reorder.py [--sets ntrex128 ...] [--rate 0.2] [--profile seed|any] [--char-model]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# eval/ (the development harnesses) sits at the repository root and is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.datasets import TEST_SETS, load_test_set
from eval.swaps import KINDS, PROFILES, reorder_score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(TEST_SETS), choices=list(TEST_SETS))
    parser.add_argument("--rate", type=float, default=0.2, help="share of lines damaged")
    parser.add_argument("--profile", default="seed", choices=PROFILES, help="where glyph runs are cut")
    parser.add_argument("--seed", type=int, default=0, help="random seed of the damage")
    parser.add_argument("--char-model", action="store_true", help="add the corpora's character model")
    parser.add_argument("--show", type=int, default=0, help="print this many wrong reorders")
    args = parser.parse_args(argv)
    kinds = " / ".join(KINDS)
    print(
        f"| test set | swapped lines | reordered | right | precision | recall | {kinds}: right of swapped"
        " | word next to a number or Latin word: reordered, right of swapped | left unflagged |"
    )
    print("|---|---:|---:|---:|---:|---:|---|---|---:|")
    total = [0, 0, 0]
    for name in args.sets:
        score, wrong = reorder_score(
            load_test_set(name), args.rate, profile=args.profile, seed=args.seed, char_model=args.char_model
        )
        by_kind = " / ".join(f"{right} of {n}" for n, _, right in score.by_kind.values())
        n, moved, right = score.island
        print(
            f"| {name} | {score.swaps} | {score.reorders} | {score.correct} | {score.precision:.1%}"
            f" | {score.recall:.1%} | {by_kind} | {moved}, {right} of {n} | {score.unflagged} |",
            flush=True,
        )
        total = [total[0] + score.swaps, total[1] + score.reorders, total[2] + score.correct]
        for example in wrong[: args.show]:
            print(f"  wrong: {example}", file=sys.stderr)
    swaps, reorders, correct = total
    precision = correct / reorders if reorders else 1.0
    recall = correct / max(1, swaps)
    print(f"| all | {swaps} | {reorders} | {correct} | {precision:.1%} | {recall:.1%} | | | |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
