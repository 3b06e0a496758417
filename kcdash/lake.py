"""The data lives in a DuckLake: every data version is one snapshot of one catalog.

A lake is a catalog (a DuckDB file, or a PostgreSQL database for several servers) plus a folder
or object-store prefix of Parquet files. Every contract table and the prepared activity cube
(``activity_cube``) is a lake table; a commit replaces them all in one transaction, so a reader
sees the previous snapshot or the new one, never half of one, and a writer killed in the middle
leaves the previous snapshot the latest. Who, when, what file and why travel with the snapshot:
`author`, `commit_message` and, as JSON, `commit_extra_info` (the fields a version's manifest had:
``action``, ``label_vi``/``label_en``, ``created_by``, ``source_file``, ``rows``, ...).

Where the lake is (`location`):

    default           ``<DATA_DIR>/lake/catalog.ducklake`` and ``<DATA_DIR>/lake/files/``
    KC_CATALOG        ``postgres:dbname=kc host=…`` (a PostgreSQL catalog; its password comes from
                      PGPASSWORD or ~/.pgpass, never from this string) or a catalog file path
    KC_DATA_PATH      ``s3://bucket/prefix/`` or a folder shared by every server

Readers never hold the catalog: `files(loc, n)` lists the Parquet files of snapshot ``n`` in one
short visit, and `kcdash.db` reads those files (file access limited to the lake's data path). The
extensions (ducklake, httpfs for ``s3://``, postgres_scanner for a PostgreSQL catalog) load from
the installed ``duckdb-extension-*`` wheels only; DuckDB's own download and autoload are off.

History is never deleted: a rollback is a new snapshot holding an old one's tables (`rollback`).
`changes(loc, a, b)` compares two snapshots table by table (a pure read returning frames).
"""

from __future__ import annotations

import contextlib
import glob
import importlib.util
import json
import os
import re
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from kcdash.schema import TABLES
from kcdash.validate import quote_ident

CATALOG_ENV = "KC_CATALOG"
DATA_PATH_ENV = "KC_DATA_PATH"
LAKE_DIR = "lake"
CATALOG_FILE = "catalog.ducklake"
FILES_DIR = "files"
CUBE_TABLE = "activity_cube"
"""The prepared activity cube, a lake table beside the contract tables (`kcdash.db.CUBE_FILE`)."""
ALIAS = "lake"
METADATA = f"__ducklake_metadata_{ALIAS}"
"""The catalog database itself, as DuckLake attaches it beside the lake."""
PAUSE_ENV = "KC_LAKE_PAUSE_BEFORE_COMMIT"
"""Test hook: seconds a commit sleeps with every table written, before its transaction commits."""
BUSY_WAIT_S = float(os.environ.get("KC_LAKE_BUSY_WAIT_S") or 30)
"""How long a visit waits for a local catalog file another process has open."""
_PG_SECRET_KEYS = re.compile(r"\b(password|passfile|sslpassword)\s*=\s*\S+", re.IGNORECASE)


class LakeError(Exception):
    """The lake cannot be read or written as asked (missing, damaged, or a bad request)."""


class LakeBusy(LakeError):
    """Another process holds the local catalog for longer than we were willing to wait."""


class CommitConflict(LakeError):
    """Another writer committed to the same catalog while this commit was open (another server on
    a shared catalog: the store's lock is per machine); nothing of this commit was committed."""


class UnknownSnapshot(LakeError, KeyError):
    """No snapshot with that number (or none on or before that date)."""


@dataclass(frozen=True)
class Location:
    """Where one lake is: its catalog (after ``ducklake:``) and the prefix of its Parquet files."""

    catalog: str
    data_path: str

    @property
    def catalog_file(self) -> str | None:
        """The catalog's local file, or None for a PostgreSQL catalog."""
        return None if self.catalog.startswith("postgres:") else self.catalog

    @property
    def is_remote_data(self) -> bool:
        return "://" in self.data_path

    def describe(self) -> str:
        """The location for messages and logs: never a password."""
        catalog = _PG_SECRET_KEYS.sub(lambda m: m.group(1) + "=…", self.catalog)
        return f"{catalog} | {self.data_path}"


