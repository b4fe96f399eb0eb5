"""QA checks: case tables per check, the Document integration, and the rates on human translations."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from align.document import Flag, Segment
from align.qa import QA_CODES, QAOptions, check_document, check_pair, check_segment, has_errors
from align.qa.arabic_numbers import arabic_word_values
from align.qa.english_numbers import english_word_values
from align.qa.numbers import parse_number, source_numbers

NO_SCORE = QAOptions(skip=frozenset({"confidence"}))


def codes(source: str, translation: str, options: QAOptions = NO_SCORE) -> dict[str, str]:
    return {f.code: f.severity for f in check_pair(source, translation, options)}


# -- numbers ------------------------------------------------------------------------------------------

NUMBER_CASES = [
    # (source, translation, expected severity of number-mismatch or None)
    ("قال إن 230 مليون شخص تأثروا.", "He said 230 million people were affected.", None),
    ("قال إن 230 مليون شخص تأثروا.", "He said 230,000,000 people were affected.", None),
    ("قال إن 230 مليون شخص تأثروا.", "He said 23 million people were affected.", "error"),
    ("وقع الهجوم في 24 تشرين الأول/ أكتوبر 2015.", "The attack took place on 24 October 2015.", None),
    ("وقع الهجوم في 24 تشرين الأول/ أكتوبر 2015.", "The attack took place on October 24, 2015.", None),
    ("وقع الهجوم في 24 تشرين الأول/ أكتوبر 2015.", "The attack took place on 24 October 2016.", "error"),
    ("وقع الهجوم في 24/10/2015.", "The attack took place on October 24, 2015.", None),
    ("ارتفع بنسبة ٥٠٪ في عام ٢٠١٩.", "It rose by 50% in 2019.", None),
    ("ارتفع بنسبة ٥٠٪ في عام ٢٠١٩.", "It rose by 15% in 2019.", "error"),
    ("ارتفع بنسبة 50 في المئة.", "It rose by fifty percent.", None),
    ("بلغ العدد 244890 شخصا.", "The number reached 24,490 people.", "error"),
    ("بلغ العدد 244890 شخصا.", "The number reached 244,890 people.", None),
    ("بلغ العدد ۱۲۳ شخصا.", "The number reached 123 people.", None),  # Persian digits
    ("بلغت قيمته 2٫5 مليار دولار.", "It was worth $2.5bn.", None),  # Arabic decimal separator, "bn"
    ("بلغت قيمته 2,5 مليار دولار.", "It was worth 2.5 billion dollars.", None),
    ("أكثر من 76.000 هكتار.", "More than 76,000 hectares.", None),
    ("عبر 30،000 شخص الحدود.", "30,000 people crossed the border.", None),
    ("بدأ في الساعة 12:00 بتوقيت جرينتش.", "It started at 1200 GMT.", None),
    ("الحرب التي استمرت من 1950 وحتى 1953.", "The 1950-53 war.", None),
    ("اتصل على الرقم 116123 مجانا.", "Call free on 116 123.", None),
    ("جاء ثلاثة رجال.", "Three men came.", None),
    ("جاء 3 رجال.", "Three men came.", None),  # digits may become words
    ("جاء ثلاثة رجال.", "3 men came.", None),  # and words digits
    ("في الثمانينيات عمل في التلفزيون.", "In the 1980s he worked in television.", None),
    ("منذ القرن التاسع عشر.", "Since the 1800s.", None),
    ("قال المسؤول إن الوضع مستقر.", "The official said 12 people were hurt.", "warning"),  # invented
    ("أصيب كوفيد-19 مرضى كوفيد-19.", "COVID-19 patients were infected.", "warning"),  # one of two dropped
    ("فيروس سارس-كوف-2 الجديد.", "The new SARS-CoV-2 virus.", None),
    ("حصل على 3 أهداف.", "He scored three goals.", None),
]


@pytest.mark.parametrize(("source", "translation", "expected"), NUMBER_CASES)
def test_number_mismatch_cases(source: str, translation: str, expected: str | None) -> None:
    assert codes(source, translation).get("number-mismatch") == expected


def test_number_message_names_the_numbers() -> None:
    (flag,) = [
        f for f in check_pair("بلغ العدد 244890 شخصا.", "It reached 24,490.") if f.code == "number-mismatch"
    ]
    assert flag.message == "244890 in the source became 24,490"


@pytest.mark.parametrize(
    ("token", "values"),
    [
        ("1,234.5", [{Decimal("1234.5")}]),
        ("1.234,5", [{Decimal("1234.5")}]),
        ("2.5", [{Decimal("2.5")}]),
        ("1.500", [{Decimal("1.5"), Decimal("1500")}]),
        ("1,000,000", [{Decimal("1000000")}]),
        ("24.10.2015", [{Decimal(24)}, {Decimal(10)}, {Decimal(2015)}]),
    ],
)
def test_parse_number(token: str, values: list[set[Decimal]]) -> None:
    assert [set(v) for v in parse_number(token)] == values


def test_scale_words_give_both_readings() -> None:
    (number,) = source_numbers("230 مليون")
    assert number.values == {Decimal(230), Decimal(230_000_000)}
    assert Decimal(2_000_000) in english_word_values("two million")
    assert {Decimal(25), Decimal(10), Decimal(21)} <= english_word_values("twenty-five October XXI")
    assert {Decimal(25), Decimal(2_000_000)} <= arabic_word_values("خمسة وعشرين مليوني")


# -- the other checks ---------------------------------------------------------------------------------

CASES = [
    # (check code, source, translation, expected severity or None)
    ("untranslated", "قالت الوزارة إن الحرب مستمرة.", "قالت الوزارة إن الحرب مستمرة.", "error"),
    ("untranslated", "قالت الوزارة إن الحرب مستمرة.", "The ministry said الحرب continues.", "warning"),
    ("untranslated", "قالت الوزارة إن الحرب مستمرة.", "The ministry said the war continues.", None),
    ("untranslated", "www.example.com", "www.example.com", None),  # nothing Arabic to translate
    ("repetition", "قالت الوزارة إن الحرب مستمرة.", "The ministry said the war, the war, the war.", "error"),
    ("repetition", "قالت الوزارة.", "The the the ministry said.", "error"),
    ("repetition", "قالت الوزارة.", "The ministry said so, so.", None),
    ("repetition", "لا لا لا للحرب.", "No, no, no to war.", None),  # the source repeats itself
    (
        "repetition",
        "جامعة هونغ كونغ وجامعة أكسفورد وجامعة كامبريدج.",
        "the University of Hong Kong, the University of Oxford and the University of Cambridge.",
        None,
    ),
    # repetition the source has is translated, not flagged; a loop beside it still is
    (
        "repetition",
        "الله أكبر الله أكبر الله أكبر الله أكبر",
        "God is great, God is great, God is great, God is great",
        None,
    ),
    (
        "repetition",
        "سنقاتل في الشوارع، سنقاتل في الحقول، سنقاتل في التلال، سنقاتل في المدن.",
        "We will fight in the streets, we will fight in the fields, we will fight in the hills, we will fight"
        " in the cities.",
        None,
    ),
    (
        "repetition",
        "قالوا: كفى ظلما، كفى ظلما، كفى ظلما، كفى ظلما.",
        "They said: enough injustice, enough injustice, enough injustice, enough injustice.",
        None,
    ),
    ("repetition", "لا لا لا للحرب.", "No, no, no to war war war war war.", "error"),
    (
        "repetition",
        "قالت الوزارة إن الحرب مستمرة، وإن الحرب ستطول.",
        "The ministry said the war goes on, the war goes on, the war goes on, the war goes on.",
        "error",
    ),
    (
        "repetition",
        "قالت الوزارة إن الحرب مستمرة.",
        "The ministry said the the the the war goes on.",
        "error",
    ),
    # output that is not text
    ("garbage-output", "قالت الوزارة إن الحرب مستمرة.", "::::::", "error"),
    ("garbage-output", "قالت الوزارة إن الحرب مستمرة.", ":: :: :: :: ::", "error"),
    ("garbage-output", "قالت الوزارة إن الحرب مستمرة.", "- - - - - -", "error"),
    ("garbage-output", "قالت الوزارة إن الحرب مستمرة.", "the the the the", "error"),
    ("garbage-output", "قالت الوزارة إن الحرب مستمرة.", 'The ministry said: "the war goes on..."', None),
    ("garbage-output", "* * *", "* * *", None),  # a separator line in the source
    ("garbage-output", "لا لا لا", "No, no, no", None),
    ("garbage-output", "2019", "2019", None),
    ("length-ratio", "قالت الوزارة إن الحرب مستمرة منذ سنوات.", "The ministry said.", "warning"),
    (
        "length-ratio",
        "قالت الوزارة إن الحرب مستمرة منذ سنوات.",
        "The ministry said the war has gone on for years.",
        None,
    ),
    ("length-ratio", "قالت.", "She said so.", None),  # too short to judge
    ("incomplete-sentence", "قالت الوزارة إن الحرب مستمرة.", "The ministry said the war", "warning"),
    ("incomplete-sentence", "قالت الوزارة إن الحرب مستمرة.", 'The ministry said: "the war goes on."', None),
    ("incomplete-sentence", "عنوان بلا نقطة", "A headline without a full stop", None),
    ("named-entity", "قال متحدث باسم BBC إن الموقع مغلق.", "A spokesman said the site is closed.", "warning"),
    ("named-entity", "قال متحدث باسم BBC إن الموقع مغلق.", "A bbc spokesman said the site is closed.", None),
    ("named-entity", "زوروا الموقع www.example.org/news للمزيد.", "Visit the site for more.", "error"),
    ("named-entity", "راسلونا على info@example.org اليوم.", "Write to us today.", "error"),
    ("named-entity", "انتشر كوفيد-19 وCOVID-19 عالميا.", "Covid-19 spread worldwide.", None),
    ("named-entity", '<seg id="1">قال الرئيس.', "The president said.", None),  # markup is not a name
    ("lost-glyph", "في عام \ue009\ue010\ue005\ue008 قال.", "In the year he said.", "error"),
]


@pytest.mark.parametrize(("code", "source", "translation", "expected"), CASES)
def test_check_cases(code: str, source: str, translation: str, expected: str | None) -> None:
    assert codes(source, translation).get(code) == expected


def test_low_confidence_uses_the_model_score() -> None:
    options = QAOptions(min_logprob=-1.0)
    args = ("قالت الوزارة.", "The ministry said.")
    assert [f.code for f in check_pair(*args, options, logprob=-2.5)] == ["low-confidence"]
    assert check_pair(*args, options, logprob=-0.4) == []
    assert check_pair(*args, options) == []  # no score, no judgement
    assert check_pair(*args, QAOptions(), logprob=-12.0) == []  # off unless a threshold is given


def _scored_document(logprobs: list[float]):  # type: ignore[no-untyped-def]
    from align.document import Document, DocumentMeta, Paragraph

    segments = tuple(
        Segment(f"p1.s{i}", "قالت الوزارة.", (0, 13), "The ministry said.", scores={"logprob": lp})
        for i, lp in enumerate(logprobs, 1)
    )
    meta = DocumentMeta("a.txt", "0" * 64, "txt", "utf-8", "2024-01-01T00:00:00Z")
    return Document(meta=meta, text="قالت الوزارة.", paragraphs=(Paragraph("p1", "body", (0, 13), segments),))


def test_low_confidence_relative_to_the_run() -> None:
    logprobs = [-1.0, -1.1, -0.9, -1.05, -0.95, -1.2, -0.8, -1.0, -1.1, -0.9, -1.0, -3.0]
    checked = check_document(_scored_document(logprobs), QAOptions(logprob_outliers=3.5))
    flagged = [s.id for s in checked.segments if any(f.code == "low-confidence" for f in s.flags)]
    assert flagged == ["p1.s12"]
    (flag,) = checked.segments[-1].flags
    assert "robust deviations below this run's median (-1.00)" in flag.message
    assert checked.meta.qa == "qa:v2|ratio:0.55-1.85|logprob:off|outliers:3.5"
    # a random-weight model scores about -6 everywhere: nothing stands out, nothing is flagged
    flat = check_document(
        _scored_document([-6.0 + 0.05 * (i % 5) for i in range(30)]), QAOptions(logprob_outliers=3.5)
    )
    assert not any(f.code == "low-confidence" for s in flat.segments for f in s.flags)
    # too few scored sentences to tell an outlier
    few = check_document(_scored_document([-1.0, -1.0, -5.0]), QAOptions(logprob_outliers=3.5))
    assert not any(f.code == "low-confidence" for s in few.segments for f in s.flags)


def test_empty_output_is_left_to_the_engine_flag() -> None:
    assert check_pair("قالت الوزارة إن 5 رجال.", "", NO_SCORE) == []


def test_options_are_validated() -> None:
    with pytest.raises(ValueError, match="unknown checks"):
        QAOptions(skip=frozenset({"spelling"}))
    with pytest.raises(ValueError, match="length_ratio"):
        QAOptions(length_ratio=(2.0, 1.0))
    with pytest.raises(ValueError, match="logprob_outliers"):
        QAOptions(logprob_outliers=0.0)
    assert QAOptions(skip=frozenset({"names"})).signature() == "qa:v2|ratio:0.55-1.85|logprob:off|skip:names"


# -- Documents ----------------------------------------------------------------------------------------


def _segment(translation: str | None, flags: tuple[Flag, ...] = ()) -> Segment:
    return Segment(
        "p1.s1", "بلغ العدد 244890 شخصا.", (0, 22), translation, flags=flags, scores={"logprob": -0.2}
    )


def test_check_segment_replaces_its_own_flags_and_keeps_the_engines() -> None:
    engine_flag = Flag("possible-truncation", "warning", "cap")
    segment = check_segment(_segment("It reached 24,490 people.", (engine_flag,)))
    assert [f.code for f in segment.flags] == ["possible-truncation", "number-mismatch"]
    again = check_segment(segment)
    assert again.flags == segment.flags  # idempotent: no duplicates
    fixed = check_segment(replace(segment, translation="It reached 244,890 people."))
    assert [f.code for f in fixed.flags] == ["possible-truncation"]


def test_engine_lost_glyph_is_not_duplicated() -> None:
    engine_flag = Flag("lost-glyph", "error", "read as <unk>")
    segment = replace(_segment("It reached people.", (engine_flag,)), source="بلغ \ue009 شخصا.")
    assert [f.code for f in check_segment(segment).flags].count("lost-glyph") == 1


def test_untranslated_segments_are_left_alone() -> None:
    assert check_segment(_segment(None)).flags == ()


def test_check_document_records_options_and_round_trips() -> None:
    from align.document import Document
    from align.ingest.base import RawArticle
    from align.segment import build_document

    text = "بلغ العدد 244890 شخصا.\n\nقالت الوزارة."
    doc = build_document(RawArticle(text=text, source="a.txt", sha256="0", format="text", encoding="utf-8"))
    doc = replace(
        doc,
        paragraphs=tuple(
            replace(p, segments=tuple(replace(s, translation="It reached 24,490.") for s in p.segments))
            for p in doc.paragraphs
        ),
    )
    checked = check_document(doc, QAOptions(min_logprob=-2.0))
    assert checked.meta.qa == "qa:v2|ratio:0.55-1.85|logprob:-2"
    assert has_errors(checked)
    assert Document.from_json(checked.to_json()) == checked
    assert {f.code for s in checked.segments for f in s.flags} <= QA_CODES


# -- properties ---------------------------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = [
    *"0123456789٠١٢٣٤٥٦٧٨٩.,،٫٬:-/% قالتوزرةإنحبمس",
    *["مليون", "ثلاثة", "العشرين", "القرن", "BBC", "www.x.org", "a@b.co", "the", "two", "million", "\ue005"],
]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(source=_TEXT, translation=_TEXT)
def test_checks_never_crash_and_are_stable(source: str, translation: str) -> None:
    first = check_pair(source, translation)
    assert first == check_pair(source, translation)
    assert all(f.severity in ("info", "warning", "error") and f.message for f in first)
    segment = Segment("p1.s1", source, (0, len(source)), translation)
    once = check_segment(segment)
    assert check_segment(once) == once


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_a_number_written_the_same_way_always_matches(value: int) -> None:
    grouped = f"{value:,}"
    source = f"بلغ العدد {value} شخصا."
    assert "number-mismatch" not in codes(source, f"The number reached {grouped} people.")
    assert "number-mismatch" not in codes(source, f"The number reached {value} people.")
    changed = f"{value + 1:,}"
    assert codes(source, f"The number reached {changed} people.").get("number-mismatch") == "error"
