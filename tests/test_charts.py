"""Chart builders are pure: their figures are checked on fig.data and fig.layout."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from kcdash import charts, measures, pagedata
from kcdash.i18n import t

COLORS = {"11": "#0072B2", "95": "#E69F00"}
NAMES = {"11": ("Điện Biên", "Dien Bien"), "95": ("Bạc Liêu", "Bac Lieu")}
FUNDS = {"kcqg": ("KCQG", "National", "#56B4E9"), "kcdp": ("KCĐP", "Local", "#D55E00")}


def by_year() -> pd.DataFrame:
    rows = [
        ("11", 2008, 100.0, 90.0, 500.0),
        ("11", 2009, 150.0, None, 600.0),  # jobs not reported that year
        ("95", 2008, 80.0, 70.0, 400.0),
        ("95", 2009, 40.0, 40.0, 100.0),
    ]
    df = pd.DataFrame(rows, columns=["province_code", "year", "trainees", "new_jobs", "budget_million_vnd"])
    df["name_vi"] = df.province_code.map(lambda c: NAMES[c][0])
    df["name_en"] = df.province_code.map(lambda c: NAMES[c][1])
    return df


def with_names(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    df["province_name_vi"] = df.province_code.map(lambda c: NAMES[c][0])
    df["province_name_en"] = df.province_code.map(lambda c: NAMES[c][1])
    return df


CRAFTS = {
    "tea_processing": ("Chế biến chè", "Tea processing"),
    "agro_aqua_processing": ("Chế biến nông, lâm, thủy sản", "Agro-forestry-aquatic processing"),
}


def craft_frame(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """Trainees per (province, craft) as trainees_by_craft reads them."""
    df = pd.DataFrame(rows, columns=["province_code", "craft_code", "trainees"])
    df["craft_name_vi"] = df.craft_code.map(lambda c: CRAFTS[c][0])
    df["craft_name_en"] = df.craft_code.map(lambda c: CRAFTS[c][1])
    return with_names(df)


def by_fund_year() -> pd.DataFrame:
    rows = [
        ("11", 2008, "kcqg", 300.0),
        ("11", 2008, "kcdp", 200.0),
        ("11", 2009, "kcqg", 600.0),
        ("95", 2008, "kcdp", 400.0),
    ]
    df = with_names(pd.DataFrame(rows, columns=["province_code", "year", "fund_code", "budget_million_vnd"]))
    df["fund_name_vi"] = df.fund_code.map(lambda f: FUNDS[f][0])
    df["fund_name_en"] = df.fund_code.map(lambda f: FUNDS[f][1])
    df["fund_color_hex"] = df.fund_code.map(lambda f: FUNDS[f][2])
    return df


def test_trainees_and_jobs_by_year_series_colours_and_gaps():
    fig = charts.trainees_jobs_by_year(by_year(), "vi", COLORS)
    assert [(tr.type, tr.name) for tr in fig.data] == [
        ("bar", "Điện Biên · Học viên"),
        ("scatter", "Điện Biên · Việc làm mới"),
        ("bar", "Bạc Liêu · Học viên"),
        ("scatter", "Bạc Liêu · Việc làm mới"),
    ]
    assert list(fig.data[0].y) == [100.0, 150.0]
    assert fig.data[0].marker.color == fig.data[1].line.color == "#0072B2"
    assert fig.data[2].marker.color == "#E69F00"
    jobs = list(fig.data[1].y)
    assert jobs[0] == 90.0 and math.isnan(jobs[1])  # a gap, not a 0
    assert fig.layout.separators == ",."
    assert "%{y:,.0f}" in fig.data[0].hovertemplate and "Học viên" in fig.data[0].hovertemplate
    assert fig.layout.paper_bgcolor == fig.layout.plot_bgcolor == "rgba(0,0,0,0)"


def test_english_chart_uses_english_names_and_separators():
    fig = charts.trainees_jobs_by_year(by_year(), "en", COLORS)
    assert fig.data[0].name == "Dien Bien · Trainees"
    assert fig.layout.separators == ".,"
    assert fig.layout.title.text.replace("<br>", " ") == t("chart.trainees_jobs_by_year", "en")  # wrapped for phones


def test_budget_by_year_and_fund_is_stacked_per_province_with_fund_colours():
    fig = charts.budget_by_year_fund(by_fund_year(), "vi")
    assert fig.layout.barmode == "stack"
    assert [a.text for a in fig.layout.annotations] == ["Điện Biên", "Bạc Liêu"]  # one panel each
    colours = {tr.name: tr.marker.color for tr in fig.data}
    assert colours == {"KCĐP": "#D55E00", "KCQG": "#56B4E9"}
    assert sum(tr.showlegend for tr in fig.data) == 2  # each fund once in the legend
    total_dien_bien = sum(sum(v for v in tr.y) for tr in fig.data if tr.xaxis == "x")
    assert total_dien_bien == 1100.0  # 300 + 200 + 600
    bars = {(tr.name, tr.xaxis): (list(tr.x), list(tr.y)) for tr in fig.data}
    assert bars == {
        ("KCĐP", "x"): ([2008], [200.0]),
        ("KCĐP", "x2"): ([2008], [400.0]),
        ("KCQG", "x"): ([2008, 2009], [300.0, 600.0]),
        ("KCQG", "x2"): ([], []),  # Bạc Liêu has no national-fund row: an empty trace, no other's bars
    }
    assert "triệu đồng" in fig.data[0].hovertemplate and ",.1f" in fig.data[0].hovertemplate


def test_fund_share_adds_up_to_100_per_province():
    df = by_fund_year().groupby(["province_code", "fund_code"], as_index=False)["budget_million_vnd"].sum()
    df["share_pct"] = 100 * df.budget_million_vnd / df.groupby("province_code").budget_million_vnd.transform("sum")
    df = with_names(df)
    df["fund_name_vi"] = df.fund_code.map(lambda f: FUNDS[f][0])
    df["fund_name_en"] = df.fund_code.map(lambda f: FUNDS[f][1])
    df["fund_color_hex"] = df.fund_code.map(lambda f: FUNDS[f][2])
    fig = charts.fund_share(df, "vi")
    shares: dict[str, float] = {}
    for tr in fig.data:
        for province, share in zip(tr.y, tr.x, strict=True):
            shares[province] = shares.get(province, 0) + share
    assert shares == pytest.approx({"Điện Biên": 100.0, "Bạc Liêu": 100.0})
    kcqg = next(tr for tr in fig.data if tr.name == "KCQG")
    assert kcqg.x[list(kcqg.y).index("Điện Biên")] == pytest.approx(100 * 900 / 1100)  # 81,8%
    assert kcqg.texttemplate == "%{x:,.1f}%"
    assert fig.layout.xaxis.range == (0, 100)


def test_ranked_craft_bars_put_the_largest_on_top_and_name_missing_crafts():
    df = with_names(
        pd.DataFrame(
            {
                "province_code": ["11", "11", "95"],
                "craft_code": ["tea_processing", None, "tea_processing"],
                "craft_name_vi": ["Chế biến chè", None, "Chế biến chè"],
                "craft_name_en": ["Tea processing", None, "Tea processing"],
                "trainees": [30.0, 50.0, 40.0],
            }
        )
    )
    fig = charts.trainees_by_craft(df, "vi", COLORS)
    # categories from the bottom up: smallest total first, so the largest (chè, 70) is on top
    assert list(fig.layout.yaxis.categoryarray) == ["Không gắn ngành nghề", "Chế biến chè"]
    assert [tr.name for tr in fig.data] == ["Điện Biên", "Bạc Liêu"]
    assert [tr.marker.color for tr in fig.data] == ["#0072B2", "#E69F00"]
    assert fig.layout.legend.traceorder == "normal"


def test_cluster_progress_draws_the_goal_and_marks_an_illustrative_one():
    progress = pd.DataFrame(
        {
            "province_code": ["11", "11", "95", "95"],
            "name_vi": ["Điện Biên", "Điện Biên", "Bạc Liêu", "Bạc Liêu"],
            "name_en": ["Dien Bien", "Dien Bien", "Bac Lieu", "Bac Lieu"],
            "year": [2011, 2012, 2011, 2012],
            "districts_total": [9, 10, 7, 7],
            "districts_with_cluster": [1, 3, 3, 5],
            "share_pct": [100 / 9, 30.0, 300 / 7, 500 / 7],
        }
    )
    targets = pd.DataFrame(
        {
            "province_code": ["11", "95"],
            "metric": ["clusters_per_district", "clusters_per_district"],
            "value": [1.0, 1.0],
            "is_illustrative": [False, True],
        }
    )
    fig = charts.cluster_progress(progress, "vi", COLORS, targets)
    names = [tr.name for tr in fig.data]
    assert names == [
        "Điện Biên",
        t("chart.target", "vi", province="Điện Biên"),
        "Bạc Liêu",
        t("chart.target_illustrative", "vi", province="Bạc Liêu"),
    ]
    assert "minh họa" in names[3]
    goal = fig.data[1]
    assert list(goal.y) == [100.0, 100.0] and list(goal.x) == [2011, 2012]
    assert fig.data[0].customdata.tolist() == [[1, 9], [3, 10]]  # x of y districts in the hover
    assert fig.data[2].line.color == "#E69F00"
    assert fig.layout.yaxis.ticksuffix == "%"


def test_indexed_trend_starts_at_100():
    indexed = pagedata.indexed(by_year(), ("trainees", "new_jobs"))
    trainees = indexed[indexed.measure == "trainees"]
    assert trainees.set_index(["province_code", "year"])["index"].to_dict() == pytest.approx(
        {("11", 2008): 100.0, ("11", 2009): 150.0, ("95", 2008): 100.0, ("95", 2009): 50.0}
    )
    jobs = indexed[(indexed.measure == "new_jobs") & (indexed.province_code == "11")]
    assert math.isnan(jobs[jobs.year == 2009]["index"].iloc[0])  # no value, no index
    fig = charts.indexed_trend(trainees, "vi", COLORS, "Học viên")
    assert [list(tr.y) for tr in fig.data] == [[100.0, 150.0], [100.0, 50.0]]
    assert any(shape.y0 == 100 for shape in fig.layout.shapes)  # the base line


def test_per_district_bars_one_per_province():
    aligned = pd.DataFrame(
        {
            "province_code": ["11", "95"],
            "name_vi": ["Điện Biên", "Bạc Liêu"],
            "name_en": ["Dien Bien", "Bac Lieu"],
            "trainees_per_district": [402.6, 523.9],
            "districts_count": [10, 7],
        }
    )
    fig = charts.per_district(aligned, "en", COLORS, measure=measures.TRAINEES_PER_DISTRICT, value_label="Trainees")
    assert [(tr.x[0], tr.y[0], tr.marker.color) for tr in fig.data] == [
        ("Dien Bien", 402.6, "#0072B2"),
        ("Bac Lieu", 523.9, "#E69F00"),
    ]


def test_empty_data_gives_a_no_data_figure_not_an_error():
    empty = by_year().iloc[0:0]
    fig = charts.trainees_jobs_by_year(empty, "vi", COLORS)
    assert fig.data == ()
    assert fig.layout.annotations[0].text == "chưa có số liệu"


def test_province_colours_come_from_the_data_with_a_safe_fallback():
    provinces = pd.DataFrame({"province_code": ["11", "95", "01"], "color_hex": ["#0072B2", "#E69F00", None]})
    assert charts.province_colors(provinces) == {"11": "#0072B2", "95": "#E69F00", "01": charts.OKABE_ITO[2]}


def test_data_text_cannot_inject_into_hovers():
    df = by_year()
    df.loc[df.province_code == "11", "name_vi"] = "<b>%{y}</b>"
    fig = charts.trainees_jobs_by_year(df, "vi", COLORS)
    assert "&lt;b&gt;" in fig.data[0].hovertemplate
    assert "%{y}</b>" not in fig.data[0].hovertemplate


def test_provinces_keep_their_display_order_whatever_the_row_order():
    # trainees_by_craft comes ordered by trainees, so Bạc Liêu may come first in the rows
    df = craft_frame([("95", "agro_aqua_processing", 900.0), ("11", "tea_processing", 100.0)])
    fig = charts.trainees_by_craft(df, "vi", COLORS)
    assert [tr.name for tr in fig.data] == ["Điện Biên", "Bạc Liêu"]
    panels = charts.budget_by_year_fund(by_fund_year().iloc[::-1], "vi", COLORS)
    assert [a.text for a in panels.layout.annotations] == ["Điện Biên", "Bạc Liêu"]


# ---- the watermark travels inside the figure -----------------------------------------


def test_watermark_is_an_annotation_inside_the_figure_and_idempotent():
    import plotly.graph_objects as go

    fig = go.Figure(go.Bar(x=[2008], y=[3]))
    charts.watermark(fig, "vi")
    charts.watermark(fig, "vi")
    marks = [a for a in fig.layout.annotations if a.name == charts.WATERMARK_NAME]
    assert [a.text for a in marks] == ["MINH HỌA"]
    assert (marks[0].xref, marks[0].yref, marks[0].x, marks[0].y) == ("paper", "paper", 0.5, 0.5)
    assert charts.watermark(go.Figure(), "en").layout.annotations[0].text == "ILLUSTRATIVE"
    assert not charts.has_watermark(go.Figure())


def test_the_shared_look_keeps_what_a_chart_set_and_reaches_every_panel():
    """`_layout` sets the common look as one layout (Plotly's update calls were the
    slow part): a two-panel chart keeps its panels (domains, titles) and each panel's axes get
    the grid colour; a chart's own margin overrides only what it names."""
    fig = charts.budget_by_year_fund(by_fund_year(), "vi")
    x1, x2 = fig.layout.xaxis, fig.layout.xaxis2
    assert x1.domain != x2.domain and x1.domain[1] <= x2.domain[0]  # side by side, not merged
    assert x1.gridcolor == x2.gridcolor == charts.GRID
    assert fig.layout.yaxis.title.text == t("measure.budget_million", "vi")


