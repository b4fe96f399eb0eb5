"""PDFs written by AbiWord (Pango shaping, cairo's PDF surface), and what they showed: missing-glyph boxes,
diacritics on a lam-alef ligature, a first line at the top of a column set two type sizes below the
running head, a subset whose ToUnicode table names ligatures U+FFFD.

``fixtures/pdf/other/abiword-2col.pdf`` (Noto Sans Arabic, two columns, running head and footer) and
``abiword-kufi.pdf`` (Noto Kufi Arabic) are NTREX-128 articles written by ``scripts/make_abiword_pdfs.py
--fixtures``. Neither font has ASCII quotes or full stops, and AbiWord does not fall back to another font:
the page draws Pango's missing-glyph boxes there.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest

from align.document import Document
from align.ingest.glyph import Glyph
from align.ingest.pdfchars import _read_boxes as read_boxes
from align.ingest.pdflines import chars
from align.ingest.pdfwords import line_text
from align.pipeline import load_document
from eval.evaluation import extraction_score

OTHER = Path(__file__).parent / "fixtures" / "pdf" / "other"
FIXTURES = ("abiword-2col", "abiword-kufi")
BODY = 12.0


def _installed(name: str) -> bool:
    from align.ingest.fontglyphs import _installed_fonts

    return name in _installed_fonts()


@cache
def document(name: str) -> Document:
    return load_document(OTHER / f"{name}.pdf")


def gold(name: str) -> str:
    return (OTHER / f"{name}.gold.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", FIXTURES)
def test_abiword_article_reads_back_whole(name: str) -> None:
    if name == "abiword-kufi" and not _installed("NotoKufiArabic-Regular"):
        pytest.skip("Noto Kufi Arabic is not installed (fonts-noto-core): its subsets keep only outlines")
    doc = document(name)
    found = [p.source for p in doc.translated_paragraphs()]
    paragraphs = [p for p in gold(name).split("\n\n") if p.strip()]
    assert extraction_score("newsalign", found, gold(name)).cer <= 0.002
    assert len(found) == len(paragraphs)
    text = "\n".join(found)
    # No box's digits in the text, no glyph left unread, and the running head and footer are out.
    assert not re.search(r"\b(00|22|2E)\b|\[glyph|[\U000f0000-\U000fffff]", text)
    assert "جميع الحقوق محفوظة" not in text and "موقع الأخبار العربية" not in text
    report = doc.meta.ingest
    assert report is not None and all(page.drawn == page.kept + page.removed for page in report.pages)
    assert sum(page.kept for page in report.pages) == chars(doc.raw_text or doc.text)


def test_the_first_line_of_a_column_under_a_running_head_stays_in_its_column() -> None:
    """AbiWord sets Noto Sans Arabic's 12 pt lines 25 pt apart, more than the 1.8 type sizes that set a row
    at the top of the page off as a band; page 2's first line was read across both columns."""
    text = "\n".join(p.source for p in document("abiword-2col").translated_paragraphs())
    assert "حيث تصل الأجزاء كل ٣٧ دقيقة" in text  # the article's own digits
    assert "حذرت من أن التكاليف الإضافية" in text


def test_a_title_at_the_top_of_one_column_beside_a_pull_quote_at_the_top_of_the_other() -> None:
    """``abiword-title-beside-quote.pdf`` (``scripts/make_unseen_pdfs.py --seed 1``, AbiWord's fourth page):
    AbiWord sets the headline at the top of the right column and the pull-quote at the top of the left
    one, on about the same rows and above both columns' body. Read as lines above the columns, the two
    were interleaved row by row (the headline's first row, in the top band, not even cut at the gutter).
    Each heads its own column."""
    name = "abiword-title-beside-quote"
    doc = document(name)
    found = [p.source for p in doc.translated_paragraphs()]
    truth = [p.strip() for p in gold(name).split("\n\n") if p.strip()]
    assert found[0] == truth[0] == "مؤسسة التراث القوميتتنصت على الحياة السرية للخفافيش"
    assert len(found) == len(truth)
    assert extraction_score("newsalign", found, gold(name)).cer <= 0.002
    (quote,) = [p for p in doc.paragraphs if p.kind == "pullquote"]
    assert doc.text[quote.span[0] : quote.span[1]].startswith("«وسيتم بعد ذلك إعداد خريطة")


