"""Private-Use-Area glyphs: digits and ligatures that a PDF font kept out of Unicode.

MarianMT reads these as <unk> and drops them, so every year of an article can vanish. Digit glyphs are
decoded with a table that is either given by the user or inferred from evidence in the article itself:
fonts store digit glyphs in order, so the table is "code point = base + digit" (the zero glyph may sit
apart), and four-glyph numbers after year words (سنة، عام، a month or season name) must read as years.
The table is accepted only when exactly one reading satisfies every year; otherwise nothing is guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from align.text import ARABIC_BASE_LETTERS, ARABIC_WORD, PRIVATE_USE

PUA_CHARS = PRIVATE_USE
PUA_RUN = re.compile(f"[{PUA_CHARS}]+")
_ARABIC_LETTER = re.compile(f"[{ARABIC_BASE_LETTERS}]")

_MONTHS = (
    "يناير فبراير مارس أبريل إبريل ابريل مايو يونيو يونيه يوليو يوليه أغسطس اغسطس سبتمبر أكتوبر اكتوبر"
    " نوفمبر ديسمبر كانون شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين"
).split()
_YEAR_WORDS = "سنة عام سنوات أعوام خريف ربيع صيف شتاء مطلع منتصف أواخر أوائل".split()
_PROCLITICS = frozenset("وبلفك")
_PREFIXES = ("", "ال", "ل", "لل", "ب", "بال", "و", "وال", "ول", "وب", "ف", "في")
# Years a news article mentions. A tighter upper bound is also evidence against a font whose digit glyphs
# are not in order: read in order, its years' last digits come out arbitrary ("2010" as "2090").
YEAR_RANGE = (1900, 2040)

# Ligature glyphs seen in the wild (font-specific PUA code points), applied only when every word they
# produce is a known word (see ``Lexicon``).
KNOWN_LIGATURES: Mapping[str, str] = {
    "\ue0a5\ue072": "رج",  # observed in an Arabic news PDF: the bannon-brexit sample (جورج، خارج)
    "\ue0a4\ue081": "رح",  # same source (يطرح)
}


def codepoint(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def is_year_cue(word: str) -> bool:
    """A word after which a four-digit number is a year: سنة, عام, a month or season (also a month's tail,
    as left by broken PDF lines: كتوبر)."""
    bare = word.strip("/،,.:؛")
    for prefix in _PREFIXES:
        if bare.startswith(prefix) and bare[len(prefix) :] in (*_YEAR_WORDS, *_MONTHS):
            return True
    return len(bare) >= 4 and any(month.endswith(bare) for month in _MONTHS)


@dataclass(frozen=True)
class NumberRun:
    glyphs: str
    cued: bool  # preceded by a year word


def standalone_runs(line: str) -> list[tuple[int, int]]:
    """Spans of PUA runs that stand alone (not glued to Arabic letters): the candidates for numbers."""
    spans = []
    for match in PUA_RUN.finditer(line):
        start, end = match.span()
        before = line[start - 1] if start else " "
        after = line[end] if end < len(line) else " "
        # A one-letter proclitic (و، ب، ل، ف، ك) may be glued to a number: "و2015".
        proclitic = (
            start >= 1 and before in _PROCLITICS and (start == 1 or not _ARABIC_LETTER.match(line[start - 2]))
        )
        if (proclitic or not _ARABIC_LETTER.match(before)) and not _ARABIC_LETTER.match(after):
            spans.append((start, end))
    return spans


def number_runs(lines: Iterable[str]) -> list[NumberRun]:
    runs = []
    for line in lines:
        for start, end in standalone_runs(line):
            words = ARABIC_WORD.findall(line[:start])
            runs.append(NumberRun(line[start:end], cued=bool(words) and is_year_cue(words[-1])))
    return runs


@dataclass(frozen=True)
class DigitInference:
    mapping: dict[str, str]
    evidence: str  # why the table was believed, or why none was chosen


def infer_digits(runs: Sequence[NumberRun]) -> DigitInference:
    """Infer the digit table of a font from the article's numbers; empty when the evidence is not decisive."""
    glyphs = sorted({g for run in runs for g in run.glyphs})
    years = [run for run in runs if run.cued and len(run.glyphs) == 4]
    if not glyphs:
        return DigitInference({}, "")
    if len(years) < 2:
        return DigitInference({}, f"not enough evidence: {len(years)} four-glyph number(s) after a year word")
    best: list[tuple[float, dict[str, int], int, str | None]] = []
    codes = [ord(g) for g in glyphs]
    for zero in [None, *glyphs]:
        for base in range(min(codes) - 10, max(codes) + 1):
            mapping = _affine(glyphs, base, zero)
            if mapping is None:
                continue
            decoded = [_read(run.glyphs, mapping) for run in years]
            if not all(YEAR_RANGE[0] <= y <= YEAR_RANGE[1] for y in decoded):
                continue
            # Secondary evidence: uncued four-glyph numbers read as years; numbers have no leading zero.
            score = sum(
                YEAR_RANGE[0] <= _read(r.glyphs, mapping) <= YEAR_RANGE[1] for r in runs if len(r.glyphs) == 4
            )
            score -= sum(len(r.glyphs) > 1 and mapping[r.glyphs[0]] == 0 for r in runs)
            best.append((score + (0.5 if zero is None else 0.0), mapping, base, zero))
    if not best:
        return DigitInference(
            {}, "no digit order makes every number after a year word a year: glyphs left as is"
        )
    top = max(score for score, *_ in best)
    winners = [(m, base, zero) for score, m, base, zero in best if score == top]
    readings = {tuple(sorted(m.items())) for m, _, _ in winners}
    if len(readings) > 1:
        return DigitInference(
            {}, f"{len(readings)} digit tables fit the evidence equally well: glyphs left as is"
        )
    mapping = dict(next(iter(readings)))
    # The order also gives the digits the article never shows, when every winning reading agrees on them.
    bases = {base for _, base, _ in winners}
    unseen = []
    if len(bases) == 1:
        base = bases.pop()
        for digit in range(1, 10):
            glyph = chr(base + digit)
            if glyph not in mapping and digit not in mapping.values():
                mapping[glyph] = digit
                unseen.append(codepoint(glyph))
    counts = Counter(str(_read(run.glyphs, mapping)) for run in years)
    table = ", ".join(f"{codepoint(g)}={d}" for g, d in sorted(mapping.items(), key=lambda item: item[1]))
    seen = ", ".join(f"{year} ×{n}" for year, n in sorted(counts.items()))
    evidence = (
        f"digit glyphs {table}: the only font order (consecutive code points, consecutive digits) in which "
        f"all {len(years)} four-glyph numbers after year words read as years {YEAR_RANGE[0]}–{YEAR_RANGE[1]}"
        f" ({seen})"
    )
    if unseen:
        evidence += f"; {', '.join(unseen)} do not occur but follow from the same order"
    return DigitInference({g: str(d) for g, d in mapping.items()}, evidence)