def test_the_ranking_lists_every_province_largest_first_with_its_value_and_bar():
    """The national ranking is an HTML table (a 63-bar Plotly chart was the slowest thing
    the browser drew): rank, name, a bar as long as the value's share of the largest, the value in
    the language's format; focus provinces bold in their colour, others grey, missing says so."""
    import re

    from kcdash import fmt

    frame = pd.DataFrame(
        {
            "province_code": ["11", "95", "01"],
            "name_vi": ["Điện Biên", "Bạc Liêu", "Hà <Nội>"],
            "name_en": ["Dien Bien", "Bac Lieu", "Ha Noi"],
            "trainees": [1234.0, 4936.0, None],
        }
    )
    ranked = pagedata.ranking(frame, "trainees", ["11"])
    html = charts.ranking_html(
        ranked,
        "vi",
        COLORS,
        value="trainees",
        title="Xếp hạng các tỉnh: Học viên",
        value_title="Học viên",
        focus=["11"],
        formatter=fmt.integer,
        mark="MINH HỌA",
    )
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", html)[1:]  # after the header row
    assert [re.search(r'<th scope="row">(.*?)</th>', r).group(1) for r in rows] == [
        "Bạc Liêu",
        "<b>Điện Biên</b>",
        "Hà &lt;Nội&gt;",  # data text is escaped, never markup
    ]
    assert [re.search(r'<td class="num">(.*?)</td>', r).group(1) for r in rows] == [
        "4.936",
        "1.234",
        t("common.no_data", "vi"),
    ]
    assert "width:100.0%;background:#8C8C8C" in rows[0]  # the largest, not in focus: grey, full length
    assert f"width:{100 * 1234 / 4936:.1f}%;background:#0072B2" in rows[1]  # focus: its own colour
    assert "<span" not in rows[2]  # no value, no bar (never a bar of 0)
    assert "Xếp hạng các tỉnh: Học viên" in html and '<p class="mark">MINH HỌA</p>' in html
    english = charts.ranking_html(
        ranked, "en", COLORS, value="trainees", title="T", value_title="Trainees", focus=[], formatter=fmt.integer
    )
    assert "4,936" in english and "Dien Bien" in english and "mark" not in english


