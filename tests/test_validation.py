"""Each validation rule has a broken file of its own and an assertion on its message."""

from __future__ import annotations

import dataclasses

import pytest
from fixture_data import ACTIVITIES_CSV, CLUSTERS_CSV, PUBLISHED_CSV, write_fixture

from kcdash import validate
from kcdash.db import Database
from kcdash.schema import TABLES
from kcdash.validate import DataValidationError


def broken(tmp_path, table: str, old: str, new: str):
    texts = {"activities": ACTIVITIES_CSV, "clusters": CLUSTERS_CSV, "published": PUBLISHED_CSV}
    assert old in texts[table], old
    texts[table] = texts[table].replace(old, new, 1)
    folder = write_fixture(
        tmp_path / "d", activities=texts["activities"], clusters=texts["clusters"], published=texts["published"]
    )
    with pytest.raises(DataValidationError) as err:
        Database(str(folder))
    return err.value.problems


CASES = [
    # (id, table, old text, new text, rule, row, column, value, Vietnamese message fragment)
    (
        "negative count",
        "activities",
        "a2,11,099,2008,nd45_1,brocade_weaving,kcqg,200.5,40,40",
        "a2,11,099,2008,nd45_1,brocade_weaving,kcqg,200.5,-40,40",
        "below_min",
        3,
        "trainees",
        "-40",
        "Tệp activities.csv, hàng 3, cột “Số học viên”, giá trị “-40”: nhỏ hơn giá trị thấp nhất cho phép (0)",
    ),
    (
        "not a number",
        "activities",
        "kcqg,400.0,50,45",
        "kcqg,bốn trăm,50,45",
        "not_number",
        7,
        "budget_million_vnd",
        "bốn trăm",
        "cột “Kinh phí (triệu đồng)”, giá trị “bốn trăm”: không phải là số",
    ),
    (
        "not whole",
        "activities",
        "kcdp,100.0,30,25",
        "kcdp,100.0,30.5,25",
        "not_whole",
        2,
        "trainees",
        "30.5",
        "phải là số nguyên",
    ),
    (
        "too many decimals",
        "activities",
        "kcdp,100.0,30,25",
        "kcdp,100.0000005,30,25",  # half a đồng: budgets are exact to the đồng (6 decimals in million)
        "too_many_decimals",
        2,
        "budget_million_vnd",
        "100.0000005",
        "có quá 6 chữ số sau dấu phẩy",
    ),
    (
        "year out of range",
        "activities",
        "a3,11,,2009,",
        "a3,11,,3009,",
        "above_max",
        4,
        "year",
        "3009",
        "lớn hơn giá trị cao nhất cho phép (2030)",
    ),
    (
        "required empty",
        "activities",
        "a3,11,,2009,nd45_6,,kcqg",
        "a3,11,,2009,nd45_6,,",
        "required",
        4,
        "fund_code",
        None,
        "cột “Nguồn kinh phí”: ô này bắt buộc phải có giá trị",
    ),
    (
        "unknown fund",
        "activities",
        "a3,11,,2009,nd45_6,,kcqg",
        "a3,11,,2009,nd45_6,,kcxx",
        "unknown_reference",
        4,
        "fund_code",
        "kcxx",
        "không có trong danh mục nguồn kinh phí",
    ),
    (
        "unknown craft",
        "activities",
        "tea_processing,kcdp",
        "tea,kcdp",
        "unknown_reference",
        2,
        "craft_code",
        "tea",
        "không có trong danh mục ngành nghề",
    ),
    (
        "unknown district",
        "activities",
        "a1,11,098,2008",
        "a1,11,998,2008",
        "unknown_reference",
        2,
        "district_code",
        "998",
        "Tệp activities.csv, hàng 2, cột “Huyện”, giá trị “998”: không có trong danh mục huyện",
    ),
    (
        "bad boolean",
        "activities",
        "Cơ khí,test,true",
        "Cơ khí,test,maybe",
        "not_boolean",
        7,
        "is_illustrative",
        "maybe",
        "phải là true/false",
    ),
    (
        "duplicate id",
        "activities",
        "a5,11,099,2010",
        "a2,11,099,2010",
        "duplicate_key",
        6,
        "activity_id",
        "a2",
        "mã bị trùng với hàng 3",
    ),
    (
        "district of another province",
        "activities",
        "a6,95,956,2008",
        "a6,95,099,2008",
        "district_other_province",
        7,
        "district_code",
        "099",
        "huyện này thuộc tỉnh khác",
    ),
    (
        "district before it existed",
        "activities",
        "a4,11,103,2012",
        "a4,11,103,2010",
        "district_not_in_year",
        5,
        "district_code",
        "103",
        "huyện chưa (hoặc không còn) tồn tại trong năm của hàng này",
    ),
    (
        "stage not allowed",
        "clusters",
        "c2,Cụm Tủa Chùa,11,098,planned",
        "c2,Cụm Tủa Chùa,11,098,started",
        "not_allowed",
        3,
        "stage",
        "started",
        "không thuộc các giá trị cho phép: planned, established",
    ),
    (
        "occupancy above 100",
        "clusters",
        "2013,50,60,test",
        "2013,50,160,test",
        "above_max",
        5,
        "occupancy_pct",
        "160",
        "cột “Tỷ lệ lấp đầy (%)”, giá trị “160”: lớn hơn giá trị cao nhất cho phép (100)",
    ),
    (
        "stage year beyond stage",
        "clusters",
        "c2,Cụm Tủa Chùa,11,098,planned,2010,,",
        "c2,Cụm Tủa Chùa,11,098,planned,2010,2011,",
        "stage_year_beyond_stage",
        3,
        "established_year",
        "2011",
        "có năm cho giai đoạn “established” mà cụm chưa đạt tới",
    ),
    (
        "stage years out of order",
        "clusters",
        "detailed_plan,2008,2009,2011",
        "detailed_plan,2008,2009,2008",
        "stage_years_out_of_order",
        2,
        "detailed_plan_year",
        "2008",
        "đứng trước năm của giai đoạn trước “Năm thành lập”",
    ),
    (
        "stage year after as-of",
        "clusters",
        "established,2012,2013,,,,2013",
        "established,2012,2013,,,,2012",
        "stage_year_after_as_of",
        4,
        "established_year",
        "2013",
        "sau “Năm của thông tin”",
    ),
    (
        "cluster district before it existed",
        "clusters",
        "established,2012,2013",
        "established,2011,2013",
        "district_not_in_stage_year",
        4,
        "planned_year",
        "2011",
        "huyện chưa (hoặc không còn) tồn tại trong năm này",
    ),
    (
        "published value missing",
        "published",
        "f3,95,2008,2013,2008–2013,budget_million_vnd,,,,,610.4,",
        "f3,95,2008,2013,2008–2013,budget_million_vnd,,,,,,",
        "value_missing",
        4,
        "value",
        "exact",
        "thiếu giá trị",
    ),
    (
        "not reported with value",
        "published",
        "f4,95,2008,2013,2008–2013,trainees,,,,,,",
        "f4,95,2008,2013,2008–2013,trainees,,,,,12,",
        "value_given_not_reported",
        5,
        "value",
        "12",
        "có giá trị nhưng được ghi là không có số liệu",
    ),
    (
        "period reversed",
        "published",
        "f5,95,2008,2013",
        "f5,95,2013,2008",
        "period_reversed",
        6,
        "period_to_year",
        "2008",
        "năm kết thúc đứng trước năm bắt đầu",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_rule_names_file_row_column_value(tmp_path, case):
    _id, table, old, new, rule, row, column, value, fragment = case
    problems = broken(tmp_path, table, old, new)
    hits = [p for p in problems if p.rule == rule]
    assert len(hits) == 1, [p.message("en") for p in problems]
    p = hits[0]
    assert (p.row, p.column, p.value) == (row, column, value)
    assert fragment in p.message("vi")
    assert p.message("en").startswith("File ")


def test_missing_column_reported_once_without_row_noise(tmp_path):
    problems = broken(tmp_path, "activities", ",new_jobs,title_vi", ",title_vi")
    assert [(p.rule, p.column, p.row) for p in problems] == [("missing_column", "new_jobs", None)]
    assert problems[0].message("en") == "File activities.csv, column “New jobs”: this required column is missing"


def test_empty_file(tmp_path):
    header = ACTIVITIES_CSV.splitlines()[0] + "\n"
    folder = write_fixture(tmp_path / "d", activities=header)
    with pytest.raises(DataValidationError) as err:
        Database(str(folder))
    assert [p.rule for p in err.value.problems] == ["empty"]
    assert err.value.problems[0].message("vi") == "Tệp activities.csv: tệp không có hàng dữ liệu nào"


def test_missing_file(tmp_path, fixture_dir):
    (fixture_dir / "funds.csv").unlink()
    with pytest.raises(DataValidationError) as err:
        Database(str(fixture_dir))
    assert err.value.problems[0].rule == "file_missing"
    assert "funds.csv" in err.value.problems[0].message("en")


def test_many_errors_are_all_reported_and_capped(tmp_path):
    lines = ACTIVITIES_CSV.splitlines()
    extra = [f"x{i},11,098,2008,nd45_1,,kcdp,1.0,-1,,t,test,true" for i in range(validate.MAX_PER_RULE + 5)]
    folder = write_fixture(tmp_path / "d", activities="\n".join(lines + extra) + "\n")
    with pytest.raises(DataValidationError) as err:
        Database(str(folder))
    below = [p for p in err.value.problems if p.rule == "below_min"]
    assert len(below) == validate.MAX_PER_RULE
    cut = [p for p in err.value.problems if p.rule == "more_cut"]
    assert len(cut) == 1 and "chỉ liệt kê 200 hàng đầu" in cut[0].message("vi")


def test_broken_parquet_row_numbers_count_records(tmp_path, fixture_dir):
    import pandas as pd

    df = pd.read_csv(fixture_dir / "activities.csv", dtype=str, keep_default_na=False)
    df.loc[2, "trainees"] = "-3"
    (fixture_dir / "activities.csv").unlink()
    df.to_parquet(fixture_dir / "activities.parquet")
    with pytest.raises(DataValidationError) as err:
        Database(str(fixture_dir))
    p = err.value.problems[0]
    assert (p.file, p.row, p.column, p.rule) == ("activities.parquet", 3, "trainees", "below_min")


def test_an_unknown_code_names_the_list_in_the_readers_language(tmp_path):
    problems = broken(tmp_path, "activities", "a1,11,098,2008", "a1,11,998,2008")
    (p,) = [p for p in problems if p.rule == "unknown_reference"]
    vi, en = p.message("vi"), p.message("en")
    assert vi.endswith("giá trị “998”: không có trong danh mục huyện")
    assert en.endswith("value “998”: is not in the district list")
    assert "districts" not in vi and "districts" not in en


def test_every_referenced_table_has_a_label_in_both_languages():
    referenced = {c.ref[0] for t in TABLES.values() for c in t.columns if c.ref}
    assert {name: validate.table_label(name, "vi") for name in referenced} == {
        "provinces": "danh mục tỉnh",
        "districts": "danh mục huyện",
        "crafts": "danh mục ngành nghề",
        "activity_types": "danh mục nội dung khuyến công",
        "funds": "danh mục nguồn kinh phí",
        "sources": "danh mục tài liệu nguồn",
    }
    assert {name: validate.table_label(name, "en") for name in referenced} == {
        "provinces": "province list",
        "districts": "district list",
        "crafts": "craft list",
        "activity_types": "activity category list",
        "funds": "fund list",
        "sources": "list of source documents",
    }
    for name in TABLES:  # every table has a label, should a message ever name it
        assert validate.table_label(name, "vi") and validate.table_label(name, "en")


def test_every_cross_column_rule_the_contract_names_is_checked():
    for table in TABLES.values():
        for check in table.checks:
            only = dataclasses.replace(table, checks=(check,))
            assert validate._check_rules(only) + validate._ref_checks(only), (table.name, check)


def test_more_new_jobs_than_trainees_is_accepted(tmp_path):
    # a demonstration model (no training) that created 12 jobs, and a class of 20 whose
    # graduates hired 5 more: neither contradicts the contract
    text = ACTIVITIES_CSV.replace("nd45_3,wood_carpentry,kcdp,300.0,,,", "nd45_3,wood_carpentry,kcdp,300.0,0,12,", 1)
    text = text.replace("kcqg,80.0,20,,", "kcqg,80.0,20,25,", 1)
    assert text != ACTIVITIES_CSV
    db = Database(str(write_fixture(tmp_path / "d", activities=text)))
    db.close()
