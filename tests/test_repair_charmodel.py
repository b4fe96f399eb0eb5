"""The character model that helps decide reorders, and the damage simulation that measures them."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.repair.charmodel import CharModel, normalise
from align.repair.wordstats import WordStats

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from eval.swaps import swap_line, swapped_article

NEWS = [
    "قال الرئيس إن الحكومة ستعلن خطة جديدة للتعليم في المدارس الحكومية.",
    "وأضاف أن الخطة تشمل بناء مدارس جديدة في المناطق الريفية.",
    "وقالت الوزارة إن المدارس الجديدة ستفتح أبوابها في العام المقبل.",
    "وأعلنت الحكومة عن ميزانية جديدة للصحة والتعليم.",
]


def test_normalise_folds_what_does_not_change_the_reading() -> None:
    assert normalise("حملـــة  ترامب عام ٢٠١٦ و\ue009\ue005") == "حملة ترامب عام 0000 و00"


def test_seen_text_reads_better_than_its_words_shuffled() -> None:
    model = CharModel().train(NEWS)
    text = "وقالت الحكومة إن المدارس الجديدة ستفتح"
    shuffled = "المدارس إن ستفتح الجديدة الحكومة وقالت"
    assert model.logprob(text) > model.logprob(shuffled) + 5
    # Scoring from an offset reads only the rest, given what comes before.
    assert model.logprob(text, start=6) > model.logprob(text)


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=0, max_value=len(NEWS) - 1))
def test_without_is_the_model_never_trained_on_them(left_out: int) -> None:
    rest = [s for i, s in enumerate(NEWS) if i != left_out]
    held = CharModel().train(NEWS).without([NEWS[left_out]])
    fresh = CharModel().train(rest)
    assert +held.grams == fresh.grams
    assert {k: v for k, v in held.totals.items() if v} == {k: v for k, v in fresh.totals.items() if v}
    assert {k: v for k, v in held.types.items() if v} == {k: v for k, v in fresh.types.items() if v}
    probe = "وقالت الوزارة إن الخطة جديدة"
    assert held.logprob(probe) == pytest.approx(CharModel().train(rest).logprob(probe), rel=0, abs=1e-6)


def test_word_stats_build_the_character_model_on_first_use() -> None:
    stats = WordStats.from_sentences(NEWS, name="news")
    assert stats._chars is None
    chars = stats.chars
    assert chars is not None and chars is stats.chars  # built once
    held = stats.without(NEWS[:1])
    assert held.chars is not None and held.chars.grams != chars.grams
    assert WordStats().chars is None  # nothing to learn from


# -- the damage simulation, faithful to the sample ------------------------------------------------------

LINE = "مديرة تطوير البرامج في كامبردج أناليتيكا، بريتاني كايزر، وآرون بانكس الذي تولى قيادة حملة"


def test_two_pieces_are_cut_where_the_sample_cuts() -> None:
    rng = random.Random(3)
    for _ in range(30):
        damaged = swap_line(LINE, "word", rng)
        assert damaged is not None and damaged != LINE
        words = damaged.split(" ")
        head, tail = words[-1], words[0]
        # The line's last word is a word's head, cut after ر ز or a word-initial أ; its first the rest.
        assert head[-1] in "رزأ" and (head[-1] != "أ" or len(head) == 1)
        assert (head + tail) in LINE.split(" ") or (head + tail).rstrip("،") in LINE.replace("،", "").split()
        assert sorted(damaged.replace(" ", "")) == sorted(LINE.replace(" ", ""))


def test_three_pieces_cut_two_neighbouring_words() -> None:
    line = "التي قد تتأثر باتفاقية الشراكة التجارية والاستثمارية العابرة للأطلسي"
    rng = random.Random(0)
    seen = set()
    for _ in range(40):
        damaged = swap_line(line, "three", rng)
        if damaged is None:
            continue
        seen.add(damaged)
        assert sorted(damaged.replace(" ", "").replace("\u0640", "")) == sorted(line.replace(" ", ""))
    assert "ية العابرة للأطلسي ية والاستثمار التي قد تتأثر باتفاقية الشراكة التجار" in seen
    # At kashidas (one of the sample's two lines): the pieces after the cuts start with a tatweel.
    assert any("\u0640" in d for d in seen)


def test_number_ahead_of_its_line() -> None:
    rng = random.Random(0)
    assert (
        swap_line("الحركات السياسية القومية سنة 2015.", "number", rng) == ".2015 الحركات السياسية القومية سنة"
    )
    assert swap_line("لا رقم في آخر هذا السطر", "number", rng) is None


def test_article_damage_is_seeded_and_keeps_every_line() -> None:
    paragraphs = [" ".join(NEWS[:2]), " ".join(NEWS[2:])]
    first = swapped_article(paragraphs, seed=1, rate=0.9, width=40)
    assert first == swapped_article(paragraphs, seed=1, rate=0.9, width=40)
    text, lines, swaps = first
    assert swaps and all(s.kind in ("word", "three", "number") for s in swaps)
    out = text.split("\n")
    for s in swaps:
        assert out[s.line - 1] == s.damaged and s.original in lines
