"""Numbers as officials write them, and downloads that cannot run formulas."""

from __future__ import annotations

import io
import math

import pandas as pd
import pytest
from openpyxl import load_workbook

from kcdash import fmt


@pytest.mark.parametrize(
    ("value", "vi", "en"),
    [
        (3530, "3.530", "3,530"),
        (0, "0", "0"),
        (1234567, "1.234.567", "1,234,567"),
    ],
)
def test_whole_numbers(value, vi, en):
    assert fmt.integer(value, "vi") == vi
    assert fmt.integer(value, "en") == en


def test_the_published_figures_as_written_in_the_reports():
    assert fmt.integer(3530, "vi") == "3.530"
    assert fmt.million_vnd(6788.9, "vi") == "6.788,9 triệu đồng"
    assert fmt.billion_vnd(6788.9, "vi") == "6,79 tỷ đồng"  # 6 788,9 million = 6,79 billion
    assert fmt.percent(59.2, "vi") == "59,2%"


def test_english_writing():
    assert fmt.million_vnd(6788.9, "en") == "6,788.9 million VND"
    assert fmt.billion_vnd(6788.9, "en") == "6.79 billion VND"
    assert fmt.percent(59.2, "en") == "59.2%"
    assert fmt.people(3530, "en") == "3,530 people"


def test_whole_millions_drop_the_zero_decimal():
    assert fmt.million_vnd(4020, "vi") == "4.020 triệu đồng"  # "4 tỷ 020 triệu đồng" in the report
    assert fmt.million_vnd(2768.9, "vi") == "2.768,9 triệu đồng"


def test_ratios_and_decimals():
    assert fmt.ratio_percent(0.948336, "vi") == "94,8%"
    assert fmt.number(0.963537, "vi", 2) == "0,96"
    assert fmt.number1(1157.6, "en") == "1,157.6"


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, math.nan])
def test_missing_is_said_never_zero(missing):
    assert fmt.integer(missing, "vi") == "chưa có số liệu"
    assert fmt.million_vnd(missing, "en") == "no data"
    assert fmt.percent(missing, "vi") == "chưa có số liệu"
    assert fmt.billion_vnd(missing, "vi") == "chưa có số liệu"


def test_units_of_published_figures():
    assert fmt.with_unit(3530, "people", "vi") == "3.530 người"
    assert fmt.with_unit(6788.9, "million VND", "en") == "6,788.9 million VND"
    assert fmt.with_unit(1, "clusters per district", "vi") == "1 cụm mỗi huyện"
    assert fmt.with_unit(0, "craft villages", "en") == "0 craft village(s)"


def test_dates():
    assert fmt.date("2026-11-23", "vi") == "23/11/2026"
    assert fmt.date("2026-11-23", "en") == "2026-11-23"
    assert fmt.date(None, "vi") == "chưa có số liệu"


def test_date_times_are_shown_in_vietnam_time_to_the_minute():
    assert fmt.date_time("2026-11-23T07:05:09+00:00", "vi") == "23/11/2026 14:05"
    assert fmt.date_time("2026-11-23T07:05:09+00:00", "en") == "2026-11-23 14:05"
    assert fmt.date_time("2026-11-23T20:30:00+00:00", "vi") == "24/11/2026 03:30"  # after midnight in Hà Nội
    assert fmt.date_time("2026-11-23", "vi") == "23/11/2026"  # a date alone gets no made-up time
    assert fmt.date_time(None, "en") == "no data"


def test_plotly_separators():
    assert fmt.plotly_separators("vi") == ",."  # decimal comma, thousands dot
    assert fmt.plotly_separators("en") == ".,"


def test_format_frame_headers_and_no_data():
    df = pd.DataFrame({"trainees": [3530.0, None], "name": ["Điện Biên", None]})
    out = fmt.format_frame(df, {"name": ("Tỉnh", None), "trainees": ("Học viên", fmt.integer)}, "vi")
    assert list(out.columns) == ["Tỉnh", "Học viên"]
    assert out.to_dict("list") == {"Tỉnh": ["Điện Biên", "chưa có số liệu"], "Học viên": ["3.530", "chưa có số liệu"]}


# ---- downloads ------------------------------------------------------------------------------

DANGEROUS = pd.DataFrame(
    {
        "title": ['=HYPERLINK("http://x","y")', "+1+1", "-2", "@SUM(A1)", "Dệt thổ cẩm"],
        "budget": [1.5, -2.0, 3.0, 4.0, 5.0],
    }
)


