"""Word files (.docx): the paragraphs of the document body in order, with their kinds from paragraph styles.

- ``title``: paragraphs in the Title, Subtitle or Heading 1-9 styles, a style based on one of them, or with an
  outline level (Word's own test for "is a heading").
- ``byline``: a paragraph in a style whose name says byline or author, or the short paragraph right after the
  opening title that starts like one ("بقلم", "By ...").
- ``body``: everything else, including every paragraph of every table cell, row by row and cell by cell in the
  order the file stores them (the reading order; an RTL table shows its first cell on the right). A merged
  cell counts once. Content controls are read through.
- Empty paragraphs are skipped. Tracked changes read as accepted (insertions in, deletions out).
- Not read: footnotes and endnotes (their reference marks are dropped from the text, so sentences stay whole),
  comments, page headers and footers, text boxes and shapes. They are annotations or page furniture, not
  the article; the CLI user who needs them can save the document as text.

``RawArticle.encoding`` is "utf-8", the XML's. A damaged file raises :class:`InputError` naming the problem.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from align.document import ParagraphKind
from align.errors import InputError
from align.ingest.base import RawArticle, from_paragraphs
from align.ingest.budget import DEFAULT_LIMITS, ReadLimits, check_zip

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_HEADING_STYLE = re.compile(r"(?:heading [1-9]|title|subtitle)", re.I)
_BYLINE_STYLE = re.compile(r"byline|author", re.I)
_BYLINE_START = re.compile(r"(?:بقلم|كتب:|كتبت:|إعداد:|By\s)", re.I)
_BYLINE_MAX = 80  # characters; a longer paragraph after the title is the lead, whatever it starts with
# Elements whose paragraphs are read as if they stood in their parent (content controls, custom XML, tracked
# moves and insertions at block level).
_TRANSPARENT = frozenset(f"{_W}{t}" for t in ("sdt", "sdtContent", "customXml", "ins", "moveTo"))
# Inside a paragraph: subtrees with no text of the paragraph's own (deleted text, text boxes and drawings,
# the fallback copy of alternate content, field instructions, properties).
_NO_TEXT = frozenset(
    [f"{_W}{t}" for t in ("del", "moveFrom", "drawing", "pict", "object", "pPr", "rPr", "instrText")]
    + [f"{_MC}Fallback"]
)
_BREAKS = frozenset(f"{_W}{t}" for t in ("tab", "br", "cr", "ptab"))


def read_docx(data: bytes, source: str, limits: ReadLimits = DEFAULT_LIMITS) -> RawArticle:
    """The paragraphs of a .docx file; raises :class:`InputError` for a damaged or non-Word file, and
    :class:`~align.errors.LimitError` for one that would inflate past ``limits`` (checked from the zip
    directory before anything is inflated)."""
    document = _open(data, source, limits)
    kinds = _style_kinds(document)
    default = document.styles.default(_paragraph_style_type())
    default_kind = kinds.get(default.style_id, "body") if default is not None else "body"
    paragraphs: list[tuple[ParagraphKind, str, int | None]] = []
    for p, in_table in _paragraph_elements(document.element.body):
        text = " ".join(_paragraph_text(p).split())
        if not text:
            continue
        kind: ParagraphKind = "body"
        if not in_table:
            kind = _outline_kind(p) or kinds.get(_style_id(p) or "", default_kind)
            if kind == "body" and _is_byline_after_title(paragraphs, text):
                kind = "byline"
        paragraphs.append((kind, text, None))
    if not paragraphs:
        raise InputError("is empty (the Word document has no text to translate)", path=source)
    return from_paragraphs(paragraphs, data=data, source=source, format="docx", encoding="utf-8")


def _open(data: bytes, source: str, limits: ReadLimits) -> Any:
    """The python-docx Document, or an InputError that says what is wrong with the file."""
    import docx
    from docx.opc.exceptions import OpcError
    from lxml.etree import XMLSyntaxError

    def fail(problem: str) -> InputError:
        return InputError("not a readable Word document: " + " ".join(problem.split()), path=source)

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            # Sizes from the directory: reading a member never yields more than its stated size (a member
            # that inflates to more fails its checksum), so checking them bounds everything read below.
            check_zip(archive.infolist(), limits, source)
            damaged = archive.testzip()
    except (zipfile.BadZipFile, EOFError, zlib.error, OSError) as exc:
        raise fail(f"damaged or truncated zip archive ({exc})") from None
    if damaged is not None:
        raise fail(f"damaged zip archive (bad checksum in {damaged})")
    try:
        return docx.Document(io.BytesIO(data))
    except KeyError as exc:
        missing = re.search(r"no item named '([^']+)'", str(exc))
        part = missing.group(1) if missing else str(exc)
        raise fail(f"{part} is missing from the zip archive") from None
    except XMLSyntaxError as exc:
        raise fail(f"malformed XML ({exc})") from None
    except ValueError as exc:
        content = re.search(r"content type is '([^']+)'", str(exc))
        what = f"its main part is {content.group(1)}" if content else str(exc)
        raise fail(f"not a .docx file ({what})") from None
    except (OpcError, zipfile.BadZipFile, zlib.error) as exc:
        raise fail(f"{type(exc).__name__}: {exc}") from None


def _paragraph_style_type() -> Any:
    from docx.enum.style import WD_STYLE_TYPE

    return WD_STYLE_TYPE.PARAGRAPH


def _style_kinds(document: Any) -> dict[str, ParagraphKind]:
    """Paragraph style id → the kind of its paragraphs, following each style's base styles."""
    paragraph_type = _paragraph_style_type()
    kinds: dict[str, ParagraphKind] = {}
    for style in document.styles:
        if style.type != paragraph_type or style.style_id is None:
            continue
        kind: ParagraphKind = "body"
        current, seen = style, set()
        while current is not None and current.style_id not in seen:
            seen.add(current.style_id)
            name = current.name or ""
            if _HEADING_STYLE.fullmatch(name) or _outline_kind(current.element) == "title":
                kind = "title"
                break
            if _BYLINE_STYLE.search(name):
                kind = "byline"
                break
            current = current.base_style
        kinds[style.style_id] = kind
    return kinds


