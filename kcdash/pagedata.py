"""Everything a page reads, one function per page, exactly as the page computes it.

Each function calls only `kcdash.data` (cached queries) plus light pandas shaping, and returns a
frozen dataclass of named, typed parts (or, for a section that reads one frame, that frame).
Pages call these and nothing else that touches data, so the benchmark can time a page's data work
by calling the same function (`bench/`). Every frame is the page's own: `kcdash.data` hands out
copies of its cached results, so a page may change a frame without touching the cache.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from kcdash import data, fmt, measures
from kcdash.data import DamagedFile as DamagedFile
from kcdash.data import Filters
from kcdash.i18n import lang_col, t
from kcdash.many import ALL_CODE as ALL_CODE
from kcdash.many import FEW_PROVINCES as FEW_PROVINCES
from kcdash.many import OTHER_CODE as OTHER_CODE
from kcdash.many import ChosenTotal as ChosenTotal
from kcdash.many import chosen_total as chosen_total
from kcdash.many import focus_first as focus_first
from kcdash.many import focus_in as focus_in
from kcdash.many import is_many as is_many
from kcdash.many import ranking as ranking
from kcdash.many import ratio as ratio
from kcdash.many import shares as shares
from kcdash.many import together as together
from kcdash.many import with_others as with_others
from kcdash.modes import MODES as MODES
from kcdash.pagetypes import Budget as Budget
from kcdash.pagetypes import BudgetYears as BudgetYears
from kcdash.pagetypes import Clusters as Clusters
from kcdash.pagetypes import Compare as Compare
from kcdash.pagetypes import DataSources as DataSources
from kcdash.pagetypes import DataVersion as DataVersion
from kcdash.pagetypes import FilterLabels as FilterLabels
from kcdash.pagetypes import FilterOptions as FilterOptions
from kcdash.pagetypes import Overview as Overview
from kcdash.pagetypes import ProvinceCardFrames as ProvinceCardFrames
from kcdash.pagetypes import SourceDocument as SourceDocument
from kcdash.pagetypes import Training as Training
from kcdash.pagetypes import TrainingParts as TrainingParts
from kcdash.pagetypes import TrainingYears as TrainingYears
from kcdash.schema import MEASURES, STAGES
from kcdash.validate import DataValidationError

__all__ = ["STAGES", "DataValidationError", "Filters", "open_data"]

COMPARE_MEASURES = MEASURES
"""Measures the compare page lines up (columns of totals_by_province_year)."""


def open_data() -> None:
    """Open (or reopen after an import) the data version shown; raises DataValidationError."""
    data.database()


def version_label(version: DataVersion, lang: str) -> str:
    """ "Số liệu: phiên bản 14, ngày 30/11/2026": the data version shown, as every page, chart
    table, download and the report name it. A version with no number (the bundled data before
    the first import) by its label. Plain text: escape it for Markdown."""
    vid = version.id or ""
    when = fmt.date(version.created_at, lang)
    if vid.isdigit():
        return t("snapshot.label", lang, number=vid, date=when)
    return t("app.data_version", lang, label=version.label(lang), date=when)


def filter_options() -> FilterOptions:
    """Options of the shared filters that do not depend on another filter."""
    year_min, year_max = data.year_bounds()
    return FilterOptions(
        provinces=data.provinces(),
        year_min=int(year_min),
        year_max=int(year_max),
        crafts=data.crafts(()),
        districts=data.districts(()),
        activity_types=data.activity_types(),
        funds=data.funds(),
        version=data_version(),
    )


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


def filter_labels(lang: str) -> FilterLabels:
    """Per shared filter (provinces, crafts, districts, activity_types, funds): code -> the name
    shown in `lang`, districts as "huyện X" with the kind they had in the last year. Made once per
    data version and language (every rerun of every page reads them), kept for the last few
    versions."""
    return _filter_labels(data.cache_token(), lang)


@functools.lru_cache(maxsize=8)
def _filter_labels(token: tuple[str, int | None], lang: str) -> FilterLabels:  # token: the data version shown
    options = filter_options()
    name, short = f"name_{lang}", f"short_{lang}"
    provinces = labels(options.provinces, "province_code", name)
    districts = label_districts(options.districts, options.year_max, "name")  # "huyện X", not a bare name
    return FilterLabels(
        provinces=provinces,
        crafts=labels(options.crafts, "craft_code", name),
        activity_types=labels(options.activity_types, "activity_type_code", short),
        funds=labels(options.funds, "fund_code", short),
        districts=labels(
            districts,
            "district_code",
            name,
            {
                str(d): provinces.get(str(p), "")
                for d, p in zip(districts["district_code"], districts["province_code"], strict=True)
            },
        ),
    )


def district_options(province_codes: tuple[str, ...]) -> pd.DataFrame:
    """Districts of the chosen provinces (none when no province is chosen)."""
    if not province_codes:
        return data.districts(())[0:0]
    return data.districts(tuple(province_codes))


def overview(f: Filters) -> Overview:
    """Headline numbers per province beside the published figures (Tổng quan)."""
    return Overview(
        kpis=data.kpis(f),
        by_year=data.totals_by_year(f),
        budget_by_fund=data.budget_by_fund(f),
        published=data.published_figures(f),
        reconciliation=data.reconciliation(f),
        clusters_now=clusters_at_end(f),
        targets=data.targets(f),
        funds=data.funds(),
    )


def training(f: Filters) -> Training:
    """Trainees and new jobs by year, craft and district (Đào tạo nghề & việc làm)."""
    years, parts = training_years(f), training_parts(f)
    return Training(kpis=years.kpis, by_year=years.by_year, by_craft=parts.by_craft, by_district=parts.by_district)


def training_years(f: Filters) -> TrainingYears:
    """What the training page reads before its sections: headline numbers and the years, with
    new jobs per 100 trainees."""
    by_year = data.totals_by_year(f)
    by_year[measures.JOBS_PER_100.code] = measures.jobs_per_100(by_year)
    return TrainingYears(kpis=data.kpis(f), by_year=by_year)


def training_parts(f: Filters) -> TrainingParts:
    """The training page's "by craft and district" section: read only when that section is shown."""
    return TrainingParts(
        by_craft=data.trainees_by_craft(f),
        by_district=label_districts(data.trainees_by_district(f), f.year_to),
    )


