"""Hostile and unlucky inputs, made on demand: decompression bombs, page and drawing bombs, deep markup,
terminal escapes, odd encodings.

Every generator returns the bytes of one input and costs little time and memory to run, whatever the input
inflates to: deflate data is built by repeating one independently compressed block (a full flush resets the
compressor, so copies of the block decode to copies of its text) and only the checksum is computed over the
whole inflated size. ``tests/test_hostile.py`` writes them into temporary folders;
``scripts/make_hostile_inputs.py`` writes the full-size set into a folder for trying them by hand.
"""

from __future__ import annotations

import os
import stat
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path

ARABIC = "صوت الناخبون في مقدونيا الشمالية يوم الأحد على تغيير اسم البلاد."

# -- deflate ----------------------------------------------------------------------------------------------


def repeated_deflate(chunk: bytes, copies: int, *, head: bytes = b"", tail: bytes = b"") -> tuple[bytes, int]:
    """Raw deflate data for ``head + chunk * copies + tail`` and its CRC-32, in time proportional to
    ``len(chunk) + copies`` (the chunk is compressed once)."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.compress(tail) + c.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(copies):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    return first + block * copies + end, crc


def zlib_bomb(chunk: bytes, copies: int) -> bytes:
    """zlib-wrapped (FlateDecode) data for ``chunk * copies``."""
    raw, _ = repeated_deflate(chunk, copies)
    adler = 1
    for _ in range(copies):
        adler = zlib.adler32(chunk, adler)
    return b"\x78\xda" + raw + struct.pack(">I", adler)


# -- PDF --------------------------------------------------------------------------------------------------


def pdf(objects: Sequence[bytes], *, root: int = 1) -> bytes:
    """A PDF file of ``objects`` (object ``i + 1`` is ``objects[i]``, without ``obj``/``endobj``)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", *, flate: bool = False) -> bytes:
    filters = b" /Filter /FlateDecode" if flate else b""
    return b"<< /Length %d%s %s >>\nstream\n" % (len(data), filters, extra) + data + b"\nendstream"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
_PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
    b" /Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
)
_TEXT = b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET"


def _one_page(
    content: bytes, *, resources: bytes = b"/Font << /F1 4 0 R >>", more: Sequence[bytes] = ()
) -> bytes:
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << %s >> /Contents 5 0 R >>"
            % resources,
            _FONT,
            content,
            *more,
        ]
    )


def pdf_text() -> bytes:
    """A small well-formed one-page PDF with the text "Hello" (the control case)."""
    return _one_page(stream(_TEXT))


def pdf_pages(count: int) -> bytes:
    """A PDF of ``count`` pages with one word each, a different one on every page (20,000 pages: 4 MB)."""
    first_page = 4
    kids = b" ".join(b"%d 0 R" % (first_page + 2 * i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
        _FONT,
    ]
    for i in range(count):
        objects.append(_PAGE % (3, first_page + 2 * i + 1))
        objects.append(stream(b"BT /F1 12 Tf 72 400 Td (%s) Tj ET" % _letters(i)))
    return pdf(objects)


def _letters(n: int) -> bytes:
    """A word of letters for ``n`` (a, ..., z, ba, bb, ...): no digits, which look like page numbers."""
    word = b""
    while True:
        word = bytes([97 + n % 26]) + word
        n //= 26
        if not n:
            return word


def pdf_nested_forms(depth: int = 12, fanout: int = 10) -> bytes:
    """Form XObjects drawing each other: form ``i`` draws form ``i + 1`` ``fanout`` times, the last one
    draws text; ``fanout ** depth`` drawings from a file of a few kB."""
    first = 6  # object number of form 0
    forms = []
    for level in range(depth):
        if level == depth - 1:
            body, resources = _TEXT, b"/Font << /F1 4 0 R >>"
        else:
            body = b" ".join([b"/X Do"] * fanout)
            resources = b"/XObject << /X %d 0 R >>" % (first + level + 1)
        forms.append(
            stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << %s >>" % resources)
        )
    return _one_page(stream(b"/X Do"), resources=b"/XObject << /X %d 0 R >>" % first, more=forms)


def pdf_deep_forms(depth: int = 200) -> bytes:
    """A chain of ``depth`` distinct form XObjects, each drawing the next once."""
    return pdf_nested_forms(depth=depth, fanout=1)


def pdf_self_drawing_form() -> bytes:
    """A form XObject that draws itself (pdfminer refuses the loop, and logs a warning about it)."""
    form = stream(
        _TEXT + b" /X Do",
        b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >>"
        b" /XObject << /X 6 0 R >> >>",
    )
    return _one_page(stream(b"/X Do"), resources=b"/XObject << /X 6 0 R >>", more=[form])


def pdf_flate_bomb(inflated: int = 400 << 20) -> bytes:
    """One content stream of ``inflated`` bytes of spaces, compressed about 1000:1."""
    chunk = b" " * (1 << 20)
    data = zlib_bomb(chunk, max(1, inflated // len(chunk)))
    return _one_page(stream(data, flate=True))


def pdf_operators(count: int = 20_000_000) -> bytes:
    """One (compressed) content stream of ``count`` save/restore operators ("q Q ...")."""
    unit = b"q Q " * (1 << 18)  # 2**19 operators per chunk
    data = zlib_bomb(unit, max(1, count // (1 << 19)))
    return _one_page(stream(data, flate=True))


def pdf_long_string(glyphs: int = 5_000_000) -> bytes:
    """One text-showing operator with ``glyphs`` characters (one token, millions of glyphs)."""
    text = b"BT /F1 1 Tf 0 700 Td (" + b"x" * glyphs + b") Tj ET"
    return _one_page(stream(zlib.compress(text, 9), flate=True))


def pdf_page_loop() -> bytes:
    """A page tree whose Pages node lists itself as a kid."""
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
            _PAGE % (4, 5),
            _FONT,
            stream(_TEXT),
        ]
    )


def pdf_javascript() -> bytes:
    """A PDF that asks its reader to run JavaScript when opened."""
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            _PAGE % (4, 5),
            _FONT,
            stream(_TEXT),
            b"<< /S /JavaScript /JS (app.alert('x'); while(true){}) >>",
        ]
    )


# -- zip / DOCX -------------------------------------------------------------------------------------------

_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)
_DOC_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_DOC_TAIL = b"</w:body></w:document>"


