"""Exporters (TMX, XLIFF, TSV, JSON Lines, text) and ``newsalign export``: every format parses back to
the Document it came from; planted control characters and markup survive as escaped or removed text."""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
import typer
from lxml import etree
from typer.testing import CliRunner, Result

from align import __version__
from align.cli.export import EXTENSIONS as CLI_EXTENSIONS
from align.cli.export import ExportFormat, export
from align.document import Document, Flag, Paragraph, RunInfo, Segment
from align.pipeline import load_document
from align.render.export import (
    EXTENSIONS,
    FORMATS,
    TSV_COLUMNS,
    XLIFF_NS,
    format_for_path,
    to_jsonl,
    to_tmx,
    to_tsv,
    to_txt,
    to_xliff,
)
from align.render.text import to_text

from .conftest import SEED

SCHEMAS = Path(__file__).resolve().parent / "schemas"
X = f"{{{XLIFF_NS}}}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
Writer = Callable[[Document], str]
JSONL_KEYS = ("id", "paragraph", "kind", "source", "translation", "flags", "scores", "word_alignment")
JSONL_KEYS += ("post_edited", "machine_translation", "alternatives")

RUN = RunInfo(
    version=__version__,
    engine="ct2",
    model="Helsinki-NLP/opus-mt-ar-en",
    revision="abc123",
    compute_type="int8",
    device="cpu",
    beam=4,
    max_length=512,
    batch_size=16,
    threads=2,
    segmenter="ar-v1",
    repair="v1",
)
NUMBER = Flag("number-mismatch", "warning", "2016 in the source, 2015 in the translation")
TRUNC = Flag("possible-truncation", "error", "output reached the length cap <512> & stopped")
EMPTY = Flag("empty-output", "error", "the model produced no text")

# Characters XML 1.0 forbids, and what the XML/TSV/text exporters make of them: removed, or a space where
# str.split() sees whitespace (so word boundaries survive).
HAZARD_SRC = "قال\x00 ترامب\x0bإن <b> & \"x\" 'y'\x1f."
HAZARD_SRC_CLEAN = "قال ترامب إن <b> & \"x\" 'y' ."
HAZARD_TGT = "Trump\x01 said\x0cthat <b>&amp; \"x\" 'y'\ufffe\x08\x1c."
HAZARD_TGT_CLEAN = "Trump said that <b>&amp; \"x\" 'y' ."
TSV_TGT = "one\ttwo\nthree\r\nfour\u2028five\x85six"
TSV_TGT_CLEAN = "one two three four five six"


def _translation(segment_id: str) -> str:
    return f"Sentence {segment_id} in English, with a comma; and words."


@pytest.fixture(scope="module")
def base() -> Document:
    return load_document(SEED)


@pytest.fixture(scope="module")
def doc(base: Document) -> Document:
    """The seed article, translated by hand: flags, scores and alignments planted on a few sentences."""
    paragraphs = []
    for paragraph in base.paragraphs:
        if not paragraph.is_translated:
            paragraphs.append(paragraph)
            continue
        segments = []
        for segment in paragraph.segments:
            new = replace(
                segment,
                translation=_translation(segment.id),
                scores={"chrf": 51.25, "bleu": 20.0},
                word_alignment=((0, 0), (1, 2), (2, 1)),
            )
            if segment.id == "p1.s1":
                new = replace(new, flags=(NUMBER, TRUNC, NUMBER))
            elif segment.id == "p2.s1":
                new = replace(new, source=HAZARD_SRC, translation=HAZARD_TGT, flags=(NUMBER,))
            elif segment.id == "p3.s1":
                new = replace(new, translation=TSV_TGT, scores={"chrf": math.nan, "ter": math.inf})
            elif segment.id == "p5.s2":
                new = replace(new, translation="", flags=(EMPTY,))
            segments.append(new)
        paragraphs.append(replace(paragraph, segments=tuple(segments)))
    return replace(base, paragraphs=tuple(paragraphs)).with_run(RUN)


def xml_clean(text: str) -> str:
    """What the XML exporters make of a planted text (CRLF becomes LF, as an XML parser would read it)."""
    return {HAZARD_SRC: HAZARD_SRC_CLEAN, HAZARD_TGT: HAZARD_TGT_CLEAN}.get(text, text).replace("\r\n", "\n")


