"""A persistent translation cache: the same sentence, model and options are never translated twice.

Results are committed as each batch finishes, so an interrupted run keeps what it had translated and the next
run continues from there. SQLite in WAL mode lets several newsalign processes share the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from align.engines.base import Encoded, Engine, Hypothesis
from align.errors import CacheError
from align.home import home

log = logging.getLogger(__name__)

_SCHEMA = "CREATE TABLE IF NOT EXISTS translations (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
# Source sentences as the model's tokenizer split them (see KeptEncoder).
_ENCODINGS = "CREATE TABLE IF NOT EXISTS encodings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
# How long a process waits for another one's write (one batch, milliseconds) before giving up.
_BUSY_SECONDS = 30.0


def default_path() -> Path:
    return home() / "translations.sqlite"


class TranslationCache:
    """Raises :class:`CacheError` when the file cannot be opened as a cache. A write that fails later (disk
    full, a lock held for longer than 30 s) only turns the cache off for the rest of the run, with a warning:
    losing the translation because its copy could not be kept would be worse."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        self.writable = True
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            _create(self.path)
            self._db = sqlite3.connect(self.path, timeout=_BUSY_SECONDS, isolation_level=None)
            _retry_locked(lambda: self._db.execute("PRAGMA journal_mode=WAL"))
            self._db.execute("PRAGMA synchronous=NORMAL")
            _retry_locked(lambda: self._db.execute(_SCHEMA))
            _retry_locked(lambda: self._db.execute(_ENCODINGS))
        except (OSError, sqlite3.Error) as exc:
            raise self._error(f"cannot use the translation cache ({exc})") from None

    def get_many(self, keys: Sequence[str]) -> dict[str, Hypothesis]:
        return {key: self._row(key, value) for key, value in self._select("translations", keys)}

    def _row(self, key: str, value: object) -> Hypothesis:
        try:
            return _hypothesis(value)
        except ValueError as exc:
            raise self._error(
                f"a malformed entry in the translation cache (key {key[:12]}…: {exc})"
            ) from None

    def _error(self, message: str) -> CacheError:
        return CacheError(
            message,
            path=str(self.path),
            hint="delete the file, or run without the cache (cache=False)",
            setting="cache",
        )

    def put_many(self, items: Iterable[tuple[str, Hypothesis]]) -> None:
        """Store one batch in one transaction: a killed process leaves all of it or none of it."""
        rows = [(key, json.dumps(asdict(h), ensure_ascii=False)) for key, h in items]
        try:
            self._insert("translations", rows)
        except sqlite3.Error as exc:
            self.writable = False
            log.warning(
                "%s: cannot store translations (%s); the cache is off for the rest of this run",
                self.path,
                exc,
            )

    def get_values(self, keys: Sequence[str]) -> dict[str, str]:
        """Rows of the encodings table (unchecked JSON text; :class:`KeptEncoder` checks them)."""
        return {str(key): value for key, value in self._select("encodings", keys) if isinstance(value, str)}

    def put_values(self, rows: Sequence[tuple[str, str]]) -> None:
        """Store rows of the encodings table; a failure only leaves them out (they can be made again)."""
        try:
            self._insert("encodings", rows)
        except sqlite3.Error as exc:
            log.warning("%s: cannot store tokenized sentences (%s)", self.path, exc)

    def _select(self, table: str, keys: Sequence[str]) -> list[tuple[str, object]]:
        found: list[tuple[str, object]] = []
        try:
            for start in range(0, len(keys), 500):
                chunk = list(keys[start : start + 500])
                marks = ",".join("?" * len(chunk))
                found += self._db.execute(f"SELECT key, value FROM {table} WHERE key IN ({marks})", chunk)
        except sqlite3.Error as exc:
            raise self._error(f"cannot read the translation cache ({exc})") from None
        return found

    def _insert(self, table: str, rows: Sequence[tuple[str, str]]) -> None:
        if not self.writable or not rows:
            return
        # BEGIN IMMEDIATE takes the write lock up front (waiting up to the busy timeout for another
        # process's batch), so the transaction cannot fail half-way on a lock.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany(f"INSERT OR REPLACE INTO {table} (key, value) VALUES (?, ?)", rows)
            self._db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise

    def count(self) -> int:
        row = self._db.execute("SELECT count(*) FROM translations").fetchone()
        return int(row[0])

    def close(self) -> None:
        self._db.close()


