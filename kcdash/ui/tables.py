"""Tables for people: columns named and formatted in the reader's language, drawn as the table
they are for a screen reader, a page of rows at a time when long."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import pandas as pd
import streamlit as st

from kcdash import charts, fmt
from kcdash.i18n import t
from kcdash.safe import md_escape, neutralise  # the one Markdown escaper and neutraliser (kcdash.safe)
from kcdash.ui.context import page_illustrative

Formatter = Callable[[object, str], str] | None

Columns = list[tuple[str, str, Formatter]]
"""(source column, message key of the header, formatter(value, lang) or None for text)."""

TABLE_PAGE_ROWS = 50
"""Rows of a long table sent to the browser at a time (`paged_table`)."""


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """`df`'s rows as dicts keyed by column name: what a loop over rows reads, without the row
    Series `iterrows` builds per row (slow on a frame of Arrow text, bench/NOTES.md)."""
    return [{str(k): v for k, v in row.items()} for row in df.to_dict("records")]


def display_frame(df: pd.DataFrame, columns: Columns, lang: str) -> pd.DataFrame:
    """Formatted text for people: translated headers, Vietnamese/English numbers, "no data"."""
    return fmt.format_frame(df, {c: (t(h, lang), f) for c, h, f in columns}, lang)


def export_frame(df: pd.DataFrame, columns: Columns, lang: str) -> pd.DataFrame:
    """The same columns as shown, with translated headers but raw values (numbers stay numbers)."""
    out = pd.DataFrame(index=range(len(df)))
    for c, h, _ in columns:
        out[t(h, lang)] = df[c].to_numpy() if c in df.columns else None
    return out


def table_height(rows: int, max_rows: int = 15) -> int:
    """Pixels for a st.dataframe showing up to `max_rows` rows without an inner scrollbar."""
    return 35 * (min(rows, max_rows) + 1) + 3


SMALL_TABLE_CELLS = 400
SMALL_TABLE_COLUMNS = 12
"""A frame of up to SMALL_TABLE_CELLS cells, TABLE_PAGE_ROWS rows and SMALL_TABLE_COLUMNS columns
is drawn by Streamlit's own table (`frame_view`)."""
HTML_TABLE_CELLS = 5000
HTML_TABLE_ROWS = 100
"""Up to these (a page of 100 records, 63 provinces side by side), a wider or longer frame is an
HTML table in a scrolling region (kcdash.charts.table_html); beyond them, the scrolling grid."""


def frame_view(
    shown: pd.DataFrame,
    *,
    key: str,
    label: str,
    height: int | Literal["auto", "stretch", "content"] = "auto",
) -> None:
    """A frame on screen, as people read it, always as the table it is for a screen reader:

    - small (a page of 25 rows, a comparison of a few provinces): Streamlit's table at its own
      size, every cell's whole text visible, nothing to scroll;
    - wider or longer (a page of records, 63 provinces side by side): an HTML table in a region
      that scrolls, is one keyboard stop named `label`, and keeps its header row and first column
      in view (kcdash.charts.table_html); `height` (pixels) caps the region's height;
    - larger still: the scrolling grid, which draws only the visible cells.

    Not the grid below its limit: the grid rebuilds a hidden copy of its cells for screen readers
    a while after its data changed, so on a filter change a grid kept the page busy longer than
    its charts (measured in Chromium, bench/NOTES.md)."""
    rows, cols = shown.shape
    if rows * cols <= SMALL_TABLE_CELLS and rows <= TABLE_PAGE_ROWS and cols <= SMALL_TABLE_COLUMNS:
        # a table that scrolled inside the page would need a keyboard stop of its own (axe
        # "scrollable-region-focusable"), which st.table has not: this one is never wider than the page.
        # st.table reads every cell as Markdown: a name or title from the data is shown as the
        # text it is, never as a link or an image (kcdash.safe.md_escape)
        literal = shown.rename(columns=lambda c: md_escape(str(c))).map(
            lambda v: md_escape(v) if isinstance(v, str) else v
        )
        st.table(literal, hide_index=True)
    elif rows <= HTML_TABLE_ROWS and rows * cols <= HTML_TABLE_CELLS:
        st.html(charts.table_html(shown, label, max_height_px=height if isinstance(height, int) else None))
    else:
        st.dataframe(shown, hide_index=True, key=key, height=height)


def table(
    df: pd.DataFrame,
    columns: Columns,
    lang: str,
    *,
    key: str,
    label: str | None = None,
    height: int | Literal["auto", "stretch", "content"] = "auto",
    illustrative: bool | None = None,
) -> None:
    """A table for people; rows of an illustrative page (or `illustrative`) carry a mark column.
    `label` names the table for a screen reader where it scrolls (`frame_view`)."""
    if df.empty:
        st.info(t("empty.table", lang))
        return
    # the grid's own "Download as CSV" exports what it shows: a text cell from the data (a name, a
    # title) starting like a formula is neutralised here; numbers are formatted text, left alone
    text_cols = [c for c, _, f in columns if f is None and c in df.columns]
    if text_cols:
        df = df.assign(**{c: df[c].map(neutralise) for c in text_cols})
    shown = display_frame(df, columns, lang)
    flag = page_illustrative() if illustrative is None else illustrative
    if flag and "is_illustrative" not in df.columns and not any(h == "col.illustrative" for _, h, _ in columns):
        shown.insert(0, t("col.illustrative", lang), t("mark.illustrative", lang))
    frame_view(shown, key=key, label=label or t("table.label", lang), height=height)


def paged_table(df: pd.DataFrame, columns: Columns, lang: str, *, key: str) -> None:
    """A table sent to the browser a page (TABLE_PAGE_ROWS rows) at a time; the pager reruns
    only this part of the page (a fragment)."""
    _paged_table(df, columns, lang, key=key)


@st.fragment
def _paged_table(df: pd.DataFrame, columns: Columns, lang: str, *, key: str) -> None:
    table_pages(df, columns, lang, key=key)


def table_pages(df: pd.DataFrame, columns: Columns, lang: str, *, key: str) -> bool:
    """One page of TABLE_PAGE_ROWS rows of `df`, with a pager when there are more; False when empty."""
    if df.empty:
        st.info(t("empty.table", lang))
        return False
    pages = max(1, -(-len(df) // TABLE_PAGE_ROWS))
    page = 1
    if pages > 1:
        page = int(
            st.number_input(
                t("table.page", lang, pages=pages, rows=fmt.integer(len(df), lang)),
                min_value=1,
                max_value=pages,
                value=1,
                step=1,
                key=f"page-{key}",
            )
        )
    part = df.iloc[(page - 1) * TABLE_PAGE_ROWS : page * TABLE_PAGE_ROWS]
    table(part, columns, lang, key=f"table-{key}", height=table_height(len(part)))
    return True
