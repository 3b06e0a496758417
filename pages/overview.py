"""Tổng quan / Overview.

Question: for each chosen province, how many people were trained, how many got new jobs, how
much was spent (national vs local), at what cost per trainee, and how many districts have a
cluster — and what did the reports themselves publish for the same things?
"""

import streamlit as st

from kcdash import fmt, pagedata, published_view, ui
from kcdash.i18n import lang_col

ctx = ui.start_page("page.overview", "question.overview")
lang, f = ctx.lang, ctx.filters
d = pagedata.overview(f)
kpis, published, recon = d["kpis"], d["published"], d["reconciliation"]
by_fund, clusters_now, targets = d["budget_by_fund"], d["clusters_now"], d["targets"]

record_count = int(kpis["activity_count"].sum())
ui.illustrative_banner(ctx, int(kpis["illustrative_count"].sum()), record_count)
ui.province_notes(ctx)
st.caption(ctx.t("overview.scope", years=fmt.year_range(f.year_from, f.year_to)))
if not ctx.published_only:  # published mode: the cards below hold every published figure
    ui.empty_scope(ctx, record_count)  # the published figures below still stand
fund_names = dict(zip(d["funds"]["fund_code"], d["funds"][lang_col("short", lang)], strict=True))


if ui.many(ctx) and ctx.published_only and ui.page_illustrative():  # no illustrative national sums
    ui.published_only_notice(ctx, totals=False)
    published_view.published_figures_block(ctx, published, key="overview-published")
elif ui.many(ctx):  # many provinces: the national picture first, then the focus provinces' cards
    ui.many_note(ctx)
    total = pagedata.chosen_total(kpis)
    ui.totals_row(
        ctx,
        [
            (ctx.t("measure.trainees"), fmt.integer(total["trainees"], lang), None),
            (ctx.t("measure.new_jobs"), fmt.integer(total["new_jobs"], lang), None),
            (ctx.t("measure.jobs_per_trainee"), fmt.ratio_percent(total["jobs_per_trainee"], lang), None),
            (
                ctx.t("measure.budget_million"),
                fmt.number1(total["budget_million_vnd"], lang),
                ctx.t("overview.budget_help", billions=fmt.billion_vnd(total["budget_million_vnd"], lang)),
            ),
        ],
    )
    national = kpis.merge(
        clusters_now[["province_code", "share_pct"]] if not clusters_now.empty else kpis[["province_code"]],
        on="province_code",
        how="left",
    )
    national = pagedata.with_published(national, published, f.year_from, f.year_to)
    measures = {
        "trainees": (ctx.t("measure.trainees"), fmt.integer),
        "new_jobs": (ctx.t("measure.new_jobs"), fmt.integer),
        "budget_million_vnd": (ctx.t("measure.budget_million"), fmt.number1),
        "budget_per_trainee_million_vnd": (ctx.t("measure.budget_per_trainee_million"), fmt.number2),
        "share_pct": (ctx.t("measure.districts_with_cluster_pct"), fmt.percent),
    }
    published_measures = {  # the reports' own figures, where any chosen province has one
        "published_budget_million_vnd": (ctx.t("measure.published_budget"), fmt.number1),
        "published_trainees": (ctx.t("measure.published_trainees"), fmt.integer),
        "published_new_jobs": (ctx.t("measure.published_new_jobs"), fmt.integer),
    }
    measures |= {m: v for m, v in published_measures.items() if national[m].notna().any()}
    ui.national_view(
        ctx,
        national,
        measures,
        key="overview",
        source=ui.records_source(ctx, kpis),
        sums=("trainees", "new_jobs", "budget_million_vnd", *[m for m in published_measures if m in measures]),
    )
    published_view.published_figures_block(ctx, published, key="overview-published")
card_rows = ui.card_provinces(ctx, kpis)  # every province when few are chosen, else the focus
# the cards (issue 9): published figure first, records' sum second and marked (kcdash.cards)
ui.overview_cards(ctx, tuple(str(c) for c in card_rows["province_code"]))

st.caption(ctx.t("overview.footer", dataset=ui.version_label(ctx)))
