"""Normalise: the located rows as the contract's columns of text, each cell read once by
one set of rules: names to codes (``values``), numbers and units (``convert``), yes/no and stage
words, the province or year a file without that column names in its title rows, ids made from
content. Problems and notes are gathered, nothing is checked against the data here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pandas as pd

from kcdash.importer import convert
from kcdash.importer.columns import ColumnMatch
from kcdash.importer.convert import DEFAULT_UNIT
from kcdash.importer.limits import Clock
from kcdash.importer.locate import Body, provinces_in_titles, year_in_titles
from kcdash.importer.plan import FILE_PROBLEM_LIMIT
from kcdash.importer.profiles import Choices
from kcdash.importer.read import RawTable
from kcdash.importer.result import Applied, ImportResult, Note, Progress
from kcdash.importer.text import fold
from kcdash.importer.totals import check_totals
from kcdash.importer.values import Resolver, Unmatched
from kcdash.schema import STAGES, Column, Table
from kcdash.validate import Problem

TRUE_WORDS = {"true", "1", "yes", "y", "co", "x", "dung"}
FALSE_WORDS = {"false", "0", "no", "n", "khong", "sai"}
_BOOLEAN_WORDS = {**dict.fromkeys(TRUE_WORDS, "true"), **dict.fromkeys(FALSE_WORDS, "false")}
STAGE_WORDS = {
    "planned": ("quy hoach", "da quy hoach", "trong quy hoach", "co trong quy hoach"),
    "established": ("thanh lap", "da thanh lap", "quyet dinh thanh lap"),
    "detailed plan": (
        "quy hoach chi tiet",
        "duyet quy hoach chi tiet",
        "da duyet quy hoach chi tiet",
        "qh chi tiet",
        "detailed plan approved",
    ),
    "infrastructure": ("xay dung ha tang", "dang xay dung ha tang", "ha tang", "infrastructure under construction"),
    "operating": ("hoat dong", "dang hoat dong", "di vao hoat dong", "da di vao hoat dong"),
}
PROVINCE_WIDE = {"toan tinh", "cap tinh", "tren dia ban tinh", "cac huyen", "toan tinh tinh"}
"""District cells that mean the whole province: stored as an empty district, as the contract says."""


def allowed_value(v: str, col: Column) -> str:
    """A written value as the contract's allowed one (marks and case aside; stage words too)."""
    key = fold(v)
    for allowed in col.allowed:
        if key == fold(allowed):
            return allowed
    if set(col.allowed) == set(STAGES):
        for stage, words in STAGE_WORDS.items():
            if key in words:
                return stage.replace(" ", "_")
    return v


Found = tuple[dict[tuple[int, str], tuple[str, dict[str, Any]]], dict[tuple[int, str], str | None]]


