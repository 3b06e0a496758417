"""Cards of one province, published figures first (kcdash.cards), and units as they were in a
year (kcdash.units): pure functions, checked on small frames built here."""

from __future__ import annotations

import pandas as pd

from kcdash import cards, units

PUBLISHED = pd.DataFrame(
    [
        # figure_id, province, from, to, metric, fund, value, unit, qualifier, label, file, quote
        ("j", "11", 2007, 2012, "new_jobs", None, 3530.0, "people", "exact", "Việc làm", "a.txt", "3.530 lao động"),
        (
            "b",
            "11",
            2007,
            2012,
            "budget_million_vnd",
            "kcqg",
            4000.0,
            "million VND",
            "approximate_below",
            "KCQG",
            "a.txt",
            "gần 4 tỷ đồng",
        ),
        ("t", "11", 2007, 2012, "trainees", None, None, "people", "not_reported", "Học viên", "a.txt", None),
        (
            "p",
            "11",
            None,
            2012,
            "detailed_plan_clusters",
            None,
            1.0,
            "clusters",
            "exact",
            "Quy hoạch chi tiết (chú thích ảnh)",
            "a.txt",
            "Quy hoạch chi tiết cụm",
        ),
    ],
    columns=[
        "figure_id",
        "province_code",
        "period_from_year",
        "period_to_year",
        "metric",
        "fund_code",
        "value",
        "unit",
        "qualifier",
        "label_vi",
        "source_file",
        "quote",
    ],
).assign(label_en=lambda d: d["label_vi"])
RECON = pd.DataFrame(
    [("j", "11", "people", 3530.0, 100, 100, "match"), ("b", "11", "million VND", 3960.0, 40, 40, "consistent")],
    columns=["figure_id", "province_code", "unit", "record_value", "record_count", "illustrative_count", "status"],
)
SOURCES = pd.DataFrame({"source_file": ["a.txt"], "cited_title_vi": ["[Báo cáo A]"], "cited_title_en": ["[Report A]"]})
TARGETS = pd.DataFrame(
    {
        "province_code": ["11"],
        "is_illustrative": [False],
        "quote": ["Phấn đấu mỗi huyện 01 cụm"],
        "source_file": ["a.txt"],
        "note_vi": [None],
        "note_en": [None],
    }
)
KPIS = pd.Series(
    {
        "activity_count": 200,
        "illustrative_count": 200,
        "trainees": 4026,
        "new_jobs": 3818,
        "budget_million_vnd": 8103.2,
        "budget_per_trainee_million_vnd": 0.95,
    }
)
COUNTS = pd.Series(
    {
        "cluster_count": 10,
        "illustrative_count": 9,
        "districts_with_cluster": 3,
        "districts_total": 10,
        "share_pct": 30.0,
        "year": 2012,
    }
)


def build(mode: str = "all", counts: pd.Series | None = COUNTS, kpis: pd.Series = KPIS) -> dict[str, cards.Card]:
    pc = cards.province_cards(
        "11",
        "Điện Biên",
        kpis=kpis,
        year_from=2007,
        year_to=2012,
        years_chosen=False,
        published=PUBLISHED,
        recon=RECON,
        cluster_counts=counts,
        targets=TARGETS,
        sources=SOURCES,
        fund_names={"kcqg": "KCQG"},
        mode=mode,
        lang="vi",
    )
    return {c.measure: c for c in pc.cards}


def test_published_figure_is_the_headline_records_second_and_marked():
    c = build()["new_jobs"]
    assert (c.headline, c.headline_label, c.published) == ("3.530 người", "Công bố 2007–2012", True)
    assert c.source == "nguồn: [Báo cáo A]"  # the report's title, not its file name
    assert c.records is not None and c.records.illustrative
    assert c.records.value == "3.818" and c.records.label == "Tổng bản ghi minh họa 2007–2012"
    assert c.records.reconciliation == "Đối chiếu với bản ghi minh họa cùng kỳ 2007–2012: 3.530 người · khớp"