def test_table_html_is_one_named_keyboard_stop_with_escaped_text_and_numbers_to_the_right():
    from st_client import html_table

    shown = pd.DataFrame(
        {
            "Mã đề án": ["DB-2008-01", "<img src=x onerror=alert(1)>"],
            "Tên đề án": ['Dệt thổ cẩm "Mường Lay" & <b>mây tre</b>', "'=SUM(A1)"],
            "Kinh phí (triệu đồng)": ["6.788,9", "chưa có số liệu"],
            "Tỷ lệ": ["-12,5%", "3.530 (minh họa)"],
            "Năm": ["2008", "năm 2009"],
            "Hà Nội": ["19.137.386,7 triệu đồng (minh họa)", "1,11 triệu đồng"],
            "Ghi chú": ["3 lớp học nghề năm 2009", "12"],
        }
    )
    markup = charts.table_html(shown, 'Hồ sơ "đề án" <1>')
    assert markup.startswith(
        '<div class="kc-table" role="region" tabindex="0" aria-label="Hồ sơ &quot;đề án&quot; &lt;1&gt;">'
    )
    assert "<img" not in markup and "<b>" not in markup and "&lt;img src=x onerror=alert(1)&gt;" in markup
    assert html_table(markup).equals(shown)  # every header and cell reads back as the text it was
    heads = re.findall(r'<th scope="col"( class="num")?>', markup)
    # "no data" leaves a column of numbers one; "năm 2009" or a title starting with a number do not
    assert heads == ["", "", ' class="num"', ' class="num"', "", ' class="num"', ""]
    assert '<th scope="row">DB-2008-01</th>' in markup  # the first column names its row
    assert 'style="max-height:300px"' in charts.table_html(shown, "x", max_height_px=300)


