"""``newsalign score HYP... -r REF``: BLEU, chrF and TER with sacrebleu, its signatures, confidence intervals
and paired significance tests.

Registered in ``align/cli/main.py`` with ``app.command("score")(score)``. sacrebleu (and numpy) load only when
the command runs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from align.cli.common import cli_errors, say, stderr_console, write_stdout

if TYPE_CHECKING:
    from align.scoring.metrics import Comparison, MetricScore


class ScoreFormat(str, Enum):
    text = "text"
    json = "json"
    markdown = "markdown"


class AlignMode(str, Enum):
    auto = "auto"
    always = "always"
    never = "never"


class Paired(str, Enum):
    bs = "bs"
    ar = "ar"


def score(
    hypotheses: Annotated[
        Optional[list[str]],  # noqa: UP045 - optional only so that --post-edits can go without it
        typer.Argument(
            metavar="HYP",
            help="Translations to score, one segment per line: text files, Document JSON files (.json) or "
            "test-set names (ntrex128, flores200, tico19: their English side). The first is the baseline "
            "of a paired test.",
            show_default=False,
        ),
    ] = None,
    references: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--ref",
            "-r",
            metavar="REF",
            help="A reference translation, line-aligned with every HYP: a text file, a Document JSON or a "
            "test-set name (its English side). Repeat for several references.",
            show_default=False,
        ),
    ] = None,
    metrics: Annotated[
        str,
        typer.Option(
            "--metrics",
            "-m",
            help="Comma-separated: bleu, chrf (chrF2), chrf++ (chrF2++, word order 2), ter.",
        ),
    ] = "bleu,chrf,chrf++,ter",
    confidence: Annotated[
        bool,
        typer.Option(
            "--confidence", help="Add the bootstrap mean and 95% confidence interval (1,000 resamples)."
        ),
    ] = False,
    segments: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--segments",
            help="With one HYP that is a Document JSON: write it here with per-sentence chrF and BLEU in"
            " each segment's scores (shown by newsalign review).",
            dir_okay=False,
        ),
    ] = None,
    align: Annotated[
        AlignMode,
        typer.Option(
            "--align",
            help="auto: when line counts differ, align hypothesis sentences to the reference sentences first "
            "(one reference; our MT output bridges the two English texts) and score the aligned pairs; "
            "always; never: refuse files that are not line-aligned.",
        ),
    ] = AlignMode.auto,
    paired: Annotated[
        Optional[Paired],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
        typer.Option(
            "--paired",
            help="With several HYPs: test each against the first with paired bootstrap resampling (bs) or "
            "approximate randomisation (ar), seeded as sacrebleu seeds them.",
            show_default=False,
        ),
    ] = None,
    width: Annotated[
        int, typer.Option("--width", "-w", min=0, max=10, help="Decimals to show, as sacrebleu's --width.")
    ] = 1,
    fmt: Annotated[
        ScoreFormat,
        typer.Option("--format", "-f", help="text (sacrebleu's lines), json or markdown (a table)."),
    ] = ScoreFormat.text,
    post_edits: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--post-edits",
            metavar="DOC.json",
            dir_okay=False,
            help="Instead of HYP and --ref: how much reviewers changed a Document (after `newsalign "
            "apply-edits`): HTER (TER of the MT against its post-edits), chrF and edited-sentence counts.",
        ),
    ] = None,
) -> None:
    """Score translations against reference translations with sacrebleu (BLEU, chrF, TER)."""
    console = stderr_console()
    with cli_errors(console):
        from align.errors import UsageError
        from align.scoring.metrics import compare_systems, load_lines, parse_metrics, score_lines

        # -- score --post-edits: the MT against the reviewers' corrections (align.scoring.postedit) --
        if post_edits is not None:
            if hypotheses or references:
                raise UsageError(
                    "--post-edits scores a Document against its own post-edits: give no HYP or --ref"
                )
            from align.cli.edits import post_edit_report

            write_stdout(post_edit_report(post_edits, fmt=fmt.value, width=width))
            return
        if not hypotheses:
            raise UsageError("give at least one HYP to score (or --post-edits DOC.json)")
        references = references or []

        chosen = parse_metrics(metrics)
        if not references:
            raise UsageError("give at least one reference with --ref/-r")
        if paired is not None and len(hypotheses) < 2:
            raise UsageError("--paired needs at least two HYPs: the baseline first, then the systems to test")
        if len(set(hypotheses)) != len(hypotheses):
            raise UsageError("each HYP may be given only once")
        refs = [load_lines(ref) for ref in references]
        systems = {hyp: load_lines(hyp) for hyp in hypotheses}
        system_refs = {hyp: refs for hyp in systems}
        for hyp, lines in systems.items():
            mismatch = any(len(ref) != len(lines) for ref in refs)
            if align is AlignMode.never or (align is AlignMode.auto and not mismatch):
                _check_counts(hyp, lines, references, refs)
                continue
            if len(refs) != 1 or paired is not None:
                raise UsageError(
                    "sentence alignment needs exactly one reference and no --paired test (paired tests"
                    " compare systems line by line); pass line-aligned files or --align never"
                )
            systems[hyp], system_refs[hyp] = _align_to_reference(hyp, lines, references[0], refs[0], console)

        if paired is not None:
            comparison = compare_systems(
                systems, refs, method=paired.value, metrics=chosen, confidence=confidence
            )
            write_stdout(_render_comparison(comparison, fmt, width))
            return
        results = {
            hyp: score_lines(lines, system_refs[hyp], metrics=chosen, confidence=confidence, width=width)
            for hyp, lines in systems.items()
        }
        write_stdout(_render_scores(results, references, fmt, width))
        if segments is not None:
            _write_segment_scores(hypotheses, system_refs, refs, segments, [*hypotheses, *references])


def _write_segment_scores(
    hypotheses: Sequence[str],
    system_refs: dict[str, list[list[str]]],
    refs: list[list[str]],
    out: Path,
    inputs: Sequence[str],
) -> None:
    from align.cli.common import write_output
    from align.document import Document
    from align.errors import UsageError
    from align.scoring.segments import with_segment_scores

    hyp = hypotheses[0]
    if len(hypotheses) != 1 or not hyp.endswith(".json"):
        raise UsageError("--segments needs exactly one HYP that is a Document JSON")
    if system_refs[hyp] is not refs:
        raise UsageError("--segments needs a line-aligned reference (one line per translated sentence)")
    doc = Document.load(hyp)
    write_output(out, with_segment_scores(doc, refs[0], path=hyp).to_json(), inputs)


def _align_to_reference(
    hyp: str, lines: Sequence[str], ref_name: str, ref: Sequence[str], console: Any
) -> tuple[list[str], list[list[str]]]:
    """Hypothesis and reference sentences paired by the sentence aligner; refuses a poor alignment."""
    from align.alignment.sentences import align_sentences, aligned_pairs, is_trustworthy
    from align.errors import InputError

    alignment = align_sentences(lines, ref)
    trusted, why = is_trustworthy(alignment)
    if not trusted:
        raise InputError(f"cannot be aligned to {ref_name} well enough to score ({why})", path=hyp)
    pairs = aligned_pairs(alignment, lines, ref)
    say(
        console,
        f"{hyp}: aligned to {ref_name} in {len(alignment.beads)} beads; unaligned:"
        f" {alignment.unaligned_hypothesis} hypothesis and {alignment.unaligned_reference} reference"
        f" sentences; mean bead confidence {alignment.mean_confidence:.2f}",
    )
    return [h for h, _ in pairs], [[r for _, r in pairs]]


def _check_counts(
    hyp: str, lines: Sequence[str], names: Sequence[str], refs: Sequence[Sequence[str]]
) -> None:
    from align.errors import InputError

    for name, ref in zip(names, refs, strict=True):
        if len(ref) != len(lines):
            raise InputError(
                f"hypothesis has {len(lines)} lines, reference {name} has {len(ref)}:"
                " pass line-aligned files, or let newsalign align the sentences (--align auto)",
                path=hyp,
            )


# -- rendering ----------------------------------------------------------------------------------------------


def _render_scores(
    results: dict[str, list[MetricScore]], references: Sequence[str], fmt: ScoreFormat, width: int
) -> str:
    if fmt is ScoreFormat.json:
        body = {
            "references": list(references),
            "systems": [
                {
                    "system": name,
                    "scores": [
                        {
                            "name": s.name,
                            "score": s.score,
                            "signature": s.signature,
                            "mean": s.mean,
                            "ci": s.ci,
                            "formatted": s.formatted,
                        }
                        for s in scores
                    ],
                }
                for name, scores in results.items()
            ],
        }
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"
    if fmt is ScoreFormat.markdown:
        first = next(iter(results.values()))
        header = ["System", *(s.name for s in first)]
        rows = [
            [name, *(_cell(s.score, s.mean, s.ci, width) for s in scores)] for name, scores in results.items()
        ]
        signatures = [f"{s.name}: `{s.signature}`" for s in first]
        return _markdown(header, rows, signatures)
    blocks = []
    for name, scores in results.items():
        lines = _aligned([s.formatted for s in scores])
        blocks.append("\n".join([f"# {name}", *lines]) if len(results) > 1 else "\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _render_comparison(comparison: Comparison, fmt: ScoreFormat, width: int) -> str:
    baseline = comparison.baseline.name
    if fmt is ScoreFormat.json:
        body = {
            "method": comparison.method,
            "samples": comparison.samples,
            "seed": comparison.seed,
            "baseline": baseline,
            "signatures": dict(comparison.signatures),
            "systems": [
                {
                    "system": system.name,
                    "scores": [
                        {"name": s.name, "score": s.score, "p_value": s.p_value, "mean": s.mean, "ci": s.ci}
                        for s in system.scores
                    ],
                }
                for system in comparison.systems
            ],
        }
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"
    metric_names = [s.name for s in comparison.baseline.scores]
    header = ["System", *metric_names]
    rows: list[list[str]] = []
    for index, system in enumerate(comparison.systems):
        cells = []
        for s in system.scores:
            cell = _cell(s.score, s.mean, s.ci, width)
            if s.p_value is not None:
                cell += f" (p = {s.p_value:.4f}){'*' if s.p_value < 0.05 else ''}"
            cells.append(cell)
        rows.append([f"Baseline: {system.name}" if index == 0 else system.name, *cells])
    signatures = [f"{name}: {comparison.signatures[name]}" for name in metric_names]
    test = "paired bootstrap resampling" if comparison.method == "bs" else "approximate randomisation"
    note = f"{test}, {comparison.samples} samples, seed {comparison.seed}; * p < 0.05 against the baseline"
    if fmt is ScoreFormat.markdown:
        return _markdown(header, rows, [*(f"`{s}`" for s in signatures), note])
    return _table(header, rows) + "\n" + "\n".join([*signatures, note]) + "\n"


def _cell(score: float, mean: float | None, ci: float | None, width: int) -> str:
    if mean is None or ci is None:
        return f"{score:.{width}f}"
    return f"{score:.{width}f} (μ = {mean:.{width}f} ± {ci:.{width}f})"


def _aligned(lines: list[str]) -> list[str]:
    """Right-align the metric|signature parts on " = ", as sacrebleu prints several metrics."""
    width = max(line.index(" = ") for line in lines)
    return [line[: line.index(" = ")].rjust(width) + line[line.index(" = ") :] for line in lines]


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def _markdown(header: list[str], rows: list[list[str]], notes: list[str]) -> str:
    def line(cells: list[Any]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    table = [line(header), "|" + "|".join(["---", *(["---:"] * (len(header) - 1))]) + "|"]
    table += [line(row) for row in rows]
    return "\n".join(table) + "\n\n" + "\n".join(f"- {note}" for note in notes) + "\n"
