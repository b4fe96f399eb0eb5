"""Layout rules of the PDF reader on planted glyphs: furniture only from the margin bands, diacritics on
their letter when the content stream is out of order, word spaces from gaps where no space glyph is drawn."""

from __future__ import annotations

import unicodedata

import pytest

from align.ingest.glyph import Glyph
from align.ingest.pdffurniture import find_furniture
from align.ingest.pdflines import Line
from align.ingest.pdfwords import line_text

HEIGHT = 800.0
BODY = 10.0


def line(text: str, top: float, *, size: float = BODY, page: int = 1) -> Line:
    """A line of ``text`` (already in reading order) set right-aligned at ``top``."""
    glyphs = [
        Glyph(ch, 500 - 5 * (i + 1), 500 - 5 * i, top, top + size, size, False, i, top + 0.8 * size)
        for i, ch in enumerate(text.replace(" ", ""))
    ]
    return Line(glyphs, page, list(text), list(reversed(text)), band=size != BODY)


def page(*lines: Line) -> list[Line]:
    return list(lines)


BODY_LINES = [
    "وقال الوزير إن الحكومة ستعلن خطتها الجديدة",
    "خلال الأسبوع المقبل بعد مشاورات طويلة مع",
    "الأحزاب والنقابات في أنحاء البلاد كلها",
]


def column(top: float, texts: list[str]) -> list[Line]:
    return [line(text, top + 14 * i) for i, text in enumerate(texts)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("موقع الأخبار، جميع الحقوق محفوظة", "furniture"),
        ("الاثنين ١ أكتوبر ٢٠١٨", "furniture"),
        # Drawn in presentation forms (TCPDF's masthead): matched on the letters they stand for.
        ("ﺍﻷﺣﺪ ٣٠ ﺳﺒﺘﻤﺒﺮ ٢٠١٨", "furniture"),
        ("12/1/26, 11:33 PM", "furniture"),
        ("file:///tmp/news.html", "furniture"),
        ("www.example.com", "furniture"),
        ("صفحة ٢ من ٥", "page number"),
        ("3 / 4", "page number"),
    ],
)
def test_margin_band_furniture_on_a_single_page(text: str, kind: str) -> None:
    head = line(text, 30, size=8)
    lines = page(head, *column(200, BODY_LINES))
    removed = find_furniture([lines], [HEIGHT], BODY)
    assert [(r.line, r.kind) for r in removed] == [(head, kind)]


@pytest.mark.parametrize(
    "text",
    ["زار الوزير موقع www.example.com يوم", "وفي ١ أكتوبر ٢٠١٨ جميع الحقوق محفوظة له"],
)
def test_a_body_line_that_says_the_same_stays(text: str) -> None:
    """Inside a column, or the first line of the text block in body type one line space from the next,
    a line that mentions a date, a URL or a copyright is text."""
    middle = page(*column(200, [BODY_LINES[0], text, *BODY_LINES[1:]]))
    assert find_furniture([middle], [HEIGHT], BODY) == []
    first = page(*column(40, [text, *BODY_LINES]))  # the first body line sits in the top band
    assert find_furniture([first], [HEIGHT], BODY) == []


def test_a_paragraph_drawn_as_one_line_in_the_band_is_no_furniture() -> None:
    """wkhtmltopdf draws some paragraphs as a single line running past the page edge. At the top of the page
    and apart from the rest, the one that mentions "السبت 27" is still a paragraph: a header band holds a
    date, a title, a URL and a page number, never some forty words."""
    words = "خضع لاعب خط الدفاع لعملية جراحية طارئة بعد تعرضه لإصابة في الرأس يوم السبت 27 أمام الفريق"
    paragraph = line(" ".join([words] * 2), 30)
    lines = page(paragraph, *column(200, BODY_LINES))
    assert find_furniture([lines], [HEIGHT], BODY) == []
    header = line(words, 30)  # the same words once, as long as a header band with a long title
    assert [r.line for r in find_furniture([page(header, *column(200, BODY_LINES))], [HEIGHT], BODY)] == [
        header
    ]


