"""The pipeline the command line and the upload page share: read → locate → columns → normalise
(values, convert) → validate → plan; nothing is written here (see :mod:`kcdash.importer.commit`).

Everything is read as text first, so one set of rules decides what a cell means. Nothing is
written unless the whole file passes; the report lists every problem at once, and the mapping
report says how each column and value was understood.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass
from typing import Any

from kcdash.db import Database, data_dir, get_database
from kcdash.importer.columns import IMPORTABLE, ColumnMatch, best_guess, detect_table, map_columns
from kcdash.importer.limits import Clock, Limits, mb_text
from kcdash.importer.locate import combine_subheader, find_header_row, locate
from kcdash.importer.normalise import Found, normalise
from kcdash.importer.plan import collisions, make_plan
from kcdash.importer.profiles import Choices
from kcdash.importer.read import FileProblem, RawTable, read_raw
from kcdash.importer.result import ImportResult, Note, Progress, no_progress
from kcdash.importer.values import Resolver
from kcdash.schema import RECORD_TABLES, TABLES, Table
from kcdash.validate import Problem, quote_ident, typed_expr, validate_relation


@dataclass(frozen=True)
class Upload:
    """One file asked to be imported, and how: the table and sheet it is for (None: found from its
    headers, the first sheet), who asks, the size limit (None: KC_IMPORT_MAX_MB) and the steward's
    choices of columns and units."""

    content: bytes
    filename: str
    table: str | None = None
    sheet: str | None = None
    user: str = ""
    max_bytes: int | None = None
    choices: Choices | None = None

    @property
    def name(self) -> str:
        """The file's name without its folder, as problems and versions cite it."""
        return os.path.basename(self.filename) or "upload"

    def for_table(self, table: str | None) -> Upload:
        """The same file asked for `table` (the one its first check found)."""
        return dataclasses.replace(self, table=table)

    def result(self) -> ImportResult:
        """A result for this file that holds nothing yet but its name, size and SHA-256."""
        sha256 = hashlib.sha256(self.content).hexdigest()
        return ImportResult(file_name=self.name, size=len(self.content), sha256=sha256)


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
    upload = Upload(content, filename, table=table, sheet=sheet, user=user, max_bytes=max_bytes, choices=choices)
    return check_upload(upload, base, progress)


def check_upload(upload: Upload, base: str | None = None, progress: Progress | None = None) -> ImportResult:
    """`check` of an `Upload` against the data in `base` (default: the active data folder)."""
    progress = progress or no_progress
    early = _read_first(upload, progress)
    if isinstance(early, ImportResult):
        return early
    db = get_database(base or data_dir())
    cur = db.cursor()
    try:
        return check_on(cur, db, upload, progress, early)
    finally:
        cur.close()


def _read_first(upload: Upload, progress: Progress) -> ImportResult | tuple[RawTable, Clock]:
    """The file read within the limits (with the clock of its time budget), or the result refusing it."""
    limits = Limits.from_env()
    clock = Clock(limits.time_budget_s)
    size = len(upload.content)
    limit = limits.max_bytes if upload.max_bytes is None else upload.max_bytes
    rule, row, params = "", None, dict[str, object]()
    if upload.table is not None and upload.table not in IMPORTABLE:
        rule, params = "imp_not_importable", {"tables": ", ".join(IMPORTABLE)}
    elif size > limit:
        rule, params = "imp_too_large", {"size_mb": mb_text(size), "limit_mb": mb_text(limit)}
    else:
        progress("imp.step_read", 0.05)
        try:
            return read_raw(upload.content, upload.name, upload.sheet, limits, clock), clock
        except FileProblem as e:
            rule, row, params = e.rule, e.row, e.params
    result = upload.result()
    result.problems.append(Problem(upload.name, row, None, None, rule, dict(params), upload.table or ""))
    return result


def check_on(
    cur: Any, db: Database, upload: Upload, progress: Progress, read: tuple[RawTable, Clock] | None = None
) -> ImportResult:
    """`check` on an open cursor; leaves the typed rows in its temp table `incoming` when they pass.
    `read`: the file already read (by `check_upload`), with the clock of its time budget."""
    choices = upload.choices or Choices()
    checked_against = str(db.version.get("id", "bundled"))
    file = read or _read_first(upload, progress)
    if isinstance(file, ImportResult):
        file.checked_against = checked_against
        return file
    raw, clock = file
    limits = Limits.from_env()
    name, table = upload.name, upload.table
    result = upload.result()
    result.checked_against = checked_against

    def fail(rule: str, row: int | None = None, **params: Any) -> ImportResult:
        result.problems.append(Problem(name, row, None, None, rule, params, table or ""))
        return result

    try:
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
        frame, found, problems, notes = normalise(
            raw, body, matches, duplicates, tdef, resolver, name, upload.user, choices, result, progress, clock
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


__all__ = [
    "ImportResult",
    "Note",
    "Progress",
    "Upload",
    "check",
    "check_on",
    "check_upload",
    "chosen_columns",
    "no_progress",
]
