"""Invariants of the whole pipeline over generated input: read → repair → segment → translate → serialise.

Arabic-heavy text with Private-Use glyphs, control and bidi characters, odd spaces, empty lines and huge
paragraphs, plus arbitrary Unicode, in three encodings. For every input: reading either succeeds or fails with
a one-line ``InputError``; every non-space character of the text is in exactly one sentence, in order;
repair removes no letter it does not report; the Document JSON round-trips before and after translation;
with a deterministic fake engine every sentence is translated exactly once and gets exactly the translation
of its pieces; and every export format and the review page are written without a control character they
cannot hold.

The normal run generates a few hundred cases. ``NEWSALIGN_FUZZ=1`` generates 10,000 (``NEWSALIGN_FUZZ=N``:
N); run it as ``NEWSALIGN_FUZZ=1 python -m pytest tests/test_fuzz.py --hypothesis-show-statistics``.
"""

from __future__ import annotations

import io
import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from align.document import Document
from align.errors import InputError
from align.ingest import read_article
from align.render.export import TSV_COLUMNS, export
from align.render.html import to_html
from align.repair import RepairOptions, repair_text
from align.segment import build_document, normalize_space
from align.text import fold_digits
from align.translate.batching import plan_pieces, translate_document

from .fake_engine import FakeEngine, fake_translation


def _examples() -> int:
    value = os.environ.get("NEWSALIGN_FUZZ", "").strip()
    if not value or value == "0":
        return 200
    return 10_000 if value == "1" else int(value)


EXAMPLES = _examples()

_LETTERS = "ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآةى"
_ARABIC = _LETTERS * 4 + "\u064b\u064e\u064f\u0650\u0651\u0652\u0670ـ،؛؟٠١٢٣٤٥٦٧٨٩٫\ufefb\ufe8d\ufb50\ufdf2"
_PUA = "\ue005\ue008\ue009\ue00a\ue00d\ue0a5\ue072\uf8ff"
_CONTROLS = "\x01\x07\x08\x0b\x0c\x1b\x1c\x1f\x7f\x85\u2028\u2029\r\u200e\u200f\u202b\u202e\u2066\u2069\u061c"
_INVISIBLE = "\u200b\u200c\u200d\ufeff\u00ad"
_SPACES = "    \t\u00a0\u2003\u3000\n"
_PUNCTUATION = ".....!?…\"'«»“”()[]:-/"
_LATIN = "abcXYZ0123456789@"
ALPHABET = list(_ARABIC + _PUA + _CONTROLS + _INVISIBLE + _SPACES + _PUNCTUATION + _LATIN)
LETTERS = re.compile("[\u0621-\u063f\u0641-\u064a]")  # as in test_repair: Arabic letters without tatweel
# Repair changes that move text between paragraph kinds without removing it from the Document.
_STRUCTURAL = ("pullquote", "title", "footer", "paragraph-join")

paragraph = st.text(alphabet=st.sampled_from(ALPHABET), max_size=200)
huge = st.tuples(
    st.text(alphabet=st.sampled_from(ALPHABET), min_size=1, max_size=40), st.integers(20, 200)
).map(lambda t: t[0] * t[1])
anything = st.text(max_size=120)  # any code point but surrogates, which no encoding of a file can hold
separator = st.sampled_from(["\n", "\n\n", "\n \n", "\r\n\r\n", "\n\n\n", "\n\t\n", ""])
article = st.lists(
    st.tuples(st.one_of(paragraph, paragraph, paragraph, anything, huge), separator), max_size=10
).map(lambda parts: "".join(block + gap for block, gap in parts))


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(article, st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]), st.booleans())
@example("0\r:0\tﷲ\n", "utf-8", True)  # a line reordered after its ligature was expanded (hypothesis)
def test_pipeline_invariants(text: str, encoding: str, repair: bool) -> None:
    try:
        raw = read_article("-", stdin=io.BytesIO(text.encode(encoding)))
    except InputError as exc:
        assert "\n" not in str(exc)
        assert _may_be_refused(text), exc
        return
    if repair:
        repaired = repair_text(raw.text, RepairOptions(dictionary=False), structured=bool(raw.blocks))
        doc = build_document(raw, repaired)
        _check_no_letter_lost(raw.text, repaired.text, repaired.report.changes)
    else:
        doc = build_document(raw)
    _check_segments_cover_the_text(doc)
    assert Document.from_json(doc.to_json()) == doc

    engine = FakeEngine()
    translated = translate_document(doc, engine)
    _check_every_sentence_translated_once(doc, translated, engine)
    assert Document.from_json(translated.to_json()) == translated
    _check_outputs(translated)


