"""Streamlit helpers shared by the pages: page start, banners, cards, chart blocks, tables.

The shared filters are drawn by `app.py` (the `st.navigation` entry point), which stores the
resulting `PageContext` in session state before it runs the page; `start_page` reads it back.
Every text comes from the message catalogue (`kcdash.i18n.t`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from kcdash import charts, fmt, measures
from kcdash.i18n import LANGS, lang_col, t
from kcdash.pagedata import Filters
from kcdash.safe import md_escape, neutralise  # the one Markdown escaper and neutraliser (kcdash.safe)

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
    focus: tuple[str, ...] = ()  # focus provinces among the chosen (issue 8), at most 4
    mode: str = "all"  # data mode (issue 9): "all" | "published" (no illustrative number anywhere)
    years_chosen: bool = False  # the reader set the years (else each province shows its report's period)

    @property
    def published_only(self) -> bool:
        return self.mode == "published"

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
    """Page title, the question it answers, the place of the status line (filled by
    `illustrative_banner`), and a stop with a message when no province is chosen."""
    from kcdash import status_line

    ctx = context()
    st.session_state[PAGE_ILLUSTRATIVE_KEY] = 0  # set by illustrative_banner for this run
    st.title(ctx.t(title_key))
    st.caption(ctx.t(question_key))
    if not ctx.filters.provinces:
        st.info(ctx.t("empty.no_province"), icon=":material/filter_alt_off:")
        st.stop()
    status_line.reserve()  # data mode, illustrative records, the reform and province notes: one line
    return ctx


# ---- banners and notes ----------------------------------------------------------------------


PAGE_ILLUSTRATIVE_KEY = "_kc_page_illustrative"
"""How many illustrative records the page shows (set by illustrative_banner): charts get the
watermark, downloads the is_illustrative flag, and in published mode neither is drawn."""


def page_illustrative() -> bool:
    """True when the current page's records include illustrative rows."""
    return int(st.session_state.get(PAGE_ILLUSTRATIVE_KEY) or 0) > 0


def illustrative_banner(
    ctx: PageContext,
    illustrative_count: int,
    record_count: int | None = None,
    *,
    key: str = "banner.illustrative",
    notes: list[str] | tuple[str, ...] = (),
) -> None:
    """Say plainly that records are modelled, whenever the page shows any illustrative row (in
    published mode none is shown, so the page says that instead), in the page's status line under
    its title (kcdash.status_line), with the reform and province notes and the page's `notes`."""
    from kcdash import status_line

    st.session_state[PAGE_ILLUSTRATIVE_KEY] = int(illustrative_count or 0)
    status_line.draw(
        ctx,
        illustrative=int(illustrative_count or 0),
        total=int(record_count if record_count is not None else illustrative_count or 0),
        banner_key=key,
        notes=notes,
    )


def empty_scope(ctx: PageContext, record_count: int) -> bool:
    """True (and a message shown) when the page has no records to show: the filters select none,
    or the data mode is "published" and the records are illustrative (then the page says that no
    record-level data is published and offers the published totals instead)."""
    if ctx.published_only and page_illustrative():
        published_only_notice(ctx)
        return True
    if record_count == 0:
        st.info(ctx.t("empty.no_records"), icon=":material/search_off:")
        return True
    return False


def published_only_notice(ctx: PageContext, *, totals: bool = True) -> None:
    """Published mode over illustrative records: say so, and offer the published totals."""
    st.info(
        "**" + md_escape(ctx.t("mode.records_hidden_title")) + "** — " + md_escape(ctx.t("mode.records_hidden")),
        icon=":material/visibility_off:",
    )
    if totals:
        published_totals(ctx)


def published_totals(ctx: PageContext) -> None:
    """The trainee, job and budget figures the reports published for the chosen provinces, each
    in its own words with period and report title (no record sums)."""
    from kcdash import cards, pagedata

    published = pagedata.published_summary(ctx.filters)
    sources = pagedata.sources(ctx.filters.provinces)
    rows = published[published["metric"].isin(cards.CARD_METRICS)]
    st.markdown("**" + md_escape(ctx.t("mode.published_totals")) + "**")
    if rows.empty:
        st.caption(ctx.t("mode.no_published_totals"))
        return
    lines = []
    for _, r in rows.iterrows():
        head = r[lang_col("province_name", ctx.lang)] + " · " + r[lang_col("label", ctx.lang)]
        period = cards.period_text(r, ctx.lang)
        value = cards.published_value(r, ctx.lang)
        lines.append(
            f"- **{md_escape(head)}** ({md_escape(period)}): {md_escape(value)} — "
            + md_escape(cards.cite(r["source_file"], sources, ctx.lang))
        )
    st.markdown("\n".join(lines))


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


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """`df`'s rows as dicts keyed by column name: what a loop over rows reads, without the row
    Series `iterrows` builds per row (0.1–0.3 ms each, more on a frame of Arrow text)."""
    return [{str(k): v for k, v in row.items()} for row in df.to_dict("records")]


