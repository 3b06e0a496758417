"""What the national views read beyond the records: each province's figure as its reports
published it (one a province, for the map and the ranking), and the 63 provinces regrouped into
the 34 of 1 July 2025 (Resolution 202/2025/QH15), sums marked by the caller as regrouped."""

from __future__ import annotations

import pandas as pd

from kcdash import data

PUBLISHED_MAP_METRICS = ("trainees", "new_jobs", "budget_million_vnd")
"""Measures the national map can show as the reports published them (one figure a province)."""


def published_by_province(published: pd.DataFrame, metric: str, year_from: int, year_to: int) -> pd.DataFrame:
    """For each province, the one figure its reports published for `metric` in the years shown:
    a province-wide total (no fund, no district), a result or an estimate (not a plan), whose
    period meets [year_from, year_to]; the latest period first, then the widest. Columns:
    province_code, value, qualifier, period_from_year, period_to_year, period_part, status,
    source_file, quote, figure_id."""
    columns = ["province_code", "value", "qualifier", "period_from_year", "period_to_year", "period_part",
               "status", "source_file", "quote", "figure_id", "metric", "unit", "fund_code"]  # fmt: skip
    if published.empty:
        return pd.DataFrame(columns=columns)
    rows = published[
        (published["metric"] == metric)
        & published["fund_code"].isna()
        & published["district_code"].isna()
        & published["value"].notna()
        & (published["status"].fillna("done") != "planned")
    ]
    start = rows["period_from_year"].fillna(rows["period_to_year"])
    end = rows["period_to_year"].fillna(rows["period_from_year"])
    rows = rows[(start.fillna(year_from) <= year_to) & (end.fillna(year_to) >= year_from)]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    rows = rows.assign(_end=end, _span=end - start).sort_values(["_end", "_span"], ascending=[False, False])
    return rows.drop_duplicates("province_code")[columns].reset_index(drop=True)


def with_published(frame: pd.DataFrame, published: pd.DataFrame, year_from: int, year_to: int) -> pd.DataFrame:
    """`frame` (one row per province) with a `published_<metric>` column per map metric."""
    out = frame
    for metric in PUBLISHED_MAP_METRICS:
        chosen = published_by_province(published, metric, year_from, year_to)
        values = chosen[["province_code", "value"]].rename(columns={"value": f"published_{metric}"})
        values[f"published_{metric}"] = pd.to_numeric(values[f"published_{metric}"], errors="coerce").astype("float64")
        out = out.merge(values, on="province_code", how="left")
    return out


GROUP_2025 = "province_2025"
"""URL value of the national views' regrouping into the 34 provinces of 1 July 2025."""


def province_reference() -> pd.DataFrame:
    """Every province of the reference data with the one of 2025 it belongs to (cached per version)."""
    return data.provinces()


def regrouped_2025(frame: pd.DataFrame, provinces: pd.DataFrame, sums: list[str]) -> pd.DataFrame:
    """One row per province of 1 July 2025: `sums` added over the old provinces it took in
    (empty stays empty: a group with no value is "no data", not 0), named by the new province,
    keyed by the code of its first old province in display order, with `members` (old codes)
    and `member_names_vi/en`."""
    names = provinces[["province_code", "name_vi", "name_en", "province_2025_vi", "province_2025_en", "display_order"]]
    rows = frame.drop(columns=[c for c in ("name_vi", "name_en") if c in frame.columns]).merge(
        names, on="province_code", how="inner"
    )
    # the old province whose name the new one kept first, then display order
    rows = rows.assign(_own=rows["name_vi"] != rows["province_2025_vi"]).sort_values(["_own", "display_order"])
    grouped = rows.groupby(["province_2025_vi", "province_2025_en"], sort=False)
    out = grouped[sums].sum(min_count=1).reset_index()
    out["province_code"] = grouped["province_code"].first().to_numpy()
    out["members"] = grouped["province_code"].agg(list).to_numpy()
    out["member_names_vi"] = grouped["name_vi"].agg(", ".join).to_numpy()
    out["member_names_en"] = grouped["name_en"].agg(", ".join).to_numpy()
    return out.rename(columns={"province_2025_vi": "name_vi", "province_2025_en": "name_en"})
