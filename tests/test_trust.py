"""Whether an alignment can be trusted: free translations of the same text are accepted, other documents
refused, a reference that switches documents part-way caught, and one-sided extra text (a preface, an
appendix, omissions) accepted. Planted from the test sets (eval.planted); the calibration numbers are in
docs/scoring.md (scripts/evaluate_alignment.py)."""

from __future__ import annotations

import random
from functools import cache

import pytest

from align.alignment.sentences import Bead, align_sentences
from align.alignment.trust import find_switch, verdict
from align.datasets import data_dir, load_test_set
from eval import planted


@cache
def documents(name: str = "ntrex128", count: int = 20, shortest: int = 8) -> list[list[str]]:
    if not (data_dir() / name).is_dir():
        pytest.skip(f"{name} not found under {data_dir()} (set NEWSALIGN_DATA)")
    return [d for d in load_test_set(name, side="reference") if len(d) >= shortest][:count]


def judge(case: planted.Case):  # type: ignore[no-untyped-def]
    alignment = align_sentences(case.hypothesis, case.reference)
    return alignment, verdict(alignment)


@pytest.mark.parametrize("kind", ["free", "loose", "looser"])
def test_free_translations_of_the_same_text_are_accepted(kind: str) -> None:
    # "looser" is as free as the literary translations the 1-3 aligner refused (its mean confidence there:
    # 0.47; here 0.48); BLEU against the gold alignment is about 4
    for case in planted.cases(documents(), [kind]):
        alignment, judged = judge(case)
        assert judged.trusted, (kind, judged.reason)
        assert alignment.mean_confidence >= 0.45


def test_other_documents_are_refused_and_the_message_names_both_possibilities() -> None:
    confidences = []
    for case in planted.cases(documents(), ["other"]):
        alignment, judged = judge(case)
        assert not judged.trusted
        confidences.append(alignment.mean_confidence)
        if judged.switch is None:
            assert "another document, or a translation too free to align" in judged.reason
    assert max(confidences) < 0.3  # a free translation stays above 0.45: the two are told apart


def test_a_reference_that_switches_documents_is_caught() -> None:
    for case in planted.cases(documents(), ["switch"]):
        _, judged = judge(case)
        assert not judged.trusted and judged.switch is not None, case.note
        cut = len(case.gold or [])
        i, j = judged.switch
        assert abs(i - cut) <= 2 and abs(j - cut) <= 2, (judged.switch, case.note)
        assert "switches to another document" in judged.reason


def test_a_late_switch_is_caught_too() -> None:
    # from 70 %: the foreign part must hold 4 sentences a side (SWITCH_SENTENCES), so 14 sentences or more
    docs = documents()
    long = [d for d in docs if len(d) >= 14]
    assert len(long) >= 8
    for k, sentences in enumerate(long):
        case = planted.switch(sentences, docs[k - 1] + docs[k - 2], seed=k, at=0.7)
        _, judged = judge(case)
        assert judged.switch is not None, case.note


@pytest.mark.parametrize(
    "kind", ["preface-reference", "appendix-reference", "preface-hypothesis", "appendix-hypothesis"]
)
def test_one_sided_extra_text_is_accepted(kind: str) -> None:
    for case in planted.cases(documents(), [kind]):
        _, judged = judge(case)
        assert judged.trusted, (kind, judged.reason)


def test_omitted_sentences_are_not_a_reason_to_refuse() -> None:
    for seed, sentences in enumerate(documents()):
        rng = random.Random(seed)
        kept = [s for s in sentences if rng.random() > 0.4]
        _, judged = judge(planted.Case("omissions", kept, list(sentences), None))
        assert judged.trusted, judged.reason


def bead(h: tuple[int, ...], r: tuple[int, ...], confidence: float) -> Bead:
    return Bead(h, r, 0.0, 0.5, confidence)


def beads(pattern: str) -> list[Bead]:
    """'M' a clear 1-1 bead, 'u' an unsure 1-1 bead, 'h' a hypothesis skip, 'r' a reference skip."""
    out, i, j = [], 0, 0
    for c in pattern:
        if c in "Mu":
            out.append(bead((i,), (j,), 1.0 if c == "M" else 0.0))
            i, j = i + 1, j + 1
        elif c == "h":
            out.append(bead((i,), (), 1.0))
            i += 1
        else:
            out.append(bead((), (j,), 1.0))
            j += 1
    return out


@pytest.mark.parametrize(
    ("pattern", "run"),
    [
        ("MMMMMMMMuuuuuu", (8, 14)),  # unsure beads from the middle on
        ("MMMMMMMMhhhhhrrrrr", (8, 18)),  # both sides skipped
        ("MMMMMMuuuuMuuuuhhrrMM", (6, 19)),  # one clear bead inside does not end the run
        ("rrrrrrMMMMMMMMMMMM", None),  # a preface: one side only
        ("MMMMMMMMMMMMhhhhhh", None),  # an appendix
        ("MMrMMrMMhMMrMMMhMM", None),  # scattered omissions
        ("MMMMMMMMMMMMMMMuuu", None),  # too short a run
    ],
)
def test_find_switch(pattern: str, run: tuple[int, int] | None) -> None:
    found = find_switch(beads(pattern))
    assert (found[:2] if found else None) == run
