"""The page-data layer (kcdash.pagedata) on the small fixture (conftest.py), with the numbers a
reader would check worked out by hand from the fixture's rows. Pages only draw what these return,
so a wrong ratio or a wrong base year here is a wrong number on screen."""

from __future__ import annotations

from collections.abc import Iterator

import pandas as pd
import pytest
from fixture_data import one

from kcdash import data, national, pagedata
from kcdash.data import Filters

ALL = Filters(year_from=2007, year_to=2013)


@pytest.fixture(scope="module", autouse=True)
def fixture_data(tmp_path_factory: pytest.TempPathFactory, make_fixture) -> Iterator[None]:
    folder = make_fixture(tmp_path_factory.mktemp("pagedata") / "data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATA_DIR", str(folder))
        data.clear_cache()
        yield
    data.clear_cache()


def test_training_jobs_per_trainee_is_a_percentage_of_the_year() -> None:
    by_year = pagedata.training(ALL).by_year
    # Điện Biên 2008: a1 + a2 = 70 trainees, 25 + 40 = 65 new jobs
    assert one(by_year, province_code="11", year=2008)["jobs_per_trainee_pct"] == pytest.approx(100 * 65 / 70)
    # Bạc Liêu 2013: a8 = 10 trainees, 8 new jobs
    assert one(by_year, province_code="95", year=2013)["jobs_per_trainee_pct"] == pytest.approx(80.0)
    # Điện Biên 2010: 20 trainees, no job count reported: no ratio, not 0 %
    assert pd.isna(one(by_year, province_code="11", year=2010)["jobs_per_trainee_pct"])
    # Điện Biên 2009: no trainees at all (a3 is an information activity): no ratio, not a division by 0
    assert pd.isna(one(by_year, province_code="11", year=2009)["jobs_per_trainee_pct"])


def test_training_parts_are_the_crafts_and_the_districts_each_with_its_own_names() -> None:
    # one query gives both halves (grouping sets): each half has only its own key's columns
    parts = pagedata.training_parts(ALL)
    crafts, districts = parts.by_craft, parts.by_district
    assert "by_craft" not in crafts.columns and "district_code" not in crafts.columns
    assert "by_craft" not in districts.columns and "craft_code" not in districts.columns
    assert crafts["trainees"].tolist() == [60, 50, 30, 10]  # most trainees first, any province
    assert one(crafts, craft_code="brocade_weaving")["craft_name_vi"] == "Dệt thổ cẩm"
    assert one(districts, district_code="098")["district_name_vi"] == "huyện Tủa Chùa"  # named with its kind
    # by province first, then most trainees
    assert districts["province_code"].tolist() == sorted(districts["province_code"])
    for _, rows in districts.groupby("province_code"):
        assert rows["trainees"].dropna().tolist() == sorted(rows["trainees"].dropna(), reverse=True)
    # both halves count the same activities (those that report trainees or jobs)
    assert crafts["activity_count"].sum() == districts["activity_count"].sum()
    assert crafts["trainees"].sum() == districts["trainees"].sum() == 150


def test_indexed_trend_starts_at_100_in_the_first_year_with_a_value() -> None:
    idx = pagedata.indexed(pagedata.training(ALL).by_year, ("trainees", "budget_million_vnd"))
    t = idx[(idx["province_code"] == "11") & (idx["measure"] == "trainees")]
    assert one(t, year=2008)["index"] == pytest.approx(100.0)
    assert one(t, year=2008)["base_year"] == 2008
    assert one(t, year=2010)["index"] == pytest.approx(100 * 20 / 70)
    assert pd.isna(one(t, year=2009)["index"])  # no trainees in 2009: no index, not 0
    b = idx[(idx["province_code"] == "95") & (idx["measure"] == "budget_million_vnd")]
    assert one(b, year=2009)["index"] == pytest.approx(100 * 150.4 / 400.0)
    assert one(b, year=2013)["index"] == pytest.approx(100 * 60.0 / 400.0)


def test_indexed_of_nothing_is_an_empty_frame_with_the_columns() -> None:
    empty = pagedata.training(ALL.with_(year_from=2020, year_to=2021)).by_year
    out = pagedata.indexed(empty, ("trainees",))
    assert out.empty
    assert {"province_code", "measure", "year", "index", "base_year"} <= set(out.columns)


