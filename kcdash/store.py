"""Where the active data lives: the bundled folder, or a version in its versioned store.

Layout of a data folder (``DATA_DIR``, default ``data/``)::

    data/                     bundled data: reference CSVs, records as CSV and Parquet
    data/manifest.json        version id, date and checksums of the bundled data
    data/.lock                taken (fcntl.flock) by every import and rollback
    data/versions/CURRENT     id of the active imported version (absent: bundled data is active)
    data/versions/<id>/       one version: every contract table as Parquet + manifest.json
    data/versions/history.jsonl  one line per import or rollback: when, who, what

Only this module decides which folder is active; `kcdash.db` reads whatever it names.

Nothing here trusts the files it reads (docs/SECURITY.md): ``CURRENT`` must name a complete
version folder inside ``versions/`` (digits only, a real directory, no symlink out), a version's
files must match the checksums in its manifest before it is opened or made active (rollback also
loads it first), and ``.lock``, ``CURRENT`` and the history are opened without following symlinks.

A version is written aside (``versions/.tmp-…``), checked, renamed into place and only then
made active by replacing ``CURRENT`` with ``os.replace``, all under the lock. A crash at any
point leaves ``CURRENT`` naming the previous version (at worst a stray ``.tmp-…`` folder or an
unused version folder remains); two writers take turns.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

VERSIONS = "versions"
CURRENT = "CURRENT"
MANIFEST = "manifest.json"
HISTORY = "history.jsonl"
LOCK = ".lock"
TMP_PREFIX = ".tmp-"
PAUSE_ENV = "KC_IMPORT_PAUSE_AFTER_WRITE"  # test hook: seconds to sleep once a version is written aside


class StoreBusy(Exception):
    """Another import or rollback holds the lock for longer than we were willing to wait."""


class UnknownVersion(KeyError):
    """No version folder with that id."""


class StoreError(ValueError):
    """The store is not as this module writes it: a bad ``CURRENT``, a damaged version, a symlink."""


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_VERSION_ID = re.compile(r"[0-9]{1,12}")


def is_uri(base: str) -> bool:
    return "://" in base


def versions_root(base: str) -> Path:
    return Path(base) / VERSIONS


def current_version_id(base: str) -> str | None:
    """Id of the active imported version, or None when the bundled data is active."""
    if is_uri(base):
        return None
    pointer = versions_root(base) / CURRENT
    try:
        fd = os.open(pointer, os.O_RDONLY | _NOFOLLOW)
    except FileNotFoundError:
        return None
    except OSError as e:  # ELOOP: CURRENT is a symlink
        raise StoreError(f"{pointer} is not a plain file ({e.strerror})") from None
    with os.fdopen(fd, "rb") as f:
        raw = f.read(64)
    vid = raw.decode("ascii", errors="replace").strip()
    if not vid:  # the store never writes an empty pointer: serving the bundled data would hide that
        raise StoreError(f"{pointer} is empty: it should name the active version")
    _check_version_folder(base, vid, pointer)
    return vid


def _check_version_folder(base: str, vid: str, named_by: object) -> Path:
    """The folder of version `vid`: a real directory directly inside ``versions/``, with a manifest."""
    if not _VERSION_ID.fullmatch(vid):
        raise StoreError(f"{named_by} names {vid!r}, not a version id (digits)")
    root = versions_root(base)
    folder = root / vid
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        raise StoreError(f"{named_by} names version {vid}, which does not exist") from None
    if not stat.S_ISDIR(info.st_mode):  # a symlink (or a file) is not a version this store wrote
        raise StoreError(f"{named_by} names version {vid}, which is not a folder inside {root}")
    if os.path.realpath(folder) != os.path.join(os.path.realpath(root), vid):
        raise StoreError(f"{named_by} names version {vid}, which lies outside {root}")
    if not (folder / MANIFEST).is_file():
        raise StoreError(f"version {vid} has no {MANIFEST}")
    return folder


_verified: dict[str, tuple[object, ...]] = {}  # folder -> file stats when its checksums last matched
_verified_lock = threading.Lock()


def verify_checksums(folder: str | Path) -> None:
    """Raise StoreError unless every file the version's manifest lists is there with its checksum.

    Each version is hashed once per process; after that a cheap stat of its files tells whether
    anything changed since (then it is hashed again).
    """
    folder = Path(folder)
    try:
        manifest = read_manifest(str(folder))
    except (OSError, ValueError) as e:
        raise StoreError(f"{folder / MANIFEST} cannot be read ({e})") from None
    sums = manifest.get("sha256")
    if not isinstance(sums, dict) or not sums:
        raise StoreError(f"{folder / MANIFEST} lists no checksums")
    stats: list[object] = []
    for name in sorted(sums):
        path = folder / str(name)
        if Path(str(name)).name != name or not path.is_file() or path.is_symlink():
            raise StoreError(f"{folder.name}: {name} is missing or not a plain file")
        st_ = path.stat()
        stats.append((name, st_.st_size, st_.st_mtime_ns, st_.st_ino))
    key = str(folder.resolve())
    signature = tuple(stats)
    with _verified_lock:
        if _verified.get(key) == signature:
            return
    for name, expected in sorted(sums.items()):
        if sha256_file(folder / str(name)) != str(expected):
            raise StoreError(f"version {folder.name}: {name} does not match its checksum (damaged or changed)")
    with _verified_lock:
        _verified[key] = signature


def active_dir(base: str) -> str:
    """The folder the dashboard reads; an imported version only once its checksums match."""
    vid = current_version_id(base)
    if vid is None:
        return base
    folder = versions_root(base) / vid
    verify_checksums(folder)
    return str(folder)


def read_manifest(folder: str) -> dict:
    if is_uri(folder):
        return {}
    path = Path(folder) / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


def active_version(base: str) -> dict:
    """Manifest of the active data: id, created_at, source, row counts, checksums."""
    folder = active_dir(base)
    manifest = read_manifest(folder)
    manifest.setdefault("id", current_version_id(base) or "bundled")
    return manifest


def state_token(base: str) -> str:
    """Changes whenever the active data changes; cheap enough to check on every rerun."""
    vid = current_version_id(base) or "bundled"
    folder = active_dir(base)
    if is_uri(folder):
        return f"{folder}|{vid}"
    try:
        mtime = os.stat(Path(folder) / MANIFEST).st_mtime_ns
    except FileNotFoundError:
        mtime = 0
    return f"{os.path.abspath(folder)}|{vid}|{mtime}"


# ---- the versioned store --------------------------------------------------------------------
_held = threading.local()  # which bases this thread holds the lock for (the lock is not re-entrant)


@contextlib.contextmanager
def locked(base: str, timeout: float = 60.0) -> Iterator[None]:
    """Exclusive lock on the store of `base` (fcntl.flock on ``base/.lock``), across processes.

    The kernel drops the lock when its holder dies, so a killed import never blocks the next.
    Raises StoreBusy after `timeout` seconds.
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


