"""Margins worked out on the server, so the browser does not measure and draw a chart twice."""

from __future__ import annotations

import base64
import math
import re
from typing import Any

import numpy as np
import plotly.graph_objects as go

from kcdash.charts.base import (
    _axis_names,
)

# ---- margins ----------------------------------------------------------------------

TICK_CHAR_PX = 7.2
"""The width of one character of a tick label (13 px face; digits are about 6.5 px): generous."""
TICK_LINE_PX = 24
"""The height of a line of x tick labels with the gap above it."""
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


def _titled(axis: dict[str, Any]) -> bool:
    return bool(((axis.get("title") or {}).get("text") or "").strip())


def _many_x_values(traces: list[dict[str, Any]]) -> bool:
    """Enough numbers along the x axis that Plotly may turn its labels on a narrow chart."""
    xs = [_numbers(tr.get("x")) for tr in traces]
    return not any(x is None for x in xs) and len({v for x in xs for v in x or ()}) >= ROTATED_TICKS


def _values(values: Any) -> list[Any]:
    """A trace's x or y as a list; Plotly's packed arrays ({"dtype", "bdata"}) unpacked."""
    if values is None:
        return []
    if isinstance(values, dict) and "bdata" in values:
        unpacked: list[Any] = np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
        return unpacked
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


def _left_labels_px(layout: dict[str, Any], traces: list[dict[str, Any]]) -> int | None:
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


def _bottom_labels_px(layout: dict[str, Any], traces: list[dict[str, Any]]) -> int | None:
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
