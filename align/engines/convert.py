"""Hugging Face Marian models converted to CTranslate2, cached by model, revision and quantization.

Conversion happens once per (model, revision, quantization). It is written to a temporary folder next to its
final place, with a manifest of every file's size and SHA-256 written last, and renamed into place only when
complete. A folder is used only when it has the manifest and every file has its size; a folder that does not
(a crash of an older version, a deleted or truncated ``model.bin``, a hand edit) is moved aside and converted
again, and one whose files no longer match their checksums (:func:`damaged`) when it fails to load, too. The
temporary folders of conversions that were killed are removed by the next conversion once their process is
gone (by its process id on this machine; after a day when made on another machine sharing the folder).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import re
import shutil
import socket
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
MANIFEST = "newsalign-manifest.json"
_STALE_SECONDS = 24 * 3600
_HOST = re.sub(r"[^A-Za-z0-9-]+", "-", socket.gethostname())[:40] or "host"


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


def convert(
    source: Path,
    model: str,
    revision: str,
    quantization: str,
    *,
    local: bool = False,
    rebuild: bool = False,
) -> Path:
    """The converted model for ``source`` (a local model directory), converting it on first use, or again
    when its folder is incomplete (or ``rebuild``). ``local``: ``model`` is the user's own directory, so a
    failure is a problem with that directory (exit code 2)."""
    if quantization not in QUANTIZATIONS:
        raise ModelError(f"unknown quantization {quantization!r}; choose one of {', '.join(QUANTIZATIONS)}")
    target = converted_path(model, revision, quantization)
    if not rebuild and is_complete(target):
        return target
    if target.exists():
        log.warning("%s: incomplete or damaged conversion; converting again", target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(target.parent)
    from ctranslate2.converters import TransformersConverter

    started = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix=_owned_prefix(target), suffix=".tmp", dir=target.parent))
    try:
        copy = [name for name in _COPY if (source / name).is_file()]
        converter = TransformersConverter(str(source), copy_files=copy)
        with quiet_loading():
            converter.convert(str(tmp / "model"), quantization=quantization, force=True)
        _write_manifest(tmp / "model", model, revision, quantization)
        _put_in_place(tmp / "model", target, replace_complete=rebuild)
    except Exception as exc:
        detail = f"{type(exc).__name__}: {' '.join(str(exc).split())[:300]}"
        if local:
            raise ModelPathError(
                f"cannot convert the model in this directory to CTranslate2 ({detail}; converted models are"
                f" kept in {models_dir()})",
                path=model,
                setting="converted_models",
            ) from None
        raise ModelError(
            f"cannot convert model '{model}' to CTranslate2 into {target} ({detail})",
            setting="converted_models",
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


def is_complete(path: Path) -> bool:
    """Whether ``path`` holds a whole conversion: its manifest, and every file it lists with its size."""
    files = _manifest_files(path)
    if not files:
        return False
    for name, entry in files.items():
        try:
            if (path / name).stat().st_size != entry.get("size"):
                return False
        except OSError:
            return False
    return True


def damaged(path: Path) -> bool:
    """Whether a converted folder's files differ from the checksums it was written with (read in full)."""
    files = _manifest_files(path)
    if not files:
        return True
    for name, entry in files.items():
        try:
            if _sha256(path / name) != entry.get("sha256"):
                return True
        except OSError:
            return True
    return False


def list_converted() -> list[ConvertedModel]:
    found = []
    for path in sorted(models_dir().glob("*@*@*")):
        if is_complete(path):
            slug, revision, quantization = path.name.rsplit("@", 2)
            # The folder name is a shortened slug; the manifest keeps the model (a hub id or a whole path).
            manifest = _manifest(path)
            model = str(manifest.get("model") or slug.replace("--", "/"))
            found.append(ConvertedModel(path, model, str(manifest.get("revision") or revision), quantization))
    return found


def _write_manifest(folder: Path, model: str, revision: str, quantization: str) -> None:
    files = {
        p.name: {"size": p.stat().st_size, "sha256": _sha256(p)}
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != MANIFEST
    }
    manifest = {"model": model, "revision": revision, "quantization": quantization, "files": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")


def _manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _manifest_files(path: Path) -> dict[str, Any]:
    files = _manifest(path).get("files")
    if not isinstance(files, dict) or "model.bin" not in files:
        return {}
    return {str(k): v for k, v in files.items() if isinstance(v, dict)}


def _put_in_place(new: Path, target: Path, *, replace_complete: bool) -> None:
    """Rename ``new`` to ``target``; an incomplete folder there is moved aside first. A complete one that
    another process put there meanwhile is kept (it is as good as ours) unless ``replace_complete``."""
    for _ in range(3):
        try:
            new.rename(target)
            return
        except OSError:
            if not target.exists():
                raise
        if is_complete(target) and not replace_complete:
            return
        aside = Path(tempfile.mkdtemp(prefix=_owned_prefix(target), suffix=".broken", dir=target.parent))
        with contextlib.suppress(FileNotFoundError):  # another process may have moved it first
            target.rename(aside / "model")
        shutil.rmtree(aside, ignore_errors=True)
        replace_complete = False
    new.rename(target)


def _remove_stale(folder: Path) -> None:
    """Temporary and set-aside folders whose conversion process is gone: on this machine when the process
    that made one no longer runs, elsewhere (a shared home) after a day."""
    now = time.time()
    for leftover in [*folder.glob(".*.tmp"), *folder.glob(".*.broken")]:
        owner = _owner(leftover.name)
        with contextlib.suppress(OSError):
            dead = owner is not None and owner[0] == _HOST and not _alive(owner[1])
            if dead or now - leftover.stat().st_mtime > _STALE_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)


def _owned_prefix(target: Path) -> str:
    return f".{target.name}~{_HOST}~{os.getpid()}~"


def _owner(name: str) -> tuple[str, int] | None:
    """(host, process id) from ``.NAME~HOST~PID~RANDOM.tmp``; None for names of an older layout."""
    parts = name.rsplit("~", 3)
    if len(parts) != 4 or not parts[2].isdigit():
        return None
    return parts[1], int(parts[2])


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
