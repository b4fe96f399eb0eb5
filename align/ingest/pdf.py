"""PDF articles read from glyph positions: right-to-left lines in reading order, columns, no page furniture.

Text extractors that emit glyphs in content-stream or left-to-right order are what damaged the sample
article (reversed runs, years turned around). Here every glyph's position is used (``pdflines``): glyphs
are grouped into lines by baseline and into columns by the page's vertical gutters; each line is put into
reading order by the Unicode Bidirectional Algorithm (``bidi``); columns are read right to left; running
heads, page numbers and other margin-band furniture are dropped (``pdffurniture``); paragraphs are found
from indentation, short last lines and vertical gaps, and continue across columns and pages when the text
runs on. Nothing is lost silently: every character drawn on a page ends up in the text or in a reported
removal, and the counts per page travel with the article (``RawArticle.ingest``). Everything else
(tatweel, Private-Use glyphs, ...) is left to the repair stage.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from align.document import Flag, IngestReport, PageAccount, ParagraphKind, Removal
from align.ingest import xetexnumbers
from align.ingest.base import RawArticle, from_paragraphs
from align.ingest.bidi import edge_types, is_rtl_line, mirrored_pairs, visual_to_logical
from align.ingest.budget import DEFAULT_LIMITS, ReadLimits
from align.ingest.glyph import Glyph
from align.ingest.pdfchars import MISSING, read_glyphs
from align.ingest.pdffurniture import find_furniture
from align.ingest.pdflines import Line, chars, column_layout, page_lines, page_rows, share_gutters, unmirror
from align.ingest.pdfwrap import SENTENCE_END, regroup, wrapped_in_visual_order
from align.ingest.wordpairs import best_reading, pairs
from align.text import ARABIC_MARKS, TATWEEL, broken_at_hyphen

_WORD = re.compile(r"[\u0621-\u063f\u0641-\u064a]+|[A-Za-z]+|\d+")  # letters only: no tatweel or marks
_LATIN_WORD = r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f0-9'’.\-]*"
_LATIN_TAIL = re.compile(rf"(?<![A-Za-z\u00c0-\u024f0-9'’.\-]){_LATIN_WORD}(?: {_LATIN_WORD})*$")
_LATIN_HEAD = re.compile(rf"{_LATIN_WORD}(?: {_LATIN_WORD})*")
_OPENERS = ("(", "[", "{", "«")
_CLOSERS = (")", "]", "}", "»")
PULLQUOTE_SHARE = 0.6  # share of a large-type block's word triples that must repeat in the body
TITLE_MAX_WORDS = 30
# A large-type block of three words or fewer repeats the body only when this many letters of it do: a
# short heading may well repeat a phrase of the body.
PULLQUOTE_MIN_LETTERS = 30


@dataclass
class Paragraph:
    lines: list[Line] = field(default_factory=list)
    kind: ParagraphKind = "body"
    wrapped: bool = False  # wrapped in visual order by its producer: its lines were read bottom to top


def read_pdf(data: bytes, source: str, limits: ReadLimits = DEFAULT_LIMITS) -> RawArticle:
    pages, heights, fonts, producer, edges = read_glyphs(data, source, limits)
    if xetexnumbers.applies(producer):  # polyglossia draws "7.55" as "55.7" (``xetexnumbers``)
        for glyphs in pages:
            xetexnumbers.join_split_numbers(glyphs)
    body_size = _body_size(pages)
    rtl = is_rtl_line([g.text for page in pages for g in page])
    rows = [page_rows(glyphs, height, body_size) for glyphs, height in zip(pages, heights, strict=True)]
    share_gutters(rows)
    # TCPDF orders lines by its own bidirectional algorithm, which is not the Unicode one (``tcpdfbidi``).
    engine = "tcpdf" if producer.startswith("TCPDF") else "uba"
    lines_per_page = [
        page_lines(page, number, body_size, rtl, engine=engine) for number, page in enumerate(rows, 1)
    ]
    for page_lines_, (left, right) in zip(lines_per_page, edges, strict=True):
        for line in page_lines_:
            # A glyph wholly off the page, not one whose outline spills over the edge.
            if any(g.x0 >= right or g.x1 <= left for g in line.glyphs if not g.space):
                line.notes.append(PAST_THE_EDGE)
    removals: list[Removal] = []
    for removed in find_furniture(lines_per_page, heights, body_size):
        lines_per_page[removed.line.page - 1].remove(removed.line)
        removals.append(Removal(removed.line.page, removed.kind, removed.line.text, removed.reason))
    removals.extend(_rotated(pages))
    paragraphs: list[Paragraph] = []
    for page_lines_ in lines_per_page:
        _paragraphs(page_lines_, body_size, paragraphs)
    drawn = [line for paragraph in paragraphs for line in paragraph.lines]
    if wrapped_in_visual_order(drawn, body_size):
        paragraphs = [Paragraph(group, wrapped=True) for group in regroup(drawn, body_size)]
    _choose_readings(paragraphs)
    if engine == "uba":  # TCPDF resolves no neutral from its neighbours, across lines or within them
        for paragraph in paragraphs:
            _read_in_context(paragraph.lines, rtl)
    # Brackets and guillemets that close before they open: the producer drew mirrored glyph shapes.
    pairs = mirrored_pairs([_join(paragraph.lines, paragraph.wrapped) for paragraph in paragraphs])
    mirrored = "".join(kind for kind, (right, wrong) in pairs.items() if wrong > right)
    if mirrored:
        unmirror([line for paragraph in paragraphs for line in paragraph.lines], mirrored)
    _mark_kinds(paragraphs, body_size)
    joined = [(p, _join(p.lines, p.wrapped)) for p in paragraphs]
    return from_paragraphs(
        ((p.kind, text, p.lines[0].page, _flags(p, text, engine)) for p, text in joined),
        data=data,
        source=source,
        format="pdf",
        encoding="pdf",
        ingest=_account(pages, paragraphs, removals, fonts),
    )


def _flags(paragraph: Paragraph, text: str, engine: str = "uba") -> tuple[Flag, ...]:
    """A reading-uncertain flag for a paragraph with lines whose reading order the page leaves open; a
    missing-glyph flag for one whose page shows boxes in place of characters (``hexboxes``)."""
    flags = []
    notes = list(dict.fromkeys(note for line in paragraph.lines for note in line.notes))
    if notes:
        flags.append(Flag(READING_UNCERTAIN, "warning", "; ".join(notes)))
    ranges = _ranges(text) if engine == "uba" else []
    if ranges:
        # Information, not a warning: most producers follow the algorithm, and the reading is then right.
        flags.append(Flag(READING_UNCERTAIN, "info", "; ".join(_range_note(found) for found in ranges)))
    if paragraph.wrapped and len(paragraph.lines) > 1:
        flags.append(
            Flag(
                VISUAL_ORDER_WRAP,
                "info",
                f"the producer broke this paragraph into lines after putting it into visual order, so its"
                f" {len(paragraph.lines)} lines are drawn last line first; read bottom to top",
            )
        )
    boxed = Counter(g.text for line in paragraph.lines for g in line.glyphs if g.boxed)
    if boxed:
        named = ", ".join(
            f"{text!r} (U+{ord(text):04X})" + (f" ×{count}" if count > 1 else "")
            for text, count in boxed.items()
        )
        flags.append(
            Flag(
                MISSING_GLYPH,
                "info",
                f"the page shows {sum(boxed.values())} missing-glyph box(es) where the producer had no"
                f" font for a character; read as the characters they name: {named}",
            )
        )
    missing = sum(g.missing for line in paragraph.lines for g in line.glyphs)
    if missing:
        flags.append(
            Flag(
                MISSING_GLYPH,
                "warning",
                f"the page draws {missing} glyph(s) that the producer's font did not have and that stand for"
                f" no character (mapped to a control character, as reportlab maps glyph 0 to U+0000); each is"
                f" shown as {MISSING!r} (U+FFFD)",
            )
        )
    return tuple(flags)


# A number range after Arabic letters: the Unicode algorithm shows "5-0-0" as "0-0-5" (its numbers are
# Arabic numbers, which a hyphen does not join), and reads it back so; AbiWord sets it left to right as
# typed, and no metadata tells its PDFs from other cairo ones. Either reading may be the article's.
_RANGE = re.compile(r"(?<![0-9٠-٩.,])[0-9٠-٩]+(?:-[0-9٠-٩]+)+(?![0-9٠-٩])")
_STRONG = re.compile(r"[A-Za-z\u0621-\u063a\u0641-\u064a\u0671-\u06d3\ufb50-\ufdff\ufe70-\ufefc]")  # letters


def _ranges(text: str) -> list[str]:
    """The number ranges of ``text`` whose nearest letter before them is Arabic."""
    found = []
    for match in _RANGE.finditer(text):
        letters = _STRONG.findall(text[: match.start()])
        if letters and not letters[-1].isascii():
            found.append(match.group())
    return found


def _range_note(found: str) -> str:
    typed = "-".join(reversed(found.split("-")))
    return (
        f"the number range {found!r} is read as the Unicode bidirectional algorithm shows it; a producer"
        f" that sets a range left to right as typed (AbiWord) meant {typed!r}"
    )


READING_UNCERTAIN = "reading-uncertain"
# wkhtmltopdf sets some lines without wrapping them, past the page's edge; the file holds some of what lies
# beyond it (read like the rest, though no reader of the page sees it) and leaves out the rest.
PAST_THE_EDGE = (
    "a line drawn past the edge of the page (the producer did not wrap it): what lies beyond the edge is"
    " read from the file, not seen on the page, and the file may lack some of its words"
)
MISSING_GLYPH = "missing-glyph"
VISUAL_ORDER_WRAP = "visual-order-wrap"


def _choose_readings(paragraphs: Sequence[Paragraph]) -> None:
    """A line that draws the same in both directions is read in the one whose words pair up with each
    other and with the lines around it, as Arabic text's do (``wordpairs``)."""
    undecided = [(p, i) for p in paragraphs for i, line in enumerate(p.lines) if line.alternative]
    if not undecided:
        return
    article = pairs(" ".join(line.text for line in p.lines if not line.alternative) for p in paragraphs)
    for paragraph, i in undecided:
        line = paragraph.lines[i]
        before = paragraph.lines[i - 1].text if i > 0 else ""
        after = paragraph.lines[i + 1].text if i + 1 < len(paragraph.lines) else ""
        other = line.alternative or []
        if best_reading([line.text, " ".join("".join(other).split())], before, after, article) == 1:
            line.units, line.rtl = other, not line.rtl
        line.alternative = None


