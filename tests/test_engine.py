"""The transformers engine, run for real on Marian models built by the fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from align.cli.common import error_line, exit_code
from align.engines import EngineOptions, load_engine
from align.errors import ModelError, ModelPathError, UsageError

SENTENCES = [
    "سيتوجه الشعب المقدوني إلى صناديق الاقتراع",
    "وقال رئيس مقدونيا جورج إيفانوف، وهو أحد معارضي الاستفتاء، إنه سيرفض الاعتراف بالتصويت.",
    "قصير",
    "في هذا السياق، كشفت الخبيرة الأكاديمية إيما براينت عن رسائل إلكترونية جديدة.",
    "تكهن المراقبون بأن حملة البريكست في حزيران/ يونيو 2016 خدمت حملة ترامب.",
]


def test_loads_local_directory(tiny_engine, tiny_model: Path) -> None:  # type: ignore[no-untyped-def]
    assert tiny_engine.name == "transformers"
    assert tiny_engine.device == "cpu"
    assert tiny_engine.model_id == str(tiny_model)
    assert tiny_engine.revision.startswith("sha256-")  # a local directory is identified by its weights
    assert tiny_engine.max_input_tokens == 512
    assert tiny_engine.default_beam == 1
    assert tiny_engine.default_max_length == 24


def test_revision_changes_with_weights(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    from .conftest import random_model

    other = load_engine(EngineOptions(model=str(random_model(max_length=24, seed=1))))
    assert other.revision != tiny_engine.revision


def test_encode_reports_unknown_private_use_glyphs(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    year_glyphs = "\ue009\ue005\ue008\ue00d"  # "2016" as the seed's PDF font encodes it
    plain, broken = tiny_engine.encode(["حملة البريكست في يونيو", f"حملة البريكست في يونيو {year_glyphs}"])
    assert plain.unknown == ()
    assert "".join(broken.unknown).strip("▁") == year_glyphs
    assert plain.n_tokens == len(plain.pieces) + 1


def test_translation_is_deterministic_and_independent_of_batching(tiny_engine) -> None:  # type: ignore[no-untyped-def]
    together = tiny_engine.translate_batch(SENTENCES, beam=1, max_length=24)
    alone = [tiny_engine.translate_batch([s], beam=1, max_length=24)[0] for s in SENTENCES]
    assert [h.text for h in together] == [h.text for h in alone]
    assert len({h.text for h in together}) >= 3  # the output depends on the input
    beams = tiny_engine.translate_batch(SENTENCES, beam=3, max_length=24)
    assert [h.text for h in beams] == [
        h.text for h in tiny_engine.translate_batch(SENTENCES, beam=3, max_length=24)
    ]


def test_output_at_the_cap_is_reported(tiny_engine, short_engine) -> None:  # type: ignore[no-untyped-def]
    capped = tiny_engine.translate_batch(SENTENCES, beam=1, max_length=12)
    assert all(h.capped and h.n_tokens == 11 for h in capped)
    assert all(h.score is not None and h.score < 0 for h in capped)
    # With a bias towards end-of-sentence some outputs end on their own well before the cap.
    from align.ingest import read_article
    from align.segment import build_document
    from align.translate.batching import plan_pieces

    from .conftest import SEED

    pieces, _ = plan_pieces([s.source for s in build_document(read_article(SEED)).segments], short_engine)
    mixed = short_engine.translate_batch([p.text for p in pieces], beam=1, max_length=40)
    ended = [h for h in mixed if not h.capped]
    assert ended and all(h.n_tokens < 39 for h in ended)
    assert any(h.capped for h in mixed)


def test_missing_model_directory() -> None:
    with pytest.raises(ModelPathError, match="model directory not found") as info:
        load_engine(EngineOptions(model="./no/such/model"))
    assert exit_code(info.value) == 2


def test_directory_without_config(tmp_path: Path) -> None:
    with pytest.raises(ModelPathError, match=r"no config\.json"):
        load_engine(EngineOptions(model=str(tmp_path)))
    (tmp_path / "weights.bin").write_bytes(b"x")
    with pytest.raises(ModelPathError, match="is a file"):
        load_engine(EngineOptions(model=str(tmp_path / "weights.bin")))


def test_not_a_translation_model(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text(
        json.dumps(
            {
                "model_type": "bert",
                "vocab_size": 10,
                "hidden_size": 8,
                "num_hidden_layers": 1,
                "num_attention_heads": 1,
                "intermediate_size": 8,
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(ModelError, match="not a sequence-to-sequence translation model"):
        load_engine(EngineOptions(model=str(tmp_path)))


def test_hub_model_not_cached_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    import huggingface_hub.constants

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)
    monkeypatch.setenv("HF_HOME", "/nonexistent-newsalign-test")
    with pytest.raises(ModelError) as info:
        load_engine(EngineOptions(model="Helsinki-NLP/opus-mt-xx-yy"))
    message = str(info.value)
    assert "not in the local Hugging Face cache and HF_HUB_OFFLINE is set" in message
    # The library's advice is in its own terms; the command line names its option instead.
    assert "give a local model directory as the model" in message and "--" not in message
    assert "pass --model PATH to a local model directory" in error_line(info.value)
    assert "\n" not in message
    assert exit_code(info.value) == 1


def test_unavailable_device(tiny_model: Path) -> None:
    import torch

    if torch.cuda.is_available():  # pragma: no cover - no GPU here or in CI
        pytest.skip("a GPU is present")
    with pytest.raises(UsageError, match="no CUDA GPU"):
        load_engine(EngineOptions(model=str(tiny_model), device="cuda"))


@pytest.mark.parametrize(
    ("kwargs", "message"), [({"device": "tpu"}, "device must be one of"), ({"threads": 0}, "at least 1")]
)
def test_engine_options_validate(kwargs, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        EngineOptions(**kwargs)


def test_unknown_engine_lists_choices() -> None:
    with pytest.raises(ValueError, match="engine must be one of auto, transformers, ctranslate2"):
        EngineOptions(name="marian-cpp")
