"""The text of one PDF line from its glyphs: words, diacritics, kashida, reading order.

Words are where a space glyph or a gap separates letters (producers that draw no space glyph leave gaps
whose width the page's own gaps tell apart from the gaps inside words); combining marks go on the letter
they are drawn on; kashida glyphs without Unicode become tatweel; the whole is put into reading order by
the Unicode Bidirectional Algorithm (``bidi``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise

from align.ingest.bidi import bidi_class, visual_to_logical
from align.ingest.glyph import Glyph
from align.ingest.pdfchars import CID_BASE
from align.ingest.tcpdfbidi import number_doubts as tcpdf_number_doubts
from align.ingest.tcpdfbidi import readings as tcpdf_readings
from align.text import ARABIC_LETTER, ARABIC_NON_JOINING_AFTER

TATWEEL = "\u0640"
_NON_JOINING_AFTER = re.compile(f"[{ARABIC_NON_JOINING_AFTER}]")
DEFAULT_WORD_GAP = 0.135  # ems, between letters drawn without a space glyph: see word_gap


@dataclass
class LineText:
    glyphs: list[Glyph]  # letters and marks (spaces are not kept)
    units: list[str]  # glyph texts in reading order, " " between words
    visual: list[str]  # the same, left to right as drawn
    words: list[tuple[float, float]]  # word extents, left to right
    rtl: bool  # the paragraph direction the line was read with
    # The reading in the other direction, when the line draws the same both ways and its punctuation does
    # not decide (the paragraph's words do: ``wordpairs``).
    alternative: list[str] | None = None
    notes: tuple[str, ...] = ()  # what in its reading is uncertain (``Line.notes``)


def line_text(
    glyphs: list[Glyph], body_size: float, rtl: bool, word_gap: float, *, engine: str = "uba"
) -> LineText | None:
    """Glyphs of one line, left to right on the page, as units in reading order with word spaces.
    ``engine``: the bidirectional algorithm the producer ordered the line by ("uba", or "tcpdf": see
    ``tcpdfbidi``)."""
    # Glyphs that share a position (a lam-alef drawn as two codes at one x) read in reverse stream order.
    ordered = sorted(glyphs, key=lambda g: ((g.x0 + g.x1) / 2, -g.order))
    bases = [g for g in ordered if not g.space and not is_mark(g)]
    marks = [g for g in ordered if is_mark(g)]
    if not bases:
        if not marks:
            return None
        bases, marks = marks, []  # marks with no letter to sit on stay, as text of their own
    spaces = [g for g in ordered if g.space]
    _kashida_to_tatweel(bases, spaces, marks)
    units: list[str] = []
    words: list[tuple[float, float]] = []
    start = 0
    loose = 0.18 if spaces else word_gap
    # Some producers (TCPDF) give each diacritic an advance of its own, drawn between two letters: the gap
    # it leaves is the mark's, not a word space.
    spacing = [m for m in marks if m.x1 - m.x0 > 0.2 * (m.size or body_size)]
    for i, glyph in enumerate(bases):
        if i and _word_break(_across_marks(bases[i - 1], glyph, spacing), glyph, spaces, body_size, loose):
            units.append(" ")
            words.append((bases[start].x0, bases[i - 1].x1))
            start = i
        units.append(glyph.text)
    words.append((bases[start].x0, bases[-1].x1))
    for mark, base in _attach_marks(bases, marks, tcpdf=engine == "tcpdf"):
        position = _unit_index(units, base)
        units[position] = _with_mark(units[position], mark, bases[base])
    if engine == "tcpdf":
        found = tcpdf_readings(units, rtl=rtl)
        if found:
            # TCPDF sets each line by its first strong letter: a line that draws both ways is read in the
            # article's direction unless that strands its punctuation.
            stranded = [_stranded("".join(reading)) for reading in found]
            other = found[1] if len(found) > 1 and stranded[0] == stranded[1] else None
            doubt = tuple(
                f"TCPDF draws {a!r} and {b!r} alike at the start of a line: read as {a!r}"
                for a, b in tcpdf_number_doubts(units, rtl=rtl)
            )
            if len(found) > 1 and stranded[1] < stranded[0]:
                # The other reading stays a rival that the article's word pairs may prefer (a pull-quote
                # whose text the body repeats: ``pdf._choose_readings``).
                return LineText([*bases, *marks], found[1], units, words, not rtl, found[0], doubt)
            return LineText([*bases, *marks], found[0], units, words, rtl, other, doubt)
    # The article's direction rules every line, even one without a right-to-left letter ("weather.com.").
    logical = visual_to_logical(units, rtl=rtl)
    if rtl:
        logical = _closing_mark_of_latin_run(logical)
    line_rtl = rtl
    if rtl and _starts_left_to_right(units):
        # Producers that run the algorithm line by line with the direction of each line's first letter
        # (python-bidi's default) set a line that begins with a Latin word left to right. Such a line, read
        # right to left, strands its punctuation in front of words ('قد" :FEMAIL').
        ltr = visual_to_logical(units, rtl=False)
        if _stranded("".join(ltr)) < _stranded("".join(logical)):
            logical, line_rtl = ltr, False
    return LineText([*bases, *marks], logical, units, words, line_rtl)


_STRANDED = re.compile(r"(?:^|\s)[:;؛،,.!?؟](?=\w)|(?<=\w)[“«(](?=\s|$)")


def _stranded(text: str) -> int:
    """Punctuation that sits against the wrong word: before a word it should follow, or an opening quote
    or bracket after a word it should precede."""
    return len(_STRANDED.findall(text))


_CLOSING_MARKS = frozenset(".,:;!?")


def _closing_mark_of_latin_run(units: list[str]) -> list[str]:
    """A full stop or comma drawn at the right end of a Latin run in a right-to-left line, between it and
    the Arabic before it, was set inside the run's left-to-right span (TeX's \\foreignlanguage, an HTML
    span, a word processor's run): the run's own closing mark. The algorithm reads it before the run
    (".weather.com"); it is put back after it ("weather.com.")."""
    out = list(units)
    for i, unit in enumerate(out):
        if (
            unit not in _CLOSING_MARKS
            or i < 2
            or out[i - 1] != " "
            or bidi_class(out[i - 2]) not in ("R", "AL")
        ):
            continue
        if i + 2 >= len(out) or not all(u.isascii() and u.isalpha() for u in out[i + 1 : i + 3]):
            continue
        end = i + 1
        while end < len(out) and bidi_class(out[end]) not in ("R", "AL"):
            end += 1
        while out[end - 1] == " ":
            end -= 1
        out[i:end] = [*out[i + 1 : end], unit]
    return out


def _starts_left_to_right(units: list[str]) -> bool:
    """The leftmost strong unit of a drawn line is left-to-right."""
    for unit in units:
        cls = bidi_class(unit)
        if cls == "L":
            return True
        if cls in ("R", "AL"):
            return False
    return False


def word_gap(rows: list[list[Glyph]]) -> float:
    """The gap (in ems) above which letters drawn without a space glyph between them belong to two words.

    Producers that draw no space glyphs (TeX) leave word spaces as gaps, tight ones in justified lines; the
    letters of one word touch (their boxes are their advance widths) or stand a font-given little apart
    after a letter that does not join. The page's gaps show both groups: the threshold is the middle of
    the widest empty stretch between them."""
    counts: Counter[int] = Counter()
    for row in rows:
        if any(g.space for g in row):
            continue
        letters = sorted((g for g in row if not is_mark(g)), key=lambda g: g.x0)
        for a, b in pairwise(letters):
            if a.size > 0 and b.x0 > a.x1:
                counts[int((b.x0 - a.x1) / a.size * 100)] += 1
    low, high = 5, 25  # hundredths of an em
    best = (0, DEFAULT_WORD_GAP)
    run = 0
    for cent in range(low, high + 1):
        run = run + 1 if counts[cent] == 0 else 0
        if run > best[0]:
            best = (run, (cent - run / 2 + 0.5) / 100)
    return best[1] if best[0] >= 2 else DEFAULT_WORD_GAP


def _word_break(left: Glyph, right: Glyph, spaces: list[Glyph], body_size: float, loose: float) -> bool:
    """A space glyph drawn between two letters, or a gap wider than a fraction of the type size (Arabic
    letters touch or overlap)."""
    gap = right.x0 - left.x1
    # A space glyph counts where it is drawn between the two letters' middles. (The no-break space XeTeX's
    # polyglossia draws under the full stop of a number it cuts is gone by now: ``xetexnumbers``.)
    low, high = (left.x0 + left.x1) / 2, (right.x0 + right.x1) / 2
    spaced = gap > -0.05 * right.size and any(low < (s.x0 + s.x1) / 2 < high for s in spaces)
    other = right.text if left.text == TATWEEL else left.text if right.text == TATWEEL else None
    if other is not None and (not other or ARABIC_LETTER.match(other)):
        return spaced  # kashida glyphs are set loosely against the letters they stretch
    # Against a digit or a Latin letter a kashida stretches nothing: "بالـ 22" is two words.
    if _numeric(left.text) and _numeric(right.text) and not (left.text.isdigit() and right.text.isdigit()):
        # The separators between digits ("7.5", "25,2") keep their side bearings; two digits touch, and
        # groups set apart by a word space ("0800 555 111") are words like any others.
        return spaced or gap > 0.3 * min(right.size, left.size or body_size)
    return spaced or gap > loose * min(right.size, left.size or body_size)


def _across_marks(left: Glyph, right: Glyph, spacing: list[Glyph]) -> Glyph:
    """``left``, extended over the marks with an advance drawn in the gap after it (touching it, one after
    the other), so that the gap to ``right`` is what is left between them."""
    end = left.x1
    for mark in sorted(
        (m for m in spacing if left.x1 - 0.5 <= m.x0 and m.x1 <= right.x0 + 0.5), key=lambda m: m.x0
    ):
        if mark.x0 > end + 0.5:
            break
        end = max(end, mark.x1)
    return left if end == left.x1 else replace(left, x1=end)


def _numeric(text: str) -> bool:
    return bool(text) and all(ch.isdigit() or ch in ".,:/٫٬-" for ch in text)


def _attach_marks(bases: list[Glyph], marks: list[Glyph], *, tcpdf: bool = False) -> list[tuple[Glyph, int]]:
    """The letter each diacritic belongs to. The content stream says it where it draws a mark next to its
    letter: producers that write glyphs in visual order put a mark just before its letter, those that write
    logical order just after it. Where the stream's neighbour is not where the mark is drawn (the stream is
    in another order), geometry decides: the letter whose box holds the mark's centre, else the nearest."""
    if not marks:
        return []
    stream = sorted(bases + marks, key=lambda g: g.order)
    where = {id(g): i for i, g in enumerate(stream)}
    index = {id(g): i for i, g in enumerate(bases)}
    visual = _stream_is_visual(bases)
    out = []
    for mark in marks:
        centre = (mark.x0 + mark.x1) / 2
        at = where[id(mark)]
        neighbours = stream[at + 1 :] if visual else stream[:at][::-1]
        base = next((g for g in neighbours if not is_mark(g)), None)
        before = stream[at - 1] if tcpdf and visual and at else None
        if before is not None and _lam_alef_parts(before.text) is not None and _on_lam_end(mark, before):
            # TCPDF writes a mark on the lam of a lam-alef ligature ("قائلًا") after the ligature, at its
            # right (the lam's) end: the ligature, not the next letter, is its base. (python-bidi's visual
            # strings put a mark on the letter before a ligature, "قائًلا", in the same place.)
            base = before
        # Marks drawn with an advance of their own stand side by side before their letter (TCPDF's "يًّ"):
        # the letter is as far away as the marks between them are wide.
        reach = 0.5 * base.size if base is not None else 0.0
        for other in neighbours:
            if not is_mark(other):
                break
            reach += max(0.0, other.x1 - other.x0)
        if base is None or not base.x0 - reach <= centre <= base.x1 + reach:
            holding = [b for b in bases if b.x0 <= centre <= b.x1]
            base = (
                holding[0] if len(holding) == 1 else min(bases, key=lambda g: abs((g.x0 + g.x1) / 2 - centre))
            )
        out.append((mark, index[id(base)]))
    # Marks side by side before their letter read from the letter outwards ("ي" + "ّ" + "ً", drawn "ًّي").
    centres = {i: (b.x0 + b.x1) / 2 for i, b in enumerate(bases)}
    wide = {id(m) for m in marks if m.x1 - m.x0 > 0.2 * (m.size or 1.0)}
    return sorted(
        out,
        key=lambda pair: (
            pair[1],
            abs((pair[0].x0 + pair[0].x1) / 2 - centres[pair[1]]) if id(pair[0]) in wide else 0.0,
        ),
    )


