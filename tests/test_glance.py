"""The overview's key figures as one table (kcdash.glance): the published figure leads in bold,
the records' sum follows with its mark, "no data" is small type, the rest is behind details,
and text from the data is escaped."""

from __future__ import annotations

import re

from kcdash import glance
from kcdash.cards import Card, ProvinceCards, RecordsLine
from kcdash.i18n import t

PUBLISHED = Card(
    "new_jobs",
    "Việc làm mới",
    "3.530 người",
    "Công bố 2007–2012",
    True,
    quote="đào tạo nghề, truyền nghề cho 3.530 lao động mới có việc làm",
    source="nguồn: [Khuyến công Điện Biên]",
    records=RecordsLine("Tổng bản ghi minh họa 2007–2012", "3.530", True, "Đối chiếu: 3.530 người · khớp"),
)
BUDGET = Card(
    "budget_million_vnd",
    "Kinh phí",
    "6.788,9 triệu đồng",
    "Công bố 2008–2013",
    True,
    lines=("KCĐP (2008–2013): 2.768,9 triệu đồng", "Tổng (2008–2013): chưa có số liệu (báo cáo không nêu)"),
    records=RecordsLine("Tổng bản ghi 2008–2013", "6.788,9 triệu đồng", False),
)


def unreported(code: str, label: str, note: str, **more) -> Card:
    """A card whose measure the reports do not give: "no data" leads, never a 0."""
    return Card(code, label, t("common.not_reported", "vi"), note, False, **more)


MISSING = unreported(
    "trainees", "Học viên", "Báo cáo 2007–2012 không nêu",
    records=RecordsLine("Tổng bản ghi minh họa 2007–2012", "3.696", True),
)  # fmt: skip
CLUSTERS = unreported(
    "clusters", "Huyện đã có cụm", "Báo cáo không nêu",
    records_note="Số huyện có cụm: chưa có số liệu (không có danh sách cụm công nghiệp của tỉnh này).",
    lines=("Mục tiêu: “Phấn đấu mỗi huyện thành lập được 01 cụm công nghiệp”",),
)  # fmt: skip


def visible(cell: str) -> str:
    """The cell's text outside its details element (what shows before a click), tags dropped."""
    return re.sub(r"<[^>]+>", " ", re.sub(r"<details.*?</details>", "", cell, flags=re.S))


def behind(cell: str) -> str:
    found = re.search(r"<details.*?</details>", cell, flags=re.S)
    return re.sub(r"<[^>]+>", " ", found.group(0)) if found else ""


def test_a_published_figure_leads_in_bold_with_its_period_and_its_quote_one_click_away() -> None:
    cell = glance.cell_html(PUBLISHED, "Điện Biên", "vi")
    assert '<strong class="kc-fig">3.530 người</strong>' in cell
    assert "Công bố 2007–2012" in visible(cell)
    assert "truyền nghề" not in visible(cell) and "truyền nghề" in behind(cell)  # the quote behind details
    assert "Khuyến công Điện Biên" in behind(cell) and "khớp" in behind(cell)  # source, reconciliation
    assert "Việc làm mới, Điện Biên" in cell  # the control says which cell it opens, for a screen reader


def test_the_records_sum_follows_smaller_with_its_mark_only_when_illustrative() -> None:
    cell = glance.cell_html(PUBLISHED, "Điện Biên", "vi")
    assert re.search(
        r'kc-badge">MINH HỌA</span> Tổng bản ghi minh họa 2007–2012: <b class="kc-fig kc-fig-rec">3.530', cell
    )
    real = glance.cell_html(BUDGET, "Bạc Liêu", "vi")
    assert "kc-badge" not in real and "kc-fig-rec" in real


def test_no_data_is_small_type_not_a_headline() -> None:
    cell = glance.cell_html(MISSING, "Bạc Liêu", "vi")
    assert '<div class="kc-g-none">chưa có số liệu (báo cáo không nêu)</div>' in cell
    assert "<strong" not in cell  # nothing bold but the records' sum
    assert "Báo cáo 2007–2012 không nêu" in behind(cell)


def test_a_fund_split_stands_in_the_cell_and_a_line_without_a_figure_goes_behind_details() -> None:
    cell = glance.cell_html(BUDGET, "Bạc Liêu", "vi")
    assert "KCĐP (2008–2013): 2.768,9 triệu đồng" in visible(cell)
    assert "Tổng (2008–2013): chưa có số liệu" in behind(cell)
    assert "Tổng (2008–2013)" not in visible(cell)
    clusters = glance.cell_html(CLUSTERS, "Bạc Liêu", "vi")
    assert "Mục tiêu" in behind(clusters) and "Mục tiêu" not in visible(clusters)  # a quote, not a figure
    assert "không có danh sách cụm" in behind(clusters)


def test_the_table_has_a_row_per_measure_a_column_per_province_and_escapes_data() -> None:
    provinces = [
        ProvinceCards("11", "Điện Biên", "", (MISSING, PUBLISHED)),
        ProvinceCards("95", '<img src=x onerror="alert(1)">', "", (MISSING, BUDGET)),
    ]
    out = glance.table_html(provinces, {"11": "#0072b2", "95": "red;background:url(x)"}, "vi")
    assert out.count('<th scope="row">') == 2 and out.count('class="kc-g-cell"') == 4
    assert "<img" not in out and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in out
    assert "background:#0072b2" in out and "url(x)" not in out  # only a #rrggbb colour reaches the style
    assert glance.table_html([], {}, "vi") == ""
