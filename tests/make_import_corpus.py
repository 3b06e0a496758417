"""Writes tests/import_corpus/: the files officials might send, good and broken.

    .venv/bin/python tests/make_import_corpus.py

Every file under ``accepted/`` holds the same eight activity records of Điện Biên 2012–2013
(``EXPECTED`` below), written the way a different tool or habit writes them; every file under
``rejected/`` is broken in one way. The files are committed, so the tests read what an official
would upload; this script is how they were made (Excel files carry a timestamp, so re-running it
changes their bytes but not their content).
"""

from __future__ import annotations

import io
import random
import unicodedata
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq

CORPUS = Path(__file__).resolve().parent / "import_corpus"
SOURCE = "Báo cáo Sở Công Thương Điện Biên, 2013"

# The records every accepted file must import to (contract codes, plain numbers).
COLUMNS = (
    "activity_id",
    "province_code",
    "district_code",
    "year",
    "activity_type_code",
    "craft_code",
    "fund_code",
    "budget_million_vnd",
    "trainees",
    "new_jobs",
    "title_vi",
    "source",
)
EXPECTED = [
    (
        "DB-2012-01",
        "11",
        "099",
        2012,
        "nd45_1",
        "brocade_weaving",
        "kcqg",
        "1250.5",
        35,
        30,
        "Lớp dệt thổ cẩm Tuần Giáo",
    ),
    ("DB-2012-02", "11", "103", 2012, "nd45_1", "broom_making", "kcdp", "86.4", 20, None, "Lớp chổi chít Nậm Pồ"),
    ("DB-2012-03", "11", "094", 2012, "nd45_4", None, "kcdp", "6788.9", None, None, "Hội chợ hàng CNNT Điện Biên Phủ"),
    ("DB-2012-04", "11", None, 2012, "nd45_6", None, "kcqg", "45.25", None, None, "Bản tin khuyến công"),
    ("DB-2013-01", "11", "098", 2013, "nd45_1", "tea_processing", "kcqg", "120", 3530, 3500, "Chế biến chè Tủa Chùa"),
    ("DB-2013-02", "11", "102", 2013, "nd45_3", "wood_carpentry", "kcdp", "300", 15, 12, "Mô hình mộc dân dụng"),
    (
        "DB-2013-03",
        "11",
        "100",
        2013,
        "nd45_1",
        "cassava_starch",
        "kcqg",
        "75.5",
        25,
        25,
        "Tinh bột sắn huyện Điện Biên",
    ),
    ("DB-2013-04", "11", "095", 2013, "nd45_7", None, "other", None, None, None, "Khảo sát cụm công nghiệp Mường Lay"),
]

HEADERS_VI = (
    "Mã đề án",
    "Tỉnh",
    "Huyện",
    "Năm",
    "Nội dung khuyến công",
    "Ngành nghề",
    "Nguồn kinh phí",
    "Kinh phí (triệu đồng)",
    "Số học viên",
    "Việc làm mới",
    "Tên đề án",
    "Nguồn",
)
HEADERS_EN = (
    "Activity ID",
    "Province",
    "District",
    "Year",
    "Activity category",
    "Craft",
    "Fund",
    "Budget (million VND)",
    "Trainees",
    "New jobs",
    "Title",
    "Source",
)
HEADERS_ASCII = (
    "MA DE AN",
    "TINH",
    "HUYEN",
    "NAM",
    "NOI DUNG KHUYEN CONG",
    "NGANH NGHE",
    "NGUON KINH PHI",
    "KINH PHI (TRIEU DONG)",
    "SO HOC VIEN",
    "VIEC LAM MOI",
    "TEN DE AN",
    "NGUON",
)