def _stream_is_visual(bases: list[Glyph]) -> bool:
    """Whether the content stream draws this line's Arabic letters left to right (visual order)."""
    arabic = sorted((g for g in bases if bidi_class(g.text) == "AL"), key=lambda g: g.order)
    rising = sum(b.x0 > a.x0 for a, b in pairwise(arabic))
    return rising >= (len(arabic) - 1) / 2


def _kashida_to_tatweel(bases: list[Glyph], spaces: list[Glyph], marks: list[Glyph]) -> None:
    """An unmapped glyph drawn between two touching Arabic letters is justification (kashida): tatweel.

    Where the line draws its word spaces as glyphs, a gap is never a word space, and kashida glyphs may sit
    loosely (LibreOffice sets them up to a third of an em off); where it does not (TeX), the glyph must
    touch both letters, or a quote mark between two words would be taken for one."""
    for i, glyph in enumerate(bases):
        if not (ord(glyph.text[0]) >= CID_BASE and 0 < i < len(bases) - 1):
            continue
        left, right = bases[i - 1], bases[i + 1]
        neighbours = [g for g in (left, right) if ord(g.text[0]) < CID_BASE or g.text == TATWEEL]
        near = (0.4 if spaces else 0.08) * glyph.size  # a side bearing, not a word space
        touching = glyph.x0 - left.x1 < near and right.x0 - glyph.x1 < near
        # A space glyph drawn between it and a neighbour: it ends or starts a word, it does not stretch one.
        apart = any(left.x1 - 0.01 < (s.x0 + s.x1) / 2 < right.x0 + 0.01 for s in spaces)
        # A diacritic drawn over it: a letter (a yeh with hamza under its tanwin), never a stretch.
        inset = 0.15 * (glyph.x1 - glyph.x0)
        apart = apart or any(glyph.x0 + inset < (m.x0 + m.x1) / 2 < glyph.x1 - inset for m in marks)
        # The letter before it in reading order (on its right) must join the next letter, or nothing
        # could stretch between them: after ر or و it is a letter without Unicode (an alef with hamza).
        joins = not _NON_JOINING_AFTER.fullmatch(right.text[-1])
        # Where the font program shows the glyph, a kashida is a flat stroke; a letter stands taller (a
        # medial heh of Amiri that wkhtmltopdf's subset leaves unnamed).
        if (
            glyph.flat is not False
            and touching
            and joins
            and not apart
            and all(bidi_class(g.text) == "AL" for g in neighbours)
            and neighbours
        ):
            glyph.text = TATWEEL


