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
