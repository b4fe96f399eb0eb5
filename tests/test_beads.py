"""Sentence (bead) alignment: a planted path recovered by the dynamic program, planted re-segmentations and
free paraphrases of the test sets recovered, long beads, prefaces, long documents in a bounded band, the
similarity's algebra, and structural properties on random inputs."""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import cache

import numpy as np
import pytest
import sacrebleu
from hypothesis import example, given, settings
from hypothesis import strategies as st

from align.alignment import similarity
from align.alignment.paths import Side, Weights, best_path
from align.alignment.sentences import MAX_HYP, MAX_REF, Alignment, align_sentences, aligned_pairs
from align.alignment.trust import verdict
from align.datasets import load_test_set
from eval import planted

Beads = list[tuple[tuple[int, ...], tuple[int, ...]]]


@cache
def english(name: str = "ntrex128") -> list[list[str]]:
    return load_test_set(name, side="reference")


def documents(name: str, count: int, shortest: int = 8) -> list[list[str]]:
    return [d for d in english(name) if len(d) >= shortest][:count]


def found(alignment: Alignment) -> Beads:
    return [(b.hypothesis, b.reference) for b in alignment.beads]


def bleu(pairs: Sequence[tuple[str, str]]) -> float:
    return sacrebleu.corpus_bleu([h for h, _ in pairs], [[r for _, r in pairs]]).score


def lines(case: planted.Case, beads: Beads) -> list[tuple[str, str]]:
    """Every bead as a line, skips against an empty side: how realigned scores count them."""
    return [
        (" ".join(case.hypothesis[i] for i in h), " ".join(case.reference[j] for j in r)) for h, r in beads
    ]


def evaluate(cases: Sequence[planted.Case]) -> tuple[float, float, float]:
    """(bead F1 over all cases, BLEU on the found beads, BLEU on the gold beads)."""
    hits = predicted = gold = 0
    found_lines: list[tuple[str, str]] = []
    gold_lines: list[tuple[str, str]] = []
    for case in cases:
        assert case.gold is not None
        beads = found(align_sentences(case.hypothesis, case.reference))
        hits += len(set(beads) & set(case.gold))
        predicted, gold = predicted + len(beads), gold + len(case.gold)
        found_lines += lines(case, beads)
        gold_lines += lines(case, case.gold)
    precision, recall = hits / predicted, hits / gold
    return 2 * precision * recall / (precision + recall), bleu(found_lines), bleu(gold_lines)


# -- the dynamic program on a planted path ------------------------------------------------------------


def test_best_path_recovers_a_planted_path() -> None:
    # each bead's sentences split one unit vector of its own between them, so the planted beads have
    # cosine 1; other pairs point away from each other (cosine -0.5), worse than leaving both unaligned
    plan = [((0,), (0,)), ((1,), (1, 2, 3, 4, 5, 6)), ((2,), ()), ((3, 4, 5), (7,)), ((), (8,)), ((6,), (9,))]
    n, m = 7, 10
    sizes_h = {i: len(h) for h, _ in plan for i in h}
    sizes_r = {j: len(r) for _, r in plan for j in r}
    dots = np.array([[-0.5 / (sizes_h[i] * sizes_r[j]) for j in range(m)] for i in range(n)])
    for h, r in plan:
        for i in h:
            for j in r:
                dots[i, j] = 1.0 / (len(h) * len(r))
    hyp_gram = np.zeros((n, MAX_HYP))
    ref_gram = np.zeros((m, MAX_REF))
    for h, r in plan:
        for k, i in enumerate(h):
            hyp_gram[i, : len(h) - k] = 1.0 / len(h) ** 2
        for k, j in enumerate(r):
            ref_gram[j, : len(r) - k] = 1.0 / len(r) ** 2
    hyp = Side.build(hyp_gram, np.full(n, 50.0), MAX_HYP)
    ref = Side.build(ref_gram, np.full(m, 50.0), MAX_REF)
    low, high = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)
    path = best_path(similarity.dense_band(dots), hyp, ref, low, high, MAX_HYP, MAX_REF, Weights(length=0.0))
    assert [(tuple(range(a, b)), tuple(range(c, d))) for a, b, c, d in path.beads] == plan
    assert path.cells == (n + 1) * (m + 1) and path.contacts == []