def translated(doc: Document) -> list[tuple[Paragraph, Segment]]:
    return [(p, s) for p in doc.paragraphs if p.is_translated for s in p.segments]


def parse(text: str) -> etree._ElementTree:
    # A strict parser: no recovery, no network, no entity expansion from outside.
    parser = etree.XMLParser(recover=False, no_network=True, resolve_entities=False, load_dtd=False)
    return etree.parse(io.BytesIO(text.encode("utf-8")), parser)


def test_the_test_document_covers_the_cases(doc: Document) -> None:
    kinds = {p.kind for p in doc.paragraphs}
    assert {"body", "pullquote", "footer"} <= kinds
    assert any(s.translation is None for p in doc.paragraphs if p.kind == "pullquote" for s in p.segments)
    assert any(p.flags for p in doc.paragraphs if p.is_translated)  # repair's paragraph flags


# -- TMX ------------------------------------------------------------------------------------------------


def test_tmx_round_trip(doc: Document) -> None:
    tree = parse(to_tmx(doc))
    root = tree.getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert tree.docinfo.system_url == "tmx14.dtd"
    header = root.find("header")
    assert header is not None
    assert dict(header.attrib) == {
        "creationtool": "newsalign",
        "creationtoolversion": __version__,
        "segtype": "sentence",
        "o-tmf": "newsalign",
        "adminlang": "en",
        "srclang": "ar",
        "datatype": "plaintext",
        "creationdate": header.get("creationdate"),
    }
    assert len(header.get("creationdate", "")) == 16 and header.get("creationdate", "").endswith("Z")
    props = {p.get("type"): p.text for p in header.findall("prop")}
    assert props["x-signature"] == RUN.signature()
    assert props["x-source"] == doc.meta.source and props["x-source-sha256"] == doc.meta.sha256

    got = []
    for tu in root.iterfind("body/tu"):
        tuvs = tu.findall("tuv")
        assert [t.get(XML_LANG) for t in tuvs] == ["ar", "en"]
        got.append((tu.get("tuid"), tuvs[0].findtext("seg"), tuvs[1].findtext("seg")))
    expected = [
        (s.id, xml_clean(s.source), xml_clean(s.translation or ""))
        for _, s in translated(doc)
        if s.translation  # the empty output (p5.s2) is not a translation-memory entry
    ]
    assert got == expected
    assert "p5.s2" not in {tuid for tuid, _, _ in got} and len(got) == len(translated(doc)) - 1


def test_tmx_props_and_flag_notes(doc: Document) -> None:
    root = parse(to_tmx(doc)).getroot()
    by_id = {tu.get("tuid"): tu for tu in root.iterfind("body/tu")}
    paragraph_of = {s.id: p for p, s in translated(doc)}
    for tuid, tu in by_id.items():
        props = {p.get("type"): p.text for p in tu.findall("prop")}
        assert props["x-paragraph"] == paragraph_of[tuid].id
        assert props["x-kind"] == paragraph_of[tuid].kind
        assert ("x-flags" in props) == (tuid in {"p1.s1", "p2.s1"})
    p1s1 = by_id["p1.s1"]
    assert {p.get("type"): p.text for p in p1s1.findall("prop")}["x-flags"] == (
        "number-mismatch,possible-truncation"  # codes once each, in order
    )
    notes = [n.text for n in p1s1.findall("note")]
    assert notes[1] == "possible-truncation (error): output reached the length cap <512> & stopped"
    assert len(notes) == 3


def test_tmx_is_valid_against_the_tmx14_dtd(doc: Document) -> None:
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    tree = parse(to_tmx(doc))
    assert dtd.validate(tree), dtd.error_log.filter_from_errors()


def test_tmx_dtd_rejects_what_it_should() -> None:
    """The DTD check is not vacuous: a TMX missing a required header attribute fails it."""
    dtd = etree.DTD(str(SCHEMAS / "tmx14.dtd"))
    bad = parse('<tmx version="1.4"><header srclang="ar"/><body/></tmx>')
    assert not dtd.validate(bad)


# -- XLIFF ----------------------------------------------------------------------------------------------