def display_frame(df: pd.DataFrame, columns: Columns, lang: str) -> pd.DataFrame:
    """Formatted text for people: translated headers, Vietnamese/English numbers, "no data"."""
    return fmt.format_frame(df, {c: (t(h, lang), f) for c, h, f in columns}, lang)


def export_frame(df: pd.DataFrame, columns: Columns, lang: str) -> pd.DataFrame:
    """The same columns as shown, with translated headers but raw values (numbers stay numbers);
    a measure's column carries its spreadsheet number format (`fmt.NUMBER_FORMATS`)."""
    out = pd.DataFrame(index=range(len(df)))
    for c, h, _ in columns:
        out[t(h, lang)] = df[c].to_numpy() if c in df.columns else None
    out.attrs[fmt.NUMBER_FORMATS] = measures.number_formats([(t(h, lang), f) for _, h, f in columns])
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
    some 200 ms after its data changed, so on a filter change a grid kept the page busy longer
    than its charts (issue 8, measured in Chromium)."""
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


def downloads(
    df: pd.DataFrame,
    columns: Columns,
    lang: str,
    *,
    key: str,
    file_stem: str,
    formats=("csv", "xlsx", "parquet"),
    illustrative: bool | pd.Series | None = None,
) -> None:
    """Download buttons for exactly the rows and columns shown; formulas neutralised (kcdash.fmt).
    Every file carries `is_illustrative` (per row when `df` has it), Excel a notes sheet. The
    file's frame is made when a file is asked for (700 districts: 5–10 ms of every change)."""
    if illustrative is None and "is_illustrative" in df.columns:
        illustrative = df["is_illustrative"]
    frame = functools.partial(export_frame, df, columns, lang)
    download_frame(frame, lang, key=key, file_stem=file_stem, formats=formats, illustrative=illustrative)


def flag_frame(frame: pd.DataFrame, illustrative: bool | pd.Series) -> pd.DataFrame:
    """`frame` with a first column `is_illustrative` (a bool, or one per row)."""
    out = frame.copy()
    if "is_illustrative" in out.columns:
        out = out.drop(columns="is_illustrative")
    values: list[bool] = (
        illustrative.fillna(False).astype(bool).tolist()
        if isinstance(illustrative, pd.Series)
        else [bool(illustrative)] * len(out)
    )
    out.insert(0, "is_illustrative", values)
    return out


def download_notes(lang: str, illustrative: bool) -> tuple[pd.DataFrame, str]:
    """The notes a download carries: what is illustrative and the source reports (titles, files)."""
    from kcdash import pagedata

    sources = pagedata.sources(())
    lines = [t("download.note_illustrative" if illustrative else "download.note_real", lang)]
    cited = [f"{r[lang_col('cited_title', lang)]} ({r['source_file']})" for _, r in sources.iterrows()]
    if cited:
        lines.append(t("download.note_sources", lang, sources="; ".join(cited)))
    notes = pd.DataFrame({t("download.col_note", lang): lines})
    if not sources.empty:
        table_rows = sources[
            [
                "source_file",
                lang_col("cited_title", lang),
                lang_col("issuing_body", lang),
                lang_col("place", lang),
                "period_label",
                "author_vi",
                lang_col("note", lang),
            ]
        ]
        notes = pd.concat([notes, pd.DataFrame({t("download.col_note", lang): [""]}), table_rows], ignore_index=True)
    return notes, " ".join(lines)


def _excel_with_notes(frame: pd.DataFrame, *, lang: str, illustrative: bool) -> bytes:
    notes, _ = download_notes(lang, illustrative)
    return fmt.to_excel_bytes(frame, notes=notes, notes_sheet=t("download.notes_sheet", lang))


def _parquet_with_note(frame: pd.DataFrame, *, lang: str, illustrative: bool) -> bytes:
    _, note = download_notes(lang, illustrative)
    return fmt.to_parquet_bytes(frame, note=note)


DOWNLOAD_FORMATS = {
    "csv": (fmt.to_csv_bytes, "text/csv", "download.csv"),
    "xlsx": (fmt.to_excel_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "download.xlsx"),
    "parquet": (fmt.to_parquet_bytes, "application/vnd.apache.parquet", "download.parquet"),
}


