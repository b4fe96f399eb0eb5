"""The hand-written CTranslate2 script the speed benchmark compares newsalign with: the engine's practical
limit. SentencePiece, one ``translate_batch`` over all sentences (CTranslate2 sorts them by length and
batches them itself), SentencePiece again; nothing else. It imports nothing from newsalign, so run as a
file it also measures what a bare process costs.

    python ct2_script.py JOB.json

JOB: ``{"model": converted model dir, "sentences": [...], "beam": 4, "batch_size": 16, "threads": 2,
"ratio": 1.15, "filler": "▁the", "output": path, "report": path or null, "load_in_thread": false}``.
Outputs are forced to ⌈ratio × source tokens⌉ tokens with a target prefix, as ``align.bench.forcing`` does
for newsalign.
"""

from __future__ import annotations

import json
import math
import sys
import threading
import time
from typing import Any


def translate(job: dict[str, Any]) -> dict[str, Any]:
    """Translate the job's sentences; return the seconds of loading and of translating (wall and CPU)."""
    import ctranslate2
    import sentencepiece

    started, cpu = time.perf_counter(), time.process_time()
    model = job["model"]
    source_spm = sentencepiece.SentencePieceProcessor(model_file=f"{model}/source.spm")
    target_spm = sentencepiece.SentencePieceProcessor(model_file=f"{model}/target.spm")
    if job.get("load_in_thread"):
        # As newsalign loads (align.engines.ctranslate2): in a thread that then ends, which on some machines
        # makes translation much faster (docs/speed.md); the plain script builds it where it runs.
        built: dict[str, Any] = {}

        def build() -> None:
            built["translator"] = ctranslate2.Translator(model, device="cpu", intra_threads=job["threads"])

        thread = threading.Thread(target=build)
        thread.start()
        thread.join()
        translator = built["translator"]
    else:
        translator = ctranslate2.Translator(model, device="cpu", intra_threads=job["threads"])
    load, load_cpu = time.perf_counter() - started, time.process_time() - cpu

    started, cpu = time.perf_counter(), time.process_time()
    sources = [[*source_spm.encode(text, out_type=str), "</s>"] for text in job["sentences"]]
    lengths = [max(2, math.ceil(job["ratio"] * len(source))) for source in sources]
    results = translator.translate_batch(
        sources,
        [[job["filler"]] * (n - 1) for n in lengths],
        beam_size=job["beam"],
        max_batch_size=job["batch_size"],
        max_decoding_length=1024,
        min_decoding_length=0,
    )
    outputs = [target_spm.decode(result.hypotheses[0]) for result in results]
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    with open(job["output"], "w", encoding="utf-8") as handle:
        handle.write("\n".join(outputs) + "\n")
    return {
        "load_seconds": load,
        "load_cpu_seconds": load_cpu,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "sentences": len(sources),
        "source_tokens": sum(len(s) for s in sources),
        "target_tokens": sum(lengths),
        "generated_tokens": sum(len(result.hypotheses[0]) + 1 for result in results),
    }


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    measured = translate(job)
    if job.get("report"):
        with open(job["report"], "w", encoding="utf-8") as handle:
            json.dump(measured, handle)


if __name__ == "__main__":
    main()
