"""The ``newsalign`` command line (``align.cli.main`` builds the Typer app; one module per command group).

The console script and ``python -m align`` start at :func:`run`. Importing the command line (typer, rich,
the commands) takes a good part of a second, and a Ctrl-C in that time must not print a traceback, or, caught
by a library's clean-up code, let the run go on: until a command begins (:func:`command_started`, called
where a command starts its work), Ctrl-C ends the process at once with one line and exit code 130. Nothing
is written before a command begins, so there is nothing to clean up.

``app`` (the Typer application) is imported lazily, so that importing this package costs nothing.
"""

from __future__ import annotations

import contextlib
import os
import signal
from typing import Any

__all__ = ["app", "command_started", "run", "started_by_entry_point"]

_ENTRY_POINT = False


def _interrupted_at_start(signum: int, frame: object) -> None:
    os.write(2, b"newsalign: interrupted\n")
    os._exit(130)


def run() -> None:
    """The entry point: the command line, with Ctrl-C during start-up handled."""
    global _ENTRY_POINT
    _ENTRY_POINT = True
    with contextlib.suppress(ValueError):  # not the main thread: signals stay as they are
        signal.signal(signal.SIGINT, _interrupted_at_start)
    try:
        from align.cli.main import app as typer_app
    except KeyboardInterrupt:  # a Ctrl-C that came before the handler was set
        _interrupted_at_start(signal.SIGINT, None)
    typer_app()


def started_by_entry_point() -> bool:
    """Whether this process is the command line itself (not a program that invokes the Typer app)."""
    return _ENTRY_POINT


def command_started() -> None:
    """From here on a command handles Ctrl-C itself (it stops cleanly, removing what it had half written)."""
    if signal.getsignal(signal.SIGINT) is _interrupted_at_start:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def __getattr__(name: str) -> Any:
    if name == "app":
        from align.cli.main import app

        return app
    raise AttributeError(f"module 'align.cli' has no attribute {name!r}")
