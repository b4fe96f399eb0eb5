"""The translate stage on real (random-weight) Marian models: structure, batching, splitting, flags."""

from __future__ import annotations

from collections import Counter

import pytest

from align.document import Document
from align.ingest import read_article
from align.segment import build_document, normalize_space
from align.translate.batching import TranslateOptions, plan_pieces, translate_document

from .conftest import CLEAN, SEED


@pytest.fixture(scope="module")
def seed_doc() -> Document:
    return build_document(read_article(SEED))


@pytest.fixture(scope="module")
def seed_translated(seed_doc: Document, tiny_engine) -> Document:  # type: ignore[no-untyped-def]
    return translate_document(seed_doc, tiny_engine, TranslateOptions(batch_size=16))


def test_structure_survives_translation(seed_doc: Document, seed_translated: Document) -> None:
    assert [p.id for p in seed_translated.paragraphs] == [p.id for p in seed_doc.paragraphs]
    assert [s.id for s in seed_translated.segments] == [s.id for s in seed_doc.segments]
    assert [s.source for s in seed_translated.segments] == [s.source for s in seed_doc.segments]
    assert [s.span for s in seed_translated.segments] == [s.span for s in seed_doc.segments]
    assert all(s.translation for s in seed_translated.segments)
    assert all(s.src_tokens and s.tgt_tokens for s in seed_translated.segments)
    assert seed_translated.text == seed_doc.text


def test_translations_are_put_back_in_document_order(
    seed_doc: Document, seed_translated: Document, tiny_engine
) -> None:  # type: ignore[no-untyped-def]
    # Batches are sorted by length, so order restoration is what this checks: translate each sentence
    # alone and compare position by position.
    sources = [s.source for s in seed_doc.segments[:12]]
    alone = [tiny_engine.translate_batch([s], beam=1, max_length=24)[0].text for s in sources]
    assert [s.translation for s in seed_translated.segments[:12]] == alone


@pytest.mark.parametrize("batch_size", [1, 5, 64])
def test_batch_size_does_not_change_output(
    seed_doc: Document, seed_translated: Document, tiny_engine, batch_size: int
) -> None:  # type: ignore[no-untyped-def]
    other = translate_document(seed_doc, tiny_engine, TranslateOptions(batch_size=batch_size))
    assert [s.translation for s in other.segments] == [s.translation for s in seed_translated.segments]
    assert [s.flags for s in other.segments] == [s.flags for s in seed_translated.segments]


def test_run_info(seed_translated: Document, tiny_engine) -> None:  # type: ignore[no-untyped-def]
    run = seed_translated.meta.run
    assert run is not None
    assert (run.engine, run.model, run.revision) == (
        "transformers",
        tiny_engine.model_id,
        tiny_engine.revision,
    )
    assert (run.beam, run.max_length, run.batch_size, run.device) == (1, 24, 16, "cpu")
    assert run.seconds > 0
    assert f"model:{tiny_engine.model_id}@{tiny_engine.revision}" in run.signature()


def test_flags_on_the_seed(seed_translated: Document) -> None:
    counts = Counter(f.code for s in seed_translated.segments for f in s.flags)
    # random weights never emit end-of-sentence, so every output reaches the cap, and says so
    assert counts["possible-truncation"] == len(seed_translated.segments)
    # the seed's years are Private-Use glyphs: every sentence holding one is flagged, naming the code points
    with_pua = [s for s in seed_translated.segments if any("\ue000" <= ch <= "\uf8ff" for ch in s.source)]
    lost = [s for s in seed_translated.segments if any(f.code == "lost-glyph" for f in s.flags)]
    assert with_pua and lost == with_pua
    assert any("U+E005" in f.message for s in lost for f in s.flags)


def test_over_long_input_is_split_not_truncated(seed_doc: Document, short_engine) -> None:  # type: ignore[no-untyped-def]
    limit = short_engine.max_input_tokens
    assert limit == 40
    sources = [s.source for s in seed_doc.segments]
    pieces, flags = plan_pieces(sources, short_engine)
    assert flags, "the seed has sentences longer than 40 tokens"
    assert all(p.n_tokens <= limit for p in pieces)
    for index, source in enumerate(sources):
        parts = [p.text for p in pieces if p.segment == index]
        # nothing dropped, nothing added: the pieces re-join into the sentence
        assert normalize_space(" ".join(parts)) == source
        assert (len(parts) > 1) == (index in flags)
    severities = {f.severity for f in flags.values()}
    assert severities <= {"info", "warning"}


def test_clause_split_preferred(short_engine) -> None:  # type: ignore[no-untyped-def]
    clause = "وقال رئيس مقدونيا جورج إيفانوف"
    sentence = "، ".join([clause] * 6) + "."
    pieces, flags = plan_pieces([sentence], short_engine)
    assert len(pieces) > 1
    assert all(p.text.endswith(("،", ".")) for p in pieces)  # every cut falls after a comma
    assert flags[0].code == "long-input" and flags[0].severity == "info"
    assert "at clause boundaries" in flags[0].message


