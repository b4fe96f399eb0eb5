"""Translation quality on the test sets, through the whole pipeline (document mode) and sentence by sentence.

Document mode is what users get: each test document's sentences become one article, which is repaired,
segmented, translated, and aligned back to the reference sentences before scoring, under the scoring policy
(:mod:`align.scoring.aligned`: omitted reference sentences count against an empty hypothesis), forced so
that every document is reported; the report gives coverage and how many documents ``newsalign score`` would
refuse. Sentence mode translates
each test sentence on its own (how published numbers are computed), so both are reported. In NTREX-128,
FLORES-200 and TICO-19 the English is the original and the Arabic a translation (translationese input).
"""

from __future__ import annotations

import html
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from align.engines import EngineOptions, load_engine
from align.ingest.base import from_paragraphs
from align.segment import build_document
from align.translate.batching import TranslateOptions, translate_document

PUBLISHED = {  # BLEU / chrF, from the OPUS-MT model cards (DESIGN.md)
    "Helsinki-NLP/opus-mt-ar-en": {"flores101_devtest": (33.9, 61.0), "tico19_test": (32.3, 60.2)},
    "Helsinki-NLP/opus-mt-tc-big-ar-en": {"flores200_devtest": (42.8, 67.2), "tico19_test": (44.4, 68.5)},
}
NOTE = "In these test sets English is the original and the Arabic a human translation (translationese input)."


@dataclass
class ModeResult:
    mode: str
    scores: dict[str, str]  # metric -> formatted score with CI
    values: dict[str, float]
    sentences: int
    seconds: float
    unaligned: int = 0
    mean_confidence: float | None = None
    coverage: float | None = None  # document mode: share of reference sentences the alignment matched
    untrusted: int = 0  # document mode: documents whose alignment would be refused by `newsalign score`


@dataclass
class ModelReport:
    model: str
    signature: str
    modes: list[ModeResult] = field(default_factory=list)
    per_document_chrf: list[float] = field(default_factory=list)
    worst: list[dict[str, Any]] = field(default_factory=list)
    hypotheses: list[str] = field(default_factory=list)  # sentence mode, for paired tests


def run_quality(
    name: str,
    sources: Sequence[Sequence[str]],
    references: Sequence[Sequence[str]],
    models: Sequence[str],
    *,
    engine: str = "auto",
    compute_type: str | None = None,
    threads: int | None = None,
    report: Callable[[str], None] = lambda message: None,
) -> dict[str, Any]:
    """Score each model on documents of (Arabic sentences, English reference sentences)."""
    from align.scoring.metrics import compare_systems, score_lines
    from align.scoring.segments import segment_scores

    flat_refs = [r for doc in references for r in doc]
    reports: list[ModelReport] = []
    for model in models:
        report(f"{model}: loading")
        loaded = load_engine(
            EngineOptions(model=model, name=engine, threads=threads, compute_type=compute_type)
        )
        options = TranslateOptions(word_alignment=False)
        entry = ModelReport(model=model, signature="")
        # sentence mode: one paragraph per test sentence, no repair (the input is clean text)
        report(f"{model}: sentence mode")
        started = time.perf_counter()
        article = from_paragraphs(
            (("body", s, None) for doc in sources for s in doc),
            data=b"",
            source=name,
            format="text",
            encoding="",
        )
        translated = translate_document(build_document(article), loaded, options)
        seconds = time.perf_counter() - started
        entry.signature = translated.meta.run.signature() if translated.meta.run else ""
        hyps = [p.translation or "" for p in translated.paragraphs]
        entry.hypotheses = hyps
        entry.modes.append(_mode("sentence", hyps, flat_refs, seconds, score_lines))
        lines = segment_scores(hyps, [flat_refs])
        worst = sorted(range(len(hyps)), key=lambda i: lines[i]["chrf"])[:10]
        flat_sources = [s for doc in sources for s in doc]
        entry.worst = [
            {
                "line": i + 1,
                "chrf": round(lines[i]["chrf"], 1),
                "source": flat_sources[i],
                "translation": hyps[i],
                "reference": flat_refs[i],
            }
            for i in worst
        ]
        # document mode: each document as an article through repair, segmentation and alignment
        report(f"{model}: document mode")
        entry.modes.append(_document_mode(sources, references, loaded, options, score_lines, entry))
        reports.append(entry)
    paired = None
    if len(reports) > 1:
        comparison = compare_systems({r.model: r.hypotheses for r in reports}, [flat_refs], method="bs")
        paired = {
            "signatures": dict(comparison.signatures),
            "systems": [asdict(s) for s in comparison.systems],
        }
    return {
        "testset": name,
        "note": NOTE,
        "documents": len(sources),
        "sentences": len(flat_refs),
        "models": [{k: v for k, v in asdict(r).items() if k != "hypotheses"} for r in reports],
        "paired": paired,
        "published": {m: PUBLISHED[m] for m in models if m in PUBLISHED},
    }


