from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.ingest import read_article
from align.segment import build_document, normalize_space, split_paragraphs, split_sentences

from .conftest import CLEAN, SEED


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال. ثم ذهب.", ["قال.", "ثم ذهب."]),
        ("هل جاء؟ نعم! جاء", ["هل جاء؟", "نعم!", "جاء"]),
        ("What? Yes! Fine.", ["What?", "Yes!", "Fine."]),
        ("انتظر… ثم تكلم", ["انتظر…", "ثم تكلم"]),
        ("انتظر... ثم تكلم", ["انتظر...", "ثم تكلم"]),
        ("حقاً؟! لا أصدق", ["حقاً؟!", "لا أصدق"]),
        # closing quotes and brackets stay with the sentence they close
        ('اسمها "جمهورية مقدونيا الشمالية." وقد تم', ['اسمها "جمهورية مقدونيا الشمالية."', "وقد تم"]),
        ("قال “انتهى الأمر”. ثم غادر", ["قال “انتهى الأمر”.", "ثم غادر"]),
        ("قال «نعم.» ثم غادر", ["قال «نعم.»", "ثم غادر"]),
        ("(انظر أعلاه.) ثم", ["(انظر أعلاه.)", "ثم"]),
        # never on Arabic comma, semicolon or colon
        ("قال الوزير، في بيان: إن الوضع مستقر؛ وأضاف", ["قال الوزير، في بيان: إن الوضع مستقر؛ وأضاف"]),
        # a dot followed by a non-space is not a boundary: acronyms, decimals, URLs, e-mail
        ("منظمة “ليف.إي يو” حملة. ثم", ["منظمة “ليف.إي يو” حملة.", "ثم"]),
        ("نما بنسبة 3.5 في المئة. ثم", ["نما بنسبة 3.5 في المئة.", "ثم"]),
        ("انظر www.example.com/a.b للمزيد. ثم", ["انظر www.example.com/a.b للمزيد.", "ثم"]),
        ("راسل info@news.example.org اليوم. ثم", ["راسل info@news.example.org اليوم.", "ثم"]),
        # Latin initials and abbreviations
        ("قال J. K. Rowling إن. ثم", ["قال J. K. Rowling إن.", "ثم"]),
        ("التقى Mr. Smith أمس. ثم", ["التقى Mr. Smith أمس.", "ثم"]),
        # punctuation with nothing before it stays with what follows (a PDF line-initial dot)
        (". معا وفي ذات الوقت", [". معا وفي ذات الوقت"]),
        ("؟ سؤال. جواب", ["؟ سؤال.", "جواب"]),
        # trailing punctuation-only remainder joins the last sentence
        ("جملة أولى. ”", ["جملة أولى. ”"]),
        # line breaks inside a sentence are not boundaries
        ("سطر أول\nيكمل الجملة. ثم", ["سطر أول\nيكمل الجملة.", "ثم"]),
        ("بلا نهاية", ["بلا نهاية"]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أ\nب\n\nج", ["أ\nب", "ج"]),
        ("أ\n   \n\n  ج  \n", ["أ", "ج"]),
        ("\n\n\nأ", ["أ"]),
        ("أ\n \t\nب", ["أ", "ب"]),
        ("   \n\n  ", []),
    ],
)
def test_split_paragraphs(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_paragraphs(text)] == expected


def test_offsets_in_a_range() -> None:
    text = "مقدمة\n\nالأولى. الثانية؟ الثالثة"
    start = text.index("الأولى")
    spans = split_sentences(text, start, len(text))
    assert [text[a:b] for a, b in spans] == ["الأولى.", "الثانية؟", "الثالثة"]


def _non_space_positions(text: str, spans: list[tuple[int, int]]) -> list[int]:
    return [i for a, b in spans for i in range(a, b) if not text[i].isspace()]


arabicish = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهويءآأإةى0123456789 .!?؟…،؛:\n“”\"'»«()ـ\ue005")),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(arabicish)
def test_sentences_cover_every_character_once_in_order(text: str) -> None:
    spans = split_sentences(text)
    # spans are ordered, disjoint, trimmed, and together hold every non-space character exactly once
    assert all(a < b for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in pairwise(spans))
    assert all(not text[a].isspace() and not text[b - 1].isspace() for a, b in spans)
    assert _non_space_positions(text, spans) == [i for i, ch in enumerate(text) if not ch.isspace()]


@settings(max_examples=200, deadline=None)
@given(arabicish)
def test_paragraphs_cover_every_character_once_in_order(text: str) -> None:
    spans = split_paragraphs(text)
    assert _non_space_positions(text, spans) == [i for i, ch in enumerate(text) if not ch.isspace()]
    for (_, end), (start, _) in pairwise(spans):
        assert "\n" in text[end:start]


def test_seed_document_structure() -> None:
    doc = build_document(read_article(SEED))
    text = doc.text
    assert len(doc.paragraphs) == len(split_paragraphs(text))
    for p_index, paragraph in enumerate(doc.paragraphs, start=1):
        assert paragraph.id == f"p{p_index}"
        assert paragraph.segments, paragraph.id
        for s_index, segment in enumerate(paragraph.segments, start=1):
            assert segment.id == f"p{p_index}.s{s_index}"
            a, b = segment.span
            assert paragraph.span[0] <= a < b <= paragraph.span[1]
            assert segment.source == normalize_space(text[a:b])

    # "ليف.إي يو" (Leave.EU, 3 times with tatweel) occurs 8 times and is never cut
    def leave_eu(t: str) -> int:
        return t.replace("\u0640", "").count("ليف.إي يو")

    assert sum(leave_eu(s.source) for s in doc.segments) == leave_eu(text) == 8


def test_clean_sample_sentences() -> None:
    doc = build_document(read_article(CLEAN))
    assert [len(p.segments) for p in doc.paragraphs] == [1, 2, 3]
    assert doc.paragraphs[1].segments[0].source.endswith('الشمالية."')
