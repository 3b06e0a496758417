"""The data contract: every table the dashboard reads, as code.

`data/README.md` documents the same contract for people: its tables are generated from this module
(`python -m kcdash.contract_doc`) and `tests/test_data_files.py` checks the two agree. Validation
(`kcdash.validate`), the importer (`kcdash.importer`) and the DuckDB views (`kcdash.db`) all read
their column lists from here, so a column is declared exactly once.
Nothing here names a province: a third province is a data change only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STAGES: tuple[str, ...] = ("planned", "established", "detailed_plan", "infrastructure", "operating")
"""Cluster stages in order; a cluster at stage k has also passed every stage before k."""

MEASURES: tuple[str, ...] = ("trainees", "new_jobs", "budget_million_vnd")
"""The measures the reports publish and the pages line up, as activities' columns (one list for
the cards, the compare page, the report and the queries' tests)."""

YEAR_MIN, YEAR_MAX = 1990, 2030
"""Plausible years for khuyến công records (the programme started in 2004)."""

TEXT_MAX_CHARS = 1000
"""The longest text a cell of the contract may hold: a record's title or a cluster's name is a
line, not a document, and every page view sends it (a 1 MB title made the records page 22 MB)."""


@dataclass(frozen=True)
class Column:
    name: str
    sql_type: str  # DuckDB type the column is cast to
    required: bool  # False: may be empty (= missing, never zero)
    vi: str  # header officials write in Vietnamese
    en: str  # English header
    unit: str = ""
    allowed: tuple[str, ...] = ()  # fixed allowed values
    ref: tuple[str, str] | None = None  # (table, column) the value must exist in
    min_value: float | None = None
    max_value: float | None = None
    aliases: tuple[str, ...] = ()  # other headers accepted on import
    description: str = ""
    added_later: bool = False  # a file written before the column existed reads it as empty
    max_chars: int = TEXT_MAX_CHARS  # text longer than this is refused (VARCHAR columns)


@dataclass(frozen=True)
class Table:
    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    kind: str  # "reference" | "records" | "facts"
    description: str = ""
    checks: tuple[str, ...] = field(default=())  # names of cross-column rules in kcdash.validate
    optional: bool = False  # a data folder without the file gets the table empty (older versions)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, sql_type: str, required: bool, vi: str, en: str, **kw: Any) -> Column:
    return Column(name, sql_type, required, vi, en, **kw)


PROVINCE_KINDS = ("province", "city")
"""Tỉnh, or thành phố trực thuộc trung ương (a centrally run city)."""

_YEAR = {"min_value": YEAR_MIN, "max_value": YEAR_MAX}
_SOURCE = _c("source", "VARCHAR", True, "Nguồn", "Source", aliases=("nguon so lieu",))
_ILLUSTRATIVE = _c(
    "is_illustrative",
    "BOOLEAN",
    True,
    "Số liệu minh họa",
    "Illustrative",
    aliases=("minh hoa", "Số liệu minh hoạ"),  # the new-style spelling officials may still write
    description="true for modelled rows that no source gives",
)

PROVINCES = Table(
    "provinces",
    ("province_code",),
    (
        _c("province_code", "VARCHAR", True, "Mã tỉnh", "Province code", description="GSO code"),
        _c("name_vi", "VARCHAR", True, "Tên tỉnh", "Province name (Vietnamese)"),
        _c("name_en", "VARCHAR", True, "Tên tiếng Anh", "Province name (English)"),
        _c(
            "kind",
            "VARCHAR",
            False,
            "Loại đơn vị",
            "Kind",
            allowed=PROVINCE_KINDS,
            added_later=True,
            description="province (tỉnh) or city (thành phố trực thuộc trung ương)",
        ),
        _c("region_vi", "VARCHAR", False, "Vùng", "Region (Vietnamese)"),
        _c("region_en", "VARCHAR", False, "Vùng (tiếng Anh)", "Region (English)"),
        _c("color_hex", "VARCHAR", False, "Màu hiển thị", "Display colour"),
        _c("display_order", "INTEGER", True, "Thứ tự", "Display order", min_value=0),
        _c(
            "province_2025_vi",
            "VARCHAR",
            False,
            "Tỉnh từ 01/7/2025",
            "Province since 1 July 2025 (Vietnamese)",
            added_later=True,
            description="the province it belongs to after the reorganisation (Resolution 202/2025/QH15)",
        ),
        _c(
            "province_2025_en",
            "VARCHAR",
            False,
            "Tỉnh từ 01/7/2025 (tiếng Anh)",
            "Province since 1 July 2025",
            added_later=True,
        ),
        _c("note_vi", "VARCHAR", False, "Ghi chú", "Note (Vietnamese)"),
        _c("note_en", "VARCHAR", False, "Ghi chú tiếng Anh", "Note (English)"),
    ),
    "reference",
    "The 63 provinces as they were before the 1 July 2025 reorganisation, each with the one of the 34 "
    "provinces it belongs to since.",
)

