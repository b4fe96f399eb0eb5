"""Safe character normalisation: only changes that never alter an Arabic word.

Applied: tatweel removal, compatibility forms that PDF fonts emit (Arabic presentation forms, Latin
ligatures, full-width forms) through NFKC, canonical composition (NFC), removal of bidi and zero-width
controls and of C0/C1 control characters (ESC, BEL, CSI: a terminal acts on them), and space folding.
Arabic-Indic and Persian digits are the article's own and stay: the translation stage reads them as ASCII
(``align.text.fold_digits``).
Never applied, because each one turns a correct word into a different or wrong one: alef/hamza
unification (أ إ آ → ا), ى → ي, ة → ه, diacritic stripping, or full NFKC (it rewrites "…", "²", "½").
"""

from __future__ import annotations

import unicodedata
from array import array
from dataclasses import dataclass

from align.document import Change
from align.repair.tracked import Tracked
from align.text import CONTROL_CHAR

TATWEEL = "\u0640"
_CONTROLS = frozenset(
    "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # bidi marks and embeddings
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width characters, soft hyphen
)
# The C0 information separators: whitespace to str.split(), so words on either side stay apart.
_SEPARATORS = frozenset("\x1c\x1d\x1e\x1f")
# C0 and C1 controls and DEL (ESC, BEL, CSI...): no text, and on a terminal they act.
_TERMINAL_CONTROLS = frozenset(c for c in map(chr, range(0xA0)) if CONTROL_CHAR.match(c)) - _SEPARATORS
# Blocks whose compatibility decompositions undo font-level shaping, not meaning.
_NFKC_RANGES = ((0xFB00, 0xFB06), (0xFB50, 0xFDFF), (0xFE70, 0xFEFE), (0xFF01, 0xFF5E))

REASONS = {
    "tatweel": "tatweel (U+0640) is justification, not text",
    "control": "bidi, zero-width and terminal control characters carry no text",
    "nfkc": "presentation-form or ligature glyph replaced by the letters it shows",
    "nfc": "canonical composition (same text, one encoding)",
    "space": "unusual or repeated spaces folded into one",
}


@dataclass
class _Edit:
    code: str
    start: int
    end: int
    before: str
    after: str


def normalize_line(line: Tracked) -> tuple[Tracked, list[Change]]:
    """Normalise one line; return it and one Change per contiguous edit (raw offsets)."""
    out_text: list[str] = []
    out_origin: list[int] = []
    edits: list[_Edit] = []

    def edit(code: str, at: int, before: str, after: str) -> None:
        last = edits[-1] if edits else None
        if last and last.code == code and last.end == at:
            last.end, last.before, last.after = at + 1, last.before + before, last.after + after
        else:
            edits.append(_Edit(code, at, at + 1, before, after))

    text, origin = line.text, line.origin
    i = 0
    while i < len(text):
        ch, at = text[i], origin[i]
        code, replacement = _classify(ch)
        if code == "space":
            j = i
            while j < len(text) and _classify(text[j])[0] == "space":
                j += 1
            run = text[i:j]
            if out_text and out_text[-1] == " ":
                edits.append(_Edit("space", at, origin[j - 1] + 1, run, ""))
            else:
                # One space survives, a leading one too: indentation can mark a new paragraph.
                if run != " ":
                    edits.append(_Edit("space", at, origin[j - 1] + 1, run, " "))
                out_text.append(" ")
                out_origin.append(at)
            i = j
            continue
        if code is not None:
            edit(code, at, ch, replacement)
            out_text.extend(replacement)
            out_origin.extend([at] * len(replacement))
            i += 1
            continue
        # A base character and its combining marks are composed together.
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        cluster = text[i:j]
        composed = unicodedata.normalize("NFC", cluster)
        if composed != cluster:
            edits.append(_Edit("nfc", at, origin[j - 1] + 1, cluster, composed))
        out_text.extend(composed)
        out_origin.extend([at] * len(composed) if composed != cluster else origin[i:j])
        i = j
    changes = [Change(e.code, (e.start, e.end), e.before, e.after, REASONS[e.code]) for e in edits]
    return Tracked("".join(out_text), array("i", out_origin)), changes


def _classify(ch: str) -> tuple[str | None, str]:
    if ch == TATWEEL:
        return "tatweel", ""
    if ch in _CONTROLS:
        return "control", ""
    if ch in _SEPARATORS:
        return "space", " "
    if ch in _TERMINAL_CONTROLS:
        return "control", ""
    if ch == "\t" or unicodedata.category(ch) == "Zs":
        return "space", " "
    cp = ord(ch)
    if any(lo <= cp <= hi for lo, hi in _NFKC_RANGES):
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch:
            return "nfkc", folded
    return None, ch
