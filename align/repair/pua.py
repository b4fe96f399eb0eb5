"""Private-Use-Area glyphs: digits and ligatures that a PDF font kept out of Unicode.

MarianMT reads these as <unk> and drops them, so every year of an article can vanish. Digit glyphs are
decoded with a table that is either given by the user or inferred from evidence in the article itself:
fonts store digit glyphs in order, so the table is "code point = base + digit" (the zero glyph may sit
apart), and four-glyph numbers after year words (سنة، عام، a month or season name) must read as years.
Other contexts say what a number can be too: the parts of a date, a day before a month name, a percentage, a
count before an accusative noun; and, when those decide nothing, a round number ends in zeros. The table is
accepted only when at least two numbers have such a context and exactly one reading fits them best;
otherwise nothing is guessed.
"""

from __future__ import annotations

import re
import unicodedata
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


def codepoint(glyphs: str) -> str:
    """ "U+E005", or "U+F001F U+F0020" for glyphs read together."""
    return " ".join(f"U+{ord(ch):04X}" for ch in glyphs)


def is_year_cue(word: str) -> bool:
    """A word after which a four-digit number is a year: سنة, عام, a month or season (also a month's tail,
    as left by broken PDF lines: كتوبر)."""
    bare = word.strip("/،,.:؛")
    for prefix in _PREFIXES:
        if bare.startswith(prefix) and bare[len(prefix) :] in (*_YEAR_WORDS, *_MONTHS):
            return True
    return len(bare) >= 4 and any(month.endswith(bare) for month in _MONTHS)


# What a number's context says about its value, when the glyphs are unknown.
_PERCENT_AFTER = re.compile(r"^\s?(?:[%٪]|(?:في|ب)\s?الم(?:ائ|ئ)ة)")
_DATE = re.compile(f"([{PUA_CHARS}]+)\\s?([/.\\-])\\s?([{PUA_CHARS}]+)\\s?\\2\\s?([{PUA_CHARS}]+)")
_ACCUSATIVE = re.compile("(?:\u064b\u0627|\u0627\u064b|\u0629\u064b)$")  # tanwin fath: عامًا, مرةً
CUE_NAMES = {
    "year": "four-glyph numbers after a year word read as years",
    "date": "dates d/m/yyyy",
    "day": "days of the month before a month name",
    "percent": "percentages up to 100",
    "count": "counts 11–99 before a noun in the accusative (عامًا)",
    "round": "round numbers (ending in one glyph twice, or three times in four glyphs) end in zeros",
}


@dataclass(frozen=True)
class NumberRun:
    glyphs: str
    cued: bool = False  # preceded by a year word (and four glyphs long): a year
    cue: str = ""  # what the context says: "year", "date", "day", "percent", "count" (see CUE_NAMES)
    low: int = 0  # the value the cue allows
    high: int = 10**9


def number_runs(lines: Iterable[str]) -> list[NumberRun]:
    """The article's stand-alone Private-Use runs, each with what its context says about its value."""
    runs = []
    for line in lines:
        dated = _dated(line)
        for start, end in standalone_runs(line):
            glyphs = line[start:end]
            words = ARABIC_WORD.findall(line[:start])
            after = line[end:]
            following = ARABIC_WORD.findall(after)
            year = bool(words) and is_year_cue(words[-1]) and len(glyphs) == 4
            if year:
                runs.append(NumberRun(glyphs, True, "year", *YEAR_RANGE))
            elif (start, end) in dated:
                runs.append(NumberRun(glyphs, False, "date", *dated[(start, end)]))
            elif len(glyphs) <= 2 and following and _bare_month(following[0]) and after[:1].isspace():
                runs.append(NumberRun(glyphs, False, "day", 1, 31))
            elif len(glyphs) <= 3 and _PERCENT_AFTER.match(after):
                runs.append(NumberRun(glyphs, False, "percent", 0, 100))
            elif len(glyphs) == 2 and following and _ACCUSATIVE.search(following[0]) and after[:1].isspace():
                runs.append(NumberRun(glyphs, False, "count", 11, 99))
            elif _round(glyphs):
                runs.append(NumberRun(glyphs, False, "round"))
            else:
                runs.append(NumberRun(glyphs))
    return runs


def _round(glyphs: str) -> bool:
    """A number that ends in one glyph twice (three times in four glyphs, which a year fills too): news
    counts are round (1000, 17500, 330000), so that glyph is the zero. Years (2011, 1999) are why four-glyph
    numbers need three, and a stray coincidence meets the other cues' contradiction or leaves several
    tables: nothing is decoded then."""
    tail = 3 if len(glyphs) == 4 else 2
    return len(glyphs) >= 3 and len(set(glyphs[-tail:])) == 1 and len(set(glyphs)) > 1


def _fits(run: NumberRun, mapping: Mapping[str, int]) -> bool:
    value = _read(run.glyphs, mapping)
    return run.low <= value <= run.high and (
        run.cue != "round" or value % 10 ** (3 if len(run.glyphs) == 4 else 2) == 0
    )


def _bare_month(word: str) -> bool:
    return word.strip("،,.") in _MONTHS


