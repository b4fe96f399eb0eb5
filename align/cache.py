"""A persistent translation cache: the same sentence, model and options are never translated twice.

Results are committed as each batch finishes, so an interrupted run keeps what it had translated and the next
run continues from there. SQLite in WAL mode lets several newsalign processes share the cache.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from pathlib import Path

from align.engines.base import Engine, Hypothesis
from align.home import home

_SCHEMA = "CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


def default_path() -> Path:
    return home() / "translations.sqlite"


class TranslationCache:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(_SCHEMA)

    def get_many(self, keys: Sequence[str]) -> dict[str, Hypothesis]:
        found: dict[str, Hypothesis] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(f"SELECT key, value FROM translations WHERE key IN ({marks})", chunk)
            for key, value in rows:
                data = json.loads(value)
                data["pieces"] = tuple(data["pieces"])
                data["alignment"] = tuple((int(s), int(t)) for s, t in data.get("alignment", ()))
                found[key] = Hypothesis(**data)
        return found

    def put_many(self, items: Iterable[tuple[str, Hypothesis]]) -> None:
        rows = [(key, json.dumps(asdict(h), ensure_ascii=False)) for key, h in items]
        with self._db:  # one transaction per batch: all of it or nothing
            self._db.executemany("INSERT OR REPLACE INTO translations (key, value) VALUES (?, ?)", rows)

    def close(self) -> None:
        self._db.close()


def fingerprint(engine: Engine, beam: int, max_length: int, alignment: bool = True) -> str:
    """Everything besides the source text that determines a translation."""
    parts: Mapping[str, object] = {
        "engine": engine.name,
        "model": engine.model_id,
        "revision": engine.revision,
        "compute": engine.compute_type,
        "device": engine.device,
        "beam": beam,
        "max_length": max_length,
        "alignment": alignment,
    }
    return json.dumps(parts, sort_keys=True)


def key(source: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{fingerprint}\n{source}".encode()).hexdigest()
