"""The process that starts each measured command of ``bench speed`` and reports what the kernel says of it
(wall time, CPU time, peak RSS)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Runs each measured command and reports what the kernel says of it. A process's peak RSS (ru_maxrss) counts
# the memory of the process it was forked from until it called exec: forked from the benchmark itself (which
# has built and converted a 300 MB model), every command would report that much. This launcher is a fresh,
# small interpreter (no site packages), so the commands it starts carry only its few megabytes.
_LAUNCHER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    job = json.loads(line)
    with open(job["log"], "wb") as log:
        started = time.perf_counter()
        child = subprocess.Popen(job["argv"], stdout=subprocess.DEVNULL, stderr=log, env=job["env"])
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
    result = {"exit": os.waitstatus_to_exitcode(status), "wall": wall,
              "cpu": usage.ru_utime + usage.ru_stime, "maxrss_kb": usage.ru_maxrss}
    sys.stdout.write(json.dumps(result) + "\\n")
    sys.stdout.flush()
"""


class Launcher:
    """A small process that starts the measured commands (see ``_LAUNCHER``)."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-S", "-c", _LAUNCHER],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def run(self, argv: Sequence[str], env: dict[str, str], log: Path) -> dict[str, Any]:
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(json.dumps({"argv": list(argv), "env": env, "log": str(log)}) + "\n")
        self._process.stdin.flush()
        line = self._process.stdout.readline()
        if not line:
            raise RuntimeError("the benchmark's launcher process ended")
        result: dict[str, Any] = json.loads(line)
        return result

    def close(self) -> None:
        if self._process.stdin is not None:
            self._process.stdin.close()
        self._process.wait()
