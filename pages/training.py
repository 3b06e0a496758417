"""Đào tạo nghề & việc làm / Training and jobs.

Question: how many people were trained and got new jobs each year, in which crafts and
districts, and how many new jobs came per trainee?

Up to four provinces are drawn side by side. With more (a national extract), the page shows
the chosen provinces together, the map and ranking, and the focus provinces beside the total;
charts draw a few series (the total, the focus provinces), never one per province.
"""

import pandas as pd
import streamlit as st

from kcdash import charts, measures, pagedata
from kcdash.i18n import lang_col, t
from kcdash.ui import blocks, cards, context, layout, nationwide, notices, scale, tables

DISTRICTS_SHOWN = 25  # bars in the district chart; the rest are in its table

ctx = context.start_page("page.training", "question.training")
lang, f = ctx.lang, ctx.filters
d = pagedata.training_years(f)  # the craft and district frames: in their section
kpis = d.kpis
source = notices.records_notices(ctx, kpis)
name = lang_col("name", lang)
many = scale.many(ctx)
colors = scale.chart_colors(ctx)
focus = list(ctx.focus)
year_sums = ["activity_count", *pagedata.COMPARE_MEASURES]

head = layout.drawn_later()  # the national view and the cards: written after the charts


def head_part() -> None:
    """The chosen provinces together, the map and ranking (many provinces), the focus cards."""
    if many:
        nationwide.many_note(ctx)
        total = pagedata.chosen_total(kpis)
        nationwide.totals_row(
            ctx,
            [
                measures.TRAINEES.metric(total.trainees, lang),
                measures.NEW_JOBS.metric(total.new_jobs, lang),
                measures.JOBS_PER_TRAINEE.metric(total.jobs_per_trainee, lang),
            ],
        )
        nationwide.national_view(
            ctx,
            kpis.assign(**{measures.JOBS_PER_100.code: measures.jobs_per_100(kpis)}),
            {m.code: m.on_map(lang) for m in (measures.TRAINEES, measures.NEW_JOBS, measures.JOBS_PER_100)},
            key="training",
            source=source,
            sums=("trainees", "new_jobs"),
        )

    for row in cards.province_columns(ctx, kpis):
        # metrics as wide as their text, wrapping onto a new line when the column is narrow
        with st.container(horizontal=True, gap="medium"):
            for measure in (measures.TRAINEES, measures.NEW_JOBS, measures.JOBS_PER_TRAINEE):
                label, value, help_ = measure.metric(row[measure.code], lang)
                st.metric(label, value, help=help_, width="content")


year_columns: tables.Columns = measures.by_province_year(name, *measures.TRAINING_BY_YEAR)


def chosen_years() -> pd.DataFrame:
    """Many provinces: the chosen provinces summed per year (ALL_CODE), then the focus provinces'
    own rows, with new jobs per 100 trainees recomputed from the sums."""
    out = scale.chosen_together(ctx, d.by_year, by=["year"], sums=year_sums, with_focus=True)
    out[measures.JOBS_PER_100.code] = measures.jobs_per_100(out)
    return out


def chosen_total_years() -> pd.DataFrame:
    """The chosen provinces summed per year (the ALL_CODE rows of `chosen_years`)."""
    chosen = chosen_years()
    return chosen[chosen["province_code"] == pagedata.ALL_CODE]


def years_section() -> None:
    """Trainees and new jobs per year: the chosen provinces together first when many, then the
    focus provinces on their own."""
    blocks.chosen_then_focus(
        ctx,
        d.by_year,
        chosen_total_years,
        lambda rows: charts.trainees_jobs_by_year(rows, lang, colors),
        key="trainees-jobs-by-year",
        alt=ctx.t("alt.trainees_jobs_by_year"),
        source=source,
        columns=year_columns,
    )


def per_trainee_section() -> None:
    """New jobs per 100 trainees by year (the chosen provinces together and the focus ones when many)."""
    per_trainee = chosen_years() if many else d.by_year
    blocks.chart_block(
        charts.jobs_per_trainee_by_year(per_trainee, lang, colors),
        ctx,
        key="jobs-per-trainee-by-year",
        alt=ctx.t("alt.jobs_per_trainee_by_year"),
        source=source,
        df=per_trainee,
        columns=year_columns,
    )


def part_columns(label: str, header_key: str) -> tables.Columns:
    """A part's table (by craft, by district): the province, the part's name, then its counts."""
    return [
        (lang_col("province_name", lang), "col.province", None),
        (label, header_key, None),
        measures.TRAINEES.column(),
        measures.NEW_JOBS.column(),
        measures.SCHEMES.column(),
    ]


def parts_section() -> None:
    """Trainees by craft beside trainees by district (the largest DISTRICTS_SHOWN)."""
    parts = pagedata.training_parts(f)
    left, right = st.columns(2)
    with left:
        by_craft = parts.by_craft.copy()
        by_craft["craft_label"] = (
            by_craft[lang_col("craft_name", lang)]
            .astype(object)
            .where(by_craft["craft_code"].notna(), ctx.t("label.no_craft"))
        )
        craft_chart = by_craft
        if many:  # stacked by province would be dozens of slivers: the chosen provinces together
            craft_chart = scale.chosen_together(
                ctx, by_craft, by=["craft_code"], sums=["trainees", "new_jobs", "activity_count"]
            )
        blocks.chart_block(
            charts.trainees_by_craft(craft_chart, lang, colors),
            ctx,
            key="trainees-by-craft",
            alt=ctx.t("alt.trainees_by_craft"),
            source=source,
            df=by_craft,
            columns=part_columns("craft_label", "col.craft"),
        )
    with right:
        by_district = parts.by_district.copy()
        district_names = (
            by_district[lang_col("district_name", lang)]
            .astype(object)
            .where(by_district["district_code"].notna(), ctx.t("label.province_wide"))
        )
        by_district["district_label"] = district_names
        district_chart = by_district.sort_values("trainees", ascending=False, na_position="last")
        total_rows = len(district_chart)
        district_chart = district_chart.head(DISTRICTS_SHOWN)
        if many:  # district names repeat across provinces: say which province; others in grey
            wide = district_chart["district_code"].isna()
            district_chart = district_chart.assign(
                district_code=district_chart["district_code"].astype(object).where(~wide, "_wide"),
                district_name_vi=district_chart["district_name_vi"]
                .astype(object)
                .where(~wide, t("label.province_wide", "vi"))
                + " · "
                + district_chart["province_name_vi"],
                district_name_en=district_chart["district_name_en"]
                .astype(object)
                .where(~wide, t("label.province_wide", "en"))
                + " · "
                + district_chart["province_name_en"],
            )
            outside = ~district_chart["province_code"].isin(focus)
            other_vi, other_en = scale.other_names(ctx)
            district_chart.loc[outside, "province_code"] = pagedata.OTHER_CODE
            district_chart.loc[outside, "province_name_vi"] = other_vi
            district_chart.loc[outside, "province_name_en"] = other_en
        blocks.chart_block(
            charts.trainees_by_district(district_chart, lang, colors),
            ctx,
            key="trainees-by-district",
            alt=ctx.t("alt.trainees_by_district"),
            source=source,
            df=by_district,
            columns=part_columns("district_label", "col.district"),
        )
        blocks.capped_note(ctx, min(DISTRICTS_SHOWN, total_rows), total_rows)


# the charts in three sections, one drawn at a time (its choice in the URL as `view`): at national
# scale a filter change redraws the map, the ranking and two charts, not five
blocks.sections(ctx, "training", {"years": years_section, "per_trainee": per_trainee_section, "parts": parts_section})
with head:
    head_part()
