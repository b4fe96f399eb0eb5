"""``align.scoring.metrics`` and ``newsalign score``:
parity with the sacrebleu command line, known scores, refusals."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner, Result

from align.cli.score import ScoreCommand, score
from align.datasets import load_test_set
from align.document import Document, DocumentMeta, Paragraph, Segment
from align.errors import InputError
from align.scoring.metrics import (
    MetricScore,
    PairedMethod,
    compare_systems,
    document_lines,
    load_lines,
    read_lines,
    score_lines,
)
from align.scoring.metrics import testset_lines as lines_of_test_set  # aliased: pytest collects test_* names
from align.scoring.segments import segment_scores

REFERENCE = [
    "The central bank raised interest rates by 0.5 percentage points on Tuesday.",
    "Inflation reached 7.9% in March, the highest level since 1982.",
    '"We will do whatever it takes," the governor told reporters in Washington.',
    "Oil prices fell sharply after OPEC agreed to increase output.",
    "The U.S. dollar rose against the euro and the yen.",
    "Unemployment fell to 3.6%, according to the Labor Department.",
    "Analysts expect two more rate increases before the end of the year.",
    "Shares in Apple, Amazon and Microsoft dropped more than 2 per cent.",
]
HYPOTHESIS = [
    "The central bank raised the interest rate by 0.5 percent points on Tuesday.",
    "inflation reached 7.9 % in March, its highest level since 1982 .",
    '"We will do what it takes", the governor said to journalists in Washington.',
    "Oil prices dropped sharply after OPEC agreed to raise production.",
    "The US dollar rose against the Euro and the Yen.",
    "Unemployment fell to 3.6 percent according to the Labor Department.",
    "Analysts expect two further rate rises before the year ends.",
    "Shares of Apple, Amazon and Microsoft fell more than 2%.",
]
SECOND_REFERENCE = [
    "On Tuesday the central bank lifted interest rates by half a percentage point.",
    "Inflation hit 7.9% in March, its highest since 1982.",
    '"We will do what is needed," the governor said to reporters in Washington.',
    "Oil prices dropped steeply after OPEC agreed to raise production.",
    "The dollar climbed against the euro and the yen.",
    "The jobless rate fell to 3.6%, the Labor Department said.",
    "Analysts see two more rate rises before the year is out.",
    "Apple, Amazon and Microsoft shares fell by over 2 percent.",
]


def write(path: Path, lines: Sequence[str]) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def sacrebleu_cli(refs: Sequence[Path], hyps: Sequence[Path], *args: str) -> Any:
    """The sacrebleu command line's JSON output (its default seed, whatever this environment says)."""
    env = {k: v for k, v in os.environ.items() if k != "SACREBLEU_SEED"}
    command = [sys.executable, "-m", "sacrebleu", *map(str, refs), "-i", *map(str, hyps), "-f", "json", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    return json.loads(done.stdout)


def cli_scores(refs: Sequence[Path], hyp: Path, *args: str) -> list[dict[str, Any]]:
    out = sacrebleu_cli(refs, [hyp], "-w", "4", *args)
    return out if isinstance(out, list) else [out]


def assert_same(ours: MetricScore, theirs: dict[str, Any]) -> None:
    """Equal to the precision sacrebleu printed (cli_scores asks for 4 decimals)."""
    assert ours.name == theirs["name"]
    assert f"{ours.score:.4f}" == f"{theirs['score']:.4f}", (ours, theirs)
    assert ours.signature == theirs["signature"]
    if "confidence_mean" in theirs:
        assert ours.mean is not None and ours.ci is not None
        assert f"{ours.mean:.4f}" == f"{theirs['confidence_mean']:.4f}"
        assert f"{ours.ci:.4f}" == f"{theirs['confidence_var']:.4f}"


def check_parity(tmp_path: Path, hyps: Sequence[str], refs: Sequence[Sequence[str]], *extra: str) -> None:
    hyp = write(tmp_path / "hyp.txt", hyps)
    ref_paths = [write(tmp_path / f"ref{i}.txt", r) for i, r in enumerate(refs)]
    confidence = "--confidence" in extra
    ours = score_lines(hyps, refs, metrics=("bleu", "chrf", "ter"), confidence=confidence)
    theirs = cli_scores(ref_paths, hyp, "-m", "bleu", "chrf", "ter", *extra)
    assert len(ours) == len(theirs) == 3
    for a, b in zip(ours, theirs, strict=True):
        assert_same(a, b)
    (plus,) = score_lines(hyps, refs, metrics=("chrf++",), confidence=confidence)
    (theirs_plus,) = cli_scores(ref_paths, hyp, "-m", "chrf", "--chrf-word-order", "2", *extra)
    assert plus.name == "chrF2++"
    assert_same(plus, theirs_plus)
    if not confidence:  # sacrebleu colours the confidence part of its text lines
        text = sacrebleu_text(ref_paths, hyp, "-m", "bleu", "chrf", "ter")
        assert text == [s.formatted for s in ours]


def sacrebleu_text(refs: Sequence[Path], hyp: Path, *args: str) -> list[str]:
    """sacrebleu's text lines at its default width, without the padding that aligns them."""
    env = {k: v for k, v in os.environ.items() if k != "SACREBLEU_SEED"}
    command = [sys.executable, "-m", "sacrebleu", *map(str, refs), "-i", str(hyp), "-f", "text", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=env)
    return [line.strip() for line in done.stdout.splitlines()]


# -- (1) parity with the sacrebleu command line --------------------------------------------------------


def test_parity_hand_made(tmp_path: Path) -> None:
    check_parity(tmp_path, HYPOTHESIS, [REFERENCE])


def test_parity_multiple_references(tmp_path: Path) -> None:
    check_parity(tmp_path, HYPOTHESIS, [REFERENCE, SECOND_REFERENCE])


def test_parity_confidence(tmp_path: Path) -> None:
    check_parity(tmp_path, HYPOTHESIS * 3, [REFERENCE * 3], "--confidence")


def perturb(lines: Sequence[str]) -> list[str]:
    """A deterministic, imperfect 'translation': words dropped, replaced, swapped, lower-cased."""
    out = []
    for i, line in enumerate(lines):
        words = line.split()
        if i % 3 == 0:
            words = [w for j, w in enumerate(words) if j % 5 != 4]
        elif i % 3 == 1 and len(words) > 2:
            words[2] = "the"
        if i % 4 == 0 and len(words) > 3:
            words[0], words[1] = words[1], words[0]
        if i % 7 == 0:
            words = [w.lower() for w in words]
        out.append(" ".join(words))
    return out


@pytest.fixture(scope="module")
def ntrex_english() -> list[str]:
    return [line for doc in load_test_set("ntrex128", side="reference") for line in doc][:300]


def test_parity_ntrex(tmp_path: Path, ntrex_english: list[str]) -> None:
    check_parity(tmp_path, perturb(ntrex_english), [ntrex_english])


def test_parity_ntrex_two_references(tmp_path: Path, ntrex_english: list[str]) -> None:
    second = perturb(list(reversed(perturb(ntrex_english))))[::-1]
    check_parity(tmp_path, perturb(ntrex_english), [ntrex_english, second])


def test_paired_bootstrap_matches_the_cli(tmp_path: Path, ntrex_english: list[str]) -> None:
    # sacrebleu's JSON output fails on paired tests (numpy float32), so read its text table.
    lines = ntrex_english[:100]
    base_lines = perturb(lines)
    other_lines = [line.lower() if i % 30 == 0 else line for i, line in enumerate(base_lines)]
    ref = write(tmp_path / "ref.txt", lines)
    base = write(tmp_path / "base.txt", base_lines)
    other = write(tmp_path / "other.txt", other_lines)
    env = {k: v for k, v in os.environ.items() if k != "SACREBLEU_SEED"}
    command = [sys.executable, "-m", "sacrebleu", str(ref), "-i", str(base), str(other)]
    command += ["-f", "text", "-w", "4", "--no-color", "-m", "bleu", "chrf", "--paired-bs"]
    text = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout
    cells = re.findall(r"(\d+\.\d+) \((\d+\.\d+) ± (\d+\.\d+)\)", text)
    p_values = [float(p) for p in re.findall(r"p = (\d+\.\d+)", text)]
    signatures = dict(re.findall(r"^ - (\S+)\s+(nrefs:\S+)$", text, flags=re.MULTILINE))
    assert len(cells) == 4 and len(p_values) == 2, text

    ours = compare_systems({"base": base_lines, "other": other_lines}, [lines], metrics=("bleu", "chrf"))
    assert ours.signatures == signatures
    got = [ours.systems[i][m] for i in (0, 1) for m in ("BLEU", "chrF2")]
    for result, (value, mean, ci) in zip(got, cells, strict=True):
        assert result.mean is not None and result.ci is not None
        assert (f"{result.score:.4f}", f"{result.mean:.4f}", f"{result.ci:.4f}") == (value, mean, ci)
    assert [f"{ours.systems[1][m].p_value:.4f}" for m in ("BLEU", "chrF2")] == [f"{p:.4f}" for p in p_values]
    assert any(p > 0.01 for p in p_values)  # a close system: not the smallest possible p-value


# -- (2) known scores -----------------------------------------------------------------------------------


def by_name(scores: list[MetricScore]) -> dict[str, float]:
    return {s.name: s.score for s in scores}


def test_identical_text_scores_perfectly() -> None:
    got = by_name(score_lines(REFERENCE, [REFERENCE], metrics=("bleu", "chrf", "chrf++", "ter")))
    assert got == {"BLEU": pytest.approx(100), "chrF2": 100, "chrF2++": 100, "TER": 0}


def test_disjoint_text_scores_zero() -> None:
    hyps = ["xyzzy plugh", "quux frobnicate"]
    refs = ["The cat sat.", "A dog barked."]
    got = by_name(score_lines(hyps, [refs], metrics=("bleu", "chrf")))
    assert got["BLEU"] == 0
    assert got["chrF2"] < 10


def test_a_score_line_is_sacrebleus() -> None:
    (bleu,) = score_lines(HYPOTHESIS, [REFERENCE], metrics=("bleu",))
    assert bleu.formatted.startswith(f"BLEU|{bleu.signature} = {bleu.score:.1f} ")
    assert bleu.ci is None and bleu.mean is None
    (ter,) = score_lines(HYPOTHESIS, [REFERENCE], metrics=("ter",), confidence=True)
    assert ter.ci is not None and ter.ci > 0
    assert "bs:1000|seed:12345" in ter.signature
    assert "±" in ter.formatted


def test_segment_scores() -> None:
    import sacrebleu

    rows = segment_scores([*HYPOTHESIS[:3], REFERENCE[3]], [REFERENCE[:4]])
    assert len(rows) == 4
    assert rows[3] == {"chrf": 100.0, "bleu": pytest.approx(100.0)}
    expected = sacrebleu.sentence_bleu(HYPOTHESIS[0], [REFERENCE[0]]).score
    assert rows[0]["bleu"] == pytest.approx(expected)
    assert rows[0]["chrf"] == pytest.approx(sacrebleu.sentence_chrf(HYPOTHESIS[0], [REFERENCE[0]]).score)


def test_unknown_metric() -> None:
    with pytest.raises(ValueError, match="chrf\\+\\+"):
        score_lines(REFERENCE, [REFERENCE], metrics=("meteor",))


# -- (3) refusals -----------------------------------------------------------------------------------------


def test_mismatched_lines_are_refused() -> None:
    with pytest.raises(ValueError, match="8 lines but the reference has 7"):
        score_lines(HYPOTHESIS, [REFERENCE[:7]])
    with pytest.raises(ValueError, match="reference 2 has 7"):
        score_lines(HYPOTHESIS, [REFERENCE, SECOND_REFERENCE[:7]])
    with pytest.raises(ValueError, match="no hypothesis lines"):
        score_lines([], [[]])
    with pytest.raises(ValueError, match="has 7"):
        segment_scores(HYPOTHESIS, [REFERENCE[:7]])
    with pytest.raises(ValueError, match="system 'b' has 7 lines but the reference has 8"):
        compare_systems({"a": HYPOTHESIS, "b": HYPOTHESIS[:7]}, [REFERENCE])


def test_read_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"one \r\ntwo\n\nfour\x0cstill four")
    assert read_lines(path) == ["one", "two", "", "four\x0cstill four"]
    path.write_text("no newline at the end", encoding="utf-8")
    assert read_lines(path) == ["no newline at the end"]
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.txt: empty file"):
        read_lines(path)
    with pytest.raises(InputError, match=r"missing\.txt: no such file"):
        read_lines(tmp_path / "missing.txt")
    path.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="not UTF-8"):
        read_lines(path)


