"""So sánh / Compare provinces.

Question: how do the chosen provinces compare on the same measures — totals, per district, per
year, fund mix, trends indexed to the first year — and where can they not be compared because
one side has no data or the reports cover different periods?
"""

import pandas as pd
import streamlit as st

from kcdash import charts, comparison, fmt, measures, pagedata
from kcdash.i18n import lang_col
from kcdash.safe import md_escape
from kcdash.ui import blocks, context, downloads, layout, nationwide, notices, scale, tables, url

ctx = context.start_page("page.compare", "question.compare")
lang, f = ctx.lang, ctx.filters
d = pagedata.compare(f)
kpis, aligned, published, periods = d.kpis, d.aligned, d.published, d.periods
if scale.many(ctx):  # dozens of columns: the focus provinces lead the tables and the notes
    kpis, aligned = pagedata.focus_first(kpis, list(ctx.focus)), pagedata.focus_first(aligned, list(ctx.focus))
name = lang_col("name", lang)
record_count = int(kpis["activity_count"].sum())
measure_header = ctx.t("col.measure")
# with dozens of provinces, the published table has a column only for those the reports cover
# (two of 63 on the national extract); the rest are named once in the notes
published_kpis = kpis
if scale.many(ctx):
    published_kpis = kpis[kpis["province_code"].isin(published["province_code"])]
side_by_side = comparison.published_side_by_side(published_kpis, published, d.funds, lang, measure_header)
unpublished_count = len(kpis) - len(published_kpis)
# the status line first: it also tells every part below that the records are modelled
notices.illustrative_banner(ctx, int(kpis["illustrative_count"].sum()), record_count)
head = layout.drawn_later()  # the notes and tables: written after the charts


def head_part() -> None:
    """Notes, the aligned measures and the published figures side by side."""
    # where the provinces cannot be compared (one side has no data, the reports differ in period):
    # one line that opens the notes, so the aligned table stays in the first screen
    notes = comparison.notes(kpis, aligned, periods, side_by_side.missing, lang)
    if len(kpis) == 1:
        notes = [ctx.t("compare.one_province", province=kpis.iloc[0][name]), *notes]
    with layout.slot():  # the line, or nothing: their number changes with the provinces
        if notes:
            with st.expander(
                ctx.t("compare.notes_many", n=fmt.integer(len(notes), lang)),
                icon=":material/compare_arrows:",
                key="compare-notes",
            ):
                st.markdown("\n".join(f"- {md_escape(note)}" for note in notes))

    # ---- aligned measures (records in the filter scope) -----------------------------------------
    st.subheader(ctx.t("compare.aligned_title", years=fmt.year_range(f.year_from, f.year_to)))
    counts = d.cluster_counts
    illustrative_clusters = dict(
        zip(counts["province_code"].tolist(), (counts["illustrative_count"] > 0).tolist(), strict=True)
    )
    with layout.slot():  # the table, or the notice that stands for it
        if ctx.published_only and (context.page_illustrative() or any(illustrative_clusters.values())):
            notices.published_only_notice(ctx, totals=False)  # the published figures stand in the next table
        else:
            # dozens of provinces: the table opens on the focus ones (a 63-column table is read by
            # scrolling sideways, and slowed every change in the browser); every province
            # is one click away (in the link as `aligned=all`) and always in the download
            show = None
            if scale.many(ctx) and ctx.focus:
                scope = url.one_of(
                    ctx.t("compare.aligned_scope"),
                    ["focus", "all"],
                    key="aligned",
                    default="focus",
                    format_func=lambda s: ctx.t(f"compare.aligned_scope_{s}", n=fmt.integer(len(aligned), lang)),
                )
                show = None if scope == "all" else list(ctx.focus)
            shown, raw = comparison.aligned_table(aligned, illustrative_clusters, lang, measure_header, show)
            # names are data: the grid's own "Download as CSV" must not export a live formula either
            tables.frame_view(
                fmt.neutralise_formulas(shown),
                key="compare-aligned",
                label=ctx.t("compare.aligned_title", years=fmt.year_range(f.year_from, f.year_to)),
            )
            if show is not None:
                st.caption(
                    ctx.t(
                        "compare.aligned_others",
                        k=fmt.integer(shown.shape[1] - 1, lang),
                        n=fmt.integer(len(aligned) - (shown.shape[1] - 1), lang),
                        all=ctx.t("compare.aligned_scope_all", n=fmt.integer(len(aligned), lang)),
                    )
                )
            st.caption(notices.records_source(ctx, kpis) + " " + ctx.t("compare.districts_note", year=f.year_to))
            with layout.slot():
                if context.page_illustrative():
                    st.caption(":material/science: " + ctx.t("compare.illustrative_note"))
                if any(illustrative_clusters.values()):
                    st.warning(ctx.t("clusters.counts_warning"), icon=":material/warning:")
            downloads.downloads(
                raw, None, lang, key="compare-aligned", file_stem="compare-measures", formats=("csv", "xlsx")
            )

    st.subheader(ctx.t("compare.published_title"))
    with layout.slot():
        if side_by_side.rows:
            tables.frame_view(
                fmt.neutralise_formulas(pd.DataFrame(side_by_side.rows)),
                key="compare-published",
                label=ctx.t("compare.published_title"),
            )
            st.caption(ctx.t("compare.published_source"))
            if unpublished_count:
                st.caption(ctx.t("compare.published_others", n=fmt.integer(unpublished_count, lang)))
            st.caption(notices.sources_line(ctx))
        else:
            st.info(ctx.t("compare.no_published_any"))


