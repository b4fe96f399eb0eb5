"""The data model: a Document of Paragraphs of Segments, and its versioned JSON form.

Everything downstream of segmentation (translation, alignment, QA, scoring, rendering) reads and
returns these frozen objects, so a whole run can be re-rendered from one JSON file without
re-translating. Offsets (``span``) always point into ``Document.text``, the article text the
segmenter saw, so a reviewer can trace every segment back to its source characters.
"""

from __future__ import annotations

import hashlib
import json
import sys
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from align.errors import DocumentFormatError, InputError

SCHEMA = "newsalign.document"
# Bump on any change that an older reader would misinterpret or lose. Version 2 adds a segment's
# ``alternatives`` and ``post_edit``: a version-1 reader would drop a reviewer's corrections without a word
# when it wrote the Document back, so it must refuse the file instead. Every older version is still read.
SCHEMA_VERSION = 2

Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
ParagraphKind = Literal["body", "title", "pullquote", "footer", "byline"]
PARAGRAPH_KINDS: tuple[ParagraphKind, ...] = ("body", "title", "pullquote", "footer", "byline")
# The kinds that are translated. Pull-quotes repeat body text: translating them again would only duplicate it.
TRANSLATED_KINDS: frozenset[ParagraphKind] = frozenset({"body", "title", "byline", "footer"})

Span = tuple[int, int]
_SNIFF_BYTES = 64
# Raw surrogates occur in json.dumps output only inside strings, where their \uXXXX escape means the same.
_SURROGATE_ESCAPES = {c: f"\\u{c:04x}" for c in range(0xD800, 0xE000)}


@dataclass(frozen=True)
class Flag:
    """Something a reviewer should know about a segment or paragraph."""

    code: str
    severity: Severity
    message: str
    span: Span | None = None

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")


@dataclass(frozen=True)
class Alternative:
    """One of the model's n best translations of a sentence, with its length-normalised log-probability."""

    text: str
    score: float | None = None


@dataclass(frozen=True)
class Segment:
    """One source sentence and what became of it.

    ``translation`` is always the machine translation (the model's best); ``alternatives`` are its n best,
    best first, when more than one was asked for (the first is ``translation``), and ``word_alignment``
    belongs to ``translation``. ``post_edit`` is a reviewer's correction (or acceptance, when equal to the
    translation); it never replaces ``translation``, so how much was changed can always be measured.
    """

    id: str
    source: str
    span: Span
    translation: str | None = None
    src_tokens: tuple[str, ...] = ()
    tgt_tokens: tuple[str, ...] = ()
    word_alignment: tuple[tuple[int, int], ...] = ()
    scores: Mapping[str, float] = field(default_factory=dict)
    flags: tuple[Flag, ...] = ()
    alternatives: tuple[Alternative, ...] = ()
    post_edit: str | None = None

    @property
    def final(self) -> str | None:
        """What the article should say: the post-edit when there is one, else the machine translation."""
        return self.post_edit if self.post_edit is not None else self.translation


@dataclass(frozen=True)
class Paragraph:
    id: str
    kind: ParagraphKind
    span: Span
    segments: tuple[Segment, ...]
    flags: tuple[Flag, ...] = ()
    page: int | None = None  # where the source format has pages (PDF), the page the paragraph starts on

    def __post_init__(self) -> None:
        if self.kind not in PARAGRAPH_KINDS:
            raise ValueError(f"paragraph kind must be one of {PARAGRAPH_KINDS}, not {self.kind!r}")

    @property
    def is_translated(self) -> bool:
        """Whether this paragraph's kind is translated (every kind but pull-quotes, which repeat the body)."""
        return self.kind in TRANSLATED_KINDS

    @property
    def source(self) -> str:
        return " ".join(s.source for s in self.segments)

    @property
    def translation(self) -> str | None:
        if any(s.translation is None for s in self.segments):
            return None
        return " ".join(s.translation for s in self.segments if s.translation)


@dataclass(frozen=True)
class RunInfo:
    """What actually ran. ``signature()`` is the sacrebleu-style string that reproduces the output."""

    version: str
    engine: str
    model: str
    revision: str
    compute_type: str
    device: str
    beam: int
    max_length: int
    batch_size: int
    threads: int
    segmenter: str
    repair: str = "none"
    seconds: float = 0.0
    cached: int = 0  # pieces taken from the translation cache instead of the model

    def signature(self) -> str:
        # Only what changes the output goes in; batch size and threads do not.
        parts = [
            f"newsalign:{self.version}",
            f"repair:{self.repair}",
            f"seg:{self.segmenter}",
            f"engine:{self.engine}-{self.compute_type}",
            f"model:{self.model}@{self.revision}",
            f"beam:{self.beam}",
            f"maxlen:{self.max_length}",
            f"device:{self.device}",
        ]
        return "|".join(parts)