DISTRICTS = Table(
    "districts",
    ("district_code",),
    (
        _c("district_code", "VARCHAR", True, "Mã huyện", "District code", description="GSO code"),
        _c("province_code", "VARCHAR", True, "Mã tỉnh", "Province code", ref=("provinces", "province_code")),
        _c("name_vi", "VARCHAR", True, "Tên huyện", "District name (Vietnamese)"),
        _c("name_en", "VARCHAR", True, "Tên huyện (tiếng Anh)", "District name (English)"),
        _c("kind", "VARCHAR", True, "Loại đơn vị", "Kind", allowed=("city", "town", "district")),
        _c("kind_since_year", "INTEGER", False, "Loại từ năm", "Kind since year", **_YEAR),
        _c("previous_kind", "VARCHAR", False, "Loại trước đó", "Previous kind", allowed=("city", "town", "district")),
        _c("first_year", "INTEGER", True, "Năm thành lập", "First year", **_YEAR),
        _c("last_year", "INTEGER", True, "Năm cuối", "Last year", **_YEAR),
        _c("note_vi", "VARCHAR", False, "Ghi chú", "Note (Vietnamese)"),
    ),
    "reference",
    "District-level units before the 2025 reform, with the years each existed.",
    checks=("first_year_le_last_year",),
)

CRAFTS = Table(
    "crafts",
    ("craft_code",),
    (
        _c("craft_code", "VARCHAR", True, "Mã nghề", "Craft code"),
        _c("name_vi", "VARCHAR", True, "Tên nghề", "Craft (Vietnamese)"),
        _c("name_en", "VARCHAR", True, "Tên nghề (tiếng Anh)", "Craft (English)"),
        _c("group_vi", "VARCHAR", True, "Nhóm nghề", "Craft group (Vietnamese)"),
        _c("group_en", "VARCHAR", True, "Nhóm nghề (tiếng Anh)", "Craft group (English)"),
        _c("source", "VARCHAR", True, "Nguồn", "Source"),
    ),
    "reference",
)

ACTIVITY_TYPES = Table(
    "activity_types",
    ("activity_type_code",),
    (
        _c("activity_type_code", "VARCHAR", True, "Mã nội dung", "Activity category code"),
        _c("article_clause", "INTEGER", True, "Khoản", "Clause", min_value=1, max_value=9),
        _c("name_vi", "VARCHAR", True, "Nội dung khuyến công", "Activity category (Vietnamese)"),
        _c("name_en", "VARCHAR", True, "Nội dung (tiếng Anh)", "Activity category (English)"),
        _c("short_vi", "VARCHAR", True, "Tên ngắn", "Short name (Vietnamese)"),
        _c("short_en", "VARCHAR", True, "Tên ngắn (tiếng Anh)", "Short name (English)"),
        _c("legal_basis", "VARCHAR", True, "Căn cứ", "Legal basis"),
    ),
    "reference",
    "The nine contents of khuyến công in Decree 45/2012/NĐ-CP, Article 4.",
)

ACTIVITY_TYPE_MAP = Table(
    "activity_type_map",
    ("framework", "legacy_name_vi"),
    (
        _c("framework", "VARCHAR", True, "Văn bản", "Framework"),
        _c("legacy_name_vi", "VARCHAR", True, "Nội dung theo văn bản cũ", "Earlier category (Vietnamese)"),
        _c(
            "activity_type_code",
            "VARCHAR",
            True,
            "Tương ứng NĐ 45/2012",
            "Maps to",
            ref=("activity_types", "activity_type_code"),
        ),
    ),
    "reference",
    "How the categories of earlier reports map onto Decree 45/2012.",
)