def _outline_kind(element: _Element) -> ParagraphKind | None:
    """A title for a paragraph or style with an outline level 1-9 (values 0-8; 9 means body text)."""
    level = element.find(f"{_W}pPr/{_W}outlineLvl")
    if level is None:
        return None
    value = level.get(f"{_W}val", "")
    return "title" if value.isdigit() and int(value) < 9 else None


def _style_id(p: _Element) -> str | None:
    style = p.find(f"{_W}pPr/{_W}pStyle")
    return None if style is None else style.get(f"{_W}val")


def _paragraph_elements(container: _Element, in_table: bool = False) -> Iterator[tuple[_Element, bool]]:
    """Every w:p of the body in document order, with whether it stands in a table."""
    for child in container:
        tag = child.tag
        if tag == f"{_W}p":
            yield child, in_table
        elif tag in (f"{_W}tbl", f"{_W}tr", f"{_W}tc"):
            yield from _paragraph_elements(child, True)
        elif tag in _TRANSPARENT:
            yield from _paragraph_elements(child, in_table)


def _paragraph_text(element: _Element) -> str:
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if tag == f"{_W}t":
            parts.append(child.text or "")
        elif tag in _BREAKS:
            parts.append(" ")
        elif tag == f"{_W}noBreakHyphen":
            parts.append("-")
        elif isinstance(tag, str) and tag not in _NO_TEXT:
            parts.append(_paragraph_text(child))
    return "".join(parts)


def _is_byline_after_title(paragraphs: list[tuple[ParagraphKind, str, int | None]], text: str) -> bool:
    return (
        len(paragraphs) == 1
        and paragraphs[0][0] == "title"
        and len(text) <= _BYLINE_MAX
        and _BYLINE_START.match(text) is not None
    )
