"""DATA_DIR=s3://… against a real S3-compatible server started here on 127.0.0.1 (moto's server
mode): two dashboard processes serve the same data folder from the bucket and draw the same
pages, and the credentials come from a credentials store, never from the URL or the environment.
(Versions shared by several servers live in a lake: tests/test_lake_servers.py.)

Two routes, each tested:
- `httpfs`: DuckDB's own extension, loaded from its wheel (duckdb-extension-httpfs), credentials
  from a persistent DuckDB secret.
- `fsspec`: where httpfs cannot be loaded, DuckDB reads through s3fs (a dependency) registered as
  a filesystem, credentials from the AWS credentials file in the home folder.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from kcdash import lake

REPO = Path(__file__).resolve().parent.parent
BUCKET = "kc-ministry"
PREFIX = "store"
KEY_ID, SECRET = "kc-test-key", "kc-test-secret-7f3a"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def s3_endpoint() -> Iterator[str]:
    """moto's S3 server on 127.0.0.1, a fresh port, stopped afterwards."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
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


def _publish(client, folder: Path) -> None:
    """A data folder's files under the prefix, as an operator publishes one."""
    for path in sorted(folder.iterdir()):
        if path.is_file():
            client.upload_file(str(path), BUCKET, f"{PREFIX}/{path.name}")


@pytest.fixture(params=["httpfs", "fsspec"])
def s3_home(request: pytest.FixtureRequest, tmp_path: Path, s3_endpoint: str) -> tuple[str, Path]:
    """(route, home folder) holding the S3 credentials where that route reads them; the dashboards
    run with it as HOME, with no AWS_* variable set."""
    route = str(request.param)
    return route, _home(route, tmp_path, s3_endpoint)


def _home(route: str, tmp_path: Path, s3_endpoint: str) -> Path:
    home = tmp_path / "home"
    (home / ".duckdb").mkdir(parents=True)
    if route == "fsspec":
        (home / ".aws").mkdir()
        (home / ".aws" / "credentials").write_text(
            f"[default]\naws_access_key_id = {KEY_ID}\naws_secret_access_key = {SECRET}\n", encoding="utf-8"
        )
        (home / ".aws" / "config").write_text(
            f"[default]\nregion = us-east-1\nendpoint_url = http://{s3_endpoint}\n", encoding="utf-8"
        )
        return home
    con = duckdb.connect(config={"secret_directory": str(home / ".duckdb" / "stored_secrets")})
    try:
        lake.load_extension(con, "httpfs")
        con.execute(
            "create persistent secret kc_s3 (type s3, key_id $k, secret $s, region 'us-east-1', "
            "endpoint $e, url_style 'path', use_ssl false)".replace("$k", f"'{KEY_ID}'")
            .replace("$s", f"'{SECRET}'")
            .replace("$e", f"'{s3_endpoint}'")  # test constants: CREATE SECRET takes no parameters
        )
    finally:
        con.close()
    return home


def _without_httpfs(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fsspec route: as where the httpfs wheel is not installed."""
    real = lake.extension_path

    def no_httpfs(name: str) -> str:
        if name == "httpfs":
            raise lake.LakeError("DuckDB's httpfs extension is not installed")
        return real(name)

    monkeypatch.setattr(lake, "extension_path", no_httpfs)


def _main_text(tab) -> str:
    return str(tab.page.locator('[data-testid="stMain"]').inner_text())


def test_two_dashboards_serve_the_bucket(tmp_path: Path, s3_endpoint: str, bundled_copy: Path):
    from bench.browser import Tab, chromium, serve

    client = _client(s3_endpoint)
    client.create_bucket(Bucket=BUCKET)
    _publish(client, bundled_copy)
    data_dir = f"s3://{BUCKET}/{PREFIX}"
    assert KEY_ID not in data_dir and SECRET not in data_dir
    env = {"HOME": str(_home("httpfs", tmp_path, s3_endpoint))}
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
    _publish(client, bundled_copy)
    route, home = s3_home
    if route == "fsspec":
        _without_httpfs(monkeypatch)
    monkeypatch.setenv("HOME", str(home))
    for k in list(os.environ):
        if k.startswith("AWS_"):
            monkeypatch.delenv(k)
    db = db_mod.Database(f"s3://{BUCKET}/{PREFIX}")
    try:
        assert db.folder == f"s3://{BUCKET}/{PREFIX}" and db.version["id"] == "bundled"
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
