"""The speed benchmark's report: medians and spreads of interleaved runs, ratios taken round by round."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from align.bench.machine import Machine
from align.bench.speed import Bench, Sample

STAGE_ROWS = ("default", "ct2-beam1", "ct2-float32", "transformers", "script", "script-thread", "argos")
PROCESS_ROWS = ("cli", "script", "script-thread", "cli-short", "script-short", "cached", "help")


@dataclass(frozen=True)
class Target:
    """A ratio of two rows (per round, numerator over denominator) and the bound it should keep."""

    numerator: str
    denominator: str
    stage: bool  # compare translation stages (else whole processes)
    bound: float
    at_most: bool  # the ratio must stay at or under the bound (else at or over it)
    what: str


TARGETS = (
    Target("cli", "script", False, 1.10, True, "whole CLI vs the hand-written script, seed article"),
    Target(
        "cli",
        "script-thread",
        False,
        1.10,
        True,
        "whole CLI vs the script loading its model as newsalign does, seed article",
    ),
    Target(
        "cli-short", "script-short", False, 1.5, True, "whole CLI vs the hand-written script, short article"
    ),
    Target("cached", "help", False, 2.0, True, "fully cached translate vs --help"),
    Target("transformers", "default", True, 3.0, False, "transformers engine vs default (how much slower)"),
    Target("argos", "default", True, 3.4, False, "Argos-style batching vs default (how much slower)"),
)
RSS_BOUND_MB = 450.0


def spread(values: Sequence[float], digits: int = 2) -> str:
    """Median and range: ``12.3 (11.9–13.0)``."""
    if not values:
        return "–"
    middle = statistics.median(values)
    if len(values) == 1:
        return f"{middle:.{digits}f}"
    return f"{middle:.{digits}f} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def _stage(sample: Sample, key: str) -> float:
    return float(sample.stage[key]) if sample.stage else float("nan")


def ratios(bench: Bench, numerator: str, denominator: str, stage: bool, cpu: bool = False) -> list[float]:
    """``numerator / denominator`` per round: both ran in the same round, under the same load."""

    def value(sample: Sample) -> float:
        if stage:
            return _stage(sample, "cpu_seconds" if cpu else "seconds")
        return sample.cpu if cpu else sample.wall

    pairs = zip(bench.samples.get(numerator, []), bench.samples.get(denominator, []), strict=False)
    return [value(a) / value(b) for a, b in pairs if value(b) > 0]


def stage_table(bench: Bench, extra: Sequence[str] = ()) -> str:
    lines = [
        "| translation stage (model loaded) | wall s | CPU s | target tokens/s | load s | peak RSS MB |"
        " × default (wall) | × default (CPU) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key in [*STAGE_ROWS, *extra]:
        samples = bench.samples.get(key)
        if not samples or samples[0].stage is None:
            continue
        walls = [_stage(s, "seconds") for s in samples]
        label = {"script": _HANDWRITTEN, "script-thread": _HANDWRITTEN_THREAD}.get(key, bench.labels[key])
        tokens = samples[0].stage["target_tokens"] if samples[0].stage else 0
        cpu = spread([_stage(s, "cpu_seconds") for s in samples])
        load = spread([_stage(s, "load_seconds") for s in samples])
        lines.append(
            f"| {label} | {spread(walls)} | {cpu} | {tokens / statistics.median(walls):.0f} | {load} |"
            f" {max(s.peak_rss_mb for s in samples):.0f} | {spread(ratios(bench, key, 'default', True))} |"
            f" {spread(ratios(bench, key, 'default', True, cpu=True))} |"
        )
    return "\n".join(lines)


_HANDWRITTEN = "hand-written CTranslate2 (sentencepiece + one translate_batch)"
_HANDWRITTEN_THREAD = "the same, its model loaded in a thread that ends (as newsalign does)"


def process_table(bench: Bench) -> str:
    lines = [
        "| whole process | wall s | CPU s | peak RSS MB |",
        "|---|---:|---:|---:|",
    ]
    for key in PROCESS_ROWS:
        samples = bench.samples.get(key)
        if not samples:
            continue
        wall, cpu = spread([s.wall for s in samples]), spread([s.cpu for s in samples])
        lines.append(f"| {bench.labels[key]} | {wall} | {cpu} | {max(s.peak_rss_mb for s in samples):.0f} |")
    return "\n".join(lines)


def target_table(bench: Bench) -> str:
    lines = [
        "| target | ratio (wall) | ratio (CPU) | bound | met |",
        "|---|---:|---:|---:|:---:|",
    ]
    for target in TARGETS:
        wall = ratios(bench, target.numerator, target.denominator, target.stage)
        if not wall:
            continue
        cpu = ratios(bench, target.numerator, target.denominator, target.stage, cpu=True)
        middle = statistics.median(wall)
        met = middle <= target.bound if target.at_most else middle >= target.bound
        sign = "≤" if target.at_most else "≥"
        lines.append(
            f"| {target.what} | {spread(wall)}× | {spread(cpu)}× | {sign} {target.bound:g}× |"
            f" {'yes' if met else 'no'} |"
        )
    if bench.samples.get("cli"):
        peak = max(s.peak_rss_mb for s in bench.samples["cli"])
        kept = "yes" if peak <= RSS_BOUND_MB else "no"
        lines.append(f"| peak RSS of the whole CLI (MB) | {peak:.0f} | | ≤ {RSS_BOUND_MB:.0f} | {kept} |")
    return "\n".join(lines)


def identity_lines(bench: Bench, isas: Sequence[str]) -> list[str]:
    """Whether each instruction set gives the default's outputs (every round's, so that a run that is not
    reproducible by itself cannot pass for identical)."""
    if not isas:
        return []
    reference = _digests(bench, "default")
    steady = "the same in every round" if len(reference) == 1 else "NOT the same in every round"
    lines = [f"- Default ISA: unforced outputs (end-of-sentence suppressed) {steady}."]
    for isa in isas:
        same = "identical to" if _digests(bench, f"isa-{isa}") == reference else "DIFFERENT from"
        lines.append(f"- ISA {isa}: unforced outputs {same} the default ISA's.")
    return lines


def _digests(bench: Bench, key: str) -> set[object]:
    return {s.stage.get("identity_digest") for s in bench.samples.get(key) or [] if s.stage}


def render(
    bench: Bench,
    machine: Machine,
    *,
    extra_rows: Sequence[str] = (),
    isas: Sequence[str] = (),
    command: str = "newsalign bench speed",
) -> str:
    work = bench.workload
    default = bench.samples["default"][0].stage or {}
    tokens = {
        key: bench.samples[key][0].stage["target_tokens"]  # type: ignore[index]
        for key in STAGE_ROWS
        if bench.samples.get(key) and bench.samples[key][0].stage
    }
    generated = {  # the rows on the workload article (the short article's rows do other work)
        key: samples[0].stage.get("generated_tokens")
        for key, samples in bench.samples.items()
        if samples and samples[0].stage and not key.endswith("-short")
    }
    same_work = len(set(tokens.values())) == 1 and set(generated.values()) == set(tokens.values())
    loads = bench.loads + [s.load for samples in bench.samples.values() for s in samples]
    lines = [
        f"Command: `{command}`",
        "",
        f"Machine: {machine.describe()}. Load average (1 min) during the runs: {spread(loads, 1)}"
        f" on {machine.cores} cores.",
        f"Model: random weights, {work['shape']} shape, {work['threads']} threads. Workload:"
        f" {work['article']}, {default.get('sentences', 0)} sentences,"
        f" {default.get('source_tokens', 0)} source tokens; every output forced to ⌈1.15 × its source⌉ tokens"
        + (f" ({default.get('target_tokens', 0)} target tokens for every system)." if same_work else ".")
        + (f" Short article: {work['short_article']}." if work.get("short_article") else ""),
        f"{work['repeat']} rounds, every configuration once per round, in alternating order; each cell is the"
        " median (min–max) of the rounds, ratios are taken within each round; Python's bytecode is compiled"
        " (as after pip install), not compiled again by every process.",
    ]
    for table in (stage_table(bench, extra_rows), process_table(bench), target_table(bench)):
        if table.count("\n") > 1:  # more than the header
            lines += ["", table]
    if not same_work:
        lines += ["", f"WARNING: not every system did the same work: forced {tokens}, written {generated}"]
    identity = identity_lines(bench, isas)
    if identity:
        lines += ["", *identity]
    return "\n".join(lines) + "\n"
