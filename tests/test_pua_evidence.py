"""Private-Use glyphs decoded on evidence: digit tables from what numbers' contexts say (dates, days,
percentages, counts besides years), and glyphs inside words read from the words they complete."""

from __future__ import annotations

import pytest

from align.repair import RepairOptions, repair_text
from align.repair import pua as pua_mod
from align.repair.glyphs import infer_glyphs
from tests.test_repair import encode, planted_font


@pytest.mark.parametrize(
    ("line", "cue", "low", "high"),
    [
        ("في {a}/{b}/{y} قال", "date", 1, 31),
        ("يوم {a} مارس الماضي", "day", 1, 31),
        ("بنسبة {a}% من", "percent", 0, 100),
        ("بنسبة {a} في المائة", "percent", 0, 100),
        ("منذ {b} عامًا مضت", "count", 11, 99),
        ("قال {a} شخصا", "", 0, 10**9),  # a plural noun says nothing about the number
    ],
)
def test_what_a_context_says(line: str, cue: str, low: int, high: int) -> None:
    table, _ = planted_font(3)
    text = line.format(a=encode("7", table), b=encode("12", table), y=encode("2018", table))
    first = pua_mod.number_runs([text])[0]
    assert (first.cue, first.low, first.high) == (cue, low, high)


@pytest.mark.parametrize("seed", range(12))
def test_table_from_a_year_and_other_cues(seed: int) -> None:
    """One year is not enough on its own; with a date and a day it is."""
    table, _ = planted_font(seed)
    lines = [
        f"في عام {encode('2016', table)} قال",
        f"وفي {encode('29', table)}/{encode('9', table)}/{encode('2018', table)} أعلن",
        f"يوم {encode('30', table)} سبتمبر و{encode('45', table)} شخصا",
    ]
    alone = pua_mod.infer_digits(pua_mod.number_runs(lines[:1]))
    assert alone.mapping == {}
    inference = pua_mod.infer_digits(pua_mod.number_runs(lines))
    if inference.mapping:  # decided: then right
        decoded = {g: d for g, d in inference.mapping.items()}
        for number in ("2016", "29", "2018", "30", "45"):
            assert "".join(decoded[g] for g in encode(number, table)) == number
        assert "dates d/m/yyyy" in inference.evidence and inference.cues == 5
    else:  # or nothing guessed, with the reason
        assert "digit tables fit" in inference.evidence


def test_loose_cues_alone_guess_nothing() -> None:
    """Counts and percentages allow many tables: without two years they must leave one reading, or
    nothing is decoded."""
    table, _ = planted_font(5)
    lines = [f"منذ {encode('12', table)} عامًا", f"بنسبة {encode('40', table)}%"]
    inference = pua_mod.infer_digits(pua_mod.number_runs(lines))
    assert inference.mapping == {}
    assert "fewer than two years" in inference.evidence


def test_paragraphs_decoded_with_an_inferred_table_are_flagged() -> None:
    table, _ = planted_font(7)
    article = (
        f"قال الوزير في عام {encode('2016', table)} إن الخطة جاهزة.\n\n"
        f"وفي سنة {encode('2018', table)} أكد أن {encode('35', table)} شخصا وصلوا.\n\n"
        "ولم يذكر أي تفاصيل أخرى عن ذلك.\n"
    )
    result = repair_text(article, RepairOptions(dictionary=False))
    flags = [[f for f in p.flags if f.code == "pua-inferred"] for p in result.paragraphs]
    assert [len(f) for f in flags] == [1, 1, 0]
    assert "2 number(s) decoded" in flags[1][0].message and "2 numbers" in flags[1][0].message
    assert "2016" in result.text and "35" in result.text


# -- glyphs inside words --------------------------------------------------------------------------------

GLYPH = "\U000f061d"
LEXICON = {"خلال", "اللائي", "استطلاع", "قليلا", "بلاسي", "الطلاب", "قال"}


def known(word: str) -> bool:
    return word in LEXICON


def test_a_missing_alef_is_read_from_its_words() -> None:
    lines = [f"خل{GLYPH}ل الأسبوع", f"الل{GLYPH}ئي {GLYPH}ستطل{GLYPH}ع", f"قليل{GLYPH} من بل{GLYPH}سي"]
    readings = infer_glyphs(lines, known)
    assert readings[GLYPH].text == "ا"
    assert readings[GLYPH].known == 5 and readings[GLYPH].words == 5


@pytest.mark.parametrize(
    "lines",
    [
        [f"خل{GLYPH}ل الأسبوع"],  # one word: too little
        [f"خل{GLYPH}ل الأسبوع", f"ك{GLYPH}ك"],  # two words, one of them unknown
        [f"خل{GLYPH}ل", f"ب{GLYPH}ب", f"س{GLYPH}س", f"ك{GLYPH}ك"],  # known in one place of four
    ],
)
def test_no_reading_without_evidence(lines: list[str]) -> None:
    assert infer_glyphs(lines, known) == {}


def test_digits_are_not_read_as_letters() -> None:
    lines = [f"خل{GLYPH}ل", f"الل{GLYPH}ئي", f"ستطل{GLYPH}ع"]
    assert infer_glyphs(lines, known, exclude={GLYPH}) == {}


def test_attested_words_decide_where_a_lenient_dictionary_ties() -> None:
    """A dictionary that accepts "ل" + any word knows nearly as many words with "ل" or "لأ" for the glyph as
    with "أ"; the words seen in text (the article, the test sets) tell them apart."""
    stems = ["ن", "كثر", "مام", "جل", "حقية", "ولى", "خرى", "راضي"]
    seen = {"أ" + stem for stem in stems}
    lenient = {*seen, *("ل" + stem for stem in stems[:7]), *("لأ" + stem for stem in stems[:7])}
    lines = [" ".join(GLYPH + stem for stem in stems)]

    def dictionary(word: str) -> bool:
        return word in lenient

    assert infer_glyphs(lines, dictionary) == {}  # the margin alone does not decide
    readings = infer_glyphs(lines, dictionary, attested=lambda word: word in seen)
    assert readings[GLYPH].text == "أ" and readings[GLYPH].known == 8
    # Seen words that do not single out one reading decide nothing either.
    assert infer_glyphs(lines, dictionary, attested=lambda word: word in lenient) == {}
