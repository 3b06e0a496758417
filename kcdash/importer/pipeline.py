"""The pipeline the command line and the upload page share: read → locate → columns → values →
convert → validate → plan; nothing is written here (see :mod:`kcdash.importer.commit`).

Everything is read as text first, so one set of rules decides what a cell means. Nothing is
written unless the whole file passes; the report lists every problem at once, and the mapping
report says how each column and value was understood.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pandas as pd

from kcdash import i18n
from kcdash.db import Database, data_dir, get_database
from kcdash.importer import convert
from kcdash.importer.columns import IMPORTABLE, SKIP, ColumnMatch, best_guess, detect_table, header_key, map_columns
from kcdash.importer.limits import Clock, Limits, mb_text
from kcdash.importer.locate import Body, combine_subheader, find_header_row, locate, provinces_in_titles, year_in_titles
from kcdash.importer.plan import FILE_PROBLEM_LIMIT, Plan, collisions, make_plan
from kcdash.importer.profiles import Choices
from kcdash.importer.read import FileProblem, RawTable, read_raw
from kcdash.importer.text import fold, neutralise
from kcdash.importer.values import Resolver, Unmatched
from kcdash.schema import RECORD_TABLES, STAGES, TABLES, Column, Table
from kcdash.validate import Problem, quote_ident, typed_expr, validate_relation

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
TOTALLED = ("budget_million_vnd", "trainees", "new_jobs", "area_ha")  # columns a total row sums
PROVINCE_WIDE = {"toan tinh", "cap tinh", "tren dia ban tinh", "cac huyen", "toan tinh tinh"}
"""District cells that mean the whole province: stored as an empty district, as the contract says."""
DEFAULT_UNIT = "trieu_dong"  # the contract's unit, when neither the header nor the steward names one


@dataclass(frozen=True)
class Note:
    """Something the steward should know that does not stop the import."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    table: str = ""
    column: str = ""  # a contract column, named in the note by its header in the reader's language

    def text(self, lang: str = "vi") -> str:
        params = dict(self.params)
        if self.column:
            col = TABLES[self.table].column(self.column)
            params["header"] = col.en if lang == "en" else col.vi
        for k, v in list(params.items()):
            if k.endswith("_column") and self.table and v in TABLES[self.table].column_names:
                col = TABLES[self.table].column(v)
                params[k] = col.en if lang == "en" else col.vi
            if k == "unit" and v:
                params[k] = i18n.t(f"import.unit_{v}", lang)
        return i18n.t(self.key, lang, **params)


@dataclass(frozen=True)
class Applied:
    """A value read as a code because the steward chose it ("chosen": page, profile) or accepted
    the suggestion for it ("accepted": --accept-suggestions); each is listed in the report."""

    column: str
    value: str
    code: str
    name: str
    rows: int
    how: str = "accepted"


