"""Speed and memory of newsalign against its peers and against a hand-written CTranslate2 script, measured
interleaved (every configuration once per round, the order reversed every other round) so that the load
other programs put on the machine falls on all of them alike.

Real weights cannot be downloaded everywhere, so the model is a Marian model with opus-mt-ar-en's exact
shape (76.8 M parameters) and random weights, built once; every system's outputs are forced to ⌈1.15 ×⌉
their own source's length (:mod:`align.bench.forcing`), so that all do the same work. Every run is a fresh
process (:mod:`align.bench.workers`, :mod:`align.bench.ct2_script`, or the command line itself): its load
time and peak memory are its own, and whole-process rows include the interpreter and every import.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from align.bench.forcing import EOS_BIAS, FILLER, OUTPUT_RATIO
from align.bench.launcher import Launcher
from align.home import home

# The whole command line with forced engines (the bench may not import the CLI, a later stage).
FORCED_CLI = "import align.bench.forcing as f, align.cli as c; f.install(); c.run()"

HANDWRITTEN_SCRIPT = Path(__file__).with_name("ct2_script.py")


@dataclass(frozen=True)
class Run:
    """One measured process per round."""

    key: str
    argv: tuple[str, ...]
    env: dict[str, str] = field(default_factory=dict)
    report: bool = False  # the process writes its stage measurements to the file named in its job


@dataclass(frozen=True)
class Sample:
    """One run of one round: the whole process (wall, CPU, peak RSS) and, where reported, its stage."""

    wall: float
    cpu: float
    peak_rss_mb: float
    stage: dict[str, Any] | None
    load: float  # the 1-minute load average when the run started


@dataclass
class Bench:
    runs: list[Run]
    samples: dict[str, list[Sample]]
    loads: list[float]
    labels: dict[str, str]
    workload: dict[str, Any]


def bench_model(shape: str = "opus-mt", *, ends: bool = False) -> Path:
    """The benchmark model, built on first use under the newsalign home (about 300 MB for opus-mt).
    ``ends``: the variant with a strong end-of-sentence bias that forced lengths need.

    Built in a temporary folder next to its place and renamed into it when complete: an interrupted build
    must not leave a folder with a config.json and no weights, which later runs would take for the model.
    """
    path = home() / "bench" / (f"random-{shape}-eos" if ends else f"random-{shape}")
    if (path / "config.json").is_file():
        return path
    from align.testing.random_model import build_random_marian

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        build_random_marian(
            tmp / "model",
            shape=shape,
            max_length=512,
            num_beams=4,
            pieces=4000,
            eos_bias=EOS_BIAS if ends else 0.0,
        )
        try:
            (tmp / "model").rename(path)
        except OSError:
            if not (path / "config.json").is_file():  # not another process finishing first
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return path


def converted(model: Path, quantization: str) -> Path:
    """The model converted to CTranslate2 (converting it once): conversion is not a per-run cost."""
    from align.engines.convert import convert
    from align.engines.hub import snapshot

    source, revision = snapshot(str(model), None)
    return convert(source, str(model), revision, quantization, local=True)


def paragraphs(article: Path) -> list[list[str]]:
    """The sentences ``newsalign translate`` translates, by paragraph (pull-quotes are not translated)."""
    from align.pipeline import load_document

    doc = load_document(article)
    return [[s.source for s in p.segments] for p in doc.translated_paragraphs() if p.segments]


def short_sample(folder: Path, sentences: int = 13) -> Path | None:
    """A short news article: the first NTREX-128 document of ``sentences`` sentences, one per paragraph
    (None without the test sets)."""
    from align.datasets import data_dir, load_test_set

    if not (data_dir() / "ntrex128").is_dir():
        return None
    for document in load_test_set("ntrex128"):
        if len(document) == sentences:
            path = folder / f"ntrex128-{sentences}-sentences.ar.txt"
            path.write_text("\n\n".join(document) + "\n", encoding="utf-8")
            return path
    return None


def bench_home(folder: Path) -> Path:
    """A newsalign home for the runs: the real one's converted models and files, a cache of its own."""
    real = home()
    (real / "ctranslate2").mkdir(parents=True, exist_ok=True)
    target = folder / "home"
    target.mkdir()
    for entry in real.iterdir():
        if not entry.name.startswith("cache."):  # the translation cache (and its -wal, -shm)
            (target / entry.name).symlink_to(entry)
    return target


