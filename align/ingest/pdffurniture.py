"""Page furniture of a PDF: running heads and footers, page numbers, mastheads, copyright and URL bands.

A line is furniture when it sits in the top or bottom margin band of its page, outside the text block, and
either repeats on other pages (numbers aside), or is only a number, or says what furniture says: a page
number ("صفحة ٢ من ٥", "2 / 3", "Page 2 of 3"), a copyright line ("جميع الحقوق محفوظة", ©), a URL or domain,
a date or a time (what Chromium prints in its header and footer bands, what a masthead carries). A line
inside a body column is never removed on that basis: it must be in the band and apart from the body — in
its own type size, or set off from the nearest body line by more than the body's line spacing. Every
removal is returned with its reason, so that the reader can account for every glyph.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from align.ingest.pdflines import BAND, Line

_DIGIT = r"[\d٠-٩۰-۹]"
_DIGITS = re.compile(f"{_DIGIT}+")
_NUMBER_ONLY = re.compile(r"^[\W\d٠-٩۰-۹_]*[\d٠-٩۰-۹]+[\W\d٠-٩۰-۹_]*$")
_PAGE_OF = re.compile(
    rf"^\W*(?:صفحة|الصفحة|ص\.?|page|p\.)\s*{_DIGIT}+(?:\s*(?:من|/|of)\s*{_DIGIT}+)?\W*$", re.IGNORECASE
)
_MONTHS = (
    "يناير|فبراير|مارس|أبريل|إبريل|ابريل|مايو|يونيو|يونيه|يوليو|يوليه|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر"
    "|نوفمبر|ديسمبر|كانون الثاني|كانون الأول|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول"
    "|تشرين الأول|تشرين الثاني"
    "|january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_WEEKDAYS = "السبت|الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة"
# What furniture says, even on a single page.
_FURNITURE = re.compile(
    r"جميع الحقوق محفوظة|حقوق (?:النشر|الطبع) محفوظة|all rights reserved|©|\(c\)|https?://|file://|www\.|"
    r"\b[\w-]+\.(?:com|net|org|info|news|tv|co|uk|ae|sa|eg|qa|jo|lb|ma|dz|tn|iq|sy|kw|bh|om|ye|ps|sd|ly)\b|"
    rf"^\W*{_DIGIT}+\s*(?:/|من|of)\s*{_DIGIT}+\W*$|"
    rf"(?<!{_DIGIT}){_DIGIT}{{1,2}}[:/.\-]{_DIGIT}{{1,2}}[:/.\-]{_DIGIT}{{2,4}}(?!{_DIGIT})|"
    rf"(?<!{_DIGIT}){_DIGIT}{{1,2}}\s*(?:{_MONTHS})،?\s*{_DIGIT}{{4}}(?!{_DIGIT})|"
    rf"(?:{_MONTHS})\s+{_DIGIT}{{1,2}}،?,?\s+{_DIGIT}{{4}}|"
    rf"(?<!{_DIGIT}){_DIGIT}{{1,2}}:{_DIGIT}{{2}}\s*(?:am|pm|ص|م)\b|"
    rf"(?:{_WEEKDAYS})\s*،?\s*{_DIGIT}{{1,2}}",
    re.IGNORECASE,
)
_SHORT_WORDS = 12  # a masthead or site name is short; a body line is not
# A header band holds a date, a title, a URL and a page number: up to 23 words measured (Chromium's, with a
# long headline). A paragraph drawn as one line (wkhtmltopdf's unwrapped text, 47 words) is no band.
_BAND_WORDS = 30


@dataclass(frozen=True)
class Removed:
    line: Line
    kind: str  # "running head", "page number", "furniture"
    reason: str


def find_furniture(pages: Sequence[list[Line]], heights: Sequence[float], body_size: float) -> list[Removed]:
    """The furniture lines of every page (the caller removes them), each with what made it furniture."""
    edges: Counter[str] = Counter()
    candidates = [_edge_lines(lines, height) for lines, height in zip(pages, heights, strict=True)]
    for lines in candidates:
        for key in {_key(line) for line in lines}:
            edges[key] += 1
    repeated = {key for key, n in edges.items() if n >= 2}
    across = _across_page_breaks(candidates, heights)
    removed = []
    for lines, edge, height in zip(pages, candidates, heights, strict=True):
        spacing = _spacing(lines, body_size)
        for line in edge:
            # Visual-order producers (TCPDF, fpdf2 with arabic_reshaper) draw presentation forms: the
            # patterns are matched on the letters they stand for.
            text = unicodedata.normalize("NFKC", line.text)
            apart = _apart(line, lines, body_size, spacing)
            in_band = line.bottom < height * BAND or line.top > height * (1 - BAND)
            if _key(line) in across:
                if line.page == across[_key(line)]:
                    reason = f"drawn again at the top of page {line.page}: a line across the page break"
                    removed.append(Removed(line, "page-break copy", reason))
            elif _key(line) in repeated and (in_band or apart):
                reason = f"repeats at the page edge on {edges[_key(line)]} pages"
                removed.append(Removed(line, "running head", reason))
            elif (in_band or apart) and (_NUMBER_ONLY.match(text) or _PAGE_OF.match(text)):
                removed.append(Removed(line, "page number", "a page number at the page edge"))
            elif in_band and apart and len(text.split()) <= _BAND_WORDS and _FURNITURE.search(text):
                match = _FURNITURE.search(text)
                said = match.group().strip() if match else ""
                removed.append(Removed(line, "furniture", f"margin band saying {said!r}"))
            elif (
                in_band
                and line.band
                and line.size < 0.95 * body_size
                and _outside(line, lines)
                and len(text.split()) <= _SHORT_WORDS
            ):
                # A site name, a section label: smaller than the body, outside the text block. A headline
                # is never smaller than the body.
                removed.append(Removed(line, "furniture", "a short line in small type in the margin band"))
    return removed


def _across_page_breaks(candidates: Sequence[list[Line]], heights: Sequence[float]) -> dict[str, int]:
    """Lines drawn at the bottom of one page and again at the top of the next, and nowhere else at a page
    edge (Qt prints each page through a clip rectangle, so a line crossing the break is drawn on both): the
    line's key and the page of its second copy. A running head repeats at the same edge."""
    seen: dict[str, list[tuple[int, bool]]] = {}
    for lines, height in zip(candidates, heights, strict=True):
        for line in lines:
            seen.setdefault(_key(line), []).append((line.page, line.top < height / 2))
    out = {}
    for key, places in seen.items():
        if len(places) == 2:
            (first, first_top), (second, second_top) = sorted(places)
            if second == first + 1 and not first_top and second_top and len(key.split()) > _SHORT_WORDS // 2:
                out[key] = second
    return out


