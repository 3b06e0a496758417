"""A data folder's own files as its lake's first snapshot, made before the dashboard starts.

    python -m kcdash.first_snapshot [--data-dir DIR]       (part of make run and make admin)

A fresh clone has the bundled data (``data/``) and no lake (``data/lake/`` is not in git).
`ensure` makes the lake from the folder's own table files: one snapshot, its author and message
naming the bundled illustrative data (or the folder's own label, e.g. a benchmark extract), its
info recording a fingerprint of the files it was made from (`fingerprint`). Then:

- the lake is there and holds only that snapshot of the same files: nothing to do (a check of
  the files' checksums and one short read of the catalog);
- the folder's files changed since (``make data``, a file replaced by hand), or the validation
  rules did, and the lake still holds only snapshots of the folder's own files: the lake is made
  again from the files as they are now (nothing else was in it);
- a steward has committed since (an import, figures, a rollback, a migrated history): the lake
  is left as it is and the message says so; the bundled files are then only the first version's
  source, not what is shown.

The new lake is built aside (``<base>/.staging-…/lake``) and renamed into place under the
store's lock, so two starts at once make it once and a reader sees no lake or a whole one. A
shared catalog (``KC_CATALOG``/``KC_DATA_PATH``) and a URI data folder are left alone: a shared
lake is filled by its own commits.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pyarrow.parquet as pq

from kcdash import lake, store
from kcdash.db import CUBE_FILE, RULES_KEY, data_dir, locate, prepare, prepared_record, rules_fingerprint
from kcdash.schema import TABLES
from kcdash.validate import DataValidationError

ACTION = "snapshot"
"""A snapshot holding a data folder's own files (the bundled data), as the versions list names it."""
FINGERPRINT_KEY = "bundled_fingerprint"
"""The snapshot's info key for the fingerprint of the files it was made from."""
LABEL_VI = "Dữ liệu minh họa kèm theo phần mềm"
LABEL_EN = "The bundled illustrative data"
AUTHOR = "bundled data"
LOCK_WAIT_S = 600.0
"""How long a start waits for another start (or a commit) that holds the store's lock."""


@dataclass(frozen=True)
class Outcome:
    """What `ensure` found or did: ``made``, ``rebuilt``, ``current``, ``kept`` (a steward's
    versions since) or ``skipped`` (a shared catalog or a URI folder), and the message to print."""

    action: str
    snapshot: int | None
    message: str


def fingerprint(base: str) -> str:
    """Of the table files the dashboard reads from `base` (Parquet first, else CSV): their names
    and SHA-256, so any change of what a first snapshot would hold changes it."""
    h = hashlib.sha256()
    for name in sorted(TABLES):
        found = locate(base, name)
        if found is not None:
            h.update(f"{os.path.basename(found[0])}={store.sha256_file(Path(found[0]))}\n".encode())
    return h.hexdigest()[:16]


def own_files_only(snapshots: list[lake.Snapshot]) -> bool:
    """Whether a lake's versions are all snapshots of its folder's own files (no steward's commit)."""
    return all(s.info.get("action") == ACTION for s in snapshots)


def ensure(base: str | None = None, *, timeout: float = LOCK_WAIT_S) -> Outcome:
    """Make `base`'s lake from its own files when it has none, or again when those files changed
    and nothing else was committed; leave it otherwise. Safe to run by several processes at once."""
    base = base or data_dir()
    where = os.path.join(base, lake.LAKE_DIR)
    if store.is_uri(base) or _shared():
        return Outcome("skipped", None, f"{base}: a shared or remote lake is filled by its own commits; nothing made")
    wanted = fingerprint(base)
    found = _state(base, wanted)
    if found is not None:
        return found
    t0 = time.perf_counter()
    with store.locked(base, timeout):
        found = _state(base, wanted)  # another start may have made it while we waited
        if found is not None:
            return found
        rebuilt = store.has_lake(base)
        sid = make(base, wanted)
    took = time.perf_counter() - t0
    if rebuilt:
        text = (
            f"{where}: made again from the folder's own files, which (or the checking rules) changed since "
            f"and the lake held nothing else (snapshot {sid}, {took:.1f} s)"
        )
        return Outcome("rebuilt", sid, text)
    return Outcome("made", sid, f"{where}: made from the folder's own files (snapshot {sid}, {took:.1f} s)")


