"""Glyphs without ToUnicode entries, read from the font program embedded in the PDF (``ingest.fontglyphs``).

``fixtures/pdf/other/mupdf-story.pdf`` is an NTREX-128 article laid out by MuPDF
(``scripts/make_mupdf_pdfs.py``): MuPDF embeds the whole Noto Naskh Arabic font and writes ToUnicode only
for glyphs reached from a character, so both glyphs of every lam-alef (``uniFEDF.rlig`` +
``uniFE8E.rlig``) have none. Read as stand-ins, the article came out at 3.3 % CER with every "لا" flagged.
"""

from __future__ import annotations

import io
import re
import unicodedata
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest

from align.ingest.fontglyphs import FontGlyphs, _by_name, _cids_are_glyphs, _glyph_names
from align.ingest.pdflines import chars
from align.pipeline import load_document
from eval.evaluation import extraction_score

OTHER = Path(__file__).parent / "fixtures" / "pdf" / "other"
PDF = OTHER / "mupdf-story.pdf"
GOLD = (OTHER / "mupdf-story.gold.txt").read_text(encoding="utf-8")


@cache
def paragraphs() -> list[str]:
    return [p.source for p in load_document(PDF).translated_paragraphs()]


def test_mupdf_article_reads_back_whole() -> None:
    score = extraction_score("newsalign", paragraphs(), GOLD)
    gold = [p for p in GOLD.split("\n\n") if p.strip()]
    assert score.cer <= 0.01
    assert len(paragraphs()) == len(gold)


def test_every_lam_alef_comes_back_as_letters() -> None:
    text = "\n".join(paragraphs())
    assert not re.search("[\U000f0000-\U000fffff]|\\[glyph", text)
    gold_words = [w for w in GOLD.split() if "لا" in w or "لأ" in w or "لإ" in w]
    assert len(gold_words) >= 10
    words = set(text.split())
    assert [w for w in gold_words if w not in words] == []


def test_numbers_are_kept() -> None:
    def numbers(text: str) -> list[str]:
        return sorted(re.findall(r"[0-9٠-٩]+", text))

    assert numbers("\n".join(paragraphs())) == numbers(GOLD.split("\n\n", 1)[1])


def test_fpdf2_shaping_reads_glyphs_through_the_cid_to_gid_map() -> None:
    """``other/fpdf-shaping.pdf``: fpdf2 shaping with HarfBuzz numbers the subset's glyphs apart from the CIDs
    (a CIDToGIDMap stream) and gives the lam-alef ligatures HarfBuzz makes no ToUnicode entry; the glyph the
    map leads to is named ``uniFEFC``. Read as CID = glyph number, the font is refused and every "قائلًا"
    keeps a placeholder (1.67 % CER). fpdf2 also sets a justified right-to-left paragraph's last line on the
    left: no indent (18 paragraphs of 10 when it was read as one)."""
    pdf = OTHER / "fpdf-shaping.pdf"
    gold = pdf.with_name("fpdf-shaping.gold.txt").read_text(encoding="utf-8")
    text = [p.source for p in load_document(pdf).translated_paragraphs()]
    assert not re.search("[\U000f0000-\U000fffff]|\\[glyph", "\n".join(text))
    score = extraction_score("newsalign", text, gold)
    assert score.cer <= 0.01 and score.numbers_kept == score.gold_numbers
    assert (score.paragraphs, score.gold_paragraphs) == (10, 10)


