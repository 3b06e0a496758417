"""The compare page's logic (kcdash.comparison) on small frames written by hand: what a reader
of "So sánh" sees in the published table, the notes and the aligned table."""

from __future__ import annotations

import pandas as pd

from kcdash import comparison
from kcdash.i18n import t

KPIS = pd.DataFrame(
    {
        "province_code": ["11", "95"],
        "name_vi": ["Điện Biên", "Bạc Liêu"],
        "name_en": ["Dien Bien", "Bac Lieu"],
        "illustrative_count": [5, 0],
    }
)
FUNDS = pd.DataFrame({"fund_code": ["kcqg", "kcdp"], "short_vi": ["KCQG", "KCĐP"], "short_en": ["National", "Local"]})


def _figure(
    code: str, metric: str, fund: str | None, value: float | None, qualifier: str, years: tuple[int, int]
) -> dict:
    return {
        "province_code": code,
        "metric": metric,
        "fund_code": fund,
        "value": value,
        "unit": "people" if metric != "budget_million_vnd" else "million VND",
        "qualifier": qualifier,
        "period_from_year": years[0],
        "period_to_year": years[1],
    }


PUBLISHED = pd.DataFrame(
    [
        _figure("11", "new_jobs", None, 3530, "exact", (2007, 2012)),
        _figure("11", "budget_million_vnd", "kcqg", 4000, "approximate_below", (2007, 2012)),
        _figure("95", "budget_million_vnd", None, 6788.9, "exact", (2008, 2013)),
        _figure("95", "budget_million_vnd", "kcqg", 4020, "exact", (2008, 2013)),
        _figure("95", "new_jobs", None, None, "not_reported", (2008, 2013)),
    ]
)
PERIODS = pd.DataFrame(
    {
        "province_code": ["11", "95"],
        "period_from_year": [2007, 2008],
        "period_to_year": [2012, 2013],
    }
)


def test_published_side_by_side_in_the_reports_words() -> None:
    out = comparison.published_side_by_side(KPIS, PUBLISHED, FUNDS, "vi", "Chỉ tiêu")
    assert out.rows == [
        {
            "Chỉ tiêu": "Kinh phí",
            "Điện Biên": "chưa có số liệu",  # Điện Biên's report gives no total budget
            "Bạc Liêu": "6.788,9 triệu đồng (6,79 tỷ đồng) (2008–2013)",
        },
        {
            "Chỉ tiêu": "Kinh phí · KCQG",
            "Điện Biên": "gần 4 tỷ đồng (2007–2012)",  # "nearly", without decimals the report lacks
            "Bạc Liêu": "4.020 triệu đồng (4,02 tỷ đồng) (2008–2013)",
        },
        {
            "Chỉ tiêu": "Việc làm mới",
            "Điện Biên": "3.530 người (2007–2012)",
            "Bạc Liêu": "chưa có số liệu (báo cáo không nêu)",  # not reported: said, never 0
        },
    ]
    # what one side publishes and the other not is named for the reader
    assert out.missing == {"Điện Biên": ["Kinh phí"], "Bạc Liêu": ["Việc làm mới"]}
    english = comparison.published_side_by_side(KPIS, PUBLISHED, FUNDS, "en", "Measure")
    assert english.rows[1] == {
        "Measure": "Budget · National",
        "Dien Bien": "nearly 4 billion VND (2007–2012)",
        "Bac Lieu": "4,020 million VND (4.02 billion VND) (2008–2013)",
    }


def test_notes_say_the_periods_differ_and_who_publishes_nothing() -> None:
    aligned = KPIS.assign(trainees=[90.0, None])
    for col, _, _ in comparison.ALIGNED:
        if col not in aligned:
            aligned[col] = 1.0
    notes = comparison.notes(KPIS, aligned, PERIODS, {"Bạc Liêu": ["Việc làm mới"]}, "vi")
    assert any("2007–2012" in n and "2008–2013" in n for n in notes)
    assert any("Bạc Liêu" in n and "Việc làm mới" in n for n in notes)
    assert any(n.startswith("Bạc Liêu") and "“Học viên”" in n for n in notes)  # trainees on one side only
    assert len(notes) == 3
    one = comparison.notes(KPIS.iloc[:1], aligned.iloc[:1], PERIODS.iloc[:1], {}, "vi")
    assert one == []  # one province: nothing to compare against, no note
    nothing = comparison.notes(KPIS, aligned, PERIODS.iloc[:1], {}, "en")
    assert any(n.startswith("Bac Lieu: the reports publish no") for n in nothing)
    assert not any("different periods" in n for n in nothing)  # one report period: nothing differs