def make_doc(translations: Sequence[str | None]) -> Document:
    meta = DocumentMeta("a.txt", "0" * 64, "txt", "utf-8", "2024-01-01T00:00:00Z")
    segments = tuple(
        Segment(f"p1.s{i}", f"مصدر {i}", (0, 1), translation=t) for i, t in enumerate(translations, 1)
    )
    quote = Paragraph("p2", "pullquote", (0, 1), (Segment("p2.s1", "اقتباس", (0, 1), "A quote."),))
    return Document(meta, "x", (Paragraph("p1", "body", (0, 1), segments), quote))


def test_document_lines(tmp_path: Path) -> None:
    doc = make_doc(["First.", "Second  sentence."])
    assert document_lines(doc) == ["First.", "Second sentence."]
    path = tmp_path / "doc.json"
    path.write_text(doc.to_json(), encoding="utf-8")
    assert load_lines(str(path)) == ["First.", "Second sentence."]
    with pytest.raises(InputError, match=r"p1\.s2 is not translated"):
        document_lines(make_doc(["First.", None]))


def test_testset_lines(ntrex_english: list[str]) -> None:
    lines = lines_of_test_set("ntrex128")
    assert len(lines) == 1997
    assert lines[:300] == ntrex_english
    assert load_lines("ntrex128") == lines
    assert len(lines_of_test_set("ntrex128", "source")) == 1997
    with pytest.raises(ValueError, match="unknown test set"):
        lines_of_test_set("wmt14")


