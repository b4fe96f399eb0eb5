"""The speed benchmark's parts: forced output lengths in every system, the hand-written script, Argos-style
batching, and the report's statistics (planted numbers, no timing assertions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from align.bench.forcing import EOS_BIAS, force, forced_length, forced_prefixes
from align.bench.machine import Machine
from align.bench.speed import Bench, Run, Sample, paragraphs
from align.bench.speed_report import ratios, render, spread
from align.engines import EngineOptions, load_engine

from .conftest import CLEAN, SEED

pytest.importorskip("ctranslate2", reason="the [fast] extra is not installed")


@pytest.fixture(scope="session")
def ending_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny shape with the benchmark's end-of-sentence bias: it ends as soon as it may."""
    from align.testing.random_model import build_random_marian

    return build_random_marian(tmp_path_factory.mktemp("ending"), max_length=512, eos_bias=EOS_BIAS)


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    # the shortest dozen: mixed lengths, and quick with transformers
    return sorted((s for p in paragraphs(SEED) for s in p), key=len)[:12]


@pytest.mark.parametrize(("source", "forced"), [(1, 2), (2, 3), (10, 12), (20, 23), (100, 115)])
def test_forced_length_is_115_percent_of_each_source(source: int, forced: int) -> None:
    assert forced_length(source) == forced
    prefixes = forced_prefixes([["▁x"] * (source - 1) + ["</s>"]])
    assert len(prefixes[0]) == forced - 1  # the end-of-sentence after the prefix makes it ``forced``


@pytest.mark.parametrize("engine_name", ["ctranslate2", "transformers"])
@pytest.mark.parametrize("beam", [1, 4])
def test_every_output_has_its_own_sentences_forced_length(
    ending_model: Path, sentences: list[str], engine_name: str, beam: int
) -> None:
    engine = load_engine(EngineOptions(model=str(ending_model), name=engine_name, threads=1))
    unforced = engine.translate_batch(sentences, beam=beam, max_length=512)
    assert all(h.n_tokens <= 2 for h in unforced)  # the bias ends every sentence at once
    force(engine)
    wanted = [forced_length(e.n_tokens) for e in engine.encode(sentences)]
    assert len(set(wanted)) > 5  # mixed lengths in one batch: each sentence keeps its own
    hypotheses = engine.translate_batch(sentences, beam=beam, max_length=512, align=True)
    assert [h.n_tokens for h in hypotheses] == wanted
    assert all(not h.capped for h in hypotheses)


def test_the_hand_written_script_forces_the_same_lengths(
    ending_model: Path, sentences: list[str], tmp_path: Path
) -> None:
    from align.bench.ct2_script import translate
    from align.bench.forcing import FILLER, OUTPUT_RATIO
    from align.bench.speed import converted

    model = converted(ending_model, "int8")
    job = dict(model=str(model), sentences=sentences, beam=4, batch_size=16, threads=1)
    job.update(ratio=OUTPUT_RATIO, filler=FILLER, output=str(tmp_path / "out.txt"))
    measured = translate(job)
    engine = force(load_engine(EngineOptions(model=str(ending_model), name="ctranslate2", threads=1)))
    expected = sum(forced_length(e.n_tokens) for e in engine.encode(sentences))
    assert measured["target_tokens"] == measured["generated_tokens"] == expected
    written = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert len(written.splitlines()) == len(sentences)
    # Loading the model in a thread of its own changes the time, never the output.
    threaded = translate({**job, "load_in_thread": True, "output": str(tmp_path / "threaded.txt")})
    assert threaded["generated_tokens"] == expected
    assert (tmp_path / "threaded.txt").read_text(encoding="utf-8") == written


def test_argos_style_batching_translates_paragraph_by_paragraph(ending_model: Path) -> None:
    from align.bench.speed import converted
    from align.bench.workers import run_argos

    groups = paragraphs(CLEAN)
    model = converted(ending_model, "int8")
    measured = run_argos({"model": str(model), "paragraphs": groups, "threads": 1})
    assert measured["sentences"] == sum(len(p) for p in groups)
    assert measured["generated_tokens"] == measured["target_tokens"]


def test_paragraphs_are_what_translate_translates() -> None:
    from align.pipeline import load_document

    doc = load_document(SEED)
    got = [s for p in paragraphs(SEED) for s in p]
    assert got == [s.source for s in doc.translated_segments()]
    assert len(got) < len(doc.segments)  # the seed's pull-quotes are not translated


# -- the report: planted measurements ---------------------------------------------------------------------


def _sample(wall: float, cpu: float, *, stage: float | None = None, rss: float = 100.0) -> Sample:
    report = None
    if stage is not None:
        report = dict(seconds=stage, cpu_seconds=stage / 2, load_seconds=0.1, sentences=51)
        report.update(source_tokens=1000, target_tokens=1150, generated_tokens=1150)
    return Sample(wall=wall, cpu=cpu, peak_rss_mb=rss, stage=report, load=1.5)