@dataclass(frozen=True)
class Change:
    """One edit the repair stage made: what, where in the raw text, and why."""

    code: str
    span: Span  # offsets into the raw input text
    before: str
    after: str
    reason: str


@dataclass(frozen=True)
class RepairReport:
    version: str
    changes: tuple[Change, ...] = ()
    # Private-Use-Area glyph -> text, as applied ("U+E009": "2"), and why it was believed.
    glyph_map: Mapping[str, str] = field(default_factory=dict)
    evidence: tuple[str, ...] = ()
    dictionary: str = "none"

    def signature(self) -> str:
        """ "v1", "v1+hunspell-ar", "v1+hunspell-ar+map": what determines the repaired text."""
        parts = [self.version]
        if self.dictionary != "none":
            parts.append(self.dictionary)
        if any(c.code == "pua-map" for c in self.changes):
            parts.append("map")
        return "+".join(parts)


@dataclass(frozen=True)
class Removal:
    """Text a reader found on a page and left out of the article (a running head, a page number), and why."""

    page: int
    kind: str  # "running head", "page number", "furniture", "rotated text"
    text: str
    reason: str


@dataclass(frozen=True)
class PageAccount:
    """Where the characters drawn on one page went (whitespace is not counted): ``drawn`` = ``kept`` +
    ``removed`` when nothing was lost. ``quoted``: of the kept ones, those in pull-quotes (kept in the
    Document, not translated: they repeat the body)."""

    page: int
    drawn: int
    kept: int
    removed: int
    quoted: int = 0

    @property
    def unaccounted(self) -> int:
        return self.drawn - self.kept - self.removed


@dataclass(frozen=True)
class IngestReport:
    """What a reader of a paged format did with every page: the counts and each removal."""

    pages: tuple[PageAccount, ...] = ()
    removals: tuple[Removal, ...] = ()
    # Installed fonts whose outlines read glyphs of a subset that kept only outlines: the text depends on
    # them as well as on the file ("NotoNaskhArabic-Regular: 106 glyphs by outline from /usr/share/…").
    fonts: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocumentMeta:
    source: str
    sha256: str
    format: str
    encoding: str
    created_at: str
    run: RunInfo | None = None
    repair: RepairReport | None = None
    qa: str = ""  # the QA checks' signature (align.qa.QAOptions.signature) when they ran
    ingest: IngestReport | None = None  # paged formats (PDF): where every page's characters went


