"""The speed benchmark's measured processes: one fresh process per run, so that each has its own load time
and peak memory, and no run warms another's caches.

    python -m align.bench.workers JOB.json

``JOB["mode"]`` is ``engine`` (newsalign's translation stage, as ``translate`` runs it) or ``argos`` (Argos
Translate's per-paragraph batching on the same CTranslate2 model). The run writes what it measured to
``JOB["report"]`` (JSON). The hand-written CTranslate2 script is :mod:`align.bench.ct2_script`.
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from collections.abc import Callable
from typing import Any

# Argos Translate 1.11 (translate.apply_packaged_translation): one translate_batch per paragraph, with these
# options; its SentencePiece model is loaded again for every paragraph.
ARGOS_OPTIONS = {
    "replace_unknowns": True,
    "max_batch_size": 32,
    "beam_size": 4,
    "num_hypotheses": 1,
    "length_penalty": 0.2,
    "return_scores": True,
}
# Outputs compared across instruction sets: end-of-sentence suppressed, so that every output token is the
# network's own choice and any numeric difference shows.
IDENTITY_LENGTH = 48


def timed(step: Callable[[], Any]) -> tuple[Any, float, float]:
    """``step()``, its wall seconds and its CPU seconds (user + system, all threads of this process)."""
    started, cpu = time.perf_counter(), time.process_time()
    value = step()
    return value, time.perf_counter() - started, time.process_time() - cpu


def run_engine(job: dict[str, Any]) -> dict[str, Any]:
    """newsalign's translation stage on the job's article, with forced output lengths."""
    from align.bench.forcing import force, forced_length
    from align.engines import EngineOptions, load_engine
    from align.pipeline import load_document
    from align.translate.batching import TranslateOptions, plan_pieces, translate_document

    doc = load_document(job["article"])
    options = EngineOptions(
        model=job["model"],
        name=job["engine"],
        device="cpu",
        threads=job["threads"],
        compute_type=job.get("compute_type"),
    )
    engine, load, load_cpu = timed(lambda: _loaded(force(load_engine(options))))
    batching = {k: job[k] for k in ("batch_size", "max_batch_tokens") if job.get(k) is not None}
    translate = TranslateOptions(beam=job["beam"], **batching)
    translated, seconds, cpu_seconds = timed(lambda: translate_document(doc, engine, translate))
    sources = [s.source for s in doc.translated_segments()]
    pieces, _ = plan_pieces(sources, engine)
    done = [s for s in translated.segments if s.translation is not None]
    report = {
        "load_seconds": load,
        "load_cpu_seconds": load_cpu,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "sentences": len(sources),
        "source_tokens": sum(p.n_tokens for p in pieces),
        "target_tokens": sum(forced_length(p.n_tokens) for p in pieces),
        # what the engine wrote (end-of-sentence included): proof that the forcing held
        "generated_tokens": sum(
            len(s.tgt_tokens) + 1 for s in translated.segments if s.translation is not None
        ),
        "batch_size": translate.batch_size,
        "max_batch_tokens": translate.max_batch_tokens,
        "digest": _digest(s.translation or "" for s in done),
    }
    if job.get("identity") and engine.name == "ctranslate2":
        report["identity_digest"] = _identity_digest(engine, sources, job["beam"])
    return report


def _loaded(engine: Any) -> Any:
    engine.load()  # the CTranslate2 engine loads its weights lazily: count them in the load time
    return engine


def _identity_digest(engine: Any, sources: list[str], beam: int) -> str:
    forced = engine._translator
    real = forced._translator
    original = real.translate_batch

    def free(source: Any, target_prefix: Any = None, **options: Any) -> Any:
        options["suppress_sequences"] = [*(options.get("suppress_sequences") or []), ["</s>"]]
        return original(source, target_prefix, **options)

    engine._translator = type("Unforced", (), {"translate_batch": staticmethod(free)})()
    texts = []
    for start in range(0, len(sources), 16):
        batch = sources[start : start + 16]
        texts += [h.text for h in engine.translate_batch(batch, beam=beam, max_length=IDENTITY_LENGTH)]
    engine._translator = forced
    return _digest(texts)


def run_argos(job: dict[str, Any]) -> dict[str, Any]:
    """Argos Translate's batching: one ``translate_batch`` per paragraph of the job."""
    import ctranslate2
    import sentencepiece

    from align.bench.forcing import forced_length, forced_prefixes

    model = job["model"]
    translator, load, load_cpu = timed(
        lambda: ctranslate2.Translator(model, device="cpu", intra_threads=job["threads"])
    )

    def translate_all() -> list[str]:
        outputs = []
        for paragraph in job["paragraphs"]:
            processor = sentencepiece.SentencePieceProcessor(model_file=f"{model}/source.spm")
            # Argos's own models add end-of-sentence in CTranslate2; a Marian model needs it in the input.
            tokens = [[*processor.encode(sentence, out_type=str), "</s>"] for sentence in paragraph]
            results = translator.translate_batch(
                tokens,
                forced_prefixes(tokens),
                max_decoding_length=1024,
                min_decoding_length=0,
                **ARGOS_OPTIONS,
            )
            outputs += ["".join(r.hypotheses[0]).replace("▁", " ").strip() for r in results]
            generated.extend(len(r.hypotheses[0]) + 1 for r in results)
        return outputs

    generated: list[int] = []

    outputs, seconds, cpu_seconds = timed(translate_all)
    processor = sentencepiece.SentencePieceProcessor(model_file=f"{model}/source.spm")
    lengths = [len(processor.encode(s, out_type=str)) + 1 for p in job["paragraphs"] for s in p]
    return {
        "load_seconds": load,
        "load_cpu_seconds": load_cpu,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "sentences": len(outputs),
        "source_tokens": sum(lengths),
        "target_tokens": sum(forced_length(n) for n in lengths),
        "generated_tokens": sum(generated),
    }


def _digest(texts: Any) -> str:
    return hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    report = run_engine(job) if job["mode"] == "engine" else run_argos(job)
    with open(job["report"], "w", encoding="utf-8") as handle:
        json.dump(report, handle)


if __name__ == "__main__":
    main()
