"""Validation of a table against the data contract, run inside DuckDB.

Input is a DuckDB relation (view or registered DataFrame) holding the table's columns, as text
or already typed, plus a `_row` column with the row number a person sees (a spreadsheet's row
for CSV and Excel, the record number for Parquet). Every rule returns the offending rows, so a
file with many problems is reported in one pass. SQL here is assembled only from identifiers of
`kcdash.schema` (an allow-list); the values under test are never put into SQL text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import duckdb

from kcdash import i18n
from kcdash.schema import STAGES, TABLES, Column, Table

MAX_PER_RULE = 200  # enough to show the pattern; the report says when more were cut


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None  # schema column name (shown to people by its header)
    value: str | None
    rule: str  # key of the message in the catalogue: "val.<rule>"
    params: dict[str, Any] = field(default_factory=dict)
    table: str = ""

    def header(self, lang: str) -> str:
        if not self.column:
            return ""
        table = TABLES.get(self.table)
        try:
            col = table.column(self.column) if table else None
        except KeyError:
            col = None
        if col is None:
            return self.column
        return col.vi if lang == "vi" else col.en

    def rule_text(self, lang: str) -> str:
        params = dict(self.params)
        table = TABLES.get(self.table)
        for k, v in params.items():  # columns named in a rule are shown by their header too
            if k.endswith("_column") and table and v in table.column_names:
                col = table.column(v)
                params[k] = col.vi if lang == "vi" else col.en
            elif k == "table" and v in TABLES:  # and a table by its name in the reader's language
                params[k] = table_label(v, lang)
        key = f"validate.{self.rule}" if f"validate.{self.rule}" in i18n.CATALOGUES["vi"] else f"val.{self.rule}"
        return i18n.t(key, lang, **params)

    def message(self, lang: str = "vi") -> str:
        parts = [i18n.t("val.where_file", lang, file=self.file)]
        if self.row is not None:
            parts.append(i18n.t("val.where_row", lang, row=self.row))
        if self.column:
            parts.append(i18n.t("val.where_column", lang, column=self.header(lang)))
        if self.value is not None:
            parts.append(i18n.t("val.where_value", lang, value=self.value))
        return ", ".join(parts) + ": " + self.rule_text(lang)


def table_label(name: str, lang: str = "vi") -> str:
    """A contract table as a message names it: "districts" -> "danh mục huyện" / "district list"."""
    return i18n.t(f"table.{name}", lang)


class DataValidationError(Exception):
    """Raised when data files break the contract; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.message("en") for p in problems[:20]))


def quote_ident(name: str) -> str:
    """A schema identifier, double-quoted; anything but a plain name is refused (never user text)."""
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise ValueError(f"not an identifier: {name!r}")
    return '"' + name + '"'


def _text(col: str) -> str:
    """The value as people wrote it: text, trimmed, empty as NULL."""
    return f"nullif(trim(cast(t.{quote_ident(col)} as varchar)), '')"


def _scale(sql_type: str) -> int | None:
    m = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", sql_type)
    return int(m.group(2)) if m else None


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    return con.execute(sql, params or {}).fetchall()


def relation_columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    sql = "describe " + quote_ident(relation)
    return [r[0] for r in con.execute(sql).fetchall()]


def typed_expr(col: Column) -> str:
    """Cast text to the column's type; use only after validation has passed."""
    if col.sql_type == "BOOLEAN":
        return f"cast(lower({_text(col.name)}) in ('true', '1', 'yes', 'có', 'x') as boolean)"
    return f"cast({_text(col.name)} as {col.sql_type})"


