"""Each province's key figures, published figures first: the cards (kcdash.cards) drawn as the
overview's table (kcdash.glance), which provinces get a column of their own and its heading, and
the words of a published figure (its value, its period, the title of its report)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import pandas as pd
import streamlit as st

from kcdash import cards as card_model
from kcdash import glance, pagedata
from kcdash.i18n import lang_col
from kcdash.safe import md_escape
from kcdash.ui.context import PageContext, current, page_illustrative
from kcdash.ui.scale import many


def published_value(row: Mapping[str, object] | pd.Series, lang: str) -> str:
    """A published figure as the report states it ("gần 4 tỷ đồng"): see kcdash.cards."""
    return card_model.published_value(row, lang)


def period_text(row: Mapping[str, object] | pd.Series, lang: str) -> str:
    """The period a published figure covers: "2007–2012", "đến 2012", or "" (kcdash.cards)."""
    return card_model.period_text(row, lang)


def source_title(source_file: object, lang: str) -> str:
    """The title to cite for a source file (kcdash.cards.source_title over the sources table)."""
    return card_model.source_title(source_file, pagedata.sources(()), lang)


def swatch(color: str) -> str:
    """A small square in a province's colour (the colour must be #rrggbb; anything else is dropped)."""
    if not isinstance(color, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        return ""
    return (
        f'<span aria-hidden="true" style="display:inline-block;width:0.8em;height:0.8em;'
        f'background:{color};border-radius:2px;margin-right:0.4em"></span>'
    )


def province_heading(name: str, color: str, *, mark: bool | None = None) -> None:
    """A province's column heading; on a page of illustrative records (default) a "MINH HỌA" badge
    under it marks every number in the column."""
    st.markdown(f"### {swatch(color)}{md_escape(name)}", unsafe_allow_html=True)
    ctx = current()
    if ctx is not None and ((page_illustrative() and not ctx.published_only) if mark is None else mark):
        st.markdown(
            f":orange-badge[:material/science: {md_escape(ctx.t('mark.illustrative'))}] "
            + md_escape(ctx.t("mark.column_illustrative"))
        )


def card_provinces(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of `frame` that get a column of their own: every chosen province when few are
    chosen, else the focus provinces (in focus order); says so when there is no focus."""
    if not many(ctx):
        return frame
    rows = frame[frame["province_code"].isin(ctx.focus)]
    st.subheader(ctx.t("scale.focus_title"))
    if rows.empty:
        st.info(ctx.t("scale.focus_none"), icon=":material/center_focus_weak:")
    order = {c: i for i, c in enumerate(ctx.focus)}
    return rows.assign(_o=rows["province_code"].map(order)).sort_values("_o").drop(columns="_o")


def province_columns(ctx: PageContext, frame: pd.DataFrame) -> Iterator[pd.Series]:
    """Each card province's row of `frame` (`card_provinces`) in a column of its own under its
    heading: the caller draws the rest of the column while it holds the row."""
    rows = card_provinces(ctx, frame)
    name = lang_col("name", ctx.lang)
    for column, (_, row) in zip(st.columns(max(1, len(rows))), rows.iterrows(), strict=False):
        with column:
            province_heading(row[name], ctx.colors.get(row["province_code"], ""))
            yield row


def province_cards(ctx: PageContext, provinces: tuple[str, ...] | None = None) -> list[card_model.ProvinceCards]:
    """The `kcdash.cards.ProvinceCards` of the chosen provinces (or `provinces`), in that order."""
    f = ctx.filters if provinces is None else ctx.filters.with_(provinces=tuple(provinces))
    frames = pagedata.province_cards(f, ctx.years_chosen)
    chosen = ctx.provinces[ctx.provinces["province_code"].isin(f.provinces)]
    if provinces is not None:  # in the order asked (the focus order), not the reference order
        order = {c: i for i, c in enumerate(provinces)}
        chosen = chosen.assign(_o=chosen["province_code"].map(order)).sort_values("_o").drop(columns="_o")
    return card_model.build(
        frames,
        chosen,
        year_from=f.year_from,
        year_to=f.year_to,
        years_chosen=ctx.years_chosen,
        mode=ctx.mode,
        lang=ctx.lang,
    )


def key_figures(ctx: PageContext, built: list[card_model.ProvinceCards]) -> None:
    """The provinces' key figures side by side, one compact table (kcdash.glance): the published
    figure first in bold, the records' sum under it with its mark, the rest one click away; the
    further published facts (craft villages, the centre's founding) in a box opened on request."""
    st.html(glance.table_html(built, ctx.colors, ctx.lang))
    others = [(pc.name, line) for pc in built for line in pc.other_published]
    if others:
        with st.expander(ctx.t("overview.other_published"), icon=":material/description:"):
            st.markdown("\n".join(f"- **{md_escape(name)}**: {md_escape(line)}" for name, line in others))
