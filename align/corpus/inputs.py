"""Corpus inputs: a directory of articles, a JSON Lines file or a Parquet table, as rows of articles.

Both executors (``align.corpus.local`` in-process, ``align.corpus.ray`` on Ray Data)
read the same *input rows* and
turn each into a :class:`Record` with :func:`parse_row`, so a malformed line fails that one article (with its
line number) in both, instead of stopping the run or being skipped.

- directory: every regular file below it (hidden ones excepted), in name order; the id is the path relative
  to the directory (``2024/05/article.pdf``). Any format ``newsalign translate`` reads.
- JSON Lines (``.jsonl``/``.ndjson``, or anything that starts with ``{``): one object per line with ``id``
  and either ``text`` (the article, as text) or ``path`` (a file, relative to the JSON Lines file).
- Parquet (``.parquet``/``.pq`` or the ``PAR1`` magic): columns ``id`` and ``text`` and/or ``path``.

Input rows are plain dicts: ``{"line": n, "record": bytes}`` for a JSON Lines line, ``{"id", "text",
"path"}`` for a directory entry or a Parquet row.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from align.errors import InputError, UsageError

InputKind = Literal["directory", "jsonl", "parquet"]
ARTICLE_COLUMNS = ("id", "text", "path")
# Rows handed to the model side per Parquet/JSON Lines read step: small enough to stream.
_ROWS_PER_CHUNK = 256


@dataclass(frozen=True)
class Record:
    """One article of the corpus: its id and either its text or a path to its file."""

    id: str
    text: str | None = None
    path: str | None = None


class RecordError(InputError):
    """A corpus row that names no usable article; ``record_id`` is its id when it has one, ``line`` its line
    in a JSON Lines file. ``reason`` is the message without the line (a failure entry has the line apart)."""

    def __init__(self, message: str, *, record_id: str | None = None, line: int | None = None) -> None:
        self.record_id = record_id
        self.line = line
        self.reason = message
        super().__init__(message)

    def describe(self, hint: str | None = None) -> str:
        text = super().describe(hint)
        return f"line {self.line}: {text}" if self.line is not None else text


def input_kind(path: Path) -> InputKind:
    """What ``path`` holds, from the file system, the extension, then the first bytes."""
    if path.is_dir():
        return "directory"
    if not path.is_file():
        raise InputError("no such file or directory", path=str(path))
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    with path.open("rb") as handle:
        head = handle.read(4)
    if head == b"PAR1":
        return "parquet"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return "jsonl"
    raise InputError(
        "is neither a directory of articles, a JSON Lines file (.jsonl) nor a Parquet file (.parquet)",
        path=str(path),
    )


def list_directory(root: Path) -> list[dict[str, Any]]:
    """Input rows for every article file below ``root``, in name order."""
    rows = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            rows.append({"id": relative.as_posix(), "text": None, "path": str(path)})
    if not rows:
        raise InputError("the directory holds no article files", path=str(root))
    return rows


def parquet_columns(path: Path) -> list[str]:
    """The article columns a Parquet input has; UsageError when it cannot name articles."""
    import pyarrow.parquet as pq

    try:
        names = set(pq.read_schema(path).names)
    except Exception as exc:  # pyarrow raises several types for unreadable files
        raise InputError(f"not a readable Parquet file ({exc})", path=str(path)) from None
    if "id" not in names or not names & {"text", "path"}:
        raise UsageError(
            f"{path}: a Parquet input needs an 'id' column and a 'text' or 'path' column;"
            f" it has {', '.join(sorted(names)) or 'none'}"
        )
    return [c for c in ARTICLE_COLUMNS if c in names]


def iter_input_rows(path: Path, kind: InputKind) -> Iterator[dict[str, Any]]:
    """Input rows of ``path``, streamed (what the in-process executor reads; Ray Data reads the same)."""
    if kind == "directory":
        yield from list_directory(path)
    elif kind == "jsonl":
        yield from iter_jsonl_lines(path)
    else:
        import pyarrow.parquet as pq

        columns = parquet_columns(path)
        for batch in pq.ParquetFile(path).iter_batches(batch_size=_ROWS_PER_CHUNK, columns=columns):
            yield from batch.to_pylist()


def iter_jsonl_lines(path: Path) -> Iterator[dict[str, Any]]:
    """``{"line", "record"}`` per non-blank line. Split on ``\\n`` only: JSON strings may hold U+2028 and
    other characters that ``str.splitlines`` would break a record at."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield {"line": number, "record": line}


def parse_row(row: Mapping[str, Any], base: Path) -> Record:
    """The Record an input row names; RecordError (with the id when known) when it names none.

    ``base`` is the directory relative paths are resolved against (the JSON Lines or Parquet file's own).
    """
    line = row.get("line")
    data = _json_object(row["record"], line) if "record" in row else dict(row)
    raw_id = data.get("id")
    if raw_id is None or isinstance(raw_id, bool) or not isinstance(raw_id, (str, int)):
        raise RecordError("every article needs an 'id' (a string or an integer)", line=line)
    record_id = str(raw_id).strip()
    if not record_id:
        raise RecordError("the 'id' is empty", line=line)
    text, path = data.get("text"), data.get("path")
    if text is not None and not isinstance(text, str):
        raise RecordError("'text' must be a string", record_id=record_id, line=line)
    if path is not None and not isinstance(path, str):
        raise RecordError("'path' must be a string", record_id=record_id, line=line)
    if (text is None) == (path is None):
        raise RecordError("give exactly one of 'text' or 'path'", record_id=record_id, line=line)
    if path is not None:
        path = str(base / Path(path).expanduser())
    return Record(record_id, text=text, path=path)


def _json_object(raw: bytes | str, line: int | None) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except UnicodeDecodeError as exc:
        raise RecordError(f"not UTF-8 ({exc.reason} at byte {exc.start})", line=line) from None
    except json.JSONDecodeError as exc:
        raise RecordError(f"not valid JSON ({exc.msg} at column {exc.colno})", line=line) from None
    if not isinstance(data, dict):
        raise RecordError('expected a JSON object such as {"id": "a1", "text": "..."}', line=line)
    return data
