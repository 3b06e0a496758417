"""Which data is active: the newest snapshot of the data folder's lake, or the bundled folder.

Layout of a data folder (``DATA_DIR``, default ``data/``)::

    data/                     bundled data: reference CSVs, records as CSV and Parquet
    data/manifest.json        version id, date and checksums of the bundled data
    data/.lock                taken (fcntl.flock) by every commit on this machine: writers take turns
    data/lake/                the lake (`kcdash.lake`): catalog.ducklake and files/, made from the
                              bundled data by `make run` (`kcdash.first_snapshot`) or the first commit

Until the lake exists the bundled folder is active; after that every data version is a snapshot
(`kcdash.lake`) and the newest is active. The versions keep the shape the pages and the command
line read (``id``, ``created_at``, ``created_by``, ``action``, ``source_file``, ``rows``,
``active``); a rollback is a new snapshot holding an old one's tables.

A new version is written aside first (`commit_version`: every table as Parquet in a staging
folder, validated and its activity cube prepared as `kcdash.db.prepare` does), loaded by the
dashboard once (`verify`), and only then committed to the lake in one transaction: a crash
before that leaves the previous snapshot active.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from kcdash import lake, lake_damage, lake_orphans

MANIFEST = "manifest.json"
LOCK = ".lock"
STAGING_PREFIX = ".staging-"
CHECK_S = float(os.environ.get("KC_LAKE_CHECK_S") or 2)
"""How often (seconds) a PostgreSQL catalog is asked for its newest snapshot: a commit on another
server is served here within this time (a local catalog file is checked on every call, by its stat)."""


class StoreBusy(Exception):
    """Another commit holds the lock (or the catalog) for longer than we were willing to wait."""


class CommitConflict(StoreBusy):
    """Another steward's commit to the same catalog (on another machine) went first; nothing of this
    one was committed, and trying again is safe."""


class UnknownVersion(KeyError):
    """No version with that id."""


class StoreError(ValueError):
    """The data folder is not as this module writes it (a symlinked lock, a damaged lake)."""


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def is_uri(base: str) -> bool:
    return "://" in base


def lake_of(base: str) -> lake.Location:
    return lake.location(base)


def has_lake(base: str) -> bool:
    """Whether data versions exist for `base` (its lake has been made); a URI folder has none."""
    return not is_uri(base) and lake.exists(lake_of(base))


def read_manifest(folder: str) -> dict:
    if is_uri(folder):
        return {}
    path = Path(folder) / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


@contextlib.contextmanager
def _as_store_errors(base: str) -> Iterator[None]:
    """The lake's refusals as the store's: a held catalog as `StoreBusy`, any other as `StoreError`."""
    try:
        yield
    except lake.LakeBusy:
        raise StoreBusy(base) from None
    except lake.LakeError as e:
        raise StoreError(str(e)) from None


def _snapshots(base: str) -> list[lake.Snapshot]:
    if not has_lake(base):
        return []
    with _as_store_errors(base):
        return lake.snapshots(lake_of(base))


def current_version_id(base: str) -> str | None:
    """Id of the active version (the lake's newest snapshot), or None while the bundled data is active."""
    found = _snapshots(base)
    return str(found[-1].id) if found else None


def active_version(base: str) -> dict:
    """What the active data is: id, created_at, created_by, action, source file, row counts."""
    found = _snapshots(base)
    if found:
        return found[-1].as_version()
    manifest = read_manifest(base)
    manifest.setdefault("id", "bundled")
    return manifest


def damaged(base: str) -> str | None:
    """Which file of the active version is missing or damaged (for the steward), or None: its
    size against the catalog's record, then every value read (`kcdash.lake_damage.unreadable`)."""
    found = _snapshots(base)
    if not found:
        return None
    try:
        files = lake.files(lake_of(base), found[-1].id)
    except lake.DamagedFile as e:
        return str(e)
    return lake_damage.unreadable(path for paths in files.values() for path in paths)


def orphans(base: str) -> list[str]:
    """Files in the lake no version references (left by a commit stopped before it committed),
    for the steward to see (`kcdash.lake_orphans`)."""
    if not has_lake(base):
        return []
    with _as_store_errors(base):
        return lake_orphans.orphans(lake_of(base))


def remove_orphans(base: str, *, timeout: float = 60.0) -> list[str]:
    """Delete the files `orphans` lists, under the lock (no commit of this machine is writing);
    returns them. A file any version references is never deleted (`kcdash.lake_orphans.remove`)."""
    with locked(base, timeout):
        if not has_lake(base):
            return []
        with _as_store_errors(base):
            return lake_orphans.remove(lake_of(base))


def list_versions(base: str) -> list[dict]:
    """Every version, oldest first, each with ``active`` true for the newest (the one in use)."""
    found = _snapshots(base)
    return [{**s.as_version(), "active": i == len(found) - 1} for i, s in enumerate(found)]


def history(base: str) -> list[dict]:
    """One entry per version made: when, what, which version, by whom (and what a rollback restored)."""
    out = []
    for s in _snapshots(base):
        entry = {"at": s.time.astimezone(UTC).isoformat(timespec="seconds"), "action": s.info.get("action", "")}
        entry |= {"version": str(s.id), "by": s.author}
        if "restores" in s.info:
            entry["restores"] = str(s.info["restores"])
        out.append(entry)
    return out


_seen: dict[str, tuple[object, str]] = {}  # base -> (what was checked, the token it gave)
_seen_lock = threading.Lock()


def state_token(base: str) -> str:
    """Changes whenever the active data changes; cheap enough to check on every rerun.

    A local catalog is read again only when its file changes; a PostgreSQL catalog at most every
    ``KC_LAKE_CHECK_S`` seconds. While another process holds a local catalog (a commit running),
    the last token stands: the previous snapshot is still the newest.
    """
    if is_uri(base):
        return base
    loc = lake_of(base)
    bundled = f"bundled|{os.path.abspath(base)}|{_file_signature(os.path.join(base, MANIFEST))}"
    if loc.catalog_file is not None:
        key: object = _file_signature(loc.catalog_file)
        if key is None:
            return bundled
    else:
        key = int(time.monotonic() // CHECK_S)
    with _seen_lock:
        seen = _seen.get(base)
        if seen is not None and seen[0] == key:
            return seen[1]
    try:
        found = lake.latest(loc) if has_lake(base) else None
    except lake.LakeBusy:
        if seen is not None:
            return seen[1]
        raise StoreBusy(base) from None
    token = f"lake|{loc.describe()}|{found.id}" if found else bundled
    with _seen_lock:
        _seen[base] = (key, token)
    return token


def _file_signature(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    wal = path + ".wal"
    wal_mtime = os.stat(wal).st_mtime_ns if os.path.exists(wal) else 0
    return (st.st_mtime_ns, st.st_size, wal_mtime)


# ---- writing ----------------------------------------------------------------------------------
_held = threading.local()  # which bases this thread holds the lock for (the lock is not re-entrant)


@contextlib.contextmanager
def locked(base: str, timeout: float = 60.0) -> Iterator[None]:
    """Exclusive lock on the data folder `base` (fcntl.flock on ``base/.lock``), across processes.

    Commits on one machine take turns; the lake's own transactions keep servers sharing a
    PostgreSQL catalog apart. The kernel drops the lock when its holder dies, so a killed
    commit never blocks the next. Raises StoreBusy after `timeout` seconds.
    """
    held: set = getattr(_held, "bases", set())
    key = os.path.abspath(base)
    if key in held:  # nested use in the same thread: already ours
        yield
        return
    try:  # never through a symlink: a planted .lock -> /elsewhere must not be created or locked
        fd = os.open(Path(base) / LOCK, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o644)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise StoreError(f"{Path(base) / LOCK} is a symlink; remove it") from None
        raise
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as e:
                if e.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreBusy(base) from None
                time.sleep(0.05)
        held.add(key)
        _held.bases = held
        try:
            yield
        finally:
            held.discard(key)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _require_lock(base: str) -> None:
    if os.path.abspath(base) not in getattr(_held, "bases", set()):
        raise RuntimeError("the store must be changed under store.locked(base)")


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def remove_stale_staging(base: str) -> None:
    """Delete staging folders a crashed commit left behind (call under the lock: no writer is running)."""
    _require_lock(base)
    for p in Path(base).glob(STAGING_PREFIX + "*"):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)


def commit_version(
    base: str,
    write_tables: Callable[[Path], dict[str, int]],
    manifest: dict,
    *,
    verify: Callable[[str], None] | None = None,
    author: str = "",
) -> str:
    """Write every table aside, check it, and commit it as the lake's newest snapshot; returns its id.

    `write_tables(folder)` writes ``<table>.parquet`` files and returns row counts per table;
    `verify(folder)` raises if the written data would not load. Must run under `locked`.
    """
    _require_lock(base)
    from kcdash.db import RULES_KEY, prepare, rules_fingerprint  # kcdash.db imports this module

    with tempfile.TemporaryDirectory(prefix=STAGING_PREFIX, dir=base) as tmp:
        folder = Path(tmp)
        rows = write_tables(folder)
        info = {**manifest, "created_at": manifest.get("created_at") or now_iso(), "rows": rows}
        info[RULES_KEY] = rules_fingerprint()
        (folder / MANIFEST).write_text(json.dumps(info, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        prepare(str(folder))  # validated once, activity cube written
        if verify is not None:
            verify(str(folder))
        parquet_everywhere(folder)
        tables = lake_tables(folder)
        label = str(manifest.get("label_en") or manifest.get("action") or "")
        try:
            sid = lake.commit(
                lake_of(base), tables, author=author or str(manifest.get("created_by") or ""), message=label, info=info
            )
        except lake.LakeBusy:
            raise StoreBusy(base) from None
        except lake.CommitConflict:
            raise CommitConflict(base) from None
    return str(sid)


def lake_tables(folder: Path) -> dict[str, str]:
    """Lake table -> Parquet file of a version written aside: each table's file and the prepared cube."""
    from kcdash.db import CUBE_FILE  # kcdash.db imports this module

    tables = {p.stem: str(p) for p in folder.glob("*.parquet") if p.name != CUBE_FILE}
    tables[lake.CUBE_TABLE] = str(folder / CUBE_FILE)
    return tables


def parquet_everywhere(folder: Path) -> None:
    """Every contract table of a staged version as Parquet (a writer may have left a table as CSV)."""
    from kcdash.db import Database
    from kcdash.schema import TABLES

    missing = [name for name in TABLES if not (folder / f"{name}.parquet").exists()]
    if not missing:
        return
    db = Database(str(folder), use_lake=False)
    cur = db.cursor()
    try:
        for name in missing:
            cur.table(name).write_parquet(str(folder / f"{name}.parquet"))
    finally:
        cur.close()
        db.close()


def load_check(folder: str) -> None:
    """Raise unless the dashboard can open `folder` (every table read and validated)."""
    from kcdash.db import Database  # imported here: kcdash.db imports this module

    Database(folder, use_lake=False).close()


def rollback(base: str, vid: str, *, user: str = "", timeout: float = 60.0) -> dict:
    """A new version holding the tables of version `vid` (history is kept); returns its description."""
    wanted = str(vid).strip()
    if not wanted.isdigit() or wanted not in {v["id"] for v in list_versions(base)}:
        raise UnknownVersion(wanted)
    with locked(base, timeout):
        try:
            sid = lake.rollback(lake_of(base), int(wanted), author=user, info={"created_at": now_iso()})
        except lake.LakeBusy:
            raise StoreBusy(base) from None
        except lake.CommitConflict:
            raise CommitConflict(base) from None
        except lake.DamagedFile as e:  # the steward is told which file
            raise StoreError(str(e)) from None
    return next(v for v in list_versions(base) if v["id"] == str(sid))
