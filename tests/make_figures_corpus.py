"""Builds tests/figures_corpus/: invented provincial khuyến công reports and the figures a reader must propose.

    .venv/bin/python -m tests.make_figures_corpus            # build, write expected answers, self-check
    .venv/bin/python -m tests.make_figures_corpus --check    # self-check the committed files only

Every document is written by hand as UTF-8 text in ``figures_corpus/src/<name>.txt`` (invented for the
tests, not copied from any published article) and built here into ``figures_corpus/<name>.<ext>`` as
plain text, .docx (python-docx), a saved web page (.html) or a PDF with a text layer (the print HTML
printed by headless Chromium). The expected proposals of each document are the ``DOCS`` table below,
written to ``figures_corpus/<name>.expected.json``. ``figures_corpus/bad/`` holds inputs the reader must
refuse or find empty. The build is deterministic: .docx zip entries and PDF dates are fixed, so
re-running it rewrites the same bytes on the same machine (PDF bytes may differ with another Chromium).

Source markup (one block per line; blank lines are kept only in .txt output):
    ``# text``  headline          ``## text`` sub-heading       ``@ text``  dateline / byline / letterhead
    ``| a | b |`` table row (first row is the header)            ``**text**`` bold (html, docx)
    ``{NBSP}``  a no-break space (U+00A0; ``&nbsp;`` in html)     anything else: a paragraph

Self-check: every quote and every ``must_not_propose`` string is a substring of the document's extracted
text, every quote occurs once and holds a number expression that parses to the expected value, every
``must_not_read`` string (text inside scripts) is absent from it, and every total/parts check adds up as
declared. Extracted text is NFC with every run of whitespace (incl. U+00A0 and newlines) collapsed to one
space: .txt decoded as UTF-8 (BOM dropped); .docx body paragraphs and table-cell paragraphs in document
order; .html the visible text (html.parser; nothing inside head, script, style, template); .pdf plain
``pdftotext``.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import partial
from html.parser import HTMLParser
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "figures_corpus"
SRC = CORPUS / "src"
BAD = CORPUS / "bad"
CHROMIUM = "/usr/bin/chromium"
NBSP = "\u00a0"
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_DOCX_TIME = datetime(2024, 1, 1, 0, 0, 0)
FIXED_PDF_DATE = b"D:20240101000000+00'00'"

UNITS = {
    "budget_million_vnd": "million VND",
    "trainees": "people",
    "new_jobs": "people",
    "establishments_supported": "establishments",
    "clusters_supported": "clusters",
    "detailed_plan_clusters": "clusters",
    "craft_villages": "craft villages",
    "clusters_per_district_goal": "clusters per district",
}
# Which nouns may carry a count of each metric/unit (used by the self-check to find the number).
NOUNS = {
    ("activity_count", "schemes"): ("đề án",),
    ("activity_count", "programmes"): ("chương trình",),
    ("activity_count", "classes"): ("lớp",),
    ("trainees", "people"): ("học viên", "lao động", "người"),
    ("new_jobs", "people"): ("lao động",),
    ("establishments_supported", "establishments"): ("cơ sở",),
    ("clusters_supported", "clusters"): ("cụm công nghiệp",),
    ("detailed_plan_clusters", "clusters"): ("cụm công nghiệp",),
    ("craft_villages", "craft villages"): ("làng nghề",),
    ("clusters_per_district_goal", "clusters per district"): ("cụm công nghiệp",),
}
DOC = object()  # "take the document's default"


# --------------------------------------------------------------------------------------------------
# The expected answers
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class P:
    """One expected proposal. period/part/flags default to the document's."""

    metric: str
    value: str
    quote: str
    unit: str | None = None
    fund: str | None = None
    qual: str = "exact"
    status: str = "done"
    period: object = DOC
    part: object = DOC
    district: str | None = None
    flags: object = DOC
    num: str | None = None  # the number expression inside the quote, when the self-check cannot find it alone


# one maker per measure, as the documents state them: money("3150", quote, fund=KCQG, ...)
money = partial(P, "budget_million_vnd")
schemes = partial(P, "activity_count", unit="schemes")
programmes = partial(P, "activity_count", unit="programmes")
classes = partial(P, "activity_count", unit="classes")
trainees = partial(P, "trainees")
jobs = partial(P, "new_jobs")
estab = partial(P, "establishments_supported")
clusters = partial(P, "clusters_supported")
plans = partial(P, "detailed_plan_clusters")
villages = partial(P, "craft_villages")
goal = partial(P, "clusters_per_district_goal")


@dataclass(frozen=True)
class Check:
    """A stated total and its stated parts (by quote and metric); adds_up is verified by the build."""

    metric: str
    total: str
    parts: tuple[str, ...]
    adds_up: bool
    unit: str | None = None  # needed where one quote holds two counts of the same metric


@dataclass(frozen=True)
class Doc:
    name: str
    ext: str
    province: str
    traps: str  # one line for the README
    proposals: tuple[P, ...]
    must_not: tuple[str, ...]
    period: tuple[int | None, int | None] = (None, None)
    part: str | None = None
    flags: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    date: str | None = None
    # .txt: byte-level habits
    bom: bool = False
    crlf: bool = False
    # .html: the page around the article
    site: str = ""
    menu: tuple[str, ...] = ()
    aside: tuple[str, ...] = ()
    footer: str = ""
    must_not_read: tuple[str, ...] = ()


HD = "headline_disagrees"
YDD = "year_from_document_date"
STEWARD = "period_needs_steward"
NOADD = "parts_do_not_add_up"
ABOVE, BELOW, ABOUT = "approximate_above", "approximate_below", "approximate"
KCQG, KCDP = "kcqg", "kcdp"
PLAN, EST = "planned", "estimated"
SCRIPT_JUNK = "Hỗ trợ 100 triệu đồng cho mỗi cơ sở"

