from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from align.document import SCHEMA_VERSION, Alternative, Document, Flag, Paragraph, RunInfo, Segment
from align.errors import DocumentFormatError
from align.ingest import read_article
from align.segment import build_document

from .conftest import SEED

RUN = RunInfo(
    version="0.1.0",
    engine="transformers",
    model="Helsinki-NLP/opus-mt-ar-en",
    revision="abc123",
    compute_type="float32",
    device="cpu",
    beam=4,
    max_length=512,
    batch_size=16,
    threads=2,
    segmenter="ar-v1",
    seconds=1.5,
)


def translated_seed() -> Document:
    doc = build_document(read_article(SEED))
    paragraphs = []
    for p in doc.paragraphs:
        segments = tuple(
            replace(
                s,
                translation=f"English {s.id}\n\t\u0000 “quoted”",
                src_tokens=("▁قال", "."),
                tgt_tokens=("▁said", "."),
                word_alignment=((0, 0), (1, 1)),
                scores={"logprob": -0.25},
                flags=(Flag("possible-truncation", "warning", "capped", span=s.span),),
            )
            for s in p.segments
        )
        paragraphs.append(replace(p, segments=segments))
    return replace(doc, paragraphs=tuple(paragraphs)).with_run(RUN)


def test_json_round_trip_untranslated() -> None:
    doc = build_document(read_article(SEED))
    assert Document.from_json(doc.to_json()) == doc


def test_json_round_trip_translated_with_control_characters() -> None:
    doc = translated_seed()
    text = doc.to_json()
    assert Document.from_json(text) == doc
    data = json.loads(text)
    assert data["schema"] == "newsalign.document"
    assert data["version"] == SCHEMA_VERSION
    assert "\u0000" not in text  # escaped, so the file stays valid text
    assert "قال" in text  # Arabic is stored readable, not as \\u escapes


def test_signature_names_what_changes_output() -> None:
    signature = RUN.signature()
    assert signature == (
        "newsalign:0.1.0|repair:none|seg:ar-v1|engine:transformers-float32|"
        "model:Helsinki-NLP/opus-mt-ar-en@abc123|beam:4|maxlen:512|device:cpu"
    )
    assert RUN.signature() == replace(RUN, batch_size=1, threads=8, seconds=9.0).signature()
    assert RUN.signature() != replace(RUN, beam=1).signature()


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(version=SCHEMA_VERSION + 1), "not supported"),
        (lambda d: d.update(version="1"), "not supported"),
        (lambda d: d.update(schema="other"), "not a newsalign Document"),
        (lambda d: d.pop("paragraphs"), "malformed"),
        (lambda d: d["paragraphs"][0].update(kind="sidebar"), "malformed"),
        (lambda d: d["paragraphs"][0]["segments"][0].pop("span"), "malformed"),
        (lambda d: d["paragraphs"][0]["segments"][0]["flags"][0].update(severity="fatal"), "malformed"),
    ],
)
def test_bad_documents_are_rejected_with_a_reason(mutate, message) -> None:  # type: ignore[no-untyped-def]
    data = translated_seed().to_dict()
    mutate(data)
    with pytest.raises(DocumentFormatError, match=message) as info:
        Document.from_json(json.dumps(data), path="doc.json")
    assert str(info.value).startswith("doc.json: ")


def test_not_json() -> None:
    with pytest.raises(DocumentFormatError, match="not valid JSON"):
        Document.from_json("{", path="x.json")


def test_paragraph_translation_joins_segments() -> None:
    a = Segment("p1.s1", "أ.", (0, 2), translation="A.")
    b = Segment("p1.s2", "ب.", (3, 5), translation="B.")
    assert Paragraph("p1", "body", (0, 5), (a, b)).translation == "A. B."
    assert Paragraph("p1", "body", (0, 5), (a, replace(b, translation=None))).translation is None


texts = st.text(max_size=30)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(texts, texts, st.sampled_from(["info", "warning", "error"])), max_size=5), texts)
def test_round_trip_arbitrary_text(items, translation) -> None:  # type: ignore[no-untyped-def]
    doc = build_document(read_article(SEED))
    flags = tuple(Flag(code, severity, message) for code, message, severity in items)  # type: ignore[arg-type]
    first = doc.paragraphs[0]
    segment = replace(first.segments[0], translation=translation, flags=flags)
    doc = replace(doc, paragraphs=(replace(first, segments=(segment,)),))
    assert Document.from_json(doc.to_json()) == doc