# Our own schema for the subset of XLIFF 2.0 core that newsalign writes, from the XLIFF 2.0 specification
# (the OASIS xliff_core_2.0.xsd is not available here: see tests/schemas/README.md). Attribute types follow
# the specification: ids are NMTOKENs, type is "prefix:value", priority 1..10, state one of four values.
XLIFF_SUBSET_XSD = f"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xlf="{XLIFF_NS}"
           targetNamespace="{XLIFF_NS}" elementFormDefault="qualified">
  <xs:simpleType name="typeValue">
    <xs:restriction base="xs:string"><xs:pattern value="[^\\s:]+:[^\\s:]+"/></xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="priorityValue">
    <xs:restriction base="xs:positiveInteger">
      <xs:minInclusive value="1"/><xs:maxInclusive value="10"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="stateValue">
    <xs:restriction base="xs:string">
      <xs:enumeration value="initial"/><xs:enumeration value="translated"/>
      <xs:enumeration value="reviewed"/><xs:enumeration value="final"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:element name="xliff">
    <xs:complexType>
      <xs:sequence><xs:element ref="xlf:file" maxOccurs="unbounded"/></xs:sequence>
      <xs:attribute name="version" type="xs:string" use="required" fixed="2.0"/>
      <xs:attribute name="srcLang" type="xs:language" use="required"/>
      <xs:attribute name="trgLang" type="xs:language"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="file">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="xlf:notes" minOccurs="0"/>
        <xs:choice maxOccurs="unbounded">
          <xs:element ref="xlf:unit"/><xs:element ref="xlf:group"/>
        </xs:choice>
      </xs:sequence>
      <xs:attribute name="id" type="xs:NMTOKEN" use="required"/>
      <xs:attribute name="original" type="xs:string"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="group">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="xlf:notes" minOccurs="0"/>
        <xs:choice minOccurs="0" maxOccurs="unbounded">
          <xs:element ref="xlf:unit"/><xs:element ref="xlf:group"/>
        </xs:choice>
      </xs:sequence>
      <xs:attribute name="id" type="xs:NMTOKEN" use="required"/>
      <xs:attribute name="name" type="xs:string"/>
      <xs:attribute name="type" type="xlf:typeValue"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="unit">
    <xs:complexType>
      <xs:sequence>
        <xs:element ref="xlf:notes" minOccurs="0"/>
        <xs:element ref="xlf:segment" maxOccurs="unbounded"/>
      </xs:sequence>
      <xs:attribute name="id" type="xs:NMTOKEN" use="required"/>
      <xs:attribute name="name" type="xs:string"/>
      <xs:attribute name="type" type="xlf:typeValue"/>
    </xs:complexType>
  </xs:element>
  <xs:element name="notes">
    <xs:complexType>
      <xs:sequence><xs:element ref="xlf:note" maxOccurs="unbounded"/></xs:sequence>
    </xs:complexType>
  </xs:element>
  <xs:element name="note">
    <xs:complexType>
      <xs:simpleContent>
        <xs:extension base="xs:string">
          <xs:attribute name="id" type="xs:NMTOKEN"/>
          <xs:attribute name="category" type="xs:string"/>
          <xs:attribute name="priority" type="xlf:priorityValue"/>
          <xs:attribute name="appliesTo">
            <xs:simpleType>
              <xs:restriction base="xs:string">
                <xs:enumeration value="source"/><xs:enumeration value="target"/>
              </xs:restriction>
            </xs:simpleType>
          </xs:attribute>
        </xs:extension>
      </xs:simpleContent>
    </xs:complexType>
  </xs:element>
  <xs:element name="segment">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="source" type="xs:string"/>
        <xs:element name="target" type="xs:string" minOccurs="0"/>
      </xs:sequence>
      <xs:attribute name="id" type="xs:NMTOKEN"/>
      <xs:attribute name="state" type="xlf:stateValue"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""