def _dated(line: str) -> dict[tuple[int, int], tuple[int, int]]:
    """Runs that form a date (d/m/yyyy, or yyyy/m/d as a broken line may show it) and their value ranges."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for match in _DATE.finditer(line):
        spans = [match.span(1), match.span(3), match.span(4)]
        sizes = [end - start for start, end in spans]
        year = 0 if sizes[0] == 4 else 2 if sizes[2] == 4 else None
        if year is None or any(size > 2 for i, size in enumerate(sizes) if i != year):
            continue
        for i, span in enumerate(spans):
            out[span] = YEAR_RANGE if i == year else (1, 31)
    return out


@dataclass(frozen=True)
class DigitInference:
    mapping: dict[str, str]
    evidence: str  # why the table was believed, or why none was chosen
    cues: int = 0  # how many numbers' contexts decided the table


def infer_digits(runs: Sequence[NumberRun]) -> DigitInference:
    """Infer the digit table of a font from the article's numbers; empty when the evidence is not decisive.

    Fonts store digit glyphs in order, so a table is "code point = base + digit" (the zero glyph may sit
    apart). The numbers whose context says what they can be (a year after a year word, the parts of a
    date, a day before a month name, a percentage, a count before an accusative noun) must all read so;
    at least two such numbers are needed, and exactly one reading may fit best. Round numbers (ending in
    one glyph repeated) are the weakest cue, a habit of news rather than a rule: they are asked only when
    the others decide nothing, and must then leave one table standing with them."""
    plain = [NumberRun(run.glyphs) if run.cue == "round" else run for run in runs]
    found = _infer(plain)
    if found.mapping or not any(run.cue == "round" for run in runs):
        return found
    rounded = _infer(runs)
    return rounded if rounded.mapping else found


def _infer(runs: Sequence[NumberRun]) -> DigitInference:
    glyphs = sorted({g for run in runs for g in run.glyphs})
    cued = [run for run in runs if run.cue]
    if not glyphs:
        return DigitInference({}, "")
    if len(cued) < 2:
        return DigitInference({}, f"not enough evidence: {len(cued)} number(s) whose context tells its value")
    best: list[tuple[float, dict[str, int], int, str | None]] = []
    codes = [ord(g) for g in glyphs]
    for zero in [None, *glyphs]:
        for base in range(min(codes) - 10, max(codes) + 1):
            mapping = _affine(glyphs, base, zero)
            if mapping is None:
                continue
            if not all(_fits(run, mapping) for run in cued):
                continue
            if any(len(run.glyphs) > 1 and mapping[run.glyphs[0]] == 0 for run in cued):
                continue  # a year, a day or a percentage has no leading zero
            # Secondary evidence: uncued four-glyph numbers read as years; numbers have no leading zero.
            score = sum(
                YEAR_RANGE[0] <= _read(r.glyphs, mapping) <= YEAR_RANGE[1] for r in runs if len(r.glyphs) == 4
            )
            score -= sum(len(r.glyphs) > 1 and mapping[r.glyphs[0]] == 0 for r in runs)
            best.append((score + (0.5 if zero is None else 0.0), mapping, base, zero))
    if not best:
        return DigitInference(
            {}, "no digit order makes every number read as its context says: glyphs left as is"
        )
    years = sum(run.cue == "year" for run in cued)
    if years < 2:
        # Without two years the cues are loose (a day is 1–31, a count 11–99): they must leave exactly one
        # reading standing on their own, with no help from the weaker hints of the score.
        fitting = {tuple(sorted(m.items())) for _, m, _, _ in best}
        if len(fitting) > 1:
            return DigitInference(
                {},
                f"{len(fitting)} digit tables fit the {len(cued)} numbers with a telling context"
                " (fewer than two years among them): glyphs left as is",
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
    table = ", ".join(f"{codepoint(g)}={d}" for g, d in sorted(mapping.items(), key=lambda item: item[1]))
    kinds = Counter(run.cue for run in cued)
    said = "; ".join(
        f"{n} {CUE_NAMES[kind]}" + (f" ({_seen(cued, kind, mapping)})" if kind == "year" else "")
        for kind, n in sorted(kinds.items())
    )
    evidence = (
        f"digit glyphs {table}: the only font order (consecutive code points, consecutive digits) in which "
        f"all {len(cued)} numbers with a telling context read as it says: {said}"
    )
    if unseen:
        evidence += f"; {', '.join(unseen)} do not occur but follow from the same order"
    return DigitInference({g: str(d) for g, d in mapping.items()}, evidence, len(cued))


def _seen(runs: Sequence[NumberRun], kind: str, mapping: Mapping[str, int]) -> str:
    counts = Counter(str(_read(run.glyphs, mapping)) for run in runs if run.cue == kind)
    return ", ".join(f"{value} ×{n}" for value, n in sorted(counts.items()))


def standalone_runs(line: str) -> list[tuple[int, int]]:
    """Spans of PUA runs that stand alone (not glued to Arabic letters): the candidates for numbers."""
    spans = []
    for match in PUA_RUN.finditer(line):
        start, end = match.span()
        # A diacritic between the run and a letter still glues them ("شما" + glyph + "ً" + glyph).
        head, tail = start, end
        while head and unicodedata.combining(line[head - 1]):
            head -= 1
        while tail < len(line) and unicodedata.combining(line[tail]):
            tail += 1
        before = line[head - 1] if head else " "
        after = line[tail] if tail < len(line) else " "
        if head < start and PUA_RUN.match(before):
            continue  # another glyph, a diacritic between: one word (a letter and its mark, then a letter)
        # A one-letter proclitic (و، ب، ل، ف، ك) may be glued to a number: "و2015".
        proclitic = (
            head >= 1 and before in _PROCLITICS and (head == 1 or not _ARABIC_LETTER.match(line[head - 2]))
        )
        if (proclitic or not _ARABIC_LETTER.match(before)) and not _ARABIC_LETTER.match(after):
            spans.append((start, end))
    return spans


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
