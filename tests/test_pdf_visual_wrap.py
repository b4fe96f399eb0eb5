"""PDFs whose paragraphs were wrapped after being put into visual order (arabic_reshaper + python-bidi on a
whole paragraph, then fpdf2's ``multi_cell`` or reportlab's ``Paragraph``): every paragraph's lines are
drawn last line first, and are read bottom to top (``align/ingest/pdfwrap.py``).

``fixtures/pdf/other/visual-wrap-fpdf.pdf`` (fpdf2, justified, no space between paragraphs, Arabic-Indic
digits) and ``visual-wrap-reportlab.pdf`` (reportlab platypus, two columns, Amiri) are NTREX-128 articles
written by ``scripts/make_visual_wrap_pdfs.py --fixtures``.
"""

from __future__ import annotations

import itertools
import re
from functools import cache
from pathlib import Path

import pytest

from align.datasets import load_test_set
from align.document import Document
from align.ingest.glyph import Glyph
from align.ingest.pdf import read_pdf
from align.ingest.pdflines import ColumnLayout, Line, chars
from align.ingest.pdfwrap import SENTENCE_END, _block_edges, regroup, wrapped_in_visual_order
from align.pipeline import load_document
from eval.evaluation import extraction_score

PDFS = Path(__file__).parent / "fixtures" / "pdf"
OTHER = PDFS / "other"
FIXTURES = ("visual-wrap-fpdf", "visual-wrap-reportlab")
INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


@cache
def document(path: Path) -> Document:
    return load_document(path)


def gold(name: str) -> list[str]:
    return [p for p in (OTHER / f"{name}.gold.txt").read_text(encoding="utf-8").split("\n\n") if p.strip()]


@pytest.mark.parametrize("name", FIXTURES)
def test_paragraphs_drawn_last_line_first_read_back_whole(name: str) -> None:
    doc = document(OTHER / f"{name}.pdf")
    found = [p.source for p in doc.translated_paragraphs()]
    truth = gold(name)
    assert extraction_score("newsalign", found, "\n\n".join(truth)).cer <= 0.002
    assert len(found) == len(truth)
    assert found[0] == truth[0]  # the headline, wrapped the same way, reads in order too
    text = "\n".join(found)
    numbers = sorted(re.findall(r"\d+", "\n".join(truth).translate(INDIC)))
    assert sorted(re.findall(r"\d+", text.translate(INDIC))) == numbers
    assert "صحيفة الغد" not in text and "صفحة" not in text  # running head and page numbers out
    assert any(p.kind == "pullquote" for p in doc.paragraphs)
    report = doc.meta.ingest
    assert report is not None and all(page.drawn == page.kept + page.removed for page in report.pages)
    assert sum(page.kept for page in report.pages) == chars(doc.raw_text or doc.text)


@pytest.mark.parametrize("name", FIXTURES)
def test_every_paragraph_read_bottom_to_top_says_so(name: str) -> None:
    doc = document(OTHER / f"{name}.pdf")
    flagged = [p for p in doc.paragraphs if any(f.code == "visual-order-wrap" for f in p.flags)]
    assert len(flagged) >= 3
    assert all(f.severity == "info" and "bottom to top" in f.message for p in flagged for f in p.flags)


OTHERS = sorted(
    [p for p in PDFS.glob("news-*.pdf")]
    + [p for p in OTHER.glob("*.pdf") if not p.stem.startswith("visual-")]
)


