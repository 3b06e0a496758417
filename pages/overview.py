"""Tổng quan / Overview.

Question: for each chosen province, how many people were trained, how many got new jobs, how
much was spent (national vs local), at what cost per trainee, and how many districts have a
cluster — and what did the reports themselves publish for the same things?

A dashboard's first screen: the status line, the key figures side by side (published first) and
a chart beside them; the caveats one line and one click away.
"""

import streamlit as st

from kcdash import charts, measures, national, pagedata
from kcdash.i18n import lang_col
from kcdash.ui import blocks, cards, context, nationwide, notices, published_figures, scale, tables

ctx = context.start_page("page.overview", "question.overview")
lang, f = ctx.lang, ctx.filters
d = pagedata.overview(f)
kpis, clusters_now = d.kpis, d.clusters_now
many = scale.many(ctx)
record_count = int(kpis["activity_count"].sum())
source = notices.records_source(ctx, kpis)

# every province when few are chosen, else the focus ones (in focus order)
codes = tuple(str(c) for c in kpis["province_code"]) if not many else tuple(ctx.focus)
built = cards.province_cards(ctx, codes) if codes else []
notes = [ctx.t("overview.scope")]
notes += [f"{pc.name}: {pc.period_note}" for pc in built]
if many:
    notes.append(scale.many_text(ctx))
notices.illustrative_banner(ctx, int(kpis["illustrative_count"].sum()), record_count, notes=notes)
if not ctx.published_only:  # published mode: the table below holds every published figure
    notices.empty_scope(ctx, record_count)  # the published figures below still stand

year_columns: tables.Columns = measures.by_province_year(lang_col("name", lang), measures.TRAINEES, measures.NEW_JOBS)


def trend() -> None:
    """Trainees and new jobs per year, one colour per province (watermarked when illustrative)."""
    by_year = d.by_year[d.by_year["province_code"].isin(codes)]
    blocks.chart_block(
        charts.trainees_jobs_by_year(by_year, lang, ctx.colors),
        ctx,
        key="overview-trainees-jobs",
        alt=ctx.t("alt.trainees_jobs_by_year"),
        source=source,
        df=by_year,
        columns=year_columns,
    )


if many and ctx.published_only and context.page_illustrative():  # no illustrative national sums
    notices.published_only_notice(ctx, totals=False)
    published_figures.published_figures_block(ctx, d.published, key="overview-published")
elif many:  # many provinces: the national picture first, then the focus provinces' figures
    total = pagedata.chosen_total(kpis)
    nationwide.totals_row(
        ctx,
        [
            measures.TRAINEES.metric(total.trainees, lang),
            measures.NEW_JOBS.metric(total.new_jobs, lang),
            measures.JOBS_PER_TRAINEE.metric(total.jobs_per_trainee, lang, with_help=False),
            measures.BUDGET.metric(total.budget_million_vnd, lang),
        ],
    )
    by_province = kpis.merge(
        clusters_now[["province_code", "share_pct"]] if not clusters_now.empty else kpis[["province_code"]],
        on="province_code",
        how="left",
    )
    by_province = national.with_published(by_province, d.published, f.year_from, f.year_to)
    shown = {
        m.code: m.on_map(lang)
        for m in (
            measures.TRAINEES,
            measures.NEW_JOBS,
            measures.BUDGET,
            measures.BUDGET_PER_TRAINEE,
            measures.CLUSTER_SHARE,
        )
    }
    published_measures = {  # the reports' own figures, where any chosen province has one
        m.code: m.on_map(lang)
        for m in (measures.PUBLISHED_BUDGET, measures.PUBLISHED_TRAINEES, measures.PUBLISHED_NEW_JOBS)
    }
    shown |= {m: v for m, v in published_measures.items() if by_province[m].notna().any()}
    nationwide.national_view(
        ctx,
        by_province,
        shown,
        key="overview",
        source=source,
        sums=("trainees", "new_jobs", "budget_million_vnd", *[m for m in published_measures if m in shown]),
    )
    published_figures.published_figures_block(ctx, d.published, key="overview-published")

if many:
    cards.card_provinces(ctx, kpis)  # the focus provinces' heading, or why there are none
    cards.key_figures(ctx, built)
    if built:
        trend()
elif len(codes) <= 2:  # two provinces: the figures and the trend side by side (stacked on a phone)
    figures, chart = st.columns([11, 9], gap="medium")
    with figures:
        cards.key_figures(ctx, built)
    with chart:
        trend()
else:
    cards.key_figures(ctx, built)
    trend()
blocks.fund_share_block(ctx, d.budget_by_fund, key="overview-fund-share", source=source)

st.caption(ctx.t("overview.footer", dataset=notices.version_label(ctx)))