def test_a_headline_in_the_top_band_is_never_furniture() -> None:
    headline = line("الحكومة تعلن خطتها", 30, size=20)
    lines = page(headline, *column(80, BODY_LINES))
    assert find_furniture([lines], [HEIGHT], BODY) == []


def test_running_head_repeated_on_pages() -> None:
    pages = [page(line(f"صحيفة المساء {n}", 30, size=8, page=n), *column(200, BODY_LINES)) for n in (1, 2)]
    removed = find_furniture(pages, [HEIGHT, HEIGHT], BODY)
    assert [r.kind for r in removed] == ["running head", "running head"]


def glyph(text: str, x0: float, x1: float, order: int, size: float = BODY) -> Glyph:
    return Glyph(text, x0, x1, 100, 100 + size, size, False, order, 108)


def test_a_mark_goes_on_the_letter_it_is_drawn_on_when_the_stream_is_out_of_order() -> None:
    """ "عامًا" drawn right to left, letters in visual order, the tanwin written last in the stream: the
    stream puts no letter after it, so where it is drawn decides — over the mim."""
    letters = [
        glyph("ا", 100, 103, 0),
        glyph("م", 103, 110, 1),
        glyph("ا", 110, 113, 2),
        glyph("ع", 113, 120, 3),
    ]
    tanwin = glyph("\u064b", 106, 106, 9)
    read = line_text([*letters, tanwin], BODY, True, 0.135)
    assert read is not None and "".join(read.units) == "عامًا"


def test_marks_drawn_with_an_advance_between_letters_are_no_word_space() -> None:
    """TCPDF draws each diacritic as a glyph with an advance of its own, in visual order before its letter:
    "جليًّا" is drawn alef, tanwin, shadda, yeh, lam, jeem side by side, with space glyphs between words. The
    marks' advance is no word gap, and the marks go on the yeh, the shadda first."""
    drawn = [
        glyph("ﻥ", 80, 86, 0),
        glyph(" ", 86, 90, 1),
        glyph("ﺎ", 90, 97, 2),
        glyph("ً", 97, 104, 3),
        glyph("ّ", 104, 111, 4),
        glyph("ﻴ", 111, 118, 5),
        glyph("ﻠ", 118, 125, 6),
        glyph("ﺟ", 125, 132, 7),
    ]
    read = line_text(drawn, BODY, True, 0.135)
    assert read is not None and "".join(read.units) == "ﺟﻠﻴًّﺎ ﻥ"


def test_word_spaces_from_gaps_without_space_glyphs() -> None:
    """TeX draws no space glyphs: a gap of a fifth of an em between letters that otherwise touch is a
    word space."""
    word_a = [glyph("ب", 100, 105, 0), glyph("ا", 105, 108, 1)]
    word_b = [glyph("ل", 110, 113, 2), glyph("ق", 113, 119, 3)]
    read = line_text([*word_a, *word_b], BODY, True, 0.135)
    assert read is not None and "".join(read.units) == "قل اب"


@pytest.mark.parametrize(
    ("logical", "expected"),
    [
        # LuaLaTeX's \foreignlanguage{english}{weather.com.}: the full stop drawn inside the Latin span.
        ("حسبما أعلن موقع .weather.com", "حسبما أعلن موقع weather.com."),
        ("قال موقع .weather.com إن", "قال موقع weather.com. إن"),
        ("فرقة ,the Brentwood Youth قادت", "فرقة the Brentwood Youth, قادت"),
        # Not after Arabic (a line of Latin words set left to right, read right to left), not before a
        # single letter, not a number: left as the algorithm reads them.
        (".Brentwood Imperial Youth", ".Brentwood Imperial Youth"),
        ("قال .N", "قال .N"),
        ("بلغت .5 بالمائة", "بلغت .5 بالمائة"),
    ],
)
def test_a_closing_mark_drawn_inside_a_latin_span_follows_it(logical: str, expected: str) -> None:
    from align.ingest.pdfwords import _closing_mark_of_latin_run

    units = list(logical)
    assert "".join(_closing_mark_of_latin_run(units)) == expected