def _bench(**samples: list[Sample]) -> Bench:
    labels = {key: key for key in samples}
    runs = [Run(key, ("true",)) for key in samples]
    workload = dict(article="a.txt", short_article=None, sentences=51, shape="opus-mt", threads=2, repeat=3)
    return Bench(runs, dict(samples), [1.0, 2.0], labels, workload)


def test_ratios_are_taken_round_by_round() -> None:
    # The machine got twice as slow in round 2: each ratio within a round stays 1.5.
    bench = _bench(
        cli=[_sample(3.0, 1.0), _sample(6.0, 2.0), _sample(3.3, 1.0)],
        script=[_sample(2.0, 1.0), _sample(4.0, 1.0), _sample(2.2, 1.0)],
    )
    assert ratios(bench, "cli", "script", stage=False) == pytest.approx([1.5, 1.5, 1.5])
    assert ratios(bench, "cli", "script", stage=False, cpu=True) == pytest.approx([1.0, 2.0, 1.0])


@pytest.mark.parametrize(
    ("values", "text"),
    [([], "–"), ([2.0], "2.00"), ([3.0, 1.0, 2.0], "2.00 (1.00–3.00)"), ([1.0, 4.0], "2.50 (1.00–4.00)")],
)
def test_spread_gives_the_median_and_the_range(values: list[float], text: str) -> None:
    assert spread(values) == text


def test_report_names_the_machine_and_judges_the_targets() -> None:
    bench = _bench(
        default=[_sample(20, 10, stage=10.0), _sample(21, 10, stage=10.0)],
        transformers=[_sample(60, 30, stage=40.0), _sample(60, 30, stage=40.0)],
        argos=[_sample(30, 15, stage=20.0), _sample(30, 15, stage=20.0)],
        script=[_sample(10, 5, stage=9.0), _sample(10, 5, stage=9.0)],
        cli=[_sample(12, 6, rss=420), _sample(10.5, 6, rss=460)],
    )
    machine = Machine("Example CPU 9000", 2, "AVX2", "SGEMM MKL, GEMM_S8 MKL", "3.11", "4.8.5")
    text = render(bench, machine, command="newsalign bench speed --repeat 2")
    assert "Example CPU 9000, 2 cores; CTranslate2 4.8.5: ISA AVX2, SGEMM MKL, GEMM_S8 MKL" in text
    assert "Load average (1 min) during the runs:" in text
    assert "(1150 target tokens for every system)" in text
    rows = {line.split(" | ")[0].lstrip("| "): line for line in text.splitlines() if line.startswith("| ")}
    assert rows["whole CLI vs the hand-written script, seed article"].endswith(
        "| ≤ 1.1× | no |"
    )  # 1.2 and 1.05
    assert rows["transformers engine vs default (how much slower)"].endswith("| ≥ 3× | yes |")  # 4.0
    assert rows["Argos-style batching vs default (how much slower)"].endswith("| ≥ 3.4× | no |")  # 2.0
    assert rows["peak RSS of the whole CLI (MB)"].endswith("| ≤ 450 | no |")  # 460 in one round
    assert "4.00 (4.00–4.00)" in rows["transformers"]


def test_report_warns_when_the_work_differs() -> None:
    other = _sample(20, 10, stage=10.0)
    assert other.stage is not None
    other.stage["generated_tokens"] = 999
    bench = _bench(default=[_sample(20, 10, stage=10.0)], argos=[other])
    machine = Machine("cpu", 2, "AVX2", "?", "3.11", "4.8.5")
    assert "WARNING: not every system did the same work" in render(bench, machine)


def _with_digest(digest: str) -> Sample:
    sample = _sample(20, 10, stage=10.0)
    assert sample.stage is not None
    sample.stage["identity_digest"] = digest
    return sample


@pytest.mark.parametrize(
    ("default", "avx512", "expected"),
    [
        (["a", "a"], ["a", "a"], ["the same in every round", "identical to"]),
        (["a", "a"], ["a", "b"], ["the same in every round", "DIFFERENT from"]),
        (["a", "b"], ["a", "b"], ["NOT the same in every round", "identical to"]),
    ],
)
def test_an_instruction_set_counts_as_identical_only_round_for_round(
    default: list[str], avx512: list[str], expected: list[str]
) -> None:
    from align.bench.speed_report import identity_lines

    bench = _bench(
        default=[_with_digest(d) for d in default], **{"isa-AVX512": [_with_digest(d) for d in avx512]}
    )
    lines = identity_lines(bench, ["AVX512"])
    assert [want in line for want, line in zip(expected, lines, strict=True)] == [True, True]


def test_a_partial_run_leaves_out_empty_tables() -> None:
    bench = _bench(default=[_sample(20, 10, stage=10.0)])
    text = render(bench, Machine("cpu", 2, "AVX2", "?", "3.11", "4.8.5"))
    assert "| translation stage" in text and "| whole process" not in text and "| target |" not in text
