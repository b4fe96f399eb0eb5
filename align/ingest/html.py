"""Saved web pages: the article's headline, byline and paragraphs, without the page around them.

Main-content extraction is trafilatura's (precision mode, comments off): menus, headers, footers, sidebars,
related-article lists, comments, scripts and cookie banners do not come through. Kinds: the headline and
subheadings inside the article are ``title``; the byline is ``byline`` (the page's byline line when byline
markup holds the author trafilatura finds, else that author's name, e.g. from ``<meta name="author">``);
paragraphs, list items, block quotes and table cells are ``body``, one paragraph each, in page order.

Decoding follows the page: a byte-order mark, else the charset the page declares (``<meta charset>``,
``<meta http-equiv="Content-Type">`` or an XML declaration, labels mapped as browsers do), else UTF-8, else
Windows-1256 (what an undeclared Arabic page almost always is). A declared legacy charset is overruled only by
bytes that are valid UTF-8 and not plain ASCII (a page re-saved as UTF-8 whose meta tag was not updated); a
page declared or taken as UTF-8 that is mostly not UTF-8 is read as Windows-1256. Bytes the chosen encoding
cannot decode become U+FFFD rather than an error. ``RawArticle.encoding`` is the Python codec used
("utf-8", "cp1256", "iso8859-6", ...).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from align.document import ParagraphKind
from align.errors import InputError
from align.ingest.base import RawArticle, from_paragraphs

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["declared_charset", "decode_html", "read_html"]

NO_ARTICLE = "no article text found in this HTML page"
# libxml2's HTML parser silently drops everything nested deeper than 256 elements (2048 with its "huge"
# option, used here); a page nested deeper than that is refused rather than read in part.
MAX_DEPTH = 2048
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# Where a page declares its charset: browsers look in the first 1024 bytes; saved pages with long heads get
# more room here.
_PRESCAN = 8192
_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?\bencoding\s*=\s*["']\s*([A-Za-z0-9._:-]+)""", re.I)
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_XML_DECLARATION_TEXT = re.compile(r"^\s*<\?xml[^>]*\?>")
# Labels the HTML standard maps to another encoding (https://encoding.spec.whatwg.org/#names-and-labels).
_WHATWG = {"iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254", "iso8859-11": "cp874"}
_UNDECLARED_LEGACY = "cp1256"
# Invalid UTF-8 with at most this share of replacement characters among its non-ASCII ones is UTF-8 with
# stray bytes; more, and it is a legacy code page (Arabic in Windows-1256 is nearly all invalid UTF-8).
_STRAY_BYTES = 0.05
# Trafilatura's element names → what a paragraph of that element is.
_BLOCKS: dict[str, ParagraphKind] = {"head": "title", "p": "body", "quote": "body", "code": "body"}
_CONTAINERS = frozenset({"list", "item", "table", "row", "cell", "div", "body", "quote"})
_SKIP = frozenset({"graphic", "comments", "fw", "note"})
_BYLINE_SLACK = 40  # a line this much longer than the author's name is not the byline
# Byline markup on the page (outside the comments, whose authors are readers).
_BYLINE_XPATH = (
    "//body//*[contains(@class, 'byline') or contains(@class, 'author') or contains(@id, 'byline')"
    " or contains(@id, 'author') or @rel='author' or @itemprop='author']"
    "[not(ancestor-or-self::*[contains(@class, 'comment') or contains(@id, 'comment')])]"
)


def read_html(data: bytes, source: str) -> RawArticle:
    """The article of a saved web page; raises :class:`InputError` when the page has no article text."""
    text, encoding = decode_html(data)
    paragraphs = extract_paragraphs(text, source)
    if not any(kind == "body" for kind, _ in paragraphs):
        raise InputError(NO_ARTICLE, path=source)
    return from_paragraphs(
        ((kind, line, None) for kind, line in paragraphs),
        data=data,
        source=source,
        format="html",
        encoding=encoding,
    )


def decode_html(data: bytes) -> tuple[str, str]:
    """The page as text, and the Python codec that decoded it."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strip_declaration(data.decode(encoding, errors="replace")), encoding
    declared = declared_charset(data)
    try:
        utf8: str | None = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if declared is not None and declared != "utf-8":
        if utf8 is not None and not utf8.isascii():
            return _strip_declaration(utf8), "utf-8"  # re-saved as UTF-8, meta tag left as it was
        return _strip_declaration(data.decode(declared, errors="replace")), declared
    if utf8 is not None:
        return _strip_declaration(utf8), "utf-8"
    lenient = data.decode("utf-8", errors="replace")
    if lenient.count("\ufffd") <= _STRAY_BYTES * sum(not c.isascii() for c in lenient):
        return _strip_declaration(lenient), "utf-8"  # UTF-8 with a few stray bytes
    return _strip_declaration(data.decode(_UNDECLARED_LEGACY, errors="replace")), _UNDECLARED_LEGACY


def declared_charset(data: bytes) -> str | None:
    """The Python codec of the charset the page declares in its first bytes, or None."""
    head = data[:_PRESCAN]
    match = _XML_DECLARATION.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
        b"abcd".decode(name, errors="replace")  # LookupError for codecs of no text ("base64", "hex")
    except LookupError:
        return None
    if name.startswith(("utf-8", "utf-16", "utf-32")):
        return "utf-8"  # a page that can declare itself in ASCII is not UTF-16 (the HTML standard's rule)
    return _WHATWG.get(name, name)


def extract_paragraphs(text: str, source: str) -> list[tuple[ParagraphKind, str]]:
    """(kind, text) of each paragraph of the page's main article, in order; empty when it has none."""
    import trafilatura
    from lxml.etree import LxmlError

    try:
        document = trafilatura.bare_extraction(
            _parse(text, source),
            favor_precision=True,  # recall mode lets a page of menus through as "the article"
            include_comments=False,
            include_tables=True,
            include_formatting=True,  # keeps <head> (headings) apart from <p>
            include_images=False,
            include_links=False,
            with_metadata=True,
        )
    except (LxmlError, ValueError, RecursionError) as exc:
        raise InputError(f"cannot parse this HTML page ({type(exc).__name__}: {exc})", path=source) from None
    if document is None or isinstance(document, dict) or document.body is None:
        return []
    paragraphs = [
        (kind, line)
        for child in document.body
        if isinstance(child.tag, str) and child.tag not in _SKIP
        for kind, line in _blocks(child)
        if line
    ]
    author = _clean(document.author)
    if author:
        author = _visible_byline(text, author) or author
    return _add_title_and_byline(paragraphs, _clean(document.title), author)