def test_a_line_drawn_on_both_sides_of_a_page_break_is_kept_once() -> None:
    """Qt prints each page through a clip rectangle: the line that crosses the break is drawn at the bottom
    of one page and again at the top of the next. It is body text, not a running head: the first copy stays,
    the second is removed and reported."""
    crossing = "وأضاف أن الشركات ستواجه صعوبات كبيرة في الأشهر المقبلة بسبب"
    first = page(*column(200, BODY_LINES), line(crossing, 770, page=1))
    second_copy = line(crossing, 20, page=2)
    more = ["الانفصال عن الاتحاد الأوروبي دون اتفاق واضح", "على التجارة والرسوم الجمركية بين البلدين"]
    second = page(second_copy, *[line(t, 120 + 14 * i, page=2) for i, t in enumerate(more)])
    removed = find_furniture([first, second], [HEIGHT, HEIGHT], BODY)
    assert [(r.line, r.kind) for r in removed] == [(second_copy, "page-break copy")]
    assert "page 2" in removed[0].reason
    # The same line at the top of both pages is a running head, whatever its length.
    heads = [page(line(crossing, 20, page=n), *column(200, BODY_LINES)) for n in (1, 2)]
    assert [r.kind for r in find_furniture(heads, [HEIGHT, HEIGHT], BODY)] == ["running head", "running head"]


def _row(text: str, x: float, order: int, baseline: float = 100.0) -> list[Glyph]:
    """``text`` drawn right to left from ``x``, 5 points a letter, from stream position ``order``."""
    out = []
    for k, ch in enumerate(text):
        right = x - 5 * k
        out.append(
            Glyph(ch, right - 5, right, baseline - BODY, baseline, BODY, False, order + k, baseline=baseline)
        )
    return out


def test_text_drawn_over_text_is_read_run_by_run() -> None:
    # A layout that did not wrap a line drew its second half over the first: read by position the two
    # interleave ("32" as "3 … 2"); read as the stream draws them, each run stays whole.
    from align.ingest.pdflines import _rows

    first, second = _row("اعتقال رجل عمره 32", 300, 0), _row("للاشتباه في ارتكابه", 302, 100)
    rows = _rows(first + second, BODY)
    assert [[g.text for g in row] for row in rows] == [[g.text for g in first], [g.text for g in second]]
    # Glyphs that touch or overlap a little (a join, a kern) are one row.
    tight = _row("قال الرئيس", 300, 0)
    tight = [
        Glyph(g.text, g.x0 - 1, g.x1 + 1, g.top, g.bottom, g.size, False, g.order, baseline=g.baseline)
        for g in tight
    ]
    assert len(_rows(tight, BODY)) == 1
    # The glyphs of the row drawn over itself are marked, so that its paragraph is flagged; the others not.
    assert all(g.overprinted for g in first + second) and not any(g.overprinted for g in tight)
    from align.ingest.pdflines import page_lines, page_rows

    lines = page_lines(
        page_rows(_row("اعتقال رجل عمره 32", 300, 0) + _row("للاشتباه في ارتكابه", 302, 100), HEIGHT, BODY),
        1,
        BODY,
        True,
    )
    assert len(lines) == 2 and all("drawn over other text" in " ".join(line.notes) for line in lines)


