"""Options of ``newsalign score``: sacrebleu's names, short forms and defaults, newsalign's additions, and the
command class that lets ``-m`` and ``-i`` take several values as sacrebleu's argparse does."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer.core import TyperCommand

METRIC_NAMES = ("bleu", "chrf", "chrf++", "ter")
TOKENIZERS = (
    "none",
    "zh",
    "13a",
    "intl",
    "char",
    "ja-mecab",
    "ko-mecab",
    "spm",
    "flores101",
    "flores200",
    "spBLEU-1K",
)
SMOOTHING = ("none", "floor", "add-k", "exp")
GREEDY = {"-m": "metric", "--metrics": "metric", "-i": "input", "--input": "input"}


class ScoreCommand(TyperCommand):
    """Turns sacrebleu's ``-m bleu chrf`` and ``-i a.txt b.txt`` into repeated options before click parses
    them (click options take a fixed number of values)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer vendors click: its Context
        return super().parse_args(ctx, expand_greedy(args))


def _is_metric_list(arg: str) -> bool:
    parts = [p for p in arg.lower().split(",") if p]
    return bool(parts) and all(p in METRIC_NAMES for p in parts)


def expand_greedy(args: list[str]) -> list[str]:
    """``-m bleu chrf ter`` -> ``-m bleu -m chrf -m ter``; ``-i a b`` -> ``-i a -i b`` (sacrebleu's form).

    After ``-m``, following words are taken while they are metric names; after ``-i``, while they are not
    options ("-" alone is standard input). Nothing after ``--`` is touched."""
    out: list[str] = []
    mode: str | None = None
    k = 0
    while k < len(args):
        arg = args[k]
        if arg == "--":
            out += args[k:]
            break
        if mode == "metric" and _is_metric_list(arg):
            out += ["-m", arg]
        elif mode == "input" and (arg == "-" or not arg.startswith("-")):
            out += ["-i", arg]
        else:
            mode = None
            out.append(arg)
            if arg in GREEDY and k + 1 < len(args):
                out.append(args[k + 1])
                mode = GREEDY[arg]
                k += 1
        k += 1
    return out


class ScoreFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class AlignMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"
    force = "force"


class Paired(str, Enum):
    bs = "bs"
    ar = "ar"


BLEU_PANEL, CHRF_PANEL, TER_PANEL = "BLEU (as sacrebleu)", "chrF (as sacrebleu)", "TER (as sacrebleu)"
STATS_PANEL, ALIGN_PANEL, OUT_PANEL = "Confidence and paired tests", "Sentence alignment", "Output"