def test_aligned_measures_divide_by_the_districts_that_existed() -> None:
    cmp = pagedata.compare(ALL)
    aligned = cmp.aligned
    db_ = one(aligned, province_code="11")
    assert db_["trainees_per_district"] == pytest.approx(90 / 10)  # 10 districts with Nậm Pồ (2012)
    assert db_["budget_million_vnd_per_district"] == pytest.approx(730.5 / 10)
    bl = one(aligned, province_code="95")
    assert bl["new_jobs_per_district"] == pytest.approx(53 / 7)


def test_cluster_counts_are_those_of_the_last_year() -> None:
    counts = pagedata.cluster_counts(ALL)
    db_ = one(counts, province_code="11")
    # established by 2013: c1 Tuần Giáo (2009), c3 Nậm Pồ (2013); c2 Tủa Chùa is only planned
    assert int(db_["districts_with_cluster"]) == 2
    assert int(db_["cluster_count"]) == 3
    bl = one(counts, province_code="95")
    # c4 Hồng Dân (2008) and c5 Hòa Bình: at detailed plan as of 2011 without stage years, so it
    # had passed "established" by 2011
    assert int(bl["districts_with_cluster"]) == 2
    early = one(pagedata.cluster_counts(ALL.with_(year_to=2008)), province_code="11")
    assert int(early["districts_with_cluster"]) == 0  # Tuần Giáo's cluster is established in 2009


def test_cluster_counts_speak_of_the_last_year_whatever_the_first() -> None:
    """x of y districts in the last chosen year, the year of the district counts beside them: the
    same for any first year, and moving the first year asks DuckDB nothing more."""
    data.clear_cache()
    counts = pagedata.cluster_counts(ALL)
    misses = data._cache.misses
    for first in (2008, 2010, 2013):
        assert pagedata.cluster_counts(ALL.with_(year_from=first)).equals(counts)
    assert data._cache.misses == misses
    # Điện Biên in 2013: 10 districts with Nậm Pồ, 2 with an established cluster
    assert one(counts, province_code="11")[["year", "districts_total", "districts_with_cluster"]].tolist() == [
        2013,
        10,
        2,
    ]


def cells(df: pd.DataFrame) -> list[list[object]]:
    """Every cell as a reader sees it, a missing one as None (a column all missing for the chosen
    provinces may come from DuckDB as objects, from every province's rows as text)."""
    return df.astype(object).where(df.notna(), None).to_numpy().tolist()


def test_per_province_queries_cut_the_rows_of_every_province_as_the_query_would() -> None:
    """Choosing a province cuts the cached every-province rows: the same rows, in the same order,
    as the query asked for those provinces, and no new DuckDB query."""
    db = data.get_database()
    for name in data.PROVINCE_ROWS:
        data.province_rows(name, ())
        misses = data._cache.misses
        for chosen in (("11",), ("95",), ("95", "11"), ("99",), ()):
            cut = data.province_rows(name, chosen)
            direct = db.query(name, provinces=list(chosen))
            assert list(cut.columns) == list(direct.columns), name
            assert len(cut) == len(direct), (name, chosen)
            assert cells(cut) == cells(direct), (name, chosen)
        assert data._cache.misses == misses, name
    with pytest.raises(ValueError, match="kpis_by_province"):
        data.province_rows("kpis_by_province", ("11",))


def test_every_province_chosen_is_asked_as_no_province_chosen() -> None:
    """The national view lists every province; the queries are asked for "no restriction" instead
    (one planning of a long list fewer): the same rows, one cache entry for both."""
    every = tuple(data.provinces()["province_code"])
    assert len(every) == 63 and {"11", "95"} <= set(every)
    data.clear_cache()
    listed = {
        name: data.run(name, None, **ALL.with_(provinces=every).params())
        for name in ("kpis_by_province", "budget_by_fund")
    }
    misses = data._cache.misses
    for name, frame in listed.items():
        unrestricted = data.run(name, None, **ALL.params())
        assert cells(unrestricted) == cells(frame), name
        with_records = frame.loc[frame["budget_million_vnd"].notna(), "province_code"].unique()
        assert list(with_records) == ["11", "95"], name
    assert data._cache.misses == misses  # the same cache entry
    one_chosen = data.kpis(ALL.with_(provinces=("95",)))  # a part of the provinces stays a restriction
    assert one_chosen["province_code"].tolist() == ["95"]
    assert data._cache.misses == misses + 1