@dataclass
class ImportResult:
    file_name: str
    size: int
    sha256: str
    table: str | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    plan: Plan | None = None
    records: pd.DataFrame | None = None  # the file's rows, typed as the contract says
    info: dict[str, Any] = field(default_factory=dict)
    checked_against: str = ""  # id of the active version the file was checked against
    version: str | None = None  # set once committed
    columns: list[ColumnMatch] = field(default_factory=list)  # how each file column was read
    headers: list[str | None] = field(default_factory=list)
    preview: list[list[str | None]] = field(default_factory=list)  # first data rows, as written
    unmatched: list[Unmatched] = field(default_factory=list)  # values no reference entry has
    applied: list[Applied] = field(default_factory=list)  # suggestions accepted
    options: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # column -> (code, name) to choose
    units: dict[str, tuple[str, str]] = field(default_factory=dict)  # column -> (unit, "header"|"chosen"|"default")
    ids_made: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self, lang: str = "vi") -> pd.DataFrame:
        """Every problem as a table: row, column (header in `lang`), value, rule, message."""
        cols = [
            i18n.t(k, lang)
            for k in ("imp.col_row", "imp.col_column", "imp.col_value", "imp.col_rule", "imp.col_message")
        ]
        rows = [(p.row, p.header(lang), p.value, p.rule, p.rule_text(lang)) for p in self.problems]
        df = pd.DataFrame(rows, columns=cols)
        df[cols[0]] = df[cols[0]].astype("Int64")
        return df

    def report_csv(self, lang: str = "vi") -> bytes:
        """The report for download: UTF-8 with BOM (Excel opens it right), formulas neutralised."""
        df = self.report(lang).astype(object)
        df = df.map(neutralise)
        return df.to_csv(index=False).encode("utf-8-sig")

    def summary(self, lang: str = "vi") -> str:
        if self.problems:
            return i18n.t("imp.rejected", lang, n=len(self.problems))
        return i18n.t("imp.ok", lang, rows=0 if self.records is None else len(self.records))

    def applied_lines(self, lang: str = "vi") -> list[str]:
        """One line per value read through a choice or an accepted suggestion."""
        if not self.table:
            return []
        tdef = TABLES[self.table]
        return [
            i18n.t(
                "import.map_applied" if a.how == "accepted" else "import.map_chosen_value",
                lang,
                column=tdef.column(a.column).en if lang == "en" else tdef.column(a.column).vi,
                value=a.value,
                name=a.name,
                code=a.code,
                n=a.rows,
            )
            for a in self.applied
        ]

    def mapping_lines(self, lang: str = "vi") -> list[str]:
        """The mapping report: each file column and what it became, values reconciled, units, ids."""
        if not self.table:
            return []
        tdef = TABLES[self.table]

        def header(col: str) -> str:
            c = tdef.column(col)
            return c.en if lang == "en" else c.vi

        lines = [i18n.t("import.map_title", lang)]
        for m in self.columns:
            if m.column:
                how = i18n.t(f"import.how_{m.how}", lang)
                unit = self.units.get(m.column)
                extra = i18n.t("import.map_unit", lang, unit=i18n.t(f"import.unit_{unit[0]}", lang)) if unit else ""
                lines.append(i18n.t("import.map_line", lang, file=m.header, column=header(m.column), how=how) + extra)
            elif m.how == "unmatched" and m.guess:
                lines.append(i18n.t("import.map_unmatched_guess", lang, file=m.header, guess=header(m.guess)))
            else:
                lines.append(i18n.t("import.map_skipped", lang, file=m.header))
        lines += self.applied_lines(lang)
        for u in self.unmatched:
            key = "import.map_value_suggestion" if u.suggestion else "import.map_value_unknown"
            lines.append(
                i18n.t(key, lang, column=header(u.column), value=u.value, name=u.suggestion_name or "", n=len(u.rows))
            )
        return lines


Progress = Callable[[str, float], None]


def _noop(_step: str, _fraction: float) -> None:
    pass


def check(
    content: bytes,
    filename: str,
    *,
    table: str | None = None,
    sheet: str | None = None,
    base: str | None = None,
    user: str = "",
    max_bytes: int | None = None,
    progress: Progress | None = None,
    choices: Choices | None = None,
) -> ImportResult:
    """Read, map, normalise and validate `content` against the active data; writes nothing.

    The file is read first: a file over a limit is refused before the data is even opened."""
    progress = progress or _noop
    early = _read_first(content, filename, table, sheet, max_bytes, progress)
    if isinstance(early, ImportResult):
        return early
    db = get_database(base or data_dir())
    cur = db.cursor()
    try:
        return check_on(cur, db, content, filename, table, sheet, user, max_bytes, progress, choices, early)
    finally:
        cur.close()


def _read_first(
    content: bytes, filename: str, table: str | None, sheet: str | None, max_bytes: int | None, progress: Progress
) -> ImportResult | tuple[RawTable, Clock]:
    """The file read within the limits, or the result refusing it (the same as `check_on` gives)."""
    limits = Limits.from_env()
    clock = Clock(limits.time_budget_s)
    name = os.path.basename(filename) or "upload"
    limit = limits.max_bytes if max_bytes is None else max_bytes
    rule, row, params = "", None, dict[str, object]()
    if table is not None and table not in IMPORTABLE:
        rule, params = "imp_not_importable", {"tables": ", ".join(IMPORTABLE)}
    elif len(content) > limit:
        rule, params = "imp_too_large", {"size_mb": mb_text(len(content)), "limit_mb": mb_text(limit)}
    else:
        progress("imp.step_read", 0.05)
        try:
            return read_raw(content, name, sheet, limits, clock), clock
        except FileProblem as e:
            rule, row, params = e.rule, e.row, e.params
    result = ImportResult(file_name=name, size=len(content), sha256=hashlib.sha256(content).hexdigest())
    result.problems.append(Problem(name, row, None, None, rule, dict(params), table or ""))
    return result


