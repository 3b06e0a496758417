"""Kinh phí / Budget.

Question: how much was spent each year and from which fund (national KCQG vs local KCĐP), on
which khuyến công contents, and at what cost per trainee?
"""

import streamlit as st

from kcdash import charts, fmt, pagedata, ui
from kcdash.i18n import lang_col

ctx = ui.start_page("page.budget", "question.budget")
lang, f = ctx.lang, ctx.filters
d = pagedata.budget(f)
kpis = d["kpis"]
record_count = int(kpis["activity_count"].sum())
ui.illustrative_banner(ctx, int(kpis["illustrative_count"].sum()), record_count)
if ui.empty_scope(ctx, record_count):
    st.stop()
source = ui.records_source(ctx, kpis)
province_name = lang_col("province_name", lang)
fund_name = lang_col("fund_name", lang)
by_fund = d["by_fund"]

columns = st.columns(len(kpis))
for column, (_, row) in zip(columns, kpis.iterrows(), strict=True):
    code = row["province_code"]
    with column:
        ui.province_heading(row[lang_col("name", lang)], ctx.colors.get(code, ""))
        a, b = st.columns(2)
        a.metric(
            ctx.t("measure.budget_million"),
            fmt.number1(row["budget_million_vnd"], lang),
            help=ctx.t("overview.budget_help", billions=fmt.billion_vnd(row["budget_million_vnd"], lang)),
        )
        b.metric(
            ctx.t("measure.budget_per_trainee_million"),
            fmt.number2(row["budget_per_trainee_million_vnd"], lang),
            help=ctx.t("overview.budget_per_trainee_help"),
        )
        shares = by_fund[by_fund["province_code"] == code]
        st.markdown(
            " · ".join(
                f"**{ui.md_escape(r[fund_name])}** {fmt.percent(r['share_pct'], lang)}" for _, r in shares.iterrows()
            )
            or ui.md_escape(fmt.no_data(lang))
        )

by_year_fund = d["by_year_fund"]
ui.chart_block(
    charts.budget_by_year_fund(by_year_fund, lang, ctx.colors),
    ctx,
    key="budget-by-year-fund",
    alt=ctx.t("alt.budget_by_year_fund"),
    source=source,
    df=by_year_fund,
    columns=[
        (province_name, "col.province", None),
        ("year", "col.year", None),
        (fund_name, "col.fund", None),
        ("budget_million_vnd", "col.budget_million", fmt.number1),
        ("activity_count", "col.activity_count", fmt.integer),
    ],
)

left, right = st.columns(2)
with left:
    by_activity = d["by_activity"]
    ui.chart_block(
        charts.budget_by_activity(by_activity, lang, ctx.colors),
        ctx,
        key="budget-by-activity",
        alt=ctx.t("alt.budget_by_activity"),
        source=source,
        df=by_activity,
        columns=[
            (province_name, "col.province", None),
            (lang_col("activity_type_name", lang), "col.activity_type", None),
            ("budget_million_vnd", "col.budget_million", fmt.number1),
            ("activity_count", "col.activity_count", fmt.integer),
        ],
    )
with right:
    ui.chart_block(
        charts.fund_share(by_fund, lang, ctx.colors),
        ctx,
        key="fund-share",
        alt=ctx.t("alt.fund_share"),
        source=source,
        df=by_fund,
        columns=[
            (province_name, "col.province", None),
            (fund_name, "col.fund", None),
            ("budget_million_vnd", "col.budget_million", fmt.number1),
            ("share_pct", "col.share_pct", fmt.percent),
        ],
    )

per_trainee = d["per_trainee"]
ui.chart_block(
    charts.budget_per_trainee_by_year(per_trainee, lang, ctx.colors),
    ctx,
    key="budget-per-trainee",
    alt=ctx.t("alt.budget_per_trainee"),
    source=source + " " + ctx.t("budget.per_trainee_scope"),
    df=per_trainee,
    columns=[
        (province_name, "col.province", None),
        ("year", "col.year", None),
        ("training_budget_million_vnd", "col.training_budget_million", fmt.number1),
        ("trainees", "col.trainees", fmt.integer),
        ("budget_per_trainee_million_vnd", "col.budget_per_trainee_million", fmt.number2),
    ],
)
