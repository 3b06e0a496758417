"""Several servers, one lake: a PostgreSQL catalog (Debian's packages, a throwaway cluster) and an
S3-compatible object store (moto's server, in-process) shared by two dashboard replicas and a
steward's commit process, each with its own local data folder as on its own machine.

A commit is served by both replicas within a bounded time (measured and printed); a commit killed
in the middle leaves every replica on the previous version.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from make_import_corpus import CORPUS
from pg_server import postgres

from kcdash import lake

REPO = Path(__file__).resolve().parents[1]
BUCKET = "kc-lake"
KEY_ID, SECRET = "kc-test-key", "kc-test-secret-51c9"
CHECK_S = 1.0
SEEN_WITHIN_S = 30.0
"""The bound this test holds a commit's arrival on both replicas to (KC_LAKE_CHECK_S plus a reopen
of the snapshot from the object store on a loaded 2-core machine)."""
DIEN_BIEN = CORPUS / "accepted" / "names_instead_of_codes.csv"
BAC_LIEU_2014 = """\
Mã đề án,Tỉnh,Huyện,Năm,Nội dung khuyến công,Ngành nghề,Nguồn kinh phí,Kinh phí (triệu đồng),Số học viên,Việc làm mới,Tên đề án
BL-2014-01,Bạc Liêu,Hồng Dân,2014,Đào tạo nghề,"Cơ khí, sửa chữa máy móc nông cụ",KCĐP,"150,5",40,38,Lớp cơ khí
""".encode()

pytestmark = [pytest.mark.server, pytest.mark.browser]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def shared_lake(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """A PostgreSQL catalog and a bucket; the environment every server of the test runs with."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = _free_port()
    s3 = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    s3.start()
    try:
        with postgres() as catalog:
            env = {
                lake.CATALOG_ENV: catalog,
                lake.DATA_PATH_ENV: f"s3://{BUCKET}/lake/",
                "AWS_ACCESS_KEY_ID": KEY_ID,
                "AWS_SECRET_ACCESS_KEY": SECRET,
                "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}",
                "AWS_REGION": "us-east-1",
                "KC_LAKE_CHECK_S": str(CHECK_S),
            }
            for k, v in env.items():
                monkeypatch.setenv(k, v)
            boto3.client("s3").create_bucket(Bucket=BUCKET)
            yield env
    finally:
        s3.stop()


def _machine(tmp_path: Path, name: str, bundled: Path) -> Path:
    """A server's own local data folder (the bundled data; its lock and staging stay local)."""
    folder = tmp_path / name
    shutil.copytree(bundled, folder)
    return folder


def _console(base: Path, file: Path, *, pause: float = 0) -> subprocess.Popen[str]:
    env = dict(os.environ)
    if pause:
        env[lake.PAUSE_ENV] = str(pause)
    return subprocess.Popen(
        [sys.executable, "-m", "kcdash.importer", str(file), "--data-dir", str(base), "--user", "lan"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _objects() -> int:
    import boto3

    listed = boto3.client("s3").list_objects_v2(Bucket=BUCKET, Prefix="lake/")
    return int(listed.get("KeyCount", 0))


def test_two_replicas_and_a_console_share_one_catalog(
    tmp_path: Path, shared_lake: dict[str, str], bundled_copy: Path
) -> None:
    from bench.browser import Tab, chromium, serve

    console = _machine(tmp_path, "console", bundled_copy)
    first = _console(console, DIEN_BIEN)
    out = first.communicate(timeout=300)
    assert first.returncode == 0, out
    loc = lake.location(str(console))
    assert [s.id for s in lake.snapshots(loc)] == [1, 2]  # the bundled data, then the import
    assert SECRET not in loc.describe() and KEY_ID not in loc.describe()
    bl = tmp_path / "bl.csv"
    bl.write_bytes(BAC_LIEU_2014)
    logs = tmp_path / "logs"

    with (
        chromium() as browser,
        serve(str(_machine(tmp_path, "a", bundled_copy)), logs) as a,
        serve(str(_machine(tmp_path, "b", bundled_copy)), logs) as b,
    ):

        def shown() -> list[str]:
            texts = []
            for server in (a, b):
                tab = Tab.open(browser)
                tab.page.goto(f"{server.url}/data_sources", wait_until="domcontentloaded")
                tab.wait_drawn(0)
                texts.append(str(tab.page.locator('[data-testid="stMain"]').inner_text()))
                tab.close()
            return texts

        assert all("names_instead_of_codes.csv" in t for t in shown())

        # a console killed while its commit is open: every replica stays on version 2
        objects = _objects()
        killed = _console(console, bl, pause=120)
        try:
            deadline = time.monotonic() + 240
            while _objects() == objects:  # the new tables' files are written, the commit not yet made
                assert killed.poll() is None and time.monotonic() < deadline, killed.communicate()
                time.sleep(0.2)
            time.sleep(1.5)
        finally:
            killed.send_signal(signal.SIGKILL)
            killed.wait(30)
        time.sleep(2 * CHECK_S)
        latest = lake.latest(loc)
        assert latest is not None and latest.id == 2
        assert all("names_instead_of_codes.csv" in t and "bl.csv" not in t for t in shown())

        # a commit on the console: both replicas serve it within the bound, without a restart
        done = _console(console, bl)
        out = done.communicate(timeout=300)
        assert done.returncode == 0, out
        committed = time.monotonic()
        seen: dict[int, float] = {}
        while len(seen) < 2 and time.monotonic() - committed < SEEN_WITHIN_S:
            for i, text in enumerate(shown()):
                if i not in seen and "bl.csv" in text:
                    seen[i] = time.monotonic() - committed
        print(f"\ncommit seen by replica a after {seen.get(0)} s, by b after {seen.get(1)} s")
        assert len(seen) == 2, f"not both replicas within {SEEN_WITHIN_S} s: {seen}"
        for server in (a, b):
            log = server.log.read_text(errors="replace")
            assert SECRET not in log and "password" not in log
            assert not server.log_errors(), server.log_errors()[:5]
