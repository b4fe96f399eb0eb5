"""Domain exceptions. The library raises these; the CLI alone maps them to exit codes."""

from __future__ import annotations


class NewsalignError(Exception):
    """Base class. ``exit_code`` is what the command line returns for it.

    ``setting`` names the library setting that decides the outcome (``"max_pages"`` of
    :class:`align.ingest.budget.ReadLimits`, ``"cache"``), so that a front end can say how to change it in its
    own terms (the command line names its option); ``hint`` says it in library terms and ends the message.
    """

    exit_code = 1

    def __init__(
        self, message: str, *, path: str | None = None, setting: str | None = None, hint: str | None = None
    ) -> None:
        self.path = path
        self.setting = setting
        self.hint = hint
        super().__init__(message)

    @property
    def problem(self) -> str:
        """The message with the file it is about, without the hint."""
        message = super().__str__()
        return f"{printable(self.path)}: {message}" if self.path else message

    def __str__(self) -> str:
        return f"{self.problem}; {self.hint}" if self.hint else self.problem


def printable(name: str) -> str:
    """``name`` with control and other unprintable characters escaped (``\\n``, ``\\x1b``): a file name can
    hold a line break or a terminal escape sequence, and an error message must stay one harmless line."""
    if name.isprintable():
        return name
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in name)


class InputError(NewsalignError):
    """The article or another user-supplied file cannot be used (missing, empty, undecodable...)."""

    exit_code = 2


class UsageError(NewsalignError):
    """An option value or combination of options is invalid."""

    exit_code = 2


class ModelError(NewsalignError):
    """The translation model cannot be found, downloaded or loaded."""

    exit_code = 1


class ModelPathError(ModelError):
    """``--model`` names a local path that is missing or unusable: a usage problem, not a runtime one."""

    exit_code = 2


class NotATranslationModelError(ModelError):
    """``--model`` loads, but is not a sequence-to-sequence (Marian) translation model."""

    exit_code = 2


class CacheError(NewsalignError):
    """The translation cache cannot be opened or read."""

    exit_code = 1


class Interrupted(NewsalignError):
    """The run was asked to stop (Ctrl-C) and stopped between two batches; what was done is in the cache."""

    exit_code = 130


class LimitError(InputError):
    """An input exceeds one of the reading limits (:class:`align.ingest.budget.ReadLimits`): too many pages,
    too much decompressed data, too many drawing operators... ``setting`` is the limit's field name."""


class OutputError(NewsalignError):
    """An output cannot be written: the directory is missing or read-only, the disk is full, or the output
    is one of the inputs. Exit code 2 for what the user can fix by naming another output, 1 for a failing
    disk."""

    exit_code = 2

    def __init__(self, message: str, *, path: str | None = None, exit_code: int = 2) -> None:
        super().__init__(message, path=path)
        self.exit_code = exit_code


class DocumentFormatError(InputError):
    """A Document JSON file is malformed or has an unsupported schema version."""