def test_word_without_spaces_is_cut_as_last_resort(short_engine) -> None:  # type: ignore[no-untyped-def]
    word = "بانون" * 60
    pieces, flags = plan_pieces([word], short_engine)
    assert "".join(p.text for p in pieces) == word
    assert all(p.n_tokens <= 40 for p in pieces)
    assert flags[0].severity == "warning"


def test_long_input_flag_in_document(seed_doc: Document, short_engine) -> None:  # type: ignore[no-untyped-def]
    doc = translate_document(seed_doc, short_engine)
    split = [s for s in doc.segments if any(f.code == "long-input" for f in s.flags)]
    assert split
    assert all(s.translation is not None for s in doc.segments)
    codes = Counter(f.code for s in doc.segments for f in s.flags)
    # with an end-of-sentence bias some outputs end by themselves, some are empty; neither is hidden
    assert 0 < codes["possible-truncation"] < len(doc.segments)
    empty = [s for s in doc.segments if not s.translation]
    assert empty
    assert all(any(f.code == "empty-output" for f in s.flags) for s in empty)


def test_progress_reports_sentences(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    doc = build_document(read_article(CLEAN))
    calls: list[tuple[int, int]] = []
    translate_document(
        doc, tiny_engine, TranslateOptions(batch_size=2), progress=lambda d, t: calls.append((d, t))
    )
    assert calls[0] == (0, 6) and calls[-1] == (6, 6)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"beam": 0}, "beam"), ({"max_length": 1}, "max_length"), ({"batch_size": 0}, "batch_size")],
)
def test_options_validate(kwargs, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        TranslateOptions(**kwargs)


class CountingEngine:
    """Wraps an engine and counts the sentences it is asked to translate."""

    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        self._engine = engine
        self.calls: list[int] = []

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._engine, name)

    def translate_batch(self, texts, **options):  # type: ignore[no-untyped-def]
        self.calls.append(len(texts))
        return self._engine.translate_batch(texts, **options)


def test_cache_makes_a_rerun_free(
    seed_doc: Document, seed_translated: Document, tiny_engine, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from align.translate.cache import TranslationCache

    cache = TranslationCache(tmp_path / "cache.sqlite")
    counting = CountingEngine(tiny_engine)
    first = translate_document(seed_doc, counting, cache=cache)
    assert sum(counting.calls) == len(seed_doc.segments) and first.meta.run.cached == 0  # type: ignore[union-attr]
    counting.calls.clear()
    again = translate_document(seed_doc, counting, cache=cache)
    assert counting.calls == []  # 0 model calls
    assert again.meta.run.cached == len(seed_doc.segments)  # type: ignore[union-attr]
    assert [s.translation for s in again.segments] == [s.translation for s in seed_translated.segments]
    assert [s.flags for s in again.segments] == [s.flags for s in seed_translated.segments]
    # another beam is another translation
    translate_document(seed_doc, counting, TranslateOptions(beam=2), cache=cache)
    assert sum(counting.calls) == len(seed_doc.segments)


def test_token_budget_limits_batches(seed_doc: Document, tiny_engine) -> None:  # type: ignore[no-untyped-def]
    from align.translate.batching import iter_translations

    pieces, _ = plan_pieces([s.source for s in seed_doc.segments], tiny_engine)
    counting = CountingEngine(tiny_engine)
    batches = list(iter_translations(pieces, counting, 1, 12, batch_size=16, max_batch_tokens=200))
    assert sorted(i for indices, _ in batches for i in indices) == list(range(len(pieces)))
    for indices, _ in batches:
        longest = max(pieces[i].n_tokens for i in indices)
        assert len(indices) == 1 or len(indices) * longest <= 200
        assert len(indices) <= 16
    # the budget only changes batching, never the output
    unbounded = translate_document(seed_doc, tiny_engine, TranslateOptions(max_batch_tokens=None))
    bounded = translate_document(seed_doc, tiny_engine, TranslateOptions(max_batch_tokens=200))
    assert [s.translation for s in bounded.segments] == [s.translation for s in unbounded.segments]


def test_the_model_reads_ascii_digits_the_document_keeps_the_articles(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from align.pipeline import load_document

    from .fake_engine import FakeEngine

    engine = FakeEngine(max_input_tokens=64)
    article = tmp_path / "digits.txt"
    article.write_text("ارتفع العدد إلى ١٢٫٥٪ عام ٢٠١٦.\n", encoding="utf-8")
    doc = load_document(article)
    translated = translate_document(doc, engine, TranslateOptions())
    (segment,) = translated.translated_segments()
    assert segment.source == "ارتفع العدد إلى ١٢٫٥٪ عام ٢٠١٦."
    assert list(engine.calls) == ["ارتفع العدد إلى 12.5% عام 2016."]