# A lam-alef ligature's glyph and the alef it ends in (the ligature's presentation forms and the two letters).
_LAM_ALEF = {
    "\ufefb": "ا", "\ufefc": "ا", "\ufef7": "أ", "\ufef8": "أ", "\ufef9": "إ", "\ufefa": "إ",
    "\ufef5": "آ", "\ufef6": "آ", "لا": "ا", "لأ": "أ", "لإ": "إ", "لآ": "آ",
}  # fmt: skip
_ON_LAM = 0.25  # a mark drawn this far into a lam-alef from its left end sits on the lam


def _with_mark(unit: str, mark: Glyph, base: Glyph) -> str:
    """``unit`` (the text of ``base``) with ``mark`` after the letter it is drawn on. A lam-alef ligature is
    one glyph for two letters: the fonts anchor a mark on its alef near the ligature's left end and one on
    its lam further in (measured, as a share of the glyph's width from its left: Noto Sans Arabic -0.07 and
    0.43, DejaVu Sans -0.30 and 0.29, Noto Kufi Arabic 0.20 and 0.74), so ``قائلًا`` and ``قائلاً`` both come
    back as typed."""
    width = base.x1 - base.x0
    parts = _lam_alef_parts(unit)
    if parts is None or width <= 0 or ((mark.x0 + mark.x1) / 2 - base.x0) / width < _ON_LAM:
        return unit + mark.text
    on_lam, alef, on_alef = parts
    return "ل" + on_lam + mark.text + alef + on_alef


