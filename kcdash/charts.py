"""Chart builders: pure functions `(DataFrame, lang, ...) -> plotly Figure`, no Streamlit calls.

Conventions every builder follows, so tests can check them on `fig.data` / `fig.layout`:
- one colour per province, taken from provinces.color_hex (a colour-blind-safe Okabe–Ito
  palette in the bundled data), passed in as `colors`; funds use funds.color_hex;
- `layout.separators` follows the language (",." Vietnamese, ".," English) and every trace has
  an explicit hovertemplate, so hovers and axes read 3.530 / 6.788,9 in Vietnamese;
- transparent backgrounds and no hard-coded text colour, so the Streamlit theme (light or
  dark) decides the text colour;
- every text comes from the message catalogue; missing values are left as gaps, never 0.
"""

from __future__ import annotations

import base64
import functools
import html
import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from kcdash import fmt
from kcdash.i18n import lang_col, t
from kcdash.safe import hover_text as _esc  # the one hover escaper (kcdash.safe)

# Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
GRID = "rgba(128,128,128,0.25)"
TRANSPARENT = "rgba(0,0,0,0)"
FONT = '"Source Sans", "Source Sans Pro", sans-serif'  # the dashboard's own text face
INK = "#2f2d2b"  # the light theme's text colour; on the page, CSS gives text the theme's (kcdash/assets/chart.css)
TEMPLATE = {
    "layout": {
        "font": {"family": FONT, "size": 13, "color": INK},
        "title": {"font": {"size": 16, "weight": 600}},
        "modebar": {"bgcolor": TRANSPARENT},
        # tick labels and axis titles get the room they need (the margins are set small)
        "xaxis": {"automargin": True, "title": {"standoff": 8}},
        "yaxis": {"automargin": True, "title": {"standoff": 8}},
    }
}
"""The charts' own small template, drawn as it is (`st.plotly_chart(theme=None)`): Streamlit
re-applies its theme to every chart in the browser on every redraw (a few ms a chart on a filter
change: bench/NOTES.md), and Plotly's default template is 7 kB a chart to send."""
TARGET_DASH = "dash"

# d3 formats (the grouping and decimal marks come from layout.separators)
COUNT = ",.0f"
MONEY = ",.1f"
AXIS = ",~f"  # axis ticks: grouped thousands, no trailing zeros (2.000 not 2.000,0)
RATIO = ",.2f"
PCT = ",.1f"


def province_colors(provinces: pd.DataFrame) -> dict[str, str]:
    """province_code -> colour: color_hex from the data, else the next Okabe–Ito colour."""
    codes = provinces["province_code"].tolist()
    hexes = provinces["color_hex"].tolist() if "color_hex" in provinces else [None] * len(codes)
    return {
        str(code): hex_ if isinstance(hex_, str) and hex_ else OKABE_ITO[i % len(OKABE_ITO)]
        for i, (code, hex_) in enumerate(zip(codes, hexes, strict=True))
    }


TITLE_LINE_CHARS = 40


CATEGORY_LINE_CHARS = 24
"""A bar's name is written in lines of at most this many characters (`category_label`)."""
UNIFORM_TEXT_PX = 10
"""Smallest text inside a bar: a label that would have to shrink below it is not shown."""


def category_label(name: object, width: int = CATEGORY_LINE_CHARS) -> str:
    """A name from the data as an axis label: escaped (Plotly reads tags in labels), in lines of
    at most `width` characters. Plotly never wraps, and gives a label at most half the chart:
    on a phone a long district name with its province after it was cut off."""
    lines: list[str] = []
    for word in str(name).split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(_esc(line) for line in lines)


def wrap_title(title: str, width: int = TITLE_LINE_CHARS) -> str:
    """A long chart title on two lines (Plotly never wraps, and a phone shows ~40 characters)."""
    if len(title) <= width or "<br>" in title:
        return title
    spaces = [i for i, c in enumerate(title) if c == " "]
    if not spaces:
        return title
    cut = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return title[:cut] + "<br>" + title[cut + 1 :]


def _merge(base: dict, extra: dict) -> dict:
    """`base` with `extra` written over it, nested dicts merged (as Plotly's update merges them)."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _axis_names(layout: dict, prefix: str) -> list[str]:
    """Every x (or y) axis a figure has: "xaxis", "xaxis2"… (subplots); at least the first."""
    names = [k for k in layout if k == prefix or (k.startswith(prefix) and k[len(prefix) :].isdigit())]
    return names or [prefix]


class Traces(list):
    """The traces of a figure being built, as dicts: `add_bar`/`add_scatter` as on a Figure, but
    nothing is checked until the figure is made, once, by `new_figure` (see there).
    `base_layout`: what the layout starts from (the panels of `_panels`)."""

    def __init__(self, base_layout: dict | None = None) -> None:
        super().__init__()
        self.base_layout = base_layout or {}

    def add_bar(self, **props) -> None:
        self.append({"type": "bar", **_arrays(props)})

    def add_scatter(self, **props) -> None:
        self.append({"type": "scatter", **_arrays(props)})


def _arrays(props: dict) -> dict:
    """Columns as NumPy arrays, as Plotly's validation would leave them (read by position)."""
    return {k: v.to_numpy() if isinstance(v, pd.Series | pd.Index) else v for k, v in props.items()}


def new_figure(traces: list[dict], layout: dict | None = None) -> go.Figure:
    """A figure made at once from its traces and layout, without Plotly's validation: Plotly checks
    every property of every trace and of the layout on each assignment, about half of a chart's
    build time on the server. Every figure the builders make in the tests is validated
    instead (tests/conftest.py: a property Plotly does not know, or a value it refuses, fails)."""
    return go.Figure({"data": list(traces), "layout": layout or {}}, _validate=False)


