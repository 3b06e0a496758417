"""What every chart shares: the colours, the template, the layout set once, traces made without
Plotly's validation, the provinces of a frame in display order."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

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

# a measure's d3 format (its hover, its axis) is the registry's (kcdash.measures); the grouping
# and decimal marks come from layout.separators
EDGE_TICK_PX = 24
"""Right margin of an axis whose last tick sits on the plot's right edge (half of "100%" and a gap)."""


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
    on a phone a long district name with its province after it was cut off. A name that needs
    more than one line is cut into lines of about equal length ("Chế biến nông," / "lâm, thủy
    sản", not "Chế biến nông, lâm, thủy" / "sản")."""
    words = str(name).split()
    lines = _lines(words, width)
    if len(lines) > 1:  # the narrowest width that still needs no more lines
        for narrower in range(-(-len(" ".join(words)) // len(lines)), width):
            balanced = _lines(words, narrower)
            if len(balanced) == len(lines):
                lines = balanced
                break
    return "<br>".join(_esc(line) for line in lines)


def _lines(words: list[str], width: int) -> list[str]:
    """`words` filled greedily into lines of at most `width` characters (a longer word alone)."""
    lines: list[str] = []
    for word in words:
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def label_lines(label: str) -> int:
    """How many lines an axis label written by `category_label` takes."""
    return label.count("<br>") + 1


def wrap_title(title: str, width: int = TITLE_LINE_CHARS) -> str:
    """A long chart title on two lines (Plotly never wraps, and a phone shows ~40 characters)."""
    if len(title) <= width or "<br>" in title:
        return title
    spaces = [i for i, c in enumerate(title) if c == " "]
    if not spaces:
        return title
    cut = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return title[:cut] + "<br>" + title[cut + 1 :]


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    """`base` with `extra` written over it, nested dicts merged (as Plotly's update merges them)."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _axis_names(layout: dict[str, Any], prefix: str) -> list[str]:
    """Every x (or y) axis a figure has: "xaxis", "xaxis2"… (subplots); at least the first."""
    names = [k for k in layout if k == prefix or (k.startswith(prefix) and k[len(prefix) :].isdigit())]
    return names or [prefix]


class Traces(list[dict[str, Any]]):
    """The traces of a figure being built, as dicts: `add_bar`/`add_scatter` as on a Figure, but
    nothing is checked until the figure is made, once, by `new_figure` (see there).
    `base_layout`: what the layout starts from (the panels of `_panels`)."""

    def __init__(self, base_layout: dict[str, Any] | None = None) -> None:
        super().__init__()
        self.base_layout = base_layout or {}

    def add_bar(self, **props: Any) -> None:
        self.append({"type": "bar", **_arrays(props)})

    def add_scatter(self, **props: Any) -> None:
        self.append({"type": "scatter", **_arrays(props)})


def _arrays(props: dict[str, Any]) -> dict[str, Any]:
    """Columns as NumPy arrays, as Plotly's validation would leave them (read by position)."""
    return {k: v.to_numpy() if isinstance(v, pd.Series | pd.Index) else v for k, v in props.items()}


def new_figure(traces: list[dict[str, Any]], layout: dict[str, Any] | None = None) -> go.Figure:
    """A figure made at once from its traces and layout, without Plotly's validation: Plotly checks
    every property of every trace and of the layout on each assignment, about half of a chart's
    build time on the server. Every figure the builders make in the tests is validated
    instead (tests/conftest.py: a property Plotly does not know, or a value it refuses, fails)."""
    return go.Figure({"data": list(traces), "layout": layout or {}}, _validate=False)


def _layout(
    fig: go.Figure | Traces, lang: str, *, title: str, x_title: str = "", y_title: str = "", **extra: Any
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


def set_layout(fig: go.Figure | Traces, spec: dict[str, Any]) -> go.Figure:
    """`fig` with `spec` merged into its layout, validated once; traces become a figure with
    `spec` as its layout, not validated (`new_figure`)."""
    return _assign(fig, fig.base_layout if isinstance(fig, Traces) else fig.layout.to_plotly_json(), spec)


def _assign(fig: go.Figure | Traces, current: dict[str, Any], spec: dict[str, Any]) -> go.Figure:
    # the template is left out: Plotly puts its default back, and validating it again is slow;
    # a dict is validated once, by the setter (a go.Layout object would be validated twice)
    layout = _merge({k: v for k, v in current.items() if k != "template"}, spec)
    if isinstance(fig, Traces):
        return new_figure(fig, layout)
    fig.layout = layout
    return fig


def _year_axis(fig: go.Figure | Traces, panels: int = 1) -> dict[str, Any]:
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


class _Groups(dict[Any, pd.DataFrame]):
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