def test_dozens_of_provinces_without_published_figures_are_named_in_one_note() -> None:
    """A national choice: two provinces the reports cover and six they do not. One sentence names
    the six, and none of them gets a second note per measure it lacks."""
    others = [(f"{n:02d}", f"Tỉnh {n}") for n in range(20, 26)]
    kpis = pd.concat(
        [KPIS, pd.DataFrame({"province_code": [c for c, _ in others], "name_vi": [n for _, n in others]})],
        ignore_index=True,
    )
    aligned = kpis.copy()
    for col, _, _ in comparison.ALIGNED:
        aligned[col] = 1.0
    missing = {"Bạc Liêu": ["Việc làm mới"], **{n: ["Việc làm mới", "Kinh phí"] for _, n in others}}
    notes = comparison.notes(kpis, aligned, PERIODS, missing, "vi")
    grouped = [n for n in notes if n.startswith("6 tỉnh không có số công bố")]
    assert len(grouped) == 1 and all(name in grouped[0] for _, name in others)
    assert not any(n.startswith("Tỉnh 2") for n in notes)  # no note per province, no note per measure
    periods = next(n for n in notes if "2007–2012" in n)
    assert "Bạc Liêu: 2008–2013" in periods and "Tỉnh" not in periods  # only the provinces that publish
    assert any(n.startswith("Bạc Liêu") and "Việc làm mới" in n for n in notes)  # a covered province's gap stays
    assert len(notes) == 3  # periods differ, the six together, Bạc Liêu's missing figure
    five = comparison.notes(kpis.iloc[:7], aligned.iloc[:7], PERIODS, {}, "vi")
    assert sum("báo cáo không công bố" in n for n in five) == 5  # up to five: one note each


def test_aligned_table_marks_illustrative_cells_and_keeps_missing_as_no_data() -> None:
    aligned = KPIS.assign(
        trainees=[90.0, None], new_jobs=[65.0, 53.0], share_pct=[20.0, 28.57], districts_count=[10, 7]
    )
    for col, _, _ in comparison.ALIGNED:
        if col not in aligned:
            aligned[col] = None
    shown, raw = comparison.aligned_table(aligned, {"11": False, "95": True}, "vi", "Chỉ tiêu")
    by_label = shown.set_index("Chỉ tiêu")
    trainees = by_label.loc["Số học viên"] if "Số học viên" in by_label.index else by_label.iloc[1]
    assert "90" in trainees["Điện Biên"] and "minh họa" in trainees["Điện Biên"].lower()  # ĐB records are illustrative
    assert trainees["Bạc Liêu"] == "chưa có số liệu"  # missing is "no data", never marked, never 0
    share = by_label.iloc[-1]
    assert "28,6" in share["Bạc Liêu"] and "minh họa" in share["Bạc Liêu"].lower()  # an illustrative cluster list
    assert "minh họa" not in share["Điện Biên"].lower() and "20,0" in share["Điện Biên"]
    assert raw.iloc[1]["Điện Biên"] == 90.0  # the download keeps numbers
    districts = by_label.loc["Số huyện"]  # the districts that existed: reference data, real
    assert districts["Điện Biên"] == "10" and districts["Bạc Liêu"] == "7"


def test_the_aligned_table_on_screen_can_show_some_provinces_while_the_download_keeps_all() -> None:
    aligned = KPIS.assign(trainees=[90.0, 53.0])
    for col, _, _ in comparison.ALIGNED:
        if col not in aligned:
            aligned[col] = 1.0
    shown, raw = comparison.aligned_table(aligned, {"11": False, "95": False}, "vi", "Chỉ tiêu", show=["95"])
    assert list(shown.columns) == ["Chỉ tiêu", "Bạc Liêu"]
    assert list(raw.columns) == ["Chỉ tiêu", "Điện Biên", "Bạc Liêu"]
    trainees_row = [t(k, "vi") for _, k, _ in comparison.ALIGNED].index(t("measure.trainees", "vi"))
    assert raw.loc[trainees_row, "Điện Biên"] == 90.0
    assert shown.loc[trainees_row, "Bạc Liêu"].startswith("53")
