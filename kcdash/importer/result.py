"""What checking a file gives back: the result with its problems, notes and mapping report, the
values read through a steward's choice, and the progress callback every step reports to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from kcdash import i18n
from kcdash.importer.columns import ColumnMatch
from kcdash.importer.plan import Plan
from kcdash.importer.text import neutralise
from kcdash.importer.values import Unmatched
from kcdash.schema import TABLES
from kcdash.validate import Problem

Progress = Callable[[str, float], None]


def no_progress(_step: str, _fraction: float) -> None:
    pass


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