def xliff_problems(tree: etree._ElementTree) -> list[str]:
    """Subset schema plus the constraints of XLIFF 2.0 that a schema does not express."""
    schema = etree.XMLSchema(etree.fromstring(XLIFF_SUBSET_XSD.encode()))
    problems = [str(e) for e in schema.error_log] if not schema.validate(tree) else []
    for file in tree.getroot().iterfind(f"{X}file"):
        ids = [e.get("id") for e in file.iter(f"{X}group", f"{X}unit")]
        problems += [f"duplicate id {i}" for i in {i for i in ids if ids.count(i) > 1}]
    for seg in tree.getroot().iter(f"{X}segment"):  # a state past "initial" needs a target
        if seg.get("state", "initial") != "initial" and seg.find(f"{X}target") is None:
            problems.append(f"state {seg.get('state')} without a target")
    return problems


def test_xliff_round_trip(doc: Document) -> None:
    tree = parse(to_xliff(doc))
    root = tree.getroot()
    assert root.tag == f"{X}xliff"
    assert (root.get("version"), root.get("srcLang"), root.get("trgLang")) == ("2.0", "ar", "en")
    files = root.findall(f"{X}file")
    assert len(files) == 1 and files[0].get("original") == doc.meta.source
    file_notes = {n.get("category"): n.text for n in files[0].iterfind(f"{X}notes/{X}note")}
    assert file_notes == {"signature": RUN.signature(), "source-sha256": doc.meta.sha256}

    groups = files[0].findall(f"{X}group")
    assert [(g.get("id"), g.get("type")) for g in groups] == [
        (p.id, f"newsalign:{p.kind}") for p in doc.paragraphs if p.is_translated
    ]
    got = []
    for group in groups:
        for unit in group.findall(f"{X}unit"):
            (seg,) = unit.findall(f"{X}segment")
            source, target = seg.findtext(f"{X}source"), seg.findtext(f"{X}target")
            got.append((group.get("id"), unit.get("id"), seg.get("state"), source, target))
    expected = [
        (
            p.id,
            s.id,
            "translated" if s.translation else "initial",
            xml_clean(s.source),
            xml_clean(s.translation) if s.translation else None,
        )
        for p, s in translated(doc)
    ]
    assert got == expected


def test_xliff_flags_are_notes(doc: Document) -> None:
    root = parse(to_xliff(doc)).getroot()
    units = {u.get("id"): u for u in root.iter(f"{X}unit")}
    notes = [(n.get("category"), n.get("priority"), n.text) for n in units["p1.s1"].iter(f"{X}note")]
    assert notes == [
        ("number-mismatch", "5", NUMBER.message),
        ("possible-truncation", "1", TRUNC.message),
        ("number-mismatch", "5", NUMBER.message),
    ]
    assert units["p1.s2"].find(f"{X}notes") is None
    flagged = {p.id: p.flags for p in doc.paragraphs if p.is_translated and p.flags}
    groups = {g.get("id"): g for g in root.iter(f"{X}group")}
    for pid, flags in flagged.items():
        got = [n.get("category") for n in groups[pid].findall(f"{X}notes/{X}note")]
        assert got == [f.code for f in flags]


def test_xliff_is_valid_against_the_subset_schema(doc: Document) -> None:
    assert xliff_problems(parse(to_xliff(doc))) == []


@pytest.mark.parametrize(
    "broken, problem",
    [
        (
            '<file id="f1"><unit id="u"><segment state="translated"><source>a</source></segment></unit>'
            "</file>",
            "state translated without a target",
        ),
        (
            '<file id="f1"><unit id="u"><segment><source>a</source></segment></unit>'
            '<unit id="u"><segment><source>b</source></segment></unit></file>',
            "duplicate id u",
        ),
        (
            '<file id="f1"><unit id="u"><segment state="done"><source>a</source></segment></unit></file>',
            "'done' is not an element of the set",
        ),
        (
            '<file id="f1"><group id="p1" type="body"/><unit id="u"><segment><source>a</source></segment>'
            "</unit></file>",
            "The value 'body' is not accepted by the pattern",
        ),
        (
            '<file id="f1"><unit id="u"><segment><target>b</target><source>a</source></segment></unit>'
            "</file>",
            "Expected is ( {urn:oasis:names:tc:xliff:document:2.0}source )",
        ),
        ('<file id="f1"></file>', "file': Missing child element(s)"),
    ],
)
def test_the_xliff_check_rejects_what_it_should(broken: str, problem: str) -> None:
    text = f'<xliff xmlns="{XLIFF_NS}" version="2.0" srcLang="ar" trgLang="en">{broken}</xliff>'
    problems = xliff_problems(parse(text))
    assert any(problem in p for p in problems), problems


