"""Time and peak memory of the sentence aligner on long documents (1k, 5k, 20k sentences a side).

Each size runs in its own process, so its peak resident memory (``resource.getrusage``) is its own. The
documents are built from the shipped test sets' English sentences: every sentence joins the first half of
one test sentence with the second half of another, so that 20,000 of them are distinct (repeating the
~5,100 test sentences would make the alignment ambiguous). The hypothesis is a corruption of them and the
reference a re-segmentation (``eval.planted.close``); ``--preface`` puts 30 % extra sentences, built the same
way from other test sentences, before the reference. Prints a markdown table; CPU time (user + system) is
given next to wall time because wall time depends on what else the machine runs.

    python scripts/bench_alignment.py --sizes 1000 5000 20000 [--preface]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def sentences(count: int, pool: list[str], seed: int) -> list[str]:
    rng = random.Random(seed)
    halves = [s.split() for s in pool if len(s.split()) >= 6]
    out = []
    for _ in range(count):
        a, b = rng.choice(halves), rng.choice(halves)
        out.append(" ".join(a[: len(a) // 2] + b[len(b) // 2 :]))
    return out


def measure(size: int, preface: bool) -> dict[str, object]:
    from align.alignment.sentences import align_sentences
    from align.datasets import load_test_set
    from eval import planted

    pool = [
        s
        for name in ("ntrex128", "flores200_devtest", "tico19_test")
        for d in load_test_set(name, side="reference")
        for s in d
    ]
    cut = len(pool) * 4 // 5  # the preface comes from sentences the document does not use
    text = sentences(size, pool[:cut], seed=size)
    if preface:
        case = planted.extra(
            text, sentences(size, pool[cut:], seed=size + 1), 1, where="start", side="reference"
        )
    else:
        case = planted.close(text, seed=1)
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    alignment = align_sentences(case.hypothesis, case.reference)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    found = [(b.hypothesis, b.reference) for b in alignment.beads]
    return {
        "size": size,
        "hypothesis": len(case.hypothesis),
        "reference": len(case.reference),
        "wall_s": round(wall, 1),
        "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
        "peak_rss_mb": round(after.ru_maxrss / 1024),
        "bead_f1": round(planted.bead_f1(found, case.gold or []), 3),
        "cells": alignment.cells,
        "band": alignment.band,
        "widened": alignment.widened,
        "block": alignment.block,
        "confidence": round(alignment.mean_confidence, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--preface", action="store_true", help="30%% extra sentences before the reference")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # the child process: one size, JSON out
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.preface)))
        return
    rows = []
    for size in args.sizes:
        command = [sys.executable, __file__, "--one", str(size), *(["--preface"] if args.preface else [])]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), file=sys.stderr)
    print(
        "| sentences (hyp × ref) | wall s | CPU s | peak RSS MB | bead F1 | cells | band | widened | block |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        cells = [f"{r['hypothesis']:,} × {r['reference']:,}", r["wall_s"], r["cpu_s"], r["peak_rss_mb"]]
        cells += [r["bead_f1"], f"{r['cells']:,}", r["band"], r["widened"], r["block"]]
        print("| " + " | ".join(str(c) for c in cells) + " |")


if __name__ == "__main__":
    main()
