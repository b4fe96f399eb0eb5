"""The article's lines put back in order: each line in turn, with the lines around it as its context, and two
damaged lines one under the other together; and the one line drawn as two runs around a lone mark.
How a single line's readings are made and decided is in ``reorder``."""

from __future__ import annotations

import itertools
import re
from dataclasses import replace

from align.document import Change
from align.repair.lines import Line
from align.repair.reading import ReadingModel, bare
from align.repair.reorder import (
    THRESHOLDS,
    THRESHOLDS_WITH_CHARS,
    Reading,
    Reorder,
    Thresholds,
    as_reorder,
    needed_margins,
    readings,
    reorder_line,
    suspect_edges,
)
from align.repair.tracked import Tracked
from align.text import TATWEEL


def reorder_lines(
    raw: str, lines: list[Line], model: ReadingModel, changes: list[Change], notes: dict[int, list[str]]
) -> list[Line]:
    """Put back in order the lines whose pieces the evidence shows reversed, top to bottom (a repaired line
    is the context of the next), then once more for the lines left as they were: a neighbour put back
    below them is evidence they did not have the first time; then two undecided lines one under the other
    together."""
    out = list(lines)
    filled = [i for i, line in enumerate(out) if not line.blank]
    done: set[int] = set()
    undecided: dict[int, list[str]] = {}
    for _ in range(2):
        before_pass = len(done)
        for k, i in enumerate(filled):
            if i in done:
                continue
            before = out[filled[k - 1]].text.text if k > 0 else ""
            after = out[filled[k + 1]].text.text if k + 1 < len(filled) else ""
            block_end = k + 1 == len(filled) or filled[k + 1] > i + 1
            why: list[str] = []
            found = reorder_line(
                out[i].text, before, after, model, raw=raw, block_end=block_end, undecided=why
            )
            if found is None:
                undecided[i] = why
                continue
            changes.append(
                Change("run-order", out[i].text.raw_span(), found.before, found.text.text, found.reason)
            )
            out[i] = replace(out[i], text=found.text)
            done.add(i)
        if len(done) == before_pass:
            break
    # Two damaged lines one under the other: each reads on into the other, and as extracted each ends in a
    # piece of a word, which is no evidence for the other. Judged together, the order of one is evidence
    # for the order of the other (the sample's lines 23 and 24).
    for k, i in enumerate(filled[:-1]):
        j = filled[k + 1]
        if j != i + 1 or i in done or j in done or not (undecided.get(i) and undecided.get(j)):
            continue
        before = out[filled[k - 1]].text.text if k > 0 else ""
        after = out[filled[k + 2]].text.text if k + 2 < len(filled) else ""
        block_end = k + 2 == len(filled) or filled[k + 2] > j + 1
        pair = reorder_pair(out[i].text, out[j].text, before, after, model, raw=raw, block_end=block_end)
        for at, found in zip((i, j), pair, strict=True):
            if found is not None:
                changes.append(
                    Change("run-order", out[at].text.raw_span(), found.before, found.text.text, found.reason)
                )
                out[at] = replace(out[at], text=found.text)
                done.add(at)
    for i, why in undecided.items():
        if i not in done and why:
            notes.setdefault(out[i].number, []).extend(why)
    for i in filled:
        text = out[i].text.strip()
        at = text.origin[0] if text.text else 0
        # No word starts with a kashida: a line that does is a glyph run from inside a word.
        if i not in done and 0 < at <= len(raw) and raw[at - 1] == TATWEEL:
            notes.setdefault(out[i].number, []).append("starts with a kashida (a piece from inside a word)")
    return out


def reorder_pair(
    upper: Tracked,
    lower: Tracked,
    before: str,
    after: str,
    model: ReadingModel,
    *,
    raw: str = "",
    block_end: bool = False,
    thresholds: Thresholds | None = None,
) -> tuple[Reorder | None, Reorder | None]:
    """Two neighbouring lines, each with readings, judged together: every pair of their readings (the order
    as extracted included) is scored as one text between ``before`` and ``after``. A line's reading is taken
    when the best pair holds it by the margins ``reorder_line`` asks for, over every pair that reads that
    line otherwise (its margin) and over every pair that leaves it as extracted (its gain)."""
    limits = thresholds or (THRESHOLDS_WITH_CHARS if model.char_model else THRESHOLDS)
    texts = (upper.strip(), lower.strip())
    options: list[list[Reading | None]] = []
    for index, text in enumerate(texts):
        found: list[Reading] = []
        if suspect_edges(text.text, model):
            context = (before, texts[1].text) if index == 0 else (texts[0].text, after)
            _, found = readings(text, *context, model, raw=raw, block_end=block_end and index == 1)
        options.append([None, *found])
    if len(options[0]) == 1 and len(options[1]) == 1:
        return None, None
    model.exclude(texts[0].text, texts[1].text)
    scored = []
    for first, second in itertools.product(*options):
        upper_text = first.text if first is not None else texts[0].text
        lower_text = second.text if second is not None else texts[1].text
        scored.append((model.score(before, f"{upper_text} {lower_text}", after), first, second))
    best_score, *best = max(scored, key=lambda item: item[0])
    out: list[Reorder | None] = []
    for index, text in enumerate(texts):
        chosen = best[index]
        if chosen is None or chosen.rival:
            out.append(None)
            continue
        others = [score for score, *pair in scored if pair[index] is not chosen]
        extracted = [score for score, *pair in scored if pair[index] is None]
        margin, gain = round(best_score - max(others), 6), best_score - max(extracted)
        needed, needed_gain = needed_margins(chosen, limits)
        out.append(
            as_reorder(text, chosen, gain, margin, model)
            if margin >= needed and gain >= needed_gain
            else None
        )
    return out[0], out[1]


_OPENING_PUNCT = re.compile(r"^[،؛,;]")


def swap_around_mark(above: Tracked, mark: Tracked, below: Tracked) -> tuple[Tracked, Tracked] | None:
    """One line drawn as two runs with a combining mark between them, extracted as three lines in reverse
    order: "، التحقيقات التي …" / "ٍ" / "… من عدة نواح" is "… من عدة نواحٍ، التحقيقات التي …". Taken only
    when the line above starts with a comma (no line starts so) and the line below ends in a letter that
    the mark can sit on; returns the two lines in reading order, the mark on the first."""
    top, bottom = above.strip(), below.strip()
    if (
        not _OPENING_PUNCT.match(top.text)
        or len(top.text.split()) < 2
        or not bottom.text
        or not bare(bottom.text[-1:])
    ):
        return None
    comma = _OPENING_PUNCT.match(top.text)
    assert comma is not None
    return bottom + mark.strip() + top[: comma.end()], top[comma.end() :].strip()
