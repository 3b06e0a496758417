"""So sánh / Compare provinces.

Question: how do the chosen provinces compare on the same measures — totals, per district, per
year, fund mix, trends indexed to the first year — and where can they not be compared because
one side has no data or the reports cover different periods?
"""

import pandas as pd
import streamlit as st

from kcdash import charts, fmt, pagedata, ui
from kcdash.i18n import lang_col

ctx = ui.start_page("page.compare", "question.compare")
lang, f = ctx.lang, ctx.filters
d = pagedata.compare(f)
kpis, aligned, published, periods = d["kpis"], d["aligned"], d["published"], d["periods"]
name = lang_col("name", lang)
record_count = int(kpis["activity_count"].sum())
ui.illustrative_banner(ctx, int(kpis["illustrative_count"].sum()), record_count)
ui.province_notes(ctx)

if len(kpis) == 1:
    st.info(ctx.t("compare.one_province", province=kpis.iloc[0][name]), icon=":material/info:")

# ---- what the reports published, side by side (built first: the notes above use it) -------
measure_header = ctx.t("col.measure")
fund_names = dict(zip(d["funds"]["fund_code"].astype(str), d["funds"][lang_col("short", lang)], strict=True))
published_rows: list[dict] = []
published_missing: dict[str, list[str]] = {}
reported = published[published["metric"].isin(["new_jobs", "trainees", "budget_million_vnd"])]
keys = reported[["metric", "fund_code"]].drop_duplicates().sort_values(["metric", "fund_code"], na_position="first")
for _, k in keys.iterrows():
    label = ctx.t(f"published_metric.{k['metric']}")
    if not fmt.is_missing(k["fund_code"]):
        label += f" · {fund_names.get(str(k['fund_code']), '')}"
    line = {measure_header: label}
    has_value: dict[str, bool] = {}
    for _, prov in kpis.iterrows():
        same_fund = (
            reported["fund_code"].isna() if fmt.is_missing(k["fund_code"]) else reported["fund_code"] == k["fund_code"]
        )
        match = reported[
            (reported["province_code"] == prov["province_code"]) & (reported["metric"] == k["metric"]) & same_fund
        ]
        r = match.iloc[0] if not match.empty else None
        has_value[prov[name]] = r is not None and not fmt.is_missing(r["value"])
        if r is None:
            line[prov[name]] = fmt.no_data(lang)
        else:
            value, period = ui.published_value(r, lang), ui.period_text(r, lang)
            reported_value = bool(period) and r["qualifier"] != "not_reported"
            line[prov[name]] = f"{value} ({period})" if reported_value else value
    if any(has_value.values()):
        for province, has in has_value.items():
            if not has:
                published_missing.setdefault(province, []).append(label)
    published_rows.append(line)

# ---- plain notes: periods that differ, sides without data -----------------------------------
notes: list[str] = []
if not periods.empty:
    by_province = {
        code: sorted({ui.period_text(r, lang) for _, r in part.iterrows()})
        for code, part in periods.groupby("province_code", sort=False)
    }
    if len({tuple(v) for v in by_province.values()}) > 1 or len(by_province) < len(kpis):
        details = "; ".join(
            f"{row[name]}: {', '.join(by_province.get(row['province_code'], [])) or fmt.no_data(lang)}"
            for _, row in kpis.iterrows()
        )
        if len(kpis) > 1:
            notes.append(ctx.t("compare.periods_differ", details=details))
for _, row in kpis.iterrows():
    if row["province_code"] not in set(periods["province_code"]):
        notes.append(ctx.t("compare.no_published", province=row[name]))

