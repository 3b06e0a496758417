"""The measures the dashboard shows, each declared once: its column, its names, its unit and how
it is written in a table cell, a card, a chart's axis and hover, a download and the report.

Pages, `kcdash.cards`, `kcdash.comparison`, `kcdash.charts`, the downloads (`kcdash.ui`) and the
report (`kcdash.report`) read a measure from here; changing how the budget is written is one
edit of `BUDGET` below (tests/test_measures.py proves it in a copy of the code).

Pure: no Streamlit, no DuckDB.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kcdash import fmt
from kcdash.i18n import t


@dataclass(frozen=True)
class Format:
    """How a value is written: `decimals` places, after multiplying by `scale` (a ratio shown per
    100), with "%" after it when `percent` (the value is already in percent). Called as a table's
    formatter, `format(value, lang)`; a missing value is "chưa có số liệu", never 0."""

    decimals: int
    scale: int = 1
    percent: bool = False

    def __call__(self, value: object, lang: str = "vi") -> str:
        if fmt.is_missing(value):
            return fmt.no_data(lang)
        scaled = value if self.scale == 1 else float(str(value)) * self.scale
        text = fmt.number(scaled, lang, self.decimals)
        return text + "%" if self.percent else text

    def trimmed(self, value: object, lang: str) -> str:
        """The number as a sentence writes it before its unit: no zero decimal part ("4.020")."""
        scaled = value if self.scale == 1 else float(str(value)) * self.scale
        return fmt.number(scaled, lang, self.decimals, trim=True)

    @property
    def d3(self) -> str:
        """Plotly's (d3) number format of a hover; the marks come from `layout.separators`."""
        return f",.{self.decimals}f"

    @property
    def excel(self) -> str | None:
        """The spreadsheet's number format of a downloaded cell (the value itself stays as it is);
        None for a ratio shown per 100, whose cell holds the ratio."""
        if self.scale != 1:
            return None
        places = "." + "0" * self.decimals if self.decimals else ""
        return f'#,##0{places}"%"' if self.percent else f"#,##0{places}"


@dataclass(frozen=True)
class Measure:
    """One measure. `code`: its column in the page data. Message keys: `name_key` its short name
    (card titles, the compare table's rows, pickers), `label_key` its name with its unit (chart
    axes, the metrics, the map's picker), `column_key` the header of tables and downloads.
    `text_key` writes the value with its unit in words (cards, compare table: "6.788,9 triệu
    đồng"); `report_key` does so in the report's sentences ("3.530 người"), by default as
    `text_key`. `hover_unit_key`: the unit after a value in a chart's hover. `help_key`: the
    metric's help (`help_billions`: it says the sum in billions). `axis_fixed`: the chart's value
    axis keeps the format's decimals (else Plotly's own steps)."""

    code: str
    name_key: str
    label_key: str
    column_key: str
    format: Format
    text_key: str | None = None
    report_key: str | None = None
    hover_unit_key: str | None = None
    help_key: str | None = None
    help_billions: bool = False
    axis_fixed: bool = False

    def cell(self, value: object, lang: str = "vi") -> str:
        """A table cell or a metric: the number alone (the header or label carries the unit)."""
        return self.format(value, lang)

    def text(self, value: object, lang: str = "vi") -> str:
        """The value with its unit in words where it has one: "6.788,9 triệu đồng"."""
        if self.text_key is None or fmt.is_missing(value):
            return self.format(value, lang)
        return t(self.text_key, lang, value=self.format.trimmed(value, lang))

    def in_report(self, value: object, lang: str = "vi") -> str:
        """The value as the report's sentences write it: "3.530 người", "6.788,9 triệu đồng"."""
        key = self.report_key or self.text_key
        if key is None or fmt.is_missing(value):
            return self.format(value, lang)
        return t(key, lang, value=self.format.trimmed(value, lang))

    def help(self, value: object, lang: str = "vi") -> str | None:
        """The metric's help text, or None."""
        if self.help_key is None:
            return None
        if self.help_billions:
            return t(self.help_key, lang, billions=fmt.billion_vnd(value, lang))
        return t(self.help_key, lang)

    def metric(self, value: object, lang: str = "vi", *, with_help: bool = True) -> tuple[str, str, str | None]:
        """(label, value, help) of a metric in a row of metrics (`kcdash.ui.totals_row`)."""
        return t(self.label_key, lang), self.cell(value, lang), self.help(value, lang) if with_help else None

    def column(self) -> tuple[str, str, Format]:
        """(column, header key, formatter): the measure as a column of a table or a download."""
        return self.code, self.column_key, self.format

    def on_map(self, lang: str) -> tuple[str, Format]:
        """(label, formatter) of the measure on the national map and ranking."""
        return t(self.label_key, lang), self.format

    def hover_suffix(self, lang: str) -> str:
        """What a chart's hover writes after the value: " triệu đồng", "%" or nothing."""
        if self.hover_unit_key is not None:
            return " " + t(self.hover_unit_key, lang)
        return "%" if self.format.percent else ""

    @property
    def tick_format(self) -> str:
        """The value axis' tick format: grouped thousands, no trailing zeros unless `axis_fixed`."""
        return self.format.d3 if self.axis_fixed else AXIS


