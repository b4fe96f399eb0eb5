"""What the PDF reader takes from a file's objects besides its pages' glyphs: the producer's name (which
says whose bidirectional algorithm ordered the lines), the page count the page tree declares (checked
against the reading limits before any page is read), and each Type0 font's CIDToGIDMap stream (kept on the
font for ``fontglyphs``)."""

from __future__ import annotations

from typing import Any


def producer_name(document: Any) -> str:
    """The Producer entry of the document information dictionary, as text."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    for info in getattr(document, "info", None) or []:
        value = resolve1(info.get("Producer")) if isinstance(info, dict) else None
        if isinstance(value, bytes):
            return decode_text(value)[:200]
        if isinstance(value, str):
            return value[:200]
    return ""


_MAX_GID_MAP = 2 * 65536  # bytes: two per CID, every CID a font can have


def resources_class() -> Any:
    """pdfminer's resource manager, keeping each Type0 font's CIDToGIDMap stream on the font
    (``cid_to_gid``: producers that number their subset's glyphs apart from the CIDs, fpdf2 among them)."""
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdftypes import PDFStream, dict_value, list_value, resolve1

    class Resources(PDFResourceManager):
        def get_font(self, objid: object, spec: Any) -> Any:
            # A Type0 font is made from its descendant's spec, which holds the map.
            font = super().get_font(objid, spec)
            if getattr(font, "cid_to_gid", b""):
                return font
            gids = b""
            try:
                descendants = list_value(spec.get("DescendantFonts", []))
                holder = dict_value(descendants[0]) if descendants else spec
                mapping = resolve1(holder.get("CIDToGIDMap"))
                if (
                    isinstance(mapping, PDFStream)
                    and int(resolve1(mapping.attrs.get("Length", 0))) <= _MAX_GID_MAP
                ):
                    gids = mapping.get_data()[:_MAX_GID_MAP]
            except (TypeError, ValueError, KeyError, IndexError, AttributeError):
                gids = b""
            setattr(font, "cid_to_gid", gids)  # noqa: B010 (pdfminer fonts have no such field)
            return font

    return Resources


def declared_pages(document: Any) -> object:
    """The page count the page tree states (it can lie: pages are counted while read too)."""
    from pdfminer.pdftypes import resolve1

    try:
        return resolve1(resolve1(document.catalog["Pages"])["Count"])
    except Exception:  # no page tree, or a damaged one: the reader finds out
        return None
