from __future__ import annotations

from dataclasses import replace

import pytest

from align.ingest import read_article
from align.render import to_text
from align.segment import build_document

from .conftest import CLEAN


def test_text_keeps_paragraphs_one_to_one_and_marks_gaps() -> None:
    doc = build_document(read_article(CLEAN))
    paragraphs = [
        replace(
            p,
            segments=tuple(
                replace(s, translation="" if s.id == "p2.s2" else s.id.upper()) for s in p.segments
            ),
        )
        for p in doc.paragraphs
    ]
    text = to_text(replace(doc, paragraphs=tuple(paragraphs)))
    assert text == "P1.S1\n\nP2.S1 [no translation: p2.s2]\n\nP3.S1 P3.S2 P3.S3\n"


def test_untranslated_document_is_refused() -> None:
    with pytest.raises(ValueError, match=r"p1\.s1 is not translated"):
        to_text(build_document(read_article(CLEAN)))
