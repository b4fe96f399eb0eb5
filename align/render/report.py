"""The repair report as text: what was changed, where in the raw input, why, and what is still suspect."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections import Counter, defaultdict

from align.document import Change, Document

# Edits that never change a word; listed as counts per kind with their lines, not one by one.
_SAFE = ("tatweel", "control", "nfkc", "nfc", "digits", "space")  # "digits": documents of repair v8
_LABELS = {
    "tatweel": "tatweel removed",
    "control": "control characters removed",
    "nfkc": "presentation forms unfolded",
    "nfc": "combining sequences composed",
    "digits": "Arabic-Indic digits to ASCII",
    "space": "spaces folded",
}


def repair_report(doc: Document) -> str:
    report = doc.meta.repair
    if report is None:
        return "\n".join([f"{doc.meta.source}: not repaired (--no-repair)", *ingest_report(doc)]) + "\n"
    raw = doc.raw_text or doc.text
    line_starts = [0] + [i + 1 for i, ch in enumerate(raw) if ch == "\n"]

    def line_of(offset: int) -> int:
        return bisect_right(line_starts, offset)

    kinds = Counter(p.kind for p in doc.paragraphs)
    out = [
        f"Repair report: {doc.meta.source} (repair:{report.signature()}, dictionary: {report.dictionary})",
        f"{len(line_starts)} raw lines → " + ", ".join(f"{n} {kind}" for kind, n in kinds.most_common()),
    ]
    out.extend(ingest_report(doc))
    if report.glyph_map:
        out.append(
            "Private-Use glyphs decoded: " + ", ".join(f"{g}={t}" for g, t in report.glyph_map.items())
        )
    out.extend(f"  evidence: {line}" for line in report.evidence)

    safe: dict[str, list[Change]] = defaultdict(list)
    other: list[Change] = []
    for change in report.changes:
        (safe[change.code] if change.code in _SAFE else other).append(change)
    out.append(f"Changes: {len(report.changes)}")
    for code in _SAFE:
        if safe[code]:
            chars = sum(len(c.before) for c in safe[code])
            lines = sorted({line_of(c.span[0]) for c in safe[code]})
            out.append(f"  {_LABELS[code]}: {chars} characters on {len(lines)} lines ({_ranges(lines)})")
    for change in other:
        before = _short(change.before)
        after = _short(change.after) if change.after else "∅"
        out.append(f"  line {line_of(change.span[0])}: {change.code}: {before} → {after} ({change.reason})")

    flagged = [(p.id, f) for p in doc.paragraphs for f in p.flags]
    flagged += [
        (s.id, f) for s in doc.segments for f in s.flags if f.code in ("pua-unrecovered", "run-order-suspect")
    ]
    out.append(f"Flags: {len(flagged)}")
    out.extend(f"  {where}: {flag.code} ({flag.severity}): {flag.message}" for where, flag in flagged)
    return "\n".join(out) + "\n"


def ingest_report(doc: Document) -> list[str]:
    """Where every page's characters went (paged formats): the text, or a reported removal."""
    ingest = doc.meta.ingest
    if ingest is None or not ingest.pages:
        return []
    drawn = sum(p.drawn for p in ingest.pages)
    kept = sum(p.kept for p in ingest.pages)
    quoted = sum(p.quoted for p in ingest.pages)
    removed = sum(p.removed for p in ingest.pages)
    in_quotes = f" ({quoted:,} of them in pull-quotes)" if quoted else ""
    out = [
        f"Read from {doc.meta.format.upper()}: {len(ingest.pages)} page(s), {drawn:,} characters drawn"
        f" (whitespace aside) = {kept:,} in the text{in_quotes} + {removed:,} removed"
    ]
    out.extend(f"  glyphs read from an installed font: {font}" for font in ingest.fonts)
    by_page: dict[int, list[str]] = defaultdict(list)
    for removal in ingest.removals:
        # Presentation forms (what visual-order producers draw) are shown as the letters they stand for.
        shown = _short(unicodedata.normalize("NFKC", removal.text), 40)
        by_page[removal.page].append(f"{removal.kind} {_count(removal.text)}: {shown} ({removal.reason})")
    for page in ingest.pages:
        line = f"  page {page.page}: {page.drawn:,} = {page.kept:,} + {page.removed:,} removed"
        if page.unaccounted:
            line += f"; {page.unaccounted:,} characters NOT ACCOUNTED FOR"
        out.append(line)
        out.extend(f"    {item}" for item in by_page.get(page.page, []))
    return out


def _count(text: str) -> int:
    return sum(not ch.isspace() for ch in text)


def _short(text: str, limit: int = 60) -> str:
    if not text.strip():
        return repr(text)  # a line break or a space is the whole change: show it
    text = " ".join(text.split())
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)


def _ranges(numbers: list[int]) -> str:
    parts = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)
