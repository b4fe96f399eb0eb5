"""Sentence (bead) alignment: planted re-segmentations of NTREX-128 recovered, hand-made cases, a long
document in a bounded band, and structural properties on random inputs."""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import cache

import pytest
import sacrebleu
from hypothesis import given, settings
from hypothesis import strategies as st

from align.alignment.sentences import Alignment, _ngrams, align_sentences, aligned_pairs, chrf, is_trustworthy
from align.datasets import load_test_set

Beads = list[tuple[tuple[int, ...], tuple[int, ...]]]
FILLERS = "the a of said new year people government city report also more".split()


@cache
def ntrex_english() -> list[list[str]]:
    return load_test_set("ntrex128", side="reference")


def perturb(sentence: str, rng: random.Random, rate: float = 0.15) -> str:
    """Drop or replace about ``rate`` of the words: an imperfect 'translation' of the sentence."""
    words = []
    for word in sentence.split():
        roll = rng.random()
        if roll < rate / 2:
            continue
        words.append(rng.choice(FILLERS) if roll < rate else word)
    return " ".join(words) or sentence


def split_sentence(sentence: str) -> tuple[str, str] | None:
    """At the comma nearest the middle, else at the middle word; None for short sentences."""
    words = sentence.split()
    if len(words) < 10:
        return None
    commas = [k for k, w in enumerate(words[2:-3], start=2) if w.endswith(",")]
    cut = min(commas, key=lambda k: abs(k - len(words) / 2)) + 1 if commas else len(words) // 2
    return " ".join(words[:cut]), " ".join(words[cut:])


def plant(sentences: Sequence[str], seed: int) -> tuple[list[str], list[str], Beads]:
    """Hypothesis (perturbed sentences), reference (re-segmented originals) and the true beads."""
    rng = random.Random(seed)
    hyp: list[str] = []
    ref: list[str] = []
    beads: Beads = []
    k = 0
    while k < len(sentences):
        roll = rng.random()
        take = 1
        if roll < 0.08 and k + 1 < len(sentences):  # 2-1: two sentences merged in the reference
            take = 2
        elif roll < 0.12 and k + 2 < len(sentences):  # 3-1
            take = 3
        group = list(sentences[k : k + take])
        halves = split_sentence(group[0]) if take == 1 and 0.12 <= roll < 0.22 else None
        h_index = tuple(range(len(hyp), len(hyp) + take))
        if 0.22 <= roll < 0.25:  # 1-0: the reference lacks it
            hyp.append(perturb(group[0], rng))
            beads.append((h_index, ()))
        elif 0.25 <= roll < 0.28:  # 0-1: the hypothesis lacks it
            beads.append(((), (len(ref),)))
            ref.append(group[0])
        else:
            hyp.extend(perturb(s, rng) for s in group)
            pieces = list(halves) if halves else [" ".join(group)]
            beads.append((h_index, tuple(range(len(ref), len(ref) + len(pieces)))))
            ref.extend(pieces)
        k += take
    return hyp, ref, beads


def found(alignment: Alignment) -> Beads:
    return [(b.hypothesis, b.reference) for b in alignment.beads]


def planted_documents(count: int = 20) -> list[tuple[list[str], list[str], Beads]]:
    documents = [d for d in ntrex_english() if len(d) >= 8][:count]
    return [plant(d, seed) for seed, d in enumerate(documents)]


@pytest.mark.slow
def test_planted_beads_are_recovered_and_bleu_is_unchanged() -> None:
    true_pairs, found_pairs = [], []
    correct = planted = predicted = 0
    for hyp, ref, truth in planted_documents():
        alignment = align_sentences(hyp, ref)
        beads = found(alignment)
        correct += len(set(beads) & set(truth))
        planted, predicted = planted + len(truth), predicted + len(beads)
        true_pairs += [
            (" ".join(hyp[i] for i in h), " ".join(ref[j] for j in r)) for h, r in truth if h and r
        ]
        found_pairs += aligned_pairs(alignment, hyp, ref)
        assert is_trustworthy(alignment) == (True, "")
    precision, recall = correct / predicted, correct / planted
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.95, (precision, recall)

    def bleu(pairs: list[tuple[str, str]]) -> float:
        return sacrebleu.corpus_bleu([h for h, _ in pairs], [[r for _, r in pairs]]).score

    assert abs(bleu(found_pairs) - bleu(true_pairs)) <= 0.5


