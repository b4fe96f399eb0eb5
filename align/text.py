"""The character classes every stage uses, defined once (``tests/test_text.py`` pins each of them).

Each class is a string of regular-expression ranges (to build patterns from), with a compiled pattern next
to it.
Where a stage needs a narrower class, it is defined here too, with the reason, rather than written again
slightly differently in the stage.
"""

from __future__ import annotations

import re

# Arabic letters of the base block: hamza (U+0621) to yeh (U+064A) without tatweel (U+0640, a stretching
# character, not a letter) and the extended letters (Persian, Urdu, dotless forms); every one has a Unicode
# letter category (the superscript alef U+0670 is a mark, below).
ARABIC_BASE_LETTERS = "\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06fa-\u06fc\u06ff"
# Letters of the Arabic Supplement and Extended-A blocks (rare in news, common in names from other languages).
ARABIC_SUPPLEMENT_LETTERS = "\u0750-\u077f\u08a0-\u08c9"
# Presentation forms: what PDF extraction yields when a font maps glyphs to them (repair folds them by NFKC).
ARABIC_PRESENTATION_FORMS = (
    "\ufb50-\ufbb1\ufbd3-\ufd3d\ufd50-\ufd8f\ufd92-\ufdc7\ufdf0-\ufdfb\ufe70-\ufe74\ufe76-\ufefc"
)
ARABIC_LETTERS = ARABIC_BASE_LETTERS + ARABIC_SUPPLEMENT_LETTERS + ARABIC_PRESENTATION_FORMS
# Combining marks written on letters: harakat, tanwin, shadda, sukun, madda, hamza above/below, superscript
# alef.
ARABIC_MARKS = "\u064b-\u065f\u0670"
TATWEEL = "\u0640"
# Letters that never join the letter after them (Unicode joining type R or U: alefs, dal, thal, ra, zain,
# waw, ta marbuta, hamza and their variants): no kashida can follow one.
ARABIC_NON_JOINING_AFTER = (
    "\u0621-\u0625\u0627\u0629\u062f-\u0632\u0648\u0671-\u0677\u0688-\u0699\u06c0\u06c3-\u06cb\u06cd"
    "\u06cf\u06d2\u06d3\u06d5\u06ee\u06ef"
)
# Arabic-Indic (U+0660-0669) and Extended (Persian, U+06F0-06F9) digits.
ARABIC_DIGITS = "\u0660-\u0669\u06f0-\u06f9"
# Arabic-Indic and Persian digits and the Arabic decimal, thousands and percent signs, one for one in
# ASCII: what the translation model reads (the repaired text keeps the article's own digits).
_DIGIT_FOLD = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬٪", "01234567890123456789.,%")
# The three Private Use Areas: PDF fonts put digits and ligatures there, and models read them as <unk>.
PRIVATE_USE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
# Invisible bidi controls (marks, embeddings, overrides, isolates) and the Arabic letter mark.
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069"
# C0 and C1 control characters and DEL, except tab and line feed (which are layout): they can drive a
# terminal (ESC, CSI, OSC, BEL) and XML 1.0 forbids most of them.
CONTROL_CHARACTERS = "\x00-\x08\x0b-\x1f\x7f-\x9f"

ARABIC_LETTER = re.compile(f"[{ARABIC_LETTERS}]")
# A word as repair and the dictionary see it: base letters with their marks (no presentation forms: repair
# has folded them by then; no tatweel: repair has removed it).
ARABIC_WORD = re.compile(f"[{ARABIC_BASE_LETTERS}{ARABIC_MARKS}]+")
PRIVATE_USE_CHAR = re.compile(f"[{PRIVATE_USE}]")
CONTROL_CHAR = re.compile(f"[{CONTROL_CHARACTERS}]")


# Browsers and TeX break a line after the hyphen of a compound ("بادن-|فويرتمبرغ", "COVID-|19") and at a
# soft hyphen: the hyphen stays, and the lines join without a space. After a space it is a dash.
_BROKEN_AT_HYPHEN = re.compile(r"\w[-\u2010\u00ad]$")


def broken_at_hyphen(line: str, following: str) -> bool:
    """Whether ``line`` ends in a word broken at its hyphen that ``following`` (the next line) continues:
    the two join without a space."""
    return _BROKEN_AT_HYPHEN.search(line) is not None and following[:1].isalnum()


def has_arabic(text: str) -> bool:
    """Whether ``text`` holds at least one Arabic letter (base, supplement or presentation form)."""
    return ARABIC_LETTER.search(text) is not None


__all__ = [
    "ARABIC_BASE_LETTERS",
    "ARABIC_DIGITS",
    "ARABIC_LETTER",
    "ARABIC_LETTERS",
    "ARABIC_MARKS",
    "ARABIC_PRESENTATION_FORMS",
    "ARABIC_SUPPLEMENT_LETTERS",
    "ARABIC_WORD",
    "BIDI_CONTROLS",
    "CONTROL_CHAR",
    "CONTROL_CHARACTERS",
    "PRIVATE_USE",
    "PRIVATE_USE_CHAR",
    "TATWEEL",
    "broken_at_hyphen",
    "has_arabic",
]


def fold_digits(text: str) -> str:
    """``text`` with Arabic-Indic and Persian digits and signs as ASCII, character for character (offsets
    into it are offsets into ``text``)."""
    return text.translate(_DIGIT_FOLD)