def budget(f: Filters) -> Budget:
    """Budget by year and fund, by activity, fund shares and per trainee (Kinh phí)."""
    years = budget_years(f)
    return Budget(
        kpis=years.kpis,
        by_year_fund=years.by_year_fund,
        by_fund=years.by_fund,
        per_trainee=budget_per_trainee(f),
        by_activity=budget_parts(f),
    )


def budget_years(f: Filters) -> BudgetYears:
    """What the budget page reads before its sections, and its years section."""
    return BudgetYears(kpis=data.kpis(f), by_year_fund=data.budget_by_year_fund(f), by_fund=data.budget_by_fund(f))


def budget_per_trainee(f: Filters) -> pd.DataFrame:
    """The budget page's "per trainee" section: read only when that section is shown."""
    return data.cost_per_trainee_by_year(f)


def budget_parts(f: Filters) -> pd.DataFrame:
    """The budget page's "by content and fund" section (budget by activity type): read only when
    that section is shown."""
    return data.budget_by_activity_type(f)


def clusters(f: Filters, stage: str = "established", as_of_year: int | None = None) -> Clusters:
    """Progress toward one cluster per district, district table, districts without (Cụm công nghiệp)."""
    as_of = int(as_of_year or f.year_to)
    lists = data.cluster_list_status(f)
    progress = data.cluster_progress(f, stage)
    no_list = progress["province_code"].isin(lists.loc[lists["cluster_count"] == 0, "province_code"])
    for col in ("districts_with_cluster", "share_pct"):  # no cluster list: missing, never 0 of n
        progress[col] = progress[col].astype("Float64").mask(no_list)
    return Clusters(
        progress=progress,
        districts=label_districts(data.cluster_districts(f, as_of), as_of),
        without=label_districts(data.districts_without_cluster(f, stage, as_of), as_of),
        targets=data.targets(f),
        lists=lists,
    )


def compare(f: Filters) -> Compare:
    """The chosen provinces on aligned measures, published figures and indexed trends (So sánh)."""
    kpis = data.kpis(f)
    published = data.published_figures(f)
    counts = cluster_counts(f)
    return Compare(
        kpis=kpis,
        aligned=aligned_measures(kpis, counts),
        cluster_counts=counts,
        by_year=data.totals_by_year(f),
        published=published,
        periods=published_periods(published),
        funds=data.funds(),
    )


def compare_parts(f: Filters) -> pd.DataFrame:
    """The compare page's "per district and by fund" section: the fund mix, read only when that
    section is shown (one DuckDB query fewer a change in the default section)."""
    return data.budget_by_fund(f)


RECORD_SORTS = data.RECORD_SORTS
SEARCH_MAX_CHARS = data.SEARCH_MAX_CHARS
fold_search = data.fold_search


def record_count(f: Filters, search: str = "") -> int:
    """How many records the filters (and a search) select: the pager needs it before it asks for a page."""
    return data.records_count(f, search)[0]


