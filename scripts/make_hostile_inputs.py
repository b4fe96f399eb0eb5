"""Write the hostile-input set (``eval/hostile.py``) into a folder, and with ``--run`` run ``newsalign clean``
on each input the way ``tests/test_hostile.py`` does (standard output and error on pseudo-terminals, under a
10 s CPU-time limit) and print a Markdown table: exit code, CPU and wall seconds, peak resident memory, and
the first line the command wrote to stderr.

    python scripts/make_hostile_inputs.py OUT [--run]

The inputs are small on disk (the largest, the 20,000-page PDF, is 5 MB) whatever they inflate to.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval import hostile  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the inputs into")
    parser.add_argument("--run", action="store_true", help="run newsalign clean on each and print a table")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    written = hostile.write_inputs(args.out)
    print(f"{len(written)} inputs in {args.out}", file=sys.stderr)
    if not args.run:
        return
    cases = [
        {"name": path.name, "args": ["clean", str(path)], "env": {"NO_COLOR": "1", "COLUMNS": "300"}}
        for path in written
    ]
    with tempfile.TemporaryDirectory() as work:
        (Path(work) / "cases.json").write_text(json.dumps(cases), encoding="utf-8")
        env = {**os.environ, "PYTHONUTF8": "1"}
        runner = [sys.executable, str(ROOT / "tests" / "hostile_runner.py")]
        subprocess.run([*runner, f"{work}/cases.json", f"{work}/out.json"], check=True, env=env)
        results = json.loads((Path(work) / "out.json").read_text(encoding="utf-8"))
    print("| input | size | exit | CPU s | wall s | peak MB | says |")
    print("|---|---:|---:|---:|---:|---:|---|")
    for result in results:
        path = args.out / result["name"]
        size = path.stat().st_size if path.is_file() else 0
        said = (result["stderr"].strip().splitlines() or [f"({len(result['stdout'])} characters of text)"])[0]
        said = said.replace(str(args.out) + "/", "").replace("|", "\\|")
        print(
            f"| {result['name']} | {hostile_size(size)} | {result['exit']} | {result['cpu_s']:.2f} |"
            f" {result['wall_s']:.1f} | {result['rss_mb']:.0f} | {said} |"
        )


def hostile_size(n: int) -> str:
    for unit, size in (("MB", 10**6), ("kB", 1000)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} B"


if __name__ == "__main__":
    main()