if notices.empty_scope(ctx, record_count):
    with head:
        head_part()
    st.stop()

# ---- per year, indexed, per district, fund mix ----------------------------------------------
measure = url.one_of(
    ctx.t("compare.measure"),
    list(pagedata.COMPARE_MEASURES),
    key="measure",
    default="trainees",
    format_func=lambda m: ctx.t(measures.get(m).name_key),
)
shown_measure, per_district_measure = measures.get(measure), measures.per_district(measure)
measure_label = ctx.t(shown_measure.label_key)
value_formatter = shown_measure.format
source = notices.records_source(ctx, kpis)

many = scale.many(ctx)  # many provinces: the chosen provinces together beside the focus, not dozens of lines
colors = scale.chart_colors(ctx)


def trend_section() -> None:
    """The measure by year, and its trend indexed to each province's first year."""
    chart_by_year = by_year = d.by_year
    if many:  # the average province beside the focus ones: a total of 63 would flatten them on its scale
        chart_by_year = pagedata.together(
            d.by_year,
            by=["year"],
            sums=["activity_count", *pagedata.COMPARE_MEASURES],
            names=scale.together_names(ctx, "scale.average_title"),
            focus=list(ctx.focus),
            how="mean",
        )
        average = chart_by_year[chart_by_year["province_code"] == pagedata.ALL_CODE]
        by_year = pd.concat([average, d.by_year], ignore_index=True)  # the chart's average, then every province
    left, right = st.columns(2)
    with left:
        blocks.chart_block(
            charts.measure_by_year(chart_by_year, lang, colors, measure=shown_measure),
            ctx,
            key="compare-by-year",
            alt=ctx.t("alt.compare_by_year", measure=measure_label),
            source=source,
            df=by_year,
            columns=[(name, "col.province", None), ("year", "col.year", None), (measure, "col.value", value_formatter)],
        )
    with right:
        # the shown measure only; at national scale once for the average and every province,
        # the chart then drawing the average and the focus provinces
        indexed = pagedata.indexed(by_year, (measure,))
        chart_indexed = indexed
        if many:
            chart_indexed = indexed[indexed["province_code"].isin(chart_by_year["province_code"].unique())]
        blocks.chart_block(
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


def structure_section() -> None:
    """The measure per district that existed, and each fund's share of the budget."""
    left, right = st.columns(2)
    with left:
        per_district_col = per_district_measure.code
        per_district_columns: tables.Columns = [
            (name, "col.province", None),
            (measure, "col.value", value_formatter),
            measures.DISTRICTS.column(),
            per_district_measure.column(),
        ]
        per_district_source = source + " " + ctx.t("compare.districts_note", year=f.year_to)
        if not many:
            blocks.chart_block(
                charts.per_district(
                    aligned,
                    lang,
                    ctx.colors,
                    measure=per_district_measure,
                    value_label=measure_label,
                ),
                ctx,
                key="compare-per-district",
                alt=ctx.t("alt.compare_per_district", measure=measure_label),
                source=per_district_source,
                df=aligned,
                columns=per_district_columns,
            )
        else:  # one row per province, sorted, focus in colour: a ranking
            nationwide.ranking_block(
                ctx,
                pagedata.ranking(aligned, per_district_col, list(ctx.focus)),
                key="compare-per-district",
                value=per_district_col,
                title=ctx.t("chart.per_district", measure=measure_label),
                value_title=measure_label,
                formatter=per_district_measure.format,
                source=per_district_source,
                columns=per_district_columns,
            )
    with right:
        blocks.fund_share_block(ctx, pagedata.compare_parts(f), key="compare-fund-share", source=source)


# the charts in two sections, one drawn at a time (its choice in the URL as `view`): a filter
# change redraws two charts, not four (each Plotly chart costs the browser two draws)
blocks.sections(ctx, "compare", {"trend": trend_section, "structure": structure_section})
with head:
    head_part()
