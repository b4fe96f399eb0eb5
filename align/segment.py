"""Paragraphs and Arabic-aware sentences, with character offsets into the article text.

Why our own splitter: pysbd's Arabic rules split on every ``،`` and ``:``, sentence-splitter has no
Arabic, and stanza/trankit/camel-tools need model downloads or pin old transformers. The rules here
are few and explicit so that their failures are easy to see and test.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from align.document import Document, DocumentMeta, Flag, Paragraph, ParagraphKind, Segment, Span, raw_offset
from align.ingest import RawArticle
from align.text import ARABIC_BASE_LETTERS

if TYPE_CHECKING:
    from align.repair import RepairResult

SEGMENTER_VERSION = "ar-v2"

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_CLOSERS = "\"'”’»›)]}"
# A run of terminators (". ! ? ؟ …", so "..." too) and any closing quotes/brackets, ending the sentence only
# when whitespace or the end of the paragraph follows: this keeps "ليف.إي يو", "3.5" and URLs whole. The run
# is matched from its first character only, and by one character class: an alternation such as "\.\.\.|\."
# can split a long run of dots in exponentially many ways, which a dot leader ("..... 12") then tries all of.
_TERMINATOR = re.compile(r"(?<![.!?؟…])[.!?؟…]+[" + re.escape(_CLOSERS) + r"]*(?=\s|$)")
# A bare ellipsis marks a pause far more often than an end: in the NTREX/FLORES/TICO Arabic no gold
# sentence ends with one, while every one followed by a space sits inside a sentence.
# str.isalnum as a pattern (``\w`` is exactly isalnum plus "_"): searched in C, since ``before`` can be long.
_ALNUM = re.compile(r"[^\W_]")
_ELLIPSIS_ONLY = re.compile(r"(?:\.\.\.|…)+\.*$")
# A closing quote or bracket standing alone after a terminator ("قال: "انتهى. " ثم") closes the sentence.
_STRAY_CLOSERS = re.compile(r"\s+[" + re.escape(_CLOSERS) + r"]+(?=\s|$)")
_OPENERS = "\"'“‘«‹([{"
# Harakat break ``\w`` runs and tatweel only stretches a word: both are ignored when comparing words.
_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
# "د." doctor, "م." engineer, "ص." page, "ن." an initial, "أ.د." professor, "ق.م." BC: no Arabic word is a
# single letter, so a lone letter before a dot is an abbreviation ...
_ARABIC_INITIALS = re.compile(rf"(?:[{ARABIC_BASE_LETTERS}]\.)*[{ARABIC_BASE_LETTERS}]")
_ARABIC_DOTTED = re.compile(rf"(?:[{ARABIC_BASE_LETTERS}]\.)+")
# ... except a date or time suffix after a number ("عام 2015 م." AD, "1440 هـ." hijri, "7 م." pm,
# "300 ق.م." BC), which ends a sentence as often as any other word.
_DATE_SUFFIXES = frozenset({"م", "ه", "ص", "ق.م", "ب.م"})
_NUMBER = re.compile(r"\d[\d.,:٫٬]*")
# Latin letters spelled out in Arabic, as in "جي. كي. رولينغ" or "روي في. وايد". "في" (in), "كي" (so that)
# and "إن" (that) are also words that cannot end a sentence, so they are safe here; "بي" (with me) and
# "زي" (costume) can, and count as initials only after another dotted initial ("جي. بي. مورغان").
_LETTER_NAMES = frozenset(
    "إيه أيه سي دي إي إف جي إتش اتش أتش آي جيه جاي كيه كي إل إم "  # A-M
    "إن كيو آر إس تي يو في ڤي دبليو إكس واي زد".split()  # N-Z
)
_AMBIGUOUS_LETTER_NAMES = frozenset({"بي", "زي"})
# A letter after one of these nouns is a label ("فيتامين د", "البروتين إس", "الفئة أ", "التهاب الكبد ب"),
# not an abbreviation or an initial, so its dot can end the sentence.
_LABEL_NOUNS = frozenset(
    "فيتامين بروتين فئة نوع صنف طراز ملحق جدول شكل خطة بند فقرة مادة قسم مجموعة مبنى جناح بوابة مستوى "
    "درجة سلالة خيار كبد".split()
)
_ARTICLE_PREFIX = re.compile(r"^[وف]?(?:[بلك]?ال|لل|[بلك])?")
_LATIN_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")  # "J", "U.S", "a.m"
# Written before a name or a number, so never the last word of a sentence.
_LATIN_TITLES = frozenset(
    "mr mrs ms dr prof st mt gen gov sen rep col lt sgt capt no vs v fig e.g i.e cf "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Written after a name, so as likely as any word to end a sentence, unless Latin text continues in
# lower case ("Smith Jr. said", "etc. and").
_LATIN_POSTNOMINALS = frozenset("jr sr inc ltd corp co llc plc bros etc".split())
# "1. " or "(2. " opening a line or a sentence numbers a list item; it is not a sentence of its own.
_LIST_NUMBER = re.compile(r"(?:^|\n)\s*\(?\d{1,2}$")
# After a quoted question or exclamation ("؟"" / "!""), the punctuation belongs to the quotation, and the
# sentence goes on when a participle of speech follows ("قائلًا" saying, "مضيفًا" adding): such a participle
# cannot open a sentence.
_QUOTED_QUESTION = re.compile(r"[!?؟][\"'”’»›]+$")
_CONTINUATIONS = re.compile(r"(?:قائل|مضيف|مشير|موضح|متسائل|مؤكد|معتبر|منوه|لافت)(?:ا|ة|ين)(?!\w)")
# A quotation followed by a short sentence with a verb of saying is a quotation and its attribution
# ("..." كما أضاف هاميل. / "...؟" تساءلت.), one sentence in English and in the translation.
_ATTRIBUTION_WORDS = 5
_SAYING = re.compile(r"[وف]?(?:قال|أضاف|تساءل|أفاد|صرح|أوضح|أكد|علق|سأل|حسب|وفق|نقلا)")
_QUOTE_END = re.compile(r"[.!?؟…][\"'”’»›]+$")


def split_paragraphs(text: str) -> list[Span]:
    """Spans of the paragraphs of ``text``: a blank line (possibly with spaces) separates paragraphs.

    Spans start and end on non-whitespace characters; whitespace-only stretches yield no paragraph.
    """
    spans: list[Span] = []
    start = 0
    for match in _BLANK_LINE.finditer(text):
        _append_trimmed(text, start, match.start(), spans)
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Spans of the sentences in ``text[start:end]``, as offsets into ``text``.

    Boundaries fall after ``. ! ? ؟`` (and closing quotes or brackets) followed by whitespace; never on
    ``، ؛ :`` or a bare ellipsis; never after a dot followed by a non-space (``ليف.إي يو``, decimals, URLs),
    after an abbreviation or initial (``د.``, ``جي. كي.``, ``J. K.``, ``Mr.``, ``U.S.`` before Latin text) or
    a list number (``1.``); never between a quoted question and a participle of speech (``؟" قائلًا``). A
    quotation keeps a short attribution after it (``"..." كما أضاف هاميل.``). Punctuation with no letter or
    digit before it (``. معا``, a line-initial dot left by a broken PDF) stays with the sentence that follows.
    The spans cover every non-whitespace character of the range exactly once.
    """
    end = len(text) if end is None else end
    region = text[start:end]
    spans: list[Span] = []
    current = 0
    for match in _TERMINATOR.finditer(region):
        before = region[current : match.start()]
        after = region[match.end() : match.end() + 40]
        if not _is_boundary(before, match.group(), after):
            continue
        stop = match.end()
        stray = _STRAY_CLOSERS.match(region, stop)
        if stray and _has_open_quote(region[current:stop]):
            stop = stray.end()
        if spans and _is_attribution(region, spans[-1], region[current:stop]):
            current = spans.pop()[0]
        _append_trimmed(region, current, stop, spans)
        current = stop
    tail = region[current:]
    if any(ch.isalnum() for ch in tail) or not spans:
        _append_trimmed(region, current, len(region), spans)
    else:
        # Trailing punctuation with nothing to translate belongs to the last sentence.
        last_start, _ = spans.pop()
        _append_trimmed(region, last_start, len(region), spans)
    return [(a + start, b + start) for a, b in spans]


