"""Edges of the query layer that the main fixture does not reach, each found by a mutant that
survived every other test (`python -m tools.mutate`): names joined to the right province, two
records in one cube cell, filters that must all hold at once, and the reconciliation bounds."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from fixture_data import one

from kcdash.data import Filters
from kcdash.db import Database

ALL = Filters(year_from=2007, year_to=2013)

HEAD = (
    "activity_id,province_code,district_code,year,activity_type_code,craft_code,fund_code,"
    "budget_million_vnd,trainees,new_jobs,title_vi,source,is_illustrative\n"
)
# b1 and b2 share every cube dimension (province, district, year, content, craft, fund)
ACTIVITIES = HEAD + (
    "b1,11,098,2008,nd45_1,tea_processing,kcdp,190.0,10,6,Lớp chè 1,test,true\n"
    "b2,11,098,2008,nd45_1,tea_processing,kcdp,190.0,15,9,Lớp chè 2,test,true\n"
    "b3,11,099,2009,nd45_1,brocade_weaving,kcqg,420.0,20,12,Thổ cẩm,test,true\n"
    "b4,11,099,2009,nd45_3,brocade_weaving,kcdp,30.0,,,Mô hình,test,true\n"
    "b5,95,956,2008,nd45_1,mechanical_repair,kcqg,500.0,40,30,Cơ khí,test,true\n"
    "b6,95,961,2009,nd45_4,,kcdp,100.0,,,Hội chợ,test,true\n"
    # another cube cell of Điện Biên's 2008 local fund (other content, no craft)
    "b7,11,099,2008,nd45_6,,kcdp,20.0,,,Thông tin,test,true\n"
)
PUB_HEAD = (
    "figure_id,province_code,period_from_year,period_to_year,period_label,metric,fund_code,"
    "activity_type_code,craft_code,district_code,value,unit,qualifier,label_vi,label_en,source_file,quote\n"
)
PUBLISHED = PUB_HEAD + (
    # records 380 (b1 + b2) = 95 % of "nearly 400": the lowest value still consistent
    "g1,11,2007,2012,2007–2012,budget_million_vnd,kcdp,nd45_1,,,400,million VND,approximate_below,KCĐP,Local,x.txt,q\n"
    # records 420 against "about 400": 5 % off, the widest still consistent
    "g2,11,2007,2012,2007–2012,budget_million_vnd,kcqg,,,,400,million VND,approximate,KCQG,National,x.txt,q\n"
    # records 500 against "nearly 450": above an upper bound, so they differ
    "g3,95,2008,2013,2008–2013,budget_million_vnd,kcqg,,,,450,million VND,approximate_below,KCQG,National,y.txt,q\n"
    # records 500 against "about 600": more than 5 % off
    "g4,95,2008,2013,2008–2013,budget_million_vnd,kcqg,,,,600,million VND,approximate,KCQG,National,y.txt,q\n"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, make_fixture: Callable[..., Path]) -> Iterator[Database]:
    folder = make_fixture(tmp_path_factory.mktemp("edges") / "data", activities=ACTIVITIES, published=PUBLISHED)
    database = Database(str(folder))
    yield database
    database.close()


def q(db: Database, name: str, f: Filters = ALL, **extra: object) -> pd.DataFrame:
    return db.query(name, **f.params(), **extra)


def test_two_records_in_one_cube_cell_are_summed(db: Database) -> None:
    kpis = one(q(db, "kpis_by_province"), province_code="11")
    assert kpis["trainees"] == 45  # 10 + 15 + 20
    assert kpis["new_jobs"] == 27  # 6 + 9 + 12
    assert kpis["activity_count"] == 5
    by_year = one(q(db, "totals_by_province_year"), province_code="11", year=2008)
    assert (by_year["trainees"], by_year["new_jobs"]) == (25, 15)
    assert by_year["budget_million_vnd"] == pytest.approx(400.0)  # b1 + b2 + b7


def test_filters_on_content_and_fund_must_both_hold(db: Database) -> None:
    f = ALL.with_(activity_types=("nd45_1",), funds=("kcdp",))
    kpis = q(db, "kpis_by_province", f)
    assert one(kpis, province_code="11")["budget_million_vnd"] == pytest.approx(380.0)  # b1 + b2, not b3 or b4
    assert "95" not in set(kpis["province_code"]) or one(kpis, province_code="95")["activity_count"] == 0


@pytest.mark.parametrize(
    ("query", "column"),
    [
        ("kpis_by_province", "name_vi"),
        ("totals_by_province_year", "name_vi"),
        ("budget_by_fund", "province_name_vi"),
        ("trainees_by_district_and_craft", "province_name_vi"),
    ],
)
def test_names_are_the_provinces_own(db: Database, query: str, column: str) -> None:
    df = q(db, query)
    names = dict(zip(df["province_code"], df[column], strict=False))
    assert names["11"] == "Điện Biên"
    assert names["95"] == "Bạc Liêu"


def test_cluster_queries_name_the_provinces_own(db: Database) -> None:
    progress = q(db, "cluster_progress", stage="established")
    assert set(zip(progress["province_code"], progress["name_vi"], strict=True)) == {
        ("11", "Điện Biên"),
        ("95", "Bạc Liêu"),
    }
    districts = q(db, "cluster_districts", as_of_year=2013)
    tuan_giao = one(districts, district_code="099")
    assert tuan_giao["province_code"] == "11"
    assert one(districts, district_code="956")["province_name_vi"] == "Bạc Liêu"


def test_reconciliation_bounds(db: Database) -> None:
    rec = q(db, "reconciliation").set_index("figure_id")
    assert rec.loc["g1", "record_value"] == pytest.approx(380.0)
    assert rec.loc["g1", "status"] == "consistent"  # exactly 95 % of "nearly 400"
    assert rec.loc["g2", "record_value"] == pytest.approx(420.0)
    assert rec.loc["g2", "status"] == "consistent"  # exactly 5 % above "about 400"
    assert rec.loc["g3", "status"] == "differs"  # 500 is not "nearly 450"
    assert rec.loc["g4", "status"] == "differs"  # 500 is 17 % below "about 600"
    assert rec.loc["g1", "province_name_vi"] == "Điện Biên"
    assert rec.loc["g3", "province_name_vi"] == "Bạc Liêu"


def test_budget_by_year_and_fund_sums_two_records_of_one_cell(db: Database) -> None:
    df = q(db, "budget_by_year_fund")
    # two cube cells (b1 + b2 training, b7 information) of one year and fund
    assert one(df, province_code="11", year=2008, fund_code="kcdp")["budget_million_vnd"] == pytest.approx(400.0)


def test_craft_and_fund_filters_must_both_hold(db: Database) -> None:
    # tea is taught only with local funds (b1, b2): tea and the national fund together select nothing
    kpis = q(db, "kpis_by_province", ALL.with_(crafts=("tea_processing",), funds=("kcqg",)))
    dien_bien = kpis[kpis["province_code"] == "11"]
    assert dien_bien.empty or int(dien_bien.iloc[0]["activity_count"]) == 0
    tea_local = q(db, "kpis_by_province", ALL.with_(crafts=("tea_processing",), funds=("kcdp",)))
    assert one(tea_local, province_code="11")["trainees"] == 25
    # the records table filters the records themselves (not the cube) the same way
    first_page = {"limit": 50, "offset": 0, "sort": "year", "search": ""}
    records = q(db, "activity_records", ALL.with_(crafts=("tea_processing",), funds=("kcqg",)), **first_page)
    assert records.empty
    tea_records = q(db, "activity_records", ALL.with_(crafts=("brocade_weaving",), funds=("kcdp",)), **first_page)
    assert tea_records["activity_id"].tolist() == ["b4"]


def test_units_of_a_year_one_row_each_with_the_kind_of_that_year(db: Database) -> None:
    kinds = db.query("district_kinds_by_year", provinces=["95"], as_of_year=2008)
    assert sorted(kinds["district_code"]) == ["954", "956", "957", "958", "959", "960", "961"]
    assert one(kinds, district_code="954")["kind"] == "town"  # thị xã until 2010
    assert one(kinds, district_code="959")["kind"] == "district"  # huyện until 2015
    every = db.query("district_kinds_by_year", provinces=[], as_of_year=2008)
    assert every["province_code"].iloc[0] == "11"  # provinces in their display order
    assert len(every) == len(set(every["district_code"]))
    later = db.query("district_kinds_by_year", provinces=["95"], as_of_year=2016)
    assert one(later, district_code="954")["kind"] == "city"
    assert one(later, district_code="959")["kind"] == "town"


def test_districts_without_a_cluster_of_the_chosen_districts_only(db: Database) -> None:
    f = ALL.with_(provinces=("95",))
    without = q(db, "districts_without_cluster", f, stage="established", as_of_year=2013)
    assert len(without) == len(set(without["district_code"]))  # one row per district
    assert set(without["province_name_vi"]) == {"Bạc Liêu"}
    assert "956" not in set(without["district_code"])  # Hồng Dân's cluster was established in 2008
    one_district = q(db, "districts_without_cluster", f.with_(districts=("957",)), stage="established", as_of_year=2013)
    assert one_district["district_code"].tolist() == ["957"]


def test_a_figure_up_to_a_year_is_reconciled_with_every_year_before(
    tmp_path: Path, make_fixture: Callable[..., Path]
) -> None:
    published = PUB_HEAD + (
        "u1,95,,2013,đến 2013,budget_million_vnd,kcqg,,,,500,million VND,exact,KCQG,National,y.txt,q\n"
    )
    folder = make_fixture(tmp_path / "d", activities=ACTIVITIES, published=published)
    database = Database(str(folder))
    try:
        rec = q(database, "reconciliation").set_index("figure_id")
        assert rec.loc["u1", "record_value"] == pytest.approx(500.0)  # b5, 2008: no start year bounds it
        assert rec.loc["u1", "status"] == "match"
    finally:
        database.close()


def test_a_province_with_only_real_records_counts_zero_illustrative_not_missing(
    tmp_path: Path, make_fixture: Callable[..., Path], fixture_csvs: dict[str, str]
) -> None:
    activities = HEAD + (
        "r1,11,098,2008,nd45_1,tea_processing,kcdp,10.0,5,4,Lớp chè,test,true\n"
        "r2,95,956,2008,nd45_1,mechanical_repair,kcqg,20.0,6,5,Cơ khí,test,false\n"
    )
    head, *rows = fixture_csvs["clusters"].splitlines()
    clusters = "\n".join([head, *(r for r in rows if r.startswith(("c1,", "c5,")))]) + "\n"
    database = Database(str(make_fixture(tmp_path / "d", activities=activities, clusters=clusters)))
    try:
        kpis = q(database, "kpis_by_province")
        assert one(kpis, province_code="95")["illustrative_count"] == 0  # 0 of 1, not "no data"
        assert one(kpis, province_code="11")["illustrative_count"] == 1
        status = q(database, "cluster_list_status")
        assert one(status, province_code="95")["illustrative_count"] == 0  # c5 is sourced
        assert one(status, province_code="95")["sourced_count"] == 1
    finally:
        database.close()


# ---- the rollup (queries/_activity_rollup.sql): same answers as the cube, read when it can be --

ROLLUP_STATES = [
    ALL,
    Filters(year_from=2008, year_to=2008),
    ALL.with_(provinces=("11",)),
    ALL.with_(funds=("kcdp",), activity_types=("nd45_1", "nd45_3")),
    ALL.with_(crafts=("tea_processing",)),  # the cube's branch
    ALL.with_(districts=("099",)),
    ALL.with_(crafts=("brocade_weaving",), districts=("099",), funds=("kcqg",)),
]


def _over_cube(db: Database, name: str, f: Filters) -> pd.DataFrame:
    """The query as it would read the district- and craft-level cube only."""
    from kcdash.db import load_sql, param_names

    sql = load_sql(name)
    params = {**f.params(), "limit": 50, "offset": 0}
    cur = db.cursor()
    try:
        # this cursor's own filtered_activity_totals (a temporary macro, found first) reads the cube,
        # for the query and for the macros it reads the totals through (budget_sums)
        cur.execute(
            "create temp macro filtered_activity_totals("
            "provinces, year_from, year_to, crafts, districts, activity_types, funds) as table "
            "select * from filtered_activity_cube("
            "provinces, year_from, year_to, crafts, districts, activity_types, funds)"
        )
        return cur.execute(sql, {k: params[k] for k in param_names(sql)}).df()
    finally:
        cur.close()


def _totals_queries() -> list[str]:
    from kcdash.db import load_sql, query_names

    names = [n for n in query_names() if re.search(r"\b(filtered_activity_totals|budget_sums)\(", load_sql(n))]
    assert {"kpis_by_province", "budget_by_fund", "totals_by_province_year"} <= set(names)
    return names


@pytest.mark.parametrize("name", _totals_queries())
@pytest.mark.parametrize("f", ROLLUP_STATES, ids=lambda f: str(f.params())[:60])
def test_the_rollup_answers_as_the_cube_does(db: Database, name: str, f: Filters) -> None:
    pd.testing.assert_frame_equal(q(db, name, f, limit=50, offset=0), _over_cube(db, name, f))


def test_no_craft_and_no_district_reads_the_rollup_and_a_craft_reads_the_cube(
    tmp_path: Path, make_fixture: Callable[..., Path]
) -> None:
    """Change the rollup alone: the default view sees it, a craft or district filter does not."""
    database = Database(str(make_fixture(tmp_path / "data", activities=ACTIVITIES, published=PUBLISHED)))
    try:
        cur = database.cursor()
        cur.execute("update activity_rollup set trainees = trainees + 1000 where province_code = '11'")
        cur.close()
        # two rollup rows of Điện Biên report trainees (2008 nd45_1 kcdp, 2009 nd45_1 kcqg)
        assert one(q(database, "kpis_by_province"), province_code="11")["trainees"] == 45 + 2 * 1000
        tea = ALL.with_(crafts=("tea_processing",))
        assert one(q(database, "kpis_by_province", tea), province_code="11")["trainees"] == 25
        district = ALL.with_(districts=("098",))
        assert one(q(database, "kpis_by_province", district), province_code="11")["trainees"] == 25
    finally:
        database.close()
