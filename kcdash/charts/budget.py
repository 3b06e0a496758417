"""Budget: per year and fund (a panel per province), by khuyến công content, each fund's share,
per trainee."""

from __future__ import annotations

import functools
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from kcdash import measures
from kcdash.charts.base import (
    EDGE_TICK_PX,
    TITLE_LINE_CHARS,
    UNIFORM_TEXT_PX,
    Traces,
    _axis_names,
    _groups,
    _layout,
    _provinces_in,
    _year_axis,
    category_label,
    empty_figure,
)
from kcdash.charts.training import measure_lines, ranked_bars
from kcdash.i18n import lang_col, t
from kcdash.measures import AXIS
from kcdash.safe import hover_text as _esc  # the one hover escaper (kcdash.safe)

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
    money, unit = measures.BUDGET.format.d3, measures.BUDGET.hover_suffix(lang)
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
                    f"<b>{_esc(pname)}</b> · %{{x}}<br>{_esc(fname)}: %{{y:{money}}}{_esc(unit)}<extra></extra>"
                ),
                xaxis=f"x{col if col > 1 else ''}",
                yaxis=f"y{col if col > 1 else ''}",
            )
    years = _year_axis(fig, panels=len(provinces))  # narrower panels, fewer year labels
    axes: dict[str, Any] = {name: {"tickformat": "d", "dtick": years["dtick"]} for name in _axis_names(panels, "xaxis")}
    axes |= {name: {"tickformat": AXIS} for name in _axis_names(panels, "yaxis")}
    axes["yaxis"]["title"] = {"text": t(measures.BUDGET.label_key, lang)}
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
def _panels(n: int) -> tuple[dict[str, Any], tuple[dict[str, Any], ...]]:
    """The layout of `n` side-by-side panels sharing one y axis, and their titles' annotations,
    as `make_subplots` makes them: made once per `n` (make_subplots validates as it goes, which is slow)."""
    grid = make_subplots(rows=1, cols=n, shared_yaxes=True, subplot_titles=[str(i) for i in range(n)])
    layout = grid.layout.to_plotly_json()
    layout.pop("template", None)
    titles = tuple(layout.pop("annotations", ()))
    return layout, titles


def budget_by_activity(df: pd.DataFrame, lang: str, colors: dict[str, str]) -> go.Figure:
    """Budget per khuyến công content (Decree 45/2012, Art. 4), ranked, stacked by province."""
    labels = df[lang_col("activity_type_name", lang)]
    return ranked_bars(df, labels, lang, colors, measure=measures.BUDGET, title=t("chart.budget_by_activity", lang))


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
    share, money, unit = measures.FUND_SHARE.format.d3, measures.BUDGET.format.d3, measures.BUDGET.hover_suffix(lang)
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
            texttemplate=f"%{{x:{share}}}%",
            textposition="inside",
            hovertemplate=(
                f"<b>%{{y}}</b><br>{_esc(fname)}: %{{x:{share}}}% (%{{customdata[0]:{money}}}{_esc(unit)})<extra></extra>"
            ),
        )
    return _layout(
        fig,
        lang,
        title=title,
        x_title=t(measures.FUND_SHARE.label_key, lang),
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
    return measure_lines(
        df,
        lang,
        colors,
        measures.BUDGET_PER_TRAINEE,
        title=t("chart.budget_per_trainee", lang),
        name_base="province_name",
    )
