"""The same page computations done the way a typical Streamlit app does them: plain pandas.

Every table is loaded into pandas once (as `st.cache_data` would keep it): activities and
clusters with `pd.read_parquet`, reference tables with `pd.read_csv` typed by the contract.
Then each question of `queries/*.sql` is answered by filtering and grouping those frames,
column for column the same result as the SQL (the benchmark checks this on the small sizes).

`PandasWay.run` has the signature of `kcdash.data.run`, so the benchmark swaps it in and calls
the very same `kcdash.pagedata` page functions: only the engine under the pages changes.
Written as a competent pandas user would (one boolean mask per filter, named aggregations, no
row loops over activities), not as a straw man.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd

from kcdash import store
from kcdash.schema import STAGES, TABLES

STAGE_YEARS = [f"{s}_year" for s in STAGES]
RECONCILED = ("new_jobs", "trainees", "budget_million_vnd", "activity_count")


def _typed(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Contract types for a frame read as text (CSV) or as Parquet."""
    out = {}
    for col in TABLES[table].columns:
        s = df[col.name]
        if col.sql_type == "BOOLEAN":
            if s.dtype != bool:
                s = s.astype("str").str.strip().str.lower().isin(["true", "1", "yes", "có", "x"])
        elif col.sql_type == "INTEGER":
            s = pd.to_numeric(s).astype("Int64") if s.dtype == object or str(s.dtype) == "str" else s
        elif col.sql_type.startswith("DECIMAL"):
            s = pd.to_numeric(s.astype("float64") if s.dtype == object else s).astype("float64")
        else:
            s = s.astype("str").where(s.notna(), None)
        out[col.name] = s
    return pd.DataFrame(out)


PROVINCE = ["province_code", "province_name_vi", "province_name_en"]
PROVINCE_ROW = ["province_code", "name_vi", "name_en"]  # a province in the queries with a row per province
DISTRICT = ["district_code", "district_name_vi", "district_name_en"]
CRAFT = ["craft_code", "craft_name_vi", "craft_name_en"]
FUND = ["fund_code", "fund_name_vi", "fund_name_en", "fund_color_hex"]
TRAINED = ["activity_count", "trainees", "new_jobs"]
BUDGET = ["activity_count", "budget_million_vnd"]
"""Columns that stand together in the queries' results: a place or a craft and its names, a fund
and how it is shown, the training measures, the budget measures."""


