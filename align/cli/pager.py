"""Long terminal output through the user's pager, as git does it.

The pager is ``NEWSALIGN_PAGER``, else ``PAGER``, else ``less``; an empty value or ``cat`` means none.
``less`` gets ``LESS=FRX`` unless ``LESS`` is set (quit when the text fits one screen, pass colours through,
leave the text on the screen afterwards) and ``lv`` gets ``LV=-c``, git's defaults. The pager is started only
when standard output is a terminal and the text is longer than the terminal; a pager that cannot be started is
not an error: the text is written directly instead.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import threading
from collections.abc import Mapping


def pager_command(env: Mapping[str, str] | None = None) -> list[str] | None:
    """The pager to run as an argument list, or None when paging is turned off."""
    env = os.environ if env is None else env
    value = env.get("NEWSALIGN_PAGER")
    if value is None:
        value = env.get("PAGER", "less")
    try:
        words = shlex.split(value)
    except ValueError:  # unbalanced quotes: not a command we can run
        return None
    if not words or words[0] == "cat":
        return None
    return words


def page(text: str, env: Mapping[str, str] | None = None) -> bool:
    """Send ``text`` to the pager and wait for it; False (nothing written) when there is no pager to run."""
    environment = dict(os.environ if env is None else env)
    command = pager_command(environment)
    if command is None or shutil.which(command[0]) is None:
        return False
    environment.setdefault("LESS", "FRX")
    environment.setdefault("LV", "-c")
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=environment)
    except OSError:
        return False
    # Ctrl-C belongs to the pager (less uses it to stop a search); newsalign waits for the pager to end.
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if main else None
    try:
        if process.stdin is not None:  # always, with stdin=PIPE
            with contextlib.suppress(BrokenPipeError):  # the reader quit before the end: not an error
                process.stdin.write(text.encode("utf-8"))
            with contextlib.suppress(BrokenPipeError):
                process.stdin.close()
        process.wait()
    finally:
        if main:
            signal.signal(signal.SIGINT, previous)
    return True