def _read_in_context(lines: Sequence[Line], rtl: bool) -> None:
    """Read each line of a paragraph again with the text around it: the layout engine resolved the
    direction of neutrals and numbers over the whole paragraph, so a quote mark or an "@" at a line's edge
    belongs with the text across the line break."""
    edge = "R" if rtl else "L"
    ends = [edge_types(line.text) for line in lines]
    for i, line in enumerate(lines):
        before = next((ends[k][1] for k in range(i - 1, -1, -1) if ends[k][1]), edge)
        after = next((ends[k][0] for k in range(i + 1, len(lines)) if ends[k][0]), edge)
        if (before, after) != (edge, edge):
            line.units = visual_to_logical(line.visual, rtl=line.rtl, context=(before, after))


def _join(lines: Sequence[Line], wrapped: bool = False) -> str:
    """A paragraph's lines joined with spaces, except after an opening bracket left at a line end and
    where a line was broken at a hyphen inside a word. ``wrapped``: the lines were wrapped in visual order
    (``pdfwrap``), where Latin words broken over two lines come in the wrong order (below)."""
    out = ""
    for line in lines:
        text = line.text
        if wrapped and out:
            # Put into visual order, a run of Latin words stays left to right; the breaker filled the line
            # above with the run's first words, so read bottom to top its last words come first: "نجم
            # "Game" then "Still" يبدو" for "نجم "Still Game" يبدو".
            tail, head = _LATIN_TAIL.search(out), _LATIN_HEAD.match(text)
            if tail and head:
                out = out[: tail.start()] + head.group() + " " + tail.group() + text[head.end() :]
                continue
        apart = out and not out.endswith(_OPENERS) and not text.startswith(_CLOSERS)
        if apart and not broken_at_hyphen(out, text):
            out += " "
        out += text
    return out