# -- (4) paired comparison ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["bs", "ar"])
def test_paired_comparison(method: PairedMethod) -> None:
    hyps = HYPOTHESIS * 4
    refs = [REFERENCE * 4]
    worse = [" ".join(line.split()[:4]) for line in hyps]
    result = compare_systems(
        {"base": hyps, "same": list(hyps), "worse": worse},
        refs,
        method=method,
        samples=200,
    )
    assert [s.name for s in result.systems] == ["base", "same", "worse"]
    assert result.samples == 200 and result.method == method
    assert all(s.p_value is None for s in result.baseline.scores)
    for system in result.systems[1:]:
        for s in system.scores:
            assert s.p_value is not None and 0 <= s.p_value <= 1
    assert all(s.p_value == 1.0 for s in result.systems[1].scores)
    assert result.systems[2]["BLEU"].p_value is not None and result.systems[2]["BLEU"].p_value < 0.05
    assert f"{method}:200" in result.signatures["BLEU"]
    again = compare_systems({"base": hyps, "worse": worse}, refs, method=method, samples=200)
    assert again.systems[1]["chrF2"] == result.systems[2]["chrF2"]  # seeded


def test_paired_comparison_needs_two_systems() -> None:
    with pytest.raises(ValueError, match="at least two systems"):
        compare_systems({"base": HYPOTHESIS}, [REFERENCE])


