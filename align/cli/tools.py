"""``newsalign models …`` (the converted-model cache) and ``newsalign bench …`` (measurements)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from align.cli.common import cli_errors, say, setup_logging, stderr_console, write_output, write_stdout
from align.engines.base import DEFAULT_MODEL

models_app = typer.Typer(
    help="Manage models converted for the fast engine (CTranslate2).", no_args_is_help=True
)
bench_app = typer.Typer(help="Measure speed and memory, side by side in one run.", no_args_is_help=True)

ModelArgument = Annotated[str, typer.Argument(help="Hugging Face hub id or local model directory.")]
RevisionOption = Annotated[
    Optional[str],  # noqa: UP045 - typer reads the annotation at runtime on Python 3.10 too
    typer.Option(help="Hub revision (branch, tag or commit)."),
]
QuantizationOption = Annotated[
    str, typer.Option("--compute-type", help="int8, int8_float32, int8_float16, float16 or float32.")
]


@models_app.command("list", short_help="List converted models.")
def models_list() -> None:
    """List converted models: model, revision, quantization, size and path."""
    from align.engines.convert import list_converted, models_dir

    rows = list_converted()
    if not rows:
        say(stderr_console(), f"no converted models in {models_dir()}")
        return
    lines = ["model\trevision\tquantization\tsize\tpath\n"]
    for model in rows:
        size = sum(f.stat().st_size for f in model.path.iterdir() if f.is_file()) / 1e6
        lines.append(f"{model.model}\t{model.revision}\t{model.quantization}\t{size:.0f} MB\t{model.path}\n")
    write_stdout("".join(lines))


@models_app.command("convert", short_help="Convert a model now.")
def models_convert(
    model: ModelArgument = DEFAULT_MODEL,
    revision: RevisionOption = None,
    compute_type: QuantizationOption = "int8",
) -> None:
    """Download (if needed) and convert a model now, and print where it went."""
    console = stderr_console()
    with cli_errors(console):
        setup_logging(False)
        from align.engines.convert import convert
        from align.engines.hub import snapshot

        source, resolved = snapshot(model, revision)
        write_stdout(f"{convert(source, model, resolved, compute_type)}\n")


@models_app.command("path", short_help="Print a converted model's directory.")
def models_path(
    model: ModelArgument = DEFAULT_MODEL,
    revision: RevisionOption = None,
    compute_type: QuantizationOption = "int8",
) -> None:
    """Print the converted model's directory; exit 1 if it has not been converted yet.

    Works offline: a hub model whose revision cannot be resolved (no network, not in the Hugging Face cache)
    is looked up among the converted models by name."""
    console = stderr_console()
    with cli_errors(console):
        from align.engines.convert import converted_path, is_complete, list_converted
        from align.engines.hub import local_model_dir, snapshot
        from align.errors import ModelError

        try:
            _, resolved = snapshot(model, revision)
        except ModelError:
            if local_model_dir(model) is not None:
                raise
            # The hub cannot be asked which commit `main` is: any conversion of this model will do.
            found = [
                c.path
                for c in list_converted()
                if c.model == model and c.quantization == compute_type
                and (revision is None or c.revision.startswith(revision[:16]))
            ]  # fmt: skip
            if not found:
                say(
                    console,
                    f"newsalign: {model} ({compute_type}) is not converted on this machine, and its revision"
                    f" cannot be resolved offline: newsalign models convert {model} (with network access)",
                )
                raise typer.Exit(1) from None
            write_stdout(f"{max(found, key=lambda p: p.stat().st_mtime)}\n")
            return
        path = converted_path(model, resolved, compute_type)
        if not is_complete(path):
            say(
                console,
                f"newsalign: {model}@{resolved} ({compute_type}) is not converted: newsalign models convert",
            )
            raise typer.Exit(1)
        write_stdout(f"{path}\n")


@models_app.command("random", short_help="Build a Marian model with random weights.")
def models_random(
    out_dir: Annotated[Path, typer.Argument(metavar="OUT_DIR", help="Folder to write the model to.")],
    shape: Annotated[
        str,
        typer.Option(help="tiny (seconds to build, a few MB) or opus-mt (opus-mt-ar-en's shape, ~300 MB)."),
    ] = "tiny",
    max_length: Annotated[int, typer.Option(min=2, help="Generation length cap.")] = 64,
    beam: Annotated[int, typer.Option(min=1, help="Default beam size in its generation config.")] = 1,
    seed: Annotated[int, typer.Option(help="Random seed of the weights.")] = 0,
) -> None:
    """Build a Marian model with random weights, for trying newsalign offline: its English is noise, but it
    loads and runs exactly like a real opus-mt model (`--model OUT_DIR`)."""
    console = stderr_console()
    with cli_errors(console):
        setup_logging(False)
        from align.errors import UsageError
        from align.testing.random_model import SHAPES, build_random_marian

        if shape not in SHAPES:
            raise UsageError(f"unknown shape {shape!r}; choose one of {', '.join(sorted(SHAPES))}")
        if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
            raise UsageError(f"{out_dir}: exists and is not an empty folder")
        path = build_random_marian(out_dir, shape=shape, max_length=max_length, num_beams=beam, seed=seed)
        write_stdout(f"{path}\n")


@bench_app.command("speed", short_help="Engines, compute types and beams on one workload.")
def bench_speed(
    article: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            exists=True, dir_okay=False, help="Workload article. Default: the sample bannon-brexit."
        ),
    ] = None,
    repeat: Annotated[int, typer.Option(min=1, help="Rounds; every configuration runs once per round.")] = 3,
    threads: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(min=1, help="CPU threads for every engine. Default: all cores."),
    ] = None,
    short_article: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            exists=True, dir_okay=False, help="Short article. Default: a 13-sentence NTREX-128 document."
        ),
    ] = None,
    batching: Annotated[
        str,
        typer.Option(help="Extra batch sizes to compare, comma-separated: N or N:TOKENS (e.g. 32,64:4096)."),
    ] = "",
    isa: Annotated[
        str,
        typer.Option(help="CTranslate2 instruction sets to compare (CT2_FORCE_CPU_ISA), e.g. AVX2,AVX512."),
    ] = "",
    only: Annotated[
        str,
        typer.Option(
            help="Run only these rows, comma-separated (and the default they are compared with):"
            " default, ct2-beam1, ct2-float32, transformers, argos, script, cli, script-short, cli-short,"
            " cached, help, batch- (every --batching row), isa- (every --isa row)."
        ),
    ] = "",
    shape: Annotated[
        str, typer.Option(help="opus-mt (the real model's shape) or tiny (a quick check).")
    ] = "opus-mt",
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Also write the tables (Markdown) here.", dir_okay=False),
    ] = None,
) -> None:
    """newsalign against a hand-written CTranslate2 script, its transformers engine and Argos-style
    batching, whole process and translation stage, interleaved over --repeat rounds; forced output lengths
    (1.15 × each source)."""
    console = stderr_console()
    with cli_errors(console):
        setup_logging(False)
        from align.bench.speed import row_keys, run_speed_benchmark
        from align.bench.speed_report import render

        if article is None:
            from align.datasets.samples import sample_path

            article = sample_path()
        sizes = [_batching(spec) for spec in batching.split(",") if spec.strip()]
        isas = [name.strip().upper() for name in isa.split(",") if name.strip()]
        rows = [name.strip() for name in only.split(",") if name.strip()]
        known = row_keys(sizes, isas)
        for name in rows:
            if not any(key == name or (name.endswith("-") and key.startswith(name)) for key in known):
                raise typer.BadParameter(
                    f"no row {name!r}; choose from: {', '.join(known)}, batch-, isa-", param_hint="--only"
                )
        bench, machine = run_speed_benchmark(
            article,
            repeat=repeat,
            threads=threads,
            shape=shape,
            short_article=short_article,
            batching=sizes,
            isas=isas,
            only=rows,
            report=lambda m: say(console, m, style="dim"),
        )
        extra = [key for key in bench.samples if key.startswith(("batch-", "isa-"))]
        text = render(bench, machine, extra_rows=extra, isas=isas, command=_command_line())
        write_stdout(text)
        if output is not None and str(output) != "-":
            write_output(output, text)


def _batching(spec: str) -> tuple[int, int | None]:
    size, _, tokens = spec.strip().partition(":")
    try:
        values = int(size), int(tokens) if tokens else None
    except ValueError:
        raise typer.BadParameter(
            f"{spec!r}: write a batch size N or N:TOKENS", param_hint="--batching"
        ) from None
    if values[0] < 1 or (values[1] is not None and values[1] < 1):
        raise typer.BadParameter(f"{spec!r}: sizes must be at least 1", param_hint="--batching")
    return values


def _command_line() -> str:
    import shlex
    import sys

    return "newsalign " + shlex.join(sys.argv[1:])


@bench_app.command("quality", short_help="BLEU, chrF, chrF++ and TER on a test set.")
def bench_quality(
    testset: Annotated[
        str,
        typer.Option(
            help="ntrex128, flores200 or tico19 (shipped), iwslt17 (downloaded by sacrebleu), or a folder "
            "with source.ar.txt, reference.en.txt and optionally docids.txt"
        ),
    ] = "ntrex128",
    model: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--model", "-m", help="Model to evaluate (repeat to compare; the first is the baseline)."
        ),
    ] = None,
    engine: Annotated[str, typer.Option(help="auto, transformers or ctranslate2.")] = "auto",
    compute_type: Annotated[Optional[str], typer.Option(help="CTranslate2 precision.")] = None,  # noqa: UP045
    limit: Annotated[Optional[int], typer.Option(min=1, help="Only the first N documents.")] = None,  # noqa: UP045
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for quality.json, quality.md and quality.html.")
    ] = Path("quality-report"),
) -> None:
    """BLEU, chrF, chrF++ and TER with 95 % intervals on a test set, in document and sentence mode."""
    console = stderr_console()
    with cli_errors(console):
        setup_logging(False)
        import json

        from align.bench.quality import run_quality, to_html, to_markdown
        from align.datasets import canonical_name, load_pair

        sources, references = load_pair(testset)
        if limit:
            sources, references = sources[:limit], references[:limit]
        data = run_quality(
            canonical_name(testset),
            sources,
            references,
            model or [DEFAULT_MODEL],
            engine=engine,
            compute_type=compute_type,
            report=lambda m: say(console, m, style="dim"),
        )
        output.mkdir(parents=True, exist_ok=True)
        write_output(output / "quality.json", json.dumps(data, ensure_ascii=False, indent=1))
        write_output(output / "quality.md", to_markdown(data))
        write_output(output / "quality.html", to_html(data))
        write_stdout(to_markdown(data))


@bench_app.command("corpus", short_help="Throughput of translate-corpus.")
def bench_corpus(
    model: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--model", "-m", help="Model to run. Default: a random-weight model of --shape."),
    ] = None,
    shape: Annotated[
        str, typer.Option(help="Shape of the default random model: tiny (quick) or opus-mt (real size).")
    ] = "tiny",
    max_length: Annotated[
        int,
        typer.Option(min=2, help="Output cap per sentence; random weights run every output up to it."),
    ] = 48,
    workers: Annotated[str, typer.Option(help="Comma-separated worker counts to compare.")] = "1,2",
    executor: Annotated[str, typer.Option(help="auto (ray when installed), ray or local.")] = "auto",
    engine: Annotated[str, typer.Option(help="auto, transformers or ctranslate2.")] = "auto",
    limit: Annotated[Optional[int], typer.Option(min=1, help="Only the first N articles.")] = None,  # noqa: UP045
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Also write the table (Markdown) here.", dir_okay=False),
    ] = None,
) -> None:
    """Articles/s and sentences/s of translate-corpus on the NTREX-128 articles, with 1, 2, … workers."""
    console = stderr_console()
    with cli_errors(console):
        setup_logging(False)
        from align.bench.corpus import corpus_table, run_corpus_benchmark
        from align.bench.speed import bench_model, machine
        from align.cli.options import build_run_options

        counts = [int(x) for x in workers.split(",") if x.strip()]
        chosen = model or str(bench_model(shape))
        from align.corpus import CorpusOptions

        run = build_run_options(model=chosen, engine=engine, device="cpu", max_length=max_length)
        options = CorpusOptions(run)
        bench = run_corpus_benchmark(
            options,
            executor=executor,
            worker_counts=counts,
            limit=limit,
            report=lambda m: say(console, m, style="dim"),
        )
        what = model or f"random weights, {shape} shape"
        lines = [
            f"Machine: {machine()}. Model: {what}, outputs capped at {max_length} tokens, no cache. "
            f"Workload: NTREX-128, {bench.rows[0].articles} articles, {bench.rows[0].sentences} sentences.",
            "",
            corpus_table(bench),
            "",
        ]
        if bench.ray_start_seconds is not None:
            lines.append(
                f"Ray runtime start (once, not in the times above): {bench.ray_start_seconds:.1f} s."
            )
        lines.append(
            "Every configuration wrote the same Documents."
            if bench.identical
            else "WARNING: the configurations wrote different Documents."
        )
        text = "\n".join(lines) + "\n"
        write_stdout(text)
        if output is not None and str(output) != "-":
            write_output(output, text)