def test_margins_are_worked_out_for_axes_of_numbers_and_left_to_plotly_for_names():
    """Plotly's automargin draws a chart twice when its labels need room; charts.fit_margins
    gives the room beforehand for axes of numbers (years along x), never less than the longest
    tick label needs, and leaves axes of names to Plotly."""
    df = by_fund_year()
    df.loc[df.province_code == "95", "budget_million_vnd"] = 19_137_386.7  # Bạc Liêu's panel is the taller
    fig = charts.fit_margins(charts.budget_by_year_fund(df, "vi"))
    # the two panels share one y axis, so the widest label comes from the taller one: about
    # "20.000.000" (10 characters), plus the axis title
    assert fig.layout.margin.l >= 10 * 6.5 + 18
    assert [fig.layout[name].automargin for name in ("yaxis", "yaxis2", "xaxis", "xaxis2")] == [False] * 4
    assert 20 <= fig.layout.margin.b <= 60  # a line of years, no axis title
    years = by_fund_year().assign(year=lambda d: d.year.replace({2009: 2024}))  # 2008–2024 on the axis
    years = pd.concat([years] + [years.iloc[:1].assign(year=y) for y in range(2010, 2020)], ignore_index=True)
    long_span = charts.fit_margins(charts.budget_by_year_fund(years, "vi"))
    assert long_span.layout.xaxis.automargin is not False  # labels Plotly may turn: it measures them
    assert long_span.layout.legend.y == charts.LEGEND_BELOW_TURNED < fig.layout.legend.y  # and the legend below them
    small = charts.fit_margins(charts.budget_by_year_fund(by_fund_year(), "vi"))
    assert small.layout.margin.l < fig.layout.margin.l  # "600" needs less room than "20.000.000"

    crafts = craft_frame([("11", "tea_processing", 30.0), ("95", "tea_processing", 40.0)])
    bars = charts.trainees_by_craft(crafts, "vi", COLORS)  # names down the y axis, numbers on top
    before = bars.layout.margin.to_plotly_json()
    charts.fit_margins(bars)
    assert bars.layout.margin.to_plotly_json() == before and bars.layout.yaxis.automargin is not False
    assert fig.layout.template.layout.font.family == charts.FONT  # the dashboard's template kept


