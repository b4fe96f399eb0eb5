"""Smoke test of an installed newsalign (a wheel, not the checkout): every command once, from a directory of
its own, with a random-weight model and the shipped samples and test sets. No network is needed.

    cd "$(mktemp -d)" && python /path/to/checkout/scripts/smoke_wheel.py [--skip-bench-speed]

Each step checks the exit code and something in the output; the first failure stops the run with exit 1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-bench-speed", action="store_true", help="leave out `bench speed` (a minute)")
    args = parser.parse_args(argv)

    import align

    where = Path(align.__file__).resolve()
    if CHECKOUT in where.parents or Path.cwd().resolve() in (CHECKOUT, *CHECKOUT.parents):
        print(f"smoke_wheel: align is imported from {where} (cwd {Path.cwd()}): run it outside the checkout")
        return 1
    print(f"newsalign {align.__version__} from {where.parent}")

    work = Path(tempfile.mkdtemp(prefix="newsalign-smoke-"))
    env = {**os.environ, "NEWSALIGN_HOME": str(work / "home"), "HF_HUB_OFFLINE": "1", "NO_COLOR": "1"}
    env.pop("NEWSALIGN_DATA", None)  # the shipped test sets, nothing else

    def run(*command: str, expect: int = 0, check: Callable[[str, str], bool] | None = None) -> str:
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=work, check=False)
        seconds = time.perf_counter() - started
        ok = done.returncode == expect and (check is None or check(done.stdout, done.stderr))
        print(f"{'ok  ' if ok else 'FAIL'} {seconds:6.1f} s  {' '.join(command)}")
        if not ok:
            print(f"exit code {done.returncode} (expected {expect})\n--- stdout\n{done.stdout[-3000:]}")
            print(f"--- stderr\n{done.stderr[-3000:]}")
            raise SystemExit(1)
        return done.stdout

    # the console script of the environment this runs in (an unactivated venv too)
    script = Path(sys.executable).with_name("newsalign")
    na = [str(script) if script.is_file() else "newsalign"]
    run(*na, "--version", check=lambda out, _: out.startswith("newsalign "))
    run(*na, "--help", check=lambda out, _: "translate" in out and "samples" in out)
    run(sys.executable, "-m", "align", "--help", check=lambda out, _: "translate" in out)

    listed = run(*na, "samples", "list", check=lambda out, _: "bannon-brexit\tar\t" in out)
    assert "macedonia-referendum.en" in listed
    seed = run(*na, "samples", "path", "bannon-brexit").strip()
    clean = run(*na, "samples", "path", "macedonia-referendum").strip()
    english = run(*na, "samples", "path", "macedonia-referendum.en").strip()
    for path in (seed, clean, english):
        if not Path(path).is_file() or CHECKOUT in Path(path).resolve().parents:
            print(f"FAIL sample {path} is not a packaged file")
            return 1
    run(
        *na,
        "samples",
        "show",
        "macedonia-referendum",
        check=lambda out, _: out == Path(clean).read_text("utf-8"),
    )

    model = work / "model"
    run(sys.executable, "-m", "align.testing.random_model", str(model), "--max-length", "24")
    assert (model / "config.json").is_file()
    run(*na, "models", "random", str(work / "model-2"), "--seed", "1", check=lambda out, _: "model-2" in out)
    m = ["-m", str(model)]

    doc = work / "seed.json"
    run(
        *na,
        "translate",
        seed,
        *m,
        "-o",
        str(doc),
        check=lambda _, err: "Translated " in err and "newsalign:" in err,
    )
    data = json.loads(doc.read_text(encoding="utf-8"))
    assert data["paragraphs"] and all("segments" in p for p in data["paragraphs"])
    run(*na, "translate", clean, *m, "-q", check=lambda out, _: out.count("\n\n") == 2)
    run(*na, "clean", seed, "--report", check=lambda out, _: "Repair report" in out)
    run(*na, "clean", seed, check=lambda out, _: "\u0640" not in out and "\n\n" in out)  # tatweel removed

    html = work / "review.html"
    run(*na, "review", str(doc), "--html", str(html))
    assert 'dir="rtl"' in html.read_text(encoding="utf-8")
    for suffix, marker in (
        (".tmx", "<tmx"),
        (".xlf", "<xliff"),
        (".tsv", "\t"),
        (".jsonl", '"source"'),
        (".txt", ""),
    ):
        out = work / f"seed{suffix}"
        run(*na, "export", str(doc), "-o", str(out))
        assert out.stat().st_size > 0 and marker in out.read_text(encoding="utf-8"), suffix

    # scoring against a shipped test set: the English side scored against itself is 100
    hyp = work / "ntrex.en.txt"
    code = (
        "from align.datasets import load_test_set as t; "
        "print('\\n'.join(s for d in t('ntrex128', side='reference') for s in d))"
    )
    hyp.write_text(run(sys.executable, "-c", code), encoding="utf-8")
    run(*na, "score", str(hyp), "-r", "ntrex128", check=lambda out, _: "BLEU|" in out and "= 100.0" in out)
    run(*na, "score", str(doc), "-r", str(doc), check=lambda out, _: "chrF2|" in out and "= 100.0" in out)

    run(*na, "qa", str(doc), check=lambda _, err: "flag" in err or "segment" in err)
    pairs = work / "pairs.tsv"

    # A random model's English matches nothing, so pair must refuse (exit 2, one line, no file) after having
    # read, translated and aligned both texts; a trained model pairs them.
    def refused(_: str, err: str) -> bool:
        return "well enough to pair" in err and err.count("\n") == 1

    run(*na, "pair", clean, english, *m, "-o", str(pairs), "-q", expect=2, check=refused)
    assert not pairs.exists()

    report = work / "quality"
    run(
        *na, "bench", "quality", "--testset", "flores200", *m, "--limit", "20", "-o", str(report),
        check=lambda out, _: out.startswith("# Quality on flores200_devtest (20 documents"),
    )  # fmt: skip
    assert {p.name for p in report.iterdir()} >= {"quality.json", "quality.md", "quality.html"}

    articles = work / "articles"
    articles.mkdir()
    for name, path in (("seed", seed), ("clean", clean), ("clean-copy", clean)):
        (articles / f"{name}.txt").write_bytes(Path(path).read_bytes())
    corpus = work / "corpus"
    run(*na, "translate-corpus", str(articles), str(corpus), *m, "--executor", "local", "--workers", "1")
    assert len(list((corpus / "documents").iterdir())) == 3

    run(*na, "models", "list")
    if not args.skip_bench_speed:
        run(
            *na, "bench", "speed", "--shape", "tiny", "--repeat", "1", "--threads", "1",
            "--only", "default,cli",
            check=lambda out, _: "Workload: bannon-brexit.ar.txt" in out,
        )  # fmt: skip
    print("smoke_wheel: every command ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
