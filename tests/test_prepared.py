"""The prepared activity cube: written with a version, loaded at open when its manifest entry
matches the files, else built as before (kcdash.db.prepare, prepared_record)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from kcdash import db as db_mod
from kcdash import lake, store
from kcdash.data import Filters
from kcdash.db import CUBE_FILE, Database, load_sql, prepare, prepared_record, query_names
from kcdash.schema import TABLES
from kcdash.validate import DataValidationError

ALL = Filters(provinces=(), year_from=2000, year_to=2030)
EXTRA = {"limit": 50, "offset": 0, "as_of_year": 2013, "stage": "established"}


def cube_results(db: Database) -> dict[str, pd.DataFrame]:
    """Every query that reads the activity cube (or its rollup), over everything."""
    params = {**ALL.params(), **EXTRA}
    reads_cube = ("activity_cube", "activity_totals", "budget_sums(", "trained_sums(")  # the macros that read it too
    names = [n for n in query_names() if any(word in load_sql(n) for word in reads_cube)]
    assert "kpis_by_province" in names and "budget_by_fund" in names
    return {name: db.query(name, **params) for name in names}


def cube(db: Database) -> pd.DataFrame:
    cur = db.cursor()
    try:
        return cur.execute("select * from activity_cube").df()
    finally:
        cur.close()


def test_prepared_cube_gives_the_same_answers_as_the_cube_built_at_open(bundled_copy: Path):
    (bundled_copy / CUBE_FILE).unlink(missing_ok=True)
    built = Database(str(bundled_copy))
    record = prepare(str(bundled_copy))
    loaded = Database(str(bundled_copy))
    try:
        assert built.prepared is None and loaded.prepared == record
        assert record["validated"] == ["activities"]
        pd.testing.assert_frame_equal(cube(built), cube(loaded))
        assert record["cube_rows"] == len(cube(loaded))
        a, b = cube_results(built), cube_results(loaded)
        for name in a:
            pd.testing.assert_frame_equal(a[name], b[name], obj=name)
        kpis = b["kpis_by_province"]  # Điện Biên + Bạc Liêu, from the published-figure reconciliation
        assert kpis["budget_million_vnd"].sum() == pytest.approx(8711.3 + 8103.2)
    finally:
        built.close()
        loaded.close()


def test_a_replaced_activities_file_is_validated_again_and_its_error_reported(bundled_copy: Path):
    prepare(str(bundled_copy))
    acts = bundled_copy / "activities.parquet"
    df = pd.read_parquet(acts)
    df.loc[3, "trainees"] = -7  # the fourth record (Parquet rows are numbered from 1)
    df["trainees"] = df["trainees"].astype("Int32")  # as written: an integer column
    df.to_parquet(acts, index=False)
    assert prepared_record(str(bundled_copy)) is None  # checksum no longer matches
    with pytest.raises(DataValidationError) as err:
        Database(str(bundled_copy))
    found = [(p.row, p.column, p.value) for p in err.value.problems]
    assert (4, "trainees", "-7") in found


def test_a_cube_file_changed_by_hand_is_not_trusted(bundled_copy: Path):
    prepare(str(bundled_copy))
    path = bundled_copy / CUBE_FILE
    tampered = pd.read_parquet(path)
    tampered["trainees"] = tampered["trainees"] * 2  # the open must not serve these
    tampered.to_parquet(path, index=False)
    db = Database(str(bundled_copy))
    try:
        assert db.prepared is None
        kpis = db.query("kpis_by_province", **ALL.params()).set_index("province_code")
        records = pd.read_parquet(bundled_copy / "activities.parquet")
        expected = records.loc[records["province_code"] == "11", "trainees"].sum()
        assert int(kpis.loc["11", "trainees"]) == int(expected) == 4026  # Điện Biên, every year
    finally:
        db.close()


def test_changed_rules_fall_back_to_validating(bundled_copy: Path, monkeypatch: pytest.MonkeyPatch):
    prepare(str(bundled_copy))
    assert prepared_record(str(bundled_copy)) is not None
    monkeypatch.setattr(db_mod, "rules_fingerprint", lambda: "other-rules")
    assert prepared_record(str(bundled_copy)) is None


def test_an_old_folder_without_a_prepared_entry_opens_as_before(bundled_copy: Path):
    manifest_path = bundled_copy / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest.pop("prepared", None)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    db = Database(str(bundled_copy))
    try:
        assert db.prepared is None
        assert int(db.query("kpis_by_province", **ALL.params())["activity_count"].sum()) == 339
    finally:
        db.close()


def test_the_bundled_data_is_prepared():
    # regression: `make data` must leave data/ opening without rebuilding the cube
    record = prepared_record(str(db_mod.REPO / "data"))
    assert record is not None, "data/ is not prepared for these rules: run `make data`"
    assert record["cube_rows"] > 0


def test_a_written_version_carries_its_prepared_cube(bundled_copy: Path):
    (bundled_copy / CUBE_FILE).unlink(missing_ok=True)
    base = str(bundled_copy)
    src = Database(base)
    cur = src.cursor()

    def write_tables(folder: Path) -> dict[str, int]:
        """Every table of the open data as Parquet, as an import writes a version."""
        rows = {}
        for name in TABLES:
            rel = cur.table(name)
            rel.write_parquet(str(folder / f"{name}.parquet"))
            rows[name] = len(rel)
        return rows

    try:
        with store.locked(base):
            vid = store.commit_version(base, write_tables, {"action": "test"})
    finally:
        cur.close()
        src.close()
    files = lake.files(store.lake_of(base), int(vid))
    assert files[lake.CUBE_TABLE], "the prepared cube is a lake table of the version"
    db = Database(base)
    try:
        assert db.prepared is not None and db.prepared["lake_snapshot"] == int(vid)
        assert int(db.query("kpis_by_province", **ALL.params())["activity_count"].sum()) == 339
    finally:
        db.close()