def _affine(glyphs: Sequence[str], base: int, zero: str | None) -> dict[str, int] | None:
    mapping = {}
    lowest = 0 if zero is None else 1  # with a separate zero glyph the others are 1..9
    for glyph in glyphs:
        digit = 0 if glyph == zero else ord(glyph) - base
        if glyph != zero and not lowest <= digit <= 9:
            return None
        mapping[glyph] = digit
    return mapping if len(set(mapping.values())) == len(mapping) else None


def _read(glyphs: str, mapping: Mapping[str, int]) -> int:
    return int("".join(str(mapping[g]) for g in glyphs))


def placeholder(glyphs: str) -> str:
    """Visible stand-in for glyphs that could not be decoded; it survives translation as ASCII."""
    return "[glyph " + " ".join(codepoint(g) for g in glyphs) + "]"


def parse_glyph_map(data: Mapping[str, str]) -> dict[str, str]:
    """A user table: keys are glyphs or "U+E005"-style code points, values are the text they stand for."""
    table = {}
    for key, value in data.items():
        glyph = chr(int(key[2:], 16)) if key.upper().startswith("U+") else key
        if len(glyph) != 1:
            raise ValueError(f"glyph map key {key!r} is not one character or a U+XXXX code point")
        table[glyph] = str(value)
    return table
