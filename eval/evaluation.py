"""Sentence-boundary evaluation of the splitter on sentence-aligned test sets.

A test set gives one sentence per line and a document id per line. The sentences of a document are joined
with single spaces into one paragraph, the splitter runs on it, and the character offsets where it ends a
sentence are compared with the join points. Everything here is a pure function of its inputs except
:func:`data_dir` (reads the environment) and :func:`load_test_set` (reads files).

Three views of the same run are reported. A gold sentence without final punctuation (a headline, a list
item, a caption) ends where no punctuation-based splitter can see an end, hence the second; the third
allows for gold lines that hold several sentences:

- ``all``: every gold boundary counts;
- ``recoverable``: only boundaries after a gold sentence ending in ``. ! ? ؟ …`` (optionally followed by
  closing quotes or brackets). Unrecoverable boundaries are left out of the count altogether: missing one is
  not a miss and finding one is not a hit. False splits are the same as in ``all``.
- ``adjusted`` (only when the English originals are given): like ``recoverable``, but a split inside a
  gold line is not counted as false when the English original of that line has at least as many
  sentence ends inside it. The test sets are sentence-aligned, not sentence-split: a FLORES or TICO-19
  "sentence" is sometimes a short paragraph, and a correct split inside it would otherwise count as an
  error. The English count is a rough, independent rule (:func:`english_sentence_ends`); which splits of
  a line are excused is decided by count, not by position.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from align.datasets import Documents
from align.document import TRANSLATED_KINDS
from align.segment import split_sentences

Splitter = Callable[[str], Sequence[tuple[int, int]]]

# Final punctuation that a punctuation-based splitter can act on, with closing quotes/brackets after it.
_RECOVERABLE_END = re.compile(r"[.!?؟…][\"'”’»›)\]}]*$")
# An English sentence end inside a line: a terminator and closing quotes, then a capital or a digit after
# whitespace, or a capitalised word right away ("SARS-CoV.The", "areas."On", as scraped TICO-19 lines have).
_EN_END = re.compile(r"(?<=\S)[.!?]+[\"'”’)\]]*(?:\s+[\"“‘'(\[]?[A-Z0-9]|[\"“]?[A-Z][a-z])")
_EN_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st mt jr sr gen gov sen rep col lt sgt capt inc ltd co corp no vs v etc".split()
)
_EN_WORD_BEFORE = re.compile(r"(\S+)$")
_EN_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # "U.S", "a.m": ambiguous, so not counted


@dataclass(frozen=True)
class Scores:
    """Boundary counts and the precision, recall and F1 derived from them (an empty denominator counts as
    perfect: no prediction is never wrong, no gold boundary is never missed)."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def gold(self) -> int:
        return self.true_positives + self.false_negatives

    @property
    def predicted(self) -> int:
        return self.true_positives + self.false_positives

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


ErrorKind = Literal["false-split", "missed"]


@dataclass(frozen=True)
class BoundaryError:
    """One disagreement: ``false-split`` (predicted, not gold) or ``missed`` (gold, not predicted)."""

    kind: ErrorKind
    document: int
    offset: int
    recoverable: bool  # missed: could punctuation have shown it (always True for a false split)
    excused: bool  # false split: the English original has a sentence end inside this line too
    context: str  # text around the offset, with the boundary marked by " ‖ "


@dataclass(frozen=True)
class BoundaryReport:
    """Scores over all gold boundaries, over recoverable ones, and (with references) adjusted ones."""

    all: Scores
    recoverable: Scores
    adjusted: Scores | None
    errors: tuple[BoundaryError, ...]
    documents: int
    sentences: int


def is_recoverable(sentence: str) -> bool:
    """Whether a gold sentence ends in punctuation that a punctuation-based splitter can see."""
    return _RECOVERABLE_END.search(sentence.rstrip()) is not None