def _hypothesis(value: object) -> Hypothesis:
    """A stored translation, checked field by field (the file is the user's: anything can be in it);
    ValueError says what is wrong."""
    if not isinstance(value, str):
        raise ValueError(f"the value is {type(value).__name__}, not JSON text")
    try:
        data = json.loads(value)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    unknown = set(data) - _FIELDS
    if unknown:
        raise ValueError(f"unknown field {sorted(unknown)[0]!r}")
    text, pieces, n_tokens, capped = (data.get(k) for k in ("text", "pieces", "n_tokens", "capped"))
    score, alignment = data.get("score"), data.get("alignment", [])
    alternatives = data.get("alternatives", [])
    if not isinstance(text, str):
        raise ValueError("'text' is not a string")
    if not isinstance(pieces, list) or not all(isinstance(p, str) for p in pieces):
        raise ValueError("'pieces' is not a list of strings")
    if not isinstance(n_tokens, int) or isinstance(n_tokens, bool) or n_tokens < 0:
        raise ValueError("'n_tokens' is not a count")
    if not isinstance(capped, bool):
        raise ValueError("'capped' is not true or false")
    if score is not None and (not isinstance(score, (int, float)) or isinstance(score, bool)):
        raise ValueError("'score' is not a number")
    if not isinstance(alignment, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(type(i) is int for i in pair) for pair in alignment
    ):
        raise ValueError("'alignment' is not a list of index pairs")
    if not isinstance(alternatives, list) or not all(
        isinstance(a, list)
        and len(a) == 2
        and isinstance(a[0], str)
        and (a[1] is None or (isinstance(a[1], (int, float)) and not isinstance(a[1], bool)))
        for a in alternatives
    ):
        raise ValueError("'alternatives' is not a list of (text, score) pairs")
    return Hypothesis(
        text=text,
        pieces=tuple(pieces),
        n_tokens=n_tokens,
        capped=capped,
        score=None if score is None else float(score),
        alignment=tuple((s, t) for s, t in alignment),
        alternatives=tuple((str(t), None if v is None else float(v)) for t, v in alternatives),
    )


_FIELDS = frozenset({"text", "pieces", "n_tokens", "capped", "score", "alignment", "alternatives"})


