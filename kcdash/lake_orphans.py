"""Parquet files in the lake's data path that no snapshot references: what a commit killed (or
refused) before its transaction committed leaves behind. They are never read, only take space.

DuckLake lists and deletes them itself (``ducklake_delete_orphaned_files``). Before anything is
deleted, every file it would delete is checked against every file any snapshot ever referenced
(``ducklake_data_file``, ``ducklake_delete_file``: history is kept, so all of them): one referenced
file in the list and nothing is deleted. A file younger than `MIN_AGE_S` is left alone: on a
shared catalog it may belong to another server's commit still running. The store removes them
under its lock (`kcdash.store.remove_orphans`), so no commit of this machine is running.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import duckdb

from kcdash import lake

MIN_AGE_S = float(os.environ.get("KC_LAKE_ORPHAN_MIN_AGE_S") or 3600)
"""Seconds a file no snapshot references must have existed before it counts as left behind."""


def orphans(loc: lake.Location, *, min_age_s: float | None = None) -> list[str]:
    """The files no snapshot references, older than `min_age_s` (default `MIN_AGE_S`), sorted
    (none without a lake)."""
    if not lake.exists(loc):
        return []
    with lake.visit(loc, write=True) as con:  # DuckLake lists them only on a writable attach
        return _listed(con, min_age_s)


def remove(loc: lake.Location, *, min_age_s: float | None = None) -> list[str]:
    """Delete the files `orphans` lists; returns them. Raises `lake.LakeError`, deleting nothing,
    when one of them is a file a snapshot references."""
    if not lake.exists(loc):
        return []
    with lake.visit(loc, write=True) as con:
        listed = _listed(con, min_age_s)
        if listed:
            con.execute(
                "select count(*) from ducklake_delete_orphaned_files($alias, older_than => $cutoff)",
                {"alias": lake.ALIAS, "cutoff": _cutoff(min_age_s)},
            ).fetchall()
    return listed


def _listed(con: duckdb.DuckDBPyConnection, min_age_s: float | None) -> list[str]:
    rows = con.execute(
        "select path from ducklake_delete_orphaned_files($alias, dry_run => true, older_than => $cutoff)",
        {"alias": lake.ALIAS, "cutoff": _cutoff(min_age_s)},
    ).fetchall()
    listed = sorted(str(r[0]) for r in rows)
    referenced = {
        os.path.basename(str(r[0]))
        for r in con.execute(
            f"select path from {lake.METADATA}.ducklake_data_file "
            f"union all select path from {lake.METADATA}.ducklake_delete_file"
        ).fetchall()
    }
    kept = [p for p in listed if os.path.basename(p) in referenced]
    if kept:  # file names are unique (a UUID each): DuckLake and its catalog disagree, delete nothing
        raise lake.LakeError(f"{kept[0]} is referenced by a snapshot but was listed as left behind")
    return listed


def _cutoff(min_age_s: float | None) -> datetime:
    return datetime.now(UTC) - timedelta(seconds=MIN_AGE_S if min_age_s is None else min_age_s)
