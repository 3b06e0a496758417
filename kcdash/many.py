"""Pages for any number of provinces: the focus provinces, the others summed into one row, all
chosen provinces together, rankings, and ratios recomputed from sums. Pure pandas, no data access:
`kcdash.pagedata` re-exports these for the pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

FEW_PROVINCES = 4
"""Up to this many chosen provinces, pages draw them side by side; above it, the national view."""
OTHER_CODE = "_other"
"""province_code of the row that sums the chosen provinces outside the focus."""
ALL_CODE = "_all"
"""province_code of the row that sums every chosen province."""


def is_many(province_codes: tuple[str, ...] | list[str]) -> bool:
    """True when a page shows the national layout (totals, map, ranking) instead of columns."""
    return len(province_codes) > FEW_PROVINCES


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


@dataclass(frozen=True)
class ChosenTotal:
    """The chosen provinces together: sums of the records (None where no province has a value)
    and new jobs per trainee as a ratio of the sums."""

    provinces: int
    activity_count: float | None
    trainees: float | None
    new_jobs: float | None
    budget_million_vnd: float | None
    jobs_per_trainee: float | None


def chosen_total(kpis: pd.DataFrame) -> ChosenTotal:
    """The chosen provinces together: trainees, new jobs, budget, ratios of the sums."""

    def total(col: str) -> float | None:
        value = kpis[col].sum(min_count=1)
        return None if pd.isna(value) else float(value)

    trainees, jobs = total("trainees"), total("new_jobs")
    return ChosenTotal(
        provinces=len(kpis),
        activity_count=total("activity_count"),
        trainees=trainees,
        new_jobs=jobs,
        budget_million_vnd=total("budget_million_vnd"),
        jobs_per_trainee=jobs / trainees if trainees and jobs is not None else None,
    )


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
