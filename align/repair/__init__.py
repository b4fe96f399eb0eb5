"""Repair Arabic article text damaged by PDF extraction, and report every change.

Stages, in order: safe character normalisation (``normalize``), lines of only combining marks, number runs
extracted ahead of their line (``lines``), Private-Use-Area digits and ligatures (``pua``), run-order
suspects, then blocks → paragraphs with pull-quotes, footer and headings (``blocks``). Each stage edits
``Tracked`` text, so the result maps back to raw offsets; each edit is a ``Change`` in the report.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from align.document import Change, Flag, ParagraphKind, RepairReport, Span
from align.repair import blocks as blk
from align.repair import pua
from align.repair.decode import decode_glyphs, glyph_readings, tanwin_after_glyph_pairs
from align.repair.glyphs import GARBLED_MIN, GARBLED_SHARE, garbled_words
from align.repair.lexicon import Lexicon
from align.repair.lines import Line, is_mark_only, move_leading_number, suspect_reasons
from align.repair.normalize import normalize_line
from align.repair.reading import ReadingModel
from align.repair.reorder import REORDER_REASON, counts_evidence, evidence_name
from align.repair.reorder_pass import reorder_lines, swap_around_mark
from align.repair.tracked import Run, Tracked
from align.repair.wordstats import WordStats, corpus_stats
from align.text import broken_at_hyphen

REPAIR_VERSION = "v9"
_LINE_BREAK = re.compile(r"\r\n|[\n\r\f\v\u2028\u2029\x85]")

__all__ = ["REPAIR_VERSION", "RepairOptions", "RepairResult", "RepairedParagraph", "repair_text"]


@dataclass(frozen=True)
class RepairOptions:
    glyph_map: Mapping[str, str] | None = None  # user-given Private-Use glyph table (glyph -> text)
    dictionary: bool = True  # use the hunspell Arabic dictionary when installed
    # Word counts that decide reorders; None: the shipped clean corpora (``wordstats.corpus_stats``).
    word_stats: WordStats | None = None
    # Add the corpora's character model to the word counts: on simulated damage it puts back about half
    # a point more of the damaged lines, for about 5 s of CPU and 350 MB more per run (docs/repair.md).
    char_model: bool = False


@dataclass(frozen=True)
class RepairedParagraph:
    kind: ParagraphKind
    span: Span  # into RepairResult.text
    flags: tuple[Flag, ...]


@dataclass(frozen=True)
class RepairResult:
    text: str
    raw_map: tuple[Run, ...]
    paragraphs: tuple[RepairedParagraph, ...]
    report: RepairReport


def repair_text(raw: str, options: RepairOptions | None = None, *, structured: bool = False) -> RepairResult:
    """Repair ``raw``. ``structured``: the reader already knows the paragraphs and their kinds (a Word file,
    a web page, a PDF read from glyph positions), so repair does not guess headings."""
    options = options or RepairOptions()
    changes: list[Change] = []
    lines = _split_lines(raw)
    notes: dict[int, list[str]] = {}  # line number -> reasons for a run-order-suspect flag

    normalized = []
    for line in lines:
        clean, line_changes = normalize_line(line.text)
        changes.extend(line_changes)
        normalized.append(replace(line, text=clean))
    lines = tanwin_after_glyph_pairs(_drop_orphan_marks(normalized, changes, notes), changes)
    # Pieces of a line out of order are damage of text laid out as pages; in text with one paragraph per
    # line (what repair itself outputs) a leading number is left alone, so repairing twice changes nothing.
    wrapped = blk.is_hard_wrapped(blk.group_blocks(lines))
    if wrapped:
        lines = [_fix_leading_number(line, changes) for line in lines]

    lexicon = Lexicon((line.text.text for line in lines), use_dictionary=options.dictionary)
    user_map = dict(options.glyph_map or {})
    inference = pua.infer_digits(pua.number_runs(line.text.text for line in lines))
    digit_map = {g: d for g, d in inference.mapping.items() if g not in user_map}
    evidence = [inference.evidence] if inference.evidence else []
    readings = glyph_readings(lines, lexicon, options.word_stats, exclude={*user_map, *digit_map})
    evidence += [
        f"glyph {pua.codepoint(r.glyph)} read as {r.text!r}: {r.known} of the"
        f" {r.words} words it occurs in are then known ({', '.join(r.examples)})"
        for r in readings.values()
    ]
    glyph_text = {g: r.text for g, r in readings.items()}
    unrecovered: dict[int, list[str]] = {}
    inferred: dict[int, int] = {}  # line number -> numbers decoded with the inferred digit table
    lines = [
        decode_glyphs(line, user_map, digit_map, glyph_text, lexicon, changes, unrecovered, inferred)
        for line in lines
    ]
    counts = "none"
    if wrapped:
        stats = options.word_stats if options.word_stats is not None else corpus_stats()
        model = ReadingModel([ln.text.text for ln in lines], lexicon, stats, char_model=options.char_model)
        lines = reorder_lines(raw, lines, model, changes, notes)
        counts = stats.name
        if any(c.code == "run-order" and REORDER_REASON in c.reason for c in changes):
            evidence.append(counts_evidence(stats, options.char_model))

    blocks = blk.group_blocks(lines)
    for line in lines:
        reasons = suspect_reasons(line, lexicon, wrapped=wrapped)
        if reasons:
            notes.setdefault(line.number, []).extend(reasons)
    for block in blocks:
        block.suspect = {line.number: notes[line.number] for line in block.lines if line.number in notes}
    # Pull-quotes and blank lines inside sentences are page-layout artifacts: only text laid out as a page
    # has them. In text with one paragraph per line, a repeated sentence is a repeated sentence.
    quotes = blk.find_pullquotes(blocks) if wrapped else {}
    footer = len(blocks) - 1 if blocks and blk.is_footer(blocks[-1]) else None
    groups = blk.build_paragraphs(blocks, set(quotes), footer, join=wrapped, headings=not structured)
    _record_structure(blocks, groups, quotes, footer, changes)

    used = {g: t for g, t in user_map.items()} | digit_map | glyph_text
    glyph_map = {pua.codepoint(g): t for g, t in sorted(used.items())}
    for change in changes:
        if change.code in ("pua-ligature", "run-order") and pua.PUA_RUN.fullmatch(change.before):
            glyph_map[" ".join(pua.codepoint(g) for g in change.before)] = change.after
    text, raw_map, paragraphs = _assemble(groups, unrecovered, inferred, inference.cues)
    report = RepairReport(
        version=REPAIR_VERSION,
        changes=tuple(sorted(changes, key=lambda c: (c.span, c.code))),
        glyph_map=glyph_map,
        evidence=tuple(evidence),
        dictionary=evidence_name(lexicon.name, counts, wrapped and options.char_model),
    )
    return RepairResult(text, tuple(raw_map), tuple(paragraphs), report)


def _split_lines(raw: str) -> list[Line]:
    lines = []
    start = 0
    for number, match in enumerate([*_LINE_BREAK.finditer(raw), None], start=1):
        end = match.start() if match else len(raw)
        segment = raw[start:end]
        indented = bool(segment[:1].isspace() and segment.strip())
        lines.append(Line(number, Tracked.from_raw(raw, start, end), indented, end))
        if match:
            start = match.end()
    return lines


def _drop_orphan_marks(lines: list[Line], changes: list[Change], notes: dict[int, list[str]]) -> list[Line]:
    kept: list[Line] = []
    skip = False
    for index, line in enumerate(lines):
        if skip:
            skip = False
            continue
        if not is_mark_only(line):
            kept.append(line)
            continue
        below = lines[index + 1] if index + 1 < len(lines) else None
        if kept and below is not None and not kept[-1].blank and not below.blank:
            swapped = swap_around_mark(kept[-1].text, line.text, below.text)
            if swapped is not None:
                above = kept[-1]
                span = (above.text.raw_span()[0], below.text.raw_span()[1])
                before = "\n".join(ln.text.text for ln in (above, line, below))
                reason = (
                    "a line that starts with a comma, a lone mark and the line below are one line drawn as"
                    " two runs, extracted in reverse order; the mark belongs to the last letter of the line"
                    " below"
                )
                first, second = swapped
                changes.append(Change("run-order", span, before, f"{first.text} {second.text}", reason))
                kept[-1] = replace(below, text=first, indented=above.indented)
                kept.append(replace(above, text=second, indented=False))
                skip = True
                continue
        mark = line.text.text.strip()
        changes.append(
            Change(
                "orphan-mark",
                line.text.raw_span(),
                line.text.text,
                "",
                "a line holding only a combining mark: the mark lost its letter in extraction",
            )
        )
        neighbour = next((n for n in lines[index + 1 :] if not n.blank), None) or (kept[-1] if kept else None)
        if neighbour is not None:
            notes.setdefault(neighbour.number, []).append(
                f"the mark {mark!r} on its own line {line.number} was removed; its letter is nearby"
            )
    return kept


def _fix_leading_number(line: Line, changes: list[Change]) -> Line:
    fixed, change = move_leading_number(line)
    if change is not None:
        changes.append(change)
    return fixed


def _record_structure(
    blocks: list[blk.Block],
    groups: list[blk.Group],
    quotes: Mapping[int, tuple[int, float]],
    footer: int | None,
    changes: list[Change],
) -> None:
    index = {id(b): i for i, b in enumerate(blocks)}
    for group in groups:
        for position in group.joined_after:
            before, after = group.blocks[position - 1], group.blocks[position]
            gap = (before.lines[-1].text.raw_span()[1], after.lines[0].text.raw_span()[0])
            changes.append(
                Change(
                    "paragraph-join",
                    gap,
                    "\n\n",
                    " ",
                    "the block before does not end a sentence: the blank line is an extraction artifact",
                )
            )
        if group.kind in ("pullquote", "footer", "title"):
            for block in group.blocks:
                i = index[id(block)]
                span = (block.lines[0].text.raw_span()[0], block.lines[-1].text.raw_span()[1])
                if group.kind == "pullquote":
                    holder, coverage = quotes[i]
                    line = blocks[holder].lines[0].number
                    reason = (
                        f"repeats text at line {line} ({coverage:.0%} of its word triples):"
                        " a pull-quote, kept out of the translation"
                    )
                elif group.kind == "footer":
                    reason = "source line at the end of the article: kept as a footer"
                else:
                    reason = "a short line that does not end a sentence: a title or heading"
                changes.append(Change(group.kind, span, block.text, "", reason))


def _assemble(
    groups: list[blk.Group], unrecovered: Mapping[int, list[str]], inferred: Mapping[int, int], cues: int
) -> tuple[str, list[Run], list[RepairedParagraph]]:
    pieces: list[Tracked] = []
    paragraphs = []
    offset = paragraph_end = 0
    for group in groups:
        lines = [line for block in group.blocks for line in block.lines]
        parts: list[Tracked] = []
        previous_end = 0
        for line in lines:
            content = line.text.strip()
            if not content:
                continue
            if parts and not broken_at_hyphen(parts[-1].text, content.text):
                # The joining space stands for the raw line break it replaces.
                parts.append(Tracked.inserted(" ", previous_end))
            parts.append(content)
            previous_end = line.end
        if not parts:
            continue
        body = Tracked.join(parts)
        if pieces:
            pieces.append(Tracked.inserted("\n\n", paragraph_end))
            offset += 2
        paragraph_end = previous_end
        pieces.append(body)
        paragraphs.append(
            RepairedParagraph(
                group.kind,
                (offset, offset + len(body)),
                _flags(group, unrecovered, inferred, cues, body.text),
            )
        )
        offset += len(body)
    text = Tracked.join(pieces)
    return text.text, text.runs(), paragraphs


def _flags(
    group: blk.Group, unrecovered: Mapping[int, list[str]], inferred: Mapping[int, int], cues: int, text: str
) -> tuple[Flag, ...]:
    flags = []
    garbled = garbled_words(text)
    if len(garbled) >= max(GARBLED_MIN, GARBLED_SHARE * len(text.split())):
        shown = ", ".join(repr(w) for w in garbled[:3])
        flags.append(
            Flag(
                "garbled-text",
                "error",
                f"{len(garbled)} of {len(text.split())} words hold a stray Latin letter or symbol among"
                f" their Arabic letters ({shown}): the file maps some glyphs to wrong characters (a broken"
                " ToUnicode table); these words are not what the page shows",
            )
        )
    suspect = {n: r for block in group.blocks for n, r in block.suspect.items()}
    if suspect:
        detail = "; ".join(f"line {n}: {', '.join(r)}" for n, r in sorted(suspect.items()))
        flags.append(
            Flag(
                "run-order-suspect",
                "warning",
                f"pieces of {len(suspect)} line(s) are probably out of order ({detail})",
            )
        )
    numbers = [line.number for block in group.blocks for line in block.lines]
    decoded = sum(inferred.get(n, 0) for n in numbers)
    if decoded:
        flags.append(
            Flag(
                "pua-inferred",
                "warning",
                f"{decoded} number(s) decoded with a digit table inferred from the article: {cues} numbers"
                " whose context tells their value support it (see the evidence in the repair report)",
            )
        )
    glyphs = [g for n in numbers for g in unrecovered.get(n, [])]
    if glyphs:
        flags.append(
            Flag(
                "pua-unrecovered",
                "error",
                f"{len(glyphs)} Private-Use glyph run(s) could not be decoded: {', '.join(glyphs)}",
            )
        )
    return tuple(flags)
