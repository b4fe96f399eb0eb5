"""Which words exist: the article's own vocabulary plus, when installed, the hunspell Arabic dictionary.

Repairs that join or move word fragments are applied only when the resulting words are known; the
dictionary is optional (``pip install newsalign[spell]`` and Debian's ``hunspell-ar``), and the report
names what was used so that a repair is reproducible.
"""

from __future__ import annotations

import contextlib
import logging
import os
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from align.text import ARABIC_WORD

__all__ = [
    "ARABIC_WORD",
    "DICTIONARY_HINT",
    "DICTIONARY_MISSING_EFFECT",
    "Lexicon",
    "dictionary_identity",
    "dictionary_problem",
]

log = logging.getLogger(__name__)


# What repair does without the dictionary, and how to get it (the command line prints this once).
DICTIONARY_MISSING_EFFECT = (
    "fewer repairs (ligature glyphs stay [glyph …] and lost-glyph; a paragraph break next to one can be "
    "missed)"
)
DICTIONARY_HINT = "apt-get install hunspell-ar libenchant-2-2; pip install 'newsalign[spell]'"


# Where Enchant's hunspell provider looks for dictionaries (besides $XDG_DATA_DIRS/hunspell).
_HUNSPELL_DIRS = ("~/.config/enchant/hunspell", "/usr/local/share/hunspell", "/usr/share/hunspell")


@lru_cache(maxsize=1)
def _probe_dictionary() -> tuple[str, str | None]:
    """Which Arabic dictionary repair would use, without loading it (loading takes about 0.1 s): an identity
    that changes when the dictionary is installed, removed or updated ("none" without one), and why it
    cannot be used (None when it can)."""
    try:
        import enchant
    except ImportError as exc:
        # pyenchant raises ImportError both when it is absent and when the Enchant C library is missing.
        reason = "pyenchant is not installed" if exc.name == "enchant" else "the Enchant C library is missing"
        return "none", reason
    try:
        if not enchant.dict_exists("ar"):
            return "none", "no Arabic hunspell dictionary is installed"
        providers = sorted(f"{tag}:{provider.name}" for tag, provider in enchant.Broker().list_dicts())
    except Exception as exc:  # a broken provider
        return "none", f"the Enchant library failed ({exc})"
    dirs = [*(f"{d}/hunspell" for d in os.environ.get("XDG_DATA_DIRS", "").split(":") if d), *_HUNSPELL_DIRS]
    files = []
    for folder in dirs:
        for name in ("ar.dic", "ar.aff"):
            path = Path(folder).expanduser() / name
            with contextlib.suppress(OSError):
                stat = path.stat()
                files.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(["ar", *providers, *files]), None


@lru_cache(maxsize=1)
def _load_dictionary() -> tuple[Any | None, str | None]:
    """The dictionary, or None and why not."""
    problem = dictionary_problem()
    if problem is not None:
        log.info("no Arabic dictionary (%s); repairs rely on the article's own words", problem)
        return None, problem
    import enchant

    try:
        return enchant.Dict("ar"), None
    except Exception as exc:  # enchant.errors.DictNotFoundError, or a broken provider
        log.info("no Arabic dictionary (%s); repairs rely on the article's own words", exc)
        return None, "no Arabic hunspell dictionary is installed"


def _dictionary() -> Any | None:
    return _load_dictionary()[0]


def dictionary_identity() -> str:
    """What identifies the dictionary repair would use ("none" without one), cheap to compute: part of the
    key under which a repaired article is kept (:mod:`align.read_cache`)."""
    return _probe_dictionary()[0]


def dictionary_problem() -> str | None:
    """Why the hunspell Arabic dictionary cannot be used (one short phrase), or None when it can; the
    dictionary itself is not loaded to tell."""
    return _probe_dictionary()[1]


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