# How officials write the same records by name (one spelling habit per row).
NAMES_VI = [
    ("Tỉnh Điện Biên", "Huyện Tuần Giáo", "Đào tạo nghề", "Dệt thổ cẩm", "Khuyến công quốc gia"),
    ("Điện Biên", "H. Nậm Pồ", "Đào tạo nghề, truyền nghề và phát triển nghề", "Chổi chít", "KCĐP"),
    ("Điện Biên", "TP Điện Biên Phủ", "Hội chợ triển lãm, sản phẩm tiêu biểu", "-", "Địa phương"),
    ("Điện Biên", "", "Thông tin tuyên truyền", "không có", "KCQG"),
    ("Điện Biên", "Tủa Chùa", "khoản 1", "Chế biến chè", "Quốc gia"),
    ("Điện Biên", "huyện Mường Ảng", "Mô hình trình diễn", "Chế biến gỗ, mộc dân dụng", "Khuyến công địa phương"),
    ("Điện Biên", "Huyện Điện Biên", "Đào tạo nghề", "Tinh bột sắn", "KCQG"),
    ("Điện Biên", "TX Mường Lay", "Liên kết & cụm công nghiệp", "", "Nguồn khác"),
]
NAMES_EN = [
    ("Dien Bien", "Tuan Giao", "Training", "Brocade weaving", "National"),
    ("Dien Bien", "Nam Po", "Training", "Broom making", "Local"),
    ("Dien Bien", "Dien Bien Phu City", "Products & fairs", "", "Local"),
    ("Dien Bien", "", "Information", "", "National"),
    (
        "Dien Bien",
        "Tua Chua",
        "Vocational training, craft transfer and craft development",
        "Tea processing",
        "National",
    ),
    ("Dien Bien", "Muong Ang", "Demonstration & technology", "Wood processing and carpentry", "Local"),
    ("Dien Bien", "Dien Bien District", "Training", "Cassava starch", "National"),
    ("Dien Bien", "Muong Lay Town", "Linkages & clusters", "", "Other sources"),
]


def _num(value, comma: bool = False) -> str:
    """A number as Vietnamese Excel shows it (comma=True: 6.788,9 and 3.530) or plainly."""
    if value is None:
        return ""
    if not comma:
        return str(value)
    text = str(value)
    whole, _, frac = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + frac if frac else "")


def rows(style: str = "codes", comma: bool = False) -> list[list[str]]:
    """The expected records as text cells; style "codes", "vi" names or "en" names."""
    out = []
    for i, r in enumerate(EXPECTED):
        aid, prov, dist, year, atype, craft, fund, budget, trainees, jobs, title = r
        if style == "vi":
            prov, dist, atype, craft, fund = NAMES_VI[i]
        elif style == "en":
            prov, dist, atype, craft, fund = NAMES_EN[i]
        out.append(
            [
                aid,
                prov,
                dist or "",
                str(year),
                atype,
                craft or "",
                fund,
                _num(budget, comma),
                _num(trainees, comma),
                _num(jobs, comma),
                title,
                SOURCE,
            ]
        )
    return out


def csv_text(header, body, delim=",") -> str:
    def q(cell: str) -> str:
        if any(ch in cell for ch in (delim, '"', "\n")):
            return '"' + cell.replace('"', '""') + '"'
        return cell

    return "\r\n".join(delim.join(q(c) for c in row) for row in [list(header), *body]) + "\r\n"


