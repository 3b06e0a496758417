"""Everything a page reads, one function per page, exactly as the page computes it.

Each function calls only `kcdash.data` (cached queries) plus light pandas shaping, and returns
named DataFrames. Pages call these and nothing else that touches data, so the benchmark can
time a page's data work by calling the same function (`bench/`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd

from kcdash import data, fmt
from kcdash.cards import MODES as MODES  # data modes, re-exported for app.py
from kcdash.data import Filters
from kcdash.i18n import lang_col, t
from kcdash.schema import MEASURES, STAGES
from kcdash.validate import DataValidationError

__all__ = ["STAGES", "DataValidationError", "Filters", "open_data"]

COMPARE_MEASURES = MEASURES
"""Measures the compare page lines up (columns of totals_by_province_year)."""


def open_data() -> None:
    """Open (or reopen after an import) the data version shown; raises DataValidationError."""
    data.database()


def version_label(version: Mapping[str, Any], lang: str) -> str:
    """ "Số liệu: phiên bản 14, ngày 30/11/2026": the data version shown, as every page, chart
    table, download and the report name it. A version with no number (the bundled data before
    the first import) by its label. Plain text: escape it for Markdown."""
    vid = str(version.get("id") or "")
    when = fmt.date(version.get("created_at"), lang)
    if vid.isdigit():
        return t("snapshot.label", lang, number=vid, date=when)
    return t("app.data_version", lang, label=version.get(lang_col("label", lang)) or vid, date=when)


def data_version() -> dict[str, Any]:
    """The data version shown (the latest, or the earlier snapshot a link names)."""
    return data.data_version()


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


def labels(df: pd.DataFrame, code_col: str, name_col: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """code -> name shown; a name two codes share gets `extra[code]` added, so names stay distinct."""
    out = {str(c): str(n) for c, n in zip(df[code_col], df[name_col], strict=True)}
    counts: dict[str, int] = {}
    for label in out.values():
        counts[label] = counts.get(label, 0) + 1
    for code, label in list(out.items()):
        if counts[label] > 1:
            out[code] = f"{label} ({(extra or {}).get(code, code)})"
    return out


def filter_labels(lang: str) -> dict[str, dict[str, str]]:
    """Per shared filter (provinces, crafts, districts, activity_types, funds): code -> the name
    shown in `lang`, districts as "huyện X" with the kind they had in the last year. Made once per
    data version and language (every rerun of every page reads them; at national scale there are
    700 district labels), kept for the last few versions."""
    return _filter_labels(data.cache_token(), lang)


@functools.lru_cache(maxsize=8)
def _filter_labels(token: tuple[str, int | None], lang: str) -> dict[str, dict[str, str]]:  # token: the data version
    options = filter_options()
    year_max = int(options["years"].iloc[0]["year_max"])
    name, short = f"name_{lang}", f"short_{lang}"
    provinces = labels(options["provinces"], "province_code", name)
    districts = label_districts(options["districts"], year_max, "name")  # "huyện X", not a bare name
    return {
        "provinces": provinces,
        "crafts": labels(options["crafts"], "craft_code", name),
        "activity_types": labels(options["activity_types"], "activity_type_code", short),
        "funds": labels(options["funds"], "fund_code", short),
        "districts": labels(
            districts,
            "district_code",
            name,
            {
                str(d): provinces.get(str(p), "")
                for d, p in zip(districts["district_code"], districts["province_code"], strict=True)
            },
        ),
    }


def district_options(province_codes: tuple[str, ...]) -> pd.DataFrame:
    """Districts of the chosen provinces (none when no province is chosen)."""
    if not province_codes:
        return data.districts(())[0:0]
    return data.districts(tuple(province_codes))


def overview(f: Filters) -> dict[str, pd.DataFrame]:
    """Headline numbers per province beside the published figures (Tổng quan)."""
    return {
        "kpis": data.kpis(f),
        "by_year": data.totals_by_year(f),  # the trend beside the key figures
        "budget_by_fund": data.budget_by_fund(f),
        "published": data.published_figures(f),
        "reconciliation": data.reconciliation(f),
        "clusters_now": clusters_at_end(f),
        "targets": data.targets(f),
        "funds": data.funds(),
    }


def training(f: Filters) -> dict[str, pd.DataFrame]:
    """Trainees and new jobs by year, craft and district (Đào tạo nghề & việc làm)."""
    return {**training_years(f), **training_parts(f)}


def training_years(f: Filters) -> dict[str, pd.DataFrame]:
    """What the training page reads before its sections: headline numbers and the years."""
    by_year = data.totals_by_year(f)
    by_year["jobs_per_trainee_pct"] = 100 * by_year["new_jobs"] / by_year["trainees"].where(by_year["trainees"] > 0)
    return {"kpis": data.kpis(f), "by_year": by_year}


def training_parts(f: Filters) -> dict[str, pd.DataFrame]:
    """The training page's "by craft and district" section: read only when that section is shown."""
    return {
        "by_craft": data.trainees_by_craft(f),
        "by_district": label_districts(data.trainees_by_district(f), f.year_to),
    }


