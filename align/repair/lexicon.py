"""Which words exist: the article's own vocabulary plus, when installed, the hunspell Arabic dictionary.

Repairs that join or move word fragments are applied only when the resulting words are known; the
dictionary is optional (``pip install newsalign[spell]`` and Debian's ``hunspell-ar``), and the report
names what was used so that a repair is reproducible.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from align.text import ARABIC_WORD

__all__ = ["ARABIC_WORD", "DICTIONARY_HINT", "DICTIONARY_MISSING_EFFECT", "Lexicon", "dictionary_problem"]

log = logging.getLogger(__name__)


# What repair does without the dictionary, and how to get it (the command line prints this once).
DICTIONARY_MISSING_EFFECT = (
    "fewer repairs (ligature glyphs stay [glyph …] and lost-glyph; a paragraph break next to one can be "
    "missed)"
)
DICTIONARY_HINT = "apt-get install hunspell-ar libenchant-2-2; pip install 'newsalign[spell]'"


@lru_cache(maxsize=1)
def _load_dictionary() -> tuple[Any | None, str | None]:
    """The dictionary, or None and why not."""
    try:
        import enchant
    except ImportError as exc:
        # pyenchant raises ImportError both when it is absent and when the Enchant C library is missing.
        reason = "pyenchant is not installed" if exc.name == "enchant" else "the Enchant C library is missing"
        log.info("no Arabic dictionary (%s); repairs rely on the article's own words", reason)
        return None, reason
    try:
        return enchant.Dict("ar"), None
    except Exception as exc:  # enchant.errors.DictNotFoundError, or a broken provider
        log.info("no Arabic dictionary (%s); repairs rely on the article's own words", exc)
        return None, "no Arabic hunspell dictionary is installed"


def _dictionary() -> Any | None:
    return _load_dictionary()[0]


def dictionary_problem() -> str | None:
    """Why the hunspell Arabic dictionary cannot be used (one short phrase), or None when it can."""
    return _load_dictionary()[1]


class Lexicon:
    def __init__(self, texts: Iterable[str], *, use_dictionary: bool = True) -> None:
        self.counts = Counter(w for text in texts for w in ARABIC_WORD.findall(text))
        self._dict = _dictionary() if use_dictionary else None

    @property
    def name(self) -> str:
        return "hunspell-ar" if self._dict is not None else "none"

    def in_dictionary(self, word: str) -> bool:
        return bool(self._dict is not None and word and self._dict.check(word))

    def known(self, word: str) -> bool:
        """In the article (outside the place being repaired, callers ensure) or in the dictionary."""
        return self.counts[word] > 0 or self.in_dictionary(word)
