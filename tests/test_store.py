"""Data versions as lake snapshots: the first import, rollback as a new snapshot, the lock, and crashes midway."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from fixture_data import BAC_LIEU_2014, DIEN_BIEN, paused_import

from kcdash import data, importer, lake, store
from kcdash.data import Filters
from kcdash.db import Database, get_database

REPO = Path(__file__).resolve().parents[1]


def kpi_rows(base: Path) -> dict:
    """Headline numbers per province, as the overview page gets them (through the cache)."""
    df = data.kpis(Filters(year_from=2007, year_to=2014))
    return {  # the provinces with records (the other provinces of the 63 have none: NaN, never equal)
        r.province_code: (int(r.activity_count), r.trainees, r.budget_million_vnd)
        for r in df.itertuples()
        if r.activity_count
    }


@pytest.fixture
def base(bundled_copy, monkeypatch):
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    return bundled_copy


def test_first_import_snapshots_the_bundled_data_as_version_1(base):
    result = importer.commit(DIEN_BIEN.read_bytes(), "dien_bien.csv", base=str(base), user="lan")
    assert result.ok and result.version == "2"
    versions = store.list_versions(str(base))
    assert [(v["id"], v["action"], v["active"]) for v in versions] == [("1", "snapshot", False), ("2", "import", True)]
    v1, v2 = versions
    assert v1["parent"] == "bundled" and v1["source_file"] == "bundled data"
    bundled = json.loads((base / "manifest.json").read_text(encoding="utf-8"))
    assert v1["rows"]["activities"] == bundled["rows"]["activities"]
    assert v2["parent"] == "1" and v2["created_by"] == "lan" and v2["source_file"] == "dien_bien.csv"
    assert v2["source_sha256"] == hashlib.sha256(DIEN_BIEN.read_bytes()).hexdigest()
    assert v2["rows"]["activities"] == result.plan.total
    assert v2["created_at"].endswith("+00:00")
    tables = lake.files(store.lake_of(str(base)), 2)
    assert sorted(tables) == sorted([*importer.TABLES, lake.CUBE_TABLE])  # the cube: prepared when written
    assert store.current_version_id(str(base)) == "2"
    assert [e["action"] for e in store.history(str(base))] == ["snapshot", "import"]
    # the bundled files themselves are untouched
    assert json.loads((base / "manifest.json").read_text(encoding="utf-8")) == bundled


def test_version_parquet_is_typed_by_the_contract(base):
    importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(base))
    import pyarrow.parquet as pq

    files = lake.files(store.lake_of(str(base)), 2)
    for name, table in importer.TABLES.items():
        if not files[name]:  # no rows: no file
            continue
        schema = pq.read_schema(files[name][0])
        assert schema.names == list(table.column_names)
        assert [f.type for f in schema] == [importer.arrow_type(c.sql_type) for c in table.columns], name


def test_dashboard_picks_up_the_new_version_and_rollback_brings_back_the_numbers(base):
    before = kpi_rows(base)
    db_before = get_database(str(base))
    result = importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(base), user="lan")
    assert result.ok
    after = kpi_rows(base)  # no clear_cache(): the cache key holds the version token
    assert get_database(str(base)) is not db_before
    assert get_database(str(base)).version["id"] == "2"
    assert after["95"] == before["95"]  # Bạc Liêu is not in the file
    assert after["11"] != before["11"]
    records = Database(str(base))
    n_2012_2013 = records._con.execute(
        "select count(*) from activities where province_code = '11' and year in (2012, 2013)"
    ).fetchone()[0]
    records.close()
    assert n_2012_2013 == 8

    store.rollback(str(base), "1", user="lan")  # a new version with version 1's tables
    assert kpi_rows(base) == before
    assert get_database(str(base)).version["id"] == "3"
    assert get_database(str(base)).version["restores"] == 1
    store.rollback(str(base), "2", user="lan")  # and forward again
    assert kpi_rows(base) == after
    history = store.history(str(base))
    assert [e["action"] for e in history] == ["snapshot", "import", "rollback", "rollback"]
    assert [e.get("restores") for e in history] == [None, None, "1", "2"]
    assert Database(str(base), snapshot=2).version["source_file"] == "d.csv"  # every version can still be read


@pytest.mark.program
def test_rollback_from_the_command_line(base):
    importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(base))
    r = subprocess.run(
        [sys.executable, "-m", "kcdash.importer", "--rollback", "1", "--data-dir", str(base)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert r.returncode == 0 and r.stdout.strip() == "Đã quay lại phiên bản 1."
    assert store.current_version_id(str(base)) == "3"
    r = subprocess.run(
        [sys.executable, "-m", "kcdash.importer", "--rollback", "7", "--data-dir", str(base), "--lang", "en"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert r.returncode == 2 and r.stderr.strip() == "There is no version “7”."
    assert store.current_version_id(str(base)) == "3"


def test_rollback_to_unknown_version_changes_nothing(base):
    with pytest.raises(store.UnknownVersion):
        store.rollback(str(base), "1")
    assert not (base / "lake").exists()


def test_file_access_is_limited_to_the_lake_files(base):
    importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(base))
    db = Database(str(base))
    cur = db.cursor()
    try:
        assert db.folder == str(base / "lake" / "files") + "/"
        with pytest.raises(duckdb.PermissionException):  # the bundled folder beside it stays closed
            cur.execute("select count(*) from read_csv($p)", {"p": str(base / "provinces.csv")}).fetchall()
        with pytest.raises(duckdb.PermissionException):  # and so does the catalog
            cur.execute("select content from read_blob($p)", {"p": str(base / "lake" / "catalog.ducklake")}).fetchall()
    finally:
        cur.close()
        db.close()


def test_a_second_import_builds_on_the_first(base):
    assert importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(base)).ok
    result = importer.commit(BAC_LIEU_2014, "bl.csv", base=str(base))
    assert result.ok and result.version == "3"
    assert result.plan.replaced == 0 and result.plan.new == 2
    db = Database(str(base))
    ids = {r[0] for r in db._con.execute("select activity_id from activities").fetchall()}
    db.close()
    assert {"DB-2012-01", "BL-2014-01", "BL-2014-02"} <= ids


def test_re_importing_the_same_file_replaces_rather_than_duplicates(base):
    importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(base))
    again = importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(base))
    assert again.ok and (again.plan.replaced, again.plan.same_id, again.plan.new, again.plan.dropped) == (8, 8, 0, 0)
    first, second = store.list_versions(str(base))[1:]
    assert first["rows"] == second["rows"]


# ---- two at once --------------------------------------------------------------------------
def _assert_consistent_with_both(base: Path) -> None:
    vid = store.current_version_id(str(base))
    assert vid == "3"
    assert [v["id"] for v in store.list_versions(str(base))] == ["1", "2", "3"]
    assert {v["parent"] for v in store.list_versions(str(base))[1:]} == {"1", "2"}
    db = Database(str(base))  # loads and validates
    ids = {r[0] for r in db._con.execute("select activity_id from activities").fetchall()}
    db.close()
    assert {"DB-2012-01", "DB-2013-04", "BL-2014-01", "BL-2014-02"} <= ids
    assert not list(base.glob(store.STAGING_PREFIX + "*"))


def test_two_imports_at_once_threads(base):
    barrier = threading.Barrier(2)
    results = {}

    def run(name: str, content: bytes) -> None:
        barrier.wait()
        results[name] = importer.commit(content, name, base=str(base), user=name)

    threads = [
        threading.Thread(target=run, args=("d.csv", DIEN_BIEN.read_bytes())),
        threading.Thread(target=run, args=("bl.csv", BAC_LIEU_2014)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert all(r.ok for r in results.values()), {k: [p.message("en") for p in r.problems] for k, r in results.items()}
    assert {r.version for r in results.values()} == {"2", "3"}
    _assert_consistent_with_both(base)


@pytest.mark.program
def test_two_imports_at_once_processes(base, tmp_path):
    bl = tmp_path / "bl.csv"
    bl.write_bytes(BAC_LIEU_2014)
    env = {k: v for k, v in os.environ.items() if k != "DATA_DIR"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "kcdash.importer", str(f), "--data-dir", str(base), "--user", f.stem],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in (DIEN_BIEN, bl)
    ]
    outs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    _assert_consistent_with_both(base)


def test_busy_store_times_out_without_change(base):
    importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(base))
    before = store.current_version_id(str(base))
    with store.locked(str(base)):
        done = {}

        def other() -> None:
            try:
                importer.commit(BAC_LIEU_2014, "bl.csv", base=str(base), timeout=0.3)
            except store.StoreBusy:
                done["busy"] = True

        t = threading.Thread(target=other)
        t.start()
        t.join(60)
    assert done == {"busy": True}
    assert store.current_version_id(str(base)) == before
    assert [v["id"] for v in store.list_versions(str(base))] == ["1", "2"]


def test_store_changes_need_the_lock(base):
    with pytest.raises(RuntimeError):
        store.commit_version(str(base), lambda folder: {}, {"action": "test"})


# ---- a crash midway -------------------------------------------------------------------------
def _wait_for(predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.mark.program
def test_import_killed_midway_leaves_the_previous_version_active(base, tmp_path):
    importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(base))
    before = kpi_rows(base)
    token = store.state_token(str(base))
    proc = paused_import(base, tmp_path)  # sleeps with every table written, before the lake commits
    try:
        files_before = len(list((base / "lake" / "files").rglob("*.parquet")))
        _wait_for(lambda: len(list((base / "lake" / "files").rglob("*.parquet"))) > files_before)
        time.sleep(1.5)  # into the pause before the transaction commits
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    assert store.current_version_id(str(base)) == "2"
    assert store.state_token(str(base)) == token
    assert [v["id"] for v in store.list_versions(str(base))] == ["1", "2"]  # the half-written one is not a version
    assert kpi_rows(base) == before
    # the lock died with the process, and the next import tidies up and succeeds
    result = importer.commit(BAC_LIEU_2014, "bl.csv", base=str(base), timeout=5)
    assert result.ok and result.version == "3"
    assert not list(base.glob(store.STAGING_PREFIX + "*"))


def test_a_staging_folder_left_by_a_crash_is_no_version_and_is_tidied(base):
    importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(base))
    left = base / f"{store.STAGING_PREFIX}crashed"
    left.mkdir()
    (left / "manifest.json").write_text("{}", encoding="utf-8")
    assert store.current_version_id(str(base)) == "2"
    result = importer.commit(BAC_LIEU_2014, "bl.csv", base=str(base))
    assert result.version == "3" and not left.exists()


# ---- trust nothing on disk --------------------------------------------------------------------
def test_a_damaged_file_of_the_active_version_is_not_opened(base):
    importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(base))
    (path,) = lake.files(store.lake_of(str(base)), 2)["clusters"]
    with open(path, "ab") as f:
        f.write(b"\0")
    with pytest.raises(lake.DamagedFile, match=r"clusters/.*\.parquet is damaged"):  # the steward: which file
        Database(str(base))
    assert store.damaged(str(base)).startswith(path)  # the steward console names it
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()  # the viewer is told, no traceback
    assert [e.value for e in at.error] == ["Không đọc được thư mục dữ liệu. Hãy báo cho người quản lý dữ liệu."]
    assert not at.exception


def _flip_middle_bytes(path: str, n: int = 64) -> None:
    """`n` bytes in the middle of the file inverted: the same size, its content damaged."""
    data = bytearray(Path(path).read_bytes())
    mid = len(data) // 2
    data[mid : mid + n] = bytes(b ^ 0xFF for b in data[mid : mid + n])
    Path(path).write_bytes(bytes(data))


def test_a_file_with_damaged_bytes_is_a_message_for_viewers_and_named_for_the_steward(base, caplog):
    """The size is right, so the open cannot tell; the page that reads the damaged part can. The
    viewer sees the plain message (no traceback, in either language), the server log and the
    steward console name the file."""
    from streamlit.testing.v1 import AppTest

    from kcdash.i18n import t

    importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(base))
    (path,) = lake.files(store.lake_of(str(base)), 2)["activities"]
    size = os.path.getsize(path)
    _flip_middle_bytes(path)
    assert os.path.getsize(path) == size
    Database(str(base)).close()  # the open's size check passes: the damage is inside
    assert store.damaged(str(base)) == (
        f'{path} is damaged: Invalid Input Error: Failed to read file "{path}": Snappy decompression failure'
    )
    with caplog.at_level("ERROR", logger="kcdash.app"):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
        assert not at.exception and not at.error  # the overview reads only the prepared cube: shown
        at.switch_page("pages/data_sources.py").run()  # the records table reads the damaged part
    assert not at.exception
    assert [e.value for e in at.error] == [t("app.data_unreadable", "vi")]
    assert any(path in r.getMessage() + str(r.exc_info[1] if r.exc_info else "") for r in caplog.records)
    english = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    english.query_params["lang"] = "en"
    english.run()  # every later visit: refused at once, before any page draws
    assert not english.exception
    assert [e.value for e in english.error] == ["The data folder cannot be read. Please tell the data steward."]
    with pytest.raises(lake.DamagedFile, match="^" + path):  # the Database API: the file, first
        get_database(str(base)).query("option_provinces")


def test_a_part_that_reruns_on_its_own_and_finds_a_damaged_file_reruns_the_whole_app(monkeypatch):
    """A fragment's own rerun skips the entry script's handler: it reruns the app instead, whose
    open refuses the damaged version with the plain message (as above)."""
    from kcdash.ui import fragments

    asked: list[dict] = []
    monkeypatch.setattr(fragments.st, "rerun", lambda **kw: asked.append(kw))

    def draw_a_map() -> None:
        raise lake.DamagedFile("/lake/files/main/activities/x.parquet is damaged: Snappy decompression failure")

    fragments.refuse_damaged(draw_a_map)()
    assert asked == [{"scope": "app"}]