@dataclass(frozen=True)
class Document:
    """``text`` is what the segmenter saw (the repaired article). When repair changed it, ``raw_text`` is the
    input as read and ``raw_map`` maps ``text`` back to it as runs of (offset in text, offset in raw, length);
    both are empty when ``text`` is the input itself."""

    meta: DocumentMeta
    text: str
    paragraphs: tuple[Paragraph, ...]
    raw_text: str = ""
    raw_map: tuple[tuple[int, int, int], ...] = ()

    def raw_offset(self, offset: int) -> int:
        """Where character ``offset`` of ``text`` came from in the raw input."""
        return raw_offset(self.raw_map, offset)

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(s for p in self.paragraphs for s in p.segments)

    def translated_paragraphs(self) -> tuple[Paragraph, ...]:
        """The paragraphs of a translated kind (:attr:`Paragraph.is_translated`), in order."""
        return tuple(p for p in self.paragraphs if p.is_translated)

    def translated_segments(self) -> tuple[Segment, ...]:
        """The segments of the translated paragraphs, in order: what a translation, an export or a score
        is made of."""
        return tuple(s for p in self.paragraphs if p.is_translated for s in p.segments)

    def with_run(self, run: RunInfo) -> Document:
        return replace(self, meta=replace(self.meta, run=run))

    def digest(self) -> str:
        """What a review refers to, as a sha256: every segment's id, source and machine translation, in order.

        Post-edits, scores and flags are left out, so a corrected Document has the digest of the one it was
        made from, and edits made on one translation cannot be applied to another (another model, another
        repair, another article)."""
        content = [[s.id, s.source, s.translation] for s in self.segments]
        # ensure_ascii: the bytes hashed do not depend on how a writer encodes non-ASCII text
        text = json.dumps(content, ensure_ascii=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("ascii")).hexdigest()

    def with_post_edits(self, edits: Mapping[str, str | None]) -> Document:
        """A copy with ``post_edit`` set for the segment ids in ``edits`` (None removes one). ``KeyError``
        names an id that is not a segment; ``ValueError`` a segment that has no translation to correct."""
        known = {s.id: s for s in self.segments}
        for seg_id in edits:
            if seg_id not in known:
                raise KeyError(seg_id)
            if known[seg_id].translation is None and edits[seg_id] is not None:
                raise ValueError(f"segment {seg_id} has no machine translation to correct")
        paragraphs = tuple(
            replace(
                p,
                segments=tuple(replace(s, post_edit=edits[s.id]) if s.id in edits else s for s in p.segments),
            )
            for p in self.paragraphs
        )
        return replace(self, paragraphs=paragraphs)

    # -- JSON -------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        from align.document.serial import plain

        body = plain(self)
        return {"schema": SCHEMA, "version": SCHEMA_VERSION, **body}

    def to_json(self, *, indent: int | None = 1) -> str:
        # ensure_ascii=False keeps Arabic readable; json escapes control characters either way. A lone
        # surrogate (UTF-8 cannot hold one) is written as its JSON escape, which reads back as the same text.
        text = json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"
        return text.translate(_SURROGATE_ESCAPES)

    @classmethod
    def load(cls, path: str | Path) -> Document:
        """Read a Document JSON file; any problem is one :class:`DocumentFormatError` (or :class:`InputError`
        for a file that cannot be read) naming the file."""
        name = str(path)
        try:
            data = Path(path).read_bytes()
        except FileNotFoundError:
            raise InputError("no such file", path=name) from None
        except IsADirectoryError:
            raise InputError("is a directory, not a Document JSON file", path=name) from None
        except PermissionError:
            raise InputError("permission denied", path=name) from None
        except OSError as exc:
            raise InputError(f"cannot read ({exc.strerror or exc})", path=name) from None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DocumentFormatError("not a Document JSON file (not UTF-8 text)", path=name) from None
        return cls.from_json(text, path=name)

    def save(self, path: str | Path) -> None:
        """Write this Document as JSON to ``path``: a file whole or not at all, a device or pipe in place
        (see :func:`align.io.write_output`)."""
        from align.io import write_output

        write_output(path, self.to_json())

    @classmethod
    def from_json(cls, text: str, *, path: str | None = None) -> Document:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise DocumentFormatError(f"looks like JSON but is not valid JSON ({exc})", path=path) from None
        return cls.from_dict(data, path=path)

    @classmethod
    def from_dict(cls, data: Any, *, path: str | None = None) -> Document:
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            raise DocumentFormatError(
                f'not a newsalign Document (expected "schema": "{SCHEMA}"); a Document is what'
                " translating an article to JSON writes",
                path=path,
            )
        version = data.get("version")
        if not isinstance(version, int) or version > SCHEMA_VERSION or version < 1:
            raise DocumentFormatError(
                f"Document schema version {version!r} is not supported"
                f" (this newsalign reads 1..{SCHEMA_VERSION});"
                " upgrade newsalign or re-create the Document",
                path=path,
            )
        from align.document.serial import meta, paragraph

        try:
            return cls(
                meta=meta(data["meta"]),
                text=str(data["text"]),
                paragraphs=tuple(paragraph(p) for p in data["paragraphs"]),
                raw_text=str(data.get("raw_text", "")),
                raw_map=tuple((int(a), int(b), int(c)) for a, b, c in data.get("raw_map", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise DocumentFormatError(
                f"malformed Document ({type(exc).__name__}: {exc})", path=path
            ) from None


def is_document_file(path: str | Path) -> bool:
    """Whether ``path`` holds JSON (by content, whatever its name), so that it is read as a Document rather
    than as an article or a text file. The one rule every command uses; ``Document.load`` then says precisely
    what is wrong with a JSON file that is not a valid Document. Standard input (``-``) is never one."""
    if str(path) == "-":
        return False
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False  # missing, a directory, unreadable: the reader that goes on says what is wrong
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def raw_offset(raw_map: Sequence[tuple[int, int, int]], offset: int) -> int:
    """Map an offset in a repaired text to the raw input through its runs (identity when there are none)."""
    if not raw_map:
        return offset
    # Characters newsalign inserted (joining spaces, paragraph breaks) belong to the run before them.
    index = max(0, bisect_right(raw_map, (offset, sys.maxsize, 0)) - 1)
    start, raw_start, length = raw_map[index]
    return raw_start + max(0, min(offset - start, length - 1))