def plan(
    *,
    article: Path,
    short: Path | None,
    folder: Path,
    model: Path,
    int8: Path,
    threads: int,
    batching: Sequence[tuple[int, int | None]] = (),
    isas: Sequence[str] = (),
) -> tuple[list[Run], dict[str, str]]:
    """Every process of one round, and the label of every row (rows come from runs: a process reports its
    stage, the parent measures the whole process)."""
    python = sys.executable
    runs: list[Run] = []
    labels: dict[str, str] = {}

    def job(key: str, **content: Any) -> str:
        path = folder / f"{key}.job.json"
        path.write_text(json.dumps({**content, "report": str(folder / f"{key}.report.json")}), "utf-8")
        return str(path)

    def engine(key: str, label: str, name: str, compute: str | None, beam: int, **extra: Any) -> None:
        spec = dict(mode="engine", model=str(model), engine=name, compute_type=compute, beam=beam)
        env = {"CT2_FORCE_CPU_ISA": extra.pop("isa")} if "isa" in extra else {}
        argv = (
            python,
            "-m",
            "align.bench.workers",
            job(key, **spec, article=str(article), threads=threads, **extra),
        )
        runs.append(Run(key, argv, env, report=True))
        labels[key] = label

    identity = bool(isas)
    engine(
        "default", "newsalign default: CTranslate2 int8, beam 4", "ctranslate2", None, 4, identity=identity
    )
    engine("ct2-beam1", "CTranslate2 int8, beam 1", "ctranslate2", None, 1)
    engine("ct2-float32", "CTranslate2 float32, beam 4", "ctranslate2", "float32", 4)
    engine("transformers", "newsalign --engine transformers (float32, beam 4)", "transformers", None, 4)
    for size, tokens in batching:
        key = f"batch-{size}" + (f"-{tokens}" if tokens else "")
        label = f"CTranslate2 int8, beam 4, batch {size}" + (f" / {tokens} tokens" if tokens else "")
        engine(key, label, "ctranslate2", None, 4, batch_size=size, max_batch_tokens=tokens)
    for isa in isas:
        engine(
            f"isa-{isa}",
            f"CTranslate2 int8, beam 4, ISA {isa}",
            "ctranslate2",
            None,
            4,
            isa=isa,
            identity=True,
        )

    sentences = [s for p in paragraphs(article) for s in p]
    argos = job("argos", mode="argos", model=str(int8), paragraphs=paragraphs(article), threads=threads)
    runs.append(Run("argos", (python, "-m", "align.bench.workers", argos), report=True))
    labels["argos"] = "Argos-style per-paragraph batching, same CTranslate2 model"

    def script(key: str, texts: list[str], *, load_in_thread: bool = False) -> None:
        spec = job(
            key,
            model=str(int8),
            sentences=texts,
            beam=4,
            batch_size=_default_batch_size(),
            threads=threads,
            ratio=OUTPUT_RATIO,
            filler=FILLER,
            output=str(folder / f"{key}.out.txt"),
            load_in_thread=load_in_thread,
        )
        runs.append(Run(key, (python, str(HANDWRITTEN_SCRIPT), spec), report=True))

    def cli(key: str, path: Path, *extra: str) -> None:
        out = str(folder / f"{key}.out.txt")
        argv = (
            python,
            "-c",
            FORCED_CLI,
            "translate",
            str(path),
            "-m",
            str(model),
            "-o",
            out,
            *extra,
        )
        runs.append(Run(key, argv))

    script("script", sentences)
    labels["script"] = "hand-written CTranslate2 script (sentencepiece + one translate_batch)"
    script("script-thread", sentences, load_in_thread=True)
    labels["script-thread"] = "the same script, its model loaded in a thread that ends (as newsalign does)"
    cli("cli", article, "--no-cache")
    labels["cli"] = "newsalign translate (whole CLI)"
    if short is not None:
        script("script-short", [s for p in paragraphs(short) for s in p])
        labels["script-short"] = "hand-written script, short article"
        cli("cli-short", short, "--no-cache")
        labels["cli-short"] = "newsalign translate, short article"
    cli("cached", article)
    labels["cached"] = "newsalign translate, every sentence cached"
    runs.append(Run("help", (python, "-m", "align", "--help")))
    labels["help"] = "newsalign --help"
    return runs, labels


def row_keys(batching: Sequence[tuple[int, int | None]] = (), isas: Sequence[str] = ()) -> list[str]:
    """The keys of the rows a benchmark with these options has (for ``only``)."""
    extra = [f"batch-{size}" + (f"-{tokens}" if tokens else "") for size, tokens in batching]
    return [*_BASE_ROWS, *extra, *(f"isa-{isa}" for isa in isas)]


