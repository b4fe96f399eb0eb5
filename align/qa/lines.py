"""Line-aligned MT output (one sentence per line, any system) as a Document the checks can run on.

When the two files have different numbers of lines, the error says where they fall out of step, if that
can be told: a length-based alignment (Gale and Church's, with English characters per Arabic character
as measured on human translations, and numbers as anchors) finds the first line that has no counterpart or
is split in two, and names it when no other place explains the files nearly as well.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from datetime import datetime, timezone

from align.document import Document, DocumentMeta, Paragraph, Segment
from align.errors import InputError
from align.qa.numbers import normalize_digits

# English characters per Arabic character (median of 5,053 human translations, see checks.LENGTH_RATIO)
# and Gale and Church's variance of the length difference per character.
CHARS_PER_CHAR = 1.11
VARIANCE = 6.8
# -log prior of each bead: 1-1 is the rule, a split or merge rarer, a line with no counterpart rarest.
_BEADS = {(1, 1): -math.log(0.89), (1, 2): -math.log(0.045), (2, 1): -math.log(0.045)}
_BEADS |= {(1, 0): -math.log(0.005), (0, 1): -math.log(0.005)}
# How much worse (in -log probability) the best explanation with its first break anywhere else must be
# for the break to be named: planted drops in the test sets' documents are found at the right line when
# the margin is this large (tests/test_qa_lines.py).
MIN_MARGIN = 2.0
_NUMBER = re.compile(r"\d+")
# Beyond this many missing lines the files are not one slip apart, and the search would be slow.
MAX_DIFFERENCE = 50


def document_from_lines(
    sources: Sequence[str], translations: Sequence[str], source_name: str, translation_name: str
) -> Document:
    """Line N of the source and of the translation become segment ``LN``; the counts must agree (a blank
    last line that one reader dropped counts as an empty line when the other file needs it)."""
    sources, translations = (
        _restore_blank(sources, len(translations)),
        _restore_blank(translations, len(sources)),
    )
    if len(sources) != len(translations):
        where = first_divergence(sources, translations)
        hint = (
            f" (they fall out of step around line {where}: a line there has no counterpart in the other"
            " file, or is split in two)"
            if where is not None
            else ""
        )
        raise InputError(
            f"has {len(sources)} lines but {translation_name} has {len(translations)};"
            f" the files must be line-aligned{hint}",
            path=source_name,
        )
    paragraphs = []
    offset = 0
    for n, (source, translation) in enumerate(zip(sources, translations, strict=True), start=1):
        span = (offset, offset + len(source))
        segment = Segment(id=f"L{n}", source=source, span=span, translation=translation)
        paragraphs.append(Paragraph(id=f"L{n}", kind="body", span=span, segments=(segment,)))
        offset += len(source) + 1
    text = "\n".join(sources)
    meta = DocumentMeta(
        source=source_name,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format="lines",
        encoding="utf-8",
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    return Document(meta=meta, text=text, paragraphs=tuple(paragraphs))


def _restore_blank(lines: Sequence[str], other: int) -> Sequence[str]:
    if getattr(lines, "dropped_blank", False) and len(lines) + 1 == other:
        return [*lines, ""]
    return lines


def first_divergence(sources: Sequence[str], translations: Sequence[str]) -> int | None:
    """The 1-based line at which two files of Arabic sentences and their translations first stop pairing
    one to one, or None when the lengths cannot tell it apart from other places."""
    n, m = len(sources), len(translations)
    if min(n, m) < 2 or abs(n - m) > MAX_DIFFERENCE:
        return None
    src = [len(" ".join(s.split())) for s in sources]
    tgt = [len(" ".join(t.split())) for t in translations]
    src_numbers = [set(_NUMBER.findall(normalize_digits(s))) for s in sources]
    tgt_numbers = [set(_NUMBER.findall(normalize_digits(t))) for t in translations]

    def cost(i: int, j: int, di: int, dj: int) -> float:
        """-log probability of the bead of sources[i:i+di] and translations[j:j+dj]."""
        a, b = sum(src[i : i + di]), sum(tgt[j : j + dj])
        prior = _BEADS[(di, dj)]
        if not di or not dj:
            return prior
        mean = (a + b / CHARS_PER_CHAR) / 2
        delta = (b - a * CHARS_PER_CHAR) / math.sqrt(max(mean, 1.0) * VARIANCE)
        value = prior - math.log(max(math.erfc(abs(delta) / math.sqrt(2)), 1e-300))
        left = set().union(*src_numbers[i : i + di])
        right = set().union(*tgt_numbers[j : j + dj])
        if left and right:
            value += -2.0 if left & right else 2.0  # shared numbers pin a pair; disjoint ones part it
        return value

    # After[i][j]: the cheapest alignment of sources[i:] with translations[j:], in a band around the
    # diagonal wide enough for the difference in counts.
    band = max(20, 3 * abs(n - m) + 10)
    inf = math.inf
    after: dict[tuple[int, int], float] = {(n, m): 0.0}
    for i in range(n, -1, -1):
        centre = i * m / n
        for j in range(min(m, int(centre) + band), max(-1, int(centre) - band - 1), -1):
            if (i, j) == (n, m):
                continue
            best = inf
            for di, dj in _BEADS:
                if i + di <= n and j + dj <= m:
                    rest = after.get((i + di, j + dj), inf)
                    if rest < inf:
                        best = min(best, cost(i, j, di, dj) + rest)
            after[(i, j)] = best
    # Each place p where the first break may be: p lines paired one to one, then any other bead.
    one_to_one = [0.0]
    for p in range(min(n, m)):
        one_to_one.append(one_to_one[-1] + cost(p, p, 1, 1))
    totals: list[tuple[float, int]] = []
    for p in range(min(n, m) + 1):
        breaks = [
            cost(p, p, di, dj) + after.get((p + di, p + dj), inf)
            for di, dj in _BEADS
            if (di, dj) != (1, 1) and p + di <= n and p + dj <= m
        ]
        if breaks:
            totals.append((one_to_one[p] + min(breaks), p))
    if not totals:
        return None
    totals.sort()
    best, place = totals[0]
    rivals = [total for total, p in totals[1:] if abs(p - place) > 1]
    if rivals and rivals[0] - best < MIN_MARGIN:
        return None
    return place + 1
