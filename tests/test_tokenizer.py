"""The sentencepiece tokenizer of the CTranslate2 engine against transformers' MarianTokenizer: same pieces,
same ids, same decoded text, on the seed article and all three shipped test sets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from align.datasets import TEST_SETS, data_dir, load_test_set
from align.engines.tokenizer import MarianSentencePiece, load_tokenizer
from align.ingest import read_article
from align.segment import build_document

from .conftest import SAMPLES, SEED

# Cases that break a naive reimplementation: special tokens written in the text (kept whole, splitting
# the text around them), a language code, Private-Use glyphs (pieces the vocabulary lacks: <unk>), empty
# and whitespace-only text, presentation forms and Arabic-Indic digits (SentencePiece's NFKC), controls.
EDGE_CASES = [
    "",
    " ",
    "  \t\n ",
    "<unk>",
    "</s>",
    "قال <unk>الوزير</s> x<pad>",
    "a<unk>b",
    ">>ara<< مرحبا بكم",
    ">>ara<<",
    ">> not a code",
    "عام \ue005\ue006\ue007 م",
    "\ue000",
    "الرقم \U000f0001 هنا",
    "ﷺ ﻻ ﺍﻟﺴﻼﻡ ٣٤ ۱۲",
    "a  b\tc\nd",
    "\u200fالنص\u200e \u0640\u0640 ـــ",
    "Leave.EU ليف.إي يو",
    "“quotes” — dash … ‘single’",
]


def _sentences() -> list[str]:
    seed = [s.source for s in build_document(read_article(SEED)).segments]
    samples = [line for f in sorted(SAMPLES.glob("*.ar.txt")) for line in f.read_text("utf-8").splitlines()]
    if not (data_dir() / "ntrex128").is_dir():
        pytest.skip(f"test sets not found under {data_dir()} (set NEWSALIGN_DATA)")
    sets = [s for name in TEST_SETS for doc in load_test_set(name) for s in doc]
    return [*seed, *samples, *sets, *EDGE_CASES]


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    return _sentences()


@pytest.fixture(scope="module")
def references() -> list[str]:
    if not (data_dir() / "ntrex128").is_dir():
        pytest.skip(f"test sets not found under {data_dir()} (set NEWSALIGN_DATA)")
    return [s for name in TEST_SETS for doc in load_test_set(name, side="reference") for s in doc]


def _marian(path: Path) -> Any:
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(path))


def _variant(tiny_model: Path, folder: Path, kind: str) -> Path:
    """A copy of the tiny model's tokenizer files laid out the way other Marian checkpoints have them."""
    shutil.copytree(tiny_model, folder)
    config_path = folder / "tokenizer_config.json"
    if kind == "legacy":  # hub opus-mt checkpoints: languages only, special tokens in their own file
        config_path.write_text(json.dumps({"source_lang": "ar", "target_lang": "en"}), encoding="utf-8")
        specials = {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}
        (folder / "special_tokens_map.json").write_text(json.dumps(specials), encoding="utf-8")
    elif kind == "pieces-missing":  # a vocabulary built from training data lacks some SentencePiece pieces
        vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        kept = {p: i for p, i in vocab.items() if p in ("</s>", "<unk>", "<pad>") or i % 7}
        (folder / "vocab.json").write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    elif kind == "separate-vocabs":
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config_path.write_text(json.dumps({**config, "separate_vocabs": True}), encoding="utf-8")
        shutil.copy(folder / "vocab.json", folder / "target_vocab.json")
    return folder


def _assert_parity(ours: MarianSentencePiece, marian: Any, texts: list[str]) -> None:
    for text in texts:
        assert ours.tokenize(text) == marian.tokenize(text), text
        ids = ours.encode(text)
        assert ids == marian(text)["input_ids"], text
        assert ours.decode(ids, skip_special_tokens=True) == marian.decode(ids, skip_special_tokens=True), (
            text
        )
        assert ours.decode(ids) == marian.decode(ids), text


def test_parity_on_the_seed_and_the_test_sets(tiny_model: Path, sentences: list[str]) -> None:
    ours, marian = MarianSentencePiece(tiny_model), _marian(tiny_model)
    _assert_parity(ours, marian, sentences)
    # The test sets reach the <unk> paths: pieces outside the 400-piece vocabulary of the tiny model.
    assert sum(ours.unk_token_id in ours.encode(s) for s in sentences) > 100


@pytest.mark.parametrize("kind", ["legacy", "pieces-missing", "separate-vocabs"])
def test_parity_with_other_tokenizer_layouts(
    tiny_model: Path, tmp_path: Path, sentences: list[str], kind: str
) -> None:
    folder = _variant(tiny_model, tmp_path / kind, kind)
    ours, marian = MarianSentencePiece(folder), _marian(folder)
    assert ours.separate_vocabs == (kind == "separate-vocabs")
    _assert_parity(ours, marian, sentences[::9] + EDGE_CASES)


