"""Total rows checked: each against the sum of the rows it closes, exactly, in the contract's units."""

from __future__ import annotations

from decimal import Decimal

from kcdash.importer import convert
from kcdash.importer.convert import DEFAULT_UNIT
from kcdash.importer.locate import Body
from kcdash.importer.result import Note
from kcdash.schema import Column, Table
from kcdash.validate import Problem

TOTALLED = ("budget_million_vnd", "trainees", "new_jobs", "area_ha")  # columns a total row sums


def _number(text: str | None, was_number: bool, col: Column, mark: str, unit: str) -> Decimal | None:
    if text is None:
        return None
    v = text if was_number else convert.plain_number(text, mark, whole=col.sql_type in ("INTEGER", "BIGINT"))
    if col.name == "budget_million_vnd":
        v = convert.to_million(v, unit)
    return convert.exact(v)


def check_totals(
    body: Body,
    tdef: Table,
    columns: dict[str, int],
    mark: str,
    units: dict[str, tuple[str, str]],
    name: str,
    notes: list[Note],
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
            unit = units.get(col_name, (DEFAULT_UNIT, ""))[0]
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