def test_run_norms_and_dots_equal_the_summed_vectors() -> None:
    hyp = ["A first sentence about the budget.", "A second one, on taxes.", "Third: trade and tariffs."]
    ref = ["The budget was cut.", "Taxes rose in May.", "Tariffs on steel.", "Trade fell."]
    h, r = similarity.vectorise(hyp, ref)
    side = Side.build(similarity.neighbour_dots(h.full, 3), h.lengths, 3)
    summed = h.full[0:3].sum(axis=0)
    assert side.norms[3, 3] == pytest.approx(float(np.square(summed).sum()), rel=1e-5)
    band = similarity.band_dots(
        h.shared, r.shared, np.zeros(3, dtype=np.int64), np.full(3, 4, dtype=np.int64)
    )
    exact = (h.full @ r.full.T).toarray()
    assert band.values.reshape(3, 4) == pytest.approx(exact, rel=1e-5)
    assert float(band.run(1, np.array(1), np.array(4))) == pytest.approx(exact[1, 1:4].sum(), rel=1e-5)


# -- planted documents ---------------------------------------------------------------------------------


def test_planted_close_resegmentations_are_recovered() -> None:
    cases = [planted.close(d, seed) for seed, d in enumerate(documents("ntrex128", 20))]
    f1, found_bleu, gold_bleu = evaluate(cases)
    assert f1 >= 0.97
    assert abs(found_bleu - gold_bleu) <= 0.1
    assert all(verdict(align_sentences(c.hypothesis, c.reference)).trusted for c in cases)


@pytest.mark.parametrize("kind", ["free", "loose"])
def test_planted_free_translations_are_recovered(kind: str) -> None:
    # 1-9 and 9-1 beads, splits, paraphrases: the old 1-3 aligner reached F1 0.73 (free), 0.66 (loose)
    cases = planted.cases(documents("ntrex128", 20), [kind])
    f1, found_bleu, gold_bleu = evaluate(cases)
    assert f1 >= 0.95
    assert abs(found_bleu - gold_bleu) <= 0.3


@pytest.mark.slow  # ~8 s on two loaded cores: TICO-19's long documents, FLORES-200's short ones
@pytest.mark.parametrize(
    ("name", "count", "shortest", "kinds", "floor"),
    [
        ("tico19_test", 8, 8, ("looser", "preface-reference"), 0.8),
        ("flores200_devtest", 40, 3, ("close", "looser", "appendix-hypothesis"), 0.93),
    ],
)
def test_planted_cases_on_other_test_sets(
    name: str, count: int, shortest: int, kinds: tuple[str, ...], floor: float
) -> None:
    for kind in kinds:
        f1, found_bleu, gold_bleu = evaluate(planted.cases(documents(name, count, shortest), [kind]))
        assert f1 >= floor, (name, kind, f1)
        assert abs(found_bleu - gold_bleu) <= 0.5, (name, kind)


SENTENCES = [
    "The minister said on Tuesday that the new budget would cut taxes for small businesses.",
    "Opposition parties criticised the plan as too little, too late.",
    "Markets rose sharply after the announcement.",
    "Economists expect inflation to fall below three percent by the end of next year.",
    "The prime minister will visit Brussels next week to discuss trade.",
]


def test_identical_lists_align_one_to_one_with_high_confidence() -> None:
    alignment = align_sentences(SENTENCES, SENTENCES)
    assert found(alignment) == [((k,), (k,)) for k in range(len(SENTENCES))]
    assert all(b.confidence == 1.0 for b in alignment.beads)
    assert all(b.similarity == pytest.approx(1.0, abs=1e-5) for b in alignment.beads)
    assert alignment.coverage == 1.0 and verdict(alignment).trusted


def test_a_merge_and_a_split_are_recovered() -> None:
    first, second = SENTENCES[0].split(" that ", 1)
    reference = [first, "that " + second, SENTENCES[1], SENTENCES[2] + " " + SENTENCES[3], SENTENCES[4]]
    assert found(align_sentences(SENTENCES, reference)) == [
        ((0,), (0, 1)),
        ((1,), (2,)),
        ((2, 3), (3,)),
        ((4,), (4,)),
    ]


def test_one_sentence_for_six_and_three_for_one() -> None:
    document = documents("ntrex128", 1, shortest=12)[0]
    hypothesis = [" ".join(document[:6]), *document[6:9], " ".join(document[9:12])]
    reference = [*document[:6], " ".join(document[6:9]), *document[9:12]]
    beads = found(align_sentences(hypothesis, reference))
    assert beads == [((0,), (0, 1, 2, 3, 4, 5)), ((1, 2, 3), (6,)), ((4,), (7, 8, 9))]


