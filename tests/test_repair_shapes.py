"""The word-shape model, three-piece lines with words at both ends, two damaged lines judged together."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pytest

from align.repair.lexicon import Lexicon
from align.repair.normalize import normalize_line
from align.repair.reading import ReadingModel
from align.repair.reorder import reorder_line, suspect_edges
from align.repair.reorder_pass import reorder_pair
from align.repair.shapes import ShapeModel, shape
from align.repair.tracked import Tracked
from align.repair.wordstats import END, START, WordStats, sentence_tokens


def _counted(sequences: Iterable[Sequence[str]], kept: frozenset[str]) -> ShapeModel:
    """The model made by counting token sequences one by one."""
    model = ShapeModel(kept)
    for sequence in sequences:
        model.add(sequence)
    return model


KEPT = frozenset({"في", "من", "،", START, END})


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("في", "في"),  # a frequent word keeps its identity
        (START, START),
        (".", "."),
        ("<num>", "<other>"),
        ("Alipay", "<other>"),
        ("والمستشارين", "وال|ين"),
        ("الحملات", "ال|ات"),
        ("للحملة", "لل|ة"),
        ("قال", "|"),  # no article, preposition or ending: a plain word
        ("كتب", "ك|"),  # a shape is a shape: whether ك is a preposition here is not asked
        ("بانون", "ب|ون"),  # a shape is a shape, whatever the word
        ("مُدِيرَة", "|ة"),  # marks are not letters
    ],
)
def test_shape(token: str, expected: str) -> None:
    assert shape(token, KEPT) == expected


CORPUS = [
    "قال المسؤول في الحكومة إن الشركة الجديدة بدأت العمل",
    "أعلنت الوزارة في بيان أن المدرسة الكبيرة فتحت أبوابها",
    "ذكرت الصحيفة في تقرير أن الحكومة المحلية رفضت الطلب",
] * 5


def test_shape_model_prefers_the_order_of_the_corpora() -> None:
    kept = frozenset({"في", "أن", "إن", START, END})
    model = _counted((sentence_tokens(s) for s in CORPUS), kept)
    # Words the model never saw, in the corpora's order of shapes (noun with ال, adjective with ال, verb) and
    # scrambled: the shapes decide.
    natural = sentence_tokens("قالت المنظمة في رسالة إن المؤسسة العريقة بدأت النشاط")
    scrambled = sentence_tokens("قالت في المنظمة رسالة المؤسسة إن بدأت العريقة النشاط")
    assert model.logprob(natural) > model.logprob(scrambled) + 5
    assert ShapeModel(kept).logprob(natural) == 0.0  # no counts, no opinion


def test_shape_model_without_is_the_model_of_the_rest() -> None:
    kept = frozenset({"في", START, END})
    sequences = [sentence_tokens(s) for s in CORPUS[:3]]
    full = _counted(sequences, kept)
    rest = full.without(sequences[1:])
    alone = _counted(sequences[:1], kept)
    assert (rest.unigrams, rest.bigrams, rest.trigrams) == (alone.unigrams, alone.bigrams, alone.trigrams)
    probe = sentence_tokens(CORPUS[1])
    assert rest.logprob(probe) == pytest.approx(alone.logprob(probe))


def test_held_out_word_stats_leave_their_sentences_out_of_the_shapes() -> None:
    stats = WordStats.from_sentences(CORPUS[:3], name="news")
    held_out = stats.without(CORPUS[1:3])
    assert stats.shapes is not None and held_out.shapes is not None
    assert held_out.shapes.kept == stats.shapes.kept  # the parent's frequent words
    assert sum(held_out.shapes.unigrams.values()) == len(sentence_tokens(CORPUS[0]))
    assert WordStats().shapes is None


def _model(lines: list[str], corpus: list[str]) -> ReadingModel:
    return ReadingModel(
        lines, Lexicon(lines + corpus, use_dictionary=False), WordStats.from_sentences(corpus)
    )


def test_a_letter_inside_the_line_makes_it_suspect() -> None:
    # Cut after "البر|لمان" and "ع|لى": both ends of the extracted line are words ("مان" and "البر"), but
    # the middle piece leaves "ع" alone.
    corpus = ["يأخذ عضو البرلمان الجديد مقعده على موعد مع الناخبين", "مان عضو في المجلس", "البر والبحر"]
    model = _model([], corpus)
    assert suspect_edges("مان الجديد مقعده ع لى موعد مع الناخبين يأخذ عضو البر", model)
    assert not suspect_edges("مان الجديد مقعده على موعد مع الناخبين يأخذ عضو البر", model)
    # "و" is a word, and a letter before a number is a preposition written apart: no suspicion.
    assert not suspect_edges("مان الجديد مقعده و موعد مع الناخبين يأخذ عضو البر", model)
    assert not suspect_edges("مان الجديد مقعده ب 20 موعد مع الناخبين يأخذ عضو البر", model)


UPPER = "بين مديرة تطوير البرامج في الشركة بريتاني كايزر وآرون بانكس الذي تولى قيادة حملة"
LOWER = "الخروج من الاتحاد الأوروبي ويصف نفسه في كتابه بأنه أحد مشاغبي البريكست"
# Each cut inside one word (بر|يتاني, أ|حد), its two pieces swapped.
UPPER_DAMAGED = "يتاني كايزر وآرون بانكس الذي تولى قيادة حملة بين مديرة تطوير البرامج في الشركة بر"
LOWER_DAMAGED = "حد مشاغبي البريكست الخروج من الاتحاد الأوروبي ويصف نفسه في كتابه بأنه أ"


def test_two_damaged_lines_judged_together() -> None:
    corpus = [f"{UPPER} {LOWER}"] * 3 + CORPUS
    upper = normalize_line(Tracked.from_raw(UPPER_DAMAGED))[0]
    lower = normalize_line(Tracked.from_raw(LOWER_DAMAGED))[0]
    model = _model([UPPER_DAMAGED, LOWER_DAMAGED], corpus)
    first, second = reorder_pair(upper, lower, "", "", model, block_end=True)
    assert first is not None and second is not None
    assert (first.text.text, second.text.text) == (UPPER, LOWER)
    assert first.seams == ("بريتاني",) and second.seams == ("أحد",)
    assert sorted(UPPER_DAMAGED[o] for o in first.text.origin) == sorted(first.text.text)
    # Alone, each line has only a piece of a word beside it, and less to go on than together.
    alone = reorder_line(upper, "", LOWER_DAMAGED, model)
    assert alone is None or alone.margin < first.margin


def test_two_damaged_lines_without_evidence_stay() -> None:
    upper = normalize_line(Tracked.from_raw(UPPER_DAMAGED))[0]
    lower = normalize_line(Tracked.from_raw(LOWER_DAMAGED))[0]
    model = _model([UPPER_DAMAGED, LOWER_DAMAGED], CORPUS)
    assert reorder_pair(upper, lower, "", "", model, block_end=True) == (None, None)


def test_shapes_from_word_counts_equal_shapes_from_the_sentences() -> None:
    stats = WordStats.from_sentences(CORPUS[:3], name="news")
    kept = frozenset({"في", "أن", START})
    counted = ShapeModel.from_counts(stats.unigrams, stats.bigrams, stats.trigrams, kept)
    trained = _counted((sentence_tokens(s) for s in CORPUS[:3]), kept)
    assert (counted.unigrams, counted.bigrams, counted.trigrams) == (
        trained.unigrams,
        trained.bigrams,
        trained.trigrams,
    )