FUNDS = Table(
    "funds",
    ("fund_code",),
    (
        _c("fund_code", "VARCHAR", True, "Mã nguồn", "Fund code"),
        _c("name_vi", "VARCHAR", True, "Nguồn kinh phí", "Fund (Vietnamese)"),
        _c("name_en", "VARCHAR", True, "Nguồn (tiếng Anh)", "Fund (English)"),
        _c("short_vi", "VARCHAR", True, "Viết tắt", "Abbreviation (Vietnamese)"),
        _c("short_en", "VARCHAR", True, "Viết tắt (tiếng Anh)", "Abbreviation (English)"),
        _c("color_hex", "VARCHAR", False, "Màu hiển thị", "Display colour"),
    ),
    "reference",
)

ACTIVITIES = Table(
    "activities",
    ("activity_id",),
    (
        _c("activity_id", "VARCHAR", True, "Mã đề án", "Activity ID", aliases=("ma hoat dong", "id", "ma")),
        _c(
            "province_code",
            "VARCHAR",
            True,
            "Tỉnh",
            "Province",
            ref=("provinces", "province_code"),
            aliases=("ma tinh", "tinh/thanh pho", "tinh thanh"),
        ),
        _c(
            "district_code",
            "VARCHAR",
            False,
            "Huyện",
            "District",
            ref=("districts", "district_code"),
            aliases=("ma huyen", "quan/huyen", "huyen/thi xa", "dia ban", "dia ban thuc hien", "dia diem thuc hien"),
            description="empty for province-wide work",
        ),
        _c("year", "INTEGER", True, "Năm", "Year", aliases=("nam thuc hien",), **_YEAR),
        _c(
            "activity_type_code",
            "VARCHAR",
            True,
            "Nội dung khuyến công",
            "Activity category",
            ref=("activity_types", "activity_type_code"),
            aliases=(
                "noi dung",
                "loai hoat dong",
                "activity type",
                "ma noi dung",
                "noi dung hoat dong",
                "noi dung ho tro",
                "noi dung khuyen cong theo nd 45",
            ),
        ),
        _c(
            "craft_code",
            "VARCHAR",
            False,
            "Ngành nghề",
            "Craft",
            ref=("crafts", "craft_code"),
            aliases=("nghe", "ma nghe", "nganh nghe"),
        ),
        _c(
            "fund_code",
            "VARCHAR",
            True,
            "Nguồn kinh phí",
            "Fund",
            ref=("funds", "fund_code"),
            aliases=("nguon von", "ma nguon", "nguon von ho tro", "nguon ngan sach"),
        ),
        _c(
            "budget_million_vnd",
            "DECIMAL(18,6)",
            False,
            "Kinh phí (triệu đồng)",
            "Budget (million VND)",
            unit="million VND",
            min_value=0,
            aliases=(
                "kinh phi",
                "kinh phi (trieu dong)",
                "kinh phi trieu dong",
                "budget",
                "kinh phi thuc hien",
                "tong kinh phi",
                "kinh phi ho tro",
                "so tien",
            ),
            description="exact to the đồng (6 decimals); files may give it in đồng or nghìn đồng",
        ),
        _c(
            "trainees",
            "INTEGER",
            False,
            "Số học viên",
            "Trainees",
            unit="people",
            min_value=0,
            aliases=(
                "hoc vien",
                "so lao dong duoc dao tao",
                "lao dong duoc dao tao",
                "so luong hoc vien",
                "so nguoi duoc dao tao",
                "so hoc vien duoc dao tao",
            ),
        ),
        _c(
            "new_jobs",
            "INTEGER",
            False,
            "Việc làm mới",
            "New jobs",
            unit="people",
            min_value=0,
            aliases=(
                "so viec lam moi",
                "lao dong co viec lam",
                "co viec lam",
                "so lao dong co viec lam",
                "so lao dong co viec lam moi",
                "viec lam tao moi",
            ),
            description="may exceed trainees: support other than training (e.g. a demonstration model) creates jobs too",
        ),
        _c(
            "title_vi",
            "VARCHAR",
            True,
            "Tên đề án",
            "Title",
            aliases=("ten hoat dong", "ten de an", "title", "ten de an noi dung", "ten chuong trinh", "ten lop"),
        ),
        _SOURCE,
        _ILLUSTRATIVE,
    ),
    "records",
    "One row per khuyến công scheme or activity (đề án).",
    checks=("district_in_province", "district_existed_in_year"),
)

