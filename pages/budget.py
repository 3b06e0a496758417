"""Kinh phí / Budget.

Question: how much was spent each year and from which fund (national KCQG vs local KCĐP), on
which khuyến công contents, and at what cost per trainee?
"""

import streamlit as st

from kcdash import charts, fmt, measures, pagedata
from kcdash.i18n import lang_col
from kcdash.safe import md_escape
from kcdash.ui import blocks, cards, context, layout, nationwide, notices, scale, tables

ctx = context.start_page("page.budget", "question.budget")
lang, f = ctx.lang, ctx.filters
d = pagedata.budget_years(f)  # per trainee, by content: in their sections
kpis = d.kpis
source = notices.records_notices(ctx, kpis)
province_name = lang_col("province_name", lang)
fund_name = lang_col("fund_name", lang)
by_fund = d.by_fund
many = scale.many(ctx)
colors = scale.chart_colors(ctx)

head = layout.drawn_later()  # the national view and the cards: written after the charts


def head_part() -> None:
    """The chosen provinces together, the map and ranking (many provinces), the focus cards."""
    if many:
        nationwide.many_note(ctx)
        total = pagedata.chosen_total(kpis)
        fund_total = scale.chosen_together(
            ctx, by_fund, by=["fund_code"], sums=["budget_million_vnd", "activity_count"]
        )
        nationwide.totals_row(
            ctx,
            [
                measures.BUDGET.metric(total.budget_million_vnd, lang),
                *(
                    (str(r[fund_name]), measures.FUND_SHARE.cell(share, lang), None)
                    for (_, r), share in zip(
                        fund_total.iterrows(), pagedata.shares(fund_total, "budget_million_vnd"), strict=True
                    )
                ),
            ],
        )
        nationwide.national_view(
            ctx,
            kpis,
            {m.code: m.on_map(lang) for m in (measures.BUDGET, measures.BUDGET_PER_TRAINEE)},
            key="budget",
            source=source,
            sums=("budget_million_vnd",),
        )

    for row in cards.province_columns(ctx, kpis):
        a, b = st.columns(2)
        for place, measure in ((a, measures.BUDGET), (b, measures.BUDGET_PER_TRAINEE)):
            label, value, help_ = measure.metric(row[measure.code], lang)
            place.metric(label, value, help=help_)
        shares = by_fund[by_fund["province_code"] == row["province_code"]]
        st.markdown(
            " · ".join(
                f"**{md_escape(r[fund_name])}** {measures.FUND_SHARE.cell(r['share_pct'], lang)}"
                for _, r in shares.iterrows()
            )
            or md_escape(fmt.no_data(lang))
        )


year_fund_columns: tables.Columns = [
    (province_name, "col.province", None),
    ("year", "col.year", None),
    (fund_name, "col.fund", None),
    measures.BUDGET.column(),
    measures.SCHEMES.column(),
]


def years_section() -> None:
    """Budget per year and fund: the chosen provinces together first when many, then the focus
    provinces' panels."""
    by_year_fund = d.by_year_fund
    blocks.chosen_then_focus(
        ctx,
        by_year_fund,
        lambda: scale.chosen_together(
            ctx, by_year_fund, by=["year", "fund_code"], sums=["budget_million_vnd", "activity_count"]
        ),
        lambda rows: charts.budget_by_year_fund(rows, lang, colors),
        key="budget-by-year-fund",
        alt=ctx.t("alt.budget_by_year_fund"),
        source=source,
        columns=year_fund_columns,
    )


def per_trainee_section() -> None:
    """Budget per trainee per year (a ratio of sums for the chosen provinces together when many)."""
    per_trainee = pagedata.budget_per_trainee(f)
    per_trainee_chart = per_trainee
    if many:  # a ratio of sums for the chosen provinces together, beside the focus provinces
        per_trainee_chart = scale.chosen_together(
            ctx, per_trainee, by=["year"], sums=["training_budget_million_vnd", "trainees"], with_focus=True
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
        columns=measures.by_province_year(province_name, *measures.COST_PER_TRAINEE_BY_YEAR),
    )


def parts_section() -> None:
    """Budget by khuyến công content beside each fund's share."""
    left, right = st.columns(2)
    with left:
        by_activity = pagedata.budget_parts(f)
        activity_chart = by_activity
        if many:  # stacked by province would be dozens of slivers: the chosen provinces together
            activity_chart = scale.chosen_together(
                ctx, by_activity, by=["activity_type_code"], sums=["budget_million_vnd", "activity_count"]
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
                measures.BUDGET.column(),
                measures.SCHEMES.column(),
            ],
        )
    with right:
        blocks.fund_share_block(ctx, by_fund, key="fund-share", source=source)


blocks.sections(ctx, "budget", {"years": years_section, "per_trainee": per_trainee_section, "parts": parts_section})
with head:
    head_part()
