"""The output folder of ``translate-corpus``: one Document per article, failures, the run's options, a table.

::

    OUTPUT/corpus.json             the options that determine the outputs (a rerun must match them)
    OUTPUT/documents/<name>.json   one translated Document per article, written atomically
    OUTPUT/failures/<name>.json    one per article that failed in this run: {"id", "error", "line"}
    OUTPUT/failures.jsonl          the same, gathered at the end of the run
    OUTPUT/segments/               one row per sentence of every Document (Parquet or JSON Lines parts)

The Documents are the record of what is done: an article whose Document exists (for the same id and input
checksum) is skipped by a rerun; everything else is attempted again, so failures are found afresh by every
run, and the table is rebuilt from the Documents at its end. A run killed at any point leaves nothing
inconsistent behind. Each Document's ``meta.source`` is the article's id.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from align.document import Document
from align.errors import DocumentFormatError, UsageError
from align.io import atomic_write_text

MANIFEST = "corpus.json"
# Lower case only: on a case-insensitive file system (macOS, Windows) "A1" and "a1" would be one file.
_SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,99}")
# What was a plain name before (upper case too): a Document written under it by an earlier version is moved
# to its new name when its article comes up again, not translated a second time.
_OLD_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
TABLE_COLUMNS = ("id", "paragraph", "sentence", "kind", "source", "translation", "flags", "logprob")


def document_name(record_id: str) -> str:
    """A file name for an id: the id itself when it is a plain name (lower-case letters, digits, ``.``,
    ``_``, ``-``), else a readable part and a hash of the exact id (the ``~`` cannot occur in a plain name,
    so the two kinds never collide, and ids that differ only in case get different names on any file
    system)."""
    if _SAFE_NAME.fullmatch(record_id) and record_id.lower() not in ("corpus", "failures"):
        return record_id
    readable = _UNSAFE.sub("_", record_id).strip("._-")[:80]
    return f"{readable}~{hashlib.sha256(record_id.encode()).hexdigest()[:16]}"


@dataclass(frozen=True)
class Outcome:
    """What publishing one article did."""

    status: str  # "written", "skipped", "failed"
    sentences: int = 0


class Layout:
    """Paths in the output folder, and the atomic operations on them. Safe to use from several processes
    (and machines sharing the folder): every file appears complete or not at all."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.documents = root / "documents"
        self.failures = root / "failures"

    def document_path(self, record_id: str) -> Path:
        return self.documents / f"{document_name(record_id)}.json"

    def failure_path(self, record_id: str | None, line: int | None) -> Path:
        name = document_name(record_id) if record_id is not None else f"~line-{line}"
        return self.failures / f"{name}.json"

    def existing(self, record_id: str) -> tuple[str, str] | None:
        """(id, input checksum) of the Document already written for ``record_id``, if any."""
        path = self.document_path(record_id)
        if not path.is_file():
            self._rename_old(record_id, path)
        return _read_meta(path) if path.is_file() else None

    def _rename_old(self, record_id: str, path: Path) -> None:
        old = self.documents / f"{record_id}.json"
        if old == path or not _OLD_SAFE_NAME.fullmatch(record_id) or not old.is_file():
            return
        meta = _read_meta(old)
        if meta is not None and meta[0] == record_id:
            with contextlib.suppress(OSError):  # another process may have moved it first
                os.link(old, path)
                old.unlink()

    def publish(self, record_id: str, document_json: str) -> Outcome:
        """Write a translated Document unless one for the same article is already there.

        A Document that appears meanwhile (the same article listed twice, or another run on the same folder)
        is kept when it is of the same input (id and checksum) and reported as a failure otherwise: two
        different articles under one id would otherwise overwrite each other silently.
        """
        target = self.document_path(record_id)
        doc = Document.from_json(document_json)
        sentences = len(doc.segments)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=self.documents)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(document_json)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o644)
            try:
                os.link(tmp, target)  # unlike a rename, fails when the name exists
            except FileExistsError:
                if _read_meta(target) == (doc.meta.source, doc.meta.sha256):
                    return Outcome("skipped")
                return self.fail(
                    record_id,
                    f"duplicate id: another article with id {record_id!r} (a different input) was written"
                    f" first, to {target.name}",
                )
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.failure_path(record_id, None))  # it failed in an earlier run, not any more
        return Outcome("written", sentences)

    def fail(self, record_id: str | None, error: str, line: int | None = None) -> Outcome:
        entry = {"id": record_id, "error": error, "line": line}
        atomic_write_text(self.failure_path(record_id, line), json.dumps(entry, ensure_ascii=False) + "\n")
        return Outcome("failed")

    def failure_entries(self) -> list[dict[str, Any]]:
        entries = []
        for path in sorted(self.failures.glob("*.json")):
            with contextlib.suppress(OSError, ValueError):
                entries.append(json.loads(path.read_text(encoding="utf-8")))
        return sorted(entries, key=lambda e: (str(e.get("id")), e.get("line") or 0))

    def write_failures(self) -> int:
        """Gather the failure files into ``failures.jsonl``; the number of failed articles."""
        entries = self.failure_entries()
        lines = "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
        atomic_write_text(self.root / "failures.jsonl", lines)
        return len(entries)

    def document_files(self) -> list[Path]:
        return sorted(self.documents.glob("*.json"))


