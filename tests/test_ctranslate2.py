"""The CTranslate2 engine: conversion cache, parity with transformers, compute types."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from align.engines import EngineOptions, load_engine
from align.engines.convert import convert, converted_path, list_converted
from align.errors import UsageError
from align.ingest import read_article
from align.segment import build_document

from .conftest import SEED

pytest.importorskip("ctranslate2", reason="the [fast] extra is not installed")


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return [s.source for s in build_document(read_article(SEED)).segments][:24]


@pytest.fixture(scope="module")
def ct2_float32(tiny_model: Path):  # type: ignore[no-untyped-def]
    return load_engine(
        EngineOptions(model=str(tiny_model), compute_type="float32", threads=1, name="ctranslate2")
    )


@pytest.mark.parametrize("beam", [1, 4])
def test_float32_matches_transformers(tiny_engine, ct2_float32, sentences: list[str], beam: int) -> None:  # type: ignore[no-untyped-def]
    for max_length in (12, 24):
        ours = ct2_float32.translate_batch(sentences, beam=beam, max_length=max_length)
        reference = tiny_engine.translate_batch(sentences, beam=beam, max_length=max_length)
        assert [h.text for h in ours] == [h.text for h in reference]
        assert [h.n_tokens for h in ours] == [h.n_tokens for h in reference]
        assert [h.capped for h in ours] == [h.capped for h in reference]
        # log-probabilities are comparable, not equal: transformers also counts the end-of-sentence it forces
        assert all(h.score is not None and h.score < 0 for h in ours)


def test_engine_reports_what_ran(ct2_float32, tiny_engine) -> None:  # type: ignore[no-untyped-def]
    assert (ct2_float32.name, ct2_float32.compute_type, ct2_float32.device) == (
        "ctranslate2",
        "float32",
        "cpu",
    )
    assert ct2_float32.revision == tiny_engine.revision  # the same weights, the same identity
    assert ct2_float32.max_input_tokens == tiny_engine.max_input_tokens
    assert ct2_float32.default_beam == tiny_engine.default_beam
    assert ct2_float32.encode(["قال الوزير"]) == tiny_engine.encode(["قال الوزير"])


def test_int8_is_the_default_and_deterministic(tiny_model: Path, sentences: list[str]) -> None:
    engine = load_engine(EngineOptions(model=str(tiny_model), threads=1, name="ctranslate2"))
    assert engine.compute_type == "int8"
    first = engine.translate_batch(sentences, beam=1, max_length=24)
    again = engine.translate_batch(sentences, beam=1, max_length=24)
    assert [h.text for h in first] == [h.text for h in again]
    assert all(h.pieces for h in first)


def test_auto_prefers_ctranslate2(tiny_model: Path) -> None:
    assert load_engine(EngineOptions(model=str(tiny_model), threads=1)).name == "ctranslate2"


def test_conversion_is_cached_per_revision_and_quantization(tiny_model: Path, newsalign_home: Path) -> None:
    first = convert(tiny_model, "tiny", "rev-a", "float32")
    stamp = (first / "model.bin").stat().st_mtime_ns
    assert convert(tiny_model, "tiny", "rev-a", "float32") == first  # reused, not converted again
    assert (first / "model.bin").stat().st_mtime_ns == stamp
    other = convert(tiny_model, "tiny", "rev-b", "float32")
    int8 = convert(tiny_model, "tiny", "rev-a", "int8")
    assert len({first, other, int8}) == 3
    assert first.parent == newsalign_home / "ctranslate2"
    listed = {(m.model, m.revision, m.quantization) for m in list_converted()}
    assert {("tiny", "rev-a", "float32"), ("tiny", "rev-b", "float32"), ("tiny", "rev-a", "int8")} <= listed


def test_interrupted_conversion_leaves_no_model(tiny_model: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ctranslate2.converters import TransformersConverter

    def crash(self, output_dir, **kwargs):  # type: ignore[no-untyped-def]
        os.makedirs(output_dir)
        Path(output_dir, "model.bin").write_bytes(b"half")
        raise KeyboardInterrupt

    monkeypatch.setattr(TransformersConverter, "convert", crash)
    target = converted_path("tiny", "rev-crash", "float32")
    with pytest.raises(KeyboardInterrupt):
        convert(tiny_model, "tiny", "rev-crash", "float32")
    assert not target.exists()
    assert not list(target.parent.glob(f".{target.name}.*"))


def test_unsupported_compute_type(tiny_model: Path) -> None:
    with pytest.raises(UsageError, match=r"choose one of: .*int8"):
        load_engine(EngineOptions(model=str(tiny_model), compute_type="bfloat16", name="ctranslate2"))
    with pytest.raises(UsageError, match="needs the ctranslate2 engine"):
        load_engine(EngineOptions(model=str(tiny_model), compute_type="int8", name="transformers"))


def test_tokenizer_is_sentencepiece_alone(ct2_float32) -> None:  # type: ignore[no-untyped-def]
    from align.engines.tokenizer import MarianSentencePiece

    assert isinstance(ct2_float32._tokenizer, MarianSentencePiece)


_REPORT_MODULES = """
import atexit, runpy, sys
report_path = sys.argv[1]
def report():
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("torch", "transformers"))
    with open(report_path, "w", encoding="utf-8") as handle:
        handle.write("\\n".join(heavy))