def test_published_periods_name_each_reporting_period_once() -> None:
    periods = pagedata.published_periods(pagedata.compare(ALL).published)
    got = sorted(zip(periods["province_code"], periods["period_from_year"], periods["period_to_year"], strict=True))
    assert got == [("11", 2007, 2012), ("95", 2008, 2013), ("95", 2020, 2021)]


def test_budget_page_sums_by_fund() -> None:
    by_fund = pagedata.budget(ALL).by_fund
    # Điện Biên KCQG: a2 200,5 + a3 50 + a5 80 = 330,5; KCĐP: a1 100 + a4 300 = 400
    assert one(by_fund, province_code="11", fund_code="kcqg")["budget_million_vnd"] == pytest.approx(330.5)
    assert one(by_fund, province_code="11", fund_code="kcdp")["budget_million_vnd"] == pytest.approx(400.0)
    assert one(by_fund, province_code="95", fund_code="other")["budget_million_vnd"] == pytest.approx(60.0)


def test_district_options_are_those_of_the_chosen_provinces() -> None:
    assert pagedata.district_options(()).empty  # no province chosen: no district to offer
    codes = set(pagedata.district_options(("95",))["district_code"])
    assert codes == {"954", "956", "957", "958", "959", "960", "961"}


def test_published_periods_are_the_reports_periods_as_the_compare_page_reads_them() -> None:
    periods = pagedata.published_periods(pagedata.compare(ALL).published)
    # the keys are exactly the columns the compare page reads
    assert periods[periods["province_code"] == "11"].to_dict("records") == [
        {"province_code": "11", "province_name_vi": "Điện Biên", "province_name_en": "Dien Bien",
         "period_label": "2007–2012", "period_from_year": 2007, "period_to_year": 2012},
    ]  # fmt: skip
    assert "2008–2013" in set(periods.loc[periods["province_code"] == "95", "period_label"])
    assert list(periods.index) == list(range(len(periods)))


# ---- any number of provinces: sums, shares, rankings (pure shaping, frames written by hand) ----

BY_YEAR = pd.DataFrame(
    {
        "province_code": ["11", "11", "95", "95", "01"],
        "name_vi": ["Điện Biên", "Điện Biên", "Bạc Liêu", "Bạc Liêu", "Hà Nội"],
        "name_en": ["Dien Bien", "Dien Bien", "Bac Lieu", "Bac Lieu", "Ha Noi"],
        "year": [2008, 2009, 2008, 2009, 2008],
        "trainees": [70.0, None, 50.0, 10.0, 5.0],
        "new_jobs": [65.0, None, 45.0, None, 0.0],
    }
)


def test_with_others_sums_every_province_outside_the_focus_into_one_row_per_year() -> None:
    out = pagedata.with_others(
        BY_YEAR, ["11"], by=["year"], sums=["trainees", "new_jobs"], other_names=("Tỉnh khác", "Other provinces")
    )
    assert list(out.index) == list(range(len(out)))
    assert list(out.columns) == list(BY_YEAR.columns)
    dien_bien = out[out["province_code"] == "11"]
    assert dien_bien["year"].tolist() == [2008, 2009]
    other = out[out["province_code"] == pagedata.OTHER_CODE].set_index("year")
    assert other.loc[2008, "trainees"] == 55.0  # Bạc Liêu 50 + Hà Nội 5
    assert other.loc[2009, "trainees"] == 10.0
    assert pd.isna(other.loc[2009, "new_jobs"])  # nobody reported jobs for 2009: missing, not 0
    assert other.loc[2008, "name_vi"] == "Tỉnh khác"
    only_focus = pagedata.with_others(
        BY_YEAR[BY_YEAR["province_code"] == "11"], ["11"], by=["year"], sums=["trainees"], other_names=("x", "y")
    )
    assert list(only_focus.index) == [0, 1]
    assert list(only_focus.columns) == list(BY_YEAR.columns)


