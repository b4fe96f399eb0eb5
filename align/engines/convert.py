"""Hugging Face Marian models converted to CTranslate2, cached by model, revision and quantization.

Conversion happens once per (model, revision, quantization); the result goes to a temporary directory next to
its final place and is renamed into place only when complete, so a crash mid-conversion never leaves a half
model that a later run would load.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from align.engines.hub import quiet_loading
from align.errors import ModelError, ModelPathError
from align.home import home

log = logging.getLogger(__name__)

QUANTIZATIONS = ("int8", "int8_float32", "int8_float16", "float16", "float32")
# The tokenizer and generation settings travel with the converted model, so it loads without the original.
_COPY = (
    "source.spm",
    "target.spm",
    "vocab.json",
    "target_vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "generation_config.json",
)
_STALE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ConvertedModel:
    path: Path
    model: str
    revision: str
    quantization: str


def models_dir() -> Path:
    return home() / "ctranslate2"


def converted_path(model: str, revision: str, quantization: str) -> Path:
    # No leading dot: "./my-model" must not become a hidden folder that `models list` skips.
    slug = re.sub(r"[^A-Za-z0-9._-]+", "--", model.strip("/"))[-80:].strip("-.") or "model"
    return models_dir() / f"{slug}@{revision[:16]}@{quantization}"


def convert(source: Path, model: str, revision: str, quantization: str, *, local: bool = False) -> Path:
    """The converted model for ``source`` (a local model directory), converting it on first use. ``local``:
    ``model`` is the user's own directory, so a failure is a problem with that directory (exit code 2)."""
    if quantization not in QUANTIZATIONS:
        raise ModelError(f"unknown quantization {quantization!r}; choose one of {', '.join(QUANTIZATIONS)}")
    target = converted_path(model, revision, quantization)
    if (target / "model.bin").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target.parent)
    from ctranslate2.converters import TransformersConverter

    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        copy = [name for name in _COPY if (source / name).is_file()]
        converter = TransformersConverter(str(source), copy_files=copy)
        with quiet_loading():
            converter.convert(str(tmp / "model"), quantization=quantization, force=True)
        try:
            (tmp / "model").rename(target)
        except OSError:
            if not (target / "model.bin").is_file():  # someone else finished first: theirs is as good
                raise
    except Exception as exc:
        if local:
            raise ModelPathError(
                f"cannot convert the model in this directory to CTranslate2 ({type(exc).__name__}: {exc})",
                path=model,
            ) from None
        raise ModelError(
            f"cannot convert model '{model}' to CTranslate2 ({type(exc).__name__}: {exc})"
        ) from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log.info(
        "converted %s@%s (%s) in %.1f s -> %s",
        model,
        revision,
        quantization,
        time.perf_counter() - started,
        target,
    )
    return target


def list_converted() -> list[ConvertedModel]:
    found = []
    for path in sorted(models_dir().glob("*@*@*")):
        if (path / "model.bin").is_file():
            model, revision, quantization = path.name.rsplit("@", 2)
            found.append(ConvertedModel(path, model.replace("--", "/"), revision, quantization))
    return found


def _remove_stale(folder: Path) -> None:
    """Temporary directories left by a conversion that was killed."""
    now = time.time()
    for leftover in folder.glob(".*.tmp"):
        if now - leftover.stat().st_mtime > _STALE_SECONDS:
            shutil.rmtree(leftover, ignore_errors=True)
