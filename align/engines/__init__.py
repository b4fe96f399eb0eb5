"""Engine registry. Engine modules import torch and friends, so they are imported only when chosen."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from align.engines.base import (
    DEFAULT_MODEL,
    DEVICES,
    ENGINE_NAMES,
    Encoded,
    Engine,
    EngineOptions,
    Hypothesis,
)

# name -> "module:factory"; "auto" resolves to the first installed entry.
_REGISTRY = {
    "transformers": "align.engines.transformers:TransformersEngine",
    "ctranslate2": "align.engines.ctranslate2:CTranslate2Engine",
}
ENGINES = ENGINE_NAMES

__all__ = [
    "DEFAULT_MODEL",
    "DEVICES",
    "ENGINES",
    "Encoded",
    "Engine",
    "EngineOptions",
    "Hypothesis",
    "load_engine",
]


def load_engine(options: EngineOptions, *, on_phase: Callable[[str], None] | None = None) -> Engine:
    """Load the engine ``options.name`` with ``options.model`` (imports torch or CTranslate2 only now).

    ``on_phase`` is told of a slow step ("converting model (once)"). The CTranslate2 engine loads its
    weights on its first translation (or ``engine.load()``); the transformers engine loads them now."""
    name = options.name
    if name == "auto":
        name = "ctranslate2" if _installed("ctranslate2") else "transformers"
    module_name, factory = _REGISTRY[name].split(":")
    engine_class = getattr(importlib.import_module(module_name), factory)
    engine: Engine = engine_class(options, on_phase=on_phase)
    return engine


def _installed(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None