def test_together_puts_the_whole_scope_first_then_the_focus() -> None:
    out = pagedata.together(
        BY_YEAR, by=["year"], sums=["trainees", "new_jobs"], names=("Cả nước", "Country"), focus=["95"]
    )
    assert list(out.index) == list(range(len(out)))
    whole = out[out["province_code"] == pagedata.ALL_CODE].set_index("year")
    assert whole.loc[2008, "trainees"] == 125.0  # 70 + 50 + 5
    assert whole.loc[2008, "new_jobs"] == 110.0  # 65 + 45 + 0: a reported 0 is a 0
    assert out[out["province_code"] == "95"]["trainees"].tolist() == [50.0, 10.0]
    assert set(out["province_code"]) == {pagedata.ALL_CODE, "95"}


def test_the_average_province_counts_only_the_provinces_that_report_a_value() -> None:
    """The compare page's benchmark at national scale: a province without a value that year is
    left out of the average, never counted as 0; a reported 0 is counted."""
    out = pagedata.together(
        BY_YEAR, by=["year"], sums=["trainees", "new_jobs"], names=("Bình quân", "Average"), focus=["11"], how="mean"
    )
    average = out[out["province_code"] == pagedata.ALL_CODE].set_index("year")
    assert average.loc[2008, "trainees"] == pytest.approx(125.0 / 3)  # (70 + 50 + 5) / 3
    assert average.loc[2008, "new_jobs"] == pytest.approx(110.0 / 3)  # (65 + 45 + 0) / 3
    assert average.loc[2009, "trainees"] == 10.0  # Bạc Liêu alone: Điện Biên reports none
    assert pd.isna(average.loc[2009, "new_jobs"])  # nobody reported jobs for 2009: missing
    assert average.loc[2008, "name_vi"] == "Bình quân"
    assert out[out["province_code"] == "11"]["trainees"].tolist()[0] == 70.0  # the focus as it is


def test_with_others_keeps_each_groups_own_sums_and_names_with_two_keys_and_a_missing_one() -> None:
    """Groups by two columns, one value missing in a key, the focus given out of display order:
    each summed row carries its own group's sums and names (the sums are set by position, so a
    misaligned group order would swap them) and the focus rows come in the focus order."""
    df = pd.DataFrame(
        {
            "province_code": ["01", "01", "02", "02", "11", "95", "11"],
            "name_vi": ["A", "A", "B", "B", "Điện Biên", "Bạc Liêu", "Điện Biên"],
            "name_en": ["A", "A", "B", "B", "Dien Bien", "Bac Lieu", "Dien Bien"],
            "year": [2009, 2008, 2008, 2009, 2009, 2008, 2008],
            "fund_code": ["KCDP", None, "KCQG", "KCDP", "KCQG", "KCQG", "KCQG"],
            "fund_name": ["local", None, "national", "local", "national", "national", "national"],
            "budget": [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0],
        }
    )
    out = pagedata.with_others(
        df, ["95", "11"], by=["year", "fund_code"], sums=["budget"], other_names=("khác", "other")
    )
    assert out["province_code"].tolist()[:3] == ["95", "11", "11"]  # focus order, then by year
    assert out["year"].tolist()[:3] == [2008, 2008, 2009]
    other = out[out["province_code"] == pagedata.OTHER_CODE]

    def text(value: object) -> object:
        return None if pd.isna(value) else value

    got = {(r.year, text(r.fund_code)): (r.budget, text(r.fund_name)) for r in other.itertuples()}
    assert got == {
        (2009, "KCDP"): (9.0, "local"),  # 1 + 8
        (2008, None): (2.0, None),  # the missing key is a group of its own
        (2008, "KCQG"): (4.0, "national"),
    }


def test_ratio_and_shares_are_missing_where_the_whole_is_zero() -> None:
    df = pd.DataFrame({"province_code": ["a", "a", "b"], "num": [3.0, 1.0, 2.0], "den": [4.0, 0.0, 8.0]})
    r = pagedata.ratio(df, "num", "den", 100)
    assert r.iloc[0] == pytest.approx(75.0)
    assert pd.isna(r.iloc[1])  # 1 of 0: no ratio, not infinity
    assert r.iloc[2] == pytest.approx(25.0)
    s = pagedata.shares(df, "num")
    assert s.tolist()[:2] == pytest.approx([75.0, 25.0])
    assert s.iloc[2] == pytest.approx(100.0)
    zero = pagedata.shares(pd.DataFrame({"province_code": ["c"], "num": [0.0]}), "num")
    assert pd.isna(zero.iloc[0])


