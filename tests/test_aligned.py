"""The align-then-score policy (``align.scoring.aligned``) and ``newsalign score`` on input that is not
line-aligned: omissions cost what they cost line by line, signatures say what the alignment did, refusals
and ``--align force``."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from align.cli.score import ScoreCommand, score
from align.datasets import data_dir, load_test_set
from align.scoring.aligned import AlignmentRefused, realign, score_against
from align.scoring.metrics import score_lines
from eval import planted

from .test_score import perturb, write


@pytest.fixture(scope="module")
def ntrex() -> list[list[str]]:
    if not (data_dir() / "ntrex128").is_dir():
        pytest.skip(f"NTREX-128 not found under {data_dir()} (set NEWSALIGN_DATA)")
    return load_test_set("ntrex128", side="reference")


@pytest.fixture(scope="module")
def lines300(ntrex: list[list[str]]) -> list[str]:
    return [line for doc in ntrex for line in doc][:300]


@pytest.mark.parametrize("k", [5, 10, 20, 40])
def test_deleted_lines_cost_what_empty_lines_cost(lines300: list[str], k: int) -> None:
    hypothesis = perturb(lines300)
    dropped = set(random.Random(k).sample(range(300), 3 * k))
    kept = [h for i, h in enumerate(hypothesis) if i not in dropped]
    emptied = ["" if i in dropped else h for i, h in enumerate(hypothesis)]
    line_by_line = {s.name: s.score for s in score_lines(emptied, [lines300], metrics=("bleu", "chrf"))}
    realigned = score_against(kept, lines300, metrics=("bleu", "chrf"))
    assert realigned.info is not None and realigned.info.trusted
    for name in ("BLEU", "chrF2"):
        assert abs(realigned[name].score - line_by_line[name]) <= 1.0, (k, name)
    assert realigned.coverage == pytest.approx(1 - k / 100, abs=0.02)
    # the matched part alone (what the old policy scored): the omissions cost next to nothing
    complete = score_lines(hypothesis, [lines300], metrics=("bleu",))[0].score
    only = score_against(kept, lines300, metrics=("bleu",), matched_only=True)["BLEU"].score
    assert complete - only < 3.0 and only - realigned["BLEU"].score > k / 5


def test_inserted_sentences_count_against_the_score(lines300: list[str]) -> None:
    hypothesis = perturb(lines300[:100])
    noise = [f"An unrelated sentence number {i} about the weather in Oslo." for i in range(10)]
    padded = hypothesis[:50] + noise + hypothesis[50:]
    # line by line, the inserted sentences would sit on the line before them
    joined = [*hypothesis[:49], " ".join([hypothesis[49], *noise]), *hypothesis[50:]]
    line_by_line = {s.name: s.score for s in score_lines(joined, [lines300[:100]], metrics=("bleu", "chrf"))}
    clean = score_against(hypothesis, lines300[:100], metrics=("chrf",))
    inserted = score_against(padded, lines300[:100], metrics=("bleu", "chrf"))
    assert inserted.info is not None and inserted.info.unaligned_hypothesis >= 8
    for name in ("BLEU", "chrF2"):
        assert abs(inserted[name].score - line_by_line[name]) <= 0.5, name
    assert inserted["chrF2"].score < clean["chrF2"].score - 0.5  # (BLEU may rise: its BP is lifted)
    assert inserted.coverage == 1.0


def test_signatures(lines300: list[str]) -> None:
    hypothesis = perturb(lines300[:60])
    plain = score_lines(hypothesis, [lines300[:60]], metrics=("bleu", "ter"))
    assert [
        s.signature for s in score_against(hypothesis, lines300[:60], metrics=("bleu", "ter")).scores
    ] == [s.signature for s in plain]
    realigned = score_against(hypothesis[:-5], lines300[:60], metrics=("bleu", "ter"))
    for ours, theirs in zip(realigned.scores, plain, strict=True):
        assert ours.signature.startswith(theirs.signature + "|align:beads-v2|cov:0.92|conf:")
        assert ours.formatted.startswith(f"{ours.name}|{ours.signature} = ")
    only = score_against(hypothesis[:-5], lines300[:60], metrics=("bleu",), matched_only=True)
    assert only.scores[0].signature.endswith("|only:matched")


def test_another_document_is_refused_unless_forced(ntrex: list[list[str]]) -> None:
    hypothesis, reference = ntrex[3], ntrex[8]
    with pytest.raises(AlignmentRefused) as refused:
        score_against(hypothesis, reference, path="hyp.txt")
    assert refused.value.untrusted and "another document, or a translation too free" in str(refused.value)
    assert str(refused.value).startswith("hyp.txt: cannot be aligned to the reference well enough")
    forced = score_against(hypothesis, reference, align="force", metrics=("bleu",))
    assert forced.info is not None and not forced.info.trusted
    assert forced.scores[0].signature.endswith("|trust:forced")


def test_a_free_translation_is_scored(ntrex: list[list[str]]) -> None:
    case = planted.free(ntrex[5], seed=3, rate=0.5, drop=0.6)  # as loose as a literary translation
    result = score_against(case.hypothesis, case.reference, metrics=("bleu",))
    assert result.info is not None and result.info.trusted


def test_a_reference_that_switches_documents_is_refused(ntrex: list[list[str]]) -> None:
    case = planted.switch(ntrex[2], ntrex[9] + ntrex[10], seed=1)
    with pytest.raises(AlignmentRefused, match="switches to another document"):
        realign(case.hypothesis, case.reference, align="always")


def test_modes_and_their_refusals(lines300: list[str]) -> None:
    hypothesis, reference = perturb(lines300[:20]), lines300[:20]
    assert realign(hypothesis, reference).alignment is None  # line-aligned: scored line by line
    assert realign(hypothesis, reference, align="always").alignment is not None
    with pytest.raises(AlignmentRefused, match="hypothesis has 19 lines, the reference has 20: not line"):
        realign(hypothesis[:-1], reference, align="never")
    with pytest.raises(AlignmentRefused, match="works with one reference"):
        realign(hypothesis[:-1], [reference, reference])
    with pytest.raises(ValueError, match="unknown alignment mode"):
        realign(hypothesis, reference, align="sometimes")  # type: ignore[arg-type]
    same = score_against(hypothesis, reference, align="always", metrics=("bleu",))
    assert same.scores[0].score == score_lines(hypothesis, [reference], metrics=("bleu",))[0].score


# -- the command ----------------------------------------------------------------------------------------

cli = typer.Typer()
cli.command("score", cls=ScoreCommand)(score)


@cli.callback()
def _group() -> None:
    """Keeps "score" a subcommand, as in the real app."""


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["score", *args])


@pytest.fixture()
def shortened(tmp_path: Path, lines300: list[str]) -> dict[str, Path]:
    hypothesis = perturb(lines300[:80])
    return {
        "ref": write(tmp_path / "ref.txt", lines300[:80]),
        "hyp": write(tmp_path / "hyp.txt", [h for i, h in enumerate(hypothesis) if i % 10 != 3]),
        "other": write(tmp_path / "other.txt", lines300[200:260]),
    }


def test_cli_json_and_markdown_carry_the_alignment(shortened: dict[str, Path]) -> None:
    result = run(str(shortened["ref"]), "-i", str(shortened["hyp"]), "-m", "bleu", "chrf", "-f", "json")
    assert result.exit_code == 0, result.output
    (system,) = json.loads(result.stdout)["systems"]
    alignment = system["alignment"]
    assert alignment["unaligned_reference"] == 8 and alignment["coverage"] == 0.9 and alignment["trusted"]
    assert alignment["kinds"]["0-1"] == 8 and alignment["method"] == "beads-v2"
    assert all("|align:beads-v2|cov:0.90|conf:" in s["signature"] for s in system["scores"])
    assert "aligned to" in result.stderr and "coverage 0.90" in result.stderr
    table = run(str(shortened["hyp"]), "-r", str(shortened["ref"]), "-m", "bleu", "-f", "markdown").stdout
    assert table.startswith("| System | BLEU | coverage | confidence |") and "| 0.90 |" in table


def test_cli_only_matched_and_quiet(shortened: dict[str, Path]) -> None:
    full = run(str(shortened["hyp"]), "-r", str(shortened["ref"]), "-m", "bleu", "-b", "-q")
    matched = run(str(shortened["hyp"]), "-r", str(shortened["ref"]), "-m", "bleu", "-b", "--only-matched")
    assert full.exit_code == matched.exit_code == 0
    assert float(matched.stdout) > float(full.stdout) and full.stderr == ""


def test_cli_refuses_another_document_and_force_scores_it(shortened: dict[str, Path]) -> None:
    refused = run(str(shortened["other"]), "-r", str(shortened["ref"]))
    assert refused.exit_code == 2
    (line,) = refused.stderr.strip().splitlines()
    assert "another document, or a translation too free to align" in line
    assert line.endswith("; --align force scores it anyway, with the coverage shown")
    forced = run(str(shortened["other"]), "-r", str(shortened["ref"]), "--align", "force", "-m", "bleu")
    assert forced.exit_code == 0, forced.output
    assert "trust:forced" in forced.stdout and "warning: scored although" in forced.stderr


def test_cli_paired_tests_need_line_aligned_files(shortened: dict[str, Path]) -> None:
    result = run(str(shortened["ref"]), "-i", str(shortened["hyp"]), str(shortened["ref"]), "--paired", "bs")
    assert result.exit_code == 2 and "paired tests compare systems line by line" in result.stderr
