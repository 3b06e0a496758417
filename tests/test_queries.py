"""Every file in queries/ run against the small fixture (conftest.py), checked against numbers
worked out by hand from its rows."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from kcdash.data import Filters
from kcdash.db import query_names

ALL = Filters(year_from=2007, year_to=2013)


def q(db, name: str, f: Filters = ALL, **extra) -> pd.DataFrame:
    return db.query(name, **f.params(), **extra)


def row(df: pd.DataFrame, **match) -> pd.Series:
    hit = df
    for k, v in match.items():
        hit = hit[hit[k].isna()] if v is None else hit[hit[k] == v]
    assert len(hit) == 1, f"expected one row for {match}, got {len(hit)}"
    return hit.iloc[0]


def missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def test_every_query_file_has_a_test():
    tests_text = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("test_*.py"))
    untested = [n for n in query_names() if f'"{n}"' not in tests_text]
    assert untested == []


def test_kpis_by_province_all_years(fixture_db):
    df = q(fixture_db, "kpis_by_province")
    db_ = row(df, province_code="11")
    assert db_["activity_count"] == 5
    assert db_["illustrative_count"] == 4
    assert db_["trainees"] == 90  # 30 + 40 + 20
    assert db_["new_jobs"] == 65  # 25 + 40; a5 reports no jobs: missing, not zero
    assert db_["budget_million_vnd"] == pytest.approx(730.5)
    assert db_["budget_per_trainee_million_vnd"] == pytest.approx(380.5 / 90)
    assert db_["jobs_per_trainee"] == pytest.approx(65 / 90)
    assert db_["districts_count"] == 10  # Nậm Pồ exists in 2013
    bl = row(df, province_code="95")
    assert (bl["activity_count"], bl["trainees"], bl["new_jobs"]) == (3, 60, 53)
    assert bl["budget_million_vnd"] == pytest.approx(610.4)
    assert bl["budget_per_trainee_million_vnd"] == pytest.approx(460 / 60)
    assert bl["districts_count"] == 7


def test_kpis_year_and_craft_filters(fixture_db):
    df = q(fixture_db, "kpis_by_province", ALL.with_(year_from=2008, year_to=2009))
    assert row(df, province_code="11")[["trainees", "new_jobs"]].tolist() == [70, 65]
    assert row(df, province_code="11")["budget_million_vnd"] == pytest.approx(350.5)
    assert row(df, province_code="95")["budget_million_vnd"] == pytest.approx(550.4)
    assert row(df, province_code="11")["districts_count"] == 9  # no Nậm Pồ before 2012

    df = q(fixture_db, "kpis_by_province", ALL.with_(crafts=("brocade_weaving",)))
    assert row(df, province_code="11")[["activity_count", "trainees", "new_jobs"]].tolist() == [2, 60, 40]
    bl = row(df, province_code="95")
    assert bl["activity_count"] == 0 and missing(bl["trainees"]) and missing(bl["budget_million_vnd"])


def test_kpis_district_fund_type_and_province_filters(fixture_db):
    df = q(fixture_db, "kpis_by_province", ALL.with_(provinces=("95",)))
    assert df["province_code"].tolist() == ["95"]
    df = q(fixture_db, "kpis_by_province", ALL.with_(districts=("099",)))
    assert row(df, province_code="11")["budget_million_vnd"] == pytest.approx(280.5)
    df = q(fixture_db, "kpis_by_province", ALL.with_(funds=("kcdp",)))
    assert row(df, province_code="11")["budget_million_vnd"] == pytest.approx(400.0)
    df = q(fixture_db, "kpis_by_province", ALL.with_(activity_types=("nd45_4", "nd45_6")))
    assert row(df, province_code="95")["budget_million_vnd"] == pytest.approx(150.4)
    assert row(df, province_code="11")["budget_million_vnd"] == pytest.approx(50.0)


def test_totals_by_province_year(fixture_db):
    df = q(fixture_db, "totals_by_province_year")
    r = row(df, province_code="11", year=2008)
    assert (r["activity_count"], r["trainees"], r["new_jobs"]) == (2, 70, 65)
    assert r["budget_million_vnd"] == pytest.approx(300.5)
    r = row(df, province_code="11", year=2009)
    assert missing(r["trainees"]) and r["budget_million_vnd"] == pytest.approx(50.0)
    assert sorted(df[df.province_code == "11"]["year"]) == [2008, 2009, 2010, 2012]


def trained(db, by_craft: bool) -> pd.DataFrame:
    """One half of trainees_by_district_and_craft, as kcdash.data splits it."""
    df = q(db, "trainees_by_district_and_craft")
    return df[df["by_craft"] == by_craft].reset_index(drop=True)


def test_trainees_by_craft_ranked(fixture_db):
    df = trained(fixture_db, by_craft=True)
    assert df["craft_code"].tolist() == [
        "brocade_weaving",
        "mechanical_repair",
        "tea_processing",
        "agro_aqua_processing",
    ]
    assert df["trainees"].tolist() == [60, 50, 30, 10]
    assert row(df, craft_code="brocade_weaving")["new_jobs"] == 40
    assert row(df, craft_code="brocade_weaving")["craft_name_vi"] == "Dệt thổ cẩm"


def test_trainees_by_district(fixture_db):
    df = trained(fixture_db, by_craft=False)
    assert row(df, district_code="099")[["trainees", "new_jobs"]].tolist() == [60, 40]
    assert row(df, district_code="098")["district_name_vi"] == "Tủa Chùa"
    assert row(df, district_code="956")[["trainees", "new_jobs"]].tolist() == [50, 45]
    assert len(df) == 4


def test_budget_by_year_fund(fixture_db):
    df = q(fixture_db, "budget_by_year_fund")
    assert row(df, province_code="11", year=2008, fund_code="kcqg")["budget_million_vnd"] == pytest.approx(200.5)
    assert row(df, province_code="11", year=2008, fund_code="kcdp")["budget_million_vnd"] == pytest.approx(100.0)
    assert row(df, province_code="95", year=2013, fund_code="other")["fund_name_vi"] == "Khác"
    assert len(df) == 8


def test_budget_by_fund_shares(fixture_db):
    df = q(fixture_db, "budget_by_fund")
    kcdp = row(df, province_code="11", fund_code="kcdp")
    assert kcdp["budget_million_vnd"] == pytest.approx(400.0)
    assert kcdp["share_pct"] == pytest.approx(100 * 400 / 730.5)
    assert row(df, province_code="95", fund_code="kcqg")["share_pct"] == pytest.approx(100 * 400 / 610.4)
    assert df.groupby("province_code")["share_pct"].sum().tolist() == pytest.approx([100.0, 100.0])


def test_budget_by_activity_type(fixture_db):
    df = q(fixture_db, "budget_by_activity_type")
    r = row(df, province_code="11", activity_type_code="nd45_1")
    assert (r["activity_count"], r["budget_million_vnd"]) == (3, pytest.approx(380.5))
    assert row(df, province_code="95", activity_type_code="nd45_4")["budget_million_vnd"] == pytest.approx(150.4)


def test_cost_per_trainee_by_year(fixture_db):
    df = q(fixture_db, "cost_per_trainee_by_year")
    assert row(df, province_code="11", year=2008)["budget_per_trainee_million_vnd"] == pytest.approx(300.5 / 70)
    assert row(df, province_code="11", year=2010)["budget_per_trainee_million_vnd"] == pytest.approx(4.0)
    assert row(df, province_code="95", year=2013)["budget_per_trainee_million_vnd"] == pytest.approx(6.0)
    assert len(df) == 4  # 2009 and 2012 have no trainees: no row rather than a zero


def test_cluster_progress_established(fixture_db):
    df = q(fixture_db, "cluster_progress", ALL.with_(year_from=2008, year_to=2013), stage="established")
    db_ = df[df.province_code == "11"].set_index("year")
    assert db_["districts_total"].tolist() == [9, 9, 9, 9, 10, 10]  # Nậm Pồ from 2012
    assert db_["districts_with_cluster"].tolist() == [0, 1, 1, 1, 1, 2]
    assert db_.loc[2013, "share_pct"] == pytest.approx(20.0)
    bl = df[df.province_code == "95"].set_index("year")
    # c5 gives no stage years: counted from its as_of_year 2011
    assert bl["districts_with_cluster"].tolist() == [1, 1, 1, 2, 2, 2]
    assert bl.loc[2011, "share_pct"] == pytest.approx(100 * 2 / 7)
    assert set(df["target_per_district"]) == {1.0}


def test_cluster_progress_planned(fixture_db):
    df = q(fixture_db, "cluster_progress", ALL.with_(provinces=("11",), year_from=2008, year_to=2012), stage="planned")
    assert df.set_index("year")["districts_with_cluster"].tolist() == [1, 1, 2, 2, 3]


def test_cluster_districts(fixture_db):
    df = q(fixture_db, "cluster_districts", ALL.with_(provinces=("11",)), as_of_year=2013)
    assert len(df) == 10
    assert row(df, district_code="099")["stage"] == "detailed_plan"
    assert row(df, district_code="098")["stage"] == "planned"
    assert row(df, district_code="103")["stage"] == "established"
    none = row(df, district_code="094")
    assert none["cluster_count"] == 0 and missing(none["stage"])
    df = q(fixture_db, "cluster_districts", ALL.with_(provinces=("11",)), as_of_year=2010)
    assert len(df) == 9  # Nậm Pồ did not exist yet
    assert row(df, district_code="099")["stage"] == "established"  # detailed plan only in 2011


def test_districts_without_cluster(fixture_db):
    df = q(fixture_db, "districts_without_cluster", stage="established", as_of_year=2013)
    assert len(df) == 13  # 10 - 2 in Điện Biên, 7 - 2 in Bạc Liêu
    assert "099" not in set(df["district_code"]) and "094" in set(df["district_code"])
    df = q(fixture_db, "districts_without_cluster", stage="operating", as_of_year=2013)
    assert len(df) == 16


def test_reconciliation(fixture_db):
    df = q(fixture_db, "reconciliation").set_index("figure_id")
    assert df.loc["f1", "status"] == "match" and df.loc["f1", "record_value"] == 65
    assert df.loc["f2", "record_value"] == pytest.approx(330.5)
    assert df.loc["f2", "difference"] == pytest.approx(-9.5)
    assert df.loc["f2", "status"] == "consistent"  # "nearly 340": within 5% below
    assert df.loc["f3", "status"] == "match"
    assert df.loc["f4", "status"] == "not_published" and df.loc["f4", "record_value"] == 60
    assert df.loc["f5", "status"] == "differs" and df.loc["f5", "difference"] == pytest.approx(-49.6)
    assert df.loc["f6", "status"] == "match"
    assert df.loc["f8", "status"] == "no_records"
    assert "f7" not in df.index  # a goal has no record sum


def test_published_figures_and_targets(fixture_db):
    df = q(fixture_db, "published_figures", ALL.with_(provinces=("95",)))
    assert sorted(df["figure_id"]) == ["f3", "f4", "f5", "f8"]
    assert missing(row(df, figure_id="f4")["value"])
    t = q(fixture_db, "targets_by_province")
    assert row(t, province_code="11")["value"] == 1 and not row(t, province_code="11")["is_illustrative"]


def test_option_queries(fixture_db):
    provinces = fixture_db.query("option_provinces")
    assert len(provinces) == 63  # every province before 1 July 2025: a report may be about any of them
    # the filter opens on the provinces anything is known of: the two the reports describe
    assert provinces.loc[provinces["has_data"], "province_code"].tolist() == ["11", "95"]
    bac_lieu = provinces.set_index("province_code").loc["95"]
    assert (bac_lieu["province_2025_vi"], bac_lieu["province_2025_en"]) == ("Cà Mau", "Ca Mau")
    years = fixture_db.query("option_years").iloc[0]
    assert (years["year_min"], years["year_max"]) == (2008, 2013)
    crafts = fixture_db.query("option_crafts", provinces=["11"])
    assert crafts.iloc[0]["craft_code"] == "brocade_weaving" and crafts.iloc[0]["activity_count"] == 2
    assert len(crafts) == 12
    assert len(fixture_db.query("option_districts", provinces=["95"])) == 7
    assert len(fixture_db.query("option_activity_types")) == 9
    assert fixture_db.query("option_funds")["fund_code"].tolist() == ["kcdp", "kcqg", "other"]
    assert len(fixture_db.query("activity_type_map")) == 17


def test_activity_records_paged(fixture_db):
    page = q(fixture_db, "activity_records", limit=3, offset=3, sort="year", search="")
    assert page["activity_id"].tolist() == ["a3", "a7", "a5"]
    assert row(page, activity_id="a7")["fund_name_vi"] == "KCĐP"
    count = q(fixture_db, "activity_records_count").iloc[0]
    assert (count["record_count"], count["illustrative_count"]) == (8, 7)


def test_activity_records_ordered_by_a_measure_over_every_record(fixture_db):
    by_budget = q(fixture_db, "activity_records", limit=8, offset=0, sort="budget", search="")
    # 400 · 300 · 200,5 · 150,4 · 100 · 80 · 60 · 50
    assert by_budget["activity_id"].tolist() == ["a6", "a4", "a2", "a7", "a1", "a5", "a8", "a3"]
    # 50 · 40 · 30 · 20 · 10, then the records without trainees by year and id (2009, 2009, 2012)
    by_trainees = q(fixture_db, "activity_records", limit=8, offset=0, sort="trainees", search="")
    assert by_trainees["activity_id"].tolist() == ["a6", "a2", "a1", "a5", "a8", "a3", "a7", "a4"]
    second_page = q(fixture_db, "activity_records", limit=3, offset=3, sort="trainees", search="")
    assert second_page["activity_id"].tolist() == ["a5", "a8", "a3"]  # the order holds across pages
    by_jobs = q(fixture_db, "activity_records", limit=2, offset=0, sort="new_jobs", search="")
    assert by_jobs["activity_id"].tolist() == ["a6", "a2"]  # 45, 40


def test_activity_records_search_titles_without_marks_and_ids(fixture_db):
    found = q(fixture_db, "activity_records", limit=50, offset=0, sort="year", search="det tho cam")
    assert found["activity_id"].tolist() == ["a2", "a5"]  # "Dệt thổ cẩm", "Dệt thổ cẩm 2"
    count = q(fixture_db, "activity_records_search_count", search="det tho cam").iloc[0]
    assert (count["record_count"], count["illustrative_count"]) == (2, 2)
    assert q(fixture_db, "activity_records", limit=50, offset=0, sort="year", search="a7")["activity_id"].tolist() == [
        "a7"
    ]
    none = q(fixture_db, "activity_records_search_count", search="khong co").iloc[0]
    assert none["record_count"] == 0
    everything = q(fixture_db, "activity_records_search_count", search="").iloc[0]
    assert everything["record_count"] == 8  # no search: every record in scope


def test_result_cache_is_keyed_by_the_filters_a_query_uses(fixture_db):
    """A craft change reuses the cluster progress (it does not depend on crafts) but not the KPIs;
    the results are the same as uncached ones."""
    from kcdash import data

    data.clear_cache()
    before = data._cache.misses, data._cache.hits
    progress = data.run("cluster_progress", fixture_db, **ALL.params(), stage="established")
    data.run("kpis_by_province", fixture_db, **ALL.params())
    tea = ALL.with_(crafts=("tea_processing",))
    again = data.run("cluster_progress", fixture_db, **tea.params(), stage="established")
    kpis_tea = data.run("kpis_by_province", fixture_db, **tea.params())
    assert (data._cache.misses - before[0], data._cache.hits - before[1]) == (3, 1)
    assert again.equals(progress)
    assert kpis_tea.equals(fixture_db.query("kpis_by_province", **tea.params()))
    data.clear_cache()


# ---- cluster lists, unit kinds by year, sources --------------------------------------


def test_cluster_list_status_counts_records_and_illustrative(fixture_db, tmp_path):
    df = q(fixture_db, "cluster_list_status")
    # fixture: Điện Biên c1-c3 (all illustrative); Bạc Liêu c4 (illustrative), c5 (sourced)
    assert row(df, province_code="11")[["cluster_count", "illustrative_count", "sourced_count"]].tolist() == [3, 3, 0]
    assert row(df, province_code="95")[["cluster_count", "illustrative_count", "sourced_count"]].tolist() == [2, 1, 1]


def test_cluster_list_status_of_a_province_without_a_list_is_zero_clusters(tmp_path, make_fixture, fixture_csvs):
    from kcdash.db import Database

    only_dien_bien = "\n".join(line for line in fixture_csvs["clusters"].splitlines() if ",95," not in line) + "\n"
    db = Database(str(make_fixture(tmp_path / "d", clusters=only_dien_bien)))
    try:
        df = q(db, "cluster_list_status")
        assert row(df, province_code="95")["cluster_count"] == 0  # pagedata turns this into "no data"
        assert row(df, province_code="11")["cluster_count"] == 3
    finally:
        db.close()


def test_district_kinds_by_year(fixture_db):
    """Bạc Liêu (954) is a thị xã until 2010, a city from 2010; Giá Rai (959) a huyện until 2015."""
    y2008 = q(fixture_db, "district_kinds_by_year", as_of_year=2008).set_index("district_code")
    y2012 = q(fixture_db, "district_kinds_by_year", as_of_year=2012).set_index("district_code")
    y2016 = q(fixture_db, "district_kinds_by_year", as_of_year=2016).set_index("district_code")
    assert (y2008.loc["954", "kind"], y2012.loc["954", "kind"]) == ("town", "city")
    assert (y2012.loc["959", "kind"], y2016.loc["959", "kind"]) == ("district", "town")
    assert y2008.loc["100", "kind"] == "district"  # huyện Điện Biên, not the province
    assert "103" not in y2008.index and "103" in y2012.index  # Nậm Pồ from 2012


def test_cluster_districts_kind_is_the_kind_of_the_year(fixture_db):
    t2008 = q(fixture_db, "cluster_districts", as_of_year=2008).set_index("district_code")
    t2013 = q(fixture_db, "cluster_districts", as_of_year=2013).set_index("district_code")
    assert t2008.loc["954", "kind"] == "town"  # regression: showed "Thành phố" in a 2008 view
    assert t2013.loc["954", "kind"] == "city"
    assert t2013.loc["959", "kind"] == "district"


def test_sources_are_cited_by_title_with_their_file():
    from kcdash.db import Database

    db = Database(str(Path(__file__).resolve().parent.parent / "data"))
    try:
        src = q(db, "sources", Filters(provinces=("95",))).set_index("source_file")
        assert list(src.index) == ["003_fb7c3762907f9266.txt"]
        bl = src.loc["003_fb7c3762907f9266.txt"]
        assert bl["cited_title_vi"] == "[Hoạt động khuyến công tỉnh Bạc Liêu giai đoạn 2008–2013]"
        assert bool(bl["title_is_supplied"]) and missing(bl["title_vi"])  # the kept copy has no title
        assert bl["author_vi"] == "CTV Khuyến công"  # as signed in the text
        assert (bl["period_from_year"], bl["period_to_year"]) == (2008, 2013)
        assert len(q(db, "sources", Filters())) == 2
    finally:
        db.close()


def test_sources_table_is_optional(fixture_db):
    """A data folder written before sources.csv existed still opens; the table is empty."""
    assert q(fixture_db, "sources").empty


def test_fold_text_in_sql_folds_as_without_marks_in_python(fixture_db):
    """The records search folds its text in Python and the titles in SQL: the two must agree."""
    from kcdash.accents import without_marks

    texts = ["Mây tre ĐAN", "Đào tạo nghề dệt thổ cẩm", "chế biến chè Tủa Chùa", "Hoà Bình", "ẤP ỦY Ỵ", "plain"]
    cur = fixture_db.cursor()
    try:
        folded = [cur.execute("select fold_text($text)", {"text": s}).fetchone()[0] for s in texts]
    finally:
        cur.close()
    assert folded == [without_marks(s.lower()) for s in texts]
