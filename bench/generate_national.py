"""Deterministic national-scale extract for the benchmark: 63 provinces, 20 years, N activities.

Writes a data folder that `kcdash.db.Database(folder)` loads unchanged (validation included):
reference tables as CSV, activities and clusters as Parquet typed by the data contract.

- Provinces: the 63 provinces as they were before the 1 July 2025 reform, with their GSO codes,
  Vietnamese and English names and socio-economic region.
- Districts: Điện Biên and Bạc Liêu keep their real districts (the bundled `districts.csv`);
  every other province gets synthetic districts (name "Huyện 01 …", codes that collide with no
  real code used here) in about its real number, a few founded late or merged away in
  2019–2020, so "districts that existed in the year" matters as it does in the real data.
- Crafts, activity categories (Decree 45/2012 Art. 4), funds, published figures: the bundled ones.
- Activities: 2005–2024, spread over provinces and years by district count, then written in
  (year, province, activity id) order — the records table's own order — in row groups of 64k
  rows, so Parquet zone maps prune a year or province filter and the first page of records
  reads one row group. Every value comes from a hash of the row number and the seed (DuckDB `hash`), so a
  run is deterministic and 10 million rows take seconds. Every row is `is_illustrative`.

    python -m bench.generate_national --rows 1000000 [--out bench/data/1m] [--seed 2025]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import json
import random
import shutil
import time
from pathlib import Path

import duckdb
import pandas as pd

from kcdash.db import prepare, prepared_record
from kcdash.generate import ACTIVITY_MIX, BUDGET_WEIGHT, TITLE_VERB, stage_years
from kcdash.schema import CLUSTERS, DISTRICTS, PROVINCES, STAGES, TABLES, TARGETS
from kcdash.validate import typed_select

REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data"
BENCH_DATA = REPO / "bench" / "data"
SEED = 2025
YEARS = range(2005, 2025)  # 20 years
AS_OF_YEAR = 2024
ROW_GROUP_ROWS = 65_536  # measured: 16k groups cost more in per-group overhead than they save in pruning
SOURCE = "Minh hoạ: sinh bởi bench/generate_national.py (seed {seed}); không phải số liệu thật"
COPIED = tuple(
    name
    for name in ("crafts", "activity_types", "activity_type_map", "funds", "published_figures", "sources")
    if name in TABLES  # reference tables the bundled data holds, copied as they are
)

NORTH_MOUNTAINS = ("Trung du và miền núi phía Bắc", "Northern Midlands and Mountains")
RED_RIVER = ("Đồng bằng sông Hồng", "Red River Delta")
CENTRAL = ("Bắc Trung Bộ và duyên hải miền Trung", "North Central and Central Coast")
HIGHLANDS = ("Tây Nguyên", "Central Highlands")
SOUTH_EAST = ("Đông Nam Bộ", "South East")
MEKONG = ("Đồng bằng sông Cửu Long", "Mekong River Delta")

# (GSO code, name_vi, name_en, region, approximate number of district-level units before 2025)
PROVINCE_LIST: tuple[tuple[str, str, str, tuple[str, str], int], ...] = (
    ("01", "Hà Nội", "Ha Noi", RED_RIVER, 30),
    ("02", "Hà Giang", "Ha Giang", NORTH_MOUNTAINS, 11),
    ("04", "Cao Bằng", "Cao Bang", NORTH_MOUNTAINS, 10),
    ("06", "Bắc Kạn", "Bac Kan", NORTH_MOUNTAINS, 8),
    ("08", "Tuyên Quang", "Tuyen Quang", NORTH_MOUNTAINS, 7),
    ("10", "Lào Cai", "Lao Cai", NORTH_MOUNTAINS, 9),
    ("11", "Điện Biên", "Dien Bien", NORTH_MOUNTAINS, 10),
    ("12", "Lai Châu", "Lai Chau", NORTH_MOUNTAINS, 8),
    ("14", "Sơn La", "Son La", NORTH_MOUNTAINS, 12),
    ("15", "Yên Bái", "Yen Bai", NORTH_MOUNTAINS, 9),
    ("17", "Hòa Bình", "Hoa Binh", NORTH_MOUNTAINS, 10),
    ("19", "Thái Nguyên", "Thai Nguyen", NORTH_MOUNTAINS, 9),
    ("20", "Lạng Sơn", "Lang Son", NORTH_MOUNTAINS, 11),
    ("22", "Quảng Ninh", "Quang Ninh", RED_RIVER, 13),
    ("24", "Bắc Giang", "Bac Giang", NORTH_MOUNTAINS, 10),
    ("25", "Phú Thọ", "Phu Tho", NORTH_MOUNTAINS, 13),
    ("26", "Vĩnh Phúc", "Vinh Phuc", RED_RIVER, 9),
    ("27", "Bắc Ninh", "Bac Ninh", RED_RIVER, 8),
    ("30", "Hải Dương", "Hai Duong", RED_RIVER, 12),
    ("31", "Hải Phòng", "Hai Phong", RED_RIVER, 15),
    ("33", "Hưng Yên", "Hung Yen", RED_RIVER, 10),
    ("34", "Thái Bình", "Thai Binh", RED_RIVER, 8),
    ("35", "Hà Nam", "Ha Nam", RED_RIVER, 6),
    ("36", "Nam Định", "Nam Dinh", RED_RIVER, 10),
    ("37", "Ninh Bình", "Ninh Binh", RED_RIVER, 8),
    ("38", "Thanh Hóa", "Thanh Hoa", CENTRAL, 26),
    ("40", "Nghệ An", "Nghe An", CENTRAL, 21),
    ("42", "Hà Tĩnh", "Ha Tinh", CENTRAL, 13),
    ("44", "Quảng Bình", "Quang Binh", CENTRAL, 8),
    ("45", "Quảng Trị", "Quang Tri", CENTRAL, 10),
    ("46", "Thừa Thiên Huế", "Thua Thien Hue", CENTRAL, 9),
    ("48", "Đà Nẵng", "Da Nang", CENTRAL, 8),
    ("49", "Quảng Nam", "Quang Nam", CENTRAL, 18),
    ("51", "Quảng Ngãi", "Quang Ngai", CENTRAL, 13),
    ("52", "Bình Định", "Binh Dinh", CENTRAL, 11),
    ("54", "Phú Yên", "Phu Yen", CENTRAL, 9),
    ("56", "Khánh Hòa", "Khanh Hoa", CENTRAL, 9),
    ("58", "Ninh Thuận", "Ninh Thuan", CENTRAL, 7),
    ("60", "Bình Thuận", "Binh Thuan", CENTRAL, 10),
    ("62", "Kon Tum", "Kon Tum", HIGHLANDS, 10),
    ("64", "Gia Lai", "Gia Lai", HIGHLANDS, 17),
    ("66", "Đắk Lắk", "Dak Lak", HIGHLANDS, 15),
    ("67", "Đắk Nông", "Dak Nong", HIGHLANDS, 8),
    ("68", "Lâm Đồng", "Lam Dong", HIGHLANDS, 12),
    ("70", "Bình Phước", "Binh Phuoc", SOUTH_EAST, 11),
    ("72", "Tây Ninh", "Tay Ninh", SOUTH_EAST, 9),
    ("74", "Bình Dương", "Binh Duong", SOUTH_EAST, 9),
    ("75", "Đồng Nai", "Dong Nai", SOUTH_EAST, 11),
    ("77", "Bà Rịa - Vũng Tàu", "Ba Ria - Vung Tau", SOUTH_EAST, 8),
    ("79", "TP Hồ Chí Minh", "Ho Chi Minh City", SOUTH_EAST, 22),
    ("80", "Long An", "Long An", MEKONG, 15),
    ("82", "Tiền Giang", "Tien Giang", MEKONG, 11),
    ("83", "Bến Tre", "Ben Tre", MEKONG, 9),
    ("84", "Trà Vinh", "Tra Vinh", MEKONG, 9),
    ("86", "Vĩnh Long", "Vinh Long", MEKONG, 8),
    ("87", "Đồng Tháp", "Dong Thap", MEKONG, 12),
    ("89", "An Giang", "An Giang", MEKONG, 11),
    ("91", "Kiên Giang", "Kien Giang", MEKONG, 15),
    ("92", "Cần Thơ", "Can Tho", MEKONG, 9),
    ("93", "Hậu Giang", "Hau Giang", MEKONG, 8),
    ("94", "Sóc Trăng", "Soc Trang", MEKONG, 11),
    ("95", "Bạc Liêu", "Bac Lieu", MEKONG, 7),
    ("96", "Cà Mau", "Ca Mau", MEKONG, 9),
)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if r.get(c) is None else str(r.get(c)) for c in columns])


def fingerprint(rows: int, seed: int) -> str:
    """Changes when the generator or its inputs change, so a folder is reused only when identical."""
    h = hashlib.sha256()
    h.update(Path(__file__).read_bytes())
    h.update((Path(__file__).resolve().parent.parent / "kcdash" / "schema.py").read_bytes())  # the contract
    for name in (*COPIED, "districts", "provinces"):
        h.update((BUNDLED / f"{name}.csv").read_bytes())
    h.update(f"{rows}|{seed}|{duckdb.__version__}".encode())
    return h.hexdigest()[:16]


def provinces() -> list[dict]:
    """The 63 provinces of the reference data as they are (names, kind, region, colour, the
    province of 2025 each belongs to): one place for them, shared with the bundled data."""
    rows = [dict(p) for p in read_csv(BUNDLED / "provinces.csv")]
    if [p["province_code"] for p in rows] != [code for code, *_ in PROVINCE_LIST]:
        raise SystemExit("data/provinces.csv and PROVINCE_LIST name different provinces")
    return [{k: (v or None) for k, v in p.items()} for p in rows]


def districts(rng: random.Random) -> list[dict]:
    real = read_csv(BUNDLED / "districts.csv")
    real_provinces = {d["province_code"] for d in real}
    taken = {int(d["district_code"]) for d in real}
    out: list[dict] = [dict(d) for d in real]
    next_code = 1
    for code, vi, en, _region, n in PROVINCE_LIST:
        if code in real_provinces:
            continue
        for k in range(1, n + 1):
            while next_code in taken:
                next_code += 1
            taken.add(next_code)
            kind = "city" if k == 1 else "town" if k == 2 and n > 6 else "district"
            first, last = 2004, 2025
            r = rng.random()
            if k > 3 and r < 0.06:  # founded later, as Mường Ảng and Nậm Pồ were
                first = rng.randint(2006, 2015)
            elif k > 3 and r < 0.09:  # merged away in the 2019–2020 mergers
                last = rng.choice((2019, 2020))
            label = {"city": "TP", "town": "TX", "district": "Huyện"}[kind]
            out.append(
                {
                    "district_code": f"{next_code:03d}",
                    "province_code": code,
                    "name_vi": f"{label} {k:02d} ({vi})",
                    "name_en": f"{label} {k:02d} ({en})",
                    "kind": kind,
                    "kind_since_year": first,
                    "previous_kind": None,
                    "first_year": first,
                    "last_year": last,
                    "note_vi": "Tên tổng hợp (bộ dữ liệu thử hiệu năng)",
                }
            )
    return out


def targets(provs: list[dict]) -> list[dict]:
    bundled = {t["province_code"]: t for t in read_csv(BUNDLED / "targets.csv")}
    out = []
    for p in provs:
        t = bundled.get(p["province_code"])
        if t:
            out.append(dict(t))
            continue
        out.append(
            {
                "target_id": f"bench_{p['province_code']}_one_cluster_per_district",
                "province_code": p["province_code"],
                "metric": "clusters_per_district",
                "value": 1,
                "stage": "established",
                "target_year": None,
                "source_file": None,
                "quote": None,
                "note_vi": "Minh hoạ: mục tiêu giả định cho bộ dữ liệu thử hiệu năng.",
                "note_en": "Illustrative: an assumed goal for the benchmark data.",
                "is_illustrative": "true",
            }
        )
    return out


def clusters(rng: random.Random, dists: list[dict], source: str) -> list[dict]:
    """0–2 clusters per district, stage years ordered, within the district's years and as-of year."""
    out = []
    for d in sorted(dists, key=lambda d: d["district_code"]):
        first, last = int(d["first_year"]), int(d["last_year"])
        n = rng.choices((0, 1, 2), (25, 55, 20))[0]
        for i in range(1, n + 1):
            lo = max(first, 2005)
            hi = min(last, AS_OF_YEAR)
            if lo > hi:
                break
            y = rng.randint(lo, min(hi, max(lo, 2018)))
            reached = rng.choices(range(len(STAGES)), (30, 25, 20, 15, 10))[0]
            years = stage_years(rng, y, reached, hi, max_step=3)
            reached = max(k for k, v in enumerate(years) if v is not None)
            out.append(
                {
                    "cluster_id": f"{d['province_code']}-{d['district_code']}-{i}",
                    "name_vi": f"Cụm công nghiệp {d['name_vi']} {i} (minh hoạ)",
                    "province_code": d["province_code"],
                    "district_code": d["district_code"],
                    "stage": STAGES[reached],
                    **{f"{s}_year": years[k] for k, s in enumerate(STAGES)},
                    "as_of_year": AS_OF_YEAR,
                    "area_ha": f"{rng.uniform(8, 75):.2f}",
                    "occupancy_pct": f"{rng.uniform(10, 95):.1f}" if reached >= 3 else None,
                    "source": source,
                    "is_illustrative": "true",
                }
            )
    return out