def _column_rules(table: Table, col: Column) -> list[tuple[str, str, dict[str, Any]]]:
    """(rule, SQL condition that is true for a broken row, message params)."""
    v = _text(col.name)
    rules: list[tuple[str, str, dict[str, Any]]] = []
    if col.required:
        rules.append(("required", f"{v} is null", {}))
    numeric = col.sql_type in ("INTEGER", "BIGINT", "DOUBLE") or col.sql_type.startswith("DECIMAL")
    if numeric:
        as_num = f"try_cast({v} as double)"
        rules.append(("not_number", f"{v} is not null and {as_num} is null", {}))
        # decimals are counted in the text, exactly: a binary double cannot tell 45.25 from 45.2500000001
        plain = f"regexp_full_match({v}, '[+-]?[0-9]*\\.[0-9]+')"
        decimals = f"length(rtrim(split_part({v}, '.', 2), '0'))"
        if col.sql_type in ("INTEGER", "BIGINT"):
            rules.append(
                (
                    "not_whole",
                    f"{as_num} is not null and (case when {plain} then {decimals} > 0 "
                    f"else {as_num} <> floor({as_num}) end)",
                    {},
                )
            )
        scale = _scale(col.sql_type)
        if scale is not None:
            rules.append(
                (
                    "too_many_decimals",
                    f"{as_num} is not null and (case when {plain} then {decimals} > {scale} "
                    f"else abs({as_num} - round({as_num}, {scale})) > 1e-9 end)",
                    {"places": scale},
                )
            )
        if col.min_value is not None:
            rules.append(("below_min", f"{as_num} < {float(col.min_value)!r}", {"min": col.min_value}))
        if col.max_value is not None:
            rules.append(("above_max", f"{as_num} > {float(col.max_value)!r}", {"max": col.max_value}))
    if col.sql_type == "VARCHAR":
        rules.append(("too_long", f"length({v}) > {int(col.max_chars)}", {"max": col.max_chars}))
    if col.sql_type == "BOOLEAN":
        ok = "('true','false','1','0','yes','no','có','không','x')"
        rules.append(("not_boolean", f"{v} is not null and lower({v}) not in {ok}", {}))
    if col.allowed:
        allowed_sql = "(" + ", ".join("'" + a + "'" for a in col.allowed) + ")"
        rules.append(
            ("not_allowed", f"{v} is not null and {v} not in {allowed_sql}", {"allowed": ", ".join(col.allowed)})
        )
    return rules


def _check_rules(table: Table) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    """Cross-column rules: (rule, column reported, value expr, condition, params)."""
    out: list[tuple[str, str, str, str, dict[str, Any]]] = []
    stage_years = [f"{s}_year" for s in STAGES]
    for check in table.checks:
        if check == "first_year_le_last_year":
            out.append(
                (
                    "first_after_last",
                    "last_year",
                    _text("last_year"),
                    f"try_cast({_text('first_year')} as integer) > try_cast({_text('last_year')} as integer)",
                    {},
                )
            )
        elif check == "period_ordered":
            out.append(
                (
                    "period_reversed",
                    "period_to_year",
                    _text("period_to_year"),
                    f"try_cast({_text('period_from_year')} as integer) > try_cast({_text('period_to_year')} as integer)",
                    {},
                )
            )
        elif check == "value_present_unless_not_reported":
            out.append(
                (
                    "value_missing",
                    "value",
                    _text("qualifier"),
                    f"{_text('value')} is null and coalesce({_text('qualifier')}, '') <> 'not_reported'",
                    {},
                )
            )
            out.append(
                (
                    "value_given_not_reported",
                    "value",
                    _text("value"),
                    f"{_text('value')} is not null and {_text('qualifier')} = 'not_reported'",
                    {},
                )
            )
        elif check == "cluster_stage_years":
            rank = "list_position(" + "[" + ", ".join("'" + s + "'" for s in STAGES) + "]" + f", {_text('stage')})"
            for i, col in enumerate(stage_years):
                # a year for a stage the cluster has not reached contradicts its stage
                out.append(
                    (
                        "stage_year_beyond_stage",
                        col,
                        _text(col),
                        f"{_text(col)} is not null and {rank} is not null and {rank} < {i + 1}",
                        {"stage": STAGES[i]},
                    )
                )
                for later in stage_years[i + 1 :]:
                    out.append(
                        (
                            "stage_years_out_of_order",
                            later,
                            _text(later),
                            f"try_cast({_text(later)} as integer) < try_cast({_text(col)} as integer)",
                            {"earlier_column": col},
                        )
                    )
                out.append(
                    (
                        "stage_year_after_as_of",
                        col,
                        _text(col),
                        f"try_cast({_text(col)} as integer) > try_cast({_text('as_of_year')} as integer)",
                        {},
                    )
                )
    return out


def _ref_checks(table: Table) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    """Rules that need the reference tables (already validated and typed as views)."""
    out: list[tuple[str, str, str, str, dict[str, Any]]] = []
    d = _text("district_code")
    y = f"try_cast({_text('year')} as integer)"
    for check in table.checks:
        if check == "district_in_province":
            out.append(
                (
                    "district_other_province",
                    "district_code",
                    d,
                    f"{d} is not null and exists (select 1 from districts r where r.district_code = {d} "
                    f"and r.province_code <> {_text('province_code')})",
                    {},
                )
            )
        elif check == "district_existed_in_year":
            out.append(
                (
                    "district_not_in_year",
                    "district_code",
                    d,
                    f"{d} is not null and {y} is not null and exists (select 1 from districts r "
                    f"where r.district_code = {d} and {y} not between r.first_year and r.last_year)",
                    {},
                )
            )
        elif check == "district_existed_in_stage_years":
            for s in STAGES:
                sy = f"try_cast({_text(s + '_year')} as integer)"
                out.append(
                    (
                        "district_not_in_stage_year",
                        s + "_year",
                        _text(s + "_year"),
                        f"{sy} is not null and exists (select 1 from districts r where r.district_code = {d} "
                        f"and {sy} not between r.first_year and r.last_year)",
                        {},
                    )
                )
    return out


