"""`make bench` / `make bench-quick`: the dashboard at national scale, on the server and in the browser.

Stages (`--stages`, default all; a partial run keeps the other stages' results in results.json):

- **server**: for each size (the bundled data, then generated national extracts of 100 thousand,
  1 million and 10 million activities, see `bench.generate_national`; each folder's lake made as
  `make run` makes it, `kcdash.first_snapshot`), in fresh subprocesses:
  the dashboard's way (`kcdash.db.get_database` on the lake, then every page's `kcdash.pagedata` function
  once per filter of `filter_set()`, result cache cleared: a filter change), the plain-pandas way
  (`bench.pandas_way`) and Polars' lazy scan of the same Parquet (`bench.polars_way`). Median and
  p95, peak RSS; `ratio` = pandas / ours, `polars_ratio` = Polars / ours. On the small sizes the
  three ways' page results are compared cell by cell.
- **browser**: every page in headless Chromium, on the bundled data and on 10 M rows, time from a
  filter change to the page drawn and the bytes sent, against a minimal Streamlit page of four
  Plotly charts (`bench.browser`, `bench/floor_app.py`).
- **cold**: `make run` → the overview drawn in Chromium, bundled data and 10 M rows.
- **load**: 20 concurrent browser sessions on 10 M rows: peak server memory, sessions drawn, log errors.
- **figures**: a 50-page report (.txt, .docx, a PDF with text) read and its figures proposed
  (`bench.figures`; target under 10 s each).

Writes `bench/results.json` and `bench/RESULTS.md` (with `bench/NOTES.md`) and prints the tables.

    python -m bench.run                       # everything (make bench)
    python -m bench.run --quick               # 100k rows, a short browser stage on the bundled data (one
                                              # server, the floor page once), each report format read once
    python -m bench.run --stages browser --browser-sizes 10m --browser-pages budget
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import pickle
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = REPO / "bench"
SIZES = {"bundled": None, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
QUICK_SIZES = ("100k",)
CHECK_SIZES = ("bundled", "100k")  # where the two ways' page results are compared cell by cell
PAGES = ("filters", "overview", "training", "budget", "clusters", "compare", "data_sources")
TARGETS_MS = {"bundled": 150, "1m": 300, "10m": 1000}
TARGET_RATIO_10M = 3.0
TARGET_RSS_MB_10M = 1536
TARGET_COLD_START_S = {"bundled": 5.0, "10m": 8.0}
TARGET_BROWSER_MS_10M = 1500
TARGET_FLOOR_RATIO = {"bundled": 1.2, "10m": 1.5}
TARGET_LOAD_RSS_MB = 2048
BROWSER_SIZES = ("bundled", "10m")
LOAD_SIZE = "10m"


# ---- the filter changes every page is timed over --------------------------------------------
def filter_set(folder: str) -> list[dict]:
    """Filter states as the app's sidebar produces them (provinces always listed, in display order).

    The first is the app's landing view (every province, every year); the rest are the changes
    an official makes: fewer years, the two provinces of the reports, one region, one fund,
    three crafts, two districts of one province, one activity category.
    """
    import duckdb

    con = duckdb.connect()
    try:
        q = lambda sql, *a: con.execute(sql, list(a)).fetchall()  # noqa: E731
        base = Path(folder)
        prov = [
            r[0]
            for r in q(
                "select province_code from read_csv(?, all_varchar=true) order by cast(display_order as integer), province_code",
                str(base / "provinces.csv"),
            )
        ]
        region = q("select province_code, region_vi from read_csv(?, all_varchar=true)", str(base / "provinces.csv"))
        acts = str(base / "activities.parquet")
        ymin, ymax = q("select min(year), max(year) from read_parquet(?)", acts)[0]
        crafts = [
            r[0]
            for r in q(
                "select craft_code from read_csv(?, all_varchar=true) order by craft_code", str(base / "crafts.csv")
            )
        ]
        first = prov[0]
        dists = [
            r[0]
            for r in q(
                "select district_code from read_csv(?, all_varchar=true) where province_code = ? "
                "order by district_code",
                str(base / "districts.csv"),
                first,
            )
        ]
    finally:
        con.close()
    regions: dict[str, list[str]] = {}
    for code, reg in region:
        regions.setdefault(reg or "", []).append(code)
    biggest = max(regions.values(), key=len)
    mid = (ymin + ymax) // 2
    two = [c for c in ("11", "95") if c in prov] or prov[:2]

    def f(provinces=prov, year_from=ymin, year_to=ymax, crafts=(), districts=(), activity_types=(), funds=()):
        order = {c: i for i, c in enumerate(prov)}
        return {
            "provinces": sorted(provinces, key=order.get),
            "year_from": int(year_from),
            "year_to": int(year_to),
            "crafts": list(crafts),
            "districts": list(districts),
            "activity_types": list(activity_types),
            "funds": list(funds),
        }

    return [
        f(),
        f(year_from=max(ymin, ymax - 9)),
        f(provinces=two, year_from=max(ymin, 2007), year_to=min(ymax, 2013)),
        f(provinces=biggest),
        f(funds=("kcqg",), year_from=min(ymin + 3, mid), year_to=max(ymax - 3, mid)),
        f(crafts=crafts[:3]),
        f(provinces=[first], districts=dists[:2]),
        f(activity_types=("nd45_1",)),
    ]


def warmup_filter(filters: list[dict]) -> dict:
    """A filter none of the timed ones uses (so the warm-up leaves nothing in the cache for them)."""
    w = dict(filters[0])
    w["year_to"] = w["year_from"]
    return w


def call_page(pagedata, page: str, f) -> dict:
    """Call a page's data function exactly as the page does (see pages/*.py); its parts by name."""
    if page == "filters":  # the shared sidebar: its options, and the districts of the chosen provinces
        options = pagedata.filter_options()
        return {**_parts(options), "district_options": pagedata.district_options(tuple(f.provinces))}
    if page == "clusters":
        return _parts(pagedata.clusters(f, "established", f.year_to))
    if page == "data_sources":
        return _parts(pagedata.data_sources(f, 1, 50))
    return _parts(getattr(pagedata, page)(f))


