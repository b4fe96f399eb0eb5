"""From lines to paragraphs: blocks, pull-quotes, footers, headings, and sentences split by blank lines.

PDF extraction separates blocks with blank lines that are not paragraph breaks (the last line of a
paragraph often comes out on its own, a page break falls mid-sentence), and magazine layouts repeat a
sentence of the body as a pull-quote. A block that does not end a sentence continues into the next one;
a block whose every line repeats text found elsewhere in the article is a pull-quote.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from align.document import ParagraphKind
from align.repair.lines import END_REASONS, Line

_TOKEN = re.compile(r"[\u0621-\u064a\u066e-\u06d3\u06fa-\u06ff]+|[A-Za-z]+|\d+")
_SENTENCE_END = re.compile(r"[.!?؟…][\"'”’»›)\]]*$")
_FOOTER = re.compile(r"^(?:المصدر|مصدر|المصادر|Source|Sources|SOURCE)\s*[:：]", re.IGNORECASE)
PULLQUOTE_COVERAGE = 0.8  # share of a block's word triples found elsewhere
PULLQUOTE_MAX_LINES = 6
HEADING_MAX_WORDS = 15
HEADING_WIDTH = 0.8  # of the wrapped lines' length: a line that long is no heading

Shingle = tuple[str, ...]


@dataclass
class Block:
    lines: list[Line]
    suspect: dict[int, list[str]] = field(default_factory=dict)  # line number -> reasons

    @property
    def text(self) -> str:
        return " ".join(line.text.text.strip() for line in self.lines)

    @property
    def ends_sentence(self) -> bool:
        return bool(_SENTENCE_END.search(self.text))

    @property
    def end_unreliable(self) -> bool:
        """The last line's pieces are out of order, so its visible end is not where its text ends."""
        reasons = self.suspect.get(self.lines[-1].number, [])
        return any(r.startswith(END_REASONS) for r in reasons)


def group_blocks(lines: Sequence[Line]) -> list[Block]:
    """Blank lines separate blocks; an indented line starts a new one."""
    blocks: list[Block] = []
    current: list[Line] = []
    for line in lines:
        if line.blank or (line.indented and current):
            if current:
                blocks.append(Block(current))
            current = []
        if not line.blank:
            current.append(line)
    if current:
        blocks.append(Block(current))
    return blocks


def _shingles(tokens: Sequence[str], n: int = 3) -> list[Shingle]:
    return [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]