# -- hazards --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("writer", [to_tmx, to_xliff])
def test_planted_characters_survive_as_escaped_or_removed_text(doc: Document, writer: Writer) -> None:
    text = writer(doc)
    for char in "\x00\x01\x08\x0b\x0c\x1c\x1f\ufffe":
        assert char not in text
    assert "&lt;b&gt;&amp;amp;" in text  # escaped by the XML library, once
    tree = parse(text)  # well-formed (the strict parser raises otherwise)
    texts = {e.text for e in tree.getroot().iter() if e.text}
    assert HAZARD_SRC_CLEAN in texts and HAZARD_TGT_CLEAN in texts
    # the words a word alignment indexes are still the same words
    assert len(HAZARD_SRC_CLEAN.split()) == len(HAZARD_SRC.split())
    assert len(HAZARD_TGT_CLEAN.split()) == len(HAZARD_TGT.split())


def test_removed_characters_are_reported(doc: Document, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="align.render.export"):
        to_tmx(doc)
    assert "2 text(s) held characters that TMX cannot carry" in caplog.text
    caplog.clear()
    clean = replace(doc, paragraphs=tuple(p for p in doc.paragraphs if p.id not in {"p2", "p3"}))
    with caplog.at_level(logging.WARNING, logger="align.render.export"):
        to_tmx(clean)
    assert caplog.text == ""


def test_markup_in_ids_and_messages_is_escaped(doc: Document) -> None:
    odd = Flag('x<&>"', "info", 'a <tag> & a "quote"\x02')
    paragraphs = tuple(
        replace(p, segments=(replace(p.segments[0], flags=(odd,)), *p.segments[1:])) if p.id == "p1" else p
        for p in doc.paragraphs
    )
    changed = replace(doc, paragraphs=paragraphs)
    tmx = parse(to_tmx(changed)).getroot()
    assert 'x<&>" (info): a <tag> & a "quote"' in [n.text for n in tmx.iter("note")]
    xliff = parse(to_xliff(changed)).getroot()
    note = next(n for n in xliff.iter(f"{X}note") if n.get("category") == 'x<&>"')
    assert note.text == 'a <tag> & a "quote"'


# -- TSV, JSON Lines, text ------------------------------------------------------------------------------


def test_tsv_round_trip(doc: Document) -> None:
    text = to_tsv(doc)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert tuple(rows[0]) == TSV_COLUMNS
    assert len(rows) - 1 == len(translated(doc)) == text.count("\n") - 1  # one line per record
    assert all(len(row) == len(TSV_COLUMNS) for row in rows)
    for row, (paragraph, segment) in zip(rows[1:], translated(doc), strict=True):
        record = dict(zip(TSV_COLUMNS, row, strict=True))
        assert record["paragraph"] == paragraph.id and record["segment"] == segment.id
        assert record["kind"] == paragraph.kind
        assert record["source"] == xml_clean(segment.source)
        want = {TSV_TGT: TSV_TGT_CLEAN}.get(segment.translation or "", xml_clean(segment.translation or ""))
        assert record["translation"] == want
        assert record["flags"] == ",".join(dict.fromkeys(f.code for f in segment.flags))
        scores = json.loads(record["scores"])
        assert scores == {k: (v if math.isfinite(v) else None) for k, v in segment.scores.items()}
    by_id = {r[1]: r for r in rows[1:]}
    assert by_id["p2.s1"][4] == HAZARD_TGT_CLEAN  # quotes are literal: no csv quoting
    assert by_id["p3.s1"][4] == TSV_TGT_CLEAN and by_id["p3.s1"][6] == '{"chrf":null,"ter":null}'
    assert by_id["p5.s2"][4] == "" and by_id["p5.s2"][5] == "empty-output"