def _parse(text: str, source: str) -> Any:
    """The page's tree, parsed as trafilatura parses it but without the default depth cut: sloppy markup
    (hundreds of unclosed <div>s) nests deep, and libxml2's default limit would lose the rest of the article
    without a word."""
    import lxml.html
    from trafilatura.utils import repair_faulty_html

    parser = lxml.html.HTMLParser(
        collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True, huge_tree=True
    )
    tree = lxml.html.fromstring(repair_faulty_html(text, text[:50].lower()), parser=parser)
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise InputError(
            f"is nested more than {MAX_DEPTH} elements deep, more than the HTML parser can read; the"
            " article would be read only in part (save the page again, or as text)",
            path=source,
        )
    return tree


def _blocks(element: _Element) -> Iterator[tuple[ParagraphKind, str]]:
    """Paragraphs of trafilatura's output tree: one per <head>, <p>, list item, quote and table cell.

    An element with only inline content (text, <hi>, <ref>, <lb>) is one paragraph; an element holding blocks
    (a list, a table, a quote of paragraphs) gives its blocks in order, and its loose text between them.
    """
    kind = _BLOCKS.get(str(element.tag), "body")
    if not any(_is_block(child) for child in element):
        yield kind, _text(element)
        return
    loose = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str):  # a comment or processing instruction
            loose.append(child.tail or "")
        elif _is_block(child):
            yield kind, _clean("".join(loose))
            if child.tag not in _SKIP:
                yield from _blocks(child)
            loose = [child.tail or ""]
        else:
            loose += [" " if child.tag == "lb" else _raw_text(child), child.tail or ""]
    yield kind, _clean("".join(loose))


def _is_block(element: _Element) -> bool:
    return element.tag in _BLOCKS or element.tag in _CONTAINERS or element.tag in _SKIP


def _text(element: _Element) -> str:
    """Text of an element and its descendants; a line break inside a paragraph is a space."""
    return _clean(_raw_text(element))


def _raw_text(element: _Element) -> str:
    if not isinstance(element.tag, str):
        return ""  # a comment or processing instruction: not page text
    parts: list[str] = [element.text or ""]
    for child in element:
        parts.append(" " if child.tag == "lb" else _raw_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _add_title_and_byline(
    paragraphs: list[tuple[ParagraphKind, str]], title: str, author: str
) -> list[tuple[ParagraphKind, str]]:
    """Put the headline first (the page's own when the article starts with one, else the metadata title)
    and the byline after it (a body paragraph naming the author becomes the byline)."""
    if not any(kind == "body" for kind, _ in paragraphs):
        return paragraphs
    headline = next(
        (i for i, (kind, line) in enumerate(paragraphs) if kind == "title" and line == title), None
    )
    if headline is None and paragraphs[0][0] == "title":
        headline = 0
    if headline is None and title:
        paragraphs.insert(0, ("title", title))
        headline = 0
    if not author:
        return paragraphs
    after = 0 if headline is None else headline + 1
    for index in range(after, min(after + 3, len(paragraphs))):
        kind, line = paragraphs[index]
        if kind == "body" and author in line and len(line) <= len(author) + _BYLINE_SLACK:
            paragraphs[index] = ("byline", line)
            return paragraphs
    paragraphs.insert(after, ("byline", author))
    return paragraphs


def _visible_byline(page: str, author: str) -> str | None:
    """The page's own byline line ("بقلم: ...", "By ...") naming ``author``, when byline markup has one.

    trafilatura's author is a name taken from a meta tag or from the byline with its punctuation changed;
    what the reader sees on the page is the better paragraph to translate.
    """
    import lxml.html
    from lxml.etree import LxmlError

    try:
        tree = lxml.html.document_fromstring(page)
    except (LxmlError, ValueError):
        return None
    name = _letters(author)
    for element in tree.xpath(_BYLINE_XPATH):
        line = _clean(element.text_content())
        if name in _letters(line) and len(line) <= len(author) + _BYLINE_SLACK:
            return line
    return None


def _letters(text: str) -> str:
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def _strip_declaration(text: str) -> str:
    # lxml refuses a str that still carries an XML encoding declaration.
    return _XML_DECLARATION_TEXT.sub("", text.removeprefix("\ufeff"), count=1)
