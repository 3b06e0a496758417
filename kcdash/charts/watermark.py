"""The illustrative mark, written inside the figure so a screenshot keeps it."""

from __future__ import annotations

import plotly.graph_objects as go

from kcdash.i18n import t

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