def _parts(page_data) -> dict:
    """A page's data (a dataclass of kcdash.pagetypes) as {part: value}, for comparing two ways."""
    return {f.name: getattr(page_data, f.name) for f in dataclasses.fields(page_data)}


# ---- workers (each size, each way, in its own process) --------------------------------------
def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def worker(way: str, folder: str, filters: list[dict], cycles: int, dump: str | None) -> dict:
    os.environ["DATA_DIR"] = folder
    sys.path.insert(0, str(REPO))
    from kcdash import data, pagedata

    t0 = time.perf_counter()
    if way == "duckdb":
        from kcdash.db import get_database

        db = get_database()
        extra = {"files": {k: v[1] for k, v in db.files.items()}, "prepared": db.prepared is not None}
    else:
        from bench.pandas_way import PandasWay

        if way == "polars":
            from bench.polars_way import PolarsWay

            pw: PandasWay = PolarsWay(folder)
        else:
            pw = PandasWay(folder)
        data.run = pw.run  # the pages' data functions now run on pandas (or Polars), uncached
        data.data_version = pw.data_version
        extra = {}
    load_s = time.perf_counter() - t0
    rss_after_load = peak_rss_mb()

    Filters = data.Filters
    for page in PAGES:  # warm-up: imports, first-use costs; a filter no timed run uses
        data.clear_cache()
        call_page(pagedata, page, Filters(**_tuples(warmup_filter(filters))))
    times: dict[str, list[float]] = {p: [] for p in PAGES}
    outputs: dict[str, list] = {p: [] for p in PAGES}
    for cycle in range(cycles):
        for fd in filters:
            f = Filters(**_tuples(fd))
            for page in PAGES:
                data.clear_cache()  # a filter change: nothing of this filter is cached
                t = time.perf_counter()
                out = call_page(pagedata, page, f)
                times[page].append((time.perf_counter() - t) * 1000)
                if dump and cycle == 0:
                    outputs[page].append(out)
    if dump:
        with open(dump, "wb") as fh:
            pickle.dump(outputs, fh)
    return {
        "way": way,
        "load_s": load_s,
        "rss_after_load_mb": rss_after_load,
        "peak_rss_mb": peak_rss_mb(),
        "times_ms": times,
        **extra,
    }


