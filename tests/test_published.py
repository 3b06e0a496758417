"""The bundled data reproduces every published figure of the source reports (BRIEF.md)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kcdash.data import Filters
from kcdash.db import Database

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def db():
    database = Database(str(REPO / "data"))
    yield database
    database.close()


@pytest.fixture(scope="module")
def activities() -> pd.DataFrame:
    return pd.read_csv(REPO / "data" / "activities.csv", dtype={"province_code": str, "district_code": str})


def test_dien_bien_trained_workers_with_jobs_2007_2012_is_3530(activities):
    scope = activities[(activities.province_code == "11") & activities.year.between(2007, 2012)]
    assert scope["new_jobs"].sum() == 3530


def test_dien_bien_national_budget_2007_2012_is_just_under_4_billion(activities):
    scope = activities[
        (activities.province_code == "11") & activities.year.between(2007, 2012) & (activities.fund_code == "kcqg")
    ]
    total = round(scope["budget_million_vnd"].sum(), 1)
    assert 3800 <= total < 4000  # "gần 4 tỷ đồng": nearly, not exactly, 4,000 million


def test_bac_lieu_budget_2008_2013(activities):
    scope = activities[(activities.province_code == "95") & activities.year.between(2008, 2013)]
    by_fund = scope.groupby("fund_code")["budget_million_vnd"].sum().round(1).to_dict()
    assert round(scope["budget_million_vnd"].sum(), 1) == 6788.9
    assert by_fund == {"kcdp": 2768.9, "kcqg": 4020.0}


def test_reconciliation_statuses_on_bundled_data(db):
    rec = db.query("reconciliation", **Filters().params()).set_index("figure_id")
    assert rec.loc["db_trained_jobs_2007_2012", "status"] == "match"
    assert rec.loc["db_trained_jobs_2007_2012", "published_value"] == 3530
    assert rec.loc["db_budget_kcqg_2007_2012", "status"] == "consistent"
    assert rec.loc["db_tea_class", "status"] == "match"
    for fid in ("bl_budget_total_2008_2013", "bl_budget_kcdp_2008_2013", "bl_budget_kcqg_2008_2013"):
        assert rec.loc[fid, "status"] == "match", fid
        assert rec.loc[fid, "difference"] == 0
    for fid in ("bl_trainees_2008_2013", "bl_new_jobs_2008_2013", "db_trainees_2007_2012"):
        assert rec.loc[fid, "status"] == "not_published"


def test_published_values_are_stored_exactly_as_published(db):
    figs = db.query("published_figures", provinces=[]).set_index("figure_id")
    assert figs.loc["db_trained_jobs_2007_2012", "value"] == 3530
    assert figs.loc["db_budget_kcqg_2007_2012", "qualifier"] == "approximate_below"
    assert figs.loc["bl_budget_total_2008_2013", "value"] == pytest.approx(6788.9)
    assert figs.loc["bl_budget_kcdp_2008_2013", "value"] == pytest.approx(2768.9)
    assert figs.loc["bl_budget_kcqg_2008_2013", "value"] == 4020
    assert pd.isna(figs.loc["bl_trainees_2008_2013", "value"])  # not reported: missing, not 0
    assert figs.loc["db_craft_villages", "value"] == 0  # "chưa có làng nghề": a real, sourced zero


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not beside the repo")
def test_every_quote_stands_in_its_source_file(db):
    figs = db.query("published_figures", provinces=[])
    targets = db.query("targets_by_province", provinces=[])
    for frame in (figs, targets):
        for _, f in frame.dropna(subset=["quote", "source_file"]).iterrows():
            text = (SEEDS / f["source_file"]).read_text(encoding="utf-8")
            assert f["quote"] in text, (f["source_file"], f["quote"])


def test_real_dong_nam_cluster_is_sourced_at_detailed_plan(db):
    tbl = db.query("cluster_districts", provinces=["11"], districts=[], as_of_year=2012).set_index("district_code")
    dong_nam = tbl.loc["099"]
    assert "Đông Nam" in dong_nam["cluster_names"]
    assert dong_nam["stage"] == "detailed_plan"
    assert not dong_nam["is_illustrative"]


def test_bundled_extract_shape(activities):
    assert len(activities) >= 300
    assert set(activities["year"]) == set(range(2007, 2014))
    assert activities["is_illustrative"].all()  # every generated record is marked
    assert activities["district_code"].nunique() == 17
    assert activities["craft_code"].nunique() >= 10
    assert activities["activity_type_code"].nunique() == 9
    assert set(activities["fund_code"]) >= {"kcqg", "kcdp"}


def test_districts_appear_only_in_years_they_existed(activities):
    districts = pd.read_csv(REPO / "data" / "districts.csv", dtype={"district_code": str})
    merged = activities.dropna(subset=["district_code"]).merge(districts, on="district_code")
    assert merged["year"].between(merged["first_year"], merged["last_year"]).all()
    assert merged[merged.district_code == "103"]["year"].min() >= 2012  # Nậm Pồ from 2012


# ---- the 3.530 check is against training, sources cited by title -------------------


def test_3530_is_checked_against_training_jobs_only(bundled_copy):
    """The report speaks of training ("đào tạo nghề, truyền nghề cho 3.530 lao động mới có việc
    làm"): the figure's scope is content nd45_1, so jobs recorded under another content do not
    count toward it. Regression: the check summed jobs of every kind of activity."""
    figs = pd.read_csv(bundled_copy / "published_figures.csv", dtype=str).set_index("figure_id")
    assert figs.loc["db_trained_jobs_2007_2012", "activity_type_code"] == "nd45_1"
    acts = pd.read_csv(bundled_copy / "activities.csv", dtype=str)
    extra = acts.iloc[[0]].assign(
        activity_id="11-2010-999", year="2010", activity_type_code="nd45_3", trainees="", new_jobs="100"
    )
    pd.concat([acts, extra]).to_csv(bundled_copy / "activities.csv", index=False)
    (bundled_copy / "activities.parquet").unlink()
    (bundled_copy / "_activity_cube.parquet").unlink(missing_ok=True)
    db = Database(str(bundled_copy))
    try:
        rec = db.query("reconciliation", **Filters().params()).set_index("figure_id")
        assert rec.loc["db_trained_jobs_2007_2012", "record_value"] == 3530  # the 100 demo jobs are not training
        assert rec.loc["db_trained_jobs_2007_2012", "status"] == "match"
    finally:
        db.close()


@pytest.mark.skipif(not SEEDS.exists(), reason="../shared/seeds not beside the repo")
def test_sources_table_quotes_its_seeds(db):
    src = db.query("sources", provinces=[]).set_index("source_file")
    assert set(src.index) == {"000_abb7fff8aed286fe.txt", "003_fb7c3762907f9266.txt"}
    for name, s in src.iterrows():
        text = (SEEDS / name).read_text(encoding="utf-8")
        for column in ("author_vi", "headings_vi"):
            if isinstance(s[column], str):
                for part in s[column].split("; "):
                    assert part in text, (name, column, part)
        assert s["cited_title_vi"].startswith("[")  # no title in the kept copy: a supplied one, in brackets
    assert (
        "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp tỉnh Điện Biên"
        in src.loc["000_abb7fff8aed286fe.txt", "issuing_body_vi"]
    )
    figures = db.query("published_figures", provinces=[])
    assert set(figures["source_file"]) <= set(src.index)  # every figure's report is in the sources table


def test_dong_nam_stage_and_year_are_marked_as_inferred(db):
    tbl = db.query("cluster_districts", provinces=["11"], districts=[], as_of_year=2012).set_index("district_code")
    assert "chú thích ảnh" in tbl.loc["099", "source"] and "suy ra" in tbl.loc["099", "source"]
    figs = db.query("published_figures", provinces=["11"]).set_index("figure_id")
    assert "chú thích ảnh" in figs.loc["db_dong_nam_plan", "label_vi"]
