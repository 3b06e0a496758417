"""Everything a page reads, one function per page, exactly as the page computes it.

Each function calls only `kcdash.data` (cached queries) plus light pandas shaping, and returns
named DataFrames. Pages call these and nothing else that touches data, so the benchmark can
time a page's data work by calling the same function (`bench/`).
"""

from __future__ import annotations

import pandas as pd

from kcdash import data
from kcdash.data import Filters
from kcdash.db import get_database
from kcdash.schema import STAGES
from kcdash.validate import DataValidationError

__all__ = ["STAGES", "DataValidationError", "Filters", "open_data"]

COMPARE_MEASURES = ("trainees", "new_jobs", "budget_million_vnd")
"""Measures the compare page lines up (columns of totals_by_province_year)."""


def open_data() -> None:
    """Open (or reopen after an import) the active data version; raises DataValidationError."""
    get_database()


def filter_options() -> dict[str, pd.DataFrame]:
    """Options of the shared filters that do not depend on another filter."""
    year_min, year_max = data.year_bounds()
    return {
        "provinces": data.provinces(),
        "years": pd.DataFrame({"year_min": [year_min], "year_max": [year_max]}),
        "crafts": data.crafts(()),
        "districts": data.districts(()),
        "activity_types": data.activity_types(),
        "funds": data.funds(),
        "version": _version_frame(),
    }


def district_options(province_codes: tuple[str, ...]) -> pd.DataFrame:
    """Districts of the chosen provinces (none when no province is chosen)."""
    if not province_codes:
        return data.districts(())[0:0]
    return data.districts(tuple(province_codes))


def overview(f: Filters) -> dict[str, pd.DataFrame]:
    """Headline numbers per province beside the published figures (Tổng quan)."""
    progress = data.cluster_progress(f, "established")
    return {
        "kpis": data.kpis(f),
        "budget_by_fund": data.budget_by_fund(f),
        "published": data.published_figures(f),
        "reconciliation": data.reconciliation(f),
        "clusters_now": _last_year(progress),
        "targets": data.targets(f),
        "funds": data.funds(),
    }


def training(f: Filters) -> dict[str, pd.DataFrame]:
    """Trainees and new jobs by year, craft and district (Đào tạo nghề & việc làm)."""
    by_year = data.totals_by_year(f)
    by_year["jobs_per_trainee_pct"] = 100 * by_year["new_jobs"] / by_year["trainees"].where(by_year["trainees"] > 0)
    return {
        "kpis": data.kpis(f),
        "by_year": by_year,
        "by_craft": data.trainees_by_craft(f),
        "by_district": data.trainees_by_district(f),
    }


def budget(f: Filters) -> dict[str, pd.DataFrame]:
    """Budget by year and fund, by activity, fund shares and per trainee (Kinh phí)."""
    return {
        "kpis": data.kpis(f),
        "by_year_fund": data.budget_by_year_fund(f),
        "by_fund": data.budget_by_fund(f),
        "by_activity": data.budget_by_activity_type(f),
        "per_trainee": data.cost_per_trainee_by_year(f),
    }


def clusters(f: Filters, stage: str = "established", as_of_year: int | None = None) -> dict[str, pd.DataFrame]:
    """Progress toward one cluster per district, district table, districts without (Cụm công nghiệp)."""
    as_of = int(as_of_year or f.year_to)
    return {
        "progress": data.cluster_progress(f, stage),
        "districts": data.cluster_districts(f, as_of),
        "without": data.districts_without_cluster(f, stage, as_of),
        "targets": data.targets(f),
    }


def compare(f: Filters) -> dict[str, pd.DataFrame]:
    """The chosen provinces on aligned measures, published figures and indexed trends (So sánh)."""
    kpis = data.kpis(f)
    by_year = data.totals_by_year(f)
    progress = data.cluster_progress(f, "established")
    published = data.published_figures(f)
    return {
        "kpis": kpis,
        "aligned": aligned_measures(kpis, _last_year(progress)),
        "by_year": by_year,
        "indexed": indexed(by_year, COMPARE_MEASURES),
        "by_fund": data.budget_by_fund(f),
        "published": published,
        "periods": published_periods(published),
        "funds": data.funds(),
    }


def record_count(f: Filters) -> int:
    """How many records the filters select (the pager needs it before it asks for a page)."""
    return data.records_count(f)[0]


