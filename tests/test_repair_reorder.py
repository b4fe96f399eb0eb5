"""Lines whose pieces were extracted in reverse order: put back only on evidence, never on a guess."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from align.datasets import data_dir, load_test_set
from align.repair import REPAIR_VERSION, RepairOptions, repair_text
from align.repair.lexicon import Lexicon
from align.repair.normalize import normalize_line
from align.repair.reading import ReadingModel
from align.repair.reorder import reorder_line
from align.repair.reorder_pass import swap_around_mark
from align.repair.tracked import Tracked
from align.repair.wordstats import WordStats, corpus_stats, tokens

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "samples" / "bannon-brexit.ar.txt"
RECONSTRUCTED = ROOT / "tests" / "golden" / "bannon-brexit.reconstructed.ar.txt"
HAS_CORPORA = corpus_stats().name != "none"


@pytest.fixture(scope="module")
def seed():  # type: ignore[no-untyped-def]
    return repair_text(SEED.read_text(encoding="utf-8"))


def _norm(text: str) -> str:
    return " ".join(text.split())


# The sample's lines whose pieces were extracted in reverse order, and how each reads (the hand
# reconstruction): number, kind of damage, true line (digits still as the font's Private-Use glyphs).
Y2015 = "\ue009\ue005\ue008\ue00c"
SEED_SWAPS = [
    (
        10,
        "word",
        f"كما تبرهن رسائل البريد الإلكتروني، التي يعود تاريخها إلى تشرين الأول/ أكتوبر {Y2015}، أن بانون",
    ),
    (23, "word", f"الخاص به يظهران بتسلسل في ثلاثة رسائل إلكترونية بتاريخ تشرين الأول/ أكتوبر {Y2015}، بين"),
    (24, "word", "مديرة تطوير البرامج في كامبردج أناليتيكا، بريتاني كايزر، وآرون بانكس الذي تولى قيادة حملة"),
    (
        45,
        "word",
        f"في رسالة إلكترونية بتاريخ \ue009\ue00b تشرين الأول/ أكتوبر {Y2015}، ناقش بانكس طلبا قدمه لكامبريدج",
    ),
    (
        72,
        "word",
        "في اليوم التالي، أرسل أحد موظفي كامبريدج أناليتيكا بريدًا إلكترونيًا إلى بانكس ذكر فيه اسم بانون",
    ),
    (74, "word", "المتحدة”. وقد أصبح احتمال تمويل البريكست سرا عن طريق الأموال الأجنبية محور التكهنات"),
    (83, "word", "شركته قد أنفقت ما يقارب تسعة ملايين جنيه إسترليني لدعم حملة البريكست، ما جعله أكبر ممول"),
    (130, "word", "التواصل الاجتماعي والمستشارين نفسهم، من أجل تعزيز الحملات القومية اليمينية المتطرفة، أدت"),
    (
        135,
        "word",
        "الإلكتروني الجديدة تشير إلى أن بانون وميرسر يلعبان دورا أكثر عمقا وتعقيدا مما سبق لنا معرفته.",
    ),
    (149, "word", "الحدود بطريقة لم نعهدها من قبل، من قبل الأشخاص الأثرياء للغاية."),
    (52, "three", "التي قد تتأثر باتفاقية الشراكة التجارية والاستثمارية العابرة للأطلسي”."),
    (90, "three", "جنائيا أجرته الوكالة الوطنية لمكافحة الجريمة، التي تمثل نظير مكتب التحقيقات الفيدرالي في"),
]


def _plain(text: str) -> str:
    return " ".join(text.replace("\u0640", "").split())


def _decoded(text: str) -> str:
    """With the sample's digit glyphs decoded, as repair does before it reorders."""
    return text.replace(Y2015, "2015").replace("\ue009\ue00b", "24")


@pytest.mark.parametrize(("number", "kind", "truth"), SEED_SWAPS)
def test_simulation_makes_the_sample_damage(number: int, kind: str, truth: str) -> None:
    """Every damaged line of the sample is one the damage simulation makes from its true line."""
    sys.path.insert(0, str(ROOT))
    from eval.swaps import damaged_versions

    raw = SEED.read_text(encoding="utf-8").split("\n")[number - 1]
    made = damaged_versions(truth, kind) + damaged_versions(truth, kind, kashida=True)
    assert _plain(raw) in {_plain(v) for v in made}