def test_jsonl_round_trip(doc: Document) -> None:
    text = to_jsonl(doc)
    lines = text.splitlines()  # splitlines also breaks on U+2028 and friends: they must be escaped
    assert len(lines) == len(doc.segments) and text.endswith("\n")
    for line, (paragraph, segment) in zip(
        lines, [(p, s) for p in doc.paragraphs for s in p.segments], strict=True
    ):
        record = json.loads(line)
        assert tuple(record) == JSONL_KEYS
        assert record["id"] == segment.id and record["paragraph"] == paragraph.id
        assert record["kind"] == paragraph.kind
        assert record["source"] == segment.source  # lossless: control characters included
        assert record["translation"] == segment.translation
        assert record["flags"] == [
            {"code": f.code, "severity": f.severity, "message": f.message} for f in segment.flags
        ]
        assert record["scores"] == {k: (v if math.isfinite(v) else None) for k, v in segment.scores.items()}
        assert [tuple(pair) for pair in record["word_alignment"]] == list(segment.word_alignment)
    pullquotes = [json.loads(x) for x in lines if json.loads(x)["kind"] == "pullquote"]
    assert pullquotes and all(r["translation"] is None for r in pullquotes)


def test_jsonl_exports_an_untranslated_document(base: Document) -> None:
    records = [json.loads(x) for x in to_jsonl(base).splitlines()]
    assert [r["id"] for r in records] == [s.id for s in base.segments]
    assert all(r["translation"] is None and r["word_alignment"] == [] for r in records)


def test_jsonl_drops_lone_surrogates(doc: Document) -> None:
    paragraphs = tuple(
        replace(p, segments=(replace(p.segments[0], translation="bad \ud800 half"), *p.segments[1:]))
        if p.id == "p1"
        else p
        for p in doc.paragraphs
    )
    text = to_jsonl(replace(doc, paragraphs=paragraphs))
    text.encode("utf-8")  # would raise on a lone surrogate
    assert json.loads(text.splitlines()[0])["translation"] == "bad  half"


def test_txt_is_the_english_text(doc: Document) -> None:
    text = to_txt(doc)
    assert text == to_text(doc).replace(HAZARD_TGT, HAZARD_TGT_CLEAN).replace("\r\n", "\n")
    assert "[no translation: p5.s2]" in text
    assert text.count("\n\n") == sum(p.is_translated for p in doc.paragraphs) - 1


@pytest.mark.parametrize("writer", [to_tmx, to_xliff, to_tsv, to_txt])
def test_untranslated_document_is_refused(base: Document, writer: Writer) -> None:
    with pytest.raises(ValueError, match=r"^not translated: .* run `newsalign translate"):
        writer(base)


def test_partly_translated_document_is_refused(doc: Document) -> None:
    paragraphs = tuple(
        replace(p, segments=(replace(p.segments[0], translation=None), *p.segments[1:]))
        if p.id == "p7"
        else p
        for p in doc.paragraphs
    )
    with pytest.raises(ValueError, match=r"1 of \d+ sentences have no translation \(first: p7\.s1\)"):
        to_tmx(replace(doc, paragraphs=paragraphs))


def test_format_tables_agree() -> None:
    assert list(FORMATS) == [f.value for f in ExportFormat]
    assert CLI_EXTENSIONS == EXTENSIONS
    assert format_for_path("out/A.XLF") == "xliff" and format_for_path("a.json") is None


def test_output_is_deterministic(doc: Document) -> None:
    for writer in FORMATS.values():
        assert writer(doc) == writer(doc)


# -- the command ----------------------------------------------------------------------------------------

cli = typer.Typer()
cli.command("export")(export)


@cli.callback()
def _group() -> None:
    """Keeps "export" a subcommand, as in the real app."""


runner = CliRunner()


def run(*args: str) -> Result:
    return runner.invoke(cli, ["export", *args])


