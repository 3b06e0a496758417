"""Shared fixtures: a small data folder built from text, with numbers worked out by hand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
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