DOCS: tuple[Doc, ...] = (
    # ---------------------------------------------------------------------------------- .txt
    Doc(
        "baclieu_2016",
        "txt",
        "95",
        "UTF-8 BOM + CRLF; 3,15 tỉ (tỉ spelling) = 1 tỷ 200 triệu + 1.950 triệu (adds up); district Hồng Dân (956) "
        "inside a province total; đối ứng; mức hỗ trợ tối đa …/cơ sở; growth %; phone number ending 560; "
        "next-year plan (planned); Nghị định 45/2012",
        (
            schemes("19", "đã triển khai thực hiện 19 đề án khuyến công"),
            money("3150", "Tổng kinh phí khuyến công thực hiện trong năm là 3,15 tỉ đồng"),
            money("1200", "kinh phí khuyến công quốc gia 1 tỷ 200 triệu đồng", fund=KCQG),
            money("1950", "kinh phí khuyến công địa phương 1.950 triệu đồng", fund=KCDP),
            classes(
                "8", "mở 8 lớp đào tạo nghề đan đát, chế biến thủy sản và sửa chữa máy nông nghiệp cho 245 học viên"
            ),
            trainees(
                "245", "mở 8 lớp đào tạo nghề đan đát, chế biến thủy sản và sửa chữa máy nông nghiệp cho 245 học viên"
            ),
            classes("3", "riêng huyện Hồng Dân có 3 lớp đan lục bình với 90 học viên", district="956"),
            trainees("90", "riêng huyện Hồng Dân có 3 lớp đan lục bình với 90 học viên", district="956"),
            jobs("210", "có 210 lao động có việc làm ổn định tại các cơ sở và tổ hợp tác"),
            estab("11", "khuyến công đã hỗ trợ 11 cơ sở công nghiệp nông thôn ứng dụng máy móc thiết bị vào sản xuất"),
            schemes("22", "kế hoạch khuyến công với 22 đề án", status=PLAN, period=(2017, 2017)),
            money("3600", "dự kiến kinh phí 3,6 tỷ đồng", status=PLAN, period=(2017, 2017)),
        ),
        (
            "Nghị định số 45/2012/NĐ-CP",
            "vốn đối ứng của các cơ sở tham gia đề án đạt trên 7,6 tỷ đồng",
            "mức hỗ trợ tối đa không quá 300 triệu đồng/cơ sở",
            "nâng công suất thêm 30-40%",
            "điện thoại 0291.3824.560",
        ),
        period=(2016, 2016),
        checks=(
            Check(
                "budget_million_vnd",
                "Tổng kinh phí khuyến công thực hiện trong năm là 3,15 tỉ đồng",
                (
                    "kinh phí khuyến công quốc gia 1 tỷ 200 triệu đồng",
                    "kinh phí khuyến công địa phương 1.950 triệu đồng",
                ),
                True,
            ),
        ),
        bom=True,
        crlf=True,
    ),
    Doc(
        "soctrang_tu_dau_nam",
        "txt",
        "94",
        "'Từ đầu năm đến nay' with NO year anywhere (no dateline, no legal reference): every period null and "
        "flagged period_needs_steward; '2 tỉ 345 triệu'; doanh thu …/năm; thu nhập …/tháng; growth %; house number "
        "and phone",
        (
            estab("14", "đã hỗ trợ 14 cơ sở công nghiệp nông thôn đầu tư máy móc thiết bị"),
            money("2345", "với tổng kinh phí khuyến công hỗ trợ là 2 tỉ 345 triệu đồng"),
            classes("6", "Trung tâm đã tổ chức 6 lớp tập huấn nâng cao năng lực quản lý cho hơn 180 người"),
            trainees(
                "180", "Trung tâm đã tổ chức 6 lớp tập huấn nâng cao năng lực quản lý cho hơn 180 người", qual=ABOVE
            ),
            jobs("120", "tạo việc làm cho khoảng 120 lao động nông thôn", qual=ABOUT),
            estab("5", "dự kiến hỗ trợ thêm 5 cơ sở với kinh phí khoảng 900 triệu đồng", status=PLAN, part=None),
            money(
                "900",
                "dự kiến hỗ trợ thêm 5 cơ sở với kinh phí khoảng 900 triệu đồng",
                qual=ABOUT,
                status=PLAN,
                part=None,
            ),
        ),
        (
            "năng suất lao động của các cơ sở tăng từ 20% đến 35%",
            "doanh thu bình quân của mỗi cơ sở tăng thêm khoảng 400 triệu đồng/năm",
            "với thu nhập từ 2,5 đến 4 triệu đồng/tháng",
            "số 19 đường Trần Hưng Đạo, phường 2",
            "điện thoại 0299.3621.145",
        ),
        period=(None, None),
        part="year_to_date",
        flags=(STEWARD,),
    ),
    Doc(
        "kiengiang_2018",
        "txt",
        "91",
        "KCQG / KCĐP abbreviations; total 5,8 tỷ whose parts (2,1 + 3,2) do NOT add up; doanh thu; thu hút đầu tư "
        "(1.250 tỷ); 'đến năm 2030' target of an unrelated plan (85.000 tỷ); next-year 'được UBND tỉnh phê duyệt' "
        "(planned); growth %; Nghị định 45/2012 with its date",
        (
            money(
                "5800",
                "năm 2018 tổng kinh phí thực hiện các đề án khuyến công trên địa bàn tỉnh Kiên Giang là 5,8 tỷ đồng",
                flags=(NOADD,),
            ),
            money("2100", "kinh phí KCQG là 2,1 tỷ đồng", fund=KCQG),
            money("3200", "kinh phí KCĐP là 3,2 tỷ đồng", fund=KCDP),
            estab("23", "Trung tâm Khuyến công đã hỗ trợ 23 cơ sở ứng dụng máy móc thiết bị tiên tiến"),
            classes("5", "tổ chức 5 lớp đào tạo nghề cho 150 lao động nông thôn"),
            trainees("150", "tổ chức 5 lớp đào tạo nghề cho 150 lao động nông thôn"),
            money(
                "6300", "kinh phí khuyến công được UBND tỉnh phê duyệt là 6,3 tỷ đồng", status=PLAN, period=(2019, 2019)
            ),
            estab("30", "tập trung hỗ trợ khoảng 30 cơ sở", qual=ABOUT, status=PLAN, period=(2019, 2019)),
        ),
        (
            "Nghị định số 45/2012/NĐ-CP ngày 21/5/2012",
            "các cơ sở được hỗ trợ đã đạt tổng doanh thu trên 120 tỷ đồng",
            "tăng 15,2% so với năm 2017",
            "thu hút đầu tư vào các cụm công nghiệp với tổng vốn đăng ký 1.250 tỷ đồng",
            "phấn đấu đến năm 2030 giá trị sản xuất công nghiệp đạt 85.000 tỷ đồng",
        ),
        period=(2018, 2018),
        checks=(
            Check(
                "budget_million_vnd",
                "năm 2018 tổng kinh phí thực hiện các đề án khuyến công trên địa bàn tỉnh Kiên Giang là 5,8 tỷ đồng",
                ("kinh phí KCQG là 2,1 tỷ đồng", "kinh phí KCĐP là 3,2 tỷ đồng"),
                False,
            ),
        ),
    ),
    Doc(
        "hagiang_2016_2020",
        "txt",
        "02",
        "giai đoạn 2016-2020; counts of chương trình and đề án in one clause; 'trên 15,6 tỷ' (approximate_above) = "
        "9,4 tỷ KCQG + 6,2 tỷ ngân sách tỉnh, and 58 = 32 + 26 schemes (both add up); 'trên 1.200 người'; "
        "đối ứng; …/người/ngày; page numbers 'Trang 1/2'; Quyết định 1288/QĐ-TTg with date; next-period plan",
        (
            programmes("9", "đã tham mưu triển khai 9 chương trình khuyến công và 58 đề án"),
            schemes("58", "đã tham mưu triển khai 9 chương trình khuyến công và 58 đề án"),
            money("15600", "với tổng kinh phí trên 15,6 tỷ đồng", qual=ABOVE),
            schemes("32", "kinh phí khuyến công quốc gia hỗ trợ 32 đề án với 9,4 tỷ đồng", fund=KCQG),
            money("9400", "kinh phí khuyến công quốc gia hỗ trợ 32 đề án với 9,4 tỷ đồng", fund=KCQG),
            money("6200", "ngân sách tỉnh bố trí 6,2 tỷ đồng cho 26 đề án khuyến công địa phương", fund=KCDP),
            schemes("26", "ngân sách tỉnh bố trí 6,2 tỷ đồng cho 26 đề án khuyến công địa phương", fund=KCDP),
            classes(
                "41", "Hoạt động đào tạo nghề, truyền nghề được chú trọng với 41 lớp, thu hút trên 1.200 người tham gia"
            ),
            trainees(
                "1200",
                "Hoạt động đào tạo nghề, truyền nghề được chú trọng với 41 lớp, thu hút trên 1.200 người tham gia",
                qual=ABOVE,
            ),
            estab("37", "Khuyến công cũng hỗ trợ 37 cơ sở ứng dụng máy móc thiết bị"),
            jobs("860", "các cơ sở đã tạo việc làm mới cho 860 lao động"),
            plans("2", "khuyến công đã hỗ trợ lập quy hoạch chi tiết 2 cụm công nghiệp"),
            clusters("1", "hỗ trợ đầu tư hạ tầng 1 cụm công nghiệp"),
            schemes("70", "tỉnh đặt mục tiêu hỗ trợ khoảng 70 đề án", qual=ABOUT, status=PLAN, period=(2021, 2025)),
            money("20000", "với tổng kinh phí dự kiến 20 tỷ đồng", status=PLAN, period=(2021, 2025)),
        ),
        (
            "Nhìn lại 5 năm thực hiện",
            "Quyết định số 1288/QĐ-TTg ngày 01/8/2014",
            "Trang 1/2",
            "mỗi học viên được hỗ trợ tiền ăn 30.000 đồng/người/ngày",
            "phần vốn đối ứng do các cơ sở tự bỏ ra là 21,3 tỷ đồng",
            "Trang 2/2",
        ),
        period=(2016, 2020),
        checks=(
            Check(
                "budget_million_vnd",
                "với tổng kinh phí trên 15,6 tỷ đồng",
                (
                    "kinh phí khuyến công quốc gia hỗ trợ 32 đề án với 9,4 tỷ đồng",
                    "ngân sách tỉnh bố trí 6,2 tỷ đồng cho 26 đề án khuyến công địa phương",
                ),
                True,
            ),
            Check(
                "activity_count",
                "đã tham mưu triển khai 9 chương trình khuyến công và 58 đề án",
                (
                    "kinh phí khuyến công quốc gia hỗ trợ 32 đề án với 9,4 tỷ đồng",
                    "ngân sách tỉnh bố trí 6,2 tỷ đồng cho 26 đề án khuyến công địa phương",
                ),
                True,
                unit="schemes",
            ),
        ),
    ),
    # ---------------------------------------------------------------------------------- .docx
    Doc(
        "dienbien_2019",
        "docx",
        "11",
        "560 triệu KCĐP + 1 tỷ 900 triệu KCQG = 2 tỷ 460 triệu (adds up); '02 lớp'; district figures Tủa Chùa (098) "
        "and Tuần Giáo (099); 2 triệu đồng/tháng; đối ứng; a table of support rates (…/cơ sở, …/học viên/ngày); "
        "approved next-year plan naming several districts (no district code); price growth %",
        (
            schemes("12", "đã thực hiện 12 đề án khuyến công"),
            money("2460", "với tổng kinh phí 2 tỷ 460 triệu đồng"),
            money("1900", "kinh phí khuyến công quốc gia 1 tỷ 900 triệu đồng", fund=KCQG),
            money("560", "kinh phí khuyến công địa phương 560 triệu đồng", fund=KCDP),
            classes(
                "2",
                "Tại huyện Tủa Chùa, Trung tâm đã mở 02 lớp truyền nghề chế biến chè shan tuyết cho 60 học viên",
                district="098",
            ),
            trainees(
                "60",
                "Tại huyện Tủa Chùa, Trung tâm đã mở 02 lớp truyền nghề chế biến chè shan tuyết cho 60 học viên",
                district="098",
            ),
            trainees(
                "35",
                "Ở huyện Tuần Giáo, đề án đào tạo nghề dệt thổ cẩm đã giúp 35 học viên nắm vững kỹ thuật",
                district="099",
            ),
            jobs("30", "trong đó 30 lao động đã có việc làm thường xuyên tại hợp tác xã", district="099"),
            estab("5", "Khuyến công cũng hỗ trợ 5 cơ sở sản xuất ứng dụng máy móc thiết bị"),
            schemes(
                "14",
                "Điện Biên sẽ triển khai 14 đề án với tổng kinh phí 2,85 tỷ đồng",
                status=PLAN,
                period=(2020, 2020),
            ),
            money(
                "2850",
                "Điện Biên sẽ triển khai 14 đề án với tổng kinh phí 2,85 tỷ đồng",
                status=PLAN,
                period=(2020, 2020),
            ),
        ),
        (
            "Nghị định số 45/2012/NĐ-CP ngày 21/5/2012",
            "nâng giá bán chè búp khô lên 20-30%",
            "thu nhập bình quân 2 triệu đồng/tháng",
            "tổng vốn đối ứng của các cơ sở đạt 1,35 tỷ đồng",
            "30.000 đồng/học viên/ngày",
            "tối đa 50 triệu đồng/cơ sở",
            "tối đa 100 triệu đồng/mô hình",
        ),
        period=(2019, 2019),
        checks=(
            Check(
                "budget_million_vnd",
                "với tổng kinh phí 2 tỷ 460 triệu đồng",
                ("kinh phí khuyến công quốc gia 1 tỷ 900 triệu đồng", "kinh phí khuyến công địa phương 560 triệu đồng"),
                True,
            ),
        ),
    ),
    Doc(
        "hatinh_2021_10",
        "docx",
        "42",
        "first line 'Hà Tĩnh, ngày 15 tháng 10 năm 2021' is the only year: 'Từ đầu năm đến nay' and 'năm nay' take "
        "2021 from the dateline (flag year_from_document_date); '2,6 tỷ' without đồng; 4.150 triệu = 1.800 + 2.350 "
        "(planned, adds up); 'ước thực hiện cả năm' (estimated); % of plan; Covid-19; rate per cơ sở; phone",
        (
            schemes("11", "đã thực hiện 11 đề án khuyến công"),
            money("2600", "giải ngân 2,6 tỷ"),
            schemes("16", "Hà Tĩnh triển khai 16 đề án với tổng kinh phí 4.150 triệu đồng", status=PLAN, part=None),
            money("4150", "Hà Tĩnh triển khai 16 đề án với tổng kinh phí 4.150 triệu đồng", status=PLAN, part=None),
            money("1800", "khuyến công quốc gia 1.800 triệu đồng", fund=KCQG, status=PLAN, part=None),
            money("2350", "khuyến công địa phương 2.350 triệu đồng", fund=KCDP, status=PLAN, part=None),
            estab("7", "khuyến công đã hỗ trợ 7 cơ sở ứng dụng máy móc thiết bị"),
            classes("3", "mở 3 lớp đào tạo nghề mây tre đan cho 95 học viên"),
            trainees("95", "mở 3 lớp đào tạo nghề mây tre đan cho 95 học viên"),
            money(
                "3900",
                "kinh phí khuyến công giải ngân đạt khoảng 3,9 tỷ đồng",
                qual=ABOUT,
                status=EST,
                part=None,
            ),
        ),
        (
            "Hà Tĩnh, ngày 15 tháng 10 năm 2021",
            "dịch Covid-19",
            "đạt 63% kế hoạch",
            "tương đương 94% kế hoạch",
            "hỗ trợ tối đa 50% chi phí mua sắm thiết bị nhưng không quá 300 triệu đồng/cơ sở",
            "số 06 đường Võ Liêm Sơn",
            "điện thoại: 0239.3856.282",
        ),
        period=(2021, 2021),
        part="year_to_date",
        flags=(YDD,),
        date="2021-10-15",
        checks=(
            Check(
                "budget_million_vnd",
                "Hà Tĩnh triển khai 16 đề án với tổng kinh phí 4.150 triệu đồng",
                ("khuyến công quốc gia 1.800 triệu đồng", "khuyến công địa phương 2.350 triệu đồng"),
                True,
            ),
        ),
    ),
    Doc(
        "quangnam_6thang_2020",
        "docx",
        "49",
        "'6 tháng đầu năm' in the body, the year only in the headline (period_part 6_months); 1 tỷ 050 triệu; "
        "KCĐP schemes; 'xấp xỉ 70 học viên'; KCQG schemes 'được phê duyệt' (planned); 'Ước thực hiện 6 tháng' "
        "(estimated); vốn đầu tư thu hút; year target (planned); % of plan; unrelated 'đến năm 2030' target",
        (
            schemes("8", "đã triển khai 8 đề án khuyến công địa phương", fund=KCDP),
            money("1050", "8 đề án khuyến công địa phương với kinh phí 1 tỷ 050 triệu đồng", fund=KCDP),
            estab("6", "Trung tâm đã hỗ trợ 6 cơ sở ứng dụng máy móc thiết bị"),
            classes("2", "hoàn thành 2 lớp đào tạo nghề may công nghiệp cho xấp xỉ 70 học viên"),
            trainees("70", "hoàn thành 2 lớp đào tạo nghề may công nghiệp cho xấp xỉ 70 học viên", qual=BELOW),
            schemes(
                "3",
                "Bộ Công Thương đã phê duyệt 3 đề án với tổng kinh phí 1,74 tỷ đồng",
                fund=KCQG,
                status=PLAN,
                part=None,
            ),
            money(
                "1740",
                "Bộ Công Thương đã phê duyệt 3 đề án với tổng kinh phí 1,74 tỷ đồng",
                fund=KCQG,
                status=PLAN,
                part=None,
            ),
            jobs(
                "300",
                "các cơ sở công nghiệp nông thôn được hỗ trợ đã tạo việc làm cho trên 300 lao động",
                qual=ABOVE,
                status=EST,
            ),
            plans("2", "hỗ trợ kinh phí lập quy hoạch chi tiết 2 cụm công nghiệp"),
            clusters("3", "hỗ trợ đầu tư hạ tầng kỹ thuật 3 cụm công nghiệp"),
            estab("25", "Trung tâm phấn đấu hỗ trợ 25 cơ sở", status=PLAN, part=None),
            trainees("400", "đào tạo nghề cho 400 lao động", status=PLAN, part=None),
        ),
        (
            "đạt 42% kế hoạch năm",
            "vốn đầu tư thu hút vào các cụm công nghiệp trên địa bàn tỉnh đạt 215 tỷ đồng",
            "thời kỳ 2021-2030",
            "đến năm 2030 tỷ trọng công nghiệp - xây dựng chiếm 40% GRDP",
        ),
        period=(2020, 2020),
        part="6_months",
    ),
    Doc(
        "thaibinh_2022",
        "docx",
        "34",
        "Heading '28 đề án' against body '27 đề án' (both proposed, flagged); result 6,95 tỷ (done) beside "
        "'dự toán' KCĐP and KCQG 'được phê duyệt' (planned: no check between plan and result); craft villages; detailed plans vs infrastructure of clusters; '90% học viên' "
        "(a %, not a count); đối ứng; doanh thu %; next-year dự toán; a table with address and phone",
        (
            schemes(
                "28", "Thái Bình: 28 đề án khuyến công góp sức phát triển làng nghề và cụm công nghiệp", flags=(HD,)
            ),
            schemes("27", "Trung tâm Khuyến công và Tư vấn phát triển công nghiệp thực hiện 27 đề án", flags=(HD,)),
            money("6950", "với tổng kinh phí khuyến công hỗ trợ là 6,95 tỷ đồng"),
            money(
                "4500",
                "dự toán kinh phí khuyến công địa phương được giao đầu năm là 4,5 tỷ đồng",
                fund=KCDP,
                status=PLAN,
            ),
            money(
                "2600",
                "kinh phí khuyến công quốc gia được Bộ Công Thương phê duyệt là 2,6 tỷ đồng",
                fund=KCQG,
                status=PLAN,
            ),
            villages("90", "Toàn tỉnh hiện có 90 làng nghề được UBND tỉnh công nhận"),
            estab("14", "khuyến công đã hỗ trợ 14 cơ sở tại các làng nghề chiếu cói, dệt, chạm bạc"),
            plans("3", "kinh phí khuyến công đã hỗ trợ lập quy hoạch chi tiết 3 cụm công nghiệp"),
            clusters("2", "hỗ trợ xây dựng hạ tầng 2 cụm công nghiệp"),
            classes("10", "Công tác đào tạo nghề được duy trì với 10 lớp cho 350 lao động nông thôn"),
            trainees("350", "Công tác đào tạo nghề được duy trì với 10 lớp cho 350 lao động nông thôn"),
            schemes(
                "30",
                "Thái Bình dự kiến triển khai 30 đề án với dự toán kinh phí 7,5 tỷ đồng",
                status=PLAN,
                period=(2023, 2023),
            ),
            money(
                "7500",
                "Thái Bình dự kiến triển khai 30 đề án với dự toán kinh phí 7,5 tỷ đồng",
                status=PLAN,
                period=(2023, 2023),
            ),
        ),
        (
            "đạt 100% kế hoạch",
            "khoảng 90% học viên có việc làm",
            "đã đóng góp vốn đối ứng 18,2 tỷ đồng",
            "doanh thu của các cơ sở sau đầu tư tăng bình quân 12%",
            "Số 132 đường Lý Bôn, TP Thái Bình",
            "0227.3831.546",
        ),
        period=(2022, 2022),
    ),
    # ---------------------------------------------------------------------------------- .html
    Doc(
        "nghean_2019",
        "html",
        "40",
        "headline '45 đề án' against body '46 đề án' (both proposed, flagged); 12,705 tỷ inside <strong> = 4,5 + "
        "8,205 tỷ (adds up); 'gần 400 học viên'; …/cơ sở rate; vốn đầu tư thu hút and a project count; plan "
        "with 'khoảng'; byline date; <title>/JSON-LD/script duplicates and an aside of related news with figures",
        (
            schemes("45", "Nghệ An: 45 đề án khuyến công được triển khai trong năm 2019", flags=(HD,)),
            schemes("46", "trong năm 2019 đã có 46 đề án khuyến công được triển khai", flags=(HD,)),
            money("12705", "với tổng kinh phí 12,705 tỷ đồng"),
            money("4500", "kinh phí khuyến công quốc gia 4,5 tỷ đồng", fund=KCQG),
            money("8205", "khuyến công địa phương 8,205 tỷ đồng", fund=KCDP),
            estab("38", "Các đề án đã hỗ trợ 38 cơ sở ứng dụng máy móc thiết bị tiên tiến vào sản xuất"),
            classes("12", "tổ chức 12 lớp đào tạo nghề cho gần 400 học viên"),
            trainees("400", "tổ chức 12 lớp đào tạo nghề cho gần 400 học viên", qual=BELOW),
            clusters(
                "4", "khuyến công đã hỗ trợ 4 cụm công nghiệp đầu tư hệ thống xử lý nước thải và hạ tầng dùng chung"
            ),
            schemes(
                "50",
                "Nghệ An dự kiến triển khai 50 đề án với tổng kinh phí kế hoạch khoảng 14 tỷ đồng",
                status=PLAN,
                period=(2020, 2020),
            ),
            money(
                "14000",
                "Nghệ An dự kiến triển khai 50 đề án với tổng kinh phí kế hoạch khoảng 14 tỷ đồng",
                qual=ABOUT,
                status=PLAN,
                period=(2020, 2020),
            ),
        ),
        (
            "14/01/2020 08:30",
            "với mức hỗ trợ bình quân 80 triệu đồng/cơ sở",
            "đã thu hút 19 dự án với tổng vốn đầu tư thu hút trên 1.100 tỷ đồng",
            "Hà Tĩnh: 9 tháng giải ngân hơn 3 tỷ đồng vốn khuyến công",
            "Thanh Hóa hỗ trợ 25 cơ sở công nghiệp nông thôn đổi mới thiết bị",
            "Điện thoại: 0238.3844.286",
        ),
        period=(2019, 2019),
        date="2020-01-14",
        checks=(
            Check(
                "budget_million_vnd",
                "với tổng kinh phí 12,705 tỷ đồng",
                ("kinh phí khuyến công quốc gia 4,5 tỷ đồng", "khuyến công địa phương 8,205 tỷ đồng"),
                True,
            ),
        ),
        site="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Nghệ An",
        menu=(
            "Trang chủ",
            "Giới thiệu",
            "Hoạt động khuyến công",
            "Tư vấn công nghiệp",
            "Sản phẩm CNNT tiêu biểu",
            "Văn bản pháp quy",
            "Liên hệ",
        ),
        aside=(
            "Hà Tĩnh: 9 tháng giải ngân hơn 3 tỷ đồng vốn khuyến công",
            "Thanh Hóa hỗ trợ 25 cơ sở công nghiệp nông thôn đổi mới thiết bị",
        ),
        footer="Địa chỉ: số 2 đường Hồ Tùng Mậu, TP Vinh, Nghệ An. Điện thoại: 0238.3844.286.",
        must_not_read=(SCRIPT_JUNK,),
    ),
    Doc(
        "baclieu_2023",
        "html",
        "95",
        "'4 tỷ 020 triệu' (leading zero) in 5 tỷ 310 triệu = 1 tỷ 290 + 4 tỷ 020 triệu (adds up); district figures "
        "Hồng Dân (956) and Phước Long (957); a province-wide count in a sentence naming Hồng Dân (no district); "
        "'hơn 60 lao động'; rates …/cơ sở and …/tháng; 'tỷ USD' target to 2030; aside naming other provinces",
        (
            money("5310", "tổng kinh phí khuyến công thực hiện trên địa bàn tỉnh Bạc Liêu là 5 tỷ 310 triệu đồng"),
            money("1290", "nguồn khuyến công quốc gia 1 tỷ 290 triệu đồng", fund=KCQG),
            money("4020", "nguồn khuyến công địa phương 4 tỷ 020 triệu đồng", fund=KCDP),
            estab(
                "6",
                "Tại huyện Hồng Dân, khuyến công đã hỗ trợ 6 cơ sở đan đát lục bình, mây tre đầu tư máy móc với kinh phí "
                "540 triệu đồng",
                district="956",
            ),
            money(
                "540",
                "Tại huyện Hồng Dân, khuyến công đã hỗ trợ 6 cơ sở đan đát lục bình, mây tre đầu tư máy móc với kinh phí "
                "540 triệu đồng",
                district="956",
            ),
            classes(
                "2",
                "Ở huyện Phước Long, Trung tâm Khuyến công đã mở 2 lớp dạy nghề đan lục bình cho 70 học viên",
                district="957",
            ),
            trainees(
                "70",
                "Ở huyện Phước Long, Trung tâm Khuyến công đã mở 2 lớp dạy nghề đan lục bình cho 70 học viên",
                district="957",
            ),
            jobs("60", "hơn 60 lao động đã có việc làm tại chỗ", qual=ABOVE, district="957"),
            villages("4", "Toàn tỉnh hiện có 4 làng nghề truyền thống được công nhận"),
            schemes(
                "18",
                "Sở Công Thương Bạc Liêu dự kiến triển khai 18 đề án khuyến công với kinh phí 5,6 tỷ đồng",
                status=PLAN,
                period=(2024, 2024),
            ),
            money(
                "5600",
                "Sở Công Thương Bạc Liêu dự kiến triển khai 18 đề án khuyến công với kinh phí 5,6 tỷ đồng",
                status=PLAN,
                period=(2024, 2024),
            ),
        ),
        (
            "20/12/2023 15:42",
            "bình quân 90 triệu đồng/cơ sở",
            "với thu nhập từ 3 triệu đồng/tháng trở lên",
            "phấn đấu đến năm 2030 kim ngạch xuất khẩu đạt 1,5 tỷ USD",
            "Cà Mau: hơn 200 lao động nông thôn được học nghề đan lục bình",
            "Điện thoại: 0291.3822.134",
        ),
        period=(2023, 2023),
        date="2023-12-20",
        checks=(
            Check(
                "budget_million_vnd",
                "tổng kinh phí khuyến công thực hiện trên địa bàn tỉnh Bạc Liêu là 5 tỷ 310 triệu đồng",
                ("nguồn khuyến công quốc gia 1 tỷ 290 triệu đồng", "nguồn khuyến công địa phương 4 tỷ 020 triệu đồng"),
                True,
            ),
        ),
        site="Sở Công Thương tỉnh Bạc Liêu",
        menu=("Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Chính sách khuyến công", "Liên hệ"),
        aside=(
            "Cà Mau: hơn 200 lao động nông thôn được học nghề đan lục bình",
            "Sóc Trăng: khuyến công đồng hành cùng doanh nghiệp nhỏ",
        ),
        footer="Sở Công Thương tỉnh Bạc Liêu. Điện thoại: 0291.3822.134.",
        must_not_read=(SCRIPT_JUNK,),
    ),
    Doc(
        "bentre_2019",
        "html",
        "83",
        "&nbsp; between number and unit ('xấp xỉ 2&nbsp;tỷ đồng', 'khoảng 600&nbsp;học viên'); 50 triệu đồng/cơ sở; "
        "doanh thu of one establishment; 'ước đạt … triệu USD' export value (estimated but not khuyến công); "
        "'gấp 3 lần'; next-year plan 'khoảng 2,4 tỷ' (no đồng); aside with a figure",
        (
            schemes("21", "đã thực hiện 21 đề án khuyến công"),
            money("2000", "với kinh phí xấp xỉ 2 tỷ đồng", qual=BELOW),
            estab("17", "khuyến công đã hỗ trợ 17 cơ sở ứng dụng máy móc thiết bị tiên tiến"),
            trainees("600", "tổ chức đào tạo nghề thủ công mỹ nghệ từ dừa cho khoảng 600 học viên", qual=ABOUT),
            schemes(
                "25",
                "Bến Tre dự kiến thực hiện 25 đề án với kinh phí khoảng 2,4 tỷ",
                status=PLAN,
                period=(2020, 2020),
            ),
            money(
                "2400",
                "Bến Tre dự kiến thực hiện 25 đề án với kinh phí khoảng 2,4 tỷ",
                qual=ABOUT,
                status=PLAN,
                period=(2020, 2020),
            ),
        ),
        (
            "Cập nhật ngày 26/12/2019",
            "với mức hỗ trợ phổ biến là 50 triệu đồng/cơ sở",
            "năng suất của cơ sở tăng gấp 3 lần",
            "doanh thu năm 2019 đạt 4,8 tỷ đồng",
            "năm 2019 ước đạt 297 triệu USD",
            "tăng 10,5% so với năm 2018",
            "Trà Vinh: 9 lớp dạy nghề cho đồng bào Khmer",
            "Đường dây nóng: 0275.3822.410",
        ),
        period=(2019, 2019),
        date="2019-12-26",
        site="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Bến Tre",
        menu=("Trang chủ", "Tin hoạt động", "Đề án khuyến công", "Hỏi đáp", "Liên hệ"),
        aside=("Trà Vinh: 9 lớp dạy nghề cho đồng bào Khmer", "Vĩnh Long: làng nghề gạch gốm đổi mới công nghệ"),
        footer="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp Bến Tre. Đường dây nóng: 0275.3822.410.",
        must_not_read=(SCRIPT_JUNK,),
    ),
    Doc(
        "travinh_2017",
        "html",
        "84",
        "'Trung ương' (kcqg) and 'ngân sách tỉnh' (kcdp) whose sum (2 tỷ 650 triệu) does NOT match the total "
        "2 tỷ 750 triệu; '85% học viên'; tổng vốn đầu tư of establishments and đối ứng share; 'Ước thực hiện' "
        "(estimated, khoảng); next-year plan '3 tỉ đồng' (tỉ spelling); growth %; no aside",
        (
            money(
                "2750",
                "kinh phí khuyến công đã thực hiện trên địa bàn tỉnh Trà Vinh là 2 tỷ 750 triệu đồng",
                flags=(NOADD,),
            ),
            money("1100", "Trung ương hỗ trợ 1 tỷ 100 triệu đồng", fund=KCQG),
            money("1550", "ngân sách tỉnh 1 tỷ 550 triệu đồng", fund=KCDP),
            classes(
                "9",
                "Trung tâm Khuyến công đã tổ chức 9 lớp đào tạo nghề đan giỏ lục bình, se nhang, dệt chiếu cho 270 lao động",
            ),
            trainees(
                "270",
                "Trung tâm Khuyến công đã tổ chức 9 lớp đào tạo nghề đan giỏ lục bình, se nhang, dệt chiếu cho 270 lao động",
            ),
            estab("8", "khuyến công hỗ trợ 8 cơ sở đầu tư máy móc thiết bị"),
            jobs(
                "350", "các đề án khuyến công sẽ tạo việc làm cho khoảng 350 lao động nông thôn", qual=ABOUT, status=EST
            ),
            money("3000", "tổng kinh phí khuyến công theo kế hoạch là 3 tỉ đồng", status=PLAN, period=(2018, 2018)),
        ),
        (
            "khoảng 85% học viên có việc làm sau đào tạo",
            "tổng vốn đầu tư của các cơ sở là 6,4 tỷ đồng",
            "vốn đối ứng chiếm trên 80%",
            "tăng 9% so với năm 2017",
            "Điện thoại: 0294.3862.275",
        ),
        period=(2017, 2017),
        date="2017-11-28",
        checks=(
            Check(
                "budget_million_vnd",
                "kinh phí khuyến công đã thực hiện trên địa bàn tỉnh Trà Vinh là 2 tỷ 750 triệu đồng",
                ("Trung ương hỗ trợ 1 tỷ 100 triệu đồng", "ngân sách tỉnh 1 tỷ 550 triệu đồng"),
                False,
            ),
        ),
        site="Sở Công Thương tỉnh Trà Vinh",
        menu=("Trang chủ", "Tổ chức bộ máy", "Tin tức", "Thủ tục hành chính", "Khuyến công", "Xúc tiến thương mại"),
        footer="Sở Công Thương tỉnh Trà Vinh. Điện thoại: 0294.3862.275.",
        must_not_read=(SCRIPT_JUNK,),
    ),
    # ---------------------------------------------------------------------------------- .pdf
    Doc(
        "laocai_2007_2012",
        "pdf",
        "10",
        "'5 năm qua (2007-2012)' period; 9 tỷ 415,6 triệu = 5,2 tỷ KCQG + 4 tỷ 215,6 triệu ngân sách tỉnh (adds up); "
        "'hơn 4.000 lao động'; 3.150 lao động (thousands dot, cf. 3,15 tỉ); chương trình count; thu hút đầu tư; "
        "doanh thu 'gần'; Quyết định 136/2007 and Nghị định 134/2004; next-period plan; letterhead",
        (
            money("9415.6", "Tổng kinh phí khuyến công thực hiện trong giai đoạn là 9 tỷ 415,6 triệu đồng"),
            money("5200", "kinh phí khuyến công quốc gia là 5,2 tỷ đồng", fund=KCQG),
            money("4215.6", "ngân sách tỉnh là 4 tỷ 215,6 triệu đồng", fund=KCDP),
            trainees("4000", "Khuyến công đã hỗ trợ đào tạo nghề cho hơn 4.000 lao động nông thôn", qual=ABOVE),
            jobs("3150", "có 3.150 lao động có việc làm ổn định sau đào tạo"),
            programmes("6", "Trung tâm cũng tổ chức 6 chương trình tham quan, học tập kinh nghiệm"),
            estab("64", "Khuyến công đã hỗ trợ 64 cơ sở đổi mới thiết bị, công nghệ"),
            plans("3", "hỗ trợ lập quy hoạch chi tiết 3 cụm công nghiệp"),
            schemes(
                "45",
                "Lào Cai đặt kế hoạch thực hiện khoảng 45 đề án khuyến công",
                qual=ABOUT,
                status=PLAN,
                period=(2013, 2015),
            ),
            money("8000", "với tổng kinh phí dự kiến 8 tỷ đồng", status=PLAN, period=(2013, 2015)),
        ),
        (
            "5 năm khuyến công đưa nghề về bản",
            "Quyết định 136/2007/QĐ-TTg ngày 20/8/2007",
            "Nghị định số 134/2004/NĐ-CP",
            "các cụm công nghiệp đã thu hút đầu tư 27 dự án với số vốn trên 2.300 tỷ đồng",
            "Doanh thu của các cơ sở công nghiệp nông thôn được hỗ trợ đạt gần 500 tỷ đồng mỗi năm",
        ),
        period=(2007, 2012),
        checks=(
            Check(
                "budget_million_vnd",
                "Tổng kinh phí khuyến công thực hiện trong giai đoạn là 9 tỷ 415,6 triệu đồng",
                ("kinh phí khuyến công quốc gia là 5,2 tỷ đồng", "ngân sách tỉnh là 4 tỷ 215,6 triệu đồng"),
                True,
            ),
        ),
    ),
    Doc(
        "camau_9thang_2015",
        "pdf",
        "96",
        "'9 tháng đầu năm 2015' (9_months); 1 tỷ 850 triệu = 900 ('Trung ương') + 950 triệu and 13 = 3 + 10 schemes "
        "(both add up); "
        "'ước đạt' industrial output 12.950 tỷ (not khuyến công); whole-year 'ước đạt' (estimated, no part); "
        "next-year proposal (planned); % of plan; address and phone",
        (
            schemes("13", "đã thực hiện 13 đề án khuyến công"),
            money("1850", "với tổng kinh phí 1 tỷ 850 triệu đồng"),
            schemes("3", "nguồn kinh phí Trung ương hỗ trợ 3 đề án với số tiền 900 triệu đồng", fund=KCQG),
            money("900", "nguồn kinh phí Trung ương hỗ trợ 3 đề án với số tiền 900 triệu đồng", fund=KCQG),
            schemes("10", "kinh phí khuyến công địa phương thực hiện 10 đề án với số tiền 950 triệu đồng", fund=KCDP),
            money("950", "kinh phí khuyến công địa phương thực hiện 10 đề án với số tiền 950 triệu đồng", fund=KCDP),
            estab("9", "Khuyến công đã hỗ trợ 9 cơ sở chế biến thủy sản"),
            classes("3", "mở 3 lớp đào tạo nghề đan đát cho 105 học viên"),
            trainees("105", "mở 3 lớp đào tạo nghề đan đát cho 105 học viên"),
            jobs("90", "giải quyết việc làm cho 90 lao động"),
            money("2550", "kinh phí khuyến công thực hiện ước đạt 2,55 tỷ đồng", status=EST, part=None),
            schemes(
                "18",
                "Dự kiến kế hoạch năm 2016, Trung tâm đề xuất 18 đề án",
                status=PLAN,
                period=(2016, 2016),
                part=None,
            ),
        ),
        (
            "đạt 71% kế hoạch năm",
            "Giá trị sản xuất công nghiệp 9 tháng ước đạt 12.950 tỷ đồng",
            "tăng 8,7% so với cùng kỳ",
            "số 94 đường Lý Thường Kiệt, phường 6",
            "ĐT: 0290.3567.123",
        ),
        period=(2015, 2015),
        part="9_months",
        checks=(
            Check(
                "budget_million_vnd",
                "với tổng kinh phí 1 tỷ 850 triệu đồng",
                (
                    "nguồn kinh phí Trung ương hỗ trợ 3 đề án với số tiền 900 triệu đồng",
                    "kinh phí khuyến công địa phương thực hiện 10 đề án với số tiền 950 triệu đồng",
                ),
                True,
            ),
            Check(
                "activity_count",
                "đã thực hiện 13 đề án khuyến công",
                (
                    "nguồn kinh phí Trung ương hỗ trợ 3 đề án với số tiền 900 triệu đồng",
                    "kinh phí khuyến công địa phương thực hiện 10 đề án với số tiền 950 triệu đồng",
                ),
                True,
                unit="schemes",
            ),
        ),
    ),
    Doc(
        "dienbien_2021_2025",
        "pdf",
        "11",
        "goal 'mỗi huyện thành lập được 01 cụm công nghiệp' (planned, 2021-2025); detailed plans in Mường Ảng (102) "
        "and Điện Biên Đông (101), a cluster in Nậm Pồ (103) and establishments in Tủa Chùa (098); a sum for two "
        "districts (no district code); mức hỗ trợ tối đa …/cơ sở; 'thời kỳ 2021-2030, tầm nhìn đến năm 2050' and "
        "an unrelated 2030 growth target",
        (
            goal(
                "1",
                "Điện Biên phấn đấu mỗi huyện thành lập được 01 cụm công nghiệp",
                status=PLAN,
                period=(2021, 2025),
            ),
            plans(
                "1",
                "khuyến công đã hỗ trợ lập quy hoạch chi tiết 01 cụm công nghiệp tại huyện Mường Ảng",
                district="102",
                period=(2016, 2020),
            ),
            plans("1", "01 cụm công nghiệp tại huyện Điện Biên Đông", district="101", period=(2016, 2020)),
            money("1480", "với tổng kinh phí 1 tỷ 480 triệu đồng", period=(2016, 2020)),
            clusters(
                "1",
                "kinh phí khuyến công địa phương đã hỗ trợ đầu tư hạ tầng 01 cụm công nghiệp tại huyện Nậm Pồ với số tiền "
                "850 triệu đồng",
                fund=KCDP,
                district="103",
                period=(2021, 2021),
            ),
            money(
                "850",
                "kinh phí khuyến công địa phương đã hỗ trợ đầu tư hạ tầng 01 cụm công nghiệp tại huyện Nậm Pồ với số tiền "
                "850 triệu đồng",
                fund=KCDP,
                district="103",
                period=(2021, 2021),
            ),
            estab(
                "3",
                "tại huyện Tủa Chùa, khuyến công đã hỗ trợ 3 cơ sở chế biến chè shan tuyết",
                district="098",
                period=(2021, 2021),
            ),
            money(
                "6000",
                "kinh phí khuyến công địa phương dự kiến bố trí khoảng 6 tỷ đồng để hỗ trợ hạ tầng các cụm công nghiệp",
                fund=KCDP,
                qual=ABOUT,
                status=PLAN,
                period=(2021, 2025),
            ),
        ),
        (
            "với mức hỗ trợ tối đa 70 triệu đồng/cơ sở",
            "thời kỳ 2021-2030, tầm nhìn đến năm 2050",
            "đến năm 2030 tốc độ tăng trưởng kinh tế bình quân của tỉnh đạt 8,5%/năm",
        ),
    ),
    Doc(
        "baclieu_6thang_2014",
        "pdf",
        "95",
        "'6 tháng đầu năm' with the year in another paragraph (the approved 2014 plan); plan 2 tỷ 860 triệu "
        "'được UBND tỉnh phê duyệt' (planned); 1.240 triệu = KCQG 520 + KCĐP 720 triệu (adds up); district figures Giá Rai "
        "(959) and Đông Hải (960); đối ứng 'gần'; 'Ước thực hiện 6 tháng' (estimated); '6 tháng cuối năm'; phone "
        "ending 720",
        (
            schemes(
                "15",
                "Kế hoạch khuyến công năm 2014 của tỉnh Bạc Liêu được UBND tỉnh phê duyệt gồm 15 đề án",
                status=PLAN,
                part=None,
            ),
            money("2860", "với tổng kinh phí 2 tỷ 860 triệu đồng", status=PLAN, part=None),
            schemes("7", "Trung tâm Khuyến công đã thực hiện 7 đề án với kinh phí 1.240 triệu đồng"),
            money("1240", "Trung tâm Khuyến công đã thực hiện 7 đề án với kinh phí 1.240 triệu đồng"),
            money("520", "KCQG 520 triệu đồng", fund=KCQG),
            money("720", "KCĐP 720 triệu đồng", fund=KCDP),
            estab(
                "2",
                "Tại huyện Giá Rai, khuyến công đã hỗ trợ 2 cơ sở sản xuất muối sạch đầu tư máy móc thiết bị với kinh phí "
                "260 triệu đồng",
                district="959",
            ),
            money(
                "260",
                "Tại huyện Giá Rai, khuyến công đã hỗ trợ 2 cơ sở sản xuất muối sạch đầu tư máy móc thiết bị với kinh phí "
                "260 triệu đồng",
                district="959",
            ),
            classes(
                "1", "Tại huyện Đông Hải, Trung tâm đã mở 1 lớp đào tạo nghề đan lưới cho 35 học viên", district="960"
            ),
            trainees(
                "35", "Tại huyện Đông Hải, Trung tâm đã mở 1 lớp đào tạo nghề đan lưới cho 35 học viên", district="960"
            ),
            jobs("150", "các đề án đã giải quyết việc làm cho trên 150 lao động", qual=ABOVE, status=EST),
        ),
        (
            "phần vốn đối ứng gần 900 triệu đồng",
            "Trong 6 tháng cuối năm",
            "Điện thoại liên hệ: 0291.3823.720",
        ),
        period=(2014, 2014),
        part="6_months",
        checks=(
            Check(
                "budget_million_vnd",
                "Trung tâm Khuyến công đã thực hiện 7 đề án với kinh phí 1.240 triệu đồng",
                ("KCQG 520 triệu đồng", "KCĐP 720 triệu đồng"),
                True,
            ),
        ),
    ),
    # ---------------------------------------------------------------------------------- held-out
    # Written after the reader was tuned on the documents above, to measure whether it generalises.
    Doc(
        "heldout_thanhhoa_2018",
        "docx",
        "38",
        "year-end report with letterhead, 'Số: 286/BC-KCTV' and numbered sections 'I. KẾT QUẢ THỰC HIỆN NĂM 2018' / "
        "'II. KẾ HOẠCH NĂM 2019'; plan 5 tỷ 400 triệu 'Kế hoạch … giao' (planned) against 4 tỷ 982 triệu 'đã giải ngân' "
        "(done) = 2 tỷ 150 + 2 tỷ 832 triệu (adds up); 'trên 240 lao động'; '01 cụm công nghiệp' paid by KCĐP; "
        "next-year 6,8 tỉ = 3,2 tỉ KCQG + '3,6 tỉ' (no đồng) ngân sách tỉnh, all 'đề nghị' (planned, adds up); vốn đầu "
        "tư of establishments and đối ứng %; vốn đăng ký of secondary projects; 'ước đạt 113.500 tỷ' industrial output; "
        "Nghị định 45/2012, Thông tư 20/2017, Quyết định with date; a rates table (…/học viên/khóa, …/cơ sở, …/mô hình); "
        "'11 huyện miền núi'; phone",
        (
            money(
                "5400",
                "Kế hoạch kinh phí khuyến công năm 2018 giao cho Trung tâm là 5 tỷ 400 triệu đồng",
                status=PLAN,
            ),
            money("4982", "Trung tâm đã giải ngân 4 tỷ 982 triệu đồng"),
            money("2150", "nguồn khuyến công quốc gia 2 tỷ 150 triệu đồng", fund=KCQG),
            money("2832", "nguồn khuyến công địa phương 2 tỷ 832 triệu đồng", fund=KCDP),
            schemes("26", "Trung tâm chủ trì thực hiện 26 đề án"),
            classes("9", "mở 9 lớp dạy nghề dệt chiếu cói, thêu ren và mộc mỹ nghệ, thu hút 285 học viên"),
            trainees("285", "mở 9 lớp dạy nghề dệt chiếu cói, thêu ren và mộc mỹ nghệ, thu hút 285 học viên"),
            jobs("240", "Sau khóa học, trên 240 lao động có việc làm ổn định tại các cơ sở", qual=ABOVE),
            estab("17", "Đã hỗ trợ 17 cơ sở công nghiệp nông thôn đầu tư dây chuyền"),
            clusters(
                "1",
                "Bằng nguồn khuyến công địa phương, Trung tâm hỗ trợ đầu tư hệ thống thu gom, xử lý nước thải tập trung "
                "cho 01 cụm công nghiệp làng nghề",
                fund=KCDP,
            ),
            money(
                "6800",
                "Trung tâm xây dựng kế hoạch khuyến công năm 2019 với tổng nhu cầu kinh phí 6,8 tỉ đồng",
                status=PLAN,
                period=(2019, 2019),
            ),
            money(
                "3200",
                "đề nghị Bộ Công Thương hỗ trợ từ nguồn khuyến công quốc gia 3,2 tỉ đồng",
                fund=KCQG,
                status=PLAN,
                period=(2019, 2019),
            ),
            money(
                "3600",
                "đề nghị UBND tỉnh bố trí từ ngân sách tỉnh 3,6 tỉ",
                fund=KCDP,
                status=PLAN,
                period=(2019, 2019),
            ),
        ),
        (
            "Số: 286/BC-KCTV",
            "Nghị định số 45/2012/NĐ-CP",
            "Thông tư số 20/2017/TT-BCT",
            "Quyết định số 4610/QĐ-UBND ngày 30/11/2017",
            "bằng 92,3% kế hoạch",
            "thuộc 6 nội dung khuyến công",
            "thu nhập từ 3,8 đến 5 triệu đồng/tháng",
            "Tổng vốn đầu tư của các cơ sở đạt 38,6 tỷ đồng",
            "phần đối ứng chiếm trên 90%",
            "thu hút thêm 4 dự án thứ cấp với tổng vốn đăng ký 342 tỷ đồng",
            "tháng 10/2018",
            "ước đạt 113.500 tỷ đồng",
            "tăng 22,1% so với năm trước",
            "11 huyện miền núi",
            "2,5 triệu đồng/học viên/khóa",
            "300 triệu đồng/cơ sở",
            "500 triệu đồng/mô hình",
            "0237.3855.046",
        ),
        period=(2018, 2018),
        date="2018-12-18",
        checks=(
            Check(
                "budget_million_vnd",
                "Trung tâm đã giải ngân 4 tỷ 982 triệu đồng",
                (
                    "nguồn khuyến công quốc gia 2 tỷ 150 triệu đồng",
                    "nguồn khuyến công địa phương 2 tỷ 832 triệu đồng",
                ),
                True,
            ),
            Check(
                "budget_million_vnd",
                "Trung tâm xây dựng kế hoạch khuyến công năm 2019 với tổng nhu cầu kinh phí 6,8 tỉ đồng",
                (
                    "đề nghị Bộ Công Thương hỗ trợ từ nguồn khuyến công quốc gia 3,2 tỉ đồng",
                    "đề nghị UBND tỉnh bố trí từ ngân sách tỉnh 3,6 tỉ",
                ),
                True,
            ),
        ),
    ),
    Doc(
        "heldout_sonla_9thang_2023",
        "txt",
        "14",
        "interview (PV: / answers of a director); '9 tháng đầu năm 2023' in the lead, 'Tính đến hết tháng 9' (9_months); "
        "'Năm nay … được giao' 3 tỷ 750 triệu and 'Trung ương phân bổ' 1 tỷ 100 triệu for 3 KCQG schemes (planned, "
        "whole year; the rest 'còn lại' is not stated, so no check); 'xấp xỉ 2,4 tỉ' (done); 'đạt gần 64% kế hoạch' "
        "(gần before a %); 'tăng khoảng 15%'; 'khoảng 120 học viên'; 'ước cả năm' (estimated); 'đã đăng ký kế hoạch "
        "năm 2024' (planned despite 'đã'), '4,2 tỷ' without đồng; 'tối đa 200 triệu đồng' per cơ sở; doanh thu 'mỗi "
        "năm'; rates '50.000 đồng mỗi ngày', '3-4 triệu đồng mỗi tháng'; 'OCOP từ 3 sao'; phone",
        (
            money(
                "3750",
                "Năm nay tỉnh được giao tổng cộng 3 tỷ 750 triệu đồng kinh phí khuyến công",
                status=PLAN,
                part=None,
            ),
            money(
                "1100",
                "Trung ương phân bổ 1 tỷ 100 triệu đồng cho 3 đề án khuyến công quốc gia",
                fund=KCQG,
                status=PLAN,
                part=None,
            ),
            schemes(
                "3",
                "Trung ương phân bổ 1 tỷ 100 triệu đồng cho 3 đề án khuyến công quốc gia",
                fund=KCQG,
                status=PLAN,
                part=None,
            ),
            schemes("11", "Trung tâm đã nghiệm thu 11 đề án, giải ngân xấp xỉ 2,4 tỉ đồng"),
            money("2400", "Trung tâm đã nghiệm thu 11 đề án, giải ngân xấp xỉ 2,4 tỉ đồng", qual=BELOW),
            estab("9", "Chúng tôi đã hỗ trợ 9 cơ sở chế biến nông sản"),
            classes("4", "chúng tôi mở 4 lớp truyền nghề thêu thổ cẩm và đan lát cho khoảng 120 học viên"),
            trainees(
                "120",
                "chúng tôi mở 4 lớp truyền nghề thêu thổ cẩm và đan lát cho khoảng 120 học viên",
                qual=ABOUT,
            ),
            money("3600", "ước cả năm giải ngân khoảng 3,6 tỷ đồng", qual=ABOUT, status=EST, part=None),
            schemes(
                "14",
                "Trung tâm đã đăng ký kế hoạch năm 2024 với 14 đề án, nhu cầu kinh phí 4,2 tỷ",
                status=PLAN,
                period=(2024, 2024),
                part=None,
            ),
            money(
                "4200",
                "Trung tâm đã đăng ký kế hoạch năm 2024 với 14 đề án, nhu cầu kinh phí 4,2 tỷ",
                status=PLAN,
                period=(2024, 2024),
                part=None,
            ),
        ),
        (
            "Thứ Năm, 12/10/2023, 07:45",
            "kinh phí tăng khoảng 15%",
            "đạt gần 64% kế hoạch năm",
            "mỗi cơ sở được hỗ trợ tối đa 200 triệu đồng",
            "nâng doanh thu lên hơn 5 tỷ đồng mỗi năm",
            "tiền ăn 50.000 đồng mỗi ngày học",
            "thu nhập 3-4 triệu đồng mỗi tháng",
            "OCOP từ 3 sao trở lên",
            "0212.3852.166",
        ),
        period=(2023, 2023),
        part="9_months",
        date="2023-10-12",
    ),
    Doc(
        "heldout_dienbien_2017",
        "txt",
        "11",
        "short news item; 'trên 2,1 tỷ' (approximate_above) with 'riêng' KCQG 1 tỷ 350 triệu (one part only: no check); "
        "'huyện Điện Biên' (district 100, same name as the province) with classes and trainees; Mường Chà (097) "
        "establishments and money; thị xã Mường Lay (095) detailed plan paid by KCĐP; đối ứng 'gần'; 'khoảng 80% học "
        "viên' (a %); …/tháng; next-year proposal 'khoảng 2,5 tỉ' naming three districts (no district code); phone",
        (
            schemes("10", "khuyến công Điện Biên đã thực hiện xong 10 đề án với số tiền giải ngân trên 2,1 tỷ đồng"),
            money(
                "2100",
                "khuyến công Điện Biên đã thực hiện xong 10 đề án với số tiền giải ngân trên 2,1 tỷ đồng",
                qual=ABOVE,
            ),
            money("1350", "riêng nguồn khuyến công quốc gia chiếm 1 tỷ 350 triệu đồng", fund=KCQG),
            classes(
                "2",
                "Tại huyện Điện Biên, 2 lớp dạy nghề mây tre đan mở ở xã Thanh Xương và Thanh An đã thu hút 64 học viên",
                district="100",
            ),
            trainees(
                "64",
                "Tại huyện Điện Biên, 2 lớp dạy nghề mây tre đan mở ở xã Thanh Xương và Thanh An đã thu hút 64 học viên",
                district="100",
            ),
            estab(
                "3",
                "Ở huyện Mường Chà, khuyến công hỗ trợ 3 cơ sở chế biến gỗ, xay xát đầu tư máy móc với số tiền 285 triệu "
                "đồng",
                district="097",
            ),
            money(
                "285",
                "Ở huyện Mường Chà, khuyến công hỗ trợ 3 cơ sở chế biến gỗ, xay xát đầu tư máy móc với số tiền 285 triệu "
                "đồng",
                district="097",
            ),
            plans(
                "1",
                "Từ nguồn khuyến công địa phương, thị xã Mường Lay được hỗ trợ lập quy hoạch chi tiết 1 cụm công nghiệp",
                fund=KCDP,
                district="095",
            ),
            schemes(
                "12", "Trung tâm đề xuất 12 đề án với kinh phí khoảng 2,5 tỉ đồng", status=PLAN, period=(2018, 2018)
            ),
            money(
                "2500",
                "Trung tâm đề xuất 12 đề án với kinh phí khoảng 2,5 tỉ đồng",
                qual=ABOUT,
                status=PLAN,
                period=(2018, 2018),
            ),
        ),
        (
            "Thứ Ba, 26/12/2017",
            "các cơ sở đối ứng thêm gần 600 triệu đồng",
            "khoảng 80% học viên",
            "từ 1,5 đến 2 triệu đồng/tháng",
            "0215.3825.218",
        ),
        period=(2017, 2017),
        date="2017-12-26",
    ),
    Doc(
        "heldout_quangngai_2021",
        "html",
        "51",
        "Sở Công Thương page; the only year is the byline '08/12/2021 15:42' (dd/mm/yyyy): 'Từ đầu năm đến nay' takes "
        "2021 (year_to_date, year_from_document_date) and 'Năm tới' takes 2022 (planned, same flag); total 3 tỷ 460 "
        "triệu whose parts 1,5 tỷ KCQG + 1 tỷ 860 triệu ngân sách tỉnh (3 tỷ 360) do NOT add up; count before a "
        "passive verb ('10 cơ sở đã được hỗ trợ'); 'gần 180 lao động'; đối ứng 'hơn'; …/người/tháng; 'tỷ lệ giải "
        "ngân đạt 86%' (tỷ as a word); vốn đăng ký of cluster projects and lấp đầy %; plan 'khoảng 4 tỷ' in a quoted "
        "remark; aside of related news with figures (one for Kon Tum); phones in body and footer",
        (
            schemes("13", "đơn vị đã triển khai được 13 đề án khuyến công, tổng kinh phí 3 tỷ 460 triệu đồng"),
            money(
                "3460",
                "đơn vị đã triển khai được 13 đề án khuyến công, tổng kinh phí 3 tỷ 460 triệu đồng",
                flags=(NOADD,),
            ),
            money("1500", "vốn khuyến công quốc gia 1,5 tỷ đồng", fund=KCQG),
            money("1860", "vốn ngân sách tỉnh 1 tỷ 860 triệu đồng", fund=KCDP),
            estab("10", "10 cơ sở đã được hỗ trợ đầu tư dây chuyền sản xuất nước mắm"),
            classes("2", "tổ chức 2 lớp tập huấn khởi sự doanh nghiệp với 70 học viên"),
            trainees("70", "tổ chức 2 lớp tập huấn khởi sự doanh nghiệp với 70 học viên"),
            jobs("180", "các đề án đã giúp tạo việc làm mới cho gần 180 lao động", qual=BELOW),
            schemes(
                "16",
                "Năm tới, Trung tâm đề xuất kế hoạch 16 đề án, dự kiến kinh phí khoảng 4 tỷ đồng",
                status=PLAN,
                period=(2022, 2022),
                part=None,
            ),
            money(
                "4000",
                "Năm tới, Trung tâm đề xuất kế hoạch 16 đề án, dự kiến kinh phí khoảng 4 tỷ đồng",
                qual=ABOUT,
                status=PLAN,
                period=(2022, 2022),
                part=None,
            ),
        ),
        (
            "08/12/2021 15:42",
            "Đến cuối tháng 11, tỷ lệ giải ngân đạt 86% kế hoạch năm",
            "đã bỏ vốn đối ứng hơn 9,7 tỷ đồng",
            "5,5 triệu đồng/người/tháng",
            "thu hút thêm 6 dự án với tổng vốn đăng ký 412 tỷ đồng",
            "lên 67%",
            "0255.3712.358",
            "Hội chợ hàng công nghiệp nông thôn tiêu biểu thu hút 120 gian hàng",
            "Kon Tum: 5 đề án khuyến công quốc gia được phê duyệt",
            "Hỗ trợ 1,2 tỷ đồng cho cơ sở chế biến nước mắm ven biển",
            "0255.3822.617",
        ),
        period=(2021, 2021),
        part="year_to_date",
        flags=(YDD,),
        date="2021-12-08",
        checks=(
            Check(
                "budget_million_vnd",
                "đơn vị đã triển khai được 13 đề án khuyến công, tổng kinh phí 3 tỷ 460 triệu đồng",
                ("vốn khuyến công quốc gia 1,5 tỷ đồng", "vốn ngân sách tỉnh 1 tỷ 860 triệu đồng"),
                False,
            ),
        ),
        site="Sở Công Thương tỉnh Quảng Ngãi",
        menu=("Trang chủ", "Giới thiệu", "Tin tức", "Công nghiệp", "Thương mại", "Văn bản", "Dịch vụ công trực tuyến"),
        aside=(
            "Hội chợ hàng công nghiệp nông thôn tiêu biểu thu hút 120 gian hàng",
            "Kon Tum: 5 đề án khuyến công quốc gia được phê duyệt",
            "Hỗ trợ 1,2 tỷ đồng cho cơ sở chế biến nước mắm ven biển",
        ),
        footer="Địa chỉ: số 02 đường Hai Bà Trưng, TP Quảng Ngãi. Điện thoại: 0255.3822.617.",
        must_not_read=(SCRIPT_JUNK,),
    ),
    Doc(
        "heldout_angiang_2016_2020",
        "html",
        "89",
        "newspaper summary of a conference and a vice-chairman's speech; 'giai đoạn 2016-2020' beside 'giai đoạn "
        "2021-2025' in the same lead; 28.415 triệu (thousands dot) = 9.860 'ngân sách Trung ương' + 18.555 'ngân sách "
        "tỉnh' (adds up); 'hơn 1.500 lao động' (jobs) after 1.870 lao động (trainees); đối ứng 126 tỷ and 'gấp hơn 4 "
        "lần'; doanh thu %/năm; clusters' investment 'trên 3.200 tỷ'; 2021-2025 targets 'phấn đấu' and 'dự kiến … "
        "khoảng 40 tỷ'; 'không dưới 5 tỷ đồng mỗi năm' (a yearly floor, not a total); awards count; 'Sáng 17-12'; "
        "aside with figures",
        (
            schemes("142", "toàn tỉnh thực hiện 142 đề án khuyến công với tổng kinh phí hỗ trợ 28.415 triệu đồng"),
            money("28415", "toàn tỉnh thực hiện 142 đề án khuyến công với tổng kinh phí hỗ trợ 28.415 triệu đồng"),
            money("9860", "phần do ngân sách Trung ương cấp là 9.860 triệu đồng", fund=KCQG),
            money("18555", "phần ngân sách tỉnh 18.555 triệu đồng", fund=KCDP),
            estab("312", "312 cơ sở công nghiệp nông thôn được hỗ trợ ứng dụng máy móc thiết bị"),
            classes("58", "mở 58 lớp đào tạo nghề, nâng cao tay nghề cho 1.870 lao động"),
            trainees("1870", "mở 58 lớp đào tạo nghề, nâng cao tay nghề cho 1.870 lao động"),
            jobs("1500", "sau đào tạo đã giải quyết việc làm cho hơn 1.500 lao động", qual=ABOVE),
            clusters("3", "góp vốn xây dựng đường nội bộ, trạm xử lý nước thải của 3 cụm công nghiệp"),
            estab(
                "350",
                "tỉnh phấn đấu hỗ trợ 350 cơ sở công nghiệp nông thôn",
                status=PLAN,
                period=(2021, 2025),
            ),
            money(
                "40000",
                "dự kiến cần nguồn vốn khuyến công khoảng 40 tỷ đồng",
                qual=ABOUT,
                status=PLAN,
                period=(2021, 2025),
            ),
        ),
        (
            "Thứ Sáu, 18/12/2020 - 09:15",
            "Sáng 17-12",
            "nguồn vốn đối ứng của các cơ sở tham gia lên tới 126 tỷ đồng",
            "gấp hơn 4 lần",
            "tăng bình quân 15-20%/năm",
            "đã thu hút 47 dự án với tổng vốn trên 3.200 tỷ đồng",
            "không dưới 5 tỷ đồng mỗi năm",
            "8 tập thể và 11 cá nhân",
            "Châu Đốc: 9 cơ sở làm khô cá được hỗ trợ lò sấy",
            "Xuất khẩu 11 tháng ước đạt 850 triệu USD",
            "Hội chợ công nghiệp nông thôn khu vực phía Nam có 220 gian hàng",
            "0296.3841.233",
        ),
        period=(2016, 2020),
        date="2020-12-18",
        checks=(
            Check(
                "budget_million_vnd",
                "toàn tỉnh thực hiện 142 đề án khuyến công với tổng kinh phí hỗ trợ 28.415 triệu đồng",
                ("phần do ngân sách Trung ương cấp là 9.860 triệu đồng", "phần ngân sách tỉnh 18.555 triệu đồng"),
                True,
            ),
        ),
        site="Báo An Giang điện tử",
        menu=("Thời sự", "Kinh tế", "Xã hội", "Pháp luật", "Văn hóa - Thể thao", "Đồng bằng sông Cửu Long"),
        aside=(
            "Châu Đốc: 9 cơ sở làm khô cá được hỗ trợ lò sấy",
            "Xuất khẩu 11 tháng ước đạt 850 triệu USD",
            "Hội chợ công nghiệp nông thôn khu vực phía Nam có 220 gian hàng",
        ),
        footer="Tòa soạn: số 12 đường Tôn Đức Thắng, TP Long Xuyên, An Giang. Điện thoại: 0296.3841.233.",
        must_not_read=(SCRIPT_JUNK,),
    ),
    # ---------------------------------------------------------------------------------- held-out .pdf
    Doc(
        "heldout_vinhlong_6thang_2019",
        "pdf",
        "86",
        "Sở Công Thương mid-year report (letterhead, 'Số: 1104/BC-SCT', numbered headings); '6 tháng đầu năm' "
        "(6_months) beside 'năm 2019' plans and a decision dated 28/12/2018 (not the year); 'dự toán' 3.250 triệu KCĐP "
        "for 18 schemes and 'phê duyệt' 2 KCQG schemes 1,27 tỷ (planned, whole year); 1.482,5 triệu (thousands dot and "
        "decimal comma, broken '1.482,5⏎triệu' by the PDF line) = 1.032,5 ngân sách tỉnh + 450 Trung ương inside "
        "parentheses (adds up); % of dự toán; "
        "'ước thực hiện cả năm' 4 tỷ 380 triệu without đồng (estimated); 'khoảng 800 miệng lò'; doanh thu 'trên "
        "1.000 tỷ' of a craft village in 2018; 1,2 triệu đồng/tháng; '6 tháng cuối năm'; phone",
        (
            money(
                "3250",
                "năm 2019 Vĩnh Long được bố trí dự toán 3.250 triệu đồng kinh phí khuyến công địa phương để thực hiện "
                "18 đề án",
                fund=KCDP,
                status=PLAN,
                part=None,
            ),
            schemes(
                "18",
                "năm 2019 Vĩnh Long được bố trí dự toán 3.250 triệu đồng kinh phí khuyến công địa phương để thực hiện "
                "18 đề án",
                fund=KCDP,
                status=PLAN,
                part=None,
            ),
            schemes(
                "2",
                "Bộ Công Thương phê duyệt cho tỉnh 2 đề án khuyến công quốc gia với kinh phí 1,27 tỷ đồng",
                fund=KCQG,
                status=PLAN,
                part=None,
            ),
            money(
                "1270",
                "Bộ Công Thương phê duyệt cho tỉnh 2 đề án khuyến công quốc gia với kinh phí 1,27 tỷ đồng",
                fund=KCQG,
                status=PLAN,
                part=None,
            ),
            schemes("7", "Sở đã nghiệm thu, thanh toán 7 đề án, giải ngân 1.482,5 triệu đồng"),
            money("1482.5", "Sở đã nghiệm thu, thanh toán 7 đề án, giải ngân 1.482,5 triệu đồng"),
            money("1032.5", "ngân sách tỉnh 1.032,5 triệu đồng", fund=KCDP),
            money("450", "Trung ương 450 triệu đồng", fund=KCQG),
            estab("5", "có 5 cơ sở sản xuất gạch gốm, chế biến thực phẩm và cơ khí nhận hỗ trợ máy móc thiết bị"),
            classes("3", "mở 3 lớp đào tạo nghề đan giỏ lục bình, kết cườm cho 105 học viên"),
            trainees("105", "mở 3 lớp đào tạo nghề đan giỏ lục bình, kết cườm cho 105 học viên"),
            money("4380", "ước thực hiện cả năm giải ngân 4 tỷ 380 triệu", status=EST, part=None),
        ),
        (
            "Số: 1104/BC-SCT",
            "6 tháng cuối năm 2019",
            "Quyết định số 3012/QĐ-UBND ngày 28/12/2018",
            "đạt 32,8% tổng dự toán năm",
            "mỗi học viên được hỗ trợ 1,2 triệu đồng/tháng",
            "hiện còn khoảng 800 miệng lò",
            "doanh thu toàn làng nghề năm 2018 đạt trên 1.000 tỷ đồng",
            "đạt 96,9% dự toán",
            "0270.3823.418",
        ),
        period=(2019, 2019),
        part="6_months",
        date="2019-07-05",
        checks=(
            Check(
                "budget_million_vnd",
                "Sở đã nghiệm thu, thanh toán 7 đề án, giải ngân 1.482,5 triệu đồng",
                ("ngân sách tỉnh 1.032,5 triệu đồng", "Trung ương 450 triệu đồng"),
                True,
            ),
        ),
    ),
)


