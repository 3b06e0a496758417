"""Move a data folder's versions (``versions/<id>/``, the folder store's layout) into its lake.

    python -m kcdash.migrate --data-dir /srv/kc        (make migrate DATA_DIR=/srv/kc)

Each version becomes one snapshot, oldest first, with its own date (``created_at``), author
(``created_by``), action, labels and source file; the version that ``versions/CURRENT`` named is
the newest snapshot at the end (a rollback snapshot is added when it was not the last one).
Every version's files are checked against its manifest's checksums before anything is written.

The lake is built aside (``<base>/.staging-migrate-…/lake``) and renamed into place only when
every version is in it: a failure changes nothing. A folder that already has a lake is refused,
so the command cannot run twice; ``versions/`` itself is left as it was. Every message is in the
language asked for (``--lang vi|en``, ``REPORT_LANG`` through make), never a traceback.
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
from kcdash.i18n import t

VERSIONS = "versions"
CURRENT = "CURRENT"
_VERSION_ID = re.compile(r"[0-9]{1,12}")
_DROPPED_KEYS = ("sha256", PREPARED, "id")  # the folder store's own bookkeeping, not what the version is


class MigrationError(Exception):
    """The data folder cannot be migrated as it is; nothing was changed. `key` names the message
    (``mig.*`` in kcdash/locales), `params` its values."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(t(key, "en", **params))
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


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
        raise MigrationError("mig.no_checksums", version=folder.name)
    for name, expected in sorted(sums.items()):
        path = folder / str(name)
        if Path(str(name)).name != name or not path.is_file() or path.is_symlink():
            raise MigrationError("mig.file_missing", version=folder.name, name=name)
        if store.sha256_file(path) != str(expected):
            raise MigrationError("mig.checksum", version=folder.name, name=name)
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
        raise MigrationError("mig.shared_catalog")
    if store.has_lake(base):
        raise MigrationError("mig.done_already", path=str(root / lake.LAKE_DIR))
    folders = version_folders(root)
    if not folders:
        raise MigrationError("mig.no_versions", path=str(root / VERSIONS))
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
            raise MigrationError("mig.appeared", path=str(root / lake.LAKE_DIR))
        os.rename(Path(tmp) / lake.LAKE_DIR, root / lake.LAKE_DIR)
    return ids


def _current(root: Path) -> str | None:
    pointer = root / VERSIONS / CURRENT
    if not pointer.is_file() or pointer.is_symlink():
        return None
    vid = pointer.read_text(encoding="ascii", errors="replace").strip()
    if not _VERSION_ID.fullmatch(vid) or not (root / VERSIONS / vid / store.MANIFEST).is_file():
        raise MigrationError("mig.bad_current", path=str(pointer), version=repr(vid[:20]))
    return vid


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kcdash.migrate", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data-dir", required=True, help="the data folder whose versions/ to migrate")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi", help="the language of every message")
    args = parser.parse_args(argv)
    lang = args.lang
    try:
        ids = migrate(args.data_dir)
    except MigrationError as e:
        return _refused(e.message(lang), lang)
    except store.StoreBusy:
        return _refused(t("mig.busy", lang), lang)
    except lake.LakeError as e:
        return _refused(t("mig.lake_error", lang, detail=str(e)), lang)
    except OSError as e:
        return _refused(t("mig.os_error", lang, path=e.filename or args.data_dir, error=e.strerror or str(e)), lang)
    print(t("mig.done", lang, n=len(ids), path=str(Path(args.data_dir) / lake.LAKE_DIR)))
    for s in lake.snapshots(lake.location(args.data_dir)):
        if s.id in ids:
            print(
                f"{s.id:>4}  {s.created_at}  {s.info.get('action', ''):8}  {s.author}  {s.info.get('source_file', '')}"
            )
    return 0


def _refused(reason: str, lang: str) -> int:
    print(t("mig.refused", lang, reason=reason), file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
