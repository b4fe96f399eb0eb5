"""Sentence-boundary precision/recall/F1 of ``align.segment.split_sentences`` on the Arabic test sets.

Each document's gold sentences are joined with single spaces and split again; see ``eval/evaluation.py``
for what "all" and "recoverable" mean. In all three sets English is the original and the Arabic a
translation, so the Arabic punctuation follows the English sentence structure closely.

    python scripts/evaluate_segmentation.py [--errors N [--show-excused]] [--sets ntrex128 ...] [--data DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# eval/ (the development harnesses) sits at the repository root and is not installed.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from align.datasets import TEST_SETS, data_dir, load_test_set
from align.segment import SEGMENTER_VERSION
from eval.evaluation import BoundaryReport, boundary_scores


def table(reports: dict[str, BoundaryReport]) -> str:
    lines = [
        f"Segmenter `{SEGMENTER_VERSION}`, sentence-boundary scores. *all*: every gold boundary (line join); "
        "*rec*: only boundaries after a gold line ending in . ! ? ؟ … (+ closing quotes/brackets); "
        "*adj*: rec, not counting as false a split inside a gold line whose English original has as many "
        "sentence ends inside it. English is the original, the Arabic a translation.",
        "",
        "| test set | docs | lines | gold all / rec | predicted | false splits (excused) "
        "| P all | R all | F1 all | P rec | R rec | F1 rec | P adj | R adj | F1 adj |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in reports.items():
        a, c, j = r.all, r.recoverable, r.adjusted
        excused = f" ({a.false_positives - j.false_positives})" if j else ""
        adjusted = f"{j.precision:.4f} | {j.recall:.4f} | {j.f1:.4f}" if j else "– | – | –"
        lines.append(
            f"| {name} | {r.documents} | {r.sentences} | {a.gold} / {c.gold} | {a.predicted} "
            f"| {a.false_positives}{excused} | {a.precision:.4f} | {a.recall:.4f} | {a.f1:.4f} "
            f"| {c.precision:.4f} | {c.recall:.4f} | {c.f1:.4f} | {adjusted} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="print the first N errors per set")
    parser.add_argument(
        "--show-excused",
        action="store_true",
        help="also list splits inside a gold line that the English original has too (hidden by default)",
    )
    parser.add_argument("--sets", nargs="+", choices=list(TEST_SETS), default=list(TEST_SETS))
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help="test-data directory (default: $NEWSALIGN_DATA, else the shipped copy)",
    )
    args = parser.parse_args(argv)
    root = args.data or data_dir()
    if not root.is_dir():
        print(
            f"error: data directory {root} does not exist; pass --data or set NEWSALIGN_DATA", file=sys.stderr
        )
        return 2
    reports = {
        name: boundary_scores(load_test_set(name, root), references=load_test_set(name, root, "reference"))
        for name in args.sets
    }
    print(table(reports))
    if args.errors > 0:
        for name, report in reports.items():
            errors = [e for e in report.errors if args.show_excused or not e.excused]
            hidden = len(report.errors) - len(errors)
            shown = errors[: args.errors]
            note = f"; {hidden} excused splits not listed (--show-excused)" if hidden else ""
            print(f"\n### {name}: first {len(shown)} of {len(errors)} errors{note}\n")
            for e in shown:
                tag: str = e.kind
                if e.kind == "missed" and not e.recoverable:
                    tag += " (unrecoverable)"
                if e.excused:
                    tag += " (excused: English line has a sentence end too)"
                print(f"- doc {e.document} @{e.offset} {tag}: {e.context}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
