"""A page printed by Firefox (Gecko's layout and bidirectional ordering, HarfBuzz shaping, cairo's PDF
surface): ``fixtures/pdf/other/firefox-2col.pdf``, the ``news-chromium-2col`` article (Noto Sans Arabic, two
columns, a pull-quote, Arabic-Indic digits in two paragraphs) written by ``scripts/make_firefox_pdfs.py
--fixtures``.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from align.document import Document
from align.ingest.pdflines import chars
from align.pipeline import load_document
from eval.evaluation import extraction_score

OTHER = Path(__file__).parent / "fixtures" / "pdf" / "other"
INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


@cache
def document() -> Document:
    return load_document(OTHER / "firefox-2col.pdf")


def test_a_firefox_page_reads_back_whole() -> None:
    doc = document()
    gold = (OTHER / "firefox-2col.gold.txt").read_text(encoding="utf-8")
    truth = [p for p in gold.split("\n\n") if p.strip()]
    found = [p.source for p in doc.translated_paragraphs()]
    assert extraction_score("newsalign", found, gold).cer <= 0.002
    assert len(found) == len(truth) and found[0] == truth[0]
    text = "\n".join(found)
    assert sorted(re.findall(r"\d+", text.translate(INDIC))) == sorted(
        re.findall(r"\d+", gold.translate(INDIC))
    )
    assert "[glyph" not in text
    assert [p.kind for p in doc.paragraphs].count("pullquote") == 1


def test_every_glyph_of_the_firefox_page_is_accounted_for() -> None:
    doc = document()
    report = doc.meta.ingest
    assert report is not None and all(page.drawn == page.kept + page.removed for page in report.pages)
    assert sum(page.kept for page in report.pages) == chars(doc.raw_text or doc.text)