def normalize_space(text: str) -> str:
    """Collapse line breaks and runs of whitespace: PDF line wraps are not sentence structure."""
    return " ".join(text.split())


def build_document(raw: RawArticle, repaired: RepairResult | None = None) -> Document:
    """Paragraphs and sentences of an article, untranslated.

    Without ``repaired`` a blank line separates paragraphs of the raw text; with it, the repaired text and its
    paragraphs (kinds and repair flags included) are used, and the raw text and offset map are kept.
    """
    layout: list[tuple[Span, ParagraphKind, tuple[Flag, ...], int | None]]
    if repaired is None:
        text = raw.text
        if raw.blocks:
            layout = [((b.start, b.end), b.kind, b.flags, b.page) for b in raw.blocks]
        else:
            layout = [(span, "body", (), None) for span in split_paragraphs(text)]
    else:
        text = repaired.text
        layout = []
        for p in repaired.paragraphs:
            # What the source format says about a paragraph (a DOCX heading, a PDF page) outranks the guess
            # of the repair stage, except for pull-quotes and footers, which only repair can see.
            block = raw.block_at(raw_offset(repaired.raw_map, p.span[0]))
            kind = p.kind
            if block is not None and p.kind not in ("pullquote", "footer"):
                kind = block.kind
            # The reader's own flags (an order the page leaves open) go with the repair stage's.
            flags = p.flags + tuple(f for f in (block.flags if block else ()) if f not in p.flags)
            layout.append((p.span, kind, flags, block.page if block else None))
    paragraphs = []
    for p_index, ((p_start, p_end), kind, flags, page) in enumerate(layout, start=1):
        segments = tuple(
            Segment(id=f"p{p_index}.s{s_index}", source=normalize_space(text[a:b]), span=(a, b))
            for s_index, (a, b) in enumerate(split_sentences(text, p_start, p_end), start=1)
        )
        paragraphs.append(
            Paragraph(
                id=f"p{p_index}", kind=kind, span=(p_start, p_end), segments=segments, flags=flags, page=page
            )
        )
    meta = DocumentMeta(
        source=raw.source,
        sha256=raw.sha256,
        format=raw.format,
        encoding=raw.encoding,
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        repair=repaired.report if repaired else None,
        ingest=raw.ingest,
    )
    if repaired is None:
        return Document(meta=meta, text=text, paragraphs=tuple(paragraphs))
    return Document(
        meta=meta, text=text, paragraphs=tuple(paragraphs), raw_text=raw.text, raw_map=repaired.raw_map
    )


