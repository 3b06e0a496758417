"""The import pipeline on the corpus: every accepted variant gives the same records, every
broken file its own message, and a rejected file leaves the data folder byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import pandas as pd
import pytest
from make_import_corpus import COLUMNS, CORPUS, EXPECTED, NO_IDS, SOURCE

from kcdash import importer, store
from kcdash.db import Database

REPO = Path(__file__).resolve().parents[1]

ACCEPTED = sorted(p.name for p in (CORPUS / "accepted").iterdir())
SHEETS = {"excel_named_sheet.xlsx": "Số liệu"}


def tree_digest(folder: Path) -> str:
    """Every path and byte under `folder` (hidden files too), as one hash."""
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def expected_frame() -> pd.DataFrame:
    rows = [(*r, SOURCE, False) for r in EXPECTED]
    return pd.DataFrame(rows, columns=[*COLUMNS, "is_illustrative"])


def typed(df: pd.DataFrame) -> pd.DataFrame:
    """Records as plain Python values, so frames from any reader compare cell by cell."""
    out = df.astype(object).where(df.notna(), None)
    out["budget_million_vnd"] = [
        None if v is None else Decimal(str(v)).quantize(Decimal("0.000001")) for v in out["budget_million_vnd"]
    ]
    for c in ("year", "trainees", "new_jobs"):
        out[c] = [None if v is None else int(v) for v in out[c]]
    out["is_illustrative"] = [bool(v) for v in out["is_illustrative"]]
    return out.reset_index(drop=True)


# ---- accepted variants ----------------------------------------------------------------------
@pytest.mark.parametrize("name", ACCEPTED)
def test_accepted_variant_imports_to_the_expected_records(name, bundled_copy):
    content = (CORPUS / "accepted" / name).read_bytes()
    before = tree_digest(bundled_copy)
    result = importer.check(content, name, sheet=SHEETS.get(name), base=str(bundled_copy))
    assert result.ok, [p.message("en") for p in result.problems]
    assert result.table == "activities"
    got, want = typed(result.records), typed(expected_frame())
    if name in NO_IDS:  # STT instead of ids, no source: ids are made (tested below), the source defaults
        assert result.ids_made and got["source"].str.startswith(f"{name} (nhập ngày ").all()
        order = ["year", "title_vi"]
        got = got.drop(columns=["activity_id", "source"]).sort_values(order).reset_index(drop=True)
        want = want.drop(columns=["activity_id", "source"]).sort_values(order).reset_index(drop=True)
    pd.testing.assert_frame_equal(got, want)
    assert tree_digest(bundled_copy) == before  # a check writes nothing


def test_corpus_holds_every_variant_the_issue_names():
    assert set(ACCEPTED) == {
        "utf8_codes.csv",
        "utf8_bom_vietnamese_headers.csv",
        "utf16_tab_excel_unicode_text.txt",
        "cp1258_semicolon.csv",
        "decimal_comma.csv",
        "english_headers_and_names.csv",
        "no_diacritics_headers.csv",
        "names_instead_of_codes.csv",
        "decomposed_nfd_stray_spaces.csv",
        "excel_first_sheet.xlsx",
        "excel_named_sheet.xlsx",
        "parquet_typed.parquet",
        "office_report_title_total.xlsx",
        "office_accounting_dong.csv",
        "office_stt_decree_wording.csv",
    }
    raw = (CORPUS / "accepted" / "cp1258_semicolon.csv").read_bytes()
    assert b"\xd2" in raw  # a combining tone mark as Windows-1258 writes it ("Tuần" = Tu + â + ◌̀ + n)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert not unicodedata.is_normalized("NFC", raw.decode("cp1258"))  # so the importer must compose it
    assert (CORPUS / "accepted" / "utf16_tab_excel_unicode_text.txt").read_bytes()[:2] == b"\xff\xfe"


def test_what_the_reader_saw_is_reported():
    notes = {
        name: importer.check((CORPUS / "accepted" / name).read_bytes(), name, base=str(REPO / "data"))
        .notes[0]
        .text("vi")
        for name in ("cp1258_semicolon.csv", "utf16_tab_excel_unicode_text.txt", "excel_first_sheet.xlsx")
    }
    assert notes["cp1258_semicolon.csv"] == (
        "Đã đọc: CSV, bảng mã CP1258, dấu phân cách “;”, dấu thập phân “,”, 8 hàng dữ liệu, bảng activities."
    )
    assert (
        "UTF-16" in notes["utf16_tab_excel_unicode_text.txt"] and "“tab”" in notes["utf16_tab_excel_unicode_text.txt"]
    )
    assert (
        notes["excel_first_sheet.xlsx"] == "Đã đọc: Excel (.xlsx), trang tính “Đề án”, 8 hàng dữ liệu, bảng activities."
    )


def test_extra_columns_are_ignored_and_said_so():
    result = importer.check(
        (CORPUS / "accepted" / "utf8_bom_vietnamese_headers.csv").read_bytes(), "f.csv", base=str(REPO / "data")
    )
    texts = [n.text("vi") for n in result.notes]
    assert "Cột “STT” không thuộc bảng activities nên được bỏ qua." in texts
    assert "Tệp không có cột “Số liệu minh họa”; các hàng được ghi là số liệu thật (không phải minh họa)." in texts


def test_missing_source_column_records_the_file(bundled_copy):
    text = (
        "Mã đề án,Tỉnh,Năm,Nội dung khuyến công,Nguồn kinh phí,Tên đề án\nX1,Điện Biên,2012,Đào tạo nghề,KCQG,Lớp học\n"
    )
    result = importer.check(text.encode(), "so_lieu.csv", base=str(bundled_copy), user="lan")
    assert result.ok, [p.message("en") for p in result.problems]
    row = result.records.iloc[0]
    assert row["source"].startswith("so_lieu.csv (nhập ngày ") and row["source"].endswith(", lan)")
    # optional columns the file lacks are missing, never zero
    assert pd.isna(row["budget_million_vnd"]) and pd.isna(row["trainees"]) and pd.isna(row["district_code"])


def documented_headers(table: str) -> tuple[str, ...]:
    """The Vietnamese headers data/README.md gives a steward for table, in its order."""
    lines = (REPO / "data" / "README.md").read_text(encoding="utf-8").splitlines()
    first = lines.index(f"### `{table}` (records)")
    table_rows = []
    for line in lines[first + 1 :]:
        if line.startswith("### "):
            break
        if line.startswith("| `"):
            table_rows.append(line)
    return tuple(row.split("|")[5].strip() for row in table_rows)


OFFICIAL_HEADERS = documented_headers("activities")
OFFICIAL_ROW = ("X1", "11", "099", "2012", "nd45_1", "brocade_weaving", "Khuyến công địa phương", "120,5", "30", "25")
OFFICIAL_ROW += ("Lớp dệt thổ cẩm", "Báo cáo của Sở Công Thương năm 2012", "không")


@pytest.mark.parametrize("order", ["as documented", "reversed"])
def test_official_headers_read_nguon_as_the_source_and_nguon_kinh_phi_as_the_fund(order, bundled_copy):
    pairs = list(zip(OFFICIAL_HEADERS, OFFICIAL_ROW, strict=True))
    if order == "reversed":
        pairs.reverse()
    text = ";".join(h for h, _ in pairs) + "\n" + ";".join(v for _, v in pairs) + "\n"
    result = importer.check(text.encode(), "bao_cao.csv", base=str(bundled_copy))
    assert result.ok, [p.message("en") for p in result.problems]
    assert [n.key for n in result.notes if n.key != "imp.note_detected"] == []  # every column used, none defaulted
    row = result.records.iloc[0]
    assert row["source"] == "Báo cáo của Sở Công Thương năm 2012"
    assert row["fund_code"] == "kcdp"
    assert (row["budget_million_vnd"], row["trainees"], row["new_jobs"]) == (Decimal("120.5"), 30, 25)


def test_a_file_without_the_fund_column_is_not_read_as_funded_by_its_source(bundled_copy):
    pairs = [(h, v) for h, v in zip(OFFICIAL_HEADERS, OFFICIAL_ROW, strict=True) if h != "Nguồn kinh phí"]
    text = ";".join(h for h, _ in pairs) + "\n" + ";".join(v for _, v in pairs) + "\n"
    result = importer.check(text.encode(), "bao_cao.csv", base=str(bundled_copy))
    assert [(p.rule, p.column) for p in result.problems] == [("missing_column", "fund_code")]
    assert result.problems[0].message("vi") == "Tệp bao_cao.csv, cột “Nguồn kinh phí”: thiếu cột bắt buộc này"


def test_no_alias_is_another_columns_own_header():
    for table in importer.TABLES.values():
        own = {importer.fold(h): c.name for c in table.columns for h in (c.vi, c.en, c.name)}
        for col in table.columns:
            for alias in col.aliases:
                assert own.get(importer.fold(alias), col.name) == col.name, (table.name, col.name, alias)


# ---- rejected files -------------------------------------------------------------------------
REJECTED = [
    # (file, rule, row, column, value, Vietnamese message)
    (
        "missing_column.csv",
        "missing_column",
        None,
        "year",
        None,
        "Tệp missing_column.csv, cột “Năm”: thiếu cột bắt buộc này",
    ),
    (
        "misspelt_header.csv",
        "imp_missing_column_hint",
        None,
        "year",
        None,
        "Tệp misspelt_header.csv, cột “Năm”: thiếu cột bắt buộc này; có phải là cột “Năm thực hện”?",
    ),
    (
        "wrong_type.csv",
        "not_number",
        3,
        "trainees",
        "hai mươi",
        "Tệp wrong_type.csv, hàng 3, cột “Số học viên”, giá trị “hai mươi”: không phải là số",
    ),
    (
        "negative_count.csv",
        "below_min",
        2,
        "trainees",
        "-35",
        "Tệp negative_count.csv, hàng 2, cột “Số học viên”, giá trị “-35”: nhỏ hơn giá trị thấp nhất cho phép (0)",
    ),
    (
        "district_of_other_province.csv",
        "district_other_province",
        2,
        "district_code",
        "Hồng Dân",
        "Tệp district_of_other_province.csv, hàng 2, cột “Huyện”, giá trị “Hồng Dân”: huyện này thuộc tỉnh khác",
    ),
    (
        "district_before_it_existed.csv",
        "district_not_in_year",
        3,
        "district_code",
        "103",
        "Tệp district_before_it_existed.csv, hàng 3, cột “Huyện”, giá trị “103”: "
        "huyện chưa (hoặc không còn) tồn tại trong năm của hàng này",
    ),
    (
        "duplicate_ids.csv",
        "duplicate_key",
        6,
        "activity_id",
        "DB-2012-01",
        "Tệp duplicate_ids.csv, hàng 6, cột “Mã đề án”, giá trị “DB-2012-01”: mã bị trùng với hàng 2",
    ),
    (
        "misspelt_names.csv",
        "imp_did_you_mean",
        2,
        "district_code",
        "Tuần Gio",
        "Tệp misspelt_names.csv, hàng 2, cột “Huyện”, giá trị “Tuần Gio”: "
        "không có trong danh mục huyện; có phải là “Tuần Giáo”?",
    ),
    (
        "id_used_elsewhere.csv",
        "imp_id_exists",
        2,
        "activity_id",
        "95-2007-001",
        "Tệp id_used_elsewhere.csv, hàng 2, cột “Mã đề án”, giá trị “95-2007-001”: "
        "mã này đã có trong dữ liệu đang dùng, ở phần tệp không thay thế (Bạc Liêu 2007)",
    ),
    ("empty.csv", "imp_empty_file", None, None, None, "Tệp empty.csv: tệp rỗng (0 byte)"),
    ("header_only.csv", "empty", None, None, None, "Tệp header_only.csv: tệp không có hàng dữ liệu nào"),
    (
        "not_a_table.png",
        "imp_not_table",
        None,
        None,
        None,
        "Tệp not_a_table.png: không phải là bảng dữ liệu; hãy dùng CSV, Excel (.xlsx) hoặc Parquet",
    ),
    (
        "random_bytes.csv",
        "imp_not_table",
        None,
        None,
        None,
        "Tệp random_bytes.csv: không phải là bảng dữ liệu; hãy dùng CSV, Excel (.xlsx) hoặc Parquet",
    ),
    (
        "unrelated_table.csv",
        "imp_unknown_table",
        None,
        None,
        None,
        "Tệp unrelated_table.csv: không nhận ra đây là bảng nào (đề án hay cụm công nghiệp); hãy chọn loại bảng",
    ),
    (
        "truncated.xlsx",
        "imp_truncated",
        None,
        None,
        None,
        "Tệp truncated.xlsx: tệp Excel bị cắt cụt hoặc hỏng; hãy lưu hoặc xuất lại tệp",
    ),
    (
        "truncated.parquet",
        "imp_truncated",
        None,
        None,
        None,
        "Tệp truncated.parquet: tệp Parquet bị cắt cụt hoặc hỏng; hãy lưu hoặc xuất lại tệp",
    ),
    (
        "truncated_quote.csv",
        "imp_truncated",
        None,
        None,
        None,
        "Tệp truncated_quote.csv: tệp CSV bị cắt cụt hoặc hỏng; hãy lưu hoặc xuất lại tệp",
    ),
    (
        "old_excel.xls",
        "imp_old_excel",
        None,
        None,
        None,
        "Tệp old_excel.xls: tệp Excel cũ (.xls) không được hỗ trợ; hãy lưu lại dưới dạng .xlsx hoặc CSV",
    ),
    (
        "total_disagrees.csv",
        "imp_total_mismatch",
        10,
        "budget_million_vnd",
        "8666.05",
        "Tệp total_disagrees.csv, hàng 10, cột “Kinh phí (triệu đồng)”, giá trị “8666.05”: "
        "hàng “Tổng cộng” ghi 8666.05 nhưng tổng của 8 hàng cộng vào hàng này là 8666.55",
    ),
]


def test_every_rejected_file_has_a_case():
    assert {c[0] for c in REJECTED} == {p.name for p in (CORPUS / "rejected").iterdir()}


@pytest.mark.parametrize(("name", "rule", "row", "column", "value", "message"), REJECTED, ids=[c[0] for c in REJECTED])
def test_rejected_file_gives_its_own_message_and_changes_nothing(name, rule, row, column, value, message, bundled_copy):
    before = tree_digest(bundled_copy)
    result = importer.commit((CORPUS / "rejected" / name).read_bytes(), name, base=str(bundled_copy), user="t")
    assert not result.ok and result.version is None
    first = result.problems[0]
    assert (first.rule, first.row, first.column, first.value) == (rule, row, column, value)
    assert first.message("vi") == message
    assert first.message("en") != message  # the English catalogue has its own text
    assert tree_digest(bundled_copy) == before


def test_misspelt_fund_gets_a_suggestion_too():
    result = importer.check((CORPUS / "rejected" / "misspelt_names.csv").read_bytes(), "m.csv", base=str(REPO / "data"))
    fund = [p for p in result.problems if p.column == "fund_code"]
    assert [(p.row, p.value, p.params["suggestion"]) for p in fund] == [
        (4, "Khuyến công quốc gai", "Khuyến công quốc gia")
    ]
    assert fund[0].message("en").endswith("not in the fund list; did you mean “Khuyến công quốc gia”?")


@pytest.mark.program
def test_too_large_is_refused_before_reading(bundled_copy, tmp_path):
    before = tree_digest(bundled_copy)
    content = (CORPUS / "accepted" / "utf8_codes.csv").read_bytes()
    result = importer.commit(content, "big.csv", base=str(bundled_copy), max_bytes=1024)
    assert [p.rule for p in result.problems] == ["imp_too_large"]
    assert (
        result.problems[0].message("vi")
        == f"Tệp big.csv: tệp quá lớn ({len(content) / 1048576:.3f} MB); giới hạn là 0.001 MB"
    )
    # the command line checks the size on disk, before opening the file
    path = tmp_path / "big.csv"
    path.write_bytes(content)
    r = run_cli(str(path), "--data-dir", str(bundled_copy), env={"KC_IMPORT_MAX_MB": "0.001"})
    assert r.returncode == 1
    assert "tệp quá lớn" in r.stderr and "giới hạn là 0.001 MB" in r.stderr
    assert tree_digest(bundled_copy) == before


def test_too_large_default_limit_is_50_mb():
    assert importer.max_bytes() == 50 * 1024 * 1024


def test_report_lists_every_problem_and_neutralises_formulas():
    text = (
        "Mã đề án,Tỉnh,Huyện,Năm,Nội dung khuyến công,Nguồn kinh phí,Số học viên,Tên đề án\n"
        '=HYPERLINK("x"),Điện Biên,Tuần Gio,2012,Đào tạo nghề,KCQG,-3,Lớp 1\n'
        "B2,Điện Biên,,20x2,Đào tạo nghề,@SUM(1),4,+Lớp 2\n"
    )
    result = importer.check(text.encode(), "r.csv", base=str(REPO / "data"))
    report = result.report("vi")
    assert list(report.columns) == ["Hàng", "Cột", "Giá trị", "Quy tắc", "Lỗi"]
    assert sorted(zip(report["Hàng"], report["Quy tắc"], strict=True)) == [
        (2, "below_min"),
        (2, "imp_did_you_mean"),
        (3, "not_number"),
        (3, "unknown_reference"),
    ]
    csv_text = result.report_csv("en").decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "Row,Column,Value,Rule,Problem"
    assert "'-3" in csv_text and "'@SUM(1)" in csv_text and "\n-3" not in csv_text
    assert ",@SUM" not in csv_text


# ---- normalisation, piece by piece ----------------------------------------------------------
@pytest.mark.parametrize(
    ("cells", "mark"),
    [
        (["6.788,9", "12"], ","),
        (["1,5"], ","),
        (["3.530", "1.250"], ","),  # Vietnamese thousands, no decimals anywhere
        (["1,250.5"], "."),
        (["200.5", "1.250"], "."),  # one unambiguous decimal point decides
        (["12", "40"], "."),
    ],
)
def test_decimal_mark_of_a_file(cells, mark):
    assert importer.decimal_mark(cells) == mark


@pytest.mark.parametrize(
    ("text", "mark", "whole", "expected"),
    [
        ("6.788,9", ",", False, "6788.9"),
        ("6 788,9", ",", False, "6788.9"),
        ("3.530", ",", True, "3530"),
        ("-12,5", ",", False, "-12.5"),
        ("1,250.5", ".", False, "1250.5"),
        ("3.530", ".", True, "3530"),  # a count has no decimals: the dot groups thousands
        ("3.53", ".", False, "3.53"),
        ("hai mươi", ",", False, "hai mươi"),  # left for the validator to report
    ],
)
def test_plain_number(text, mark, whole, expected):
    assert importer.plain_number(text, mark, whole=whole) == expected


def test_percent_sign_is_dropped_for_percentages():
    assert importer.plain_number("59,2%", ",", percent=True) == "59.2"


@pytest.mark.parametrize("text", ["", " ", "-", "—", "không có", "Không có", "KHONG CO", "n/a"])
def test_missing_markers(text):
    assert importer.clean(text) is None


def test_clean_composes_and_trims():
    assert importer.clean("\u00a0 Tua\u0302\u0300n Gia\u0301o ") == "Tuần Giáo"
    assert importer.fold("Huyện  Tuần-Giáo") == "huyen tuan giao"
    assert importer.fold("ĐIỆN BIÊN ĐÔNG") == "dien bien dong"


@pytest.fixture(scope="module")
def resolver():
    db = Database(str(REPO / "data"))
    cur = db.cursor()
    yield importer.Resolver(cur)
    cur.close()
    db.close()


@pytest.mark.parametrize(
    ("table", "value", "province", "code"),
    [
        ("districts", "Huyện Tuần Giáo", "11", "099"),
        ("districts", "H. Tuần Giáo", "11", "099"),
        ("districts", "Tuần Giáo", "11", "099"),
        ("districts", "tuan giao", "11", "099"),
        ("districts", "TP Điện Biên Phủ", "11", "094"),
        ("districts", "Thành phố Điện Biên Phủ", "11", "094"),
        ("districts", "094", "11", "094"),
        ("districts", "94", "11", "094"),
        ("districts", "Điện Biên", "11", "100"),  # the district, not the province
        ("districts", "Thị xã Mường Lay", "11", "095"),
        ("districts", "TP Bạc Liêu", "95", "954"),
        ("districts", "Bạc Liêu", "95", "954"),
        ("districts", "Hồng Dân", "11", "956"),  # found in another province: the validator says so
        ("provinces", "Tỉnh Điện Biên", None, "11"),
        ("provinces", "Bac Lieu", None, "95"),
        ("provinces", "11", None, "11"),
        ("funds", "Khuyến công quốc gia", None, "kcqg"),
        ("funds", "KCQG", None, "kcqg"),
        ("funds", "Địa phương", None, "kcdp"),
        ("funds", "KCĐP", None, "kcdp"),
        ("funds", "kinh phí khuyến công địa phương", None, "kcdp"),
        ("crafts", "Dệt thổ cẩm", None, "brocade_weaving"),
        ("crafts", "Brocade weaving", None, "brocade_weaving"),
        ("crafts", "chổi chít", None, "broom_making"),
        ("activity_types", "Đào tạo nghề", None, "nd45_1"),
        ("activity_types", "Training", None, "nd45_1"),
        ("activity_types", "Khoản 4", None, "nd45_4"),
        ("activity_types", "Phát triển cụm, điểm công nghiệp", None, "nd45_7"),  # QĐ 136/2007 name
        # the decree's and offices' wording: no suggestion needed
        ("activity_types", "Mô hình trình diễn kỹ thuật", None, "nd45_3"),
        ("activity_types", "Hội chợ triển lãm", None, "nd45_4"),
        ("activity_types", "Hội chợ triển lãm, xúc tiến thương mại", None, "nd45_4"),
        ("activity_types", "Hỗ trợ đào tạo nghề, truyền nghề", None, "nd45_1"),
        ("districts", "TP. Điện Biên Phủ", "11", "094"),
        ("funds", "Ngân sách tỉnh", None, "kcdp"),
    ],
)
def test_names_resolve_to_codes(resolver, table, value, province, code):
    assert resolver.resolve(table, value, province) == (code, None)


def test_part_of_a_name_gets_a_suggestion(resolver):
    assert resolver.resolve("activity_types", "Hội chợ", None) == (
        "Hội chợ",
        (
            "imp_did_you_mean",
            {"table": "activity_types", "suggestion": "Sản phẩm tiêu biểu & hội chợ", "code": "nd45_4"},
        ),
    )


def test_unknown_name_without_anything_close(resolver):
    assert resolver.resolve("crafts", "Đóng tàu vũ trụ", None) == ("Đóng tàu vũ trụ", None)


def test_stage_words():
    col = importer.TABLES["clusters"].column("stage")
    assert importer.allowed_value("Đang hoạt động", col) == "operating"
    assert importer.allowed_value("Đã duyệt quy hoạch chi tiết", col) == "detailed_plan"
    assert importer.allowed_value("DETAILED_PLAN", col) == "detailed_plan"
    assert importer.allowed_value("sắp có", col) == "sắp có"


def test_header_index_has_no_ambiguous_own_headers():
    for name in importer.IMPORTABLE:
        table = importer.TABLES[name]
        index = importer.header_index(table)
        for col in table.columns:
            for header in (col.vi, col.en, col.name):
                assert importer.match_header(header, index) == col.name, (name, header)


def test_cut_in_the_middle_of_a_letter_is_truncated():
    content = "Mã đề án,Tên đề án\nA1,Lớp dệt thổ cẩ".encode()[:-1]
    with pytest.raises(importer.FileProblem) as err:
        importer.read_raw(content, "x.csv")
    assert err.value.rule == "imp_truncated"


def test_unknown_sheet_names_the_sheets(bundled_copy):
    result = importer.check(
        (CORPUS / "accepted" / "excel_named_sheet.xlsx").read_bytes(), "x.xlsx", sheet="Sheet9", base=str(bundled_copy)
    )
    assert [p.message("vi") for p in result.problems] == [
        "Tệp x.xlsx: không có trang tính này; các trang có: Hướng dẫn, Số liệu"
    ]


def test_a_file_of_another_table_given_with_table_is_checked_as_such(bundled_copy):
    content = (CORPUS / "accepted" / "utf8_codes.csv").read_bytes()
    result = importer.check(content, "a.csv", table="clusters", base=str(bundled_copy))
    assert {p.rule for p in result.problems} == {"missing_column"}
    assert importer.check(content, "a.csv", table="provinces", base=str(bundled_copy)).problems[0].rule == (
        "imp_not_importable"
    )


# ---- what an import replaces ----------------------------------------------------------------
def test_activities_replace_the_provinces_and_years_they_cover(bundled_copy):
    base = str(bundled_copy)
    old = Database(base)
    before = old.cursor().execute("select activity_id, province_code, year from activities").df()
    old.close()
    result = importer.commit(
        (CORPUS / "accepted" / "names_instead_of_codes.csv").read_bytes(), "n.csv", base=base, user="lan"
    )
    assert result.ok and result.version == "2"
    scope = (before.province_code == "11") & before.year.isin([2012, 2013])
    p = result.plan
    assert (p.replaced, p.incoming, p.same_id, p.kept, p.total) == (
        int(scope.sum()),
        8,
        0,
        int((~scope).sum()),
        int((~scope).sum()) + 8,
    )
    assert p.text("vi") == (
        f"Nhập tệp này sẽ xóa {int(scope.sum())} hàng đang có của Điện Biên 2012–2013 và thêm 8 hàng của tệp "
        f"(0 hàng cùng mã, 8 hàng mới; {int(scope.sum())} hàng cũ không còn); giữ nguyên {int((~scope).sum())} hàng khác. "
        f"Sau khi nhập: {int((~scope).sum()) + 8} hàng."
    )
    new = Database(base)
    after = new.cursor().execute("select activity_id, province_code, year from activities").df()
    new.close()
    kept = before[~scope].sort_values("activity_id").reset_index(drop=True)
    assert set(after.activity_id) == set(kept.activity_id) | {r[0] for r in EXPECTED}
    assert len(after) == len(kept) + 8


CLUSTERS_CSV = """\
STT,Mã cụm,Tên cụm công nghiệp,Tỉnh,Huyện,Giai đoạn,Năm quy hoạch,Năm thành lập,Năm của thông tin,Diện tích (ha),Tỷ lệ lấp đầy (%)
1,BL-1,CCN Hồng Dân,Bạc Liêu,Hồng Dân,Đã thành lập,2008,2010,2013,"45,5",
2,BL-2,CCN Giá Rai,Bạc Liêu,H. Giá Rai,Quy hoạch,2011,,2013,30,
3,BL-3,CCN Trà Kha,Bạc Liêu,TP Bạc Liêu,Đang hoạt động,2004,2005,2013,"52,75","59,2%"
"""


def test_clusters_replace_the_provinces_they_cover(bundled_copy):
    base = str(bundled_copy)
    db = Database(base)
    before = db.cursor().execute("select cluster_id, province_code from clusters").df()
    db.close()
    result = importer.commit(CLUSTERS_CSV.encode("utf-8"), "ccn.csv", base=base, user="lan")
    assert result.ok, [p.message("en") for p in result.problems]
    assert result.table == "clusters"
    assert result.plan.scope_text("vi") == "Bạc Liêu" and result.plan.replaced == int(
        (before.province_code == "95").sum()
    )
    db = Database(base)
    after = (
        db.cursor()
        .execute("select cluster_id, province_code, district_code, stage, area_ha from clusters order by 1")
        .df()
    )
    db.close()
    assert set(after[after.province_code == "95"].cluster_id) == {"BL-1", "BL-2", "BL-3"}
    assert set(after[after.province_code == "11"].cluster_id) == set(before[before.province_code == "11"].cluster_id)
    bl = after[after.province_code == "95"].set_index("cluster_id")
    assert bl.loc["BL-3", "district_code"] == "954" and float(bl.loc["BL-3", "area_ha"]) == 52.75
    assert bl.loc["BL-2", "stage"] == "planned" and bl.loc["BL-3", "stage"] == "operating"


def test_percent_occupancy_in_clusters(bundled_copy):
    result = importer.check(CLUSTERS_CSV.encode(), "c.csv", base=str(bundled_copy))
    assert result.ok, [p.message("en") for p in result.problems]
    occupancy = result.records.set_index("cluster_id")["occupancy_pct"]
    assert float(occupancy["BL-3"]) == 59.2 and pd.isna(occupancy["BL-1"])


# ---- command line ---------------------------------------------------------------------------
def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("DATA_DIR", None)
    return subprocess.run(
        [sys.executable, "-m", "kcdash.importer", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=full_env,
        timeout=120,
    )


@pytest.mark.program
def test_cli_accepts_and_lists(bundled_copy):
    f = CORPUS / "accepted" / "excel_named_sheet.xlsx"
    r = run_cli(str(f), "--sheet", "Số liệu", "--data-dir", str(bundled_copy), "--user", "lan")
    assert r.returncode == 0, r.stderr
    assert "Đã nhập 8 hàng từ excel_named_sheet.xlsx; phiên bản 2 đang được dùng." in r.stdout
    assert "Nhập tệp này sẽ xóa" in r.stdout
    listing = run_cli("--list", "--data-dir", str(bundled_copy)).stdout.splitlines()
    assert listing[0].split()[:4] == ["1", listing[0].split()[1], "snapshot", "lan"]
    assert listing[1].startswith("*") and "excel_named_sheet.xlsx" in listing[1]


@pytest.mark.program
def test_cli_rejects_with_every_problem_and_exit_1(bundled_copy, tmp_path):
    before = tree_digest(bundled_copy)
    text = (
        "Mã đề án,Tỉnh,Huyện,Năm,Nội dung khuyến công,Nguồn kinh phí,Số học viên,Tên đề án\n"
        "A1,Điện Biên,Nậm Pồ,2010,Đào tạo nghề,KCQG,-3,Lớp 1\n"
        "A1,Điện Biên,Tuần Giáo,2012,Đào tạo nghề,KCQG,4,Lớp 2\n"
    )
    path = tmp_path / "hai_loi.csv"
    path.write_text(text, encoding="utf-8")
    r = run_cli(str(path), "--data-dir", str(bundled_copy), "--lang", "en")
    assert r.returncode == 1
    lines = r.stderr.splitlines()
    assert lines[0] == "File rejected: 3 problems. The data in use has not been changed."
    assert lines[1:] == [
        "File hai_loi.csv, row 2, column “District”, value “Nậm Pồ”: the district did not exist in this row's year",
        "File hai_loi.csv, row 2, column “Trainees”, value “-3”: is below the lowest allowed value (0)",
        "File hai_loi.csv, row 3, column “Activity ID”, value “A1”: duplicates the ID of row 2",
    ]
    assert "The file has no “Craft” column; left empty (missing, not zero)." in r.stdout
    assert tree_digest(bundled_copy) == before


@pytest.mark.program
def test_cli_check_only_changes_nothing(bundled_copy):
    before = tree_digest(bundled_copy)
    r = run_cli(str(CORPUS / "accepted" / "utf8_codes.csv"), "--check", "--data-dir", str(bundled_copy))
    assert r.returncode == 0 and "chưa nhập vì dùng --check" in r.stdout
    assert tree_digest(bundled_copy) == before


@pytest.mark.program
def test_cli_missing_file(bundled_copy):
    r = run_cli(str(bundled_copy / "nope.csv"), "--data-dir", str(bundled_copy))
    assert r.returncode == 2 and "không tìm thấy tệp dữ liệu" in r.stderr


@pytest.mark.program
def test_make_import_target(bundled_copy):
    f = CORPUS / "accepted" / "utf8_codes.csv"
    r = subprocess.run(
        ["make", "-s", "import", f"FILE={f}", "TABLE=activities", f"DATA_DIR={bundled_copy}"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert store.current_version_id(str(bundled_copy)) == "2"
    r = subprocess.run(
        ["make", "-s", "import", f"FILE={CORPUS / 'rejected' / 'empty.csv'}", f"DATA_DIR={bundled_copy}"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert r.returncode != 0 and "tệp rỗng" in r.stderr


# ---- the importer's own file rules ------------------------------------------------------------
def test_two_columns_for_one_field():
    text = "Mã đề án,Tỉnh,Province,Năm,Nội dung khuyến công,Nguồn kinh phí,Tên đề án\nX1,11,11,2012,nd45_1,kcqg,Lớp\n"
    result = importer.check(text.encode(), "d.csv", base=str(REPO / "data"))
    p = result.problems[0]
    assert (p.rule, p.row, p.column, p.value) == ("imp_duplicate_header", 1, "province_code", "Province")
    assert (
        p.message("vi")
        == "Tệp d.csv, hàng 1, cột “Tỉnh”, giá trị “Province”: hai cột cùng chỉ một trường (cột “Tỉnh” ở trước)"
    )


def test_row_with_more_cells_than_headers():
    text = "Mã đề án,Tỉnh,Năm,Nội dung khuyến công,Nguồn kinh phí,Tên đề án\nX1,11,2012,nd45_1,kcqg,Lớp,thừa\nX2,11,2012,nd45_1,kcqg,Lớp,,\n"
    result = importer.check(text.encode(), "r.csv", base=str(REPO / "data"))
    assert [(p.rule, p.row) for p in result.problems] == [("imp_ragged_row", 2)]  # empty extra cells are fine
    assert result.problems[0].message("vi") == "Tệp r.csv, hàng 2: hàng có 7 ô trong khi tiêu đề có 6 cột"


def test_a_name_two_entries_share_asks_for_the_code():
    lk = importer.Lookup("crafts")
    for code in ("rattan_a", "rattan_b"):
        lk.add_code(code, "Mây tre")
        lk.add_name("Mây tre", code)

    class Stub:
        lookups: ClassVar[dict[str, importer.Lookup]] = {"crafts": lk}
        _ambiguous = staticmethod(importer.Resolver._ambiguous)

    value, issue = importer.Resolver.resolve(Stub(), "crafts", "may tre", None)
    assert value == "may tre"
    assert issue == ("imp_ambiguous_name", {"table": "crafts", "options": "Mây tre (rattan_a), Mây tre (rattan_b)"})


def test_title_rows_and_blank_rows_keep_spreadsheet_row_numbers():
    text = (
        "BÁO CÁO KHUYẾN CÔNG 2012;;;;;\n"
        ";;;;;\n"
        "Mã đề án;Tỉnh;Năm;Nội dung khuyến công;Nguồn kinh phí;Tên đề án\n"
        "X1;Điện Biên;2012;Đào tạo nghề;KCQG;Lớp 1\n"
        ";;;;;\n"
        "X2;Điện Biên;2012;Đào tạo nghề;KCQQ;Lớp 2\n"
    )
    result = importer.check(text.encode("utf-8"), "t.csv", base=str(REPO / "data"))
    assert [(p.row, p.value) for p in result.problems] == [(6, "KCQQ")]
