"""Training and jobs: trainees and new jobs per year, ranked bars by craft and district, one line
per province (shared with the budget and compare charts)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kcdash import measures
from kcdash.charts.base import (
    OKABE_ITO,
    TARGET_DASH,
    TITLE_LINE_CHARS,
    Traces,
    _groups,
    _layout,
    _provinces_in,
    _year_axis,
    category_label,
    empty_figure,
    label_lines,
)
from kcdash.i18n import lang_col, t
from kcdash.measures import AXIS, Measure
from kcdash.safe import hover_text as _esc  # the one hover escaper (kcdash.safe)

# ---- training and jobs ----------------------------------------------------------------------


def trainees_jobs_by_year(df: pd.DataFrame, lang: str, colors: dict[str, str]) -> go.Figure:
    """Trainees (bars) and new jobs (dotted line) per year, one colour per province.

    `df`: totals_by_province_year (province_code, name_vi/en, year, trainees, new_jobs).
    """
    title = t("chart.trainees_jobs_by_year", lang)
    if df.empty:
        return empty_figure(lang, title)
    fig = Traces()
    year_l, tr_l, jobs_l = (
        t("label.year", lang),
        t(measures.TRAINEES.name_key, lang),
        t(measures.NEW_JOBS.name_key, lang),
    )
    trainees_d3, jobs_d3 = measures.TRAINEES.format.d3, measures.NEW_JOBS.format.d3
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
            hovertemplate=f"<b>{_esc(name)}</b><br>{_esc(year_l)}: %{{x}}<br>{_esc(tr_l)}: %{{y:{trainees_d3}}}<extra></extra>",
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
            hovertemplate=f"<b>{_esc(name)}</b><br>{_esc(year_l)}: %{{x}}<br>{_esc(jobs_l)}: %{{y:{jobs_d3}}}<extra></extra>",
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
    labels: pd.Series,
    lang: str,
    colors: dict[str, str],
    *,
    measure: Measure,
    title: str,
) -> go.Figure:
    """Horizontal bars ranked by the total over provinces, stacked by province.

    `df` holds province_code, province_name_vi/en and the `measure`'s column, written as the
    registry writes it; `labels` (aligned with `df`) names the bar each row adds to.
    """
    value, value_title = measure.code, t(measure.label_key, lang)
    value_format, unit_suffix = measure.format.d3, measure.hover_suffix(lang)
    if df.empty or df[value].isna().all():
        return empty_figure(lang, title)
    category = "bar_label"
    df = df.assign(**{category: labels})
    totals = df.groupby(category, sort=False)[value].sum(min_count=1).sort_values(ascending=True)
    wrapped = {c: category_label(c) for c in totals.index}
    order = [wrapped[c] for c in totals.index]
    fig = Traces()
    parts = _groups(df, "province_code", [category, value])
    for code, name in _provinces_in(df, lang, order=colors):
        part = parts[code]
        fig.add_bar(
            y=part[category].map(wrapped),
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
        # Plotly gives every bar the same height, so the label of most lines sets each bar's room
        height=max(340, 120 + len(order) * max(28, 18 * max(map(label_lines, order)) + 10)),
    )


def trainees_by_craft(df: pd.DataFrame, lang: str, colors: dict[str, str]) -> go.Figure:
    """Trainees per craft, ranked; activities with no craft are one labelled row."""
    labels = df[lang_col("craft_name", lang)].astype(object).where(df["craft_code"].notna(), t("label.no_craft", lang))
    return ranked_bars(df, labels, lang, colors, measure=measures.TRAINEES, title=t("chart.trainees_by_craft", lang))


def trainees_by_district(df: pd.DataFrame, lang: str, colors: dict[str, str]) -> go.Figure:
    """Trainees per district, ranked; province-wide activities are one row per province."""
    wide = t("label.province_wide", lang) + " · " + df[lang_col("province_name", lang)].astype(object)
    labels = df[lang_col("district_name", lang)].astype(object).where(df["district_code"].notna(), wide)
    return ranked_bars(df, labels, lang, colors, measure=measures.TRAINEES, title=t("chart.trainees_by_district", lang))


def province_lines(
    df: pd.DataFrame,
    lang: str,
    colors: dict[str, str],
    *,
    y: str,
    title: str,
    y_title: str,
    value_format: str,
    unit_suffix: str = "",
    tick_format: str = AXIS,
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
            "tickformat": tick_format,
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
    return measure_lines(df, lang, colors, measures.JOBS_PER_100, title=t("chart.jobs_per_trainee_by_year", lang))


def measure_lines(
    df: pd.DataFrame, lang: str, colors: dict[str, str], measure: Measure, *, title: str, name_base: str = "name"
) -> go.Figure:
    """One line per province of a measure of the registry: its column, axis title, hover and ticks."""
    return province_lines(
        df,
        lang,
        colors,
        y=measure.code,
        title=title,
        y_title=t(measure.label_key, lang),
        value_format=measure.format.d3,
        unit_suffix=measure.hover_suffix(lang),
        tick_format=measure.tick_format,
        name_base=name_base,
    )