atexit.register(report)
sys.argv = ["newsalign", *sys.argv[2:]]
runpy.run_module("align", run_name="__main__")
"""


def _hub_cache(tiny_model: Path, root: Path) -> tuple[str, dict[str, str]]:
    """The tiny model as a hub id in an offline Hugging Face cache (the default model's situation)."""
    import shutil

    repo = root / "hub" / "models--test-org--tiny-mt"
    commit = "0123456789abcdef0123456789abcdef01234567"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit, encoding="utf-8")
    shutil.copytree(tiny_model, repo / "snapshots" / commit)
    return "test-org/tiny-mt", {"HF_HOME": str(root), "HF_HUB_OFFLINE": "1"}


@pytest.mark.parametrize("where", ["local", "hub-cache"])
def test_translate_with_a_converted_model_imports_neither_torch_nor_transformers(
    tiny_model: Path, tmp_path: Path, where: str
) -> None:
    import subprocess
    import sys

    from .conftest import CLEAN

    model, env = str(tiny_model), {}
    if where == "hub-cache":
        model, env = _hub_cache(tiny_model, tmp_path / "hf")
    modules, out = tmp_path / "modules.txt", tmp_path / "out.txt"
    args = ["translate", str(CLEAN), "-m", model, "--engine", "ctranslate2", "--no-cache", "-o", str(out)]
    for flags in ([], ["-X", "importtime"]):  # the first run converts the model
        result = subprocess.run(
            [sys.executable, *flags, "-c", _REPORT_MODULES, str(modules), *args],
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, **env, "NO_COLOR": "1"},
            cwd=tmp_path,
        )
        assert result.returncode == 0, result.stderr[-2000:]
    assert out.read_text(encoding="utf-8").strip()
    assert modules.read_text(encoding="utf-8") == ""  # sys.modules at exit
    imported = [line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line]
    assert "ctranslate2" in imported and "sentencepiece" in imported
    assert not [m for m in imported if m.split(".")[0] in ("torch", "transformers", "sacremoses")]