def error_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture()
def doc_json(doc: Document, tmp_path: Path) -> Path:
    path = tmp_path / "doc.json"
    path.write_text(doc.to_json(), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "suffix, writer",
    [
        (".tmx", to_tmx),
        (".xlf", to_xliff),
        (".XLIFF", to_xliff),
        (".tsv", to_tsv),
        (".jsonl", to_jsonl),
        (".txt", to_txt),
    ],
)
def test_cli_writes_the_format_its_extension_names(doc_json: Path, suffix: str, writer: Writer) -> None:
    out = doc_json.parent / f"out{suffix}"
    result = run(str(doc_json), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    doc = Document.from_json(doc_json.read_text(encoding="utf-8"))
    assert out.read_text(encoding="utf-8") == writer(doc)
    assert sorted(p.name for p in doc_json.parent.iterdir()) == sorted(["doc.json", out.name])  # no temp


def test_cli_format_option_wins_and_stdout(doc_json: Path) -> None:
    result = run(str(doc_json), "--format", "tmx")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx')
    out = doc_json.parent / "x.txt"
    result = run(str(doc_json), "-f", "jsonl", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["id"] == "p1.s1"


def test_cli_writes_through_atomic_write(doc_json: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import align.io

    calls: list[Path] = []
    real = align.io.atomic_write_text

    def spy(path: str | Path, text: str) -> None:
        calls.append(Path(path))
        real(path, text)

    monkeypatch.setattr(align.io, "atomic_write_text", spy)
    out = doc_json.parent / "o.tsv"
    assert run(str(doc_json), "-o", str(out)).exit_code == 0
    assert calls == [out]


def test_cli_failure_leaves_an_existing_output_alone(base: Document, tmp_path: Path) -> None:
    untranslated = tmp_path / "doc.json"
    untranslated.write_text(base.to_json(), encoding="utf-8")
    out = tmp_path / "old.tmx"
    out.write_text("previous", encoding="utf-8")
    result = run(str(untranslated), "-o", str(out))
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.json", "old.tmx"]


def test_cli_untranslated_document(base: Document, tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text(base.to_json(), encoding="utf-8")
    result = run(str(path), "-f", "xliff")
    assert result.exit_code == 2
    line = error_line(result)
    assert line.startswith(f"newsalign: error: {path}: not translated: ")
    assert "run `newsalign translate ARTICLE -o doc.json` first" in line
    assert run(str(path), "-f", "jsonl").exit_code == 0  # JSON Lines carries untranslated Documents


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        ('{"a": 1}', 'not a newsalign Document (expected "schema": "newsalign.document")'),
        ("not json at all", "not valid JSON"),
        (b"\xff\xfe\x00", "not UTF-8 text"),
        ('{"schema": "newsalign.document", "version": 1, "meta": {}}', "malformed Document"),
    ],
)
def test_cli_bad_input(tmp_path: Path, content: str | bytes | None, message: str) -> None:
    path = tmp_path / "doc.json"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    out = tmp_path / "out.tmx"
    result = run(str(path), "-o", str(out))
    assert result.exit_code == 2
    line = error_line(result)
    assert line.startswith(f"newsalign: error: {path}: ") and message in line
    assert not out.exists()


def test_cli_directory_as_document(tmp_path: Path) -> None:
    result = run(str(tmp_path), "-f", "tmx")
    assert result.exit_code == 2
    assert "is a directory" in error_line(result)


@pytest.mark.parametrize("name", ["out.docx", "out"])
def test_cli_unknown_extension_lists_the_choices(doc_json: Path, name: str) -> None:
    out = doc_json.parent / name
    result = run(str(doc_json), "-o", str(out))
    assert result.exit_code == 2
    line = error_line(result)
    assert "cannot tell the format" in line
    assert "tmx, xliff, tsv, jsonl, text" in line and ".tmx, .xlf, .xliff, .tsv, .jsonl, .txt" in line
    assert not out.exists()


def test_cli_needs_a_format_or_an_output(doc_json: Path) -> None:
    result = run(str(doc_json))
    assert result.exit_code == 2
    assert "choose a format with --format (tmx, xliff, tsv, jsonl, text)" in error_line(result)


def test_cli_unknown_format_value(doc_json: Path) -> None:
    result = run(str(doc_json), "-f", "docx")
    assert result.exit_code == 2
    assert "tmx" in result.output and "xliff" in result.output


def test_cli_missing_output_directory(doc_json: Path) -> None:
    result = run(str(doc_json), "-o", str(doc_json.parent / "nope" / "out.tmx"))
    assert result.exit_code == 2
    assert "output directory does not exist" in error_line(result)


def test_cli_module_imports_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, align.cli.export; "
        "heavy = [m for m in ('torch', 'transformers', 'align.render.export', 'align.translate.batching') "
        "if m in sys.modules]; print(heavy)"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == "[]"
