"""Dữ liệu & nguồn / Data and sources.

Question: which records lie behind the numbers (page by page, downloadable exactly as shown),
what did the reports publish and in which words, where do records and reports disagree, what
do the terms mean, and which data version is this?
"""

import pandas as pd
import streamlit as st

from kcdash import fmt, measures, pagedata
from kcdash.i18n import lang_col
from kcdash.safe import md_escape
from kcdash.ui import cards, context, downloads, notices, tables, url

PAGE_SIZES = (25, 50, 100)
GLOSSARY = (
    "khuyen_cong",
    "can_cu",
    "kcqg",
    "kcdp",
    "ccn",
    "de_an",
    "cnnt",
    "lang_nghe",
    "hoc_vien",
    "viec_lam_moi",
    "huyen",
    "cong_bo",
    "minh_hoa",
    "doi_chieu",
)

ctx = context.start_page("page.data_sources", "question.data_sources")
lang, f = ctx.lang, ctx.filters

# ---- records, one page at a time -------------------------------------------------------------
st.subheader(ctx.t("sources.records_title"))


def first_page() -> None:
    """A new order or search starts again on page 1."""
    st.session_state["page"] = 1


search_col, sort_col, size_col = st.columns([3, 2, 1])
with search_col:
    search = (
        st.text_input(
            ctx.t("sources.search"),
            key="q",
            bind="query-params",
            max_chars=pagedata.SEARCH_MAX_CHARS,
            type="search",
            placeholder=ctx.t("sources.search_placeholder"),
            help=ctx.t("sources.search_help"),
            on_change=first_page,
        )
        or ""
    )[: pagedata.SEARCH_MAX_CHARS]  # a hand-made link may carry more than the box allows
with sort_col:
    sort = url.coded_widget(
        "selectbox",
        ctx.t("sources.sort"),
        list(pagedata.RECORD_SORTS),
        key="sort",
        default="year",
        format_func=lambda s: ctx.t(f"sources.sort_{s}"),
        placeholder=ctx.t("sources.sort_year"),  # cleared: by year, and the box says so
        on_change=first_page,
    )
with size_col:
    page_size = st.selectbox(ctx.t("sources.page_size"), PAGE_SIZES, index=1, key="size", bind="query-params")