def check_on(
    cur: Any,
    db: Database,
    content: bytes,
    filename: str,
    table: str | None,
    sheet: str | None,
    user: str,
    max_bytes: int | None,
    progress: Progress,
    choices: Choices | None = None,
    read: tuple[RawTable, Clock] | None = None,
) -> ImportResult:
    """`check` on an open cursor; leaves the typed rows in its temp table `incoming` when they pass.
    `read`: the file already read (by `check`), with the clock of its time budget."""
    choices = choices or Choices()
    limits = Limits.from_env()
    clock = read[1] if read else Clock(limits.time_budget_s)
    name = os.path.basename(filename) or "upload"
    result = ImportResult(file_name=name, size=len(content), sha256=hashlib.sha256(content).hexdigest())
    result.checked_against = str(db.version.get("id", "bundled"))
    limit = limits.max_bytes if max_bytes is None else max_bytes

    def fail(rule: str, row: int | None = None, **params: Any) -> ImportResult:
        result.problems.append(Problem(name, row, None, None, rule, params, table or ""))
        return result

    if table is not None and table not in IMPORTABLE:
        return fail("imp_not_importable", tables=", ".join(IMPORTABLE))
    if len(content) > limit:
        return fail("imp_too_large", size_mb=mb_text(len(content)), limit_mb=mb_text(limit))
    progress("imp.step_read", 0.05)
    try:
        raw = read[0] if read else read_raw(content, name, sheet, limits, clock)
        first_header = find_header_row(raw)
        header_at, headers = combine_subheader(raw, first_header)
        result.info = dict(raw.info)
        result.headers = headers
        table = table or _detect(headers, choices)
        if table is None:
            return fail("imp_unknown_table")
        result.table = table
        tdef = TABLES[table]
        matches, duplicates = map_columns(headers, tdef, choices.columns)
        result.columns = matches
        key_index = next((m.index for m in matches if m.column == tdef.key[0]), None)
        body = locate(raw, header_at, key_index, headers, first_header)
        result.preview = [rec for _n, rec, _t in body.rows[:5]]
        progress("imp.step_normalise", 0.15)
        resolver = Resolver(cur)
        frame, found, problems, notes = _normalise(
            raw, body, matches, duplicates, tdef, resolver, name, user, choices, result, progress, clock
        )
    except FileProblem as e:
        return fail(e.rule, e.row, **e.params)
    result.info["rows"] = len(frame)
    result.info["decimal"] = raw.info.get("decimal", ".")
    notes = [_detected_note(result.info, table), *notes]
    if len(notes) > limits.max_notes:  # a file of a million odd columns must not print a million notes
        cut = len(notes) - limits.max_notes
        notes = [*notes[: limits.max_notes], Note("import.notes_cut", {"n": cut, "limit": limits.max_notes})]
    result.notes = notes
    progress("imp.step_validate", 0.7)
    cur.register("incoming_text", frame)
    try:
        checked = validate_relation(cur, tdef, "incoming_text", name, set(TABLES) - set(RECORD_TABLES))
        problems += [_explain(p, found, result.columns) for p in checked]
        if not problems:
            progress("imp.step_plan", 0.85)
            cur.execute("create or replace temp table incoming as " + _typed_with_row(tdef, "incoming_text"))
            problems += collisions(cur, tdef, name)
            result.plan = make_plan(cur, tdef)
            keys = ", ".join(quote_ident(k) for k in tdef.key)
            # through Arrow, so budgets stay Decimal (exact to the đồng) and are never floats
            result.records = (
                cur.sql(f"select * exclude (_row) from incoming order by {keys}").to_arrow_table().to_pandas()
            )
    finally:
        cur.unregister("incoming_text")
    result.problems = sorted(problems, key=lambda p: _reading_order(p, tdef))
    progress("imp.checked", 1.0)
    return result


def _detect(headers: list[str | None], choices: Choices) -> str | None:
    """The table the headers name, counting the steward's column choices too."""
    found = detect_table(headers)
    if found is not None or not choices.columns:
        return found
    scores = {}
    for name in IMPORTABLE:
        matches, _dup = map_columns(headers, TABLES[name], choices.columns)
        chosen = [m for m in matches if m.column and m.column in TABLES[name].column_names]
        scores[name] = len(chosen)
    best = max(scores.values())
    winners = [n for n, s in scores.items() if s == best]
    return winners[0] if best >= 2 and len(winners) == 1 else None


def _reading_order(p: Problem, tdef: Table) -> tuple[int, int, int]:
    """File-wide problems first, then by row and column as the file reads; "more rows cut" last."""
    place = 2 if p.rule == "more_cut" else 0 if p.row is None else 1
    cols = tdef.column_names
    return (place, p.row or 0, cols.index(p.column) if p.column in cols else -1)


