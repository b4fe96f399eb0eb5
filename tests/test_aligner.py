"""Word alignment: the extraction rule on planted attention, subword-to-word mapping, engines end to end."""

from __future__ import annotations

from collections import Counter

import pytest

from align.document import Document
from align.engines.attention import hard_alignment, word_alignment, word_index
from align.ingest import read_article
from align.segment import build_document
from align.translate.batching import translate_document

from .conftest import SEED


def test_hard_alignment_recovers_a_planted_pattern() -> None:
    # 3 target pieces over 4 source pieces + end-of-sentence (column 4), which must never be chosen
    attention = [
        [0.10, 0.70, 0.10, 0.05, 0.90],
        [0.60, 0.10, 0.10, 0.10, 0.95],
        [0.05, 0.05, 0.05, 0.80, 0.99],
    ]
    assert hard_alignment(attention, source_length=4) == [(1, 0), (0, 1), (3, 2)]


@pytest.mark.parametrize(
    ("pieces", "words"),
    [
        (["▁قال", "▁الوزير", "،"], [0, 1, 1]),
        (["▁", "تكهن", "▁الم", "ر", "اق", "بون"], [0, 0, 1, 1, 1, 1]),
        (["▁The", "▁minis", "ter", "▁said", "."], [0, 1, 1, 2, 2]),
        (["no", "▁marker", "▁first"], [0, 1, 2]),
        ([], []),
    ],
)
def test_word_index(pieces: list[str], words: list[int]) -> None:
    assert word_index(pieces) == words


def test_word_alignment_maps_pieces_to_words() -> None:
    source = ["▁قال", "▁الو", "زير", "،"]  # words: قال | الوزير،
    target = ["▁The", "▁minis", "ter", "▁said"]  # words: The | minister | said
    pieces = [(1, 0), (2, 1), (1, 2), (0, 3), (3, 3)]
    assert word_alignment(pieces, source, target) == [(0, 2), (1, 0), (1, 1), (1, 2)]
    assert word_alignment([(9, 0), (0, 9)], source, target) == []  # out of range pairs are dropped


@pytest.fixture(scope="module")
def aligned(short_engine) -> Document:  # type: ignore[no-untyped-def]
    return translate_document(build_document(read_article(SEED)), short_engine)


def test_every_segment_is_aligned_within_range(aligned: Document) -> None:
    for segment in aligned.segments:
        n_source, n_target = len(segment.source.split()), len((segment.translation or "").split())
        if n_target == 0:
            assert segment.word_alignment == ()
            continue
        assert segment.word_alignment, segment.id
        assert all(0 <= s < n_source and 0 <= t < n_target for s, t in segment.word_alignment)
        per_target: dict[int, int] = {}
        for _, t in segment.word_alignment:
            per_target[t] = per_target.get(t, 0) + 1
        if not any(f.code == "long-input" for f in segment.flags):
            # each subword points at one source piece: a word gets at most as many source words as it has
            # pieces (checked on sentences translated in one piece, whose subwords are one output)
            pieces_per_word = Counter(word_index(segment.tgt_tokens))
            assert all(n <= pieces_per_word[t] for t, n in per_target.items())
        assert set(per_target) == set(range(n_target))  # every target word is aligned


def test_alignment_survives_the_json_round_trip(aligned: Document) -> None:
    assert Document.from_json(aligned.to_json()) == aligned


def test_engines_use_the_same_alignment_head(tiny_model, tiny_engine) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("ctranslate2")
    from align.engines import EngineOptions, load_engine

    fast = load_engine(
        EngineOptions(model=str(tiny_model), compute_type="float32", threads=1, name="ctranslate2")
    )
    doc = build_document(read_article(SEED))
    slow_doc = translate_document(doc, tiny_engine)
    fast_doc = translate_document(doc, fast)
    assert [s.word_alignment for s in fast_doc.segments] == [s.word_alignment for s in slow_doc.segments]