def _file_bytes(
    maker: Callable[[pd.DataFrame], bytes], frame: pd.DataFrame | Callable[[], pd.DataFrame], flag: bool | pd.Series
) -> bytes:
    """A download's bytes: its frame (made now when a function), flagged `is_illustrative`,
    written by `maker`."""
    return maker(flag_frame(frame() if callable(frame) else frame, flag))


def download_frame(
    frame: pd.DataFrame | Callable[[], pd.DataFrame],
    lang: str,
    *,
    key: str,
    file_stem: str,
    formats=("csv", "xlsx", "parquet"),
    illustrative: bool | pd.Series | None = None,
) -> None:
    """Download buttons for a frame that already has the headers people see. The file carries
    `is_illustrative` (default: whether the page's records are illustrative); the Excel file a
    notes sheet with the source list, the Parquet file the same note in its metadata. `frame`
    may be a function that makes it: called only when a file is asked for (`downloads`)."""
    flag = page_illustrative() if illustrative is None else illustrative
    any_flag = bool(flag.fillna(False).astype(bool).any()) if isinstance(flag, pd.Series) else bool(flag)
    # the notes too are made only when a file is asked for: 2.5 ms a download row on every
    # rerun, three or four rows a page (issue 8)
    makers: dict[str, Callable[..., bytes]] = {
        "csv": fmt.to_csv_bytes,
        "xlsx": functools.partial(_excel_with_notes, lang=lang, illustrative=any_flag),
        "parquet": functools.partial(_parquet_with_note, lang=lang, illustrative=any_flag),
    }
    row = st.container(horizontal=True, gap="small")
    for kind in formats:
        _, mime, label_key = DOWNLOAD_FORMATS[kind]
        with row:
            st.download_button(
                t(label_key, lang),
                data=functools.partial(_file_bytes, makers[kind], frame, flag),  # built only when clicked
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


TABLE_PAGE_ROWS = 50


@st.fragment
def data_toggle(df: pd.DataFrame, columns: Columns, lang: str, *, key: str, label: str) -> None:
    """A chart's numbers one click away: the table is sent to the browser only once asked for
    (a collapsed expander would send every row on every rerun), in pages of TABLE_PAGE_ROWS rows;
    the toggle and the pager rerun only this fragment, not the page."""
    if not st.toggle(label, key=f"show-{key}"):
        return
    if not _table_pages(df, columns, lang, key=key):
        return
    downloads(df, columns, lang, key=key, file_stem=key, formats=("csv",))


def release_upload(uploaded: Any) -> None:
    """Drop an uploaded file from the server's memory now. Streamlit keeps every file a session
    uploaded until that session ends (or the browser removes it), also after the uploader is
    replaced by a new one; after an import the steward console releases it at once (issue 13)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    remove = getattr(ctx.uploaded_file_mgr, "remove_file", None)  # the in-memory manager Streamlit serves with
    file_id = getattr(uploaded, "file_id", None)
    if file_id and callable(remove):
        remove(ctx.session_id, file_id)


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
    """A published figure as the report states it ("gần 4 tỷ đồng"): see kcdash.cards."""
    from kcdash import cards

    return cards.published_value(row, lang)


def period_text(row, lang: str) -> str:
    """The period a published figure covers: "2007–2012", "đến 2012", or "" (kcdash.cards)."""
    from kcdash import cards

    return cards.period_text(row, lang)


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
    if isinstance(source, str) and source:  # the report's title, not its file name
        from kcdash import cards, pagedata

        parts.append(md_escape(cards.cite(source, pagedata.sources(()), lang)))
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


def province_heading(name: str, color: str, *, mark: bool | None = None) -> None:
    """A province's column heading; on a page of illustrative records (default) a "MINH HỌA" badge
    under it marks every number in the column (issue 9)."""
    st.markdown(f"### {swatch(color)}{md_escape(name)}", unsafe_allow_html=True)
    ctx = st.session_state.get(CTX_KEY)
    if ctx is not None and ((page_illustrative() and not ctx.published_only) if mark is None else mark):
        st.markdown(
            f":orange-badge[:material/science: {md_escape(ctx.t('mark.illustrative'))}] "
            + md_escape(ctx.t("mark.column_illustrative"))
        )


# ---- widgets whose codes live in the URL ----------------------------------------------------

A11Y_CSS = """<style>
/* issue 8, axe color-contrast: captions are drawn in the theme's faded text colour (3.9:1 on
   white); the text colour at 80% opacity reads at about 6:1 in the light and the dark theme */
[data-testid="stCaptionContainer"] { color: inherit !important; opacity: 0.8; }
/* a selected segmented-control option: the theme's red on its own tint is 4.2:1 */
@media (prefers-color-scheme: light) {
  [data-selected="true"] [data-testid="stMarkdownContainer"] p { color: #a51d2d !important; }
}
/* ... and in the dark theme, that red on the dark tint (3.3:1) and on the slider's values (3.5:1) */
@media (prefers-color-scheme: dark) {
  [data-selected="true"] [data-testid="stMarkdownContainer"] p,
  [data-testid="stSliderThumbValue"] p { color: #ff9aa3 !important; }
}
/* a number is never cut to "2.283.536,7 (minh …": metric values and labels wrap instead (phones) */
[data-testid="stMetricValue"], [data-testid="stMetricValue"] *,
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * {
  white-space: normal !important; overflow-wrap: anywhere; text-overflow: clip !important;
}
</style>"""
"""Readability fixes in our CSS: colour contrast for readers with low vision (tests/test_a11y.py),
numbers that wrap rather than being cut off (tests/test_scale_browser.py)."""
"""Hides the bound widgets that only carry codes for the URL (see `coded_widget`)."""

CHART_CSS = """<style>
/* Plotly charts are drawn with their own template, not Streamlit's theme (kcdash.charts.TEMPLATE):
   titles, axes, legends and notes take the page's text colour, light or dark; the texts inside
   bars and the hover labels keep the contrast Plotly gives them */
.stPlotlyChart .xaxislayer-above text, .stPlotlyChart .yaxislayer-above text,
.stPlotlyChart .infolayer text, .stPlotlyChart .annotation-text { fill: currentColor !important; }
.stPlotlyChart .modebar-btn path { fill: currentColor !important; opacity: 0.6; }
</style>"""
"""Chart text in the theme's colour (tests/test_browser.py::test_follows_the_viewers_light_or_dark_theme)."""

TABLE_CSS = """<style>
/* kcdash.charts.table_html: a table in a region that scrolls (down and across), the header row and
   the first column kept in view; cells on the theme's own background (.stApp sets color-scheme) */
.kc-table { max-height: 38rem; overflow: auto; margin: 0 0 1rem 0; font-size: 0.875rem;
  border: 1px solid color-mix(in srgb, currentColor 18%, transparent); border-radius: 0.5rem; }
.kc-table:focus-visible { outline: 2px solid #1c6fd1; outline-offset: 2px; }
.kc-table table { border-collapse: separate; border-spacing: 0; width: max-content; min-width: 100%;
  margin: 0; border: none; }
.kc-table th, .kc-table td { padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; border: none;
  border-bottom: 1px solid color-mix(in srgb, currentColor 12%, transparent);
  background: light-dark(#ffffff, #171614); max-width: 28rem; overflow-wrap: anywhere; }
.kc-table thead th { position: sticky; top: 0; z-index: 2; font-weight: 600;
  border-bottom: 1px solid color-mix(in srgb, currentColor 35%, transparent); }
.kc-table th[scope="row"] { position: sticky; left: 0; z-index: 1; font-weight: 600; }
.kc-table thead th:first-child { left: 0; z-index: 3; }
.kc-table .num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
/* on a phone the row names kept in view wrap, so the values beside them have room */
@media (max-width: 640px) { .kc-table th[scope="row"] { max-width: 9rem; } }
</style>"""
"""The look of the HTML tables (kcdash.charts.table_html), light and dark."""

RANK_CSS = """<style>
/* the provinces' ranking (kcdash.charts.ranking_html): text in the theme's colour, light or dark */
.kc-rank { font-size: 0.875rem; }
.kc-rank .title { font-weight: 600; font-size: 1rem; margin: 0 0 0.25rem 0; }
.kc-rank .mark { margin: 0 0 0.25rem 0; font-weight: 600; color: #b45309; }
@media (prefers-color-scheme: dark) { .kc-rank .mark { color: #fbbf24; } }
.kc-rank table { width: 100%; border-collapse: collapse; border: none; }
.kc-rank th, .kc-rank td { padding: 1px 6px; border: none; text-align: left; font-weight: normal; }
.kc-rank thead th { font-weight: 600; }
.kc-rank .num { text-align: right; white-space: nowrap; }
.kc-rank td.bar { width: 50%; }
@media (max-width: 640px) { .kc-rank td.bar { width: 20%; } }
.kc-rank td.bar span { display: block; height: 0.75rem; border-radius: 2px; }
/* a name breaks between its words ("Thanh / Hóa"), inside a word only if one word is wider than the column */
.kc-rank tbody th { overflow-wrap: break-word; }
</style>"""
"""The ranking's look: text and lines in the theme's colours; the mark in amber, 4.5:1 or more on
light and on dark (tests/test_a11y.py)."""

_WIDGETS: dict[str, Callable[..., Any]] = {
    "multiselect": st.multiselect,
    "segmented_control": st.segmented_control,
    "selectbox": st.selectbox,
    "pills": st.pills,
}


def language_switch() -> str:
    """The Vietnamese/English switch at the top of the sidebar, bound to the URL (`?lang=en`);
    returns the chosen language code (Vietnamese when the URL says anything else)."""
    with st.sidebar:
        lang = coded_widget(
            "segmented_control",
            t("filter.language", "vi"),
            list(LANGS),
            key="lang",
            default="vi",
            format_func=lambda code: t("lang.self", code),
            required=True,
        )
    return lang if lang in LANGS else "vi"


URL_KEYS_RUN = "_kc_url_keys_run"
"""Session key: the coded widgets' keys drawn in this run (see `drop_stale_url_params`)."""
URL_KEYS_LAST = "_kc_url_keys_last"
"""Session key: the coded widgets' keys drawn in the last full run."""


def begin_url_run() -> None:
    """Start of a full run of app.py: no coded widget drawn yet."""
    st.session_state[URL_KEYS_RUN] = set()


def drop_stale_url_params() -> None:
    """End of a full run: the parameter of a coded widget drawn last run but not in this one (a
    page's own control after a switch to another page, or a page that stopped before it) leaves
    the URL, as a bound widget's parameter does when the widget goes. A parameter no widget has
    read yet stays (a shared link to a page whose control is drawn after the first page)."""
    drawn = set(st.session_state.get(URL_KEYS_RUN, set()))
    for key in sorted(set(st.session_state.get(URL_KEYS_LAST, set())) - drawn):
        if key in st.query_params:
            del st.query_params[key]
    st.session_state[URL_KEYS_LAST] = drawn


def run_navigation(navigation: Any) -> None:
    """Run the chosen page; afterwards (also after the page's st.stop() or st.rerun()), the
    parameters of coded widgets this run did not draw leave the URL (`drop_stale_url_params`).
    The entry script calls `begin_url_run` before its first coded widget."""
    try:
        navigation.run()
    finally:
        drop_stale_url_params()


def _url_value(key: str, options: list[str], default, multi: bool, max_selections: int | None):
    """The value the URL asks for (`?prov=11&prov=95`, `?lang=en`), checked against `options`:
    unknown codes are left out; `?prov=` (empty) is an empty choice; nothing valid is the default."""
    if key not in st.query_params:
        return list(default) if multi else default
    given = st.query_params.get_all(key)
    if multi:
        chosen = list(dict.fromkeys(v for v in given if v in options))
        if not chosen and any(v != "" for v in given):
            return list(default)  # only unknown codes: a stale link, not a wish for nothing
        return chosen[:max_selections] if max_selections else chosen
    value = given[-1] if given else None
    return value if value in options else default


def _write_url(key: str, value, default, multi: bool) -> None:
    """Put the chosen code(s) into the URL; a value at its default leaves it out."""
    if multi:
        codes = [str(v) for v in value or []]
        at_default = sorted(codes) == sorted(str(v) for v in default)
        wanted = [] if at_default else (codes or [""])  # `?prov=`: nothing chosen
    else:
        wanted = [] if value is None or value == default else [str(value)]
    if st.query_params.get_all(key) == wanted:
        return
    if not wanted:
        del st.query_params[key]
    else:
        st.query_params[key] = wanted if len(wanted) > 1 else wanted[0]


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

    `bind="query-params"` would write a widget's *displayed* option text into the URL, that is
    names, different in each language and changed by any data fix, into shared links. Here the
    widget's options are the codes (shown through `format_func`), its first value comes from
    the URL, and every run writes its codes back (`?prov=11&prov=95`, `?lang=en`; left out at
    the default). One widget per filter: an earlier hidden bound twin per widget cost the
    browser 40–90 ms on every filter change (issue 8). Returns the chosen code(s); codes no
    longer among `options` (a district of a province no longer chosen) are dropped.
    """
    multi = kind == "multiselect" or kwargs.get("selection_mode") == "multi"
    if key in st.session_state:  # the widget's own value from the last run, still valid?
        current = st.session_state[key]
        wanted = [v for v in current or [] if v in options] if multi else (current if current in options else default)
        if wanted != current:
            st.session_state[key] = wanted
    else:  # first run of the session, or of the page that has this control: the URL
        st.session_state[key] = _url_value(key, options, default, multi, kwargs.get("max_selections"))
    if kind == "selectbox":
        kwargs.setdefault("index", None)  # the value comes from session state
    value = _WIDGETS[kind](label, options, key=key, format_func=format_func, **kwargs)
    _write_url(key, value, default, multi)
    st.session_state.setdefault(URL_KEYS_RUN, set()).add(key)
    return value


# ---- any number of provinces (issue 8): national totals, tile map, ranking ------------------

MAP_MEASURE_KEY = "_kc_map_pick"


def slot() -> DeltaGenerator:
    """A fixed place in the page for a part whose number of elements varies with the filters
    (notes per province, a warning that comes and goes, a table or a notice instead of it).

    The browser keeps an element when it arrives at the same position as before; an element
    that moves because a note above it appeared is re-created (a grid re-draws, a download
    button re-mounts). Inside one container, the variable part always takes one position, so
    what follows stays in place when a province is added or removed (issue 8).
    """
    return st.container()


def drawn_later() -> DeltaGenerator:
    """A place kept here for parts that stand above a page's charts (the national view, cards,
    tables) but are written into it after the charts (`with place: ...` at the end of the page).

    The browser draws what arrives as it arrives, and drawing Plotly charts is its slowest work:
    sent first, the charts are drawn while the server still shapes the tables and cards, instead
    of after them (issue 8: at 10 M records, compare 459 -> 400 ms and budget 424 -> 392 ms from a
    filter change to the page drawn in Chromium, A/B in one run). The reader sees the same page."""
    return st.container()


def many(ctx: PageContext) -> bool:
    """True when more provinces are chosen than fit side by side: the page shows the national
    layout (totals, map, ranking, focus provinces) instead of one column per province."""
    from kcdash.pagedata import is_many

    return is_many(ctx.filters.provinces)


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


def other_names(ctx: PageContext) -> tuple[str, str]:
    """(vi, en) name of the row that sums the chosen provinces outside the focus."""
    n = len(ctx.filters.provinces) - len(ctx.focus)
    return t("scale.other_provinces", "vi", n=n), t("scale.other_provinces", "en", n=n)


def many_text(ctx: PageContext) -> str:
    """What the national layout shows and how to see provinces side by side (plain text)."""
    names = dict(zip(ctx.provinces["province_code"], ctx.provinces[lang_col("name", ctx.lang)], strict=True))
    from kcdash.pagedata import FEW_PROVINCES

    return ctx.t(
        "scale.many_note",
        n=fmt.integer(len(ctx.filters.provinces), ctx.lang),
        focus=", ".join(names.get(c, c) for c in ctx.focus) or fmt.no_data(ctx.lang),
        few=FEW_PROVINCES,
    )


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
        if page_illustrative():  # a sum of illustrative records says so (issue 9)
            value = ctx.t("mark.illustrative_cell", value=value)
        with row:
            st.metric(label, value, help=help_, width="content", border=True)


def _add_focus(code: str | None) -> None:
    """Put a province into the focus filter (the oldest leaves when the focus is full)."""
    from kcdash.pagedata import FEW_PROVINCES

    if not code:
        return
    focus = [c for c in st.session_state.get("focus", []) or [] if c != code]
    focus.append(code)
    st.session_state["focus"] = focus[-FEW_PROVINCES:]


def _focus_from_map(map_key: str, allowed: tuple[str, ...]) -> None:
    from kcdash.tilemap import clicked_code

    result = st.session_state.get(map_key)
    _add_focus(clicked_code(getattr(result, "clicked", None), allowed))


ASSETS = Path(__file__).resolve().parent / "assets"


@functools.cache
def _tile_map_component() -> Callable[..., Any]:
    """The tile map's browser component (registered once per process): HTML tiles drawn by
    kcdash/assets/tile_map.js from kcdash.tilemap.tile_map's data."""
    return st.components.v2.component(
        "kcdash.tile_map",
        html='<div class="kc-map"></div>',
        css=(ASSETS / "tile_map.css").read_text(encoding="utf-8"),
        js=(ASSETS / "tile_map.js").read_text(encoding="utf-8"),
    )


def tile_map(spec: dict[str, Any], *, key: str, on_click: Callable[[], None] | None = None) -> None:
    """Draw a kcdash.tilemap.tile_map; `on_click` runs (before the rerun) when a tile is clicked."""
    kwargs: dict[str, Any] = {"on_clicked_change": on_click} if on_click is not None else {}
    _tile_map_component()(data={**spec, "key": key}, key=key, **kwargs)


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
    from kcdash import tilemap

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
    if illustrative and ctx.published_only:  # no illustrative number in published mode (issue 9)
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


def national_view(
    ctx: PageContext,
    frame: pd.DataFrame,
    measures: dict[str, MapMeasure],
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
    _national_view(ctx, frame, measures, key=key, source=source, sums=sums)


@st.fragment
def _national_view(
    ctx: PageContext,
    frame: pd.DataFrame,
    measures: dict[str, MapMeasure],
    *,
    key: str,
    source: str,
    sums: tuple[str, ...] = (),
) -> None:
    from kcdash.national import GROUP_2025, province_reference, regrouped_2025
    from kcdash.pagedata import focus_in, ranking

    if tuple(focus_in(st.session_state.get("focus") or [], ctx.filters.provinces)) != ctx.focus:
        st.rerun(scope="app")  # the map or its select changed the focus: every part of the page follows
    units = "reported"
    if sums:
        units = coded_widget(
            "segmented_control",
            ctx.t("regroup.label"),
            ["reported", GROUP_2025],
            key="units",
            default="reported",
            format_func=lambda u: ctx.t(f"regroup.{u}"),
            required=True,
            help=ctx.t("regroup.help"),
        )
    regrouped = units == GROUP_2025
    if regrouped:
        measures = {m: v for m, v in measures.items() if m in sums}
    codes = list(measures)
    measure = coded_widget(
        "segmented_control",
        ctx.t("map.measure"),
        codes,
        key="map",
        default=codes[0],
        format_func=lambda m: measures[m][0],
        required=True,
    )
    measure = measure if measure in measures else codes[0]
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
    click away, as `chart_block` does for a figure: marked when the page's records are
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


SECTION_KEY = "view"
"""URL parameter of a page's chart section (training, budget): ?view=parts (absent: years)."""


def sections(ctx: PageContext, parts: dict[str, tuple[str, Callable[[], None]]], *, label_key: str) -> None:
    """A page's detail charts in sections, one drawn at a time: a control (codes in the URL as
    `view`) and the chosen section's charts. Sections not chosen are neither computed nor sent,
    so a filter change redraws a few charts, not every chart of the page (issue 8: what a person
    waits for in the browser grows with the charts drawn).

    `parts`: code -> (label, draw). A fragment: switching section redraws only this part."""
    _sections(ctx, parts, label_key=label_key)


@st.fragment
def _sections(ctx: PageContext, parts: dict[str, tuple[str, Callable[[], None]]], *, label_key: str) -> None:
    codes = list(parts)
    chosen = coded_widget(
        "segmented_control",
        ctx.t(label_key),
        codes,
        key=SECTION_KEY,
        default=codes[0],
        format_func=lambda code: parts[code][0] if code in parts else code,
        required=True,
    )
    parts[chosen if chosen in parts else codes[0]][1]()


def fund_share_block(ctx: PageContext, by_fund: pd.DataFrame, *, key: str, source: str) -> None:
    """Each fund's share of each province's budget (budget_by_fund rows), its numbers one click
    away; with many provinces, the chosen provinces together first, then the focus provinces."""
    from kcdash import pagedata

    chart = by_fund
    if many(ctx):
        chart = pagedata.together(
            by_fund,
            by=["fund_code"],
            sums=["budget_million_vnd", "activity_count"],
            names=together_names(ctx),
            name_cols=("province_name_vi", "province_name_en"),
            focus=list(ctx.focus),
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


def chart_colors(ctx: PageContext) -> dict[str, str]:
    """Province colours plus grey for "all chosen" and "other provinces" rows (drawn first)."""
    from kcdash.charts import OTHER_COLOR
    from kcdash.pagedata import ALL_CODE, OTHER_CODE

    return {ALL_CODE: OTHER_COLOR, **ctx.colors, OTHER_CODE: OTHER_COLOR}


def together_names(ctx: PageContext, key: str = "scale.total_title") -> tuple[str, str]:
    """(vi, en) name of the row summing every chosen province (`key`: of the row averaging them,
    "scale.average_title")."""
    n = len(ctx.filters.provinces)
    return t(key, "vi", n=fmt.integer(n, "vi")), t(key, "en", n=fmt.integer(n, "en"))


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


# ---- per-province key figures, published figures first (issue 9) ---------------------------


def province_cards(ctx: PageContext, provinces: tuple[str, ...] | None = None) -> list:
    """The `kcdash.cards.ProvinceCards` of the chosen provinces (or `provinces`), in that order."""
    from kcdash import cards, pagedata

    f = ctx.filters if provinces is None else ctx.filters.with_(provinces=tuple(provinces))
    frames = pagedata.province_cards(f, ctx.years_chosen)
    chosen = ctx.provinces[ctx.provinces["province_code"].isin(f.provinces)]
    if provinces is not None:  # in the order asked (the focus order), not the reference order
        order = {c: i for i, c in enumerate(provinces)}
        chosen = chosen.assign(_o=chosen["province_code"].map(order)).sort_values("_o").drop(columns="_o")
    return cards.build(
        frames,
        chosen,
        year_from=f.year_from,
        year_to=f.year_to,
        years_chosen=ctx.years_chosen,
        mode=ctx.mode,
        lang=ctx.lang,
    )


def key_figures(ctx: PageContext, built: list) -> None:
    """The provinces' key figures side by side, one compact table (kcdash.glance): the published
    figure first in bold, the records' sum under it with its mark, the rest one click away; the
    further published facts (craft villages, the centre's founding) in a box opened on request."""
    from kcdash import glance

    st.html(glance.table_html(built, ctx.colors, ctx.lang))
    others = [(pc.name, line) for pc in built for line in pc.other_published]
    if others:
        with st.expander(ctx.t("overview.other_published"), icon=":material/description:"):
            st.markdown("\n".join(f"- **{md_escape(name)}**: {md_escape(line)}" for name, line in others))


def sources_line(ctx: PageContext) -> str:
    """Markdown: "Nguồn: [title] (period); [title] (period)" for the chosen provinces' reports."""
    from kcdash import pagedata

    sources = pagedata.sources(ctx.filters.provinces)
    titles = [
        f"{r[lang_col('cited_title', ctx.lang)]} ({r['period_label']})"
        if r["period_label"]
        else str(r[lang_col("cited_title", ctx.lang)])
        for _, r in sources.iterrows()
    ]
    return ":material/description: " + md_escape(ctx.t("published.source", file="; ".join(titles))) if titles else ""


def source_title(source_file: object, lang: str) -> str:
    """The title to cite for a source file (kcdash.cards.source_title over the sources table)."""
    from kcdash import cards, pagedata

    return cards.source_title(source_file, pagedata.sources(()), lang)


def paged_table(df: pd.DataFrame, columns: Columns, lang: str, *, key: str) -> None:
    """A table sent to the browser a page (TABLE_PAGE_ROWS rows) at a time; the pager reruns
    only this part of the page (a fragment)."""
    _paged_table(df, columns, lang, key=key)


@st.fragment
def _paged_table(df: pd.DataFrame, columns: Columns, lang: str, *, key: str) -> None:
    _table_pages(df, columns, lang, key=key)


def _table_pages(df: pd.DataFrame, columns: Columns, lang: str, *, key: str) -> bool:
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


def district_map(ctx: PageContext, districts: pd.DataFrame, shown: pd.DataFrame, *, as_of_year: int) -> None:
    """See `_district_map`; a fragment: choosing the province of the map redraws only the map."""
    _district_map(ctx, districts, shown, as_of_year=as_of_year)


@st.fragment
def _district_map(ctx: PageContext, districts: pd.DataFrame, shown: pd.DataFrame, *, as_of_year: int) -> None:
    """The districts of one chosen province as a tile-grid map, coloured by the highest stage a
    cluster reached by `as_of_year`; districts that did not exist that year are dotted outlines.

    `districts`: every district that existed (cluster_districts); `shown`: the rows the page
    may show (in published-only mode, illustrative rows are left out: their stage is "no data").
    """
    from kcdash import tilemap
    from kcdash.pagedata import STAGES

    with_tiles = [c for c in [*ctx.focus, *ctx.filters.provinces] if tilemap.district_tiles(c)]
    with_tiles = list(dict.fromkeys(with_tiles))
    if not with_tiles:
        st.caption(":material/map: " + ctx.t("clusters.map_none"))
        return
    names = dict(zip(ctx.provinces["province_code"], ctx.provinces[lang_col("name", ctx.lang)], strict=True))
    province = with_tiles[0]
    with slot():  # the picker comes and goes with the second province; the map stays in place
        if len(with_tiles) > 1:
            province = coded_widget(
                "segmented_control",
                ctx.t("clusters.map_province"),
                with_tiles,
                key="dmap",
                default=with_tiles[0],
                format_func=lambda c: names.get(c, c),
                required=True,
            )
            province = province if province in with_tiles else with_tiles[0]
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
        mark=ctx.t("chart.watermark") if illustrative else "",  # illustrative stages: marked on the map (issue 9)
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