# -- (5) the command ------------------------------------------------------------------------------------

cli = typer.Typer()
cli.command("score", cls=ScoreCommand)(score)


@cli.callback()
def _group() -> None:
    """Keeps "score" a subcommand, as in the real app."""


runner = CliRunner()


def run(*args: str) -> Result:
    return runner.invoke(cli, ["score", *args])


def error_line(result: Result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "hyp": write(tmp_path / "hyp.txt", HYPOTHESIS),
        "ref": write(tmp_path / "ref.txt", REFERENCE),
        "ref2": write(tmp_path / "ref2.txt", SECOND_REFERENCE),
        "other": write(tmp_path / "other.txt", [line.lower() for line in HYPOTHESIS]),
        "short": write(tmp_path / "short.txt", REFERENCE[:5]),
        "empty": write(tmp_path / "empty.txt", []),
    }


def test_cli_text(files: dict[str, Path]) -> None:
    result = run(str(files["hyp"]), "-r", str(files["ref"]))
    assert result.exit_code == 0, result.output
    expected = score_lines(HYPOTHESIS, [REFERENCE])
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 4  # BLEU, chrF2, chrF2++, TER
    for line, s in zip(lines, expected, strict=True):
        assert line.strip() == s.formatted
        assert s.signature in line


def test_cli_json_with_two_references_and_chrf_plus_plus(files: dict[str, Path]) -> None:
    result = run(
        str(files["hyp"]), "-r", str(files["ref"]), "-r", str(files["ref2"]), "-m", "chrf++", "-f", "json"
    )
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    (entry,) = body["systems"]
    (s,) = entry["scores"]
    (expected,) = score_lines(HYPOTHESIS, [REFERENCE, SECOND_REFERENCE], metrics=("chrf++",))
    assert s["name"] == "chrF2++" and s["score"] == expected.score
    assert s["signature"] == expected.signature and s["signature"].startswith("nrefs:2|")


