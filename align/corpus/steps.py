"""Corpus mode: translate a whole archive of articles into a folder of Documents, resumably.

Every article goes through the same three steps whichever executor runs them, so a corpus run gives the
Document that ``newsalign translate`` gives for the same article and options:

1. :func:`prepare` (stateless, cheap): parse the input row, skip an article already done, read, repair and
   segment it (``align.pipeline.document_from_raw``);
2. :class:`ArticleTranslator` (stateful: one model per worker): translate and check each article on its own
   with an ``align.pipeline.Translator``, the single-article command's batching inside it;
3. :func:`publish`: write its Document (or its failure) into the output folder (``align.corpus.outputs``).

Executors: ``local`` (``align.corpus.local``) runs them in this process (``workers`` 1) or a process pool;
``ray`` (``align.corpus.ray``) is a Ray Data plan on a local Ray runtime or a cluster. ``auto`` is Ray when it
is installed.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from align.corpus.inputs import RecordError, parse_row
from align.corpus.outputs import Layout, Outcome
from align.corpus.reading import message_of, read_record
from align.document import Document
from align.errors import InputError, Interrupted, NewsalignError
from align.pipeline import RunOptions, Translator

log = logging.getLogger(__name__)

EXECUTORS = ("auto", "local", "ray")
TABLE_FORMATS = ("auto", "parquet", "jsonl")
Row = dict[str, Any]


@dataclass(frozen=True)
class CorpusOptions:
    """What each article goes through (``run``: the options of ``newsalign translate``, one object), and the
    limits that keep one article from stalling or killing a worker.

    Each article is read (in a helper process, stopped at the limit) and translated (stopped after the batch
    in flight) in at most ``article_seconds``; reading it may use at most ``article_memory`` bytes. An article
    over a limit fails; the run goes on. None: no limit (and reading in the worker itself)."""

    run: RunOptions = field(default_factory=RunOptions)
    article_seconds: float | None = 300.0
    article_memory: int | None = 1 << 30

    def __post_init__(self) -> None:
        if self.article_seconds is not None and not self.article_seconds > 0:
            raise ValueError(f"article_seconds must be positive; got {self.article_seconds!r}")
        if self.article_memory is not None and self.article_memory < 1 << 20:
            raise ValueError(f"article_memory must be at least 1 MiB; got {self.article_memory!r}")

    def manifest(self) -> dict[str, Any]:
        """What determines a Document (``RunOptions.manifest``); the per-article limits are left out."""
        return self.run.manifest()


@dataclass(frozen=True)
class Counts:
    written: int = 0
    skipped: int = 0
    failed: int = 0
    sentences: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))

    @classmethod
    def of(cls, outcome: Outcome) -> Counts:
        return cls(
            written=outcome.status == "written",
            skipped=outcome.status == "skipped",
            failed=outcome.status == "failed",
            sentences=outcome.sentences,
        )


def astuple(counts: Counts) -> tuple[int, int, int, int]:
    return counts.written, counts.skipped, counts.failed, counts.sentences


@dataclass(frozen=True)
class CorpusResult:
    """What a run did. ``failed`` counts the articles that failed in this run (listed in failures.jsonl)."""

    output: Path
    executor: str
    workers: int
    threads: int
    counts: Counts
    failed: int
    table_rows: int
    table_format: str
    seconds: float


# -- the three steps --------------------------------------------------------------------------------------


def prepare(row: Row, layout: Layout, options: CorpusOptions, base: Path) -> Row:
    """Input row → ``{"id", "line", "status": ready|skipped|failed, "document", "error"}``."""
    line = row.get("line")
    try:
        record = parse_row(row, base)
    except RecordError as exc:
        return _row(exc.record_id, line, "failed", error=exc.reason)
    try:
        existing = layout.existing(record.id)
        if existing is not None:
            if existing == (record.id, _checksum(record.text, record.path)):
                return _row(record.id, line, "skipped")
            name = layout.document_path(record.id).name
            raise InputError(
                f"a Document for this id was written from a different input (the article changed since, or"
                f" another article has the same id); delete documents/{name} to translate it again"
            )
    except NewsalignError as exc:
        return _row(record.id, line, "failed", error=message_of(exc, record.text is not None))
    run = options.run
    request = (record.text, record.path, record.id, run.limits, run.repair, run.require_arabic)
    if options.article_seconds is None and options.article_memory is None:
        status, result = read_record(*request)
    else:
        from align.corpus.sandbox import reader

        status, result = reader(options.article_memory).read(request, options.article_seconds)
    if status != "ok":
        return _row(record.id, line, "failed", error=result)
    return _row(record.id, line, "ready", document=result)


class WorkerError(NewsalignError):
    """A run-level error a worker met (loading the model, opening the cache), raised again where the run
    started with the worker's message, hint and error class name (Ray does not carry the exception itself
    back); ``kind`` is that class, for a front end's exit code."""

    def __init__(
        self,
        message: str,
        kind: str = "NewsalignError",
        *,
        hint: str | None = None,
        setting: str | None = None,
    ) -> None:
        super().__init__(message, hint=hint, setting=setting)
        self.kind = kind

    def fields(self) -> tuple[str, str, str | None, str | None]:
        """What travels between processes: message, kind, hint, setting."""
        return self.message, self.kind, self.hint, self.setting

    @classmethod
    def of(cls, exc: NewsalignError) -> WorkerError:
        if isinstance(exc, WorkerError):
            return exc
        message = f"{exc.path}: {exc.message}" if exc.path else exc.message
        return cls(message, type(exc).__name__, hint=exc.hint, setting=exc.setting)


