"""Lines whose pieces come out in the wrong order, made the way the sample article shows it, to measure
how often repair puts them back (recall) and how often a reorder it makes is right (precision).

PDF producers draw a right-to-left line as glyph runs; extractors that write the runs left to right on the
page reverse their order, each run intact. The sample article (``samples/bannon-brexit.ar.txt``) shows
three patterns, simulated here on clean test-set text wrapped into page lines, in the proportions the
sample has them (10 : 2 : 3):

- ``word``: the line is cut inside one word and the two pieces swap, so the line starts with the word's
  tail and ends with its head: "… أناليتيكا، بر|يتاني كايزر …" → "يتاني كايزر … أناليتيكا، بر". All ten
  cuts in the sample follow ر, ز or a word-initial أ (بر|يتاني, طر|يق, تعز|يز, أ|كتوبر, أ|كبر), never the
  alef of the article ال nor و or د, with at least two letters after the cut. Three of the ten lines hold
  a number and the cut word stands next to it ("تشرين الأول/ أ|كتوبر 2015، أن بانون"): in a line with a
  number or a Latin word (an island of left-to-right text), the cut is made in a word next to it.
- ``three``: two cuts in two neighbouring words, the three pieces in reverse order, so the middle piece is
  just the tail of one word and the head of the next: "التجار|ية والاستثمار|ية العابرة" →
  "ية العابرة … ية والاستثمار … التجار". One of the sample's two is cut after ر, the other at kashidas
  (joins stretched with tatweel, "جنائيـ|ـا أجرتـ|ـه"): the piece after such a cut starts with the tatweel.
- ``number``: a number and the full stop after it, at the end of a line, extracted ahead of it
  (".2015 معا … سنة").

The ``any`` profile cuts after every letter that does not join the next one (ا أ إ آ د ذ ر ز و ؤ) and
anywhere in the line for three pieces: harsher than the sample, to see how repair does on producers that
break runs elsewhere.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eval.damage import _wrap

KINDS = ("word", "three", "number")
WEIGHTS = {"word": 10, "three": 2, "number": 3}  # as often as the sample has each
PROFILES = ("seed", "any")
_CUT_AFTER = {"seed": frozenset("رزأ"), "any": frozenset("اأإآدذرزوؤ")}
_JOINING = frozenset("بتثجحخسشصضطظعغفقكلمنهيئ")
_LETTERS = re.compile(r"^[\u0621-\u064a][\u0621-\u0652]*$")  # letters and their marks
_LINE_END_NUMBER = re.compile(r"^(.*\S) (\d+)([.،])$")
_ISLAND = re.compile(r"[0-9A-Za-z]")  # a word of left-to-right text: a number or a Latin word
TATWEEL = "\u0640"


@dataclass(frozen=True)
class Swap:
    line: int  # 1-based number of the damaged line in the article's text
    kind: str
    original: str
    damaged: str
    island: bool = False  # a word cut next to a number or Latin word


def _cuts(word: str, profile: str, kashida: bool = False) -> list[tuple[int, bool]]:
    """Places inside ``word`` where a glyph run may end, with at least one letter before and two after;
    ``True`` for a kashida cut (after a joining letter, one letter after is enough: "جنائيـ|ـا"), where
    the next run starts with a tatweel."""
    if not _LETTERS.match(word):
        return []
    letters = _CUT_AFTER[profile]
    out = []
    for i in range(len(word) - 1):
        if "\u064b" <= word[i + 1] <= "\u0652":
            continue  # never between a letter and its marks
        if i < len(word) - 2 and word[i] in letters and (profile == "any" or word[i] != "أ" or i == 0):
            out.append((i + 1, False))
        elif kashida and word[i] in _JOINING and word[i + 1] not in "ءة":
            out.append((i + 1, True))
    return out


def _cut(word: str, at: int, kashida: bool) -> tuple[str, str]:
    return word[:at], (TATWEEL if kashida else "") + word[at:]


def _next_to_island(words: Sequence[str], i: int) -> bool:
    return any(0 <= j < len(words) and _ISLAND.search(words[j]) for j in (i - 1, i + 1))


def damaged_versions(
    line: str, kind: str, profile: str = "seed", kashida: bool = False, island: bool = False
) -> list[str]:
    """Every way the ``kind`` damage can turn ``line`` into an extracted line (``kashida``: three pieces
    cut at kashidas; ``island``: a word cut only next to a number or Latin word)."""
    words = line.split(" ")
    if kind == "number":
        match = _LINE_END_NUMBER.match(line)
        return [f"{match.group(3)}{match.group(2)} {match.group(1)}"] if match else []
    if kind == "word":
        if len(words) < 3:
            return []
        out = []
        for i, word in enumerate(words):
            if island and not _next_to_island(words, i):
                continue
            for at, _ in _cuts(word, profile):
                head, tail = _cut(word, at, False)
                out.append(" ".join([tail, *words[i + 1 :]]) + " " + " ".join([*words[:i], head]))
        return out
    if len(words) < 4:
        return []
    places = [(i, c) for i, w in enumerate(words) for c in _cuts(w, profile, kashida)]
    if profile == "seed":
        pairs = [(a, b) for a in places for b in places if b[0] == a[0] + 1 and a[1][1] == b[1][1] == kashida]
    else:
        pairs = [(a, b) for a in places for b in places if a[0] < b[0]]
    out = []
    for (i, (c, kc)), (j, (d, kd)) in pairs:
        head_i, tail_i = _cut(words[i], c, kc)
        head_j, tail_j = _cut(words[j], d, kd)
        first = " ".join([*words[:i], head_i])
        middle = " ".join([tail_i, *words[i + 1 : j], head_j])
        last = " ".join([tail_j, *words[j + 1 :]])
        out.append(f"{last} {middle} {first}")
    return out


def swap_line(line: str, kind: str, rng: random.Random, profile: str = "seed") -> str | None:
    """``line`` damaged the ``kind`` way, or None when the line offers no place for it."""
    found = _swap(line, kind, rng, profile)
    return found[0] if found else None


def _swap(line: str, kind: str, rng: random.Random, profile: str) -> tuple[str, bool] | None:
    # A kashida cut shows in one of the sample's two three-piece lines.
    kashida = kind == "three" and rng.random() < 0.5
    # Where a line holds a number or a Latin word, the sample's word cuts sit next to it.
    near = damaged_versions(line, kind, profile, island=True) if kind == "word" else []
    versions = near or damaged_versions(line, kind, profile, kashida)
    return (rng.choice(versions), bool(near)) if versions else None


def swapped_article(
    paragraphs: Sequence[str], seed: int | str, rate: float, width: int = 90, profile: str = "seed"
) -> tuple[str, list[str], list[Swap]]:
    """The article wrapped into page lines (paragraphs apart by blank lines) with ``rate`` of its lines
    damaged (a kind drawn by the sample's proportions among those the line allows); returns the text,
    its clean lines and the swaps made."""
    rng = random.Random(seed)
    lines: list[str] = []
    swaps: list[Swap] = []
    out: list[str] = []
    for p_index, paragraph in enumerate(paragraphs):
        if p_index:
            out.append("")
        for line in _wrap(paragraph, width):
            lines.append(line)
            found = None
            if rng.random() < rate:
                kinds = list(KINDS)
                while kinds and found is None:
                    kind = rng.choices(kinds, [WEIGHTS[k] for k in kinds])[0]
                    kinds.remove(kind)
                    found = _swap(line, kind, rng, profile)
                if found is not None:
                    swaps.append(Swap(len(out) + 1, kind, line, found[0], found[1]))
            out.append(found[0] if found is not None else line)
    return "\n".join(out) + "\n", lines, swaps


@dataclass(frozen=True)
class ReorderScore:
    swaps: int
    reorders: int  # lines repair reordered
    correct: int  # reordered back to exactly the original line
    by_kind: dict[str, tuple[int, int, int]]  # kind -> (swaps, reordered, correctly reordered)
    unflagged: int  # damaged lines neither put back nor flagged run-order-suspect
    island: tuple[int, int, int] = (0, 0, 0)  # word cuts next to a number or Latin word, as by_kind

    @property
    def precision(self) -> float:
        return self.correct / self.reorders if self.reorders else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.swaps if self.swaps else 1.0


def reorder_score(
    documents: Sequence[Sequence[str]],
    rate: float = 0.2,
    *,
    profile: str = "seed",
    dictionary: bool = True,
    heldout: bool = True,
    seed: int = 0,
    char_model: bool = False,
    progress: Callable[[int], None] | None = None,
) -> tuple[ReorderScore, list[str]]:
    """Swap lines of each document (its sentences, as paragraphs of three), repair, and compare reordered
    lines with the originals. With ``heldout`` the counts leave out the document itself. Returns the score
    and the wrong reorders (for reading)."""
    from bisect import bisect_right

    from align.repair import RepairOptions, repair_text
    from align.repair.normalize import normalize_line
    from align.repair.tracked import Tracked
    from align.repair.wordstats import corpus_stats

    def norm(text: str) -> str:
        return " ".join(normalize_line(Tracked.from_raw(text))[0].text.split())

    stats = corpus_stats()
    swaps = reorders = correct = unflagged = 0
    kinds: dict[str, list[int]] = {k: [0, 0, 0] for k in KINDS}
    island = [0, 0, 0]
    wrong: list[str] = []
    for index, sentences in enumerate(documents):
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
        text, _, made = swapped_article(paragraphs, f"{seed}:{index}", rate, profile=profile)
        own = stats.without(sentences) if heldout else stats
        result = repair_text(
            text, RepairOptions(dictionary=dictionary, word_stats=own, char_model=char_model)
        )
        starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
        by_line = {s.line: s for s in made}
        swaps += len(made)
        for s in made:
            kinds[s.kind][0] += 1
            island[0] += s.island
        flagged = {
            int(n)
            for p in result.paragraphs
            for f in p.flags
            if f.code == "run-order-suspect"
            for n in re.findall(r"line (\d+):", f.message)
        }
        fixed = set()
        for change in result.report.changes:
            if change.code != "run-order" or change.before.strip() == "" or len(change.before) < 8:
                continue
            line = bisect_right(starts, change.span[0])
            fixed.add(line)
            reorders += 1
            swap = by_line.get(line)
            if swap is not None:
                kinds[swap.kind][1] += 1
                island[1] += swap.island
            if swap is not None and norm(change.after) == norm(swap.original):
                correct += 1
                kinds[swap.kind][2] += 1
                island[2] += swap.island
            else:
                truth = swap.original if swap else "(line was not damaged)"
                wrong.append(f"{change.before!r}\n  → {change.after!r}\n  true {truth!r}")
        unflagged += sum(1 for s in made if s.line not in fixed and s.line not in flagged)
        if progress is not None:
            progress(index)
    score = ReorderScore(
        swaps,
        reorders,
        correct,
        {k: (v[0], v[1], v[2]) for k, v in kinds.items()},
        unflagged,
        (island[0], island[1], island[2]),
    )
    return score, wrong
