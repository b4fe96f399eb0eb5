"""``newsalign score`` with sacrebleu's conventions: its argument form (``REF... -i HYP...``), ``-m`` with
several values, every metric option, ``-b``, standard input. On line-aligned input the output equals the
``sacrebleu`` command line's, byte for byte (each case runs both)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner, Result

from align.cli.score import ScoreCommand, score
from align.cli.score_options import expand_greedy

from .test_score import REFERENCE, SECOND_REFERENCE, perturb, write

cli = typer.Typer()
cli.command("score", cls=ScoreCommand)(score)


@cli.callback()
def _group() -> None:
    """Keeps "score" a subcommand, as in the real app."""


def ours(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["score", *args], input=stdin)


def sacrebleu(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "SACREBLEU_SEED"} | (env or {})
    command = [sys.executable, "-m", "sacrebleu", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True, env=environment, input=stdin)
    return done.stdout


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("texts")
    hyps = perturb(REFERENCE * 6)
    return {
        "hyp": write(folder / "hyp.txt", hyps),
        "hyp2": write(folder / "hyp2.txt", [h.lower() if i % 5 == 0 else h for i, h in enumerate(hyps)]),
        "ref": write(folder / "ref.txt", REFERENCE * 6),
        "ref2": write(folder / "ref2.txt", SECOND_REFERENCE * 6),
    }


CASES = [
    [],
    ["--tokenize", "intl"],
    ["-tok", "none"],
    ["--tokenize", "char"],
    ["--tokenize", "zh"],
    ["-lc"],
    ["--smooth-method", "floor", "--smooth-value", "0.2"],
    ["-s", "add-k"],
    ["--smooth-method", "none"],
    ["--chrf-word-order", "2", "--chrf-char-order", "4"],
    ["-cw", "1", "-cc", "3"],
    ["--chrf-beta", "3", "--chrf-whitespace", "--chrf-lowercase", "--chrf-eps-smoothing"],
    ["--ter-case-sensitive", "--ter-no-punct"],
    ["--ter-normalized", "--ter-asian-support"],
    ["--confidence", "--confidence-n", "200"],
    ["-ci", "-cin", "100", "-w", "3"],
    ["-b"],
    ["-b", "--confidence", "-cin", "50"],
    ["-w", "4", "--tokenize", "intl", "-lc"],
]


@pytest.mark.parametrize("extra", CASES, ids=lambda e: " ".join(e) or "defaults")
def test_text_output_equals_sacrebleus(texts: dict[str, Path], extra: list[str]) -> None:
    args = [str(texts["ref"]), "-i", str(texts["hyp"]), "-m", "bleu", "chrf", "ter", *extra]
    result = ours(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout == sacrebleu(*args, "-f", "text", "-nc")


def test_two_references_and_the_newsalign_form(texts: dict[str, Path]) -> None:
    theirs = sacrebleu(str(texts["ref"]), str(texts["ref2"]), "-i", str(texts["hyp"]), "-m", "bleu", "chrf",
                       "-f", "text")  # fmt: skip
    sacrebleu_form = ours(
        str(texts["ref"]), str(texts["ref2"]), "-i", str(texts["hyp"]), "-m", "bleu", "chrf"
    )
    newsalign_form = ours(
        str(texts["hyp"]), "-r", str(texts["ref"]), "-r", str(texts["ref2"]), "-m", "bleu,chrf"
    )
    assert sacrebleu_form.stdout == newsalign_form.stdout == theirs


def test_standard_input(texts: dict[str, Path]) -> None:
    hyp = texts["hyp"].read_text(encoding="utf-8")
    theirs = sacrebleu(str(texts["ref"]), "-m", "chrf", "-f", "text", stdin=hyp)
    assert ours(str(texts["ref"]), "-i", "-", "-m", "chrf", stdin=hyp).stdout == theirs
    assert ours("-", "-r", str(texts["ref"]), "-m", "chrf", stdin=hyp).stdout == theirs


def test_several_systems_take_several_input_values(texts: dict[str, Path]) -> None:
    result = ours(str(texts["ref"]), "-i", str(texts["hyp"]), str(texts["hyp2"]), "-m", "bleu")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("# ") == 2 and f"# {texts['hyp2']}" in result.stdout


@pytest.mark.parametrize(
    "extra",
    [["--paired-bs", "--paired-bs-n", "200"], ["-par", "-parn", "300"]],
    ids=["bs", "ar"],
)
def test_paired_tests_match_sacrebleu(texts: dict[str, Path], extra: list[str]) -> None:
    args = [str(texts["ref"]), "-i", str(texts["hyp"]), str(texts["hyp2"]), "-m", "bleu", "chrf", *extra]
    result = ours(*args, "-w", "4")
    assert result.exit_code == 0, result.output
    theirs = sacrebleu(*args, "-w", "4", "-f", "text", "-nc")
    p_ours = re.findall(r"p = (\d\.\d+)", result.stdout)
    p_theirs = re.findall(r"p = (\d\.\d+)", theirs)
    assert p_ours == p_theirs and len(p_ours) == 2
    # every number of the two tables (scores, bootstrap means and intervals, p-values), in any order
    table = result.stdout.split("\nBLEU: ")[0]
    theirs_table = "\n".join(line for line in theirs.splitlines() if line.startswith("│"))
    numbers = sorted(re.findall(r"\d+\.\d{4}", table))
    assert numbers == sorted(re.findall(r"\d+\.\d{4}", theirs_table)) and len(numbers) >= 6
    samples = extra[2]
    assert f"{samples} samples" in result.stdout


def test_a_sentencepiece_tokenizer(tmp_path: Path, texts: dict[str, Path]) -> None:
    # sacrebleu downloads the FLORES-200 SentencePiece model on first use; here one trained on the fly
    # stands in for it, in the place sacrebleu looks ($SACREBLEU/models), for both programs
    import sentencepiece as spm

    models = tmp_path / "models"
    models.mkdir()
    corpus = tmp_path / "corpus.txt"
    write(corpus, REFERENCE * 20 + SECOND_REFERENCE * 20)
    spm.SentencePieceTrainer.train(
        input=str(corpus), model_prefix=str(models / "m"), vocab_size=120, minloglevel=2
    )
    (models / "m.model").rename(models / "flores200sacrebleuspm")
    args = [str(texts["ref"]), "-i", str(texts["hyp"]), "-m", "bleu", "--tokenize", "flores200"]
    theirs = sacrebleu(*args, "-f", "text", env={"SACREBLEU": str(tmp_path)})
    previous = os.environ.get("SACREBLEU")
    try:
        os.environ["SACREBLEU"] = str(tmp_path)
        import sacrebleu.tokenizers.tokenizer_spm as module
        import sacrebleu.utils as utils

        saved = (utils.SACREBLEU_DIR, module.SACREBLEU_DIR)
        utils.SACREBLEU_DIR = module.SACREBLEU_DIR = str(tmp_path)  # read at import time
        result = ours(*args)
    finally:
        utils.SACREBLEU_DIR, module.SACREBLEU_DIR = saved
        if previous is None:
            os.environ.pop("SACREBLEU", None)
        else:
            os.environ["SACREBLEU"] = previous
    assert result.exit_code == 0, result.output
    assert result.stdout == theirs and "tok:flores200" in theirs


# -- argument forms and their errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expanded"),
    [
        (["-m", "bleu", "chrf", "ter", "h.txt"], ["-m", "bleu", "-m", "chrf", "-m", "ter", "h.txt"]),
        (["-m", "bleu,chrf", "chrf++"], ["-m", "bleu,chrf", "-m", "chrf++"]),
        (["r.txt", "-i", "a", "b", "-m", "bleu"], ["r.txt", "-i", "a", "-i", "b", "-m", "bleu"]),
        (["r.txt", "-i", "-", "-b"], ["r.txt", "-i", "-", "-b"]),
        (["-i", "a", "--", "-m", "x"], ["-i", "a", "--", "-m", "x"]),
        (["--metrics", "ter", "bleu.txt"], ["--metrics", "ter", "bleu.txt"]),
    ],
)
def test_greedy_options(args: list[str], expanded: list[str]) -> None:
    assert expand_greedy(args) == expanded


def error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{hyp}", "-r", "{ref}", "-i", "{hyp2}"], "not both"),
        (["{hyp}"], "sacrebleu's REF... -i HYP..."),
        (["-i", "{hyp}"], "needs at least one REF before -i"),
        (["{ref}", "-i", "-", "-r", "-"], "not both"),
        (["{ref}", "-", "-i", "-"], "standard input ('-') can be read only once"),
        (["{ref}", "-i", "{hyp}", "--tokenize", "moses"], "unknown tokenizer 'moses'"),
        (["{ref}", "-i", "{hyp}", "-s", "laplace"], "unknown smoothing 'laplace'"),
        (["{ref}", "-i", "{hyp}", "{hyp2}", "--paired", "bs", "-par"], "choose one paired test"),
        (["{ref}", "-i", "{hyp}", "-m", "meteor"], "unknown metric 'meteor'"),
    ],
)
def test_argument_errors(texts: dict[str, Path], args: Sequence[str], message: str) -> None:
    names = {k: str(v) for k, v in texts.items()}
    assert message in error(ours(*(a.format(**names) for a in args)))


def test_a_mecab_tokenizer_that_is_not_installed_is_one_line(texts: dict[str, Path]) -> None:
    pytest.importorskip("sacrebleu")
    try:
        import MeCab  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        line = error(ours(str(texts["ref"]), "-i", str(texts["hyp"]), "-m", "bleu", "-tok", "ja-mecab"))
        assert "tokenizer ja-mecab is not available here" in line


def test_help_says_where_newsalign_differs() -> None:
    text = CliRunner().invoke(cli, ["score", "--help"], env={"COLUMNS": "200"}).stdout
    for phrase in ("sacrebleu: bleu only", "sacrebleu has no such name", "not shaped like sacrebleu's",
                   "sacrebleu stops there", "sacrebleu gives it the smallest p-value"):  # fmt: skip
        assert phrase in " ".join(text.replace("│", " ").split()), phrase
