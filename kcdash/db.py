"""The only module that reads the data through DuckDB (`kcdash.lake` alone visits the catalog).

Opens an in-memory DuckDB over the active data: the newest snapshot of the data folder's lake
(or a chosen one), whose tables were validated before they were committed, or, before the
first commit, the bundled folder: each table of the contract becomes a view over its Parquet
file (or, where there is none, a table loaded from its CSV), after `kcdash.validate` has
checked it. Then `activity_cube` (queries/_activity_cube.sql) sums the
activities once per combination of the filter dimensions, so the measure queries read about a
tenth of the rows at national scale. File access is then limited to that folder and the
configuration locked. Queries come from `queries/<name>.sql` with values bound as named
parameters; each call runs on its own cursor so one connection serves every session.

The data folder may also be a URI DuckDB reads (``file:///srv/kc/v12``, ``s3://bucket/kc/v12``
through DuckDB's httpfs extension from its wheel, else through s3fs): one immutable Parquet
version, every table read through DuckDB, Parquet first, else CSV, access limited to that
prefix. Several servers that share versions share a lake instead (``KC_CATALOG``). Activities stay in Parquet (views, not tables): the records are never all in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
import time
from functools import cache, cached_property
from pathlib import Path

import duckdb
import pandas as pd

from kcdash import lake, lake_damage, store
from kcdash.schema import STAGES, TABLES, Table
from kcdash.validate import (
    DataValidationError,
    Problem,
    quote_ident,
    relation_columns,
    typed_select,
    validate_relation,
)

REPO = Path(__file__).resolve().parent.parent
QUERIES_DIR = REPO / "queries"
MACROS = "_macros"
CUBE = "_activity_cube"
ROLLUP = "_activity_rollup"
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
CUBE_FILE = "_activity_cube.parquet"
"""The activity cube as written when a version is written (`prepare`), loaded at open instead of built."""
RULES_KEY = "rules"
"""The snapshot's info key for the rules' fingerprint its tables were checked and prepared by."""
PREPARED = "prepared"
"""Manifest key recording what `prepare` checked and wrote, tied to the files it was made from."""
TRUSTED_TABLES = ("activities",)
"""Tables whose validation at open is skipped when the manifest records it for these exact files:
validating 10 million activities is most of an open's time (bench/NOTES.md); every other table is small."""
_RULE_SOURCES = (REPO / "kcdash" / "validate.py", QUERIES_DIR / f"{CUBE}.sql")


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

    def __init__(
        self, base: str | None = None, *, prefer: str = "parquet", snapshot: int | None = None, use_lake: bool = True
    ):
        """The data of `base`: its lake's newest snapshot (or snapshot number `snapshot`) where
        it has a lake, else the folder itself (`use_lake=False`: always the folder, as for a
        version written aside before it is committed)."""
        self.base = base or data_dir()
        self.token = state_token(self.base)
        self.snapshot: int | None = None
        self.lake_files: dict[str, list[str]] = {}
        self.lake_trusted = False
        if use_lake and store.has_lake(self.base):
            loc = store.lake_of(self.base)
            snap = lake.resolve(loc, number=snapshot)
            self.snapshot = snap.id
            self.lake_files = lake.files(loc, snap.id)
            self.folder = loc.data_path
            self.version = snap.as_version()
            # checked and prepared by these rules when committed: else checked again and cube rebuilt
            self.lake_trusted = snap.info.get(RULES_KEY) == rules_fingerprint()
        elif snapshot is not None:
            raise lake.UnknownSnapshot(str(snapshot))
        else:
            self.folder = self.base
            self.version = {"id": "bundled", **store.read_manifest(self.base)}
        self.prefer = prefer
        self.files: dict[str, tuple[str, str]] = {}
        self._con = _connect()
        self._lock = threading.Lock()
        self.damaged: str | None = None
        """Set when a query found a file of this version damaged: every later use is refused."""
        try:
            if store.is_uri(self.folder):
                self._open_remote()
            self._load()
        except duckdb.Error as e:
            self._con.close()
            damaged = self._damaged_file(e)
            if damaged is None:
                raise
            raise damaged from e
        except BaseException:
            self._con.close()
            raise

    def _open_remote(self) -> None:
        """Load the extension the URI's scheme needs and read its manifest (store reads local ones)."""
        _load_remote_extension(self._con, self.folder)
        if self.snapshot is not None:
            return  # a lake's data path: the snapshot describes the version
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
        located = {name: self._locate(name) for name in TABLES}
        t0 = time.perf_counter()
        # a lake's tables were validated and their cube prepared before they were committed
        self.prepared = self._lake_record() if self.snapshot is not None else prepared_record(self.folder, located)
        self.timings: dict[str, float] = {"prepared_check_s": time.perf_counter() - t0}
        for table in TABLES.values():
            found = located[table.name]
            if found is None:
                if table.optional:  # e.g. sources.csv in a version written before it existed: empty
                    cols = ", ".join(f"{quote_ident(c.name)} {c.sql_type}" for c in table.columns)
                    con.execute("create table " + quote_ident(table.name) + " (" + cols + ")")
                    loaded.add(table.name)
                    continue
                problems.append(Problem(f"{table.name}.csv", None, None, None, "file_missing", {}, table.name))
                continue
            path, fmt = found
            self.files[table.name] = found
            label = os.path.basename(path)
            raw = f"raw_{table.name}"
            files_sql = _sql_string(path)
            if fmt == "lake" and (self.lake_trusted or not self.lake_files[table.name]):
                self._create_from_lake(table)
                loaded.add(table.name)
                continue
            if fmt == "lake":  # committed under other rules: read and validated as Parquet files
                fmt = "parquet"
                files_sql = "[" + ", ".join(_sql_string(p) for p in self.lake_files[table.name]) + "]"
                path = "read_parquet(" + files_sql + ")"
            if fmt == "csv":
                con.register(raw, _read_csv_uri(con, path) if store.is_uri(path) else read_csv_text(path))
            else:
                con.execute(
                    "create view "
                    + quote_ident(raw)
                    + " as select *, file_row_number + 1 as _row from read_parquet("
                    + files_sql
                    + ", file_row_number = true)"
                )
            registered, raw = raw, self._with_added_columns(table, raw)
            t0 = time.perf_counter()
            if self.prepared is not None and table.name in self.prepared["validated"]:
                found_problems = []  # these exact files passed these exact rules when written
            else:
                found_problems = validate_relation(con, table, raw, label, loaded)
            self.timings[f"validate_{table.name}_s"] = time.perf_counter() - t0
            problems += found_problems
            if found_problems:
                continue
            self._create_typed(table, raw if fmt == "csv" else registered, fmt, path)
            if raw != registered:
                con.execute("drop view " + quote_ident(raw))
            if fmt == "csv":
                con.unregister(registered)
            loaded.add(table.name)
        if problems:
            raise DataValidationError(problems)
        t0 = time.perf_counter()
        if self.snapshot is not None and self.lake_trusted and self.lake_files.get(lake.CUBE_TABLE):
            source = _parquet_source(self.lake_files[lake.CUBE_TABLE])
            con.execute("create table activity_cube as select * from " + source)
        elif self.snapshot is None and self.prepared is not None:
            cube = os.path.join(self.folder, CUBE_FILE)
            con.execute("create table activity_cube as select * from read_parquet(" + _sql_string(cube) + ")")
        else:
            con.execute(load_sql(CUBE))  # the macros read it
        con.execute(load_sql(ROLLUP))  # the cube over districts and crafts (filtered_activity_totals)
        self.timings["cube_s"] = time.perf_counter() - t0
        # the stage order lives in schema.STAGES alone; SQL reads it from this table (stage_list())
        con.execute(
            "create table cluster_stages as select unnest($stages) as stage, "
            "generate_subscripts($stages, 1) as stage_rank",
            {"stages": list(STAGES)},
        )
        con.execute(load_sql(MACROS))
        con.execute(load_sql(CLUSTER_STAGES))  # made with the macros
        # this prefix only: not the bucket, not the disk
        uri = store.is_uri(self.folder)
        allowed = self.folder.rstrip("/") + "/" if uri else os.path.abspath(self.folder) + os.sep
        con.execute("set allowed_directories = [" + _sql_string(allowed) + "]")
        con.execute("set enable_external_access = false")
        con.execute("set lock_configuration = true")

    def _with_added_columns(self, table: Table, raw: str) -> str:
        """`raw`, or a view of it with each column the contract added since the file was written
        read as empty (a version written before a column existed still opens, and rolls back)."""
        present = set(relation_columns(self._con, raw))
        absent = [c for c in table.columns if c.added_later and c.name not in present]
        if not absent:
            return raw
        view = raw + "_full"
        extra = ", ".join(f"cast(null as varchar) as {quote_ident(c.name)}" for c in absent)
        self._con.execute(f"create view {quote_ident(view)} as select *, {extra} from {quote_ident(raw)}")
        return view

    def _lake_record(self) -> dict | None:
        if not self.lake_trusted:
            return None
        return {"validated": sorted(self.lake_files), "lake_snapshot": self.snapshot}

    def _create_from_lake(self, table: Table) -> None:
        """`table` of the snapshot, typed as the contract says; trusted: it was validated when committed."""
        paths = self.lake_files.get(table.name) or []
        if not paths:  # no rows at all: the lake writes no file
            cols = ", ".join(f"{quote_ident(c.name)} {c.sql_type}" for c in table.columns)
            self._con.execute("create table " + quote_ident(table.name) + " (" + cols + ")")
            return
        raw = f"raw_{table.name}"
        self._con.execute("create view " + quote_ident(raw) + " as select * from " + _parquet_source(paths))
        self._create_typed(table, raw, "parquet", _parquet_source(paths))
        self._con.execute("drop view " + quote_ident(raw))

    def _locate(self, table: str) -> tuple[str, str] | None:
        if self.snapshot is not None:
            paths = self.lake_files.get(table)
            if paths is None:
                return None
            return (paths[0] if paths else table), "lake"
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
        present = set(relation_columns(self._con, raw))
        cols = ", ".join(
            f"cast({quote_ident(c.name) if c.name in present else 'null'} as {c.sql_type}) as {quote_ident(c.name)}"
            for c in table.columns
        )
        # Only the activities can be large: they stay a view over Parquet (filters pushed into the
        # scan, memory bounded). Every other table has about one row per district or fewer, and
        # reading it from memory saves each query a Parquet open.
        kind = "view" if table.name in VIEW_TABLES else "table"
        source = path if path.startswith("read_parquet(") else "read_parquet(" + _sql_string(path) + ")"
        self._con.execute(f"create {kind} " + quote_ident(table.name) + " as select " + cols + " from " + source)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the shared connection, for the importer and tools that need the typed
        tables themselves (reference checks, the merge); the caller closes it."""
        with self._lock:
            return self._con.cursor()

    @cached_property
    def province_codes(self) -> frozenset[str]:
        """The code of every province in this version's provinces table (read once)."""
        return frozenset(self.query("option_provinces")["province_code"].astype(str))

    def query(self, name: str, **params) -> pd.DataFrame:
        """Run `queries/<name>.sql` with the parameters it names; extra keys are ignored."""
        sql = load_sql(name)
        needed = param_names(sql)
        missing = [p for p in needed if p not in params]
        if missing:
            raise TypeError(f"query {name} needs parameters {missing}")
        bound = {k: _bindable(params[k]) for k in needed}
        if self.damaged is not None:
            raise lake.DamagedFile(self.damaged)
        cur = self.cursor()
        try:
            return cur.execute(sql, bound).df()
        except duckdb.Error as e:
            damaged = self._damaged_file(e)
            if damaged is None:
                raise
            self.damaged = str(damaged)  # a file stays damaged: no later query reads this version
            raise damaged from e
        finally:
            cur.close()

    def _damaged_file(self, error: duckdb.Error) -> lake.DamagedFile | None:
        """`error` as the damaged file of this version it names, or None (`kcdash.lake_damage`)."""
        paths = [p for ps in self.lake_files.values() for p in ps] + [p for p, _ in self.files.values()]
        return lake_damage.named_in(error, paths)

    def close(self) -> None:
        self._con.close()


