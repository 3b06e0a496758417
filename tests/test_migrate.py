"""Migrating a data folder's versions/ (the folder store) into its lake: each version one snapshot
with its date and author, the active one newest, refused a second time, nothing changed on failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from kcdash import lake, migrate, store
from kcdash.db import Database, prepare

REPO = Path(__file__).resolve().parents[1]
VERSIONS = {  # id -> (date, author, the activities it keeps, prepared when written)
    "1": ("2026-09-01T08:00:00+00:00", "lan", "true", True),
    "2": ("2026-10-15T09:30:00+00:00", "minh", "year <> 2012", False),
    "3": ("2026-11-20T14:00:00+00:00", "hoa", "year <> 2012 and year <> 2010", True),
}


def _write_folder_store(base: Path, current: str) -> None:
    """Three versions as the folder store wrote them: Parquet per table, manifest with checksums, CURRENT."""
    db = Database(str(base), use_lake=False)
    cur = db.cursor()
    try:
        for vid, (created_at, author, keep, prepared) in VERSIONS.items():
            folder = base / "versions" / vid
            folder.mkdir(parents=True)
            rows = {}
            for name in ("provinces", "districts", "crafts", "activity_types", "activity_type_map", "funds",
                         "targets", "published_figures", "sources", "activities", "clusters"):  # fmt: skip
                where = f" where {keep}" if name == "activities" else ""
                tbl = cur.sql(f"select * from {name}{where}").to_arrow_table()  # noqa: S608 (fixed names)
                pq.write_table(tbl, folder / f"{name}.parquet")
                rows[name] = tbl.num_rows
            manifest = {
                "id": vid,
                "action": "snapshot" if vid == "1" else "import",
                "label_en": f"version {vid}",
                "created_at": created_at,
                "created_by": author,
                "source_file": f"file{vid}.csv",
                "rows": rows,
                "sha256": {p.name: store.sha256_file(p) for p in sorted(folder.glob("*.parquet"))},
            }
            (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
            if prepared:
                prepare(str(folder))
    finally:
        cur.close()
        db.close()
    (base / "versions" / "CURRENT").write_text(current + "\n", encoding="ascii")


def test_three_versions_become_three_snapshots_with_their_dates_and_authors(bundled_copy: Path) -> None:
    _write_folder_store(bundled_copy, current="3")
    ids = migrate.migrate(str(bundled_copy))
    assert ids == [1, 2, 3]
    found = lake.snapshots(store.lake_of(str(bundled_copy)))
    assert [(s.id, s.created_at, s.author, s.info["source_file"]) for s in found] == [
        (int(v), d, a, f"file{v}.csv") for v, (d, a, _k, _p) in VERSIONS.items()
    ]
    assert [v["active"] for v in store.list_versions(str(bundled_copy))] == [False, False, True]
    for vid, (_d, _a, _k, _p) in VERSIONS.items():
        rows = json.loads((bundled_copy / "versions" / vid / "manifest.json").read_text(encoding="utf-8"))["rows"]
        db = Database(str(bundled_copy), snapshot=int(vid))
        count = db._con.execute("select count(*) from activities").fetchone()
        db.close()
        assert count is not None and count[0] == rows["activities"]
    dated = lake.resolve(store.lake_of(str(bundled_copy)), on=__import__("datetime").date(2026, 10, 31))
    assert dated.id == 2  # as published on a date: the version of that day
    with pytest.raises(migrate.MigrationError, match="migrated already"):
        migrate.migrate(str(bundled_copy))


def test_a_rolled_back_folder_keeps_its_active_version_newest(bundled_copy: Path) -> None:
    _write_folder_store(bundled_copy, current="2")
    assert migrate.migrate(str(bundled_copy)) == [1, 2, 3, 4]
    newest = store.list_versions(str(bundled_copy))[-1]
    assert newest["action"] == "rollback" and newest["restores"] == 2 and newest["active"]


@pytest.mark.program
def test_a_damaged_version_changes_nothing(bundled_copy: Path) -> None:
    _write_folder_store(bundled_copy, current="3")
    damaged = bundled_copy / "versions" / "3" / "clusters.parquet"
    damaged.write_bytes(damaged.read_bytes() + b"\0")
    r = subprocess.run(
        [sys.executable, "-m", "kcdash.migrate", "--data-dir", str(bundled_copy), "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip() == (
        "Migration refused, nothing was changed: version 3: clusters.parquet does not match its checksum"
    )
    assert not store.has_lake(str(bundled_copy))
    assert not list(bundled_copy.glob(store.STAGING_PREFIX + "*"))


REFUSALS = {  # what the steward reads, per language, for a folder that cannot be migrated
    "vi": {
        "no_versions": "Không chuyển dữ liệu, không có gì thay đổi: {base}/versions không có phiên bản nào",
        "done_already": "Không chuyển dữ liệu, không có gì thay đổi: {base}/lake đã có: thư mục này đã được chuyển rồi",
        "checksum": "Không chuyển dữ liệu, không có gì thay đổi: phiên bản 3: tệp clusters.parquet không khớp mã kiểm tra",
        "shared": "Không chuyển dữ liệu, không có gì thay đổi: hãy chuyển vào kho dữ liệu trên máy này trước; "
        "danh mục dùng chung được ghi bằng các lần nhập của chính nó",
    },
    "en": {
        "no_versions": "Migration refused, nothing was changed: {base}/versions holds no versions",
        "done_already": "Migration refused, nothing was changed: {base}/lake already exists: this folder was migrated already",
        "checksum": "Migration refused, nothing was changed: version 3: clusters.parquet does not match its checksum",
        "shared": "Migration refused, nothing was changed: migrate into the local lake first; "
        "a shared catalog is filled by its own commits",
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_refusal_is_one_sentence_in_the_language_asked(
    bundled_copy: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    expected = {k: v.format(base=bundled_copy) for k, v in REFUSALS[lang].items()}

    def refusal() -> str:
        assert migrate.main(["--data-dir", str(bundled_copy), "--lang", lang]) == 2
        out, err = capsys.readouterr()
        assert out == "" and "Traceback" not in err
        return err.strip()

    assert refusal() == expected["no_versions"]
    _write_folder_store(bundled_copy, current="3")
    monkeypatch.setenv(lake.CATALOG_ENV, "postgres:dbname=kc")
    assert refusal() == expected["shared"]
    monkeypatch.delenv(lake.CATALOG_ENV)
    clusters = bundled_copy / "versions" / "3" / "clusters.parquet"
    whole = clusters.read_bytes()
    clusters.write_bytes(whole + b"\0")
    assert refusal() == expected["checksum"]
    clusters.write_bytes(whole)
    assert migrate.main(["--data-dir", str(bundled_copy), "--lang", lang]) == 0
    done = capsys.readouterr().out.splitlines()
    header = {"vi": "Đã ghi 3 phiên bản vào kho dữ liệu {}:", "en": "3 snapshot(s) written to the lake {}:"}[lang]
    assert done[0] == header.format(bundled_copy / "lake") and len(done) == 4
    assert refusal() == expected["done_already"]
