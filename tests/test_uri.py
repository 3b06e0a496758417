"""The data folder given as a URI DuckDB reads (DATA_DIR=file:///srv/kc/v12, s3://bucket/kc/v12):
the same Parquet versions can then serve several replicas. Tested with local file:// URIs;
object storage goes through the same code with DuckDB's httpfs extension."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from kcdash import db as db_mod
from kcdash import lake
from kcdash.data import Filters
from kcdash.db import Database
from kcdash.validate import DataValidationError

ALL = Filters(provinces=(), year_from=2000, year_to=2030)
QUESTIONS = {
    "kpis_by_province": ALL.params(),
    "budget_by_fund": ALL.params(),
    "trainees_by_district_and_craft": ALL.params(),
    "activity_records": {**ALL.params(), "limit": 50, "offset": 0, "sort": "year", "search": ""},
    "reconciliation": {"provinces": []},
}


@pytest.fixture
def version_dir(bundled_copy: Path) -> Path:
    """The bundled data as one immutable version folder, with a file beside it that is not data."""
    (bundled_copy.parent / "secret.csv").write_text("password\nhunter2\n", encoding="utf-8")
    return bundled_copy


def test_file_uri_gives_the_same_answers_as_the_plain_path(version_dir: Path):
    plain, uri = Database(str(version_dir)), Database(version_dir.as_uri())
    try:
        assert uri.files["activities"] == (f"{version_dir.as_uri()}/activities.parquet", "parquet")
        assert uri.version["rows"]["activities"] == 339  # the manifest is read through the URI
        for name, params in QUESTIONS.items():
            a, b = plain.query(name, **params), uri.query(name, **params)
            assert len(a) > 0, name
            assert a.equals(b), name
        kpis = uri.query("kpis_by_province", **ALL.params())
        assert kpis["budget_million_vnd"].sum() == pytest.approx(8711.3 + 8103.2)
    finally:
        plain.close()
        uri.close()


def test_a_uri_folder_with_csv_only_is_read_as_csv(version_dir: Path):
    for parquet in version_dir.glob("*.parquet"):
        parquet.unlink()
    db = Database(version_dir.as_uri())
    try:
        assert db.files["activities"] == (f"{version_dir.as_uri()}/activities.csv", "csv")
        kpis = db.query("kpis_by_province", **ALL.params())
        assert int(kpis["activity_count"].sum()) == 339
    finally:
        db.close()


def test_uri_trailing_slash_is_the_same_folder(version_dir: Path):
    db = Database(version_dir.as_uri() + "/")
    try:
        assert db.files["clusters"][0] == f"{version_dir.as_uri()}/clusters.parquet"
    finally:
        db.close()


def test_file_access_is_limited_to_the_uri_prefix(version_dir: Path):
    db = Database(version_dir.as_uri())
    try:
        cur = db._con.cursor()
        inside = cur.execute("select count(*) from read_csv($p)", {"p": f"{version_dir.as_uri()}/funds.csv"})
        assert inside.fetchone()[0] == 3
        for outside in (
            (version_dir.parent / "secret.csv").as_uri(),  # a sibling of the version folder
            str(version_dir.parent / "secret.csv"),
            "/etc/passwd",
        ):
            with pytest.raises(duckdb.PermissionException):
                cur.execute("select * from read_csv($p)", {"p": outside}).fetchall()
        with pytest.raises(duckdb.Error):  # and the limit cannot be lifted
            cur.execute("set enable_external_access = true")
    finally:
        db.close()


def test_a_missing_uri_folder_says_which_files_are_missing():
    with pytest.raises(DataValidationError) as err:
        Database("file:///nonexistent/kc/v1")
    messages = [p.message("vi") for p in err.value.problems]
    assert any("activities" in m for m in messages)
    assert all("không tìm thấy" in m for m in messages)


def test_object_storage_without_its_extension_names_the_extension(monkeypatch, tmp_path: Path):
    """No download at run time: the extension (or s3fs) must be installed beforehand, and the
    message says how."""

    def not_installed(name: str) -> str:
        raise lake.LakeError(f"DuckDB's {name} extension is not installed")

    monkeypatch.setattr(lake, "extension_path", not_installed)
    monkeypatch.setattr(db_mod, "_fsspec_filesystem", lambda scheme: None)  # nor s3fs
    with pytest.raises(
        RuntimeError,
        match=r"s3:// needs DuckDB's httpfs extension \(the duckdb-extension-httpfs package\) or an fsspec",
    ):
        Database("s3://ministry-kc/versions/12")


def test_get_database_follows_a_data_dir_uri(monkeypatch, version_dir: Path):
    monkeypatch.setenv("DATA_DIR", version_dir.as_uri())
    db = db_mod.get_database()
    assert db.folder == version_dir.as_uri()
    assert db.query("option_years")["year_min"].iloc[0] == 2007
