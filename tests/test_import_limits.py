"""Limits before work: a small file must not make the server do big work, and every
parser error is a message. The attack files are made here, small on disk."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from kcdash import importer

REPO = Path(__file__).resolve().parents[1]

DATA = str(REPO / "data")

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = b"</sheetData></worksheet>"
HEADER_ROW = (
    b'<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c><c t="s"><v>3</v></c>'
    b'<c t="s"><v>4</v></c><c t="s"><v>5</v></c></row>'
)
STRINGS = "".join(
    f"<si><t>{s}</t></si>" for s in ("Mã đề án", "Tỉnh", "Năm", "Nội dung khuyến công", "Nguồn kinh phí", "Tên đề án")
)


def xlsx(sheet: bytes, shared: bytes | None = None) -> bytes:
    """A minimal .xlsx written by hand, so a test controls every byte of the sheet."""
    if shared is None:
        shared = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + STRINGS + "</sst>"
        ).encode()
    bio = io.BytesIO()
    with zipfile.ZipFile(bio, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/sharedStrings.xml", shared)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    return bio.getvalue()


def first(result: importer.ImportResult) -> tuple[str, str, str]:
    p = result.problems[0]
    return p.rule, p.message("vi"), p.message("en")


def test_a_small_xlsx_of_half_a_million_rows_is_refused_quickly():
    # a 0.6 MB .xlsx with 500 000 rows (no cell references) froze the server
    row = b'<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>'
    content = xlsx(SHEET_HEAD + HEADER_ROW + row * 500_000 + SHEET_TAIL)
    assert len(content) < 700_000
    start = time.monotonic()
    result = importer.check(content, "nua_trieu_hang.xlsx", base=DATA)
    elapsed = time.monotonic() - start
    rule, vi, en = first(result)
    assert rule == "imp_limit_rows"
    # rows are counted in 1 MB steps of unpacked XML, refused at the first step past the limit
    assert vi == ("Tệp nua_trieu_hang.xlsx: tệp có ít nhất 212989 hàng, quá giới hạn 200000 hàng (KC_IMPORT_MAX_ROWS)")
    assert "over the limit of 200000 rows" in en
    assert elapsed < 10, elapsed


def test_a_row_number_far_down_counts_as_that_many_rows():
    sheet = SHEET_HEAD + HEADER_ROW + b'<row r="900000"><c r="A900000"><v>1</v></c></row>' + SHEET_TAIL
    result = importer.check(xlsx(sheet), "xa.xlsx", base=DATA)
    assert first(result)[0] == "imp_limit_rows" and "ít nhất 900000 hàng" in first(result)[1]


def test_a_declared_width_of_16384_columns_is_refused_before_openpyxl_pads_rows():
    sheet = SHEET_HEAD.replace(b"<sheetData>", b'<dimension ref="A1:XFD3"/><sheetData>') + HEADER_ROW + SHEET_TAIL
    result = importer.check(xlsx(sheet), "rong.xlsx", base=DATA)
    assert first(result)[:2] == (
        "imp_limit_columns",
        "Tệp rong.xlsx: tệp có ít nhất 16384 cột, quá giới hạn 200 cột (KC_IMPORT_MAX_COLUMNS)",
    )


def test_a_million_columns_in_a_csv_is_refused_quickly():
    content = ("Mã đề án," + "," * 1_000_000 + "\n").encode()
    start = time.monotonic()
    result = importer.check(content, "cot.csv", base=DATA)
    assert first(result)[:2] == (
        "imp_limit_columns",
        "Tệp cot.csv: tệp có ít nhất 1000002 cột, quá giới hạn 200 cột (KC_IMPORT_MAX_COLUMNS)",
    )
    assert time.monotonic() - start < 10


def test_cells_limit_from_the_environment(monkeypatch):
    monkeypatch.setenv("KC_IMPORT_MAX_CELLS", "20")
    content = ("a,b,c,d,e,f\n" * 5).encode()
    rule, vi, _en = first(importer.check(content, "o.csv", base=DATA))
    assert rule == "imp_limit_cells" and vi == "Tệp o.csv: tệp có ít nhất 24 ô, quá giới hạn 20 ô (KC_IMPORT_MAX_CELLS)"


def test_shared_strings_that_expand_past_the_limit_are_refused():
    # a 0.9 MB file expanded to 200 MB of shared strings
    big = b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    big += b"<si><t>" + b"A" * (60 * 1024 * 1024) + b"</t></si></sst>"
    content = xlsx(SHEET_HEAD + HEADER_ROW + SHEET_TAIL, shared=big)
    assert len(content) < 200_000
    rule, vi, en = first(importer.check(content, "chuoi.xlsx", base=DATA))
    assert rule == "imp_limit_shared_strings"
    assert vi == (
        "Tệp chuoi.xlsx: phần chuỗi dùng chung (sharedStrings.xml) của tệp Excel vượt quá giới hạn 50.0 MB "
        "(KC_IMPORT_MAX_SHARED_STRINGS_MB)"
    )
    assert "exceed the limit of 50.0 MB" in en


def test_unpacked_xml_limit(monkeypatch):
    monkeypatch.setenv("KC_IMPORT_MAX_XML_MB", "1")
    pad = b"<row><c><v>1</v></c></row>" * 60_000
    rule, vi, _en = first(importer.check(xlsx(SHEET_HEAD + HEADER_ROW + pad + SHEET_TAIL), "x.xlsx", base=DATA))
    assert rule == "imp_limit_xml" and "giới hạn 1.0 MB (KC_IMPORT_MAX_XML_MB)" in vi


def test_a_damaged_shared_strings_part_is_a_message_not_a_traceback():
    content = xlsx(SHEET_HEAD + HEADER_ROW + SHEET_TAIL, shared="<sst><si><t>Tỉnh</t></si><si><t>unclosed".encode())
    rule, vi, en = first(importer.check(content, "hong.xlsx", base=DATA))
    assert rule == "imp_damaged_part"
    assert vi == (
        "Tệp hong.xlsx: tệp Excel bị hỏng: không đọc được phần “xl/sharedStrings.xml”; hãy mở và lưu lại tệp bằng Excel"
    )
    assert en.startswith("File hong.xlsx: the Excel file is damaged")


def test_nul_anywhere_in_a_csv_is_refused_with_its_row():
    # a NUL byte after the first 20 000 characters was stored and exported
    good = "Mã đề án,Tỉnh,Năm,Nội dung khuyến công,Nguồn kinh phí,Tên đề án\n"
    rows = "".join(f"X{i},11,2012,nd45_1,kcqg,Lớp {'a' * 40}\n" for i in range(600))
    content = (good + rows + "X999,11,2012,nd45_1,kcqg,Lớp\x00 ẩn\n").encode()
    assert content.index(b"\x00") > 20_000
    result = importer.check(content, "nul.csv", base=DATA)
    p = result.problems[0]
    assert (p.rule, p.row) == ("imp_nul", 602)
    assert p.message("vi") == (
        "Tệp nul.csv, hàng 602: ô ở cột F chứa ký tự NUL; tệp bị hỏng hoặc không phải văn bản, hãy xuất lại tệp"
    )


def test_nul_in_an_excel_cell_is_refused():
    row = b'<row><c t="inlineStr"><is><t>X1</t></is></c><c t="inlineStr"><is><t>a&#0;b</t></is></c></row>'
    sheet = SHEET_HEAD + HEADER_ROW + row + SHEET_TAIL
    result = importer.check(xlsx(sheet), "nul.xlsx", base=DATA)
    assert result.problems and result.problems[0].rule in ("imp_nul", "imp_truncated", "imp_damaged_part")
    assert result.records is None


def test_notes_shown_are_capped(monkeypatch):
    monkeypatch.setenv("KC_IMPORT_MAX_NOTES", "5")
    monkeypatch.setenv("KC_IMPORT_MAX_COLUMNS", "1000")
    header = "Mã đề án,Tỉnh,Năm,Nội dung khuyến công,Nguồn kinh phí,Tên đề án," + ",".join(
        f"thừa {i}" for i in range(300)
    )
    content = (header + "\nX1,11,2012,nd45_1,kcqg,Lớp" + "," * 300 + "\n").encode()
    result = importer.check(content, "n.csv", base=DATA)
    assert result.ok
    assert len(result.notes) == 6
    assert result.notes[-1].text("vi").startswith("… còn ") and "chỉ hiện 5 ghi chú đầu" in result.notes[-1].text("vi")


def test_time_budget(monkeypatch):
    monkeypatch.setenv("KC_IMPORT_TIME_BUDGET_S", "0.000001")
    content = (
        "Mã đề án,Tỉnh,Năm,Nội dung khuyến công,Nguồn kinh phí,Tên đề án\n" + "X1,11,2012,nd45_1,kcqg,Lớp\n"
    ).encode()
    rule, vi, en = first(importer.check(content, "t.csv", base=DATA))
    assert rule == "imp_limit_time"
    assert "quá giới hạn 1e-06 giây (KC_IMPORT_TIME_BUDGET_S)" in vi and "1e-06 seconds" in en


@pytest.mark.parametrize("bad", ["", "abc", "-3", "0"])
def test_a_bad_limit_in_the_environment_keeps_the_safe_default(monkeypatch, bad):
    monkeypatch.setenv("KC_IMPORT_MAX_ROWS", bad)
    assert importer.Limits.from_env().max_rows == 200_000