def _state(base: str, wanted: str) -> Outcome | None:
    """The outcome when nothing needs making, else None."""
    if not store.has_lake(base):
        return None
    where = os.path.join(base, lake.LAKE_DIR)
    found = lake.snapshots(store.lake_of(base))
    if not found:  # a lake whose first commit never finished: made again
        return None
    if not own_files_only(found):
        newest = found[-1]
        text = (
            f"{where}: versions committed since it was made (newest {newest.id}, {newest.info.get('action', '')} "
            f"by {newest.author or '?'}); kept as it is"
        )
        if found[0].info.get(FINGERPRINT_KEY) not in (None, wanted):
            text += " (the folder's own files changed since; they are no longer what is shown)"
        return Outcome("kept", newest.id, text)
    if found[-1].info.get(FINGERPRINT_KEY) != wanted or found[-1].info.get(RULES_KEY) != rules_fingerprint():
        return None  # made from other files, or checked by other rules (else every open checks it again)
    return Outcome("current", found[-1].id, f"{where}: up to date with the folder's files (snapshot {found[-1].id})")


def make(base: str, fingerprint_of_files: str, *, author: str = "") -> int:
    """The lake of `base` made anew from the folder's own files, built aside and renamed into
    place (any lake there before is replaced). Returns the snapshot's number. Under the store's lock."""
    with store.locked(base), tempfile.TemporaryDirectory(prefix=store.STAGING_PREFIX + "first-", dir=base) as tmp:
        staged = Path(tmp)
        tables = _staged_tables(base, staged / "tables")
        manifest = store.read_manifest(base)
        info = {
            "action": ACTION,
            "label_vi": LABEL_VI,
            "label_en": LABEL_EN,
            "created_by": author or AUTHOR,
            "source_file": AUTHOR,
            "bundled_created_at": manifest.get("created_at"),
            "parent": str(manifest.get("id") or "bundled"),
            "created_at": store.now_iso(),
            "rows": {name: pq.ParquetFile(path).metadata.num_rows for name, path in tables.items() if name in TABLES},
            FINGERPRINT_KEY: fingerprint_of_files,
            RULES_KEY: rules_fingerprint(),
        }
        if _shared():  # one catalog for several servers: its first snapshot is an ordinary commit
            return lake.commit(lake.location(base), tables, author=author or AUTHOR, message=LABEL_EN, info=info)
        loc = lake.location(str(staged))
        sid = lake.commit(loc, tables, author=author or AUTHOR, message=LABEL_EN, info=info)
        target = Path(base) / lake.LAKE_DIR
        if target.exists():
            os.rename(target, staged / "replaced")
        os.rename(staged / lake.LAKE_DIR, target)
    return sid


def _shared() -> bool:
    """Whether the lake is one several servers share (``KC_CATALOG``/``KC_DATA_PATH``), not a
    folder inside the data folder."""
    return bool(os.environ.get(lake.CATALOG_ENV) or os.environ.get(lake.DATA_PATH_ENV))


def _staged_tables(base: str, folder: Path) -> dict[str, str]:
    """Lake table -> Parquet file: the folder's files as the dashboard reads them, each table as
    Parquet, validated and its activity cube prepared (taken as it is where the folder's manifest
    records it for exactly these files and rules)."""
    folder.mkdir()
    for name in TABLES:
        found = locate(base, name)
        if found is not None:
            shutil.copyfile(found[0], folder / os.path.basename(found[0]))
    manifest = Path(base) / store.MANIFEST
    if manifest.exists():
        shutil.copyfile(manifest, folder / store.MANIFEST)
    if prepared_record(base) is not None:
        shutil.copyfile(Path(base) / CUBE_FILE, folder / CUBE_FILE)
    if prepared_record(str(folder)) is None:
        prepare(str(folder))  # validated here, as every commit is
    store.parquet_everywhere(folder)
    return store.lake_tables(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kcdash.first_snapshot", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None, help="the data folder (default DATA_DIR, else data/)")
    args = parser.parse_args(argv)
    try:
        outcome = ensure(args.data_dir)
    except (store.StoreBusy, store.StoreError, lake.LakeError, DataValidationError) as e:
        # the dashboard still starts: without a lake it reads the folder's files as they are
        print(f"data lake not made ({type(e).__name__}: {e}); the dashboard reads the folder's files", file=sys.stderr)
        return 0
    print(outcome.message, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
