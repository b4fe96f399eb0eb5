"""Marian's tokenizer without transformers: SentencePiece pieces looked up in the model's ``vocab.json``.

The CTranslate2 engine needs only what ``transformers.MarianTokenizer`` does with a model's files, and
importing transformers (and with it torch) for that costs seconds and hundreds of megabytes. This module
reproduces it step by step, and ``tests/test_tokenizer.py`` pins the parity on the shipped test sets:

- the text is split on the special tokens (``</s>``, ``<unk>``, ``<pad>`` …), which stay whole;
- a leading ``>>xx<<`` language code stays one piece;
- every other part goes through the source SentencePiece model (its own normalisation and ``▁`` handling);
- a piece the vocabulary lacks becomes ``<unk>`` (Private-Use characters, pieces the model never saw);
- decoding drops the special tokens and detokenises with SentencePiece (the source model for a shared
  vocabulary, as MarianTokenizer does), then turns every remaining ``▁`` into a space.

A model whose tokenizer files hold something this does not reproduce (another tokenizer class, special
tokens outside the vocabulary, ``single_word`` tokens) is tokenised by transformers instead:
:func:`load_tokenizer` decides.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, cast

log = logging.getLogger(__name__)

SPIECE_UNDERLINE = "▁"
# MarianTokenizer's defaults, used where the tokenizer files do not say.
_DEFAULTS = {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"}
_NAMED = ("bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token")
_DEFAULT_MAX_LENGTH = 512
_CLEAN_UP = (
    (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"), (" 'm", "'m"),
    (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
)  # fmt: skip


class Tokenizer(Protocol):
    """What the engines need of a tokenizer (the names are transformers', so either kind fits)."""

    eos_token: str
    unk_token_id: int
    model_max_length: int

    def tokenize(self, text: str) -> list[str]: ...

    def convert_tokens_to_ids(self, tokens: list[str]) -> list[int]: ...

    def convert_ids_to_tokens(self, ids: list[int]) -> list[str]: ...

    def decode(self, ids: Sequence[int], skip_special_tokens: bool = ...) -> str: ...


class UnsupportedTokenizer(ValueError):
    """The tokenizer files hold something this module does not reproduce exactly."""


class MarianSentencePiece:
    """``MarianTokenizer``'s tokenisation and decoding from a model directory, with sentencepiece alone."""

    def __init__(self, path: str | Path) -> None:
        import sentencepiece

        folder = Path(path)
        config = _json_object(folder / "tokenizer_config.json", required=False)
        tokenizer_class = config.get("tokenizer_class")
        if tokenizer_class not in (None, "MarianTokenizer"):
            raise UnsupportedTokenizer(f"tokenizer class {tokenizer_class!r} is not MarianTokenizer")
        self.separate_vocabs = bool(config.get("separate_vocabs", False))
        self.encoder = _vocabulary(folder / "vocab.json")
        target = _vocabulary(folder / "target_vocab.json") if self.separate_vocabs else self.encoder
        self.decoder = {i: piece for piece, i in target.items()}
        kwargs = config.get("sp_model_kwargs") or {}
        if not isinstance(kwargs, dict):
            raise UnsupportedTokenizer("sp_model_kwargs is not an object")
        self._spm_source = _spm(sentencepiece, folder / "source.spm", kwargs)
        self._spm_target = _spm(sentencepiece, folder / "target.spm", kwargs)
        # A shared vocabulary decodes with the source model: MarianTokenizer does (use_source_tokenizer).
        self._spm_decode = self._spm_target if self.separate_vocabs else self._spm_source

        named, extra, added = _special_tokens(folder, config)
        self.eos_token = named["eos_token"]
        self.unk_token = named["unk_token"]
        self.pad_token = named.get("pad_token")
        if self.unk_token not in self.encoder:
            raise ValueError("<unk> token must be in the vocab")
        self.unk_token_id = self.encoder[self.unk_token]
        self.eos_token_id = self.encoder.get(self.eos_token, self.unk_token_id)
        self.all_special_tokens = list(dict.fromkeys([*named.values(), *extra]))
        for name in self.all_special_tokens:
            if name not in self.encoder:
                raise UnsupportedTokenizer(f"special token {name!r} is not in vocab.json")
        for token_id, token in added.items():
            if self.encoder.get(token["content"]) != token_id:
                raise UnsupportedTokenizer(f"added token {token['content']!r} has an id of its own")
            if token.get("single_word"):
                raise UnsupportedTokenizer(f"added token {token['content']!r} is single_word")
        self._strip = {t["content"]: (bool(t.get("lstrip")), bool(t.get("rstrip"))) for t in added.values()}
        self._no_split = set(self.all_special_tokens) | set(self._strip)
        self._special_ids = {self.encoder[t] for t in self.all_special_tokens}
        self._splitter = (
            re.compile("(" + "|".join(map(re.escape, sorted(self._no_split, key=len, reverse=True))) + ")")
            if self._no_split and not config.get("split_special_tokens", False)
            else None
        )
        self._clean_up = bool(config.get("clean_up_tokenization_spaces", False))
        max_length = config.get("model_max_length", _DEFAULT_MAX_LENGTH)
        self.model_max_length = int(max_length) if isinstance(max_length, (int, float)) else 512

    # -- encoding -------------------------------------------------------------------------------------

    def tokenize(self, text: str) -> list[str]:
        """The source pieces of ``text`` (no end-of-sentence), as ``MarianTokenizer.tokenize`` gives them."""
        if self._splitter is None:
            return self._pieces(text)
        parts = self._splitter.split(text)
        # Added tokens may swallow the whitespace next to them (lstrip/rstrip); Marian's do not.
        for i, part in enumerate(parts):
            if part in self._strip:
                lstrip, rstrip = self._strip[part]
                if rstrip and i + 1 < len(parts) and parts[i + 1]:
                    parts[i + 1] = parts[i + 1].lstrip()
                if lstrip and i > 0 and parts[i - 1]:
                    parts[i - 1] = parts[i - 1].rstrip()
        pieces: list[str] = []
        for i, part in enumerate(parts):
            if not part:
                continue
            if i % 2 == 1:  # a special token, matched by the splitter
                pieces.append(part)
            else:
                pieces.extend(self._pieces(part))
        return pieces

    def _pieces(self, text: str) -> list[str]:
        code: list[str] = []
        if text.startswith(">>") and (end := text.find("<<")) != -1:
            code, text = [text[: end + 2]], text[end + 2 :]
        return code + list(self._spm_source.encode(text, out_type=str))

    def convert_tokens_to_ids(self, tokens: Sequence[str]) -> list[int]:
        return [self.encoder.get(token, self.unk_token_id) for token in tokens]

    def encode(self, text: str) -> list[int]:
        """The model's input ids for ``text``: its pieces' ids and end-of-sentence."""
        return [*self.convert_tokens_to_ids(self.tokenize(text)), self.eos_token_id]

    # -- decoding -------------------------------------------------------------------------------------

    def convert_ids_to_tokens(self, ids: Sequence[int], skip_special_tokens: bool = False) -> list[str]:
        skip = self._special_ids if skip_special_tokens else set()
        return [self._token(int(i)) for i in ids if int(i) not in skip]

    def _token(self, index: int) -> str:
        if index in self.decoder:
            return self.decoder[index]
        piece = str(self._spm_decode.IdToPiece(index)) if 0 <= index < len(self._spm_decode) else ""
        return piece or self.unk_token

    def decode(self, ids: Sequence[int], skip_special_tokens: bool = False) -> str:
        """The text of target ids; with ``skip_special_tokens``, end-of-sentence, ``<unk>`` and padding
        vanish (as in MarianTokenizer: what ``<unk>`` stood for cannot be recovered)."""
        return self.decode_pieces(self.convert_ids_to_tokens(ids, skip_special_tokens=skip_special_tokens))

    def decode_pieces(self, pieces: Sequence[str]) -> str:
        """Target pieces to text: SentencePiece between special tokens, every ``▁`` a space."""
        special = set(self.all_special_tokens)
        text = ""
        run: list[str] = []
        for piece in pieces:
            if piece in special:
                text += str(self._spm_decode.decode_pieces(run)) + piece + " "
                run = []
            else:
                run.append(piece)
        text += str(self._spm_decode.decode_pieces(run))
        text = text.replace(SPIECE_UNDERLINE, " ").strip()
        if self._clean_up:
            for before, after in _CLEAN_UP:
                text = text.replace(before, after)
        return text


def load_tokenizer(path: str | Path) -> Tokenizer:
    """The tokenizer of the model in ``path``: :class:`MarianSentencePiece` for a Marian model, else (or
    where its files hold something it does not reproduce) transformers' own. Raises OSError or ValueError
    for missing or unreadable tokenizer files."""
    try:
        return MarianSentencePiece(path)
    except UnsupportedTokenizer as exc:
        log.debug("tokenizer of %s loaded with transformers: %s", path, exc)
    from transformers import AutoTokenizer

    from align.engines.hub import quiet_loading

    with quiet_loading():
        tokenizer: Any = AutoTokenizer.from_pretrained(str(path))
    return cast(Tokenizer, tokenizer)


def _special_tokens(
    folder: Path, config: dict[str, Any]
) -> tuple[dict[str, str], list[str], dict[int, dict[str, Any]]]:
    """Named special tokens, extra special tokens and added tokens (id -> properties), read as transformers
    reads them: the tokenizer config first; special_tokens_map.json only when the config has no added
    tokens (transformers reads it only then), overriding the config's named tokens."""
    settings = dict(config)
    added_raw = config.get("added_tokens_decoder")
    if not added_raw:
        for key, value in _json_object(folder / "special_tokens_map.json", required=False).items():
            if key in ("extra_special_tokens", "additional_special_tokens") and isinstance(value, list):
                settings[key] = [*(settings.get(key) or []), *value]
            else:
                settings[key] = value
    named = dict(_DEFAULTS)
    for key in _NAMED:
        if key in settings:
            token = _content(settings[key])
            if token is None:
                named.pop(key, None)
            else:
                named[key] = token
    extra: list[str] = []
    for key in ("additional_special_tokens", "extra_special_tokens"):
        values = settings.get(key) or []
        if isinstance(values, dict):  # model-specific special tokens: name -> token
            values = list(values.values())
        if not isinstance(values, list):
            raise UnsupportedTokenizer(f"{key} is neither a list nor an object")
        extra += [token for value in values if (token := _content(value)) is not None]
    added: dict[int, dict[str, Any]] = {}
    if isinstance(added_raw, dict):
        for key, value in added_raw.items():
            if not isinstance(value, dict) or not isinstance(value.get("content"), str):
                raise UnsupportedTokenizer("added_tokens_decoder entries need a content")
            added[int(key)] = value
            if value.get("special"):
                extra.append(value["content"])
    elif added_raw:
        raise UnsupportedTokenizer("added_tokens_decoder is not an object")
    return named, extra, added


def _content(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("content"), str):
        return str(value["content"])
    raise UnsupportedTokenizer(f"special token {value!r} is neither a string nor an added token")


def _spm(sentencepiece: Any, path: Path, kwargs: dict[str, Any]) -> Any:
    if not path.is_file():
        raise FileNotFoundError(f"no {path.name} in {path.parent}")
    processor = sentencepiece.SentencePieceProcessor(**kwargs)
    processor.Load(str(path))
    return processor


def _vocabulary(path: Path) -> dict[str, int]:
    data = _json_object(path, required=True)
    if not all(isinstance(v, int) for v in data.values()):
        raise ValueError(f"{path.name} does not map pieces to integer ids")
    return {str(k): int(v) for k, v in data.items()}


def _json_object(path: Path, *, required: bool) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if required:
            raise FileNotFoundError(f"no {path.name} in {path.parent}") from None
        return {}
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ValueError(f"{path.name} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} is not a JSON object")
    return data
