"""Run ``newsalign`` commands as a user at a terminal would, each under a CPU-time and memory limit.

``python tests/hostile_runner.py CASES.json RESULTS.json``: CASES is a list of ``{"name", "args", "stdin",
"env"}``. The runner imports the command line once, then forks one child per case (two cases at a time,
from two worker processes), so that a case costs what
the command itself costs. In the child, standard output and standard error are two pseudo-terminals (the
command really believes it writes to a terminal: ``isatty()`` is true, rich draws as on a terminal) in raw
mode (no line-ending translation: every byte read is a byte the command wrote), CPU time is limited with
``RLIMIT_CPU`` (the kernel stops a command that runs past it) and the address space with ``RLIMIT_AS`` (a
runaway cannot take the machine). The parent reads both terminals, stops a case that blocks past its wall
time, and records the exit status, what each terminal received, and the child's peak resident memory and CPU
time from ``wait4``.
"""

from __future__ import annotations

import contextlib
import json
import os
import pty
import resource
import select
import signal
import sys
import time
import tty
from typing import Any

CPU_SECONDS = 10  # the limit every case runs under (RLIMIT_CPU)
ADDRESS_SPACE = 16 << 30  # a safety net; the tests assert the peak resident memory, which is far lower
WALL_SECONDS = 120  # a case blocked (not computing) this long is stopped


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    terminals = [pty.openpty(), pty.openpty()]  # (master, slave) for stdout and stderr
    for _, slave in terminals:
        tty.setraw(slave)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        _child(case, terminals)
    for _, slave in terminals:
        os.close(slave)
    buffers = {master: bytearray() for master, _ in terminals}
    reading = set(buffers)
    killed = False
    while reading:
        ready, _, _ = select.select(sorted(reading), [], [], 1.0)
        for fd in ready:
            try:
                chunk = os.read(fd, 1 << 16)
            except OSError:  # EIO: every process that had the terminal open has closed it
                chunk = b""
            if chunk:
                buffers[fd] += chunk
            else:
                reading.discard(fd)
                os.close(fd)
        overdue = time.monotonic() - started - WALL_SECONDS
        if overdue > 0 and not killed:
            os.kill(pid, signal.SIGKILL)
            killed = True
        elif overdue > 10:  # something else still holds the terminal open
            break
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - started
    stdout, stderr = (bytes(buffers[master]) for master, _ in terminals)
    return {
        "name": case["name"],
        "exit": os.waitstatus_to_exitcode(status),
        "stdout": stdout.decode("utf-8", "replace"),
        "stderr": stderr.decode("utf-8", "replace"),
        "rss_mb": usage.ru_maxrss / 1024,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "wall_s": wall,
        "killed": killed,
    }


def _child(case: dict[str, Any], terminals: list[tuple[int, int]]) -> None:  # pragma: no cover
    code = 1
    try:
        for master, _ in terminals:
            os.close(master)
        os.dup2(terminals[0][1], 1)
        os.dup2(terminals[1][1], 2)
        stdin = os.open(case.get("stdin") or os.devnull, os.O_RDONLY)
        os.dup2(stdin, 0)
        resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 5))
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))
        os.environ.update(case.get("env") or {})
        sys.argv = ["newsalign", *case["args"]]
        from align.cli import run

        try:
            run()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


def main() -> None:
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    # What every command needs, imported once here so that each forked case pays only for its own work.
    import align.cli.main
    import align.ingest.docx
    import align.ingest.html
    import align.ingest.pdf
    import align.pipeline  # noqa: F401

    results = _in_two(cases, sys.argv[2] + ".second")
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump(results, handle, ensure_ascii=False, indent=1)


def _in_two(cases: list[dict[str, Any]], spill: str) -> list[dict[str, Any]]:
    """Every case, in two processes side by side (the machine has two cores or more; each case's CPU
    time and peak memory are its own either way), the results in the cases' order."""
    second = cases[1::2]
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the second worker
        try:
            with open(spill, "w", encoding="utf-8") as handle:
                json.dump([run_case(case) for case in second], handle, ensure_ascii=False)
        finally:
            os._exit(0)
    first = [run_case(case) for case in cases[0::2]]
    os.waitpid(pid, 0)
    with open(spill, encoding="utf-8") as handle:
        others = json.load(handle)
    os.unlink(spill)
    merged = []
    for index in range(len(cases)):
        merged.append(first[index // 2] if index % 2 == 0 else others[index // 2])
    return merged


if __name__ == "__main__":
    main()
