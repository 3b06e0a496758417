"""DATA_DIR=s3://… against a real S3-compatible server started here on 127.0.0.1 (moto's server
mode): two dashboard processes serve the same version from the bucket and draw the same pages, a
new version published to the bucket (`versions/CURRENT`) is served by both without a restart, and
the credentials come from a credentials store, never from the URL or the environment.

Two routes, each tested where it can run:
- `httpfs`: DuckDB's own extension, credentials from a persistent DuckDB secret. The extension
  must be installed beforehand (the dashboard never downloads at run time); where it cannot be
  loaded these cases skip, saying why.
- `fsspec`: where httpfs is not installed, DuckDB reads through s3fs (a dependency) registered as
  a filesystem, credentials from the AWS credentials file in the home folder.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from bench.local_server import free_port

REPO = Path(__file__).resolve().parent.parent
BUCKET = "kc-ministry"
PREFIX = "store"
KEY_ID, SECRET = "kc-test-key", "kc-test-secret-7f3a"

NO_HTTPFS = (
    "DuckDB {version}'s httpfs extension cannot be loaded here ({error}). It cannot be installed on this "
    "machine either: duckdb.install_extension('httpfs') downloads from DuckDB's extension site, which is "
    "not reachable (only PyPI, Debian and npm are); the PyPI package duckdb-extension-httpfs stops at "
    "1.5.5, whose binary DuckDB {version} refuses to load ('built specifically for DuckDB version "
    "v1.5.5'); Debian packages no DuckDB. The fsspec route (s3fs) is tested here instead."
)


def _httpfs_problem() -> str | None:
    con = duckdb.connect()
    try:
        con.load_extension("httpfs")
    except duckdb.Error as e:
        return NO_HTTPFS.format(version=duckdb.__version__, error=str(e).splitlines()[0][:160])
    finally:
        con.close()
    return None


_HTTPFS_PROBLEM = _httpfs_problem()
pytestmark = pytest.mark.server  # moto's S3 server


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1, a fresh port, stopped afterwards."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.stop()


def _client(endpoint: str):
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=f"http://{endpoint}",
        aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET,
        region_name="us-east-1",
    )


def _publish(client, vid: str, folder: Path) -> None:
    """A version's files first, then the pointer, as a replica's operator publishes."""
    for path in sorted(folder.iterdir()):
        if path.is_file():
            client.upload_file(str(path), BUCKET, f"{PREFIX}/versions/{vid}/{path.name}")
    client.put_object(Bucket=BUCKET, Key=f"{PREFIX}/versions/CURRENT", Body=f"{vid}\n".encode())


@pytest.fixture(params=["httpfs", "fsspec"])
def s3_home(request: pytest.FixtureRequest, tmp_path: Path, s3_endpoint: str) -> tuple[str, Path]:
    """(route, home folder) holding the S3 credentials where that route reads them; the dashboards
    run with it as HOME, with no AWS_* variable set."""
    route = str(request.param)
    home = tmp_path / "home"
    (home / ".duckdb").mkdir(parents=True)
    if route == "fsspec":
        # no DuckDB extensions in this home, so httpfs cannot load and DuckDB reads through s3fs
        (home / ".aws").mkdir()
        (home / ".aws" / "credentials").write_text(
            f"[default]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n", encoding="utf-8"
        )
        (home / ".aws" / "config").write_text(
            f"[default]\nregion = us-east-1\nendpoint_url = http://{s3_endpoint}\n", encoding="utf-8"
        )
        return route, home
    if _HTTPFS_PROBLEM is not None:
        pytest.skip(_HTTPFS_PROBLEM)
    (home / ".duckdb" / "extensions").symlink_to(Path.home() / ".duckdb" / "extensions")
    con = duckdb.connect(config={"secret_directory": str(home / ".duckdb" / "stored_secrets")})
    try:
        con.load_extension("httpfs")
        con.execute(
            "create persistent secret kc_s3 (type s3, key_id $k, secret $s, region 'us-east-1', "
            "endpoint $e, url_style 'path', use_ssl false)".replace("$k", f"'{KEY_ID}'")
            .replace("$s", f"'{SECRET}'")
            .replace("$e", f"'{s3_endpoint}'")  # test constants: CREATE SECRET takes no parameters
        )
    finally:
        con.close()
    return route, home


def _main_text(tab) -> str:
    return str(tab.page.locator('[data-testid="stMain"]').inner_text())


@pytest.mark.browser
def test_two_dashboards_serve_the_bucket_and_follow_a_new_version(
    tmp_path: Path, s3_endpoint: str, s3_home: tuple[str, Path], bundled_copy: Path
):
    from bench.browser import Tab, chromium, serve

    client = _client(s3_endpoint)
    client.create_bucket(Bucket=BUCKET)
    _publish(client, "1", bundled_copy)
    data_dir = f"s3://{BUCKET}/{PREFIX}"
    assert KEY_ID not in data_dir and SECRET not in data_dir
    env = {"HOME": str(s3_home[1]), "KC_REMOTE_CHECK_S": "1"}
    saved = {k: os.environ.pop(k) for k in list(os.environ) if k.startswith("AWS_")}  # no credentials there
    os.environ.update(env)
    logs = tmp_path / "logs"
    try:
        with chromium() as browser, serve(data_dir, logs) as a, serve(data_dir, logs) as b:

            def page_texts(path: str) -> list[str]:
                out = []
                for server in (a, b):
                    tab = Tab.open(browser)
                    tab.page.goto(f"{server.url}/{path}", wait_until="domcontentloaded")
                    tab.wait_drawn(0)
                    out.append(_main_text(tab))
                    tab.close()
                return out

            texts = page_texts("")
            assert texts[0] == texts[1]
            assert "3.530" in texts[0] and "6.788,9" in texts[0]  # the published figures, from the bucket
            records = page_texts("data_sources")
            assert records[0] == records[1]

            # version 2: only Điện Biên's records (Bạc Liêu's replaced by none)
            v2 = tmp_path / "v2"
            v2.mkdir()
            for path in bundled_copy.iterdir():
                if path.is_file() and path.suffix in (".csv", ".json") and path.name != "activities.csv":
                    (v2 / path.name).write_bytes(path.read_bytes())
            (v2 / "clusters.parquet").write_bytes((bundled_copy / "clusters.parquet").read_bytes())
            acts = pd.read_csv(bundled_copy / "activities.csv", dtype=str, keep_default_na=False)
            acts[acts["province_code"] == "11"].to_csv(v2 / "activities.csv", index=False)
            _publish(client, "2", v2)

            time.sleep(1.5)  # past KC_REMOTE_CHECK_S: both replicas read the pointer again
            after = page_texts("data_sources")
            assert after[0] == after[1]  # both serve version 2 ...
            assert after[0] != records[0]  # ... which is not version 1
            n_v2 = f"{int((acts['province_code'] == '11').sum()):,}".replace(",", ".")
            assert n_v2 in after[0]  # the records page counts Điện Biên's records only
            for server in (a, b):
                log = server.log.read_text(errors="replace")
                assert SECRET not in log and KEY_ID not in log
                assert not server.log_errors(), server.log_errors()[:5]
    finally:
        for k in env:
            os.environ.pop(k, None)
        os.environ.update(saved)


def test_database_reads_the_bucket_with_the_stored_credentials_only(
    s3_endpoint: str, s3_home: tuple[str, Path], bundled_copy: Path, monkeypatch: pytest.MonkeyPatch
):
    from kcdash import db as db_mod
    from kcdash.data import Filters

    client = _client(s3_endpoint)
    client.create_bucket(Bucket=BUCKET)
    _publish(client, "1", bundled_copy)
    route, home = s3_home
    monkeypatch.setenv("HOME", str(home))
    for k in list(os.environ):
        if k.startswith("AWS_"):
            monkeypatch.delenv(k)
    monkeypatch.setattr(db_mod, "REMOTE_CHECK_S", 0.0)
    db = db_mod.Database(f"s3://{BUCKET}/{PREFIX}")
    try:
        assert db.folder == f"s3://{BUCKET}/{PREFIX}/versions/1" and db.version["id"] == "1"
        # the route this case is about: s3fs registered as DuckDB's s3:// filesystem, or not
        assert ("s3" in db._con.list_filesystems()) == (route == "fsspec")
        kpis = db.query("kpis_by_province", **Filters(provinces=(), year_from=2000, year_to=2030).params())
        assert kpis["budget_million_vnd"].sum() == pytest.approx(8711.3 + 8103.2)
        client.put_object(Bucket=BUCKET, Key="elsewhere/secret.txt", Body=b"not the dashboard's")
        cur = db.cursor()
        try:  # the bucket outside the data prefix stays closed, whichever route reads it
            with pytest.raises(duckdb.PermissionException):
                cur.execute("select content from read_text($u)", {"u": f"s3://{BUCKET}/elsewhere/secret.txt"})
        finally:
            cur.close()
    finally:
        db.close()