def test_a_word_drawn_on_the_next_is_flagged() -> None:
    """``wkhtmltopdf-overprint.pdf`` (``scripts/make_unseen_pdfs.py --seed 4``, wkhtmltopdf's third page):
    Qt drew ``حققها`` over ``نقاط 5.6``, so the page itself mixes their characters (``حقق هناق ا6ط. 5``).
    That cannot be read back; the paragraph says so, and the others read as typeset."""
    name = "wkhtmltopdf-overprint"
    doc = document(OTHER / f"{name}.pdf")
    truth = [p.strip() for p in gold(name)]
    found = [p.source for p in doc.translated_paragraphs()]
    assert len(found) == len(truth)
    (mixed,) = [i for i, (a, b) in enumerate(zip(found, truth, strict=True)) if a != b]
    assert "حققها 5.6 نقاط" in truth[mixed]
    over = [
        i
        for i, p in enumerate(doc.translated_paragraphs())
        for f in p.flags
        if f.code == "reading-uncertain" and f.severity == "warning" and "drawn over others" in f.message
    ]
    assert over == [mixed]


@pytest.mark.parametrize("path", OTHERS, ids=lambda p: p.stem)
def test_pages_set_the_usual_way_are_read_as_drawn(path: Path) -> None:
    """Every other fixture — visual-order producers that wrap line by line included — keeps its order."""
    # The reader alone (no repair): its paragraphs carry the flag.
    article = read_pdf(path.read_bytes(), str(path))
    assert not [b for b in article.blocks if any(f.code == "visual-order-wrap" for f in b.flags)]
    # Nor is a word drawn on another's place found where none is (``overprint.drawn_over``).
    over = [b for b in article.blocks for f in b.flags if "drawn over others of another word" in f.message]
    assert len(over) == (path.stem == "wkhtmltopdf-overprint")
    # Nor a line past the page's edge: wkhtmltopdf does not wrap some lines, and TCPDF starts a justified
    # line of ``tcpdf-multicell`` a glyph beyond the right edge.
    past = [b for b in article.blocks for f in b.flags if "past the edge of the page" in f.message]
    assert bool(past) == (path.stem.startswith("wkhtmltopdf") or path.stem == "tcpdf-multicell")


# Synthetic columns: lines of a real article (so that word pairs are the corpora's), right-aligned.
BODY, STEP, LEFT, RIGHT = 12.0, 18.0, 50.0, 500.0


def _line(words: list[str], top: float, full: bool, short_by: float = 0.0, space: float = 4.0) -> Line:
    """A right-to-left line of ``words`` (reading order); ``full`` lines reach the left edge, less
    ``short_by``; ``space`` between words."""
    width = RIGHT - LEFT - short_by if full else 0.55 * (RIGHT - LEFT)
    letters = sum(len(w) for w in words)
    per = (width - space * (len(words) - 1)) / letters
    x = RIGHT
    glyphs: list[Glyph] = []
    spans: list[tuple[float, float]] = []
    for word in words:
        start = x
        for ch in word:
            glyphs.append(Glyph(ch, x - per, x, top, top + BODY, BODY, False, len(glyphs), top + 0.8 * BODY))
            x -= per
        spans.append((x, start))
        x -= space
    text = " ".join(words)
    line = Line(glyphs, 1, list(text), list(reversed(text)), words=spans[::-1])
    line.layout = ColumnLayout(LEFT, RIGHT, STEP, True)
    return line


def _paragraphs(count: int) -> list[list[str]]:
    """``count`` paragraphs (one sentence of 17 words or more each) of NTREX-128 articles, as words."""
    sentences = [s for doc in load_test_set("ntrex128", side="source")[3:6] for s in doc[1:]]
    found = [s.split() for s in sentences if len(s.split()) >= 17 and s.endswith(".")]
    return found[:count]


def _chunks(words: list[str], reverse: bool) -> list[list[str]]:
    """Lines of seven words; the short one is the last, or the first when the breaker ran on the visual
    string (it filled its lines from the paragraph's end)."""
    if not reverse:
        return [words[i : i + 7] for i in range(0, len(words), 7)]
    cut = [words[max(0, i - 7) : i] for i in range(len(words), 0, -7)]
    return cut[::-1]


