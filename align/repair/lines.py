"""Line-level damage from right-to-left PDF extraction: pieces of a line in the wrong order.

Only deterministic cases are fixed (a number run with its punctuation extracted ahead of the line). Other
signs of damage — a line that starts with punctuation, ends or starts with an isolated letter, or whose last
and first fragments form one word — are reported as ``run-order-suspect``: reordering a line on a guess
would put a wrong sentence in front of the reader, which is worse than a flag.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace

from align.document import Change
from align.repair.lexicon import Lexicon
from align.repair.pua import PUA_CHARS
from align.repair.tracked import Tracked
from align.text import ARABIC_WORD

# ".2015 معا ..." : sentence punctuation, then a number (ASCII digits or undecoded digit glyphs), at the
# start of a line that goes on in Arabic.
_LEADING_NUMBER = re.compile(f"^([.،؛:!؟?]+)[ ]?([0-9{PUA_CHARS}][0-9.,{PUA_CHARS}]*)[ ]+(?=\\S)")
_LEADING_PUNCT = re.compile(r"^[.،؛:!؟?]")
# Words of one letter that stand alone in correct text.
_ONE_LETTER_WORDS = frozenset("و")
# Short words that end and start lines all the time; joined to a neighbour they are not evidence.
FUNCTION_WORDS = frozenset(
    "في من عن على إلى الى أو او أن إن ان لا ما لم لن قد هو هي هم كل ثم بل لو كم مع هل يا"
    " ذلك هذا هذه التي الذي كما لكن لكنه يمكن بحيث يتم حيث لأن أما إذا إذ عندما بينما مثل أيضا فقط"
    " كان كانت بين بعد قبل حتى منذ عند لدى غير".split()
)


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the raw text
    text: Tracked
    indented: bool  # began with a space in the raw text: a paragraph start in many extractions
    end: int  # raw offset of the line break after it

    @property
    def blank(self) -> bool:
        return not self.text.text.strip()


def move_leading_number(line: Line) -> tuple[Line, Change | None]:
    match = _LEADING_NUMBER.match(line.text.text)
    if match is None or not ARABIC_WORD.search(line.text.text[match.end() :]):
        return line, None
    punct = line.text[match.start(1) : match.end(1)]
    number = line.text[match.start(2) : match.end(2)]
    rest = line.text[match.end() :].strip()
    space = Tracked.inserted(" ", number.origin[0])
    fixed = rest + space + number + punct
    change = Change(
        "run-order",
        line.text.raw_span(),
        line.text.text,
        fixed.text,
        "a number and its punctuation extracted ahead of a right-to-left line belong at its end",
    )
    return replace(line, text=fixed), change


def is_mark_only(line: Line) -> bool:
    """A line of nothing but combining marks (a tanween that the extractor put on a line of its own)."""
    text = line.text.text.strip()
    return bool(text) and all(unicodedata.combining(ch) or ch.isspace() for ch in text)


END_REASONS = ("ends with the isolated letter", "its last and first pieces", "starts with the fragment")
# Two-letter words; any other two-letter token opening a page line is likely the tail of a split word (ية).
TWO_LETTER_WORDS = frozenset(
    "في من عن ما لا لم لن قد هو هي هم كل أو او أن إن ان ثم بل لو كم مع هل يا أي إذ ذا ذو كي لك له لي لنا"
    " به بي بك"
    # Words of the clean corpora too ("في ظل", "تم"), never pieces a cut after ر ز أ leaves.
    " تم حد أم ظل خط رد حق ذي شك قل حل"
    " بها لها فيه منه عنه إذا اذا أنا انا إلا الا غد أب أخ يد دم فم اب اخ عم ضد".split()
)


def suspect_reasons(line: Line, lexicon: Lexicon, *, wrapped: bool = True) -> list[str]:
    """Why this line's pieces are probably out of order; empty when nothing looks wrong.

    Reasons starting with one of ``END_REASONS`` mean the line's visible end is not its real end. The
    last-and-first-pieces test is only meaningful for lines of a page (``wrapped`` text), not paragraphs.
    """
    text = line.text.text.strip()
    words = ARABIC_WORD.findall(text)
    if not words:
        return []
    reasons = []
    if _LEADING_PUNCT.match(text):
        reasons.append(f"starts with {text[0]!r}")
    first, last = words[0], words[-1]
    if _isolated_letter(last) and text.endswith(last):
        reasons.append(f"ends with the isolated letter {last!r}")
    if _isolated_letter(first) and text.startswith(first):
        reasons.append(f"starts with the isolated letter {first!r}")
    fragment = wrapped and letter_count(first) == 2 and first not in TWO_LETTER_WORDS
    if fragment and text.startswith(first) and not lexicon.in_dictionary(first):
        reasons.append(f"starts with the fragment {first!r}")
    if wrapped and len(words) > 1 and text.endswith(last) and text.startswith(first):
        joined = last + first
        # Two words that each occur elsewhere in the article are probably just two words.
        fragments = lexicon.counts[first] <= 1 or lexicon.counts[last] <= 1
        function = first in FUNCTION_WORDS or last in FUNCTION_WORDS
        if fragments and not function and lexicon.known(joined):
            reasons.append(f"its last and first pieces form the word {joined!r}")
    return reasons


def letter_count(word: str) -> int:
    """Letters of ``word``, its combining marks not counted."""
    return sum(1 for ch in word if not unicodedata.combining(ch))


def _isolated_letter(word: str) -> bool:
    return letter_count(word) == 1 and word[0] not in _ONE_LETTER_WORDS