def _account(
    pages: Sequence[Sequence[Glyph]],
    paragraphs: Sequence[Paragraph],
    removals: Sequence[Removal],
    fonts: Sequence[str] = (),
) -> IngestReport:
    kept: Counter[int] = Counter()
    quoted: Counter[int] = Counter()
    for paragraph in paragraphs:
        for line in paragraph.lines:
            kept[line.page] += line.chars()
            if paragraph.kind == "pullquote":
                quoted[line.page] += line.chars()
    removed: Counter[int] = Counter()
    for removal in removals:
        removed[removal.page] += chars(removal.text)
    accounts = tuple(
        PageAccount(number, sum(chars(g.text) for g in glyphs), kept[number], removed[number], quoted[number])
        for number, glyphs in enumerate(pages, 1)
    )
    return IngestReport(pages=accounts, removals=tuple(removals), fonts=tuple(fonts))


def _rotated(pages: Sequence[Sequence[Glyph]]) -> list[Removal]:
    """Text drawn rotated (a vertical margin note, a watermark) is not read; it is reported."""
    out = []
    for number, glyphs in enumerate(pages, 1):
        text = "".join(g.text for g in sorted(glyphs, key=lambda g: g.order) if not g.upright)
        if text.strip():
            out.append(Removal(number, "rotated text", " ".join(text.split()), "text drawn rotated"))
    return out


