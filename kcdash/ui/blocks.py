"""Chart blocks: a chart with its one-line source and its numbers one click away, the page's
sections drawn one at a time, and the blocks several pages share (each fund's share, the chosen
provinces together before the focus provinces)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from kcdash import charts, fmt, measures, pagedata
from kcdash.i18n import lang_col
from kcdash.safe import md_escape
from kcdash.ui import downloads, snapshot, tables, url
from kcdash.ui.context import PageContext, page_illustrative
from kcdash.ui.fragments import data_fragment
from kcdash.ui.scale import chart_colors, chosen_together, many
from kcdash.ui.tables import Columns

PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

SECTION_KEY = "view"
"""URL parameter of a page's chart section (training, budget): ?view=parts (absent: years)."""


def chart_block(
    fig: Any,
    ctx: PageContext,
    *,
    key: str,
    alt: str,
    source: str,
    df: pd.DataFrame,
    columns: Columns,
    illustrative: bool | None = None,
) -> None:
    """A chart, its one-line source, and its numbers one click away (table + CSV). A chart drawn
    from illustrative records (default: the page's) carries the watermark inside the figure; in
    published mode it is not drawn at all and the page says that no record-level data is published."""
    flag = page_illustrative() if illustrative is None else bool(illustrative)
    if ctx.published_only and flag:
        st.caption(
            ":material/visibility_off: " + md_escape(ctx.t("mode.records_hidden_title")) + f" ({md_escape(alt)})"
        )
        return
    charts.fit_margins(fig)
    if flag:
        charts.watermark(fig, ctx.lang)
    st.plotly_chart(fig, key=f"chart-{key}", config=PLOTLY_CONFIG, alt=alt, theme=None)
    st.caption(source)
    data_toggle(df, columns, ctx.lang, key=key, label=ctx.t("chart.show_data"))


@st.fragment
def data_toggle(df: pd.DataFrame, columns: Columns, lang: str, *, key: str, label: str) -> None:
    """A chart's numbers one click away: the table is sent to the browser only once asked for
    (a collapsed expander would send every row on every rerun), in pages of
    tables.TABLE_PAGE_ROWS rows; the toggle and the pager rerun only this fragment, not the page."""
    if not st.toggle(label, key=f"show-{key}"):
        return
    if not tables.table_pages(df, columns, lang, key=key):
        return
    st.caption(snapshot.shown_label(lang))
    downloads.downloads(df, columns, lang, key=key, file_stem=key, formats=("csv",))


def chosen_then_focus(
    ctx: PageContext,
    rows: pd.DataFrame,
    together: Callable[[], pd.DataFrame],
    figure: Callable[[pd.DataFrame], Any],
    *,
    key: str,
    alt: str,
    source: str,
    columns: Columns,
) -> None:
    """One chart per province when few are chosen; with many, the chosen provinces together on
    their own scale first (`together()`, drawn as `<key>-chosen`), then the focus provinces' own
    rows of `rows` (none when there is no focus). `figure` draws a chart from a frame."""
    if many(ctx):
        chosen = together()
        chart_block(figure(chosen), ctx, key=f"{key}-chosen", alt=alt, source=source, df=chosen, columns=columns)
        rows = rows[rows["province_code"].isin(ctx.focus)]
    if not many(ctx) or ctx.focus:
        chart_block(figure(rows), ctx, key=key, alt=alt, source=source, df=rows, columns=columns)


@data_fragment
def sections(ctx: PageContext, page: str, parts: dict[str, Callable[[], None]]) -> None:
    """A page's detail charts in sections, one drawn at a time: a control (codes in the URL as
    `view`) and the chosen section's charts. Sections not chosen are neither computed nor sent,
    so a filter change redraws a few charts, not every chart of the page (what a person waits
    for in the browser grows with the charts drawn).

    `parts`: code -> draw, each labelled by the key `section.<page>_<code>`. A fragment:
    switching section redraws only this part."""
    codes = list(parts)
    chosen = url.one_of(
        ctx.t("section.label"),
        codes,
        key=SECTION_KEY,
        default=codes[0],
        format_func=lambda code: ctx.t(f"section.{page}_{code}") if code in parts else code,
    )
    parts[chosen]()


def fund_share_block(ctx: PageContext, by_fund: pd.DataFrame, *, key: str, source: str) -> None:
    """Each fund's share of each province's budget (budget_by_fund rows), its numbers one click
    away; with many provinces, the chosen provinces together first, then the focus provinces."""
    chart = by_fund
    if many(ctx):
        chart = chosen_together(
            ctx, by_fund, by=["fund_code"], sums=["budget_million_vnd", "activity_count"], with_focus=True
        )
        chart["share_pct"] = pagedata.shares(chart, "budget_million_vnd")
    chart_block(
        charts.fund_share(chart, ctx.lang, chart_colors(ctx)),
        ctx,
        key=key,
        alt=ctx.t("alt.fund_share"),
        source=source,
        df=by_fund,
        columns=[
            (lang_col("province_name", ctx.lang), "col.province", None),
            (lang_col("fund_name", ctx.lang), "col.fund", None),
            measures.BUDGET.column(),
            measures.FUND_SHARE.column(),
        ],
    )


def capped_note(ctx: PageContext, shown: int, total: int) -> None:
    """Say what a capped chart left out and where to see it."""
    if total > shown:
        st.caption(
            ":material/filter_list: "
            + md_escape(
                ctx.t(
                    "scale.capped",
                    shown=fmt.integer(shown, ctx.lang),
                    total=fmt.integer(total, ctx.lang),
                    rest=fmt.integer(total - shown, ctx.lang),
                )
            )
        )