def normalise(
    raw: RawTable,
    body: Body,
    matches: list[ColumnMatch],
    duplicates: list[tuple[str, str, str]],
    tdef: Table,
    resolver: Resolver,
    name: str,
    user: str,
    choices: Choices,
    result: ImportResult,
    progress: Progress,
    clock: Clock,
) -> tuple[pd.DataFrame, Found, list[Problem], list[Note]]:
    """Contract columns of text cells (+ `_row`), issues to explain, problems and notes."""
    problems: list[Problem] = []
    notes: list[Note] = []
    header_row = raw.numbers[body.header_at] if not raw.header_known else None
    for dup_col, h, other in duplicates:
        problems.append(Problem(name, header_row, dup_col, h, "imp_duplicate_header", {"other": other}, tdef.name))
    columns = {m.column: m.index for m in matches if m.column}
    for m in matches:
        if m.column is None and m.how in ("unmatched", "skipped"):
            notes.append(Note("imp.note_ignored_column", {"header": m.header, "table": tdef.name}))
    rows = body.rows
    width = len(body.headers)
    ragged = 0
    for number, rec, _typed in rows:
        if any(c is not None for c in rec[width:]) and ragged < FILE_PROBLEM_LIMIT:
            ragged += 1
            problems.append(
                Problem(name, number, None, None, "imp_ragged_row", {"found": len(rec), "expected": width}, tdef.name)
            )

    def cell(rec: list[str | None], typed: list[bool] | None, i: int) -> tuple[str | None, bool]:
        if i >= len(rec):
            return None, False
        return rec[i], bool(typed and i < len(typed) and typed[i])

    numeric_text = [
        v
        for col in tdef.columns
        if col.name in columns and convert.numeric(col)
        for _n, rec, typed in rows
        for v, was_number in [cell(rec, typed, columns[col.name])]
        if v is not None and not was_number
    ]
    mark = convert.decimal_mark(numeric_text)
    raw.info["decimal"] = mark

    # the budget's unit: the steward's choice, else the header's, else the contract's
    for m in matches:
        if m.column == "budget_million_vnd":
            if m.column in choices.units:
                result.units[m.column] = (choices.units[m.column], "chosen")
            elif m.unit:
                result.units[m.column] = (m.unit, "header")
            else:
                result.units[m.column] = (DEFAULT_UNIT, "default")
            unit, source = result.units[m.column]
            if unit != DEFAULT_UNIT or source == "chosen":
                notes.append(Note(f"import.note_unit_{source}", {"unit": unit}, tdef.name, m.column))

    data: dict[str, list[str | None]] = {"_row": [str(n) for n, _r, _t in rows]}
    issues: dict[tuple[int, str], tuple[str, dict[str, Any]]] = {}
    originals: dict[tuple[int, str], str | None] = {}
    provinces: list[str | None] = []

    # a file without a province (or year) column: the steward's choice, or what the title rows say
    constants: dict[str, str] = {}
    if "province_code" in tdef.column_names and "province_code" not in columns:
        code = choices.province
        how = "chosen"
        if code is None:
            for title_name in provinces_in_titles(body.titles):
                found_code, issue = resolver.resolve("provinces", title_name, None)
                if issue is None:
                    code, how = found_code, "title"
                    break
        if code is not None:
            constants["province_code"] = code
            names = resolver.province_names.get(code, (code, code))
            notes.append(Note(f"import.note_province_{how}", {"name": names[0]}, tdef.name, "province_code"))
    if "province_code" in tdef.column_names and "province_code" not in columns and "province_code" not in constants:
        result.options["province_code"] = resolver.lookups["provinces"].options()  # the steward chooses
    if "year" in tdef.column_names and "year" not in columns:
        year = year_in_titles(body.titles)
        if year is not None:
            constants["year"] = str(year)
            notes.append(Note("import.note_year_title", {"year": year}, tdef.name, "year"))

    order = sorted(tdef.columns, key=lambda c: c.name != "province_code")  # districts need the province
    unmatched: dict[tuple[str, str], list[int]] = {}
    first_issue: dict[tuple[str, str], tuple[str, dict[str, Any]]] = {}
    province_wide: list[int] = []
    applied: dict[tuple[str, str], Applied] = {}
    total = max(1, len(order))
    for k, col in enumerate(order):
        progress("imp.step_normalise", 0.15 + 0.5 * k / total)
        clock.check()
        if col.name in constants:
            data[col.name] = [constants[col.name]] * len(rows)
            if col.name == "province_code":
                provinces = list(data[col.name])
            continue
        if col.name not in columns:
            continue
        values: list[str | None] = []
        memo: dict[tuple[str, str | None], tuple[str, tuple[str, dict[str, Any]] | None]] = {}
        unit = result.units.get(col.name, (DEFAULT_UNIT, ""))[0]
        for r, (number, rec, typed) in enumerate(rows):
            v, was_number = cell(rec, typed, columns[col.name])
            written = v
            if v is not None and col.name == "district_code" and fold(v) in PROVINCE_WIDE:
                v = None  # work for the whole province: the contract leaves the district empty
                province_wide.append(number)
            if v is not None:
                if col.ref and col.ref[0] in resolver.lookups:
                    province = provinces[r] if col.name == "district_code" and provinces else None
                    got = memo.get((v, province))
                    if got is None:
                        got = memo[(v, province)] = _resolve(resolver, col, v, province, choices)
                    v, issue = got
                    if issue and issue[0] in ("imp_accepted", "imp_chosen"):
                        a = applied.get((col.name, written or ""))
                        how = "accepted" if issue[0] == "imp_accepted" else "chosen"
                        applied[(col.name, written or "")] = Applied(
                            col.name, written or "", v, issue[1]["name"], (a.rows if a else 0) + 1, how
                        )
                    elif issue:
                        if issue[0] != "imp_unknown_name":  # the validator's own message says it plainly
                            issues[(number, col.name)] = issue
                        unmatched.setdefault((col.name, written or ""), []).append(number)
                        first_issue.setdefault((col.name, written or ""), issue)
                elif convert.numeric(col):
                    if not was_number:
                        v = convert.plain_number(
                            v, mark, whole=col.sql_type in ("INTEGER", "BIGINT"), percent=col.unit == "%"
                        )
                    if col.name == "budget_million_vnd":
                        v = convert.to_million(v, unit)
                elif col.sql_type == "BOOLEAN":
                    v = _BOOLEAN_WORDS.get(fold(v), v)
                elif col.allowed:
                    v = allowed_value(v, col)
            if v != written:
                originals[(number, col.name)] = written  # the report shows what the person wrote
            values.append(v)
        data[col.name] = values
        if col.name == "province_code":
            provinces = values

    for (col_name, written), numbers in unmatched.items():
        ref = tdef.column(col_name).ref
        table_name = ref[0] if ref else ""
        issue = first_issue[(col_name, written)]
        province = provinces[0] if col_name == "district_code" and provinces else None
        result.unmatched.append(
            Unmatched(
                col_name,
                written,
                tuple(numbers[:20]),
                issue[1].get("code"),
                issue[1].get("suggestion"),
                table_name,
                province,
            )
        )
        result.options.setdefault(col_name, resolver.options(table_name, province))
    result.applied = list(applied.values())
    if province_wide:
        rows_text = ", ".join(str(n) for n in province_wide[:10]) + (" …" if len(province_wide) > 10 else "")
        notes.append(Note("import.note_province_wide", {"rows": rows_text}, tdef.name, "district_code"))

    problems += check_totals(body, tdef, columns, mark, result.units, name, notes)
    if body.footer:
        notes.append(Note("import.note_footer", {"rows": ", ".join(str(n) for n in body.footer[:10])}))

    if tdef.key[0] not in columns and rows:
        data[tdef.key[0]] = _make_ids(tdef, data, len(rows))
        result.ids_made = True
        notes.append(
            Note("import.note_ids_made", {"n": len(rows), "example": data[tdef.key[0]][0]}, tdef.name, tdef.key[0])
        )

    today = dt.date.today().isoformat()
    for col in tdef.columns:
        if col.name in data:
            continue
        if col.name == "source":
            who = f", {user}" if user else ""
            data[col.name] = [f"{name} (nhập ngày {today}{who})"] * len(rows)
            value = data[col.name][0] if rows else ""
            notes.append(Note("imp.note_default_source", {"value": value}, tdef.name, col.name))
        elif col.name == "is_illustrative":
            data[col.name] = ["false"] * len(rows)
            notes.append(Note("imp.note_default_illustrative", {}, tdef.name, col.name))
        elif not col.required:
            data[col.name] = [None] * len(rows)  # missing, never zero
            notes.append(Note("imp.note_optional_absent", {}, tdef.name, col.name))
    frame = pd.DataFrame({k: pd.Series(v, dtype="object") for k, v in data.items()})
    frame["_row"] = frame["_row"].astype("int64")
    return frame, (issues, originals), problems, notes