def cells(rows: int, dists: list[dict]) -> pd.DataFrame:
    """One row per (province, year): how many activities, and the districts that existed then."""
    keys, weights, lists = [], [], []
    for year in YEARS:  # year-major: the file comes out in the records table's order
        for code, *_ in PROVINCE_LIST:
            existing = sorted(
                d["district_code"]
                for d in dists
                if d["province_code"] == code and int(d["first_year"]) <= year <= int(d["last_year"])
            )
            keys.append((code, year))
            weights.append(len(existing))
            lists.append(existing)
    total = sum(weights)
    raw = [rows * w / total for w in weights]
    parts = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], -i), reverse=True)[: rows - sum(parts)]:
        parts[i] += 1  # largest remainder: exactly `rows` in all
    starts = [0]
    for p in parts[:-1]:
        starts.append(starts[-1] + p)
    return pd.DataFrame(
        {
            "province_code": [k[0] for k in keys],
            "year": [k[1] for k in keys],
            "n": parts,
            "start": starts,
            "districts": lists,
        }
    )


def _sql_list(values) -> str:
    """A SQL list literal of constants we chose (never user input)."""
    return "[" + ", ".join("'" + str(v).replace("'", "''") + "'" for v in values) + "]"


def activities_sql(seed: int, crafts: list[dict], funds: list[str], source: str) -> str:
    """SELECT producing the activities from the `cells` table, in (year, province, id) order."""
    # activity type by weight: cumulative bounds over 0..99
    bounds, acc = [], 0
    for code, weight, *_ in ACTIVITY_MIX:
        acc += weight
        bounds.append((acc, code))
    total_w = acc
    type_case = (
        "case " + " ".join(f"when u_type < {b} then '{c}'" for b, c in bounds[:-1]) + f" else '{bounds[-1][1]}' end"
    )
    trains = _sql_list(c for c, _w, t, *_ in ACTIVITY_MIX if t)
    wide = _sql_list(c for c, _w, _t, w, _cs in ACTIVITY_MIX if w)
    craft_specific = _sql_list(c for c, _w, _t, _wd, cs in ACTIVITY_MIX if cs)
    budget_w = (
        "case activity_type_code "
        + " ".join(f"when '{k}' then {v}" for k, v in BUDGET_WEIGHT.items())
        + " else 1.0 end"
    )
    verb = "case activity_type_code " + " ".join(f"when '{k}' then '{v}'" for k, v in TITLE_VERB.items()) + " end"
    craft_codes = _sql_list(c["craft_code"] for c in crafts)
    craft_lower = _sql_list(c["name_vi"].lower() for c in crafts)
    fund_pick = (
        f"case when u_fund < 45 then '{funds[0]}' when u_fund < 95 then '{funds[1]}' else '{funds[2]}' end"
        if len(funds) == 3
        else f"{_sql_list(funds)}[1 + (h_fund % {len(funds)})::integer]"
    )
    src = "'" + source.replace("'", "''") + "'"
    # hash(row id, seed, k) gives independent, reproducible draws; u_* are uniform on [0, 1) or 0..99
    return f"""
with rows as (
    select province_code, year, districts, start, unnest(range(n)) as i
    from cells
),
draws as (
    select
        province_code, year, districts, i,
        start + i as gid,
        hash(start + i, {seed}, 1) % {total_w} as u_type,
        hash(start + i, {seed}, 2) % 100 as u_fund,
        hash(start + i, {seed}, 2) as h_fund,
        (hash(start + i, {seed}, 3) % 1000000) / 1e6 as u_wide,
        hash(start + i, {seed}, 4) as h_district,
        (hash(start + i, {seed}, 5) % 1000000) / 1e6 as u_craft,
        hash(start + i, {seed}, 6) as h_craft,
        (hash(start + i, {seed}, 7) % 1000000) / 1e6 as u_trainees,
        hash(start + i, {seed}, 8) % 36 as d_trainees,
        (hash(start + i, {seed}, 9) % 1000000) / 1e6 as u_jobs,
        (hash(start + i, {seed}, 10) % 1000000) / 1e6 as u_w,
        (hash(start + i, {seed}, 11) % 1000000) / 1e6 as u_budget,
        (hash(start + i, {seed}, 12) % 1000) as u_missing_budget
    from rows
),
typed as (
    select *, {type_case} as activity_type_code from draws
),
picked as (
    select
        *,
        case
            when list_contains({wide}, activity_type_code) and u_wide < 0.8 then null
            else districts[1 + (h_district % len(districts))::integer]
        end as district_code,
        case
            when list_contains({craft_specific}, activity_type_code) and u_craft < 0.9
            then 1 + (h_craft % {len(crafts)})::integer
        end as craft_idx,
        case
            when list_contains({trains}, activity_type_code) and u_trainees > 0.06 then 30 + d_trainees::integer
        end as trainees
    from typed
)
select
    province_code || '-' || year || '-' || lpad(cast(i + 1 as varchar), 6, '0') as activity_id,
    province_code,
    district_code,
    cast(year as integer) as year,
    activity_type_code,
    {craft_codes}[craft_idx] as craft_code,
    {fund_pick} as fund_code,
    case when u_missing_budget >= 10  -- 1% report no budget: missing, never 0
        then cast(round(({budget_w}) * (0.5 + u_w) * (10 + 15 * u_budget), 1) as decimal(14,1))
    end as budget_million_vnd,
    cast(trainees as integer) as trainees,
    cast(round(trainees * (0.78 + 0.18 * u_jobs)) as integer) as new_jobs,
    {verb} || coalesce(': ' || {craft_lower}[craft_idx], '') as title_vi,
    {src} as source,
    true as is_illustrative
from picked
-- rows come out in gid order: projections over an ordered scan keep insertion order
"""


