"""The report's section on industrial clusters: goals, progress, the districts and those without."""

from __future__ import annotations

import pandas as pd

from kcdash import charts, fmt, measures, pagedata
from kcdash.cards import published_value
from kcdash.i18n import lang_col, t
from kcdash.report.builder import (
    ALL_CODE,
    Builder,
    Fmt,
    is_true,
    national,
    source_title,
)
from kcdash.report.model import Paragraph

# ---- clusters -------------------------------------------------------------------------------


def clusters_section(
    b: Builder, provinces: pd.DataFrame, published: pd.DataFrame, colors: dict[str, str], dataset: str, many: bool
) -> None:
    lang, f = b.lang, b.f
    name, pname, dname = lang_col("name", lang), lang_col("province_name", lang), lang_col("district_name", lang)
    sec = b.section("report.s_clusters")
    d = pagedata.clusters(f, "established", f.year_to)
    progress, districts, without, targets = d.progress, d.districts, d.without, d.targets
    source = t("source.clusters", lang, dataset=dataset)

    if many:  # one line for the illustrative goals, the published ones in full
        assumed = targets[targets["is_illustrative"].map(is_true)]
        if not assumed.empty:
            sec.blocks.append(Paragraph(b.tr("report.goal_assumed_many", n=len(assumed)), "note"))
        targets_shown = targets[~targets["is_illustrative"].map(is_true)]
    else:
        targets_shown = targets
    for _, g in targets_shown.iterrows():
        lead = f"{g[pname]}: "
        if is_true(g["is_illustrative"]):
            sec.blocks.append(
                Paragraph(t("overview.goal_illustrative", lang, note=g[lang_col("note", lang)] or ""), "bullet", lead)
            )
        else:
            sec.blocks.append(
                Paragraph(
                    f"“{g['quote'] or ''}” — {source_title(g, lang, b.titles, b.issuers)}",
                    "bullet",
                    lead,
                )
            )
    for _, r in published[published["metric"] == "detailed_plan_clusters"].iterrows():
        sec.blocks.append(
            Paragraph(
                f"{r[lang_col('label', lang)]} — {published_value(r, lang)} — “{r['quote']}” — {source_title(r, lang, b.titles, b.issuers)}",
                "bullet",
                f"{r[pname]}: ",
            )
        )

    if districts.empty and progress.empty:
        sec.blocks.append(Paragraph(t("empty.no_districts", lang), "note"))
        return
    ill = districts["is_illustrative"].map(is_true)
    has_cluster = districts["cluster_count"].fillna(0) > 0
    illustrative_districts = int((ill & has_cluster).sum())
    marked = illustrative_districts > 0

    if b.mode == "published" and marked:
        sec.blocks.append(Paragraph(b.tr("report.clusters_hidden"), "warning"))
    else:
        # many provinces: the summary table says it
        for _, p in pagedata.last_year(progress).iterrows() if not many else ():
            sec.blocks.append(
                Paragraph(
                    b.tr(
                        "report.clusters_line",
                        year=int(p["year"]),
                        x=measures.DISTRICTS_WITH_CLUSTER.cell(p["districts_with_cluster"], lang),
                        y=measures.DISTRICTS_TOTAL.cell(p["districts_total"], lang),
                        share=measures.CLUSTER_SHARE.cell(p["share_pct"], lang),
                    ),
                    "bullet",
                    bold_lead=f"{p[name]}: ",
                )
            )
        chart_progress = progress
        chart_targets = targets
        if many:
            chart_progress = national(progress, ["year"], ["districts_total", "districts_with_cluster"], len(provinces))
            chart_progress["share_pct"] = pagedata.ratio(
                chart_progress, "districts_with_cluster", "districts_total", 100
            )
            chart_targets = targets[0:0]
        sec.blocks.append(
            b.chart(
                charts.cluster_progress(chart_progress, lang, {**colors, ALL_CODE: charts.OKABE_ITO[0]}, chart_targets),
                t("chart.cluster_progress", lang),
                source=source,
                illustrative=marked,
            )
        )

    if many:
        summary = _cluster_summary(districts, without, d.lists, lang)
        sec.blocks.append(Paragraph(b.tr("report.clusters_summary_note", n=len(provinces)), "note"))
        if b.mode == "published" and marked:
            summary["districts_with_cluster"] = float("nan")
        sec.blocks.append(
            b.table(
                b.tr("report.t_cluster_summary", year=f.year_to),
                summary,
                [
                    (pname, "col.province", None),
                    measures.DISTRICTS_TOTAL.column(),
                    measures.DISTRICTS_WITH_CLUSTER.column(),
                ],
                source=source,
                illustrative=marked and b.mode == "all",
            )
        )
        return

    table = pagedata.district_table(districts, lang)
    if b.mode == "published":
        # a district whose cluster rows are illustrative: its stage is not a published fact
        hide = ill & has_cluster
        for col in ("stage", "cluster_names", "area_ha", "occupancy_pct", "source"):
            table[col] = table[col].astype(object).where(~hide, None)
        table["stage_label"] = table["stage_label"].where(~hide, fmt.no_data(lang))
    table["illustrative_label"] = [
        t("common.yes", lang) if i and c else (t("common.no", lang) if c else "—")
        for i, c in zip(ill, has_cluster, strict=True)
    ]
    columns: list[tuple[str, str, Fmt | None]] = pagedata.district_columns(lang)
    widths = [1.0, 1.3, 0.8, 1.3, 2.2, 0.8]
    if b.mode == "all":
        columns.append(("illustrative_label", "col.illustrative", None))
        widths.append(0.8)
    sec.blocks.append(
        b.table(
            b.tr("report.t_districts", year=f.year_to),
            table,
            columns,
            source=source,
            illustrative=marked and b.mode == "all",
            widths=widths,
        )
    )
    if not (b.mode == "published" and marked):
        for _, prov in provinces.iterrows():
            rows = without[without["province_code"] == prov["province_code"]]
            names = ", ".join(str(x) for x in rows[dname]) or t("clusters.all_have", lang)
            if not pagedata.has_cluster_list(d.lists, prov["province_code"]):
                names = t("cards.cluster_list_missing", lang)
            sec.blocks.append(
                Paragraph(
                    names,
                    "bullet",
                    bold_lead=b.tr("report.without_lead", province=prov[name], year=f.year_to),
                )
            )


def _cluster_summary(districts: pd.DataFrame, without: pd.DataFrame, lists: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Per province, its districts and those with a cluster, counted as the clusters page counts
    them: a province without a cluster list has no count (missing, never "0 of n")."""
    pname = lang_col("province_name", lang)
    names = districts[["province_code", pname]].drop_duplicates("province_code")
    reach = pagedata.cluster_reach(districts, without, lists)
    return names.merge(reach, on="province_code", how="left")