def _layout(
    fig: go.Figure | Traces, lang: str, *, title: str, x_title: str = "", y_title: str = "", **extra
) -> go.Figure:
    """The shared look of every chart, set as one merged layout (what the chart set before, subplot
    axes included, is kept): Plotly's `update_layout`/`update_xaxes` re-parse and re-validate on
    every call, several times the cost of one assignment (bench/NOTES.md)."""
    spec = {
        # at the very top, so a value axis drawn on top (ranked bars) has the rest of the margin
        "title": {
            "text": wrap_title(title),
            "x": 0,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": 10},
        },
        "separators": fmt.plotly_separators(lang),
        "paper_bgcolor": TRANSPARENT,
        "plot_bgcolor": TRANSPARENT,
        # legend under the plot, in trace order (Plotly reverses it for stacked bars by default):
        # above it, a legend that wraps (phone width, many entries) grows over the title
        "legend": {
            "orientation": "h",
            "yanchor": "top",
            "y": -0.12,
            "x": 0,
            "title": {"text": ""},
            "traceorder": "normal",
        },
        "margin": {"l": 10, "r": 10, "t": 80 if len(title) > TITLE_LINE_CHARS else 60, "b": 10},
        "hoverlabel": {"namelength": -1},
        "template": TEMPLATE,
    }
    current = fig.base_layout if isinstance(fig, Traces) else fig.layout.to_plotly_json()
    axes = {
        name: {"title": {"text": text}, "gridcolor": GRID, "zerolinecolor": GRID}
        for prefix, text in (("xaxis", x_title), ("yaxis", y_title))
        for name in _axis_names(current, prefix)
    }
    # `extra` (barmode, height, a chart's own xaxis/yaxis settings…) is merged last, as a chart's
    # later update_layout/update_xaxes would have been
    return _assign(fig, current, _merge(_merge(spec, axes), extra))


def set_layout(fig: go.Figure | Traces, spec: dict) -> go.Figure:
    """`fig` with `spec` merged into its layout, validated once; traces become a figure with
    `spec` as its layout, not validated (`new_figure`)."""
    return _assign(fig, fig.base_layout if isinstance(fig, Traces) else fig.layout.to_plotly_json(), spec)


def _assign(fig: go.Figure | Traces, current: dict, spec: dict) -> go.Figure:
    # the template is left out: Plotly puts its default back, and validating it again is slow;
    # a dict is validated once, by the setter (a go.Layout object would be validated twice)
    layout = _merge({k: v for k, v in current.items() if k != "template"}, spec)
    if isinstance(fig, Traces):
        return new_figure(fig, layout)
    fig.layout = layout
    return fig


def _year_axis(fig: go.Figure | Traces, panels: int = 1) -> dict:
    """The x axis of years, for `_layout(xaxis=…)`: whole years as ticks, thinned over long
    spans (and over `panels` side by side, each as narrow); no axis title (the legend sits below
    the axis, and years need no label)."""
    traces = fig if isinstance(fig, Traces) else [trace.to_plotly_json() for trace in fig.data]
    years = [
        int(x)
        for trace in traces
        for x in (() if trace.get("x") is None else trace["x"])
        if x is not None and not pd.isna(x)
    ]
    span = (max(years) - min(years) if years else 0) * panels
    return {"tickformat": "d", "dtick": 1 if span <= 10 else 2 if span <= 20 else 5, "title": {"text": ""}}


def _provinces_in(
    df: pd.DataFrame, lang: str, name_base: str = "province_name", order: dict[str, str] | None = None
) -> list[tuple[str, str]]:
    """(code, name) of each province in `df`: in the order of `order` (the colours, which follow
    the provinces' display order) so every chart lists provinces alike; else as they appear."""
    name = lang_col(name_base, lang) if lang_col(name_base, lang) in df.columns else lang_col("name", lang)
    codes = df["province_code"]
    first = np.flatnonzero(~codes.duplicated().to_numpy())  # each province's first row (4x drop_duplicates)
    seen = [(str(c), str(n)) for c, n in zip(codes.to_numpy()[first], df[name].to_numpy()[first], strict=True)]
    if order:
        rank = {code: i for i, code in enumerate(order)}
        seen.sort(key=lambda pair: rank.get(pair[0], len(rank)))
    return seen


class _Groups(dict):
    """Rows by group (see `_groups`); a group with no row has none (an empty frame), not a KeyError."""

    def __init__(self, parts: dict[Any, pd.DataFrame], empty: pd.DataFrame) -> None:
        super().__init__(parts)
        self.empty = empty

    def __missing__(self, key: Any) -> pd.DataFrame:
        return self.empty


def _groups(df: pd.DataFrame, key: str | list[str], columns: list[str]) -> _Groups:
    """The rows of each `key` group (a tuple of values for several keys), `columns` only, in the
    frame's order: one pass over the frame, where a boolean mask per trace took every column of
    it each time (a dozen masks per chart at 63 provinces, each slow on a frame of Arrow text)."""
    narrow = df[columns]
    rows = df.groupby(key, sort=False, dropna=False).indices
    return _Groups({k: narrow.iloc[r] for k, r in rows.items()}, narrow.iloc[:0])


