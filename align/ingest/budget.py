"""Reading limits: what one article may cost to read, whatever its file size.

A compressed container bounds nothing by its size: a 400 kB PDF stream can inflate to 400 MB, 3 kB of form
XObjects that draw each other ten times over can ask for 10**12 drawings, a 1.5 MB Word file can hold an
800 MB document.xml. :class:`ReadLimits` bounds what reading costs (bytes read, pages, drawing operators,
glyphs, XObject nesting, decompressed bytes, compression ratio) and :class:`Budget` counts it while a reader
runs; going over a limit raises :class:`~align.errors.LimitError` naming the limit (``setting``), at once.

The PDF reader is pdfminer's, which has no such limits; they are added here without changing what it reads:
:func:`pdf_budget` makes the current thread's budget the one that pdfminer's decompression (a bounded stand-in
for ``zlib`` in ``pdfminer.pdftypes``) and content-stream parser (a counting subclass in
``pdfminer.pdfinterp``) report to, and :func:`interpreter_class` is the page interpreter that bounds form
XObject nesting. With no budget active both behave exactly as pdfminer's own.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from typing import Any

from align.errors import LimitError

_MIB = 1 << 20
# Zip members smaller than this are not checked for their compression ratio: small XML parts of a Word file
# (styles, settings) compress far better than text, and cannot be a bomb at that size.
_RATIO_FLOOR = _MIB


@dataclass(frozen=True)
class ReadLimits:
    """What reading one article may cost. The defaults are far above any news article (the test PDFs have at
    most 2,322 operators on a page) and keep a hostile file under about 5 s of CPU and 300 MB."""

    max_bytes: int = 20 * _MIB  # the file itself (what --max-size bounds)
    max_pages: int = 1000  # PDF pages
    max_operators: int = 200_000  # PDF content-stream operators, counted each time a form XObject is drawn
    max_glyphs: int = 200_000  # characters a PDF draws (one operator can draw millions)
    max_xobject_depth: int = 12  # PDF form XObjects drawn inside each other
    max_xobject_draws: int = 10_000  # PDF XObjects drawn in all (forms drawing forms: 10 × 10 × ...)
    max_inflated_bytes: int = 64 * _MIB  # decompressed PDF streams, or zip members of a Word file
    max_zip_ratio: int = 100  # uncompressed / compressed size of a zip member of 1 MiB or more

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"the reading limit {field.name} must be a positive integer; got {value!r}")

    def raised(self, **values: int) -> ReadLimits:
        """These limits with some replaced (by field name)."""
        return replace(self, **values)


DEFAULT_LIMITS = ReadLimits()
LIMIT_NAMES = tuple(field.name for field in fields(ReadLimits))

_WHAT = {
    "max_bytes": "the input size limit",
    "max_pages": "the PDF page limit",
    "max_operators": "the PDF operator limit",
    "max_glyphs": "the PDF glyph limit",
    "max_xobject_depth": "the PDF nesting limit",
    "max_xobject_draws": "the PDF XObject limit",
    "max_inflated_bytes": "the decompressed-size limit",
    "max_zip_ratio": "the compression-ratio limit",
}


def about(n: int) -> str:
    """``n`` bytes, rounded, in a unit people read: "800.0 MiB", "3.2 MiB", "14.0 KiB", "900 bytes"."""
    for unit, size in (("GiB", 1 << 30), ("MiB", _MIB), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"


def limit_error(setting: str, message: str, source: str) -> LimitError:
    """The error for going over ``setting``; the message says what was found, the hint which limit."""
    return LimitError(
        f"{message} ({_WHAT[setting]})",
        path=source,
        setting=setting,
        hint=f"raise ReadLimits.{setting} to read it anyway",
    )


def check_size(size: int, limits: ReadLimits, source: str) -> None:
    if size > limits.max_bytes:
        from align.ingest import format_size

        raise LimitError(
            f"input is larger than the {format_size(limits.max_bytes)} limit",
            path=source,
            setting="max_bytes",
            hint="raise ReadLimits.max_bytes to read it anyway",
        )


def check_zip(members: Any, limits: ReadLimits, source: str) -> None:
    """Refuse a zip archive from its directory, before anything is inflated: the total uncompressed size,
    and each large member's compression ratio (a real Word file compresses its XML 5 to 20 times)."""
    from align.ingest import format_size

    total = 0
    for info in members:
        total += info.file_size
        if info.file_size >= _RATIO_FLOOR and info.file_size > limits.max_zip_ratio * max(
            1, info.compress_size
        ):
            ratio = info.file_size // max(1, info.compress_size)
            raise limit_error(
                "max_zip_ratio",
                f"{info.filename} would inflate {ratio} times, to {about(info.file_size)} from"
                f" {about(info.compress_size)}: a decompression bomb",
                source,
            )
    if total > limits.max_inflated_bytes:
        raise limit_error(
            "max_inflated_bytes",
            f"decompresses to {about(total)}, more than {format_size(limits.max_inflated_bytes)}",
            source,
        )