def _key(line: Line) -> str:
    return _DIGITS.sub("#", line.text)


def _edge_lines(lines: list[Line], height: float) -> list[Line]:
    """Lines in the top or bottom band of the page, or the first or last line if none is there."""
    if not lines:
        return []
    by_top = sorted(lines, key=lambda line: line.top)
    band = [line for line in by_top if line.bottom < height * BAND or line.top > height * (1 - BAND)]
    return list(dict.fromkeys([*band, by_top[0], by_top[-1]]))


def _spacing(lines: list[Line], body_size: float) -> float:
    """The body's line spacing: the commonest distance between consecutive body lines of one column."""
    steps = [
        round(b.baseline - a.baseline, 1)
        for a, b in pairwise(lines)
        if a.column == b.column and not a.band and not b.band and 0 < b.baseline - a.baseline < 3 * body_size
    ]
    return statistics.median(steps) if steps else 1.4 * body_size


def _apart(line: Line, lines: list[Line], body_size: float, spacing: float) -> bool:
    """Set apart from the body: in its own type size, or further from every other line than the body's
    line spacing (a header above the text block, a footer below it)."""
    if line.band or abs(line.size - body_size) > 0.1 * body_size:
        return True
    others = [o for o in lines if o is not line and _overlaps(o, line)]
    if not others:
        return True
    nearest = min(abs(o.baseline - line.baseline) for o in others)
    return nearest > 1.5 * spacing


def _overlaps(a: Line, b: Line) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1


def _outside(line: Line, lines: list[Line]) -> bool:
    """Above or below every other line of the page that shares its horizontal extent."""
    others = [o for o in lines if o is not line and _overlaps(o, line)]
    return all(o.top > line.bottom for o in others) or all(o.bottom < line.top for o in others)