def test_a_word_drawn_on_another_is_told_and_a_kerned_pair_is_not() -> None:
    """wkhtmltopdf sometimes sets a word on the place of the next (``حققها`` over ``نقاط 5.6``): the row is
    no wider than its glyphs, so it is read as one text, and the characters come out mixed. Each glyph
    nine tenths covered by one drawn apart from it in the stream is counted; a kerned pair (drawn one after
    the other), a mark and a glyph on another row are not."""
    from align.ingest.overprint import drawn_over
    from align.ingest.pdflines import page_lines, page_rows

    word = _row("حققها", 300, 0)  # x 275..300, stream order 0..4
    moved = [  # "نقاط" drawn later in the stream, its first two letters on the heh and the second qaf
        Glyph(ch, right - 5, right, 100 - BODY, 100, BODY, False, 20 + k, baseline=100)
        for k, (ch, right) in enumerate(zip("نقاط", (285, 290, 270, 265), strict=True))
    ]
    covered = drawn_over(word + moved)
    assert sorted(g.text for g in covered) == sorted("هقنق")
    kerned = [glyph("ك", 100, 106, 0), glyph("ر", 100.5, 105, 1)]  # one after the other in the stream
    mark = [glyph("ر", 100, 106, 0), glyph("\u064b", 100, 106, 7)]  # a tanwin: a mark, no advance of its own
    above = [glyph("ر", 100, 106, 0), Glyph("ر", 100, 106, 80, 80 + BODY, BODY, False, 9, 88)]
    assert not drawn_over(kerned) and not drawn_over(mark) and not drawn_over(above)
    lines = page_lines(page_rows(word + moved, HEIGHT, BODY), 1, BODY, True)
    assert len(lines) == 1 and "4 characters drawn over others of another word" in " ".join(lines[0].notes)


def test_columns_that_start_at_the_top_edge_take_the_other_pages_gutters() -> None:
    # The last page of a two-column article: its rows start in the top margin band, so only one is a body
    # row; the rows in the band that leave the gutter clear count too, and the columns are read apart.
    from align.ingest.pdflines import Gutter, PageRows, share_gutters

    gutter = Gutter(290.0, 306.0)
    first = PageRows([], [gutter], 800.0, [])
    right = [_row("الحضارة الغربية أعتقد أنها", 520, 0, 40 + 16 * k) for k in range(2)]
    left = [_row("آمي تشوزيك كاتبة كبيرة", 280, 50 + 50 * k, 40 + 16 * k) for k in range(2)]
    rows = [r + other for r, other in zip(right, left, strict=True)]
    last = PageRows(rows, [], 800.0, rows[1:])
    share_gutters([first, last])
    assert last.gutters == [gutter]
    # A row across the gutter on the page keeps it whole.
    long = "نص يعبر الفاصل بين العمودين في السطر كله من أوله إلى آخره"
    across = PageRows([_row(long, 520, 0, 40)] * 2, [], 800.0, [])
    share_gutters([first, across])
    assert across.gutters == []


def test_a_pull_quote_across_the_gutter_on_body_baselines_hides_no_gutter() -> None:
    # Scribus sets a pull-quote frame across both columns and flows the body around it: its 15 pt lines
    # share baselines with the columns' shortened lines. Glyphs of another size do not fill the gutter.
    from align.ingest.gutters import find_gutters

    rows = []
    for k in range(30):
        baseline = 100 + 16 * k
        right = _row("الحضارة الغربية أعتقد أنها", 520, 100 * k, baseline)
        left = _row("آمي تشوزيك كاتبة كبيرة", 280, 100 * k + 50, baseline)
        quote = []
        if 10 <= k < 14:  # four quote lines across the gutter at x 240-340, the columns cut short
            right, left = right[:8], left[-8:]
            quote = [
                Glyph(
                    ch,
                    340 - 8 * (i + 1),
                    340 - 8 * i,
                    baseline - 15,
                    baseline,
                    15.0,
                    True,
                    100 * k + 90 + i,
                    baseline=baseline,
                )
                for i, ch in enumerate("وأفاد متحدث")
            ]
        rows.append(right + quote + left)
    found = find_gutters(rows, BODY)
    assert len(found) == 1 and 278 <= found[0].left <= 285 and 385 <= found[0].right <= 392