FilesOption = Annotated[
    Optional[list[str]],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
    typer.Argument(
        metavar="FILES...",
        help="With -r: the translations to score (HYP...). With -i (sacrebleu's form, REF... -i HYP...):"
        " the references. Each is a text file (one segment per line; '-' reads standard input), a"
        " Document JSON (.json) or a test-set name (ntrex128, flores200, tico19: its English side).",
        show_default=False,
    ),
]
ReferencesOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--ref",
        "-r",
        metavar="REF",
        help="A reference translation; repeat for several (line-aligned with each other).",
        show_default=False,
    ),
]
InputsOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--input",
        "-i",
        metavar="HYP",
        help="sacrebleu's form: the translations to score, the FILES being the references. Takes several"
        " values (-i a.txt b.txt). The first HYP is the baseline of a paired test.",
        show_default=False,
    ),
]
MetricsOption = Annotated[
    Optional[list[str]],  # noqa: UP045
    typer.Option(
        "--metrics",
        "-m",
        metavar="METRIC",
        help="bleu, chrf (chrF2), chrf++ (chrF2++: chrF with word order 2; sacrebleu has no such name)"
        " or ter; space- or comma-separated (-m bleu chrf). Default: all four, so that one run shows"
        " every published metric (sacrebleu: bleu only).",
        show_default=False,
    ),
]
TokenizeOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option(
        "--tokenize",
        "-tok",
        metavar="TOK",
        help=f"BLEU's tokenizer: {', '.join(TOKENIZERS)}. Default 13a. spm/flores* download a SentencePiece"
        " model on first use; ja-mecab/ko-mecab need sacrebleu's extras.",
        rich_help_panel=BLEU_PANEL,
        show_default=False,
    ),
]
LowercaseOption = Annotated[
    bool, typer.Option("--lowercase", "-lc", help="Case-insensitive BLEU.", rich_help_panel=BLEU_PANEL)
]
SmoothMethodOption = Annotated[
    str,
    typer.Option(
        "--smooth-method",
        "-s",
        help=f"BLEU smoothing: {', '.join(SMOOTHING)}.",
        rich_help_panel=BLEU_PANEL,
    ),
]
SmoothValueOption = Annotated[
    Optional[float],  # noqa: UP045
    typer.Option(
        "--smooth-value",
        "-sv",
        help="For floor (default 0.1) and add-k (default 1).",
        rich_help_panel=BLEU_PANEL,
        show_default=False,
    ),
]
ForceTokenizedOption = Annotated[
    bool,
    typer.Option(
        "--force",
        help="Score input that looks tokenized anyway (sacrebleu's --force).",
        rich_help_panel=BLEU_PANEL,
    ),
]
ChrfCharOrderOption = Annotated[
    int,
    typer.Option(
        "--chrf-char-order", "-cc", min=1, help="Character n-gram order.", rich_help_panel=CHRF_PANEL
    ),
]
ChrfWordOrderOption = Annotated[
    int,
    typer.Option(
        "--chrf-word-order",
        "-cw",
        min=0,
        help="Word n-gram order of chrf (2 is chrF++).",
        rich_help_panel=CHRF_PANEL,
    ),
]
ChrfBetaOption = Annotated[
    int,
    typer.Option("--chrf-beta", min=1, help="Weight of recall over precision.", rich_help_panel=CHRF_PANEL),
]
ChrfWhitespaceOption = Annotated[
    bool,
    typer.Option(
        "--chrf-whitespace", help="Keep whitespace in character n-grams.", rich_help_panel=CHRF_PANEL
    ),
]
ChrfLowercaseOption = Annotated[
    bool, typer.Option("--chrf-lowercase", help="Case-insensitive chrF.", rich_help_panel=CHRF_PANEL)
]
ChrfEpsSmoothingOption = Annotated[
    bool,
    typer.Option(
        "--chrf-eps-smoothing",
        help="Epsilon smoothing (chrF++.py, NLTK, Moses).",
        rich_help_panel=CHRF_PANEL,
    ),
]
TerCaseSensitiveOption = Annotated[
    bool, typer.Option("--ter-case-sensitive", help="Case-sensitive TER.", rich_help_panel=TER_PANEL)
]
TerAsianSupportOption = Annotated[
    bool,
    typer.Option("--ter-asian-support", help="Treat Asian characters specially.", rich_help_panel=TER_PANEL),
]
TerNoPunctOption = Annotated[
    bool, typer.Option("--ter-no-punct", help="Remove punctuation.", rich_help_panel=TER_PANEL)
]
TerNormalizedOption = Annotated[
    bool,
    typer.Option("--ter-normalized", help="Basic normalisation and tokenization.", rich_help_panel=TER_PANEL),
]
ConfidenceOption = Annotated[
    bool,
    typer.Option(
        "--confidence",
        "-ci",
        help="Add the bootstrap mean and 95% interval.",
        rich_help_panel=STATS_PANEL,
    ),
]
ConfidenceNOption = Annotated[
    int,
    typer.Option("--confidence-n", "-cin", min=2, help="Bootstrap resamples.", rich_help_panel=STATS_PANEL),
]
PairedOption = Annotated[
    Optional[Paired],  # noqa: UP045
    typer.Option(
        "--paired",
        help="With several HYPs: test each against the first with paired bootstrap resampling (bs) or"
        " approximate randomisation (ar), seeded as sacrebleu seeds them; a system equal to the baseline"
        " gets p = 1 (sacrebleu gives it the smallest p-value).",
        rich_help_panel=STATS_PANEL,
        show_default=False,
    ),
]
PairedBsOption = Annotated[
    bool, typer.Option("--paired-bs", "-pbs", help="Same as --paired bs.", rich_help_panel=STATS_PANEL)
]
PairedArOption = Annotated[
    bool, typer.Option("--paired-ar", "-par", help="Same as --paired ar.", rich_help_panel=STATS_PANEL)
]
PairedBsNOption = Annotated[
    int,
    typer.Option("--paired-bs-n", "-pbsn", min=1, help="Resamples of bs.", rich_help_panel=STATS_PANEL),
]
PairedArNOption = Annotated[
    int, typer.Option("--paired-ar-n", "-parn", min=1, help="Trials of ar.", rich_help_panel=STATS_PANEL)
]
AlignOption = Annotated[
    AlignMode,
    typer.Option(
        "--align",
        help="When line counts differ (sacrebleu stops there), newsalign aligns the hypothesis sentences"
        " to the reference sentences (one reference) and scores bead by bead; reference sentences left"
        " out count against an empty line, as line by line. auto: align only then; always: align even"
        " line-aligned files; never: refuse files that are not line-aligned; force: align and score even"
        " what looks like another document or a switch of documents (the signature says trust:forced).",
        rich_help_panel=ALIGN_PANEL,
    ),
]
OnlyMatchedOption = Annotated[
    bool,
    typer.Option(
        "--only-matched",
        help="Score only the aligned beads, leaving out sentences without counterpart (an omission then"
        " costs nothing: never the default; the signature says only:matched).",
        rich_help_panel=ALIGN_PANEL,
    ),
]
SegmentsOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--segments",
        help="With one HYP that is a Document JSON: write it here with per-sentence chrF and BLEU in each"
        " segment's scores (shown by newsalign review).",
        dir_okay=False,
        rich_help_panel=OUT_PANEL,
    ),
]
ScoreOnlyOption = Annotated[
    bool, typer.Option("--score-only", "-b", help="Print only the scores.", rich_help_panel=OUT_PANEL)
]
WidthOption = Annotated[
    int, typer.Option("--width", "-w", min=0, max=10, help="Decimals to show.", rich_help_panel=OUT_PANEL)
]
FmtOption = Annotated[
    ScoreFormat,
    typer.Option(
        "--format",
        "-f",
        help="text (sacrebleu's score lines), json or markdown (a table). Default text: newsalign's JSON"
        " holds several systems and the alignment, so it is not shaped like sacrebleu's (its default).",
        rich_help_panel=OUT_PANEL,
    ),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No alignment report on stderr.", rich_help_panel=OUT_PANEL)
]
NoColorOption = Annotated[
    bool,
    typer.Option(
        "--no-color",
        "-nc",
        help="Accepted for sacrebleu; newsalign's scores are never coloured.",
        rich_help_panel=OUT_PANEL,
        hidden=False,
    ),
]