def xlsx_bytes(sheets: dict[str, list[list]], merged: dict[str, list[str]] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, cells in sheets.items():
        ws = wb.create_sheet(title)
        for row in cells:
            ws.append(row)
        for ref in (merged or {}).get(title, []):
            ws.merge_cells(ref)
    bio = io.BytesIO()
    wb.save(bio)
    return bio.getvalue()


def typed_rows(style: str = "codes") -> list[list]:
    """Rows as Excel stores them: numbers as numbers, district codes typed as numbers (94)."""
    out = []
    for cells, r in zip(rows(style), EXPECTED, strict=True):
        cells = list(cells)
        cells[3] = r[3]
        for k, v in ((7, r[7]), (8, r[8]), (9, r[9])):
            cells[k] = None if v is None else (float(v) if isinstance(v, str) else v)
        if style == "codes" and r[2]:
            cells[2] = int(r[2])  # Excel drops the leading zero of 094
        out.append([c if c != "" else None for c in cells])
    return out


def accepted() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    files["utf8_codes.csv"] = csv_text(COLUMNS, rows("codes")).encode("utf-8")
    stt = [[str(i + 1), *r] for i, r in enumerate(rows("codes"))]
    files["utf8_bom_vietnamese_headers.csv"] = ("\ufeff" + csv_text(("STT", *HEADERS_VI), stt)).encode("utf-8")
    files["utf16_tab_excel_unicode_text.txt"] = b"\xff\xfe" + csv_text(HEADERS_VI, rows("vi", comma=True), "\t").encode(
        "utf-16-le"
    )
    cp = csv_text(HEADERS_VI, rows("vi", comma=True), ";")
    files["cp1258_semicolon.csv"] = _cp1258(cp)
    files["decimal_comma.csv"] = csv_text(HEADERS_VI, rows("codes", comma=True), ",").encode("utf-8")
    files["english_headers_and_names.csv"] = csv_text(HEADERS_EN, rows("en")).encode("utf-8")
    files["no_diacritics_headers.csv"] = csv_text(HEADERS_ASCII, rows("codes")).encode("utf-8")
    files["names_instead_of_codes.csv"] = csv_text(HEADERS_VI, rows("vi")).encode("utf-8")
    nfd = csv_text([f"  {h} " for h in HEADERS_VI], [[f" {c}  " if c else c for c in r] for r in rows("vi")])
    files["decomposed_nfd_stray_spaces.csv"] = unicodedata.normalize("NFD", nfd).encode("utf-8")
    title = [["BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG TỈNH ĐIỆN BIÊN"], []]
    files["excel_first_sheet.xlsx"] = xlsx_bytes(
        {"Đề án": title + [["STT", *HEADERS_VI]] + [[i + 1, *r] for i, r in enumerate(typed_rows())]}
    )
    files["excel_named_sheet.xlsx"] = xlsx_bytes(
        {"Hướng dẫn": [["Số liệu ở trang «Số liệu»"]], "Số liệu": [list(HEADERS_VI), *typed_rows("vi")]}
    )
    files["parquet_typed.parquet"] = _parquet()
    files.update(office())
    return files


# ---- sheets shaped the way provincial offices keep them -------------------------
NO_IDS = ("office_report_title_total.xlsx", "office_stt_decree_wording.csv")
"""Office files with STT instead of ids and no source column: ids are made, the source defaults."""

OFFICE_TITLES = [
    ["UBND TỈNH ĐIỆN BIÊN", None, None, None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
    ["SỞ CÔNG THƯƠNG", None, None, None, None, "Độc lập - Tự do - Hạnh phúc"],
    [],
    ["BÁO CÁO KẾT QUẢ THỰC HIỆN ĐỀ ÁN KHUYẾN CÔNG GIAI ĐOẠN 2012 - 2013"],
    ["(Kèm theo Báo cáo số 125/BC-SCT ngày 20/01/2014)"],
    [],
]
OFFICE_HEADERS = (
    "STT",
    "Tên đề án / nội dung",
    "Địa bàn thực hiện",
    "Năm thực hiện",
    "Nội dung hoạt động",
    "Ngành nghề",
    "Nguồn vốn",
    "KP (đồng)",
    "SL HV (người)",
    "LĐ có VL (người)",
)
# activity contents in the decree's or the office's wording, districts with their prefixes
OFFICE_WORDS = [
    ("H. Tuần Giáo", "Hỗ trợ đào tạo nghề, truyền nghề", "Dệt thổ cẩm", "Khuyến công quốc gia"),
    ("Huyện Nậm Pồ", "Đào tạo nghề, truyền nghề và phát triển nghề", "Sản xuất chổi chít", "Khuyến công địa phương"),
    ("TP. Điện Biên Phủ", "Hội chợ triển lãm, xúc tiến thương mại", "", "KCĐP"),
    ("", "Thông tin tuyên truyền", "", "KCQG"),
    ("Huyện Tủa Chùa", "Đào tạo nghề", "Chế biến chè", "KCQG"),
    ("Huyện Mường Ảng", "Mô hình trình diễn kỹ thuật", "Chế biến gỗ, mộc dân dụng", "KCĐP"),
    ("Huyện Điện Biên", "Đào tạo nghề", "Chế biến tinh bột sắn", "KCQG"),
    ("Thị xã Mường Lay", "Phát triển cụm công nghiệp", "", "Nguồn khác"),
]


def _dong(million: str | None) -> int | None:
    """Million VND as whole đồng: "1250.5" -> 1250500000 (exact, no float)."""
    from decimal import Decimal

    return None if million is None else int(Decimal(million) * 1_000_000)


def _dong_text(million: str | None) -> str:
    """Whole đồng as an accountant's export writes it: 1.250.500.000."""
    n = _dong(million)
    return "" if n is None else f"{n:,}".replace(",", ".")


def _office_rows(typed: bool) -> list[list]:
    out = []
    for i, (r, words) in enumerate(zip(EXPECTED, OFFICE_WORDS, strict=True)):
        _aid, _prov, _dist, year, _at, _craft, _fund, budget, trainees, jobs, title = r
        dist, activity, craft, fund = words
        money = _dong(budget) if typed else _dong_text(budget)
        count = (lambda v: v) if typed else (lambda v: "" if v is None else str(v))
        out.append([i + 1, title, dist, year, activity, craft, fund, money, count(trainees), count(jobs)])
    return out


def _sum(values: list) -> int:
    return sum(v for v in values if v is not None)


def office() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    body = _office_rows(typed=True)
    total = ["", "Tổng cộng", None, None, None, None, None, _sum([r[7] for r in body]), _sum([r[8] for r in body])]
    total.append(_sum([r[9] for r in body]))
    # the header over two rows, as printed reports have it: cells merged down (STT … KP) and a
    # group "Kết quả" merged across the two count columns, whose names are in the row below
    top = [*OFFICE_HEADERS[:8], "Kết quả", None]
    below = [None] * 8 + list(OFFICE_HEADERS[8:])
    sheet = [*OFFICE_TITLES, top, below, [f"({k})" for k in range(1, 11)], *body, total, [], ["Người lập biểu"]]
    sheet = [[None if c in ("", None) else c for c in row] for row in sheet]
    header_row = len(OFFICE_TITLES) + 1
    merges = [f"{c}{header_row}:{c}{header_row + 1}" for c in "ABCDEFGH"] + [f"I{header_row}:J{header_row}"]
    files["office_report_title_total.xlsx"] = xlsx_bytes(
        {"Báo cáo": sheet, "Ghi chú": [["Số liệu ở trang «Báo cáo»"]]}, merged={"Báo cáo": merges}
    )

    # an accounting export: ids and a source, budgets in đồng with Vietnamese thousands, a subtotal
    # per year and the grand total
    header = ("Mã đề án", "Tỉnh", "Huyện", "Năm", "Nội dung KC", "Nghề", "Nguồn vốn", "Kinh phí (đồng)")
    header += ("Số HV", "Số LĐ có VL", "Tên đề án", "Nguồn")
    lines: list[list[str]] = []
    for year in (2012, 2013):
        group = [
            [
                *(r[0], "Điện Biên", w[0], str(r[3]), w[1], w[2], w[3], _dong_text(r[7])),
                *(
                    "" if r[8] is None else f"{r[8]:,}".replace(",", "."),
                    "" if r[9] is None else str(r[9]),
                    r[10],
                    SOURCE,
                ),
            ]
            for r, w in zip(EXPECTED, OFFICE_WORDS, strict=True)
            if r[3] == year
        ]
        lines += group
        rows_year = [r for r in EXPECTED if r[3] == year]
        money = f"{_sum([_dong(r[7]) for r in rows_year]):,}".replace(",", ".")
        lines.append(
            ["", f"Cộng năm {year}", "", "", "", "", "", money, str(_sum([r[8] for r in rows_year])), "", "", ""]
        )
    grand = f"{_sum([_dong(r[7]) for r in EXPECTED]):,}".replace(",", ".")
    lines.append(["", "Tổng cộng", "", "", "", "", "", grand, f"{_sum([r[8] for r in EXPECTED]):,}".replace(",", ".")])
    lines[-1] += ["", "", ""]
    files["office_accounting_dong.csv"] = ("\ufeff" + csv_text(header, lines, ";")).encode("utf-8")

    # STT, no ids, no province column (the title names it), budget in million with two decimals
    stt_header = ("STT", "Tên đề án", "Huyện/thị xã", "Năm", "Nội dung hỗ trợ", "Ngành nghề", "Nguồn kinh phí")
    stt_header += ("Kinh phí (triệu đồng)", "Số lao động được đào tạo", "Số lao động có việc làm")
    stt_rows = [
        [str(i + 1), r[10], w[0], str(r[3]), w[1], w[2], w[3], _num(r[7], comma=True), _num(r[8]), _num(r[9])]
        for i, (r, w) in enumerate(zip(EXPECTED, OFFICE_WORDS, strict=True))
    ]
    title = [["SỞ CÔNG THƯƠNG TỈNH ĐIỆN BIÊN"] + [""] * 9, [""] * 10]
    text = "\r\n".join(";".join(r) for r in title) + "\r\n" + csv_text(stt_header, stt_rows, ";")
    files["office_stt_decree_wording.csv"] = text.encode("utf-8")
    return files


TONES = "\u0300\u0301\u0303\u0309\u0323"  # the five tone marks cp1258 writes as combining characters


def _cp1258(text: str) -> bytes:
    """Text as Windows-1258 stores it: letters like ê precomposed, tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            tone = "".join(c for c in parts if c in TONES)
            out.append((base + tone).encode("cp1258"))
    return b"".join(out)


def _parquet() -> bytes:
    cols = list(zip(*EXPECTED, strict=True))
    from decimal import Decimal

    arrays = {
        "activity_id": pa.array(cols[0]),
        "province_code": pa.array(cols[1]),
        "district_code": pa.array(cols[2]),
        "year": pa.array(cols[3], pa.int32()),
        "activity_type_code": pa.array(cols[4]),
        "craft_code": pa.array(cols[5]),
        "fund_code": pa.array(cols[6]),
        "budget_million_vnd": pa.array([None if v is None else Decimal(v) for v in cols[7]], pa.decimal128(18, 6)),
        "trainees": pa.array(cols[8], pa.int32()),
        "new_jobs": pa.array(cols[9], pa.int32()),
        "title_vi": pa.array(cols[10]),
        "source": pa.array([SOURCE] * len(EXPECTED)),
    }
    bio = io.BytesIO()
    pq.write_table(pa.table(arrays), bio)
    return bio.getvalue()


def _replace_cell(body: list[list[str]], row: int, col: int, value: str) -> list[list[str]]:
    body = [list(r) for r in body]
    body[row][col] = value
    return body


def rejected() -> dict[str, bytes]:
    good = rows("codes")
    files: dict[str, bytes] = {}
    no_year = [[c for k, c in enumerate(r) if k != 3] for r in good]
    files["missing_column.csv"] = csv_text([h for k, h in enumerate(HEADERS_VI) if k != 3], no_year).encode("utf-8")
    files["misspelt_header.csv"] = csv_text(
        [("Năm thực hện" if k == 3 else h) for k, h in enumerate(HEADERS_VI)], good
    ).encode("utf-8")
    files["wrong_type.csv"] = csv_text(HEADERS_VI, _replace_cell(good, 1, 8, "hai mươi")).encode("utf-8")
    files["negative_count.csv"] = csv_text(HEADERS_VI, _replace_cell(good, 0, 8, "-35")).encode("utf-8")
    files["district_of_other_province.csv"] = csv_text(HEADERS_VI, _replace_cell(good, 0, 2, "Hồng Dân")).encode(
        "utf-8"
    )
    nam_po_2010 = _replace_cell(good, 1, 3, "2010")
    files["district_before_it_existed.csv"] = csv_text(HEADERS_VI, nam_po_2010).encode("utf-8")
    files["duplicate_ids.csv"] = csv_text(HEADERS_VI, _replace_cell(good, 4, 0, "DB-2012-01")).encode("utf-8")
    files["misspelt_names.csv"] = csv_text(
        HEADERS_VI, _replace_cell(_replace_cell(good, 0, 2, "Tuần Gio"), 2, 6, "Khuyến công quốc gai")
    ).encode("utf-8")
    files["id_used_elsewhere.csv"] = csv_text(HEADERS_VI, _replace_cell(good, 0, 0, "95-2007-001")).encode("utf-8")
    files["empty.csv"] = b""
    files["header_only.csv"] = csv_text(HEADERS_VI, []).encode("utf-8")
    files["not_a_table.png"] = _png()
    rng = random.Random(4)
    files["random_bytes.csv"] = bytes(rng.randrange(256) for _ in range(3000))
    files["unrelated_table.csv"] = "Họ tên,Ngày sinh,Địa chỉ\r\nNguyễn Văn A,1980-01-01,Điện Biên\r\n".encode()
    xlsx = accepted()["excel_first_sheet.xlsx"]
    files["truncated.xlsx"] = xlsx[: len(xlsx) // 2]
    parquet = accepted()["parquet_typed.parquet"]
    files["truncated.parquet"] = parquet[: len(parquet) * 2 // 3]
    # cut inside a quoted cell, as a copy that stopped half-way leaves it
    files["truncated_quote.csv"] = (
        csv_text(HEADERS_VI, good).rsplit("\r\n", 2)[0] + '\r\nDB-2013-04,11,095,2013,nd45_7,,other,,,,"Khảo sát cụm'
    ).encode()
    files["old_excel.xls"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    # a "Tổng cộng" row that does not agree with the rows above it (one digit wrong)
    wrong_total = [*good, ["Tổng cộng", "", "", "", "", "", "", "8666.05", "3625", "", "", ""]]
    files["total_disagrees.csv"] = csv_text(HEADERS_VI, wrong_total).encode("utf-8")
    return files


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00\xff\x00\x00"  # one red pixel
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    for sub, files in (("accepted", accepted()), ("rejected", rejected())):
        folder = CORPUS / sub
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (folder / name).write_bytes(content)
            print(f"{sub}/{name}: {len(content)} bytes")


if __name__ == "__main__":
    main()
