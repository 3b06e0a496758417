"""Cụm công nghiệp / Industrial clusters.

Question: how far is each province from its goal of one industrial cluster per district,
counted against the districts that existed each year, which stage has each district's cluster
reached, and which districts still have none?
"""

import streamlit as st

from kcdash import charts, fmt, measures, pagedata
from kcdash.i18n import lang_col
from kcdash.safe import md_escape
from kcdash.ui import blocks, cards, clusters_map, context, downloads, nationwide, notices, scale, tables, url

ctx = context.start_page("page.clusters", "question.clusters")
lang, f = ctx.lang, ctx.filters

left, right = st.columns([3, 1])
with left:
    stage = url.one_of(
        ctx.t("clusters.stage"),
        list(pagedata.STAGES),
        key="stage",
        default="established",
        format_func=lambda s: ctx.t(f"stage.{s}"),
        help=ctx.t("clusters.stage_help"),
    )
years = list(range(f.year_from, f.year_to + 1))
with right:
    as_of_year = st.selectbox(
        ctx.t("clusters.as_of"),
        years,
        index=len(years) - 1,
        key="asof",
        bind="query-params",
        help=ctx.t("clusters.as_of_help"),
    )
as_of_year = int(as_of_year or f.year_to)

d = pagedata.clusters(f, stage, as_of_year)
progress, districts, without, targets = d.progress, d.districts, d.without, d.targets

illustrative = int(districts["is_illustrative"].fillna(False).astype(bool).sum())
lists = d.lists.set_index("province_code")
illustrative_lists = bool((lists["illustrative_count"] > 0).any()) if not lists.empty else False
notes = [ctx.t("clusters.historical")]
if illustrative_lists and not ctx.published_only:  # the counts get their own warning
    notes.append(ctx.t("clusters.counts_warning"))
notices.illustrative_banner(
    ctx,
    illustrative,
    int(districts["cluster_count"].gt(0).sum()),
    key="banner.illustrative_clusters",
    notes=notes,
)
if districts.empty and progress.empty:
    st.info(ctx.t("empty.no_districts"), icon=":material/search_off:")
    st.stop()

stage_label = ctx.t(f"stage.{stage}")
name = lang_col("name", lang)
district_name = lang_col("district_name", lang)

many = scale.many(ctx)
if many:  # many provinces: the share of districts with a cluster on the map and ranking first
    nationwide.many_note(ctx)
    reach = pagedata.cluster_reach(districts, without, lists, hide_illustrative=ctx.published_only)
    national = ctx.provinces[["province_code", "name_vi", "name_en"]].merge(reach, on="province_code", how="left")
    nationwide.national_view(
        ctx,
        national,
        {"share_pct": (ctx.t("clusters.map_value", stage=stage_label, year=as_of_year), measures.CLUSTER_SHARE.format)},
        key="clusters",
        source=ctx.t("source.clusters", dataset=notices.version_label(ctx)),
    )
for prov in cards.province_columns(ctx, ctx.provinces):  # every province when few are chosen, else the focus
    code = prov["province_code"]
    total = int((districts["province_code"] == code).sum())
    missing = int((without["province_code"] == code).sum())
    has_list = pagedata.has_cluster_list(d.lists, code)
    list_illustrative = has_list and int(lists.loc[code, "illustrative_count"]) > 0
    count_text = ctx.t("overview.clusters_value", x=fmt.integer(total - missing, lang), y=fmt.integer(total, lang))
    if not total or not has_list or (list_illustrative and ctx.published_only):
        count_text = fmt.no_data(lang)  # no cluster list (never 0 of n), or no report gives the count
    elif list_illustrative:
        count_text = ctx.t("mark.illustrative_cell", value=count_text)
    st.metric(
        ctx.t("clusters.metric", stage=stage_label, year=as_of_year),
        count_text,
        help=ctx.t("clusters.metric_help"),
    )
    for _, g in targets[targets["province_code"] == code].iterrows():
        if bool(g["is_illustrative"]):
            st.markdown(
                ":material/flag: "
                + md_escape(ctx.t("overview.goal_illustrative", note=g[lang_col("note", lang)] or ""))
            )
        else:
            st.markdown(
                ":material/flag: "
                + md_escape(
                    ctx.t(
                        "overview.goal_published",
                        quote=g["quote"] or "",
                        file=cards.source_title(g["source_file"], lang),
                    )
                )
            )
        if g["stage"] != stage:
            st.caption(ctx.t("clusters.goal_stage", stage=ctx.t(f"stage.{g['stage']}")))

progress_chart = progress
if many:  # the chosen provinces together (districts summed), then the focus provinces
    progress_chart = scale.chosen_together(
        ctx, progress, by=["year"], sums=["districts_total", "districts_with_cluster"], with_focus=True
    )
    progress_chart["share_pct"] = pagedata.ratio(progress_chart, "districts_with_cluster", "districts_total", 100)
blocks.chart_block(
    charts.cluster_progress(progress_chart, lang, scale.chart_colors(ctx), targets),
    ctx,
    key="cluster-progress",
    alt=ctx.t("alt.cluster_progress", stage=stage_label),
    source=ctx.t("source.clusters", dataset=notices.version_label(ctx)),
    df=progress,
    columns=measures.by_province_year(
        name, measures.DISTRICTS_TOTAL, measures.DISTRICTS_WITH_CLUSTER, measures.CLUSTER_SHARE
    ),
)

st.subheader(ctx.t("clusters.table_title", year=as_of_year))
table = pagedata.district_table(districts, lang)
table["illustrative_label"] = table["is_illustrative"].map(
    lambda v: fmt.no_data(lang) if fmt.is_missing(v) else ctx.t("common.yes" if bool(v) else "common.no")
)
if ctx.published_only:  # only clusters a source gives; the rest of the list is illustrative
    table = table[table["is_illustrative"].eq(False)]
district_columns: tables.Columns = [
    *pagedata.district_columns(lang),
    ("occupancy_pct", "col.occupancy_pct", fmt.percent),
    ("illustrative_label", "col.illustrative", None),
    ("source", "col.source", None),
]
clusters_map.district_map(ctx, districts, table, as_of_year=as_of_year)
tables.paged_table(table, district_columns, lang, key="cluster-districts")
downloads.downloads(
    table, district_columns, lang, key="cluster-districts", file_stem="cluster-districts", formats=("csv", "xlsx")
)

st.subheader(ctx.t("clusters.without_title", stage=stage_label, year=as_of_year))
if many:
    st.caption(ctx.t("clusters.without_many", n=fmt.integer(len(ctx.provinces), lang)))
for _, prov in ctx.provinces[ctx.provinces["province_code"].isin(ctx.focus) | (not many)].iterrows():
    rows = without[without["province_code"] == prov["province_code"]]
    names = ", ".join(str(n) for n in rows[district_name])
    code = prov["province_code"]
    text = names if names else ctx.t("clusters.all_have")
    if not pagedata.has_cluster_list(d.lists, code):
        text = ctx.t("cards.cluster_list_missing")
    elif ctx.published_only and int(lists.loc[code, "illustrative_count"]) > 0:
        text = ctx.t("mode.records_hidden_title")
    st.markdown(f"**{md_escape(prov[name])}:** {md_escape(text)}")
