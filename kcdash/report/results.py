"""The report's results from the records: training and jobs, budget by fund and by content, per
trainee."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from kcdash import charts, fmt, measures, pagedata
from kcdash.i18n import lang_col, t
from kcdash.measures import Measure
from kcdash.report.builder import (
    ALL_CODE,
    Builder,
    Fmt,
    national,
    published_by_province,
    published_for,
    records_source,
)
from kcdash.report.model import Chart, Paragraph, Table
from kcdash.schema import MEASURES


def results_section(
    b: Builder,
    kpis: pd.DataFrame,
    published: pd.DataFrame,
    colors: dict[str, str],
    dataset: str,
    many: bool,
    fund_names: dict[str, str],
) -> None:
    lang, f = b.lang, b.f
    name = lang_col("name", lang)
    pname = lang_col("province_name", lang)
    b.section("report.s_results")
    records = int(kpis["activity_count"].sum()) if not kpis.empty else 0
    illustrative = int(kpis["illustrative_count"].sum()) if not kpis.empty else 0
    source = records_source(b, kpis, dataset)
    chart_colors = {**colors, ALL_CODE: charts.OKABE_ITO[0]}
    n = len(kpis)

    if records == 0:
        b.sections[-1].blocks.append(Paragraph(b.tr("report.no_records"), "note"))
        return
    if b.mode == "published" and illustrative > 0:
        b.sections[-1].blocks.append(
            Paragraph(
                b.tr("report.results_hidden", n=fmt.integer(illustrative, lang), total=fmt.integer(records, lang)),
                "warning",
            )
        )
        return
    marked = illustrative > 0

    def records_chart(
        draw: Callable[[pd.DataFrame, str, dict[str, str]], go.Figure], rows: pd.DataFrame, title: str
    ) -> Chart:
        """A chart of the records (`draw(rows, lang, colors)`, titled by the key `title`): their
        source line under it, the illustrative mark on it when any record is illustrative."""
        return b.chart(draw(rows, lang, chart_colors), t(title, lang), source=source, illustrative=marked)

    def records_by_year(title: str, rows: pd.DataFrame, province_name: str, shown: tuple[Measure, ...]) -> Table:
        """A table of the records by province and year (`measures.by_province_year`), titled by the
        key `title`, with the same source line and mark as the charts."""
        columns = measures.by_province_year(province_name, *shown)
        return b.table(t(title, lang), rows, columns, source=source, illustrative=marked)

    # 1. training and jobs
    # the training page's years (pagedata.training also asks by craft and district, which the
    # report does not print: a second on a national extract)
    by_year = pagedata.training_years(f).by_year
    sec = b.section("report.s_training", level=2)
    totals = kpis.copy()
    totals[measures.JOBS_PER_100.code] = measures.jobs_per_100(totals)
    pub_jobs = published_by_province(published, "new_jobs", lang)
    pub_trainees = published_by_province(published, "trainees", lang)
    no_data = t("common.no_data", lang)  # a province no report gives a figure for (never a number)
    totals["published_jobs"] = totals["province_code"].map(lambda code: pub_jobs.get(code, no_data))
    totals["published_trainees"] = totals["province_code"].map(lambda code: pub_trainees.get(code, no_data))
    for _, r in totals.iterrows() if not many else ():  # many provinces: the table says it
        sec.blocks.append(
            Paragraph(
                b.tr(
                    "report.training_line",
                    trainees=measures.TRAINEES.in_report(r["trainees"], lang),
                    jobs=measures.NEW_JOBS.in_report(r["new_jobs"], lang),
                    per100=measures.JOBS_PER_100.in_report(r[measures.JOBS_PER_100.code], lang),
                    years=fmt.year_range(f.year_from, f.year_to),
                ),
                "bullet",
                bold_lead=f"{r[name]}: ",
            )
        )
    sec.blocks.append(
        b.table(
            b.tr("report.t_training", years=fmt.year_range(f.year_from, f.year_to)),
            totals,
            [
                (name, "col.province", None),
                measures.TRAINEES.column(),
                measures.NEW_JOBS.column(),
                measures.JOBS_PER_100.column(),
                ("published_trainees", "report.col_published_trainees", None),
                ("published_jobs", "report.col_published_jobs", None),
            ],
            source=source + " " + b.tr("report.published_cols_source"),
            illustrative=marked,
            widths=[1.3, 1, 1, 1, 1.6, 1.6],
        )
    )
    chart_year = national(by_year, ["year"], list(MEASURES), n) if many else by_year
    sec.blocks.append(records_chart(charts.trainees_jobs_by_year, chart_year, "chart.trainees_jobs_by_year"))
    year_table = chart_year.copy()
    year_table[measures.JOBS_PER_100.code] = measures.jobs_per_100(year_table)
    sec.blocks.append(records_by_year("chart.trainees_jobs_by_year", year_table, name, measures.TRAINING_BY_YEAR))

    # 2. budget by fund
    budget = pagedata.budget(f)
    sec = b.section("report.s_budget_fund", level=2)
    by_fund = budget.by_fund.copy()
    by_fund["published"] = [
        published_for(published, str(r["province_code"]), "budget_million_vnd", r["fund_code"], lang)
        for _, r in by_fund.iterrows()
    ]
    for _, r in kpis.iterrows() if not many else ():
        sec.blocks.append(
            Paragraph(
                b.tr(
                    "report.budget_line",
                    value=measures.BUDGET.in_report(r["budget_million_vnd"], lang),
                    billions=fmt.billion_vnd(r["budget_million_vnd"], lang),
                    per_trainee=measures.BUDGET_PER_TRAINEE.in_report(r["budget_per_trainee_million_vnd"], lang),
                ),
                "bullet",
                bold_lead=f"{r[name]}: ",
            )
        )
    if many:  # one row per province, a column per fund
        fund_cols = [str(c) for c in by_fund["fund_code"].drop_duplicates().sort_values()]
        wide = by_fund.pivot_table(
            index=["province_code", pname], columns="fund_code", values="budget_million_vnd", aggfunc="sum", sort=False
        ).reset_index()
        wide.columns = [str(c) for c in wide.columns]
        order = {str(c): i for i, c in enumerate(kpis["province_code"])}
        wide = wide.sort_values("province_code", key=lambda c: c.map(order)).reset_index(drop=True)
        fund_columns: list[tuple[str, str, Fmt | None]] = [(pname, "col.province", None)]
        b.extra_headers = {f"fund:{c}": fund_names.get(c, c) for c in fund_cols}
        fund_columns += [(c, f"fund:{c}", measures.BUDGET.format) for c in fund_cols]
        sec.blocks.append(
            b.table(
                b.tr("report.t_budget_fund_many"),
                wide,
                fund_columns,
                source=source,
                illustrative=marked,
            )
        )
    if not many:
        sec.blocks.append(
            b.table(
                b.tr("report.t_budget_fund"),
                by_fund,
                [
                    (pname, "col.province", None),
                    (lang_col("fund_name", lang), "col.fund", None),
                    measures.BUDGET.column(),
                    measures.FUND_SHARE.column(),
                    ("published", "report.col_published_budget", None),
                ],
                source=source + " " + b.tr("report.published_cols_source"),
                illustrative=marked,
                widths=[1.3, 1, 1.1, 0.9, 2.2],
            )
        )
    by_year_fund = budget.by_year_fund
    if many:
        by_year_fund = national(
            by_year_fund,
            ["year", "fund_code", "fund_name_vi", "fund_name_en", "fund_color_hex"],
            ["budget_million_vnd"],
            n,
        )
    sec.blocks.append(records_chart(charts.budget_by_year_fund, by_year_fund, "chart.budget_by_year_fund"))

    # 3. budget by khuyến công content (Decree 45/2012, Art. 4)
    sec = b.section("report.s_budget_activity", level=2)
    by_activity = budget.by_activity
    activity_chart = (
        national(
            by_activity,
            ["activity_type_code", "article_clause", "activity_type_name_vi", "activity_type_name_en"],
            ["budget_million_vnd", "activity_count"],
            n,
        )
        if many
        else by_activity
    )
    sec.blocks.append(
        b.table(
            b.tr("report.t_budget_activity"),
            activity_chart,
            [
                (pname, "col.province", None),
                ("article_clause", "col.clause", fmt.integer),
                (lang_col("activity_type_name", lang), "col.activity_type", None),
                measures.SCHEMES.column(),
                measures.BUDGET.column(),
            ],
            source=source,
            illustrative=marked,
            widths=[1.3, 0.6, 2.2, 0.9, 1.1],
        )
    )
    sec.blocks.append(records_chart(charts.budget_by_activity, activity_chart, "chart.budget_by_activity"))

    # 4. per trainee
    sec = b.section("report.s_per_trainee", level=2)
    per_trainee = budget.per_trainee
    if many:
        per_trainee = national(per_trainee, ["year"], ["training_budget_million_vnd", "trainees"], n)
        per_trainee[measures.BUDGET_PER_TRAINEE.code] = pagedata.ratio(
            per_trainee, measures.TRAINING_BUDGET.code, measures.TRAINEES.code
        )
    sec.blocks.append(Paragraph(b.tr("budget.per_trainee_scope"), "note"))
    sec.blocks.append(
        records_by_year("chart.budget_per_trainee", per_trainee, pname, measures.COST_PER_TRAINEE_BY_YEAR)
    )