def test_a_long_title_beside_a_pull_quote_of_other_line_heights() -> None:
    """``abiword-long-title.pdf`` (``scripts/make_unseen_pdfs.py --seed 4``, AbiWord's second page): a
    headline of four lines at the top of the right column, a pull-quote of three at the top of the left
    one, their lines at different heights. No quote line shares a row with a headline line, so the
    quote's middle line was read as a line above the columns, between the headline's (the headline came
    out in three pieces, the quote's last line as a paragraph of its own). Each block heads its column.
    And a paragraph that ends no sentence ("... لمساعدة المشردين") is parted from the next by AbiWord's
    half line of space alone."""
    name = "abiword-long-title"
    doc = document(name)
    found = [p.source for p in doc.translated_paragraphs()]
    truth = [p.strip() for p in gold(name).split("\n\n") if p.strip()]
    assert found == truth
    assert found[0] == "فرض رسوم أعلى على المشترين الأجانب عند شرائهم عقارًا في المملكة المتحدة"
    assert found[2].endswith("لمساعدة المشردين") and found[3].startswith("فمن المقرر")
    (quote,) = [p for p in doc.paragraphs if p.kind == "pullquote"]
    quoted = doc.text[quote.span[0] : quote.span[1]]
    assert quoted == "«إنه يُريد أيضًا إعطاء المجالس صلاحيات أكبر لبناء منازل جديدة»"


@pytest.mark.parametrize("name", FIXTURES)
def test_boxes_are_read_as_the_characters_they_name_and_flagged(name: str) -> None:
    if name == "abiword-kufi" and not _installed("NotoKufiArabic-Regular"):
        pytest.skip("Noto Kufi Arabic is not installed (fonts-noto-core)")
    flagged = [
        (p.source, f.message) for p in document(name).paragraphs for f in p.flags if f.code == "missing-glyph"
    ]
    assert flagged
    for source, message in flagged:
        assert "U+0022" in message and '"' in source
    if name == "abiword-kufi":  # a quote and a full stop, boxed side by side
        assert any("'\"' (U+0022), '.' (U+002E)" in message for _, message in flagged)
        assert any('التحقيق." وأكد' in source for source, _ in flagged)


@pytest.mark.parametrize(
    ("name", "typed"),
    [("abiword-2col", "قائلًا"), ("abiword-kufi", "رجلاً")],
)
def test_a_tanwin_on_a_lam_alef_stays_on_the_letter_it_was_typed_on(name: str, typed: str) -> None:
    if name == "abiword-kufi" and not _installed("NotoKufiArabic-Regular"):
        pytest.skip("Noto Kufi Arabic is not installed (fonts-noto-core)")
    text = "\n".join(p.source for p in document(name).translated_paragraphs())
    other = typed.replace("لًا", "LAM").replace("لاً", "لًا").replace("LAM", "لاً")
    assert text.count(typed) == gold(name).count(typed) > 0
    assert other not in text


def glyph(text: str, x0: float, x1: float, order: int, *, size: float = BODY, baseline: float = 108) -> Glyph:
    return Glyph(text, x0, x1, baseline - 0.8 * size, baseline + 0.2 * size, size, False, order, baseline)


def box(digits: str, x0: float, order: int, *, size: float = 6.0, gap: float = 1.4) -> list[Glyph]:
    """Pango's box: the digits in two rows, each digit ``size`` 0.6 wide, rows 0.83 ``size`` apart."""
    half = len(digits) // 2
    out = []
    for row, part in enumerate((digits[:half], digits[half:])):
        baseline = 108 - 0.83 * size * (1 - row)
        for k, ch in enumerate(part):
            left = x0 + k * (0.6 * size + gap)
            out.append(glyph(ch, left, left + 0.6 * size, order + len(out), size=size, baseline=baseline))
    return out


@pytest.mark.parametrize(
    ("digits", "char"),
    [("0022", '"'), ("002E", "."), ("061F", "؟"), ("01F600", "\U0001f600"), ("00AB", "«")],
)
def test_a_box_reads_as_its_character(digits: str, char: str) -> None:
    glyphs = [glyph("ﺎ", 120, 126, 0), *box(digits, 105, 1), glyph("ﻗ", 90, 104, 10)]
    read = read_boxes(glyphs)
    assert [g.text for g in read] == ["ﺎ", char, "ﻗ"]
    assert read[1].boxed and read[1].size == BODY and read[1].baseline == 108
    assert read[1].x0 < 105 and read[1].x1 > max(g.x1 for g in glyphs[1:-1])


def test_two_boxes_side_by_side_read_as_two_characters() -> None:
    glyphs = [glyph("ﻖ", 140, 148, 0), *box("0022", 125, 1), *box("002E", 110, 5), glyph("ﻗ", 90, 104, 9)]
    assert [g.text for g in read_boxes(glyphs)] == ["ﻖ", '"', ".", "ﻗ"]


