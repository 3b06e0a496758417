"""The published figures of many provinces at once (a page part, Streamlit): on the national
views, every chosen province that has a figure from a report, with its period, status, quote
and source title, in one table whose download keeps every column.

Text from a report reaches the screen only as table cells (escaped by `kcdash.ui.tables.table`), never as
Markdown or HTML.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from kcdash import cards, pagedata
from kcdash.i18n import lang_col, t
from kcdash.ui import downloads, tables
from kcdash.ui.context import PageContext


def published_rows(published: pd.DataFrame, provinces: tuple[str, ...], lang: str) -> pd.DataFrame:
    """One row per published figure with a value, of the chosen provinces, in display order:
    province, what the figure is, its value in the report's words, period, status, source title, quote."""
    rows = published[published["value"].notna() & published["province_code"].isin(provinces)]
    if rows.empty:
        return pd.DataFrame()
    sources = pagedata.sources(())
    out = []
    for r in tables.records(rows):
        out.append(
            {
                "province": r[lang_col("province_name", lang)],
                "label": r[lang_col("label", lang)],
                "value_text": cards.published_value(r, lang),
                "period": cards.period_text(r, lang),
                "status": t(f"figure_status.{r.get('status') or 'done'}", lang),
                "source": cards.source_title(r["source_file"], sources, lang),
                "quote": r["quote"] or "",
            }
        )
    return pd.DataFrame(out)


COLUMNS: tables.Columns = [
    ("province", "col.province", None),
    ("label", "col.figure", None),
    ("value_text", "col.published_value", None),
    ("period", "col.period", None),
    ("status", "col.figure_status", None),
    ("source", "col.source", None),
    ("quote", "col.quote", None),
]


def published_figures_block(ctx: PageContext, published: pd.DataFrame, *, key: str) -> None:
    """The chosen provinces' published figures: how many provinces have one, the table one click
    away (not printed in full), and its download. Nothing when no chosen province has one."""
    shown = published_rows(published, ctx.filters.provinces, ctx.lang)
    if shown.empty:
        return
    n = shown["province"].nunique()
    st.subheader(ctx.t("published.many_title", n=n, figures=len(shown)))
    with st.expander(ctx.t("published.many_open", n=len(shown))):
        tables.table(
            shown,
            COLUMNS,
            ctx.lang,
            key=f"{key}-table",
            label=ctx.t("published.many_title", n=n, figures=len(shown)),
            illustrative=False,
        )
        downloads.downloads(shown, COLUMNS, ctx.lang, key=f"{key}-dl", file_stem="so-lieu-cong-bo", illustrative=False)