def prepared_record(folder: str, located: dict[str, tuple[str, str] | None] | None = None) -> dict | None:
    """The manifest's `prepared` entry when it was made from exactly the files found in `folder`
    (`located`: the files `Database` reads; default Parquet first), by the same rules and cube
    query, and its cube file is intact; else None (validate and build at open).

    Checked by SHA-256 of every file (quick even for the 50 MB of 10 million activities): a file
    replaced by hand, a version copied without its cube, or changed rules all fall back to the full open.
    """
    if store.is_uri(folder):
        return None  # no cheap checksum of remote files: build as before
    if located is None:
        located = {name: locate(folder, name) for name in TABLES}
    if any(v is None and not TABLES[name].optional for name, v in located.items()):
        return None
    record = store.read_manifest(folder).get(PREPARED)
    if not isinstance(record, dict) or record.get("rules") != rules_fingerprint():
        return None
    files = {os.path.basename(v[0]): v[0] for v in located.values() if v is not None}
    if record.get("inputs") != {name: store.sha256_file(Path(path)) for name, path in sorted(files.items())}:
        return None
    cube = Path(folder) / CUBE_FILE
    if not cube.exists() or record.get("cube_sha256") != store.sha256_file(cube):
        return None
    return record


@cache
def rules_fingerprint() -> str:
    """Changes when the validation rules (`kcdash/validate.py`), the contract (every table's
    definition in `kcdash.schema.TABLES`, not the rest of that module) or the cube query change."""
    h = hashlib.sha256()
    for path in _RULE_SOURCES:
        h.update(path.read_bytes())
    h.update(repr(TABLES).encode())
    return h.hexdigest()[:16]


