"""Corpus mode: translate a whole archive of articles into a folder of Documents, resumably.

Every article goes through the same three steps whichever executor runs them, so a corpus run gives the
Document that ``newsalign translate`` gives for the same article and options:

1. :func:`prepare` (stateless, cheap): parse the input row, skip an article already done, read, repair and
   segment it (``align.pipeline.document_from_raw``);
2. :class:`ArticleTranslator` (stateful: one model per worker): translate and check each article on its own
   through ``align.pipeline.translate_loaded``, with the single-article command's batching inside it;
3. :func:`publish`: write its Document (or its failure) into the output folder (``align.corpus.outputs``).

Executors: ``local`` (``align.corpus.local``) runs them in this process (``workers`` 1) or a process pool;
``ray`` (``align.corpus.ray``) is a Ray Data plan on a local Ray runtime or a cluster. ``auto`` is Ray when it
is installed.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from align import __version__
from align.corpus.inputs import RecordError, parse_row
from align.corpus.outputs import Layout, Outcome
from align.document import Document
from align.engines import EngineOptions
from align.errors import InputError, NewsalignError
from align.ingest import DEFAULT_MAX_BYTES, RawArticle, read_article
from align.pipeline import DEFAULT_QA, DEFAULT_REPAIR, document_from_raw, translate_loaded
from align.qa import QAOptions
from align.repair import RepairOptions
from align.translate.batching import TranslateOptions

log = logging.getLogger(__name__)

EXECUTORS = ("auto", "local", "ray")
TABLE_FORMATS = ("auto", "parquet", "jsonl")
Row = dict[str, Any]


@dataclass(frozen=True)
class CorpusOptions:
    """What each article goes through: the same options as ``newsalign translate``."""

    engine_options: EngineOptions = field(default_factory=EngineOptions)
    engine: str = "auto"
    translate: TranslateOptions = field(default_factory=TranslateOptions)
    repair: RepairOptions | None = DEFAULT_REPAIR
    qa: QAOptions | None = DEFAULT_QA
    cache: bool = True
    max_bytes: int = DEFAULT_MAX_BYTES
    require_arabic: bool = False

    def manifest(self) -> dict[str, Any]:
        """The options that determine a Document (what the run signature names, plus repair and QA
        settings); threads, batch sizes, workers and what makes an article fail are left out."""
        e, t = self.engine_options, self.translate
        repair = None if self.repair is None else {**asdict(self.repair), "glyph_map": self.repair.glyph_map}
        return {
            "newsalign": __version__,
            "engine": self.engine,
            "model": e.model,
            "revision": e.revision,
            "compute_type": e.compute_type,
            "device": e.device,
            "beam": t.beam,
            "max_length": t.max_length,
            "word_alignment": t.word_alignment,
            "repair": repair,
            "qa": None if self.qa is None else self.qa.signature(),
            # only when asked for: folders written before n-best lists existed keep matching their options
            **({"alternatives": t.alternatives} if t.alternatives != 1 else {}),
        }


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
        return _row(exc.record_id, line, "failed", error=str(exc))
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
        raw = _read(record.text, record.path, options.max_bytes)
        doc = document_from_raw(
            replace(raw, source=record.id), repair=options.repair, require_arabic=options.require_arabic
        )
    except NewsalignError as exc:
        return _row(record.id, line, "failed", error=_message(exc, record.text is not None))
    except Exception as exc:  # a reader's bug on one damaged file must not stop an archive
        log.warning("%s: %s", record.id, exc, exc_info=True)
        return _row(record.id, line, "failed", error=f"{type(exc).__name__}: {exc}")
    return _row(record.id, line, "ready", document=doc.to_json(indent=None))


class WorkerError(NewsalignError):
    """A run-level error a worker met (loading the model, opening the cache), raised again where the run
    started with the worker's message and exit code (Ray does not carry the exception itself back)."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class ArticleTranslator:
    """Translates prepared articles one by one; loads the model on the first article that needs it.

    A failure of the model or the cache would fail every article the same way: it is not an article's
    failure but the run's, so the article comes back ``fatal`` (with the error and its exit code), the load is
    not tried again, and the executor stops the run with it."""

    def __init__(self, options: CorpusOptions) -> None:
        self.options = options
        self._engine: Any = None
        self._cache: Any = None
        self._fatal: NewsalignError | None = None

    def __call__(self, row: Row) -> Row:
        if row["status"] != "ready":
            return row
        try:
            if self._fatal is None and self._engine is None:
                self._load()
            if self._fatal is not None:
                raise self._fatal
            doc = Document.from_json(row["document"])
            done = translate_loaded(
                doc, self._engine, self.options.translate, cache=self._cache, qa=self.options.qa
            )
        except InputError as exc:
            return {**row, "status": "failed", "document": None, "error": str(exc)}
        except NewsalignError as exc:
            self._fatal = exc
            return {**row, "status": "fatal", "document": None, "error": str(exc), "code": exc.exit_code}
        except Exception as exc:
            log.warning("%s: %s", row["id"], exc, exc_info=True)
            return {**row, "status": "failed", "document": None, "error": f"{type(exc).__name__}: {exc}"}
        return {**row, "status": "translated", "document": done.to_json()}

    def _load(self) -> None:
        from align.engines import load_engine

        self._engine = load_engine(self.options.engine_options, self.options.engine)
        if self.options.cache:
            from align.translate.cache import TranslationCache

            self._cache = TranslationCache()

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None


def publish(row: Row, layout: Layout) -> Outcome:
    """Write what became of one article; a ``fatal`` row stops the run (:class:`WorkerError`)."""
    if row["status"] == "translated":
        return layout.publish(row["id"], row["document"])
    if row["status"] == "skipped":
        return Outcome("skipped")
    if row["status"] == "failed":
        return layout.fail(row["id"], row["error"], row.get("line"))
    if row["status"] == "fatal":
        raise WorkerError(row["error"], row.get("code") or 1)
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
    }


def _read(text: str | None, path: str | None, max_bytes: int) -> RawArticle:
    if text is not None:
        return read_article("-", stdin=io.BytesIO(text.encode("utf-8")), max_bytes=max_bytes)
    assert path is not None  # parse_row gives exactly one of them
    return read_article(path, max_bytes=max_bytes)


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


def _message(exc: NewsalignError, from_text: bool) -> str:
    # A text record is read as if from standard input: its "<stdin>: " prefix would only mislead.
    return str(exc.args[0]) if from_text and exc.args else str(exc)
