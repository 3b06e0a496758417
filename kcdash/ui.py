"""Streamlit helpers shared by the pages: page start, banners, cards, chart blocks, tables.

The shared filters are drawn by `app.py` (the `st.navigation` entry point), which stores the
resulting `PageContext` in session state before it runs the page; `start_page` reads it back.
Every text comes from the message catalogue (`kcdash.i18n.t`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd
import streamlit as st

from kcdash import fmt
from kcdash.i18n import lang_col, t
from kcdash.pagedata import Filters
from kcdash.safe import md_escape  # the one Markdown escaper (kcdash.safe)

CTX_KEY = "_kc_ctx"
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}

Formatter = Callable[[object, str], str] | None


@dataclass(frozen=True)
class PageContext:
    """What every page needs from the shared filters."""

    lang: str
    filters: Filters
    provinces: pd.DataFrame  # the chosen provinces, display order, with color_hex and notes
    colors: dict[str, str] = field(default_factory=dict)
    version: dict = field(default_factory=dict)

    def t(self, key: str, **params) -> str:
        return t(key, self.lang, **params)


# ---- entry point ----------------------------------------------------------------------------


def ensure_entrypoint() -> None:
    """Make sure app.py (filters, navigation) runs, also for the very first request.

    Streamlit decides once per process whether an app "uses the pages/ directory" (the old
    multipage mode): until app.py has called st.navigation, a first request for /training runs
    pages/training.py on its own, without the sidebar filters. Here the page notices that, turns
    the old mode off and reruns, so app.py runs and resolves the same page and URL.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def context() -> PageContext:
    ensure_entrypoint()
    ctx = st.session_state.get(CTX_KEY)
    if ctx is None:  # app.py stopped before the page (e.g. invalid data): nothing to show
        st.stop()
    return ctx


def start_page(title_key: str, question_key: str) -> PageContext:
    """Page title, the question it answers, and a stop with a message when no province is chosen."""
    ctx = context()
    st.title(ctx.t(title_key))
    st.caption(ctx.t(question_key))
    if not ctx.filters.provinces:
        st.info(ctx.t("empty.no_province"), icon=":material/filter_alt_off:")
        st.stop()
    return ctx


# ---- banners and notes ----------------------------------------------------------------------


def illustrative_banner(
    ctx: PageContext, illustrative_count: int, record_count: int | None = None, *, key: str = "banner.illustrative"
) -> None:
    """Say plainly that records are modelled, whenever the page shows any illustrative row."""
    if illustrative_count and illustrative_count > 0:
        st.warning(
            ctx.t(
                key,
                n=fmt.integer(illustrative_count, ctx.lang),
                total=fmt.integer(record_count if record_count is not None else illustrative_count, ctx.lang),
            ),
            icon=":material/science:",
        )


def province_notes(ctx: PageContext) -> None:
    """Notes the data gives for the chosen provinces (e.g. a later merger into another province)."""
    col = lang_col("note", ctx.lang)
    for _, row in ctx.provinces.iterrows():
        note = row.get(col)
        if isinstance(note, str) and note.strip():
            st.caption(f":material/info: **{row[lang_col('name', ctx.lang)]}**: {note}")


def empty_scope(ctx: PageContext, record_count: int) -> bool:
    """True (and a message shown) when the filters select no records."""
    if record_count == 0:
        st.info(ctx.t("empty.no_records"), icon=":material/search_off:")
        return True
    return False


def records_source(ctx: PageContext, kpis: pd.DataFrame) -> str:
    """One-line source of charts built from activity records."""
    total = int(kpis["activity_count"].sum()) if not kpis.empty else 0
    illustrative = int(kpis["illustrative_count"].sum()) if not kpis.empty else 0
    return ctx.t(
        "source.records",
        n=fmt.integer(total, ctx.lang),
        illustrative=fmt.integer(illustrative, ctx.lang),
        dataset=version_label(ctx),
    )


def version_label(ctx: PageContext) -> str:
    v = ctx.version or {}
    label = md_escape(v.get(lang_col("label", ctx.lang)) or v.get("id") or "")  # may name an uploaded file
    return ctx.t("source.dataset", label=label, date=fmt.date(v.get("created_at"), ctx.lang))


# ---- tables and downloads -------------------------------------------------------------------


Columns = list[tuple[str, str, Formatter]]
"""(source column, message key of the header, formatter(value, lang) or None for text)."""


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