def _tuples(fd: dict) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in fd.items()}


def run_worker(way: str, folder: Path, filters: list[dict], cycles: int, dump: Path | None, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        spec, out = Path(tmp) / "spec.json", Path(tmp) / "out.json"
        spec.write_text(
            json.dumps(
                {
                    "way": way,
                    "folder": str(folder),
                    "filters": filters,
                    "cycles": cycles,
                    "dump": str(dump) if dump else None,
                }
            )
        )
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        env.pop("DATA_DIR", None)
        proc = subprocess.run(
            [sys.executable, "-m", "bench.run", "--worker", str(spec), str(out)],
            cwd=REPO,
            env=env,
            timeout=timeout,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"{way} worker on {folder} failed:\n{proc.stdout}\n{proc.stderr}")
        return json.loads(out.read_text())


# ---- comparing the two ways' results --------------------------------------------------------
def compare_outputs(a: dict, b: dict) -> list[str]:
    """Differences between the DuckDB and pandas page outputs (empty: the same results)."""
    import pandas as pd

    problems = []
    for page in a:
        for i, (x, y) in enumerate(zip(a[page], b[page], strict=True)):
            for key in x:
                where = f"{page}[filter {i}][{key}]"
                if key not in y:
                    problems.append(f"{where}: missing in the pandas way")
                    continue
                if isinstance(x[key], pd.DataFrame):
                    msg = _frame_diff(x[key], y[key])
                    if msg:
                        problems.append(f"{where}: {msg}")
                elif x[key] != y[key]:  # a count, a year bound, the data version
                    problems.append(f"{where}: {x[key]!r} != {y[key]!r}")
    return problems


def _text(s, digits: int):
    """A column as comparable text (a NumPy array of str): numbers to `digits` significant digits,
    booleans as True/False, missing as ''. NumPy, not pandas, per column: a check compares
    thousands of small frames, where pandas' own cost per call would be most of the time."""
    import numpy as np
    import pandas as pd

    missing = s.isna().to_numpy()
    if pd.api.types.is_bool_dtype(s) or (
        s.dtype == object
        and not missing.all()
        and all(type(v).__name__ in ("bool", "bool_") for v in s.to_numpy(dtype=object)[~missing])
    ):
        text = np.array([str(bool(v)) for v in s.to_numpy(dtype=object, na_value=False)], dtype=str)
    elif pd.api.types.is_numeric_dtype(s):
        text = np.char.mod(f"%.{digits}g", pd.to_numeric(s).astype("float64").to_numpy())
    else:
        text = np.array([str(v) for v in s.to_numpy(dtype=object)], dtype=str)
    return np.where(missing, "", text)


def _sources_sorted(text):
    """A `source` column with each cell's sources in order (string_agg(distinct …) has none)."""
    import numpy as np

    return np.array(["; ".join(sorted(v.split("; "))) for v in text], dtype=str)


def _norm(df, digits: int) -> dict:
    """column -> its `_text`, sources sorted."""
    out = {col: _text(df[col], digits) for col in df.columns}
    if "source" in out:
        out["source"] = _sources_sorted(out["source"])
    return out


def _frame_diff(x, y) -> str | None:
    import numpy as np
    import pandas as pd

    if list(x.columns) != list(y.columns):
        return f"columns differ: {list(x.columns)} vs {list(y.columns)}"
    if len(x) != len(y):
        return f"{len(x)} rows vs {len(y)}"
    if x.empty:
        return None
    cols = list(x.columns)
    # ties in ORDER BY may come out either way: sort both by a coarse text form of every cell
    kx, ky = _norm(x, 4), _norm(y, 4)
    x = x.iloc[np.lexsort([kx[c] for c in reversed(cols)])].reset_index(drop=True)
    y = y.iloc[np.lexsort([ky[c] for c in reversed(cols)])].reset_index(drop=True)
    numbers = [c for c in cols if pd.api.types.is_numeric_dtype(x[c]) and not pd.api.types.is_bool_dtype(x[c])]
    nx, ny = _norm(x[[c for c in cols if c not in numbers]], 12), _norm(y[[c for c in cols if c not in numbers]], 12)
    for col in cols:
        a, b = x[col], y[col]
        if col in numbers:
            fa = pd.to_numeric(a).astype("float64").to_numpy()
            fb = pd.to_numeric(b).astype("float64").to_numpy()
            bad = ~np.isclose(fa, fb, rtol=1e-6, atol=1e-9, equal_nan=True)
        else:
            bad = nx[col] != ny[col]
        if bad.any():
            i = int(np.argmax(bad))
            return f"row {i} differs in {col}: {a.iloc[i]!r} vs {b.iloc[i]!r}"
    return None


# ---- results --------------------------------------------------------------------------------
def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, math.ceil(q * len(s)) - 1)]