def version_ids(base: str) -> list[str]:
    """Ids of complete versions (a folder with a manifest), oldest first."""
    root = versions_root(base)
    if is_uri(base) or not root.is_dir():
        return []
    ids = [p.name for p in root.iterdir() if p.is_dir() and p.name.isdigit() and (p / MANIFEST).exists()]
    return sorted(ids, key=int)


def list_versions(base: str) -> list[dict]:
    """Every version's manifest, oldest first, each with ``active`` true for the one in use."""
    try:
        current = current_version_id(base)
    except StoreError:  # a bad CURRENT: none is active; listing them is how a steward picks one
        current = None
    out = []
    for vid in version_ids(base):
        manifest = read_manifest(str(versions_root(base) / vid))
        manifest["id"] = vid
        manifest["active"] = vid == current
        out.append(manifest)
    return out


def _next_id(base: str) -> str:
    ids = [int(v) for v in version_ids(base)]
    root = versions_root(base)
    if root.is_dir():  # a folder left by a crash between rename and switch still takes its number
        ids += [int(p.name) for p in root.iterdir() if p.is_dir() and p.name.isdigit()]
    return str(max(ids, default=0) + 1)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_json(path: Path, data: dict) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def remove_stale_temp(base: str) -> None:
    """Delete folders a crashed write left behind (call under the lock: no writer is running)."""
    _require_lock(base)
    root = versions_root(base)
    if root.is_dir():
        for p in root.iterdir():
            if p.name.startswith(TMP_PREFIX):
                shutil.rmtree(p, ignore_errors=True)


