"""The Vietnamese words an official would sign: one term per concept (docs/TERMS.md), the
official citation style, today's legal frame, and each message a reading as an official found
wrong, held to its new wording in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kcdash.i18n import CATALOGUES, t

TERMS = Path(__file__).resolve().parent.parent / "docs" / "TERMS.md"


def rejected_patterns() -> dict[str, list[re.Pattern[str]]]:
    """The glossary's table: concept -> the patterns its last column rejects."""
    out: dict[str, list[re.Pattern[str]]] = {}
    for line in TERMS.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) != 3 or cells[0] in ("concept", "---"):
            continue
        spans = re.findall(r"`([^`]+)`", cells[2])
        out[cells[0]] = [re.compile(s.replace("\\|", "|"), re.IGNORECASE) for s in spans]
    return out


def offending(messages: dict[str, str]) -> dict[str, list[str]]:
    """Messages holding a rejected word: key -> the patterns found ({placeholders} kept, since
    "{rows} dòng" is as wrong as "25 dòng")."""
    found: dict[str, list[str]] = {}
    for concept_patterns in rejected_patterns().values():
        for pattern in concept_patterns:
            for key, text in messages.items():
                if pattern.search(text):
                    found.setdefault(key, []).append(pattern.pattern)
    return found


def test_the_glossary_lists_a_term_and_its_rejected_synonyms_per_concept() -> None:
    patterns = rejected_patterns()
    assert len(patterns) >= 12
    assert all(patterns.values()), [c for c, p in patterns.items() if not p]


def test_no_rejected_synonym_in_the_vietnamese_messages() -> None:
    assert offending(CATALOGUES["vi"]) == {}


@pytest.mark.parametrize(
    "text",
    [
        "Kinh phí theo nội dung và nguồn vốn",
        "Kinh phí theo năm và nguồn",
        "Tìm trong tên hoặc mã hoạt động",
        "Việc làm mới / học viên (%)",
        "Kinh phí bình quân một học viên",
        "Số dòng mỗi trang",
        "Trang (trong {pages} trang, {rows} dòng)",
        "Số đo trên bản đồ",
        "mục Số liệu đã công bố",
        "mục tiêu «mỗi huyện 01 cụm»",
        "trước cải cách năm 2025",
        "mã hóa {encoding}",
        "Theo Nghị định 45/2012",
        "QĐ 136/2007/QĐ-TTg",
        "Tổng của chúng chỉ khớp",
    ],
)
def test_the_glossary_test_catches_each_old_wording(text: str) -> None:
    """The wordings this pass replaced: each would fail the test above."""
    assert offending({"x": text}), text


def test_citations_in_the_official_style() -> None:
    cited = re.compile(r"(?:Nghị định|Quyết định|Nghị quyết|Thông tư) số \d+/\d{4}/[A-ZĐ\-]+")
    vi = CATALOGUES["vi"]
    assert cited.search(vi["sources.activity_types_title"]).group(0) == "Nghị định số 45/2012/NĐ-CP"  # type: ignore[union-attr]
    assert "Quyết định số 136/2007/QĐ-TTg, Nghị định số 134/2004/NĐ-CP" in vi["sources.activity_map_title"]
    assert "(Nghị định số 30/2020/NĐ-CP)" in vi["report.button_help"]


def test_todays_legal_frame_in_the_glossary_and_the_data_page() -> None:
    for key in ("glossary.can_cu.meaning", "sources.legal_frame"):
        vi, en = t(key, "vi"), t(key, "en")
        assert "được sửa đổi, bổ sung bởi Nghị định số 235/2025/NĐ-CP ngày 27/8/2025" in vi
        assert "giai đoạn 2026–2030" in vi and "Quyết định số 2646/QĐ-BCT ngày 23/9/2025" in vi
        assert "Nghị định số 134/2004/NĐ-CP" in vi  # an older report keeps its own frame
        assert "Decree 235/2025/NĐ-CP of 27 August 2025" in en and "Decision 2646/QĐ-BCT" in en
    assert "can_cu" in (Path(__file__).resolve().parent.parent / "pages" / "data_sources.py").read_text()


# ---- each message found wrong, in its new words (vi, and en kept in step) ---------------------

