"""CSV and Parquet give identical results; the generator is deterministic; the contract doc
matches the code."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from kcdash import generate
from kcdash.data import Filters
from kcdash.db import Database, query_names
from kcdash.schema import TABLES

REPO = Path(__file__).resolve().parent.parent

EXTRA = {
    "stage": "established",
    "as_of_year": 2012,
    "limit": 1000,
    "offset": 0,
    "sort": "year",
    "search": "",
    "source_file": "",
}


def all_results(db: Database) -> dict[str, pd.DataFrame]:
    params = {**Filters().params(), **EXTRA}
    return {name: db.query(name, **params) for name in query_names()}


@pytest.mark.parametrize("folder", ["bundled", "fixture"])
def test_csv_and_parquet_give_identical_results(folder, tmp_path, fixture_dir):
    src = REPO / "data" if folder == "bundled" else fixture_dir
    work = tmp_path / "pq"
    shutil.copytree(src, work, ignore=shutil.ignore_patterns("versions", "lake", ".staging-*", ".lock", "*.parquet"))
    for name in ("activities", "clusters"):
        generate.write_parquet_from_csv(work / f"{name}.csv", name)
    csv_db, pq_db = Database(str(work), prefer="csv"), Database(str(work))
    assert pq_db.files["activities"][1] == "parquet" and csv_db.files["activities"][1] == "csv"
    a, b = all_results(csv_db), all_results(pq_db)
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=False, obj=name)
    assert len(a["activity_records"]) > 0


def test_generator_is_deterministic(tmp_path):
    work = tmp_path / "gen"
    generated = {
        "versions",
        "lake",
        "activities.csv",
        "activities.parquet",
        "clusters.csv",
        "clusters.parquet",
        "manifest.json",
    }
    shutil.copytree(
        REPO / "data", work, ignore=lambda d, names: generated & set(names) if Path(d) == REPO / "data" else set()
    )
    generate.main(["--data-dir", str(work)])
    for name in ("activities.csv", "clusters.csv"):
        assert (work / name).read_bytes() == (REPO / "data" / name).read_bytes(), f"{name} differs: run `make data`"
    pd.testing.assert_frame_equal(
        pd.read_parquet(work / "activities.parquet"), pd.read_parquet(REPO / "data" / "activities.parquet")
    )


def test_allocate_splits_exactly():
    parts = generate.allocate(35300, [1, 2, 3, 4])
    assert sum(parts) == 35300 and parts == [3530, 7060, 10590, 14120]


def test_contract_document_lists_every_column():
    doc = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        assert f"`{table.name}`" in doc, table.name
        for col in table.columns:
            assert f"`{col.name}`" in doc, f"{table.name}.{col.name}"
            assert col.vi in doc, f"Vietnamese header of {table.name}.{col.name}"


def test_no_province_is_named_in_code():
    names = pd.read_csv(REPO / "data" / "provinces.csv")["name_vi"].tolist()
    code_files = [*REPO.glob("kcdash/**/*.py"), *REPO.glob("queries/*.sql"), *REPO.glob("pages/*.py"), REPO / "app.py"]
    offenders = [
        (str(p.relative_to(REPO)), n)
        for p in code_files
        if p.exists() and "locales" not in p.parts
        for n in names
        if n in p.read_text(encoding="utf-8")
    ]
    assert offenders == []


def test_contract_document_is_generated_from_schema():
    from kcdash import contract_doc

    text = contract_doc.DOC.read_text(encoding="utf-8")
    assert contract_doc.updated(text) == text, "run: python -m kcdash.contract_doc"
