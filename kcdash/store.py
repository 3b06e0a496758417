"""Where the active data lives: the bundled folder, or a version in its versioned store.

Layout of a data folder (``DATA_DIR``, default ``data/``)::

    data/                     bundled data: reference CSVs, records as CSV and Parquet
    data/manifest.json        version id, date and checksums of the bundled data
    data/versions/CURRENT     id of the active imported version (absent: bundled data is active)
    data/versions/<id>/       one imported version: every table as Parquet + manifest.json

Only this module decides which folder is active; `kcdash.db` reads whatever it names.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

VERSIONS = "versions"
CURRENT = "CURRENT"
MANIFEST = "manifest.json"


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
        vid = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return vid or None


def active_dir(base: str) -> str:
    vid = current_version_id(base)
    if vid is None:
        return base
    return str(versions_root(base) / vid)


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