def test_formulas_are_neutralised_numbers_untouched():
    out = fmt.neutralise_formulas(DANGEROUS)
    assert out["title"].tolist() == ['\'=HYPERLINK("http://x","y")', "'+1+1", "'-2", "'@SUM(A1)", "Dệt thổ cẩm"]
    assert out["budget"].tolist() == [1.5, -2.0, 3.0, 4.0, 5.0]  # a negative number stays a number
    assert DANGEROUS["title"].iloc[0].startswith("=")  # the input frame is not changed


def test_csv_download_is_safe_and_opens_in_excel():
    data = fmt.to_csv_bytes(DANGEROUS)
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Vietnamese text as UTF-8
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "Dệt thổ cẩm" in text
    assert "\n=" not in text and ",=" not in text


def test_excel_download_is_safe():
    wb = load_workbook(io.BytesIO(fmt.to_excel_bytes(DANGEROUS)))
    cells = [c.value for c in wb.active["A"]][1:]
    assert cells[0] == '\'=HYPERLINK("http://x","y")'
    assert all(not str(c).startswith(("=", "+", "-", "@")) for c in cells)
    assert [c.value for c in wb.active["B"]][1:] == [1.5, -2, 3, 4, 5]


def test_parquet_download_keeps_rows_and_types():
    back = pd.read_parquet(io.BytesIO(fmt.to_parquet_bytes(DANGEROUS)))
    assert back["title"].iloc[1] == "'+1+1"
    assert back["budget"].tolist() == [1.5, -2.0, 3.0, 4.0, 5.0]


# ---- rounding half up, approximate figures, notes travel with downloads -------------


@pytest.mark.parametrize(
    ("value", "decimals", "vi", "en"),
    [
        (2.25, 1, "2,3", "2.3"),  # Python's round() gives 2,2 (half to even on the binary value)
        (0.125, 2, "0,13", "0.13"),
        (2.5, 0, "3", "3"),
        (-2.5, 0, "-3", "-3"),  # half away from zero, as Excel
        (6788.85, 1, "6.788,9", "6,788.9"),
        (-0.04, 1, "0,0", "0.0"),  # no "-0"
    ],
)
def test_rounding_is_half_up_as_excel(value, decimals, vi, en):
    assert fmt.number(value, "vi", decimals) == vi
    assert fmt.number(value, "en", decimals) == en


def test_percent_rounds_half_up():
    assert fmt.percent(59.25) == "59,3%"
    assert fmt.billion_vnd(2765) == "2,77 tỷ đồng"  # 2,765 -> 2,77


def test_approximate_sums_carry_no_false_decimals():
    assert fmt.approximate_vnd(4000) == "4 tỷ đồng"  # regression: "4.000 triệu đồng (4,00 tỷ đồng)"
    assert fmt.approximate_vnd(4000, "en") == "4 billion VND"
    assert fmt.approximate_vnd(4500) == "4,5 tỷ đồng"
    assert fmt.approximate_vnd(850) == "850 triệu đồng"
    assert fmt.approximate_vnd(None) == "chưa có số liệu"


def test_excel_download_carries_a_notes_sheet():
    notes = pd.DataFrame({"Ghi chú": ["Bảng này có số liệu MINH HỌA", "Nguồn: [Báo cáo A] (a.txt)"]})
    data = fmt.to_excel_bytes(pd.DataFrame({"is_illustrative": [True], "x": [1]}), notes=notes, notes_sheet="ghi chú")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["data", "ghi chú"]
    assert wb["data"]["A1"].value == "is_illustrative" and wb["data"]["A2"].value is True
    assert wb["ghi chú"]["A3"].value == "Nguồn: [Báo cáo A] (a.txt)"


def test_parquet_download_keeps_the_note_in_its_metadata():
    import pyarrow.parquet as pq

    data = fmt.to_parquet_bytes(pd.DataFrame({"is_illustrative": [True], "x": [1.5]}), note="MINH HỌA; nguồn: [A]")
    table = pq.read_table(io.BytesIO(data))
    assert table.schema.metadata[b"kcdash.note"].decode("utf-8") == "MINH HỌA; nguồn: [A]"
    assert table.column("is_illustrative").to_pylist() == [True]
