"""The lake API (kcdash.lake): commits as snapshots with who/what/why, reading a snapshot's files,
rollback as a new snapshot, the changes between two snapshots, and extensions from the wheels."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from kcdash import lake
from kcdash.db import Database

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bundled_tables(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every table of the bundled data as a Parquet file, plus activities without 2010 and the
    published figures with one removed and the others doubled (a second version to compare)."""
    out = tmp_path_factory.mktemp("parquet")
    db = Database(str(REPO / "data"))
    cur = db.cursor()
    try:
        files = {}
        for name, sql in {
            "provinces": "select * from provinces",
            "activities": "select * from activities",
            "published_figures": "select * from published_figures",
            "activities_2": "select * from activities where year <> 2010",
            "published_figures_2": "select * replace (value * 2 as value) from published_figures "
            "where figure_id <> 'bl_budget_kcdp_2008_2013'",
        }.items():
            files[name] = out / f"{name}.parquet"
            pq.write_table(cur.sql(sql).to_arrow_table(), files[name])
    finally:
        cur.close()
        db.close()
    return files


def _two_snapshots(base: Path, files: dict[str, Path]) -> tuple[lake.Location, int, int]:
    loc = lake.location(str(base))
    first = lake.commit(
        loc,
        {n: str(files[n]) for n in ("provinces", "activities", "published_figures")},
        author="lan",
        message="bundled data",
        info={"action": "snapshot", "created_by": "lan"},
    )
    second = lake.commit(
        loc,
        {"activities": str(files["activities_2"]), "published_figures": str(files["published_figures_2"])},
        author="minh",
        message="import dien_bien.csv",
        info={"action": "import", "created_by": "minh", "source_file": "dien_bien.csv", "why": "2010 withdrawn"},
    )
    return loc, first, second


def test_default_location_is_inside_the_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(lake.CATALOG_ENV, raising=False)
    monkeypatch.delenv(lake.DATA_PATH_ENV, raising=False)
    loc = lake.location(str(tmp_path))
    assert loc.catalog == str(tmp_path / "lake" / "catalog.ducklake")
    assert loc.data_path == str(tmp_path / "lake" / "files") + "/"
    assert not lake.exists(loc) and lake.snapshots(loc) == []


def test_a_postgres_catalog_never_shows_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(lake.CATALOG_ENV, "postgres:dbname=kc host=db password=s3cret user=kc")
    monkeypatch.setenv(lake.DATA_PATH_ENV, "s3://bucket/kc")
    loc = lake.location("/unused")
    assert loc.catalog_file is None and loc.is_remote_data and loc.data_path == "s3://bucket/kc/"
    assert "s3cret" not in loc.describe() and "dbname=kc" in loc.describe()


def test_commits_are_snapshots_with_who_what_and_why(tmp_path: Path, bundled_tables: dict[str, Path]) -> None:
    loc, first, second = _two_snapshots(tmp_path, bundled_tables)
    assert (first, second) == (1, 2)
    found = lake.snapshots(loc)
    assert [(s.id, s.author, s.message) for s in found] == [
        (1, "lan", "bundled data"),
        (2, "minh", "import dien_bien.csv"),
    ]
    assert found[1].info["source_file"] == "dien_bien.csv" and found[1].info["why"] == "2010 withdrawn"
    assert found[1].as_version()["id"] == "2" and found[1].as_version()["created_by"] == "minh"
    assert lake.latest(loc) == found[1]
    assert lake.resolve(loc, number=1) == found[0]
    assert lake.resolve(loc, on=dt.datetime.now(dt.UTC).date()) == found[1]
    with pytest.raises(lake.UnknownSnapshot):
        lake.resolve(loc, on=dt.date(2000, 1, 1))
    with pytest.raises(lake.UnknownSnapshot):
        lake.resolve(loc, number=9)


def test_each_snapshot_reads_its_own_files(tmp_path: Path, bundled_tables: dict[str, Path]) -> None:
    loc, first, second = _two_snapshots(tmp_path, bundled_tables)
    old, new = lake.files(loc, first), lake.files(loc, second)
    assert set(old) == set(new) == {"provinces", "activities", "published_figures"}
    assert old["provinces"] == new["provinces"]  # a table the commit did not name keeps its files
    assert old["activities"] != new["activities"]
    assert all(p.startswith(loc.data_path) and os.path.isfile(p) for ps in new.values() for p in ps)
    con = duckdb.connect()
    count = con.execute("select count(*) from read_parquet($f)", {"f": old["activities"]}).fetchone()
    assert count is not None and count[0] == pq.read_metadata(bundled_tables["activities"]).num_rows