def table(df: pd.DataFrame, columns: Columns, lang: str, *, key: str, height: int | str = "auto") -> None:
    if df.empty:
        st.info(t("empty.table", lang))
        return
    st.dataframe(display_frame(df, columns, lang), hide_index=True, key=key, height=height)


def downloads(
    df: pd.DataFrame, columns: Columns, lang: str, *, key: str, file_stem: str, formats=("csv", "xlsx", "parquet")
) -> None:
    """Download buttons for exactly the rows and columns shown; formulas neutralised (kcdash.fmt)."""
    download_frame(export_frame(df, columns, lang), lang, key=key, file_stem=file_stem, formats=formats)


DOWNLOAD_FORMATS = {
    "csv": (fmt.to_csv_bytes, "text/csv", "download.csv"),
    "xlsx": (fmt.to_excel_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "download.xlsx"),
    "parquet": (fmt.to_parquet_bytes, "application/vnd.apache.parquet", "download.parquet"),
}


def download_frame(
    frame: pd.DataFrame, lang: str, *, key: str, file_stem: str, formats=("csv", "xlsx", "parquet")
) -> None:
    """Download buttons for a frame that already has the headers people see."""
    row = st.container(horizontal=True, gap="small")
    for kind in formats:
        maker, mime, label_key = DOWNLOAD_FORMATS[kind]
        with row:
            st.download_button(
                t(label_key, lang),
                data=functools.partial(maker, frame),  # built only when clicked
                file_name=f"{file_stem}.{kind}",
                mime=mime,
                key=f"dl-{key}-{kind}",
                on_click="ignore",
                icon=":material/download:",
            )


def chart_block(
    fig,
    ctx: PageContext,
    *,
    key: str,
    alt: str,
    source: str,
    df: pd.DataFrame,
    columns: Columns,
) -> None:
    """A chart, its one-line source, and its numbers one click away (table + CSV)."""
    st.plotly_chart(fig, key=f"chart-{key}", config=PLOTLY_CONFIG, alt=alt, theme="streamlit")
    st.caption(source)
    with st.expander(ctx.t("chart.show_data"), icon=":material/table:"):
        table(df, columns, ctx.lang, key=f"table-{key}")
        if not df.empty:
            downloads(df, columns, ctx.lang, key=key, file_stem=key, formats=("csv",))


# ---- cards ----------------------------------------------------------------------------------


def card(
    title: str,
    label: str,
    value: str,
    lines: list[str],
    *,
    help: str | None = None,
    published: tuple[str, str] | None = None,
) -> None:
    """A bordered card: a measure, its number from the records, the published figure beside it
    (wrapping, never cut off), and context lines (quote, source, reconciliation) under them."""
    with st.container(border=True):
        st.markdown(f"**{md_escape(title)}**")
        if published is None:
            st.metric(label, value, help=help)
        else:
            left, right = st.columns(2)
            left.metric(label, value, help=help)
            with right:
                st.caption(published[0])
                st.markdown(f"#### {md_escape(published[1])}")
        for line in lines:
            st.markdown(line)


# ---- published figures ----------------------------------------------------------------------

def published_value(row, lang: str) -> str:
    """A published figure as the report states it: value, unit, "nearly"/"about", or "no data"."""
    value, unit, qualifier = row.get("value"), str(row.get("unit") or ""), row.get("qualifier")
    if qualifier == "not_reported" or fmt.is_missing(value):
        return t("common.not_reported", lang)
    if unit == "year":
        text = str(int(value))
    else:
        text = fmt.with_unit(value, unit, lang)
        if unit == "million VND" and float(value) >= 1000:
            text += f" ({fmt.billion_vnd(value, lang)})"
    if qualifier == "approximate_below":
        return t("qualifier.nearly", lang, value=text)
    if qualifier == "approximate":
        return t("qualifier.about", lang, value=text)
    return text


def period_text(row, lang: str) -> str:
    """The period a published figure covers, from its years (period_label is Vietnamese text):
    "2007–2012", "đến 2012" / "up to 2012", or "" when the report gives none."""
    year_from, year_to = row.get("period_from_year"), row.get("period_to_year")
    if fmt.is_missing(year_from) and fmt.is_missing(year_to):
        return ""
    if fmt.is_missing(year_from):
        return t("period.until", lang, year=int(year_to))
    if fmt.is_missing(year_to):
        return t("period.since", lang, year=int(year_from))
    return fmt.year_range(year_from, year_to)