def english_sentence_ends(line: str) -> int:
    """How many English sentences end inside ``line`` (not at its end): a deliberately simple count that
    skips titles, post-nominals and initials ("Mr. Smith", "J. K. Rowling", "the U.S. Army")."""
    count = 0
    for match in _EN_END.finditer(line):
        before = _EN_WORD_BEFORE.search(line, 0, match.start())
        word = before.group(1).lstrip("\"'“‘(") if before else ""
        if (
            word.lower() in _EN_ABBREVIATIONS
            or (len(word) == 1 and word.isupper())
            or _EN_ACRONYM.fullmatch(word)
        ):
            continue
        count += 1
    return count


def boundary_scores(
    documents: Sequence[Sequence[str]],
    splitter: Splitter = split_sentences,
    references: Sequence[Sequence[str]] | None = None,
    context: int = 40,
) -> BoundaryReport:
    """Compare the splitter's sentence ends with the gold ones, document by document (see module doc).

    ``references``, the English originals in the same documents and lines, enable the ``adjusted`` view.
    """
    if references is not None and [len(d) for d in references] != [len(d) for d in documents]:
        raise ValueError("references must have the same documents and lines as the source")
    tp = fp = fn = tp_rec = fn_rec = excused_total = 0
    errors: list[BoundaryError] = []
    n_sentences = 0
    for d_index, sentences in enumerate(documents):
        lines = [s.strip() for s in sentences]
        n_sentences += sum(1 for line in lines if line)
        text = " ".join(line for line in lines if line)
        # Each non-empty line's end offset, its recoverability and how many internal splits are excused.
        ends: list[int] = []
        gold: dict[int, bool] = {}
        allowance: list[int] = []
        offset = 0
        for l_index, line in enumerate(lines):
            if not line:
                continue
            offset += len(line)
            ends.append(offset)
            gold[offset] = is_recoverable(line)
            allowance.append(english_sentence_ends(references[d_index][l_index]) if references else 0)
            offset += 1
        if not ends:
            continue
        del gold[ends[-1]]  # the end of the document is not a boundary
        predicted = {b for _, b in splitter(text)[:-1]}

        line_of = 0
        for position in sorted(predicted | gold.keys()):
            while line_of < len(ends) - 1 and ends[line_of] < position:
                line_of += 1
            recoverable = gold.get(position, True)
            excused = False
            if position in gold and position in predicted:
                tp += 1
                tp_rec += recoverable
                continue
            if position in predicted:
                fp += 1
                kind: ErrorKind = "false-split"
                excused = allowance[line_of] > 0
                if excused:
                    allowance[line_of] -= 1
                    excused_total += 1
            else:
                fn += 1
                fn_rec += recoverable
                kind = "missed"
            window = f"{text[max(0, position - context) : position]} ‖ {text[position : position + context]}"
            errors.append(
                BoundaryError(kind, d_index, position, recoverable, excused, " ".join(window.split()))
            )
    return BoundaryReport(
        all=Scores(tp, fp, fn),
        recoverable=Scores(tp_rec, fp, fn_rec),
        adjusted=None if references is None else Scores(tp_rec, fp - excused_total, fn_rec),
        errors=tuple(errors),
        documents=len(documents),
        sentences=n_sentences,
    )


@dataclass(frozen=True)
class CleanReport:
    """What repair did to text that has no extraction damage: only safe normalisations are allowed."""

    documents: int
    words: int
    words_changed: int  # words that differ from the input after the safe normalisations alone
    changes: Mapping[str, int]  # change code -> count
    flags: Mapping[str, int]  # flag code -> count
    examples: tuple[str, ...]


SAFE_CHANGES = frozenset({"tatweel", "control", "nfkc", "nfc", "digits", "space"})