@pytest.mark.parametrize("number", [10, 23, 45])
def test_simulation_cuts_next_to_a_number_as_the_sample_does(number: int) -> None:
    """The sample's cuts next to a year ("أ|كتوبر 2015،") are among the island cuts the simulation makes."""
    sys.path.insert(0, str(ROOT))
    from eval.swaps import damaged_versions

    truth = _decoded(next(t for n, _, t in SEED_SWAPS if n == number))
    raw = _decoded(SEED.read_text(encoding="utf-8").split("\n")[number - 1])
    near = damaged_versions(truth, "word", island=True)
    assert _plain(raw) in {_plain(v) for v in near}
    # Only a word next to a number is cut: the cut word's tail starts the version and its head ends it, so
    # a number follows the tail or precedes the head.
    assert all(any(ch.isdigit() for ch in v.split()[1] + v.split()[-2]) for v in near)


def test_swapped_article_marks_island_cuts() -> None:
    sys.path.insert(0, str(ROOT))
    from eval.swaps import swapped_article

    paragraphs = ["قال المتحدث إن الاجتماع عقد في أكتوبر 2015 بحضور عدد كبير من الوزراء والخبراء الدوليين"]
    _, _, made = swapped_article(paragraphs, seed=3, rate=1.0, width=200)
    assert [s.kind for s in made] == ["word"] and made[0].island
    # The cut sits in the word next to the number (أ|كتوبر), not in one far from it.
    assert made[0].damaged.startswith("كتوبر 2015") and made[0].damaged.endswith(" أ")


@pytest.mark.parametrize(("number", "kind", "truth"), SEED_SWAPS)
def test_seed_line_put_back_right_or_flagged(seed, number: int, kind: str, truth: str) -> None:  # type: ignore[no-untyped-def]
    """Each damaged line of the sample is either put back exactly as it reads, or flagged; never wrong."""
    raw = SEED.read_text(encoding="utf-8")
    start = sum(len(line) + 1 for line in raw.split("\n")[: number - 1])
    end = start + len(raw.split("\n")[number - 1])
    moved = [c for c in seed.report.changes if c.code == "run-order" and start <= c.span[0] < end]
    flagged = " ".join(f.message for p in seed.paragraphs for f in p.flags if f.code == "run-order-suspect")
    if moved:
        assert _plain(moved[0].after) == _plain(_decoded(truth))
        assert f"line {number}:" not in flagged
    else:
        assert f"line {number}:" in flagged


def test_every_seed_reorder_is_right(seed) -> None:  # type: ignore[no-untyped-def]
    """Each reordered line reads exactly as in the hand reconstruction of the article."""
    truth = _norm(RECONSTRUCTED.read_text(encoding="utf-8"))
    moved = [c for c in seed.report.changes if c.code == "run-order" and len(c.before) > 10]
    assert len(moved) >= (10 if HAS_CORPORA else 6)
    for change in moved:
        after = _norm(change.after)
        # Undecoded digits are decoded later in the text; compare with them decoded.
        for glyphs, digits in (("\ue009\ue005\ue008\ue00c", "2015"), ("\ue009\ue005\ue008\ue00d", "2016")):
            after = after.replace(glyphs, digits)
        assert after in truth, (change.before, change.after)


@pytest.mark.skipif(not HAS_CORPORA, reason="the three-piece seam 'التجارية' is attested in the corpora")
def test_seed_reorders_with_corpora(seed) -> None:  # type: ignore[no-untyped-def]
    text = seed.text
    assert "التي قد تتأثر باتفاقية الشراكة التجارية والاستثمارية العابرة للأطلسي”." in text
    assert "تحقيقا جنائيا أجرته الوكالة الوطنية لمكافحة الجريمة" in text
    assert "من عدة نواحٍ، التحقيقات التي كرسها روبرت مولر لكشف الدعم الروسي" in text
    assert "يلعبان دورا أكثر عمقا وتعقيدا مما سبق لنا معرفته." in text
    assert "من قبل الأشخاص الأثرياء للغاية." in text
    # Line 74: by the word-shape model, which the word counts alone did not have the evidence for.
    assert "وقد أصبح احتمال تمويل البريكست سرا عن طريق الأموال الأجنبية محور التكهنات والتحقيقات" in text


def test_seed_cer_against_reconstruction(seed) -> None:  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT))
    from align.document import TRANSLATED_KINDS
    from eval.evaluation import character_error_rate

    ours = "\n".join(seed.text[p.span[0] : p.span[1]] for p in seed.paragraphs if p.kind in TRANSLATED_KINDS)
    cer = character_error_rate(ours, RECONSTRUCTED.read_text(encoding="utf-8"))
    # 7.9 % before reorders; measured 4.4 % with the corpora, 6.4 % without (scripts/evaluate_seed.py): the
    # seven two-piece lines whose start nothing fixes stay flagged (test_seed_line_put_back_right_or_flagged).
    assert cer < (0.045 if HAS_CORPORA else 0.065)


