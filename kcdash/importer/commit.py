"""Step 7, commit: the checked file as a new data version (a snapshot of the lake, kcdash.store).

A rejected file changes nothing. An accepted one is checked again inside the store lock against
whatever is active by then, so two imports at once apply one after the other.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kcdash import first_snapshot, store
from kcdash.db import Database, data_dir, get_database
from kcdash.importer.limits import Limits, mb_text
from kcdash.importer.pipeline import Upload, check, check_on, check_upload
from kcdash.importer.plan import SCOPE, in_scope
from kcdash.importer.profiles import Choices
from kcdash.importer.result import ImportResult, Progress, no_progress
from kcdash.schema import TABLES, Table
from kcdash.validate import DataValidationError, Problem, quote_ident


def arrow_type(sql_type: str) -> pa.DataType:
    m = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", sql_type)
    if m:
        return pa.decimal128(int(m.group(1)), int(m.group(2)))
    return {
        "VARCHAR": pa.string(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "DOUBLE": pa.float64(),
        "BOOLEAN": pa.bool_(),
        "DATE": pa.date32(),
    }[sql_type]


def arrow_schema(tdef: Table) -> pa.Schema:
    return pa.schema([pa.field(c.name, arrow_type(c.sql_type), nullable=not c.required) for c in tdef.columns])


def _table_arrow(cur: Any, tdef: Table, sql: str) -> pa.Table:
    return cur.sql(sql).to_arrow_table().select(list(tdef.column_names)).cast(arrow_schema(tdef))


def write_all(cur: Any, replace: dict[str, str]) -> Callable[[Path], dict[str, int]]:
    """A writer of every contract table as typed Parquet; `replace` gives SQL for changed tables."""

    def write(folder: Path) -> dict[str, int]:
        rows = {}
        for name, tdef in TABLES.items():
            cols = ", ".join(quote_ident(c) for c in tdef.column_names)
            sql = replace.get(name) or f"select {cols} from {quote_ident(name)}"
            tbl = _table_arrow(cur, tdef, sql)
            pq.write_table(tbl, folder / f"{name}.parquet")
            rows[name] = tbl.num_rows
        return rows

    return write


def verify_loads(folder: str) -> None:
    Database(folder, use_lake=False).close()  # the dashboard must be able to load what becomes active


def seed(base: str, *, user: str = "") -> str:
    """Commit the data folder's own files (the bundled data) as the lake's first version, so they
    can come back after imports (as `make run` does before the dashboard starts)."""
    return str(first_snapshot.make(base, first_snapshot.fingerprint(base), author=user))


@contextlib.contextmanager
def writing(base: str, user: str, timeout: float) -> Iterator[Database]:
    """The data folder locked for one new version (an import, figures from a report), the bundled
    data saved as the lake's first version if there is no lake yet: yields the active data to build it from."""
    with store.locked(base, timeout):
        store.remove_stale_staging(base)
        if not store.has_lake(base):
            seed(base, user=user)
        yield get_database(base)


def commit(
    content: bytes,
    filename: str,
    *,
    table: str | None = None,
    sheet: str | None = None,
    base: str | None = None,
    user: str = "",
    max_bytes: int | None = None,
    timeout: float = 60.0,
    progress: Progress | None = None,
    choices: Choices | None = None,
) -> ImportResult:
    """Check the file and, if it passes, make it a new active version (under the store lock)."""
    upload = Upload(content, filename, table=table, sheet=sheet, user=user, max_bytes=max_bytes, choices=choices)
    return commit_upload(upload, base, timeout=timeout, progress=progress)


def commit_upload(
    upload: Upload, base: str | None = None, *, timeout: float = 60.0, progress: Progress | None = None
) -> ImportResult:
    """`commit` of an `Upload` to the data folder `base` (default: the active one)."""
    base = base or data_dir()
    if store.is_uri(base):
        raise ValueError("imports need a local data folder, not " + base)
    result = check_upload(upload, base, progress)
    if not result.ok:
        return result
    user = upload.user
    with writing(base, user, timeout) as db:
        cur = db.cursor()
        try:
            # again under the lock, against the data active by then, for the table found the first time
            result = check_on(cur, db, upload.for_table(result.table), no_progress)
            if not result.ok or result.table is None:
                return result
            tdef = TABLES[result.table]
            cols = ", ".join(quote_ident(c) for c in tdef.column_names)
            order = ", ".join(quote_ident(c) for c in (*SCOPE[tdef.name], *tdef.key))
            merged = (
                f"select {cols} from {quote_ident(tdef.name)} as a where not {in_scope(tdef, 'a')} "
                f"union all select {cols} from incoming order by {order}"
            )
            p = result.plan
            if p is None:  # a passing check always has a plan
                raise RuntimeError("checked file without a plan")
            manifest = {
                "action": "import",
                "label_vi": f"Nhập từ tệp {result.file_name}" + (f" ({user})" if user else ""),
                "label_en": f"Imported from {result.file_name}" + (f" ({user})" if user else ""),
                "created_by": user,
                "source_file": result.file_name,
                "source_sha256": result.sha256,
                "source_bytes": result.size,
                "table": tdef.name,
                "parent": result.checked_against,
                "ids_made": result.ids_made,
                "replaced": {"scope": p.scope_text("vi"), "removed": p.replaced, "added": p.incoming, "kept": p.kept},
            }
            try:
                vid = store.commit_version(
                    base, write_all(cur, {tdef.name: merged}), manifest, verify=verify_loads, author=user
                )
            except DataValidationError as e:  # cannot happen after the checks above; never commit it anyway
                result.problems = list(e.problems)
                return result
        finally:
            cur.close()
        result.version = vid
    return result


def import_path(
    path: str,
    *,
    dry_run: bool = False,
    max_bytes: int | None = None,
    timeout: float = 60.0,
    **kwargs: Any,
) -> ImportResult:
    """`commit` (or `check` with dry_run) for a file on disk; the size is checked before reading."""
    limit = Limits.from_env().max_bytes if max_bytes is None else max_bytes
    size = os.path.getsize(path)
    if size > limit:
        name = os.path.basename(path)
        r = ImportResult(file_name=name, size=size, sha256="")
        r.problems.append(
            Problem(name, None, None, None, "imp_too_large", {"size_mb": mb_text(size), "limit_mb": mb_text(limit)}, "")
        )
        return r
    with open(path, "rb") as f:
        content = f.read()
    if dry_run:
        return check(content, path, max_bytes=max_bytes, **kwargs)
    return commit(content, path, max_bytes=max_bytes, timeout=timeout, **kwargs)
