"""Which file of a data version cannot be read, for the steward; the viewer is only told that the
data cannot be read.

Damage is found three ways, each where it costs nothing it need not:

- every open compares each local file's size with the catalog's record (`kcdash.lake.files`):
  a file cut short or grown shows before anything is read;
- a file the right size with damaged bytes shows when a query reads the damaged part: DuckDB's
  error names the file (`named_in` turns it into `kcdash.lake.DamagedFile`);
- the steward console reads every value of every local file of the active version once
  (`unreadable`), remembered per file (path, size, time written): lake files are never rewritten,
  so a new version costs one read of its new files, and a rerun of the console nothing. Viewers
  never pay for this read: it would add a decoding of every activity to every open.

A read error of a remote file (``s3://``) is the network's, not damage: it is left as it is.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable

import duckdb

from kcdash.lake import DamagedFile, closed_config


def named_in(error: duckdb.Error, paths: Iterable[str]) -> DamagedFile | None:
    """`error` as `DamagedFile` (the path first, then DuckDB's reason) when it names one of
    `paths` (the files of the data version read) and is about the file's content or presence;
    else None (the error is something else: let it be raised as it is)."""
    if not isinstance(error, (duckdb.InvalidInputException, duckdb.IOException)):
        return None
    said = str(error)
    named = next((p for p in paths if p and p in said), None)
    if named is None or (isinstance(error, duckdb.IOException) and "://" in named):
        return None
    reason = said.strip().splitlines()[0] if said.strip() else type(error).__name__
    return DamagedFile(f"{named} is damaged: {reason}")


_read: dict[tuple[str, int, int], str | None] = {}  # (path, size, mtime_ns) -> what reading it found
_read_lock = threading.Lock()


def unreadable(paths: Iterable[str]) -> str | None:
    """The first of the local Parquet files `paths` some value of which cannot be read, as
    "<path> is damaged: <reason>", or None when every value of every file reads."""
    for path in sorted(set(paths)):
        if "://" in path:
            continue
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return f"{path} is missing"
        key = (path, st.st_size, st.st_mtime_ns)
        with _read_lock:
            known = key in _read
            found = _read.get(key)
        if not known:
            found = _read_every_value(path)
            with _read_lock:
                _read[key] = found
        if found is not None:
            return found
    return None


def _read_every_value(path: str) -> str | None:
    con = duckdb.connect(":memory:", config=closed_config())
    try:
        # a hash of every column makes DuckDB decode every page of the file (a count would read none)
        con.execute("select bit_xor(hash(columns(*))) from read_parquet($path)", {"path": path}).fetchall()
    except duckdb.Error as e:
        damaged = named_in(e, [path])
        return str(damaged) if damaged is not None else f"{path} is damaged: {type(e).__name__}"
    finally:
        con.close()
    return None