def test_cli_markdown_with_confidence(files: dict[str, Path]) -> None:
    result = run(
        str(files["hyp"]), str(files["other"]), "-r", str(files["ref"]), "-f", "markdown", "--confidence"
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("| System | BLEU | chrF2 | chrF2++ | TER |")
    assert "±" in out
    (bleu, *_) = score_lines(HYPOTHESIS, [REFERENCE], confidence=True)
    assert f"{bleu.score:.1f} (μ = {bleu.mean:.1f} ± {bleu.ci:.1f})" in out and f"`{bleu.signature}`" in out


@pytest.mark.parametrize("fmt", ["text", "json", "markdown"])
def test_cli_paired(files: dict[str, Path], fmt: str) -> None:
    result = run(str(files["hyp"]), str(files["other"]), "-r", str(files["ref"]), "--paired", "bs", "-f", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "json":
        body = json.loads(result.stdout)
        assert body["baseline"] == str(files["hyp"]) and body["method"] == "bs"
        assert 0 <= body["systems"][1]["scores"][0]["p_value"] <= 1
        assert body["signatures"]["BLEU"].startswith("nrefs:1|bs:1000|seed:12345|")
    else:
        assert "p = " in result.stdout and "bs:1000|seed:12345" in result.stdout
        assert f"Baseline: {files['hyp']}" in result.stdout


def test_cli_refuses_mismatched_lines(files: dict[str, Path]) -> None:
    result = run(str(files["hyp"]), "-r", str(files["short"]), "--align", "never")
    assert result.exit_code == 2
    assert error_line(result) == (
        f"newsalign: error: {files['hyp']}: hypothesis has 8 lines, reference {files['short']} has 5:"
        " not line-aligned; pass line-aligned files, or let newsalign align the sentences (--align auto)"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["missing.txt", "-r", "{ref}"], "missing.txt: no such file"),
        (["{hyp}", "-r", "{empty}"], "empty.txt: empty file"),
        (["{hyp}", "-r", "{ref}", "--paired", "ar"], "--paired needs at least two HYPs"),
        (["{hyp}", "-r", "{ref}", "-m", "bleu,meteor"], "unknown metric 'meteor'"),
    ],
)
def test_cli_errors(files: dict[str, Path], args: list[str], message: str) -> None:
    names = {k: str(v) for k, v in files.items()}
    result = run(*(a.format(**names) for a in args))
    assert result.exit_code == 2
    assert message in error_line(result)


