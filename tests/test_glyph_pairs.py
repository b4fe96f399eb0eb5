"""Glyphs without Unicode drawn in pairs (a lam-alef in two parts), told apart per font, and next to marks."""

from __future__ import annotations

from types import SimpleNamespace

from align.repair import repair_text
from align.repair.glyphs import infer_glyphs
from align.repair.pua import standalone_runs

EMPTY, LAM_ALEF, LAM_HAMZA = "\U000f0002", "\U000f0003", "\U000f0004"  # as a Qt PDF's body font draws them
WORDS = {"ولاية", "الاثنين", "الارتفاع", "الأسبوع", "الأرصاد", "الأمطار", "كتب", "الولايات"}


def known(word: str) -> bool:
    return word in WORDS


def test_two_glyphs_drawn_together_are_read_as_one_lam_alef() -> None:
    lines = [
        f"و{EMPTY}{LAM_ALEF}ية أريزونا يومي ا{EMPTY}{LAM_ALEF}ثنين",
        f"مع ا{EMPTY}{LAM_ALEF}رتفاع خلال ا{EMPTY}{LAM_HAMZA}سبوع",
        f"أصدرت ا{EMPTY}{LAM_HAMZA}رصاد تحذيرات من ا{EMPTY}{LAM_HAMZA}مطار",
    ]
    readings = infer_glyphs(lines, known)
    assert readings[EMPTY + LAM_ALEF].text == "لا" and readings[EMPTY + LAM_HAMZA].text == "لأ"
    assert readings[EMPTY + LAM_ALEF].known == 3


def test_two_glyphs_are_never_read_as_one_letter() -> None:
    # "ك" + two glyphs + "ب" is "كتب" with "ت" for the pair, but two letters each without Unicode are as
    # likely ("كتاب"): a pair is read only as a lam-alef.
    first, second = "\U000f0010", "\U000f0011"
    lines = [f"ك{first}{second}ب", f"ك{first}{second}ب جديد", f"ك{first}{second}ب آخر"]
    assert infer_glyphs(lines, known) == {}


def test_a_run_glued_to_a_word_through_a_mark_is_not_a_number() -> None:
    # "شما" + glyph + tanwin + glyph: the second glyph is part of the word, not a number standing alone.
    line = f"ويتحرك شما{EMPTY}\u064b{LAM_ALEF} نحو"
    assert standalone_runs(line) == []
    assert standalone_runs(f"في عام {EMPTY}{LAM_ALEF} قال") == [(7, 9)]


def test_glyphs_read_inside_words_stand_for_a_word_alone() -> None:
    # The lam-alef pair read from the words it completes, standing alone, is the word "لا".
    body = (
        f"أعلنت الولاية يومي ا{EMPTY}{LAM_ALEF}ثنين و{EMPTY}{LAM_ALEF}ية أريزونا مع ا{EMPTY}{LAM_ALEF}رتفاع"
        f" الحرارة والتحقيق {EMPTY}{LAM_ALEF} يزال مستمرا في الولايات."
    )
    text = repair_text(body + "\n").text
    assert "والتحقيق لا يزال" in text and "[glyph" not in text


def test_glyphs_of_two_fonts_are_told_apart() -> None:
    from align.ingest.pdfchars import _device_class

    device = _device_class().__new__(_device_class())
    device.stand_ins = {}
    regular, bold = SimpleNamespace(fontname="AAAAAA+Naskh"), SimpleNamespace(fontname="BBBBBB+Naskh-Bold")
    a, b = device.stand_in(regular, 7), device.stand_in(bold, 7)
    assert a != b and device.stand_in(regular, 7) == a
    assert all(0xF0000 <= ord(ch) <= 0xFFFFD for ch in a + b)


def test_the_glyph_of_a_read_pair_drawn_alone_is_read_with_the_pair_evidence() -> None:
    # The pair (empty glyph, ligature) is read as "لا" in three words; the ligature glyph alone completes
    # "الولايات" twice and an unknown word once: too little alone (two of three), enough with the pair's.
    lines = [
        f"و{EMPTY}{LAM_ALEF}ية أريزونا يومي ا{EMPTY}{LAM_ALEF}ثنين مع ا{EMPTY}{LAM_ALEF}رتفاع",
        f"في الو{LAM_ALEF}يات وبالو{LAM_ALEF}يات ثم وانز{LAM_ALEF}ق",
    ]
    words = WORDS | {"وبالولايات"}
    readings = infer_glyphs(lines, lambda w: w in words)
    assert readings[LAM_ALEF].text == "لا" and (readings[LAM_ALEF].known, readings[LAM_ALEF].words) == (2, 3)
    # Without the pair, the glyph alone is not read.
    assert LAM_ALEF not in infer_glyphs(lines[1:], lambda w: w in words)


