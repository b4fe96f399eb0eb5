"""Plain-text articles from a file or standard input."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from align.errors import InputError

STDIN = "-"
# Far above any news article (the seed is 35 kB); a guard against feeding a corpus or a binary by mistake.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class RawArticle:
    """Decoded article text plus where it came from. Offsets elsewhere point into ``text``."""

    text: str
    source: str
    sha256: str
    format: str
    encoding: str


def read_article(
    path: str | Path, *, stdin: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> RawArticle:
    """Read an article; ``"-"`` reads standard input. Raises :class:`InputError` with a one-line reason."""
    name = str(path)
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(max_bytes + 1)
        source = "<stdin>"
    else:
        data = _read_file(Path(path), max_bytes)
        source = name
    if len(data) > max_bytes:
        raise InputError(f"input is larger than the {max_bytes // (1024 * 1024)} MiB limit", path=source)
    return decode_text(data, source)


def _read_file(path: Path, max_bytes: int) -> bytes:
    name = str(path)
    if not path.exists():
        raise InputError("no such file", path=name)
    if path.is_dir():
        raise InputError("is a directory, not an article file", path=name)
    try:
        with path.open("rb") as handle:
            return handle.read(max_bytes + 1)
    except PermissionError:
        raise InputError("permission denied", path=name) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=name) from None


def decode_text(data: bytes, source: str) -> RawArticle:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"  # the BOM says so; Windows editors save "Unicode" text this way
    else:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise InputError(
                f"looks binary (NUL byte at offset {nul}); expected a UTF-8 text article", path=source
            )
        encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid {encoding.upper()} (byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " convert it to UTF-8 first, e.g. iconv -f WINDOWS-1256 -t UTF-8",
            path=source,
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("is empty (no text to translate)", path=source)
    return RawArticle(
        text=text,
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        format="text",
        encoding=encoding,
    )
