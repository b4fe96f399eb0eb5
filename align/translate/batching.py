"""Translate a Document: split over-long sentences, batch by length, restore order, flag what went wrong.

The engine only sees lists of strings. Everything a reviewer must know about how a sentence was
handled (split because it was too long, output cut at the length cap, characters the model cannot
see) is recorded here as Flags on the segment, so nothing is lost silently.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from align import __version__
from align.document import Alternative, Document, Flag, RunInfo, Segment
from align.engines.attention import word_alignment
from align.engines.base import BatchTranslator, Encoded, Engine, Hypothesis
from align.errors import Interrupted
from align.segment import SEGMENTER_VERSION
from align.text import fold_digits
from align.translate.cache import KeptEncoder, TranslationCache, fingerprint
from align.translate.cache import key as cache_key
from align.translate.splitting import split_to_fit

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]


class Encoder(Protocol):
    """What planning pieces needs: the model's input limit and its tokenizer's pieces."""

    @property
    def max_input_tokens(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> list[Encoded]: ...


@dataclass(frozen=True)
class TranslateOptions:
    """Decoding and batching. ``None`` means "the model's own default" (its generation config)."""

    beam: int | None = None
    max_length: int | None = None
    batch_size: int = 32  # 1.15× faster than 16 on the opus-mt shape (docs/speed.md), same output
    max_batch_tokens: int | None = 8192  # source tokens per batch, counting padding
    word_alignment: bool = True  # read the alignment head (costs a forced-decoding pass with transformers)
    alternatives: int = 1  # the model's n best kept per sentence (Segment.alternatives); at most the beam

    def __post_init__(self) -> None:
        if self.beam is not None and self.beam < 1:
            raise ValueError(f"beam must be at least 1; got {self.beam}")
        if self.max_length is not None and self.max_length < 2:
            raise ValueError(f"max_length must be at least 2; got {self.max_length}")
        if self.batch_size < 1:
            raise ValueError(f"batch_size must be at least 1; got {self.batch_size}")
        if self.max_batch_tokens is not None and self.max_batch_tokens < 1:
            raise ValueError(f"max_batch_tokens must be at least 1; got {self.max_batch_tokens}")
        if self.alternatives < 1:
            raise ValueError(f"alternatives must be at least 1; got {self.alternatives}")
        if self.beam is not None and self.alternatives > self.beam:
            raise ValueError(
                f"alternatives ({self.alternatives}) cannot exceed the beam size ({self.beam}): beam search"
                " keeps only that many hypotheses"
            )


@dataclass(frozen=True)
class Piece:
    """A unit the engine translates: a whole sentence, or part of one that was too long."""

    segment: int  # index into the document's segments
    text: str
    n_tokens: int
    tokens: tuple[str, ...]  # the engine's source subword pieces
    unknown: tuple[str, ...]


def translate_document(
    doc: Document,
    engine: Engine,
    options: TranslateOptions | None = None,
    progress: ProgressCallback | None = None,
    cache: TranslationCache | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_phase: Callable[[str], None] | None = None,
) -> Document:
    """Return ``doc`` with every segment translated and flagged, and the run recorded in its meta.

    With a ``cache``, pieces translated before with the same model and options are not translated again, and
    each batch is stored as soon as it is done. ``should_stop`` is asked between batches (after the batch is
    stored); when it says yes, :class:`Interrupted` is raised and a rerun continues from the cache.
    """
    options = options or TranslateOptions()
    started = time.perf_counter()
    segments = list(doc.translated_segments())
    identity = getattr(engine, "tokenizer_identity", None) if cache is not None else None
    # With the cache, sentences tokenized before are not tokenized again: a fully cached article then
    # needs neither the model nor its tokenizer (align.translate.cache.KeptEncoder).
    encoder = KeptEncoder(engine, cache, identity) if cache is not None and identity else None
    # The model reads ASCII digits; folded one for one, offsets into a piece stay offsets into the source.
    pieces, split_flags = plan_pieces([fold_digits(s.source) for s in segments], engine, encoder=encoder)
    beam = options.beam or engine.default_beam
    max_length = options.max_length or engine.default_max_length
    n_best = options.alternatives
    if n_best > beam:
        raise ValueError(
            f"alternatives ({n_best}) cannot exceed the beam size ({beam}, the model's default): beam search"
            " keeps only that many hypotheses; ask for a larger beam"
        )

    results: list[Hypothesis | None] = [None] * len(pieces)
    remaining = [0] * len(segments)
    for piece in pieces:
        remaining[piece.segment] += 1
    done = 0

    def record(i: int, hypothesis: Hypothesis) -> None:
        nonlocal done
        results[i] = hypothesis
        remaining[pieces[i].segment] -= 1
        if remaining[pieces[i].segment] == 0:
            done += 1

    keys: list[str] = []
    if cache is not None:
        fp = fingerprint(engine, beam, max_length, options.word_alignment, n_best)
        keys = [cache_key(piece.text, fp) for piece in pieces]
        found = cache.get_many(keys)
        for i, k in enumerate(keys):
            if k in found:
                record(i, found[k])
    from_cache = sum(r is not None for r in results)
    todo = [i for i, r in enumerate(results) if r is None]
    if progress:
        progress(done, len(segments))
    stored = from_cache

    def check_stop() -> None:
        if should_stop is not None and should_stop():
            raise _interrupted(done, len(segments), stored, len(pieces), cache is not None)

    check_stop()
    if todo and not getattr(engine, "loaded", True):
        if on_phase is not None:
            on_phase("loading model")
        engine.load()  # type: ignore[attr-defined]  # a lazily loading engine (CTranslate2)
    batches = iter_translations(
        [pieces[i] for i in todo],
        engine,
        beam,
        max_length,
        options.batch_size,
        options.max_batch_tokens,
        align=options.word_alignment,
        num_hypotheses=n_best,
    )
    for indices, hypotheses in batches:
        originals = [todo[i] for i in indices]
        for i, hypothesis in zip(originals, hypotheses, strict=True):
            record(i, hypothesis)
        if cache is not None:
            cache.put_many((keys[i], h) for i, h in zip(originals, hypotheses, strict=True))
            stored += len(originals) if cache.writable else 0
        if progress:
            progress(done, len(segments))
        check_stop()

    per_segment: list[list[tuple[Piece, Hypothesis]]] = [[] for _ in segments]
    for piece, result in zip(pieces, results, strict=True):
        if result is None:  # pragma: no cover - iter_translations yields every index exactly once
            raise RuntimeError("a piece was not translated")
        per_segment[piece.segment].append((piece, result))
    translated = [
        _finish(segment, per_segment[i], split_flags.get(i), max_length) for i, segment in enumerate(segments)
    ]

    run = RunInfo(
        version=__version__,
        engine=engine.name,
        model=engine.model_id,
        revision=engine.revision,
        compute_type=engine.compute_type,
        device=engine.device,
        beam=beam,
        max_length=max_length,
        batch_size=options.batch_size,
        threads=engine.threads,
        segmenter=SEGMENTER_VERSION,
        cached=from_cache,
        repair=doc.meta.repair.signature() if doc.meta.repair else "none",
        seconds=round(time.perf_counter() - started, 3),
    )
    return _replace_segments(doc, translated).with_run(run)


def _interrupted(done: int, total: int, stored: int, pieces: int, cached: bool) -> Interrupted:
    if not cached:
        kept = "nothing was kept (no cache)"
    else:
        kept = f"{stored} of {pieces} pieces are in the cache: run the same command again to continue"
    return Interrupted(f"interrupted after {done} of {total} sentences; no output was written; {kept}")


def iter_translations(
    pieces: Sequence[Piece],
    engine: BatchTranslator,
    beam: int,
    max_length: int,
    batch_size: int,
    max_batch_tokens: int | None = None,
    align: bool = False,
    num_hypotheses: int = 1,
) -> Iterator[tuple[list[int], list[Hypothesis]]]:
    """Translate in batches of similar length (less padding); yield ``(piece indices, results)`` per batch.

    A batch holds at most ``batch_size`` pieces and, padded to its longest piece, at most ``max_batch_tokens``
    source tokens (a piece longer than the budget goes alone). With ``num_hypotheses`` > 1 each result
    also carries the n best (``Hypothesis.alternatives``).
    """
    order = sorted(range(len(pieces)), key=lambda i: (pieces[i].n_tokens, i))
    batch: list[int] = []
    for i in order:
        longest = max([pieces[j].n_tokens for j in batch] + [pieces[i].n_tokens])
        over_budget = max_batch_tokens is not None and (len(batch) + 1) * longest > max_batch_tokens
        if batch and (len(batch) >= batch_size or over_budget):
            yield (
                batch,
                _run(engine, [pieces[j].text for j in batch], beam, max_length, align, num_hypotheses),
            )
            batch = []
        batch.append(i)
    if batch:
        yield batch, _run(engine, [pieces[j].text for j in batch], beam, max_length, align, num_hypotheses)


def _run(
    engine: BatchTranslator, texts: list[str], beam: int, max_length: int, align: bool, n_best: int = 1
) -> list[Hypothesis]:
    if n_best == 1:  # engines written before n-best lists need not know the parameter
        return engine.translate_batch(texts, beam=beam, max_length=max_length, align=align)
    return engine.translate_batch(texts, beam=beam, max_length=max_length, align=align, num_hypotheses=n_best)


def plan_pieces(
    sources: Sequence[str], engine: Engine, *, encoder: Encoder | None = None
) -> tuple[list[Piece], dict[int, Flag]]:
    """Pieces for every source sentence; sentences longer than the model's input limit are split.

    First at clause boundaries (، ؛ , ;), then, for a clause that is still too long, between words, and
    as a last resort inside a word. A split is never silent: the segment gets a ``long-input`` flag.
    """
    encoder = encoder or engine
    limit = encoder.max_input_tokens
    encoded = encoder.encode(sources)
    pieces: list[Piece] = []
    flags: dict[int, Flag] = {}
    for index, (text, enc) in enumerate(zip(sources, encoded, strict=True)):
        if enc.n_tokens <= limit:
            pieces.append(Piece(index, text, enc.n_tokens, enc.pieces, enc.unknown))
            continue
        parts, hard = split_to_fit(text, engine, limit)
        for part, part_enc in zip(parts, encoder.encode(parts), strict=True):
            pieces.append(Piece(index, part, part_enc.n_tokens, part_enc.pieces, part_enc.unknown))
        where = "between words" if hard else "at clause boundaries"
        flags[index] = Flag(
            code="long-input",
            severity="warning" if hard else "info",
            message=(
                f"sentence has {enc.n_tokens} tokens, over the model's limit of {limit}; "
                f"translated in {len(parts)} pieces split {where}"
            ),
        )
        log.info("segment %d split into %d pieces (%d tokens > %d)", index, len(parts), enc.n_tokens, limit)
    return pieces, flags


def _finish(
    segment: Segment, parts: list[tuple[Piece, Hypothesis]], split_flag: Flag | None, max_length: int
) -> Segment:
    flags = list(segment.flags)
    if split_flag is not None:
        flags.append(split_flag)
    capped = [i for i, (_, h) in enumerate(parts, start=1) if h.capped]
    if capped:
        which = "" if len(parts) == 1 else f" (piece {', '.join(map(str, capped))} of {len(parts)})"
        flags.append(
            Flag(
                code="possible-truncation",
                severity="warning",
                message=f"output reached the length cap of {max_length} tokens{which}; it may be cut short",
            )
        )
    unknown = [u for piece, _ in parts for u in piece.unknown]
    if unknown:
        shown = " ".join(dict.fromkeys(unknown))
        flags.append(
            Flag(
                code="lost-glyph",
                severity="error",
                message=(
                    "source text unknown to the model (read as <unk>) cannot reach the translation:"
                    f" {shown!r}"
                    f" ({_codepoints(shown)})"
                ),
            )
        )
    translation = " ".join(h.text for _, h in parts if h.text)
    if not translation:
        flags.append(Flag(code="empty-output", severity="error", message="the model produced no text"))
    scores = dict(segment.scores)
    model_scores = [h.score for _, h in parts if h.score is not None]
    if model_scores:
        scores["logprob"] = round(sum(model_scores) / len(model_scores), 4)
    return replace(
        segment,
        translation=translation,
        alternatives=_alternatives(parts, translation),
        src_tokens=tuple(t for piece, _ in parts for t in piece.tokens),
        word_alignment=_word_pairs(parts, len(segment.source.split()), len(translation.split())),
        tgt_tokens=tuple(p for _, h in parts for p in h.pieces),
        scores=scores,
        flags=tuple(flags),
    )


def _alternatives(parts: list[tuple[Piece, Hypothesis]], translation: str) -> tuple[Alternative, ...]:
    """The sentence's n best, best first, without repeats (beam search can end in different pieces that
    read the same). A sentence translated in pieces gets the k-th best of every piece joined, scored by
    their mean: not the sentence's k-th best (that would need every combination), but k steps from the
    best in each of its parts."""
    lists = [h.alternatives for _, h in parts]
    if not lists or not all(lists):
        return ()
    found: dict[str, float | None] = {}
    for k in range(min(len(a) for a in lists)):
        texts = [a[k][0] for a in lists]
        scores = [a[k][1] for a in lists]
        text = translation if k == 0 else " ".join(t for t in texts if t)
        score = None if None in scores else round(sum(s for s in scores if s is not None) / len(scores), 4)
        found.setdefault(text, score)
    return tuple(Alternative(text, score) for text, score in found.items())


def _word_pairs(
    parts: list[tuple[Piece, Hypothesis]], source_words: int, target_words: int
) -> tuple[tuple[int, int], ...]:
    """Word pairs of the whole sentence: each piece's pairs, shifted by the words of the pieces before it."""
    pairs: list[tuple[int, int]] = []
    source_offset = target_offset = 0
    for piece, hypothesis in parts:
        for s, t in word_alignment(hypothesis.alignment, piece.tokens, hypothesis.pieces):
            s, t = s + source_offset, t + target_offset
            if s < source_words and t < target_words:  # a tokenizer that splits words differently
                pairs.append((s, t))
        source_offset += len(piece.text.split())
        target_offset += len(hypothesis.text.split())
    return tuple(pairs)


def _codepoints(text: str) -> str:
    return " ".join(f"U+{ord(ch):04X}" for ch in dict.fromkeys(text) if not ch.isspace() and ch != "▁")


def _replace_segments(doc: Document, translated: Sequence[Segment]) -> Document:
    it = iter(translated)
    paragraphs = tuple(
        replace(p, segments=tuple(next(it) for _ in p.segments)) if p.is_translated else p
        for p in doc.paragraphs
    )
    return replace(doc, paragraphs=paragraphs)


__all__ = ["Piece", "TranslateOptions", "iter_translations", "plan_pieces", "translate_document"]