def _create(path: Path) -> None:
    """Create the database, already in WAL mode and with its table, under its final name in one step.

    Switching a fresh database to WAL needs an exclusive lock that SQLite does not wait for, so processes
    that start together on a new cache would fail with "database is locked". Built aside and linked into
    place (a link fails when the name exists, unlike a rename), the file appears complete or not at all.
    """
    if path.exists():
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        db = sqlite3.connect(tmp, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            db.execute(_ENCODINGS)
        finally:
            db.close()
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        except OSError:  # a file system without hard links: let SQLite create it in place
            pass
    finally:
        for leftover in (tmp, f"{tmp}-wal", f"{tmp}-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(leftover)


def _retry_locked(statement: Callable[[], object]) -> None:
    # Opening a database another process is creating can still meet a lock that the busy handler does not
    # cover; it is released within milliseconds.
    deadline = time.monotonic() + _BUSY_SECONDS
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def fingerprint(engine: Engine, beam: int, max_length: int, alignment: bool = True, n_best: int = 1) -> str:
    """Everything besides the source text that determines a translation (and its n-best list: an entry
    stored with one hypothesis cannot answer a request for three; n = 1 keeps the keys it always had)."""
    parts: dict[str, object] = {
        "engine": engine.name,
        "model": engine.model_id,
        "revision": engine.revision,
        "compute": engine.compute_type,
        "device": engine.device,
        "beam": beam,
        "max_length": max_length,
        "alignment": alignment,
    }
    if n_best > 1:
        parts["n_best"] = n_best
    return json.dumps(parts, sort_keys=True)


def key(source: str, fingerprint: str) -> str:
    return hashlib.sha256(f"{fingerprint}\n{source}".encode()).hexdigest()


class KeptEncoder:
    """An engine's tokenizer with what it said kept in the cache, next to the translations.

    Splitting over-long sentences needs every source sentence's pieces before the cache is asked for their
    translations, and loading opus-mt's tokenizer (two SentencePiece models, a 60,000-entry vocabulary)
    costs more than everything else a fully cached run does. Kept under the engine's ``tokenizer_identity``
    (the converted model's files by revision, and the tokenizer code), a sentence tokenized once is not
    tokenized again. Only a tokenizer known to be deterministic in those files is kept (the engine says so
    once it has loaded it: newsalign's own SentencePiece reading of a Marian model); anything else is asked
    every time. A row that does not read back is made again.
    """

    def __init__(self, engine: Any, cache: TranslationCache, identity: str) -> None:
        self._engine = engine
        self._cache = cache
        self._identity = identity
        self._facts: dict[str, Any] | None = None

    def _key(self, kind: str, text: str = "") -> str:
        return hashlib.sha256(f"{kind}\n{self._identity}\n{text}".encode()).hexdigest()

    def _known(self) -> dict[str, Any]:
        if self._facts is None:
            key = self._key("tokenizer")
            facts = _json_value(self._cache.get_values([key]).get(key))
            limit = facts.get("max_input_tokens") if facts else None
            if not facts or type(limit) is not int or limit < 1 or type(facts.get("kept")) is not bool:
                facts = {
                    "max_input_tokens": int(self._engine.max_input_tokens),
                    "kept": bool(self._engine.tokenizer_is_kept),
                }
                self._cache.put_values([(key, json.dumps(facts))])
            self._facts = facts
        return self._facts

    @property
    def max_input_tokens(self) -> int:
        return int(self._known()["max_input_tokens"])

    def encode(self, texts: Sequence[str]) -> list[Encoded]:
        if not self._known()["kept"]:
            return list(self._engine.encode(texts))
        keys = [self._key("encoding", text) for text in texts]
        rows = self._cache.get_values(keys)
        found = {k: e for k in keys if (e := _encoded(rows.get(k))) is not None}
        missing = list(dict.fromkeys(texts[i] for i in range(len(texts)) if keys[i] not in found))
        if missing:
            made = self._engine.encode(missing)
            fresh = {self._key("encoding", t): e for t, e in zip(missing, made, strict=True)}
            found.update(fresh)
            self._cache.put_values(
                [
                    (k, json.dumps([e.n_tokens, list(e.pieces), list(e.unknown)], ensure_ascii=False))
                    for k, e in fresh.items()
                ]
            )
        return [found[k] for k in keys]


def _json(value: str | None) -> object:
    """A row's JSON, or None when there is none or it is not JSON."""
    if value is None:
        return None
    try:
        return json.loads(value)
    except ValueError:
        return None


def _json_value(value: str | None) -> dict[str, Any] | None:
    data = _json(value)
    return data if isinstance(data, dict) else None


def _encoded(value: str | None) -> Encoded | None:
    """A kept encoding, or None when there is none or it does not read back as one."""
    data = _json(value)
    if not (isinstance(data, list) and len(data) == 3):
        return None
    n_tokens, pieces, unknown = data
    if type(n_tokens) is not int or not isinstance(pieces, list) or not isinstance(unknown, list):
        return None
    if not all(isinstance(p, str) for p in pieces) or not all(isinstance(p, str) for p in unknown):
        return None
    if n_tokens != len(pieces) + 1 or not set(unknown) <= set(pieces):
        return None
    return Encoded(n_tokens=n_tokens, pieces=tuple(pieces), unknown=tuple(unknown))
