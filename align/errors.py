"""Domain exceptions. The library raises these; front ends decide what they mean (the command line maps each
class to an exit code and each ``setting`` to the option that changes it, in ``align/cli/common.py``).

Messages say what is wrong in the library's own terms. ``hint`` says what to do about it, also in library
terms (a :class:`~align.pipeline.RunOptions` field, a function argument); ``setting`` names that field or
argument, so a front end can name its own control for it instead ("raise max_bytes" is ``--max-size`` on the
command line).
"""

from __future__ import annotations


class NewsalignError(Exception):
    """Base class of every error newsalign raises on purpose."""

    def __init__(
        self, message: str, *, path: str | None = None, hint: str | None = None, setting: str | None = None
    ) -> None:
        self.path = path
        self.message = message
        self.hint = hint
        self.setting = setting
        super().__init__(message)

    def describe(self, hint: str | None = None) -> str:
        """One line: the file it concerns, what is wrong, and what to do (``hint`` replaces the library's)."""
        text = f"{printable(self.path)}: {self.message}" if self.path else self.message
        advice = hint if hint is not None else self.hint
        return f"{text}; {advice}" if advice else text

    @property
    def problem(self) -> str:
        """The message with the file it is about, without the hint."""
        return self.describe("")

    def __str__(self) -> str:
        return self.describe()


def printable(name: str) -> str:
    """``name`` with control and other unprintable characters escaped (``\\n``, ``\\x1b``): a file name can
    hold a line break or a terminal escape sequence, and an error message must stay one harmless line."""
    if name.isprintable():
        return name
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in name)


class InputError(NewsalignError):
    """The article or another user-supplied file cannot be used (missing, empty, undecodable...)."""


class UsageError(NewsalignError):
    """An option value or combination of options is invalid."""


class ModelError(NewsalignError):
    """The translation model cannot be found, downloaded or loaded."""


class ModelPathError(ModelError):
    """The model names a local path that is missing or unusable: a usage problem, not a runtime one."""


class NotATranslationModelError(ModelError):
    """The model loads, but is not a sequence-to-sequence (Marian) translation model."""


class CacheError(NewsalignError):
    """The translation cache cannot be opened or read."""


class Interrupted(NewsalignError):
    """The run was asked to stop (Ctrl-C) and stopped between two batches; what was done is in the cache."""


class LimitError(InputError):
    """An input exceeds one of the reading limits (:class:`align.ingest.budget.ReadLimits`): too many pages,
    too much decompressed data, too many drawing operators... ``setting`` is the limit's field name."""


class OutputError(NewsalignError):
    """An output cannot be written: the directory is missing or read-only, the disk is full, or the output
    is one of the inputs. ``disk_failure``: the device failed or is full (not something another output name
    fixes)."""

    def __init__(self, message: str, *, path: str | None = None, disk_failure: bool = False) -> None:
        super().__init__(message, path=path)
        self.disk_failure = disk_failure


class DocumentFormatError(InputError):
    """A Document JSON file is malformed or has an unsupported schema version."""