def test_a_rollback_is_a_new_snapshot_and_history_stays(tmp_path: Path, bundled_tables: dict[str, Path]) -> None:
    loc, first, _second = _two_snapshots(tmp_path, bundled_tables)
    third = lake.rollback(loc, first, author="lan")
    assert third == 3
    assert [s.id for s in lake.snapshots(loc)] == [1, 2, 3]
    last = lake.snapshots(loc)[-1]
    assert last.info["action"] == "rollback" and last.info["restores"] == 1 and last.author == "lan"
    back = lake.changes(loc, first, third)
    assert back.tables[["added", "removed"]].to_numpy().sum() == 0


def test_changes_between_two_snapshots(tmp_path: Path, bundled_tables: dict[str, Path]) -> None:
    loc, first, second = _two_snapshots(tmp_path, bundled_tables)
    ch = lake.changes(loc, first, second)
    tables = ch.tables.set_index("table")
    assert tables.loc["provinces", "added"] == tables.loc["provinces", "removed"] == 0
    assert tables.loc["activities", "added"] == 0 and tables.loc["activities", "removed"] > 0
    figures = ch.figures.set_index("figure_id")
    assert figures.loc["bl_budget_kcdp_2008_2013", "change"] == "removed"
    changed = figures.loc["bl_budget_kcqg_2008_2013"]
    assert changed["change"] == "changed" and changed["value_after"] == 2 * changed["value_before"]
    assert set(ch.records["year"]) == {2010} and (ch.records["added"] == 0).all()
    assert ch.records["removed"].sum() == tables.loc["activities", "removed"]
    sums = ch.sums.set_index("province_code")
    assert (sums["records_before"] - sums["records_after"]).sum() == tables.loc["activities", "removed"]


def test_a_commit_is_all_or_nothing(tmp_path: Path, bundled_tables: dict[str, Path]) -> None:
    loc, _first, second = _two_snapshots(tmp_path, bundled_tables)
    with pytest.raises(duckdb.Error):
        lake.commit(
            loc,
            {"activities": str(bundled_tables["activities"]), "provinces": str(tmp_path / "missing.parquet")},
            author="x",
            message="broken",
            info={"action": "import"},
        )
    assert lake.latest(loc) is not None and lake.latest(loc).id == second  # type: ignore[union-attr]
    with pytest.raises(lake.LakeError, match="not tables of the data contract"):
        lake.commit(loc, {"secrets": str(bundled_tables["activities"])}, author="x", message="", info={})


def test_extensions_load_from_the_installed_wheels_only() -> None:
    for name in ("ducklake", "httpfs", "postgres_scanner"):
        path = lake.extension_path(name)
        assert "site-packages" in path and path.endswith(f"{name}.duckdb_extension")
    con = duckdb.connect(":memory:", config=lake.closed_config())
    lake.load_extension(con, "ducklake")
    settings = dict(
        con.execute(
            "select name, value from duckdb_settings() "
            "where name in ('autoinstall_known_extensions', 'autoload_known_extensions')"
        ).fetchall()
    )
    assert settings == {"autoinstall_known_extensions": "false", "autoload_known_extensions": "false"}


def test_a_version_committed_under_other_rules_is_checked_again(bundled_copy: Path) -> None:
    from kcdash import importer, store

    base = str(bundled_copy)
    with store.locked(base):
        importer.seed(base, user="lan")
    trusted = Database(base)
    assert trusted.lake_trusted and trusted.prepared is not None
    cube = trusted.query("option_years")
    trusted.close()
    loc = store.lake_of(base)
    files = lake.files(loc, 1)
    lake.commit(  # the same tables, as if committed by an older release's rules
        loc,
        {name: paths[0] for name, paths in files.items() if paths},
        author="lan",
        message="older rules",
        info={"action": "import", "rules": "older"},
    )
    again = Database(base)
    try:
        assert not again.lake_trusted and again.prepared is None  # validated, cube built at open
        assert again.query("option_years").equals(cube)
    finally:
        again.close()