def _is_boundary(before: str, terminator: str, after: str) -> bool:
    """Whether ``terminator``, between ``before`` (the text since the last boundary) and ``after``, ends a
    sentence."""
    if not _ALNUM.search(before) or _LIST_NUMBER.search(before):
        return False
    if _ELLIPSIS_ONLY.match(terminator.rstrip(_CLOSERS)):
        return False
    next_word = _bare(after.lstrip().lstrip(_OPENERS))
    if _QUOTED_QUESTION.search(terminator) and _CONTINUATIONS.match(next_word):
        return False
    return terminator != "." or not _is_abbreviation(before, next_word)


def _is_abbreviation(before: str, next_word: str) -> bool:
    """Whether the dot after ``before`` belongs to an abbreviation or initial, given the next word."""
    words = [_bare(w.lstrip(_OPENERS)) for w in before[-160:].split()]
    if not words:
        return False
    # "ق. م" and "أ. د" are the abbreviations "ق.م" and "أ.د" written with a space.
    while len(words) > 1 and _ARABIC_INITIALS.fullmatch(words[-1]) and _ARABIC_DOTTED.fullmatch(words[-2]):
        words[-2:] = [words[-2] + words[-1]]
    word = words[-1]
    previous = words[-2] if len(words) > 1 else ""
    next_is_latin = next_word[:1].isascii() and next_word[:1].isalnum()
    is_arabic_initial = bool(_ARABIC_INITIALS.fullmatch(word))
    is_letter_name = word in _LETTER_NAMES or word in _AMBIGUOUS_LETTER_NAMES
    if (is_arabic_initial or is_letter_name) and _is_label_noun(previous):
        return False
    if is_arabic_initial:
        return not (word in _DATE_SUFFIXES and _NUMBER.fullmatch(previous.rstrip(".")))
    if is_letter_name:
        if previous in _LETTER_NAMES or previous in _AMBIGUOUS_LETTER_NAMES:
            return False  # the last letter of a spelled acronym: "بي بي سي." (BBC), "سي إن إن."
        return word in _LETTER_NAMES or _is_dotted_initial(previous)
    lower = word.lower()
    if lower in _LATIN_TITLES:
        return True
    if lower in _LATIN_POSTNOMINALS:
        return next_word[:1].isdigit() or (next_is_latin and next_word[:1].islower())
    if _LATIN_INITIALS.fullmatch(word):
        # "J. K. Rowling", "U.S. Steel"; before Arabic the letter or acronym ends the sentence
        # ("بروتين S.", "في U.S. وقال"), since Arabic text rarely continues a Latin name in Arabic.
        return next_is_latin
    return False


def _is_label_noun(word: str) -> bool:
    return word in _LABEL_NOUNS or _ARTICLE_PREFIX.sub("", word) in _LABEL_NOUNS


def _is_dotted_initial(word: str) -> bool:
    stem = word[:-1]
    return word.endswith(".") and (
        stem in _LETTER_NAMES or stem in _AMBIGUOUS_LETTER_NAMES or bool(_ARABIC_INITIALS.fullmatch(stem))
    )


def _has_open_quote(sentence: str) -> bool:
    """Whether ``sentence`` opens a quotation or bracket it does not close."""
    pairs = (("“", "”"), ("«", "»"), ("(", ")"), ("[", "]"))
    return sentence.count('"') % 2 == 1 or any(sentence.count(a) > sentence.count(b) for a, b in pairs)


def _is_attribution(region: str, previous: Span, sentence: str) -> bool:
    """Whether ``sentence`` is the attribution of the quotation that ends the ``previous`` sentence."""
    body = sentence.strip()
    return (
        bool(_QUOTE_END.search(region[previous[0] : previous[1]]))
        and body.endswith(".")
        and not body.endswith("..")
        and len(body.split()) <= _ATTRIBUTION_WORDS
        and any(_SAYING.match(_bare(word)) for word in body.split())
    )


def _bare(word: str) -> str:
    return _MARKS.sub("", word)


def _append_trimmed(text: str, start: int, end: int, spans: list[Span]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
