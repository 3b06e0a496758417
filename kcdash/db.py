"""The only module that touches DuckDB.

Opens an in-memory DuckDB over the active data folder: each table of the contract becomes a
view over its Parquet file (or, where there is none, a table loaded from its CSV), after
`kcdash.validate` has checked it. Then `activity_cube` (queries/_activity_cube.sql) sums the
activities once per combination of the filter dimensions, so the measure queries read about a
tenth of the rows at national scale. File access is then limited to that folder and the
configuration locked. Queries come from `queries/<name>.sql` with values bound as named
parameters; each call runs on its own cursor so one connection serves every session.

The data folder may also be a URI DuckDB reads (``file:///srv/kc/v12``, ``s3://bucket/kc/v12``
with the httpfs extension installed), so several replicas serve the same immutable Parquet
version: every table is read through DuckDB, Parquet first, else CSV, and access is limited to
that prefix. Activities stay in Parquet (views, not tables): the records are never all in memory.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from kcdash import store
from kcdash.schema import TABLES, Table
from kcdash.validate import DataValidationError, Problem, quote_ident, typed_select, validate_relation

REPO = Path(__file__).resolve().parent.parent
QUERIES_DIR = REPO / "queries"
MACROS = "_macros"
CUBE = "_activity_cube"
CLUSTER_STAGES = "_cluster_stages"
VIEW_TABLES = ("activities",)
"""Tables read through a view over their Parquet file; every other table is loaded into memory."""
MEMORY_LIMIT = os.environ.get("KC_DUCKDB_MEMORY_LIMIT") or "768MB"
"""DuckDB's own memory cap (buffers, hash tables; spills to a temp folder above it). Without it DuckDB
takes up to 80% of RAM, and validating 10M rows peaks at 1.3 GB; with it the process stays < 1 GB."""
THREADS = int(os.environ.get("KC_DUCKDB_THREADS") or 0)  # 0: DuckDB's default, one per core
REMOTE_EXTENSIONS = {
    "s3": "httpfs",
    "s3a": "httpfs",
    "s3n": "httpfs",
    "r2": "httpfs",
    "gs": "httpfs",
    "gcs": "httpfs",
    "http": "httpfs",
    "https": "httpfs",
    "hf": "httpfs",
    "az": "azure",
    "azure": "azure",
    "abfss": "azure",
}
"""Extension DuckDB needs per URI scheme; it must be installed beforehand (no download at run time)."""
_PARAM = re.compile(r"\$([a-z_][a-z0-9_]*)")


def data_dir() -> str:
    """The data folder: ``DATA_DIR`` if set, else the bundled ``data/``."""
    return os.environ.get("DATA_DIR") or str(REPO / "data")


@cache
def load_sql(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"bad query name {name!r}")
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql") if not p.stem.startswith("_"))


def param_names(sql: str) -> list[str]:
    body = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return sorted(set(_PARAM.findall(body)))


def locate(folder: str, table: str, con: duckdb.DuckDBPyConnection | None = None) -> tuple[str, str] | None:
    """(path, format) of a table's file: Parquet where present, else CSV.

    For a URI folder the files are probed through DuckDB on `con`; without one, the Parquet name.
    """
    if store.is_uri(folder):
        for fmt in ("parquet", "csv"):
            uri = f"{folder.rstrip('/')}/{table}.{fmt}"
            if con is None:
                return uri, "parquet"
            if _readable(con, uri, fmt):
                return uri, fmt
        return None
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


def _read_csv_uri(con: duckdb.DuckDBPyConnection, uri: str) -> pd.DataFrame:
    """`read_csv_text` for a CSV behind a URI, read by DuckDB: text cells, empty = missing, `_row`."""
    rel = con.execute(
        "select * from read_csv($uri, header = true, all_varchar = true, delim = ',', quote = '\"')", {"uri": uri}
    )
    df = rel.df().astype(object)
    df = df.where(df.notna(), None).replace({"": None})
    df.insert(0, "_row", range(2, len(df) + 2))
    return df


def _readable(con: duckdb.DuckDBPyConnection, uri: str, fmt: str) -> bool:
    probe = "select 1 from read_parquet($uri) limit 0" if fmt == "parquet" else "select 1 from read_csv($uri) limit 0"
    try:
        con.execute(probe, {"uri": uri}).fetchall()
        return True
    except duckdb.IOException:  # not found (HTTPException is an IOException too)
        return False


class Database:
    """A validated, read-only view of one data folder."""

    def __init__(self, base: str | None = None, *, prefer: str = "parquet"):
        self.base = base or data_dir()
        self.folder = store.active_dir(self.base)
        self.version = store.active_version(self.base)
        self.token = store.state_token(self.base)
        self.prefer = prefer
        self.files: dict[str, tuple[str, str]] = {}
        self._con = _connect()
        self._lock = threading.Lock()
        try:
            if store.is_uri(self.folder):
                self._open_remote()
            self._load()
        except BaseException:
            self._con.close()
            raise

    def _open_remote(self) -> None:
        """Load the extension the URI's scheme needs and read its manifest (store reads local ones)."""
        scheme = self.folder.split("://", 1)[0].lower()
        ext = REMOTE_EXTENSIONS.get(scheme)
        if ext:
            try:
                self._con.load_extension(ext)  # never installed here: no downloads at run time
            except duckdb.Error as e:
                raise RuntimeError(
                    f"DATA_DIR {scheme}:// needs DuckDB's {ext} extension installed "
                    f"(python -c \"import duckdb; duckdb.install_extension('{ext}')\")"
                ) from e
            self._con.execute("select count(*) from duckdb_secrets()").fetchall()  # persistent secrets, now
        manifest = f"{self.folder.rstrip('/')}/{store.MANIFEST}"
        try:
            row = self._con.execute("select content from read_text($uri)", {"uri": manifest}).fetchone()
        except duckdb.IOException:
            row = None
        if row:  # read_text of a missing local file is no row; of a missing remote one, an error
            self.version = {"id": self.version["id"], **json.loads(row[0])}
        # no manifest: the version is described by the URI alone

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
                con.register(raw, _read_csv_uri(con, path) if store.is_uri(path) else read_csv_text(path))
            else:
                con.execute(
                    "create view "
                    + quote_ident(raw)
                    + " as select *, file_row_number + 1 as _row from read_parquet("
                    + _sql_string(path)
                    + ", file_row_number = true)"
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
            raise DataValidationError(problems)
        con.execute(load_sql(CUBE))  # the macros read it
        con.execute(load_sql(MACROS))
        con.execute(load_sql(CLUSTER_STAGES))  # made with the macros
        if store.is_uri(self.folder):
            allowed = self.folder.rstrip("/") + "/"  # this prefix only: not the bucket, not the disk
        else:
            allowed = os.path.abspath(self.folder) + os.sep
        con.execute("set allowed_directories = [" + _sql_string(allowed) + "]")
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")

    def _locate(self, table: str) -> tuple[str, str] | None:
        if self.prefer == "csv":
            if store.is_uri(self.folder):
                uri = f"{self.folder.rstrip('/')}/{table}.csv"
                if _readable(self._con, uri, "csv"):
                    return uri, "csv"
            else:
                path = Path(self.folder) / f"{table}.csv"
                if path.exists():
                    return str(path), "csv"
        return locate(self.folder, table, self._con)

    def _create_typed(self, table: Table, raw: str, fmt: str, path: str) -> None:
        if fmt == "csv":
            self._con.execute("create table " + quote_ident(table.name) + " as " + typed_select(table, raw))
            return
        cols = ", ".join(f"cast({quote_ident(c.name)} as {c.sql_type}) as {quote_ident(c.name)}" for c in table.columns)
        # Only the activities can be large: they stay a view over Parquet (filters pushed into the
        # scan, memory bounded). Every other table has about one row per district or fewer, and
        # reading it from memory saves each query a Parquet open.
        kind = "view" if table.name in VIEW_TABLES else "table"
        self._con.execute(
            f"create {kind} "
            + quote_ident(table.name)
            + " as select "
            + cols
            + " from read_parquet("
            + _sql_string(path)
            + ")"
        )

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the shared connection, for the importer and tools that need the typed
        tables themselves (reference checks, the merge); the caller closes it."""
        with self._lock:
            return self._con.cursor()

    def query(self, name: str, **params) -> pd.DataFrame:
        """Run `queries/<name>.sql` with the parameters it names; extra keys are ignored."""
        sql = load_sql(name)
        needed = param_names(sql)
        missing = [p for p in needed if p not in params]
        if missing:
            raise TypeError(f"query {name} needs parameters {missing}")
        bound = {k: _bindable(params[k]) for k in needed}
        cur = self.cursor()
        try:
            return cur.execute(sql, bound).df()
        finally:
            cur.close()

    def close(self) -> None:
        self._con.close()


def _connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a memory cap and a private spill folder."""
    config = {"memory_limit": MEMORY_LIMIT}
    if THREADS > 0:
        config["threads"] = THREADS
    con = duckdb.connect(":memory:", config=config)
    # a folder of our own (DuckDB creates it only to spill, and removes it on close): the default
    # `.tmp` would land in whatever the working directory is
    spill = os.path.join(tempfile.gettempdir(), f"kcdash-duckdb-{os.getpid()}-{id(con):x}")
    con.execute("set temp_directory = " + _sql_string(spill))
    return con


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