def test_ranking_puts_the_largest_first_and_missing_last() -> None:
    frame = pd.DataFrame({"province_code": ["11", "95", "01", "02"], "trainees": [90.0, None, 120.0, 90.0]})
    out = pagedata.ranking(frame, "trainees", ["11"])
    assert out["province_code"].tolist() == ["01", "11", "02", "95"]
    assert out["rank"].tolist()[:3] == [1, 2, 2]  # equal values share a rank
    assert pd.isna(out["rank"].iloc[3])
    assert out["is_focus"].tolist() == [False, True, False, False]


def test_cluster_reach_counts_districts_and_says_no_data_without_a_list() -> None:
    districts = pd.DataFrame({"province_code": ["11"] * 10 + ["95"] * 7})
    without = pd.DataFrame({"province_code": ["11"] * 8 + ["95"] * 7})
    lists = pd.DataFrame({"province_code": ["11", "95"], "cluster_count": [3, 0], "illustrative_count": [3, 0]})
    out = pagedata.cluster_reach(districts, without, lists).set_index("province_code")
    assert out.loc["11", "districts_total"] == 10
    assert out.loc["11", "districts_with_cluster"] == 2
    assert out.loc["11", "share_pct"] == pytest.approx(20.0)
    assert pd.isna(out.loc["95", "share_pct"])  # no cluster list: "no data", never 0 of 7
    hidden = pagedata.cluster_reach(districts, without, lists, hide_illustrative=True).set_index("province_code")
    assert pd.isna(hidden.loc["11", "share_pct"])  # published-only: an invented list counts for nothing


def test_filter_labels_name_units_by_their_kind_keep_names_apart_and_are_made_once() -> None:
    vi, en = pagedata.filter_labels("vi"), pagedata.filter_labels("en")
    assert len(vi.provinces) == 63
    assert (vi.provinces["11"], vi.provinces["95"], vi.provinces["96"]) == ("Điện Biên", "Bạc Liêu", "Cà Mau")
    assert en.provinces["11"] == "Dien Bien"
    # a district reads as a district ("huyện …", "TP …"), never as the province of the same name
    assert all(label.split(" ", 1)[0] in {"huyện", "TP", "TX", "thị", "quận"} for label in vi.districts.values())
    assert vi.districts != en.districts
    assert pagedata.filter_labels("vi") is vi  # made once per data version and language


def test_labels_tell_apart_two_codes_with_one_name() -> None:
    frame = pd.DataFrame({"code": ["a", "b", "c"], "name": ["Châu Thành", "Châu Thành", "Long Mỹ"]})
    shown = pagedata.labels(frame, "code", "name", {"a": "Tiền Giang", "b": "Bến Tre"})
    assert shown == {"a": "Châu Thành (Tiền Giang)", "b": "Châu Thành (Bến Tre)", "c": "Long Mỹ"}


def test_a_search_is_folded_as_the_records_query_folds_titles() -> None:
    assert data.fold_search("  Dệt THỔ   cẩm ") == "det tho cam"
    assert data.fold_search("Điện Biên") == "dien bien"  # đ is a letter of its own, not a marked d
    assert data.fold_search(None) == ""
    assert len(data.fold_search("x" * 500)) == data.SEARCH_MAX_CHARS


def test_records_are_searched_and_ordered_through_the_data_layer() -> None:
    assert pagedata.record_count(ALL, "DỆT thổ") == 2
    page = pagedata.data_sources(ALL, page=1, page_size=2, sort="budget", search="dệt")
    assert page.records["activity_id"].tolist() == ["a2", "a5"]  # 200,5 then 80
    assert page.record_count == 2
    unknown = pagedata.data_sources(ALL, page=1, page_size=3, sort="drop table", search="")
    assert unknown.records["activity_id"].tolist() == ["a1", "a2", "a6"]  # an unknown order: by year


def test_focus_first_puts_the_followed_provinces_first_and_keeps_the_rest_in_order() -> None:
    df = pd.DataFrame({"province_code": ["01", "02", "11", "04", "95", "06"], "v": range(6)})
    out = pagedata.focus_first(df, ["95", "11"])
    assert out["province_code"].tolist() == ["95", "11", "01", "02", "04", "06"]
    assert out["v"].tolist() == [4, 2, 0, 1, 3, 5]  # rows move whole
    assert pagedata.focus_first(df, [])["province_code"].tolist() == df["province_code"].tolist()


