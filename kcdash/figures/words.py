"""The words provincial khuyến công reports use for their figures: nouns of counts,
qualifiers, plan and result, funds, money that is not khuyến công's, rates, periods and datelines.
One place for the vocabulary `kcdash.figures.propose` reads them with."""

from __future__ import annotations

import re

COUNT_NOUNS = {
    "đề án": ("activity_count", "schemes"),
    "chương trình": ("activity_count", "programmes"),
    "lớp": ("activity_count", "classes"),
    **dict.fromkeys(("học viên", "lượt học viên", "lượt người", "lao động", "người", "cán bộ"), ("people", "people")),
    "cơ sở": ("establishments_supported", "establishments"),
    **dict.fromkeys(("cụm công nghiệp", "ccn"), ("clusters", "clusters")),
    "làng nghề": ("craft_villages", "craft villages"),
}
COUNT = re.compile(
    r"(?<![\d/.,])(?P<num>\d{1,3}(?:[.,]\d{3})+|\d+)\s+(?P<noun>"
    + "|".join(sorted((re.escape(n) for n in COUNT_NOUNS), key=len, reverse=True))
    + r")(?![\wÀ-ỹ])",
    re.IGNORECASE,
)

QUALIFIER_BEFORE = re.compile(r"(?<![\wÀ-ỹ])(?P<q>gần|xấp xỉ|trên|hơn|khoảng|chừng|ước khoảng|ước)\s+$", re.IGNORECASE)
QUALIFIERS = {
    **dict.fromkeys(("gần", "xấp xỉ"), "approximate_below"),
    **dict.fromkeys(("trên", "hơn"), "approximate_above"),
    **dict.fromkeys(("khoảng", "chừng", "ước khoảng"), "approximate"),
}

STATUS_WORDS = re.compile(
    r"(?<![\wÀ-ỹ])(?:ước thực hiện|ước đạt|ước tính|ước cả năm|ước|"
    r"kế hoạch|dự toán|được phê duyệt|phê duyệt|dự kiến|sẽ|phấn đấu|mục tiêu|được giao|đăng ký|đề xuất|đề nghị|"
    r"phân bổ|"
    r"đã thực hiện|đã hỗ trợ|đã tổ chức|đã đào tạo|đã giải ngân|giải ngân|thực hiện|đã|hoàn thành|kết quả)(?![\wÀ-ỹ])",
    re.IGNORECASE,
)


PLANNED_WORDS = ("kế hoạch", "dự toán", "được phê duyệt", "phê duyệt", "dự kiến", "sẽ", "phấn đấu", "mục tiêu", "được giao",
                 "đăng ký", "đề xuất", "đề nghị", "phân bổ", "được bố trí", "bố trí")  # fmt: skip
WEAK_DONE_WORDS = ("thực hiện", "giải ngân", "hoàn thành", "kết quả")
"""Verbs a plan uses as much as a result ("dự kiến thực hiện"): they say "done" only when no
stronger word precedes them in the sentence."""


def status_of(word: str) -> str:
    w = word.lower()
    if w.startswith("ước"):
        return "estimated"
    if w in PLANNED_WORDS:
        return "planned"
    return "done"


FUNDS = (
    ("kcqg", re.compile(r"khuyến công quốc gia|kc quốc gia|kcqg|trung ương|ngân sách nhà nước trung ương", re.I)),
    ("kcdp", re.compile(r"khuyến công địa phương|kc địa phương|kcđp|kcdp|ngân sách tỉnh|ngân sách địa phương", re.I)),
)

NOT_KHUYEN_CONG_MONEY = re.compile(
    r"đối ứng|thu hút|vốn đầu tư|tổng mức đầu tư|doanh thu|giá trị sản xuất|giá trị sản phẩm|kim ngạch|lợi nhuận|"
    r"nộp ngân sách|vốn vay|vay vốn|tín dụng|vốn tự có|xã hội hóa|huy động|thu nhập|lương|tiền công|"
    r"của doanh nghiệp|của các doanh nghiệp|của cơ sở|của các cơ sở|của người dân|nhân dân đóng góp",
    re.IGNORECASE,
)
"""Money in a report that is not khuyến công budget: the beneficiary's own share, investment
attracted, revenue, production value, loans, income."""

RATE_BEFORE = re.compile(
    r"(mức hỗ trợ|mức chi|định mức|đơn giá|tối đa|không quá|bình quân|trung bình|mỗi|một|/)\s*(là\s*)?$", re.IGNORECASE
)
RATE_AFTER = re.compile(
    r"^\s*(đồng\s*)?(/|mỗi\s|một\s+(cơ sở|đề án|lớp|người|học viên|tháng|năm|hộ)\b|cho mỗi|trên mỗi)", re.IGNORECASE
)

TRAINING = re.compile(r"đào tạo|tập huấn|truyền nghề|dạy nghề|học nghề|bồi dưỡng|nâng cao tay nghề|học viên", re.I)
JOBS = re.compile(r"việc làm|thu hút .{0,20}lao động", re.I)
VOCATIONAL = re.compile(r"đào tạo nghề|truyền nghề|dạy nghề|học nghề", re.I)
SUPPORT = re.compile(r"hỗ trợ|được hỗ trợ|thụ hưởng", re.I)
TOTAL = re.compile(r"\btổng\b|tổng cộng|tổng số|tổng kinh phí|tổng nguồn", re.I)
PART_LEAD = re.compile(r"trong đó|bao gồm|gồm|\(", re.I)

YEAR = r"(?:19[9]\d|20[0-4]\d)"
PERIOD_RANGE = re.compile(
    rf"(?:(?:giai đoạn|thời kỳ|từ năm|từ)\s*)?\(?(?P<a>{YEAR})\s*(?:[-–—]|đến(?: năm)?)\s*(?P<b>{YEAR})\)?", re.I
)
PERIOD_PART = re.compile(
    rf"(?<![\d/.,])(?P<n>6|9|sáu|chín) tháng(?! cuối)(?: đầu năm)?(?:\s+(?:năm\s+)?(?P<y>{YEAR}))?"
    rf"|(?:tính )?đến hết tháng (?P<n2>6|9)(?:/(?P<y3>{YEAR}))?"
    rf"|từ đầu năm(?:\s+(?P<y2>{YEAR}))?(?: đến nay)?",
    re.I,
)
PERIOD_YEAR = re.compile(
    rf"(?<!đến )(?<!tầm nhìn đến )(?<!tháng \d )(?<!tháng \d\d )\bnăm\s+(?P<y>{YEAR})\b(?![/\d])", re.I
)
PLAN_SENTENCE = re.compile(
    r"(?<![\wÀ-ỹ])(kế hoạch|dự kiến|phấn đấu|mục tiêu|dự toán|sẽ|đề xuất|đề nghị|năm tới|năm sau)(?![\wÀ-ỹ])", re.I
)
THIS_YEAR = re.compile(r"(?<![\wÀ-ỹ])năm (?:nay|tới|sau)(?![\wÀ-ỹ])", re.I)
DATELINE = re.compile(
    rf"ngày\s+(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})\s+năm\s+(?P<y>{YEAR})|(?P<d2>\d{{1,2}})/(?P<m2>\d{{1,2}})/(?P<y2>{YEAR})",
    re.I,
)