def test_a_cached_article_loads_no_model(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is looked up before the weights are loaded: a rerun of a translated article loads no model,
    and the first run says it converts the model before it does."""
    from typer.testing import CliRunner

    from align.cli import app
    from align.pipeline import RunOptions, Translator
    from align.translate import TranslateOptions

    from .conftest import CLEAN

    monkeypatch.setenv("NEWSALIGN_HOME", str(tmp_path / "home"))  # a cache and conversions of its own
    engine = EngineOptions(model=str(tiny_model), name="ctranslate2", threads=1)
    options = RunOptions(engine=engine, decoding=TranslateOptions(max_length=24))
    phases: list[str] = []
    with Translator(options, on_phase=phases.append) as translator:
        first = translator.translate(CLEAN)
        assert translator.model_loads == 1
    # Opened (and converted) before repair; the weights then loaded in the background while repair ran.
    assert phases == ["loading model", "converting model (once)"]
    phases.clear()
    with Translator(options, on_phase=phases.append) as translator:
        again = translator.translate(CLEAN)
        assert translator.model_loads == 0 and not translator.engine.loaded  # type: ignore[attr-defined]
        # Nor its tokenizer: the sentences' pieces were kept with their translations.
        assert translator.engine._tokenizer_loaded is None  # type: ignore[attr-defined]
    assert phases == ["loading model"]  # the engine opened, nothing loaded
    assert again.meta.run is not None and again.meta.run.cached == len(list(again.translated_segments()))
    assert [s.translation for s in again.segments] == [s.translation for s in first.segments]

    args = ["translate", str(CLEAN), "-m", str(tiny_model), "--engine", "ctranslate2", "--threads", "1"]
    args += ["--max-length", "24", "-o", str(tmp_path / "out.txt")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "sentences, every one from the cache" in result.output and "no model loaded" in result.output
    result = CliRunner().invoke(app, [*args, "--no-cache"])
    assert result.exit_code == 0 and "with reading and model loading" in result.output


def test_a_cached_run_imports_neither_ctranslate2_nor_sentencepiece(tiny_model: Path, tmp_path: Path) -> None:
    """A fully cached article needs no engine library: its translations and its sentences' pieces are in
    the cache (the run before kept both); a machine with an NVIDIA driver still asks CTranslate2 which
    device it has, so there only sentencepiece is checked."""
    import subprocess
    import sys

    from align.engines.ctranslate2 import _cuda_devices

    from .conftest import CLEAN

    report = _REPORT_MODULES.replace(
        '("torch", "transformers")', '("torch", "transformers", "ctranslate2", "sentencepiece")'
    )
    modules, out = tmp_path / "modules.txt", tmp_path / "out.txt"
    args = ["translate", str(CLEAN), "-m", str(tiny_model), "--engine", "ctranslate2", "--max-length", "24"]
    env = {**os.environ, "NEWSALIGN_HOME": str(tmp_path / "home"), "NO_COLOR": "1"}
    runs = []
    for _ in range(2):  # the first run translates and keeps; the second takes everything from the cache
        result = subprocess.run(
            [sys.executable, "-c", report, str(modules), *args, "-o", str(out)],
            capture_output=True, text=True, timeout=300, env=env, cwd=tmp_path,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-2000:]
        runs.append((out.read_text(encoding="utf-8"), modules.read_text(encoding="utf-8").split()))
    (first, first_modules), (again, again_modules) = runs
    assert "ctranslate2" in first_modules and "sentencepiece" in first_modules
    assert again == first and again.strip()
    driver = [m for m in again_modules if m.startswith("ctranslate2")] if _cuda_devices() else []
    assert again_modules == driver


def test_kept_encodings_are_the_tokenizers(tiny_model: Path, tmp_path: Path, sentences: list[str]) -> None:
    """What the cache keeps for a sentence is what the tokenizer says; a row that does not read back (a
    damaged file, an edit) is made again, never trusted; another tokenizer identity shares nothing."""
    import sqlite3

    from align.translate.cache import KeptEncoder, TranslationCache

    engine = load_engine(EngineOptions(model=str(tiny_model), name="ctranslate2", threads=1))
    cache = TranslationCache(tmp_path / "cache.sqlite")
    texts = [*sentences, sentences[0], "\ue000\ue001 ٢٠١٥"]  # a repeat and pieces the vocabulary lacks
    fresh = engine.encode(texts)
    kept = KeptEncoder(engine, cache, engine.tokenizer_identity)  # type: ignore[attr-defined]
    assert kept.encode(texts) == fresh and kept.max_input_tokens == engine.max_input_tokens
    assert any(e.unknown for e in fresh)

    class Refusing:  # an engine whose tokenizer must not be asked again
        max_input_tokens = property(lambda self: pytest.fail("the limit was asked for again"))
        tokenizer_is_kept = True

        def encode(self, texts):  # type: ignore[no-untyped-def]
            pytest.fail(f"tokenized again: {texts}")

    again = KeptEncoder(Refusing(), cache, engine.tokenizer_identity)  # type: ignore[attr-defined]
    assert again.encode(texts) == fresh and again.max_input_tokens == engine.max_input_tokens

    db = sqlite3.connect(cache.path)
    db.execute("UPDATE encodings SET value = '[3, [\"x\"], []]'")  # 3 tokens for one piece: not an encoding
    db.commit()
    db.close()
    asked: list[list[str]] = []

    class Counting(Refusing):
        max_input_tokens = engine.max_input_tokens

        def encode(self, texts):  # type: ignore[no-untyped-def]
            asked.append(list(texts))
            return engine.encode(texts)

    remade = KeptEncoder(Counting(), cache, engine.tokenizer_identity)  # type: ignore[attr-defined]
    assert remade.encode(texts) == fresh
    assert asked == [list(dict.fromkeys(texts))]
    other = KeptEncoder(Counting(), cache, "another tokenizer")
    asked.clear()
    assert other.encode(texts[:1]) == fresh[:1] and asked == [texts[:1]]


def test_no_driver_means_no_cuda_without_importing_ctranslate2(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins
    import sys

    from align.engines import ctranslate2 as module

    real_import = builtins.__import__

    def guarded(name, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "ctranslate2":
            raise AssertionError("ctranslate2 imported to learn that there is no GPU")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(module.os.path, "exists", lambda path: False)
    monkeypatch.setattr(module.glob, "glob", lambda pattern: [])
    monkeypatch.setattr(builtins, "__import__", guarded)
    assert module._cuda_devices() == 0
    assert module._resolve_device("auto") == "cpu"
    with pytest.raises(UsageError, match="no CUDA GPU"):
        module._resolve_device("cuda")
    monkeypatch.setattr(
        module.glob, "glob", lambda pattern: ["/dev/nvidia0"]
    )  # a driver: CTranslate2 is asked
    with pytest.raises(AssertionError, match="ctranslate2 imported"):
        module._cuda_devices()


def test_the_model_loads_while_repair_runs(
    tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading for translation opens the model before repair and loads its weights in the background; a
    failure there is raised where the engine is needed, not lost; reading alone (clean, review) and an
    article whose repair is kept (read before) load nothing."""
    import threading

    from align.engines import ctranslate2 as module
    from align.errors import ModelError
    from align.pipeline import RunOptions, Translator
    from align.translate import TranslateOptions

    from .conftest import CLEAN

    monkeypatch.setenv("NEWSALIGN_HOME", str(tmp_path / "home"))
    engine = EngineOptions(model=str(tiny_model), name="ctranslate2", threads=1)
    options = RunOptions(engine=engine, decoding=TranslateOptions(max_length=24))
    with Translator(RunOptions(engine=engine, cache=False)) as translator:
        translator.read(CLEAN)
        assert translator._engine is None  # reading alone opens no model

    real_load = module.CTranslate2Engine._load
    started, release, threads = threading.Event(), threading.Event(), []

    def slow_load(self, ctranslate2, path):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        started.set()
        release.wait(30)
        return real_load(self, ctranslate2, path)

    monkeypatch.setattr(module.CTranslate2Engine, "_load", slow_load)
    with Translator(options) as translator:
        doc = translator.read(CLEAN, preload=True)  # returns while the weights are still loading
        assert started.wait(30) and not translator.engine.loaded  # type: ignore[attr-defined]
        release.set()
        translated = translator.translate(doc)
        assert translator.model_loads == 1 and threads == ["newsalign-load-model"]
    assert all(s.translation for s in translated.translated_segments())

    with Translator(options) as translator:  # read before: its repair is kept, so nothing is preloaded
        translator.read(CLEAN, preload=True)
        assert translator._engine is None

    def broken(self, ctranslate2, path):  # type: ignore[no-untyped-def]
        raise ModelError("cannot load the converted model in X (planted)")

    monkeypatch.setattr(module.CTranslate2Engine, "_load", broken)
    with Translator(RunOptions(engine=engine, cache=False)) as translator:
        doc = translator.read(CLEAN, preload=True)
        with pytest.raises(ModelError, match="planted"):
            translator.translate(doc)
