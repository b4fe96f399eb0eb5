"""Plain-text articles: Unicode with or without a BOM, or a legacy Arabic code page, detected and reported.

UTF-8 with or without a BOM; UTF-16 and UTF-32 with a BOM; UTF-16 without a BOM, told from its NUL bytes;
Windows-1256, ISO-8859-6, CP864 and Mac Arabic when the text decodes to mostly Arabic letters.
"""

from __future__ import annotations

import hashlib
import re

from align.errors import InputError
from align.ingest.base import RawArticle
from align.text import ARABIC_LETTER

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Legacy encodings Arabic text is found in; a detector's guess outside this list is not trusted.
_LEGACY = ("cp1256", "iso8859_6", "cp864", "mac_arabic")
_LETTER = re.compile(r"[^\W\d_]")
# High bytes of UTF-16 code units in Latin (U+00xx), Arabic (U+06xx-08xx), general punctuation (U+20xx) and
# Arabic presentation forms (U+FBxx-FExx).
_UTF16_HIGH = (0x00, 0x06, 0x07, 0x08, 0x20, 0xFB, 0xFC, 0xFD, 0xFE)


def read_text(data: bytes, source: str) -> RawArticle:
    encoding = _detect(data, source)
    text = data.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError("is empty (no text to translate)", path=source)
    return RawArticle(
        text=text, source=source, sha256=hashlib.sha256(data).hexdigest(), format="text", encoding=encoding
    )


def _detect(data: bytes, source: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"not valid {encoding.upper()} despite its byte-order mark ({exc.reason} at"
                    f" offset {exc.start})",
                    path=source,
                ) from None
            return encoding
    nul = data.find(b"\x00")
    if nul >= 0:
        unmarked = _unmarked_utf16(data)
        if unmarked is not None:
            return unmarked
        raise InputError(f"looks binary (NUL byte at offset {nul}); expected a text article", path=source)
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        first_error = exc
    legacy = _legacy_arabic(data)
    if legacy is not None:
        return legacy
    raise InputError(
        f"not valid UTF-8 (byte 0x{data[first_error.start]:02x} at offset {first_error.start})"
        " and not Arabic in a known legacy encoding (Windows-1256, ISO-8859-6);"
        " convert it to UTF-8 first, e.g. with iconv",
        path=source,
    )


def _unmarked_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark, told from where its NUL bytes are: the high byte of every ASCII
    character (spaces, digits, line breaks) is NUL, so all NULs sit on one side of each byte pair (Arabic
    letters, U+06xx, have no NUL byte at all). Accepted only for text in the scripts an article is written
    in (the high bytes are those of Latin, Arabic and punctuation), that decodes and is printable."""
    if len(data) % 2:
        return None
    odd = data[1::2].count(0)
    even = data[0::2].count(0)
    if odd and not even:
        encoding, high = "utf-16-le", data[1::2]
    elif even and not odd:
        encoding, high = "utf-16-be", data[0::2]
    else:
        return None
    if sum(high.count(b) for b in _UTF16_HIGH) < 0.9 * len(high):
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    printable = sum(ch.isprintable() or ch in "\t\n\r" for ch in text)
    return encoding if printable >= 0.95 * len(text) and _LETTER.search(text) else None


def _legacy_arabic(data: bytes) -> str | None:
    """A legacy code page that decodes ``data`` into mostly-Arabic text, or None.

    charset-normalizer ranks the candidates; the result is accepted only when most letters are Arabic, so a
    wrong guess fails loudly instead of handing the model mojibake.
    """
    from charset_normalizer import from_bytes

    matches = from_bytes(data, cp_isolation=list(_LEGACY))
    for match in matches:
        text = str(match)
        letters = _LETTER.findall(text)
        if letters and len(ARABIC_LETTER.findall(text)) / len(letters) >= 0.6:
            return str(match.encoding)
    return None