def _body_size(pages: Sequence[Sequence[Glyph]]) -> float:
    sizes = Counter(round(g.size, 1) for page in pages for g in page if g.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _paragraphs(lines: list[Line], body_size: float, paragraphs: list[Paragraph]) -> None:
    """Append this page's lines to ``paragraphs``, continuing the last one when the text runs on."""
    columns: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        columns[line.column].append(line)
    previous = paragraphs[-1].lines[-1] if paragraphs else None
    for number in dict.fromkeys(line.column for line in lines):  # the columns in reading order
        layout = column_layout(columns[number], body_size)
        for line in columns[number]:
            line.layout = layout
            if previous is None or _starts_paragraph(previous, line, body_size):
                paragraphs.append(Paragraph([line]))
            else:
                paragraphs[-1].lines.append(line)
            previous = line


def _starts_paragraph(previous: Line, line: Line, size: float) -> bool:
    before, here = previous.layout, line.layout
    assert before is not None and here is not None  # set by _paragraphs
    if abs(line.size - previous.size) > 0.1 * size or line.bold != previous.bold:
        return True  # a title, subheading or pull-quote starts or ends here
    same_column = previous.page == line.page and previous.column == line.column
    if line.size > size * 1.05 or line.bold:
        # A title or pull-quote is centred or ragged, and set with its own line spacing.
        return same_column and line.baseline - previous.baseline > 2.5 * line.size
    if same_column and line.baseline - previous.baseline > 1.6 * here.spacing:
        return True
    # A line of Latin words inside a right-to-left paragraph (set left to right by producers that run the
    # bidi algorithm line by line) is indented, if at all, at the paragraph's side.
    rtl = line.rtl or previous.rtl
    indent = (here.right - line.x1) if rtl else (line.x0 - here.left)
    # Further in than an indent goes, a line that reaches the other edge is a paragraph's last line set at
    # the wrong side (fpdf2 sets the last line of a justified right-to-left paragraph on the left).
    misplaced = indent > 6 * size and (
        (line.x0 - here.left < 0.5 * size) if rtl else (here.right - line.x1 < 0.5 * size)
    )
    # An indent after a line that ends no sentence is a last line set at the wrong side too: paragraphs end
    # their sentences (headings, in their own type, are told apart above).
    if 0.7 * size < indent and not misplaced and here.aligned and SENTENCE_END.search(previous.text):
        return True
    # Lines that start anywhere (TCPDF's justified right-to-left lines; lines drawn past the page edge,
    # whose last words are lost) show no indent and may not show their sentence end: space added between
    # lines is what marks a paragraph.
    added = same_column and line.baseline - previous.baseline > here.spacing + 0.3 * size
    if not here.aligned and added:
        return True
    # A line drawing a glyph its font lacks may be shorter than it was set (``Line.unset``).
    unset = previous.unset
    room = (previous.x0 - before.left) + (before.right - previous.x1) - unset if unset is not None else 0.0
    if not SENTENCE_END.search(previous.text):
        # Paragraphs of news text do not all end a sentence (a caption, a list item, a closing quote
        # without its full stop: NTREX has them). Two of the three marks of a paragraph's end — space
        # added, the line before stopping short where the next one's first word would have fitted, the
        # next line indented — tell one however the line ends; one alone does not (a line stretched by a
        # tall mark, a last line set at the wrong side, a word too long to fit).
        short = room > line.first_word() + 0.5 * size
        indented = 0.7 * size < indent and not misplaced and here.aligned
        # Space of half a line or more is a paragraph's on its own (AbiWord's 6 points between paragraphs
        # of 12-point type): a tall mark stretches a line by less.
        wide = same_column and line.baseline - previous.baseline > here.spacing + 0.45 * size
        return added + wide + short + indented >= 2
    # After a sentence end, space added between paragraphs (CSS margins: WeasyPrint puts the first-line
    # indent of right-to-left text on the left, so the space is all that marks where one starts).
    if added:
        return True
    # The previous line ends a sentence and stops short of its column's edge: where the next line's first
    # word would have fitted, the line was not wrapped but ended (ragged or justified text alike).
    # The room is on either side: a last line set at the wrong side (fpdf2) has it where the line starts.
    if room > line.first_word() + 0.5 * size:
        return True
    # A justified line that stops well short of the margin ends its paragraph.
    return before.justified and room > 3 * size


_UNSEEN = re.compile(f"[{TATWEEL}{ARABIC_MARKS}]")


def _words(text: str) -> list[str]:
    """The words of a text, presentation forms unfolded (visual-order producers draw those), without
    kashidas and diacritics: a justified body stretches its words with kashidas (LibreOffice) where the
    pull-quote that repeats them does not, and either may carry a diacritic the other leaves out."""
    return _WORD.findall(_UNSEEN.sub("", unicodedata.normalize("NFKC", text)))


def _mark_kinds(paragraphs: list[Paragraph], body_size: float) -> None:
    """Larger or bold text: the title (first), subheadings (short), pull-quotes (text that repeats)."""
    body_words = _words(
        " ".join(ln.text for p in paragraphs for ln in p.lines if ln.size <= body_size * 1.05 and not ln.bold)
    )
    body_triples = {tuple(body_words[i : i + 3]) for i in range(len(body_words) - 2)}
    body_letters = "".join(body_words)
    seen_body = False
    for paragraph in paragraphs:
        first = paragraph.lines[0]
        if first.size <= body_size * 1.05 and not first.bold:
            seen_body = True
            continue
        words = _words(" ".join(line.text for line in paragraph.lines))
        triples = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
        repeated = bool(triples) and sum(t in body_triples for t in triples) / len(triples) >= PULLQUOTE_SHARE
        # Text set without spaces (some articles are typed so) has one or two long "words" and hardly a
        # triple: such a quote repeats the body's letters instead, spaces aside.
        letters = "".join(words)
        if len(triples) < 2 and len(letters) >= PULLQUOTE_MIN_LETTERS:
            repeated = letters in body_letters
        # What stands above the body on the first page is the headline, even when the body repeats it.
        if repeated and seen_body:
            paragraph.kind = "pullquote"
        elif first.size <= body_size * 1.1 and not first.bold:
            # A step larger only (\large on 11 pt, in a font without bold): a pull-quote if it repeats the
            # body, else body text set a little larger.
            seen_body = True
        elif len(words) <= TITLE_MAX_WORDS:
            paragraph.kind = "title"
