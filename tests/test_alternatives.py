"""The model's n best translations: both engines, batching into Segment.alternatives, the cache, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli import app
from align.document import Document
from align.engines import EngineOptions, load_engine
from align.engines.base import Hypothesis
from align.ingest import read_article
from align.segment import build_document
from align.translate.batching import Piece, TranslateOptions, _alternatives, translate_document
from align.translate.cache import TranslationCache

from .conftest import SEED
from .fake_engine import FakeEngine

runner = CliRunner()


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    # short enough for the 40-token input limit of the short model
    return [" ".join(s.source.split()[:8]) for s in build_document(read_article(SEED)).segments][:6]


@pytest.fixture(scope="module")
def ct2_engine(short_model: Path):  # type: ignore[no-untyped-def]
    pytest.importorskip("ctranslate2", reason="the [fast] extra is not installed")
    return load_engine(
        EngineOptions(model=str(short_model), name="ctranslate2", compute_type="float32", threads=1)
    )


def check_n_best(engine, sentences: list[str]) -> list[Hypothesis]:  # type: ignore[no-untyped-def]
    best = engine.translate_batch(sentences, beam=4, max_length=24, align=True)
    listed = engine.translate_batch(sentences, beam=4, max_length=24, align=True, num_hypotheses=3)
    for one, many in zip(best, listed, strict=True):
        # The first of the n best is the 1-best itself: text, score, pieces and word alignment.
        assert (many.text, many.score, many.pieces, many.alignment) == (
            one.text,
            one.score,
            one.pieces,
            one.alignment,
        )
        assert len(many.alternatives) == 3 and many.alternatives[0] == (one.text, one.score)
        scores = [s for _, s in many.alternatives]
        assert all(s is not None for s in scores) and scores == sorted(scores, reverse=True)  # type: ignore[type-var]
        assert one.alternatives == ()  # nothing extra unless asked for
    return listed


def test_transformers_returns_the_n_best(short_engine, sentences: list[str]) -> None:  # type: ignore[no-untyped-def]
    listed = check_n_best(short_engine, sentences)
    assert any(len({t for t, _ in h.alternatives}) > 1 for h in listed)  # real alternatives, not copies


def test_ctranslate2_returns_the_n_best(ct2_engine, sentences: list[str]) -> None:  # type: ignore[no-untyped-def]
    # (Not compared with transformers hypothesis by hypothesis: the two beam searches finish hypotheses at
    # the length cap differently, and this model's outputs often reach it.)
    listed = check_n_best(ct2_engine, sentences)
    assert any(len({t for t, _ in h.alternatives}) > 1 for h in listed)


def test_alternatives_of_a_sentence_in_pieces_and_repeats() -> None:
    def part(text: str, alts: tuple[tuple[str, float | None], ...]) -> tuple[Piece, Hypothesis]:
        return Piece(0, text, 2, (), ()), Hypothesis(alts[0][0], (), 2, False, alts[0][1], (), alts)

    one = [part("a", (("A", -1.0), ("A", -1.5), ("B", -2.0)))]
    assert [(a.text, a.score) for a in _alternatives(one, "A")] == [("A", -1.0), ("B", -2.0)]  # no repeats
    two = [part("a", (("A", -1.0), ("A2", -2.0))), part("b", (("B", -3.0), ("", -4.0)))]
    assert [(a.text, a.score) for a in _alternatives(two, "A B")] == [("A B", -2.0), ("A2", -3.0)]
    without = [(Piece(0, "a", 2, (), ()), Hypothesis("A", (), 2, False))]  # an engine asked for one
    assert _alternatives(without, "A") == ()


def test_translate_document_stores_alternatives_and_caches_them(tmp_path: Path) -> None:
    class Ranked(FakeEngine):
        default_beam = 4

        def translate_batch(self, texts, *, beam, max_length, min_length=None, align=False, num_hypotheses=1):  # type: ignore[no-untyped-def]
            out = super().translate_batch(texts, beam=beam, max_length=max_length, align=align)
            return [
                Hypothesis(
                    h.text, h.pieces, h.n_tokens, h.capped, h.score, h.alignment,
                    tuple((h.text if k == 0 else f"{h.text}-{k}", -1.0 - k) for k in range(num_hypotheses))
                    if num_hypotheses > 1 else (),
                )
                for h in out
            ]  # fmt: skip

    doc = build_document(read_article(SEED))
    engine = Ranked()
    cache = TranslationCache(tmp_path / "cache.sqlite")
    first = translate_document(doc, engine, TranslateOptions(alternatives=3), cache=cache)
    translated = [s for s in first.segments if s.translation]
    assert translated and all(len(s.alternatives) == 3 for s in translated)
    assert all(
        s.alternatives[0].text == s.translation and s.alternatives[1].score == -2.0 for s in translated
    )
    calls = sum(engine.calls.values())
    again = translate_document(doc, engine, TranslateOptions(alternatives=3), cache=cache)
    assert sum(engine.calls.values()) == calls  # every n-best list came from the cache
    assert [s.alternatives for s in again.segments] == [s.alternatives for s in first.segments]
    # One hypothesis is a different request: not answered by the three stored, nor the other way round.
    single = translate_document(doc, engine, TranslateOptions(), cache=cache)
    assert sum(engine.calls.values()) > calls and all(s.alternatives == () for s in single.segments)
    cache.close()


def test_more_alternatives_than_the_beam_is_refused() -> None:
    with pytest.raises(ValueError, match=r"alternatives \(5\) cannot exceed the beam size \(4\)"):
        TranslateOptions(beam=4, alternatives=5)
    with pytest.raises(ValueError, match="at least 1"):
        TranslateOptions(alternatives=0)
    doc = build_document(read_article(SEED))
    with pytest.raises(ValueError, match=r"beam size \(1, the model's default\)"):
        translate_document(doc, FakeEngine(), TranslateOptions(alternatives=2))


def test_cli_alternatives(tiny_model: Path, tmp_path: Path) -> None:
    out, article = tmp_path / "doc.json", tmp_path / "article.txt"
    article.write_text("قال الوزير إن الحكومة ستعلن القرار. وأضاف أن الاجتماع سيعقد غدا.\n", encoding="utf-8")
    args = ["translate", str(article), "-m", str(tiny_model), "--engine", "transformers", "--no-cache", "-q"]
    result = runner.invoke(app, [*args, "--beam", "3", "--alternatives", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    doc = Document.from_json(out.read_text(encoding="utf-8"))
    translated = [s for s in doc.segments if s.translation is not None]
    assert all(1 <= len(s.alternatives) <= 3 and s.alternatives[0].text == s.translation for s in translated)
    assert json.loads(out.read_text(encoding="utf-8"))["version"] == 2
    refused = runner.invoke(app, [*args, "--beam", "2", "--alternatives", "3"])
    assert refused.exit_code == 2 and "cannot exceed the beam size (2)" in refused.output
    for command in ("translate", "review", "translate-corpus"):
        shown = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert "--alternatives" in shown.output, command


def test_corpus_manifest_names_alternatives_only_when_asked_for() -> None:
    from align.corpus.steps import CorpusOptions

    plain = CorpusOptions().manifest()
    assert "alternatives" not in plain  # folders written before n-best lists still match their options
    from align.pipeline import RunOptions

    three = CorpusOptions(RunOptions(decoding=TranslateOptions(beam=4, alternatives=3))).manifest()
    assert three["alternatives"] == 3 and {k: v for k, v in three.items() if k != "alternatives"} == {
        **plain,
        "beam": 4,
    }
