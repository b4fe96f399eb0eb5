"""Reviewers' corrections coming back from the review page: the edits file, and merging it into a Document.

The review page (``align.render.html``) downloads either a corrected Document (the Document it was made from,
with ``post_edit`` set on the sentences the reviewer corrected or accepted) or an edits file::

    {"schema": "newsalign.edits", "version": 1, "document": "<Document.digest()>",
     "source": "article.txt", "saved_at": "2025-01-31T12:00:00Z",
     "edits": [{"id": "p3.s2", "post_edit": "The corrected sentence.", "origin": "typed"},
               {"id": "p4.s1", "post_edit": null, "origin": "reverted"}]}

``post_edit`` null removes a post-edit the Document had; ``origin`` (``typed``, ``alternative N``,
``accepted``, ``reverted``) is for people and is not stored. Either kind is applied only to the Document it
was made for: ``document`` (or the corrected Document's own digest) must equal the Document's digest, which
covers every segment's id, source and machine translation. Edits made on another translation of the same
article would otherwise land on sentences that say something else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from align.document import SCHEMA, Document
from align.errors import InputError

EDITS_SCHEMA = "newsalign.edits"
EDITS_VERSION = 1
_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Edits:
    """Post-edits by segment id (None: remove one), for the Document whose digest is ``digest``."""

    digest: str
    post_edits: Mapping[str, str | None]
    origins: Mapping[str, str]
    kind: str  # "edits" or "document": what the file was


class EditsMismatchError(InputError):
    """The edits were made for another Document."""


def read_edits(text: str, *, path: str | None = None) -> Edits:
    """An edits file or a corrected Document, checked; ``InputError`` says what is wrong with it."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc})", path=path) from None
    if isinstance(data, dict) and data.get("schema") == SCHEMA:
        corrected = Document.from_dict(data, path=path)
        segments = [s for s in corrected.segments if s.translation is not None]
        return Edits(
            digest=corrected.digest(),
            post_edits={s.id: s.post_edit for s in segments},
            origins={},
            kind="document",
        )
    if not isinstance(data, dict) or data.get("schema") != EDITS_SCHEMA:
        raise InputError(
            f'neither a newsalign edits file ("schema": "{EDITS_SCHEMA}") nor a corrected Document'
            f' ("schema": "{SCHEMA}"); download one from the review page',
            path=path,
        )
    version = data.get("version")
    if not isinstance(version, int) or not 1 <= version <= EDITS_VERSION:
        raise InputError(
            f"edits file version {version!r} is not supported (this newsalign reads 1..{EDITS_VERSION})",
            path=path,
        )
    digest = data.get("document")
    if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
        raise InputError('"document" must be the Document\'s digest (64 hexadecimal digits)', path=path)
    entries = data.get("edits")
    if not isinstance(entries, list):
        raise InputError('"edits" must be a list of {"id", "post_edit"} objects', path=path)
    post_edits: dict[str, str | None] = {}
    origins: dict[str, str] = {}
    for number, entry in enumerate(entries, 1):
        _entry(entry, number, post_edits, origins, path)
    return Edits(digest=digest, post_edits=post_edits, origins=origins, kind="edits")


def _entry(
    entry: Any, number: int, post_edits: dict[str, str | None], origins: dict[str, str], path: str | None
) -> None:
    where = f"edit {number}"
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        raise InputError(f'{where}: an edit is an object with a string "id"', path=path)
    seg_id, text = entry["id"], entry.get("post_edit")
    if text is not None and not isinstance(text, str):
        raise InputError(f'{where} ({seg_id}): "post_edit" must be text or null', path=path)
    if seg_id in post_edits:
        raise InputError(f"{where}: {seg_id} is edited twice", path=path)
    post_edits[seg_id] = text
    origin = entry.get("origin")
    if isinstance(origin, str):
        origins[seg_id] = origin


def apply_edits(doc: Document, edits: Edits, *, path: str | None = None) -> Document:
    """``doc`` with ``edits`` applied; ``EditsMismatchError`` when they were made for another Document."""
    digest = doc.digest()
    if edits.digest != digest:
        made_for = "a corrected Document of another translation" if edits.kind == "document" else "edits"
        raise EditsMismatchError(
            f"{made_for} made for another Document (digest {edits.digest[:12]}…, this one is"
            f" {digest[:12]}…): its sentences or machine translations differ; apply the edits to the Document"
            " the review page was made from",
            path=path,
        )
    try:
        return doc.with_post_edits(edits.post_edits)
    except KeyError as exc:  # same digest, so only a hand-made edits file gets here
        raise InputError(
            f"edit for {exc.args[0]}, which is not a segment of the Document", path=path
        ) from None
    except ValueError as exc:
        raise InputError(str(exc), path=path) from None


@dataclass(frozen=True)
class Applied:
    """What applying edits changed, for the command's summary."""

    edited: int  # post-edits that differ from the machine translation
    accepted: int  # post-edits equal to it
    removed: int  # post-edits taken away


def applied(before: Document, after: Document) -> Applied:
    old = {s.id: s.post_edit for s in before.segments}
    edited = accepted = removed = 0
    for segment in after.segments:
        if segment.post_edit == old[segment.id]:
            continue
        if segment.post_edit is None:
            removed += 1
        elif same_text(segment.post_edit, segment.translation or ""):
            accepted += 1
        else:
            edited += 1
    return Applied(edited, accepted, removed)


def same_text(a: str, b: str) -> bool:
    """Equal up to spacing (a text area adds and keeps line breaks; they change nothing in the sentence)."""
    return a.split() == b.split()