MEASURES = [
    ("activity_count", "measure.activity_count", fmt.integer),
    ("trainees", "measure.trainees", fmt.integer),
    ("new_jobs", "measure.new_jobs", fmt.integer),
    ("jobs_per_trainee", "measure.jobs_per_trainee", fmt.ratio_percent),
    ("budget_million_vnd", "measure.budget", fmt.million_vnd),
    ("budget_per_trainee_million_vnd", "measure.budget_per_trainee", lambda v, lg: fmt.million_vnd(v, lg, 2)),
    ("districts_count", "measure.districts", fmt.integer),
    ("trainees_per_district", "measure.trainees_per_district", fmt.number1),
    ("new_jobs_per_district", "measure.new_jobs_per_district", fmt.number1),
    ("budget_million_vnd_per_district", "measure.budget_per_district", fmt.million_vnd),
    ("districts_with_cluster", "measure.districts_with_cluster", fmt.integer),
    ("share_pct", "measure.districts_with_cluster_pct", fmt.percent),
]
if len(kpis) > 1:
    for col, key, _ in MEASURES:
        have = aligned[col].notna()
        if have.any() and not have.all():
            for _, row in aligned[~have].iterrows():
                notes.append(ctx.t("compare.missing_side", province=row[name], measure=ctx.t(key)))
if len(kpis) > 1:
    for province, labels in published_missing.items():
        notes.append(ctx.t("compare.published_missing", province=province, measures=", ".join(labels)))
if ui.many(ctx) and len(notes) > pagedata.FEW_PROVINCES:  # dozens of provinces: one box, not a wall of them
    with st.expander(ctx.t("compare.notes_many", n=fmt.integer(len(notes), lang)), icon=":material/compare_arrows:"):
        st.markdown("\n".join(f"- {ui.md_escape(note)}" for note in notes))
else:
    for note in notes:
        st.info(note, icon=":material/compare_arrows:")

# ---- aligned measures (records in the filter scope) -----------------------------------------
st.subheader(ctx.t("compare.aligned_title", years=fmt.year_range(f.year_from, f.year_to)))
CLUSTER_COLS = ("districts_with_cluster", "share_pct")
counts = d["cluster_counts"].set_index("province_code")
illustrative_clusters = {c: int(counts.loc[c, "illustrative_count"]) > 0 for c in counts.index}
if ctx.published_only and (ui.page_illustrative() or any(illustrative_clusters.values())):
    ui.published_only_notice(ctx, totals=False)  # the published figures stand in the next table
else:
    shown = pd.DataFrame({measure_header: [ctx.t(k) for _, k, _ in MEASURES]})
    raw = shown.copy()
    for _, row in aligned.iterrows():
        code = row["province_code"]
        marked = [  # every illustrative cell says so (issue 9); a missing value stays "no data"
            (illustrative_clusters.get(code, False) if col in CLUSTER_COLS else int(row["illustrative_count"]) > 0)
            and not fmt.is_missing(row[col])
            for col, _, _ in MEASURES
        ]
        shown[row[name]] = [
            ctx.t("mark.illustrative_cell", value=formatter(row[col], lang)) if mark else formatter(row[col], lang)
            for (col, _, formatter), mark in zip(MEASURES, marked, strict=True)
        ]
        raw[row[name]] = [row[col] for col, _, _ in MEASURES]
    st.dataframe(shown, hide_index=True, key="compare-aligned", height=ui.table_height(len(shown)))
    st.caption(ui.records_source(ctx, kpis) + " " + ctx.t("compare.districts_note", year=f.year_to))
    if ui.page_illustrative():
        st.caption(":material/science: " + ctx.t("compare.illustrative_note"))
    if any(illustrative_clusters.values()):
        st.warning(ctx.t("clusters.counts_warning"), icon=":material/warning:")
    ui.download_frame(raw, lang, key="compare-aligned", file_stem="compare-measures", formats=("csv", "xlsx"))

st.subheader(ctx.t("compare.published_title"))
if published_rows:
    st.dataframe(
        pd.DataFrame(published_rows),
        hide_index=True,
        key="compare-published",
        height=ui.table_height(len(published_rows)),
    )
    st.caption(ctx.t("compare.published_source"))
    st.caption(ui.sources_line(ctx))
else:
    st.info(ctx.t("compare.no_published_any"))

if ui.empty_scope(ctx, record_count):
    st.stop()

