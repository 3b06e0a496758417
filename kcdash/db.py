"""The only module that touches DuckDB.

Opens an in-memory DuckDB over the active data folder: each table of the contract becomes a
view over its Parquet file (or, where there is none, a table loaded from its CSV), after
`kcdash.validate` has checked it. File access is then limited to that folder and the
configuration locked. Queries come from `queries/<name>.sql` with values bound as named
parameters; each call runs on its own cursor so one connection serves every session.
"""

from __future__ import annotations

import os
import re
import threading
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from kcdash import store
from kcdash.schema import TABLES, Table
from kcdash.validate import DataValidationError, Problem, _q, typed_select, validate_relation

REPO = Path(__file__).resolve().parent.parent
QUERIES_DIR = REPO / "queries"
MACROS = "_macros"
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def data_dir() -> str:
    """The data folder: ``DATA_DIR`` if set, else the bundled ``data/``."""
    return os.environ.get("DATA_DIR") or str(REPO / "data")


@lru_cache(maxsize=None)
def load_sql(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"bad query name {name!r}")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql") if not p.stem.startswith("_"))


def param_names(sql: str) -> list[str]:
    body = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return sorted(set(_PARAM.findall(body)))


def locate(folder: str, table: str) -> tuple[str, str] | None:
    """(path, format) of a table's file: Parquet where present, else CSV."""
    if store.is_uri(folder):
        return f"{folder.rstrip('/')}/{table}.parquet", "parquet"
    for fmt in ("parquet", "csv"):
        path = Path(folder) / f"{table}.{fmt}"
        if path.exists():
            return str(path), fmt
    return None


def read_csv_text(path: str) -> pd.DataFrame:
    """A contract CSV as text cells (empty = missing) with the spreadsheet row number."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    df = df.replace({"": None})
    df.insert(0, "_row", range(2, len(df) + 2))  # the header is row 1, as in a spreadsheet
    return df


class Database:
    """A validated, read-only view of one data folder."""

    def __init__(self, base: str | None = None, *, prefer: str = "parquet"):
        self.base = base or data_dir()
        self.folder = store.active_dir(self.base)
        self.version = store.active_version(self.base)
        self.token = store.state_token(self.base)
        self.prefer = prefer
        self.files: dict[str, tuple[str, str]] = {}
        self._con = duckdb.connect(":memory:")
        self._lock = threading.Lock()
        self._load()

    def _load(self) -> None:
        con = self._con
        problems: list[Problem] = []
        loaded: set[str] = set()
        for table in TABLES.values():
            found = self._locate(table.name)
            if found is None:
                problems.append(Problem(f"{table.name}.csv", None, None, None, "file_missing", {}, table.name))
                continue
            path, fmt = found
            self.files[table.name] = found
            label = os.path.basename(path)
            raw = f"raw_{table.name}"
            if fmt == "csv":
                con.register(raw, read_csv_text(path))
            else:
                con.execute(
                    "create view " + _q(raw) + " as select *, file_row_number + 1 as _row from read_parquet("
                    + _sql_string(path) + ", file_row_number = true)"
                )
            found_problems = validate_relation(con, table, raw, label, loaded)
            problems += found_problems
            if found_problems:
                continue
            self._create_typed(table, raw, fmt, path)
            if fmt == "csv":
                con.unregister(raw)
            loaded.add(table.name)
        if problems:
            self._con.close()
            raise DataValidationError(problems)
        con.execute(load_sql(MACROS))
        if not store.is_uri(self.folder):
            allowed = "[" + _sql_string(os.path.abspath(self.folder)) + "]"
            con.execute("set allowed_directories = " + allowed)
            con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")

    def _locate(self, table: str) -> tuple[str, str] | None:
        if self.prefer == "csv" and not store.is_uri(self.folder):
            path = Path(self.folder) / f"{table}.csv"
            if path.exists():
                return str(path), "csv"
        return locate(self.folder, table)

    def _create_typed(self, table: Table, raw: str, fmt: str, path: str) -> None:
        if fmt == "csv":
            self._con.execute("create table " + _q(table.name) + " as " + typed_select(table, raw))
            return
        cols = ", ".join(f"cast({_q(c.name)} as {c.sql_type}) as {_q(c.name)}" for c in table.columns)
        self._con.execute(
            "create view " + _q(table.name) + " as select " + cols + " from read_parquet(" + _sql_string(path) + ")"
        )

    def query(self, name: str, **params) -> pd.DataFrame:
        """Run `queries/<name>.sql` with the parameters it names; extra keys are ignored."""
        sql = load_sql(name)
        needed = param_names(sql)
        missing = [p for p in needed if p not in params]
        if missing:
            raise TypeError(f"query {name} needs parameters {missing}")
        bound = {k: _bindable(params[k]) for k in needed}
        with self._lock:
            cur = self._con.cursor()
        try:
            return cur.execute(sql, bound).df()
        finally:
            cur.close()

    def close(self) -> None:
        self._con.close()


def _bindable(value):
    return list(value) if isinstance(value, (tuple, set, frozenset)) else value


def _sql_string(text: str) -> str:
    """A SQL string literal for a path we chose (never for user input)."""
    return "'" + text.replace("'", "''") + "'"


_databases: dict[str, Database] = {}
_databases_lock = threading.Lock()


def get_database(base: str | None = None) -> Database:
    """The shared Database for the active data; reopened when an import or rollback changes it."""
    base = base or data_dir()
    token = store.state_token(base)
    with _databases_lock:
        db = _databases.get(base)
        if db is None or db.token != token:
            db = Database(base)
            _databases[base] = db  # the old one is left to close when no cursor needs it
        return db