@cache
def naskh() -> object:
    """The fixture's Noto Naskh Arabic font, as pdfminer loads it."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    fonts: dict[str, object] = {}

    class Fonts(PDFPageAggregator):
        def render_char(self, matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate):  # type: ignore[no-untyped-def]
            fonts[font.fontname] = font
            return super().render_char(matrix, font, fontsize, scaling, rise, cid, ncs, graphicstate)

    manager = PDFResourceManager()
    with PDF.open("rb") as handle:
        page = next(PDFPage.get_pages(handle))
        PDFPageInterpreter(manager, Fonts(manager, laparams=None)).process_page(page)
    return fonts["Noto Naskh Arabic Regular"]


@pytest.mark.parametrize(
    ("cid", "glyph", "letter"),
    [
        (450, "uniFEDF.rlig", "ل"),  # lam, initial, as the first half of a lam-alef
        (448, "uniFEE0.rlig", "ل"),  # lam, medial
        (6, "uniFE8E.rlig", "ا"),  # alef, final, the second half
        (9, "uniFE84.rlig", "أ"),
        (12, "uniFE88.rlig", "إ"),
        (1565, "_1008", "ا"),  # a name that says nothing: only the substitution table tells
    ],
)
def test_glyphs_are_read_from_the_font_program(cid: int, glyph: str, letter: str) -> None:
    from fontTools.ttLib import TTFont

    font = naskh()
    program = font.fontfile.get_data()  # type: ignore[attr-defined]
    order = TTFont(io.BytesIO(program), lazy=True).getGlyphOrder()
    assert order[cid] == glyph
    assert unicodedata.normalize("NFKC", FontGlyphs().text(font, cid)) == letter


def test_cids_that_are_not_glyph_numbers_are_not_read() -> None:
    # The glyphs with ToUnicode entries say what the glyph numbers must be; when they disagree (a font
    # whose CIDs go through a map the reader does not have), no glyph is read by name.
    order = [".notdef", "uni0627", "uni0628", "uni062A", "uni062B", "uni062C", "uni062D"]
    texts = {name: chr(int(name[3:], 16)) for name in order[1:]}
    right = SimpleNamespace(unicode_map=SimpleNamespace(cid2unichr={i: texts[order[i]] for i in range(1, 7)}))
    shifted = SimpleNamespace(
        unicode_map=SimpleNamespace(cid2unichr={i: texts[order[i % 6 + 1]] for i in range(1, 7)})
    )
    assert _cids_are_glyphs(right, _glyph_names(right, order), texts)
    assert not _cids_are_glyphs(shifted, _glyph_names(shifted, order), texts)
    assert not _cids_are_glyphs(SimpleNamespace(unicode_map=None), dict(enumerate(order)), texts)
    # With the font's CIDToGIDMap (fpdf2 numbers CIDs apart from its subset's glyphs), they agree again.
    gids = b"".join((i % 6 + 1 if i else 0).to_bytes(2, "big") for i in range(7))
    mapped = SimpleNamespace(unicode_map=shifted.unicode_map, cid_to_gid=gids)
    assert _glyph_names(mapped, order)[1] == order[2]
    assert _cids_are_glyphs(mapped, _glyph_names(mapped, order), texts)


def test_a_simple_font_is_not_read() -> None:
    assert FontGlyphs().text(SimpleNamespace(fontname="F1"), 5) == ""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("uniFEDF.rlig", "\ufedf"),
        ("uni0644_uni0627.fina", "لا"),
        ("uni06440627", "لا"),
        ("uni0627", "ا"),
        ("f_i", "fi"),
        ("lam_alef", ""),  # the AGL knows no "lam": not "alef" alone
        ("alef.fina", ""),  # an Arabic font's "alef" is not the AGL's Hebrew alef
        ("_1008", ""),
        (".notdef", ""),
        ("glyph00012", ""),
    ],
)
def test_glyph_names(name: str, text: str) -> None:
    assert _by_name(name) == text


def test_the_readers_budget_is_not_swallowed(monkeypatch: pytest.MonkeyPatch) -> None:
    # A damaged font program leaves its glyphs unread; a reading limit reached while reading it stops
    # the read.
    import align.ingest.fontglyphs as fontglyphs
    from align.errors import LimitError

    def broken(font: object, *_: object) -> dict[int, str]:
        raise ValueError("bad table")

    def over(font: object, *_: object) -> dict[int, str]:
        raise LimitError("decompresses to more than allowed", path="x.pdf")

    monkeypatch.setattr(fontglyphs, "_glyph_texts", broken)
    assert FontGlyphs().text(SimpleNamespace(fontname="F"), 3) == ""
    monkeypatch.setattr(fontglyphs, "_glyph_texts", over)
    with pytest.raises(LimitError):
        FontGlyphs().text(SimpleNamespace(fontname="F"), 3)


def test_every_glyph_is_accounted_for() -> None:
    doc = load_document(PDF)
    report = doc.meta.ingest
    assert report is not None
    text = doc.raw_text or doc.text
    assert all(page.drawn == page.kept + page.removed for page in report.pages)
    assert sum(page.kept for page in report.pages) == chars(text)
    assert sum(page.removed for page in report.pages) == sum(chars(r.text) for r in report.removals)


# ``fixtures/pdf/other/qt-writer.pdf``: an NTREX-128 article written by Qt's PDF engine (QPdfWriter, the
# engine of wkhtmltopdf; ``scripts/make_qt_pdfs.py``). Qt re-encodes each font subset at 2048 units to the
# em and keeps only its outlines (no cmap, no substitutions, no glyph names), and writes no Unicode for
# the lam-alef ligatures, a full stop, a shadda-tanwin: those are found in the installed font of the same
# name by their outlines.
QT = OTHER / "qt-writer.pdf"
QT_GOLD = (OTHER / "qt-writer.gold.txt").read_text(encoding="utf-8")


def _installed(name: str) -> bool:
    from align.ingest.fontglyphs import _installed_fonts

    return name in _installed_fonts()


needs_naskh = pytest.mark.skipif(
    not _installed("NotoNaskhArabic-Regular"), reason="Noto Naskh Arabic is not installed (fonts-noto-core)"
)


@needs_naskh
def test_a_qt_subset_is_read_by_the_outlines_of_the_installed_font() -> None:
    doc = load_document(QT)
    found = [p.source for p in doc.translated_paragraphs()]
    assert extraction_score("newsalign", found, QT_GOLD).cer <= 0.002
    text = "\n".join(found)
    assert (
        "weather.com." in text
        and "للأعاصير" in text
        and not re.search("[\U000f0000-\U000fffff]|\\[glyph", text)
    )
    report = doc.meta.ingest
    assert report is not None and all(page.drawn == page.kept + page.removed for page in report.pages)
    # The text depends on the installed fonts too: the document says which, and carries it in its JSON.
    assert any(f.startswith("NotoNaskhArabic-Regular: ") and "by outline from /" in f for f in report.fonts)
    from align.document import Document

    assert Document.from_json(doc.to_json()).meta.ingest == report


def test_without_the_installed_font_a_qt_subset_is_left_to_repair(monkeypatch: pytest.MonkeyPatch) -> None:
    import align.ingest.fontglyphs as fontglyphs

    monkeypatch.setattr(fontglyphs, "_installed_fonts", lambda: {})
    doc = load_document(QT)
    text = "\n".join(p.source for p in doc.translated_paragraphs())
    assert "weather.com." not in text  # the full stop Qt writes without Unicode stays a flagged stand-in
    assert "[glyph" in text
    assert doc.meta.ingest is not None and doc.meta.ingest.fonts == ()


@needs_naskh
def test_an_installed_font_whose_outlines_differ_is_not_used(monkeypatch: pytest.MonkeyPatch) -> None:
    # Another font under each subset's name: its outlines give the glyphs with ToUnicode entries other
    # letters (or none), so nothing is read from it.
    import align.ingest.fontglyphs as fontglyphs

    fonts = dict(fontglyphs._installed_fonts())
    other = fonts.get("NotoSansArabic-Regular") or fonts.get("NotoKufiArabic-Regular")
    if other is None:
        pytest.skip("no second Arabic font installed")
    swapped = dict.fromkeys(fonts, other)  # every font of the page, the Latin one that has the full stop too
    monkeypatch.setattr(fontglyphs, "_installed_fonts", lambda: swapped)
    text = "\n".join(p.source for p in load_document(QT).translated_paragraphs())
    assert "weather.com." not in text and "[glyph" in text


def test_the_outline_ignores_what_rewriting_a_font_changes() -> None:
    # Qt writes implied on-curve points out and orders a flattened composite's contours its own way: the
    # contour boxes, sorted, stay the same.
    from align.ingest.fontglyphs import _outline

    def program(points: list[tuple[int, int]], ends: list[int], advance: int) -> object:
        glyph = SimpleNamespace(getCoordinates=lambda table: (points, ends, [1] * len(points)))
        return {"glyf": {"g": glyph}, "hmtx": {"g": (advance, 0)}}

    square, dot = [(0, 0), (100, 0), (100, 700), (0, 700)], [(40, 800), (60, 800), (60, 820)]
    with_midpoint = [(0, 0), (50, 0), (100, 0), (100, 700), (0, 700)]
    first = _outline(program(square + dot, [3, 6], 300), "g")  # type: ignore[arg-type]
    second = _outline(program(dot + with_midpoint, [2, 7], 300), "g")  # type: ignore[arg-type]
    assert first == second
    assert first != _outline(program(square, [3], 300), "g")  # type: ignore[arg-type]


@pytest.mark.skipif(
    not _installed("NotoKufiArabic-Regular"), reason="Noto Kufi Arabic is not installed (fonts-noto-core)"
)
def test_letters_other_languages_draw_alike_are_read_as_arabic() -> None:
    # ``qt-writer-kufi.pdf``: Qt with Noto Kufi Arabic, whose cmap has no presentation forms, so Qt writes
    # Unicode for few glyphs. Medial ك and Persian ک, ي and ی, ه and ھ are one outline there: the text is
    # Arabic, so the glyph is the Arabic letter (58 % CER when such outlines were left unread).
    pdf, gold = OTHER / "qt-writer-kufi.pdf", (OTHER / "qt-writer-kufi.gold.txt").read_text(encoding="utf-8")
    found = [p.source for p in load_document(pdf).translated_paragraphs()]
    assert extraction_score("newsalign", found, gold).cer <= 0.01
    text = "\n".join(found)
    assert not re.search("[\u0660-\u08ff\U000f0000-\U000fffff]|\\[glyph", text.translate({0x66A: None}))


def _outline_font(path: Path) -> None:
    """A TrueType font whose final alef maksura and dotless final yeh (a variant of the final yeh, one
    substitution further) are one outline, with five other letters of outlines of their own."""
    from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    letters = {"uni0628": 0x628, "uni062A": 0x62A, "uni062B": 0x62B, "uni062C": 0x62C, "uni062D": 0x62D}
    letters |= {"uni0649": 0x649, "uni064A": 0x64A}
    order = [".notdef", *letters, "uni0649.fina", "uni064A.fina", "uni064A.fina.noDots"]
    boxes = {name: (10 * i, 0, 300 + 40 * i, 400 + 20 * i) for i, name in enumerate(order)}
    boxes["uni064A.fina.noDots"] = boxes["uni0649.fina"]
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        x0, y0, x1, y1 = boxes[name]
        (
            pen.moveTo((x0, y0)),
            pen.lineTo((x0, y1)),
            pen.lineTo((x1, y1)),
            pen.lineTo((x1, y0)),
            pen.closePath(),
        )
        glyphs[name] = pen.glyph()
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(order)
    builder.setupCharacterMap({code: name for name, code in letters.items()})
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (boxes[name][2] + 20, boxes[name][0]) for name in order})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Planted", "styleName": "Regular", "psName": "Planted-Regular"})
    builder.setupOS2()
    builder.setupPost()
    addOpenTypeFeaturesFromString(
        builder.font,
        "languagesystem arab dflt;\n"
        "feature fina { sub uni0649 by uni0649.fina; sub uni064A by uni064A.fina; } fina;\n"
        "feature ss01 { sub uni064A.fina by uni064A.fina.noDots; } ss01;\n",
    )
    builder.save(str(path))


def test_an_outline_two_letters_share_is_the_letter_whose_own_form_it_is(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Scheherazade's final alef maksura is also its dotless final yeh: Firefox's cairo subsets write
    neither, and the outline alone left ``على`` as ``عل[glyph …]``. The glyph a character's own positional
    form reaches in one substitution is the reading, not the variant reached in two."""
    from fontTools.ttLib import TTFont

    import align.ingest.fontglyphs as fontglyphs

    installed = tmp_path / "Planted-Regular.ttf"
    _outline_font(installed)
    monkeypatch.setattr(fontglyphs, "_installed_fonts", lambda: {"Planted-Regular": installed})
    subset = TTFont(str(installed))
    order = subset.getGlyphOrder()
    del subset["cmap"], subset["GSUB"]  # what the producer keeps: outlines and metrics
    buffer = io.BytesIO()
    subset.save(buffer)
    outlines = TTFont(io.BytesIO(buffer.getvalue()))
    names = dict(enumerate(order))
    base = {
        cid: chr(int(name[3:], 16))
        for cid, name in names.items()
        if name.startswith("uni") and "." not in name
    }
    font = SimpleNamespace(fontname="ABCDEF+Planted-Regular", unicode_map=SimpleNamespace(cid2unichr=base))
    read = fontglyphs._from_installed(font, outlines, names, [])
    assert read[order.index("uni0649.fina")] == "ى"
    assert read[order.index("uni064A.fina")] == "ي"
    depths: dict[str, int] = {}
    fontglyphs._texts(TTFont(str(installed)), depths)
    assert depths["uni0649"] == 0 and depths["uni0649.fina"] == 1 and depths["uni064A.fina.noDots"] == 2


needs_amiri = pytest.mark.skipif(
    not _installed("Amiri-Regular"), reason="Amiri is not installed (fonts-hosny-amiri)"
)


@needs_amiri
def test_a_letter_left_without_text_between_joining_letters_is_no_kashida() -> None:
    """``fixtures/pdf/other/wkhtmltopdf-amiri.pdf`` (``scripts/make_unseen_pdfs.py --seed 1``, wkhtmltopdf's
    second page): its subset of Amiri leaves a medial heh that the installed Amiri does not draw the same
    without text. It sits between two joining letters as a kashida would, but its outline is a letter's:
    kept for repair, which reads it as heh from the three words it completes."""
    doc = load_document(OTHER / "wkhtmltopdf-amiri.pdf")
    text = "\n".join(p.source for p in doc.translated_paragraphs())
    assert "طفلها" in text and "الظهر" in text and "شاركها" in text
    assert not re.search("[\U000f0000-\U000fffff]|\\[glyph", text)
    gold = (OTHER / "wkhtmltopdf-amiri.gold.txt").read_text(encoding="utf-8")
    assert extraction_score("newsalign", [p.source for p in doc.translated_paragraphs()], gold).cer <= 0.002
