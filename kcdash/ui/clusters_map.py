"""The clusters page's district map: the districts of one chosen province as a tile-grid map,
coloured by the highest stage a cluster reached by a year."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kcdash import fmt, tilemap
from kcdash.i18n import lang_col
from kcdash.pagedata import STAGES
from kcdash.ui import url
from kcdash.ui.blocks import data_toggle
from kcdash.ui.context import PageContext
from kcdash.ui.fragments import data_fragment
from kcdash.ui.layout import slot
from kcdash.ui.tiles import tile_map


def district_map(ctx: PageContext, districts: pd.DataFrame, shown: pd.DataFrame, *, as_of_year: int) -> None:
    """See `_district_map`; a fragment: choosing the province of the map redraws only the map."""
    _district_map(ctx, districts, shown, as_of_year=as_of_year)


@data_fragment
def _district_map(ctx: PageContext, districts: pd.DataFrame, shown: pd.DataFrame, *, as_of_year: int) -> None:
    """The districts of one chosen province as a tile-grid map, coloured by the highest stage a
    cluster reached by `as_of_year`; districts that did not exist that year are dotted outlines.

    `districts`: every district that existed (cluster_districts); `shown`: the rows the page
    may show (in published-only mode, illustrative rows are left out: their stage is "no data").
    """
    with_tiles = [c for c in [*ctx.focus, *ctx.filters.provinces] if tilemap.district_tiles(c)]
    with_tiles = list(dict.fromkeys(with_tiles))
    if not with_tiles:
        st.caption(":material/map: " + ctx.t("clusters.map_none"))
        return
    names = dict(zip(ctx.provinces["province_code"], ctx.provinces[lang_col("name", ctx.lang)], strict=True))
    province = with_tiles[0]
    with slot():  # the picker comes and goes with the second province; the map stays in place
        if len(with_tiles) > 1:
            province = url.one_of(
                ctx.t("clusters.map_province"),
                with_tiles,
                key="dmap",
                default=with_tiles[0],
                format_func=lambda c: names.get(c, c),
            )
    tiles = tilemap.district_tiles(province)
    existing = set(districts.loc[districts["province_code"] == province, "district_code"].astype(str))
    rows = {str(r["district_code"]): r for _, r in shown[shown["province_code"] == province].iterrows()}
    stage_fill = {s: tilemap.scale_color(i / max(1, len(STAGES) - 1)) for i, s in enumerate(STAGES)}
    none_fill = "#F2F2F2"
    fills: dict[str, str] = {}
    values_text: dict[str, str] = {}
    hover: dict[str, str] = {}
    states: dict[str, str] = {}
    absent = []
    for tile in tiles:
        label = tile.name(ctx.lang)
        if tile.code not in existing:
            absent.append(tile.code)
            state = ctx.t("clusters.map_absent", year=as_of_year)
            values_text[tile.code] = "—"
        elif tile.code not in rows:
            fills[tile.code] = tilemap.NO_DATA_FILL
            state = fmt.no_data(ctx.lang)
            values_text[tile.code] = "–"
        else:
            stage = rows[tile.code]["stage"]
            if isinstance(stage, str) and stage in stage_fill:
                fills[tile.code] = stage_fill[stage]
                state = ctx.t(f"stage.{stage}")
                values_text[tile.code] = str(STAGES.index(stage) + 1)
            else:
                fills[tile.code] = none_fill
                state = ctx.t("clusters.none_yet")
                values_text[tile.code] = "0"
        states[tile.code] = state
        hover[tile.code] = f"{label} · {state}"
    legend = [(f"{i + 1}: {ctx.t(f'stage.{s}')}", stage_fill[s]) for i, s in enumerate(STAGES)]
    legend.append((f"0: {ctx.t('clusters.none_yet')}", none_fill))
    province_name = names.get(province, province)
    title = ctx.t("clusters.map_title", province=province_name, year=as_of_year)
    illustrative = "is_illustrative" in shown.columns and bool(
        shown.loc[shown["province_code"] == province, "is_illustrative"].fillna(False).astype(bool).any()
    )
    spec = tilemap.tile_map(
        tiles,
        ctx.lang,
        title=title,
        label=ctx.t("clusters.map_alt", province=province_name, year=as_of_year),
        fills=fills,
        values_text=values_text,
        hover=hover,
        absent=absent,
        legend=legend,
        mark=ctx.t("chart.watermark") if illustrative else "",  # illustrative stages: marked on the map
    )
    tile_map(spec, key=f"district-map-{province}")
    st.caption(ctx.t("clusters.map_help"))
    st.caption(ctx.t("clusters.map_source"))
    frame = pd.DataFrame(
        [
            {
                "district": tile.name(ctx.lang),
                "abbr": tile.abbr,
                "state": states[tile.code],
                "value": values_text[tile.code],
            }
            for tile in tiles
        ]
    )
    data_toggle(
        frame,
        [
            ("district", "col.district", None),
            ("abbr", "col.abbr", None),
            ("value", "col.stage_number", None),
            ("state", "col.stage_reached", None),
        ],
        ctx.lang,
        key=f"district-map-{province}",
        label=ctx.t("chart.show_data"),
    )
