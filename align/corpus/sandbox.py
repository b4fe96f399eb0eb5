"""Reading corpus articles in a helper process, under a wall-clock and a memory limit.

The readers bound what an article may cost (``align.ingest.budget``), but an archive is exactly where an
input nobody has looked at turns up, and one that stalls or exhausts a worker would stop the whole run. So a
corpus worker reads, repairs and segments each article in a helper process of its own (started once per
worker, kept for the next article): an address-space limit (``RLIMIT_AS``) set in the helper bounds its
memory, and the worker stops (kills) it when an article takes longer than the time limit. Either way that
article fails with a one-line reason, the next helper starts on the next article, and the run goes on.

The worker and its helper speak over pipes: length-prefixed pickles of (request, reply) tuples, only between
a process and the helper it started.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from typing import IO, Any

_HEADER = struct.Struct(">Q")


class ArticleReader:
    """A helper process that turns (text or path) into a Document JSON, one article at a time."""

    def __init__(self, memory: int | None) -> None:
        self.memory = memory
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def read(self, request: tuple[Any, ...], seconds: float | None) -> tuple[str, str]:
        """("ok", document JSON) or ("failed", reason) for one article."""
        with self._lock:
            process = self._start()
            assert process.stdin is not None and process.stdout is not None
            try:
                _send(process.stdin, request)
                reply = _receive(process.stdout, None if seconds is None else time.monotonic() + seconds)
            except TimeoutError:
                self.stop()
                return "failed", (
                    f"reading took longer than {seconds:g} s (the per-article time limit), and was stopped"
                )
            except (OSError, EOFError, pickle.UnpicklingError):
                return "failed", self._died()
            if reply[0] == "memory":
                self.stop()
                return "failed", self._over_memory()
            return reply[0], reply[1]

    def _start(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self._process = subprocess.Popen(
            [sys.executable, "-m", "align.corpus.sandbox", str(self.memory or 0)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        return self._process

    def _died(self) -> str:
        process = self._process
        self._process = None
        code = None
        if process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                code = process.wait(timeout=5)
            if code is None:
                process.kill()
        if code is not None and code < 0:
            how = f"was killed by signal {-code} ({signal.Signals(-code).name})"
        else:
            how = f"ended with exit code {code}"
        if self.memory and code in (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT):
            return f"the reader {how} while reading, probably past the per-article memory limit"
        return f"the reader {how} while reading this article"

    def _over_memory(self) -> str:
        from align.ingest.budget import about

        return f"reading needed more than {about(self.memory or 0)} of memory (the per-article memory limit)"

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)


_READERS: dict[int | None, ArticleReader] = {}


def reader(memory: int | None) -> ArticleReader:
    """This process's helper for ``memory`` (one per limit; kept for the process's life)."""
    found = _READERS.get(memory)
    if found is None:
        found = _READERS[memory] = ArticleReader(memory)
    return found


@atexit.register
def _stop_all() -> None:
    for helper in _READERS.values():
        helper.stop()


def _send(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _receive(stream: IO[bytes], deadline: float | None) -> Any:
    header = _read_exactly(stream, _HEADER.size, deadline)
    return pickle.loads(_read_exactly(stream, _HEADER.unpack(header)[0], deadline))


def _read_exactly(stream: IO[bytes], size: int, deadline: float | None) -> bytes:
    fd = stream.fileno()
    chunks: list[bytes] = []
    left = size
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise TimeoutError
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


# -- the helper process -----------------------------------------------------------------------------------


def _serve(memory: int) -> None:
    import resource

    import align.ingest.docx
    import align.ingest.html
    import align.ingest.pdf  # noqa: F401
    from align.corpus.reading import read_record  # imports the readers, before the limit is set

    baseline = _address_space()
    if memory and baseline:
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        wanted = baseline + memory
        resource.setrlimit(resource.RLIMIT_AS, (wanted if hard < 0 else min(wanted, hard), hard))
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            request = _receive(stdin, None)
        except EOFError:
            return
        try:
            reply: tuple[str, str] = read_record(*request)
        except MemoryError:
            reply = ("memory", "")
        _send(stdout, reply)
        if reply[0] == "memory":
            return  # a process that ran out of memory may be in any state: the next article gets a new one


def _address_space() -> int:
    """This process's virtual memory size now (bytes); 0 where /proc does not tell (no limit is set then:
    an address-space limit without the baseline would be a guess)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