_BASE_ROWS = (
    "default", "ct2-beam1", "ct2-float32", "transformers", "argos", "script", "script-thread", "cli",
    "script-short",
    "cli-short", "cached", "help",
)  # fmt: skip


def _chosen(key: str, only: Sequence[str]) -> bool:
    return any(key == name or (name.endswith("-") and key.startswith(name)) for name in only)


def _default_batch_size() -> int:
    from align.translate.batching import TranslateOptions

    return TranslateOptions().batch_size


def measure(run: Run, folder: Path, env: dict[str, str], launcher: Launcher) -> Sample:
    """Run one process to its end; its wall time, CPU time and peak RSS come from the kernel (wait4)."""
    load = _load()
    log = folder / f"{run.key}.log"
    result = launcher.run(run.argv, {**env, **run.env}, log)
    if result["exit"] != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-1500:]
        raise RuntimeError(f"{run.key} exited with {result['exit']}:\n{tail}")
    stage = None
    if run.report:
        stage = json.loads((folder / f"{run.key}.report.json").read_text(encoding="utf-8"))
    return Sample(result["wall"], result["cpu"], result["maxrss_kb"] / 1024, stage, load)


def _compile_package() -> None:
    """Write the package's bytecode where it is missing (a checkout; an installed wheel has it already)."""
    import compileall

    import align

    with contextlib.suppress(OSError):  # a read-only installation: its processes compile in memory
        compileall.compile_dir(Path(align.__file__).parent, quiet=2)


def _load() -> float:
    from align.bench.machine import load_average

    return load_average()


def run_speed_benchmark(
    article: Path,
    *,
    repeat: int = 3,
    threads: int | None = None,
    shape: str = "opus-mt",
    short_article: Path | None = None,
    batching: Sequence[tuple[int, int | None]] = (),
    isas: Sequence[str] = (),
    only: Sequence[str] = (),
    report: Callable[[str], None] = print,
) -> tuple[Bench, Any]:
    """Every configuration ``repeat`` times, interleaved; the measurements and the machine they ran on.
    ``only``: run just these rows (keys, or prefixes ending in "-"), and the default that ratios refer to."""
    from align.bench.machine import describe_machine, usable_cores

    threads = threads or usable_cores()
    report(f"building or reusing the {shape}-shaped model…")
    model = bench_model(shape, ends=True)
    int8 = converted(model, "int8")
    converted(model, "float32")
    with tempfile.TemporaryDirectory(prefix="newsalign-bench-") as tmp:
        folder = Path(tmp)
        short = short_article or short_sample(folder)
        env = {**os.environ, "NEWSALIGN_HOME": str(bench_home(folder)), "NO_COLOR": "1"}
        # Measured as a user runs it: pip compiles an installed package's bytecode, so a process that may
        # not write it (PYTHONDONTWRITEBYTECODE) would compile every module on every run and measure that.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        _compile_package()
        runs, labels = plan(
            article=article,
            short=short,
            folder=folder,
            model=model,
            int8=int8,
            threads=threads,
            batching=batching,
            isas=isas,
        )
        if only:
            runs = [r for r in runs if r.key == "default" or _chosen(r.key, only)]
        machine = describe_machine(int8)
        by_key = {r.key: r for r in runs}
        launcher = Launcher()
        try:
            if "cached" in by_key:
                report("filling the translation cache for the cached run…")
                measure(by_key["cached"], folder, env, launcher)
            samples: dict[str, list[Sample]] = {r.key: [] for r in runs}
            loads = [_load()]
            for round_number in range(repeat):
                order = runs if round_number % 2 == 0 else runs[::-1]
                for run in order:
                    report(f"round {round_number + 1}/{repeat}: {labels[run.key]}…")
                    samples[run.key].append(measure(run, folder, env, launcher))
                loads.append(_load())
        finally:
            launcher.close()
        workload = {
            "article": article.name,
            "short_article": short.name if short else None,
            "sentences": samples["default"][0].stage["sentences"] if samples["default"][0].stage else 0,
            "shape": shape,
            "threads": threads,
            "repeat": repeat,
        }
    return Bench(runs, samples, loads, labels, workload), machine


def machine() -> str:
    """A one-line description of the machine (for benchmarks that do not load CTranslate2 themselves)."""
    from align.bench.machine import cpu_model, usable_cores

    return f"{cpu_model()}, {usable_cores()} cores, Python {sys.version.split()[0]}"
