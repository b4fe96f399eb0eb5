"""The README's Python example runs exactly as printed: the default model by its hub id, here a random-weight
model placed in an offline Hugging Face cache under that id (no real weights can be downloaded in tests)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT
from .test_hub_offline import place_in_hub_cache


def python_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## From Python\n", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.S)
    assert found, "no ```python block under ## From Python"
    return found.group(1)


def test_the_example_translates_then_scores_in_five_lines() -> None:
    code = python_example()
    lines = [line for line in code.splitlines() if line.strip() and not line.startswith(("import ", "from "))]
    assert len(lines) <= 5, lines
    assert "translate_article" in code and "score_against" in code


def test_the_readme_python_example_runs(tiny_model: Path, tmp_path: Path) -> None:
    hf_home = tmp_path / "hf"
    place_in_hub_cache(tiny_model, hf_home)
    env = {
        **os.environ,
        "HF_HOME": str(hf_home),
        "HF_HUB_OFFLINE": "1",
        "NEWSALIGN_HOME": str(tmp_path / "home"),
    }
    env.pop("NEWSALIGN_MODEL", None)
    done = subprocess.run(
        [sys.executable, "-c", python_example()],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    # sacrebleu's own line: its signature, then the score (near 0 with random weights)
    assert re.fullmatch(
        r"BLEU\|nrefs:1\|case:mixed\|eff:no\|tok:13a\|smooth:exp\|version:[\d.]+ = \d+\.\d+ .*\n", done.stdout
    ), done.stdout