def test_a_pull_quote_line_across_the_gutter_is_read_apart_from_the_columns_beside_it() -> None:
    # One row holds the right column's line cut short, the quote's line and the left column's: the quote
    # is a line of its own, and the columns' pieces go to their columns.
    from align.ingest.pdflines import Gutter, PageRows, page_lines

    gutter = Gutter(282.0, 388.0)
    right, left = _row("الحضارة", 520, 0, 400), _row("كبيرة", 280, 50, 400)
    quote = [
        Glyph(ch, 340 - 8 * (i + 1), 340 - 8 * i, 385, 400, 15.0, True, 90 + i, baseline=400)
        for i, ch in enumerate("وأفاد متحدث")
    ]
    rows = [right + quote + left]
    lines = page_lines(PageRows(rows, [gutter], HEIGHT, rows), 1, BODY, True)
    assert {(line.text, line.column) for line in lines} == {("الحضارة", 1), ("وأفاد متحدث", 1), ("كبيرة", 0)}
    assert len(lines) == 3 and lines[-1].text == "كبيرة"  # the right column first


def test_pull_quote_words_are_compared_without_kashidas_and_diacritics() -> None:
    # LibreOffice justifies Arabic with kashidas: the body's "لــدينا كرامــة" is the quote's "لدينا كرامة".
    # Cut at the kashida, the body's words matched none of the quote's triples: the quote stayed in the body.
    from align.ingest.pdf import _words

    assert _words("ولكن لــدينا كرامــة.") == _words("«ولكن لدينا كرامة»") == ["ولكن", "لدينا", "كرامة"]
    assert _words("صُدّر ﻻ") == ["صدر", "لا"]


def test_a_tcpdf_mark_on_the_lam_of_a_lam_alef_ligature() -> None:
    """TCPDF draws "قائلًا" as the ligature, then the tanwin without width at the ligature's right (lam)
    end, then the yeh: the tanwin is the lam's. python-bidi's visual strings put the mark of "قائًلا" (on
    the yeh) in the same place, so only TCPDF's pages are read so."""
    edges = [("ﻼ", 100, 106), ("\u064b", 106, 106), ("ﺋ", 106, 109), ("ﺎ", 109, 111), ("ﻗ", 111, 116)]
    drawn = [glyph(t, x0, x1, k) for k, (t, x0, x1) in enumerate(edges)]
    tcpdf = line_text(drawn, BODY, True, 0.135, engine="tcpdf")
    assert tcpdf is not None and unicodedata.normalize("NFKC", "".join(tcpdf.units)) == "قائلًا"
    other = line_text(drawn, BODY, True, 0.135)
    assert other is not None and unicodedata.normalize("NFKC", "".join(other.units)) == "قائًلا"


def test_a_kashida_before_a_number_is_no_part_of_it() -> None:
    """A kashida is set loosely against the letters it stretches, but none stretches toward a digit:
    "بالـ 22" drawn with a word gap between the kashida and the number is two words."""
    # Left to right as drawn: the number, a word gap, then the word's kashida and letters touching.
    edges = [("2", 80, 86), ("2", 86, 92), ("ـ", 95, 97), ("ل", 97, 100), ("ا", 100, 103), ("ب", 103, 107)]
    read = line_text([glyph(t, x0, x1, k) for k, (t, x0, x1) in enumerate(edges)], BODY, True, 0.135)
    assert read is not None and "".join(read.units) == "بالـ 22"


@pytest.mark.parametrize(("flat", "read"), [(None, "طفلـا"), (True, "طفلـا"), (False, "طفل\U000f0000ا")])
def test_a_glyph_without_text_between_letters_is_a_kashida_only_if_its_outline_is_flat(
    flat: bool | None, read: str
) -> None:
    """wkhtmltopdf's subset of Amiri leaves a medial heh without text: between two joining letters it sits
    as a kashida would, but its outline stands 0.58 em high (a kashida's, at most 0.12 em). Where the font
    program shows the glyph, only a flat one becomes tatweel; the other stays for repair to read."""
    from align.ingest.pdfchars import CID_BASE

    unnamed = glyph(chr(CID_BASE), 95, 100, 1)
    unnamed.flat = flat
    edges = [("ا", 90, 95), unnamed, ("ل", 100, 104), ("ف", 104, 108), ("ط", 108, 113)]
    drawn = [g if isinstance(g, Glyph) else glyph(g[0], g[1], g[2], k) for k, g in enumerate(edges)]
    line = line_text(drawn, BODY, True, 0.135)
    assert line is not None and "".join(line.units) == read