@pytest.mark.slow
def test_unrelated_documents_are_not_trustworthy() -> None:
    documents = planted_documents(6)
    for (hyp, _, _), (_, ref, _) in zip(documents, documents[1:] + documents[:1], strict=True):
        ok, reason = is_trustworthy(align_sentences(hyp, ref))
        assert not ok
        assert reason


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
    assert all(b.confidence > 0.9 for b in alignment.beads)
    assert all(b.similarity == pytest.approx(1.0) for b in alignment.beads)
    assert is_trustworthy(alignment) == (True, "")


def test_a_merge_and_a_split_are_recovered() -> None:
    first, second = SENTENCES[0].split(" that ", 1)
    reference = [first, "that " + second, SENTENCES[1], SENTENCES[2] + " " + SENTENCES[3], SENTENCES[4]]
    assert found(align_sentences(SENTENCES, reference)) == [
        ((0,), (0, 1)),
        ((1,), (2,)),
        ((2, 3), (3,)),
        ((4,), (4,)),
    ]


def test_a_missing_sentence_is_a_skip() -> None:
    alignment = align_sentences(SENTENCES, SENTENCES[:2] + SENTENCES[3:])
    assert found(alignment) == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,)), ((4,), (3,))]
    assert alignment.unaligned_hypothesis == 1
    assert aligned_pairs(alignment, SENTENCES, SENTENCES[:2] + SENTENCES[3:])[2] == (SENTENCES[3],) * 2


def test_empty_inputs() -> None:
    alignment = align_sentences([], [])
    assert alignment.beads == ()
    assert alignment.mean_confidence == 0.0
    assert is_trustworthy(alignment)[0] is False


@pytest.mark.parametrize(("hyp", "ref"), [(SENTENCES, []), ([], SENTENCES)])
def test_one_side_empty_is_all_skips_and_not_trustworthy(hyp: list[str], ref: list[str]) -> None:
    alignment = align_sentences(hyp, ref)
    assert len(alignment.beads) == len(SENTENCES)
    assert all(not b.hypothesis or not b.reference for b in alignment.beads)
    assert alignment.unaligned_hypothesis + alignment.unaligned_reference == len(SENTENCES)
    assert aligned_pairs(alignment, hyp, ref) == []
    ok, reason = is_trustworthy(alignment)
    assert not ok and "no counterpart" in reason


def test_chrf_of_counters_agrees_with_sacrebleu() -> None:
    for hyp, ref in zip(SENTENCES, SENTENCES[1:] + SENTENCES[:1], strict=True):
        expected = sacrebleu.sentence_chrf(hyp, [ref]).score / 100
        assert chrf(_ngrams(hyp), _ngrams(ref)) == pytest.approx(expected, abs=1e-6)


def test_invalid_max_bead() -> None:
    with pytest.raises(ValueError, match="max_bead"):
        align_sentences(SENTENCES, SENTENCES, max_bead=4)


@pytest.mark.slow
def test_long_document_stays_in_the_band() -> None:
    sentences = [s for d in ntrex_english() for s in d][:2000]
    hyp, ref, truth = plant(sentences, seed=7)
    alignment = align_sentences(hyp, ref, band=20)
    rows, columns = len(hyp) + 1, len(ref) + 1
    assert alignment.cells <= 2 * rows * (2 * alignment.band + 1)  # at most two passes over the band
    assert alignment.cells < rows * columns / 10  # far from the full matrix
    assert len(set(found(alignment)) & set(truth)) / len(truth) > 0.95


def check_structure(alignment: Alignment, n: int, m: int, max_bead: int) -> None:
    hyp = [i for b in alignment.beads for i in b.hypothesis]
    ref = [j for b in alignment.beads for j in b.reference]
    assert hyp == list(range(n))  # monotonic, every index exactly once
    assert ref == list(range(m))
    for bead in alignment.beads:
        assert len(bead.hypothesis) + len(bead.reference) >= 1
        assert min(len(bead.hypothesis), len(bead.reference)) <= 1
        assert max(len(bead.hypothesis), len(bead.reference)) <= max_bead
        assert 0.0 <= bead.confidence <= 1.0
    assert 0.0 <= alignment.mean_confidence <= 1.0


words = st.sampled_from("alpha beta gamma delta minister budget market city rain vote".split())
sentence_lists = st.lists(st.lists(words, min_size=1, max_size=8).map(" ".join), max_size=12)


@settings(max_examples=60, deadline=None)
@given(sentence_lists, sentence_lists, st.sampled_from([2, 3]), st.sampled_from([None, 1, 3]))
def test_beads_are_monotonic_cover_every_sentence_and_respect_max_bead(
    hyp: list[str], ref: list[str], max_bead: int, band: int | None
) -> None:
    check_structure(align_sentences(hyp, ref, max_bead=max_bead, band=band), len(hyp), len(ref), max_bead)
