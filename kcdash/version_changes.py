"""What changed between two data versions, as the tables a steward reads on the console.

`kcdash.lake.changes` compares two snapshots (published figures by id, activity records per
province and year, each province's sums, every table's rows); here those frames get the
steward's language: column names from the message catalogue, province names instead of codes,
numbers written as Vietnamese (or English) readers write them (`kcdash.fmt`). No Streamlit.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from kcdash import data, fmt, lake
from kcdash.db import data_dir
from kcdash.i18n import lang_col, t
from kcdash.lake import LakeError as LakeError  # what `between` raises, for the console

NOT_THERE = "—"
"""A figure or province absent from one side (added, or removed): not a missing value."""

_CHANGE_KEYS = {"added": "chg.change_added", "changed": "chg.change_changed", "removed": "chg.change_removed"}
_SUM_COLUMNS = {
    "records_before": ("chg.col_records_before", fmt.integer),
    "records_after": ("chg.col_records_after", fmt.integer),
    "trainees_before": ("chg.col_trainees_before", fmt.integer),
    "trainees_after": ("chg.col_trainees_after", fmt.integer),
    "new_jobs_before": ("chg.col_new_jobs_before", fmt.integer),
    "new_jobs_after": ("chg.col_new_jobs_after", fmt.integer),
    "budget_million_vnd_before": ("chg.col_budget_million_vnd_before", fmt.number1),
    "budget_million_vnd_after": ("chg.col_budget_million_vnd_after", fmt.number1),
}


@dataclass(frozen=True)
class VersionChanges:
    """The four tables of "what changed", headed and formatted for `lang`."""

    before: int
    after: int
    figures: pd.DataFrame
    records: pd.DataFrame
    sums: pd.DataFrame
    tables: pd.DataFrame


def versions(base: str | None = None) -> list[lake.Snapshot]:
    """The data versions a steward can compare, oldest first (none before the first import)."""
    return lake.snapshots(lake.location(base or data_dir()))


def between(before: int, after: int, lang: str, base: str | None = None) -> VersionChanges:
    """What changed from snapshot `before` to `after`; raises `lake.LakeError` when either cannot
    be read."""
    found = _changes(lake.location(base or data_dir()), before, after)
    names = _province_names(lang)
    return VersionChanges(
        before,
        after,
        _figures(found.figures, names, lang),
        _records(found.records, names, lang),
        _sums(found.sums, names, lang),
        _tables(found.tables, lang),
    )


@functools.lru_cache(maxsize=8)
def _changes(loc: lake.Location, before: int, after: int) -> lake.Changes:
    """`lake.changes`, once per pair: a snapshot never changes, and the console reruns on every
    click. Read only (the tables are made anew from it)."""
    return lake.changes(loc, before, after)


def _province_names(lang: str) -> dict[str, str]:
    provinces = data.provinces()
    return dict(zip(provinces["province_code"].astype(str), provinces[lang_col("name", lang)].astype(str), strict=True))


def _province(code: object, names: dict[str, str]) -> str:
    return names.get(str(code), str(code))


def _value(value: object, lang: str) -> str:
    return NOT_THERE if fmt.is_missing(value) else fmt.number(value, lang, 1, trim=True)  # one decimal, as stored


def _metric(metric: object, lang: str) -> str:
    try:
        return t(f"published_metric.{metric}", lang)
    except KeyError:  # a measure a report published that the catalogue has no name for
        return str(metric)


def _frame(rows: list[list[str]], keys: tuple[str, ...], lang: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[t(k, lang) for k in keys])


_FIGURE_KEYS = (
    "chg.col_change",
    "chg.col_province",
    "chg.col_metric",
    "chg.col_period",
    "chg.col_value_before",
    "chg.col_value_after",
    "chg.col_figure",
)


def _figures(frame: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    rows = [
        [
            t(_CHANGE_KEYS.get(str(r["change"]), "chg.change_changed"), lang),
            _province(r["province_code"], names),
            _metric(r["metric"], lang),
            "" if fmt.is_missing(r["period_label"]) else str(r["period_label"]),
            _value(r["value_before"], lang),
            _value(r["value_after"], lang),
            str(r["figure_id"]),
        ]
        for _, r in frame.iterrows()
    ]
    return _frame(rows, _FIGURE_KEYS, lang)


def _records(frame: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    rows = [
        [
            _province(r["province_code"], names),
            "" if fmt.is_missing(r["year"]) else str(int(r["year"])),
            fmt.integer(r["added"], lang),
            fmt.integer(r["removed"], lang),
        ]
        for _, r in frame.iterrows()
    ]
    return _frame(rows, ("chg.col_province", "chg.col_year", "chg.col_added", "chg.col_removed"), lang)


def _sums(frame: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    rows = [
        [
            _province(r["province_code"], names),
            *(NOT_THERE if fmt.is_missing(r[col]) else write(r[col], lang) for col, (_, write) in _SUM_COLUMNS.items()),
        ]
        for _, r in frame.iterrows()
    ]
    return _frame(rows, ("chg.col_province", *(key for key, _ in _SUM_COLUMNS.values())), lang)


def _tables(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    rows = [
        [
            _table_name(str(r["table"]), lang),
            fmt.integer(r["rows_before"], lang),
            fmt.integer(r["rows_after"], lang),
            fmt.integer(r["added"], lang),
            fmt.integer(r["removed"], lang),
        ]
        for _, r in frame.iterrows()
    ]
    keys = ("chg.col_table", "chg.col_rows_before", "chg.col_rows_after", "chg.col_added", "chg.col_removed")
    return _frame(rows, keys, lang)


def _table_name(name: str, lang: str) -> str:
    try:
        return t(f"table.{name}", lang)
    except KeyError:
        return name
