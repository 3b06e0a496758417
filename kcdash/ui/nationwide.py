"""The national layout, for more provinces than fit side by side: the chosen provinces'
totals, the tile-grid map beside the sorted ranking (a measure picker, the 34 provinces of 2025 on
request), and the focus provinces that keep columns of their own (chosen on the map or by name)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from kcdash import charts, fmt, tilemap
from kcdash.i18n import lang_col
from kcdash.national import GROUP_2025, province_reference, regrouped_2025
from kcdash.pagedata import FEW_PROVINCES, focus_in, ranking
from kcdash.safe import md_escape
from kcdash.ui import url
from kcdash.ui.blocks import data_toggle
from kcdash.ui.context import PageContext, page_illustrative
from kcdash.ui.fragments import data_fragment
from kcdash.ui.scale import many, many_text
from kcdash.ui.tables import Columns
from kcdash.ui.tiles import tile_map


def many_note(ctx: PageContext) -> None:
    """One line saying what the national layout shows and how to see provinces side by side."""
    if not many(ctx):
        return
    st.caption(":material/public: " + md_escape(many_text(ctx)))


def totals_row(ctx: PageContext, items: list[tuple[str, str, str | None]]) -> None:
    """The chosen provinces together, as one row of metrics: (label, value, help)."""
    st.subheader(ctx.t("scale.total_title", n=fmt.integer(len(ctx.filters.provinces), ctx.lang)))
    row = st.container(horizontal=True, gap="medium")
    for label, value, help_ in items:
        if page_illustrative():  # a sum of illustrative records says so
            value = ctx.t("mark.illustrative_cell", value=value)
        with row:
            st.metric(label, value, help=help_, width="content", border=True)


def _add_focus(code: str | None) -> None:
    """Put a province into the focus filter (the oldest leaves when the focus is full)."""
    if not code:
        return
    focus = [c for c in st.session_state.get("focus", []) or [] if c != code]
    focus.append(code)
    st.session_state["focus"] = focus[-FEW_PROVINCES:]


def _focus_from_map(map_key: str, allowed: tuple[str, ...]) -> None:
    result = st.session_state.get(map_key)
    _add_focus(tilemap.clicked_code(getattr(result, "clicked", None), allowed))


def _focus_from_select(select_key: str) -> None:
    _add_focus(st.session_state.get(select_key))
    st.session_state[select_key] = None


def province_map(
    ctx: PageContext,
    frame: pd.DataFrame,
    *,
    value: str,
    value_label: str,
    formatter: Callable[[object, str], str],
    key: str,
    title: str,
    source: str,
    columns: Columns,
    real: bool = False,
) -> None:
    """The chosen provinces on the tile-grid map, coloured by `value`; a click on a tile (or Enter:
    the tiles are one tab stop, arrow keys move between them; or the select under the map, which
    finds a province by name) adds that province to the focus; its table one click away.

    `frame`: one row per province (province_code, name_vi/en, `value`).
    """
    name = lang_col("name", ctx.lang)
    codes = frame["province_code"].astype(str)
    values = dict(zip(codes, frame[value], strict=True))
    names = dict(zip(codes, frame[name].astype(str), strict=True))
    tiles = [tile for tile in tilemap.province_tiles() if tile.code in values]
    missing = sorted(set(values) - {tile.code for tile in tiles})
    fills = tilemap.sequential_colors(values)
    focus = set(ctx.focus)
    hover = {}
    for code, v in values.items():
        shown = fmt.no_data(ctx.lang) if fmt.is_missing(v) else formatter(v, ctx.lang)
        extra = ctx.t("map.focus_hover") if code in focus else ctx.t("map.click_hover")
        hover[code] = f"{names.get(code, code)} · {value_label}: {shown} · {extra}"
    present = [float(v) for v in values.values() if not fmt.is_missing(v)]
    illustrative = page_illustrative() and not real  # a published measure is the reports' own
    if illustrative and ctx.published_only:  # no illustrative number in published mode
        st.caption(":material/visibility_off: " + md_escape(ctx.t("mode.records_hidden_title")))
        return
    spec = tilemap.tile_map(
        tiles,
        ctx.lang,
        title=title,
        label=ctx.t("map.alt", measure=value_label),
        fills=fills,
        values_text={code: tilemap.compact(v, ctx.lang, million_vnd="million" in value) for code, v in values.items()},
        hover=hover,
        focus=focus,
        colorbar=(formatter(min(present), ctx.lang), formatter(max(present), ctx.lang), value_label)
        if present
        else None,
        mark=ctx.t("chart.watermark") if illustrative else "",
        clickable=True,
    )
    map_key = f"map-{key}"
    tile_map(spec, key=map_key, on_click=functools.partial(_focus_from_map, map_key, tuple(values)))
    select_key = f"map-pick-{key}"
    st.selectbox(
        ctx.t("map.keyboard"),
        [c for c in ctx.filters.provinces if c not in focus],
        index=None,
        key=select_key,
        format_func=lambda c: names.get(c, c),
        placeholder=ctx.t("map.keyboard_placeholder"),
        on_change=_focus_from_select,
        args=(select_key,),
    )
    st.caption(ctx.t("map.help"))
    st.caption(source + " " + ctx.t("map.source"))
    if missing:
        st.caption(ctx.t("map.not_drawn", n=len(missing), codes=", ".join(missing)))
    data_toggle(frame, columns, ctx.lang, key=key, label=ctx.t("chart.show_data"))


MapMeasure = tuple[str, Callable[[object, str], str]]
"""(label, formatter(value, lang)): the label names the unit, e.g. "Kinh phí (triệu đồng)"."""


@data_fragment
def national_view(
    ctx: PageContext,
    frame: pd.DataFrame,
    measures: Mapping[str, MapMeasure],
    *,
    key: str,
    source: str,
    sums: tuple[str, ...] = (),
) -> None:
    """The chosen provinces at a glance: a measure picker (in the URL as `map`), the tile-grid
    map beside the sorted ranking (focus provinces highlighted), each with its table.
    `frame`: one row per province with a column per measure. A measure whose code starts with
    `published_` is the reports' own figure: no illustrative mark, shown in published mode too.
    `sums`: the measures that add up over provinces; with them, a control (`units` in the URL)
    regroups the provinces into the 34 of 1 July 2025, the sums marked as regrouped.

    A fragment: changing the measure redraws only the map and ranking, not the page; a click
    that changes the focus reruns the whole page (the focus provinces' cards follow it)."""
    if tuple(focus_in(st.session_state.get("focus") or [], ctx.filters.provinces)) != ctx.focus:
        st.rerun(scope="app")  # the map or its select changed the focus: every part of the page follows
    units = "reported"
    if sums:
        units = url.one_of(
            ctx.t("regroup.label"),
            ["reported", GROUP_2025],
            key="units",
            default="reported",
            format_func=lambda u: ctx.t(f"regroup.{u}"),
            help=ctx.t("regroup.help"),
        )
    regrouped = units == GROUP_2025
    if regrouped:
        measures = {m: v for m, v in measures.items() if m in sums}
    codes = list(measures)
    measure = url.one_of(ctx.t("map.measure"), codes, key="map", default=codes[0], format_func=lambda m: measures[m][0])
    label, formatter = measures[measure]
    real = measure.startswith("published_")
    name = lang_col("name", ctx.lang)
    if regrouped:
        groups = regrouped_2025(frame, province_reference(), list(sums))
        focus = set(ctx.focus)
        focus_groups = [
            c for c, members in zip(groups["province_code"], groups["members"], strict=True) if focus & set(members)
        ]
        ranked = ranking(groups, measure, focus_groups)
        on_map = ranked.explode("members").drop(columns="province_code").rename(columns={"members": "province_code"})
        label = ctx.t("regroup.measure", measure=label)
        st.caption(ctx.t("regroup.note"))
    else:
        ranked = ranking(frame, measure, list(ctx.focus))
        on_map = ranked
    ranked["focus_label"] = ranked["is_focus"].map(lambda v: ctx.t("common.yes") if v else "")
    columns: Columns = [
        ("rank", "col.rank", None),
        (name, "col.province", None),
        (measure, "col.value", formatter),
        ("focus_label", "col.focus", None),
    ]
    if regrouped:
        columns.insert(2, (lang_col("member_names", ctx.lang), "col.provinces_before_2025", None))
    years = fmt.year_range(ctx.filters.year_from, ctx.filters.year_to)
    left, right = st.columns([2, 3], gap="large")
    with left:
        province_map(
            ctx,
            on_map,
            value=measure,
            value_label=label,
            formatter=formatter,
            key=f"{key}-map",
            title=ctx.t("map.title", measure=label, years=years),
            source=source,
            columns=columns,
            real=real,
        )
    with right:
        ranking_block(
            ctx,
            ranked,
            key=f"{key}-ranking",
            value=measure,
            title=ctx.t("rank.title", measure=label),
            value_title=label,
            formatter=formatter,
            source=source,
            columns=columns,
            real=real,
        )


def ranking_block(
    ctx: PageContext,
    ranked: pd.DataFrame,
    *,
    key: str,
    value: str,
    title: str,
    value_title: str,
    formatter: Callable[[object, str], str],
    source: str,
    columns: Columns,
    real: bool = False,
) -> None:
    """The provinces ranked (`kcdash.charts.ranking_html`), its source line and its numbers one
    click away, as `kcdash.ui.blocks.chart_block` does for a figure: marked when the page's records are
    illustrative, and left out in published mode (a `real` measure, the reports' own, is neither)."""
    flag = page_illustrative() and not real
    if ctx.published_only and flag:
        st.caption(
            ":material/visibility_off: " + md_escape(ctx.t("mode.records_hidden_title")) + f" ({md_escape(title)})"
        )
        return
    mark = ctx.t("mark.illustrative") + " · " + ctx.t("mark.column_illustrative") if flag else ""
    st.html(
        charts.ranking_html(
            ranked,
            ctx.lang,
            ctx.colors,
            value=value,
            title=title,
            value_title=value_title,
            focus=list(ctx.focus),
            formatter=formatter,
            mark=mark,
        )
    )
    st.caption(source)
    data_toggle(ranked, columns, ctx.lang, key=key, label=ctx.t("chart.show_data"))