def find_pullquotes(blocks: Sequence[Block]) -> dict[int, tuple[int, float]]:
    """Pull-quote blocks: index -> (index of the block holding most of its text, coverage)."""
    tokens = [[t for line in b.lines for t in _TOKEN.findall(line.text.text)] for b in blocks]
    # Where each word triple of the running text occurs (triples across block borders included).
    where: dict[Shingle, Counter[int]] = {}
    flat = [(t, i) for i, block_tokens in enumerate(tokens) for t in block_tokens]
    for k in range(len(flat) - 2):
        where.setdefault(tuple(t for t, _ in flat[k : k + 3]), Counter())[flat[k][1]] += 1
    inside: dict[Shingle, set[int]] = {}  # the triples within each block
    for i, block_tokens in enumerate(tokens):
        for shingle in _shingles(block_tokens):
            inside.setdefault(shingle, set()).add(i)
    # And the text that runs across each block when it is left out: a quote set where its own passage
    # breaks copies words that only meet across it.
    for k in range(1, len(tokens) - 1):
        for shingle in _junction(tokens[k - 1], tokens[k + 1]):
            where.setdefault(shingle, Counter())[k - 1] += 1
    coverage: dict[int, tuple[float, Counter[int]]] = {}
    for i, block in enumerate(blocks):
        if len(block.lines) > PULLQUOTE_MAX_LINES:
            continue
        # Triples within lines only: the damage that reorders a quote's lines must not hide the repeat.
        own = [s for line in block.lines for s in _shingles(_TOKEN.findall(line.text.text))]
        if len(own) < 2:
            continue
        holders: Counter[int] = Counter()
        found = 0
        for shingle in own:
            others = Counter({j: n for j, n in where.get(shingle, Counter()).items() if j != i})
            if others:
                found += 1
                # Among equal counts a block that is no exact copy of this one, then the longest, holds
                # it: a quote set twice copies the body passage, not its other copy (each copy taken for
                # the other's source leaves both in), even where a blank line cuts that passage in two.
                holders[
                    max(others, key=lambda j: (others[j], tokens[j] != tokens[i], len(tokens[j]), -j))
                ] += 1
        coverage[i] = (found / len(own), holders)
    candidates = {i: c for i, (c, _) in coverage.items() if c >= PULLQUOTE_COVERAGE}
    bridged = {i for i in candidates if _bridged(tokens, i)}
    for i in list(candidates):
        if i not in bridged and _finishes_open_sentence(blocks, i, candidates):
            del candidates[i]
    # A block whose words run on across its border with a body block, in a run that occurs again
    # elsewhere, is that body passage (the other occurrence is the quote that copies it): the first line
    # of an article copied by a quote set further on, the half of a paragraph a quote was set beside.
    for i in [i for i in candidates if i not in bridged]:
        sourced = {j: coverage[j][1].most_common(1)[0][0] not in candidates for j in candidates}
        if _runs_on_with_body(tokens, inside, i, sourced):
            del candidates[i]
    quotes: dict[int, tuple[int, float]] = {
        i: (coverage[i][1].most_common(1)[0][0], candidates[i]) for i in bridged
    }
    ties: dict[int, int] = {}
    for i, cov in candidates.items():
        holder = coverage[i][1].most_common(1)[0][0]
        if i in quotes or holder in bridged:  # what a quote set across a break copies is the body
            continue
        # The copy inside a longer passage is the body; the one entirely repeated is the quote.
        if holder not in candidates or candidates[holder] < cov:
            quotes[i] = (holder, cov)
        elif candidates[holder] == cov:
            ties[i] = holder
    # Equal copies (a one-line quote and a paragraph's orphaned last line): the copy next to a quote
    # is part of that quote.
    changed = True
    while changed:
        changed = False
        for i, holder in list(ties.items()):
            if (i - 1 in quotes or i + 1 in quotes) and holder not in quotes:
                quotes[i] = (holder, candidates[i])
                del ties[i]
                changed = True
    # Equal copies where one reads on into the next block: that one is the body, the other the quote.
    for i, holder in list(ties.items()):
        if ties.get(holder) == i and _reads_on(tokens, where, holder) and not _reads_on(tokens, where, i):
            quotes[i] = (holder, candidates[i])
            del ties[i]
    # A one-sentence paragraph quoted whole: the two copies hold each other. The body copy ends its
    # sentence; the quote, set as a display line, drops the full stop.
    for i, holder in ties.items():
        if ties.get(holder) == i and blocks[holder].ends_sentence and not blocks[i].ends_sentence:
            quotes[i] = (holder, candidates[i])
    return quotes


def _junction(before: Sequence[str], after: Sequence[str]) -> list[Shingle]:
    """The word triples that span the border between two token runs."""
    joined = [*before[-2:], *after[:2]]
    return [
        tuple(joined[k : k + 3])
        for k in range(len(joined) - 2)
        if k < len(before[-2:]) and k + 3 > len(before[-2:])
    ]


def _bridged(tokens: Sequence[Sequence[str]], i: int) -> bool:
    """Block ``i`` copies the text that runs across it: without it, its neighbours join into words it holds
    ("… من أصل" | quote "… من أصل خمسة …" | "خمسة …"). A pull-quote set where the text breaks."""
    if i == 0 or i + 1 >= len(tokens):
        return False
    own = set(_shingles(tokens[i]))
    return any(j in own for j in _junction(tokens[i - 1], tokens[i + 1]))


def _finishes_open_sentence(blocks: Sequence[Block], i: int, candidates: dict[int, float]) -> bool:
    """Block ``i`` repeats words found elsewhere (a name, a phrase) but is no exact copy, and it ends the
    sentence that the body block before it left open: the orphaned last line of that paragraph."""
    return (
        i > 0
        and i - 1 not in candidates
        and not blocks[i - 1].ends_sentence
        and blocks[i].ends_sentence
        and candidates[i] < 1.0
    )


def _runs_on_with_body(
    tokens: Sequence[Sequence[str]], inside: dict[Shingle, set[int]], i: int, copies: dict[int, bool]
) -> bool:
    """The words across a border of block ``i`` with a neighbour occur inside a third block too: the
    one that copies them. ``copies`` holds the candidate copies, true for those copied from a block that
    is none: they are stepped over unchecked; the others may be body repeated by quotes, and are checked
    and stepped over, up to the first block that is no copy."""
    for step in (-1, 1):
        j = i + step
        while 0 <= j < len(tokens):
            if not copies.get(j, False):
                before, after = (tokens[j], tokens[i]) if step < 0 else (tokens[i], tokens[j])
                # Every triple across the border, inside one block: a quote's last words followed by a
                # common word ("… لعملائنا" | "كما …") meet again by chance, and so do two blocks that
                # end alike before two that begin alike (a quote beside the passage it copies).
                across = _junction(before, after)
                found = [inside.get(s, set()) - {i, j} for s in across]
                if len(across) >= 2 and set.intersection(*found):
                    return True
            if j not in copies:
                break
            j += step
    return False


