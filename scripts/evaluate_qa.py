"""How often do the QA checks cry wolf, and how often do they find a fault — on human translations and on
a noisy-MT simulation built from them?

1. The English originals of the test sets stand in for MT output: every flag on them is a false positive
   (an upper bound: the data has a few real faults).
2. One fault at a time is planted in them (eval/faults.py) and each fault's check must find it.
3. A noisy-MT simulation (eval/noisy_mt.py): the same sentences edited the way MT systems edit — numbers
   reformatted, written in words or digits, source numbers written in Arabic words (legal ordinals after
   المادة) — with one fault in a fifth of them (a number changed the way MT changes it, a number or a clause
   dropped, a loop, a name left in Arabic script, garbage). Flags on sentences without a fault are false
   alarms; a fault is found when a flag of its codes fires.

Prints Markdown tables; exits 1 when a rate misses its bound (human translations: number-mismatch
<= 0.55 %, untranslated, repetition and garbage-output <= 1 %; planted faults: recall >= 0.95 except those
marked "not bounded"; simulation: number-mismatch false alarms <= 1 %, every number fault kind found >= 0.95).

    python scripts/evaluate_qa.py [--sets ntrex128 ...] [--data DIR] [--seed 0] [--line-slips]

--line-slips adds a table of how often a line-count mismatch is traced to the right line (slow: a minute).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# eval/ (the development harnesses) sits at the repository root and is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.datasets import TEST_SETS, data_dir, load_test_set
from align.qa import QA_VERSION
from eval import line_slips, noisy_mt
from eval.faults import FAULTS, HARD_FAULTS, Rate, false_positives, recall

FP_BOUNDS = {"number-mismatch": 0.0055, "untranslated": 0.01, "repetition": 0.01, "garbage-output": 0.01}
RECALL_BOUND = 0.95
SIMULATED_FP_BOUNDS = {"number-mismatch": 0.01, "repetition": 0.01, "garbage-output": 0.01}
CODES = (
    "number-mismatch",
    "untranslated",
    "repetition",
    "garbage-output",
    "named-entity",
    "length-ratio",
    "incomplete-sentence",
)


def pairs_of(name: str, root: Path) -> list[tuple[str, str]]:
    sources = [s for doc in load_test_set(name, root) for s in doc]
    references = [s for doc in load_test_set(name, root, side="reference") for s in doc]
    return list(zip(sources, references, strict=True))


def _cell(rate: Rate, bound: float | None) -> tuple[str, bool]:
    bad = bound is not None and rate.rate > bound
    return f"{rate.hits} ({rate.rate:.2%}){' FAIL' if bad else ''}", bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(TEST_SETS), choices=list(TEST_SETS))
    parser.add_argument(
        "--data", type=Path, default=None, help="test-data directory (default: the shipped test sets)"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed for where faults are planted")
    parser.add_argument("--line-slips", action="store_true", help="also trace planted line-count slips")
    args = parser.parse_args(argv)
    root = args.data or data_dir()
    if not root.is_dir():
        print(f"evaluate_qa: {root}: test-data directory not found (set NEWSALIGN_DATA)", file=sys.stderr)
        return 2
    data = {name: pairs_of(name, root) for name in args.sets}
    fps = {name: false_positives(pairs) for name, pairs in data.items()}
    recalls = {name: recall(pairs, seed=args.seed) for name, pairs in data.items()}
    simulated = {name: noisy_mt.simulate(pairs, seed=args.seed) for name, pairs in data.items()}
    reports = {name: noisy_mt.evaluate(items) for name, items in simulated.items()}
    failed = False

    print(f"QA `{QA_VERSION}`: share of human translations flagged (false positives).\n")
    print("| check | " + " | ".join(f"{n} ({len(data[n])})" for n in data) + " |")
    print("|---|" + "---:|" * len(data))
    for code in (*CODES, "any"):
        cells = []
        for name in data:
            cell, bad = _cell(fps[name].get(code, Rate(0, len(data[name]))), FP_BOUNDS.get(code))
            failed |= bad
            cells.append(cell)
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

    failed |= _simulation_tables(data, simulated, reports, args.seed)
    if args.line_slips:
        _line_slip_table(data, args.seed)
    return 1 if failed else 0


def _line_slip_table(data: dict[str, list[tuple[str, str]]], seed: int) -> None:
    print(
        f"\nLine-count slips planted in 300-line stretches (seed {seed}; {', '.join(line_slips.KINDS)}):"
        " the line the error names.\n"
    )
    print("| test set | exact line | 1-2 lines away | none named | further away |")
    print("|---|---:|---:|---:|---:|")
    for name, pairs in data.items():
        counts = line_slips.trials(pairs, seed=seed)
        print(f"| {name} | {counts['exact']} | {counts['near']} | {counts['none']} | {counts['wrong']} |")


def _simulation_tables(
    data: dict[str, list[tuple[str, str]]],
    simulated: dict[str, list[noisy_mt.Simulated]],
    reports: dict[str, noisy_mt.Report],
    seed: int,
) -> bool:
    failed = False
    clean = {n: sum(1 for s in simulated[n] if s.fault is None) for n in data}
    print(
        f"\nNoisy-MT simulation (seed {seed}): sentences without a fault that a check flags (false alarms).\n"
    )
    print("| check | " + " | ".join(f"{n} ({clean[n]})" for n in data) + " |")
    print("|---|" + "---:|" * len(data))
    for code in (*CODES, "any"):
        cells = []
        for name in data:
            rate = reports[name].false_alarms.get(code, Rate(0, clean[name]))
            cell, bad = _cell(rate, SIMULATED_FP_BOUNDS.get(code))
            failed |= bad
            cells.append(cell)
        print(f"| {code} | " + " | ".join(cells) + " |")
    print("\nHarmless edits: sentences with the edit (and no fault) that get a number-mismatch flag.\n")
    print("| edit | " + " | ".join(data) + " |")
    print("|---|" + "---:|" * len(data))
    for edit in noisy_mt.HARMLESS:
        cells = [
            f"{reports[n].harmless_alarms[edit].hits}/{reports[n].harmless_alarms[edit].total}" for n in data
        ]
        print(f"| {edit} | " + " | ".join(cells) + " |")
    print("\nFaults found in the simulation: found / planted.\n")
    print("| fault | found by | " + " | ".join(data) + " | all |")
    print("|---|---|" + "---:|" * (len(data) + 1))
    for fault, (_, codes) in {**noisy_mt.FAULTS, **noisy_mt.HARD_FAULTS}.items():
        rates = [reports[n].found[fault] for n in data]
        total = Rate(sum(r.hits for r in rates), sum(r.total for r in rates))
        bad = fault in noisy_mt.FAULTS and total.rate < RECALL_BOUND
        failed |= bad
        label = fault + (" (not bounded)" if fault in noisy_mt.HARD_FAULTS else "")
        print(
            f"| {label} | {', '.join(sorted(codes))} | "
            + " | ".join(f"{r.hits}/{r.total}" for r in rates)
            + f" | {total.rate:.3f}{' FAIL' if bad else ''} |"
        )
    return failed


if __name__ == "__main__":
    sys.exit(main())