def _columns(df: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """`df` as a query returns it: these columns, in this order, rows numbered from 0."""
    return df[cols].reset_index(drop=True)


def _sum(group, col: str) -> pd.Series:
    """SQL sum: NULL (NaN) when no row has a value, never 0."""
    return group[col].sum().where(group[col].count() > 0)


class PandasWay:
    """All tables in pandas, and one method per query of `queries/`."""

    def __init__(self, folder: str, *, load_activities: bool = True):
        folder_path = Path(folder)
        self.folder = folder_path
        frames = {}
        for name in TABLES:
            if name == "activities" and not load_activities:
                continue
            pq, csv = folder_path / f"{name}.parquet", folder_path / f"{name}.csv"
            if pq.exists():
                frames[name] = _typed(pd.read_parquet(pq), name)
            elif csv.exists():
                frames[name] = _typed(pd.read_csv(csv, dtype=str, keep_default_na=False).replace({"": None}), name)
            elif TABLES[name].optional:  # e.g. no report kept yet: the table is empty, as DuckDB reads it
                frames[name] = pd.DataFrame({c: pd.Series(dtype=object) for c in TABLES[name].column_names})
            else:
                raise FileNotFoundError(csv)
        self.t = frames
        self.acts = frames.get("activities", pd.DataFrame())

    # ---- the data.run stand-in --------------------------------------------------------------
    def run(self, name: str, db=None, **params) -> pd.DataFrame:
        return getattr(self, name)(**params)

    def data_version(self, db=None) -> dict:
        # what the version is comes from the store (the folder's lake, which `make run` and the
        # benchmark make, else its manifest), as the dashboard shows it: metadata, not a sum to time
        return store.active_version(str(self.folder))

    # ---- helpers ------------------------------------------------------------------------------
    def _scoped(self, provinces, year_from, year_to, crafts, districts, activity_types, funds, **_) -> pd.DataFrame:
        a = self.acts
        m = a["year"].between(year_from, year_to)
        for col, values in (
            ("province_code", provinces),
            ("craft_code", crafts),
            ("district_code", districts),
            ("activity_type_code", activity_types),
            ("fund_code", funds),
        ):
            if values:
                m &= a[col].isin(values)
        return a[m]

    def _provinces(self, cols: dict[str, str] | None = None) -> pd.DataFrame:
        p = self.t["provinces"][["province_code", "name_vi", "name_en", "color_hex", "display_order"]]
        return p.rename(columns=cols) if cols else p

    @staticmethod
    def _chosen(df: pd.DataFrame, col: str, values) -> pd.DataFrame:
        return df[df[col].isin(values)] if values else df

    _PNAMES: ClassVar[dict[str, str]] = {"name_vi": "province_name_vi", "name_en": "province_name_en"}

    def _with_province(self, df: pd.DataFrame, *, names: dict[str, str] = _PNAMES) -> pd.DataFrame:
        p = self._provinces().rename(columns=names)
        return df.merge(p, on="province_code", how="inner")

    @staticmethod
    def _desc_nulls_last(df: pd.DataFrame, col: str) -> pd.Series:
        return df[col].fillna(-np.inf)

    # ---- measures ---------------------------------------------------------------------------
    def _kpis_per(self, p: dict) -> pd.DataFrame:
        """Per province: counts, sums (missing when no row has a value), years; indexed by code."""
        s = self._scoped(**p)
        g = s.groupby("province_code")
        per = pd.DataFrame(
            {
                "activity_count": g.size(),
                "illustrative_count": g["is_illustrative"].sum(),
                "trainees": _sum(g, "trainees"),
                "new_jobs": _sum(g, "new_jobs"),
                "budget_million_vnd": _sum(g, "budget_million_vnd"),
                "first_year": g["year"].min(),
                "last_year": g["year"].max(),
            }
        )
        tb = s["budget_million_vnd"].where(s["trainees"].notna()).groupby(s["province_code"])
        twb = s["trainees"].where(s["budget_million_vnd"].notna()).groupby(s["province_code"])
        per["training_budget"] = tb.sum().where(tb.count() > 0)
        per["trainees_with_budget"] = twb.sum().where(twb.count() > 0)
        return per

    def kpis_by_province(self, **p) -> pd.DataFrame:
        per = self._kpis_per(p)
        d = self.t["districts"]
        y = p["year_to"]
        dc = d[(d["first_year"] <= y) & (y <= d["last_year"])].groupby("province_code").size().rename("districts_count")
        chosen = self._chosen(self._provinces(), "province_code", p["provinces"])
        out = chosen.merge(per, left_on="province_code", right_index=True, how="left")
        out = out.merge(dc, left_on="province_code", right_index=True, how="left")
        out["activity_count"] = out["activity_count"].fillna(0).astype("int64")
        out["illustrative_count"] = out["illustrative_count"].fillna(0).astype("int64")
        out["budget_per_trainee_million_vnd"] = out["training_budget"] / out["trainees_with_budget"].where(
            out["trainees_with_budget"] != 0
        )
        out["jobs_per_trainee"] = out["new_jobs"] / out["trainees"].where(out["trainees"] != 0)
        out = out.sort_values(["display_order", "province_code"])
        return _columns(
            out,
            [
                *PROVINCE_ROW,
                "color_hex",
                "activity_count",
                "illustrative_count",
                "trainees",
                "new_jobs",
                "budget_million_vnd",
                "budget_per_trainee_million_vnd",
                "jobs_per_trainee",
                "first_year",
                "last_year",
                "districts_count",
            ],
        )

    def _totals_per(self, p: dict) -> pd.DataFrame:
        g = self._scoped(**p).groupby(["province_code", "year"])
        return pd.DataFrame(
            {
                "activity_count": g.size(),
                "trainees": _sum(g, "trainees"),
                "new_jobs": _sum(g, "new_jobs"),
                "budget_million_vnd": _sum(g, "budget_million_vnd"),
            }
        ).reset_index()

    def totals_by_province_year(self, **p) -> pd.DataFrame:
        out = self._totals_per(p)
        out = out.merge(self._provinces(), on="province_code").sort_values(["display_order", "year"])
        return _columns(out, [*PROVINCE_ROW, "year", *TRAINED, "budget_million_vnd"])

    def _trained_per(self, key: str, p: dict) -> pd.DataFrame:
        s = self._scoped(**p)
        s = s[s["trainees"].notna() | s["new_jobs"].notna()]
        g = s.groupby(["province_code", key], dropna=False)
        return pd.DataFrame(
            {"activity_count": g.size(), "trainees": _sum(g, "trainees"), "new_jobs": _sum(g, "new_jobs")}
        ).reset_index()

    def _trainees_by(self, key: str, ref: str, names: dict[str, str], p: dict) -> pd.DataFrame:
        out = self._with_province(self._trained_per(key, p))
        r = self.t[ref][[key, "name_vi", "name_en"]].rename(columns=names)
        return out.merge(r, on=key, how="left")

    def trainees_by_district_and_craft(self, **p) -> pd.DataFrame:
        """The rows per district (by_craft false), then per craft (true), as the query gives them."""
        names = {"name_vi": "district_name_vi", "name_en": "district_name_en"}
        by_district = self._trainees_by("district_code", "districts", names, p)
        by_district = by_district.assign(_t=self._desc_nulls_last(by_district, "trainees")).sort_values(
            ["province_code", "_t", "district_code"], ascending=[True, False, True], na_position="last"
        )
        names = {"name_vi": "craft_name_vi", "name_en": "craft_name_en"}
        by_craft = self._trainees_by("craft_code", "crafts", names, p)
        by_craft = by_craft.assign(_t=self._desc_nulls_last(by_craft, "trainees")).sort_values(
            ["_t", "province_code", "craft_code"], ascending=[False, True, True], na_position="last"
        )
        out = pd.concat([by_district.assign(by_craft=False), by_craft.assign(by_craft=True)], ignore_index=True)
        return _columns(out, ["by_craft", *PROVINCE, *DISTRICT, *CRAFT, *TRAINED])

    def _funds(self) -> pd.DataFrame:
        return self.t["funds"][["fund_code", "short_vi", "short_en", "color_hex"]].rename(
            columns={"short_vi": "fund_name_vi", "short_en": "fund_name_en", "color_hex": "fund_color_hex"}
        )

    def _budget_per(self, keys: list[str], p: dict) -> pd.DataFrame:
        """Activity count and budget (missing when no row has one) per `keys`, as columns."""
        s = self._scoped(**p)
        g = s.groupby(keys)
        out = pd.DataFrame({"activity_count": g.size(), "budget_million_vnd": _sum(g, "budget_million_vnd")})
        return out.reset_index()

    def budget_by_year_fund(self, **p) -> pd.DataFrame:
        out = self._budget_per(["province_code", "year", "fund_code"], p)
        out = self._with_province(out).merge(self._funds(), on="fund_code")
        out = out.sort_values(["province_code", "year", "fund_code"])
        return _columns(out, [*PROVINCE, "year", *FUND, *BUDGET])

    def budget_by_fund(self, **p) -> pd.DataFrame:
        out = self._budget_per(["province_code", "fund_code"], p)
        total = out.groupby("province_code")["budget_million_vnd"].transform(lambda x: x.sum(min_count=1))
        out["share_pct"] = 100 * out["budget_million_vnd"] / total.where(total != 0)
        out = self._with_province(out).merge(self._funds(), on="fund_code")
        out = out.sort_values(["display_order", "fund_code"])
        return _columns(out, [*PROVINCE, *FUND, *BUDGET, "share_pct"])

    def budget_by_activity_type(self, **p) -> pd.DataFrame:
        out = self._budget_per(["province_code", "activity_type_code"], p)
        t = self.t["activity_types"][["activity_type_code", "article_clause", "short_vi", "short_en"]].rename(
            columns={"short_vi": "activity_type_name_vi", "short_en": "activity_type_name_en"}
        )
        out = self._with_province(out).merge(t, on="activity_type_code")
        out = out.sort_values(["province_code", "article_clause"])
        return _columns(
            out,
            [
                *PROVINCE,
                "activity_type_code",
                "article_clause",
                "activity_type_name_vi",
                "activity_type_name_en",
                *BUDGET,
            ],
        )

    def _costed_per(self, p: dict) -> pd.DataFrame:
        s = self._scoped(**p)
        s = s[s["trainees"].notna() & s["budget_million_vnd"].notna()]
        g = s.groupby(["province_code", "year"])
        return pd.DataFrame(
            {"training_budget_million_vnd": g["budget_million_vnd"].sum(), "trainees": g["trainees"].sum()}
        ).reset_index()

    def cost_per_trainee_by_year(self, **p) -> pd.DataFrame:
        out = self._costed_per(p)
        out["budget_per_trainee_million_vnd"] = out["training_budget_million_vnd"] / out["trainees"].where(
            out["trainees"] != 0
        )
        out = self._with_province(out).sort_values(["province_code", "year"])
        return _columns(
            out, [*PROVINCE, "year", "training_budget_million_vnd", "trainees", "budget_per_trainee_million_vnd"]
        )

    # ---- clusters -----------------------------------------------------------------------------
    def _stage_year(self, c: pd.DataFrame, k: int) -> pd.Series:
        """kcdash macro cluster_stage_year: year stage k (1-based) was reached, NaN if not reached."""
        rank = c["stage"].map({s: i + 1 for i, s in enumerate(STAGES)})
        later = c[STAGE_YEARS[k - 1 :]].astype("float64").min(axis=1, skipna=True)
        year = later.fillna(c["as_of_year"].astype("float64"))
        return year.where(rank >= k)

    def _chosen_districts(self, provinces, districts, as_of_year=None) -> pd.DataFrame:
        d = self.t["districts"]
        d = self._chosen(self._chosen(d, "province_code", provinces), "district_code", districts)
        if as_of_year is not None:
            d = d[(d["first_year"] <= as_of_year) & (as_of_year <= d["last_year"])]
        return d

    def cluster_progress(self, provinces, districts, year_from, year_to, stage, **_) -> pd.DataFrame:
        d = self._chosen_districts(provinces, districts)[["district_code", "province_code", "first_year", "last_year"]]
        years = pd.DataFrame({"year": range(year_from, year_to + 1)})
        dy = d.merge(years, how="cross")
        dy = dy[(dy["year"] >= dy["first_year"]) & (dy["year"] <= dy["last_year"])]
        c = self.t["clusters"]
        reached = (
            c.assign(reached_year=self._stage_year(c, STAGES.index(stage) + 1))
            .groupby("district_code")["reached_year"]
            .min()
        )
        dy = dy.merge(reached, left_on="district_code", right_index=True, how="left")
        dy["with"] = dy["reached_year"] <= dy["year"]
        g = dy.groupby(["province_code", "year"])
        out = pd.DataFrame({"districts_total": g.size(), "districts_with_cluster": g["with"].sum()}).reset_index()
        out["share_pct"] = 100.0 * out["districts_with_cluster"] / out["districts_total"]
        t = self.t["targets"]
        t = (
            t[t["metric"] == "clusters_per_district"]
            .groupby("province_code")["value"]
            .max()
            .rename("target_per_district")
        )
        out = out.merge(self._provinces(), on="province_code").merge(
            t, left_on="province_code", right_index=True, how="left"
        )
        out = out.sort_values(["display_order", "year"])
        return _columns(
            out,
            [
                *PROVINCE_ROW,
                "color_hex",
                "year",
                "districts_total",
                "districts_with_cluster",
                "share_pct",
                "target_per_district",
            ],
        )

    def cluster_districts(self, provinces, districts, as_of_year, **_) -> pd.DataFrame:
        d = self._chosen_districts(provinces, districts, as_of_year)
        before = d["kind_since_year"].notna() & d["previous_kind"].notna() & (as_of_year < d["kind_since_year"])
        d = d.assign(kind=d["previous_kind"].where(before, d["kind"]))  # the kind it had that year
        c = self.t["clusters"].copy()
        reached = pd.Series(np.nan, index=c.index)
        for k in range(1, len(STAGES) + 1):
            reached = reached.where(~(self._stage_year(c, k) <= as_of_year), k)
        c["stage_rank_reached"] = reached
        r = c[c["stage_rank_reached"].notna()].sort_values("cluster_id")
        g = r.groupby("district_code")
        per = pd.DataFrame(
            {
                "cluster_count": g.size(),
                "stage_rank_reached": g["stage_rank_reached"].max(),
                "cluster_names": g["name_vi"].agg("; ".join),
                "area_ha": _sum(g, "area_ha"),
                "occupancy_pct": g["occupancy_pct"].mean(),
                "is_illustrative": g["is_illustrative"].any(),
                "source": g["source"].agg(lambda x: "; ".join(dict.fromkeys(x))),
            }
        )
        out = d.merge(per, left_on="district_code", right_index=True, how="left")
        out = out.rename(columns={"name_vi": "district_name_vi", "name_en": "district_name_en"})
        out = self._with_province(out)
        out["cluster_count"] = out["cluster_count"].fillna(0).astype("int64")
        out["stage"] = out["stage_rank_reached"].map(lambda k: STAGES[int(k) - 1] if pd.notna(k) else None)
        out = out.sort_values(["display_order", "district_code"])
        return _columns(
            out,
            [
                *PROVINCE,
                *DISTRICT,
                "kind",
                "cluster_count",
                "stage",
                "stage_rank_reached",
                "cluster_names",
                "area_ha",
                "occupancy_pct",
                "is_illustrative",
                "source",
            ],
        )

    def districts_without_cluster(self, provinces, districts, as_of_year, stage, **_) -> pd.DataFrame:
        d = self._chosen_districts(provinces, districts, as_of_year)
        c = self.t["clusters"]
        reached = set(c.loc[self._stage_year(c, STAGES.index(stage) + 1) <= as_of_year, "district_code"])
        out = d[~d["district_code"].isin(reached)]
        out = out.rename(columns={"name_vi": "district_name_vi", "name_en": "district_name_en"})
        out = self._with_province(out).sort_values(["display_order", "district_code"])
        return _columns(out, [*PROVINCE, *DISTRICT])

    # ---- facts ------------------------------------------------------------------------------
    def _rows_of_provinces(self, table: str, key: str, provinces, cols: list[str]) -> pd.DataFrame:
        """The rows of `table` of the chosen provinces in display order, then by `key`: the key, the
        province and its names, then `cols`."""
        rows = self._with_province(self._chosen(self.t[table], "province_code", provinces))
        return _columns(rows.sort_values(["display_order", key]), [key, *PROVINCE, *cols])

    def targets_by_province(self, provinces, **_) -> pd.DataFrame:
        rest = [c for c in TABLES["targets"].column_names if c not in ("target_id", "province_code")]
        return self._rows_of_provinces("targets", "target_id", provinces, rest)

    def published_figures(self, provinces, **_) -> pd.DataFrame:
        return self._rows_of_provinces(
            "published_figures",
            "figure_id",
            provinces,
            [
                "period_from_year",
                "period_to_year",
                "period_label",
                "metric",
                "fund_code",
                "district_code",
                "value",
                "unit",
                "qualifier",
                "label_vi",
                "label_en",
                "source_file",
                "quote",
                "activity_type_code",
                "craft_code",
                "status",
                "period_part",
                "part_of",
                "note_vi",
                "note_en",
            ],
        )

    def reconciliation(self, provinces, **_) -> pd.DataFrame:
        f = self.t["published_figures"]
        f = self._chosen(f[f["metric"].isin(RECONCILED)], "province_code", provinces)
        a = self._acts_of(sorted(set(f["province_code"])))  # one pass, then per figure
        rows = []
        for fig in f.itertuples(index=False):
            m = (a["province_code"] == fig.province_code) & a["year"].between(
                0 if pd.isna(fig.period_from_year) else fig.period_from_year,
                9999 if pd.isna(fig.period_to_year) else fig.period_to_year,
            )
            for col, val in (
                ("fund_code", fig.fund_code),
                ("activity_type_code", fig.activity_type_code),
                ("craft_code", fig.craft_code),
                ("district_code", fig.district_code),
            ):
                if val is not None and not pd.isna(val):
                    m &= a[col] == val
            s = a[m]
            n = len(s)
            if fig.metric == "activity_count":
                value = float(n)
            else:
                col = s[fig.metric]
                # budgets have one decimal: round the float sum back to it, or 6788.9 != 6788.9
                value = round(float(col.sum()), 1) if col.count() else np.nan
            rows.append(
                {
                    "figure_id": fig.figure_id,
                    "record_count": n,
                    "illustrative_count": int(s["is_illustrative"].sum()),
                    "record_value": value,
                }
            )
        sums = pd.DataFrame(rows, columns=["figure_id", "record_count", "illustrative_count", "record_value"])
        out = self._with_province(f.merge(sums, on="figure_id"))
        out = out.rename(columns={"value": "published_value"})
        out["difference"] = out["record_value"] - out["published_value"]
        pv, rv = out["published_value"], out["record_value"]
        out["status"] = np.select(
            [
                out["qualifier"] == "not_reported",
                out["record_count"] == 0,
                rv == pv,
                (out["qualifier"] == "approximate_below") & (rv <= pv) & (rv >= 0.95 * pv),
                (out["qualifier"] == "approximate") & ((rv - pv).abs() <= 0.05 * pv),
            ],
            ["not_published", "no_records", "match", "consistent", "consistent"],
            "differs",
        )
        out = out.sort_values(["display_order", "figure_id"])
        return _columns(
            out,
            [
                "figure_id",
                *PROVINCE,
                "period_label",
                "metric",
                "fund_code",
                "label_vi",
                "label_en",
                "unit",
                "qualifier",
                "published_value",
                "record_value",
                "difference",
                "record_count",
                "illustrative_count",
                "status",
                "source_file",
                "quote",
            ],
        )

    def _acts_of(self, provinces: list[str]) -> pd.DataFrame:
        return self.acts[self.acts["province_code"].isin(provinces)]

    # ---- records ----------------------------------------------------------------------------
    def _records_page(self, limit: int, offset: int, p: dict) -> pd.DataFrame:
        return self._scoped(**p).sort_values(["year", "activity_id"]).iloc[offset : offset + limit]

    def activity_records(self, limit, offset, **p) -> pd.DataFrame:
        out = self._with_province(self._records_page(limit, offset, p))
        d = self.t["districts"][["district_code", "name_vi", "name_en"]].rename(
            columns={"name_vi": "district_name_vi", "name_en": "district_name_en"}
        )
        t = self.t["activity_types"][["activity_type_code", "short_vi", "short_en"]].rename(
            columns={"short_vi": "activity_type_name_vi", "short_en": "activity_type_name_en"}
        )
        c = self.t["crafts"][["craft_code", "name_vi", "name_en"]].rename(
            columns={"name_vi": "craft_name_vi", "name_en": "craft_name_en"}
        )
        f = self._funds().drop(columns="fund_color_hex")
        out = out.merge(d, on="district_code", how="left").merge(t, on="activity_type_code")
        out = out.merge(c, on="craft_code", how="left").merge(f, on="fund_code").sort_values(["year", "activity_id"])
        return _columns(
            out,
            [
                "activity_id",
                "year",
                *PROVINCE,
                *DISTRICT,
                "activity_type_code",
                "activity_type_name_vi",
                "activity_type_name_en",
                "craft_code",
                "craft_name_vi",
                "craft_name_en",
                "fund_code",
                "fund_name_vi",
                "fund_name_en",
                "budget_million_vnd",
                "trainees",
                "new_jobs",
                "title_vi",
                "source",
                "is_illustrative",
            ],
        )

    def activity_records_count(self, **p) -> pd.DataFrame:
        s = self._scoped(**p)
        return pd.DataFrame({"record_count": [len(s)], "illustrative_count": [int(s["is_illustrative"].sum())]})

    def _craft_counts(self, provinces) -> pd.Series:
        a = self._chosen(self.acts, "province_code", provinces)
        return a.groupby("craft_code").size().rename("activity_count")

    # ---- options and glossary ---------------------------------------------------------------
    def _activity_provinces(self) -> set[str]:
        return set(self.acts["province_code"])

    def option_provinces(self, **_) -> pd.DataFrame:
        p = self.t["provinces"].sort_values(["display_order", "province_code"])
        figures = self.t["published_figures"]
        known = (
            self._activity_provinces()
            | set(self.t["clusters"]["province_code"])
            | set(figures.loc[figures["value"].notna(), "province_code"])
        )
        p = p.assign(has_data=p["province_code"].isin(known))
        cols = ["province_code", "name_vi", "name_en", "color_hex", "display_order", "note_vi", "note_en"]
        cols += ["province_2025_vi", "province_2025_en", "has_data"]
        return p[cols].reset_index(drop=True)

    def option_years(self, **_) -> pd.DataFrame:
        y = self.acts["year"]
        return pd.DataFrame({"year_min": [y.min()], "year_max": [y.max()]})

    def option_crafts(self, provinces, **_) -> pd.DataFrame:
        counts = self._craft_counts(provinces)
        c = self.t["crafts"].merge(counts, left_on="craft_code", right_index=True, how="left")
        c["activity_count"] = c["activity_count"].fillna(0).astype("int64")
        c = c.sort_values(["activity_count", "name_vi"], ascending=[False, True])
        return c[["craft_code", "name_vi", "name_en", "group_vi", "group_en", "activity_count"]].reset_index(drop=True)

    def option_districts(self, provinces, **_) -> pd.DataFrame:
        d = self._chosen(self.t["districts"], "province_code", provinces)
        d = d.merge(self._provinces()[["province_code", "display_order"]], on="province_code")
        d = d.sort_values(["display_order", "district_code"])
        return d[
            ["district_code", "province_code", "name_vi", "name_en", "kind", "first_year", "last_year"]
        ].reset_index(drop=True)

    def option_activity_types(self, **_) -> pd.DataFrame:
        cols = ["activity_type_code", "article_clause", "name_vi", "name_en", "short_vi", "short_en", "legal_basis"]
        return self.t["activity_types"].sort_values("article_clause")[cols].reset_index(drop=True)

    def option_funds(self, **_) -> pd.DataFrame:
        cols = ["fund_code", "name_vi", "name_en", "short_vi", "short_en", "color_hex"]
        return self.t["funds"].sort_values("fund_code")[cols].reset_index(drop=True)

    def cluster_list_status(self, provinces, **_) -> pd.DataFrame:
        c = self.t["clusters"].groupby("province_code")
        counts = pd.DataFrame({"cluster_count": c.size(), "illustrative_count": c["is_illustrative"].sum()})
        out = self._chosen(self._provinces(), "province_code", provinces)
        out = out.merge(counts, left_on="province_code", right_index=True, how="left")
        for col in ("cluster_count", "illustrative_count"):
            out[col] = out[col].fillna(0).astype("int64")
        out["sourced_count"] = out["cluster_count"] - out["illustrative_count"]
        out = out.sort_values(["display_order", "province_code"])
        cols = [*PROVINCE_ROW, "cluster_count", "illustrative_count", "sourced_count"]
        return out[cols].reset_index(drop=True)

    def district_kinds_by_year(self, provinces, as_of_year, **_) -> pd.DataFrame:
        year = as_of_year
        d = self._chosen(self.t["districts"], "province_code", provinces)
        d = d[(d["first_year"] <= year) & (year <= d["last_year"])]
        before = d["kind_since_year"].notna() & d["previous_kind"].notna() & (year < d["kind_since_year"])
        d = d.assign(kind_then=d["previous_kind"].where(before, d["kind"]), kind_now=d["kind"])
        d = d.merge(self._provinces()[["province_code", "display_order"]], on="province_code")
        d = d.sort_values(["display_order", "district_code"]).drop(columns="kind").rename(columns={"kind_then": "kind"})
        cols = ["district_code", "province_code", "name_vi", "name_en", "kind", "kind_now", "kind_since_year"]
        return d[[*cols, "previous_kind"]].reset_index(drop=True)

    def sources(self, provinces, **_) -> pd.DataFrame:
        s = self._chosen(self.t["sources"], "province_code", provinces)
        s = s.merge(self._provinces()[["province_code", "display_order"]], on="province_code", how="left")
        s = s.sort_values(["display_order", "source_file"], na_position="last")
        cols = [c.name for c in TABLES["sources"].columns]
        order = ["source_file", "province_code", "title_vi", "cited_title_vi", "cited_title_en", "title_is_supplied"]
        order += ["headings_vi", "author_vi", "issuing_body_vi", "issuing_body_en", "place_vi", "place_en"]
        order += ["period_label", "period_from_year", "period_to_year", "date_published", "not_before_year"]
        order += ["kind_vi", "kind_en", "note_vi", "note_en", "url"]
        s = s.assign(has_document=s["source_file"].isin(set(self.t["source_documents"]["source_file"])))
        return s[[c for c in order if c in cols] + ["has_document"]].reset_index(drop=True)

    def source_document(self, source_file, **_) -> pd.DataFrame:
        d = self.t["source_documents"]
        cols = ["source_file", "file_name", "media_type", "content_base64", "text"]
        return d.loc[d["source_file"] == source_file, cols].reset_index(drop=True)

    def activity_type_map(self, **_) -> pd.DataFrame:
        t = self.t["activity_types"][["activity_type_code", "article_clause", "short_vi", "short_en"]]
        m = self.t["activity_type_map"].merge(t, on="activity_type_code").sort_values(["framework", "article_clause"])
        return m[["framework", "legacy_name_vi", "activity_type_code", "short_vi", "short_en"]].reset_index(drop=True)