CLUSTERS = Table(
    "clusters",
    ("cluster_id",),
    (
        _c("cluster_id", "VARCHAR", True, "Mã cụm", "Cluster ID", aliases=("ma ccn", "id")),
        _c("name_vi", "VARCHAR", True, "Tên cụm công nghiệp", "Cluster name", aliases=("ten ccn", "ten cum")),
        _c("province_code", "VARCHAR", True, "Tỉnh", "Province", ref=("provinces", "province_code")),
        _c("district_code", "VARCHAR", True, "Huyện", "District", ref=("districts", "district_code")),
        _c("stage", "VARCHAR", True, "Giai đoạn", "Stage", allowed=STAGES, aliases=("tinh trang",)),
        _c("planned_year", "INTEGER", False, "Năm quy hoạch", "Year planned", **_YEAR),
        _c("established_year", "INTEGER", False, "Năm thành lập", "Year established", **_YEAR),
        _c("detailed_plan_year", "INTEGER", False, "Năm duyệt QH chi tiết", "Year detailed plan approved", **_YEAR),
        _c("infrastructure_year", "INTEGER", False, "Năm xây dựng hạ tầng", "Year infrastructure began", **_YEAR),
        _c("operating_year", "INTEGER", False, "Năm đi vào hoạt động", "Year operating", **_YEAR),
        _c(
            "as_of_year",
            "INTEGER",
            True,
            "Năm của thông tin",
            "Information as of year",
            description="year the stage is known to have been reached by; used where a stage year is missing",
            **_YEAR,
        ),
        _c("area_ha", "DECIMAL(10,2)", False, "Diện tích (ha)", "Area (ha)", unit="ha", min_value=0, max_value=5000),
        _c(
            "occupancy_pct",
            "DECIMAL(5,1)",
            False,
            "Tỷ lệ lấp đầy (%)",
            "Occupancy (%)",
            unit="%",
            min_value=0,
            max_value=100,
        ),
        _SOURCE,
        _ILLUSTRATIVE,
    ),
    "records",
    "One row per industrial cluster (cụm công nghiệp, CCN).",
    checks=("district_in_province", "cluster_stage_years", "district_existed_in_stage_years"),
)

TARGETS = Table(
    "targets",
    ("target_id",),
    (
        _c("target_id", "VARCHAR", True, "Mã mục tiêu", "Target ID"),
        _c("province_code", "VARCHAR", True, "Tỉnh", "Province", ref=("provinces", "province_code")),
        _c("metric", "VARCHAR", True, "Chỉ tiêu", "Metric", allowed=("clusters_per_district",)),
        _c("value", "DECIMAL(10,2)", True, "Giá trị", "Value", min_value=0),
        _c("stage", "VARCHAR", True, "Giai đoạn tối thiểu", "Minimum stage", allowed=STAGES),
        _c("target_year", "INTEGER", False, "Năm đích", "Target year", **_YEAR),
        _c("source_file", "VARCHAR", False, "Tệp nguồn", "Source file"),
        _c("quote", "VARCHAR", False, "Trích dẫn", "Quote"),
        _c("note_vi", "VARCHAR", False, "Ghi chú", "Note (Vietnamese)"),
        _c("note_en", "VARCHAR", False, "Ghi chú tiếng Anh", "Note (English)"),
        _ILLUSTRATIVE,
    ),
    "facts",
)

PUBLISHED_METRICS = (
    "new_jobs",
    "trainees",
    "budget_million_vnd",
    "activity_count",
    "clusters_per_district_goal",
    "craft_villages",
    "centre_founded_year",
    "detailed_plan_clusters",
    "establishments_supported",
    "clusters_supported",
)
"""Metrics a published figure can state. The first four are reconciled against record sums."""