def validate_relation(
    con: duckdb.DuckDBPyConnection,
    table: Table,
    relation: str,
    file_label: str,
    known_tables: set[str] | None = None,
) -> list[Problem]:
    """Every problem of `relation` against `table`'s contract.

    `known_tables` are typed views already loaded (for references); defaults to none.
    """
    known_tables = known_tables or set()
    present = set(relation_columns(con, relation))
    problems: list[Problem] = []

    def p(
        row: int | None, column: str | None, value: str | None, rule: str, params: dict[str, Any] | None = None
    ) -> None:
        problems.append(Problem(file_label, row, column, value, rule, params or {}, table.name))

    missing = [c.name for c in table.columns if c.name not in present]
    for name in missing:
        p(None, name, None, "missing_column")
    if missing:
        return problems  # row rules would only repeat the missing-column message

    count_sql = "select count(*) from " + quote_ident(relation)
    total = con.execute(count_sql).fetchall()[0][0]
    if total == 0:
        if not table.optional:  # an optional table may hold nothing (no report read yet)
            p(None, None, None, "empty")
        return problems

    checks: list[tuple[str, str, str, str, dict[str, Any]]] = []
    for col in table.columns:
        for rule, cond, params in _column_rules(table, col):
            # a text over the limit is quoted by its start only: the message must stay readable
            shown = f"left({_text(col.name)}, 60) || '…'" if rule == "too_long" else _text(col.name)
            checks.append((rule, col.name, shown, cond, params))
    checks += _check_rules(table)
    if all(r[0] in known_tables for r in (c.ref for c in table.columns if c.ref)):
        for col in table.columns:
            if col.ref:
                ref_table, ref_col = col.ref
                v = _text(col.name)
                checks.append(
                    (
                        "unknown_reference",
                        col.name,
                        v,
                        f"{v} is not null and {v} not in (select r.{quote_ident(ref_col)} from {quote_ident(ref_table)} as r)",
                        {"table": ref_table},
                    )
                )
        if "districts" in known_tables:
            checks += _ref_checks(table)

    # one scan per table: every rule is a branch of one union, capped per rule
    branches = [
        f"select {i} as rule_no, t._row, {value_expr} as v from {quote_ident(relation)} as t where {cond}"
        for i, (_rule, _column, value_expr, cond, _params) in enumerate(checks)
    ]
    found: dict[int, list[tuple[Any, ...]]] = {}
    if branches:
        sql = (
            "select rule_no, _row, v from (" + " union all ".join(branches) + ") "
            f"qualify row_number() over (partition by rule_no order by _row) <= {MAX_PER_RULE + 1} "
            "order by rule_no, _row"
        )
        for rule_no, row, value in _rows(con, sql):
            found.setdefault(rule_no, []).append((row, value))
    for i, (rule, column, _value_expr, _cond, params) in enumerate(checks):
        rows = found.get(i, [])
        for row, value in rows[:MAX_PER_RULE]:
            p(int(row), column, value, rule, params)
        if len(rows) > MAX_PER_RULE:
            p(None, column, None, "more_cut", {"rule": rule, "n": MAX_PER_RULE})

    key_text = " || ' / ' || ".join(f"coalesce({_text(k)}, '')" for k in table.key)
    dup_sql = (
        f"select _row, v from (select t._row, {key_text} as v, "
        f"row_number() over (partition by {', '.join(_text(k) for k in table.key)} order by t._row) as n "
        f"from {quote_ident(relation)} as t) where n > 1 order by _row limit {MAX_PER_RULE}"
    )
    first_sql = f"select min(t._row) from {quote_ident(relation)} as t where " + " and ".join(
        f"{_text(k)} = $k{i}" for i, k in enumerate(table.key)
    )
    for row, value in _rows(con, dup_sql):
        key_vals = {f"k{i}": part for i, part in enumerate(str(value).split(" / "))}
        first = con.execute(first_sql, key_vals).fetchall()[0][0] if len(key_vals) == len(table.key) else None
        p(int(row), table.key[0], value, "duplicate_key", {"first_row": first})
    return problems


def typed_select(table: Table, relation: str) -> str:
    """SQL that returns the relation with every column cast to its contract type."""
    cols = ", ".join(f"{typed_expr(c)} as {quote_ident(c.name)}" for c in table.columns)
    return f"select {cols} from {quote_ident(relation)} as t"