def rows_of(size: str, folder: Path) -> int:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return int(manifest["rows"]["activities"])


def build_rows(size: str, rows: int, duck: dict, pan: dict | None, pol: dict | None) -> list[dict]:
    out = []
    for page in PAGES:
        d = duck["times_ms"][page]
        p = pan["times_ms"][page] if pan else []
        med = statistics.median(d)
        pmed = statistics.median(p) if p else None
        polmed = statistics.median(pol["times_ms"][page]) if pol else None
        out.append(
            {
                "size": size,
                "rows": rows,
                "page": page,
                "median_ms": round(med, 1),
                "p95_ms": round(pct(d, 0.95), 1),
                "pandas_median_ms": None if pmed is None else round(pmed, 1),
                "ratio": round(pmed / med, 1) if pmed is not None and med else None,
                "peak_rss_mb": round(duck["peak_rss_mb"]),
                "runs": len(d),
                "pandas_runs": len(p),
                "pandas_p95_ms": round(pct(p, 0.95), 1) if p else None,
                "pandas_peak_rss_mb": round(pan["peak_rss_mb"]) if pan else None,
                "polars_median_ms": None if polmed is None else round(polmed, 1),
                "polars_ratio": None if polmed is None or not med else round(polmed / med, 2),
                "polars_peak_rss_mb": round(pol["peak_rss_mb"]) if pol else None,
            }
        )
    return out


def check_targets(
    results: list[dict],
    sizes: list[dict],
    cold: dict[str, float],
    browser: list[dict] | None = None,
    load: dict | None = None,
) -> list[str]:
    """Targets missed, each as a sentence (empty: all met)."""
    missed = []
    for r in results:
        ratio = r.get("polars_ratio")
        if r["size"] == "10m" and r["page"] != "filters" and ratio is not None and ratio < 1:
            missed.append(f"10m {r['page']}: Polars way {r['polars_ratio']}x our time (< 1: Polars is faster)")
    for b in browser or []:
        if b["page"] in ("floor", "server_log_errors"):
            if b["page"] == "server_log_errors":
                missed.append(f"browser {b['size']}: errors in the server log")
            continue
        if b.get("failed"):
            missed.append(f"browser {b['size']} {b['page']}: a change did not finish drawing ({b['failed'][0]})")
        if b["median_ms"] is None:
            continue
        if b["size"] == "10m" and b["median_ms"] > TARGET_BROWSER_MS_10M:
            missed.append(f"browser 10m {b['page']}: median {b['median_ms']} ms > {TARGET_BROWSER_MS_10M} ms")
        limit = TARGET_FLOOR_RATIO.get(b["size"])
        if limit and b["ratio_to_floor"] is not None and b["ratio_to_floor"] > limit:
            missed.append(f"browser {b['size']} {b['page']}: {b['ratio_to_floor']}x the floor > {limit}x")
    for size, limit_s in TARGET_COLD_START_S.items():
        if cold.get(size) is not None and cold[size] > limit_s:
            missed.append(f"cold start {size} {cold[size]:.2f} s > {limit_s} s")
    if load:
        if load.get("peak_server_rss_mb", 0) > TARGET_LOAD_RSS_MB:
            missed.append(f"load: peak server memory {load['peak_server_rss_mb']} MB > {TARGET_LOAD_RSS_MB} MB")
        if load.get("drawn_without_error") != load.get("sessions"):
            missed.append(f"load: {load.get('drawn_without_error')} of {load.get('sessions')} sessions drawn")
        if load.get("server_log_errors"):
            missed.append("load: errors in the server log")
    for r in results:
        limit = TARGETS_MS.get(r["size"])
        if r["page"] == "filters":
            continue  # the sidebar's options are cached once per data version; shown, not a page
        if limit and r["median_ms"] > limit:
            missed.append(f"{r['size']} {r['page']}: median {r['median_ms']} ms > {limit} ms")
        if r["size"] == "10m" and r["ratio"] is not None and r["ratio"] < TARGET_RATIO_10M:
            missed.append(f"10m {r['page']}: {r['ratio']}x faster than pandas < {TARGET_RATIO_10M}x")
    for s in sizes:
        if s["size"] == "10m" and s["peak_rss_mb"] > TARGET_RSS_MB_10M:
            missed.append(f"10m peak RSS {s['peak_rss_mb']} MB > {TARGET_RSS_MB_10M} MB")
    return missed