def _may_be_refused(text: str) -> bool:
    """Empty, binary (NUL), or looking like another format (HTML, PDF, Word) whose reader finds no text."""
    return (
        not text.lstrip("\ufeff").strip()
        or "\x00" in text
        or "<" in text[:4096]
        or "%PDF-" in text[:1024]
        or text.startswith("PK\x03\x04")
    )


def _check_segments_cover_the_text(doc: Document) -> None:
    text = doc.text
    covered = [i for p in doc.paragraphs for s in p.segments for i in range(*s.span) if not text[i].isspace()]
    assert covered == [i for i, ch in enumerate(text) if not ch.isspace()]  # each once, in order
    for index, p in enumerate(doc.paragraphs, start=1):
        assert p.id == f"p{index}"
        assert p.segments, p
        for s_index, s in enumerate(p.segments, start=1):
            assert s.id == f"p{index}.s{s_index}"
            assert p.span[0] <= s.span[0] < s.span[1] <= p.span[1]
            assert s.source == normalize_space(text[s.span[0] : s.span[1]])
            assert 0 <= doc.raw_offset(s.span[0]) <= max(len(doc.raw_text or text) - 1, 0)
    for a, b in pairwise(doc.paragraphs):
        assert a.span[1] <= b.span[0]


def _check_no_letter_lost(raw: str, text: str, changes: tuple) -> None:  # type: ignore[type-arg]
    removed: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for change in changes:
        if change.code not in _STRUCTURAL:
            removed += Counter(LETTERS.findall(change.before))
            added += Counter(LETTERS.findall(change.after))
    # Signed arithmetic: a later change may move letters an earlier one added (a reorder of a line whose
    # ligature was expanded), and Counter's "-" would drop the negative counts on the way.
    expected = Counter(LETTERS.findall(raw))
    expected.update(added)
    expected.subtract(removed)
    assert all(n >= 0 for n in expected.values()), expected
    assert Counter(LETTERS.findall(text)) == +expected


def _check_every_sentence_translated_once(before: Document, after: Document, engine: FakeEngine) -> None:
    assert [p.id for p in after.paragraphs] == [p.id for p in before.paragraphs]
    sources = []
    for p_before, p_after in zip(before.paragraphs, after.paragraphs, strict=True):
        assert [(s.id, s.source, s.span) for s in p_after.segments] == [
            (s.id, s.source, s.span) for s in p_before.segments
        ]
        for segment in p_after.segments:
            if not p_after.is_translated:
                assert segment.translation is None
                continue
            sources.append(segment.source)
            pieces, _ = plan_pieces([fold_digits(segment.source)], engine)  # what the model is given
            assert segment.translation == " ".join(fake_translation(piece.text) for piece in pieces)
    planned, _ = plan_pieces([fold_digits(source) for source in sources], engine)
    assert engine.calls == Counter(piece.text for piece in planned)  # every piece once, nothing else


def _check_outputs(doc: Document) -> None:
    translated = [s for p in doc.paragraphs if p.is_translated for s in p.segments]
    for fmt in ("tmx", "xliff"):
        if fmt == "xliff" and not translated:
            with pytest.raises(ValueError, match="nothing to export"):
                export(doc, fmt)
            continue
        ET.fromstring(export(doc, fmt).encode("utf-8"))  # well-formed XML 1.0, so no forbidden character
    tsv = export(doc, "tsv").encode("utf-8").decode("utf-8").split("\n")
    assert tsv[-1] == "" and len(tsv) - 2 == len(translated)
    assert all(len(row.split("\t")) == len(TSV_COLUMNS) for row in tsv[:-1])
    jsonl = export(doc, "jsonl").encode("utf-8").decode("utf-8").split("\n")
    records = [json.loads(line) for line in jsonl[:-1]]
    assert [r["id"] for r in records] == [s.id for s in doc.segments]
    page = to_html(doc).encode("utf-8").decode("utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", page)
    doc.to_json().encode("utf-8")
