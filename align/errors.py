"""Domain exceptions. The library raises these; the CLI alone maps them to exit codes."""

from __future__ import annotations


class NewsalignError(Exception):
    """Base class. ``exit_code`` is what the command line returns for it."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(message)

    def __str__(self) -> str:
        message = super().__str__()
        return f"{self.path}: {message}" if self.path else message


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


class DocumentFormatError(InputError):
    """A Document JSON file is malformed or has an unsupported schema version."""