def _on_lam_end(mark: Glyph, ligature: Glyph) -> bool:
    """A mark drawn without width at the right end of a right-to-left lam-alef ligature: on its lam."""
    return mark.x1 - mark.x0 < 0.05 * (mark.size or 1.0) and abs(mark.x0 - ligature.x1) < 0.1 * ligature.size


def _lam_alef_parts(unit: str) -> tuple[str, str, str] | None:
    """(marks on the lam, the alef, marks on the alef) of a lam-alef unit, else None. Marks read after a
    ligature glyph so far were drawn on its alef."""
    letters = "".join(ch for ch in unit if unicodedata.category(ch) != "Mn")
    alef = _LAM_ALEF.get(letters)
    if alef is None:
        return None
    if len(letters) == 1:  # the ligature glyph itself
        return "", alef, unit[1:]
    split = unit.index(letters[1], 1)
    return unit[1:split], alef, unit[split + 1 :]


def _unit_index(units: list[str], index: int) -> int:
    seen = -1
    for position, unit in enumerate(units):
        if unit != " ":
            seen += 1
            if seen == index:
                return position
    return len(units) - 1


def is_mark(glyph: Glyph) -> bool:
    """A combining mark, or an unmapped glyph drawn with no advance width (a diacritic without Unicode)."""
    text = glyph.text
    if not text or glyph.space:
        return False
    if all(unicodedata.combining(ch) for ch in text):
        return True
    return ord(text[0]) >= CID_BASE and glyph.x1 - glyph.x0 < 0.05 * glyph.size
