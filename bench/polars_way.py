"""The same page computations with Polars' lazy scan of the same Parquet: the strongest dataframe peer.

Every question that reads the activities is answered by `pl.scan_parquet(activities.parquet)`
with the page's filters as predicates (pushed into the Parquet reader: row groups skipped by
their statistics, only the needed columns read), one `group_by` per question, collected on
Polars' own thread pool. Nothing of the activities is held in memory between changes, as in
the dashboard. The joins with the reference tables (at most ~700 rows: provinces, districts,
funds…) and the questions that never read the activities (the clusters page, options,
published figures) are the pandas way's code, unchanged (`bench.pandas_way`): they are
small-table work, identical in both peers, so a page's Polars time is its scans plus that.

`PolarsWay.run` has the signature of `kcdash.data.run`, as `PandasWay.run`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import polars as pl

from bench.pandas_way import PandasWay

FILTER_COLS = (
    ("province_code", "provinces"),
    ("craft_code", "crafts"),
    ("district_code", "districts"),
    ("activity_type_code", "activity_types"),
    ("fund_code", "funds"),
)


def _nsum(col: str, when: pl.Expr | None = None) -> pl.Expr:
    """SQL sum: null when no row (of those `when` selects) has a value, never 0."""
    c = pl.col(col) if when is None else pl.when(when).then(pl.col(col))
    return pl.when(c.count() > 0).then(c.sum()).otherwise(None)


class PolarsWay(PandasWay):
    def __init__(self, folder: str):
        super().__init__(folder, load_activities=False)
        path = self.folder / "activities.parquet"
        if not path.exists():
            raise FileNotFoundError(f"the Polars way scans Parquet: {path} is missing")
        # decimals as floats, as the pandas way reads them (sums compared to 1e-6)
        self.lf = pl.scan_parquet(path).with_columns(pl.col("budget_million_vnd").cast(pl.Float64))

    def _scan(self, p: dict[str, Any]) -> pl.LazyFrame:
        e = pl.col("year").is_between(p["year_from"], p["year_to"])
        for col, key in FILTER_COLS:
            values = p.get(key)
            if values:
                e = e & pl.col(col).is_in(list(values))
        return self.lf.filter(e)

    @staticmethod
    def _pd(lf: pl.LazyFrame) -> pd.DataFrame:
        return lf.collect().to_pandas()

    # ---- the engine-specific parts of bench.pandas_way ------------------------------------------
    def _kpis_per(self, p: dict) -> pd.DataFrame:
        out = self._pd(
            self._scan(p)
            .group_by("province_code")
            .agg(
                pl.len().alias("activity_count"),
                pl.col("is_illustrative").sum().alias("illustrative_count"),
                _nsum("trainees").alias("trainees"),
                _nsum("new_jobs").alias("new_jobs"),
                _nsum("budget_million_vnd").alias("budget_million_vnd"),
                pl.col("year").min().alias("first_year"),
                pl.col("year").max().alias("last_year"),
                _nsum("budget_million_vnd", pl.col("trainees").is_not_null()).alias("training_budget"),
                _nsum("trainees", pl.col("budget_million_vnd").is_not_null()).alias("trainees_with_budget"),
            )
        )
        return out.set_index("province_code")

    def _totals_per(self, p: dict) -> pd.DataFrame:
        return self._pd(
            self._scan(p)
            .group_by("province_code", "year")
            .agg(
                pl.len().alias("activity_count"),
                _nsum("trainees").alias("trainees"),
                _nsum("new_jobs").alias("new_jobs"),
                _nsum("budget_million_vnd").alias("budget_million_vnd"),
            )
        )

    def _trained_per(self, key: str, p: dict) -> pd.DataFrame:
        return self._pd(
            self._scan(p)
            .filter(pl.col("trainees").is_not_null() | pl.col("new_jobs").is_not_null())
            .group_by("province_code", key)
            .agg(
                pl.len().alias("activity_count"),
                _nsum("trainees").alias("trainees"),
                _nsum("new_jobs").alias("new_jobs"),
            )
        )

    def _budget_per(self, keys: list[str], p: dict) -> pd.DataFrame:
        return self._pd(
            self._scan(p)
            .group_by(*keys)
            .agg(pl.len().alias("activity_count"), _nsum("budget_million_vnd").alias("budget_million_vnd"))
        )

    def _costed_per(self, p: dict) -> pd.DataFrame:
        return self._pd(
            self._scan(p)
            .filter(pl.col("trainees").is_not_null() & pl.col("budget_million_vnd").is_not_null())
            .group_by("province_code", "year")
            .agg(
                pl.col("budget_million_vnd").sum().alias("training_budget_million_vnd"),
                pl.col("trainees").sum().alias("trainees"),
            )
        )

    def _acts_of(self, provinces: list[str]) -> pd.DataFrame:
        cols = ["province_code", "year", "fund_code", "activity_type_code", "craft_code", "district_code"]
        cols += ["trainees", "new_jobs", "budget_million_vnd", "is_illustrative"]
        return self._pd(self.lf.filter(pl.col("province_code").is_in(provinces)).select(cols))

    def _records_page(self, limit: int, offset: int, p: dict) -> pd.DataFrame:
        return self._pd(self._scan(p).sort("year", "activity_id").slice(offset, limit))

    def activity_records_count(self, **p) -> pd.DataFrame:
        return self._pd(
            self._scan(p).select(
                pl.len().cast(pl.Int64).alias("record_count"),
                pl.col("is_illustrative").sum().cast(pl.Int64).alias("illustrative_count"),
            )
        )

    def _craft_counts(self, provinces) -> pd.Series:
        lf = self.lf.filter(pl.col("province_code").is_in(list(provinces))) if provinces else self.lf
        out = self._pd(lf.group_by("craft_code").agg(pl.len().alias("activity_count")))
        return out.dropna(subset=["craft_code"]).set_index("craft_code")["activity_count"]

    def _activity_provinces(self) -> set[str]:
        return set(self._pd(self.lf.select(pl.col("province_code").unique()))["province_code"])

    def option_years(self, **_) -> pd.DataFrame:
        return self._pd(self.lf.select(pl.col("year").min().alias("year_min"), pl.col("year").max().alias("year_max")))