def prepare(folder: str) -> dict:
    """Validate a local data folder fully, write its activity cube as Parquet and record both in its
    manifest (`prepared`: the files' checksums, the rules' fingerprint, the cube's checksum), so
    the dashboard opens it without re-validating the activities or rebuilding the cube.

    Called when a version is written (`make data`, bench generation, `store.commit_version`).
    Raises `DataValidationError` as opening would. Returns the manifest entry.
    """
    cube = Path(folder) / CUBE_FILE
    cube.unlink(missing_ok=True)  # never trust a cube left from other files
    manifest_path = Path(folder) / store.MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.exists() else {}
    manifest.pop(PREPARED, None)
    db = Database(folder, use_lake=False)  # nothing recorded: validates every table and builds the cube
    try:
        tmp = cube.with_name(cube.name + ".tmp")
        cur = db.cursor()
        try:
            cur.execute("copy activity_cube to " + _sql_string(str(tmp)) + " (format parquet, compression zstd)")
            rows = cur.execute("select count(*) from activity_cube").fetchall()[0][0]
        finally:
            cur.close()
        files = {os.path.basename(path): path for path, _fmt in db.files.values()}
    finally:
        db.close()
    os.replace(tmp, cube)
    record = {
        "rules": rules_fingerprint(),
        "validated": [t for t in TRUSTED_TABLES if t in db.files],
        "inputs": {name: store.sha256_file(Path(path)) for name, path in sorted(files.items())},
        "cube_file": CUBE_FILE,
        "cube_sha256": store.sha256_file(cube),
        "cube_rows": int(rows),
    }
    manifest[PREPARED] = record
    tmp_manifest = manifest_path.with_name(manifest_path.name + ".tmp")
    tmp_manifest.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp_manifest, manifest_path)
    return record


