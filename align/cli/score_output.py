"""How ``newsalign score`` prints its results: sacrebleu's text lines, JSON, a markdown table, and paired
comparisons. Pure functions of the results (no I/O)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from align.scoring.aligned import AlignmentInfo, ScoreResult
    from align.scoring.metrics import Comparison


def render_scores(
    results: Mapping[str, ScoreResult], references: Sequence[str], fmt: str, width: int, score_only: bool
) -> str:
    if fmt == "json":
        body = {
            "references": list(references),
            "systems": [
                {
                    "system": name,
                    "lines": result.lines,
                    "alignment": result.info.as_dict() if result.info else None,
                    "scores": [
                        {
                            "name": s.name,
                            "score": s.score,
                            "signature": s.signature,
                            "mean": s.mean,
                            "ci": s.ci,
                            "formatted": s.formatted,
                        }
                        for s in result.scores
                    ],
                }
                for name, result in results.items()
            ],
        }
        return json.dumps(body, ensure_ascii=False, indent=1) + "\n"
    if fmt == "markdown":
        first = next(iter(results.values()))
        header = ["System", *(s.name for s in first.scores)]
        if any(r.info for r in results.values()):
            header += ["coverage", "confidence"]
        rows = []
        for name, result in results.items():
            row = [name, *(cell(s.score, s.mean, s.ci, width) for s in result.scores)]
            if len(header) > len(row):
                info = result.info
                row += (
                    [f"{info.coverage:.2f}", f"{info.confidence:.2f}"] if info else ["1.00", "line-aligned"]
                )
            rows.append(row)
        notes = [f"{s.name}: `{s.signature}`" for s in first.scores]
        notes += [f"{name}: aligned in {describe(r.info)}" for name, r in results.items() if r.info]
        return markdown(header, rows, notes)
    blocks = []
    for name, result in results.items():
        lines = (
            [s.short for s in result.scores] if score_only else aligned([s.formatted for s in result.scores])
        )
        blocks.append("\n".join([f"# {name}", *lines]) if len(results) > 1 else "\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def describe(info: AlignmentInfo) -> str:
    """One line on what the alignment did."""
    kinds = ", ".join(f"{kind}: {count}" for kind, count in info.kinds.items())
    text = (
        f"{info.beads} beads ({kinds}); without counterpart: {info.unaligned_hypothesis}"
        f" hypothesis and {info.unaligned_reference} reference sentences; coverage {info.coverage:.2f};"
        f" mean bead confidence {info.confidence:.2f}"
    )
    if info.matched_only:
        text += "; only matched beads scored"
    return text


def render_comparison(comparison: Comparison, fmt: str, width: int) -> str:
    baseline = comparison.baseline.name
    if fmt == "json":
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
            text = cell(s.score, s.mean, s.ci, width)
            if s.p_value is not None:
                text += f" (p = {s.p_value:.4f}){'*' if s.p_value < 0.05 else ''}"
            cells.append(text)
        rows.append([f"Baseline: {system.name}" if index == 0 else system.name, *cells])
    signatures = [f"{name}: {comparison.signatures[name]}" for name in metric_names]
    test = "paired bootstrap resampling" if comparison.method == "bs" else "approximate randomisation"
    note = f"{test}, {comparison.samples} samples, seed {comparison.seed}; * p < 0.05 against the baseline"
    if fmt == "markdown":
        return markdown(header, rows, [*(f"`{s}`" for s in signatures), note])
    return table(header, rows) + "\n" + "\n".join([*signatures, note]) + "\n"


def cell(score: float, mean: float | None, ci: float | None, width: int) -> str:
    if mean is None or ci is None:
        return f"{score:.{width}f}"
    return f"{score:.{width}f} (μ = {mean:.{width}f} ± {ci:.{width}f})"


def aligned(lines: list[str]) -> list[str]:
    """Right-align the metric|signature parts on " = ", as sacrebleu prints several metrics."""
    width = max(line.index(" = ") for line in lines)
    return [line[: line.index(" = ")].rjust(width) + line[line.index(" = ") :] for line in lines]


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def markdown(header: list[str], rows: list[list[str]], notes: list[str]) -> str:
    def line(cells: list[Any]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    lines = [line(header), "|" + "|".join(["---", *(["---:"] * (len(header) - 1))]) + "|"]
    lines += [line(row) for row in rows]
    return "\n".join(lines) + "\n\n" + "\n".join(f"- {note}" for note in notes) + "\n"
