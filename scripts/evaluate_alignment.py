"""Bead F1, BLEU against the gold alignment, and trust verdicts of the sentence aligner on planted documents
built from the shipped test sets (eval.planted: close re-segmentations, free paraphrases, other documents,
references that switch documents, prefaces and appendices).

BLEU is computed the way realigned scores are (align.scoring.aligned): every bead is a line, a reference
sentence without counterpart is scored against an empty line, a hypothesis sentence without counterpart
joins the line before it. "gold" is the same on the planted beads. Prints a markdown table.

    python scripts/evaluate_alignment.py [--sets ntrex128 tico19_test flores200_devtest] [--kinds ...]

``--coverage`` instead deletes k % of the lines of a corrupted 300-line NTREX-128 hypothesis and compares the
realigned score with the line-by-line score of the same file with those lines left empty, and with the
score of the matched beads alone (what newsalign reported before omissions were counted).

    python scripts/evaluate_alignment.py --coverage
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

KINDS = (
    "close", "free", "loose", "looser", "other", "switch",
    "preface-reference", "appendix-reference", "preface-hypothesis", "appendix-hypothesis",
)  # fmt: skip
LIMITS = {"ntrex128": (40, 8), "tico19_test": (19, 8), "flores200_devtest": (100, 3)}  # documents, shortest


def main() -> None:
    import sacrebleu

    from align.alignment.sentences import Alignment, Bead, align_sentences
    from align.alignment.trust import verdict
    from align.datasets import load_test_set
    from align.scoring.aligned import bead_lines
    from eval import planted

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(LIMITS))
    parser.add_argument("--kinds", nargs="+", default=list(KINDS))
    parser.add_argument("--coverage", action="store_true", help="the deleted-lines table instead")
    args = parser.parse_args()
    if args.coverage:
        coverage()
        return

    def lines(
        case: planted.Case, beads: list[tuple[tuple[int, ...], tuple[int, ...]]]
    ) -> tuple[list[str], list[str]]:
        fake = Alignment(tuple(Bead(h, r, 0.0, 0.0, 1.0) for h, r in beads), 0, 0, 0.0, 0, 0, 0)
        return bead_lines(fake, case.hypothesis, case.reference, matched_only=False)

    print("| test set | case | documents | bead F1 | BLEU found | BLEU gold | refused | switch found |"
          " confidence (min / median / max) | CPU s |")  # fmt: skip
    print("|---|---|---:|---:|---:|---:|---:|---:|---|---:|")
    for name in args.sets:
        count, shortest = LIMITS.get(name, (40, 8))
        documents = [d for d in load_test_set(name, side="reference") if len(d) >= shortest][:count]
        for kind in args.kinds:
            cases = planted.cases(documents, [kind])
            hits = predicted = gold = refused = switches = 0
            found_h: list[str] = []
            found_r: list[str] = []
            gold_h: list[str] = []
            gold_r: list[str] = []
            confidences = []
            started = time.process_time()
            for case in cases:
                alignment = align_sentences(case.hypothesis, case.reference)
                judged = verdict(alignment)
                refused += not judged.trusted
                switches += judged.switch is not None
                confidences.append(alignment.mean_confidence)
                if case.gold is None or kind == "switch":  # a switch's gold covers only its first part
                    continue
                beads = [(b.hypothesis, b.reference) for b in alignment.beads]
                hits += len(set(beads) & set(case.gold))
                predicted, gold = predicted + len(beads), gold + len(case.gold)
                for (h, r), (hs, rs) in ((lines(case, beads), (found_h, found_r)),
                                         (lines(case, case.gold), (gold_h, gold_r))):  # fmt: skip
                    hs += h
                    rs += r
            seconds = time.process_time() - started
            f1 = bleu_found = bleu_gold = ""
            if gold:
                p, r = hits / predicted, hits / gold
                f1 = f"{2 * p * r / (p + r):.3f}" if hits else "0"
                bleu_found = f"{sacrebleu.corpus_bleu(found_h, [found_r]).score:.2f}"
                bleu_gold = f"{sacrebleu.corpus_bleu(gold_h, [gold_r]).score:.2f}"
            spread = f"{min(confidences):.2f} / {statistics.median(confidences):.2f} / {max(confidences):.2f}"
            print(f"| {name} | {kind} | {len(cases)} | {f1} | {bleu_found} | {bleu_gold} | {refused} |"
                  f" {switches} | {spread} | {seconds:.1f} |", flush=True)  # fmt: skip


def coverage() -> None:
    import random

    from align.datasets import load_test_set
    from align.scoring.aligned import score_against
    from align.scoring.metrics import score_lines

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_score import perturb  # the deterministic corruption the parity tests use

    reference = [line for doc in load_test_set("ntrex128", side="reference") for line in doc][:300]
    hypothesis = perturb(reference)
    print("| deleted | line by line, lines emptied (BLEU / chrF2) | realigned (BLEU / chrF2) | coverage |"
          " matched beads only (BLEU / chrF2) |")  # fmt: skip
    print("|---:|---|---|---:|---|")
    for k in (0, 5, 10, 20, 40):
        dropped = set(random.Random(k).sample(range(300), 3 * k))
        kept = [h for i, h in enumerate(hypothesis) if i not in dropped]
        emptied = ["" if i in dropped else h for i, h in enumerate(hypothesis)]
        line = score_lines(emptied, [reference], metrics=("bleu", "chrf"))
        realigned = score_against(kept, reference, metrics=("bleu", "chrf"), align="always")
        only = score_against(kept, reference, metrics=("bleu", "chrf"), align="always", matched_only=True)

        def pair(scores: object) -> str:
            return " / ".join(f"{s.score:.2f}" for s in scores)  # type: ignore[attr-defined]

        print(f"| {k} % | {pair(line)} | {pair(realigned.scores)} | {realigned.coverage:.2f} |"
              f" {pair(only.scores)} |")  # fmt: skip


if __name__ == "__main__":
    main()
