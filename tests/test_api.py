from __future__ import annotations

import align


def test_public_api_resolves() -> None:
    assert set(align.__all__) - {"__version__"} == set(align._EXPORTS)
    for name in align._EXPORTS:
        assert getattr(align, name) is not None, name


def test_load_document_repairs_by_default() -> None:
    from .conftest import SEED

    repaired = align.load_document(SEED)
    raw = align.load_document(SEED, repair=None)
    assert repaired.meta.repair is not None and raw.meta.repair is None
    assert "\u0640" not in repaired.text and "\u0640" in raw.text
    assert repaired.raw_text == raw.text and raw.raw_text == ""


def comparable(doc: align.Document) -> dict[str, object]:
    data = doc.to_dict()
    data["meta"].pop("created_at")
    data["meta"]["run"].pop("seconds")
    return data


def test_every_way_to_translate_gives_the_same_document(tiny_model, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The command line, a Translator reused for two articles, translate_article, and the stages called one
    by one give one Document for the seed (apart from when and how long)."""
    from typer.testing import CliRunner

    from align.cli import app
    from align.engines import load_engine
    from align.translate import translate_document

    from .conftest import CLEAN, SEED

    engine = align.EngineOptions(model=str(tiny_model), name="transformers", device="cpu", threads=1)
    options = align.RunOptions(engine=engine, decoding=align.TranslateOptions(max_length=24), cache=False)
    out = tmp_path / "seed.json"
    args = ["translate", str(SEED), "-o", str(out), "-m", str(tiny_model), "--engine", "transformers"]
    args += ["--device", "cpu", "--threads", "1", "--max-length", "24", "--no-cache", "-q"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    from_cli = align.Document.load(out)
    with align.Translator(options) as translator:
        other = translator.translate(CLEAN)
        from_translator = translator.translate(SEED)
        assert translator.model_loads == 1
    from_function = align.translate_article(SEED, options)
    by_stages = align.check(
        translate_document(align.load_document(SEED), load_engine(engine), options.decoding)
    )
    assert other.meta.source != from_translator.meta.source
    expected = comparable(from_cli)
    for doc in (from_translator, from_function, by_stages):
        assert comparable(doc) == expected


def test_errors_carry_a_library_hint_and_no_option_names(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    english = tmp_path / "english.txt"
    english.write_text("Only English here.", encoding="utf-8")
    with pytest.raises(align.InputError) as info:
        align.Translator(align.RunOptions()).read(english)
    error = info.value
    assert error.setting == "require_arabic" and "require_arabic=False" in (error.hint or "")
    assert "--" not in str(error) and str(error).startswith(f"{english}: has no Arabic text")
