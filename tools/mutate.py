"""Mutation testing of the query layer (queries/*.sql) and the page-data layer (kcdash/pagedata.py,
kcdash/many.py).

A mutant changes one thing in one file: an aggregate (`sum` → `max`), a comparison (`>=` → `>`),
a join, a sort order, a ×100, a boolean. The tests are then run against a copy of the project
that holds the mutant; a test that fails "kills" it. A mutant that survives is a change no test
notices: either the tests assert too little there, or the change makes no difference (an
"equivalent" mutant, which the report lets a reader judge).

    .venv/bin/python -m tools.mutate [--sample 80] [--seed 12] [--jobs 2] [--out test-output/mutation]

Mutants are drawn deterministically (`--seed`) so two runs on the same files draw the same ones.
Tools like mutmut mutate Python only; SQL is where most of this project's logic lives, so this
small runner mutates both with the same operators and reports one score.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TARGETS = ("queries/*.sql", "kcdash/pagedata.py", "kcdash/many.py")
DEFAULT_TESTS = (
    "tests/test_queries.py",
    "tests/test_query_edges.py",
    "tests/test_pagedata.py",
    "tests/test_published.py",
)
COPY = ("kcdash", "queries", "data", "tests", "pyproject.toml")

# (name, pattern, replacement, the files it mutates: .sql, .py or both), applied one occurrence at a time
OPERATORS: tuple[tuple[str, str, str, str], ...] = (
    (">=→>", r" >= ", " > ", ".sql .py"),
    (">→>=", r" > ", " >= ", ".sql .py"),
    ("<→<=", r" < ", " <= ", ".sql .py"),
    ("<=→<", r" <= ", " < ", ".sql"),
    ("=→<>", r"(?<=[\w)\]]) = (?=[\w$(])", " <> ", ".sql"),
    ("==→!=", r" == ", " != ", ".py"),
    ("and→or", r" and ", " or ", ".sql .py"),
    ("not removed", r"\bnot ", "", ".py"),
    ("is null→is not null", r"\bis null\b", "is not null", ".sql"),
    ("True→False", r"\bTrue\b", "False", ".py"),
    ("100→10", r"\b100\b", "10", ".sql .py"),
    ("+→-", r" \+ ", " - ", ".py"),
    ("-→+", r" - ", " + ", ".sql .py"),
    ("/→*", r" / ", " * ", ".sql .py"),
    ("*→/", r" \* ", " / ", ".py"),
    ("sum→max", r"\bsum\(", "max(", ".sql"),
    ("max→min", r"\bmax\(", "min(", ".py"),
    ("count distinct→count", r"\bcount\(distinct ", "count(", ".sql"),
    ("coalesce(x, 0)→x", r"coalesce\(([\w.]+), 0\)", r"\1", ".sql"),
    ("desc→asc", r"\bdesc\b", "asc", ".sql"),
    ("ascending=False→True", r"ascending=False", "ascending=True", ".py"),
    ("tail→head", r"\.tail\(", ".head(", ".py"),
    ("left join→join", r"\bleft join\b", "join", ".sql"),
    ("how=left→inner", r'how="left"', 'how="inner"', ".py"),
)


def operators_for(suffix: str) -> list[tuple[str, str, str]]:
    """The operators that mutate a file ending in `suffix` (.py; anything else is read as SQL)."""
    kind = ".py" if suffix == ".py" else ".sql"
    return [(name, pattern, repl) for name, pattern, repl, kinds in OPERATORS if kind in kinds.split()]


@dataclass(frozen=True)
class Mutant:
    file: str
    line: int
    operator: str
    before: str
    after: str


@dataclass
class Outcome:
    mutant: Mutant
    killed: bool
    seconds: float


def _code_lines(path: Path) -> list[tuple[int, str]]:
    """(line number, text) of the lines that are code: no comments, no docstrings."""
    out: list[tuple[int, str]] = []
    in_doc = False
    for no, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = text.strip()
        if path.suffix == ".py":
            quotes = stripped.count('"""')
            if in_doc or stripped.startswith('"""'):
                if quotes == 1:
                    in_doc = not in_doc
                continue
            if stripped.startswith("#"):
                continue
        elif stripped.startswith("--"):
            continue
        out.append((no, text))
    return out