page_size = int(page_size or 50)
table_area = st.container()  # the table goes above the pager, which must be read first
record_count = pagedata.record_count(f, search)  # the same cached query data_sources runs
num_pages = max(1, -(-record_count // page_size))
page = min(int(st.pagination(num_pages, key="page", bind="query-params") or 1), num_pages)
d = pagedata.data_sources(f, page=page, page_size=page_size, sort=sort or "year", search=search)
searching = bool(pagedata.fold_search(search))
record_count, illustrative_count = d.record_count, d.illustrative_count
records = d.records

with table_area:
    notices.illustrative_banner(ctx, illustrative_count, record_count)
    if record_count == 0 and searching:
        st.info(ctx.t("sources.no_match", query=md_escape(search.strip())), icon=":material/search_off:")
    elif record_count == 0:
        st.info(ctx.t("empty.no_records"), icon=":material/search_off:")
    elif ctx.published_only and illustrative_count > 0:  # no illustrative row in published mode
        notices.published_only_notice(ctx, totals=False)
    else:
        first = (page - 1) * page_size + 1
        st.caption(
            ctx.t(
                "sources.showing_search" if searching else "sources.showing",
                first=fmt.integer(first, lang),
                last=fmt.integer(first + len(records) - 1, lang),
                total=fmt.integer(record_count, lang),
                query=md_escape(search.strip()),
            )
        )
        district_name, craft_name = lang_col("district_name", lang), lang_col("craft_name", lang)
        records = records.assign(  # an empty district is province-wide work, an empty craft none named
            illustrative_label=records["is_illustrative"].map(lambda v: ctx.t("common.yes" if v else "common.no")),
            **{
                district_name: records[district_name]
                .astype(object)
                .where(records["district_code"].notna(), ctx.t("label.province_wide")),
                craft_name: records[craft_name]
                .astype(object)
                .where(records["craft_code"].notna(), ctx.t("label.no_craft")),
            },
        )
        record_columns: tables.Columns = [
            ("activity_id", "col.activity_id", None),
            ("year", "col.year", None),
            (lang_col("province_name", lang), "col.province", None),
            (lang_col("district_name", lang), "col.district", None),
            (lang_col("activity_type_name", lang), "col.activity_type", None),
            (lang_col("craft_name", lang), "col.craft", None),
            (lang_col("fund_name", lang), "col.fund", None),
            measures.BUDGET.column(),
            measures.TRAINEES.column(),
            measures.NEW_JOBS.column(),
            ("title_vi", "col.title_vi", None),
            ("illustrative_label", "col.illustrative", None),
            ("source", "col.source", None),
        ]
        # the grid's own "Download as CSV" exports what it shows: formulas neutralised there too
        tables.table(
            fmt.neutralise_formulas(records),
            record_columns,
            lang,
            key="records-table",
            label=ctx.t("sources.records_title"),
        )
        st.caption(ctx.t("sources.download_note"))
        downloads.downloads(records, record_columns, lang, key="records", file_stem=f"khuyen-cong-records-p{page}")

# ---- published figures ----------------------------------------------------------------------
published = d.published
st.subheader(ctx.t("sources.published_title"))
st.caption(ctx.t("sources.published_intro"))
# the rows as dicts, once: a row Series each, three times over, cost more than the table
published_rows = tables.records(published)
published = published.assign(
    period=[cards.period_text(r, lang) for r in published_rows],
    value_label=[cards.published_value(r, lang) for r in published_rows],
    qualifier_label=published["qualifier"].map(lambda q: ctx.t(f"qualifier.{q}")),
    source_title=[cards.source_title(r["source_file"], lang) for r in published_rows],
)
figure_columns: tables.Columns = [  # what names a published figure, in its table and in the reconciliation
    (lang_col("province_name", lang), "col.province", None),
    ("period", "col.period", None),
    (lang_col("label", lang), "col.figure", None),
]
published_columns: tables.Columns = [
    *figure_columns,
    ("value_label", "col.published_value", None),
    ("qualifier_label", "col.qualifier", None),
    ("quote", "col.quote", None),
    ("source_title", "col.source_title", None),
    ("source_file", "col.source_file", None),
]
tables.table(published, published_columns, lang, key="published-table", illustrative=False)
downloads.downloads(
    published,
    published_columns,
    lang,
    key="published",
    file_stem="published-figures",
    formats=("csv", "xlsx"),
    illustrative=False,
)

# ---- reconciliation --------------------------------------------------------------------------
recon = d.reconciliation
st.subheader(ctx.t("sources.reconciliation_title"))
st.caption(ctx.t("sources.reconciliation_intro"))


recon_rows = tables.records(recon)


def _with_unit(column: str) -> list[str]:
    return [fmt.with_unit(r[column], str(r["unit"]), lang) for r in recon_rows]


periods = {r["figure_id"]: cards.period_text(r, lang) for r in published_rows}
recon = recon.assign(
    period=recon["figure_id"].map(periods),
    published_label=[
        cards.published_value({"value": r["published_value"], "unit": r["unit"], "qualifier": r["qualifier"]}, lang)
        for r in recon_rows
    ],
    record_label=_with_unit("record_value"),
    difference_label=_with_unit("difference"),
    status_label=recon["status"].map(lambda s: ctx.t(f"status.{s}")),
    is_illustrative=recon["illustrative_count"].fillna(0).astype(int) > 0,
)
for col in ("record_label", "difference_label"):  # a sum of illustrative records says so in its cell
    recon[col] = [
        ctx.t("mark.illustrative_cell", value=v) if flag and v != fmt.no_data(lang) else v
        for v, flag in zip(recon[col], recon["is_illustrative"], strict=True)
    ]
recon_columns: tables.Columns = [
    *figure_columns,
    ("published_label", "col.published_value", None),
    ("record_label", "col.record_value", None),
    ("difference_label", "col.difference", None),
    ("status_label", "col.status", None),
    ("record_count", "col.record_count", fmt.integer),
    ("source_file", "col.source_file", None),
]
if ctx.published_only and bool(recon["is_illustrative"].any()):  # no illustrative sum in published mode
    recon_columns = [c for c in recon_columns if c[0] not in ("record_label", "difference_label", "record_count")]
tables.table(recon, recon_columns, lang, key="reconciliation-table")
downloads.downloads(
    recon, recon_columns, lang, key="reconciliation", file_stem="reconciliation", formats=("csv", "xlsx")
)

# ---- the source reports, cited by title, each file one click away ----------------------------
sources = pagedata.sources(f.provinces)
st.subheader(ctx.t("sources.documents_title"))
st.caption(ctx.t("sources.documents_intro"))
source_columns: tables.Columns = [
    (lang_col("cited_title", lang), "col.cited_title", None),
    ("author_vi", "col.author", None),
    (lang_col("issuing_body", lang), "col.issuing_body", None),
    (lang_col("place", lang), "col.place", None),
    ("period_label", "col.period", None),
    ("date_published", "col.date_published", None),
    ("not_before_year", "col.not_before_year", None),
    ("headings_vi", "col.headings", None),
    ("source_file", "col.source_file", None),
    ("url", "col.url", None),
    (lang_col("note", lang), "col.note", None),
]
tables.table(sources, source_columns, lang, key="sources-table", illustrative=False)


def source_file_box(source_file: str) -> None:
    """A kept report's full text, and the file to download."""
    kept = pagedata.source_document(source_file)
    if kept is not None:  # a report read on the steward console: the file as it was uploaded
        st.download_button(
            kept.file_name,
            data=kept.content,
            file_name=kept.file_name,
            mime=kept.media_type,
            key=f"dl-source-{source_file}",
            on_click="ignore",
            icon=":material/download:",
        )
        st.text(kept.text)
        return
    text = pagedata.source_text(source_file)
    if text is None:
        st.caption(ctx.t("sources.file_missing", file=source_file))
        return
    st.download_button(
        source_file,
        data=text.encode("utf-8"),
        file_name=source_file,
        mime="text/plain",
        key=f"dl-source-{source_file}",
        on_click="ignore",
        icon=":material/download:",
    )
    st.text(text)


for _, src in sources.iterrows():
    title = str(src[lang_col("cited_title", lang)])
    label = ctx.t("sources.read_file", title=title, file=src["source_file"])
    # the report's text is read and sent once its box is opened, not on every filter change
    with st.expander(label, icon=":material/article:", key=f"source-{src['source_file']}", on_change="rerun") as box:
        if box.open:
            source_file_box(str(src["source_file"]))

# ---- glossary and the content categories ----------------------------------------------------
st.subheader(ctx.t("sources.glossary_title"))


def reference_tables() -> None:
    """The terms, Decree 45's content categories and how older reports' names map onto them."""
    glossary = pd.DataFrame(
        {
            ctx.t("col.term"): [ctx.t(f"glossary.{k}.term") for k in GLOSSARY],
            ctx.t("col.meaning"): [ctx.t(f"glossary.{k}.meaning") for k in GLOSSARY],
        }
    )
    st.dataframe(glossary, hide_index=True, key="glossary-table")
    st.markdown("**" + md_escape(ctx.t("sources.activity_types_title")) + "**")
    st.caption(md_escape(ctx.t("sources.legal_frame")))
    tables.table(
        d.activity_types,
        [
            ("article_clause", "col.clause", None),
            (lang_col("name", lang), "col.activity_type", None),
            ("legal_basis", "col.legal_basis", None),
        ],
        lang,
        key="activity-types-table",
        illustrative=False,
    )
    st.markdown("**" + md_escape(ctx.t("sources.activity_map_title")) + "**")
    tables.table(
        d.activity_type_map,
        [
            ("framework", "col.framework", None),
            ("legacy_name_vi", "col.legacy_name", None),
            (lang_col("short", lang), "col.maps_to", None),
        ],
        lang,
        key="activity-map-table",
        illustrative=False,
    )


# three reference tables, the same whatever the filters: drawn once their box is opened, not
# redrawn on every filter change (each table costs the browser a grid to draw)
with st.expander(
    ctx.t("sources.glossary_box"), icon=":material/menu_book:", key="glossary-box", on_change="rerun"
) as box:
    if box.open:
        reference_tables()

# ---- data version ----------------------------------------------------------------------------
st.subheader(ctx.t("sources.version_title"))
v = d.version
st.markdown(
    "\n".join(
        f"- **{md_escape(ctx.t(k))}:** {md_escape(val)}"
        for k, val in (
            ("sources.version_id", v.id),
            ("sources.version_label", v.label(lang) or v.id),
            ("sources.version_date", fmt.date(v.created_at, lang)),
            ("sources.version_by", v.created_by or fmt.no_data(lang)),
            (
                "sources.version_rows",
                ctx.t(
                    "sources.version_rows_value",
                    activities=fmt.integer(v.activities_rows, lang),
                    clusters=fmt.integer(v.clusters_rows, lang),
                ),
            ),
        )
    )
)