# --------------------------------------------------------------------------------------------------
# Source text → blocks
# --------------------------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # h1, h2, meta, p, table, blank
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def read_blocks(name: str) -> list[Block]:
    blocks: list[Block] = []
    for raw in (SRC / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line:
            blocks.append(Block("blank"))
        elif line.startswith("## "):
            blocks.append(Block("h2", line[3:]))
        elif line.startswith("# "):
            blocks.append(Block("h1", line[2:]))
        elif line.startswith("@ "):
            blocks.append(Block("meta", line[2:]))
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if blocks and blocks[-1].kind == "table":
                blocks[-1].rows.append(cells)
            else:
                blocks.append(Block("table", rows=[cells]))
        else:
            blocks.append(Block("p", line))
    return blocks


def plain(text: str) -> str:
    """Source inline markup → the text a reader sees."""
    return text.replace("**", "").replace("{NBSP}", NBSP)


def headline(blocks: list[Block]) -> str:
    return next(plain(b.text) for b in blocks if b.kind == "h1")


# --------------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------------


def build_txt(doc: Doc, blocks: list[Block]) -> bytes:
    lines = []
    for b in blocks:
        if b.kind == "table":
            lines.extend("\t".join(plain(c) for c in row) for row in b.rows)
        else:
            lines.append(plain(b.text))
    text = "\n".join(lines) + "\n"
    if doc.crlf:
        text = text.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if doc.bom else b"") + text.encode("utf-8")