def data_sources(f: Filters, page: int = 1, page_size: int = 50) -> dict[str, pd.DataFrame]:
    """One page of the filtered records, published figures, reconciliation, glossary tables."""
    count, illustrative = data.records_count(f)
    page = max(1, int(page))
    return {
        "records": data.records(f, limit=page_size, offset=(page - 1) * page_size),
        "count": pd.DataFrame({"record_count": [count], "illustrative_count": [illustrative]}),
        "published": data.published_figures(f),
        "reconciliation": data.reconciliation(f),
        "activity_types": data.activity_types(),
        "activity_type_map": data.activity_type_map(),
        "funds": data.funds(),
        "version": _version_frame(),
    }


# ---- light shaping shared by pages ----------------------------------------------------------


def _version_frame() -> pd.DataFrame:
    """The active data version (kcdash.data.data_version) as a one-row frame."""
    version = data.data_version()
    rows = version.get("rows") or {}
    return pd.DataFrame(
        [
            {
                "id": version.get("id"),
                "label_vi": version.get("label_vi"),
                "label_en": version.get("label_en"),
                "created_at": version.get("created_at"),
                "created_by": version.get("created_by"),
                "activities_rows": rows.get("activities"),
                "clusters_rows": rows.get("clusters"),
            }
        ]
    )


def _last_year(progress: pd.DataFrame) -> pd.DataFrame:
    """The last year of cluster_progress per province: x of y districts have a cluster."""
    if progress.empty:
        return progress
    last = progress.sort_values("year").groupby("province_code", sort=False).tail(1)
    return last.reset_index(drop=True)


def aligned_measures(kpis: pd.DataFrame, clusters_now: pd.DataFrame) -> pd.DataFrame:
    """kpis plus per-district measures and cluster counts, one row per province."""
    out = kpis.copy()
    districts = out["districts_count"].where(out["districts_count"] > 0)
    for col in COMPARE_MEASURES:
        out[f"{col}_per_district"] = out[col] / districts
    cols = ["province_code", "districts_total", "districts_with_cluster", "share_pct"]
    right = clusters_now[cols] if not clusters_now.empty else pd.DataFrame(columns=cols)
    return out.merge(right, on="province_code", how="left")


def indexed(by_year: pd.DataFrame, measures: tuple[str, ...]) -> pd.DataFrame:
    """Long frame (province, measure, year, value, base_year, index): per province, the first
    year with a value above 0 is 100; a year without a value has no index (not 0)."""
    cols = ["province_code", "name_vi", "name_en", "measure", "year", "value", "base_year", "index"]
    frames = []
    for measure in measures:  # rows keep the query's order: provinces in display order
        d = by_year[["province_code", "name_vi", "name_en", "year", measure]].rename(columns={measure: "value"})
        d = d.assign(measure=measure, value=d["value"].astype("float64"))
        base = d[d["value"] > 0].sort_values("year").groupby("province_code").first()[["year", "value"]]
        base = base.rename(columns={"year": "base_year", "value": "base_value"})
        d = d.merge(base, left_on="province_code", right_index=True, how="left")
        d["index"] = 100 * d["value"] / d["base_value"]
        frames.append(d)
    if not frames or by_year.empty:
        return pd.DataFrame(columns=cols).astype({"index": "float64", "value": "float64"})
    out = pd.concat(frames, ignore_index=True)
    out["base_year"] = out["base_year"].astype("Int64")
    return out[cols]


def published_periods(published: pd.DataFrame) -> pd.DataFrame:
    """Per province and reconcilable metric, the periods the reports give a value for."""
    reported = published[
        published["metric"].isin(["new_jobs", "trainees", "budget_million_vnd"])
        & published["value"].notna()
        & published["period_from_year"].notna()
    ]
    if reported.empty:
        return pd.DataFrame(
            columns=[
                "province_code",
                "province_name_vi",
                "province_name_en",
                "period_label",
                "period_from_year",
                "period_to_year",
            ]
        )
    periods = reported.drop_duplicates(["province_code", "period_from_year", "period_to_year"])
    return periods[
        ["province_code", "province_name_vi", "province_name_en", "period_label", "period_from_year", "period_to_year"]
    ].reset_index(drop=True)