def test_the_63_provinces_regroup_into_the_34_of_2025_keeping_missing_missing() -> None:
    """Bạc Liêu's and Cà Mau's sums go into Cà Mau, keyed by Cà Mau's own code; a new province
    none of whose old provinces has a value stays empty ("no data"), never 0."""
    provinces = national.province_reference()
    frame = pd.DataFrame(
        {
            "province_code": ["95", "96", "11", "01"],
            "trainees": [100.0, 50.0, 30.0, None],
        }
    )
    groups = national.regrouped_2025(frame, provinces, ["trainees"]).set_index("name_vi")
    assert len(groups) == 3  # Cà Mau, Điện Biên, Hà Nội: the groups the frame's provinces belong to
    assert groups.loc["Cà Mau", "trainees"] == 150.0 and groups.loc["Cà Mau", "province_code"] == "96"
    assert sorted(groups.loc["Cà Mau", "members"]) == ["95", "96"]
    assert groups.loc["Điện Biên", "trainees"] == 30.0
    assert pd.isna(groups.loc["Hà Nội", "trainees"])


def test_the_national_map_takes_each_provinces_published_total_for_the_years_shown() -> None:
    """A province-wide total (no fund, no district), not a plan, whose period meets the years shown;
    the latest first."""
    published = pd.DataFrame(
        [
            {"province_code": "42", "metric": "budget_million_vnd", "fund_code": None, "district_code": None,
             "value": 2600.0, "status": "done", "period_from_year": 2021, "period_to_year": 2021},
            {"province_code": "42", "metric": "budget_million_vnd", "fund_code": None, "district_code": None,
             "value": 4150.0, "status": "planned", "period_from_year": 2021, "period_to_year": 2021},
            {"province_code": "42", "metric": "budget_million_vnd", "fund_code": None, "district_code": None,
             "value": 1900.0, "status": "done", "period_from_year": 2019, "period_to_year": 2019},
            {"province_code": "11", "metric": "budget_million_vnd", "fund_code": "kcqg", "district_code": None,
             "value": 4000.0, "status": "done", "period_from_year": 2007, "period_to_year": 2012},
            {"province_code": "95", "metric": "budget_million_vnd", "fund_code": None, "district_code": None,
             "value": 6788.9, "status": "done", "period_from_year": 2008, "period_to_year": 2013},
        ]
    ).assign(qualifier="exact", period_part=None, source_file="x", quote="q", figure_id=lambda d: d.index.astype(str), unit="million VND")  # fmt: skip
    chosen = national.published_by_province(published, "budget_million_vnd", 2010, 2024)
    assert dict(zip(chosen["province_code"], chosen["value"], strict=True)) == {"42": 2600.0, "95": 6788.9}
    assert national.published_by_province(published, "budget_million_vnd", 2014, 2018).empty


def test_a_page_changing_its_frames_leaves_the_next_read_as_it_was() -> None:
    """Page data are frozen, and each frame in them is the page's own copy of the cached result."""
    first = pagedata.compare(ALL)
    trainees = first.kpis["trainees"].copy()
    first.kpis["trainees"] = 0  # what a careless page might do to a frame it was given
    first.by_year["year"] = 0
    again = pagedata.compare(ALL)
    pd.testing.assert_series_equal(again.kpis["trainees"], trainees)
    assert again.by_year["year"].min() >= ALL.year_from
    assert hash(again) != hash(first)  # page data hash (and compare) by identity: frames have no truth value
    with pytest.raises(AttributeError):
        again.kpis = first.kpis  # type: ignore[misc]


def test_filter_labels_are_read_only_and_the_options_typed() -> None:
    options = pagedata.filter_options()
    assert (options.year_min, options.year_max) == (2008, 2013)  # the fixture's first and last record
    assert isinstance(options.version, pagedata.DataVersion)
    assert options.version.label("vi") == (options.version.label_vi or options.version.id or "")
    labels = pagedata.filter_labels("vi")
    with pytest.raises(AttributeError):
        labels.provinces = {}  # type: ignore[misc]
