"""Private-Use glyphs in the text, decoded where something says what they are: the user's table, the digit
table inferred from the article (``pua``), the readings of glyphs inside words (``glyphs``), known
ligatures; anything else stays visible as a placeholder and is flagged."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import replace

from align.document import Change
from align.repair import pua
from align.repair.glyphs import GlyphReading, infer_glyphs
from align.repair.lexicon import Lexicon
from align.repair.lines import Line
from align.repair.tracked import Tracked
from align.repair.wordstats import WordStats, corpus_stats
from align.text import ARABIC_WORD

# A tanwin drawn between two glyphs without Unicode: the two halves of a lam-alef, the mark drawn on the
# ligature's visible half (Qt: "شما" + glyph + "ً" + glyph). A tanwin ends its word, so it cannot stand
# before a letter of the same word: it belongs after the pair.
_TANWIN_IN_PAIR = re.compile(f"([{pua.PUA_CHARS}])([\u064b-\u064d]+)([{pua.PUA_CHARS}])")


def tanwin_after_glyph_pairs(lines: list[Line], changes: list[Change]) -> list[Line]:
    """Lines with every tanwin drawn inside a pair of glyphs moved after the pair (a permutation: each
    character keeps its raw offset)."""
    out = []
    for line in lines:
        text = line.text
        matches = list(_TANWIN_IN_PAIR.finditer(text.text))
        if not matches:
            out.append(line)
            continue
        parts, at = [], 0
        for m in matches:
            (g1, _), (mark, mark_end), (g2, g2_end) = m.span(1), m.span(2), m.span(3)
            parts += [text[at:mark], text[g2:g2_end], text[mark:mark_end]]
            at = g2_end
            changes.append(
                Change(
                    "mark-order",
                    text.raw_span(g1, g2_end),
                    m.group(),
                    m.group(1) + m.group(3) + m.group(2),
                    "a tanwin drawn between the two glyphs of a ligature ends the word: moved after them",
                )
            )
        parts.append(text[at:])
        out.append(replace(line, text=Tracked.join(parts)))
    return out


def glyph_readings(
    lines: list[Line], lexicon: Lexicon, word_stats: WordStats | None, *, exclude: set[str]
) -> dict[str, GlyphReading]:
    """Readings of Private-Use glyphs found inside words (see ``glyphs``), checked against the article,
    the dictionary and the words of the shipped test sets."""
    texts = [line.text.text for line in lines]
    # Glyphs that stand alone as numbers are digits; one glyph after a one-letter proclitic ("ل" + glyph)
    # may be a digit ("و5") or the end of a word ("لا"), and says nothing either way.
    standalone = {
        ch
        for t in texts
        for a, b in pua.standalone_runs(t)
        if b - a > 1 or a == 0 or not (t[a - 1].isalpha() or unicodedata.combining(t[a - 1]))
        for ch in t[a:b]
    }
    if not any(pua.PUA_RUN.search(t) for t in texts):
        return {}
    # A glyph drawn between two letters of a word is a letter (or part of one), whatever it stands next to
    # elsewhere: no number is written inside a word ("الو" + glyph + "يات").
    standalone -= {
        ch
        for t in texts
        for m in pua.PUA_RUN.finditer(t)
        if m.start() and m.end() < len(t) and _in_word(t[m.start() - 1]) and _in_word(t[m.end()])
        for ch in m.group()
    }
    # A number is digits only: a glyph drawn in one run with a glyph that is a letter is a letter too (the
    # two halves of a lam-alef standing alone as the word "لا" look like a two-digit number).
    runs = [set(m.group()) for t in texts for m in pua.PUA_RUN.finditer(t) if len(m.group()) > 1]
    letters = {ch for run in runs for ch in run} - standalone
    while mixed := {ch for run in runs if run & letters for ch in run & standalone}:
        standalone -= mixed
        letters |= mixed
    stats = word_stats if word_stats is not None else corpus_stats()

    def known(word: str) -> bool:
        return lexicon.known(word) or stats.unigrams[word] > 0

    def attested(word: str) -> bool:
        return lexicon.counts[word] > 0 or stats.unigrams[word] > 0

    return infer_glyphs(texts, known, exclude=exclude | standalone, attested=attested)


def _in_word(ch: str) -> bool:
    return ch.isalpha() or bool(unicodedata.combining(ch))


def decode_glyphs(
    line: Line,
    user_map: Mapping[str, str],
    digit_map: Mapping[str, str],
    glyph_text: Mapping[str, str],
    lexicon: Lexicon,
    changes: list[Change],
    unrecovered: dict[int, list[str]],
    inferred: dict[int, int],
) -> Line:
    text = line.text
    standalone = set(pua.standalone_runs(text.text))
    pieces: list[Tracked] = []
    moved: Tracked | None = None
    last = 0
    for match in pua.PUA_RUN.finditer(text.text):
        start, end = match.span()
        glyphs = match.group()
        pieces.append(text[last:start])
        last = end
        at = text.origin[start]
        span = text.raw_span(start, end)
        if all(g in user_map for g in glyphs):
            decoded = "".join(user_map[g] for g in glyphs)
            changes.append(
                Change("pua-map", span, glyphs, decoded, "Private-Use glyphs decoded with the given map")
            )
            pieces.append(Tracked.inserted(decoded, at))
        elif (start, end) in standalone and all(g in digit_map for g in glyphs):
            decoded = "".join(digit_map[g] for g in glyphs)
            changes.append(
                Change("pua-digit", span, glyphs, decoded, "Private-Use digit glyphs (inferred table)")
            )
            pieces.append(Tracked.inserted(decoded, at))
            inferred[line.number] = inferred.get(line.number, 0) + 1
        elif (read := _read_run(glyphs, glyph_text)) is not None and (
            (start, end) not in standalone
            or (start and text.text[start - 1].isalpha())
            # Glyphs read as letters inside words, standing alone here: a word of their own ("لا").
            or lexicon.known(read)
        ):
            decoded = read
            reason = "glyph without Unicode read from the words it completes (see the evidence)"
            changes.append(Change("pua-glyph", span, glyphs, decoded, reason))
            pieces.append(Tracked.inserted(decoded, at))
        elif glyphs in pua.KNOWN_LIGATURES and (fix := _ligature(text.text, start, end, lexicon)) is not None:
            letters = pua.KNOWN_LIGATURES[glyphs]
            if fix == "move":
                moved = Tracked.inserted(letters, at)
                changes.append(
                    Change(
                        "run-order",
                        span,
                        glyphs,
                        letters,
                        f"ligature {letters!r} extracted at the start of the line ends its last word",
                    )
                )
            else:
                changes.append(
                    Change(
                        "pua-ligature",
                        span,
                        glyphs,
                        letters,
                        f"ligature glyph for {letters!r}: the word {fix!r} is known",
                    )
                )
                pieces.append(Tracked.inserted(letters, at))
        else:
            shown = pua.placeholder(glyphs)
            changes.append(
                Change("pua-unknown", span, glyphs, shown, "Private-Use glyphs with no known meaning")
            )
            unrecovered.setdefault(line.number, []).append(shown)
            pieces.append(Tracked.inserted(shown, at))
    pieces.append(text[last:])
    result = Tracked.join(pieces)
    if moved is not None:
        result = result.strip() + moved
    return replace(line, text=result)


def _read_run(glyphs: str, glyph_text: Mapping[str, str]) -> str | None:
    """The run of glyphs read from left to right, a pair read together (``glyphs.infer_glyphs``) before
    a glyph read alone; None when a glyph has no reading."""
    out, at = [], 0
    while at < len(glyphs):
        pair = glyphs[at : at + 2]
        if len(pair) == 2 and pair in glyph_text:
            out.append(glyph_text[pair])
            at += 2
        elif glyphs[at] in glyph_text:
            out.append(glyph_text[glyphs[at]])
            at += 1
        else:
            return None
    return "".join(out)


def _ligature(text: str, start: int, end: int, lexicon: Lexicon) -> str | None:
    """ "move" when the glyphs belong at the end of the line, the repaired word when they fit in place,
    None when no known word results (then the glyphs stay visible as a placeholder)."""
    letters = pua.KNOWN_LIGATURES[text[start:end]]
    head = ARABIC_WORD.search(text[:start][::-1])
    before = head.group()[::-1] if head and head.start() == 0 else ""
    tail = ARABIC_WORD.match(text, end)
    after = tail.group() if tail else ""
    word = before + letters + after
    if lexicon.known(word):
        return word
    words = ARABIC_WORD.findall(text)
    if (
        start == 0
        and after
        and len(words) > 1
        and lexicon.known(after)
        and lexicon.known(words[-1] + letters)
    ):
        return "move"
    return None
