from __future__ import annotations

import time
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
        ("نما بنسبة ٣٫٥ في المئة. ثم", ["نما بنسبة ٣٫٥ في المئة.", "ثم"]),
        ("انظر www.example.com/a.b للمزيد. ثم", ["انظر www.example.com/a.b للمزيد.", "ثم"]),
        ("انظر https://example.org/x?y=1. ثم", ["انظر https://example.org/x?y=1.", "ثم"]),
        ("راسل info@news.example.org اليوم. ثم", ["راسل info@news.example.org اليوم.", "ثم"]),
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
        # a lone Arabic letter is an abbreviation or an initial: doctor, engineer, page, part, an initial
        ("اكتشف د. توني مول المرض. ثم", ["اكتشف د. توني مول المرض.", "ثم"]),
        ("قال م. أحمد إن المشروع اكتمل. ثم", ["قال م. أحمد إن المشروع اكتمل.", "ثم"]),
        ("انظر ص. 15 من التقرير. ثم", ["انظر ص. 15 من التقرير.", "ثم"]),
        ("ورد في ج. 2 من الكتاب. ثم", ["ورد في ج. 2 من الكتاب.", "ثم"]),
        ("قال ن. وين هالي إن الرغوة سقطت. ثم", ["قال ن. وين هالي إن الرغوة سقطت.", "ثم"]),
        ("حاضر أ.د. محمد علي اليوم. ثم", ["حاضر أ.د. محمد علي اليوم.", "ثم"]),
        ("حاضر أ. د. محمد علي اليوم. ثم", ["حاضر أ. د. محمد علي اليوم.", "ثم"]),
        ("رسالة د.\u0640 فورد. ثم", ["رسالة د.\u0640 فورد.", "ثم"]),
        # ... but a date or time suffix after a number ends the sentence like any word
        ("افتتح عام 2015م. وقال المدير", ["افتتح عام 2015م.", "وقال المدير"]),
        ("افتتح عام 2015 م. وقال المدير", ["افتتح عام 2015 م.", "وقال المدير"]),
        ("توفي عام 1440 هـ. وقال المؤرخ", ["توفي عام 1440 هـ.", "وقال المؤرخ"]),
        ("بني عام 300 ق.م. ثم هدم", ["بني عام 300 ق.م.", "ثم هدم"]),
        ("بني عام 300 ق. م. ثم هدم", ["بني عام 300 ق. م.", "ثم هدم"]),
        ("وصل الساعة 10:08 م. ثم غادر", ["وصل الساعة 10:08 م.", "ثم غادر"]),
        ("وفي ق.م. كانت المدينة صغيرة. ثم", ["وفي ق.م. كانت المدينة صغيرة.", "ثم"]),
        # ... and a letter used as a label after a noun can end one
        ("تناول فيتامين د. ثم نام", ["تناول فيتامين د.", "ثم نام"]),
        ("يرتبط بالبروتين إس. بشكل عام", ["يرتبط بالبروتين إس.", "بشكل عام"]),
        ("ينتمي إلى الفئة أ. ثم", ["ينتمي إلى الفئة أ.", "ثم"]),
        # "إلخ." ends a sentence: mid-sentence it is written without the dot or before "،"
        ("يبيع الخضار والفواكه إلخ. وقال التاجر", ["يبيع الخضار والفواكه إلخ.", "وقال التاجر"]),
        ("يبيع الخضار والفواكه إلخ، في السوق. ثم", ["يبيع الخضار والفواكه إلخ، في السوق.", "ثم"]),
        # Latin letters spelled in Arabic are initials ...
        ("وقال دي. كي. أريا إنهم اعتقلوا خمسة. ثم", ["وقال دي. كي. أريا إنهم اعتقلوا خمسة.", "ثم"]),
        ("كتبت جي. كي. رولينغ رواية. ثم", ["كتبت جي. كي. رولينغ رواية.", "ثم"]),
        ("قضية روي في. وايد معروفة. ثم", ["قضية روي في. وايد معروفة.", "ثم"]),
        ("بنك جي. بي. مورغان كبير. ثم", ["بنك جي. بي. مورغان كبير.", "ثم"]),
        # ... unless they spell an acronym that ends the sentence, or "بي" means "with me"
        ("قال لشبكة بي بي سي. وأضاف", ["قال لشبكة بي بي سي.", "وأضاف"]),
        ("ذكرت شبكة سي إن إن. ثم", ["ذكرت شبكة سي إن إن.", "ثم"]),
        ("لا أحد يهتم بي. ثم بكى", ["لا أحد يهتم بي.", "ثم بكى"]),
        # Latin titles never end a sentence; initials and acronyms do not before Latin text
        ("التقى Mr. Smith أمس. ثم", ["التقى Mr. Smith أمس.", "ثم"]),
        ("التقى Dr. Jones و Prof. Lee أمس. ثم", ["التقى Dr. Jones و Prof. Lee أمس.", "ثم"]),
        ("قال J. K. Rowling إنها ستكتب. ثم", ["قال J. K. Rowling إنها ستكتب.", "ثم"]),
        ("شركة U.S. Steel كبيرة. ثم", ["شركة U.S. Steel كبيرة.", "ثم"]),
        ("مثل Apple vs. Samsung اليوم. ثم", ["مثل Apple vs. Samsung اليوم.", "ثم"]),
        ("مثل e.g. the cat اليوم. ثم", ["مثل e.g. the cat اليوم.", "ثم"]),
        # ... but before Arabic a Latin letter or acronym ends the sentence (Arabic does not continue a Latin
        # name in Arabic): the rule chosen for the ambiguous "U.S." + Arabic word
        ("حصل الطلاب على A. يبين هذا", ["حصل الطلاب على A.", "يبين هذا"]),
        ("يعمل في U.S. وقال المتحدث", ["يعمل في U.S.", "وقال المتحدث"]),
        ("وصل الساعة 7 p.m. وقال", ["وصل الساعة 7 p.m.", "وقال"]),
        # post-nominals end a sentence unless Latin continues in lower case or with a number
        ("تعاونت مع Novavax Inc. وقال المتحدث", ["تعاونت مع Novavax Inc.", "وقال المتحدث"]),
        ("قالت Acme Ltd. in London اليوم. ثم", ["قالت Acme Ltd. in London اليوم.", "ثم"]),
        ("صور وأفلام etc. ثم", ["صور وأفلام etc.", "ثم"]),
        ("John Smith Jr. said so. Then", ["John Smith Jr. said so.", "Then"]),
    ],
)
def test_abbreviations_and_initials(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare ellipsis is a pause, not an end; with "؟" or "!" it ends the sentence
        ("انتظر… ثم تكلم", ["انتظر… ثم تكلم"]),
        ("انتظر... ثم تكلم", ["انتظر... ثم تكلم"]),
        ("العد مستمر ... هو اليوم", ["العد مستمر ... هو اليوم"]),
        ("حقاً؟... لا أصدق", ["حقاً؟...", "لا أصدق"]),
        ("انتظر...! ثم تكلم", ["انتظر...!", "ثم تكلم"]),
        # list numbers stay with their item
        ("1. البند الأول. 2. البند الثاني.", ["1. البند الأول.", "2. البند الثاني."]),
        ("المطالب:\n1. الحرية\n2. العدالة.", ["المطالب:\n1. الحرية\n2. العدالة."]),
        ("(3. ملاحظة) ثم", ["(3. ملاحظة) ثم"]),
        ("وبلغ عدد السكان 800. وهي أصغر دولة", ["وبلغ عدد السكان 800.", "وهي أصغر دولة"]),
        ("فاز الفريق بنتيجة 2. ثم احتفل", ["فاز الفريق بنتيجة 2.", "ثم احتفل"]),
        # a quoted question or exclamation goes on into a participle of speech or a short attribution
        ('سألهم: "هل تريدون ذلك؟" قائلًا إنه جاد. ثم', ['سألهم: "هل تريدون ذلك؟" قائلًا إنه جاد.', "ثم"]),
        ('"يوجد قرش في المياه!" كما أضاف هاميل. ثم', ['"يوجد قرش في المياه!" كما أضاف هاميل.', "ثم"]),
        ('"هل يعتقدون أنني أحصل على خصم؟" تساءلت. ثم', ['"هل يعتقدون أنني أحصل على خصم؟" تساءلت.', "ثم"]),
        ('"انتهى الأمر." حسبما أفاد السيد ألبنس. ثم', ['"انتهى الأمر." حسبما أفاد السيد ألبنس.', "ثم"]),
        # ... but not into a sentence of its own
        ('هتفوا "نوفمبر قادم!" كما تظاهروا في المدخل.', ['هتفوا "نوفمبر قادم!"', "كما تظاهروا في المدخل."]),
        ('"أنا غاضبة." وتظل مسترسلة في البكاء.', ['"أنا غاضبة."', "وتظل مسترسلة في البكاء."]),
        ("انتهى الاجتماع. مضيفًا أنه سيعود.", ["انتهى الاجتماع.", "مضيفًا أنه سيعود."]),
        ("انتهى الاجتماع. قالت ذلك.", ["انتهى الاجتماع.", "قالت ذلك."]),
    ],
)
def test_ellipsis_lists_and_attributions(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an opening quote before the next sentence goes with it
        ('قال. "ثم ذهب."', ["قال.", '"ثم ذهب."']),
        ("قال. «ثم ذهب.»", ["قال.", "«ثم ذهب.»"]),
        # a closing quote separated from its terminator by a space still closes the quotation
        ('قال: "انتهى الأمر. " ثم غادر', ['قال: "انتهى الأمر. "', "ثم غادر"]),
        ("قال: «انتهى الأمر. » ثم غادر", ["قال: «انتهى الأمر. »", "ثم غادر"]),
        ("(انظر أعلاه. ) ثم", ["(انظر أعلاه. )", "ثم"]),
        # ... but a stray quote after a balanced sentence opens the next one
        ('قال "نعم". " ثم غادر', ['قال "نعم".', '" ثم غادر']),
        # an unmatched quote never makes a sentence of its own or an empty one
        ('جملة. " . جملة أخرى.', ["جملة.", '" . جملة أخرى.']),
        ('جملة أولى. "', ['جملة أولى. "']),
        ('" جملة. ثم', ['" جملة.', "ثم"]),
        ('قال "لا. لن نفعل." ثم غادر', ['قال "لا.', 'لن نفعل."', "ثم غادر"]),
        ("»» ««", ["»» ««"]),
    ],
)
def test_unbalanced_quotes(text: str, expected: list[str]) -> None:
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


