"""Write the Word fixture of tests/fixtures/docx/ from NTREX-128 sentences, with python-docx.

The article is NTREX-128 document ``dailymail.co.uk.298644`` (Arabic side), grouped into paragraphs. The
byline name, the subheading, the table (its figures are the article's own) and the page header are invented.
The document has a Title, a byline paragraph in the Normal style, a Heading 2, right-to-left paragraphs, an
empty paragraph, a 3x2 table, and a page-header line that the reader must not return. Writes, in ``--out``:

    article.docx        the document (zip entries with a fixed date, so reruns give the same bytes)
    article.gold.txt    the paragraphs the DOCX reader must return (one per line, a blank line between)

    python scripts/make_docx_fixture.py [--data DIR] [--out tests/fixtures/docx]
"""

from __future__ import annotations

import argparse
import datetime
import io
import sys
import zipfile
from pathlib import Path
from typing import Any

from align.datasets import data_dir, documents_by_id

DOC_ID = "dailymail.co.uk.298644"
ROOT = Path(__file__).resolve().parent.parent
BYLINE = "بقلم: ليلى حداد"  # invented
SUBHEADING = "أرقام شهر يوليو"  # "July's figures" (invented)
PAGE_HEADER = "نشرة داخلية - لا تنشر"  # page furniture: must not be read
# Sentence numbers (0-based, within the document) of each paragraph; 0 is the headline.
PARAGRAPHS_BEFORE: tuple[tuple[int, ...], ...] = ((1, 2), (3,))
PARAGRAPHS_AFTER: tuple[tuple[int, ...], ...] = ((4, 5, 6), (7, 8))
TABLE = (
    ("القطاع", "المبيعات في يوليو"),
    ("الحانات والبارات", "ارتفاع بنسبة 2.7 في المائة"),
    ("المطاعم", "انخفاض بنسبة 4.8 في المائة"),
)
PARAGRAPH_AFTER_TABLE = (13, 14)
FIXED_DATE = (2018, 8, 14, 0, 0, 0)
# What may follow <w:bidi> in <w:pPr> (the schema's order; python-docx keeps it private).
_AFTER_BIDI = (
    *("w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents"),
    *("w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap"),
    *("w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
)


def ntrex_document(root: Path, doc_id: str) -> list[str]:
    sentences = documents_by_id("ntrex128", root).get(doc_id)
    if not sentences:
        raise SystemExit(f"make_docx_fixture: document {doc_id} not found in NTREX-128 under {root}")
    return sentences


def right_to_left(paragraph: Any) -> Any:
    """Mark a paragraph and its runs right-to-left (python-docx has runs' ``font.rtl``, not paragraphs')."""
    from docx.oxml import OxmlElement

    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.insert_element_before(OxmlElement("w:bidi"), *_AFTER_BIDI)
    for run in paragraph.runs:
        run.font.rtl = True
    return paragraph


def build(sentences: list[str]) -> tuple[bytes, list[str]]:
    import docx
    from docx.oxml import OxmlElement

    def paragraph(numbers: tuple[int, ...]) -> str:
        return " ".join(sentences[n] for n in numbers)

    document = docx.Document()
    core = document.core_properties
    core.author = core.last_modified_by = "newsalign tests"
    core.created = core.modified = datetime.datetime(*FIXED_DATE)
    core.revision = 1
    section = document.sections[0]
    right_to_left(section.header.paragraphs[0]).add_run(PAGE_HEADER).font.rtl = True

    def add(text: str, style: str | None = None) -> None:
        right_to_left(document.add_paragraph(text, style=style))  # a bidi paragraph starts on the right

    gold: list[str] = []
    title = sentences[0]
    add(title, "Title")
    add(BYLINE)
    gold += [title, BYLINE]
    for numbers in PARAGRAPHS_BEFORE:
        add(paragraph(numbers))
        gold.append(paragraph(numbers))
    add("")  # an empty paragraph: skipped
    add(SUBHEADING, "Heading 2")
    gold.append(SUBHEADING)
    for numbers in PARAGRAPHS_AFTER:
        add(paragraph(numbers))
        gold.append(paragraph(numbers))
    table = document.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    table.style = "Table Grid"
    table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))  # columns laid out right to left
    for row, values in zip(table.rows, TABLE, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.paragraphs[0].add_run(value)
            right_to_left(cell.paragraphs[0])
            gold.append(value)
    add(paragraph(PARAGRAPH_AFTER_TABLE))
    gold.append(paragraph(PARAGRAPH_AFTER_TABLE))

    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_dates(buffer.getvalue()), gold


def _fixed_dates(data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=None, help="test-data directory (default: the shipped test sets)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "fixtures" / "docx")
    args = parser.parse_args(argv)
    data, gold = build(ntrex_document(args.data or data_dir(), DOC_ID))
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "article.docx").write_bytes(data)
    (args.out / "article.gold.txt").write_text("\n\n".join(gold) + "\n", encoding="utf-8")
    for name in ("article.docx", "article.gold.txt"):
        print(f"{args.out / name}: {(args.out / name).stat().st_size} bytes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
