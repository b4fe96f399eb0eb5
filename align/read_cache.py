"""Repaired articles kept in the newsalign home, so that an article read before is not repaired again.

Repairing a page-laid-out article costs most of a run whose translations all come from the translation cache
(the sample: about 0.45 s of 0.7 s, reorder evidence and the dictionary's load). Repair and segmentation are
a pure function of the text read and of what decides them, so the Document they make is kept under a key of
exactly that: the article as read (its text, source, format, encoding, blocks and reading account), the repair
options, the dictionary repair would use, the word counts' data files, and the source code of the modules
that repair and segment (so a changed newsalign never serves an old repair). Anything that cannot be keyed —
word counts passed in by the caller — is not kept. An entry that cannot be read back is repaired again.

``$NEWSALIGN_HOME/cache/repaired/`` keeps the :data:`KEEP` most recently used entries; the translation cache
option (``RunOptions.cache``, ``--no-cache``) turns this off too.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from align import __version__
from align.document import Document
from align.ingest import RawArticle
from align.repair import RepairOptions

__all__ = ["KEEP", "kept_document"]

log = logging.getLogger(__name__)

FORMAT = 1  # bump when what is kept, or how it is keyed, changes
KEEP = 200  # entries kept (about 100 kB each for a news article)

# The modules whose code decides what repair and segmentation make of an article.
_DECIDING = ("repair", "segment.py", "document", "text.py", "ingest/base.py")


def kept_document(
    raw: RawArticle, repair: RepairOptions, *, structured: bool, make: Callable[[], Document]
) -> Document:
    """The Document ``make()`` returns for ``raw`` repaired with ``repair``: kept from an earlier run when
    there is one, else made and kept."""
    key = _key(raw, repair, structured)
    if key is None:
        return make()
    path = _folder() / f"{key}.json"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        pass
    else:
        try:
            doc = Document.from_json(text, path=str(path))
        except Exception as exc:  # a damaged or foreign entry: repair again (and replace it)
            log.info("kept repair %s unreadable (%s); repairing again", path, exc)
        else:
            if doc.meta.source == raw.source:
                with contextlib.suppress(OSError):
                    os.utime(path)  # most recently used
                log.info("repair of %s kept from an earlier run (%s)", raw.source, path.name)
                now = datetime.now(timezone.utc).isoformat(timespec="seconds")
                return replace(doc, meta=replace(doc.meta, created_at=now))  # made now, as a fresh one
    doc = make()
    _keep(path, doc)
    return doc


def _key(raw: RawArticle, repair: RepairOptions, structured: bool) -> str | None:
    if repair.word_stats is not None:
        return None
    from align.repair.lexicon import dictionary_identity
    from align.repair.wordstats import corpus_identity

    code = _code_digest()
    if code is None:
        return None
    glyphs = sorted((repair.glyph_map or {}).items())
    parts = [
        f"kept:{FORMAT}",
        __version__,
        code,
        repr(raw),
        repr(glyphs),
        f"dictionary:{dictionary_identity() if repair.dictionary else 'off'}",
        f"char_model:{repair.char_model}",
        f"structured:{structured}",
        f"counts:{corpus_identity()}",
    ]
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


@lru_cache(maxsize=1)
def _code_digest() -> str | None:
    package = Path(__file__).parent
    files: list[Path] = []
    for name in _DECIDING:
        path = package / name
        files.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    digest = hashlib.sha256()
    try:
        for path in files:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    except OSError:  # an installation without its sources (only .pyc): nothing to key on
        return None
    return digest.hexdigest()


def _folder() -> Path:
    from align.home import home

    return home() / "cache" / "repaired"


def _keep(path: Path, doc: Document) -> None:
    from align.io import atomic_write_text

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, doc.to_json(indent=None))
        _prune(path.parent)
    except OSError as exc:  # a read-only or full home: the run goes on without keeping it
        log.info("could not keep the repair in %s (%s)", path.parent, exc)


def _prune(folder: Path) -> None:
    entries = []
    for entry in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            entries.append((entry.stat().st_mtime_ns, entry))
    if len(entries) <= KEEP:
        return
    entries.sort()
    for _, entry in entries[: len(entries) - KEEP]:
        with contextlib.suppress(OSError):
            entry.unlink()