AXIS = ",~f"
"""Axis ticks: grouped thousands, no trailing zeros (2.000 not 2.000,0)."""


def _with(measure: Measure, **changes: Any) -> Measure:
    """Another column written as `measure` is (the same unit, the same format)."""
    return dataclasses.replace(measure, **changes)


# ---- the registry ---------------------------------------------------------------------------

TRAINEES = Measure(
    "trainees", "measure.trainees", "measure.trainees", "col.trainees", Format(0), report_key="unit.people_value"
)
NEW_JOBS = Measure(
    "new_jobs", "measure.new_jobs", "measure.new_jobs", "col.new_jobs", Format(0), report_key="unit.people_value"
)
SCHEMES = Measure("activity_count", "measure.activity_count", "measure.activity_count", "col.activity_count", Format(0))
JOBS_PER_100 = Measure(
    "jobs_per_trainee_pct",
    "measure.jobs_per_trainee",
    "measure.jobs_per_trainee",
    "col.jobs_per_trainee_pct",
    Format(1),
    help_key="training.jobs_per_trainee_help",
)
"""New jobs per 100 trainees: a count per hundred that can pass 100, so no "%"."""
JOBS_PER_TRAINEE = _with(
    JOBS_PER_100, code="jobs_per_trainee", format=dataclasses.replace(JOBS_PER_100.format, scale=100)
)
"""The same measure where the data holds the ratio (kpis_by_province.jobs_per_trainee: 0.987 -> "98,7")."""
BUDGET = Measure(
    "budget_million_vnd",
    "measure.budget",
    "measure.budget_million",
    "col.budget_million",
    Format(1),
    text_key="unit.million_vnd_value",
    hover_unit_key="unit.million_vnd",
    help_key="overview.budget_help",
    help_billions=True,
)
TRAINING_BUDGET = _with(BUDGET, code="training_budget_million_vnd", column_key="col.training_budget_million")
BUDGET_PER_TRAINEE = Measure(
    "budget_per_trainee_million_vnd",
    "measure.budget_per_trainee",
    "measure.budget_per_trainee_million",
    "col.budget_per_trainee_million",
    Format(2),
    text_key="unit.million_vnd_value",
    hover_unit_key="unit.million_vnd",
    help_key="overview.budget_per_trainee_help",
    axis_fixed=True,
)
CLUSTER_SHARE = Measure(
    "share_pct",
    "measure.districts_with_cluster_pct",
    "measure.districts_with_cluster_pct",
    "col.share_pct",
    Format(1, percent=True),
)
"""The share of the districts that have a cluster at the chosen stage (in percent)."""
FUND_SHARE = _with(CLUSTER_SHARE, name_key="measure.share_pct", label_key="measure.share_pct")
"""A fund's share of a province's budget (in percent)."""
DISTRICTS = Measure("districts_count", "measure.districts", "measure.districts", "col.districts_total", Format(0))
DISTRICTS_TOTAL = _with(DISTRICTS, code="districts_total")
"""The districts that existed (the clusters' queries name the column so)."""
DISTRICTS_WITH_CLUSTER = Measure(
    "districts_with_cluster",
    "measure.districts_with_cluster",
    "measure.districts_with_cluster",
    "col.districts_with_cluster",
    Format(0),
)
TRAINEES_PER_DISTRICT = Measure(
    "trainees_per_district",
    "measure.trainees_per_district",
    "measure.trainees_per_district",
    "col.per_district",
    Format(1),
)
NEW_JOBS_PER_DISTRICT = _with(
    TRAINEES_PER_DISTRICT,
    code="new_jobs_per_district",
    name_key="measure.new_jobs_per_district",
    label_key="measure.new_jobs_per_district",
)
BUDGET_PER_DISTRICT = _with(
    BUDGET,
    code="budget_million_vnd_per_district",
    name_key="measure.budget_per_district",
    label_key="measure.budget_per_district",
    column_key="col.per_district",
    help_key=None,
)