QUALIFIERS = ("exact", "approximate_below", "approximate_above", "approximate", "not_reported")
"""exact; gần / xấp xỉ (nearly: just under); trên / hơn (more than); khoảng (about); no value."""

FIGURE_STATUSES = ("done", "estimated", "planned")
"""đã thực hiện (done), ước thực hiện (estimated), kế hoạch / dự toán / được phê duyệt (planned)."""

PERIOD_PARTS = ("6_months", "9_months", "year_to_date")
"""A figure for part of a year: 6 tháng đầu năm, 9 tháng đầu năm, từ đầu năm đến nay."""

PUBLISHED_FIGURES = Table(
    "published_figures",
    ("figure_id",),
    (
        _c("figure_id", "VARCHAR", True, "Mã số liệu", "Figure ID"),
        _c("province_code", "VARCHAR", True, "Tỉnh", "Province", ref=("provinces", "province_code")),
        _c("period_from_year", "INTEGER", False, "Từ năm", "From year", **_YEAR),
        _c("period_to_year", "INTEGER", False, "Đến năm", "To year", **_YEAR),
        _c("period_label", "VARCHAR", False, "Thời kỳ", "Period"),
        _c("metric", "VARCHAR", True, "Chỉ tiêu", "Metric", allowed=PUBLISHED_METRICS),
        _c("fund_code", "VARCHAR", False, "Nguồn kinh phí", "Fund", ref=("funds", "fund_code")),
        _c(
            "activity_type_code",
            "VARCHAR",
            False,
            "Nội dung khuyến công",
            "Activity category",
            ref=("activity_types", "activity_type_code"),
        ),
        _c("craft_code", "VARCHAR", False, "Ngành nghề", "Craft", ref=("crafts", "craft_code")),
        _c("district_code", "VARCHAR", False, "Huyện", "District", ref=("districts", "district_code")),
        _c("value", "DECIMAL(14,1)", False, "Giá trị", "Value", description="empty when not reported"),
        _c("unit", "VARCHAR", True, "Đơn vị", "Unit"),
        _c("qualifier", "VARCHAR", True, "Mức chính xác", "Qualifier", allowed=QUALIFIERS),
        _c("label_vi", "VARCHAR", True, "Mô tả", "Label (Vietnamese)"),
        _c("label_en", "VARCHAR", True, "Mô tả tiếng Anh", "Label (English)"),
        _c("source_file", "VARCHAR", True, "Tệp nguồn", "Source file"),
        _c("quote", "VARCHAR", False, "Trích dẫn", "Quote"),
        _c(
            "status",
            "VARCHAR",
            False,
            "Tình trạng",
            "Status",
            allowed=FIGURE_STATUSES,
            added_later=True,
            description="done, estimated or planned; empty when not reported",
        ),
        _c(
            "period_part",
            "VARCHAR",
            False,
            "Phần của năm",
            "Part of the year",
            allowed=PERIOD_PARTS,
            added_later=True,
            description="empty: the whole period",
        ),
        _c(
            "part_of",
            "VARCHAR",
            False,
            "Thuộc tổng",
            "Part of",
            added_later=True,
            description="figure_id of the total this figure is a part of",
        ),
        _c("note_vi", "VARCHAR", False, "Ghi chú", "Note (Vietnamese)", added_later=True),
        _c("note_en", "VARCHAR", False, "Ghi chú tiếng Anh", "Note (English)", added_later=True),
    ),
    "facts",
    "Every figure the source reports give, and rows saying what they do not give.",
    checks=("value_present_unless_not_reported", "period_ordered"),
)

