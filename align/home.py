"""Where newsalign keeps what it makes: converted models and the translation cache.

``$NEWSALIGN_HOME`` if set, else ``$XDG_CACHE_HOME/newsalign`` (``~/.cache/newsalign``). Not the working
directory or the installed package: both may be read-only or shared, and a cache there would follow the user
from project to project by accident.
"""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    explicit = os.environ.get("NEWSALIGN_HOME")
    if explicit:
        return Path(explicit).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "newsalign"