def open_output(root: Path, manifest: Mapping[str, Any], *, restart: bool = False) -> Layout:
    """Create or reopen an output folder for a run with ``manifest`` (the options that determine outputs).

    A folder from a run with other options is refused rather than mixed: its Documents would not be what
    these options make. ``restart`` deletes an earlier run's outputs first (only in a folder this command
    made). A folder that holds anything else is refused.
    """
    layout = Layout(root)
    path = root / MANIFEST
    if root.exists() and not root.is_dir():
        raise UsageError(f"{root}: OUTPUT exists and is not a directory")
    if path.is_file():
        earlier = _read_manifest(path)
        if restart:
            for name in ("documents", "failures", "segments", "failures.jsonl", MANIFEST):
                _remove(root / name)
        elif earlier != dict(manifest):
            changed = sorted(k for k in set(earlier) | set(manifest) if earlier.get(k) != manifest.get(k))
            detail = "; ".join(f"{k}: {earlier.get(k)!r} then, {manifest.get(k)!r} now" for k in changed)
            raise UsageError(
                f"{root} holds a run with other options ({detail}); its Documents would not match this run",
                hint="use another output folder, or restart=True to delete that run's outputs and start over",
                setting="restart",
            )
    elif root.is_dir() and any(p.name != ".lock" for p in root.iterdir()):
        raise UsageError(f"{root}: OUTPUT is a folder with other files in it; give a new or empty folder")
    _remove(layout.failures)  # every article not done is attempted again: its failure, if any, recurs
    layout.documents.mkdir(parents=True, exist_ok=True)
    layout.failures.mkdir(parents=True, exist_ok=True)
    for stale in layout.documents.glob(".*.tmp"):  # a killed run's unfinished write (runs hold the lock)
        _remove(stale)
    atomic_write_text(path, json.dumps(dict(manifest), indent=1, sort_keys=True) + "\n")
    return layout


def table_rows(doc: Document) -> Iterator[dict[str, Any]]:
    """One row per sentence (pull-quotes included, with no translation): the corpus table's schema."""
    for paragraph in doc.paragraphs:
        for segment in paragraph.segments:
            yield {
                "id": doc.meta.source,
                "paragraph": paragraph.id,
                "sentence": segment.id,
                "kind": paragraph.kind,
                "source": segment.source,
                "translation": segment.translation,
                "flags": list(dict.fromkeys(f.code for f in segment.flags)),
                "logprob": segment.scores.get("logprob"),
            }


def arrow_schema() -> Any:
    import pyarrow as pa

    text = pa.string()
    return pa.schema(
        [(c, text) for c in TABLE_COLUMNS[:6]] + [("flags", pa.list_(text)), ("logprob", pa.float64())]
    )


def write_table(layout: Layout, table_format: str, documents: Iterable[Path] | None = None) -> int:
    """Rebuild ``segments/`` from the Documents, in one process; the number of rows."""
    paths = layout.document_files() if documents is None else documents
    staging = Path(tempfile.mkdtemp(prefix=".segments.", dir=layout.root))
    count = 0
    try:
        if table_format == "parquet":
            import pyarrow as pa
            import pyarrow.parquet as pq

            schema = arrow_schema()
            with pq.ParquetWriter(staging / "part-00000.parquet", schema) as writer:
                for path in paths:
                    rows = list(table_rows(read_document(path)))
                    count += len(rows)
                    if rows:
                        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
        else:
            with (staging / "part-00000.jsonl").open("w", encoding="utf-8", newline="\n") as handle:
                for path in paths:
                    for row in table_rows(read_document(path)):
                        handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                        count += 1
        replace_dir(staging, layout.root / "segments")
    finally:
        _remove(staging)
    return count


def replace_dir(new: Path, target: Path) -> None:
    """Put folder ``new`` at ``target``; a crash in between leaves the old one or the new one."""
    old = target.with_name(f".{target.name}.old")
    _remove(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    _remove(old)


def read_document(path: Path) -> Document:
    return Document.from_json(path.read_text(encoding="utf-8"), path=str(path))


def _read_meta(path: Path) -> tuple[str, str] | None:
    try:
        doc = read_document(path)
    except (OSError, DocumentFormatError):
        return None
    return doc.meta.source, doc.meta.sha256


def _read_manifest(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(
            f"unreadable ({exc})",
            path=str(path),
            hint="use another output folder, or restart=True to start over",
            setting="restart",
        ) from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: not a newsalign corpus manifest; use another OUTPUT folder")
    return data


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