# -- version 2: alternatives and post-edits ----------------------------------------------------------------


def reviewed_seed() -> Document:
    doc = translated_seed()
    first, second = doc.segments[:2]
    alternatives = (Alternative(first.translation or "", -0.25), Alternative("Another try.", -0.5))
    doc = doc.with_post_edits({first.id: "Corrected.", second.id: second.translation})
    paragraphs = tuple(
        replace(
            p,
            segments=tuple(
                replace(s, alternatives=alternatives) if s.id == first.id else s for s in p.segments
            ),
        )
        for p in doc.paragraphs
    )
    return replace(doc, paragraphs=paragraphs)


def test_alternatives_and_post_edits_round_trip() -> None:
    doc = reviewed_seed()
    data = json.loads(doc.to_json())
    assert data["version"] == SCHEMA_VERSION == 2
    first = data["paragraphs"][0]["segments"][0]
    assert first["post_edit"] == "Corrected." and first["translation"].startswith("English p1.s1")
    assert first["alternatives"] == [
        {"text": first["translation"], "score": -0.25},
        {"text": "Another try.", "score": -0.5},
    ]
    assert Document.from_json(doc.to_json()) == doc
    segment = doc.segments[0]
    assert segment.final == "Corrected." and segment.translation != segment.final  # the MT is kept
    assert doc.segments[2].post_edit is None and doc.segments[2].final == doc.segments[2].translation


def test_a_version_1_document_is_still_read() -> None:
    doc = translated_seed()
    data = json.loads(doc.to_json())
    data["version"] = 1
    for paragraph in data["paragraphs"]:
        for segment in paragraph["segments"]:
            del segment["alternatives"], segment["post_edit"]  # what version 1 wrote
    assert Document.from_dict(data) == doc


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda s: s.update(post_edit=3), "expected text, got int"),
        (lambda s: s.update(alternatives=[{"score": 1.0}]), "KeyError"),
        (lambda s: s.update(alternatives=[{"text": None}]), "expected text, got NoneType"),
        (lambda s: s.update(alternatives=[{"text": "a", "score": "high"}]), "ValueError"),
    ],
)
def test_bad_post_edits_and_alternatives_are_refused(mutate, message) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(translated_seed().to_json())
    mutate(data["paragraphs"][0]["segments"][0])
    with pytest.raises(DocumentFormatError, match=message):
        Document.from_dict(data, path="doc.json")


def test_digest_covers_ids_sources_and_machine_translations_only() -> None:
    doc = translated_seed()
    digest = doc.digest()
    assert len(digest) == 64 and digest == Document.from_json(doc.to_json()).digest()
    assert reviewed_seed().digest() == digest  # post-edits and alternatives are not part of it
    rescored = replace(doc, paragraphs=tuple(replace(p, flags=()) for p in doc.paragraphs))
    assert rescored.digest() == digest
    first = doc.paragraphs[0]
    for change in (
        {"translation": "Other English."},
        {"source": first.segments[0].source + " ز"},
        {"id": "p1.s9"},
    ):
        other = replace(first, segments=(replace(first.segments[0], **change), *first.segments[1:]))
        assert replace(doc, paragraphs=(other, *doc.paragraphs[1:])).digest() != digest, change


def test_with_post_edits_sets_and_removes() -> None:
    doc = translated_seed()
    first = doc.segments[0].id
    edited = doc.with_post_edits({first: "Fixed."})
    assert (
        edited.segments[0].post_edit == "Fixed."
        and edited.segments[0].translation == doc.segments[0].translation
    )
    assert edited.with_post_edits({first: None}) == doc
    with pytest.raises(KeyError, match=r"p99\.s1"):
        doc.with_post_edits({"p99.s1": "x"})
    untranslated = build_document(read_article(SEED))
    with pytest.raises(ValueError, match="no machine translation"):
        untranslated.with_post_edits({first: "x"})


def test_to_dict_is_what_asdict_makes() -> None:
    """The Document's own conversion (no deep copies) gives exactly ``dataclasses.asdict``'s result."""
    import dataclasses

    from align.document import SCHEMA, SCHEMA_VERSION

    doc = translated_seed()
    expected = {"schema": SCHEMA, "version": SCHEMA_VERSION, **dataclasses.asdict(doc)}
    assert doc.to_dict() == expected
    assert doc.to_json() == json.dumps(expected, ensure_ascii=False, indent=1) + "\n"  # byte for byte
