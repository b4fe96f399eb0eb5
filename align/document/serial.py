"""A Document as JSON values (``Document.to_dict``) and back into the data model (``Document.from_dict``):
each field read back is checked for its type, so that a malformed file is one ``DocumentFormatError`` and
never a half-built Document."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from align.document import (
    Alternative,
    Change,
    DocumentMeta,
    Flag,
    IngestReport,
    PageAccount,
    Paragraph,
    Removal,
    RepairReport,
    RunInfo,
    Segment,
    Span,
)

_FIELDS: dict[type, tuple[str, ...]] = {}


def plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` makes of a value (dataclasses as dicts, containers of the same type),
    without its deep copy of every leaf: the data model is frozen and its leaves (str, int, float, bool,
    None) immutable, and the copies made a Document's JSON take seconds (a raw map holds a tuple per run)."""
    kind = type(value)
    if kind in (str, int, float, bool) or value is None:
        return value
    names = _FIELDS.get(kind)
    if names is None and hasattr(kind, "__dataclass_fields__"):
        names = _FIELDS[kind] = tuple(f.name for f in fields(value))
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if isinstance(value, tuple):
        items = [plain(v) for v in value]
        return kind(*items) if hasattr(value, "_fields") else kind(items)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return kind((plain(k), plain(v)) for k, v in value.items())
    return value


def _span(value: Sequence[int] | None) -> Span | None:
    if value is None:
        return None
    start, end = value
    return int(start), int(end)


def _required_span(value: Sequence[int] | None) -> Span:
    span = _span(value)
    if span is None:
        raise ValueError("span is required")
    return span


def _flag(d: Mapping[str, Any]) -> Flag:
    return Flag(code=d["code"], severity=d["severity"], message=d["message"], span=_span(d.get("span")))


def _alternative(d: Mapping[str, Any]) -> Alternative:
    score = d.get("score")
    return Alternative(text=_text(d["text"]), score=None if score is None else float(score))


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, got {type(value).__name__}")
    return value


def _segment(d: Mapping[str, Any]) -> Segment:
    post_edit = d.get("post_edit")
    return Segment(
        id=d["id"],
        source=d["source"],
        span=_required_span(d["span"]),
        translation=d.get("translation"),
        src_tokens=tuple(d.get("src_tokens", ())),
        tgt_tokens=tuple(d.get("tgt_tokens", ())),
        word_alignment=tuple((int(a), int(b)) for a, b in d.get("word_alignment", ())),
        scores={str(k): float(v) for k, v in d.get("scores", {}).items()},
        flags=tuple(_flag(f) for f in d.get("flags", ())),
        alternatives=tuple(_alternative(a) for a in d.get("alternatives", ())),
        post_edit=None if post_edit is None else _text(post_edit),
    )


def paragraph(d: Mapping[str, Any]) -> Paragraph:
    return Paragraph(
        id=d["id"],
        kind=d["kind"],
        span=_required_span(d["span"]),
        segments=tuple(_segment(s) for s in d["segments"]),
        flags=tuple(_flag(f) for f in d.get("flags", ())),
        page=d.get("page"),
    )


def _repair(d: Mapping[str, Any] | None) -> RepairReport | None:
    if d is None:
        return None
    return RepairReport(
        version=d["version"],
        changes=tuple(
            Change(c["code"], _required_span(c["span"]), c["before"], c["after"], c["reason"])
            for c in d.get("changes", ())
        ),
        glyph_map={str(k): str(v) for k, v in d.get("glyph_map", {}).items()},
        evidence=tuple(d.get("evidence", ())),
        dictionary=d.get("dictionary", "none"),
    )


def _ingest(d: Mapping[str, Any] | None) -> IngestReport | None:
    if d is None:
        return None
    return IngestReport(
        pages=tuple(
            PageAccount(
                int(p["page"]), int(p["drawn"]), int(p["kept"]), int(p["removed"]), int(p.get("quoted", 0))
            )
            for p in d.get("pages", ())
        ),
        removals=tuple(
            Removal(int(r["page"]), str(r["kind"]), str(r["text"]), str(r["reason"]))
            for r in d.get("removals", ())
        ),
        fonts=tuple(str(f) for f in d.get("fonts", ())),
    )


def meta(d: Mapping[str, Any]) -> DocumentMeta:
    run = d.get("run")
    return DocumentMeta(
        source=d["source"],
        sha256=d["sha256"],
        format=d["format"],
        encoding=d["encoding"],
        created_at=d["created_at"],
        run=RunInfo(**run) if run is not None else None,
        repair=_repair(d.get("repair")),
        qa=str(d.get("qa", "")),
        ingest=_ingest(d.get("ingest")),
    )
