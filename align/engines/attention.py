"""Word alignment from the model's cross-attention.

opus-mt models were trained with guided alignment: Marian supervises one attention head (the first head of
the last decoder layer) with word alignments, so that head points at the source word each target word was
translated from. CTranslate2 returns exactly that head (its default alignment layer and head); the
transformers engine reads the same head in a forced-decoding pass. The rule below — each target subword points
at its highest-attention source subword, end-of-sentence excluded — is what Marian itself uses to print hard
alignments; subwords are then mapped to whitespace words.
"""

from __future__ import annotations

from collections.abc import Sequence

ALIGNMENT_LAYER = -1
ALIGNMENT_HEAD = 0
WORD_START = "▁"  # SentencePiece's word-boundary marker


def hard_alignment(attention: Sequence[Sequence[float]], source_length: int) -> list[tuple[int, int]]:
    """(source piece, target piece) pairs: each target piece's highest-attention source piece.

    ``attention[t][s]`` is the weight of target piece ``t`` on source piece ``s``; only the first
    ``source_length`` columns are considered (the end-of-sentence token and padding come after them).
    """
    pairs = []
    for t, row in enumerate(attention):
        weights = list(row[:source_length])
        if not weights:
            continue
        pairs.append((max(range(len(weights)), key=weights.__getitem__), t))
    return pairs


def word_index(pieces: Sequence[str]) -> list[int]:
    """For each subword piece, the index of the whitespace word it belongs to (a piece starting with ▁ starts
    a new word; a lone ▁ starts a word that the next piece continues)."""
    index: list[int] = []
    word = -1
    previous_was_bare_marker = False
    for piece in pieces:
        starts = piece.startswith(WORD_START)
        if (starts and not previous_was_bare_marker) or word < 0:
            word += 1
        index.append(word)
        previous_was_bare_marker = piece == WORD_START
    return index


def word_alignment(
    piece_pairs: Sequence[tuple[int, int]], source_pieces: Sequence[str], target_pieces: Sequence[str]
) -> list[tuple[int, int]]:
    """Piece pairs as sorted, unique (source word, target word) pairs."""
    source_words = word_index(source_pieces)
    target_words = word_index(target_pieces)
    pairs = {
        (source_words[s], target_words[t])
        for s, t in piece_pairs
        if 0 <= s < len(source_words) and 0 <= t < len(target_words)
    }
    return sorted(pairs)
