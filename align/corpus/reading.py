"""Reading one corpus article: read, repair and segment it into a Document (JSON), or say why not.

Run in the worker itself or, under a memory and time limit, in the helper process of
``align.corpus.sandbox`` (which imports only this module and the readers, not the executors).
"""

from __future__ import annotations

import io
import logging
from dataclasses import replace

from align.errors import NewsalignError
from align.ingest import RawArticle, ReadLimits, read_article
from align.pipeline import document_from_raw
from align.repair import RepairOptions

log = logging.getLogger(__name__)


def read_record(
    text: str | None,
    path: str | None,
    record_id: str,
    limits: ReadLimits,
    repair: RepairOptions | None,
    require_arabic: bool,
) -> tuple[str, str]:
    """Read, repair and segment one article: ("ok", Document JSON) or ("failed", the reason)."""
    try:
        raw = read_text_or_path(text, path, limits)
        doc = document_from_raw(replace(raw, source=record_id), repair=repair, require_arabic=require_arabic)
    except NewsalignError as exc:
        return "failed", message_of(exc, text is not None)
    except MemoryError:
        raise
    except Exception as exc:  # a reader's bug on one damaged file must not stop an archive
        log.warning("%s: %s", record_id, exc, exc_info=True)
        return "failed", f"{type(exc).__name__}: {exc}"
    return "ok", doc.to_json(indent=None)


def read_text_or_path(text: str | None, path: str | None, limits: ReadLimits) -> RawArticle:
    if text is not None:
        return read_article("-", stdin=io.BytesIO(text.encode("utf-8")), limits=limits)
    assert path is not None  # parse_row gives exactly one of them
    return read_article(path, limits=limits)


def message_of(exc: NewsalignError, from_text: bool) -> str:
    # A text record is read as if from standard input: its "<stdin>: " prefix would only mislead.
    if not (from_text and exc.args):
        return str(exc)
    return f"{exc.args[0]}; {exc.hint}" if exc.hint else str(exc.args[0])
