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

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _dictionary() -> Any | None:
    try:
        import enchant

        return enchant.Dict("ar")
    except Exception as exc:  # ImportError, missing C library or missing dictionary: all mean "none"
        log.info("no Arabic dictionary (%s); repairs rely on the article's own words", exc)
        return None


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
