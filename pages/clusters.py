"""Cụm công nghiệp / Industrial clusters.

Question: how far is each province from its goal of one industrial cluster per district,
counted against the districts that existed each year, which stage has each district's cluster
reached, and which districts still have none?
"""

import streamlit as st

from kcdash import charts, fmt, pagedata, ui
from kcdash.i18n import lang_col

ctx = ui.start_page("page.clusters", "question.clusters")
lang, f = ctx.lang, ctx.filters

left, right = st.columns([3, 1])
with left:
    stage = ui.coded_widget(
        "segmented_control",
        ctx.t("clusters.stage"),
        list(pagedata.STAGES),
        key="stage",
        default="established",
        format_func=lambda s: ctx.t(f"stage.{s}"),
        required=True,
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
stage = stage if stage in pagedata.STAGES else "established"
as_of_year = int(as_of_year or f.year_to)

d = pagedata.clusters(f, stage, as_of_year)
progress, districts, without, targets = d["progress"], d["districts"], d["without"], d["targets"]

illustrative = int(districts["is_illustrative"].fillna(False).astype(bool).sum())
ui.illustrative_banner(
    ctx, illustrative, int(districts["cluster_count"].gt(0).sum()), key="banner.illustrative_clusters"
)
st.caption(":material/history: " + ctx.t("clusters.historical"))
ui.province_notes(ctx)
if districts.empty and progress.empty:
    st.info(ctx.t("empty.no_districts"), icon=":material/search_off:")
    st.stop()

stage_label = ctx.t(f"stage.{stage}")
name = lang_col("name", lang)
province_name = lang_col("province_name", lang)
district_name = lang_col("district_name", lang)

columns = st.columns(max(1, len(ctx.provinces)))
for column, (_, prov) in zip(columns, ctx.provinces.iterrows(), strict=False):
    code = prov["province_code"]
    total = int((districts["province_code"] == code).sum())
    missing = int((without["province_code"] == code).sum())
    with column:
        ui.province_heading(prov[name], ctx.colors.get(code, ""))
        st.metric(
            ctx.t("clusters.metric", stage=stage_label, year=as_of_year),
            ctx.t("overview.clusters_value", x=fmt.integer(total - missing, lang), y=fmt.integer(total, lang))
            if total
            else fmt.no_data(lang),
            help=ctx.t("clusters.metric_help"),
        )
        for _, g in targets[targets["province_code"] == code].iterrows():
            if bool(g["is_illustrative"]):
                st.markdown(
                    ":material/flag: "
                    + ui.md_escape(ctx.t("overview.goal_illustrative", note=g[lang_col("note", lang)] or ""))
                )
            else:
                st.markdown(
                    ":material/flag: "
                    + ui.md_escape(
                        ctx.t("overview.goal_published", quote=g["quote"] or "", file=g["source_file"] or "")
                    )
                )
            if g["stage"] != stage:
                st.caption(ctx.t("clusters.goal_stage", stage=ctx.t(f"stage.{g['stage']}")))

ui.chart_block(
    charts.cluster_progress(progress, lang, ctx.colors, targets),
    ctx,
    key="cluster-progress",
    alt=ctx.t("alt.cluster_progress", stage=stage_label),
    source=ctx.t("source.clusters", dataset=ui.version_label(ctx)),
    df=progress,
    columns=[
        (name, "col.province", None),
        ("year", "col.year", None),
        ("districts_total", "col.districts_total", fmt.integer),
        ("districts_with_cluster", "col.districts_with_cluster", fmt.integer),
        ("share_pct", "col.share_pct", fmt.percent),
    ],
)

st.subheader(ctx.t("clusters.table_title", year=as_of_year))
table = districts.copy()
table["kind_label"] = table["kind"].map(lambda k: ctx.t(f"kind.{k}"))
table["stage_label"] = table["stage"].map(
    lambda s: ctx.t(f"stage.{s}") if isinstance(s, str) else ctx.t("clusters.none_yet")
)
table["illustrative_label"] = table["is_illustrative"].map(
    lambda v: fmt.no_data(lang) if fmt.is_missing(v) else ctx.t("common.yes" if bool(v) else "common.no")
)
district_columns = [
    (province_name, "col.province", None),
    (district_name, "col.district", None),
    ("kind_label", "col.kind", None),
    ("stage_label", "col.stage_reached", None),
    ("cluster_names", "col.cluster_names", None),
    ("area_ha", "col.area_ha", fmt.number1),
    ("occupancy_pct", "col.occupancy_pct", fmt.percent),
    ("illustrative_label", "col.illustrative", None),
    ("source", "col.source", None),
]
ui.table(table, district_columns, lang, key="cluster-districts")
ui.downloads(
    table, district_columns, lang, key="cluster-districts", file_stem="cluster-districts", formats=("csv", "xlsx")
)

st.subheader(ctx.t("clusters.without_title", stage=stage_label, year=as_of_year))
for _, prov in ctx.provinces.iterrows():
    rows = without[without["province_code"] == prov["province_code"]]
    names = ", ".join(str(n) for n in rows[district_name])
    text = names if names else ctx.t("clusters.all_have")
    st.markdown(f"**{ui.md_escape(prov[name])}:** {ui.md_escape(text)}")
