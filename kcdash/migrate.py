"""Move a data folder's versions (``versions/<id>/``, the folder store's layout) into its lake.

    python -m kcdash.migrate --data-dir /srv/kc        (make migrate DATA_DIR=/srv/kc)

Each version becomes one snapshot, oldest first, with its own date (``created_at``), author
(``created_by``), action, labels and source file; the version that ``versions/CURRENT`` named is
the newest snapshot at the end (a rollback snapshot is added when it was not the last one).
Every version's files are checked against its manifest's checksums before anything is written.

The lake is built aside (``<base>/.staging-migrate-…/lake``) and renamed into place only when
every version is in it: a failure changes nothing. A folder that already has a lake is refused,
so the command cannot run twice; ``versions/`` itself is left as it was.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from kcdash import lake, store
from kcdash.db import PREPARED, RULES_KEY, prepare, prepared_record, rules_fingerprint

VERSIONS = "versions"
CURRENT = "CURRENT"
_VERSION_ID = re.compile(r"[0-9]{1,12}")
_DROPPED_KEYS = ("sha256", PREPARED, "id")  # the folder store's own bookkeeping, not what the version is


class MigrationError(Exception):
    """The data folder cannot be migrated as it is; nothing was changed."""


def version_folders(base: Path) -> list[Path]:
    """The complete versions of the folder store, oldest first (a folder with a manifest)."""
    root = base / VERSIONS
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if _VERSION_ID.fullmatch(p.name) and p.is_dir() and not p.is_symlink()]
    return sorted((p for p in found if (p / store.MANIFEST).is_file()), key=lambda p: int(p.name))


def _checked_manifest(folder: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((folder / store.MANIFEST).read_text(encoding="utf-8"))
    sums = manifest.get("sha256")
    if not isinstance(sums, dict) or not sums:
        raise MigrationError(f"version {folder.name}: its manifest lists no checksums")
    for name, expected in sorted(sums.items()):
        path = folder / str(name)
        if Path(str(name)).name != name or not path.is_file() or path.is_symlink():
            raise MigrationError(f"version {folder.name}: {name} is missing or not a plain file")
        if store.sha256_file(path) != str(expected):
            raise MigrationError(f"version {folder.name}: {name} does not match its checksum")
    return manifest


def _tables(folder: Path, scratch: Path) -> dict[str, str]:
    """Lake table -> Parquet file for one version, its activity cube prepared where it has none."""
    if prepared_record(str(folder)) is None:  # written before cubes, or by other rules: prepare a copy
        copy = scratch / folder.name
        shutil.copytree(folder, copy)
        prepare(str(copy))
        folder = copy
    return store.lake_tables(folder)


def migrate(base: str) -> list[int]:
    """Every version of `base`'s folder store as a snapshot of its new lake; returns the snapshot ids."""
    root = Path(base)
    if os.environ.get(lake.CATALOG_ENV) or os.environ.get(lake.DATA_PATH_ENV):
        raise MigrationError("migrate into the local lake first; a shared catalog is filled by its own commits")
    if store.has_lake(base):
        raise MigrationError(f"{root / lake.LAKE_DIR} already exists: this folder was migrated already")
    folders = version_folders(root)
    if not folders:
        raise MigrationError(f"{root / VERSIONS} holds no versions")
    current = _current(root)
    manifests = {f.name: _checked_manifest(f) for f in folders}  # everything checked before any write
    with store.locked(base), tempfile.TemporaryDirectory(prefix=store.STAGING_PREFIX + "migrate-", dir=base) as tmp:
        staged = lake.location(tmp)
        scratch = Path(tmp) / "prepared"
        scratch.mkdir()
        ids: list[int] = []
        by_version: dict[str, int] = {}
        for folder in folders:
            manifest = manifests[folder.name]
            info = {k: v for k, v in manifest.items() if k not in _DROPPED_KEYS}
            info["migrated_from"] = folder.name
            info[RULES_KEY] = rules_fingerprint()  # each version is prepared by these rules below
            info.setdefault("action", "import")
            author = str(manifest.get("created_by") or "")
            message = str(manifest.get("label_en") or info["action"])
            sid = lake.commit(staged, _tables(folder, scratch), author=author, message=message, info=info)
            by_version[folder.name] = sid
            ids.append(sid)
        if current is not None and current != folders[-1].name:
            ids.append(lake.rollback(staged, by_version[current], author="migrate", info={"migrated_from": CURRENT}))
        if store.has_lake(base):  # another migration finished meanwhile
            raise MigrationError(f"{root / lake.LAKE_DIR} appeared while migrating; nothing was changed")
        os.rename(Path(tmp) / lake.LAKE_DIR, root / lake.LAKE_DIR)
    return ids


def _current(root: Path) -> str | None:
    pointer = root / VERSIONS / CURRENT
    if not pointer.is_file() or pointer.is_symlink():
        return None
    vid = pointer.read_text(encoding="ascii", errors="replace").strip()
    if not _VERSION_ID.fullmatch(vid) or not (root / VERSIONS / vid / store.MANIFEST).is_file():
        raise MigrationError(f"{pointer} names {vid[:20]!r}, which is not a version here")
    return vid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kcdash.migrate", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", required=True, help="the data folder whose versions/ to migrate")
    args = parser.parse_args(argv)
    try:
        ids = migrate(args.data_dir)
    except (MigrationError, store.StoreBusy, lake.LakeError) as e:
        print(f"migration refused, nothing changed: {e}", file=sys.stderr)
        return 2
    for s in lake.snapshots(lake.location(args.data_dir)):
        if s.id in ids:
            print(
                f"{s.id:>4}  {s.created_at}  {s.info.get('action', ''):8}  {s.author}  {s.info.get('source_file', '')}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