def _resolve(
    resolver: Resolver, col: Column, v: str, province: str | None, choices: Choices
) -> tuple[str, tuple[str, dict[str, Any]] | None]:
    """A written name as a code: the steward's choice first, then the lists, then an accepted suggestion."""
    if col.ref is None:
        return v, None
    table = col.ref[0]
    chosen = choices.value_for(col.name, v)
    if chosen:
        if fold(chosen) == fold(v):
            return chosen, None
        name = resolver.lookups[table].display.get(chosen, chosen)
        return chosen, ("imp_chosen", {"name": name})
    code, issue = resolver.resolve(table, v, province)
    if issue is None and code not in resolver.lookups[table].display:  # nothing close: the steward chooses
        return code, ("imp_unknown_name", {"table": table})
    if issue and issue[0] == "imp_did_you_mean" and choices.accept_suggestions and issue[1].get("code"):
        return str(issue[1]["code"]), ("imp_accepted", {"name": issue[1]["suggestion"]})
    return code, issue


def _make_ids(tdef: Table, data: dict[str, list[str | None]], n: int) -> list[str | None]:
    """Ids from province, year and the row's content: the same file gives the same ids again.

    The source is left out (its default names the import date); a row repeated word for word
    gets "-2", "-3" in file order, so ids stay unique and stable.
    """
    content_cols = [c.name for c in tdef.columns if c.name not in (tdef.key[0], "source", "is_illustrative")]
    seen: dict[str, int] = {}
    out: list[str | None] = []
    for r in range(n):
        parts = [fold(data[c][r] or "") if c in data else "" for c in content_cols]
        digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:8]
        prov = (data.get("province_code") or [None] * n)[r] or "x"
        year = (data.get("year") or [None] * n)[r] if "year" in tdef.column_names else None
        base = f"{prov}-{year}-{digest}" if year else f"{prov}-{digest}"
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out
