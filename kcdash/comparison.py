"""What the compare page says, without Streamlit: the published figures side by side, the
aligned measures it lines up, and the plain notes on where provinces cannot be compared
(different report periods, a side without published figures or without records).

Pages render these; the report (kcdash.report) can say the same. Tested in tests/test_comparison.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from kcdash import fmt
from kcdash.cards import period_text, published_value
from kcdash.i18n import lang_col, t
from kcdash.schema import MEASURES

Formatter = Callable[[object, str], str]


def _budget_per_trainee(value: object, lang: str) -> str:
    return fmt.million_vnd(value, lang, 2)


ALIGNED: tuple[tuple[str, str, Formatter], ...] = (
    ("activity_count", "measure.activity_count", fmt.integer),
    ("trainees", "measure.trainees", fmt.integer),
    ("new_jobs", "measure.new_jobs", fmt.integer),
    ("jobs_per_trainee", "measure.jobs_per_trainee", fmt.per_hundred),
    ("budget_million_vnd", "measure.budget", fmt.million_vnd),
    ("budget_per_trainee_million_vnd", "measure.budget_per_trainee", _budget_per_trainee),
    ("districts_count", "measure.districts", fmt.integer),
    ("trainees_per_district", "measure.trainees_per_district", fmt.number1),
    ("new_jobs_per_district", "measure.new_jobs_per_district", fmt.number1),
    ("budget_million_vnd_per_district", "measure.budget_per_district", fmt.million_vnd),
    ("districts_with_cluster", "measure.districts_with_cluster", fmt.integer),
    ("share_pct", "measure.districts_with_cluster_pct", fmt.percent),
)
"""(column of pagedata.compare()["aligned"], message key of its label, formatter), in display order."""

GROUPED_NOTES_FROM = 5
"""From this many provinces without a published figure, the notes name them in one sentence."""

CLUSTER_COLUMNS = ("districts_with_cluster", "share_pct")
"""Aligned columns that come from the cluster list (illustrative when that list is)."""

REFERENCE_COLUMNS = ("districts_count",)
"""Aligned columns from the reference tables (the districts that existed, GSO codes): real
whatever the records are, so never marked illustrative."""


@dataclass
class PublishedSideBySide:
    """The published figures of each chosen province on one line per measure (and fund)."""

    rows: list[dict[str, str]] = field(default_factory=list)
    missing: dict[str, list[str]] = field(default_factory=dict)
    """province name -> labels of measures another province has a published figure for, it not."""


def published_side_by_side(
    kpis: pd.DataFrame, published: pd.DataFrame, funds: pd.DataFrame, lang: str, measure_header: str
) -> PublishedSideBySide:
    """One row per reconcilable measure (and fund) the reports give for any chosen province, a
    column per province: the figure in its report's words with its period, or "no data"."""
    name = lang_col("name", lang)
    fund_names = dict(zip(funds["fund_code"].astype(str), funds[lang_col("short", lang)], strict=True))
    out = PublishedSideBySide()
    reported = published[published["metric"].isin(list(MEASURES))]
    keys = reported[["metric", "fund_code"]].drop_duplicates().sort_values(["metric", "fund_code"], na_position="first")
    # (province, metric, fund) -> its first published row: one pass, not one filter per cell
    first: dict[tuple[str, str, str | None], dict[str, object]] = {}
    for record in reported.to_dict("records"):
        row = {str(k): v for k, v in record.items()}
        fund = None if fmt.is_missing(row["fund_code"]) else str(row["fund_code"])
        first.setdefault((str(row["province_code"]), str(row["metric"]), fund), row)
    provinces = [(str(c), str(n)) for c, n in zip(kpis["province_code"], kpis[name], strict=True)]
    for metric, fund_code in zip(keys["metric"], keys["fund_code"], strict=True):
        fund = None if fmt.is_missing(fund_code) else str(fund_code)
        label = t(f"published_metric.{metric}", lang)
        if fund is not None:
            label += f" · {fund_names.get(fund, '')}"
        line = {measure_header: label}
        has_value: dict[str, bool] = {}
        for code, province in provinces:
            r = first.get((code, str(metric), fund))
            has_value[province] = r is not None and not fmt.is_missing(r["value"])
            if r is None:
                line[province] = fmt.no_data(lang)
            else:
                value, period = published_value(r, lang), period_text(r, lang)
                line[province] = f"{value} ({period})" if period and r["qualifier"] != "not_reported" else value
        if any(has_value.values()):
            for province, has in has_value.items():
                if not has:
                    out.missing.setdefault(province, []).append(label)
        out.rows.append(line)
    return out


