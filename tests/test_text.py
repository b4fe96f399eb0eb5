"""The shared character classes (align/text.py), pinned code point by code point: a change to any of them
changes what repair, segmentation, QA and the readers call a letter, a mark or a control character."""

from __future__ import annotations

import functools
import re
import unicodedata

import pytest

from align import text


@functools.cache
def members(ranges: str) -> frozenset[int]:
    """The code points a ``[ranges]`` character class matches, read from the ranges and checked against the
    compiled class at each end of every range (a class is a string of single characters
    and ``a-b`` ranges).
    """
    pattern = re.compile(f"[{ranges}]")
    found: set[int] = set()
    i = 0
    while i < len(ranges):
        low = high = ord(ranges[i])
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            high = ord(ranges[i + 2])
            i += 3
        else:
            i += 1
        assert pattern.fullmatch(chr(low)) and pattern.fullmatch(chr(high))
        assert low == 0 or not pattern.fullmatch(chr(low - 1)) or low - 1 in found
        found.update(range(low, high + 1))
    return frozenset(found)


@pytest.mark.parametrize(
    ("name", "count", "first", "last"),
    [
        ("ARABIC_BASE_LETTERS", 32 + 10 + 2 + 99 + 1 + 3 + 1, 0x0620, 0x06FF),
        ("ARABIC_SUPPLEMENT_LETTERS", 48 + 42, 0x0750, 0x08C9),
        ("ARABIC_PRESENTATION_FORMS", 98 + 363 + 64 + 54 + 12 + 5 + 135, 0xFB50, 0xFEFC),
        ("ARABIC_MARKS", 22, 0x064B, 0x0670),
        ("ARABIC_NON_JOINING_AFTER", 5 + 1 + 1 + 4 + 1 + 7 + 18 + 1 + 9 + 1 + 1 + 2 + 1 + 2, 0x0621, 0x06EF),
        ("ARABIC_DIGITS", 20, 0x0660, 0x06F9),
        ("PRIVATE_USE", 6400 + 65534 + 65534, 0xE000, 0x10FFFD),
        ("BIDI_CONTROLS", 12, 0x061C, 0x2069),
        ("CONTROL_CHARACTERS", 9 + 21 + 33, 0x00, 0x9F),
    ],
)
def test_class_sizes_and_bounds(name: str, count: int, first: int, last: int) -> None:
    found = members(getattr(text, name))
    assert (len(found), min(found), max(found)) == (count, first, last)


def test_tatweel_is_not_a_letter_and_marks_are_not_letters() -> None:
    letters = members(text.ARABIC_LETTERS)
    assert 0x0640 not in letters
    assert not letters & members(text.ARABIC_MARKS)
    assert not letters & members(text.ARABIC_DIGITS)


def test_base_letters_are_unicode_letters_of_the_arabic_script() -> None:
    for cp in members(text.ARABIC_BASE_LETTERS):
        assert unicodedata.category(chr(cp)).startswith("L"), hex(cp)
        assert "ARABIC" in unicodedata.name(chr(cp)), hex(cp)
    for cp in members(text.ARABIC_SUPPLEMENT_LETTERS) | members(text.ARABIC_PRESENTATION_FORMS):
        assert unicodedata.category(chr(cp)).startswith("L"), hex(cp)


def test_every_mark_is_a_combining_mark() -> None:
    assert all(unicodedata.category(chr(cp)) == "Mn" for cp in members(text.ARABIC_MARKS))


def test_controls_keep_tab_and_newline_and_cover_escape_bel_csi() -> None:
    controls = members(text.CONTROL_CHARACTERS)
    assert {0x09, 0x0A}.isdisjoint(controls)
    assert {0x1B, 0x07, 0x9B, 0x7F, 0x00, 0x0D}.issubset(controls)


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("مرحبا", True),
        ("ﻣﺮﺣﺒﺎ", True),  # presentation forms, as some PDFs give them
        ("ـــــ", False),  # tatweel only
        ("\u200f\u202b\u061c", False),  # bidi controls only
        ("\u064e\u0650", False),  # marks only
        ("١٢٣", False),  # digits only
        ("English only", False),
    ],
)
def test_has_arabic(sample: str, expected: bool) -> None:
    assert text.has_arabic(sample) is expected


def test_arabic_word_takes_letters_with_their_marks() -> None:
    assert text.ARABIC_WORD.findall("كَتَبَ الـولد 12") == ["كَتَبَ", "ال", "ولد"]


@pytest.mark.parametrize(
    ("line", "following", "joined"),
    [
        ("من فئة بادن-", "فويرتمبرغ بواسطة", True),  # a compound broken at its hyphen
        ("إصابات COVID-", "19 الجديدة", True),
        ("in the long‐", "term", True),  # U+2010 HYPHEN
        ("inter\u00ad", "national", True),  # a soft hyphen drawn at the break
        ("عدد أفرادها كثيرا -", "وهذا مهم", False),  # a dash, set apart
        ("الفترة 2018–", "2019", False),  # an en dash is a range, not a broken word
        ("بادن-", "«فويرتمبرغ»", False),  # the next line does not continue a word
        ("كلمة", "أخرى", False),
    ],
)
def test_broken_at_hyphen(line: str, following: str, joined: bool) -> None:
    assert text.broken_at_hyphen(line, following) is joined