def _reads_on(tokens: Sequence[Sequence[str]], where: dict[Shingle, Counter[int]], i: int) -> bool:
    """Block ``i`` and the next one are one passage: the words across their border occur again elsewhere
    (in the quote that copies the passage)."""
    if i + 1 >= len(tokens) or not tokens[i] or not tokens[i + 1]:
        return False
    return any(sum(where.get(j, Counter()).values()) >= 2 for j in _junction(tokens[i], tokens[i + 1]))


def is_footer(block: Block) -> bool:
    return len(block.lines) == 1 and len(block.text) <= 120 and bool(_FOOTER.match(block.text))


def is_heading(block: Block, full: float = 0.0) -> bool:
    """A short single line that does not end a sentence: a title or a subheading. ``full``: how long the
    text's wrapped lines run (0: unknown); a line that long is one of them, its paragraph cut by a blank
    line."""
    return (
        len(block.lines) == 1
        and not block.ends_sentence
        and len(_TOKEN.findall(block.text)) <= HEADING_MAX_WORDS
        and not (full and len(block.text) >= HEADING_WIDTH * full)
    )


def full_line(blocks: Sequence[Block]) -> float:
    """The length of the text's wrapped lines: the median of every line but the last of multi-line blocks
    (0 when there are too few)."""
    lengths = sorted(len(line.text.text.strip()) for b in blocks if len(b.lines) > 1 for line in b.lines[:-1])
    return float(lengths[len(lengths) // 2]) if len(lengths) >= 2 else 0.0


@dataclass
class Group:
    """Blocks that make one paragraph of the repaired article."""

    kind: ParagraphKind
    blocks: list[Block]
    joined_after: list[int] = field(default_factory=list)  # block positions where a blank line was bridged


def is_hard_wrapped(blocks: Sequence[Block]) -> bool:
    """Most lines sit in multi-line blocks: the text was wrapped at a page width (as PDF extraction does),
    so a block that stops mid-sentence continues in the next. Text with one paragraph per line is not."""
    lines = sum(len(b.lines) for b in blocks)
    wrapped = sum(len(b.lines) for b in blocks if len(b.lines) > 1)
    return lines > 0 and wrapped / lines >= 0.5


def build_paragraphs(
    blocks: Sequence[Block],
    pullquotes: set[int],
    footer: int | None,
    *,
    join: bool = True,
    headings: bool = True,
) -> list[Group]:
    """Group blocks into paragraphs; with ``join`` a block that does not end a sentence continues; with
    ``headings`` a short line that ends no sentence is taken for a title."""
    groups: list[Group] = []
    full = full_line(blocks) if join else 0.0
    open_body: Group | None = None  # the body paragraph that the next block may continue
    pending_quotes: list[Group] = []
    for i, block in enumerate(blocks):
        if i in pullquotes:
            if pending_quotes and i - 1 in pullquotes:  # consecutive quote blocks are one quote
                pending_quotes[-1].blocks.append(block)
            else:
                pending_quotes.append(Group("pullquote", [block]))
            continue
        if i == footer:
            groups.extend(pending_quotes)
            pending_quotes = []
            groups.append(Group("footer", [block]))
            open_body = None
            continue
        if join and open_body is not None and _continues(open_body.blocks[-1], block):
            open_body.joined_after.append(len(open_body.blocks))
            open_body.blocks.append(block)
            continue
        groups.extend(pending_quotes)
        pending_quotes = []
        previous = next((g for g in reversed(groups) if g.kind != "pullquote"), None)
        heading = (
            headings
            and is_heading(block, full)
            and (previous is None or previous.kind == "title" or previous.blocks[-1].ends_sentence)
        )
        group = Group("title", [block]) if heading else Group("body", [block])
        groups.append(group)
        open_body = None if heading else group
    groups.extend(pending_quotes)
    return groups


def _continues(previous: Block, block: Block) -> bool:
    if previous.ends_sentence or block.lines[0].indented:
        return False
    if previous.end_unreliable:
        # The visible end of a damaged line is not its real end; only a lone line (the typical orphaned
        # last line of a paragraph) is taken as its continuation.
        return len(block.lines) == 1
    return True