# ---- per year, indexed, per district, fund mix ----------------------------------------------
measure = ui.coded_widget(
    "segmented_control",
    ctx.t("compare.measure"),
    list(pagedata.COMPARE_MEASURES),
    key="measure",
    default="trainees",
    format_func=lambda m: ctx.t(f"measure.{m}" if m != "budget_million_vnd" else "measure.budget"),
    required=True,
)
measure = measure if measure in pagedata.COMPARE_MEASURES else "trainees"
measure_label = ctx.t("measure.budget_million" if measure == "budget_million_vnd" else f"measure.{measure}")
value_format = charts.MONEY if measure == "budget_million_vnd" else charts.COUNT
value_formatter = fmt.number1 if measure == "budget_million_vnd" else fmt.integer
source = ui.records_source(ctx, kpis)

many = ui.many(ctx)  # many provinces: the chosen provinces together beside the focus, not dozens of lines
colors = ui.chart_colors(ctx)
chart_by_year = d["by_year"]
if many:
    chart_by_year = pagedata.together(
        d["by_year"],
        by=["year"],
        sums=["activity_count", *pagedata.COMPARE_MEASURES],
        names=ui.together_names(ctx),
        focus=list(ctx.focus),
    )
left, right = st.columns(2)
with left:
    by_year = d["by_year"]
    ui.chart_block(
        charts.measure_by_year(
            chart_by_year, lang, colors, measure=measure, measure_label=measure_label, value_format=value_format
        ),
        ctx,
        key="compare-by-year",
        alt=ctx.t("alt.compare_by_year", measure=measure_label),
        source=source,
        df=by_year,
        columns=[(name, "col.province", None), ("year", "col.year", None), (measure, "col.value", value_formatter)],
    )
with right:
    indexed = d["indexed"][d["indexed"]["measure"] == measure]
    chart_indexed = indexed
    if many:
        chart_indexed = pagedata.indexed(chart_by_year, (measure,))
    ui.chart_block(
        charts.indexed_trend(chart_indexed, lang, colors, measure_label),
        ctx,
        key="compare-indexed",
        alt=ctx.t("alt.compare_indexed", measure=measure_label),
        source=source + " " + ctx.t("compare.index_note"),
        df=indexed,
        columns=[
            (name, "col.province", None),
            ("year", "col.year", None),
            ("value", "col.value", value_formatter),
            ("base_year", "col.base_year", None),
            ("index", "col.index", fmt.number1),
        ],
    )

left, right = st.columns(2)
with left:
    per_district_col = f"{measure}_per_district"
    per_district_chart = charts.per_district(
        aligned, lang, ctx.colors, value=per_district_col, value_label=measure_label, value_format=charts.MONEY
    )
    if many:  # one bar per province, sorted, focus in colour: a ranking
        per_district_chart = charts.province_ranking(
            pagedata.ranking(aligned, per_district_col, list(ctx.focus)),
            lang,
            ctx.colors,
            value=per_district_col,
            title=ctx.t("chart.per_district", measure=measure_label),
            value_title=measure_label,
            focus=list(ctx.focus),
            value_format=charts.MONEY,
        )
    ui.chart_block(
        per_district_chart,
        ctx,
        key="compare-per-district",
        alt=ctx.t("alt.compare_per_district", measure=measure_label),
        source=source + " " + ctx.t("compare.districts_note", year=f.year_to),
        df=aligned,
        columns=[
            (name, "col.province", None),
            (measure, "col.value", value_formatter),
            ("districts_count", "col.districts_total", fmt.integer),
            (per_district_col, "col.per_district", fmt.number1),
        ],
    )
with right:
    by_fund = d["by_fund"]
    chart_fund = by_fund
    if many:
        chart_fund = pagedata.together(
            by_fund,
            by=["fund_code"],
            sums=["budget_million_vnd", "activity_count"],
            names=ui.together_names(ctx),
            name_cols=("province_name_vi", "province_name_en"),
            focus=list(ctx.focus),
        )
        chart_fund["share_pct"] = pagedata.shares(chart_fund, "budget_million_vnd")
    ui.chart_block(
        charts.fund_share(chart_fund, lang, colors),
        ctx,
        key="compare-fund-share",
        alt=ctx.t("alt.fund_share"),
        source=source,
        df=by_fund,
        columns=[
            (lang_col("province_name", lang), "col.province", None),
            (lang_col("fund_name", lang), "col.fund", None),
            ("budget_million_vnd", "col.budget_million", fmt.number1),
            ("share_pct", "col.share_pct", fmt.percent),
        ],
    )