def generate(rows: int, out: Path, seed: int = SEED, force: bool = False) -> Path:
    """Write the extract to `out` (reused when its manifest shows the same generator and size)."""
    fp = fingerprint(rows, seed)
    manifest_path = out / "manifest.json"
    if not force and manifest_path.exists():
        try:
            if json.loads(manifest_path.read_text(encoding="utf-8")).get("fingerprint") == fp:
                if prepared_record(str(out)) is None:  # made before the prepared cube existed, or by other rules
                    prepare(str(out))
                return out
        except ValueError:
            pass
    t0 = time.perf_counter()
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    rng = random.Random(seed)
    source = SOURCE.format(seed=seed)
    provs = provinces()
    dists = districts(rng)
    write_csv(tmp / "provinces.csv", PROVINCES.column_names, provs)
    write_csv(tmp / "districts.csv", DISTRICTS.column_names, dists)
    write_csv(tmp / "targets.csv", TARGETS.column_names, targets(provs))
    for name in COPIED:
        shutil.copyfile(BUNDLED / f"{name}.csv", tmp / f"{name}.csv")
    crafts = read_csv(BUNDLED / "crafts.csv")
    funds = [f["fund_code"] for f in read_csv(BUNDLED / "funds.csv")]

    con = duckdb.connect(config={"threads": 2, "preserve_insertion_order": True})
    try:
        cl = pd.DataFrame(clusters(rng, dists, source), columns=list(CLUSTERS.column_names)).astype(object)
        cl = cl.where(cl.notna(), None).map(lambda v: None if v is None else str(v))
        cl.insert(0, "_row", range(2, len(cl) + 2))
        con.register("raw_clusters", cl)
        _copy(con, typed_select(CLUSTERS, "raw_clusters"), tmp / "clusters.parquet")
        con.register("cells", cells(rows, dists))
        _copy(con, activities_sql(seed, crafts, funds, source), tmp / "activities.parquet")
        n = con.execute("select count(*) from read_parquet(?)", [str(tmp / "activities.parquet")]).fetchone()[0]
        _check_order(con, tmp / "activities.parquet")
    finally:
        con.close()
    if n != rows:
        raise RuntimeError(f"generated {n} activities, not {rows}")
    manifest = {
        "id": f"bench-{label(rows)}",
        "label_vi": f"Dữ liệu thử hiệu năng toàn quốc, {rows:,} đề án (minh hoạ)".replace(",", "."),
        "label_en": f"National benchmark data, {rows:,} activities (illustrative)",
        "created_by": f"bench/generate_national.py seed {seed}",
        "fingerprint": fp,
        "rows": {"activities": rows, "clusters": len(cl)},
        "generate_s": round(time.perf_counter() - t0, 2),
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    prepare(str(tmp))  # validated once here, cube written: the dashboard opens it in under a second
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out


def _check_order(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Row groups must follow each other in year order (what the zone maps rely on)."""
    stats = con.execute(
        "select row_group_id, min(stats_min::integer), max(stats_max::integer) from parquet_metadata(?) "
        "where path_in_schema = 'year' group by row_group_id order by row_group_id",
        [str(path)],
    ).fetchall()
    for (_, _, prev_max), (_, lo, _) in itertools.pairwise(stats):
        if lo < prev_max:
            raise RuntimeError("activities.parquet is not in year order")


def _copy(con: duckdb.DuckDBPyConnection, select: str, path: Path) -> None:
    target = "'" + str(path).replace("'", "''") + "'"
    con.execute(f"copy ({select}) to {target} (format parquet, compression zstd, row_group_size {ROW_GROUP_ROWS})")


def label(rows: int) -> str:
    """100000 -> '100k', 10000000 -> '10m'."""
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}m"
    if rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--out", default=None, help="folder (default bench/data/<size>)")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--force", action="store_true", help="regenerate even if the folder is up to date")
    args = ap.parse_args(argv)
    out = Path(args.out) if args.out else BENCH_DATA / label(args.rows)
    t0 = time.perf_counter()
    generate(args.rows, out, args.seed, args.force)
    print(f"{out}: {args.rows} activities ready in {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