def _mode(mode: str, hyps: list[str], refs: list[str], seconds: float, score_lines: Any) -> ModeResult:
    metrics = score_lines(hyps, [refs], confidence=True)
    return ModeResult(
        mode=mode,
        scores={
            m.name: f"{m.score:.1f} ± {m.ci:.1f}" if m.ci is not None else f"{m.score:.1f}" for m in metrics
        },
        values={m.name: round(m.score, 2) for m in metrics},
        sentences=len(refs),
        seconds=round(seconds, 2),
    )


def _document_mode(
    sources: Sequence[Sequence[str]],
    references: Sequence[Sequence[str]],
    engine: Any,
    options: TranslateOptions,
    score_lines: Any,
    entry: ModelReport,
) -> ModeResult:
    from align.repair import repair_text
    from align.scoring.aligned import realign
    from align.scoring.metrics import score_lines as score

    started = time.perf_counter()
    hyps: list[str] = []
    refs: list[str] = []
    unaligned = untrusted = matched_refs = 0
    confidences = []
    for doc_sources, doc_refs in zip(sources, references, strict=True):
        article = from_paragraphs(
            [("body", " ".join(doc_sources), None)], data=b"", source="", format="text", encoding=""
        )
        translated = translate_document(build_document(article, repair_text(article.text)), engine, options)
        sentences = [s.translation or "" for s in translated.segments]
        # the scoring policy, forced: a benchmark reports every document, with what the alignment found
        lines = realign(sentences, list(doc_refs), align="force")
        info = lines.info
        assert info is not None  # align="force" always aligns
        unaligned += info.unaligned_hypothesis + info.unaligned_reference
        untrusted += not info.trusted
        matched_refs += len(doc_refs) - info.unaligned_reference
        confidences.append(info.confidence)
        hyps += lines.hypotheses
        refs += lines.references[0]
        entry.per_document_chrf.append(
            round(score(lines.hypotheses, lines.references, metrics=("chrf",))[0].score, 1)
        )
    result = _mode("document", hyps, refs, time.perf_counter() - started, score_lines)
    result.sentences = sum(len(r) for r in references)
    result.unaligned = unaligned
    result.untrusted = untrusted
    result.coverage = round(matched_refs / max(1, result.sentences), 4)
    result.mean_confidence = round(sum(confidences) / max(1, len(confidences)), 3)
    return result


def to_markdown(data: dict[str, Any]) -> str:
    lines = [
        f"# Quality on {data['testset']} ({data['documents']} documents, {data['sentences']} sentences)",
        "",
        data["note"],
        "",
        "| model | mode | BLEU | chrF2 | chrF2++ | TER | sentences/s | unaligned | coverage | untrusted |",
        "|---|---|---|---|---|---|---:|---:|---:|---:|",
    ]
    for model in data["models"]:
        for mode in model["modes"]:
            s = mode["scores"]
            rate = mode["sentences"] / mode["seconds"] if mode["seconds"] else 0.0
            lines.append(
                f"| {model['model']} | {mode['mode']} | {s.get('BLEU', '')} | {s.get('chrF2', '')} | "
                f"{s.get('chrF2++', '')} | {s.get('TER', '')} | {rate:.1f} | {mode['unaligned']} |"
                f" {'' if mode['coverage'] is None else format(mode['coverage'], '.2f')} |"
                f" {mode['untrusted'] if mode['mode'] == 'document' else ''} |"
            )
    lines += ["", "Signatures: " + "; ".join(f"`{m['signature']}`" for m in data["models"])]
    if data["published"]:
        lines += ["", "Published (BLEU/chrF, other test-set versions): " + json.dumps(data["published"])]
    return "\n".join(lines) + "\n"


def to_html(data: dict[str, Any]) -> str:
    """A small self-contained page: the table, per-document chrF bars, the worst sentences."""
    parts = [
        f"<!doctype html><meta charset=utf-8><title>{html.escape(data['testset'])}</title>",
        "<style>body{font:14px sans-serif;max-width:60em;margin:auto} .bar{background:#4a7;height:8px}"
        " td,th{padding:2px 6px} [lang=ar]{direction:rtl}</style>",
        f"<pre>{html.escape(to_markdown(data))}</pre>",
    ]
    for model in data["models"]:
        parts.append(f"<h2>{html.escape(model['model'])}: chrF per document (document mode)</h2><div>")
        parts += [
            f"<div class=bar style='width:{max(0.0, v):.0f}%' title='{v}'></div>"
            for v in model["per_document_chrf"]
        ]
        parts.append("</div><h3>Worst sentences (sentence mode, chrF)</h3><table>")
        for w in model["worst"]:
            parts.append(
                f"<tr><td>{w['line']}</td><td>{w['chrf']}</td><td lang=ar>{html.escape(w['source'])}</td>"
                f"<td>{html.escape(w['translation'])}</td><td>{html.escape(w['reference'])}</td></tr>"
            )
        parts.append("</table>")
    return "\n".join(parts) + "\n"
