"""The lake `make run` makes from a data folder's own files (kcdash.first_snapshot): made once,
kept while the files are the same, made again when they change and nothing else was committed,
left alone once a steward has committed, made once when two starts race."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kcdash import first_snapshot, lake, store
from kcdash.db import Database

REPO = Path(__file__).resolve().parents[1]


def _overview(base: str, use_lake: bool) -> pd.DataFrame:
    db = Database(base, use_lake=use_lake)
    try:
        return db.query("option_provinces")
    finally:
        db.close()


def test_made_once_from_the_bundled_files_and_reads_as_they_do(bundled_copy: Path) -> None:
    base = str(bundled_copy)
    made = first_snapshot.ensure(base)
    assert made.action == "made" and made.snapshot == 1
    (snap,) = lake.snapshots(lake.location(base))
    assert snap.author == first_snapshot.AUTHOR and snap.message == first_snapshot.LABEL_EN
    assert snap.info["action"] == "snapshot" and snap.info["rows"]["activities"] == 339
    assert snap.info[first_snapshot.FINGERPRINT_KEY] == first_snapshot.fingerprint(base)
    assert store.current_version_id(base) == "1"
    pd.testing.assert_frame_equal(_overview(base, True), _overview(base, False))
    again = first_snapshot.ensure(base)
    assert again.action == "current" and again.snapshot == 1
    assert len(lake.snapshots(lake.location(base))) == 1
    assert not list(bundled_copy.glob(store.STAGING_PREFIX + "*"))


def test_changed_files_make_it_again_unless_a_steward_committed(bundled_copy: Path) -> None:
    base = str(bundled_copy)
    first_snapshot.ensure(base)
    targets = bundled_copy / "targets.csv"
    targets.write_text(targets.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    rebuilt = first_snapshot.ensure(base)
    assert rebuilt.action == "rebuilt" and rebuilt.snapshot == 1
    (snap,) = lake.snapshots(lake.location(base))
    assert snap.info[first_snapshot.FINGERPRINT_KEY] == first_snapshot.fingerprint(base)

    with store.locked(base):
        lake.rollback(lake.location(base), 1, author="lan")
    targets.write_text(targets.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    kept = first_snapshot.ensure(base)
    assert kept.action == "kept" and kept.snapshot == 2
    assert "rollback by lan" in kept.message and "no longer what is shown" in kept.message
    assert [s.id for s in lake.snapshots(lake.location(base))] == [1, 2]


@pytest.mark.program
def test_two_starts_at_once_make_one_snapshot(bundled_copy: Path) -> None:
    command = [sys.executable, "-m", "kcdash.first_snapshot", "--data-dir", str(bundled_copy)]
    procs = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = sorted(p.communicate(timeout=120)[0] for p in procs)
    assert [p.returncode for p in procs] == [0, 0]
    assert "made from the folder's own files (snapshot 1" in "".join(outputs)
    assert "up to date" in "".join(outputs)
    assert len(lake.snapshots(lake.location(str(bundled_copy)))) == 1


def test_a_shared_catalog_is_left_alone(bundled_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv(lake.CATALOG_ENV, "postgres:dbname=kc host=127.0.0.1")
    assert first_snapshot.ensure(str(bundled_copy)).action == "skipped"
    assert not (bundled_copy / lake.LAKE_DIR).exists()
