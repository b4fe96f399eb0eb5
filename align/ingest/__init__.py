"""Reading articles: one reader per format behind :func:`read_article`, chosen by content, not by name."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from align.errors import InputError
from align.ingest.base import Block, RawArticle
from align.ingest.budget import DEFAULT_LIMITS, ReadLimits, check_size

__all__ = [
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "Block",
    "RawArticle",
    "ReadLimits",
    "format_size",
    "read_article",
    "sniff_format",
]

STDIN = "-"
# Far above any news article (the seed is 35 kB); a guard against feeding a corpus or a binary by mistake.
DEFAULT_MAX_BYTES = DEFAULT_LIMITS.max_bytes
FORMATS = ("text", "pdf", "html", "docx")


def read_article(
    path: str | Path,
    *,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
) -> RawArticle:
    """Read an article; ``"-"`` reads standard input. Raises :class:`InputError` with a one-line reason, and
    :class:`~align.errors.LimitError` for an input over one of ``limits`` (``max_bytes``, when given,
    replaces ``limits.max_bytes``)."""
    if max_bytes is not None:
        limits = limits.raised(max_bytes=max_bytes)
    name = str(path)
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = stream.read(limits.max_bytes + 1)
        source = "<stdin>"
    else:
        data = _read_file(Path(path), limits.max_bytes)
        source = name
    check_size(len(data), limits, source)
    if not data:
        raise InputError("is empty (no text to translate)", path=source)
    fmt = sniff_format(data, name)
    if fmt == "pdf":
        from align.ingest.pdf import read_pdf

        return read_pdf(data, source, limits)
    if fmt == "docx":
        from align.ingest.docx import read_docx

        return read_docx(data, source, limits)
    if fmt == "html":
        from align.ingest.html import read_html

        return read_html(data, source)
    from align.ingest.txt import read_text

    return read_text(data, source)


def sniff_format(data: bytes, name: str = "") -> str:
    """The format of ``data`` from its first bytes; the file name only breaks ties between text formats."""
    if data.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return "pdf"
    if _is_docx_zip(data):
        return "docx"
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if b"<html" in head and b"<body" in data[:65536].lower():
        return "html"
    if name.lower().endswith((".html", ".htm", ".xhtml")) and head.startswith(b"<"):
        return "html"
    return "text"


def _is_docx_zip(data: bytes) -> bool:
    # Any zip goes to the Word reader, which names the problem when it is not a readable .docx (a truncated
    # file, a spreadsheet) instead of the text reader calling it binary.
    return data.startswith(b"PK\x03\x04")


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


_UNITS = (("GiB", 1 << 30), ("GB", 10**9), ("MiB", 1 << 20), ("MB", 10**6), ("KiB", 1 << 10), ("kB", 1000))


def format_size(n: int) -> str:
    """``n`` bytes in the largest unit that states it exactly: "20 MiB", "50 MB", "1500 bytes"."""
    for unit, size in _UNITS:
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} bytes"