def paragraph_xml(text: str) -> bytes:
    return b"<w:p><w:r><w:t>" + text.encode("utf-8") + b"</w:t></w:r></w:p>"


def zip_file(members: Sequence[tuple[str, bytes, int, int | None]]) -> bytes:
    """A zip archive of (name, raw deflate data, CRC-32, uncompressed size) members; ``None`` as the size
    stores the data uncompressed. The sizes are written as given: a directory can be made to lie."""
    out = bytearray()
    central = bytearray()
    for name, data, crc, size in members:
        encoded = name.encode()
        method, usize = (8, size) if size is not None else (0, len(data))
        header = struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), usize, len(encoded), 0
        )
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data), usize,
            len(encoded), 0, 0, 0, 0, 0, len(out),
        ) + encoded  # fmt: skip
        out += header + encoded + data
    count = len(members)
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, len(central), len(out), 0)
    return bytes(out + central + end)


def _stored(name: str, data: bytes) -> tuple[str, bytes, int, int | None]:
    return name, data, zlib.crc32(data), None


def docx(paragraphs: Sequence[str]) -> bytes:
    """A minimal Word document with these paragraphs."""
    document = _DOC_HEAD + b"".join(paragraph_xml(p) for p in paragraphs) + _DOC_TAIL
    return zip_file(
        [
            _stored("[Content_Types].xml", _CONTENT_TYPES),
            _stored("_rels/.rels", _RELS),
            _stored("word/document.xml", document),
        ]
    )


def docx_bomb(inflated: int = 800 << 20, *, lie: bool = False) -> bytes:
    """A Word document whose document.xml inflates to about ``inflated`` bytes of paragraphs (1.5 MB for
    800 MB). ``lie``: the zip directory states 1 kB instead of the real size."""
    unit = paragraph_xml(ARABIC)
    chunk = unit * max(1, (1 << 20) // len(unit))
    copies = max(1, inflated // len(chunk))
    data, crc = repeated_deflate(chunk, copies, head=_DOC_HEAD, tail=_DOC_TAIL)
    size = 1000 if lie else len(_DOC_HEAD) + len(chunk) * copies + len(_DOC_TAIL)
    return zip_file(
        [
            _stored("[Content_Types].xml", _CONTENT_TYPES),
            _stored("_rels/.rels", _RELS),
            ("word/document.xml", data, crc, size),
        ]
    )


def docx_billion_laughs() -> bytes:
    """A Word document whose text is one entity that expands to 10**9 "ha"s."""
    entities = b'<!ENTITY a0 "ha">' + b"".join(
        b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10) for i in range(1, 10)
    )
    document = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [' + entities + b"]>"
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        b"<w:p><w:r><w:t>&a9;</w:t></w:r></w:p>" + _DOC_TAIL
    )
    return zip_file(
        [
            _stored("[Content_Types].xml", _CONTENT_TYPES),
            _stored("_rels/.rels", _RELS),
            _stored("word/document.xml", document),
        ]
    )


def docx_external_entity(path: str = "/etc/passwd") -> bytes:
    document = (
        b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file://' + path.encode() + b'">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        b"<w:p><w:r><w:t>" + ARABIC.encode() + b" &x;</w:t></w:r></w:p>" + _DOC_TAIL
    )
    return zip_file(
        [
            _stored("[Content_Types].xml", _CONTENT_TYPES),
            _stored("_rels/.rels", _RELS),
            _stored("word/document.xml", document),
        ]
    )


# -- HTML and text ----------------------------------------------------------------------------------------


def html_unclosed_divs(paragraphs: int = 400) -> bytes:
    """A page with ``paragraphs`` paragraphs, each in a ``<div>`` that is never closed (sloppy CMS output):
    nested ``paragraphs`` levels deep."""
    body = "".join(f"<div><p>{ARABIC} ({i + 1})</p>" for i in range(paragraphs))
    head = "<!DOCTYPE html><html><head><meta charset='utf-8'><title>t</title></head>"
    return f"{head}<body>{body}</body></html>".encode()


def html_deep(depth: int = 100_000) -> bytes:
    """An article paragraph, then markup nested ``depth`` levels deep, then another paragraph."""
    before = "".join(f"<p>{ARABIC} ({i})</p>" for i in range(1, 4))
    after = "".join(f"<p>{ARABIC} ({i})</p>" for i in range(4, 7))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><article>"
        f"{before}{'<span>' * depth}x{'</span>' * depth}{after}</article></body></html>"
    ).encode()