def notes(
    kpis: pd.DataFrame,
    aligned: pd.DataFrame,
    periods: pd.DataFrame,
    published_missing: dict[str, list[str]],
    lang: str,
) -> list[str]:
    """Plain sentences on what cannot be compared: report periods that differ, a province with no
    published figure, a measure one side has and another not."""
    name = lang_col("name", lang)
    out: list[str] = []
    several = len(kpis) > 1
    # rows as dicts and columns as lists, not a row Series each (slow at 63 provinces)
    names_codes = list(zip(kpis[name].tolist(), kpis["province_code"].tolist(), strict=True))
    if not periods.empty:
        found: dict[str, set[str]] = {}
        for record in periods.to_dict("records"):
            r = {str(k): v for k, v in record.items()}
            found.setdefault(str(r["province_code"]), set()).add(period_text(r, lang))
        by_province = {code: sorted(texts) for code, texts in found.items()}
        # among the provinces that publish: one that publishes nothing has its own note below
        differ = len({tuple(v) for v in by_province.values()}) > 1
        if differ and several:
            details = "; ".join(
                f"{province}: {', '.join(by_province[code])}" for province, code in names_codes if code in by_province
            )
            out.append(t("compare.periods_differ", lang, details=details))
    with_periods = set(periods["province_code"]) if not periods.empty else set()
    unpublished = [str(p) for p, code in names_codes if code not in with_periods]
    if len(unpublished) > GROUPED_NOTES_FROM:  # one sentence for dozens of provinces, not dozens
        out.append(
            t(
                "compare.no_published_many",
                lang,
                n=fmt.integer(len(unpublished), lang),
                provinces=", ".join(unpublished),
            )
        )
    else:
        out.extend(t("compare.no_published", lang, province=p) for p in unpublished)
    if several:
        for col, key, _ in ALIGNED:
            have = aligned[col].notna()
            if have.any() and not have.all():
                out.extend(
                    t("compare.missing_side", lang, province=province, measure=t(key, lang))
                    for province in aligned.loc[~have, name].tolist()
                )
        # a province that publishes nothing has its note above: not a second one per measure
        out.extend(
            t("compare.published_missing", lang, province=province, measures=", ".join(labels))
            for province, labels in published_missing.items()
            if province not in unpublished
        )
    return out


def aligned_table(
    aligned: pd.DataFrame,
    illustrative_clusters: dict[str, bool],
    lang: str,
    measure_header: str,
    show: list[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(shown, raw): a row per aligned measure and a column per province, formatted with every
    illustrative cell marked (shown) and as numbers (raw, for the download). A missing value
    stays "no data" and is never marked. `show`: the provinces (codes) the screen table has a
    column for (all when None); the download always has every province."""
    shown_codes = None if show is None else set(show)
    name = lang_col("name", lang)
    labels = [t(k, lang) for _, k, _ in ALIGNED]
    shown: dict[str, list[object]] = {measure_header: list(labels)}
    raw: dict[str, list[object]] = {measure_header: list(labels)}
    # one frame at the end (63 column inserts one by one were slow); the rows read from column
    # lists (to_dict("records") boxed every cell)
    keys = list(dict.fromkeys(["province_code", name, "illustrative_count", *(col for col, _, _ in ALIGNED)]))
    for values in zip(*(aligned[k].tolist() for k in keys), strict=True):
        row = dict(zip(keys, values, strict=True))
        code = str(row["province_code"])
        raw[row[name]] = [row[col] for col, _, _ in ALIGNED]
        if shown_codes is not None and code not in shown_codes:
            continue
        cells = []
        for col, _, formatter in ALIGNED:
            text = formatter(row[col], lang)
            if col in CLUSTER_COLUMNS:
                illustrative = illustrative_clusters.get(code, False)
            else:
                illustrative = col not in REFERENCE_COLUMNS and int(row["illustrative_count"]) > 0
            cells.append(
                t("mark.illustrative_cell", lang, value=text) if illustrative and not fmt.is_missing(row[col]) else text
            )
        shown[row[name]] = list(cells)
    # display text as Python strings: pandas' Arrow text was slower for 64 columns
    return pd.DataFrame(shown, dtype=object), pd.DataFrame(raw)