def repair_cleanliness(documents: Documents, *, dictionary: bool = True, examples: int = 5) -> CleanReport:
    """Repair each document (its sentences as blank-line separated paragraphs) and count what changed."""
    from align.repair import RepairOptions, repair_text
    from align.repair.normalize import normalize_line
    from align.repair.tracked import Tracked

    options = RepairOptions(dictionary=dictionary)
    words = changed = 0
    changes: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    shown: list[str] = []
    for sentences in documents:
        article = "\n\n".join(sentences)
        result = repair_text(article, options)
        changes.update(c.code for c in result.report.changes)
        flags.update(f.code for p in result.paragraphs for f in p.flags)
        expected = [w for s in sentences for w in normalize_line(Tracked.from_raw(s))[0].text.split()]
        actual = result.text.split()
        words += len(expected)
        matcher = difflib.SequenceMatcher(a=expected, b=actual, autojunk=False)
        for tag, a1, a2, b1, b2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            changed += max(a2 - a1, b2 - b1)
            if len(shown) < examples:
                shown.append(f"{' '.join(expected[a1:a2])!r} → {' '.join(actual[b1:b2])!r}")
    return CleanReport(len(documents), words, changed, dict(changes), dict(flags), tuple(shown))


@dataclass(frozen=True)
class ExtractionScore:
    """How close an extracted article is to its gold text (after the safe normalisations on both sides)."""

    name: str
    cer: float  # character error rate: edit distance / gold length, whitespace folded
    paragraphs: int
    gold_paragraphs: int
    numbers_kept: int = 0  # gold numbers found in the extraction (as a multiset), and how many there are
    gold_numbers: int = 0
    pullquotes: int = 0  # paragraphs taken for pull-quotes (kept out of the translation)


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def character_error_rate(hypothesis: str, reference: str) -> float:
    """Levenshtein distance over the reference length, on whitespace-folded text."""
    from rapidfuzz.distance import Levenshtein

    hyp, ref = " ".join(hypothesis.split()), " ".join(reference.split())
    return Levenshtein.distance(hyp, ref) / max(1, len(ref))


def _normalized_paragraphs(text: str) -> list[str]:
    from align.repair.normalize import normalize_line
    from align.repair.tracked import Tracked

    return [normalize_line(Tracked.from_raw(p))[0].text.strip() for p in text.split("\n\n") if p.strip()]


def extraction_score(
    name: str, extracted: Sequence[str], gold_text: str, *, pullquotes: int = 0
) -> ExtractionScore:
    """Score extracted paragraphs (already repaired) against a gold text (paragraphs split by blank lines)."""
    gold = _normalized_paragraphs(gold_text)
    cer = character_error_rate("\n".join(extracted), "\n".join(gold))
    want = Counter(_NUMBER.findall(" ".join(gold)))
    got = Counter(_NUMBER.findall(" ".join(_normalized_paragraphs("\n\n".join(extracted)))))
    kept = sum((want & got).values())
    return ExtractionScore(name, cer, len(extracted), len(gold), kept, sum(want.values()), pullquotes)


def pdf_reader_scores(pdf: Path, gold_text: str) -> list[ExtractionScore]:
    """The geometric PDF reader and, when poppler is installed, ``pdftotext`` — both followed by repair."""
    import shutil
    import subprocess

    from align.pipeline import load_document
    from align.repair import repair_text

    doc = load_document(pdf)
    ours = [p.source for p in doc.translated_paragraphs()]
    quotes = sum(p.kind == "pullquote" for p in doc.paragraphs)
    scores = [extraction_score("newsalign", ours, gold_text, pullquotes=quotes)]
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, text=True
        ).stdout
        repaired = repair_text(text)
        kept = [p for p in repaired.paragraphs if p.kind in TRANSLATED_KINDS]
        theirs = [repaired.text[p.span[0] : p.span[1]] for p in kept]
        found = sum(p.kind == "pullquote" for p in repaired.paragraphs)
        scores.append(extraction_score("pdftotext + repair", theirs, gold_text, pullquotes=found))
    return scores