def empty_figure(lang: str, title: str) -> go.Figure:
    fig = go.Figure()
    _layout(fig, lang, title=title, xaxis={"visible": False}, yaxis={"visible": False})
    fig.add_annotation(text=t("common.no_data", lang), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    return fig


# ---- training and jobs ----------------------------------------------------------------------


def trainees_jobs_by_year(df: pd.DataFrame, lang: str, colors: dict[str, str]) -> go.Figure:
    """Trainees (bars) and new jobs (dotted line) per year, one colour per province.

    `df`: totals_by_province_year (province_code, name_vi/en, year, trainees, new_jobs).
    """
    title = t("chart.trainees_jobs_by_year", lang)
    if df.empty:
        return empty_figure(lang, title)
    fig = Traces()
    year_l, tr_l, jobs_l = t("label.year", lang), t("measure.trainees", lang), t("measure.new_jobs", lang)
    parts = _groups(df, "province_code", ["year", "trainees", "new_jobs"])
    for code, name in _provinces_in(df, lang, "name", colors):
        part = parts[code]
        color = colors.get(code, OKABE_ITO[0])
        fig.add_bar(
            x=part["year"],
            y=part["trainees"],
            name=f"{name} · {tr_l}",
            marker_color=color,
            offsetgroup=code,
            legendgroup=code,
            hovertemplate=f"<b>{_esc(name)}</b><br>{_esc(year_l)}: %{{x}}<br>{_esc(tr_l)}: %{{y:{COUNT}}}<extra></extra>",
        )
        fig.add_scatter(
            x=part["year"],
            y=part["new_jobs"],
            name=f"{name} · {jobs_l}",
            mode="lines+markers",
            line={"color": color, "dash": "dot", "width": 3},
            marker={"symbol": "diamond", "size": 9, "color": color},
            legendgroup=code,
            connectgaps=False,
            hovertemplate=f"<b>{_esc(name)}</b><br>{_esc(year_l)}: %{{x}}<br>{_esc(jobs_l)}: %{{y:{COUNT}}}<extra></extra>",
        )
    return _layout(
        fig,
        lang,
        title=title,
        x_title=year_l,
        y_title=t("unit.people", lang),
        barmode="group",
        yaxis={"tickformat": AXIS, "rangemode": "tozero"},
        xaxis=_year_axis(fig),
    )


def ranked_bars(
    df: pd.DataFrame,
    lang: str,
    colors: dict[str, str],
    *,
    category: str,
    value: str,
    title: str,
    value_title: str,
    value_format: str = COUNT,
    unit_suffix: str = "",
) -> go.Figure:
    """Horizontal bars ranked by the total over provinces, stacked by province.

    `df` holds province_code, province_name_vi/en, the `category` label column and `value`.
    """
    if df.empty or df[value].isna().all():
        return empty_figure(lang, title)
    totals = df.groupby(category, sort=False)[value].sum(min_count=1).sort_values(ascending=True)
    labels = {c: category_label(c) for c in totals.index}
    order = [labels[c] for c in totals.index]
    fig = Traces()
    parts = _groups(df, "province_code", [category, value])
    for code, name in _provinces_in(df, lang, order=colors):
        part = parts[code]
        fig.add_bar(
            y=part[category].map(labels),
            x=part[value],
            orientation="h",
            name=name,
            marker_color=colors.get(code, OKABE_ITO[0]),
            hovertemplate=f"<b>%{{y}}</b><br>{_esc(name)}: %{{x:{value_format}}}{_esc(unit_suffix)}<extra></extra>",
        )
    return _layout(
        fig,
        lang,
        title=title,
        x_title=value_title,
        barmode="stack",
        yaxis={"categoryorder": "array", "categoryarray": order, "automargin": True},
        xaxis={"tickformat": AXIS, "side": "top", "automargin": True},  # the legend is under the plot
        margin={"t": 130 if len(title) > TITLE_LINE_CHARS else 110},  # title, then the axis
        height=max(340, 120 + sum(max(28, 18 * label.count("<br>") + 26) for label in order)),
    )


def trainees_by_craft(df: pd.DataFrame, lang: str, colors: dict[str, str]) -> go.Figure:
    """Trainees per craft, ranked; activities with no craft are one labelled row."""
    d = df.copy()
    d["craft_label"] = (
        d[lang_col("craft_name", lang)].astype(object).where(d["craft_code"].notna(), t("label.no_craft", lang))
    )
    return ranked_bars(
        d,
        lang,
        colors,
        category="craft_label",
        value="trainees",
        title=t("chart.trainees_by_craft", lang),
        value_title=t("measure.trainees", lang),
    )


def trainees_by_district(df: pd.DataFrame, lang: str, colors: dict[str, str]) -> go.Figure:
    """Trainees per district, ranked; province-wide activities are one row per province."""
    d = df.copy()
    wide = t("label.province_wide", lang)
    pname = d[lang_col("province_name", lang)].astype(object)
    d["district_label"] = (
        d[lang_col("district_name", lang)].astype(object).where(d["district_code"].notna(), wide + " · " + pname)
    )
    return ranked_bars(
        d,
        lang,
        colors,
        category="district_label",
        value="trainees",
        title=t("chart.trainees_by_district", lang),
        value_title=t("measure.trainees", lang),
    )


def province_lines(
    df: pd.DataFrame,
    lang: str,
    colors: dict[str, str],
    *,
    y: str,
    title: str,
    y_title: str,
    value_format: str = COUNT,
    unit_suffix: str = "",
    name_base: str = "province_name",
    reference: float | None = None,
    reference_label: str = "",
) -> go.Figure:
    """One line per province over `year`; optional horizontal reference line (e.g. index = 100)."""
    if df.empty or df[y].isna().all():
        return empty_figure(lang, title)
    fig = Traces()
    year_l = t("label.year", lang)
    parts = _groups(df, "province_code", ["year", y])
    for code, name in _provinces_in(df, lang, name_base, colors):
        part = parts[code].sort_values("year")
        fig.add_scatter(
            x=part["year"],
            y=part[y],
            name=name,
            mode="lines+markers",
            line={"color": colors.get(code, OKABE_ITO[0]), "width": 3},
            marker={"size": 8},
            connectgaps=False,
            hovertemplate=(
                f"<b>{_esc(name)}</b><br>{_esc(year_l)}: %{{x}}<br>"
                f"{_esc(y_title)}: %{{y:{value_format}}}{_esc(unit_suffix)}<extra></extra>"
            ),
        )
    fig = _layout(
        fig,
        lang,
        title=title,
        x_title=year_l,
        y_title=y_title,
        yaxis={
            "tickformat": RATIO if value_format == RATIO else AXIS,
            "ticksuffix": "%" if unit_suffix.strip() == "%" else "",
        },
        xaxis=_year_axis(fig),
    )
    if reference is not None:  # what add_hline(annotation_position="top left") adds, without its validation
        fig.layout.shapes += (
            {
                "type": "line",
                "xref": "x domain",
                "x0": 0,
                "x1": 1,
                "yref": "y",
                "y0": reference,
                "y1": reference,
                "line": {"dash": TARGET_DASH, "color": "rgba(128,128,128,0.9)"},
            },
        )
        fig.layout.annotations += (
            {
                "text": reference_label,
                "showarrow": False,
                "xref": "x domain",
                "x": 0,
                "xanchor": "left",
                "yref": "y",
                "y": reference,
                "yanchor": "bottom",
            },
        )
    return fig


def jobs_per_trainee_by_year(df: pd.DataFrame, lang: str, colors: dict[str, str]) -> go.Figure:
    """New jobs per 100 trainees per year (`jobs_per_trainee_pct`), one line per province."""
    return province_lines(
        df,
        lang,
        colors,
        y="jobs_per_trainee_pct",
        title=t("chart.jobs_per_trainee_by_year", lang),
        y_title=t("measure.jobs_per_trainee", lang),
        value_format=PCT,
        name_base="name",
    )


# ---- budget ---------------------------------------------------------------------------------


def budget_by_year_fund(df: pd.DataFrame, lang: str, order: dict[str, str] | None = None) -> go.Figure:
    """Budget per year stacked by fund, one panel per province (fund colours from funds.csv).

    `df`: budget_by_year_fund (province_code, province_name_*, year, fund_code, fund_name_*,
    fund_color_hex, budget_million_vnd).
    """
    title = t("chart.budget_by_year_fund", lang)
    if df.empty:
        return empty_figure(lang, title)
    provinces = _provinces_in(df, lang, order=order)
    panels, titles = _panels(len(provinces))
    fig = Traces(
        {**panels, "annotations": [dict(a, text=name) for a, (_, name) in zip(titles, provinces, strict=True)]}
    )
    unit = t("unit.million_vnd", lang)
    funds = df.drop_duplicates("fund_code").sort_values("fund_code")
    parts = _groups(df, ["fund_code", "province_code"], ["year", "budget_million_vnd"])
    for _, fund in funds.iterrows():
        fname = fund[lang_col("fund_name", lang)]
        for col, (code, pname) in enumerate(provinces, start=1):
            part = parts[(fund["fund_code"], code)]
            fig.add_bar(
                x=part["year"],
                y=part["budget_million_vnd"],
                name=fname,
                legendgroup=str(fund["fund_code"]),
                showlegend=col == 1,
                marker={"color": fund["fund_color_hex"] if isinstance(fund["fund_color_hex"], str) else None},
                hovertemplate=(
                    f"<b>{_esc(pname)}</b> · %{{x}}<br>{_esc(fname)}: %{{y:{MONEY}}} {_esc(unit)}<extra></extra>"
                ),
                xaxis=f"x{col if col > 1 else ''}",
                yaxis=f"y{col if col > 1 else ''}",
            )
    years = _year_axis(fig, panels=len(provinces))  # narrower panels, fewer year labels
    axes: dict[str, Any] = {name: {"tickformat": "d", "dtick": years["dtick"]} for name in _axis_names(panels, "xaxis")}
    axes |= {name: {"tickformat": AXIS} for name in _axis_names(panels, "yaxis")}
    axes["yaxis"]["title"] = {"text": t("measure.budget_million", lang)}
    return _layout(
        fig,
        lang,
        title=title,
        barmode="stack",
        # the panel titles sit where the legend usually goes: put the legend under the panels
        legend={"yanchor": "top", "y": -0.12},
        margin={"t": 70},
        **axes,
    )


@functools.lru_cache(maxsize=16)
def _panels(n: int) -> tuple[dict, tuple[dict, ...]]:
    """The layout of `n` side-by-side panels sharing one y axis, and their titles' annotations,
    as `make_subplots` makes them: made once per `n` (make_subplots validates as it goes, which is slow)."""
    grid = make_subplots(rows=1, cols=n, shared_yaxes=True, subplot_titles=[str(i) for i in range(n)])
    layout = grid.layout.to_plotly_json()
    layout.pop("template", None)
    titles = tuple(layout.pop("annotations", ()))
    return layout, titles


def budget_by_activity(df: pd.DataFrame, lang: str, colors: dict[str, str]) -> go.Figure:
    """Budget per khuyến công content (Decree 45/2012, Art. 4), ranked, stacked by province."""
    d = df.copy()
    d["activity_label"] = d[lang_col("activity_type_name", lang)]
    return ranked_bars(
        d,
        lang,
        colors,
        category="activity_label",
        value="budget_million_vnd",
        title=t("chart.budget_by_activity", lang),
        value_title=t("measure.budget_million", lang),
        value_format=MONEY,
        unit_suffix=" " + t("unit.million_vnd", lang),
    )


def fund_share(df: pd.DataFrame, lang: str, order: dict[str, str] | None = None) -> go.Figure:
    """Each fund's share of each province's budget, as 100% stacked horizontal bars.

    `df`: budget_by_fund (province_code, province_name_*, fund_code, fund_name_*, fund_color_hex,
    budget_million_vnd, share_pct).
    """
    title = t("chart.fund_share", lang)
    if df.empty or df["share_pct"].isna().all():
        return empty_figure(lang, title)
    provinces = _provinces_in(df, lang, order=order)
    wrapped = {name: category_label(name) for _, name in provinces}
    categories = [wrapped[name] for _, name in reversed(provinces)]  # first province on top
    unit = t("unit.million_vnd", lang)
    fig = Traces()
    parts = _groups(df, "fund_code", [lang_col("province_name", lang), "share_pct", "budget_million_vnd"])
    for _, fund in df.drop_duplicates("fund_code").sort_values("fund_code").iterrows():
        part = parts[fund["fund_code"]]
        fname = fund[lang_col("fund_name", lang)]
        fig.add_bar(
            y=part[lang_col("province_name", lang)].map(wrapped),
            x=part["share_pct"],
            customdata=part[["budget_million_vnd"]].to_numpy(),
            orientation="h",
            name=fname,
            marker_color=fund["fund_color_hex"] if isinstance(fund["fund_color_hex"], str) else None,
            texttemplate=f"%{{x:{PCT}}}%",
            textposition="inside",
            hovertemplate=(
                f"<b>%{{y}}</b><br>{_esc(fname)}: %{{x:{PCT}}}% (%{{customdata[0]:{MONEY}}} {_esc(unit)})<extra></extra>"
            ),
        )
    return _layout(
        fig,
        lang,
        title=title,
        x_title=t("measure.share_pct", lang),
        barmode="stack",
        xaxis={"range": [0, 100], "ticksuffix": "%", "side": "top", "automargin": True},  # legend under the plot
        # title, then the axis; on the right, room for half of "100%" (Plotly hides a tick label
        # that would cross the chart's edge)
        margin={"t": 130 if len(title) > TITLE_LINE_CHARS else 110, "r": EDGE_TICK_PX},
        # a share too thin for its label shows none, not a shrunken sliver of one
        uniformtext={"minsize": UNIFORM_TEXT_PX, "mode": "hide"},
        yaxis={"categoryorder": "array", "categoryarray": categories, "automargin": True},
        height=max(260, 140 + 60 * len(provinces)),
    )


def budget_per_trainee_by_year(df: pd.DataFrame, lang: str, colors: dict[str, str]) -> go.Figure:
    """Budget per trainee (million VND) per year over activities reporting both."""
    return province_lines(
        df,
        lang,
        colors,
        y="budget_per_trainee_million_vnd",
        title=t("chart.budget_per_trainee", lang),
        y_title=t("measure.budget_per_trainee_million", lang),
        value_format=RATIO,
        unit_suffix=" " + t("unit.million_vnd", lang),
    )


# ---- industrial clusters --------------------------------------------------------------------


def cluster_progress(df: pd.DataFrame, lang: str, colors: dict[str, str], targets: pd.DataFrame) -> go.Figure:
    """Share of the districts existing each year that have a cluster at the chosen stage.

    `df`: cluster_progress (province_code, name_*, year, districts_total, districts_with_cluster,
    share_pct). The goal (targets.value clusters per district, i.e. 100%) is drawn per province
    as a dashed line; an illustrative target says so in its legend entry.
    """
    title = t("chart.cluster_progress", lang)
    if df.empty:
        return empty_figure(lang, title)
    fig = Traces()
    year_l = t("label.year", lang)
    parts = _groups(df, "province_code", ["year", "share_pct", "districts_with_cluster", "districts_total"])
    for code, name in _provinces_in(df, lang, "name", colors):
        part = parts[code].sort_values("year")
        color = colors.get(code, OKABE_ITO[0])
        fig.add_scatter(
            x=part["year"],
            y=part["share_pct"],
            customdata=part[["districts_with_cluster", "districts_total"]].to_numpy(),
            name=name,
            mode="lines+markers",
            line={"color": color, "width": 3, "shape": "hv"},
            marker={"size": 8},
            hovertemplate=(
                f"<b>{_esc(name)}</b><br>{_esc(year_l)}: %{{x}}<br>"
                + _esc(t("chart.cluster_hover", lang, x="\x01", y="\x02"))
                .replace("\x01", "%{customdata[0]:,.0f}")
                .replace("\x02", "%{customdata[1]:,.0f}")
                + f" (%{{y:{PCT}}}%)<extra></extra>"
            ),
        )
        target = targets[(targets["province_code"] == code) & (targets["metric"] == "clusters_per_district")]
        if not target.empty and not fmt.is_missing(target.iloc[0]["value"]):
            row = target.iloc[0]
            goal_pct = float(row["value"]) * 100
            key = "chart.target_illustrative" if bool(row["is_illustrative"]) else "chart.target"
            label = t(key, lang, province=name)
            years = [int(part["year"].min()), int(part["year"].max())]
            fig.add_scatter(
                x=years,
                y=[goal_pct, goal_pct],
                name=label,
                mode="lines",
                line={"color": color, "dash": TARGET_DASH if not row["is_illustrative"] else "dot", "width": 2},
                hovertemplate=f"{_esc(label)}: %{{y:{PCT}}}%<extra></extra>",
            )
    return _layout(
        fig,
        lang,
        title=title,
        x_title=year_l,
        y_title=t("measure.districts_with_cluster_pct", lang),
        yaxis={"range": [0, 105], "ticksuffix": "%"},
        xaxis=_year_axis(fig),
    )


# ---- compare --------------------------------------------------------------------------------


def indexed_trend(df: pd.DataFrame, lang: str, colors: dict[str, str], measure_label: str) -> go.Figure:
    """`index` per province and year, first year with data = 100 (`df` from pagedata.indexed)."""
    return province_lines(
        df,
        lang,
        colors,
        y="index",
        title=t("chart.indexed_trend", lang, measure=measure_label),
        y_title=t("measure.index", lang),
        value_format=",.0f",
        name_base="name",
        reference=100,
        reference_label=t("chart.index_base", lang),
    )


def measure_by_year(
    df: pd.DataFrame, lang: str, colors: dict[str, str], *, measure: str, measure_label: str, value_format: str
) -> go.Figure:
    """One measure of totals_by_province_year per province and year."""
    return province_lines(
        df,
        lang,
        colors,
        y=measure,
        title=t("chart.measure_by_year", lang, measure=measure_label),
        y_title=measure_label,
        value_format=value_format,
        name_base="name",
    )


def per_district(
    df: pd.DataFrame, lang: str, colors: dict[str, str], *, value: str, value_label: str, value_format: str
) -> go.Figure:
    """A per-district measure as one bar per province (`df`: one row per province)."""
    title = t("chart.per_district", lang, measure=value_label)
    if df.empty or df[value].isna().all():
        return empty_figure(lang, title)
    fig = Traces()
    parts = _groups(df, "province_code", [value, "districts_count"])
    for code, name in _provinces_in(df, lang, "name", colors):
        part = parts[code]
        fig.add_bar(
            x=[name],
            y=part[value],
            name=name,
            marker_color=colors.get(code, OKABE_ITO[0]),
            customdata=part[["districts_count"]].to_numpy(),
            hovertemplate=(
                f"<b>{_esc(name)}</b><br>{_esc(value_label)}: %{{y:{value_format}}}<br>"
                + _esc(t("chart.districts_hover", lang, n="\x01")).replace("\x01", "%{customdata[0]:,.0f}")
                + "<extra></extra>"
            ),
        )
    return _layout(
        fig, lang, title=title, y_title=value_label, showlegend=False, yaxis={"tickformat": AXIS, "rangemode": "tozero"}
    )


# ---- any number of provinces ------------------------------------------------------

OTHER_COLOR = "#8C8C8C"
"""Grey of "other provinces" and of provinces outside the focus: mid-grey reads on light and dark."""


RANK_CLASS = "kc-rank"
"""CSS class of the HTML ranking (its style: kcdash/assets/rank.css)."""


def ranking_html(
    df: pd.DataFrame,
    lang: str,
    colors: dict[str, str],
    *,
    value: str,
    title: str,
    value_title: str,
    focus: list[str],
    formatter: Callable[[object, str], str],
    mark: str = "",
) -> str:
    """Every province as one row of a table, largest on top: rank, name, a bar as long as its
    share of the largest value, the value as text. Focus provinces are bold with a bar in their own
    colour, the others grey; a province without a value says "no data" and has no bar.

    HTML, not a Plotly figure: a 63-bar Plotly chart cost the browser several times this table's
    drawing on every filter change (its labels are measured one by one; bench/NOTES.md), and
    a screen reader reads it as the table it is. `mark`: the illustrative mark, written under the
    title, so a screenshot keeps it. `df`: one row per province in ranking order (pagedata.ranking).
    """
    name = lang_col("name", lang)
    focus_set = set(focus)
    numbers = (
        pd.to_numeric(df[value], errors="coerce").astype("float64") if not df.empty else pd.Series(dtype="float64")
    )
    top = float(numbers.abs().max()) if numbers.notna().any() else 0.0
    rows = []
    for rank, code, province, number in zip(
        range(1, len(df) + 1), df["province_code"].astype(str), df[name].astype(str), numbers, strict=True
    ):
        is_focus = code in focus_set
        label = f"<b>{_esc(province)}</b>" if is_focus else _esc(province)
        if pd.isna(number):
            shown, bar = t("common.no_data", lang), ""
        else:
            shown = formatter(number, lang)
            width = 0.0 if top == 0 else max(0.0, 100 * float(number) / top)
            color = colors.get(code, OKABE_ITO[0]) if is_focus else OTHER_COLOR
            bar = f'<span style="width:{width:.1f}%;background:{_esc(color)}"></span>'
        row_class = ' class="focus"' if is_focus else ""
        rows.append(
            f'<tr{row_class}><td>{rank}</td><th scope="row">{label}</th>'
            f'<td class="bar" aria-hidden="true">{bar}</td><td class="num">{_esc(shown)}</td></tr>'
        )
    mark_line = f'<p class="mark">{_esc(mark)}</p>' if mark else ""
    head = (
        f'<thead><tr><th scope="col">{_esc(t("col.rank", lang))}</th><th scope="col">{_esc(t("col.province", lang))}</th>'
        f'<td aria-hidden="true"></td><th scope="col" class="num">{_esc(value_title)}</th></tr></thead>'
    )
    body = "".join(rows) if rows else f'<tr><td colspan="4">{_esc(t("common.no_data", lang))}</td></tr>'
    return (
        f'<div class="{RANK_CLASS}"><p class="title">{_esc(title)}</p>{mark_line}'
        f"<table>{head}<tbody>{body}</tbody></table></div>"
    )


TABLE_CLASS = "kc-table"
"""The class of `table_html`'s scrolling region (its look: kcdash/assets/table.css)."""

_NUMBER_CELL = re.compile(r"^[-−+]?\d[\d.,\u00a0 ]*%?(\s+[^\d\s(][^\d(]*)?(\s*\(.*\))?$")
"""A formatted number as the tables show it: "3.530", "-12,5%", "6.788,9 triệu đồng",
"1,11 triệu đồng (minh họa)"; not "11-2007-005" or "3 lớp học nghề năm 2009"."""


def _numeric_column(values: list) -> bool:
    """Right-aligned: a column of formatted numbers; a cell without a digit ("chưa có số liệu",
    "—", "") does not stop it being one, a name or a title does."""
    texts = [str(v) for v in values if v is not None and not (isinstance(v, float) and pd.isna(v))]
    numbers = [bool(_NUMBER_CELL.match(v.strip())) for v in texts]
    return any(numbers) and all(n or not any(ch.isdigit() for ch in v) for n, v in zip(numbers, texts, strict=True))


def table_html(shown: pd.DataFrame, label: str, *, max_height_px: int | None = None) -> str:
    """A frame of display text (kcdash.ui.tables.display_frame) as an HTML table in a scrolling region:
    the region is one keyboard stop named `label` (arrow keys scroll it), the header row and the
    first column stay in view while it scrolls, columns of numbers are right-aligned, and every
    cell's whole text is there for a screen reader and for the browser's find. Every header and
    cell is escaped: a name or title from the data is shown as the text it is. `max_height_px`
    caps the region's height (else the stylesheet's).

    HTML, not the scrolling grid: the grid rebuilds a hidden copy of its cells for screen readers
    a while after its data changed, the last thing a filter change waited for on the records
    and comparison pages (measured in Chromium, bench/NOTES.md); this table is drawn at once."""

    def esc(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        return html.escape(str(value), quote=True)

    # a column at a time, as Python lists: walking the rows of a wide frame of Arrow text was
    # slower for the 63-province comparison table
    columns = [shown.iloc[:, i].tolist() for i in range(shown.shape[1])]
    num = [' class="num"' if _numeric_column(values) else "" for values in columns]
    head = "".join(f'<th scope="col"{n}>{esc(c)}</th>' for c, n in zip(shown.columns, num, strict=True))
    rows = []
    for values in zip(*columns, strict=True):
        first, *rest = (esc(v) for v in values)
        cells = "".join(f"<td{n}>{v}</td>" for v, n in zip(rest, num[1:], strict=True))
        rows.append(f'<tr><th scope="row"{num[0]}>{first}</th>{cells}</tr>')
    height = f' style="max-height:{int(max_height_px)}px"' if max_height_px else ""
    return (
        f'<div class="{TABLE_CLASS}" role="region" tabindex="0" aria-label="{esc(label)}"{height}>'
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


# ---- margins ----------------------------------------------------------------------

TICK_CHAR_PX = 7.2
"""The width of one character of a tick label (13 px face; digits are about 6.5 px): generous."""
TICK_LINE_PX = 24
"""The height of a line of x tick labels with the gap above it."""
EDGE_TICK_PX = 24
"""Right margin of an axis whose last tick sits on the plot's right edge (half of "100%" and a gap)."""
AXIS_TITLE_PX = 28
"""An axis title's line and its standoff."""
ROTATED_TICKS = 10
"""From this many values along the x axis, Plotly may turn its labels on a narrow chart."""
NOT_NUMBER_AXES = ("category", "multicategory", "date", "log")
"""Axis types whose labels are not worked out here (`fit_margins`)."""
LEGEND_BELOW_TURNED = -0.2
"""The top of a legend under the plot (a share of the plot's height) when the x labels may turn."""


def fit_margins(fig: go.Figure) -> go.Figure:
    """Margins that hold the axes' labels, worked out here, with Plotly's `automargin` turned off
    on the axes they were worked out for. `automargin` measures the drawn labels and, when they
    need more room, draws the chart again: about half of each chart's drawing time in the browser
    (measured in Chromium on the budget page's charts, bench/NOTES.md).

    Worked out for the left axis of numbers (the widest tick label: the largest value, stacked
    bars summed, formatted as the axis formats it, plus room to spare) and the bottom axis of
    years or numbers; an axis of names (a category axis, horizontal bars), on the right or on top,
    or turned is left to `automargin`; a legend under such turned labels is moved below them.
    Returns `fig`."""
    layout = fig.layout.to_plotly_json()
    traces = [trace.to_plotly_json() for trace in fig.data]
    # set property by property: the template stays (`set_layout` would put Plotly's back)
    for side, prefix, needed in (
        ("l", "yaxis", _left_labels_px(layout, traces)),
        ("b", "xaxis", _bottom_labels_px(layout, traces)),
    ):
        if needed is None:
            continue
        fig.layout.margin[side] = max(int((layout.get("margin") or {}).get(side, 0)), needed)
        for name in _axis_names(layout, prefix):
            fig.layout[name].automargin = False
    legend = layout.get("legend") or {}
    if _many_x_values(traces) and legend.get("yanchor") == "top" and float(legend.get("y", 1)) > LEGEND_BELOW_TURNED:
        fig.layout.legend.y = LEGEND_BELOW_TURNED  # below turned year labels, not on them (phones)
    return fig


def _titled(axis: dict) -> bool:
    return bool(((axis.get("title") or {}).get("text") or "").strip())


def _many_x_values(traces: list[dict]) -> bool:
    """Enough numbers along the x axis that Plotly may turn its labels on a narrow chart."""
    xs = [_numbers(tr.get("x")) for tr in traces]
    return not any(x is None for x in xs) and len({v for x in xs for v in x or ()}) >= ROTATED_TICKS


def _values(values: Any) -> list[Any]:
    """A trace's x or y as a list; Plotly's packed arrays ({"dtype", "bdata"}) unpacked."""
    if values is None:
        return []
    if isinstance(values, dict) and "bdata" in values:
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return list(values)


def _numbers(values: Any) -> list[float] | None:
    """The values as floats (missing ones left out), or None when one is not a number (a name)."""
    out = []
    for v in _values(values):
        if v is None:
            continue
        if isinstance(v, bool | str):
            return None
        try:
            number = float(v)  # Python and numpy numbers
        except (TypeError, ValueError):
            return None
        if not math.isnan(number):
            out.append(number)
    return out


def _left_labels_px(layout: dict, traces: list[dict]) -> int | None:
    axis = layout.get("yaxis") or {}
    if axis.get("side") in ("right", "top") or axis.get("type") in NOT_NUMBER_AXES:
        return None
    if "categoryarray" in axis or axis.get("showticklabels") is False:
        return None
    shared = {"y"} | {
        "y" + name[len("yaxis") :]
        for name in _axis_names(layout, "yaxis")
        if (layout.get(name) or {}).get("matches") == "y"
    }
    on_axis = [tr for tr in traces if (tr.get("yaxis") or "y") in shared]
    if not on_axis or any(tr.get("orientation") == "h" for tr in traces):
        return None
    stacks: dict[Any, list[float]] = {}
    extremes: list[float] = []
    stacked = layout.get("barmode") in ("stack", "relative")
    for tr in on_axis:
        ys = _numbers(tr.get("y"))
        if ys is None:
            return None
        if stacked and tr.get("type") == "bar":  # a bar's stack: its positive and its negative parts
            raw = _values(tr.get("y"))
            for x, y in zip(_values(tr.get("x")) or range(len(raw)), raw, strict=False):
                if y is not None and not math.isnan(float(y)):
                    stack = stacks.setdefault((tr.get("yaxis") or "y", x), [0.0, 0.0])
                    stack[0 if float(y) >= 0 else 1] += float(y)
        else:
            extremes += ys
    extremes += [v for pair in stacks.values() for v in pair]
    extremes += [float(v) for v in axis.get("range") or () if isinstance(v, int | float)]
    if not extremes:
        return None
    top = max(abs(v) for v in extremes) * 1.1
    step = top / 5 if top > 0 else 1.0
    fmt = str(axis.get("tickformat") or "")
    if "~" in fmt or not fmt:  # Plotly's own steps: as many decimals as the step needs
        decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    else:
        found = re.search(r"\.(\d+)", fmt)
        decimals = int(found.group(1)) if found else 0
    digits = len(f"{int(top):,}")  # grouped thousands, one mark per group
    chars = digits + (decimals + 1 if decimals else 0) + len(str(axis.get("ticksuffix") or ""))
    chars += len(str(axis.get("tickprefix") or "")) + (1 if min(extremes) < 0 else 0)
    width = chars * TICK_CHAR_PX + 10
    if _titled(axis):
        width += AXIS_TITLE_PX
    return math.ceil(width)


def _bottom_labels_px(layout: dict, traces: list[dict]) -> int | None:
    names = _axis_names(layout, "xaxis")
    axes = [layout.get(name) or {} for name in names]
    for axis in axes:
        if axis.get("side") == "top" or axis.get("type") in NOT_NUMBER_AXES:
            return None
        if "categoryarray" in axis or axis.get("tickangle") not in (None, 0):
            return None
    if not traces or any(tr.get("orientation") == "h" for tr in traces):
        return None
    if any(_numbers(tr.get("x")) is None for tr in traces):
        return None  # names along the axis: their length and turn are Plotly's to measure
    if _many_x_values(traces):
        return None  # on a narrow chart Plotly turns crowded labels: it measures them
    height = TICK_LINE_PX
    if any(_titled(axis) for axis in axes):
        height += AXIS_TITLE_PX
    return height


# ---- illustrative watermark -------------------------------------------------------

WATERMARK_NAME = "kc-watermark"
"""`name` of the watermark annotation, so tests (and a second call) find it."""
WATERMARK_COLOR = "rgb(150,150,150)"  # mid-grey (on the page: the theme's text colour, kcdash/assets/chart.css)
WATERMARK_OPACITY = 0.3  # see-through: the chart reads under it, on light and dark themes


def watermark(fig: go.Figure, lang: str) -> go.Figure:
    """Write "MINH HỌA" / "ILLUSTRATIVE" across the plot area, inside the figure, so a screenshot,
    a copied picture or Plotly's own PNG export keeps it. Idempotent; returns `fig`."""
    if any(getattr(a, "name", None) == WATERMARK_NAME for a in fig.layout.annotations):
        return fig
    fig.layout.annotations += (  # one assignment: add_annotation validates each property (10x the time)
        {
            "name": WATERMARK_NAME,
            "text": t("chart.watermark", lang),
            "xref": "paper",
            "yref": "paper",
            "x": 0.5,
            "y": 0.5,
            "showarrow": False,
            "textangle": -18,
            "font": {"size": 44, "color": WATERMARK_COLOR},
            "opacity": WATERMARK_OPACITY,
            "captureevents": False,
        },
    )
    return fig


def has_watermark(fig: go.Figure) -> bool:
    return any(getattr(a, "name", None) == WATERMARK_NAME for a in fig.layout.annotations)