def published_head(row, lang: str, tag: str = "") -> str:
    """The period and scope of a published figure, e.g. "Published 2007–2012 · KCQG"."""
    period = period_text(row, lang)
    if tag:
        period = f"{period} · {tag}" if period else tag
    return t("published.head", lang, period=period) if period else t("published.head_no_period", lang)


def published_detail(row, lang: str) -> str:
    """Markdown: "“quote” — source: file" of a published figure (empty when neither is given)."""
    parts = []
    quote = row.get("quote")
    if isinstance(quote, str) and quote.strip() and row.get("qualifier") != "not_reported":
        parts.append(f"*“{md_escape(quote.strip())}”*")
    source = row.get("source_file")
    if isinstance(source, str) and source:
        parts.append(md_escape(t("published.source", lang, file=source)))
    return " — ".join(parts)


def published_line(row, lang: str, *, with_label: bool = False, tag: str = "") -> str:
    """Markdown: "Published 2007–2012 · KCQG: 3.530 people — “quote” — source: file"."""
    head = published_head(row, lang, tag)
    parts = [f":material/description: **{md_escape(head)}:** {md_escape(published_value(row, lang))}"]
    if with_label:
        parts.append(md_escape(row.get(lang_col("label", lang)) or ""))
    detail = published_detail(row, lang)
    if detail:
        parts.append(detail)
    return " — ".join(parts)


def reconciliation_line(row, lang: str, period: str) -> str:
    """Markdown: "Records for the same period 2007–2012: 3.530 · match"."""
    unit = str(row.get("unit") or "")
    value = fmt.with_unit(row.get("record_value"), unit, lang)
    status = t(f"status.{row.get('status')}", lang)
    return ":material/fact_check: " + md_escape(
        t("published.records_same_scope", lang, period=period, value=value, status=status)
    )


def swatch(color: str) -> str:
    """A small square in a province's colour (the colour must be #rrggbb; anything else is dropped)."""
    import re

    if not isinstance(color, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", color):
        return ""
    return (
        f'<span aria-hidden="true" style="display:inline-block;width:0.8em;height:0.8em;'
        f'background:{color};border-radius:2px;margin-right:0.4em"></span>'
    )


def province_heading(name: str, color: str) -> None:
    st.markdown(f"### {swatch(color)}{md_escape(name)}", unsafe_allow_html=True)


# ---- widgets whose codes live in the URL ----------------------------------------------------

URL_CSS = "<style>[class*='st-key-kc-url-'] { display: none !important; }</style>"
"""Hides the bound widgets that only carry codes for the URL (see `coded_widget`)."""

_WIDGETS = {
    "multiselect": st.multiselect,
    "segmented_control": st.segmented_control,
    "selectbox": st.selectbox,
    "pills": st.pills,
}


def _copy_choice(src: str, dest: str) -> None:
    value = st.session_state.get(src)
    st.session_state[dest] = list(value) if isinstance(value, list) else value


def coded_widget(
    kind: str,
    label: str,
    options: list[str],
    *,
    key: str,
    default,
    format_func: Callable[[str], str],
    **kwargs,
):
    """A choice widget that shows names but keeps codes in the URL under `key`.

    `bind="query-params"` writes a widget's *displayed* option text into the URL, so a widget
    showing names would put names (different in each language, and changed by any data fix)
    into shared links. Here a hidden widget with the codes as options is bound to the URL
    (`?prov=11&prov=95`, `?lang=en`), and the visible widget, showing names, is kept in step
    with it through session state. Returns the chosen code(s).
    """
    multi = kind == "multiselect" or kwargs.get("selection_mode") == "multi"
    with st.container(key=f"kc-url-{key}"):
        if multi:
            value = st.multiselect(
                key, options, default=default, key=key, bind="query-params", label_visibility="collapsed"
            )
        else:
            value = st.selectbox(
                key,
                options,
                index=options.index(default) if default in options else 0,
                key=key,
                bind="query-params",
                label_visibility="collapsed",
            )
    # the returned value, not session state: options that vanished (a district of a province no
    # longer chosen) are already dropped from it
    shown = f"{key}__shown"
    st.session_state[shown] = list(value) if multi else value
    if kind == "selectbox":
        kwargs.setdefault("index", None)  # the value comes from session state
    _WIDGETS[kind](
        label, options, key=shown, format_func=format_func, on_change=_copy_choice, args=(shown, key), **kwargs
    )
    return value
