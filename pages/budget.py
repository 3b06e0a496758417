"""Kinh phí / Budget.

Question: how much was spent each year and from which fund (national KCQG vs local KCĐP), on
which khuyến công contents, and at what cost per trainee?
"""

import streamlit as st

from kcdash import charts, fmt, pagedata
from kcdash.i18n import lang_col
from kcdash.safe import md_escape
from kcdash.ui import blocks, cards, context, layout, nationwide, notices, scale, tables

ctx = context.start_page("page.budget", "question.budget")
lang, f = ctx.lang, ctx.filters
d = pagedata.budget_years(f)  # per trainee, by content: in their sections
kpis = d["kpis"]
record_count = int(kpis["activity_count"].sum())
notices.illustrative_banner(ctx, int(kpis["illustrative_count"].sum()), record_count)
if notices.empty_scope(ctx, record_count):
    st.stop()
source = notices.records_source(ctx, kpis)
province_name = lang_col("province_name", lang)
fund_name = lang_col("fund_name", lang)
by_fund = d["by_fund"]
many = scale.many(ctx)
colors = scale.chart_colors(ctx)
focus = list(ctx.focus)
names = scale.together_names(ctx)

head = layout.drawn_later()  # the national view and the cards: written after the charts


def head_part() -> None:
    """The chosen provinces together, the map and ranking (many provinces), the focus cards."""
    if many:
        nationwide.many_note(ctx)
        total = pagedata.chosen_total(kpis)
        fund_total = pagedata.together(
            by_fund,
            by=["fund_code"],
            sums=["budget_million_vnd", "activity_count"],
            names=names,
            name_cols=("province_name_vi", "province_name_en"),
        )
        nationwide.totals_row(
            ctx,
            [
                (
                    ctx.t("measure.budget_million"),
                    fmt.number1(total["budget_million_vnd"], lang),
                    ctx.t("overview.budget_help", billions=fmt.billion_vnd(total["budget_million_vnd"], lang)),
                ),
                *(
                    (str(r[fund_name]), fmt.percent(share, lang), None)
                    for (_, r), share in zip(
                        fund_total.iterrows(), pagedata.shares(fund_total, "budget_million_vnd"), strict=True
                    )
                ),
            ],
        )
        nationwide.national_view(
            ctx,
            kpis,
            {
                "budget_million_vnd": (ctx.t("measure.budget_million"), fmt.number1),
                "budget_per_trainee_million_vnd": (ctx.t("measure.budget_per_trainee_million"), fmt.number2),
            },
            key="budget",
            source=source,
            sums=("budget_million_vnd",),
        )

    card_rows = nationwide.card_provinces(ctx, kpis)
    columns = st.columns(max(1, len(card_rows)))
    for column, (_, row) in zip(columns, card_rows.iterrows(), strict=False):
        code = row["province_code"]
        with column:
            cards.province_heading(row[lang_col("name", lang)], ctx.colors.get(code, ""))
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
                    f"**{md_escape(r[fund_name])}** {fmt.percent(r['share_pct'], lang)}" for _, r in shares.iterrows()
                )
                or md_escape(fmt.no_data(lang))
            )


year_fund_columns: tables.Columns = [
    (province_name, "col.province", None),
    ("year", "col.year", None),
    (fund_name, "col.fund", None),
    ("budget_million_vnd", "col.budget_million", fmt.number1),
    ("activity_count", "col.activity_count", fmt.integer),
]


def years_section() -> None:
    """Budget per year and fund: the chosen provinces together first when many, then the focus
    provinces' panels."""
    by_year_fund = d["by_year_fund"]
    blocks.chosen_then_focus(
        ctx,
        by_year_fund,
        lambda: pagedata.together(
            by_year_fund,
            by=["year", "fund_code"],
            sums=["budget_million_vnd", "activity_count"],
            names=names,
            name_cols=("province_name_vi", "province_name_en"),
        ),
        lambda rows: charts.budget_by_year_fund(rows, lang, colors),
        key="budget-by-year-fund",
        alt=ctx.t("alt.budget_by_year_fund"),
        source=source,
        columns=year_fund_columns,
    )


def per_trainee_section() -> None:
    """Budget per trainee per year (a ratio of sums for the chosen provinces together when many)."""
    per_trainee = pagedata.budget_per_trainee(f)["per_trainee"]
    per_trainee_chart = per_trainee
    if many:  # a ratio of sums for the chosen provinces together, beside the focus provinces
        per_trainee_chart = pagedata.together(
            per_trainee,
            by=["year"],
            sums=["training_budget_million_vnd", "trainees"],
            names=names,
            name_cols=("province_name_vi", "province_name_en"),
            focus=focus,
        )
        per_trainee_chart["budget_per_trainee_million_vnd"] = pagedata.ratio(
            per_trainee_chart, "training_budget_million_vnd", "trainees"
        )
    blocks.chart_block(
        charts.budget_per_trainee_by_year(per_trainee_chart, lang, colors),
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


def parts_section() -> None:
    """Budget by khuyến công content beside each fund's share."""
    left, right = st.columns(2)
    with left:
        by_activity = pagedata.budget_parts(f)["by_activity"]
        activity_chart = by_activity
        if many:  # stacked by province would be dozens of slivers: the chosen provinces together
            activity_chart = pagedata.together(
                by_activity,
                by=["activity_type_code"],
                sums=["budget_million_vnd", "activity_count"],
                names=names,
                name_cols=("province_name_vi", "province_name_en"),
            )
        blocks.chart_block(
            charts.budget_by_activity(activity_chart, lang, colors),
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
        blocks.fund_share_block(ctx, by_fund, key="fund-share", source=source)


blocks.sections(
    ctx,
    {
        "years": (ctx.t("budget.section_years"), years_section),
        "per_trainee": (ctx.t("budget.section_per_trainee"), per_trainee_section),
        "parts": (ctx.t("budget.section_parts"), parts_section),
    },
    label_key="section.label",
)
with head:
    head_part()
