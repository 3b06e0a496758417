"""Deterministic generator of the illustrative record-level extract (`make data`).

No public record-level extract exists, so the project ships a modelled one. It is built from the
reference tables and the published figures in the data folder, so its sums agree with every
published figure that can be reconciled (exact figures to the tenth, "nearly" figures just
under), and every generated row carries ``is_illustrative = true``. Rows from
``data/sourced/*.csv`` (records a source does give) are copied in unchanged. No province is
named here: a third province needs only reference rows and published figures.

    python -m kcdash.generate [--data-dir data] [--seed 2012]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

from kcdash.schema import ACTIVITIES, CLUSTERS, STAGES, TABLES
from kcdash.units import unit_label_in_year
from kcdash.validate import typed_select

SEED = 2012
YEARS = range(2007, 2014)
AS_OF_YEAR = 2013
ILLUSTRATIVE_SOURCE = "Minh họa: sinh bởi kcdash.generate (seed {seed}); không phải số liệu thật"
GENERATED_AT = "2026-11-23"  # fixed so the bundled files are byte-for-byte reproducible

# activity mix: (type code, weight, has trainees, usually province-wide, craft-specific)
ACTIVITY_MIX = (
    ("nd45_1", 40, True, False, True),
    ("nd45_2", 8, False, True, False),
    ("nd45_3", 18, False, False, True),
    ("nd45_4", 10, False, True, True),
    ("nd45_5", 5, False, False, False),
    ("nd45_6", 6, False, True, False),
    ("nd45_7", 5, False, False, False),
    ("nd45_8", 2, False, True, False),
    ("nd45_9", 6, False, True, False),
)
TITLE_VERB = {
    "nd45_1": "Đào tạo nghề, truyền nghề",
    "nd45_2": "Tập huấn khởi sự doanh nghiệp, nâng cao năng lực quản lý",
    "nd45_3": "Mô hình trình diễn kỹ thuật",
    "nd45_4": "Tham gia hội chợ, bình chọn sản phẩm CNNT tiêu biểu",
    "nd45_5": "Tư vấn cho cơ sở công nghiệp nông thôn",
    "nd45_6": "Thông tin tuyên truyền về khuyến công",
    "nd45_7": "Hỗ trợ lập quy hoạch, hạ tầng cụm công nghiệp",
    "nd45_8": "Tham quan học tập kinh nghiệm",
    "nd45_9": "Tập huấn nâng cao năng lực cán bộ khuyến công",
}
BUDGET_WEIGHT = {"nd45_1": 3.0, "nd45_3": 4.0, "nd45_7": 5.0, "nd45_4": 2.0}
RECONCILED = ("new_jobs", "trainees", "budget_million_vnd", "activity_count")


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def stage_years(rng: random.Random, first: int, reached: int, last: int, max_step: int) -> list[int | None]:
    """A made-up cluster's year for each stage (in STAGES' order): `first` for the first, then 1 to
    `max_step` years apart; None for the stages after `reached` and for those past `last`."""
    years: list[int | None] = []
    y = first
    for k in range(len(STAGES)):
        if k > reached or y > last:
            years.append(None)
            continue
        years.append(y)
        y += rng.randint(1, max_step)
    return years


def allocate(total_tenths: int, weights: list[float]) -> list[int]:
    """Split an integer total over weights exactly (largest remainder), no part below 1 if possible."""
    if not weights:
        return []
    s = sum(weights)
    raw = [total_tenths * w / s for w in weights]
    parts = [int(r) for r in raw]
    rest = total_tenths - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], -i), reverse=True)
    for i in order[:rest]:
        parts[i] += 1
    return parts


@dataclass
class Scope:
    """A published figure the records must agree with."""

    province: str
    year_from: int
    year_to: int
    metric: str
    fund: str | None
    activity_type: str | None
    craft: str | None
    district: str | None
    target: Decimal
    label: str
    source_file: str
    quote: str


def reconcilable(figures: list[dict[str, str]]) -> list[Scope]:
    out = []
    for f in figures:
        if f["metric"] not in RECONCILED or f["qualifier"] == "not_reported" or not f["value"]:
            continue
        value = Decimal(f["value"])
        if f["qualifier"] == "approximate_below":  # "gần 4 tỷ": just under the rounded figure
            value = (value * Decimal("0.99")).quantize(Decimal("0.1"))
        out.append(
            Scope(
                f["province_code"],
                int(f["period_from_year"]),
                int(f["period_to_year"]),
                f["metric"],
                f["fund_code"] or None,
                f["activity_type_code"] or None,
                f["craft_code"] or None,
                f["district_code"] or None,
                value,
                f["label_vi"],
                f["source_file"],
                f["quote"],
            )
        )
    return out


class Generator:
    def __init__(self, data_dir: Path, seed: int = SEED):
        self.dir = data_dir
        self.seed = seed
        self.rng = random.Random(seed)
        self.provinces = read_csv(data_dir / "provinces.csv")
        self.districts = read_csv(data_dir / "districts.csv")
        self.crafts = read_csv(data_dir / "crafts.csv")
        self.funds = [f["fund_code"] for f in read_csv(data_dir / "funds.csv")]
        self.figures = read_csv(data_dir / "published_figures.csv")
        self.scopes = reconcilable(self.figures)
        self.source = ILLUSTRATIVE_SOURCE.format(seed=seed)

    # ---- helpers -------------------------------------------------------------------------
    def districts_in(self, province: str, year: int) -> list[dict[str, str]]:
        return [
            d
            for d in self.districts
            if d["province_code"] == province and int(d["first_year"]) <= year <= int(d["last_year"])
        ]

    def crafts_of(self, province: str) -> list[str]:
        """Crafts named in the province's own source report (crafts.csv `source`)."""
        files = {f["source_file"] for f in self.figures if f["province_code"] == province}
        own = [c["craft_code"] for c in self.crafts if c["source"] in files]
        return own or [c["craft_code"] for c in self.crafts]

    def scopes_for(self, province: str, metric: str) -> list[Scope]:
        return [s for s in self.scopes if s.province == province and s.metric == metric]

    # ---- activities ----------------------------------------------------------------------
    def activities(self) -> list[dict]:
        rows: list[dict] = []
        described = {d["province_code"] for d in self.districts}  # the provinces the reports describe
        for prov in sorted(self.provinces, key=lambda p: int(p["display_order"])):
            if prov["province_code"] in described:
                rows += self.province_activities(prov["province_code"])
        return rows

    def province_activities(self, province: str) -> list[dict]:
        rng = self.rng
        crafts = self.crafts_of(province)
        craft_names = {c["craft_code"]: c["name_vi"] for c in self.crafts}
        pinned = list(self.scopes_for(province, "activity_count"))
        budget_scopes = self.scopes_for(province, "budget_million_vnd")
        # funds a published total leaves no room for (total = sum of the funds it names)
        closed_funds: dict[tuple[int, int], set[str]] = {}
        for s in budget_scopes:
            if s.fund is None:
                named = {
                    b.fund for b in budget_scopes if b.fund and (b.year_from, b.year_to) == (s.year_from, s.year_to)
                }
                named_sum = sum(
                    b.target
                    for b in budget_scopes
                    if b.fund in named and (b.year_from, b.year_to) == (s.year_from, s.year_to)
                )
                if named_sum == s.target:
                    closed_funds[(s.year_from, s.year_to)] = set(self.funds) - named
        rows: list[dict] = []
        for year in YEARS:
            n = rng.randint(22, 27)
            existing = self.districts_in(province, year)
            for _ in range(n):
                code, _w, has_trainees, wide, craft_specific = rng.choices(ACTIVITY_MIX, [m[1] for m in ACTIVITY_MIX])[
                    0
                ]
                fund = rng.choices(self.funds, [45, 50, 5])[0] if len(self.funds) == 3 else rng.choice(self.funds)
                if any(s[0] <= year <= s[1] and fund in closed for s, closed in closed_funds.items()):
                    fund = rng.choice(
                        [
                            f
                            for f in self.funds
                            if not any(s[0] <= year <= s[1] and f in c for s, c in closed_funds.items())
                        ]
                    )
                district = (
                    None if (wide and rng.random() < 0.8) or not existing else rng.choice(existing)["district_code"]
                )
                craft = rng.choice(crafts) if craft_specific and rng.random() < 0.9 else None
                row = {
                    "province_code": province,
                    "district_code": district,
                    "year": year,
                    "activity_type_code": code,
                    "craft_code": craft,
                    "fund_code": fund,
                    "trainees": None,
                    "new_jobs": None,
                    "title_vi": None,
                    "source": self.source,
                    "is_illustrative": True,
                }
                if any(self._matches(row, s) for s in pinned):
                    continue  # pinned scopes get exactly the published number of records below
                if has_trainees and rng.random() > 0.06:  # a few classes report no numbers: missing, not 0
                    row["trainees"] = rng.randint(30, 65)
                rows.append(row)
        for s in pinned:
            for _ in range(int(s.target)):
                year = rng.randint(s.year_from, s.year_to)
                rows.append(
                    {
                        "province_code": province,
                        "district_code": s.district,
                        "year": year,
                        "activity_type_code": s.activity_type,
                        "craft_code": s.craft,
                        "fund_code": s.fund,
                        "trainees": rng.randint(20, 35),
                        "new_jobs": None,
                        "title_vi": s.label,
                        "source": f'{s.source_file}: "{s.quote}" (năm, kinh phí, học viên: minh họa)',
                        "is_illustrative": True,
                    }
                )
        rows.sort(key=lambda r: (r["year"], r["activity_type_code"], r["district_code"] or "", r["craft_code"] or ""))
        self._new_jobs(province, rows)
        self._budgets(province, rows, budget_scopes)
        for i, r in enumerate(rows, start=1):
            r["activity_id"] = f"{province}-{r['year']}-{i:03d}"
            if r["title_vi"] is None:
                r["title_vi"] = self._title(r, craft_names)
        return rows

    @staticmethod
    def _matches(row: dict, s: Scope) -> bool:
        return (
            s.year_from <= row["year"] <= s.year_to
            and (s.fund is None or row["fund_code"] == s.fund)
            and (s.activity_type is None or row["activity_type_code"] == s.activity_type)
            and (s.craft is None or row["craft_code"] == s.craft)
            and (s.district is None or row["district_code"] == s.district)
        )

    def _new_jobs(self, province: str, rows: list[dict]) -> None:
        rng = self.rng
        trained = [r for r in rows if r["trainees"] is not None]
        jobs_scopes = self.scopes_for(province, "new_jobs")
        for r in trained:  # default: most trainees find work, as the reports say
            r["new_jobs"] = round(r["trainees"] * rng.uniform(0.78, 0.96))
        for s in jobs_scopes:
            inside = [r for r in trained if self._matches(r, s)]
            parts = allocate(int(s.target), [r["trainees"] for r in inside])
            for r, jobs in zip(inside, parts, strict=True):
                r["new_jobs"] = jobs
                # the report counts trained workers who now have jobs; some others trained too
                r["trainees"] = max(r["trainees"], jobs + rng.randint(0, 6))

    def _budgets(self, province: str, rows: list[dict], scopes: list[Scope]) -> None:
        rng = self.rng
        weights = [BUDGET_WEIGHT.get(r["activity_type_code"], 1.0) * rng.uniform(0.5, 1.5) for r in rows]
        done: set[int] = set()
        # fund-specific figures first, then totals share out what the fund figures leave
        for s in sorted(scopes, key=lambda s: s.fund is None):
            idx = [i for i, r in enumerate(rows) if self._matches(r, s) and i not in done]
            target = int(s.target * 10)
            if s.fund is None:
                target -= sum(
                    int(Decimal(rows[i]["budget_million_vnd"]) * 10)
                    for i, r in enumerate(rows)
                    if self._matches(r, s) and i in done
                )
            for i, tenths in zip(idx, allocate(target, [weights[i] for i in idx]), strict=True):
                rows[i]["budget_million_vnd"] = f"{tenths / 10:.1f}"
                done.add(i)
        for i, r in enumerate(rows):
            if i not in done:
                r["budget_million_vnd"] = f"{round(weights[i] * rng.uniform(10, 25), 1):.1f}"

    @staticmethod
    def _title(r: dict, craft_names: dict[str, str]) -> str:
        title = TITLE_VERB[r["activity_type_code"]]
        if r["craft_code"]:
            title += f": {craft_names[r['craft_code']].lower()}"
        return title

    # ---- clusters ------------------------------------------------------------------------
    @staticmethod
    def _unit(d: dict[str, str]) -> str:
        """The district with its kind in AS_OF_YEAR ("huyện X", never a bare name a province may share)."""
        return unit_label_in_year(
            d["name_vi"], d["kind"], d.get("kind_since_year"), d.get("previous_kind"), AS_OF_YEAR, "vi"
        )

    def clusters(self) -> list[dict]:
        rng = self.rng
        sourced = (
            read_csv(self.dir / "sourced" / "clusters.csv") if (self.dir / "sourced" / "clusters.csv").exists() else []
        )
        covered = {r["district_code"] for r in sourced}
        rows: list[dict] = [dict(r) for r in sourced]
        for d in sorted(self.districts, key=lambda d: d["district_code"]):
            if d["district_code"] in covered:
                continue
            first = max(int(d["first_year"]), 2005)
            planned = rng.randint(first, max(first, 2011))
            reached = rng.choices(range(len(STAGES)), [40, 25, 15, 12, 8])[0]
            years = stage_years(rng, planned, reached, AS_OF_YEAR, max_step=2)
            reached = max(k for k, v in enumerate(years) if v is not None)
            area = round(rng.uniform(8, 60), 1)
            occupancy = f"{rng.uniform(15, 90):.1f}" if reached >= 3 else ""
            rows.append(
                {
                    "cluster_id": f"{d['province_code']}-{d['district_code']}-1",
                    "name_vi": f"Cụm công nghiệp {self._unit(d)} (minh họa)",
                    "province_code": d["province_code"],
                    "district_code": d["district_code"],
                    "stage": STAGES[reached],
                    **{f"{s}_year": (years[k] if years[k] is not None else "") for k, s in enumerate(STAGES)},
                    "as_of_year": AS_OF_YEAR,
                    "area_ha": f"{area:.2f}",
                    "occupancy_pct": occupancy,
                    "source": self.source,
                    "is_illustrative": "true",
                }
            )
        return rows


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def write_csv(path: Path, columns: tuple[str, ...], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow([_fmt(r.get(c)) for c in columns])


def write_parquet_from_csv(csv_path: Path, table_name: str) -> Path:
    """Parquet with the contract's types, made from the CSV so both hold the same values."""
    from kcdash.db import read_csv_text

    table = TABLES[table_name]
    out = csv_path.with_suffix(".parquet")
    con = duckdb.connect()
    con.register("raw", read_csv_text(str(csv_path)))
    con.execute(
        "copy ("
        + typed_select(table, "raw")
        + ") to '"
        + str(out).replace("'", "''")
        + "' (format parquet, compression zstd)"
    )
    con.close()
    return out


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data-dir", default=str(Path(__file__).resolve().parent.parent / "data"))
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    data = Path(args.data_dir)
    gen = Generator(data, args.seed)
    acts = gen.activities()
    clusters = gen.clusters()
    write_csv(data / "activities.csv", ACTIVITIES.column_names, acts)
    write_csv(data / "clusters.csv", CLUSTERS.column_names, clusters)
    files = {}
    for name in ("activities", "clusters"):
        pq = write_parquet_from_csv(data / f"{name}.csv", name)
        files[f"{name}.csv"] = sha256(data / f"{name}.csv")
        files[pq.name] = sha256(pq)
    for t in TABLES:
        if (data / f"{t}.csv").exists() and t not in ("activities", "clusters"):
            files[f"{t}.csv"] = sha256(data / f"{t}.csv")
    manifest = {
        "id": "bundled",
        "label_vi": "Dữ liệu kèm theo (số liệu công bố + bản trích minh họa)",
        "label_en": "Bundled data (published figures + illustrative extract)",
        "created_at": GENERATED_AT,
        "created_by": f"kcdash.generate seed {args.seed}",
        "rows": {"activities": len(acts), "clusters": len(clusters)},
        "sha256": files,
    }
    (data / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    from kcdash.db import prepare  # the prepared cube, so the dashboard opens without rebuilding it

    prepare(str(data))
    print(f"wrote {len(acts)} activities and {len(clusters)} clusters to {data}")


if __name__ == "__main__":
    main()