def _connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with a memory cap and a private spill folder."""
    config = {**lake.closed_config(), "memory_limit": MEMORY_LIMIT}
    if THREADS > 0:
        config["threads"] = THREADS
    con = duckdb.connect(":memory:", config=config)
    # a folder of our own (DuckDB creates it only to spill, and removes it on close): the default
    # `.tmp` would land in whatever the working directory is
    spill = os.path.join(tempfile.gettempdir(), f"kcdash-duckdb-{os.getpid()}-{id(con):x}")
    con.execute("set temp_directory = " + _sql_string(spill))
    con.execute("set enable_progress_bar = false")  # validating 10M rows would draw one into the server log
    return con


def _bindable(value):
    return list(value) if isinstance(value, (tuple, set, frozenset)) else value


def _parquet_source(paths: list[str]) -> str:
    """``read_parquet([...])`` over a lake table's files (paths the lake gave, never user input)."""
    return "read_parquet([" + ", ".join(_sql_string(p) for p in paths) + "])"


def _sql_string(text: str) -> str:
    """A SQL string literal for a path we chose (never for user input)."""
    return "'" + text.replace("'", "''") + "'"


def _load_remote_extension(con: duckdb.DuckDBPyConnection, uri: str) -> None:
    """What a URI's scheme needs, installed beforehand (nothing is downloaded at run time).

    First DuckDB's own extension (httpfs for s3://), with the persistent DuckDB secrets. Where that
    extension cannot be loaded, an fsspec filesystem for the scheme (s3fs, a dependency, for s3://),
    registered on this connection: DuckDB reads through it, still limited to the data prefix, and
    credentials come from that library's own chain (for S3 the AWS credentials and config files,
    environment or instance role). Credentials never come from the URI."""
    scheme = uri.split("://", 1)[0].lower()
    ext = REMOTE_EXTENSIONS.get(scheme)
    if not ext:
        return
    try:
        lake.load_extension(con, ext)
        if ext == "httpfs":
            lake.s3_secret(con)
    except (duckdb.Error, lake.LakeError) as e:
        fs = _fsspec_filesystem(scheme)
        if fs is None:
            raise RuntimeError(
                f"DATA_DIR {scheme}:// needs DuckDB's {ext} extension (the duckdb-extension-{ext} package) "
                f"or an fsspec filesystem for {scheme}:// (s3fs for s3://)"
            ) from e
        con.register_filesystem(fs)
        return
    con.execute("select count(*) from duckdb_secrets()").fetchall()  # persistent secrets, now