def budget(f: Filters) -> dict[str, pd.DataFrame]:
    """Budget by year and fund, by activity, fund shares and per trainee (Kinh phí)."""
    return {**budget_years(f), **budget_per_trainee(f), **budget_parts(f)}


def budget_years(f: Filters) -> dict[str, pd.DataFrame]:
    """What the budget page reads before its sections, and its years section."""
    return {
        "kpis": data.kpis(f),
        "by_year_fund": data.budget_by_year_fund(f),
        "by_fund": data.budget_by_fund(f),
    }


def budget_per_trainee(f: Filters) -> dict[str, pd.DataFrame]:
    """The budget page's "per trainee" section: read only when that section is shown."""
    return {"per_trainee": data.cost_per_trainee_by_year(f)}


def budget_parts(f: Filters) -> dict[str, pd.DataFrame]:
    """The budget page's "by content and fund" section: read only when that section is shown."""
    return {"by_activity": data.budget_by_activity_type(f)}


def clusters(f: Filters, stage: str = "established", as_of_year: int | None = None) -> dict[str, pd.DataFrame]:
    """Progress toward one cluster per district, district table, districts without (Cụm công nghiệp)."""
    as_of = int(as_of_year or f.year_to)
    lists = data.cluster_list_status(f)
    progress = data.cluster_progress(f, stage)
    no_list = progress["province_code"].isin(lists.loc[lists["cluster_count"] == 0, "province_code"])
    for col in ("districts_with_cluster", "share_pct"):  # no cluster list: missing, never 0 of n
        progress[col] = progress[col].astype("Float64").mask(no_list)
    return {
        "progress": progress,
        "districts": label_districts(data.cluster_districts(f, as_of), as_of),
        "without": label_districts(data.districts_without_cluster(f, stage, as_of), as_of),
        "targets": data.targets(f),
        "lists": lists,
    }


def compare(f: Filters) -> dict[str, pd.DataFrame]:
    """The chosen provinces on aligned measures, published figures and indexed trends (So sánh)."""
    kpis = data.kpis(f)
    by_year = data.totals_by_year(f)
    published = data.published_figures(f)
    counts = cluster_counts(f)
    return {
        "kpis": kpis,
        "aligned": aligned_measures(kpis, counts),
        "cluster_counts": counts,
        "by_year": by_year,
        "published": published,
        "periods": published_periods(published),
        "funds": data.funds(),
    }


def compare_parts(f: Filters) -> dict[str, pd.DataFrame]:
    """The compare page's "per district and by fund" section: the fund mix, read only when that
    section is shown (one DuckDB query fewer a change in the default section)."""
    return {"by_fund": data.budget_by_fund(f)}


RECORD_SORTS = data.RECORD_SORTS
SEARCH_MAX_CHARS = data.SEARCH_MAX_CHARS
fold_search = data.fold_search


def record_count(f: Filters, search: str = "") -> int:
    """How many records the filters (and a search) select: the pager needs it before it asks for a page."""
    return data.records_count(f, search)[0]