def table(results: list[dict], sizes: list[dict], cold: dict[str, float]) -> str:
    lines = [
        "| rows | page | median ms | p95 ms | pandas median ms | × faster | Polars median ms | polars_ratio "
        "| peak RSS MB | pandas peak RSS MB |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        pol = "" if r.get("polars_median_ms") is None else f"{r['polars_median_ms']:.1f}"
        pan = "not run" if r.get("pandas_median_ms") is None else f"{r['pandas_median_ms']:.1f}"
        lines.append(
            f"| {r['rows']:,} | {r['page']} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | {pan} "
            f"| {r['ratio']} | {pol} | {r.get('polars_ratio') or ''} | {r['peak_rss_mb']} | {r['pandas_peak_rss_mb']} |"
        )
    lines += [
        "",
        "| rows | open s (DuckDB: prepared cube or validation + cube) | pandas load s | generate s |",
        "|---:|---:|---:|---:|",
    ]
    for s in sizes:
        gen = "" if s.get("generate_s") is None else f"{s['generate_s']:.1f}"
        pl_s = "not run" if s.get("pandas_load_s") is None else f"{s['pandas_load_s']:.2f}"
        lines.append(f"| {s['rows']:,} | {s['load_s']:.2f} | {pl_s} | {gen} |")
    lines.append("")
    for size, secs in cold.items():
        lines.append(f"Cold start (`make run` → overview drawn in headless Chromium), {size}: {secs:.2f} s  ")
    return "\n".join(lines)


def browser_table(entries: list[dict]) -> str:
    lines = [
        "| rows | page | median ms | p95 ms | year step ms | province ms | last message ms | floor ms | × floor "
        "| bytes (median) | changes |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for b in entries:
        if b["page"] == "server_log_errors":
            lines.append(f"| {b['rows']:,} | errors in the server log | {len(b['lines'])} lines |||||||")
            continue
        if b["median_ms"] is None:
            lines.append(f"| {b['rows']:,} | {b['page']} | did not finish drawing: {'; '.join(b['failed'])} |||||||")
            continue
        lines.append(
            f"| {b['rows']:,} | {b['page']} | {b['median_ms']} | {b['p95_ms']} | {b['year_median_ms']} "
            f"| {b['province_median_ms']} | {b.get('last_message_median_ms', '')} | {b['floor_ms']} "
            f"| {b['ratio_to_floor']} | {b['bytes']:,} | {b['changes']} |"
        )
    return "\n".join(lines)


def load_text(load: dict) -> str:
    return (
        f"{load['sessions']} concurrent sessions on {load['rows']:,} records: {load['drawn_without_error']} drawn "
        f"without error, peak server memory {load['peak_server_rss_mb']} MB, all opened in {load['open_all_s']} s, "
        f"{len(load['server_log_errors'])} error lines in the server log."
    )


STAGES = ("server", "browser", "cold", "load", "figures")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="100k rows only, one cycle, no targets (make bench-quick)")
    ap.add_argument("--sizes", default=None, help="server stage: comma-separated subset of " + ",".join(SIZES))
    ap.add_argument("--stages", default=None, help="comma-separated subset of " + ",".join(STAGES) + " (others kept)")
    ap.add_argument("--cycles", type=int, default=None, help="passes over the filter set (DuckDB way)")
    ap.add_argument("--pandas-cycles", type=int, default=1, help="passes over the filter set (pandas, Polars ways)")
    ap.add_argument("--cold-runs", type=int, default=None, help="cold starts per size to take the median of")
    ap.add_argument("--browser-sizes", default=None, help="browser stage sizes (default bundled,10m; quick: bundled)")
    ap.add_argument("--browser-changes", type=int, default=None, help="filter changes per page (default 8; quick 2)")
    ap.add_argument("--browser-pages", default=None, help="comma-separated pages (default all)")
    ap.add_argument("--sessions", type=int, default=20, help="load stage: concurrent browser sessions")
    ap.add_argument("--skip-pandas", default="", help="server stage: sizes to run without the pandas way")
    ap.add_argument("--out", default=None, help="folder for results.json and RESULTS.md (default bench/)")
    ap.add_argument("--worker", nargs=2, metavar=("SPEC", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.worker:
        spec = json.loads(Path(args.worker[0]).read_text())
        res = worker(spec["way"], spec["folder"], spec["filters"], spec["cycles"], spec["dump"])
        Path(args.worker[1]).write_text(json.dumps(res))
        return 0

    sys.path.insert(0, str(REPO))
    from bench import browser as web
    from bench.generate_national import BENCH_DATA, generate
    from kcdash import first_snapshot

    t_start = time.perf_counter()
    stages = (
        args.stages.split(",")
        if args.stages
        else (["server", "browser", "cold", "figures"] if args.quick else list(STAGES))
    )
    sizes = args.sizes.split(",") if args.sizes else list(QUICK_SIZES if args.quick else SIZES)
    cycles = args.cycles or (1 if args.quick else 2)
    cold_runs = args.cold_runs if args.cold_runs is not None else (1 if args.quick else 3)
    browser_sizes = (
        args.browser_sizes.split(",") if args.browser_sizes else (["bundled"] if args.quick else list(BROWSER_SIZES))
    )
    changes = args.browser_changes or (2 if args.quick else 8)
    out_dir = Path(args.out) if args.out else BENCH
    out_dir.mkdir(parents=True, exist_ok=True)
    log_dir = REPO / "test-output" / "bench-logs"
    previous: dict = {}
    if args.stages and (out_dir / "results.json").exists():  # a partial run keeps the other stages' results
        previous = json.loads((out_dir / "results.json").read_text(encoding="utf-8"))

    def folder_of(size: str) -> Path:
        """The size's data folder with its lake made (`make run` would make it): the dashboard's
        way reads the lake, the pandas and Polars ways the folder's files."""
        folder = REPO / "data" if SIZES[size] is None else generate(SIZES[size], BENCH_DATA / size)
        print(first_snapshot.ensure(str(folder)).message, flush=True)
        return folder

    results, size_info, mismatches = previous.get("results", []), previous.get("sizes", []), []
    if "server" in stages:  # sizes not run keep their previous rows
        results = [r for r in results if r["size"] not in sizes]
        size_info = [r for r in size_info if r["size"] not in sizes]
        for size in sizes:
            t0 = time.perf_counter()
            folder = folder_of(size)
            gen_s = None if SIZES[size] is None else time.perf_counter() - t0
            filters = filter_set(str(folder))
            check = size in CHECK_SIZES
            with tempfile.TemporaryDirectory() as tmp:
                names = ("duckdb", "pandas", "polars")
                dumps = {w: (Path(tmp) / f"{w}.pkl" if check else None) for w in names}
                print(f"[{size}] DuckDB way …", flush=True)
                duck = run_worker("duckdb", folder, filters, cycles, dumps["duckdb"], timeout=900)
                pan = None
                if size not in args.skip_pandas.split(","):
                    print(f"[{size}] pandas way …", flush=True)
                    pan = run_worker("pandas", folder, filters, args.pandas_cycles, dumps["pandas"], timeout=1800)
                print(f"[{size}] Polars way …", flush=True)
                pol = run_worker("polars", folder, filters, args.pandas_cycles, dumps["polars"], timeout=900)
                if check:
                    for other in ("pandas", "polars") if pan else ("polars",):
                        with open(dumps["duckdb"], "rb") as a, open(dumps[other], "rb") as b:
                            found = compare_outputs(pickle.load(a), pickle.load(b))  # noqa: S301 (our own temp files)
                            mismatches += [f"{size} {other}: {m}" for m in found]
            n = rows_of(size, folder)
            results += build_rows(size, n, duck, pan, pol)
            size_info.append(
                {
                    "size": size,
                    "rows": n,
                    "load_s": round(duck["load_s"], 2),
                    "pandas_load_s": round(pan["load_s"], 2) if pan else None,
                    "polars_load_s": round(pol["load_s"], 2),
                    "peak_rss_mb": round(duck["peak_rss_mb"]),
                    "rss_after_load_mb": round(duck["rss_after_load_mb"]),
                    "pandas_peak_rss_mb": round(pan["peak_rss_mb"]) if pan else None,
                    "generate_s": None if gen_s is None else round(gen_s, 1),
                    "files": duck.get("files"),
                    "prepared": duck.get("prepared"),
                }
            )

    browser_entries = previous.get("browser", [])
    if "browser" in stages:
        bsizes = {}
        for size in browser_sizes:
            folder = folder_of(size)
            bsizes[size] = (None if SIZES[size] is None else str(folder), rows_of(size, folder))
        pages = args.browser_pages.split(",") if args.browser_pages else None
        browser_entries = web.browser_stage(
            bsizes, changes, log_dir, pages, fresh_server=not args.quick, floor_per_page=not args.quick
        )

    cold: dict[str, float] = previous.get("cold_start_s") or {}
    cold_all: dict[str, list[float]] = previous.get("cold_start_runs_s") or {}
    if not isinstance(cold, dict):
        cold, cold_all = {}, {}
    if "cold" in stages and cold_runs:
        cold, cold_all = {}, {}
        for size in ["bundled"] if args.quick else list(BROWSER_SIZES):
            folder = folder_of(size)
            print(f"cold start {size} …", flush=True)
            runs = [
                round(web.cold_start(None if SIZES[size] is None else str(folder), log_dir), 2)
                for _ in range(cold_runs)
            ]
            cold_all[size] = runs
            cold[size] = statistics.median(runs)

    report_figures = previous.get("figures")
    if "figures" in stages:
        from bench import figures

        print("figures: a 50-page report read and its figures proposed …", flush=True)
        report_figures = figures.stage(web.CHROMIUM, runs=1 if args.quick else 3)

    load = previous.get("load")
    if "load" in stages:
        folder = folder_of(LOAD_SIZE)
        print(f"load: {args.sessions} sessions on {LOAD_SIZE} …", flush=True)
        load = {"size": LOAD_SIZE, "rows": rows_of(LOAD_SIZE, folder)}
        load |= web.load_test(str(folder), log_dir, sessions=args.sessions)

    import duckdb
    import pandas as pd

    missed = [] if args.quick else check_targets(results, size_info, cold, browser_entries, load)
    if report_figures and not args.quick:
        from bench import figures

        missed += figures.missed(report_figures)
    doc = {
        "cold_start_s": cold,
        "results": results,
        "browser": browser_entries,
        "load": load,
        "figures": report_figures,
        "cold_start_runs_s": cold_all,
        "sizes": size_info,
        "filters": [
            "every province, every year (the app's landing view)",
            "every province, the last 10 years",
            "Điện Biên + Bạc Liêu, 2007–2013",
            "the largest region",
            "fund kcqg, years trimmed by 3 at each end",
            "three crafts",
            "two districts of the first province",
            "activity category nd45_1",
        ],
        "cycles": cycles,
        "pandas_cycles": args.pandas_cycles,
        "browser_changes": changes,
        "mismatches": mismatches if "server" in stages else previous.get("mismatches", []),
        "targets_missed": missed,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "duckdb": duckdb.__version__,
            "pandas": pd.__version__,
            "polars": _version("polars"),
            "chromium": web.CHROMIUM,
            "platform": platform.platform(),
        },
        "total_s": round(time.perf_counter() - t_start, 1) + (previous.get("total_s") or 0 if args.stages else 0),
    }
    (out_dir / "results.json").write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    text = table(results, size_info, cold)
    if browser_entries:
        text += "\n\n### In the browser\n\n" + browser_table(browser_entries)
    if load:
        text += "\n\n" + load_text(load)
    if report_figures:
        from bench import figures

        text += "\n\n" + figures.text_of(report_figures)
    (out_dir / "RESULTS.md").write_text(render_md(doc, text), encoding="utf-8")
    print(text)
    if doc["mismatches"]:
        print("\nThe ways disagree (fix bench/pandas_way.py, bench/polars_way.py or the query):")
        print("\n".join(doc["mismatches"][:20]))
    if missed:
        print("\nTargets missed:\n" + "\n".join(missed))
    print(f"\ntotal {doc['total_s']:.0f} s; wrote {out_dir / 'results.json'} and {out_dir / 'RESULTS.md'}")
    return 1 if doc["mismatches"] else 0


def _version(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None


def render_md(doc: dict, text: str) -> str:
    notes = BENCH / "NOTES.md"  # the hand-written analysis, kept beside the generated numbers
    head = [
        "# Benchmark results",
        "",
        f"Generated by `make bench` (`python -m bench.run`; stages: server, browser, cold, load) on "
        f"{doc['machine']['cpus']} CPUs, DuckDB {doc['machine']['duckdb']}, pandas {doc['machine']['pandas']}, "
        f"Polars {doc['machine'].get('polars')}, Python {doc['machine']['python']}; last run {doc['total_s']:.0f} s.",
        "",
        "Server time of one page's data work after a filter change (`kcdash.pagedata`, result cache cleared), "
        f"over {len(doc['filters'])} filter states × {doc['cycles']} passes; pandas way: same page functions over "
        f"pandas frames, {doc['pandas_cycles']} pass; Polars way: the same with Polars' lazy scan of the same "
        "Parquet (`bench/polars_way.py`), `polars_ratio` = Polars time / ours (≥ 1: we are faster). `filters` "
        "is the sidebar's options (cached once per data version in the app; shown, not a target).",
        "",
        "In the browser (`bench/browser.py`): each page on a server of its own started as `make run` does, "
        f"{doc.get('browser_changes')} filter changes (year-slider step, province removed / chosen again, "
        "alternating, each to a state not seen before), timed from the key press or click to the last DOM change "
        "before the page is quiet (no status widget, no stale element, every Plotly chart rendered, no DOM change "
        "or websocket message for 0.6 s); bytes = websocket frames the server sent (DevTools "
        "`Network.webSocketFrameReceived`); floor = a minimal Streamlit page of four Plotly charts "
        "(`bench/floor_app.py`) measured the same way just before each page (its `floor ms` in the page's row; "
        "the floor row: every floor change of the size), so each page is compared with the floor of its own minute.",
        "",
        text,
        "",
        "Targets: " + ("all met." if not doc["targets_missed"] else "missed: " + "; ".join(doc["targets_missed"])),
        "",
        "Results of the three ways compared cell by cell on "
        + ", ".join(CHECK_SIZES)
        + ": "
        + ("identical." if not doc["mismatches"] else f"{len(doc['mismatches'])} differences (see results.json)."),
    ]
    if notes.exists():
        head += ["", notes.read_text(encoding="utf-8").strip()]
    return "\n".join(head) + "\n"


if __name__ == "__main__":
    sys.exit(main())
