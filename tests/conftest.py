"""Shared fixtures: a small data folder built from text, with numbers worked out by hand; the
Chromium and dashboards the browser tests share, and how the slow stage spreads its tests over
the workers; and the check that a test which starts a server or a browser carries the marker
that keeps it out of the fast stage."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromium_pages import CHROMIUM, CHROMIUM_ARGS, dashboard, national_extract
from fixture_data import ACTIVITIES_CSV, CLUSTERS_CSV, PUBLISHED_CSV, REPO, write_fixture


@pytest.fixture
def fixture_dir(tmp_path: Path) -> Path:
    return write_fixture(tmp_path / "data")


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory):
    """One read-only Database over the fixture for the whole run (opening one takes seconds)."""
    from kcdash.db import Database

    db = Database(str(write_fixture(tmp_path_factory.mktemp("fixture") / "data")))
    yield db
    db.close()


@pytest.fixture
def bundled_copy(tmp_path: Path) -> Path:
    """A copy of the bundled data folder (tests must never change data/)."""
    dest = tmp_path / "bundled"
    shutil.copytree(REPO / "data", dest, ignore=shutil.ignore_patterns("versions", "lake", ".staging-*", ".lock"))
    return dest


@pytest.fixture
def steward_page(bundled_copy: Path, monkeypatch: pytest.MonkeyPatch):
    """open(page_file): a steward console page run once on a copy of the bundled data, signed in as "lan"."""
    from streamlit.testing.v1 import AppTest

    from kcdash import auth

    monkeypatch.setenv("DATA_DIR", str(bundled_copy))

    def open_page(page_file: str) -> AppTest:
        at = AppTest.from_file(page_file, default_timeout=60)
        at.session_state[auth.SESSION_KEY] = "lan"
        return at.run()

    return open_page


@pytest.fixture(scope="session")
def fixture_csvs() -> dict[str, str]:
    """The fixture's activities, clusters and published figures as text, to change in a test."""
    return {"activities": ACTIVITIES_CSV, "clusters": CLUSTERS_CSV, "published": PUBLISHED_CSV}


@pytest.fixture(scope="session")
def make_fixture():
    """write_fixture(folder, activities=…, clusters=…, published=…): a fixture folder of one's own."""
    return write_fixture


@pytest.fixture(autouse=True)
def every_figure_is_valid_plotly(monkeypatch: pytest.MonkeyPatch):
    """Every figure the chart builders make in any test (the pages run through AppTest included)
    is checked as Plotly would check it: they skip Plotly's validation on the server
    (`kcdash.charts.new_figure`), so here each is made again with validation, which
    raises on a property Plotly does not know or a value it refuses, and must come out the same."""
    import json

    import plotly.graph_objects as go
    import plotly.io as pio

    from kcdash import charts

    made: list[go.Figure] = []
    real = charts.new_figure

    def recording(traces: list[dict], layout: dict | None = None) -> go.Figure:
        fig = real(traces, layout)
        made.append(fig)
        return fig

    monkeypatch.setattr(charts, "new_figure", recording)
    yield
    for fig in made:
        checked = go.Figure(fig.to_dict())  # raises ValueError on anything invalid
        assert json.loads(pio.to_json(checked)) == json.loads(pio.to_json(fig, validate=False))


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium through Playwright, one per test module: it is quick to start, and
    Playwright's synchronous API allows one instance at a time in a process, so a test that drives
    a Chromium of its own (`bench.browser.chromium`, `sync_playwright`) must not find this one open."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: `make test` installs Debian's chromium (make browser-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


# The dashboards below are started once per test process (once per pytest-xdist worker) and
# shared by every module that asks for them: the pages they serve hold no state between page
# loads, and a module that needs a server to itself (other data, a fresh start, a console)
# starts its own with `chromium_pages.dashboard` / `serve`.
@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The dashboard on the bundled data as `make run` serves it, one per test process; its URL."""
    with dashboard() as url:
        yield url


@pytest.fixture(scope="session")
def national_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small national extract: 63 provinces, 2005–2024, 50 thousand illustrative records."""
    return national_extract(tmp_path_factory.mktemp("national") / "data", rows=50_000)


