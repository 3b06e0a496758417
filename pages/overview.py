"""Tổng quan / Overview.

Question: for each chosen province, how many people were trained, how many got new jobs, how
much was spent (national vs local), at what cost per trainee, and how many districts have a
cluster — and what did the reports themselves publish for the same things?
"""

import streamlit as st

from kcdash import fmt, pagedata, ui
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
ui.empty_scope(ctx, record_count)  # the published figures below still stand
fund_names = dict(zip(d["funds"]["fund_code"], d["funds"][lang_col("short", lang)], strict=True))


def published_for(code: str, metric: str) -> tuple[tuple[str, str], list[str]]:
    """The main published figure of one metric (the total) as (label, value), and lines for the
    rest: its quote and source, how the records of the same period compare, figures per fund."""
    rows = published[(published["province_code"] == code) & (published["metric"] == metric)]
    rows = rows.assign(_total=rows["fund_code"].isna()).sort_values(["_total", "fund_code"], ascending=[False, True])
    if rows.empty:
        return (ctx.t("published.head_no_period"), fmt.no_data(lang)), []
    lines = []
    for i, (_, row) in enumerate(rows.iterrows()):
        tag = "" if fmt.is_missing(row["fund_code"]) else fund_names.get(row["fund_code"], "")
        if i == 0:
            head = (ui.published_head(row, lang, tag), ui.published_value(row, lang))
            detail = ui.published_detail(row, lang)
            if detail:
                lines.append(":material/description: " + detail)
        else:
            lines.append(ui.published_line(row, lang, tag=tag))
        match = recon[recon["figure_id"] == row["figure_id"]]
        if not match.empty and match.iloc[0]["status"] != "not_published":
            lines.append(ui.reconciliation_line(match.iloc[0], lang, ui.period_text(row, lang)))
    return head, lines


records_label = ctx.t("overview.records_label", years=fmt.year_range(f.year_from, f.year_to))

columns = st.columns(len(kpis))
for column, (_, row) in zip(columns, kpis.iterrows(), strict=True):
    code = row["province_code"]
    name = row[lang_col("name", lang)]
    with column:
        ui.province_heading(name, ctx.colors.get(code, ""))

        head, lines = published_for(code, "trainees")
        ui.card(
            ctx.t("measure.trainees"),
            records_label,
            fmt.integer(row["trainees"], lang),
            lines,
            help=ctx.t("overview.records_help"),
            published=head,
        )
        head, lines = published_for(code, "new_jobs")
        ui.card(
            ctx.t("measure.new_jobs"),
            records_label,
            fmt.integer(row["new_jobs"], lang),
            lines,
            help=ctx.t("overview.records_help"),
            published=head,
        )

        funds = by_fund[by_fund["province_code"] == code]
        fund_lines = [
            ":material/account_balance: "
            + ui.md_escape(
                ctx.t(
                    "overview.fund_line",
                    fund=fr[lang_col("fund_name", lang)],
                    value=fmt.million_vnd(fr["budget_million_vnd"], lang),
                    share=fmt.percent(fr["share_pct"], lang),
                )
            )
            for _, fr in funds.iterrows()
        ]
        head, lines = published_for(code, "budget_million_vnd")
        ui.card(
            ctx.t("measure.budget_million"),
            records_label,
            fmt.number1(row["budget_million_vnd"], lang),
            fund_lines + lines,
            help=ctx.t("overview.budget_help", billions=fmt.billion_vnd(row["budget_million_vnd"], lang)),
            published=head,
        )
        ui.card(
            ctx.t("measure.budget_per_trainee_million"),
            records_label,
            fmt.number2(row["budget_per_trainee_million_vnd"], lang),
            [],
            help=ctx.t("overview.budget_per_trainee_help"),
            published=(ctx.t("published.head_no_period"), fmt.no_data(lang)),
        )

        progress = clusters_now[clusters_now["province_code"] == code]
        if progress.empty:
            cluster_value, cluster_lines = fmt.no_data(lang), []
        else:
            p = progress.iloc[0]
            cluster_value = ctx.t(
                "overview.clusters_value",
                x=fmt.integer(p["districts_with_cluster"], lang),
                y=fmt.integer(p["districts_total"], lang),
            )
            cluster_lines = [ui.md_escape(ctx.t("overview.clusters_share", share=fmt.percent(p["share_pct"], lang)))]
        goal = targets[targets["province_code"] == code]
        for _, g in goal.iterrows():
            if bool(g["is_illustrative"]):
                cluster_lines.append(
                    ":material/flag: "
                    + ui.md_escape(ctx.t("overview.goal_illustrative", note=g[lang_col("note", lang)] or ""))
                )
            else:
                cluster_lines.append(
                    ":material/flag: "
                    + ui.md_escape(
                        ctx.t("overview.goal_published", quote=g["quote"] or "", file=g["source_file"] or "")
                    )
                )
        cluster_lines += [
            ui.published_line(r, lang, with_label=True)
            for _, r in published[
                (published["province_code"] == code) & (published["metric"] == "detailed_plan_clusters")
            ].iterrows()
        ]
        ui.card(
            ctx.t("overview.clusters"),
            ctx.t("overview.clusters_label", year=f.year_to),
            cluster_value,
            cluster_lines,
            help=ctx.t("overview.clusters_help"),
        )

        others = published[
            (published["province_code"] == code)
            & published["metric"].isin(["craft_villages", "centre_founded_year", "activity_count"])
        ]
        if not others.empty:
            with st.expander(ctx.t("overview.other_published"), icon=":material/description:"):
                for _, r in others.iterrows():
                    st.markdown(f"**{ui.md_escape(r[lang_col('label', lang)])}** — " + ui.published_line(r, lang))

st.caption(ctx.t("overview.footer", dataset=ui.version_label(ctx)))