def _fsspec_filesystem(scheme: str):
    """A fresh fsspec filesystem for `scheme`, or None when no implementation is installed. No
    listing cache: a file must be read as it is now, not as it was."""
    try:
        import fsspec

        cls = fsspec.get_filesystem_class(scheme)
    except (ImportError, ValueError):
        return None
    return cls(skip_instance_cache=True, use_listings_cache=False)


def state_token(base: str) -> str:
    """Changes whenever the active data changes (`store.state_token`)."""
    return store.state_token(base)


_databases: dict[str, Database] = {}
_databases_lock = threading.Lock()
_snapshots: dict[tuple[str, int], Database] = {}
KEPT_SNAPSHOTS = 4
"""Older snapshots kept open at once (links to a snapshot a report quoted); the least recent closes first."""


def get_database(base: str | None = None, snapshot: int | None = None) -> Database:
    """The shared Database for the active data (reopened when a commit or rollback changes it),
    or for snapshot number `snapshot` of the lake (an older version opened by a link)."""
    base = base or data_dir()
    if snapshot is not None:
        with _databases_lock:
            kept = _snapshots.pop((base, snapshot), None) or Database(base, snapshot=snapshot)
            _snapshots[(base, snapshot)] = kept  # most recent last
            while len(_snapshots) > KEPT_SNAPSHOTS:
                _snapshots.pop(next(iter(_snapshots)))
            return _usable(kept)
    token = state_token(base)
    with _databases_lock:
        db = _databases.get(base)
        if db is None or db.token != token:
            db = Database(base)
            _databases[base] = db  # the old one is left to close when no cursor needs it
        return _usable(db)


def _usable(db: Database) -> Database:
    """`db`, unless a query found one of its files damaged: then `DamagedFile`, at once, as an open
    would (the page shows the plain message before drawing anything)."""
    if db.damaged is not None:
        raise lake.DamagedFile(db.damaged)
    return db