def test_a_short_column_beside_a_full_one_keeps_its_gutter() -> None:
    """An article's end on its last page: a full right column and two lines at the top of the left one,
    the first reaching nearer the gutter than the second. Only the band no row touches is the gutter, so
    that the first line is cut from the right column's line beside it."""
    from align.ingest.gutters import find_gutters, is_open

    def row(x0: float, x1: float, top: float) -> list[Glyph]:
        return [
            Glyph("ب", x, x + 5, top, top + BODY, BODY, False, 0, top + 8) for x in range(int(x0), int(x1), 5)
        ]

    rows = [row(320, 500, 100 + 15 * i) for i in range(20)]
    first, second = row(60, 290, 100), row(60, 200, 115)
    gutters = find_gutters([*rows, first, second], BODY)
    assert len(gutters) == 1
    assert gutters[0].left >= 290 and gutters[0].right <= 320
    assert is_open([*first, *rows[0]], gutters[0])


def test_lines_set_past_the_margin_do_not_move_the_edge_the_others_start_at() -> None:
    """XeLaTeX sets a line it cannot break well past the right margin (overfull, 14 pt out) and the
    line before it short (underfull). Measured from the overfull line, every line looked indented, the
    column was not taken for one whose lines start at an edge, and the underfull lines ending a sentence
    ended paragraphs. The edge is where a quarter of the lines start (within 0.3 em, within 3 em of the
    outermost); where none is, the outermost start (TCPDF starts its lines anywhere)."""
    from pathlib import Path

    from align.ingest.pdflines import _start_edge
    from align.pipeline import load_document

    assert _start_edge([527.0] * 30 + [541.0] * 3, BODY) == 527.0
    assert _start_edge([527.0] * 10 + [507.5] * 12, BODY) == 527.0  # many indented lines: still the margin
    assert _start_edge([500.0 + 6 * k for k in range(10)], BODY) == 554.0  # spread: the outermost
    other = Path(__file__).parent / "fixtures" / "pdf" / "other"
    doc = load_document(other / "xetex-overfull.pdf")  # scripts/make_unseen_pdfs.py --seed 5, XeLaTeX's 8th
    truth = [p.strip() for p in (other / "xetex-overfull.gold.txt").read_text(encoding="utf-8").split("\n\n")]
    assert [p.source for p in doc.translated_paragraphs()] == [p for p in truth if p]


def test_a_number_range_after_arabic_letters_says_it_may_be_either_way() -> None:
    """After Arabic letters the Unicode algorithm shows ``5-0-0`` as ``0-0-5`` and reads it back so;
    AbiWord sets a range left to right as typed (every range on its pages of six random draws came out
    reversed), and its PDFs are cairo's like others. The paragraph says which reading was taken and the
    other. A range after Latin words, a decimal and a date with slashes are not ranges in doubt."""
    from pathlib import Path

    from align.ingest.pdf import _ranges, read_pdf

    assert _ranges("فاز بنتيجة 0-0-5 في المباراة و٩٠-٧٠ بالمئة") == ["0-0-5", "٩٠-٧٠"]
    assert _ranges("Windows 10-6 قال") == [] and _ranges("قال 7.55 و2015/2016") == []
    assert _ranges("قال Windows، 10-6") == []  # an Arabic comma is no Arabic letter
    pdf = Path(__file__).parent / "fixtures" / "pdf" / "news-reportlab-1col.pdf"
    blocks = read_pdf(pdf.read_bytes(), pdf.name).blocks
    flagged = [(f.severity, f.message) for b in blocks for f in b.flags if "range" in f.message]
    assert len(flagged) == 1 and flagged[0][0] == "info"
    assert "'1-0' is read as the Unicode bidirectional algorithm shows it" in flagged[0][1]
    assert "(AbiWord) meant '0-1'" in flagged[0][1] and "'4-1'" in flagged[0][1]