def data_sources(
    f: Filters, page: int = 1, page_size: int = 50, *, sort: str = "year", search: str = ""
) -> dict[str, pd.DataFrame]:
    """One page of the filtered records (in the `sort` order, those matching `search`), published
    figures, reconciliation, glossary tables."""
    count, illustrative = data.records_count(f, search)
    page = max(1, int(page))
    return {
        "records": data.records(f, limit=page_size, offset=(page - 1) * page_size, sort=sort, search=search),
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


_PROGRESS_COLUMNS = ("year", "districts_total", "districts_with_cluster", "share_pct")


def cluster_counts(f: Filters, stage: str = "established") -> pd.DataFrame:
    """Per chosen province, x of y districts with a cluster in the last chosen year (clusters_at_end)
    with how many cluster records there are and how many are illustrative. A province with no
    cluster record has no cluster list: its counts are missing ("no data"), never 0 of y."""
    last = clusters_at_end(f, stage)
    status = data.cluster_list_status(f)[["province_code", "cluster_count", "illustrative_count", "sourced_count"]]
    out = (
        status.merge(last, on="province_code", how="left")
        if not last.empty
        else status.assign(**{c: pd.Series(pd.NA, index=status.index, dtype="Float64") for c in _PROGRESS_COLUMNS})
    )
    no_list = out["cluster_count"] == 0
    for col in ("districts_with_cluster", "share_pct"):
        out[col] = out[col].astype("Float64").mask(no_list)
    return out.reset_index(drop=True)


def province_cards(f: Filters, years_chosen: bool) -> dict[str, pd.DataFrame]:
    """What the per-province cards read (kcdash.cards.build). Records are summed over the period
    the province's report covers unless the reader chose the years (`years_chosen`), so a
    headline and its records' sum speak of the same years by default."""
    from kcdash.cards import report_period

    published = data.published_figures(f)
    periods: dict[tuple[int, int], list[str]] = {}  # provinces of the same period share one query
    for code in f.provinces:
        period = None if years_chosen else report_period(published[published["province_code"] == code])
        periods.setdefault(period or (f.year_from, f.year_to), []).append(code)
    kpis, counts = [], []
    for (y_from, y_to), codes in periods.items():
        scope = f.with_(provinces=tuple(codes), year_from=y_from, year_to=y_to)
        kpis.append(data.kpis(scope).assign(records_from_year=y_from, records_to_year=y_to))
        counts.append(cluster_counts(scope))
    if not kpis:  # no province chosen: the frames' shapes, empty (read only then: a query each)
        kpis.append(data.kpis(f)[0:0].assign(records_from_year=0, records_to_year=0))
        counts.append(cluster_counts(f)[0:0])
    return {
        "kpis": pd.concat(kpis, ignore_index=True),
        "cluster_counts": pd.concat(counts, ignore_index=True),
        "published": published,
        "reconciliation": data.reconciliation(f),
        "targets": data.targets(f),
        "sources": data.sources(f.provinces),
        "funds": data.funds(),
    }


def label_districts(df: pd.DataFrame, year: int, name: str = "district_name") -> pd.DataFrame:
    """`df` with `<name>_vi/en` carrying the kind the unit had in `year` ("huyện X", "TX Y"
    while Y was a town), so a district is never read as the province of the same name."""
    if df.empty or "district_code" not in df.columns or f"{name}_vi" not in df.columns:
        return df
    from kcdash.units import unit_label

    # column lists, not Series.to_dict nor iteration over Arrow text, which box every value
    # (700 districts at national scale, on every change)
    units = data.district_kinds((), int(year))
    kinds = dict(zip(units["district_code"].tolist(), units["kind"].tolist(), strict=True))
    codes = df["district_code"].tolist()
    out = df.copy()
    for lang in ("vi", "en"):
        col = f"{name}_{lang}"
        out[col] = [
            unit_label(n, kinds[c], lang) if isinstance(n, str) and c in kinds else n
            for n, c in zip(df[col].tolist(), codes, strict=True)
        ]
    return out


def source_text(source_file: str) -> str | None:
    """The full text of a kept source report (None when the file is not at hand)."""
    return data.source_text(source_file)


def source_document(source_file: str) -> dict[str, object] | None:
    """The file a steward read figures from, as uploaded (None when none is kept)."""
    return data.source_document(source_file)


def published_summary(f: Filters) -> pd.DataFrame:
    """The published figures of the chosen provinces (what published mode offers instead of charts)."""
    return data.published_figures(f)


def sources(province_codes: tuple[str, ...] = ()) -> pd.DataFrame:
    """The source documents (title to cite, issuing body, place, period, file)."""
    return data.sources(tuple(province_codes))


def district_kinds(province_codes: tuple[str, ...], year: int) -> pd.DataFrame:
    """Districts that existed in `year` with the kind each had that year."""
    return data.district_kinds(tuple(province_codes), int(year))


def clusters_at_end(f: Filters, stage: str = "established") -> pd.DataFrame:
    """Per chosen province, x of y districts with a cluster (at `stage` or beyond) in the last
    chosen year, the year the district counts beside them speak of. Asked for that year alone, so
    moving the first year reuses the cached answer (one DuckDB query fewer a change)."""
    return _last_year(data.cluster_progress(f.with_(year_from=f.year_to), stage))


def _last_year(progress: pd.DataFrame) -> pd.DataFrame:
    """The last year of cluster_progress per province: x of y districts have a cluster."""
    if progress.empty:
        return progress
    last = progress.sort_values("year").groupby("province_code", sort=False).tail(1)
    return last.reset_index(drop=True)


def aligned_measures(kpis: pd.DataFrame, clusters_now: pd.DataFrame) -> pd.DataFrame:
    """kpis plus per-district measures and cluster counts, one row per province."""
    out = kpis.copy()
    # a province with no record in scope (one known only by its report) has no count of records:
    # "no data", not 0 schemes beside the schemes its report names
    out["activity_count"] = out["activity_count"].where(out["activity_count"] > 0)
    districts = out["districts_count"].where(out["districts_count"] > 0)
    for col in COMPARE_MEASURES:
        out[f"{col}_per_district"] = out[col] / districts
    cols = ["province_code", "districts_total", "districts_with_cluster", "share_pct"]
    right = clusters_now[cols] if not clusters_now.empty else pd.DataFrame(columns=cols)
    return out.merge(right, on="province_code", how="left")


def indexed(by_year: pd.DataFrame, measures: tuple[str, ...]) -> pd.DataFrame:
    """Long frame (province, measure, year, value, base_year, index): per province, the first
    year with a value above 0 is 100; a year without a value has no index (not 0). Rows by
    measure, then in the query's order (provinces in display order)."""
    cols = ["province_code", "name_vi", "name_en", "measure", "year", "value", "base_year", "index"]
    if not measures or by_year.empty:
        return pd.DataFrame(columns=cols).astype({"index": "float64", "value": "float64"})
    # arrays, not melt + group-by + merge: on frames of a few hundred rows pandas' per-call cost
    # was most of the page's (bench/NOTES.md)
    province, _ = pd.factorize(by_year["province_code"])
    n = int(province.max()) + 1
    years = by_year["year"].to_numpy(dtype="int64")
    parts = []
    for m in measures:
        value = by_year[m].to_numpy(dtype="float64", na_value=np.nan)
        reported = np.flatnonzero(value > 0)
        # the first reported row of each province by year: sort by (province, year), keep the first
        first = reported[np.lexsort((years[reported], province[reported]))]
        codes, at = np.unique(province[first], return_index=True)
        base_year = np.full(n, -1, dtype="int64")
        base_value = np.full(n, np.nan)
        base_year[codes] = years[first[at]]
        base_value[codes] = value[first[at]]
        row_base_year = base_year[province]
        part = by_year[["province_code", "name_vi", "name_en", "year"]].copy()
        part.insert(3, "measure", m)
        part["value"] = value
        part["base_year"] = pd.arrays.IntegerArray(np.maximum(row_base_year, 0), row_base_year < 0)
        part["index"] = 100 * value / base_value[province]
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    out["measure"] = out["measure"].astype("str")
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


# ---- any number of provinces: focus, "other provinces", rankings -------------------

FEW_PROVINCES = 4
"""Up to this many chosen provinces, pages draw them side by side; above it, the national view."""
OTHER_CODE = "_other"
"""province_code of the row that sums the chosen provinces outside the focus."""
ALL_CODE = "_all"
"""province_code of the row that sums every chosen province."""


def is_many(province_codes: tuple[str, ...] | list[str]) -> bool:
    """True when a page shows the national layout (totals, map, ranking) instead of columns."""
    return len(province_codes) > FEW_PROVINCES


def default_focus(province_codes: list[str]) -> list[str]:
    """The provinces the source reports are about (they have published figures), in display
    order, at most FEW_PROVINCES: the two provinces of the mission in the bundled data (codes 11 and 95)."""
    published = data.published_figures(Filters(provinces=tuple(province_codes)))
    reported = set(published["province_code"].astype(str))
    return [c for c in province_codes if c in reported][:FEW_PROVINCES]


def focus_in(focus: tuple[str, ...] | list[str], chosen: tuple[str, ...] | list[str]) -> list[str]:
    """The focus provinces that are also chosen, at most FEW_PROVINCES, in the order chosen."""
    wanted = set(focus)
    return [c for c in chosen if c in wanted][:FEW_PROVINCES]


def with_others(
    df: pd.DataFrame,
    focus: list[str],
    *,
    by: list[str],
    sums: list[str],
    other_names: tuple[str, str],
    name_cols: tuple[str, str] = ("name_vi", "name_en"),
    how: Literal["sum", "mean"] = "sum",
) -> pd.DataFrame:
    """The focus provinces' rows as they are, and one row per `by` group summing every other
    province (province_code OTHER_CODE, names `other_names` (vi, en)), so a chart draws a few
    traces instead of dozens. Sums keep "no data" (all values missing) as missing, never 0.
    `how="mean"`: each group's average over the provinces that report a value (one without is
    left out, never counted as 0)."""
    if focus:
        in_focus = df["province_code"].isin(focus)
        keep, rest = df[in_focus], df[~in_focus]
    else:  # every province summed (`together`): no copy of the frame through a mask
        keep, rest = df.iloc[:0], df
    if rest.empty:
        return keep.reset_index(drop=True)
    # one row per group as it first appears, its sums set in place: a group-by without sort lists
    # the groups in that same order (missing keys included), so no merge is needed
    other = rest.drop_duplicates(by, ignore_index=True)
    grouped = rest.groupby(by, sort=False, dropna=False)[sums]
    summed = grouped.sum(min_count=1) if how == "sum" else grouped.mean()
    for col in sums:
        other[col] = summed[col].to_numpy()
    other["province_code"] = OTHER_CODE
    other[name_cols[0]], other[name_cols[1]] = other_names
    if keep.empty:
        return other[df.columns]
    return pd.concat([_in_focus_order(keep, focus, by), other[df.columns]], ignore_index=True)


def _in_focus_order(rows: pd.DataFrame, focus: list[str], by: list[str]) -> pd.DataFrame:
    """`rows` (of focus provinces) in the focus order, then by the first `by` column."""
    key = rows[by[0]]
    if key.hasnans:  # missing keys last, as sort_values puts them
        order = {c: i for i, c in enumerate(focus)}
        return (
            rows.assign(_order=rows["province_code"].map(order)).sort_values(["_order", by[0]]).drop(columns="_order")
        )
    rank = pd.Categorical(rows["province_code"], categories=list(dict.fromkeys(focus))).codes
    return rows.iloc[np.lexsort((key.to_numpy(), rank))]


def focus_first(df: pd.DataFrame, focus: list[str]) -> pd.DataFrame:
    """`df`'s rows with the focus provinces first (in the focus order), the others after them as
    they were: a table of 63 provinces side by side opens on the provinces the reader follows."""
    rank = df["province_code"].map({c: i for i, c in enumerate(focus)}).fillna(len(focus))
    return df.iloc[np.argsort(rank.to_numpy(), kind="stable")].reset_index(drop=True)


def ratio(df: pd.DataFrame, num: str, den: str, scale: float = 1.0) -> pd.Series:
    """num / den × scale, missing where den is missing or 0 (a ratio of sums, recomputed after
    `with_others` summed the parts)."""
    return scale * df[num] / df[den].where(df[den] > 0)


def chosen_total(kpis: pd.DataFrame) -> dict[str, float | None]:
    """The chosen provinces together: trainees, new jobs, budget, ratios of the sums."""

    def total(col: str) -> float | None:
        value = kpis[col].sum(min_count=1)
        return None if pd.isna(value) else float(value)

    trainees, jobs, budget_m = total("trainees"), total("new_jobs"), total("budget_million_vnd")
    return {
        "provinces": float(len(kpis)),
        "activity_count": total("activity_count"),
        "trainees": trainees,
        "new_jobs": jobs,
        "budget_million_vnd": budget_m,
        "jobs_per_trainee": jobs / trainees if trainees and jobs is not None else None,
    }


def ranking(frame: pd.DataFrame, value: str, focus: list[str]) -> pd.DataFrame:
    """One row per province, largest `value` first (missing last), with rank and is_focus."""
    out = frame.sort_values(value, ascending=False, na_position="last").reset_index(drop=True)
    out["rank"] = out[value].rank(ascending=False, method="min").astype("Int64")
    out["is_focus"] = out["province_code"].isin(focus)
    return out


def together(
    df: pd.DataFrame,
    *,
    by: list[str],
    sums: list[str],
    names: tuple[str, str],
    name_cols: tuple[str, str] = ("name_vi", "name_en"),
    focus: list[str] | None = None,
    how: Literal["sum", "mean"] = "sum",
) -> pd.DataFrame:
    """Every province summed (or, `how="mean"`, averaged over the provinces that report a value)
    into one row per `by` group (province_code ALL_CODE, `names`), followed by the rows of the
    `focus` provinces as they are: one series for the whole scope plus a few to compare with it."""
    summed = with_others(df, [], by=by, sums=sums, other_names=names, name_cols=name_cols, how=how)
    summed["province_code"] = ALL_CODE
    if not focus:
        return summed
    keep = _in_focus_order(df[df["province_code"].isin(focus)], focus, by)
    return pd.concat([summed, keep], ignore_index=True)


def shares(df: pd.DataFrame, value: str, within: str = "province_code") -> pd.Series:
    """Each row's `value` as a percentage of its `within` group's total (missing when it is 0)."""
    total = df.groupby(within, sort=False)[value].transform("sum")
    return 100 * df[value] / total.where(total > 0)


def cluster_reach(
    districts: pd.DataFrame, without: pd.DataFrame, lists: pd.DataFrame, *, hide_illustrative: bool = False
) -> pd.DataFrame:
    """Per province: districts that existed, how many have a cluster at the stage, and the share.
    A province without a cluster list (or, when `hide_illustrative`, with an illustrative one)
    has no share: missing, never 0%."""
    lists = lists.reset_index() if "province_code" not in lists.columns else lists
    total = districts.groupby("province_code").size().rename("districts_total")
    none = without.groupby("province_code").size().rename("districts_without")
    out = pd.concat([total, none], axis=1).fillna(0).astype("int64").reset_index()
    out = out.rename(columns={"index": "province_code"})
    out["districts_with_cluster"] = (out["districts_total"] - out["districts_without"]).astype("float64")
    out["share_pct"] = ratio(out, "districts_with_cluster", "districts_total", 100)
    listed = lists.set_index("province_code")
    counts = out["province_code"].map(listed["cluster_count"]) if "cluster_count" in listed else None
    no_list = counts.fillna(0).le(0) if counts is not None else pd.Series(False, index=out.index)
    if hide_illustrative and "illustrative_count" in listed:
        no_list |= out["province_code"].map(listed["illustrative_count"]).fillna(0).gt(0)
    out.loc[no_list, ["districts_with_cluster", "share_pct"]] = None
    return out[["province_code", "districts_total", "districts_with_cluster", "share_pct"]]