class Budget:
    """What reading one PDF has cost so far; each count raises LimitError past its limit. The first error is
    kept, so that one swallowed by the library is raised again by :meth:`check`."""

    def __init__(self, limits: ReadLimits, source: str) -> None:
        self.limits = limits
        self.source = source
        self.pages = 0
        self.operators = 0
        self.glyphs = 0
        self.depth = 0
        self.draws = 0
        self.inflated = 0
        self.exceeded: LimitError | None = None

    def _fail(self, setting: str, message: str) -> LimitError:
        error = limit_error(setting, message, self.source)
        self.exceeded = self.exceeded or error
        return error

    def check(self) -> None:
        if self.exceeded is not None:
            raise self.exceeded

    def declared_pages(self, count: object) -> None:
        if isinstance(count, int) and count > self.limits.max_pages:
            raise self._fail("max_pages", f"has {count} pages, more than {self.limits.max_pages}")

    def page(self) -> None:
        self.check()
        self.pages += 1
        if self.pages > self.limits.max_pages:
            raise self._fail("max_pages", f"has more than {self.limits.max_pages} pages")

    def operator(self) -> None:
        self.operators += 1
        if self.operators > self.limits.max_operators:
            raise self._fail(
                "max_operators", f"draws more than {self.limits.max_operators:,} content-stream operators"
            )

    def glyph(self) -> None:
        self.glyphs += 1
        if self.glyphs > self.limits.max_glyphs:
            raise self._fail("max_glyphs", f"draws more than {self.limits.max_glyphs:,} characters")

    def enter_xobject(self) -> None:
        # Drawing a form costs as much as a few dozen operators (a new interpreter, its resources, its
        # parser): counted on its own, so that forms drawing forms ten times over stop early.
        self.draws += 1
        if self.draws > self.limits.max_xobject_draws:
            raise self._fail(
                "max_xobject_draws", f"draws more than {self.limits.max_xobject_draws:,} XObjects"
            )
        self.depth += 1
        if self.depth > self.limits.max_xobject_depth:
            raise self._fail(
                "max_xobject_depth", f"nests form XObjects more than {self.limits.max_xobject_depth} deep"
            )

    def leave_xobject(self) -> None:
        self.depth -= 1

    def inflate(self, data: bytes) -> bytes:
        """``zlib.decompress(data)``, stopped as soon as the document's decompressed total passes the
        limit (the bomb is never held in memory)."""
        decompressor = _BoundedDecompressor(self)
        out = decompressor.decompress(data)
        if not decompressor.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        return out

    def count_inflated(self, n: int) -> None:
        self.inflated += n
        if self.inflated > self.limits.max_inflated_bytes:
            from align.ingest import format_size

            raise self._fail(
                "max_inflated_bytes",
                f"decompresses to more than {format_size(self.limits.max_inflated_bytes)}",
            )


class _BoundedDecompressor:
    """A ``zlib.decompressobj()`` that counts what it inflates against a budget and never produces more
    than the budget has left."""

    def __init__(self, budget: Budget, *args: Any) -> None:
        self._budget = budget
        self._inner = zlib.decompressobj(*args)

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = self._budget.limits.max_inflated_bytes - self._budget.inflated + 1
        limit = min(max_length, room) if max_length else room
        out = self._inner.decompress(data, limit)
        self._budget.count_inflated(len(out))
        return out

    def __getattr__(self, name: str) -> Any:  # eof, unused_data, unconsumed_tail, flush...
        return getattr(self._inner, name)


_CURRENT: ContextVar[Budget | None] = ContextVar("newsalign_read_budget", default=None)


class _BudgetedZlib:
    """``zlib`` for pdfminer's stream decoding: bounded by the current thread's budget when one is active."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args: Any) -> bytes:
        budget = _CURRENT.get()
        if budget is None or args:
            return zlib.decompress(data, *args)
        return budget.inflate(data)

    @staticmethod
    def decompressobj(*args: Any) -> Any:
        budget = _CURRENT.get()
        return zlib.decompressobj(*args) if budget is None else _BoundedDecompressor(budget, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


_installed: list[Any] = []


def _install() -> None:
    """Put the counting parser and the bounded zlib into pdfminer (once per process)."""
    if _installed:
        return
    import pdfminer.pdfinterp
    import pdfminer.pdftypes
    from pdfminer.psparser import PSKeyword

    base = pdfminer.pdfinterp.PDFContentParser

    class CountingContentParser(base):  # type: ignore[misc, valid-type]
        def nextobject(self) -> Any:
            result = super().nextobject()
            if isinstance(result[1], PSKeyword):
                budget = _CURRENT.get()
                if budget is not None:
                    budget.operator()
            return result

    class BudgetedInterpreter(pdfminer.pdfinterp.PDFPageInterpreter):
        def do_Do(self, xobjid_arg: Any) -> None:
            budget = _CURRENT.get()
            if budget is None:
                super().do_Do(xobjid_arg)
                return
            budget.enter_xobject()
            try:
                super().do_Do(xobjid_arg)
            finally:
                budget.leave_xobject()

    pdfminer.pdfinterp.PDFContentParser = CountingContentParser  # type: ignore[misc]
    pdfminer.pdftypes.zlib = _BudgetedZlib()  # type: ignore[attr-defined, assignment]
    _installed.append(BudgetedInterpreter)


def interpreter_class() -> Any:
    """pdfminer's page interpreter, with form XObject nesting bounded by the current budget."""
    _install()
    return _installed[0]


@contextmanager
def pdf_budget(limits: ReadLimits, source: str) -> Iterator[Budget]:
    """Count what pdfminer does in this thread against ``limits`` until the block ends."""
    _install()
    budget = Budget(limits, source)
    token = _CURRENT.set(budget)
    try:
        yield budget
        budget.check()
    finally:
        _CURRENT.reset(token)