# the reports' own figures, national view: the same units as the records' sums
PUBLISHED_TRAINEES = _with(TRAINEES, code="published_trainees", label_key="measure.published_trainees")
PUBLISHED_NEW_JOBS = _with(NEW_JOBS, code="published_new_jobs", label_key="measure.published_new_jobs")
PUBLISHED_BUDGET = _with(
    BUDGET, code="published_budget_million_vnd", label_key="measure.published_budget", help_key=None
)
ESTABLISHMENTS_SUPPORTED = Measure(
    "establishments_supported",
    "published_metric.establishments_supported",
    "published_metric.establishments_supported",
    "published_metric.establishments_supported",
    Format(0),
    text_key="unit.establishments",
)
CLUSTERS_SUPPORTED = Measure(
    "clusters_supported",
    "published_metric.clusters_supported",
    "published_metric.clusters_supported",
    "published_metric.clusters_supported",
    Format(0),
    text_key="unit.clusters",
)

REGISTRY: dict[str, Measure] = {
    m.code: m
    for m in (
        TRAINEES,
        NEW_JOBS,
        SCHEMES,
        JOBS_PER_100,
        JOBS_PER_TRAINEE,
        BUDGET,
        TRAINING_BUDGET,
        BUDGET_PER_TRAINEE,
        CLUSTER_SHARE,
        DISTRICTS,
        DISTRICTS_TOTAL,
        DISTRICTS_WITH_CLUSTER,
        TRAINEES_PER_DISTRICT,
        NEW_JOBS_PER_DISTRICT,
        BUDGET_PER_DISTRICT,
        PUBLISHED_TRAINEES,
        PUBLISHED_NEW_JOBS,
        PUBLISHED_BUDGET,
        ESTABLISHMENTS_SUPPORTED,
        CLUSTERS_SUPPORTED,
    )
}
"""Every measure by its column (the fund share shares `share_pct` with the cluster share: the
registry holds the cluster share, the budget's pages name `FUND_SHARE`)."""


def get(code: str) -> Measure:
    """The measure of a column (KeyError for a column that is not a measure)."""
    return REGISTRY[code]


TableColumn = tuple[str, str, Callable[[Any, str], str] | None]
"""(source column, message key of the header, formatter(value, lang) or None for text)."""

TRAINING_BY_YEAR = (TRAINEES, NEW_JOBS, JOBS_PER_100)
"""The measures of the trainees-and-new-jobs-by-year table, on its page and in the report."""

COST_PER_TRAINEE_BY_YEAR = (TRAINING_BUDGET, TRAINEES, BUDGET_PER_TRAINEE)
"""The measures of the budget-per-trainee-by-year table, on its page and in the report."""


def by_province_year(province_name: str, *shown: Measure) -> list[TableColumn]:
    """The columns of a table of provinces by year: the province's name (column `province_name`),
    the year, then each measure `shown`."""
    return [(province_name, "col.province", None), ("year", "col.year", None), *(m.column() for m in shown)]


def per_district(code: str) -> Measure:
    """The per-district measure of a summed measure (`trainees` -> `trainees_per_district`)."""
    return REGISTRY[f"{code}_per_district"]


def number_formats(columns: list[tuple[str, object]]) -> dict[str, str]:
    """header -> spreadsheet number format, for the (header, formatter) pairs of a download
    whose formatter is a measure's `Format` (`kcdash.fmt.NUMBER_FORMATS`)."""
    return {
        header: formatter.excel
        for header, formatter in columns
        if isinstance(formatter, Format) and formatter.excel is not None
    }


# ---- computed measures ----------------------------------------------------------------------


def jobs_per_100(frame: pd.DataFrame) -> pd.Series:
    """New jobs per 100 trainees of each row: from the ratio where the rows carry it
    (`jobs_per_trainee`, kpis_by_province), else from the sums (a year, provinces summed);
    missing where there is no trainee."""
    if "jobs_per_trainee" in frame.columns:
        return 100 * frame["jobs_per_trainee"]
    return 100 * frame["new_jobs"] / frame["trainees"].where(frame["trainees"] > 0)