def test_mark_between_swapped_halves() -> None:
    above = Tracked.from_raw("، التحقيقات التي كرسها روبرت مولر")
    mark = Tracked.from_raw("\u064d")
    below = Tracked.from_raw("في الحقيقة، تشبه التحقيقات البريطانية من عدة نواح")
    swapped = swap_around_mark(above, mark, below)
    assert swapped is not None
    assert [t.text for t in swapped] == [
        "في الحقيقة، تشبه التحقيقات البريطانية من عدة نواحٍ،",
        "التحقيقات التي كرسها روبرت مولر",
    ]
    # A line that does not start with a comma is not moved.
    assert swap_around_mark(below, mark, above) is None


def _model(lines: list[str], corpus: list[str]) -> ReadingModel:
    stats = WordStats.from_sentences(corpus)
    return ReadingModel(lines, Lexicon(lines + corpus, use_dictionary=False), stats)


def test_three_pieces_closed_by_known_words() -> None:
    # Every word of the line is known: three pieces are taken only when they leave no piece of a word.
    corpus = [
        "فتحت الشرطة تحقيقا جنائيا أجرته الوكالة الوطنية",
        "قالت الوكالة الوطنية لمكافحة الجريمة إن التحقيق مستمر",
    ]
    # The pieces after "جنائي" and "أجرت" begin with a kashida (tatweel) in the raw text: a glyph run starts.
    raw = "ــه الوكالة الوطنية لمكافحة الجريمة في ــا أجرت جنائي"
    line = normalize_line(Tracked.from_raw(raw))[0]
    model = _model([line.text], corpus)
    found = reorder_line(line, "ويشمل ذلك تحقيقا", "الولايات المتحدة", model, raw=raw)
    assert found is not None and found.pieces == 3
    assert found.text.text == "جنائيا أجرته الوكالة الوطنية لمكافحة الجريمة في"
    assert found.seams == ("جنائيا", "أجرته")
    # Every character keeps its raw offset: the reorder is a permutation of the line's characters.
    assert sorted(raw[o] for o in found.text.origin) == sorted(found.text.text)
    # Without the kashida, "جنائي|ا" is no place where a glyph run ends: nothing is moved.
    plain = Tracked.from_raw(line.text)
    assert reorder_line(plain, "ويشمل ذلك تحقيقا", "الولايات المتحدة", model, raw=line.text) is None


def test_three_pieces_with_the_character_model() -> None:
    # Every word of the line is known: three pieces are taken only when they leave no piece of a word.
    corpus = [
        "فتحت الشرطة تحقيقا جنائيا أجرته الوكالة الوطنية",
        "قالت الوكالة الوطنية لمكافحة الجريمة إن التحقيق مستمر",
    ]
    raw = "ــه الوكالة الوطنية لمكافحة الجريمة في ــا أجرت جنائي"
    line = normalize_line(Tracked.from_raw(raw))[0]
    stats = WordStats.from_sentences(corpus, name="news")
    model = ReadingModel(
        [line.text], Lexicon([line.text, *corpus], use_dictionary=False), stats, char_model=True
    )
    found = reorder_line(line, "ويشمل ذلك تحقيقا", "الولايات المتحدة", model, raw=raw)
    assert found is not None and found.chars
    assert found.text.text == "جنائيا أجرته الوكالة الوطنية لمكافحة الجريمة في"
    assert "character model" in found.reason and "news" in found.reason


def test_signature_names_the_counts(seed) -> None:  # type: ignore[no-untyped-def]
    signature = seed.report.signature()
    assert signature.startswith(REPAIR_VERSION)
    if HAS_CORPORA:
        assert "+counts:" in signature and "chars" not in signature
        assert any(e.startswith("reorders: word counts of") for e in seed.report.evidence)
    # Text with one paragraph per line is never reordered: no counts in its signature.
    flat = repair_text("قال الرئيس إن الحكومة ستعلن خطة جديدة.\n\nوأضاف أن الخطة تشمل مدارس جديدة.\n")
    assert "counts" not in flat.report.signature()