def data_sources(
    f: Filters, page: int = 1, page_size: int = 50, *, sort: str = "year", search: str = ""
) -> DataSources:
    """One page of the filtered records (in the `sort` order, those matching `search`), published
    figures, reconciliation, glossary tables."""
    count, illustrative = data.records_count(f, search)
    page = max(1, int(page))
    return DataSources(
        records=data.records(f, limit=page_size, offset=(page - 1) * page_size, sort=sort, search=search),
        record_count=int(count),
        illustrative_count=int(illustrative),
        published=data.published_figures(f),
        reconciliation=data.reconciliation(f),
        activity_types=data.activity_types(),
        activity_type_map=data.activity_type_map(),
        funds=data.funds(),
        version=data_version(),
    )


def data_version() -> DataVersion:
    """The data version shown (the latest, or the earlier snapshot a link names)."""
    version = data.data_version()
    rows = version.get("rows") or {}

    def text(value: object) -> str | None:
        return None if value is None else str(value)

    def count(value: object) -> int | None:
        return int(value) if isinstance(value, int | float | str) else None

    return DataVersion(
        id=text(version.get("id")),
        label_vi=text(version.get("label_vi")),
        label_en=text(version.get("label_en")),
        created_at=text(version.get("created_at")),
        created_by=text(version.get("created_by")),
        activities_rows=count(rows.get("activities")),
        clusters_rows=count(rows.get("clusters")),
    )


# ---- light shaping shared by pages ----------------------------------------------------------


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


def province_cards(f: Filters, years_chosen: bool) -> ProvinceCardFrames:
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
    return ProvinceCardFrames(
        kpis=pd.concat(kpis, ignore_index=True),
        cluster_counts=pd.concat(counts, ignore_index=True),
        published=published,
        reconciliation=data.reconciliation(f),
        targets=data.targets(f),
        sources=data.sources(f.provinces),
        funds=data.funds(),
    )


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


def source_document(source_file: str) -> SourceDocument | None:
    """The file a steward read figures from, as uploaded (None when none is kept)."""
    kept = data.source_document(source_file)
    if kept is None:
        return None
    content = kept["content"]
    return SourceDocument(
        file_name=str(kept["file_name"]),
        media_type=str(kept["media_type"]),
        content=content if isinstance(content, bytes) else bytes(str(content), "utf-8"),
        text=str(kept["text"]),
    )


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
    return last_year(data.cluster_progress(f.with_(year_from=f.year_to), stage))


def last_year(progress: pd.DataFrame) -> pd.DataFrame:
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


_PERIOD_COLUMNS = [
    "province_code",
    "province_name_vi",
    "province_name_en",
    "period_label",
    "period_from_year",
    "period_to_year",
]


def published_periods(published: pd.DataFrame) -> pd.DataFrame:
    """Per province and reconcilable metric, the periods the reports give a value for."""
    reported = published[
        published["metric"].isin(["new_jobs", "trainees", "budget_million_vnd"])
        & published["value"].notna()
        & published["period_from_year"].notna()
    ]
    if reported.empty:
        return pd.DataFrame(columns=_PERIOD_COLUMNS)
    periods = reported.drop_duplicates(["province_code", "period_from_year", "period_to_year"])
    return periods[_PERIOD_COLUMNS].reset_index(drop=True)


# ---- light shaping shared by pages (continued) ----


def default_focus(province_codes: list[str]) -> list[str]:
    """The provinces the source reports are about (they have published figures), in display
    order, at most FEW_PROVINCES: the two provinces of the mission in the bundled data (codes 11 and 95)."""
    published = data.published_figures(Filters(provinces=tuple(province_codes)))
    reported = set(published["province_code"].astype(str))
    return [c for c in province_codes if c in reported][:FEW_PROVINCES]


def district_table(districts: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The clusters' district table as the page and the report print it: each district's kind and
    the stage its cluster reached in words (`kind_label`, `stage_label`: "none yet" without one)."""
    table = districts.copy()
    table["kind_label"] = table["kind"].map(lambda k: t(f"kind.{k}", lang) if isinstance(k, str) else "")
    table["stage_label"] = table["stage"].map(
        lambda s: t(f"stage.{s}", lang) if isinstance(s, str) else t("clusters.none_yet", lang)
    )
    return table


def district_columns(lang: str) -> list[tuple[str, str, Callable[[Any, str], str] | None]]:
    """The first columns of the district table (`district_table`), the page's and the report's:
    (column, header key, formatter); the page adds occupancy, the mark and the source."""
    return [
        (lang_col("province_name", lang), "col.province", None),
        (lang_col("district_name", lang), "col.district", None),
        ("kind_label", "col.kind", None),
        ("stage_label", "col.stage_reached", None),
        ("cluster_names", "col.cluster_names", None),
        ("area_ha", "col.area_ha", fmt.number1),
    ]


def has_cluster_list(lists: pd.DataFrame, code: str) -> bool:
    """Whether a source lists the province's clusters (`Clusters.lists`); without a list, which
    districts have a cluster is not known (missing, never "none of them")."""
    return bool(lists.loc[lists["province_code"] == code, "cluster_count"].gt(0).any())


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