@pytest.fixture(scope="session")
def servers(server: str, national_dir: Path) -> Iterator[dict[int, str]]:
    """Two dashboards by how many provinces they show: 2 (the bundled data, `server`) and 63
    (`national_dir`)."""
    with dashboard({"DATA_DIR": str(national_dir)}) as national:
        yield {2: server, 63: national}


# The slow stage hands its tests to the two pytest-xdist workers one by one (--dist loadgroup
# in the Makefile), so the long page sweeps spread over both workers instead of queueing behind
# one another on one; a test that uses a module-scoped fixture of its own module (the report's
# rendered PDFs, say) is grouped with its module, so that fixture is still built once. (First:
# pytest-xdist reads the group marks in its own hook.)
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.nodeid.split("::")[0]
        definitions = getattr(item, "_fixtureinfo", None)
        own = [d for defs in (definitions.name2fixturedefs.values() if definitions else ()) for d in defs]
        if any(d.scope == "module" and d.baseid == module for d in own):
            item.add_marker(pytest.mark.xdist_group(item.path.name))


# The stages (`make test-fast`, then the slow ones in `make test`) select tests by marker, so a
# test that starts a server, a browser or any other program without its marker would slow the
# fast stage down (or fail on a machine without Chromium). Every process a test starts is seen here (Python's audit
# hook on subprocess.Popen, whatever module starts it: Playwright, Kaleido, the launcher), and
# the test fails at teardown if it lacks one of the markers that process needs.
CHROMIUM_NAMES = {Path(CHROMIUM).name, "chromium", "chromium-browser", "chrome", "google-chrome", "headless_shell"}
SERVER_NAMES = {"postgres", "pg_ctl", "minio", "moto_server"}
STARTS = {
    "the benchmark": ("bench",),
    "Chromium": ("browser", "bench"),
    "a server": ("server", "browser", "load", "bench"),
    "a program": ("program", "server", "browser", "load", "bench"),
}
"""what a test starts -> the markers of which it needs one"""
_current: list[pytest.Item] = []
_started = pytest.StashKey[set[str]]()


def _what_starts(argv: list[str]) -> str | None:
    names = [Path(a).name for a in argv]
    if "bench.run" in argv:  # python -m bench.run
        return "the benchmark"
    if CHROMIUM_NAMES.intersection(names) or "run-driver" in argv:  # Playwright's driver launches it
        return "Chromium"
    if not names:
        return None
    if (names[0] == "streamlit" and "run" in argv) or (names[0] == "make" and {"run", "admin"} & set(argv[1:])):
        return "a server"
    return "a server" if names[0] in SERVER_NAMES else "a program"


def _audit(event: str, args: tuple) -> None:
    if event != "subprocess.Popen" or not _current:
        return
    argv = args[1]
    argv = [argv] if isinstance(argv, str | bytes) else list(argv)
    what = _what_starts([a.decode() if isinstance(a, bytes) else str(a) for a in argv])
    if what:
        _current[-1].stash.setdefault(_started, set()).add(what)


sys.addaudithook(_audit)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    _current.append(item)  # module fixtures start during their first test's setup: seen there
    try:
        return (yield)
    finally:
        _current.pop()


@pytest.fixture(autouse=True)
def starts_only_what_its_markers_allow(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    marks = {m.name for m in request.node.iter_markers()}
    missing = [
        f"it starts {what} but has none of the markers {', '.join(needs)}"
        for what in sorted(request.node.stash.get(_started, set()))
        if not marks & set(needs := STARTS[what])
    ]
    if missing:
        pytest.fail(f"{request.node.nodeid}: {'; '.join(missing)} (pyproject.toml, [tool.pytest.ini_options])")
