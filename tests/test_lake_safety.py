"""What a steward meets when commits go wrong: files a killed commit left behind (seen and removed
from the console, never a file a version references) and a commit that another steward's commit
on the same catalog beat (a sentence in their language, nothing changed)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from fixture_data import BAC_LIEU_2014, DIEN_BIEN, paused_import
from streamlit.testing.v1 import AppTest

from kcdash import auth, importer, lake, lake_orphans, store
from kcdash.db import Database
from kcdash.i18n import t
from kcdash.importer import cli

REPO = Path(__file__).resolve().parents[1]
CONSOLE = str(REPO / "pages" / "import_data.py")
TWO_HOURS_AGO = time.time() - 7200


@pytest.fixture
def base(bundled_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The bundled data with one import: snapshots 1 (bundled) and 2."""
    monkeypatch.setenv("DATA_DIR", str(bundled_copy))
    assert importer.commit(DIEN_BIEN.read_bytes(), "d.csv", base=str(bundled_copy), user="lan").version == "2"
    return bundled_copy


def _lake_files(base: Path) -> set[Path]:
    return set((base / "lake" / "files").rglob("*.parquet"))


def _referenced(base: Path) -> set[Path]:
    loc = store.lake_of(str(base))
    return {Path(p) for s in lake.snapshots(loc) for paths in lake.files(loc, s.id).values() for p in paths}


def _kill_a_commit_midway(base: Path, tmp_path: Path) -> set[Path]:
    """A console killed with every table written, before the lake commits: the files it wrote."""
    before = _lake_files(base)
    # a file per table with rows, counted now: the commit will hold the catalog
    tables = sum(1 for paths in lake.files(store.lake_of(str(base)), 2).values() if paths)
    proc = paused_import(base, tmp_path)
    try:
        deadline = time.monotonic() + 120
        while len(_lake_files(base) - before) < tables:
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.1)
        time.sleep(1)  # every table written: into the pause before the commit
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(30)
    return _lake_files(base) - before


def console(lang: str = "vi") -> AppTest:
    at = AppTest.from_file(CONSOLE, default_timeout=60)
    at.session_state[auth.SESSION_KEY] = "lan"
    at.session_state["lang"] = lang
    return at.run()


def _warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


# ---- files a killed commit left behind ----------------------------------------------------------
@pytest.mark.program
def test_files_a_killed_commit_left_are_shown_to_the_steward_and_removed_and_every_version_still_opens(
    base: Path, tmp_path: Path
) -> None:
    left = _kill_a_commit_midway(base, tmp_path)
    assert left and not left & _referenced(base)  # written, never committed: no version has them
    assert store.current_version_id(str(base)) == "2"
    assert store.orphans(str(base)) == []  # too young: on a shared catalog they could be a running commit's
    for path in left:
        os.utime(path, (TWO_HOURS_AGO, TWO_HOURS_AGO))
    assert store.orphans(str(base)) == sorted(str(p) for p in left)
    referenced = _referenced(base)

    at = console()
    assert _warnings(at) == [t("imp.orphans", "vi", n=len(left))]
    assert not at.exception
    at.button(key="orphans_go").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [t("imp.orphans_removed", "vi", n=len(left))]
    assert t("imp.orphans", "vi", n=len(left)) not in _warnings(at)  # nothing left to show

    assert _lake_files(base) == referenced  # exactly the files left behind went; every other stayed
    assert not any(p.exists() for p in left)
    for number in (1, 2):  # every version opens as before
        Database(str(base), snapshot=number).close()
    assert store.damaged(str(base)) is None
    assert importer.commit(BAC_LIEU_2014, "bl.csv", base=str(base), user="lan").version == "3"


def test_a_file_named_as_one_a_version_references_is_never_deleted(base: Path) -> None:
    """DuckLake would list a copy of a version's file placed elsewhere in the data path; its name
    is a version's, so nothing is deleted and the steward is told why."""
    loc = store.lake_of(str(base))
    (kept,) = lake.files(loc, 1)["provinces"]
    stray = Path(loc.data_path) / "main" / "stray" / Path(kept).name
    stray.parent.mkdir(parents=True)
    stray.write_bytes(Path(kept).read_bytes())
    os.utime(stray, (TWO_HOURS_AGO, TWO_HOURS_AGO))
    files = _lake_files(base)
    with pytest.raises(store.StoreError, match="referenced by a snapshot"):
        store.remove_orphans(str(base))
    assert _lake_files(base) == files
    assert lake_orphans.MIN_AGE_S == 3600  # the default age: one hour


# ---- two stewards commit at once on one catalog -------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "message"),
    [
        (
            "vi",
            "Một người quản lý dữ liệu khác vừa ghi một phiên bản dữ liệu cùng lúc; không có gì thay đổi. Hãy thử lại.",
        ),
        ("en", "Another steward committed a data version at the same time; nothing was changed. Please try again."),
    ],
)
def test_a_commit_another_steward_beat_is_a_sentence_and_changes_nothing(
    base: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    lang: str,
    message: str,
) -> None:
    """Two consoles on two machines share one catalog: the store's lock (per machine) does not
    keep them apart, the lake's transaction does. Here the other console's commit is a second
    connection to the same catalog, committing while this commit's transaction is open."""
    loc = store.lake_of(str(base))

    def other_steward_commits(_seconds: float) -> None:
        cur = lake._visitors[loc].cursor()  # another connection to the catalog this commit has open
        try:
            cur.execute("begin transaction")
            cur.execute("create or replace table lake.clusters as select * from lake.clusters")
            cur.execute("call lake.set_commit_message('minh', 'the other console', extra_info => '{}')")
            cur.execute("commit")
        finally:
            cur.close()

    monkeypatch.setenv(lake.PAUSE_ENV, "1")
    monkeypatch.setattr(lake.time, "sleep", other_steward_commits)
    bl = tmp_path / "bl.csv"
    bl.write_bytes(BAC_LIEU_2014)
    code = cli.main([str(bl), "--data-dir", str(base), "--lang", lang, "--user", "lan"])
    err = capsys.readouterr().err
    assert code == 3 and "Traceback" not in err
    assert err.strip() == message
    monkeypatch.delenv(lake.PAUSE_ENV)
    found = lake.snapshots(loc)
    assert [(s.id, s.author) for s in found] == [(1, "lan"), (2, "lan"), (3, "minh")]  # the other's, not ours
    assert not any(s.info.get("source_file") == "bl.csv" for s in found)
    with pytest.raises(store.CommitConflict):  # the store's API: a StoreBusy, so every caller has a message
        monkeypatch.setenv(lake.PAUSE_ENV, "1")
        importer.commit(BAC_LIEU_2014, "bl.csv", base=str(base), user="lan")
    assert issubclass(store.CommitConflict, store.StoreBusy)