def _runs(paragraph, text: str) -> None:
    for i, part in enumerate(text.replace("{NBSP}", NBSP).split("**")):
        if part:
            paragraph.add_run(part).bold = bool(i % 2)


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed (python-docx stamps the current time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_docx(doc: Doc, blocks: list[Block]) -> bytes:
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for b in blocks:
        if b.kind == "h1":
            d.add_heading(plain(b.text), level=1)
        elif b.kind == "h2":
            d.add_heading(plain(b.text), level=2)
        elif b.kind == "meta":
            p = d.add_paragraph()
            _runs(p, b.text)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if "ngày" in b.text else WD_ALIGN_PARAGRAPH.CENTER
            for r in p.runs:
                r.italic = "ngày" in b.text
        elif b.kind == "p":
            _runs(d.add_paragraph(), b.text)
        elif b.kind == "table":
            t = d.add_table(rows=len(b.rows), cols=len(b.rows[0]))
            t.style = "Table Grid"
            for i, row in enumerate(b.rows):
                for j, cell in enumerate(row):
                    c = t.cell(i, j)
                    c.text = ""
                    run = c.paragraphs[0].add_run(plain(cell))
                    run.bold = i == 0
    # fixed properties, so that a rebuild writes the same bytes and no "python-docx" author shows
    properties = {
        "title": headline(blocks),
        "author": "figures corpus (invented for tests)",
        "last_modified_by": "tests/make_figures_corpus.py",
        "comments": "Tài liệu giả lập để kiểm thử; không phải bài báo đã đăng. Invented for tests.",
        "created": FIXED_DOCX_TIME,
        "modified": FIXED_DOCX_TIME,
        "revision": 1,
    }
    for name, value in properties.items():
        setattr(d.core_properties, name, value)
    buf = io.BytesIO()
    d.save(buf)
    return fixed_zip(buf.getvalue())


def _inline_html(text: str) -> str:
    out = []
    for i, part in enumerate(text.split("**")):
        esc = html.escape(part, quote=False).replace("{NBSP}", "&nbsp;")
        out.append(f"<strong>{esc}</strong>" if i % 2 else esc)
    return "".join(out)


def _article_html(blocks: list[Block], indent: str) -> list[str]:
    out = []
    for b in blocks:
        if b.kind == "h1":
            out.append(f"{indent}<h1>{_inline_html(b.text)}</h1>")
        elif b.kind == "h2":
            out.append(f"{indent}<h2>{_inline_html(b.text)}</h2>")
        elif b.kind == "meta":
            out.append(f'{indent}<p class="meta">{_inline_html(b.text)}</p>')
        elif b.kind == "p":
            out.append(f"{indent}<p>{_inline_html(b.text)}</p>")
        elif b.kind == "table":
            out.append(f"{indent}<table>")
            for i, row in enumerate(b.rows):
                tag = "th" if i == 0 else "td"
                out.append(f"{indent}  <tr>" + "".join(f"<{tag}>{_inline_html(c)}</{tag}>" for c in row) + "</tr>")
            out.append(f"{indent}</table>")
    return out


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in folded if not unicodedata.combining(c)).lower()).strip("-")