def test_a_pair_and_its_carrier_glyph_are_read_together() -> None:
    # One word with the pair, one with the ligature glyph drawn alone (the other glyph of the pair draws
    # nothing): too few each, enough together — and each body must hold part of it.
    lines = [f"قال و{EMPTY}{LAM_ALEF}ية أحد", f"تم ا{LAM_ALEF}رتفاع الحرارة"]
    readings = infer_glyphs(lines, known)
    assert readings[EMPTY + LAM_ALEF].text == "لا" and readings[LAM_ALEF].text == "لا"
    assert EMPTY not in readings
    # The glyph alone in a word that the reading does not make known: nothing is read.
    assert infer_glyphs([f"قال و{EMPTY}{LAM_ALEF}ية أحد", f"تم ا{LAM_ALEF}رقام"], known) == {}


def test_a_pair_whose_glyph_is_read_is_read_where_its_words_agree() -> None:
    lines = [
        f"ا{LAM_ALEF}ثنين و ا{LAM_ALEF}رتفاع",
        f"في ا{LAM_ALEF}ثنين المقبل",
        f"و{EMPTY}{LAM_ALEF}ية أريزونا",
    ]
    readings = infer_glyphs(lines, known)
    assert readings[LAM_ALEF].text == "لا" and readings[EMPTY + LAM_ALEF].text == "لا"


def test_a_tie_of_the_dictionary_is_broken_by_the_words_seen() -> None:
    # A dictionary that accepts "الحد" as readily as "الأحد" ties "ل" with "لأ"; the article and the test
    # sets have seen "الأحد" and "الأقل", not "القل": the attested words decide, whichever reading the tie
    # put first.
    dictionary = {"الأحد", "الأقل", "الحد", "القل"}
    seen = {"الأحد", "الأقل", "الحد"}
    lines = [f"يوم ا{LAM_HAMZA}حد", f"على ا{LAM_HAMZA}قل"]
    readings = infer_glyphs(lines, dictionary.__contains__, attested=seen.__contains__)
    assert readings[LAM_HAMZA].text == "لأ"
    assert infer_glyphs(lines, dictionary.__contains__) == {}


def test_a_lam_alef_standing_alone_is_no_number() -> None:
    # The two glyphs of a lam-alef standing alone as the word "لا" look like a two-digit number, and the
    # pair is drawn nowhere between letters; but its second glyph is, alone ("الاتصال"), so the run is
    # letters, and the pair and that glyph are read together.
    body = (
        f"أكد المتحدث و{EMPTY}{LAM_ALEF} أحد غيره أن ا{LAM_ALEF}تصال بالشرطة {EMPTY}{LAM_ALEF} يزال"
        " ممكنا في أي وقت."
    )
    text = repair_text(body + "\n").text
    assert "ولا أحد" in text and "الاتصال" in text and "لا يزال" in text and "[glyph" not in text


def test_a_tanwin_drawn_inside_a_pair_ends_the_word() -> None:
    # Qt draws the tanwin of "شمالاً" between the ligature's two glyphs: after the pair is read, the mark
    # is moved after it (a tanwin ends its word), and the move is reported.
    body = (
        f"أعلنت الولاية يومي ا{EMPTY}{LAM_ALEF}ثنين و{EMPTY}{LAM_ALEF}ية أريزونا مع ا{EMPTY}{LAM_ALEF}رتفاع"
        f" الحرارة ويتحرك الإعصار شما{EMPTY}\u064b{LAM_ALEF} نحو الولايات."
    )
    result = repair_text(body + "\n")
    assert "ويتحرك الإعصار شمالاً نحو" in result.text and "[glyph" not in result.text
    moved = [c for c in result.report.changes if c.code == "mark-order"]
    assert [(c.before, c.after) for c in moved] == [(f"{EMPTY}\u064b{LAM_ALEF}", f"{EMPTY}{LAM_ALEF}\u064b")]
    # A mark other than a tanwin may sit on the first half (a fatha on the lam): it stays where it is.
    fatha = repair_text(f"قال إنه {EMPTY}\u064e{LAM_ALEF}\n")
    assert not any(c.code == "mark-order" for c in fatha.report.changes)
