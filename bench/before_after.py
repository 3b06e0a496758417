"""Page data work of two checkouts of the dashboard on one extract, measured alternately.

    python -m bench.before_after --before /tmp/before --before-python /venv/bin/python \\
        --before-data /tmp/before/bench/data/10m --after-data bench/data/10m --rounds 3

The server stage's DuckDB way (`bench.run.worker`: every page's data function once per filter of
`bench.run.filter_set`, the result cache cleared) runs in a fresh process of each checkout, in
turn, `rounds` times: before, after, before, after, … On a shared, noisy machine the two sides
then see the same load, and the ratio of their medians says more than two runs hours apart.
Each side reads its data folder as its own code does (this checkout: the folder's lake).
Prints, per page, each side's median ms over every filter and round, and after / before.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.run import PAGES, REPO, filter_set


def run_side(python: str, repo: Path, folder: Path, filters: list[dict], cycles: int) -> dict:
    """One worker of the checkout at `repo` (its own `bench.run --worker`) on `folder`."""
    with tempfile.TemporaryDirectory() as tmp:
        spec, out = Path(tmp) / "spec.json", Path(tmp) / "out.json"
        spec.write_text(
            json.dumps({"way": "duckdb", "folder": str(folder), "filters": filters, "cycles": cycles, "dump": None})
        )
        env = {k: v for k, v in os.environ.items() if k != "DATA_DIR"} | {"PYTHONPATH": str(repo)}
        proc = subprocess.run(
            [python, "-m", "bench.run", "--worker", str(spec), str(out)],
            cwd=repo,
            env=env,
            timeout=1800,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"worker of {repo} failed:\n{proc.stdout}\n{proc.stderr}")
        result: dict = json.loads(out.read_text())
        return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, type=Path, help="the other checkout's folder")
    ap.add_argument("--before-python", required=True, help="a Python with the other checkout's pinned packages")
    ap.add_argument("--before-data", required=True, type=Path, help="the extract as the other checkout reads it")
    ap.add_argument("--after-data", required=True, type=Path, help="the extract as this checkout reads it")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--cycles", type=int, default=1, help="passes over the filter set per worker")
    args = ap.parse_args(argv)

    filters = filter_set(str(args.after_data))
    sides = {
        "before": (args.before_python, args.before.resolve(), args.before_data.resolve()),
        "after": (sys.executable, REPO, args.after_data.resolve()),
    }
    times: dict[str, dict[str, list[float]]] = {side: {p: [] for p in PAGES} for side in sides}
    loads: dict[str, list[float]] = {side: [] for side in sides}
    for r in range(args.rounds):
        for side, (python, repo, folder) in sides.items():
            res = run_side(python, repo, folder, filters, args.cycles)
            loads[side].append(res["load_s"])
            for page in PAGES:
                times[side][page] += res["times_ms"][page]
            medians = {p: round(statistics.median(res["times_ms"][p]), 1) for p in PAGES}
            print(f"round {r + 1} {side}: open {res['load_s']:.2f} s, median ms {medians}", flush=True)
    print("\n| page | before ms | after ms | after / before |\n|---|---:|---:|---:|")
    for page in PAGES:
        b, a = statistics.median(times["before"][page]), statistics.median(times["after"][page])
        print(f"| {page} | {b:.1f} | {a:.1f} | {a / b:.2f} |")
    b, a = statistics.median(loads["before"]), statistics.median(loads["after"])
    print(f"| (open, s) | {b:.2f} | {a:.2f} | {a / b:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