def test_two_pieces_only_where_the_sentence_end_fixes_the_start() -> None:
    corpus = ["يلعبان دورا أكثر عمقا", "رسائل البريد الإلكتروني الجديدة تشير إلى أن"]
    line = "كثر عمقا مما سبق لنا معرفته. الإلكتروني الجديدة تشير إلى أن بانون يلعبان دورا أ"
    model = _model([line], corpus)
    tracked = Tracked.from_raw(line)
    # Mid-block, the start of the line is not fixed by anything: left alone (and flagged elsewhere).
    assert reorder_line(tracked, "رسائل البريد", "وقال", model) is None
    # At a block end it must end its sentence; the seed's lines 135 and 149 are put back that way
    # (test_seed_reorders_with_corpora).


def test_whole_words_at_both_ends_are_never_moved() -> None:
    line = "قالت الشرطة إن التحقيق مستمر منذ أسابيع في المدينة"
    model = _model([line], [line])
    assert reorder_line(Tracked.from_raw(line), "", "", model, block_end=True) is None


def test_tokens_mark_sentence_breaks() -> None:
    assert tokens("سنة 2015. وقال”. ثم") == [
        "سنة",
        "<num>",
        ".",
        "</s>",
        "<s>",
        "وقال",
        "”",
        ".",
        "</s>",
        "<s>",
        "ثم",
    ]


@pytest.mark.skipif(not (data_dir() / "ntrex128").is_dir(), reason="NTREX-128 not installed")
def test_clean_wrapped_articles_are_not_reordered() -> None:
    """Clean news wrapped into page lines: no line is reordered (the counts leave the article out)."""
    sys.path.insert(0, str(ROOT))
    from eval.damage import _wrap

    stats = corpus_stats()
    for document in load_test_set("ntrex128")[:12]:
        paragraphs = [" ".join(document[i : i + 3]) for i in range(0, len(document), 3)]
        text = "\n\n".join("\n".join(_wrap(p, 80)) for p in paragraphs) + "\n"
        result = repair_text(text, RepairOptions(word_stats=stats.without(document)))
        assert not [c for c in result.report.changes if c.code == "run-order"]


def test_undecided_line_says_how_far_the_evidence_falls_short() -> None:
    corpus = ["قال المتحدث إن الاجتماع عقد في الصباح", "وحضر الاجتماع عدد من الخبراء"]
    line = "كتوبر الماضي وحضر الاجتماع عدد من الخبراء قال المتحدث إن الاجتماع عقد في أ"
    model = _model([line], [*corpus, "عقد في أكتوبر الماضي"])
    why: list[str] = []
    assert reorder_line(Tracked.from_raw(line), "الصفحة الأولى", "وأضاف", model, undecided=why) is None
    assert why and "possible orders and the evidence does not decide which" in why[0]
    assert re.search(
        r"the likeliest order is \d+\.\d more likely than (the next|the line as extracted), \d+ needed",
        why[0],
    )


def test_two_letter_words_of_the_corpora_are_not_pieces() -> None:
    """ "في ظل" ends many lines: an order that starts with "ظل" leaves no piece of a word at its edge."""
    model = _model(["في ظل أزمة"], ["تم ذلك في ظل الأزمة"])
    assert not model.short_piece("ظل") and not model.short_piece("تم")
    assert model.short_piece("ية") and model.short_piece("بر")  # the sample's pieces (التجار|ية, بر|يتاني)


def test_three_pieces_never_leave_a_piece_of_a_word() -> None:
    """Simulated damage: "ظل أزمة ال|صحة الع|امة …" extracted as "امة … صحة الع ظل أزمة ال". The order
    "أزمة الصحة الع ظلامة …" closes two known words too, but leaves "الع" behind: not a candidate."""
    from align.repair.reorder import readings

    raw = "ــامة الحالية، فإن التدريب لا يعرض حياة القوات ــصحة الع ظل أزمة ال"
    line = normalize_line(Tracked.from_raw(raw))[0]
    corpus = ["في ظل أزمة الصحة العامة الحالية، فإن التدريب لا يعرض حياة القوات", "رفع شكوى ظلامة إلى القاضي"]
    model = _model([line.text], corpus)
    _, found = readings(line, "وقال إنه", "المتحدة", model, raw=raw)
    texts = [r.text for r in found]
    assert "ظل أزمة الصحة العامة الحالية، فإن التدريب لا يعرض حياة القوات" in texts
    assert not [t for t in texts if " الع " in f" {t} "]
    # The order that closes "ظلامة" and leaves "الع" is gone with them.
    assert "أزمة الصحة الع ظلامة الحالية، فإن التدريب لا يعرض حياة القوات" not in texts