def _detected_note(info: dict[str, Any], table: str) -> Note:
    params = {"format": info.get("format", ""), "rows": info.get("rows", 0), "table": table}
    if "sheet" in info:
        return Note("imp.note_detected_sheet", {**params, "sheet": info["sheet"]})
    if "encoding" in info:
        return Note(
            "imp.note_detected",
            {
                **params,
                "encoding": info["encoding"],
                "delimiter": info["delimiter"],
                "decimal": info.get("decimal", "."),
            },
        )
    return Note("imp.note_detected_parquet", params)


def allowed_value(v: str, col: Column) -> str:
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


def _normalise(
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

    problems += _check_totals(body, tdef, columns, mark, result, name, notes)
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


def _number(text: str | None, was_number: bool, col: Column, mark: str, unit: str) -> Decimal | None:
    if text is None:
        return None
    v = text if was_number else convert.plain_number(text, mark, whole=col.sql_type in ("INTEGER", "BIGINT"))
    if col.name == "budget_million_vnd":
        v = convert.to_million(v, unit)
    return convert.exact(v)


def _check_totals(
    body: Body, tdef: Table, columns: dict[str, int], mark: str, result: ImportResult, name: str, notes: list[Note]
) -> list[Problem]:
    """Each total row against the sum of the rows it closes, exactly; a disagreement is a problem."""
    problems: list[Problem] = []
    end = 0
    for number, rec, typed, label, start in body.totals:
        end = next((i for i, (n, _r, _t) in enumerate(body.rows) if n > number), len(body.rows))
        closed = body.rows[start:end]
        checked: list[str] = []
        for col_name in TOTALLED:
            if col_name not in columns or col_name not in tdef.column_names:
                continue
            col = tdef.column(col_name)
            i = columns[col_name]
            unit = result.units.get(col_name, (DEFAULT_UNIT, ""))[0]
            written = rec[i] if i < len(rec) else None
            total = _number(written, bool(typed and i < len(typed) and typed[i]), col, mark, unit)
            if total is None:
                continue
            parts = [
                _number(r[i] if i < len(r) else None, bool(t and i < len(t) and t[i]), col, mark, unit)
                for _n, r, t in closed
            ]
            if any(p is None and r[i] is not None for p, (_n, r, _t) in zip(parts, closed, strict=True) if i < len(r)):
                continue  # a cell that is not a number: the validator reports it
            s = sum((p for p in parts if p is not None), Decimal(0))
            if s != total:
                problems.append(
                    Problem(
                        name,
                        number,
                        col_name,
                        written,
                        "imp_total_mismatch",
                        {
                            "label": label,
                            "sum": convert.decimal_text(s),
                            "total": convert.decimal_text(total),
                            "n": len(closed),
                        },
                        tdef.name,
                    )
                )
            else:
                checked.append(col_name)
        key = "import.note_total_ok" if checked else "import.note_total_skipped"
        notes.append(Note(key, {"row": number, "label": label, "n": len(closed)}))
    return problems


def _explain(p: Problem, found: Found, matches: list[ColumnMatch]) -> Problem:
    """The validator's problem as the person wrote the value, with the importer's "did you mean"."""
    issues, originals = found
    if p.row is not None and p.column is not None and (p.row, p.column) in originals:
        p = dataclasses.replace(p, value=originals[(p.row, p.column)])
    if p.rule == "unknown_reference" and p.row is not None and p.column and (p.row, p.column) in issues:
        rule, params = issues[(p.row, p.column)]
        return dataclasses.replace(p, rule=rule, params=params)
    if p.rule == "missing_column" and p.column:
        table = TABLES[p.table]
        unused = [m for m in matches if m.column is None and m.how == "unmatched"]
        best, best_ratio = None, 0.0
        for m in unused:
            guess, ratio = best_guess(m.header, table, set())
            if guess == p.column and ratio > best_ratio:
                best, best_ratio = m.header, ratio
        if best is not None and best_ratio >= 0.75:
            return dataclasses.replace(p, rule="imp_missing_column_hint", params={"suggestion": best})
    return p


def _typed_with_row(tdef: Table, relation: str) -> str:
    cols = ", ".join(f"{typed_expr(c)} as {quote_ident(c.name)}" for c in tdef.columns)
    return f"select t._row, {cols} from {quote_ident(relation)} as t"


def chosen_columns(pairs: list[str]) -> dict[str, str]:
    """--map "Header=column" options as Choices.columns; ValueError names a bad one."""
    from kcdash.importer.columns import parse_map_option

    out: dict[str, str] = {}
    for text in pairs:
        key, column = parse_map_option(text)
        out[key] = column
    return out


__all__ = ["SKIP", "Applied", "ImportResult", "Note", "check", "check_on", "header_key"]