# Sequences a terminal acts on: colours (SGR), a hyperlink (OSC 8), a clipboard write (OSC 52), the bell, a
# C1 CSI, a title change, backspace and carriage return (overwriting what was shown).
TERMINAL_ESCAPES = (
    "\x1b[31;1mRED\x1b[0m",
    "\x1b]8;;https://example.com\x1b\\link\x1b]8;;\x1b\\",
    "\x1b]52;c;aGVsbG8=\x07",
    "\x07",
    "\x9b2J",
    "\x1b]0;title\x07",
    "abc\x08\x08\x08XYZ",
    "hidden\rshown",
)


def text_with_escapes() -> bytes:
    return "\n\n".join(f"{ARABIC} {escape} {ARABIC}" for escape in TERMINAL_ESCAPES).encode()


def utf16_without_bom(big_endian: bool = False) -> bytes:
    text = f"{ARABIC}\n\n{ARABIC} 2018.\n"
    return text.encode("utf-16-be" if big_endian else "utf-16-le")


# -- the whole set ------------------------------------------------------------------------------------------


def inputs() -> dict[str, bytes]:
    """Every hostile or odd input by file name, at full size (the sizes the problems were found at)."""
    return {
        "pages.pdf": pdf_pages(20_000),
        "pages-lie.pdf": pdf_pages(1500).replace(b"/Count 1500", b"/Count 1   "),  # offsets unchanged
        "forms.pdf": pdf_nested_forms(12, 10),
        "deep-forms.pdf": pdf_deep_forms(200),
        "flate.pdf": pdf_flate_bomb(400 << 20),
        "operators.pdf": pdf_operators(20_000_000),
        "glyphs.pdf": pdf_long_string(5_000_000),
        "loop.pdf": pdf_page_loop(),
        "javascript.pdf": pdf_javascript(),
        "self-form.pdf": pdf_self_drawing_form(),
        "bomb.docx": docx_bomb(800 << 20),
        "lying.docx": docx_bomb(300 << 20, lie=True),
        "laughs.docx": docx_billion_laughs(),
        "xxe.docx": docx_external_entity(),
        "divs.html": html_unclosed_divs(400),
        "deep.html": html_deep(100_000),
        "escapes.txt": text_with_escapes(),
        "utf16le.txt": utf16_without_bom(),
        "utf16be.txt": utf16_without_bom(big_endian=True),
        "tatweel.txt": "\u0640\u0640\u0640 \u200f\u0640\n".encode(),
        "controls.txt": "\u0640\x1b\x07\u202e \x9b\x7f\x08\u0640\n".encode(),
        "empty.txt": b"",
        "nul.bin": b"\x00\x01\x02binary\x00",
        "invalid.txt": b"abc\xc3\x28\xa0\xa1def",
    }


def write_inputs(folder: Path) -> list[Path]:
    """Write :func:`inputs` into ``folder``, with a sub-folder ``a-folder`` (a directory given as an article)
    and, as root, ``zero``: a character device with /dev/zero's numbers (an endless input)."""
    written = []
    for name, data in inputs().items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    (folder / "a-folder").mkdir(exist_ok=True)
    written.append(folder / "a-folder")
    if os.geteuid() == 0 and not (folder / "zero").exists():
        os.mknod(folder / "zero", 0o444 | stat.S_IFCHR, os.makedev(1, 5))
        written.append(folder / "zero")
    return written