def build_html(doc: Doc, blocks: list[Block]) -> bytes:
    head = headline(blocks)
    meta = [b for b in blocks if b.kind == "meta"]
    article = [b for b in blocks if b.kind != "meta"]
    h1 = article.pop(next(i for i, b in enumerate(article) if b.kind == "h1"))
    ld = json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": head, "datePublished": doc.date},
        ensure_ascii=False,
    )
    # Each province's portal runs its own CMS: its own menu, written out on one line as such
    # systems print it, so the six pages share the article's markup and little else.
    menu = "".join(f'<li><a href="/{_slug(item)}">{html.escape(item)}</a></li>' for item in doc.menu)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        "  <!-- Trang giả lập cho kiểm thử: bài viết được soạn riêng, không phải bài đã đăng. Invented for tests. -->",
        f"  <title>{html.escape(head)} | {html.escape(doc.site)}</title>",
        "  <style>body{font-family:Arial,sans-serif;margin:0}nav ul{list-style:none;display:flex;gap:1em}"
        ".meta{color:#777;font-size:.9em}aside{border-top:1px solid #ccc}footer{background:#eee;padding:1em}</style>"
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
        "gtag('js',new Date());gtag('config','G-K2C0NG2019');var _adSlots=[728,90,300,250];</script>",
        f'  <script type="application/ld+json">{ld}</script>',
        "</head>",
        f'<body><header class="site-header"><div class="logo"><a href="/">{html.escape(doc.site)}</a></div>'
        f"<nav><ul>{menu}</ul></nav></header>",
        "  <main>",
        "    <article>",
        f"      <h1>{_inline_html(h1.text)}</h1>",
        *[f'      <p class="meta"><time>{_inline_html(b.text)}</time></p>' for b in meta],
        *_article_html([b for b in article if b.kind != "blank"], "      "),
        "    </article>",
    ]
    if doc.aside:
        related = "".join(f'<li><a href="/tin-tuc/{i}">{html.escape(t)}</a></li>' for i, t in enumerate(doc.aside, 1))
        lines.append(f"    <aside><h2>Tin liên quan</h2><ul>{related}</ul></aside>")
    lines += [
        "  </main>",
        f"  <footer><p>{html.escape(doc.site)}</p><p>{html.escape(doc.footer)}</p>"
        "<p>Bản quyền thuộc về đơn vị chủ quản. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></footer>",
        f'  <script>var banner = {{"text": "{SCRIPT_JUNK}", "w": 300, "h": 250}}; var viewCount = 18452, shareCount = 37;',
        '    function track(e){ if (window.dataLayer) { dataLayer.push({"event": e, "ts": 1577000000}); } }</script>',
        "</body>",
        "</html>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


PRINT_CSS = (
    "@page{size:A4;margin:2cm 2cm 2cm 2.5cm}"
    'body{font-family:"Liberation Serif","DejaVu Serif",serif;font-size:13pt;line-height:1.35;'
    "font-variant-ligatures:none}"
    ".meta{text-align:center;font-weight:bold;margin:0;font-size:12pt}"
    "h1{font-size:15pt;text-align:center;margin:18pt 0 12pt}"
    "p{text-align:left;text-indent:1cm;margin:0 0 6pt}"
    "table{border-collapse:collapse}td,th{border:1px solid #000;padding:2pt 4pt}"
)


def print_html(doc: Doc, blocks: list[Block]) -> str:
    body = _article_html([b for b in blocks if b.kind != "blank"], "  ")
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(headline(blocks))}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def chromium_pdf(page_html: str) -> bytes:
    """Print an HTML page to PDF with headless Chromium; the PDF's dates are fixed."""
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-liberation2 poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "page.html", Path(tmp) / "out.pdf"
        src.write_text(page_html, encoding="utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                src.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        data = out.read_bytes()
    return re.sub(rb"D:\d{14}(?:[+-]\d\d'\d\d'|Z)", FIXED_PDF_DATE, data)


def build_pdf(doc: Doc, blocks: list[Block]) -> bytes:
    return chromium_pdf(print_html(doc, blocks))


BUILDERS = {"txt": build_txt, "docx": build_docx, "html": build_html, "pdf": build_pdf}


# --------------------------------------------------------------------------------------------------
# Extracted text (what the self-check compares quotes with)
# --------------------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


_HIDDEN = frozenset(("head", "script", "style", "template", "title", "noscript"))
_BLOCK = frozenset(
    (
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "nav", "header", "footer"),
        *("article", "aside", "section", "main", "br", "tr", "td", "th", "table", "body"),
    )
)


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def extract(path: Path) -> str:
    ext = path.suffix.lstrip(".")
    if ext == "txt":
        return normalise(path.read_bytes().decode("utf-8-sig"))
    if ext == "docx":
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        d = docx.Document(str(path))
        lines = []
        for child in d.element.body.iterchildren():
            if child.tag.endswith("}p"):
                lines.append(Paragraph(child, d).text)
            elif child.tag.endswith("}tbl"):
                for row in Table(child, d).rows:
                    for cell in row.cells:
                        lines.extend(p.text for p in cell.paragraphs)
        return normalise("\n".join(lines))
    if ext == "html":
        parser = _Visible()
        parser.feed(path.read_bytes().decode("utf-8"))
        parser.close()
        return normalise("".join(parser.parts))
    if ext == "pdf":
        out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
        return normalise(out.stdout.decode("utf-8"))
    raise ValueError(ext)


