"""Post-edits after the review page: exports that carry them (and keep the machine translation),
``newsalign apply-edits`` and ``newsalign score --post-edits`` (HTER equal to sacrebleu's own TER)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from align.cli import app
from align.document import Alternative, Document
from align.render.edits import EDITS_SCHEMA, EditsMismatchError, apply_edits, read_edits
from align.render.export import MTC_NS, TSV_COLUMNS, to_jsonl, to_tmx, to_tsv, to_txt, to_xliff
from align.scoring.postedit import post_edit_pairs, score_post_edits

from .test_export import SCHEMAS, XML_LANG, X, parse, xliff_problems, xml_clean
from .test_export import base as base  # the planted Document's fixtures
from .test_export import doc as doc

MTC = f"{{{MTC_NS}}}"
EDITED = {
    "p1.s1": "Observers have speculated for two years <b>that</b> Brexit & Trump were linked.",
    "p2.s1": "A second\nline typed in the page.",
    "p6.s1": None,  # accepted as translated: filled in by the fixture
}
runner = CliRunner()


@pytest.fixture(scope="module")
def reviewed(doc: Document) -> Document:
    accepted = next(s for s in doc.segments if s.id == "p6.s1").translation
    return doc.with_post_edits({**EDITED, "p6.s1": accepted})


def edits_file(doc: Document, post_edits: dict[str, str | None], digest: str | None = None) -> str:
    entries = [{"id": k, "post_edit": v, "origin": "typed"} for k, v in post_edits.items()]
    return json.dumps(
        {"schema": EDITS_SCHEMA, "version": 1, "document": digest or doc.digest(), "edits": entries}
    )


# -- exports ---------------------------------------------------------------------------------------------


def test_tmx_writes_the_post_edit_and_keeps_the_mt(reviewed: Document) -> None:
    tree = parse(to_tmx(reviewed))
    assert etree.DTD(str(SCHEMAS / "tmx14.dtd")).validate(tree)
    header = {p.get("type"): p.text for p in tree.getroot().iterfind("header/prop")}
    assert header["x-post-edits"].startswith("3 of ")
    units = {tu.get("tuid"): tu for tu in tree.getroot().iter("tu")}
    for seg in reviewed.segments:
        if seg.id not in units:
            continue
        tu = units[seg.id]
        props = {p.get("type"): p.text for p in tu.iterfind("prop")}
        target = next(t for t in tu.iterfind("tuv") if t.get(XML_LANG) == "en").findtext("seg")
        if seg.post_edit is None:
            assert props["x-origin"] == "mt" and "x-mt" not in props
            continue
        assert props["x-origin"] == "post-edit"
        assert target == seg.post_edit and props["x-mt"] == xml_clean(seg.translation or "")  # the MT kept
    assert "<b>that</b>" in units["p1.s1"].find("tuv[2]/seg").text  # markup typed in an edit stays text


def test_xliff_marks_post_edits_reviewed_with_the_mt_as_a_match(reviewed: Document) -> None:
    tree = parse(to_xliff(reviewed))
    root = tree.getroot()
    notes = {n.get("category"): n.text for n in root.iterfind(f"{X}file/{X}notes/{X}note")}
    assert notes["post-edits"].startswith("3 of ")
    for seg in reviewed.segments:
        unit = root.find(f".//{X}unit[@id='{seg.id}']")
        if unit is None:
            continue
        (segment,) = unit.findall(f"{X}segment")
        matches = unit.findall(f"{MTC}matches")
        if seg.post_edit is None:
            assert segment.get("state") in ("translated", "initial") and not matches
            continue
        assert segment.get("state") == "reviewed" and segment.findtext(f"{X}target") == seg.post_edit
        # XLIFF 2.0 translation candidates module: module elements first in the unit, one match of type mt
        # whose ref points at the segment, holding the source and the machine translation.
        assert len(matches) == 1 and list(unit).index(matches[0]) == 0
        (match,) = matches[0]
        assert match.tag == f"{MTC}match" and match.get("type") == "mt"
        assert match.get("ref") == f"#{segment.get('id')}"
        assert [c.tag for c in match] == [f"{X}source", f"{X}target"]
        assert match.findtext(f"{X}source") == segment.findtext(f"{X}source")
        assert match.findtext(f"{X}target") == xml_clean(seg.translation or "")
    for matches in root.iter(f"{MTC}matches"):  # the rest is the core subset newsalign always wrote
        matches.getparent().remove(matches)
    assert xliff_problems(tree) == []


def test_tsv_jsonl_and_text_use_the_post_edit_and_say_so(reviewed: Document) -> None:
    rows = list(csv.DictReader(io.StringIO(to_tsv(reviewed)), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert tuple(rows[0]) == TSV_COLUMNS
    by_id = {r["segment"]: r for r in rows}
    original = {s.id: s for s in reviewed.segments}
    assert by_id["p1.s1"]["translation"] == EDITED["p1.s1"] and by_id["p1.s1"]["origin"] == "post-edit"
    assert by_id["p2.s1"]["translation"] == "A second line typed in the page."  # one record per line
    assert by_id["p1.s1"]["machine_translation"] == original["p1.s1"].translation
    assert by_id["p1.s2"]["origin"] == "mt" and by_id["p1.s2"]["translation"] == original["p1.s2"].translation
    records = {r["id"]: r for r in map(json.loads, to_jsonl(reviewed).splitlines())}
    assert records["p1.s1"]["translation"] == EDITED["p1.s1"] and records["p1.s1"]["post_edited"] is True
    assert records["p1.s1"]["machine_translation"] == original["p1.s1"].translation
    assert records["p1.s2"]["post_edited"] is False
    text = to_txt(reviewed)
    assert EDITED["p1.s1"] in text and original["p1.s1"].translation not in text


def test_jsonl_carries_the_alternatives(doc: Document) -> None:
    first = doc.paragraphs[0]
    alternatives = (Alternative("One.", -0.5), Alternative("Two.", float("nan")))
    segment = replace(first.segments[0], alternatives=alternatives)
    changed = replace(
        doc, paragraphs=(replace(first, segments=(segment, *first.segments[1:])), *doc.paragraphs[1:])
    )
    record = json.loads(to_jsonl(changed).splitlines()[0])
    assert record["alternatives"] == [{"text": "One.", "score": -0.5}, {"text": "Two.", "score": None}]


# -- apply-edits -----------------------------------------------------------------------------------------


def test_edits_apply_only_to_their_document(doc: Document, reviewed: Document) -> None:
    edits = read_edits(edits_file(doc, {"p1.s1": "Fixed.", "p3.s1": None}))
    applied = apply_edits(reviewed, edits)
    assert (
        applied.segments[0].post_edit == "Fixed."
        and applied.segments[0].translation == doc.segments[0].translation
    )
    first = doc.paragraphs[0]
    changed = replace(first, segments=(replace(first.segments[0], translation="Else."), *first.segments[1:]))
    retranslated = replace(doc, paragraphs=(changed, *doc.paragraphs[1:]))
    with pytest.raises(EditsMismatchError, match="made for another Document"):
        apply_edits(retranslated, edits, path="edits.json")


def test_a_corrected_document_is_an_edits_file(doc: Document, reviewed: Document) -> None:
    edits = read_edits(reviewed.to_json())
    assert edits.kind == "document" and edits.digest == doc.digest()
    assert apply_edits(doc, edits) == reviewed
    # What the reviewer reverted in the page is removed: the corrected Document is the whole state.
    assert apply_edits(reviewed, read_edits(doc.to_json())).segments[0].post_edit is None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{", "not valid JSON"),
        ("[]", "neither a newsalign edits file"),
        ('{"schema": "newsalign.edits", "version": 7}', "edits file version 7 is not supported"),
        ('{"schema": "newsalign.edits", "version": 1, "document": "abc"}', "64 hexadecimal digits"),
        (
            '{"schema": "newsalign.edits", "version": 1, "document": "' + "a" * 64 + '"}',
            '"edits" must be a list',
        ),
        (
            '{"schema": "newsalign.edits", "version": 1, "document": "'
            + "a" * 64
            + '", "edits": [{"id": 1}]}',
            'edit 1: an edit is an object with a string "id"',
        ),
        (
            '{"schema": "newsalign.edits", "version": 1, "document": "' + "a" * 64 + '", "edits":'
            ' [{"id": "p1.s1", "post_edit": 5}]}',
            r'edit 1 \(p1.s1\): "post_edit" must be text or null',
        ),
        (
            '{"schema": "newsalign.edits", "version": 1, "document": "' + "a" * 64 + '", "edits":'
            ' [{"id": "p1.s1", "post_edit": "a"}, {"id": "p1.s1", "post_edit": "b"}]}',
            "edit 2: p1.s1 is edited twice",
        ),
    ],
)
def test_bad_edits_files(content: str, message: str) -> None:
    from align.errors import InputError

    with pytest.raises(InputError, match=message):
        read_edits(content, path="edits.json")


def test_cli_apply_edits(doc: Document, tmp_path: Path) -> None:
    doc_json, edits_json, out = tmp_path / "doc.json", tmp_path / "edits.json", tmp_path / "out.json"
    doc_json.write_text(doc.to_json(), encoding="utf-8")
    edits_json.write_text(
        edits_file(doc, {"p1.s1": "Fixed.", "p1.s2": doc.segments[1].translation}), encoding="utf-8"
    )
    result = runner.invoke(app, ["apply-edits", str(doc_json), str(edits_json), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "applied 2 edits (1 post-edited, 1 accepted as translated, 0 removed)" in result.output
    merged = Document.from_json(out.read_text(encoding="utf-8"))
    assert [s.post_edit for s in merged.segments[:3]] == ["Fixed.", doc.segments[1].translation, None]
    assert [s.translation for s in merged.segments] == [s.translation for s in doc.segments]  # MT kept
    stdout = runner.invoke(app, ["apply-edits", str(doc_json), str(edits_json)])
    assert stdout.exit_code == 0 and Document.from_json(stdout.stdout) == merged


def test_cli_apply_edits_refuses_another_documents_edits(doc: Document, tmp_path: Path) -> None:
    doc_json, edits_json, out = tmp_path / "doc.json", tmp_path / "edits.json", tmp_path / "out.json"
    doc_json.write_text(doc.to_json(), encoding="utf-8")
    edits_json.write_text(edits_file(doc, {"p1.s1": "Fixed."}, digest="0" * 64), encoding="utf-8")
    out.write_text("earlier", encoding="utf-8")
    result = runner.invoke(app, ["apply-edits", str(doc_json), str(edits_json), "-o", str(out)])
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and line.startswith(
        f"newsalign: error: {edits_json}: edits made for another Document"
    )
    assert "digest 000000000000…" in line and out.read_text(encoding="utf-8") == "earlier"  # nothing written
    missing = runner.invoke(app, ["apply-edits", str(tmp_path / "nope.json"), str(edits_json)])
    assert missing.exit_code == 2 and "nope.json: no such file" in missing.output


# -- score --post-edits ------------------------------------------------------------------------------------


def sacrebleu_cli(reference: list[str], hypothesis: list[str], metric: str, tmp_path: Path) -> float:
    ref, hyp = tmp_path / f"{metric}.ref.txt", tmp_path / f"{metric}.hyp.txt"
    ref.write_text("\n".join(reference) + "\n", encoding="utf-8")
    hyp.write_text("\n".join(hypothesis) + "\n", encoding="utf-8")
    command = [sys.executable, "-m", "sacrebleu", str(ref), "-i", str(hyp), "-m", metric, "-b", "-w", "6"]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    return float(done.stdout.strip())


def test_hter_is_sacrebleus_ter_of_the_mt_against_its_post_edits(reviewed: Document, tmp_path: Path) -> None:
    mt, edited, total = post_edit_pairs(reviewed)
    assert len(mt) == 3 and total == sum(1 for s in reviewed.segments if s.translation is not None)
    assert edited[1] == "A second line typed in the page."  # the line break typed in the page is spacing
    report = score_post_edits(reviewed)
    assert (report.reviewed, report.edited, report.accepted) == (3, 2, 1)
    assert round(report.hter.score, 6) == sacrebleu_cli(edited, mt, "ter", tmp_path)
    assert round(report.chrf.score, 6) == sacrebleu_cli(edited, mt, "chrf", tmp_path)
    assert report.hter.signature.startswith("nrefs:1|case:lc|tok:tercom")


def test_cli_score_post_edits(reviewed: Document, doc: Document, tmp_path: Path) -> None:
    path = tmp_path / "reviewed.json"
    path.write_text(reviewed.to_json(), encoding="utf-8")
    text = runner.invoke(app, ["score", "--post-edits", str(path)])
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[0].startswith("post-edits: 3 of ") and "(2 edited, 1 accepted unchanged)" in lines[0]
    assert lines[1].startswith("HTER (TER of the MT against its post-edits): TER|nrefs:1|")
    assert lines[2].startswith("chrF2 of the MT against its post-edits: chrF2|nrefs:1|")
    body = json.loads(runner.invoke(app, ["score", "--post-edits", str(path), "-f", "json"]).stdout)
    assert (body["reviewed"], body["edited"], body["accepted"]) == (3, 2, 1)
    assert [s["name"] for s in body["scores"]] == ["HTER", "chrF2"]
    assert body["scores"][0]["score"] == score_post_edits(reviewed).hter.score
    markdown = runner.invoke(app, ["score", "--post-edits", str(path), "-f", "markdown"]).stdout
    assert "| HTER |" in markdown and "`TER|nrefs:1|" in markdown
    plain = tmp_path / "plain.json"
    plain.write_text(doc.to_json(), encoding="utf-8")
    none = runner.invoke(app, ["score", "--post-edits", str(plain)])
    assert none.exit_code == 2 and "has no post-edits" in none.output
    mixed = runner.invoke(app, ["score", "hyp.txt", "--post-edits", str(path)])
    assert mixed.exit_code == 2 and "give no HYP, REF or --ref" in mixed.output
    nothing = runner.invoke(app, ["score"])
    assert nothing.exit_code == 2 and "give the references with --ref/-r" in nothing.output


def test_cli_export_says_when_it_writes_post_edits(reviewed: Document, tmp_path: Path) -> None:
    path = tmp_path / "reviewed.json"
    path.write_text(reviewed.to_json(), encoding="utf-8")
    for suffix, kept in ((".tmx", "prop x-mt"), (".xlf", "mtc:match"), (".txt", "in the Document")):
        result = runner.invoke(app, ["export", str(path), "-o", str(tmp_path / f"out{suffix}")])
        assert result.exit_code == 0, result.output
        assert (
            "3 of " in result.output
            and "as the reviewer's post-edits" in result.output
            and kept in result.output
        )
