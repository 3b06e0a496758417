"""Industrial clusters: the share of districts with a cluster per year, and its goal."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from kcdash import fmt, measures
from kcdash.charts.base import (
    OKABE_ITO,
    TARGET_DASH,
    Traces,
    _groups,
    _layout,
    _provinces_in,
    _year_axis,
    empty_figure,
)
from kcdash.i18n import t
from kcdash.safe import hover_text as _esc  # the one hover escaper (kcdash.safe)

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
    share, count = measures.CLUSTER_SHARE.format.d3, measures.DISTRICTS.format.d3
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
                .replace("\x01", f"%{{customdata[0]:{count}}}")
                .replace("\x02", f"%{{customdata[1]:{count}}}")
                + f" (%{{y:{share}}}%)<extra></extra>"
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
                hovertemplate=f"{_esc(label)}: %{{y:{share}}}%<extra></extra>",
            )
    return _layout(
        fig,
        lang,
        title=title,
        x_title=year_l,
        y_title=t(measures.CLUSTER_SHARE.label_key, lang),
        yaxis={"range": [0, 105], "ticksuffix": "%"},
        xaxis=_year_axis(fig),
    )