FIXED = [
    # ratio that can pass 100: not "học viên có việc làm", not "% số học viên"
    (
        "glossary.viec_lam_moi.meaning",
        {},
        "Số lao động có việc làm mới nhờ đề án (học viên sau đào tạo và người được nhận thêm vào làm), "
        "theo báo cáo của đề án; có thể nhiều hơn số học viên.",
        "can exceed the number of trainees",
    ),
    (
        "report.training_line",
        {"years": "2007–2012", "trainees": "3.696 người", "jobs": "3.530 người", "per100": "95,5"},
        "giai đoạn 2007–2012, 3.696 người được đào tạo; 3.530 người có việc làm mới "
        "(95,5 việc làm mới trên 100 học viên).",
        "95,5 new jobs per 100 trainees",
    ),
    ("measure.jobs_per_trainee", {}, "Việc làm mới trên 100 học viên", "New jobs per 100 trainees"),
    ("col.jobs_per_trainee_pct", {}, "Việc làm mới trên 100 học viên", "New jobs per 100 trainees"),
    ("section.training_per_trainee", {}, "Việc làm mới trên 100 học viên", "New jobs per 100 trainees"),
    # illustrative records agree with a report only where a report gives the figure
    (
        "glossary.minh_hoa.meaning",
        {},
        "Bản ghi do chương trình mô phỏng, không phải số liệu thật. Tổng của các bản ghi chỉ khớp với "
        "số công bố ở những chỉ tiêu báo cáo có nêu.",
        "only for the measures a report gives",
    ),
    (
        "report.scope_illustrative",
        {"n": "142", "total": "148"},
        "Lưu ý: 142/148 bản ghi đề án trong phạm vi báo cáo là số liệu minh họa, do chương trình mô phỏng. "
        "Tổng của các bản ghi này chỉ khớp với số công bố ở những chỉ tiêu báo cáo có nêu. "
        "Mọi bảng và biểu đồ lập từ các bản ghi này đều ghi rõ “minh họa”.",
        "only for the measures a report gives",
    ),
    ("tilemap.thousands", {"n": "35,3"}, "35,3 nghìn", "35,3k"),
    ("tilemap.millions", {"n": "2,3"}, "2,3 triệu", "2,3M"),
    ("tilemap.billion_vnd", {"n": "35,3"}, "35,3 tỷ", "35,3bn"),
    (
        "imp.note_detected",
        {"format": "CSV", "encoding": "CP1258", "delimiter": ";", "decimal": ",", "rows": "8", "table": "activities"},
        "Đã đọc: CSV, bảng mã CP1258, dấu phân cách “;”, dấu thập phân “,”, 8 hàng dữ liệu, bảng activities.",
        "character encoding CP1258",
    ),
    ("console.title", {}, "Trang quản trị dữ liệu", "Data administration"),
    (
        "report.compare_many",
        {"n": "63", "max": "8"},
        "Báo cáo gồm 63 tỉnh: bảng so sánh các tỉnh cạnh nhau chỉ lập khi chọn từ 2 đến 8 tỉnh; "
        "các bảng trên đã ghi tổng của các tỉnh.",
        "side by side",
    ),
    (
        "clusters.historical",
        {},
        "Số huyện là số đơn vị cấp huyện có trong từng năm, trước khi sắp xếp đơn vị hành chính năm 2025 "
        "(từ 01/7/2025 không còn cấp huyện). Đây là số liệu lịch sử.",
        "reorganisation of administrative units",
    ),
    (
        "glossary.lang_nghe.meaning",
        {},
        "Làng, thôn, bản, ấp… có nhiều hộ cùng làm một nghề, được Ủy ban nhân dân tỉnh công nhận theo tiêu chí "
        "của Nghị định số 52/2018/NĐ-CP về phát triển ngành nghề nông thôn.",
        "recognised by the provincial People's Committee",
    ),
    (
        "glossary.huyen.meaning",
        {},
        "Đơn vị hành chính cấp huyện (huyện, quận, thị xã, thành phố thuộc tỉnh, thành phố thuộc thành phố "
        "trực thuộc trung ương) trước khi sắp xếp đơn vị hành chính năm 2025; từ 01/7/2025 không còn cấp huyện.",
        "urban district",
    ),
    ("report.number_line", {"kind": "BC", "abbr": "SCT"}, "Số:        /BC-SCT", "/BC-SCT"),
    (
        "report.source_title",
        {"title": "[Tên]", "issuer": "Sở Công Thương Bạc Liêu"},
        "Nguồn: [Tên], Sở Công Thương Bạc Liêu.",
        "Source: [Tên], Sở Công Thương Bạc Liêu.",
    ),
    ("report.signer_name", {}, "[Họ và tên người ký]", "[Name of the signer]"),
    ("report.draft_mark", {}, "DỰ THẢO", "DRAFT"),
    ("report.s_published", {}, "Số liệu công bố", "Published figures"),
    ("report.s_per_trainee", {}, "Kinh phí bình quân mỗi học viên", "Budget per trainee"),
    ("map.measure", {}, "Chỉ tiêu trên bản đồ và bảng xếp hạng", "Measure on the map and ranking"),
    ("chart.target", {"province": "Điện Biên"}, "Mục tiêu Điện Biên: mỗi huyện một cụm", "one cluster per district"),
    ("sources.showing", {"first": "1", "last": "25", "total": "148"}, "Hàng 1–25 trong 148 bản ghi", "Rows 1–25"),
    (
        "banner.illustrative",
        {"n": "1", "total": "2"},
        "Số liệu theo từng đề án ở trang này là số liệu MINH HỌA (1/2 bản ghi), do chương trình mô phỏng. "
        "Tổng các bản ghi chỉ khớp với số công bố ở những chỉ tiêu báo cáo có nêu (xem bảng đối chiếu ở trang "
        "“Dữ liệu & nguồn”). Các chỉ tiêu báo cáo không nêu (số học viên, kinh phí địa phương, kinh phí mỗi học "
        "viên, số huyện có cụm) hoàn toàn là minh họa. Chỉ số liệu công bố (có trích dẫn và tên báo cáo) là số "
        "liệu thật.",
        "only for the measures a report gives",
    ),
]


@pytest.mark.parametrize(("key", "params", "vi", "en"), FIXED, ids=[f[0] for f in FIXED])
def test_fixed_message(key: str, params: dict[str, str], vi: str, en: str) -> None:
    assert t(key, "vi", **params) == vi
    assert en in t(key, "en", **params)


def test_notices_have_no_sentence_over_35_words() -> None:
    """Notices an official reads at a glance; the page questions and the glossary's legal frame
    (a list of citations) are longer by nature."""
    long_allowed = {"question.overview", "question.data_sources", "glossary.can_cu.meaning", "sources.legal_frame"}
    over = {}
    for key, text in CATALOGUES["vi"].items():
        if key in long_allowed:
            continue
        for sentence in re.split(r"(?<=[.;:?])\s+", text):
            if len(sentence.split()) > 35:
                over[key] = sentence
    assert over == {}