def location(base: str) -> Location:
    """The lake of data folder `base`: ``KC_CATALOG``/``KC_DATA_PATH`` if set, else inside `base`."""
    catalog = (os.environ.get(CATALOG_ENV) or "").strip()
    data_path = (os.environ.get(DATA_PATH_ENV) or "").strip()
    root = Path(base) / LAKE_DIR
    if not catalog:
        catalog = str((root / CATALOG_FILE).absolute())
    elif not catalog.startswith("postgres:"):
        catalog = os.path.abspath(catalog)
    if not data_path:
        data_path = str((root / FILES_DIR).absolute())
    elif "://" not in data_path:
        data_path = os.path.abspath(data_path)
    return Location(catalog=catalog, data_path=data_path.rstrip("/") + "/")


@dataclass(frozen=True)
class Snapshot:
    """One committed data version: its number, when, by whom, the message and what it records."""

    id: int
    time: datetime
    author: str
    message: str
    info: Mapping[str, Any] = field(default_factory=dict)

    @property
    def created_at(self) -> str:
        """ISO time the data was made: the original date for a migrated version, else the commit's."""
        given = self.info.get("created_at")
        return str(given) if given else self.time.astimezone(UTC).isoformat(timespec="seconds")

    def as_version(self) -> dict[str, Any]:
        """The snapshot as a version's manifest was read (id as text, created_at, created_by, ...)."""
        return {
            **self.info,
            "id": str(self.id),
            "created_at": self.created_at,
            "created_by": self.info.get("created_by", self.author),
            "message": self.message,
        }


# ---- extensions and visits --------------------------------------------------------------------
def extension_path(name: str) -> str:
    """The extension binary the ``duckdb-extension-<name>`` wheel installed for this DuckDB."""
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    if spec is None or spec.origin is None:
        raise LakeError(f"DuckDB's {name} extension is not installed (the duckdb-extension-{name} package)")
    folder = os.path.join(os.path.dirname(spec.origin), "extensions")
    exact = os.path.join(folder, f"v{duckdb.__version__}", f"{name}.duckdb_extension")
    if os.path.isfile(exact):
        return exact
    found = sorted(glob.glob(os.path.join(folder, "*", f"{name}.duckdb_extension")))
    if not found:
        raise LakeError(f"the duckdb-extension-{name} package holds no extension for DuckDB {duckdb.__version__}")
    return found[-1]


