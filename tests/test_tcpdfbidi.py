"""TCPDF's bidirectional algorithm (``align/ingest/tcpdfbidi.py``) against TCPDF itself: 1,500 random lines
ordered by TCPDF 6.6.2's ``utf8Bidi`` (``scripts/make_tcpdf_bidi_table.php``), and the lines of its pages
that the Unicode algorithm reads wrong."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from align.ingest import bidi, tcpdfbidi, wordpairs

TABLE = json.loads((Path(__file__).parent / "fixtures" / "tcpdf-bidi.json").read_text(encoding="utf-8"))


def drawn(logical: str) -> str:
    units = list(logical)
    return "".join(units[i] for i in tcpdfbidi.display_order(units))


def test_the_table_is_varied() -> None:
    assert len(TABLE) == 1500
    lines = [logical for logical, _ in TABLE]
    assert sum(any(c in line for c in "אבرد") and any(c in line for c in "ab") for line in lines) > 400
    # TCPDF's order differs from the Unicode algorithm's on many of them: the table tests something.
    differs = [
        logical
        for logical, visual in TABLE
        if "".join(logical[i] for i in bidi.display_order(list(logical), rtl=True)) != _plain(visual)
    ]
    assert len(differs) > 300


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def test_display_order_is_tcpdfs_on_every_line_of_the_table() -> None:
    wrong = [(logical, visual) for logical, visual in TABLE if drawn(logical) != _plain(visual)]
    assert wrong == []


def test_every_reading_draws_as_the_line_and_the_typed_one_is_found() -> None:
    found = 0
    for logical, visual in TABLE:
        readings = tcpdfbidi.readings(list(_plain(visual)))
        assert readings, logical
        for reading in readings:
            assert drawn("".join(reading)) == _plain(visual)
        found += list(logical) in readings
    # The rest draw exactly like another line (the algorithm is not one to one): "1a%b" and "b%1a" in a
    # right-to-left line, both Latin runs of one level.
    assert found >= 0.97 * len(TABLE)


@pytest.mark.parametrize(
    ("logical", "shown"),
    [
        # Neutrals keep the line's level: every Latin word is a run of its own.
        ("لشبكة Metro News من", "News Metro"),
        ("موقع weather.com.", ".com.weather"),
        # A number after Arabic letters stays a European number: the percent sign joins it.
        ("صدر 90٪ منها", "90٪"),
        ("150.000 سيارة", "150.000"),
        # One digit and a separator at the start of a line are not joined: "7.55" is drawn "55.7".
        ("7.55 صباحا", "55.7"),
    ],
)
def test_lines_of_tcpdf_pages(logical: str, shown: str) -> None:
    visual = drawn(logical)
    assert shown in visual
    reading = tcpdfbidi.visual_to_logical(list(visual))
    assert reading is not None and "".join(reading) == logical


def test_a_line_that_starts_with_a_latin_word_has_both_readings() -> None:
    # TCPDF draws "DM @MerPolCC أو الاتصال" left to right (its first strong letter is Latin); read right to
    # left it is a line that ends with the Latin words. Both draw the same; the paragraph decides.
    logical = "DM @MerPolCC أو الاتصال"
    visual = drawn(logical)
    readings = ["".join(r) for r in tcpdfbidi.readings(list(visual))]
    assert logical in readings and len(readings) == 2


def test_the_reading_whose_words_pair_up_is_chosen() -> None:
    # The corpora's pairs, and the article's: "سقوط الأمطار" and "الأمطار يصل" are Arabic, the order the other
    # direction gives ("يصل الأمطار سقوط") is not.
    right = 'weather.com "إن إجمالي سقوط الأمطار يصل ارتفاعه 3 إلى 6 بوصات'
    wrong = 'بوصات 6 إلى 3 ارتفاعه يصل الأمطار سقوط إجمالي إن" weather.com'
    article = wordpairs.pairs(["قال إن إجمالي سقوط الأمطار يصل إلى حد كبير"])
    assert wordpairs.best_reading([wrong, right], "وأخبر موقع", "من باخا", article) == 1
    assert wordpairs.best_reading([right, wrong], "وأخبر موقع", "من باخا", article) == 0
    assert wordpairs.words("ﺍﻷﻣﻄﺎﺭ 30 weather") == ["الأمطار", "<number>", "<latin>"]


def test_tcpdf_multicell_paragraphs_read_back_whole() -> None:
    """``tests/fixtures/pdf/other/tcpdf-multicell.pdf``: plain MultiCell paragraphs, justified right to left,
    whose lines TCPDF starts anywhere within five ems of the margin (some past the page edge). No line shows
    an indent; the space between paragraphs is what marks them (32 paragraphs of 10 when the ragged starts
    were read as indents)."""
    from align.pipeline import load_document
    from eval.evaluation import extraction_score

    pdf = Path(__file__).parent / "fixtures" / "pdf" / "other" / "tcpdf-multicell.pdf"
    gold = pdf.with_name("tcpdf-multicell.gold.txt").read_text(encoding="utf-8")
    document = load_document(pdf)
    score = extraction_score("newsalign", [p.source for p in document.translated_paragraphs()], gold)
    assert (score.paragraphs, score.gold_paragraphs) == (10, 10)
    assert score.cer <= 0.01 and score.numbers_kept == score.gold_numbers


def test_a_number_tcpdf_draws_both_ways_is_flagged() -> None:
    """ "7.55" at the start of a line of ``news-tcpdf-2col`` is drawn "55.7", as "55.7" would be: read as
    "7.55", and the paragraph says so (reading-uncertain); no other paragraph of the TCPDF fixtures does."""
    from align.pipeline import load_document

    pdfs = Path(__file__).parent / "fixtures" / "pdf"
    flagged = {
        (name, p.id): [f.message for f in p.flags if f.code == "reading-uncertain"]
        for name in ("news-tcpdf-1col", "news-tcpdf-2col")
        for p in load_document(pdfs / f"{name}.pdf").paragraphs
    }
    flagged = {key: messages for key, messages in flagged.items() if messages}
    assert list(flagged) == [("news-tcpdf-2col", "p2")]
    assert flagged[("news-tcpdf-2col", "p2")] == [
        "TCPDF draws '7.55' and '55.7' alike at the start of a line: read as '7.55'"
    ]
    assert tcpdfbidi.number_doubts(list(drawn("7.55 صباحا"))) == [("7.55", "55.7")]
    assert tcpdfbidi.number_doubts(list(drawn("صباحا 150.000 سيارة"))) == []


def test_typographic_quotes_tcpdf_mirrored_are_put_back() -> None:
    """TCPDF's mirror table holds “ ” ‘ ’, which UAX #9 does not mirror: in a right-to-left run it draws
    NTREX's ”عنصرية" as “عنصرية" and ’ as ‘. The reading has the typed characters again."""
    logical = 'إيحاءات ”عنصرية" و’كلمة‘ هنا'
    shown = drawn(logical).translate(str.maketrans("“”‘’", "”“’‘"))
    assert "“" in shown
    found = tcpdfbidi.readings(list(shown))
    assert found and "".join(found[0]) == logical