def test_cli_requires_a_reference(files: dict[str, Path]) -> None:
    result = run(str(files["hyp"]))
    assert result.exit_code == 2
    assert "--ref" in result.output


# -- references that are not line-aligned -----------------------------------------------------------------


def _ntrex_document(index: int) -> list[str]:
    from align.datasets import load_test_set

    return load_test_set("ntrex128", side="reference")[index]


def test_cli_aligns_a_resegmented_reference(tmp_path: Path) -> None:
    sentences = _ntrex_document(2)
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("\n".join(s.replace(" the ", " a ") for s in sentences) + "\n", encoding="utf-8")
    # the published version merges sentences in pairs: fewer, longer lines
    merged = [" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2)]
    ref = tmp_path / "ref.txt"
    ref.write_text("\n".join(merged) + "\n", encoding="utf-8")
    result = run(str(hyp), "-r", str(ref), "-m", "bleu")
    assert result.exit_code == 0, result.output
    assert f"aligned to {ref} in {len(merged)} beads" in result.stderr
    assert "without counterpart: 0 hypothesis and 0 reference sentences; coverage 1.00" in result.stderr
    # the same score as line-aligning by hand
    joined = [
        " ".join(s.replace(" the ", " a ") for s in sentences[i : i + 2]) for i in range(0, len(sentences), 2)
    ]
    expected = score_lines(joined, [merged], metrics=("bleu",))[0]
    assert expected.with_signature("|align:beads-v2|cov:1.00|conf:1.00").formatted in result.stdout


def test_cli_refuses_an_unrelated_reference(tmp_path: Path) -> None:
    hyp = tmp_path / "hyp.txt"
    hyp.write_text("\n".join(_ntrex_document(2)) + "\n", encoding="utf-8")
    ref = tmp_path / "ref.txt"
    ref.write_text("\n".join(_ntrex_document(7)[:5]) + "\n", encoding="utf-8")
    result = run(str(hyp), "-r", str(ref))
    assert result.exit_code == 2
    assert "cannot be aligned to" in result.stderr and result.stderr.count("\n") == 1


def test_cli_align_never_keeps_refusing(files: dict[str, Path], tmp_path: Path) -> None:
    short = tmp_path / "short.txt"
    short.write_text("one line\n", encoding="utf-8")
    result = run(str(files["hyp"]), "-r", str(short), "--align", "never")
    assert result.exit_code == 2
    assert "pass line-aligned files" in result.stderr


def test_confidence_survives_degenerate_outputs() -> None:
    # an empty and a one-word output: sacrebleu's chrF bootstrap cannot average these resamples
    results = {s.name: s for s in score_lines(["", "a"], [["x y z", "a b"]], confidence=True)}
    assert results["chrF2"].ci is None and results["BLEU"].ci is not None
    assert results["chrF2"].score == score_lines(["", "a"], [["x y z", "a b"]], metrics=("chrf",))[0].score


def test_cli_segments_writes_scores_into_the_document(tiny_model: Path, tmp_path: Path) -> None:
    from align.cli.main import app as newsalign
    from align.document import Document

    doc_path = tmp_path / "doc.json"
    from align.datasets.samples import sample_path

    clean = sample_path("macedonia-referendum")
    made = CliRunner().invoke(
        newsalign, ["translate", str(clean), "-m", str(tiny_model), "-o", str(doc_path), "-q"]
    )
    assert made.exit_code == 0, made.output
    ref = tmp_path / "ref.txt"
    from align.alignment.bitext import english_sentences
    from align.ingest import read_article

    sentences = english_sentences(read_article(clean.with_name("macedonia-referendum.en.txt")))
    ref.write_text("\n".join(sentences) + "\n", encoding="utf-8")
    out = tmp_path / "scored.json"
    result = CliRunner().invoke(
        newsalign, ["score", str(doc_path), "-r", str(ref), "--segments", str(out), "--align", "never"]
    )
    assert result.exit_code == 0, result.output
    scored = Document.from_json(out.read_text(encoding="utf-8"))
    assert all({"chrf", "bleu"} <= set(s.scores) and "logprob" in s.scores for s in scored.segments)