def test_a_clitic_before_a_known_word_is_no_piece_of_a_word() -> None:
    """ "وميرسر" (the sample's line 135) is و + a name the article uses: the line's words are whole."""
    from align.repair.reorder import _left_broken

    model = _model(["قال ميرسر إن", "بانون وميرسر يلعبان"], ["يلعبان دورا"])
    model.exclude("بانون وميرسر يلعبان")
    assert not _left_broken("وميرسر", model)
    assert _left_broken("الع", model) and _left_broken("وال", model)


@pytest.mark.parametrize(
    ("extracted", "pinned"),
    [
        # Simulated damage: the block's last sentence ends at its closing quote, not at the full stop.
        ('عرف ما الذي حدث لها ولطفلتي. آمل أنهما بأمان" لا أ', False),
        ('مات الاتصال من هاتفه. صرح”هيل" قائلًا: لقد محاها تماما" ومعلو', False),
        # The sample's line 135: one sentence end, no quote: it fixes where the line starts.
        ("كثر عمقا وتعقيدا مما سبق لنا معرفته. الإلكتروني الجديدة تشير إلى أن بانون يلعبان دورا أ", True),
    ],
)
def test_a_closing_quote_can_end_the_block_too(extracted: str, pinned: bool) -> None:
    from align.repair.reorder import _pinned

    start = extracted.index(". ") + 2
    reading = extracted[start:] + extracted[:start].strip()  # the order that ends at the full stop
    assert _pinned(extracted, reading, block_end=True) is pinned


def test_corpus_counts_are_kept_and_counted_again_when_damaged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped sets' word counts are counted once and kept in the newsalign home; a damaged copy is not
    trusted (counted again, and replaced)."""
    from align.repair import wordstats

    monkeypatch.setenv("NEWSALIGN_HOME", str(tmp_path / "home"))
    counted = wordstats._count_corpora()
    path = wordstats._stats_path()
    assert path is not None and not path.exists()
    wordstats.corpus_stats.cache_clear()
    try:
        first = wordstats.corpus_stats()
        assert path.is_file()
        wordstats.corpus_stats.cache_clear()
        kept = wordstats.corpus_stats()
        for stats in (first, kept):
            assert (stats.unigrams, stats.bigrams, stats.trigrams) == (
                counted.unigrams,
                counted.bigrams,
                counted.trigrams,
            )
            assert (stats.name, stats.sentences) == (counted.name, counted.sentences)
        path.write_bytes(b"not marshal data")
        wordstats.corpus_stats.cache_clear()
        assert wordstats.corpus_stats().unigrams == counted.unigrams
        assert path.read_bytes() != b"not marshal data"  # replaced by a good copy
    finally:
        wordstats.corpus_stats.cache_clear()


def test_a_short_seam_word_must_be_in_use_not_only_in_the_dictionary() -> None:
    from align.repair.reorder import _seams

    line = "ئي على الأغلب ليس مشكلة. التلوث الضو و"
    model = _model([line], ["التلوث الضوئي على الأغلب ليس مشكلة"])
    in_dictionary = model.lexicon.in_dictionary
    # hunspell-ar's affix rules pass "وئي" (the conjunction before a piece of a word).
    model.lexicon.in_dictionary = lambda word: word == "وئي" or in_dictionary(word)  # type: ignore[method-assign]
    assert model.known("وئي")
    assert _seams(["التلوث الضو و", "ئي على الأغلب"], model) == (None, False)
    assert _seams(["التلوث الضو", "ئي على الأغلب"], model)[0] == ("الضوئي",)
    used = _model([line], ["وئي"])  # a word the corpora use is closed as any other
    assert _seams(["التلوث الضو و", "ئي على"], used)[0] == ("وئي",)


def test_a_reading_with_a_short_word_at_its_edge_stands_against_the_others() -> None:
    # "سي" (the letter C) looks like a piece of a word at the line's end, so the true reading is never
    # taken; but it must still be beaten: moving "فقًا" to the end instead is no better evidenced.
    corpus = ["وفقًا لمتطلبات سي دي سي.", "يجب إجراء الفحص وفقًا لمتطلبات الوكالة"]
    line = "فقًا لمتطلبات سي دي سي. و"
    model = _model([line], corpus)
    found = reorder_line(Tracked.from_raw(line), "يجب إجراء الفحص", "وقال الباحثون", model, block_end=True)
    assert found is None or found.text.text.startswith("وفقًا")
