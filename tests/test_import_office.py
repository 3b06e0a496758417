"""Officials' files as they really are: office headers and words mapped, ids made,
budgets in đồng converted exactly, total rows checked, choices by hand, profiles, the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from make_import_corpus import CORPUS

from kcdash import importer
from kcdash.importer import Choices

REPO = Path(__file__).resolve().parents[1]

OFFICE_XLSX = CORPUS / "accepted" / "office_report_title_total.xlsx"
STT_CSV = CORPUS / "accepted" / "office_stt_decree_wording.csv"
DATA = str(REPO / "data")


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATA_DIR"}
    return subprocess.run(
        [sys.executable, "-m", "kcdash.importer", *args], capture_output=True, text=True, cwd=REPO, env=env, timeout=120
    )


def test_office_sheet_mapping_report_says_how_each_column_was_read():
    result = importer.check(OFFICE_XLSX.read_bytes(), OFFICE_XLSX.name, base=DATA)
    assert result.ok, [p.message("en") for p in result.problems]
    lines = result.mapping_lines("vi")
    assert lines[0] == "Cách đọc các cột của tệp:"
    assert "  “KP (đồng)” → “Kinh phí (triệu đồng)” (tên gọi khác); đơn vị: đồng" in lines
    assert "  “SL HV (người)” → “Số học viên” (tên gọi khác)" in lines
    assert "  “LĐ có VL (người)” → “Việc làm mới” (tên gọi khác)" in lines
    assert "  “STT” → bỏ qua" in lines
    notes = [n.text("vi") for n in result.notes]
    assert "Tệp không có cột “Tỉnh”; mọi hàng thuộc tỉnh Điện Biên (theo dòng tiêu đề của trang)." in notes
    assert "Hàng 18 (“Tổng cộng”) là hàng tổng, không nhập; khớp với tổng của 8 hàng cộng vào hàng này." in notes


def test_a_header_over_two_merged_rows_reads_as_one():
    # the office sheet's header: cells merged down, and "Kết quả" merged over the two count columns
    raw = importer.read_raw(OFFICE_XLSX.read_bytes(), OFFICE_XLSX.name)
    assert raw.records[6][8:10] == ["Kết quả", "Kết quả"] and raw.records[7][0] == "STT"
    result = importer.check(OFFICE_XLSX.read_bytes(), OFFICE_XLSX.name, base=DATA)
    assert [m.header for m in result.columns][-2:] == ["SL HV (người)", "LĐ có VL (người)"]
    assert [m.column for m in result.columns][-2:] == ["trainees", "new_jobs"]


def test_budget_in_dong_is_exact_to_the_dong():
    text = (
        "Mã đề án;Tỉnh;Năm;Nội dung khuyến công;Nguồn kinh phí;Tên đề án;Kinh phí (đồng)\n"
        "X1;Điện Biên;2012;Đào tạo nghề;KCQG;Lớp 1;120.500.123\n"
        "X2;Điện Biên;2012;Đào tạo nghề;KCQG;Lớp 2;7\n"
    )
    result = importer.check(text.encode(), "dong.csv", base=DATA)
    assert result.ok, [p.message("en") for p in result.problems]
    budgets = dict(zip(result.records["activity_id"], result.records["budget_million_vnd"], strict=True))
    assert budgets == {"X1": Decimal("120.500123"), "X2": Decimal("0.000007")}


@pytest.mark.parametrize(
    ("header", "cell", "million"),
    [
        ("Kinh phí (nghìn đồng)", "45.250", "45.25"),
        ("KP (1.000 đ)", "1.250.500", "1250.5"),
        ("Kinh phí (tr.đ)", "45,25", "45.25"),
        ("Kinh phí (triệu đồng)", "0,000001", "0.000001"),
    ],
)
def test_units_from_the_header(header, cell, million):
    text = (
        f"Mã đề án;Tỉnh;Năm;Nội dung khuyến công;Nguồn kinh phí;Tên đề án;{header}\nX1;11;2012;nd45_1;kcqg;Lớp;{cell}\n"
    )
    result = importer.check(text.encode(), "u.csv", base=DATA)
    assert result.ok, [p.message("en") for p in result.problems]
    assert result.records["budget_million_vnd"][0] == Decimal(million)


def test_fractions_of_a_dong_and_of_a_person_are_errors_not_rounded():
    text = (
        "Mã đề án;Tỉnh;Năm;Nội dung khuyến công;Nguồn kinh phí;Tên đề án;Kinh phí (đồng);Số học viên\n"
        "X1;11;2012;nd45_1;kcqg;Lớp;120500000,5;30\n"
        "X2;11;2012;nd45_1;kcqg;Lớp;1000;12,5\n"
        "X3;11;2012;nd45_1;kcqg;Lớp;1000;12,0\n"
    )
    result = importer.check(text.encode(), "f.csv", base=DATA)
    assert [(p.row, p.column, p.rule, p.value) for p in result.problems] == [
        (2, "budget_million_vnd", "too_many_decimals", "120500000,5"),
        (3, "trainees", "not_whole", "12,5"),
    ]


def test_unit_chosen_by_the_steward_beats_the_default():
    text = "Mã đề án;Tỉnh;Năm;Nội dung khuyến công;Nguồn kinh phí;Tên đề án;Kinh phí\nX1;11;2012;nd45_1;kcqg;Lớp;120.500.000\n"
    plain = importer.check(text.encode(), "k.csv", base=DATA)
    assert plain.records["budget_million_vnd"][0] == Decimal("120500000")  # read as million: the contract's unit
    chosen = importer.check(text.encode(), "k.csv", base=DATA, choices=Choices(units={"budget_million_vnd": "dong"}))
    assert chosen.records["budget_million_vnd"][0] == Decimal("120.5")
    assert "tính bằng đồng (do người nhập chọn)" in " ".join(n.text("vi") for n in chosen.notes)


def test_ids_are_made_stable_and_the_same_for_the_same_records_in_any_shape():
    a = importer.check(OFFICE_XLSX.read_bytes(), OFFICE_XLSX.name, base=DATA)
    b = importer.check(OFFICE_XLSX.read_bytes(), OFFICE_XLSX.name, base=DATA)
    c = importer.check(STT_CSV.read_bytes(), STT_CSV.name, base=DATA)
    ids = list(a.records["activity_id"])
    assert ids == list(b.records["activity_id"]) == list(c.records["activity_id"])
    assert len(set(ids)) == 8 and all(i.startswith(("11-2012-", "11-2013-")) for i in ids)
    note = next(n.text("vi") for n in a.notes if n.key == "import.note_ids_made")
    assert note.startswith("Tệp không có cột “Mã đề án”; đã tạo mã cho 8 hàng từ tỉnh, năm và nội dung hàng")
    assert note.endswith("nhập lại cùng tệp sẽ được cùng mã.")


def test_reimporting_the_same_office_file_keeps_its_ids(bundled_copy):
    base = str(bundled_copy)
    first = importer.commit(OFFICE_XLSX.read_bytes(), OFFICE_XLSX.name, base=base, user="lan")
    assert first.ok and first.version == "2"
    again = importer.commit(OFFICE_XLSX.read_bytes(), OFFICE_XLSX.name, base=base, user="lan")
    assert again.ok and again.plan is not None
    assert (again.plan.same_id, again.plan.new, again.plan.dropped) == (8, 0, 0)


def test_two_identical_rows_get_distinct_stable_ids():
    text = "Tỉnh;Năm;Nội dung khuyến công;Nguồn kinh phí;Tên đề án\n11;2012;nd45_1;kcqg;Lớp\n11;2012;nd45_1;kcqg;Lớp\n"
    ids = list(importer.check(text.encode(), "d.csv", base=DATA).records["activity_id"])
    assert (len(set(ids)) == 2 and ids[1] == ids[0] + "-2") or ids[0] == ids[1] + "-2"


def test_a_subtotal_that_disagrees_names_its_row():
    text = (
        "Mã đề án;Tỉnh;Năm;Nội dung khuyến công;Nguồn kinh phí;Tên đề án;Số học viên\n"
        "X1;11;2012;nd45_1;kcqg;Lớp 1;10\n"
        "X2;11;2012;nd45_1;kcqg;Lớp 2;5\n"
        "Cộng năm 2012;;;;;;16\n"
        "X3;11;2013;nd45_1;kcqg;Lớp 3;7\n"
        "Cộng năm 2013;;;;;;7\n"
        "Tổng cộng;;;;;;22\n"
    )
    result = importer.check(text.encode(), "c.csv", base=DATA)
    assert [(p.row, p.rule, p.params["sum"]) for p in result.problems] == [(4, "imp_total_mismatch", "15")]
    assert result.problems[0].message("en") == (
        "File c.csv, row 4, column “Trainees”, value “16”: the row “Cộng năm 2012” says 16 but the 2 rows it closes "
        "add up to 15"
    )


def test_toan_tinh_in_the_district_column_is_province_wide_work():
    text = "Mã đề án;Tỉnh;Huyện;Năm;Nội dung khuyến công;Nguồn kinh phí;Tên đề án\n"
    text += "X1;11;Toàn tỉnh;2012;nd45_6;kcqg;Bản tin\nX2;11;Tuần Giáo;2012;nd45_1;kcqg;Lớp\n"
    result = importer.check(text.encode(), "t.csv", base=DATA)
    assert result.ok, [p.message("en") for p in result.problems]
    districts = dict(zip(result.records["activity_id"], result.records["district_code"], strict=True))
    assert districts["X2"] == "099" and pd.isna(districts["X1"])
    assert "Hàng 2: cột “Huyện” ghi “toàn tỉnh”; để trống huyện (đề án cấp tỉnh)." in [
        n.text("vi") for n in result.notes
    ]


def test_a_title_starting_with_cong_is_a_record_not_a_total():
    text = "Mã đề án;Tỉnh;Năm;Nội dung khuyến công;Nguồn kinh phí;Tên đề án\nX1;11;2012;nd45_1;kcqg;Lớp\n"
    text += "Cộng đồng dân tộc Thái;11;2012;nd45_1;kcqg;Lớp 2\n"
    result = importer.check(text.encode(), "c.csv", base=DATA)
    assert result.ok and len(result.records) == 2


# ---- the steward's choices --------------------------------------------------------------------
OFFICE_ODD = (
    "STT;Đề án;Tỉnh;Năm;Lĩnh vực;Nguồn kinh phí;KP (đồng)\n"
    "1;Lớp dệt;Điện Biên;2012;Dạy nghề dệt;KCQG;1.000.000\n"
    "2;Hội chợ;Điện Biên;2012;Hội chợ;KCĐP;2.000.000\n"
)


def test_unmatched_columns_and_values_are_reported_with_guesses():
    result = importer.check(OFFICE_ODD.encode(), "odd.csv", table="activities", base=DATA)
    assert not result.ok
    by_header = {m.header: m for m in result.columns}
    assert by_header["Đề án"].column is None and by_header["Lĩnh vực"].column is None
    assert [(p.rule, p.column) for p in result.problems] == [
        ("missing_column", "activity_type_code"),
        ("missing_column", "title_vi"),
    ]


def test_map_one_column_and_one_value_by_hand():
    choices = Choices(
        columns={importer.header_key("Đề án"): "title_vi", importer.header_key("Lĩnh vực"): "activity_type_code"},
    )
    result = importer.check(OFFICE_ODD.encode(), "odd.csv", base=DATA, choices=choices)
    assert [(u.value, u.suggestion) for u in result.unmatched] == [("Dạy nghề dệt", "nd45_1"), ("Hội chợ", "nd45_4")]
    assert ("nd45_1", "Đào tạo nghề") in result.options["activity_type_code"]
    choices.values = {
        "activity_type_code": {importer.fold("Dạy nghề dệt"): "nd45_1", importer.fold("Hội chợ"): "nd45_4"}
    }
    result = importer.check(OFFICE_ODD.encode(), "odd.csv", base=DATA, choices=choices)
    assert result.ok, [p.message("en") for p in result.problems]
    assert list(result.records.sort_values("title_vi")["activity_type_code"]) == ["nd45_4", "nd45_1"]
    assert list(result.records.sort_values("title_vi")["budget_million_vnd"]) == [Decimal(2), Decimal(1)]


def test_suggestions_are_applied_only_when_accepted():
    text = "Mã đề án;Tỉnh;Năm;Nội dung khuyến công;Nguồn kinh phí;Tên đề án\nX1;11;2012;Hội chợ;kcqg;Lớp\n"
    refused = importer.check(text.encode(), "s.csv", base=DATA)
    assert [p.rule for p in refused.problems] == ["imp_did_you_mean"]
    accepted = importer.check(text.encode(), "s.csv", base=DATA, choices=Choices(accept_suggestions=True))
    assert accepted.ok and accepted.records["activity_type_code"][0] == "nd45_4"
    assert [(a.column, a.value, a.code, a.rows) for a in accepted.applied] == [
        ("activity_type_code", "Hội chợ", "nd45_4", 1)
    ]
    assert (
        "  Đã áp dụng gợi ý: cột “Nội dung khuyến công”, “Hội chợ” → “Sản phẩm tiêu biểu & hội chợ” (nd45_4), 1 hàng"
        in accepted.mapping_lines("vi")
    )


def test_profiles_are_saved_beside_the_data_and_reused(bundled_copy):
    base = str(bundled_copy)
    choices = Choices(columns={importer.header_key("Đề án"): "title_vi"}, province="11")
    path = importer.save_profile(base, "Điện Biên – Sở Công Thương", choices, table="activities", user="lan")
    assert path == bundled_copy / "import_profiles" / "dien_bien_so_cong_thuong.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["name"] == "Điện Biên – Sở Công Thương" and saved["columns"] == {"de an": "title_vi"}
    assert importer.list_profiles(base) == ["Điện Biên – Sở Công Thương"]
    assert importer.load_profile(base, "dien bien - so cong thuong") == choices
    with pytest.raises(KeyError):
        importer.load_profile(base, "Bạc Liêu")


# ---- the command line ---------------------------------------------------------------------------
@pytest.mark.program
def test_cli_map_profile_and_accept_suggestions(bundled_copy, tmp_path):
    path = tmp_path / "odd.csv"
    path.write_text(OFFICE_ODD, encoding="utf-8")
    base = str(bundled_copy)
    args = [str(path), "--data-dir", base, "--check", "--map", "Đề án=title_vi", "--map", "Lĩnh vực=activity_type_code"]
    r = run_cli(*args)
    assert r.returncode == 1
    assert "  “Đề án” → “Tên đề án” (do người nhập chọn)" in r.stdout
    assert "“Hội chợ” (1 hàng); gợi ý “Sản phẩm tiêu biểu & hội chợ”" in r.stdout
    r = run_cli(*args, "--accept-suggestions", "--profile", "DB", "--save-profile")
    assert r.returncode == 0, r.stderr
    assert "“Dạy nghề dệt” → “Đào tạo nghề” (nd45_1), 1 hàng" in r.stdout
    assert (
        "Đã áp dụng gợi ý: cột “Nội dung khuyến công”, “Hội chợ” → “Sản phẩm tiêu biểu & hội chợ” (nd45_4), 1 hàng"
        in r.stdout
    )
    assert "Đã lưu hồ sơ ánh xạ “DB”." in r.stdout
    # the saved profile remembers the columns (not the accepting of suggestions)
    r = run_cli(str(path), "--data-dir", base, "--check", "--profile", "DB", "--lang", "en")
    assert "  “Đề án” → “Title” (chosen by the steward)" in r.stdout
    assert "Suggestion applied" not in r.stdout


@pytest.mark.program
def test_cli_refuses_an_unknown_contract_column(bundled_copy):
    r = run_cli(str(STT_CSV), "--data-dir", str(bundled_copy), "--map", "STT=so_thu_tu")
    assert r.returncode == 2 and "Không có cột “so_thu_tu” trong mẫu dữ liệu" in r.stderr


@pytest.mark.program
def test_cli_never_prints_control_characters_from_a_file(bundled_copy, tmp_path):
    path = tmp_path / "ansi.csv"
    path.write_text(
        "Mã đề án,Tỉnh,Năm,Nội dung khuyến công,Nguồn kinh phí,Tên đề án\nX1,\x1b[31mĐỏ,2012,nd45_1,kcqg,L\n",
        encoding="utf-8",
    )
    r = run_cli(str(path), "--data-dir", str(bundled_copy), "--check")
    assert r.returncode == 1 and "\x1b" not in r.stderr + r.stdout
    # refused at reading, naming the cell and the character rather than printing it
    assert "hàng 2: ô ở cột B chứa ký tự không in được (U+001B)" in r.stderr