@pytest.mark.parametrize(
    "case",
    ["text size", "spaced", "misaligned", "one row", "three digits"],
)
def test_digits_that_are_no_box_stay_as_drawn(case: str) -> None:
    if case == "text size":  # a table of small numbers in the body's own type
        digits = box("1234", 100, 1, size=BODY)
    elif case == "spaced":  # two rows of digits set apart, as in a table
        digits = box("1234", 100, 1, gap=8.0)
    elif case == "misaligned":
        digits = box("0022", 100, 1)
        digits[2].x0 += 2.5
        digits[2].x1 += 2.5
    elif case == "one row":  # a small number, as a footnote mark or a page number
        digits = [glyph(ch, 100 + 4 * k, 103.6 + 4 * k, 1 + k, size=6.0) for k, ch in enumerate("2014")]
    else:
        digits = box("002", 100, 1)
    glyphs = [glyph("ﺎ", 130, 136, 0), *digits, glyph("ﻗ", 80, 94, 10)]
    assert read_boxes(glyphs) == glyphs


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (-0.1, "ﻗﺎﺋﻼً"),  # past the ligature's left end: on the alef (DejaVu, Noto Sans)
        (0.2, "ﻗﺎﺋﻼً"),  # Noto Kufi's alef anchor
        (0.43, "ﻗﺎﺋلًا"),  # Noto Sans's lam anchor
        (0.74, "ﻗﺎﺋلًا"),  # Noto Kufi's lam anchor
    ],
)
def test_a_mark_on_a_lam_alef_goes_after_the_letter_it_is_drawn_on(at: float, expected: str) -> None:
    """``قائلًا`` / ``قائلاً`` drawn right to left as qaf, alef, yeh with hamza and one lam-alef glyph: where
    the tanwin sits over the ligature says which of its two letters carries it."""
    letters = [
        glyph("ﻼ", 100, 118, 3),
        glyph("ﺋ", 118, 126, 2),
        glyph("ﺎ", 126, 134, 1),
        glyph("ﻗ", 134, 147, 0),
    ]
    tanwin = glyph("\u064b", 100 + at * 18, 100 + at * 18, 4)
    read = line_text([*letters, tanwin], BODY, True, 0.135)
    assert read is not None and "".join(read.units) == expected


def test_marks_on_both_letters_of_a_lam_alef() -> None:
    """A shadda on the lam and a tanwin on the alef (``ظلًّا`` is one; here both read from one drawing)."""
    letters = [glyph("ﻼ", 100, 118, 1), glyph("ﻇ", 118, 130, 0)]
    on_alef = glyph("\u064b", 98, 98, 2)
    on_lam = glyph("\u0651", 108, 108, 3)
    read = line_text([*letters, on_alef, on_lam], BODY, True, 0.135)
    assert read is not None and "".join(read.units) == "ﻇلّاً"


@pytest.mark.skipif(not _installed("NotoNaskhArabic-Bold"), reason="Noto Naskh Arabic Bold is not installed")
def test_a_subset_whose_tounicode_names_ligatures_ufffd_is_still_read_by_outline() -> None:
    """cairo writes U+FFFD into ToUnicode for a ligature it cannot name (``لأن``, ``ولا`` in a bold title).
    Those entries say nothing: counted as disagreeing with the outlines, they kept the whole subset unread
    and its lam-alefs came out as ``[glyph …]``."""
    from io import BytesIO

    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTFont

    from align.ingest.fontglyphs import _from_installed, _installed_fonts, _texts

    path = _installed_fonts()["NotoNaskhArabic-Bold"]
    options = ftsubset.Options()
    options.layout_features = ["*"]
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(text="عنوان طويل جدا للمقال يمتد على سطرين لأن العنوان طويل ولا ينتهي بسرعة أبدا")
    program = TTFont(str(path))
    subsetter.subset(program)
    texts = _texts(program)
    order = program.getGlyphOrder()
    buffer = BytesIO()
    del program["cmap"], program["GSUB"]  # what cairo keeps: outlines and metrics
    program.save(buffer)
    outlines = TTFont(BytesIO(buffer.getvalue()))
    names = dict(enumerate(outlines.getGlyphOrder()))  # glyph numbers are the CIDs, as cairo writes them
    entries = {
        cid: ("\ufffd" if len(text) > 1 else text)
        for cid, name in enumerate(order)
        if (text := texts.get(name, "")) and cid
    }
    assert sum(text == "\ufffd" for text in entries.values()) >= 2  # the ligatures
    font = SimpleNamespace(
        fontname="ABCDEF+NotoNaskhArabic-Bold", unicode_map=SimpleNamespace(cid2unichr=entries)
    )
    read = _from_installed(font, outlines, names, [])
    ligatures = {cid for cid, text in entries.items() if text == "\ufffd"}
    assert ligatures and all(
        unicodedata.normalize("NFKC", read.get(cid, "")).startswith("ل") for cid in ligatures
    )