def test_approximate_figure_in_its_own_words():
    c = build()["budget_million_vnd"]
    assert c.headline == "gần 4 tỷ đồng"  # regression: "gần 4.000 triệu đồng (4,00 tỷ đồng)"
    assert c.headline_label == "Công bố 2007–2012 · KCQG"
    assert c.records is not None and "mọi nguồn kinh phí" in c.records.label  # all funds, not KCQG alone


def test_not_reported_headline_says_so_and_records_are_marked():
    c = build()["trainees"]
    assert (c.headline, c.published) == ("chưa có số liệu (báo cáo không nêu)", False)
    assert c.records is not None and c.records.illustrative and c.records.value == "4.026"


def test_published_mode_shows_no_illustrative_number():
    built = build("published")
    for c in built.values():
        assert c.records is None, c.measure
        assert "4.026" not in c.headline and "3/10" not in c.headline
    assert built["new_jobs"].records_note == "Tổng bản ghi minh họa không hiện ở chế độ “Chỉ số liệu công bố”."
    assert built["new_jobs"].headline == "3.530 người"


def test_published_mode_shows_real_records():
    real = KPIS.copy()
    real["illustrative_count"] = 0
    c = build("published", kpis=real)["new_jobs"]
    assert c.records is not None and not c.records.illustrative and c.records.label == "Tổng bản ghi 2007–2012"


def test_cluster_counts_have_their_own_warning():
    c = build()["clusters"]
    assert c.headline == "chưa có số liệu (báo cáo không nêu)"  # no report gives the count
    assert c.records is not None and c.records.value == "3/10 huyện" and c.records.illustrative
    assert c.warnings and "minh họa" in c.warnings[0]
    assert any("chú thích ảnh" in line for line in c.lines)  # the Đông Nam plan: a caption only


def test_missing_cluster_list_is_no_data_never_zero():
    no_list = pd.Series(
        {
            "cluster_count": 0,
            "illustrative_count": 0,
            "districts_with_cluster": None,
            "districts_total": 7,
            "share_pct": None,
            "year": 2013,
        }
    )
    for counts in (no_list, None):
        c = build(counts=counts)["clusters"]
        assert c.records is None
        assert c.records_note.startswith("Số huyện có cụm: chưa có số liệu")
        assert "0/7" not in c.records_note and "0,0" not in c.records_note


def test_period_note_names_the_years_no_report_covers():
    assert cards.period_note(2007, 2013, (2008, 2013), True, "vi").startswith(
        "Bộ lọc 2007–2013 gồm năm không có báo cáo nào nói đến: 2007"
    )
    assert cards.period_note(2008, 2013, (2008, 2013), False, "vi") == (
        "Tổng bản ghi trên các ô tính cho đúng kỳ báo cáo 2008–2013."
    )
    assert cards.records_years(2006, 2014, [(2007, 2012)]) == [2006, 2013, 2014]


def test_unit_kind_by_year():
    # Bạc Liêu: thị xã until 2010, city from 2010; Giá Rai: huyện until 2015
    assert units.unit_label_in_year("Bạc Liêu", "city", 2010, "town", 2008, "vi") == "TX Bạc Liêu"
    assert units.unit_label_in_year("Bạc Liêu", "city", 2010, "town", 2010, "vi") == "TP Bạc Liêu"
    assert units.unit_label_in_year("Giá Rai", "town", 2015, "district", 2013, "vi") == "huyện Giá Rai"
    assert units.unit_label_in_year("Giá Rai", "town", 2015, "district", 2016, "vi") == "TX Giá Rai"
    assert units.unit_label("Điện Biên", "district", "vi") == "huyện Điện Biên"  # not the province
    assert units.unit_label("TP Điện Biên Phủ", "city", "vi") == "TP Điện Biên Phủ"
    assert units.unit_label("Bac Lieu City", "town", "en") == "Bac Lieu Town"
    assert units.kind_in_year("district", None, None, 1990) == "district"