def test_decoding_target_ids_matches(tiny_model: Path, references: list[str]) -> None:
    """English outputs: target-side ids (as the model produces them) decode to the same text."""
    ours, marian = MarianSentencePiece(tiny_model), _marian(tiny_model)
    for text in references[::3]:
        ids = marian(text_target=text)["input_ids"]  # target SentencePiece model
        assert ours.decode(ids, skip_special_tokens=True) == marian.decode(ids, skip_special_tokens=True)
        assert ours.convert_ids_to_tokens(ids) == marian.convert_ids_to_tokens(ids)


@pytest.fixture(scope="module")
def pair(tiny_model: Path) -> tuple[MarianSentencePiece, Any]:
    return MarianSentencePiece(tiny_model), _marian(tiny_model)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ids=st.lists(st.integers(min_value=0, max_value=505), max_size=40))
def test_any_id_sequence_decodes_the_same(pair: tuple[MarianSentencePiece, Any], ids: list[int]) -> None:
    ours, marian = pair
    for skip in (True, False):
        assert ours.decode(ids, skip_special_tokens=skip) == marian.decode(ids, skip_special_tokens=skip)


_ALPHABET = st.sampled_from(
    [
        *"قال الوزير إن ٣٤ .،؛",
        " ",
        "\t",
        "\ue005",
        "<unk>",
        "</s>",
        "<pad>",
        ">>",
        "<<",
        "ara",
        "Leave.EU",
        "ـ",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(_ALPHABET, max_size=20))
def test_any_text_tokenizes_the_same(pair: tuple[MarianSentencePiece, Any], parts: list[str]) -> None:
    ours, marian = pair
    text = "".join(parts)
    assert ours.tokenize(text) == marian.tokenize(text)
    assert ours.encode(text) == marian(text)["input_ids"]


def test_special_tokens_and_codes_stay_whole(tiny_model: Path) -> None:
    tokenizer = MarianSentencePiece(tiny_model)
    word = tokenizer.tokenize("قال")
    assert tokenizer.tokenize("<unk>") == ["<unk>"]
    assert tokenizer.tokenize("قال</s>") == [*word, "</s>"]
    assert tokenizer.tokenize("قال<pad>قال") == [*word, "<pad>", *word]  # each side starts a word again
    assert tokenizer.tokenize(">>ara<<قال") == [">>ara<<", *word]


def test_private_use_glyphs_become_unk_and_vanish_when_decoded(tiny_model: Path) -> None:
    tokenizer = MarianSentencePiece(tiny_model)
    pieces = tokenizer.tokenize("عام \ue005")
    assert "\ue005" in "".join(pieces)  # SentencePiece keeps the glyph as a piece of its own ...
    ids = tokenizer.convert_tokens_to_ids(pieces)
    assert ids[-1] == tokenizer.unk_token_id  # ... the vocabulary does not know it ...
    assert "\ue005" not in tokenizer.decode(ids, skip_special_tokens=True)  # ... and decoding drops it


def test_model_limits_and_special_ids(tiny_model: Path) -> None:
    tokenizer, marian = MarianSentencePiece(tiny_model), _marian(tiny_model)
    assert tokenizer.model_max_length == marian.model_max_length
    assert (tokenizer.eos_token, tokenizer.unk_token_id) == (marian.eos_token, marian.unk_token_id)
    assert sorted(tokenizer.all_special_tokens) == sorted(marian.all_special_tokens)


def test_load_tokenizer_falls_back_to_transformers(tiny_model: Path, tmp_path: Path) -> None:
    assert isinstance(load_tokenizer(tiny_model), MarianSentencePiece)
    folder = shutil.copytree(tiny_model, tmp_path / "extra")
    config = json.loads((folder / "tokenizer_config.json").read_text(encoding="utf-8"))
    config["additional_special_tokens"] = ["<extra>"]  # a token outside vocab.json: transformers adds it
    (folder / "tokenizer_config.json").write_text(json.dumps(config), encoding="utf-8")
    fallback = load_tokenizer(folder)
    assert not isinstance(fallback, MarianSentencePiece)
    assert "<extra>" in fallback.tokenize("a <extra> b")


@pytest.mark.parametrize("missing", ["vocab.json", "source.spm", "target.spm"])
def test_missing_files_are_os_errors(tiny_model: Path, tmp_path: Path, missing: str) -> None:
    folder = shutil.copytree(tiny_model, tmp_path / "model")
    (folder / missing).unlink()
    with pytest.raises(FileNotFoundError, match=missing):
        load_tokenizer(folder)


def test_bad_vocabulary_is_a_value_error(tiny_model: Path, tmp_path: Path) -> None:
    folder = shutil.copytree(tiny_model, tmp_path / "model")
    (folder / "vocab.json").write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match=r"vocab\.json is not a JSON object"):
        load_tokenizer(folder)
