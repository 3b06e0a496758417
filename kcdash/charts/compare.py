"""The compare page's charts: indexed trends, one measure per year, a measure per district."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kcdash import measures
from kcdash.charts.base import (
    OKABE_ITO,
    Traces,
    _groups,
    _layout,
    _provinces_in,
    empty_figure,
)
from kcdash.charts.training import province_lines
from kcdash.i18n import t
from kcdash.measures import AXIS, Measure
from kcdash.safe import hover_text as _esc  # the one hover escaper (kcdash.safe)

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


def measure_by_year(df: pd.DataFrame, lang: str, colors: dict[str, str], *, measure: Measure) -> go.Figure:
    """One measure of totals_by_province_year per province and year (its label with its unit on
    the axis, so the hover writes the number alone)."""
    label = t(measure.label_key, lang)
    return province_lines(
        df,
        lang,
        colors,
        y=measure.code,
        title=t("chart.measure_by_year", lang, measure=label),
        y_title=label,
        value_format=measure.format.d3,
        name_base="name",
    )


def per_district(
    df: pd.DataFrame, lang: str, colors: dict[str, str], *, measure: Measure, value_label: str
) -> go.Figure:
    """A per-district measure as one bar per province (`df`: one row per province); `value_label`
    names the measure it is the average of."""
    value, value_format, count = measure.code, measure.format.d3, measures.DISTRICTS.format.d3
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
                + _esc(t("chart.districts_hover", lang, n="\x01")).replace("\x01", f"%{{customdata[0]:{count}}}")
                + "<extra></extra>"
            ),
        )
    return _layout(
        fig, lang, title=title, y_title=value_label, showlegend=False, yaxis={"tickformat": AXIS, "rangemode": "tozero"}
    )
