"""The one output writer: whole files or nothing, devices and pipes in place, never over an input.

:func:`write_output` is what every command writes its output with:

- ``-`` is standard output;
- a path that exists and is not a regular file (a device node such as ``/dev/null``, a FIFO, a terminal,
  ``/dev/stdout``) is opened and written in place: replacing it by a regular file would break it for every
  other program (as root, for the whole machine);
- anything else is written to a temporary file in the same directory and renamed into place, so a crash or
  Ctrl-C leaves the previous file or none, never half of the new one. A symbolic link is followed: its target
  is replaced and the link stays a link;
- an output that is the same file as one of the ``inputs`` (also through a symbolic or hard link) is refused
  before anything is written;
- every failure is an :class:`~align.errors.OutputError` with one line naming the file.

:func:`atomic_write_text` is the same write without those checks, raising ``OSError``: for files newsalign
keeps for itself (corpus folders, memo files).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from align.errors import OutputError

STDOUT = "-"
# A temporary name is a dot, at most this many bytes of the target's name, a dot, 8 random characters and
# ".tmp": short enough next to a target whose name has the 255 bytes most file systems allow.
_TMP_NAME_BYTES = 100
# Paths whose symbolic links are not file-system links but open descriptors (/dev/stdout ->
# /proc/self/fd/1 -> "pipe:[123]"): written in place, never renamed over.
_DESCRIPTOR_DIRS = ("/proc/", "/dev/fd/")
_DISK_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EIO})


def write_output(
    target: str | Path, text: str, *, inputs: Iterable[str | Path | None] = (), stdout: TextIO | None = None
) -> None:
    """Write ``text`` (UTF-8) to ``target`` as described in the module docstring; raises OutputError."""
    name = str(target)
    if name == STDOUT:
        stream = stdout or sys.stdout
        stream.write(text)
        stream.flush()
        return
    check_output(target, inputs)
    try:
        atomic_write_text(target, text)
    except OSError as exc:
        raise _output_error(exc, name) from None


def check_output(target: str | Path, inputs: Iterable[str | Path | None] = ()) -> None:
    """Raise :class:`OutputError` now for an output that cannot be written (its directory is missing, it is a
    directory, it is one of the inputs): before a slow translation, not after it."""
    name = str(target)
    if name == STDOUT:
        return
    path = Path(target)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _output_error(exc, name) from None
    if info is None:
        parent = Path(os.path.realpath(path)).parent
        if not parent.is_dir():
            raise OutputError("output directory does not exist", path=str(path.parent))
        return
    if stat.S_ISDIR(info.st_mode):
        raise OutputError("is a directory; give a file name for the output", path=name)
    if not stat.S_ISREG(info.st_mode):
        return  # a device or a pipe is written in place: it cannot be destroyed by being written
    for source in inputs:
        if source is None or str(source) == STDOUT:
            continue
        with contextlib.suppress(OSError):
            if os.path.samefile(path, source):
                raise OutputError(
                    f"is the same file as the input {source}; writing there would destroy the input,"
                    " so write the output to another file",
                    path=name,
                )


def atomic_write_text(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path``: in place when it exists and is not a regular file, else through a
    temporary file in the same directory and an atomic rename (onto a symbolic link's target). Raises
    ``OSError``."""
    target = Path(path)
    if _in_place(target):
        with open(target, "a", encoding="utf-8", newline="\n") as handle:
            # Appending, not truncating: /dev/stdout that the shell opened on a file (`>` or `>>`) keeps what
            # the shell intended; devices and pipes ignore the difference.
            handle.write(text)
        return
    real = Path(os.path.realpath(target))
    fd, tmp = tempfile.mkstemp(prefix=f".{_short(real.name)}.", suffix=".tmp", dir=real.parent)
    try:
        # mkstemp creates the file private (0600); give it the mode a plain open() would have.
        os.chmod(tmp, _mode_for(real))
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def terminal_safe(text: str) -> str:
    """``text`` with every control character that a terminal acts on (C0 except tab and line feed, DEL, C1:
    ESC, CSI, OSC, BEL, carriage return, backspace) shown as a visible symbol instead (U+2400 control
    pictures: ␛ ␇ ␍; U+FFFD for C1)."""
    return text.translate(_VISIBLE)


_VISIBLE: dict[int, str] = {
    **{c: chr(0x2400 + c) for c in range(0x20) if chr(c) not in "\t\n"},
    0x7F: "\u2421",
    **dict.fromkeys(range(0x80, 0xA0), "\ufffd"),
}


def _in_place(target: Path) -> bool:
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(info.st_mode):
        return True
    real = os.path.realpath(target)
    return str(target).startswith(("/dev/", *_DESCRIPTOR_DIRS)) or real.startswith(_DESCRIPTOR_DIRS)


def _short(name: str) -> str:
    encoded = name.encode("utf-8", "surrogateescape")[:_TMP_NAME_BYTES]
    return encoded.decode("utf-8", "ignore") or "out"


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _output_error(exc: OSError, name: str) -> OutputError:
    if exc.errno == errno.ENOENT:
        parent = Path(os.path.realpath(name)).parent
        if not parent.is_dir():
            return OutputError("output directory does not exist", path=str(Path(name).parent))
        return OutputError("cannot create a file in this directory", path=name)
    reasons = {
        errno.EACCES: "permission denied",
        errno.EPERM: "permission denied",
        errno.EISDIR: "is a directory; give a file name for the output",
        errno.EROFS: "read-only file system",
        errno.ENAMETOOLONG: "file name too long",
        errno.ENOSPC: "no space left on the device",
        errno.EDQUOT: "disk quota exceeded",
    }
    reason = reasons.get(exc.errno or 0) or f"cannot write ({exc.strerror or exc})"
    code = 1 if exc.errno in _DISK_ERRORS else 2
    return OutputError(reason, path=name, disk_failure=code == 1)