def test_a_missing_sentence_is_a_skip() -> None:
    alignment = align_sentences(SENTENCES, SENTENCES[:2] + SENTENCES[3:])
    assert found(alignment) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,))]
    assert alignment.unaligned_hypothesis == 1 and alignment.coverage == 1.0
    assert aligned_pairs(alignment, SENTENCES, SENTENCES[:2] + SENTENCES[3:])[2] == (SENTENCES[3],) * 2


def test_empty_inputs() -> None:
    alignment = align_sentences([], [])
    assert alignment.beads == () and alignment.mean_confidence == 0.0
    assert not verdict(alignment).trusted


@pytest.mark.parametrize(("hyp", "ref"), [(SENTENCES, []), ([], SENTENCES)])
def test_one_side_empty_is_all_skips_and_not_trustworthy(hyp: list[str], ref: list[str]) -> None:
    alignment = align_sentences(hyp, ref)
    assert len(alignment.beads) == len(SENTENCES)
    assert all(not b.matched for b in alignment.beads)
    assert alignment.unaligned_hypothesis + alignment.unaligned_reference == len(SENTENCES)
    assert aligned_pairs(alignment, hyp, ref) == []
    judged = verdict(alignment)
    assert not judged.trusted and "no sentence has a counterpart" in judged.reason


def test_invalid_bead_limits() -> None:
    with pytest.raises(ValueError, match="max_hyp and max_ref"):
        align_sentences(SENTENCES, SENTENCES, max_ref=0)


# -- long documents ------------------------------------------------------------------------------------


def long_document(count: int, seed: int) -> list[str]:
    """Distinct sentences from halves of test-set sentences (repeating the test sets would make the
    alignment ambiguous)."""
    pool = [s.split() for d in english("ntrex128") for s in d if len(s.split()) >= 6]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        a, b = rng.choice(pool), rng.choice(pool)
        out.append(" ".join(a[: len(a) // 2] + b[len(b) // 2 :]))
    return out


def test_long_document_stays_in_the_band() -> None:
    case = planted.close(long_document(2000, 1), seed=7)
    alignment = align_sentences(case.hypothesis, case.reference)
    assert alignment.block > 1 and alignment.widened == 0
    rows, columns = len(case.hypothesis) + 1, len(case.reference) + 1
    assert alignment.cells < rows * columns / 10  # far from the full matrix
    assert planted.bead_f1(found(alignment), case.gold or []) > 0.97


def test_a_preface_is_skipped_without_widening_the_band() -> None:
    text, extra = long_document(1500, 2), long_document(600, 3)
    for where, side in (("start", "reference"), ("end", "hypothesis")):
        case = planted.extra(text, extra, 4, where=where, side=side)
        alignment = align_sentences(case.hypothesis, case.reference)
        assert alignment.block > 1 and alignment.widened == 0
        assert planted.bead_f1(found(alignment), case.gold or []) > 0.99
        judged = verdict(alignment)
        assert judged.trusted and judged.switch is None


def check_structure(alignment: Alignment, n: int, m: int) -> None:
    hyp = [i for b in alignment.beads for i in b.hypothesis]
    ref = [j for b in alignment.beads for j in b.reference]
    assert hyp == list(range(n))  # monotonic, every index exactly once
    assert ref == list(range(m))
    for bead in alignment.beads:
        assert len(bead.hypothesis) + len(bead.reference) >= 1
        assert min(len(bead.hypothesis), len(bead.reference)) <= 1
        assert len(bead.hypothesis) <= MAX_HYP and len(bead.reference) <= MAX_REF
        assert 0.0 <= bead.confidence <= 1.0 and 0.0 <= bead.similarity <= 1.0
    assert 0.0 <= alignment.mean_confidence <= 1.0 and 0.0 <= alignment.coverage <= 1.0


words = st.sampled_from("alpha beta gamma delta minister budget market city rain vote".split())
sentence_lists = st.lists(st.lists(words, min_size=0, max_size=8).map(" ".join), max_size=14)


@settings(max_examples=60, deadline=None)
@given(sentence_lists, sentence_lists, st.sampled_from([None, 1, 3]))
# float32 vectors once gave an identical pair a cosine of 1.000001
@example(
    ["", "", "city delta alpha rain city rain rain"],
    ["", "", "city delta alpha rain city rain rain"],
    None,
)
def test_beads_are_monotonic_cover_every_sentence_and_respect_the_limits(
    hyp: list[str], ref: list[str], band: int | None
) -> None:
    check_structure(align_sentences(hyp, ref, band=band), len(hyp), len(ref))
