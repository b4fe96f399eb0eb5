"""Numbers XeLaTeX with polyglossia draws in pieces (``align/ingest/xetexnumbers.py``): ``7.55`` drawn
``55.7`` with a backed-over space glyph at the cut, read back whole; a hyphen's pieces, which the Unicode
algorithm orders the same way, left in place; a percent sign drawn on the number's right read after it.

``fixtures/pdf/other/xetex-decimals.pdf``: NTREX-128 document 14 (seven decimal numbers), Amiri, two
columns, written by ``scripts/make_xetex_font_pdfs.py --fixtures`` (pdftotext reads ``4.20``, ``26.3``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from align.ingest import xetexnumbers
from align.ingest.glyph import Glyph
from align.ingest.pdflines import chars
from align.pipeline import load_document
from eval.evaluation import extraction_score

OTHER = Path(__file__).parent / "fixtures" / "pdf" / "other"
INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
SIZE = 12.0


def _numbers(text: str) -> list[str]:
    return sorted(re.findall(r"\d+(?:[.,]\d+)*", text.translate(INDIC)))


def test_a_polyglossia_page_keeps_every_decimal_number() -> None:
    doc = load_document(OTHER / "xetex-decimals.pdf")
    gold = (OTHER / "xetex-decimals.gold.txt").read_text(encoding="utf-8")
    found = [p.source for p in doc.translated_paragraphs()]
    text = "\n".join(found)
    assert _numbers(text) == _numbers(gold)
    assert {"20.4", "5.69", "3.26", "3.1", "2.94", "2.89", "2.52"} <= set(_numbers(text))
    assert extraction_score("newsalign", found, gold).cer <= 0.002
    report = doc.meta.ingest
    assert report is not None and all(page.drawn == page.kept + page.removed for page in report.pages)
    assert sum(page.kept for page in report.pages) == chars(doc.raw_text or doc.text)


def test_without_the_rule_the_page_reads_as_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the page shows, read by the Unicode algorithm: every decimal turned round."""
    monkeypatch.setattr(xetexnumbers, "applies", lambda producer: False)
    text = "\n".join(p.source for p in load_document(OTHER / "xetex-decimals.pdf").translated_paragraphs())
    assert "20.4" not in _numbers(text)


def _drawn(text: str, backed: str = "") -> list[Glyph]:
    """Glyphs drawn left to right as ``text`` shows them; "_" is a space glyph the next glyph backs over."""
    out: list[Glyph] = []
    x = 100.0
    for ch in text:
        if ch == "_":
            out.append(Glyph(" ", x, x + 3, 0, SIZE, SIZE, False, len(out), 0.8 * SIZE))
            continue  # the pen goes back: the next glyph starts where the space does
        width = 6.0 if ch != " " else 4.0
        if ch != " ":
            out.append(Glyph(ch, x, x + width, 0, SIZE, SIZE, False, len(out), 0.8 * SIZE))
        x += width
    return out


def _shown(glyphs: list[Glyph]) -> str:
    return "".join(g.text for g in sorted(glyphs, key=lambda g: g.x0))


@pytest.mark.parametrize(
    ("drawn", "put_back"),
    [
        ("55_.7", "7.55"),  # a decimal number
        ("567_.234_.1", "1.234.567"),  # two cuts
        ("5%_.2", "%2.5"),  # with its percent sign (drawn on the left for the Unicode reading)
        ("4_-3", "4-3"),  # a hyphen: where the algorithm puts it already; the space goes
        ("55.7", "55.7"),  # no backed-over space: not polyglossia's cut
        ("45%", "%45"),  # a percent sign on the number's right
        ("%45", "%45"),
        ("ب 55 .7", "ب55.7"),  # a real word space (a gap, no glyph) is no cut
    ],
)
def test_cut_numbers_are_put_back(drawn: str, put_back: str) -> None:
    glyphs = _drawn(drawn)
    xetexnumbers.join_split_numbers(glyphs)
    assert _shown(glyphs) == put_back
    if "_" in drawn:
        assert not any(g.space for g in glyphs)


def test_only_xdvipdfmx_pages_are_read_so() -> None:
    assert xetexnumbers.applies("xdvipdfmx (20211117)")
    assert not xetexnumbers.applies("LuaTeX-1.15.0") and not xetexnumbers.applies("cairo 1.18.4")