def load_extension(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Load `name` from its installed wheel (never from DuckDB's download folder or the network)."""
    con.execute("load " + sql_string(extension_path(name)))


def closed_config() -> dict[str, str | bool | int | float | list[str]]:
    """DuckDB settings every connection starts with: no extension installed or loaded on its own."""
    return {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def prepare_connection(con: duckdb.DuckDBPyConnection, loc: Location) -> None:
    """Load what `loc` needs on `con` (ducklake, httpfs for remote files, postgres for the catalog)
    and, for ``s3://`` files, a temporary secret from the standard AWS environment variables."""
    if loc.is_remote_data:
        load_extension(con, "httpfs")
        s3_secret(con)
    if loc.catalog_file is None:
        load_extension(con, "postgres_scanner")
    load_extension(con, "ducklake")


def s3_secret(con: duckdb.DuckDBPyConnection) -> None:
    """A temporary S3 secret from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION and
    AWS_ENDPOINT_URL (an S3-compatible server), when set; credentials never come from a URI."""
    env = os.environ
    key, secret = env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")
    if not key or not secret:
        return
    params: dict[str, str] = {"key": key, "secret": secret, "region": env.get("AWS_REGION") or "us-east-1"}
    parts = ["type s3", "key_id $key", "secret $secret", "region $region"]
    endpoint = env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL")
    if endpoint:
        scheme, _, host = endpoint.partition("://")
        params["endpoint"] = host.rstrip("/")
        parts += ["endpoint $endpoint", "url_style 'path'", "use_ssl " + ("true" if scheme == "https" else "false")]
    # CREATE SECRET takes no bound parameters: the values go in as literals, never into a log
    sql = "create or replace temporary secret kc_s3 (" + ", ".join(parts) + ")"
    for name, value in params.items():
        sql = sql.replace("$" + name, sql_string(value))
    con.execute(sql)


_visit_lock = threading.Lock()  # one visit at a time per process (DuckDB opens a catalog file once)
_visitors: dict[Location, duckdb.DuckDBPyConnection] = {}  # extensions loaded once per location


@contextlib.contextmanager
def visit(loc: Location, *, write: bool = False, create: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection with the lake attached as ``lake``, detached on leaving (so a local catalog
    file is held only for the visit; the connection itself, with its extensions, is kept).

    A reader attaches read-only; a local catalog file another process is writing is waited for
    (up to ``KC_LAKE_BUSY_WAIT_S``, then `LakeBusy`). `create` makes a missing lake (write only).
    """
    if not create and not exists(loc):
        raise LakeError(f"no lake at {loc.describe()}")
    if create and loc.catalog_file is not None:
        Path(loc.catalog_file).parent.mkdir(parents=True, exist_ok=True)
        if not loc.is_remote_data:
            Path(loc.data_path).mkdir(parents=True, exist_ok=True)
    options = ["data_path " + sql_string(loc.data_path), "override_data_path true", "data_inlining_row_limit 0"]
    if not write:
        options.append("read_only")
    attach = f"attach {sql_string('ducklake:' + loc.catalog)} as {ALIAS} ({', '.join(options)})"
    with _visit_lock:
        con = _visitors.get(loc)
        if con is None:
            con = duckdb.connect(":memory:", config=closed_config())
            prepare_connection(con, loc)
            _visitors[loc] = con
        deadline = time.monotonic() + BUSY_WAIT_S
        while True:
            try:
                con.execute(attach)
                break
            except duckdb.Error as e:
                busy = "lock" in str(e).lower()
                if busy and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                if busy:
                    raise LakeBusy(loc.describe()) from None
                raise LakeError(f"the lake at {loc.describe()} cannot be opened: {_first_line(e)}") from None
        try:
            yield con
        finally:
            with contextlib.suppress(duckdb.Error):  # a visit that failed inside its transaction
                con.execute("rollback")
            con.execute(f"detach {ALIAS}")


_made: set[str] = set()  # PostgreSQL catalogs found made (a lake once made stays made)


def exists(loc: Location) -> bool:
    """Whether the lake has been made: its catalog file is there, or its PostgreSQL catalog holds
    DuckLake's tables (asked until the answer is yes)."""
    if loc.catalog_file is not None:
        return os.path.isfile(loc.catalog_file)
    if loc.catalog in _made:
        return True
    try:
        with visit(loc, create=True):  # read-only: attaching an empty catalog fails, creating nothing
            pass
    except LakeError:
        return False
    _made.add(loc.catalog)
    return True


# ---- reading ----------------------------------------------------------------------------------
def snapshots(loc: Location) -> list[Snapshot]:
    """Every data version in the lake, oldest first (snapshots without a commit message, such as
    the lake's empty first one, are not versions)."""
    if not exists(loc):
        return []
    with visit(loc) as con:
        rows = con.execute(
            "select snapshot_id, snapshot_time, author, commit_message, commit_extra_info "
            f"from {ALIAS}.snapshots() where commit_extra_info is not null order by snapshot_id"
        ).fetchall()
    return [_snapshot(row) for row in rows]


def _snapshot(row: tuple[Any, ...]) -> Snapshot:
    sid, at, author, message, extra = row
    try:
        info = json.loads(extra) if extra else {}
    except ValueError:
        info = {}
    return Snapshot(int(sid), at, str(author or ""), str(message or ""), info if isinstance(info, dict) else {})


def latest(loc: Location) -> Snapshot | None:
    """The newest data version, or None when the lake is empty or absent."""
    found = snapshots(loc)
    return found[-1] if found else None


def resolve(loc: Location, *, number: int | None = None, on: date | None = None) -> Snapshot:
    """The version to show: snapshot `number`, or the last one made on or before day `on` (UTC
    dates of the commit, or the original date of a migrated version), or the newest."""
    found = snapshots(loc)
    if number is not None:
        for s in found:
            if s.id == number:
                return s
        raise UnknownSnapshot(str(number))
    if on is not None:
        end = datetime.combine(on + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
        before = [s for s in found if _made_at(s) < end]
        if not before:
            raise UnknownSnapshot(on.isoformat())
        return before[-1]
    if not found:
        raise UnknownSnapshot("latest")
    return found[-1]


def _made_at(s: Snapshot) -> datetime:
    made = datetime.fromisoformat(s.created_at)
    return made if made.tzinfo else made.replace(tzinfo=UTC)


def files(loc: Location, number: int) -> dict[str, list[str]]:
    """The Parquet files of every table of snapshot `number` (tables with no rows: an empty list)."""
    with visit(loc) as con:
        names = tables_at(con, number)
        out: dict[str, list[str]] = {}
        for name in names:
            rows = con.execute(
                "select data_file, data_file_size_bytes, delete_file "
                "from ducklake_list_files($alias, $table, snapshot_version => $n)",
                {"alias": ALIAS, "table": name, "n": number},
            ).fetchall()
            if any(r[2] for r in rows):  # commits replace whole tables: no deletions are ever written
                raise LakeError(f"table {name} of snapshot {number} has deletion files")
            for path, size, _ in rows:
                _check_file(str(path), size)
            out[name] = [str(r[0]) for r in rows]
    return out


class DamagedFile(LakeError):
    """A Parquet file of the lake is missing or not the size the catalog recorded: its path is the message."""


def _check_file(path: str, size: object) -> None:
    """A local file of a snapshot must be there with the size the catalog recorded (a remote one
    is read as it is: a size check would cost a request per file)."""
    if "://" in path:
        return
    try:
        actual = os.stat(path).st_size
    except FileNotFoundError:
        raise DamagedFile(f"{path} is missing") from None
    if size is not None and actual != int(str(size)):
        raise DamagedFile(f"{path} is damaged: {actual} bytes, the catalog recorded {size}")


def tables_at(con: duckdb.DuckDBPyConnection, number: int) -> list[str]:
    """Names of the lake tables that exist at snapshot `number` (on a visiting connection)."""
    rows = con.execute(
        f"select table_name from {METADATA}.ducklake_table "
        "where begin_snapshot <= $n and (end_snapshot is null or end_snapshot > $n) order by table_name",
        {"n": number},
    ).fetchall()
    return [str(r[0]) for r in rows]


# ---- writing ----------------------------------------------------------------------------------
def commit(loc: Location, tables: Mapping[str, str], *, author: str, message: str, info: Mapping[str, Any]) -> int:
    """One new snapshot holding `tables` (lake table name -> a Parquet file to read it from); tables
    not named keep their rows. Returns the snapshot's number. All or nothing: a failure (or a kill)
    before the transaction commits leaves the previous snapshot the latest.
    """
    unknown = [name for name in tables if name not in TABLES and name != CUBE_TABLE]
    if unknown:
        raise LakeError(f"not tables of the data contract: {unknown}")
    with visit(loc, write=True, create=True) as con:
        con.execute("begin transaction")
        for name, path in sorted(tables.items()):
            con.execute(
                f"create or replace table {ALIAS}.{quote_ident(name)} as select * from read_parquet("
                + sql_string(path)
                + ")"
            )
        con.execute(
            f"call {ALIAS}.set_commit_message($author, $message, extra_info => $info)",
            {"author": author, "message": message, "info": json.dumps(dict(info), ensure_ascii=False, default=str)},
        )
        pause = float(os.environ.get(PAUSE_ENV) or 0)
        if pause > 0:
            time.sleep(pause)  # test hook: a kill here must leave the previous snapshot the latest
        _commit(con)
        row = con.execute(f"select max(snapshot_id) from {ALIAS}.snapshots()").fetchone()
    if row is None:
        raise LakeError("the commit left no snapshot")
    return int(row[0])


def rollback(loc: Location, number: int, *, author: str, info: Mapping[str, Any] | None = None) -> int:
    """A new snapshot whose tables are those of snapshot `number` (history is kept). Returns its number."""
    target = resolve(loc, number=number)
    files(loc, target.id)  # every file of it there and whole (DamagedFile names the one that is not)
    with visit(loc, write=True) as con:
        now_tables = tables_at(con, _current_id(con))
        then_tables = tables_at(con, target.id)
        con.execute("begin transaction")
        for name in then_tables:
            con.execute(
                f"create or replace table {ALIAS}.{quote_ident(name)} as "
                f"select * from {ALIAS}.{quote_ident(name)} at (version => $n)",
                {"n": target.id},
            )
        for name in sorted(set(now_tables) - set(then_tables)):
            con.execute(f"drop table {ALIAS}.{quote_ident(name)}")
        restored = {k: v for k, v in target.info.items() if k not in ("created_at",)}
        extra = {**restored, **(info or {}), "action": "rollback", "restores": target.id, "created_by": author}
        con.execute(
            f"call {ALIAS}.set_commit_message($author, $message, extra_info => $info)",
            {
                "author": author,
                "message": f"rollback to snapshot {target.id}",
                "info": json.dumps(extra, ensure_ascii=False, default=str),
            },
        )
        _commit(con)
        row = con.execute(f"select max(snapshot_id) from {ALIAS}.snapshots()").fetchone()
    if row is None:
        raise LakeError("the rollback left no snapshot")
    return int(row[0])


def _commit(con: duckdb.DuckDBPyConnection) -> None:
    """Commit the visit's transaction; DuckLake's conflict with another writer's commit (both
    replaced a table) is `CommitConflict`, and the transaction is rolled back whole."""
    try:
        con.execute("commit")
    except duckdb.TransactionException as e:
        raise CommitConflict(_first_line(e)) from e


def _current_id(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(f"select max(snapshot_id) from {ALIAS}.snapshots()").fetchone()
    return int(row[0]) if row else 0


# ---- what changed -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Changes:
    """What changed from snapshot `before` to `after`, as frames a page shows directly."""

    before: int
    after: int
    tables: pd.DataFrame
    """table, rows_before, rows_after, added, removed (rows, compared whole)"""
    figures: pd.DataFrame
    """published figures: figure_id, change (added/changed/removed), value_before, value_after, and
    the figure's province, metric and period"""
    records: pd.DataFrame
    """activity records added and removed per province_code and year"""
    sums: pd.DataFrame
    """per province_code: records, trainees, new_jobs and budget_million_vnd before and after"""


_FIGURE_COLUMNS = ("province_code", "metric", "period_label", "unit")
_SUMMED = ("trainees", "new_jobs", "budget_million_vnd")


def changes(loc: Location, before: int, after: int) -> Changes:
    """Compare two snapshots table by table (rows added and removed), published figures by id,
    activity records per province and year, and the activities' sums per province."""
    with visit(loc) as con:
        names = sorted(set(tables_at(con, before)) | set(tables_at(con, after)))
        names = [n for n in names if n in TABLES]
        for side, number in (("a", before), ("b", after)):
            present = set(tables_at(con, number))
            for name in names:
                view = quote_ident(f"{side}_{name}")
                if name in present:
                    con.execute(
                        f"create or replace temp view {view} as select * from {ALIAS}.{quote_ident(name)} at (version => {int(number)})"
                    )
                else:
                    cols = ", ".join(
                        f"cast(null as {c.sql_type}) as {quote_ident(c.name)}" for c in TABLES[name].columns
                    )
                    con.execute(f"create or replace temp view {view} as select {cols} where false")
        table_rows = []
        for name in names:
            a, b = quote_ident(f"a_{name}"), quote_ident(f"b_{name}")
            shared = _shared_columns(con, f"a_{name}", f"b_{name}")
            row = con.execute(
                f"select (select count(*) from {a}), (select count(*) from {b}), "
                f"(select count(*) from (select {shared} from {b} except all select {shared} from {a})), "
                f"(select count(*) from (select {shared} from {a} except all select {shared} from {b}))"
            ).fetchone()
            if row is not None:
                table_rows.append(
                    {"table": name, "rows_before": row[0], "rows_after": row[1], "added": row[2], "removed": row[3]}
                )
        figures = _figure_changes(con) if "published_figures" in names else _empty_figures()
        records, sums = _activity_changes(con) if "activities" in names else (_empty_records(), _empty_sums())
    return Changes(
        before,
        after,
        pd.DataFrame(table_rows, columns=["table", "rows_before", "rows_after", "added", "removed"]),
        figures,
        records,
        sums,
    )


def _shared_columns(con: duckdb.DuckDBPyConnection, a: str, b: str) -> str:
    cols_a = [r[0] for r in con.execute(f"describe {quote_ident(a)}").fetchall()]
    cols_b = {r[0] for r in con.execute(f"describe {quote_ident(b)}").fetchall()}
    return ", ".join(quote_ident(c) for c in cols_a if c in cols_b)


def _figure_changes(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    described = ", ".join(f"coalesce(b.{c}, a.{c}) as {c}" for c in _FIGURE_COLUMNS)
    return con.execute(
        f"select coalesce(b.figure_id, a.figure_id) as figure_id, "
        "case when a.figure_id is null then 'added' when b.figure_id is null then 'removed' else 'changed' end as change, "
        f"{described}, a.value as value_before, b.value as value_after "
        "from a_published_figures a full join b_published_figures b on a.figure_id = b.figure_id "
        "where a.figure_id is null or b.figure_id is null or a.value is distinct from b.value "
        "or a.qualifier is distinct from b.qualifier or a.period_label is distinct from b.period_label "
        "order by figure_id"
    ).df()


def _empty_figures() -> pd.DataFrame:
    return pd.DataFrame(columns=["figure_id", "change", *_FIGURE_COLUMNS, "value_before", "value_after"])


def _activity_changes(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame]:
    shared = _shared_columns(con, "a_activities", "b_activities")
    records = con.execute(
        f"with added as (select {shared} from b_activities except all select {shared} from a_activities), "
        f"removed as (select {shared} from a_activities except all select {shared} from b_activities), "
        "counted as (select province_code, year, count(*) as added, 0 as removed from added group by all "
        "union all select province_code, year, 0, count(*) from removed group by all) "
        "select province_code, year, sum(added)::bigint as added, sum(removed)::bigint as removed "
        "from counted group by all order by province_code, year"
    ).df()
    summed = ", ".join(f"sum({c}) as {c}" for c in _SUMMED)
    after_cols = ", ".join(f"b.{c} as {c}_after" for c in _SUMMED)
    before_cols = ", ".join(f"a.{c} as {c}_before" for c in _SUMMED)
    sums = con.execute(
        f"with a as (select province_code, count(*) as records, {summed} from a_activities group by all), "
        f"b as (select province_code, count(*) as records, {summed} from b_activities group by all) "
        "select coalesce(b.province_code, a.province_code) as province_code, "
        f"a.records as records_before, b.records as records_after, {before_cols}, {after_cols} "
        "from a full join b on a.province_code = b.province_code order by province_code"
    ).df()
    return records, sums


def _empty_records() -> pd.DataFrame:
    return pd.DataFrame(columns=["province_code", "year", "added", "removed"])


def _empty_sums() -> pd.DataFrame:
    cols = [f"{c}_{side}" for side in ("before", "after") for c in ("records", *_SUMMED)]
    return pd.DataFrame(columns=["province_code", *cols])


def sql_string(text: str) -> str:
    """A SQL string literal for a path or value we chose (never for a page's input)."""
    return "'" + text.replace("'", "''") + "'"


def _first_line(e: BaseException) -> str:
    return str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