def test_a_pull_quote_line_is_read_the_way_the_body_repeats_it() -> None:
    """``tests/fixtures/pdf/other/tcpdf-latin-quote.pdf`` (``scripts/make_unseen_pdfs.py --seed 5``, TCPDF's
    fifth page): a pull-quote line, ``«`` then Arabic with the Latin words ``Solid`` and ``POD``, draws
    both ways; the reading that strands less punctuation is the wrong one (``... "مخزن «POD شريحة استخدام
    أو ...``). It stays a rival, and the words the body repeats choose: the pull-quote is found, and the
    article reads as typeset."""
    from align.pipeline import load_document

    pdf = Path(__file__).parent / "fixtures" / "pdf" / "other" / "tcpdf-latin-quote.pdf"
    gold = pdf.with_name("tcpdf-latin-quote.gold.txt").read_text(encoding="utf-8")
    document = load_document(pdf)
    truth = [p.strip() for p in gold.split("\n\n") if p.strip()]
    assert [p.source for p in document.translated_paragraphs()] == truth
    (quote,) = [p for p in document.paragraphs if p.kind == "pullquote"]
    assert document.text[quote.span[0] : quote.span[1]].startswith("«يستخدم التطبيق تقنيةSolid")


def test_a_pull_quote_typed_without_spaces_is_found() -> None:
    """``tests/fixtures/pdf/other/tcpdf-no-spaces.pdf`` (``scripts/make_unseen_pdfs.py --seed 8``, TCPDF's
    first page): an NTREX article typed almost without spaces, so its pull-quote is one long "word" with no
    word triple to find in the body. It repeats the body's letters instead, and is kept out of the
    translated text (it was translated as a subheading)."""
    from align.pipeline import load_document
    from eval.evaluation import extraction_score

    pdf = Path(__file__).parent / "fixtures" / "pdf" / "other" / "tcpdf-no-spaces.pdf"
    gold = pdf.with_name("tcpdf-no-spaces.gold.txt").read_text(encoding="utf-8")
    document = load_document(pdf)
    (quote,) = [p for p in document.paragraphs if p.kind == "pullquote"]
    assert document.text[quote.span[0] : quote.span[1]].startswith("«تتضمنالدورةالتدريبيةالطويلة")
    ours = [p.source for p in document.translated_paragraphs()]
    assert len(ours) == len([p for p in gold.split("\n\n") if p.strip()])
    # What is left is TCPDF's own: it shapes a lam-alef across a quote or a colon (منخلا"لالسهر, قا:لإن).
    assert extraction_score("newsalign", ours, gold).cer < 0.005
