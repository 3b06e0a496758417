"""The benchmark's three-way check (`bench.run.compare_outputs`): the dashboard's DuckDB way, the
pandas way and the Polars way must give the same page data. `make bench-quick` (part of `make test`)
relies on it to say "0 mismatches", so it must find a difference wherever a person would."""

from __future__ import annotations

import pandas as pd
import pytest

from bench.run import compare_outputs


def frame(**columns: list) -> pd.DataFrame:
    return pd.DataFrame(columns)


def pages(df: pd.DataFrame) -> dict:
    return {"training": [{"by_craft": df, "year_max": 2024}]}


BASE = frame(
    province_code=["11", "95", "11"],
    craft_code=["tea", "brocade", None],
    trainees=[60.0, 50.0, None],
    illustrative=[True, False, True],
    source=["B; A", "A", ""],
)


def test_the_same_rows_in_another_order_of_ties_and_sources_are_the_same() -> None:
    other = BASE.iloc[[2, 0, 1]].reset_index(drop=True).copy()
    other["source"] = other["source"].replace({"B; A": "A; B"})
    other["trainees"] = other["trainees"] * (1 + 1e-9)  # the last digits of a float sum
    assert compare_outputs(pages(BASE), pages(other)) == []


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("trainees", 61.0, "trainees"),  # a number
        ("trainees", 0.0, "trainees"),  # missing in one, 0 in the other: never the same
        ("craft_code", "tea_processing", "craft_code"),  # a name
        ("illustrative", False, "illustrative"),  # a mark
    ],
)
def test_one_cell_changed_is_named_with_its_column(column: str, value: object, said: str) -> None:
    other = BASE.copy()
    row = 2 if value == 0.0 else 0
    other.loc[row, column] = value
    (problem,) = compare_outputs(pages(BASE), pages(other))
    assert problem.startswith("training[filter 0][by_craft]: row") and f"differs in {said}" in problem


def test_rows_columns_and_plain_values_are_checked_too() -> None:
    assert compare_outputs(pages(BASE), pages(BASE.iloc[:2])) == ["training[filter 0][by_craft]: 3 rows vs 2"]
    renamed = BASE.rename(columns={"trainees": "hoc_vien"})
    assert "columns differ" in compare_outputs(pages(BASE), pages(renamed))[0]
    later = {"training": [{"by_craft": BASE, "year_max": 2025}]}
    assert compare_outputs(pages(BASE), later) == ["training[filter 0][year_max]: 2024 != 2025"]