# Words and punctuation that the rules look at, joined by random whitespace, so that the abbreviation,
# initial, list, quote and attribution rules all fire often.
_TOKENS = (
    "د. م. ص. ق.م. أ.د. 2015 2015م. هـ. فيتامين بي سي جي. كي. في. إن. بي. U.S. J. Mr. Inc. etc. e.g. A. "
    '1. 12. 800. إلخ. قائلًا مضيفًا تساءلت. كما أضاف قال. ... … ؟ ! . ؟" !" ." » « “ ” ( ) " \' ـ '
    "ليف.إي يو 3.5 www.a.b جملة وقال"
).split()
tokenish = st.lists(
    st.tuples(st.sampled_from(_TOKENS), st.sampled_from(["", " ", "  ", "\n", " \n "])), max_size=60
).map(lambda pairs: "".join(token + space for token, space in pairs))


@settings(max_examples=300, deadline=None)
@given(st.one_of(arabicish, tokenish))
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


def test_dot_leaders_are_split_in_linear_time() -> None:
    # A table-of-contents line: the terminator pattern used to try every way of splitting a run of dots into
    # "..." and "." before giving up at the digit: 42 dots took seconds, 50 took hours.
    for text in ("الفهرس " + "." * 42 + "7", "الفصل " + "." * 5000 + "0 نهاية."):
        started = time.perf_counter()
        spans = split_sentences(text)
        assert time.perf_counter() - started < 0.5
        assert _non_space_positions(text, spans) == [i for i, ch in enumerate(text) if not ch.isspace()]
