"""Damage a clean Arabic article the way PDF text extraction does, to measure repair on many articles.

The damage is modelled on real extracted text (the bannon-brexit sample): lines wrapped at a column
width and justified with tatweel, digits drawn from a font's Private-Use glyphs (a random table per article,
consecutive code points, the zero glyph sometimes apart), column or page breaks as blank lines inside
paragraphs, and pull-quotes repeating a sentence of the body. Each kind can be switched off to measure it
alone. Everything is seeded: the same article, options and seed give the same damage.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

_DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩"
# Letters that join the next letter, so a tatweel may stretch the join (not after ا د ذ ر ز و ة ى).
_JOINING = set("بتثجحخسشصضطظعغفقكلمنهيئ")
_ARABIC = re.compile(r"[\u0621-\u064a]")


@dataclass(frozen=True)
class DamageOptions:
    width: int = 90  # characters per line
    tatweel: bool = True  # justify lines by stretching joins
    pua_digits: bool = True
    breaks: float = 0.15  # chance that a paragraph has a blank line (column break) inside it
    pullquotes: int = 1  # sentences repeated as pull-quotes


@dataclass(frozen=True)
class Damaged:
    text: str
    digit_table: dict[str, str]  # glyph -> digit, as the font had it


def damage(paragraphs: Sequence[str], seed: int | str = 0, options: DamageOptions | None = None) -> Damaged:
    options = options or DamageOptions()
    rng = random.Random(seed)
    table = _font_table(rng) if options.pua_digits else {}
    to_glyph = {d: g for g, d in table.items()}
    blocks: list[str] = []
    for paragraph in paragraphs:
        text = "".join(to_glyph.get(_ascii(c), c) for c in paragraph) if table else paragraph
        lines = _wrap(text, options.width)
        if options.tatweel:
            lines = [_justify(line, options.width, rng) for line in lines[:-1]] + lines[-1:]
        if len(lines) > 2 and rng.random() < options.breaks:
            cut = rng.randrange(1, len(lines))
            blocks.append("\n".join(lines[:cut]))
            blocks.append("\n".join(lines[cut:]))
        else:
            blocks.append("\n".join(lines))
    sentences = _quotable_sentences(paragraphs)
    for _ in range(min(options.pullquotes, len(sentences))):
        quote = rng.choice(sentences).strip().rstrip(".!؟?")
        if table:
            quote = "".join(to_glyph.get(_ascii(c), c) for c in quote)
        blocks.insert(rng.randrange(1, len(blocks) + 1), "\n".join(_wrap(quote, options.width // 2)))
    return Damaged("\n\n".join(blocks) + "\n", {g: d for g, d in table.items()})


def _ascii(ch: str) -> str:
    i = _DIGITS.find(ch)
    return str(i % 10) if i >= 0 else ch


def _font_table(rng: random.Random) -> dict[str, str]:
    base = rng.randrange(0xE000, 0xF800)
    if rng.random() < 0.5:  # zero glyph apart, 1-9 consecutive
        zero = rng.randrange(0xE000, 0xF8F0)
        while base <= zero <= base + 9:
            zero = rng.randrange(0xE000, 0xF8F0)
        return {chr(zero): "0", **{chr(base + d): str(d) for d in range(1, 10)}}
    return {chr(base + d): str(d) for d in range(10)}


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else lines


def _justify(line: str, width: int, rng: random.Random) -> str:
    """Stretch joins with tatweel until the line is ``width`` characters, as justified PDF text does."""
    chars = list(line)
    slots = [i + 1 for i in range(len(chars) - 1) if chars[i] in _JOINING and _ARABIC.match(chars[i + 1])]
    missing = width - len(chars)
    if not slots or missing <= 0:
        return line
    inserts: dict[int, int] = {}
    for _ in range(missing):
        slot = rng.choice(slots)
        inserts[slot] = inserts.get(slot, 0) + 1
    return "".join("ـ" * inserts.get(i, 0) + c for i, c in enumerate(chars))


@dataclass(frozen=True)
class RepairScore:
    """What repair made of damaged articles, against the clean originals (counts over all articles)."""

    articles: int
    words: int
    # Words (numbers aside) of the repaired undamaged article missing from the repaired damaged one, as bags.
    words_lost: int
    words_duplicated: int  # words the body has more often than the original (an undetected pull-quote)
    numbers: int
    numbers_decoded: int
    numbers_placeholder: int  # left as a visible [glyph …] placeholder
    numbers_wrong: int  # numbers in the output whose value the original does not have at all
    paragraphs_exact: int  # articles whose body has the original's paragraph count
    quotes_planted: int
    quotes_found: int


def repair_score(
    articles: Sequence[Sequence[str]],
    options: DamageOptions | None = None,
    *,
    dictionary: bool = True,
    first_seed: int = 0,
) -> RepairScore:
    """Damage each article (paragraphs of clean text; article ``i`` with seed ``first_seed + i``), repair
    it, and compare with the original."""
    from collections import Counter

    from align.repair import RepairOptions, repair_text

    options = options or DamageOptions()
    totals: Counter[str] = Counter()
    for i, paragraphs in enumerate(articles):
        damaged = damage(paragraphs, seed=first_seed + i, options=options)
        result = repair_text(damaged.text, RepairOptions(dictionary=dictionary))
        repaired = " ".join(
            result.text[p.span[0] : p.span[1]] for p in result.paragraphs if p.kind != "pullquote"
        )
        # The reference is what repair makes of the undamaged article (its safe normalisations included).
        clean = repair_text("\n\n".join(paragraphs) + "\n", RepairOptions(dictionary=dictionary))
        want, got = Counter(_words(clean.text)), Counter(_words(repaired))
        totals["words"] += sum(want.values())
        totals["lost"] += sum((want - got).values())
        totals["duplicated"] += sum((got - want).values())
        numbers = Counter(re.findall(r"\d+", "".join(_ascii(c) for c in " ".join(paragraphs))))
        found = Counter(re.findall(r"\d+", _PLACEHOLDER.sub(" ", repaired)))
        totals["numbers"] += sum(numbers.values())
        totals["decoded"] += sum((numbers & found).values())
        totals["placeholder"] += len(_PLACEHOLDER.findall(repaired))
        totals["wrong"] += sum(n for value, n in found.items() if value not in numbers)
        totals["exact"] += sum(p.kind != "pullquote" for p in result.paragraphs) == len(paragraphs)
        totals["quotes"] += sum(p.kind == "pullquote" for p in result.paragraphs)
    planted = sum(min(options.pullquotes, len(_quotable_sentences(paragraphs))) for paragraphs in articles)
    return RepairScore(
        articles=len(articles),
        words=totals["words"],
        words_lost=totals["lost"],
        words_duplicated=totals["duplicated"],
        numbers=totals["numbers"],
        numbers_decoded=totals["decoded"],
        numbers_placeholder=totals["placeholder"],
        numbers_wrong=totals["wrong"],
        paragraphs_exact=totals["exact"],
        quotes_planted=planted,
        quotes_found=totals["quotes"],
    )


_PLACEHOLDER = re.compile(r"\[glyph[^\]]*\]")


def _words(text: str) -> list[str]:
    """Words without numbers (those are counted on their own) and without glyph placeholders."""
    return [w for w in _PLACEHOLDER.sub("0", text).split() if not any(_ascii(c).isdigit() for c in w)]


def _quotable_sentences(paragraphs: Sequence[str]) -> list[str]:
    """Sentences of a length a layout would set as a pull-quote."""
    return [s for p in paragraphs for s in re.findall(r"[^.!؟?]+[.!؟?]", p) if 40 <= len(s.strip()) <= 160]