class ArticleTranslator:
    """Translates prepared articles one by one with one :class:`~align.pipeline.Translator` (the model is
    loaded on the first article that needs it).

    A failure of the model or the cache would fail every article the same way: it is not an article's
    failure but the run's, so the article comes back ``fatal`` (with the error and its class), the load is
    not tried again, and the executor stops the run with it."""

    def __init__(self, options: CorpusOptions) -> None:
        self.options = options
        self._translator = Translator(options.run)
        self._fatal: NewsalignError | None = None

    def __call__(self, row: Row) -> Row:
        if row["status"] != "ready":
            return row
        try:
            if self._fatal is not None:
                raise self._fatal
            doc = Document.from_json(row["document"])
            deadline = _deadline(self.options.article_seconds)
            done = self._translator.translate(doc, should_stop=deadline)
        except Interrupted:
            return {**row, "status": "failed", "document": None, "error": self._too_slow()}
        except InputError as exc:
            return {**row, "status": "failed", "document": None, "error": str(exc)}
        except NewsalignError as exc:  # the model or the cache: the run's failure
            self._fatal = exc
            message, kind, hint, setting = WorkerError.of(exc).fields()
            return {
                **row, "status": "fatal", "document": None, "error": message, "code": kind,
                "hint": hint, "setting": setting,
            }  # fmt: skip
        except Exception as exc:
            log.warning("%s: %s", row["id"], exc, exc_info=True)
            return {**row, "status": "failed", "document": None, "error": f"{type(exc).__name__}: {exc}"}
        return {**row, "status": "translated", "document": done.to_json()}

    def _too_slow(self) -> str:
        done = "; the sentences translated so far are in the cache" if self.options.run.cache else ""
        return (
            f"translating took longer than {self.options.article_seconds:g} s (the per-article time limit),"
            f" and was stopped{done}"
        )

    def close(self) -> None:
        self._translator.close()


def publish(row: Row, layout: Layout) -> Outcome:
    """Write what became of one article; a ``fatal`` row stops the run (:class:`WorkerError`)."""
    if row["status"] == "translated":
        return layout.publish(row["id"], row["document"])
    if row["status"] == "skipped":
        return Outcome("skipped")
    if row["status"] == "failed":
        return layout.fail(row["id"], row["error"], row.get("line"))
    if row["status"] == "fatal":
        raise WorkerError(
            row["error"],
            row.get("code") or "NewsalignError",
            hint=row.get("hint"),
            setting=row.get("setting"),
        )
    raise RuntimeError(f"article {row['id']!r} was not translated")  # pragma: no cover - a plan bug


# -- helpers ----------------------------------------------------------------------------------------------


def _row(
    record_id: str | None, line: Any, status: str, *, document: str | None = None, error: str | None = None
) -> Row:
    return {
        "id": record_id,
        "line": line,
        "status": status,
        "document": document,
        "error": error,
        "code": None,
        "hint": None,
        "setting": None,
    }


def _deadline(seconds: float | None) -> Callable[[], bool] | None:
    if seconds is None:
        return None
    end = time.monotonic() + seconds
    return lambda: time.monotonic() > end


def _checksum(text: str | None, path: str | None) -> str:
    """The sha256 the readers record of the raw input (``DocumentMeta.sha256``)."""
    if text is not None:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
    digest = hashlib.sha256()
    try:
        with open(path or "", "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror or exc})", path=path) from None
    return digest.hexdigest()
