"""Where a model is: a local directory or a Hugging Face hub id, its revision, and one-line load errors.

Shared by the engines so that a model is identified (and a failure explained) the same way whichever engine
runs it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from align.engines.base import Encoded
from align.errors import ModelError, ModelPathError, NotATranslationModelError

HINT = (
    "give a local model directory as the model, or download the model once with network access"
    " (it is cached; HF_HUB_OFFLINE=1 then uses the cache only)"
)
_WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
# Encoder-decoder model types whose config.json may lack "is_encoder_decoder".
_SEQ2SEQ_TYPES = frozenset({"marian", "m2m_100", "mbart", "t5", "mt5", "bart", "nllb-moe", "fsmt", "pegasus"})


def local_model_dir(model: str) -> Path | None:
    """The directory ``model`` names, None for a hub id; raises ModelPathError for an unusable path and
    NotATranslationModelError for a model that is not a sequence-to-sequence one."""
    path = Path(model).expanduser()
    if path.exists():
        if not path.is_dir():
            raise ModelPathError(
                "is a file; a model is a model directory or a hub id", path=model, setting="model"
            )
        if not (path / "config.json").is_file():
            raise ModelPathError("is not a model directory (no config.json in it)", path=model)
        check_translation_model(_read_config(path, model), model)
        if not any((path / name).is_file() for name in _WEIGHT_FILES):
            raise ModelPathError(
                f"has no weights ({' or '.join(_WEIGHT_FILES)}); is the model directory complete?", path=model
            )
        return path
    if looks_like_path(model):
        raise ModelPathError("model directory not found", path=model)
    return None


def check_translation_model(config: dict[str, Any], model: str) -> None:
    """Refuse a model that is not an encoder-decoder (a BERT, a GPT): it cannot translate."""
    model_type = config.get("model_type", "unknown")
    if not config.get("is_encoder_decoder", model_type in _SEQ2SEQ_TYPES):
        raise NotATranslationModelError(
            f"is a {model_type!r} model, not a sequence-to-sequence translation model"
            " (use a MarianMT checkpoint such as Helsinki-NLP/opus-mt-ar-en)",
            path=model,
        )


def local_load_error(model: str, exc: BaseException) -> ModelPathError:
    """One line for a local model directory that the engine cannot load (a damaged or partial copy)."""
    text = " ".join(str(exc).split())[:300]
    return ModelPathError(
        f"cannot load the model in this directory ({type(exc).__name__}: {text})", path=model
    )


def _read_config(path: Path, model: str) -> dict[str, Any]:
    try:
        data = json.loads((path / "config.json").read_text(encoding="utf-8"))
    except OSError as exc:
        raise ModelPathError(f"cannot read config.json ({exc.strerror or exc})", path=model) from None
    except ValueError as exc:
        raise ModelPathError(f"config.json is not valid JSON ({exc})", path=model) from None
    if not isinstance(data, dict):
        raise ModelPathError("config.json is not a JSON object", path=model)
    return data


def snapshot(model: str, revision: str | None) -> tuple[Path, str]:
    """A local copy of a model and its revision: the directory itself (revision: a hash of its files) or the
    hub snapshot (revision: the commit), downloaded on first use and cached by huggingface_hub."""
    local = local_model_dir(model)
    if local is not None:
        return local, local_revision(local)
    from huggingface_hub import snapshot_download

    patterns = ["*.json", "*.spm", "*.model", "*.txt", "*.safetensors", "pytorch_model.bin"]
    try:
        with _quiet_hub():
            path = Path(snapshot_download(repo_id=model, revision=revision, allow_patterns=patterns))
    except (
        Exception
    ) as exc:  # huggingface_hub raises a family of HTTP and cache errors; all mean "cannot load"
        raise model_error(model, revision, exc) from None
    return path, path.name


def local_revision(path: Path) -> str:
    """A local directory has no commit: identify it by the content of every file that can change what it
    outputs (weights, configuration, generation settings, tokenizer models and vocabularies), so that a
    changed file, however it was copied (``cp -p`` keeps the size and modification time), changes the
    identity, and with it the translation cache's keys and the converted model. Each file's hash is
    remembered per device, inode, size, modification and status-change time (the last cannot be set back
    by a copy), so that a large model is not read again on every load."""
    files = sorted(p for p in path.iterdir() if p.is_file() and not _IGNORED.match(p.name))
    if not files:
        return "local"
    memo = _load_memo()
    changed = False
    digest = hashlib.sha256()
    for file in files:
        info = file.stat()
        stamp = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        memo_key = f"{file.resolve()}:" + ":".join(map(str, stamp))
        if memo_key not in memo:
            memo[memo_key] = _file_sha256(file)
            changed = True
        digest.update(f"{file.name}\0{memo[memo_key]}\n".encode())
    if changed:
        _save_memo(memo)
    return f"sha256-{digest.hexdigest()[:12]}"


# Files in a model directory that do not change its output: documentation, licences, hidden files (.git,
# .gitattributes) and weights of other frameworks, which the PyTorch model never loads.
_IGNORED = re.compile(
    r"(?i)^(?:\..*|readme.*|license.*|licence.*|.*\.md|tf_model\.h5|flax_model\.msgpack|rust_model\.ot"
    r"|.*\.onnx|.*\.lock)$"
)
weights_revision = local_revision  # the former name


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _memo_path() -> Path:
    from align.home import home

    return home() / "model-files-sha256.json"


def _load_memo() -> dict[str, str]:
    try:
        data = json.loads(_memo_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _save_memo(memo: dict[str, str]) -> None:
    try:
        from align.io import atomic_write_text

        _memo_path().parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(_memo_path(), json.dumps(memo, indent=0))
    except OSError:  # a read-only home only costs the hash next time
        pass


def looks_like_path(model: str) -> bool:
    return model.startswith(("/", ".", "~")) or model.count("/") > 1 or (os.sep != "/" and os.sep in model)


def offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def model_error(model: str, revision: str | None, exc: BaseException) -> ModelError:
    """One actionable line for the ways a hub load fails (the library's own messages span paragraphs)."""
    kinds = set()
    cause: BaseException | None = exc
    while cause is not None:
        kinds.add(type(cause).__name__)
        cause = cause.__cause__ or cause.__context__
    text = " ".join(str(exc).split())
    at = f"@{revision}" if revision else ""
    if "RevisionNotFoundError" in kinds or "is not a valid git identifier" in text:
        problem = f"revision {revision!r} of model '{model}' does not exist on the Hugging Face hub"
    elif "RepositoryNotFoundError" in kinds or "not a valid model identifier" in text:
        problem = f"model '{model}' was not found on the Hugging Face hub (nor is it a local directory)"
    elif "GatedRepoError" in kinds:
        problem = f"model '{model}' is gated on the Hugging Face hub: log in with `hf auth login` first"
    elif offline():
        problem = f"model '{model}{at}' is not in the local Hugging Face cache and HF_HUB_OFFLINE is set"
    elif "LocalEntryNotFoundError" in kinds or "couldn't connect" in text.lower():
        problem = f"cannot reach the Hugging Face hub to download model '{model}{at}', and it is not cached"
    else:
        problem = f"cannot load model '{model}{at}': {text[:300]}"
    return ModelError(problem, hint=HINT, setting="model")


def max_input_tokens(tokenizer: Any, config: Any) -> int:
    limits = [getattr(config, "max_position_embeddings", None), getattr(tokenizer, "model_max_length", None)]
    # Tokenizers without a limit report a huge sentinel (1e30); ignore it.
    usable = [int(x) for x in limits if isinstance(x, int) and 0 < x < 1_000_000]
    return min(usable) if usable else 512


@contextmanager
def _quiet_hub() -> Iterator[None]:
    """huggingface_hub's own download bars off (transformers' switch would import transformers, which the
    CTranslate2 path never needs)."""
    import importlib

    # the module, not the tqdm class that huggingface_hub.utils re-exports under the same name
    bars = importlib.import_module("huggingface_hub.utils.tqdm")
    was_disabled = bars.are_progress_bars_disabled()
    bars.disable_progress_bars()
    try:
        yield
    finally:
        if not was_disabled:
            bars.enable_progress_bars()


@contextmanager
def quiet_loading() -> Iterator[None]:
    """A library does not draw progress bars on its caller's terminal; restore the setting afterwards."""
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    try:
        yield
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]


def encode_texts(tokenizer: Any, texts: Sequence[str]) -> list[Encoded]:
    """Source pieces as the model sees them, and the pieces its vocabulary maps to <unk>."""
    result = []
    for text in texts:
        pieces = tokenizer.tokenize(text)
        ids = tokenizer.convert_tokens_to_ids(pieces)
        unknown = tuple(p for p, i in zip(pieces, ids, strict=True) if i == tokenizer.unk_token_id)
        result.append(Encoded(n_tokens=len(pieces) + 1, pieces=tuple(pieces), unknown=unknown))
    return result