def test_bar_names_are_escaped_and_written_in_short_lines():
    label = charts.category_label("Huyện 08 (Bà Rịa - Vũng Tàu) <a href='x'>District</a> · Bà Rịa - Vũng Tàu")
    lines = label.split("<br>")
    assert all(len(line.replace("&lt;", "<").replace("&gt;", ">").replace("&#x27;", "'")) <= 24 for line in lines)
    assert "<a" not in label and "&lt;a" in label  # Plotly reads tags in labels: never from the data
    assert charts.category_label("Chế biến chè") == "Chế biến chè"
    # two lines of about equal length, not a word left alone on the second
    assert charts.category_label("Chế biến nông, lâm, thủy sản") == "Chế biến nông,<br>lâm, thủy sản"
    assert (
        charts.category_label("Thủ công mỹ nghệ làng nghề truyền thống") == "Thủ công mỹ nghệ làng<br>nghề truyền thống"
    )
    assert charts.category_label("") == ""


def test_every_bar_has_room_for_the_longest_name():
    """Plotly gives every bar of a ranking the same height: one name on two lines makes every row
    tall enough for two lines (18 px a line), so it cannot run into its neighbours."""
    names = ["Chế biến nông, lâm, thủy sản", "Dệt thổ cẩm", "Mây tre đan", "Chế biến chè"]
    names += ["Gạch lò tuynel", "Miến dong", "Sản xuất chổi chít", "Chế biến tinh bột sắn"]
    df = pd.DataFrame(
        {
            "province_code": "11",
            "province_name_vi": "Điện Biên",
            "province_name_en": "Dien Bien",
            "craft_code": list("abcdefgh"),
            "craft_name_vi": names,
            "craft_name_en": names,
            "trainees": [80, 70, 60, 50, 40, 30, 20, 10],
        }
    )
    fig = charts.trainees_by_craft(df, "vi", {"11": "#0072B2"})
    assert list(fig.layout.yaxis.categoryarray)[-1] == "Chế biến nông,<br>lâm, thủy sản"  # the largest on top
    assert fig.layout.height == 120 + 8 * (18 * 2 + 10)