# --------------------------------------------------------------------------------------------------
# Numbers (to verify the expected values against their quotes)
# --------------------------------------------------------------------------------------------------

_N = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
MONEY = (
    (re.compile(rf"(?<![\d.,])({_N}) (?:tỷ|tỉ) (\d{{1,3}}(?:,\d+)?) triệu(?: đồng)?"), "bt"),
    (re.compile(rf"(?<![\d.,])({_N}) (?:tỷ|tỉ)(?! \d)(?: đồng)?"), "b"),
    (re.compile(rf"(?<![\d.,])({_N}) triệu(?: đồng)?"), "t"),
)


def vn_decimal(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def dec_str(d: Decimal) -> str:
    return format(d.normalize(), "f")


def numbers_in(quote: str, p: P, unit: str) -> list[tuple[str, Decimal]]:
    found: list[tuple[str, Decimal]] = []
    if p.metric == "budget_million_vnd":
        taken: list[tuple[int, int]] = []
        for rx, kind in MONEY:
            for m in rx.finditer(quote):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                taken.append(m.span())
                if kind == "bt":
                    val = vn_decimal(m.group(1)) * 1000 + vn_decimal(m.group(2))
                elif kind == "b":
                    val = vn_decimal(m.group(1)) * 1000
                else:
                    val = vn_decimal(m.group(1))
                found.append((m.group(0), val))
        return found
    for noun in NOUNS[(p.metric, unit)]:
        for m in re.finditer(rf"(?<![\d.,])({_N}) {noun}", quote):
            found.append((m.group(0), vn_decimal(m.group(1))))
    return found


# --------------------------------------------------------------------------------------------------
# Expected JSON and the self-check
# --------------------------------------------------------------------------------------------------


def resolve(doc: Doc, p: P) -> dict:
    unit = p.unit or UNITS[p.metric]
    period = doc.period if p.period is DOC else p.period
    part = doc.part if p.part is DOC else p.part
    flags = list(dict.fromkeys([*doc.flags, *(() if p.flags is DOC else p.flags)]))
    return {
        "metric": p.metric,
        "value": p.value,
        "unit": unit,
        "fund_code": p.fund,
        "qualifier": p.qual,
        "status": p.status,
        "period_from_year": period[0],
        "period_to_year": period[1],
        "period_part": part,
        "province_code": doc.province,
        "district_code": p.district,
        "quote": p.quote,
        "number_text": p.num,
        "flags": flags,
    }


def expected_json(doc: Doc) -> dict:
    proposals = [resolve(doc, p) for p in doc.proposals]
    for prop, p in zip(proposals, doc.proposals, strict=True):
        if prop["number_text"] is None:
            hits = [t for t, v in numbers_in(p.quote, p, prop["unit"]) if v == Decimal(p.value)]
            prop["number_text"] = hits[0] if len(hits) == 1 else None
    checks = []
    for c in doc.checks:
        unit = c.unit or UNITS.get(c.metric)

        def find(quote: str, unit=unit, c=c) -> dict:
            return next(x for x in proposals if (x["quote"], x["metric"], x["unit"]) == (quote, c.metric, unit))

        total = find(c.total)
        parts = [find(q) for q in c.parts]
        checks.append(
            {
                "metric": c.metric,
                "unit": unit,
                "total_quote": c.total,
                "part_quotes": list(c.parts),
                "total_value": total["value"],
                "part_values": [x["value"] for x in parts],
                "adds_up": c.adds_up,
            }
        )
    return {
        "file": f"{doc.name}.{doc.ext}",
        "province_code": doc.province,
        "document_date": doc.date,
        "proposals": proposals,
        "must_not_propose": list(doc.must_not),
        "must_not_read": list(doc.must_not_read),
        "checks": checks,
    }


def check_doc(doc: Doc, exp: dict, text: str) -> list[str]:
    problems = []
    where = f"{doc.name}.{doc.ext}"
    spans: list[tuple[int, int, str]] = []
    for prop, p in zip(exp["proposals"], doc.proposals, strict=True):
        q = prop["quote"]
        n = text.count(q)
        if n != 1:
            problems.append(f"{where}: quote found {n} times: {q!r}")
        else:
            i = text.index(q)
            spans.append((i, i + len(q), q))
        hits = [(t, v) for t, v in numbers_in(q, p, prop["unit"]) if v == Decimal(p.value)]
        if prop["number_text"] is None or prop["number_text"] not in q:
            problems.append(f"{where}: no number expression for {p.value} {prop['unit']} in {q!r} (found {hits})")
        elif not hits and not p.num:
            problems.append(f"{where}: {prop['number_text']!r} does not parse to {p.value}")
        if dec_str(Decimal(p.value)) != p.value:
            problems.append(f"{where}: value {p.value!r} is not a plain decimal string")
        if prop["unit"] != (p.unit or UNITS.get(p.metric)):
            problems.append(f"{where}: unit {prop['unit']}")
    for s in exp["must_not_propose"]:
        n = text.count(s)
        if n < 1:
            problems.append(f"{where}: must_not_propose not in text: {s!r}")
        if not re.search(r"\d", s):
            problems.append(f"{where}: must_not_propose holds no number: {s!r}")
        i = text.find(s)
        for a, b, q in spans:
            if i >= 0 and i < b and a < i + len(s):
                problems.append(f"{where}: must_not_propose {s!r} overlaps quote {q!r}")
    for s in exp["must_not_read"]:
        if s in text:
            problems.append(f"{where}: script text is visible: {s!r}")
    for c in exp["checks"]:
        parts = sum(Decimal(v) for v in c["part_values"])
        if (parts == Decimal(c["total_value"])) != c["adds_up"]:
            problems.append(f"{where}: check {c['total_quote']!r}: parts {parts} vs total {c['total_value']}")
        key = (c["total_quote"], c["metric"], c["unit"])
        total = next(x for x in exp["proposals"] if (x["quote"], x["metric"], x["unit"]) == key)
        if (NOADD in total["flags"]) == c["adds_up"]:
            problems.append(f"{where}: flag {NOADD} does not match the check on {c['total_quote']!r}")
    for prop in exp["proposals"]:
        if prop["period_from_year"] is None and STEWARD not in prop["flags"]:
            problems.append(f"{where}: no period and no {STEWARD} flag: {prop['quote']!r}")
    return problems


# --------------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------------

SCANNED_LINES = (
    "SỞ CÔNG THƯƠNG TỈNH ĐIỆN BIÊN",
    "BÁO CÁO KẾT QUẢ CÔNG TÁC KHUYẾN CÔNG NĂM 2018",
    "Năm 2018, Trung tâm Khuyến công đã thực hiện 10 đề án",
    "với tổng kinh phí 2 tỷ 150 triệu đồng, trong đó kinh phí",
    "khuyến công quốc gia 1 tỷ 400 triệu đồng.",
    "Đã mở 4 lớp đào tạo nghề cho 120 học viên tại huyện Mường Chà.",
)
SCRIPT_FIGURES = (
    "Tổng kinh phí khuyến công năm 2019 là 5 tỷ 200 triệu đồng",
    "đã hỗ trợ 12 cơ sở công nghiệp nông thôn",
    "mở 6 lớp đào tạo nghề cho 180 học viên",
)
BAD_EXPECTED = {
    "scanned.pdf": {
        "kind": "pdf_without_text",
        "expect": "refused with a message (vi + en): a scanned PDF has no text layer; nothing changes",
        "note": "an image of report text only (canvas printed by Chromium); pdftotext gives no text",
    },
    "binary.txt": {
        "kind": "binary_renamed_txt",
        "expect": "refused with a message (vi + en): not a text file; nothing changes",
        "note": "4096 random bytes (random.Random(28)), not valid UTF-8, contains NUL bytes",
    },
    "empty.txt": {
        "kind": "empty",
        "expect": "refused with a message (vi + en): the file is empty; nothing changes",
        "note": "0 bytes",
    },
    "script_figures.html": {
        "kind": "figures_only_in_scripts",
        "expect": "no proposals (or a 'no figures found' message); text inside <script>/<style> is never read",
        "note": "the figures are written by document.write and a CSS ::after content; the visible text has none",
        "must_not_read": list(SCRIPT_FIGURES),
    },
    "truncated.docx": {
        "kind": "corrupt_docx",
        "expect": "refused with a message (vi + en): the .docx cannot be opened; nothing changes",
        "note": "the first 2000 bytes of a real .docx (a zip cut short)",
    },
}


def build_bad(sample_docx: bytes) -> dict[str, bytes]:
    canvas_lines = ",".join(json.dumps(s, ensure_ascii=False) for s in SCANNED_LINES)
    scanned = (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>scan</title>'
        "<style>@page{size:A4;margin:1.5cm}body{margin:0}canvas{width:17cm;height:9cm}</style></head><body>"
        '<canvas id="c" width="1020" height="540"></canvas><script>'
        'var c=document.getElementById("c").getContext("2d");c.fillStyle="#fbfaf5";c.fillRect(0,0,1020,540);'
        'c.fillStyle="#222";c.font="28px serif";'
        f"[{canvas_lines}].forEach(function(t,i){{c.fillText(t,30,60+i*70);}});"
        "</script></body></html>\n"
    )
    writes = "".join(f"document.write({json.dumps('<p>' + s + '</p>', ensure_ascii=False)});" for s in SCRIPT_FIGURES)
    script_html = (
        "<!DOCTYPE html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n<title>Báo cáo khuyến công</title>\n'
        f'<style>.so-lieu::after{{content:"{SCRIPT_FIGURES[1]}"}}</style>\n'
        "</head>\n<body>\n<article>\n<h1>Kết quả công tác khuyến công</h1>\n"
        "<p>Số liệu chi tiết được cập nhật tự động dưới đây.</p>\n"
        f'<div class="so-lieu"></div>\n<script>{writes}</script>\n'
        "</article>\n</body>\n</html>\n"
    )
    return {
        "scanned.pdf": chromium_pdf(scanned),
        "binary.txt": random.Random(28).randbytes(4096),
        "empty.txt": b"",
        "script_figures.html": script_html.encode("utf-8"),
        "truncated.docx": sample_docx[:2000],
    }


def check_bad() -> list[str]:
    problems = []
    out = subprocess.run(["pdftotext", str(BAD / "scanned.pdf"), "-"], capture_output=True, check=True)
    if out.stdout.strip():
        problems.append(f"bad/scanned.pdf has text: {out.stdout[:80]!r}")
    raw = (BAD / "binary.txt").read_bytes()
    try:
        raw.decode("utf-8")
        problems.append("bad/binary.txt decodes as UTF-8")
    except UnicodeDecodeError:
        pass
    if (BAD / "empty.txt").stat().st_size:
        problems.append("bad/empty.txt is not empty")
    visible = extract(BAD / "script_figures.html")
    for s in SCRIPT_FIGURES:
        if s in visible:
            problems.append(f"bad/script_figures.html shows {s!r}")
    if re.search(r"\d", visible):
        problems.append(f"bad/script_figures.html has a visible number: {visible!r}")
    try:
        zipfile.ZipFile(BAD / "truncated.docx")
        problems.append("bad/truncated.docx opens as a zip")
    except zipfile.BadZipFile:
        pass
    return problems


# --------------------------------------------------------------------------------------------------


def write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only self-check the committed files")
    ap.add_argument("--table", action="store_true", help="print the README's table of documents")
    args = ap.parse_args(argv)
    names = [d.name for d in DOCS]
    assert len(names) == len(set(names)), "duplicate document names"
    assert {p.stem for p in SRC.glob("*.txt")} == set(names), "src/ and DOCS disagree"
    BAD.mkdir(parents=True, exist_ok=True)
    sample_docx = b""
    for doc in DOCS:
        blocks = read_blocks(doc.name)
        if not args.check:
            data = BUILDERS[doc.ext](doc, blocks)
            write_if_changed(CORPUS / f"{doc.name}.{doc.ext}", data)
            exp = expected_json(doc)
            js = json.dumps(exp, ensure_ascii=False, indent=2) + "\n"
            write_if_changed(CORPUS / f"{doc.name}.expected.json", js.encode("utf-8"))
        if doc.ext == "docx" and not sample_docx:
            sample_docx = (CORPUS / f"{doc.name}.docx").read_bytes()
    if not args.check:
        for name, data in build_bad(sample_docx).items():
            write_if_changed(BAD / name, data)
        bad_js = json.dumps(BAD_EXPECTED, ensure_ascii=False, indent=2) + "\n"
        write_if_changed(BAD / "expected.json", bad_js.encode("utf-8"))
    problems: list[str] = []
    for doc in DOCS:
        path = CORPUS / f"{doc.name}.{doc.ext}"
        if path.stat().st_size > 200_000:
            problems.append(f"{path.name} is larger than 200 KB")
        exp = json.loads((CORPUS / f"{doc.name}.expected.json").read_text(encoding="utf-8"))
        problems += check_doc(doc, exp, extract(path))
    problems += check_bad()
    if args.table:
        print("| document | format | province | proposals | traps |\n|---|---|---|---|---|")
        for doc in DOCS:
            print(f"| `{doc.name}.{doc.ext}` | {doc.ext} | {doc.province} | {len(doc.proposals)} | {doc.traps} |")
    for p in problems:
        print("PROBLEM:", p)
    total = sum(len(d.proposals) for d in DOCS)
    print(f"{len(DOCS)} documents, {total} expected proposals, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
