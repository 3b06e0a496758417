"""Đào tạo nghề & việc làm / Training and jobs.

Question: how many people were trained and got new jobs each year, in which crafts and
districts, and how many new jobs came per trainee?
"""

import streamlit as st

from kcdash import charts, fmt, pagedata, ui
from kcdash.i18n import lang_col

ctx = ui.start_page("page.training", "question.training")
lang, f = ctx.lang, ctx.filters
d = pagedata.training(f)
kpis = d["kpis"]
record_count = int(kpis["activity_count"].sum())
ui.illustrative_banner(ctx, int(kpis["illustrative_count"].sum()), record_count)
if ui.empty_scope(ctx, record_count):
    st.stop()
source = ui.records_source(ctx, kpis)
name = lang_col("name", lang)

columns = st.columns(len(kpis))
for column, (_, row) in zip(columns, kpis.iterrows(), strict=True):
    with column:
        ui.province_heading(row[name], ctx.colors.get(row["province_code"], ""))
        a, b, c = st.columns(3)
        a.metric(ctx.t("measure.trainees"), fmt.integer(row["trainees"], lang))
        b.metric(ctx.t("measure.new_jobs"), fmt.integer(row["new_jobs"], lang))
        c.metric(
            ctx.t("measure.jobs_per_trainee"),
            fmt.ratio_percent(row["jobs_per_trainee"], lang),
            help=ctx.t("training.jobs_per_trainee_help"),
        )

by_year = d["by_year"]
ui.chart_block(
    charts.trainees_jobs_by_year(by_year, lang, ctx.colors),
    ctx,
    key="trainees-jobs-by-year",
    alt=ctx.t("alt.trainees_jobs_by_year"),
    source=source,
    df=by_year,
    columns=[
        (name, "col.province", None),
        ("year", "col.year", None),
        ("trainees", "col.trainees", fmt.integer),
        ("new_jobs", "col.new_jobs", fmt.integer),
        ("jobs_per_trainee_pct", "col.jobs_per_trainee_pct", fmt.percent),
    ],
)

left, right = st.columns(2)
with left:
    by_craft = d["by_craft"].copy()
    by_craft["craft_label"] = (
        by_craft[lang_col("craft_name", lang)]
        .astype(object)
        .where(by_craft["craft_code"].notna(), ctx.t("label.no_craft"))
    )
    ui.chart_block(
        charts.trainees_by_craft(by_craft, lang, ctx.colors),
        ctx,
        key="trainees-by-craft",
        alt=ctx.t("alt.trainees_by_craft"),
        source=source,
        df=by_craft,
        columns=[
            (lang_col("province_name", lang), "col.province", None),
            ("craft_label", "col.craft", None),
            ("trainees", "col.trainees", fmt.integer),
            ("new_jobs", "col.new_jobs", fmt.integer),
            ("activity_count", "col.activity_count", fmt.integer),
        ],
    )
with right:
    by_district = d["by_district"].copy()
    by_district["district_label"] = (
        by_district[lang_col("district_name", lang)]
        .astype(object)
        .where(by_district["district_code"].notna(), ctx.t("label.province_wide"))
    )
    ui.chart_block(
        charts.trainees_by_district(by_district, lang, ctx.colors),
        ctx,
        key="trainees-by-district",
        alt=ctx.t("alt.trainees_by_district"),
        source=source,
        df=by_district,
        columns=[
            (lang_col("province_name", lang), "col.province", None),
            ("district_label", "col.district", None),
            ("trainees", "col.trainees", fmt.integer),
            ("new_jobs", "col.new_jobs", fmt.integer),
            ("activity_count", "col.activity_count", fmt.integer),
        ],
    )

ui.chart_block(
    charts.jobs_per_trainee_by_year(by_year, lang, ctx.colors),
    ctx,
    key="jobs-per-trainee-by-year",
    alt=ctx.t("alt.jobs_per_trainee_by_year"),
    source=source,
    df=by_year,
    columns=[
        (name, "col.province", None),
        ("year", "col.year", None),
        ("trainees", "col.trainees", fmt.integer),
        ("new_jobs", "col.new_jobs", fmt.integer),
        ("jobs_per_trainee_pct", "col.jobs_per_trainee_pct", fmt.percent),
    ],
)
