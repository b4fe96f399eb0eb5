"""``newsalign score``: BLEU, chrF and TER with sacrebleu, its signatures, confidence intervals and paired
significance tests, with sacrebleu's own argument form and options besides newsalign's.

Registered in ``align/cli/main.py`` with ``app.command("score", cls=ScoreCommand)(score)``: the command
class lets ``-m bleu chrf`` and ``-i HYP1 HYP2`` take several values, as sacrebleu's argparse does. sacrebleu
(and numpy) load only when the command runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional, cast

import typer

from align.cli.common import cli_errors, say, stderr_console, write_stdout
from align.cli.score_options import (
    AlignMode,
    AlignOption,
    ChrfBetaOption,
    ChrfCharOrderOption,
    ChrfEpsSmoothingOption,
    ChrfLowercaseOption,
    ChrfWhitespaceOption,
    ChrfWordOrderOption,
    ConfidenceNOption,
    ConfidenceOption,
    FilesOption,
    FmtOption,
    ForceTokenizedOption,
    InputsOption,
    LowercaseOption,
    MetricsOption,
    NoColorOption,
    OnlyMatchedOption,
    Paired,
    PairedArNOption,
    PairedArOption,
    PairedBsNOption,
    PairedBsOption,
    PairedOption,
    QuietOption,
    ReferencesOption,
    ScoreCommand,
    ScoreFormat,
    ScoreOnlyOption,
    SegmentsOption,
    SmoothMethodOption,
    SmoothValueOption,
    TerAsianSupportOption,
    TerCaseSensitiveOption,
    TerNoPunctOption,
    TerNormalizedOption,
    TokenizeOption,
    WidthOption,
)

if TYPE_CHECKING:
    from align.scoring.aligned import AlignMode as Mode
    from align.scoring.aligned import ScoreResult


__all__ = ["ScoreCommand", "score"]


def score(
    files: FilesOption = None,
    references: ReferencesOption = None,
    inputs: InputsOption = None,
    metrics: MetricsOption = None,
    tokenize: TokenizeOption = None,
    lowercase: LowercaseOption = False,
    smooth_method: SmoothMethodOption = "exp",
    smooth_value: SmoothValueOption = None,
    force_tokenized: ForceTokenizedOption = False,
    chrf_char_order: ChrfCharOrderOption = 6,
    chrf_word_order: ChrfWordOrderOption = 0,
    chrf_beta: ChrfBetaOption = 2,
    chrf_whitespace: ChrfWhitespaceOption = False,
    chrf_lowercase: ChrfLowercaseOption = False,
    chrf_eps_smoothing: ChrfEpsSmoothingOption = False,
    ter_case_sensitive: TerCaseSensitiveOption = False,
    ter_asian_support: TerAsianSupportOption = False,
    ter_no_punct: TerNoPunctOption = False,
    ter_normalized: TerNormalizedOption = False,
    confidence: ConfidenceOption = False,
    confidence_n: ConfidenceNOption = 1000,
    paired: PairedOption = None,
    paired_bs: PairedBsOption = False,
    paired_ar: PairedArOption = False,
    paired_bs_n: PairedBsNOption = 1000,
    paired_ar_n: PairedArNOption = 10000,
    align: AlignOption = AlignMode.auto,
    only_matched: OnlyMatchedOption = False,
    segments: SegmentsOption = None,
    score_only: ScoreOnlyOption = False,
    width: WidthOption = 1,
    fmt: FmtOption = ScoreFormat.text,
    quiet: QuietOption = False,
    no_color: NoColorOption = False,
    post_edits: Annotated[
        Optional[Path],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
        typer.Option(
            "--post-edits",
            metavar="DOC.json",
            dir_okay=False,
            help="Instead of HYP and REF: how much reviewers changed a Document (after `newsalign "
            "apply-edits`): HTER (TER of the MT against its post-edits), chrF and edited-sentence counts.",
        ),
    ] = None,
) -> None:
    """Score translations against references with sacrebleu (BLEU, chrF, TER): newsalign's form
    HYP... -r REF... or sacrebleu's REF... -i HYP...; line-aligned scores and signatures equal sacrebleu's."""
    console = stderr_console()
    with cli_errors(console):
        from align.errors import UsageError
        from align.scoring.aligned import AlignmentRefused
        from align.scoring.metrics import MetricOptions, compare_systems, parse_metrics

        # -- score --post-edits: the MT against the reviewers' corrections (align.scoring.postedit) --
        if post_edits is not None:
            if files or references or inputs:
                raise UsageError(
                    "--post-edits scores a Document against its own post-edits: give no HYP, REF or --ref"
                )
            from align.cli.edits import post_edit_report

            write_stdout(post_edit_report(post_edits, fmt=fmt.value, width=width))
            return
        hyp_names, ref_names = _arguments(files or [], references or [], inputs or [])
        method = _paired(paired, paired_bs, paired_ar)
        chosen = parse_metrics(metrics or ["bleu", "chrf", "chrf++", "ter"])
        options = MetricOptions(
            tokenize=tokenize,
            lowercase=lowercase,
            smooth_method=smooth_method,
            smooth_value=smooth_value,
            force=force_tokenized,
            chrf_char_order=chrf_char_order,
            chrf_word_order=chrf_word_order,
            chrf_beta=chrf_beta,
            chrf_whitespace=chrf_whitespace,
            chrf_lowercase=chrf_lowercase,
            chrf_eps_smoothing=chrf_eps_smoothing,
            ter_case_sensitive=ter_case_sensitive,
            ter_asian_support=ter_asian_support,
            ter_no_punct=ter_no_punct,
            ter_normalized=ter_normalized,
        )
        if method is not None and len(hyp_names) < 2:
            raise UsageError("--paired needs at least two HYPs: the baseline first, then the systems to test")
        if segments is not None and (len(hyp_names) != 1 or not hyp_names[0].endswith(".json")):
            raise UsageError("--segments needs exactly one HYP that is a Document JSON")
        refs, systems = _read(ref_names, hyp_names)
        if method is not None:
            for name, lines in systems.items():
                if any(len(r) != len(lines) for r in refs):
                    raise UsageError(
                        f"{name}: paired tests compare systems line by line, and this HYP is not line-aligned"
                        " with the reference: give line-aligned files"
                    )
            comparison = compare_systems(
                systems,
                refs,
                method=method,
                metrics=chosen,
                confidence=confidence,
                samples=paired_bs_n if method == "bs" else paired_ar_n,
                options=options,
            )
            from align.cli.score_output import render_comparison

            write_stdout(render_comparison(comparison, fmt.value, width))
            return
        results = {}
        for name, lines in systems.items():
            try:
                results[name] = _score_one(
                    name,
                    lines,
                    refs,
                    ref_names,
                    chosen,
                    options,
                    align.value,
                    only_matched,
                    confidence,
                    confidence_n,
                    width,
                )
            except AlignmentRefused as exc:
                raise _explained(exc, align.value) from None
            if not quiet:
                _report(console, name, ref_names[0], results[name])
        from align.cli.score_output import render_scores

        write_stdout(render_scores(results, ref_names, fmt.value, width, score_only))
        if segments is not None:
            _write_segment_scores(hyp_names[0], refs[0], ref_names[0], segments, align.value, ref_names)


def _arguments(files: list[str], references: list[str], inputs: list[str]) -> tuple[list[str], list[str]]:
    """(hypotheses, references) from either form; each HYP once; at most one standard input."""
    from align.errors import UsageError

    if references and inputs:
        raise UsageError(
            "give either HYP... -r REF (newsalign's form) or REF... -i HYP... (sacrebleu's form), not both"
        )
    if inputs:
        hyps, refs = inputs, files
    elif references:
        hyps, refs = files, references
    else:
        raise UsageError(
            "give the references with --ref/-r (HYP... -r REF) or the hypotheses with --input/-i"
            " (sacrebleu's REF... -i HYP...)"
        )
    if not refs:
        raise UsageError("no reference given: REF... -i HYP... needs at least one REF before -i")
    if not hyps:
        raise UsageError("no HYP given to score")
    if len(set(hyps)) != len(hyps):
        raise UsageError("each HYP may be given only once")
    if [*hyps, *refs].count("-") > 1:
        raise UsageError("standard input ('-') can be read only once")
    return hyps, refs


def _paired(paired: Paired | None, bs: bool, ar: bool) -> Any:
    from align.errors import UsageError

    chosen = {
        p for p, on in (("bs", bs), ("ar", ar), (paired.value if paired else "", paired is not None)) if on
    }
    if len(chosen) > 1:
        raise UsageError("choose one paired test: bs (bootstrap) or ar (approximate randomisation)")
    return next(iter(chosen), None)


def _read(ref_names: list[str], hyp_names: list[str]) -> tuple[list[list[str]], dict[str, list[str]]]:
    from align.scoring.metrics import load_lines

    refs = [load_lines(ref) for ref in ref_names]
    return refs, {hyp: load_lines(hyp, side="reference") for hyp in hyp_names}


def _score_one(
    name: str,
    lines: list[str],
    refs: list[list[str]],
    ref_names: list[str],
    metrics: tuple[str, ...],
    options: Any,
    align: Any,
    only_matched: bool,
    confidence: bool,
    confidence_n: int,
    width: int,
) -> ScoreResult:
    from align.scoring.aligned import score_against

    return score_against(
        lines,
        refs,
        align=align,
        metrics=metrics,
        matched_only=only_matched,
        options=options,
        confidence=confidence,
        n_bootstrap=confidence_n,
        width=width,
        path=name,
        reference_name=f"reference {ref_names[0]}" if len(ref_names) == 1 else "the references",
    )


def _explained(exc: Any, align: str) -> Exception:
    """The library's refusal with what to do about it on the command line."""
    from align.errors import InputError

    if exc.untrusted:
        hint = "; --align force scores it anyway, with the coverage shown"
    elif align == "never":
        hint = "; pass line-aligned files, or let newsalign align the sentences (--align auto)"
    else:
        hint = ""
    return InputError(f"{exc.args[0]}{hint}", path=exc.path)


def _report(console: Any, name: str, ref_name: str, result: ScoreResult) -> None:
    if result.info is None:
        return
    from align.cli.score_output import describe

    say(console, f"{name}: aligned to {ref_name} in {describe(result.info)}")
    if not result.info.trusted:
        say(console, f"{name}: warning: scored although {result.info.reason}", style="yellow")


def _write_segment_scores(
    hyp: str, reference: list[str], ref_name: str, out: Path, align: str, ref_names: Sequence[str]
) -> None:
    from align.cli.common import write_output
    from align.document import Document
    from align.scoring.aligned import AlignmentRefused
    from align.scoring.segments import with_segment_scores

    doc = Document.load(hyp)
    try:
        scored = with_segment_scores(
            doc, reference, reference_name=f"reference {ref_name}", path=hyp, align=cast("Mode", align)
        )
    except AlignmentRefused as exc:
        raise _explained(exc, align) from None
    write_output(out, scored.to_json(), [hyp, *ref_names])