def write_version(
    base: str,
    write_tables: Callable[[Path], dict[str, int]],
    manifest: dict,
    *,
    verify: Callable[[str], None] | None = None,
) -> str:
    """Write a new version aside, check it, and move it into place; returns its id (not yet active).

    `write_tables(folder)` writes ``<table>.parquet`` files and returns row counts per table;
    `verify(folder)` raises if the written version would not load. Must run under `locked`.
    """
    _require_lock(base)
    root = versions_root(base)
    root.mkdir(exist_ok=True)
    vid = _next_id(base)
    tmp = root / f"{TMP_PREFIX}{vid}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    try:
        rows = write_tables(tmp)
        files = sorted(p for p in tmp.iterdir() if p.suffix == ".parquet")
        for p in files:
            with open(p, "rb") as f:
                os.fsync(f.fileno())
        full = {
            **manifest,
            "id": vid,
            "created_at": manifest.get("created_at") or now_iso(),
            "rows": rows,
            "sha256": {p.name: sha256_file(p) for p in files},
        }
        _write_json(tmp / MANIFEST, full)
        from kcdash.db import prepare  # imported here: kcdash.db imports this module

        prepare(str(tmp))  # validated once, activity cube written, both recorded in the manifest
        if verify is not None:
            verify(str(tmp))
        pause = float(os.environ.get(PAUSE_ENV) or 0)
        if pause > 0:
            time.sleep(pause)  # test hook: a kill here must leave the previous version active
        _fsync_dir(tmp)
        os.rename(tmp, root / vid)
        _fsync_dir(root)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return vid


def _set_current(base: str, vid: str) -> None:
    root = versions_root(base)
    tmp = root / f"{CURRENT}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(vid + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, root / CURRENT)  # atomic: readers see the old id or the new one, never half
    _fsync_dir(root)


def log_event(base: str, event: dict) -> None:
    _require_lock(base)
    fd = os.open(versions_root(base) / HISTORY, os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW, 0o644)
    with os.fdopen(fd, "a", encoding="utf-8") as f:
        f.write(json.dumps({"at": now_iso(), **event}, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())


def activate(
    base: str, vid: str, *, user: str = "", action: str = "activate", verify: Callable[[str], None] | None = None
) -> dict:
    """Make version `vid` the active data (under the lock); returns its manifest.

    Its checksums are checked first, and `verify(folder)` (raises if it would not load) is run;
    a version that fails either is never made active. Raises UnknownVersion or StoreError.
    """
    _require_lock(base)
    vid = str(vid).strip()
    if vid not in version_ids(base):
        raise UnknownVersion(vid)
    folder = _check_version_folder(base, vid, "activate")
    verify_checksums(folder)
    if verify is not None:
        verify(str(folder))
    try:
        previous = current_version_id(base) or "bundled"
    except StoreError:  # switching away from a bad pointer is how it gets repaired
        previous = "invalid"
    _set_current(base, vid)
    log_event(base, {"action": action, "version": vid, "previous": previous, "by": user})
    return read_manifest(str(versions_root(base) / vid))


def load_check(folder: str) -> None:
    """Raise unless the dashboard can open `folder` (every table read and validated)."""
    from kcdash.db import Database  # imported here: kcdash.db imports this module

    Database(folder).close()


def rollback(
    base: str, vid: str, *, user: str = "", timeout: float = 60.0, verify: Callable[[str], None] | None = load_check
) -> dict:
    """Point the store back at an earlier version (checked and loaded first); versions are kept."""
    if not version_ids(base) or str(vid).strip() not in version_ids(base):
        raise UnknownVersion(str(vid))
    with locked(base, timeout):
        return activate(base, vid, user=user, action="rollback", verify=verify)


def history(base: str) -> list[dict]:
    path = versions_root(base) / HISTORY
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