def _drawn(paragraphs: list[list[str]], reverse: bool) -> list[Line]:
    lines, top = [], 100.0
    for words in paragraphs:
        chunks = _chunks(words, reverse)
        short = chunks[0] if reverse else chunks[-1]
        for chunk in chunks[::-1] if reverse else chunks:
            lines.append(_line(chunk, top, full=chunk is not short))
            top += STEP
    return lines


def test_lines_drawn_last_line_first_are_told_and_put_back() -> None:
    paragraphs = _paragraphs(4)
    drawn = _drawn(paragraphs, reverse=True)
    assert wrapped_in_visual_order(drawn, BODY)
    groups = regroup(drawn, BODY)
    assert [[line.text for line in group] for group in groups] == [
        [" ".join(chunk) for chunk in _chunks(words, reverse=True)] for words in paragraphs
    ]


def test_lines_drawn_in_order_are_not_taken_for_reversed() -> None:
    assert not wrapped_in_visual_order(_drawn(_paragraphs(4), reverse=False), BODY)


def _no_word_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    import align.ingest.pdfwrap as pdfwrap

    monkeypatch.setattr(pdfwrap, "corpus_pairs", frozenset)
    monkeypatch.setattr(pdfwrap, "pairs", lambda texts: set())


def test_a_short_article_is_told_by_its_word_pairs(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two paragraphs show one paragraph end, too little alone; their line breaks' word pairs, read bottom
    to top, decide it. Drawn in order, the same pairs read top to bottom."""
    assert wrapped_in_visual_order(_drawn(_paragraphs(2), reverse=True), BODY)
    assert not wrapped_in_visual_order(_drawn(_paragraphs(2), reverse=False), BODY)
    _no_word_pairs(monkeypatch)
    assert not wrapped_in_visual_order(_drawn(_paragraphs(2), reverse=True), BODY)


def test_the_word_pairs_must_favour_reading_up(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraph ends that read bottom to top do not decide against word pairs that read top to bottom."""
    import align.ingest.pdfwrap as pdfwrap

    drawn = _drawn(_paragraphs(4), reverse=True)
    # Every pair known read top to bottom only: what the corpora would say of text set the usual way.
    down = {(a.text.split()[-1], b.text.split()[0]) for a, b in itertools.pairwise(drawn)}
    monkeypatch.setattr(pdfwrap, "corpus_pairs", lambda: frozenset(down))
    monkeypatch.setattr(pdfwrap, "pairs", lambda texts: set())
    monkeypatch.setattr(pdfwrap, "words", lambda text: text.split())
    assert not wrapped_in_visual_order(drawn, BODY)


def test_a_justified_line_not_stretched_ends_its_paragraph() -> None:
    """In a justified column a paragraph's first line (drawn last) may nearly fill the column: less room
    than the next word needs, but not stretched to both edges, so a paragraph ends there."""
    paragraphs = _paragraphs(3)
    drawn = _drawn(paragraphs, reverse=True)
    # The first paragraph's bottom line, made one em short of the left edge.
    bottom = len(_chunks(paragraphs[0], reverse=True)) - 1
    drawn[bottom] = _line(drawn[bottom].text.split(), drawn[bottom].glyphs[0].top, full=True, short_by=BODY)
    # Less room than the next line's leftmost word would need: only the stretch tells the end.
    below = drawn[bottom + 1]
    assert drawn[bottom].x0 - LEFT < below.words[0][1] - below.words[0][0]
    groups = regroup(drawn, BODY)
    assert len(groups) == 3
    assert [line.text for line in groups[0]] == [" ".join(c) for c in _chunks(paragraphs[0], reverse=True)]


def test_a_first_line_that_fills_the_column_unstretched_ends_its_paragraph() -> None:
    """fpdf2 stretches a justified line at its spaces. A paragraph's first line (drawn last) whose words
    happen to fill the column leaves no room, but its spaces are those of the lines that stop short, and
    the line below it, the next paragraph's last, ends a sentence: a paragraph ends there
    (``visual-wrap-fpdf-full-line.pdf`` is a page of it). Where no line is stretched at its spaces (a
    producer stretching with kashidas, say) spaces tell nothing, and the paragraphs run together."""

    def drawn(stretch: float) -> list[Line]:
        lines, top = [], 100.0
        for k, words in enumerate(_paragraphs(3)):
            chunks = _chunks(words, reverse=True)
            for chunk in chunks[::-1]:
                first = chunk is chunks[0]
                full = not first or k == 0  # the first paragraph's first line fills the column
                lines.append(_line(chunk, top, full=full, space=4.0 if first else 4.0 + stretch))
                top += STEP
        return lines

    expected = [[" ".join(c) for c in _chunks(words, reverse=True)] for words in _paragraphs(3)]
    assert SENTENCE_END.search(expected[1][-1])
    assert [[line.text for line in group] for group in regroup(drawn(stretch=1.5), BODY)] == expected
    merged = regroup(drawn(stretch=0.0), BODY)
    assert len(merged) == 2 and len(merged[0]) == len(expected[0]) + len(expected[1])


def test_a_justified_column_of_two_line_paragraphs_is_told_justified() -> None:
    """Paragraphs of two lines: half the lines reach both edges, the other half are first lines (drawn
    last). Made a half em short of the edge each, they still end their paragraphs."""
    sentences = [s for doc in load_test_set("ntrex128", side="source")[3:9] for s in doc[1:]]
    paragraphs = [s.split() for s in sentences if 10 <= len(s.split()) <= 13 and s.endswith(".")][:4]
    assert len(paragraphs) == 4
    expected = [[" ".join(c) for c in _chunks(words, reverse=True)] for words in paragraphs]
    drawn, top = [], 100.0
    for chunks in expected:
        for k, text in enumerate(reversed(chunks)):  # the top line first, full; the bottom one short
            drawn.append(_line(text.split(), top, full=True, short_by=0.0 if k == 0 else 0.6 * BODY))
            top += STEP
    assert [[line.text for line in group] for group in regroup(drawn, BODY)] == expected


def test_over_a_column_break_a_line_ending_a_sentence_is_a_paragraphs_top_line() -> None:
    """A paragraph's first line (drawn last) that fills the column at its foot leaves no room to tell its
    end by; the next column's first line ends a sentence, as a paragraph's top line does. One that does not
    goes on the paragraph above."""
    paragraphs = _paragraphs(3)
    expected = [[" ".join(c) for c in _chunks(words, reverse=True)] for words in paragraphs]
    drawn = _drawn(paragraphs, reverse=True)
    bottom = len(expected[0]) - 1
    drawn[bottom] = _line(drawn[bottom].text.split(), drawn[bottom].glyphs[0].top, full=True)
    for line in drawn[bottom + 1 :]:
        line.column = 1
    assert [[line.text for line in group] for group in regroup(drawn, BODY)] == expected
    # The break inside the second paragraph, below its top line: the paragraph goes on over it.
    drawn = _drawn(paragraphs, reverse=True)
    for line in drawn[bottom + 2 :]:
        line.column = 1
    assert not drawn[bottom + 2].text.endswith(".")
    assert [[line.text for line in group] for group in regroup(drawn, BODY)] == expected


def test_without_word_pairs_to_go_on_more_paragraph_ends_are_needed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Word pairs no one has seen leave the readings even: three paragraph ends (two between paragraphs,
    and the document's last block, whose top line ends its sentence) are too few to decide alone, six
    are enough."""
    _no_word_pairs(monkeypatch)
    assert not wrapped_in_visual_order(_drawn(_paragraphs(3), reverse=True), BODY)
    assert wrapped_in_visual_order(_drawn(_paragraphs(6), reverse=True), BODY)
    assert not wrapped_in_visual_order(_drawn(_paragraphs(6), reverse=False), BODY)


def test_characters_the_font_lacks_are_shown_as_replacement_characters() -> None:
    """Noto Naskh Arabic has no Latin letters, hyphen or straight quotes: reportlab draws each as glyph 0,
    of no width, mapped to U+0000, after setting the line with the character's width. Each is kept as
    U+FFFD (so "10-6" does not become "610"), flagged, and the lines it shortens end no paragraph."""
    name = "visual-wrap-reportlab-lacking"
    doc = document(OTHER / f"{name}.pdf")
    truth = gold(name)
    lacking = set('"-Haeilntz')  # the gold's characters that the font has no glyph for
    expected = [p.strip().translate({ord(c): "\ufffd" for c in lacking}) for p in truth]
    found = [p.source for p in doc.translated_paragraphs()]
    assert found == expected
    assert "10\ufffd6" in found[0] and "١٠\ufffd٦" in found[1]  # the numbers stay apart
    for paragraph in doc.paragraphs:
        flags = [f for f in paragraph.flags if f.code == "missing-glyph"]
        count = doc.text[paragraph.span[0] : paragraph.span[1]].count("\ufffd")
        assert len(flags) == (count > 0)
        if count:
            assert f"draws {count} glyph(s)" in flags[0].message


def test_a_short_article_is_told_by_its_last_paragraph_too() -> None:
    """``visual-wrap-reportlab-short.pdf`` (``scripts/make_unseen_pdfs.py --seed 9``, its first
    visual-order page, reportlab): two ragged paragraphs of two lines, a pull-quote between them, a
    one-line headline. The first block, closed below by the pull-quote, and the page's last, the
    article's end, each end their sentence on their top line: with one word pair across a line break,
    that decides it (it was read top to bottom, 41.7 %)."""
    name = "visual-wrap-reportlab-short"
    doc = document(OTHER / f"{name}.pdf")
    lacking = str.maketrans({"\ufffd": None})
    found = [p.source.translate(lacking) for p in doc.translated_paragraphs()]
    # reportlab's Noto Naskh Arabic has no Latin letters: the place name is drawn as nothing.
    truth = [p.strip().replace("Ballyhackamore", "") for p in gold(name)]
    assert found == truth
    assert any(f.code == "visual-order-wrap" for p in doc.paragraphs for f in p.flags)


def test_a_full_justified_first_line_is_read_with_its_paragraph() -> None:
    """``visual-wrap-fpdf-full-line.pdf`` (``scripts/make_unseen_pdfs.py --seed 9``, its fourth
    visual-order page, fpdf2, justified): a paragraph's first line fills the column unstretched, and the
    paragraph was read on into the next one, after it (21.1 %)."""
    name = "visual-wrap-fpdf-full-line"
    doc = document(OTHER / f"{name}.pdf")
    assert [p.source for p in doc.translated_paragraphs()] == [p.strip() for p in gold(name)]


def test_ragged_paragraphs_of_two_lines_are_told_by_their_sentence_ends() -> None:
    """``visual-wrap-reportlab-ragged.pdf`` (``scripts/make_unseen_pdfs.py --seed 4``, its seventh
    reportlab page): ragged paragraphs of two lines each, a pull-quote between them. The top line is full
    and the bottom one short in either reading, so no line's room tells the breaker's direction, and the
    two line breaks' word pairs alone were too little. The blocks do: each ends its sentence on its top
    line, not its bottom one."""
    name = "visual-wrap-reportlab-ragged"
    doc = document(OTHER / f"{name}.pdf")
    assert [p.source for p in doc.translated_paragraphs()] == [p.strip() for p in gold(name)]
    assert any(f.code == "visual-order-wrap" for p in doc.paragraphs for f in p.flags)


def test_blocks_closed_by_space_show_where_their_sentences_end(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paragraphs far apart (a pull-quote's room between them: no two of their lines are neighbours) and
    no word pairs to go on: only the blocks' top and bottom lines tell the two readings apart. The last
    block, the document's last, counts too: no column or page goes on from it."""
    _no_word_pairs(monkeypatch)

    def spaced(reverse: bool) -> list[Line]:
        lines, top = [], 100.0
        for words in _paragraphs(5):
            chunks = _chunks(words, reverse)
            short = chunks[0] if reverse else chunks[-1]
            for chunk in chunks[::-1] if reverse else chunks:
                lines.append(_line(chunk, top, full=chunk is not short))
                top += STEP
            top += 4 * STEP
        return lines

    assert wrapped_in_visual_order(spaced(reverse=True), BODY)
    assert not wrapped_in_visual_order(spaced(reverse=False), BODY)
    assert _block_edges(spaced(reverse=True), BODY) == (0, 5)
    assert _block_edges(spaced(reverse=False), BODY) == (5, 0)


def test_a_full_stop_before_a_character_the_font_lacks_ends_a_sentence() -> None:
    """``visual-wrap-reportlab-quotes.pdf`` (``scripts/make_unseen_pdfs.py --seed 4``, its eighth
    reportlab page): Noto Naskh Arabic has no straight quote, so a quoted paragraph's last line ends in
    ``.�``. Read as no sentence end, the space above the next paragraph's last line (drawn first) did not
    part them, and two paragraphs were read as one, the second first."""
    name = "visual-wrap-reportlab-quotes"
    doc = document(OTHER / f"{name}.pdf")
    found = [p.source for p in doc.translated_paragraphs()]
    truth = [p.strip() for p in gold(name)]
    # The characters the font lacks are U+FFFD; the width they were set with may read as a word space.
    lacking = str.maketrans('"-/', "\ufffd\ufffd\ufffd", " ")
    assert [p.translate(lacking) for p in found] == [p.translate(lacking) for p in truth]
    assert SENTENCE_END.search("فقط.\ufffd") and not SENTENCE_END.search("فقط\ufffd")


def test_latin_words_broken_over_two_lines_come_back_in_order() -> None:
    """Put into visual order, ``"Still Game"`` stays left to right inside the right-to-left paragraph, and
    the breaker fills the upper line with its first word: read bottom to top, ``نجم "Game`` then ``Still"
    يبدو`` (``make_unseen_pdfs.py --seed 5``, a reportlab page, and a fpdf2 page of the first draw). Only
    a run of Latin words on both sides of the break is turned; lines set the usual way are joined as read."""
    from align.ingest.pdf import _join

    bottom, top = (
        _line('نجم "Game'.split(), 100, full=False),
        _line('Still" يبدو مستعدًا'.split(), 82, full=True),
    )
    assert _join([bottom, top], wrapped=True) == 'نجم "Still Game" يبدو مستعدًا'
    assert _join([bottom, top]) == 'نجم "Game Still" يبدو مستعدًا'
    three = [_line("قال مدير Online".split(), 100, False), _line("BBC News إن".split(), 82, True)]
    assert _join(three, wrapped=True) == "قال مدير BBC News Online إن"
    arabic = [_line("قال مدير".split(), 100, False), _line("Reuters إن".split(), 82, True)]
    assert _join(arabic, wrapped=True) == "قال مدير Reuters إن"


def test_a_headline_flowed_from_a_frame_into_a_column_is_one_paragraph() -> None:
    """``visual-wrap-reportlab-frames.pdf`` (``scripts/make_unseen_pdfs.py --seed 6``, its seventh reportlab
    page): two columns, and the headline flowed from the frame across the page into the top of the right
    column, more than two lines' space below. Its two pieces were read as two paragraphs, the headline's
    end first. The first display block goes on over such a gap (bottom to top: the column's lines first)."""
    name = "visual-wrap-reportlab-frames"
    doc = document(OTHER / f"{name}.pdf")
    truth = [p.strip() for p in gold(name)]
    found = [p.source for p in doc.translated_paragraphs()]
    assert found == truth
    assert found[0].startswith("وزير الصحة يكتب لعمال الاتحاد الأوروبي في هيئة")
