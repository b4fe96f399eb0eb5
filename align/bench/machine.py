"""What a speed number was measured on: CPU model, cores, the instruction set and matrix-multiplication
backends CTranslate2 chose, and how busy the machine was."""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int  # logical CPUs this process may run on
    isa: str  # CTranslate2's choice, e.g. "AVX2"
    backends: str  # e.g. "SGEMM MKL, GEMM_S8 MKL"
    python: str
    ctranslate2: str

    def describe(self) -> str:
        return (
            f"{self.cpu}, {self.cores} cores; CTranslate2 {self.ctranslate2}: ISA {self.isa},"
            f" {self.backends}; Python {self.python}"
        )


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cpu_flags() -> set[str]:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    except OSError:
        pass
    return set()


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def load_average() -> float:
    """The 1-minute load average (runnable processes); 0.0 where the system does not say."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


_PROBE = "import ctranslate2, sys; ctranslate2.Translator(sys.argv[1], device='cpu')"


def ctranslate2_choices(model: Path, env: dict[str, str] | None = None) -> tuple[str, str, str]:
    """CTranslate2's version, its instruction set and its GEMM backends, as it logs them when it loads
    ``model`` (a converted model) in a fresh process."""
    environ = {**os.environ, **(env or {}), "CT2_VERBOSE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, str(model)], capture_output=True, text=True, env=environ, timeout=300
    )
    log = done.stdout + done.stderr
    isa = re.search(r"Selected ISA: (\S+)", log)
    backends = [f"{name} {backend}" for name, backend in re.findall(r"- (SGEMM|GEMM_S8) backend: (\S+)", log)]
    version = subprocess.run(
        [sys.executable, "-c", "import ctranslate2; print(ctranslate2.__version__)"],
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout.strip()
    return version or "?", isa.group(1) if isa else "unknown", ", ".join(backends) or "unknown"


def describe_machine(model: Path) -> Machine:
    version, isa, backends = ctranslate2_choices(model)
    return Machine(
        cpu=cpu_model(),
        cores=usable_cores(),
        isa=isa,
        backends=backends,
        python=sys.version.split()[0],
        ctranslate2=version,
    )