SOURCES = Table(
    "sources",
    ("source_file",),
    (
        _c("source_file", "VARCHAR", True, "Tệp nguồn", "Source file", description="file the text is kept in"),
        _c("province_code", "VARCHAR", False, "Tỉnh", "Province", ref=("provinces", "province_code")),
        _c("title_vi", "VARCHAR", False, "Tiêu đề (nguyên văn)", "Title as written", description="empty: none"),
        _c(
            "cited_title_vi",
            "VARCHAR",
            True,
            "Tên để trích dẫn",
            "Title to cite (Vietnamese)",
            description="the title as written, else a supplied title in [square brackets]",
        ),
        _c("cited_title_en", "VARCHAR", True, "Tên để trích dẫn (tiếng Anh)", "Title to cite (English)"),
        _c("title_is_supplied", "BOOLEAN", True, "Tiêu đề do bảng theo dõi đặt", "Title supplied"),
        _c("headings_vi", "VARCHAR", False, "Đề mục", "Headings", description="section headings, as written"),
        _c("author_vi", "VARCHAR", False, "Tác giả", "Author", description="as signed"),
        _c("issuing_body_vi", "VARCHAR", False, "Cơ quan", "Issuing body (Vietnamese)"),
        _c("issuing_body_en", "VARCHAR", False, "Cơ quan (tiếng Anh)", "Issuing body (English)"),
        _c("place_vi", "VARCHAR", False, "Địa bàn", "Place (Vietnamese)"),
        _c("place_en", "VARCHAR", False, "Địa bàn (tiếng Anh)", "Place (English)"),
        _c("period_label", "VARCHAR", False, "Giai đoạn", "Period"),
        _c("period_from_year", "INTEGER", False, "Từ năm", "From year", **_YEAR),
        _c("period_to_year", "INTEGER", False, "Đến năm", "To year", **_YEAR),
        _c("date_published", "DATE", False, "Ngày đăng", "Date published", description="empty: not given"),
        _c(
            "not_before_year",
            "INTEGER",
            False,
            "Viết không sớm hơn năm",
            "Written not before",
            **_YEAR,
            description="inferred from the period the text covers",
        ),
        _c("kind_vi", "VARCHAR", False, "Loại văn bản", "Kind (Vietnamese)"),
        _c("kind_en", "VARCHAR", False, "Loại văn bản (tiếng Anh)", "Kind (English)"),
        _c("note_vi", "VARCHAR", False, "Ghi chú", "Note (Vietnamese)"),
        _c("note_en", "VARCHAR", False, "Ghi chú tiếng Anh", "Note (English)"),
        _c("url", "VARCHAR", False, "Địa chỉ web", "Web address", added_later=True),
    ),
    "reference",
    "The source documents: the title to cite (as written, or supplied in [brackets] when the kept "
    "copy has none), author, issuing body, place, period and the file each is kept in.",
    optional=True,
)

DOCUMENT_MAX_CHARS = 40_000_000
"""A kept report: a file of up to 20 MB as base64, or its text (kcdash.figures.read limits both first)."""

SOURCE_DOCUMENTS = Table(
    "source_documents",
    ("source_file",),
    (
        _c("source_file", "VARCHAR", True, "Tệp nguồn", "Source file", ref=("sources", "source_file")),
        _c("file_name", "VARCHAR", True, "Tên tệp gốc", "Original file name"),
        _c("media_type", "VARCHAR", True, "Loại tệp", "Media type"),
        _c("sha256", "VARCHAR", True, "Mã băm SHA-256", "SHA-256"),
        _c(
            "content_base64",
            "VARCHAR",
            True,
            "Nội dung tệp (base64)",
            "File content (base64)",
            max_chars=DOCUMENT_MAX_CHARS,
        ),
        _c(
            "text",
            "VARCHAR",
            True,
            "Văn bản đọc được",
            "Text read",
            description="what the quotes are taken from",
            max_chars=DOCUMENT_MAX_CHARS,
        ),
        _c("added_by", "VARCHAR", False, "Người nhập", "Added by"),
        _c("added_at", "VARCHAR", False, "Thời điểm nhập", "Added at", description="ISO 8601, UTC"),
    ),
    "reference",
    "A report a steward read figures from: the file as uploaded and the text its quotes come from.",
    optional=True,
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        PROVINCES,
        DISTRICTS,
        CRAFTS,
        ACTIVITY_TYPES,
        ACTIVITY_TYPE_MAP,
        FUNDS,
        TARGETS,
        PUBLISHED_FIGURES,
        SOURCES,
        SOURCE_DOCUMENTS,
        ACTIVITIES,
        CLUSTERS,
    )
}
"""All tables, in load order: a table's references point only to tables before it."""

RECORD_TABLES = ("activities", "clusters")
