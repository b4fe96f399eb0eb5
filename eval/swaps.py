"""Lines whose pieces come out in the wrong order, made the way the sample article shows it, to measure
how often repair puts them back (recall) and how often a reorder it makes is right (precision).

PDF producers draw a right-to-left line as glyph runs split where letters do not join; extractors that
write the runs left to right on the page reverse their order. The sample article
(``samples/bannon-brexit.ar.txt``) shows three patterns, all simulated here on clean test-set text wrapped
into page lines:

- ``word``: the line is cut inside a word, after a letter that does not join the next (ا أ إ آ د ذ ر ز و ؤ),
  and the two pieces swap: "… أناليتيكا، بر|يتاني كايزر …" → "يتاني كايزر … أناليتيكا، بر". Whether the cut
  word sits in the first or the second half of the line is the direction.
- ``three``: two cuts inside two words and the three pieces in reverse order
  ("جنائي|ا أجرت|ه الوكالة …" → "ه الوكالة … ا أجرت جنائي").
- ``number``: a number and the full stop after it, at the end of a line, extracted ahead of it
  (".2015 معا … سنة").
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from dataclasses import dataclass

from eval.damage import _wrap

NON_JOINING = frozenset("اأإآدذرزوؤ")
_LETTERS = re.compile(r"^[\u0621-\u064a]+$")
_LINE_END_NUMBER = re.compile(r"^(.*\S) (\d+)([.،])$")
KINDS = ("word", "three", "number")


@dataclass(frozen=True)
class Swap:
    line: int  # 1-based number of the damaged line in the article's text
    kind: str
    original: str
    damaged: str


def _cuts(word: str) -> list[int]:
    """Places inside ``word`` where a glyph run may end: after a non-joining letter, with at least one
    letter before and two after."""
    if not _LETTERS.match(word):
        return []
    return [i + 1 for i in range(len(word) - 2) if word[i] in NON_JOINING]


def swap_line(line: str, kind: str, rng: random.Random) -> str | None:
    """``line`` damaged the ``kind`` way, or None when the line offers no place for it."""
    words = line.split(" ")
    if kind == "number":
        match = _LINE_END_NUMBER.match(line)
        return f"{match.group(3)}{match.group(2)} {match.group(1)}" if match else None
    places = [(i, c) for i, w in enumerate(words) for c in _cuts(w)]
    if kind == "word":
        if len(words) < 4 or not places:
            return None
        i, c = rng.choice(places)
        text = " ".join([*words[:i], words[i][:c] + "\x00" + words[i][c:], *words[i + 1 :]])
        head, tail = text.split("\u0000")
        return f"{tail} {head}"
    if len(words) < 6:
        return None
    pairs = [(a, b) for a in places for b in places if a[0] + 1 < b[0]]
    if not pairs:
        return None
    (i, c), (j, d) = rng.choice(pairs)
    marked = list(words)
    marked[j] = marked[j][:d] + "\u0000" + marked[j][d:]
    marked[i] = marked[i][:c] + "\u0000" + marked[i][c:]
    first, middle, last = " ".join(marked).split("\u0000")
    return f"{last} {middle} {first}"


def swapped_article(
    paragraphs: Sequence[str], seed: int | str, rate: float, width: int = 90
) -> tuple[str, list[str], list[Swap]]:
    """The article wrapped into page lines (paragraphs apart by blank lines) with ``rate`` of its lines
    damaged (kinds in turn); returns the text, its clean lines and the swaps made."""
    rng = random.Random(seed)
    lines: list[str] = []
    swaps: list[Swap] = []
    out: list[str] = []
    for p_index, paragraph in enumerate(paragraphs):
        if p_index:
            out.append("")
        wrapped = _wrap(paragraph, width)
        for k, line in enumerate(wrapped):
            lines.append(line)
            damaged = None
            if rng.random() < rate:
                kind = KINDS[len(swaps) % len(KINDS)]
                # A number extracted ahead of the line shows only on a paragraph's last line in the sample.
                if kind != "number" or k == len(wrapped) - 1:
                    damaged = swap_line(line, kind, rng)
                if damaged is not None:
                    swaps.append(Swap(len(out) + 1, kind, line, damaged))
            out.append(damaged if damaged is not None else line)
    return "\n".join(out) + "\n", lines, swaps


@dataclass(frozen=True)
class ReorderScore:
    swaps: int
    reorders: int  # lines repair reordered
    correct: int  # reordered back to exactly the original line
    by_kind: dict[str, tuple[int, int]]  # kind -> (swaps, correctly reordered)

    @property
    def precision(self) -> float:
        return self.correct / self.reorders if self.reorders else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.swaps if self.swaps else 1.0


def reorder_score(
    articles: Sequence[Sequence[str]], rate: float = 0.2, *, dictionary: bool = True, heldout: bool = True
) -> tuple[ReorderScore, list[str]]:
    """Swap lines of each article (paragraphs of clean text), repair, and compare reordered lines with the
    originals. With ``heldout`` the word counts leave out the article itself. Returns the score and the
    wrong reorders (for reading)."""
    from bisect import bisect_right

    from align.repair import RepairOptions, repair_text
    from align.repair.normalize import normalize_line
    from align.repair.tracked import Tracked
    from align.repair.wordstats import corpus_stats

    def norm(text: str) -> str:
        return " ".join(normalize_line(Tracked.from_raw(text))[0].text.split())

    stats = corpus_stats()
    swaps = reorders = correct = 0
    kinds: dict[str, list[int]] = {k: [0, 0] for k in KINDS}
    wrong: list[str] = []
    for index, paragraphs in enumerate(articles):
        text, _, made = swapped_article(paragraphs, index, rate)
        own = (
            stats.without(s for p in paragraphs for s in re.split(r"(?<=[.!؟?])\s+", p)) if heldout else stats
        )
        result = repair_text(text, RepairOptions(dictionary=dictionary, word_stats=own))
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        by_line = {s.line: s for s in made}
        swaps += len(made)
        for s in made:
            kinds[s.kind][0] += 1
        for change in result.report.changes:
            if change.code != "run-order" or change.before.strip() == "" or len(change.before) < 8:
                continue
            line = bisect_right(starts, change.span[0])
            reorders += 1
            swap = by_line.get(line)
            if swap is not None and norm(change.after) == norm(swap.original):
                correct += 1
                kinds[swap.kind][1] += 1
            else:
                truth = swap.original if swap else "(line was not damaged)"
                wrong.append(f"{change.before!r}\n  → {change.after!r}\n  true {truth!r}")
    score = ReorderScore(swaps, reorders, correct, {k: (v[0], v[1]) for k, v in kinds.items()})
    return score, wrong