def mutants_of(path: Path, root: Path) -> list[Mutant]:
    operators = operators_for(path.suffix)
    found: list[Mutant] = []
    rel = str(path.relative_to(root))
    for no, text in _code_lines(path):
        code = text.split(" --", 1)[0] if path.suffix == ".sql" else text.split("  #", 1)[0]
        for name, pattern, repl in operators:
            for m in re.finditer(pattern, code):
                if name == "and→or" and "between" in code[: m.start()].lower():
                    continue  # `between a and b`: the mutant would only be a syntax error
                after = code[: m.start()] + m.expand(repl) + code[m.end() :] + text[len(code) :]
                found.append(Mutant(rel, no, name, text, after))
    return found


def _copy_project(dest: Path, root: Path) -> None:
    for name in COPY:
        src = root / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "versions", ".lock"))
        else:
            shutil.copy(src, dest / name)


def _run_tests(root: Path, tests: list[str], timeout: float) -> bool:
    """True when the tests pass in the copy at `root`."""
    env = {**os.environ, "PYTHONPATH": str(root), "DATA_DIR": str(root / "data")}
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-m", "not browser", *tests]
    try:
        done = subprocess.run(cmd, cwd=root, env=env, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return False
    return done.returncode == 0


def _apply(root: Path, mutant: Mutant) -> str:
    path = root / mutant.file
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    ending = "\n" if lines[mutant.line - 1].endswith("\n") else ""
    lines[mutant.line - 1] = mutant.after + ending
    path.write_text("".join(lines), encoding="utf-8")
    return original


def run(
    root: Path, targets: list[str], tests: list[str], sample: int, seed: int, jobs: int, timeout: float
) -> dict[str, object]:
    files = sorted({p for pattern in targets for p in root.glob(pattern) if p.is_file()})
    every = [m for f in files for m in mutants_of(f, root)]
    chosen = sorted(random.Random(seed).sample(every, min(sample, len(every))), key=lambda m: (m.file, m.line))
    workers = [Path(tempfile.mkdtemp(prefix=f"kc-mutate-{i}-")) for i in range(max(1, jobs))]
    try:
        for w in workers:
            _copy_project(w, root)
        if not _run_tests(workers[0], tests, timeout * 4):
            raise SystemExit("the tests fail without any mutant: fix them first")
        queue = list(chosen)
        outcomes: list[Outcome] = []

        def work(root: Path) -> None:
            while queue:
                try:
                    mutant = queue.pop()
                except IndexError:
                    return
                t0 = time.perf_counter()
                original = _apply(root, mutant)
                try:
                    killed = not _run_tests(root, tests, timeout)
                finally:
                    (root / mutant.file).write_text(original, encoding="utf-8")
                outcomes.append(Outcome(mutant, killed, round(time.perf_counter() - t0, 1)))
                mark = "killed  " if killed else "SURVIVED"
                print(f"{mark} {mutant.file}:{mutant.line} {mutant.operator}", flush=True)

        with ThreadPoolExecutor(len(workers)) as pool:
            for w in workers:
                pool.submit(work, w)
    finally:
        for w in workers:
            shutil.rmtree(w, ignore_errors=True)
    killed = sum(o.killed for o in outcomes)
    return {
        "targets": targets,
        "tests": tests,
        "mutants_possible": len(every),
        "mutants_run": len(outcomes),
        "killed": killed,
        "score_pct": round(100 * killed / len(outcomes), 1) if outcomes else None,
        "seed": seed,
        "survivors": [
            asdict(o.mutant) for o in sorted(outcomes, key=lambda o: (o.mutant.file, o.mutant.line)) if not o.killed
        ],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--target", action="append", help="glob of files to mutate (repeatable)")
    ap.add_argument("--tests", nargs="+", default=list(DEFAULT_TESTS))
    ap.add_argument("--sample", type=int, default=80)
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=180.0)
    ap.add_argument("--out", default="test-output/mutation")
    ap.add_argument("--root", default=str(REPO), help="the project to mutate (e.g. a worktree of an older commit)")
    args = ap.parse_args(argv)
    root = Path(args.root).resolve()
    tests = [t for t in args.tests if (root / t).exists()]
    result = run(root, list(args.target or DEFAULT_TARGETS), tests, args.sample, args.seed, args.jobs, args.timeout)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "mutation.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(
        f"score: {result['killed']}/{result['mutants_run']} killed ({result['score_pct']} %), "
        f"of {result['mutants_possible']} possible mutants; survivors in {out / 'mutation.json'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
