"""Repair on articles damaged like PDF extraction output (eval/damage.py), beyond the one sample article."""

from __future__ import annotations

import pytest

from align.datasets import load_test_set
from align.repair import repair_text
from eval.damage import DamageOptions, damage, repair_score

ARTICLE = [
    "قال المتحدث باسم الحكومة إن الاجتماع الذي عقد في العاصمة يوم الأحد ناقش خطة جديدة لإعادة الإعمار في"
    " المناطق المتضررة من الفيضانات التي ضربت البلاد في عام 2019 وفي عام 2021.",
    "وأضاف أن الحكومة خصصت أكثر من 230 مليون دولار للخطة التي تستمر حتى سنة 2025، وأن العمل سيبدأ في"
    " الأسابيع القليلة المقبلة بعد موافقة البرلمان عليها.",
    "ولم يعلق البرلمان على الخطة حتى الآن.",
]


def body(text: str) -> list[str]:
    result = repair_text(text)
    return [result.text[p.span[0] : p.span[1]] for p in result.paragraphs if p.kind != "pullquote"]


def test_damage_is_deterministic_and_hides_the_digits() -> None:
    first = damage(ARTICLE, seed=3)
    assert first == damage(ARTICLE, seed=3)
    assert not any(c.isdigit() for c in first.text)
    assert set(first.digit_table.values()) == set("0123456789")
    assert "ـ" in first.text  # justified with tatweel


@pytest.mark.parametrize("seed", range(10))
def test_seed_like_damage_is_undone(seed: int) -> None:
    damaged = damage(ARTICLE, seed=seed, options=DamageOptions(width=50, breaks=0.0, pullquotes=0))
    assert body(damaged.text) == [" ".join(p.split()) for p in ARTICLE]  # three years: the digits are decoded


def test_a_pullquote_set_where_its_own_text_breaks_is_removed() -> None:
    text = (
        "قال المتحدث باسم الحكومة إن الاجتماع الذي عقد في العاصمة يوم الأحد ناقش\n"
        "خطة جديدة لإعادة الإعمار في المناطق المتضررة من\n\n"
        "المناطق المتضررة من الفيضانات التي\nضربت البلاد في العام الماضي\n\n"
        "الفيضانات التي ضربت البلاد في العام الماضي وقال إن العمل\nسيبدأ قريبا بعد موافقة البرلمان.\n"
    )
    assert body(text) == [
        "قال المتحدث باسم الحكومة إن الاجتماع الذي عقد في العاصمة يوم الأحد ناقش خطة جديدة لإعادة الإعمار في"
        " المناطق المتضررة من الفيضانات التي ضربت البلاد في العام الماضي وقال إن العمل سيبدأ قريبا بعد موافقة"
        " البرلمان."
    ]


def test_a_one_sentence_paragraph_quoted_whole_keeps_its_body_copy() -> None:
    sentence = "وظل هذا البركان المعروف باسم دون جويو نشطا منذ عام 1994"
    text = (
        "قال مسؤولون إن البركان ثار مجددا يوم السبت وأطلق سحابة من الرماد فوق\nالقرى القريبة منه.\n\n"
        f"{sentence}.\n\nوظل هذا البركان المعروف باسم\nدون جويو نشطا منذ عام 1994\n"
    )
    assert body(text)[-1] == f"{sentence}."
    assert len(body(text)) == 2


def test_a_quote_set_twice_leaves_one_body_copy() -> None:
    # Each copy of the quote holds the other's words as often as the body's: the body passage is the
    # source of both, and both come out of the flow.
    quote = "وأكد الوزير أن الحكومة لن تتراجع عن\nخطتها لإصلاح نظام التعليم في البلاد"
    text = (
        "قال وزير التربية في مؤتمر صحفي عقده صباح اليوم إن المدارس ستفتح\n"
        "أبوابها في الموعد المحدد رغم الإضراب.\n\n"
        f"{quote}\n\n"
        "وأضاف أن النقابات دعيت إلى الحوار. وأكد الوزير أن الحكومة لن تتراجع\n"
        "عن خطتها لإصلاح نظام التعليم في البلاد مهما طال الإضراب.\n\n"
        f"{quote}\n\n"
        "ومن المنتظر أن تجتمع النقابات يوم الخميس المقبل لتحديد موقفها\nالنهائي من دعوة الوزير إلى الحوار.\n"
    )
    result = repair_text(text)
    kinds = [p.kind for p in result.paragraphs]
    assert kinds == ["body", "pullquote", "body", "pullquote", "body"]
    assert (
        body(text)[-1]
        == "ومن المنتظر أن تجتمع النقابات يوم الخميس المقبل لتحديد موقفها النهائي من دعوة الوزير إلى الحوار."
    )


@pytest.mark.parametrize(
    ("document", "options"),
    [
        # The article's first line, copied by a quote near the end, with another quote set after it.
        (45, DamageOptions(width=60, breaks=0.4, pullquotes=2, pua_digits=False)),
        # The second half of a paragraph, next to the two quotes that copy it sentence by sentence.
        (29, DamageOptions(width=60, breaks=0.4, pullquotes=2, pua_digits=False)),
        # Two quotes of consecutive sentences, set one after the other.
        (1, DamageOptions(width=120, breaks=0.3, pullquotes=3, pua_digits=False)),
        # A quote whose last words, and the first of the block after it, also meet in the body.
        (4, DamageOptions()),
    ],
)
def test_body_text_beside_the_quotes_that_copy_it_stays(document: int, options: DamageOptions) -> None:
    doc = load_test_set("ntrex128")[document]
    paragraphs = [" ".join(doc[i : i + 3]) for i in range(0, len(doc), 3)]
    score = repair_score([paragraphs], options, first_seed=document)  # as scripts/evaluate_damage.py
    assert (score.words_lost, score.words_duplicated) == (0, 0)


def test_repair_of_damaged_ntrex_articles() -> None:
    """The README table (scripts/evaluate_damage.py): nothing lost under seed-like damage, no number wrong."""
    docs = [[" ".join(d[i : i + 3]) for i in range(0, len(d), 3)] for d in load_test_set("ntrex128")]
    seed_like = repair_score(docs, DamageOptions())
    assert seed_like.words_lost == 0 and seed_like.words_duplicated == 0
    assert seed_like.numbers_wrong == 0
    assert seed_like.numbers_decoded + seed_like.numbers_placeholder >= seed_like.numbers  # none vanish
    assert seed_like.quotes_found == seed_like.quotes_planted
    harsh = repair_score(docs, DamageOptions(width=60, breaks=0.4, pullquotes=2, pua_digits=False))
    assert harsh.words_lost / harsh.words < 0.001 and harsh.words_duplicated / harsh.words < 0.002
    assert harsh.numbers_wrong == 0
    wide = repair_score(docs, DamageOptions(width=120, breaks=0.3, pullquotes=3, pua_digits=False))
    assert wide.words_lost / wide.words < 0.0005 and wide.words_duplicated / wide.words < 0.001
