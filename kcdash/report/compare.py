"""The report's comparison of provinces: the notes on what cannot be compared, the records' measures
and the published figures side by side."""

from __future__ import annotations

import pandas as pd

from kcdash import fmt, pagedata
from kcdash.cards import period_text
from kcdash.comparison import ALIGNED
from kcdash.i18n import lang_col, t
from kcdash.report.builder import (
    Builder,
    published_for,
    published_rows,
    records_source,
)
from kcdash.report.model import Paragraph, Table

# ---- comparison -----------------------------------------------------------------------------


REPORT_LEAVES_OUT = ("activity_count", "new_jobs_per_district")
"""Rows of the compare page's table (`kcdash.comparison.ALIGNED`) the report does not print."""


def compare_section(b: Builder, published: pd.DataFrame, fund_names: dict[str, str]) -> None:
    lang, f = b.lang, b.f
    d = pagedata.compare(f)
    kpis, aligned, periods = d.kpis, d.aligned, d.periods
    name = lang_col("name", lang)
    sec = b.section("report.s_compare")
    notes: list[str] = []
    by_province = {
        str(code): sorted({period_text(r, lang) for _, r in part.iterrows()})
        for code, part in periods.groupby("province_code", sort=False)
    }
    if by_province and (len({tuple(v) for v in by_province.values()}) > 1 or len(by_province) < len(kpis)):
        details = "; ".join(
            f"{row[name]}: {', '.join(by_province.get(str(row['province_code']), [])) or fmt.no_data(lang)}"
            for _, row in kpis.iterrows()
        )
        notes.append(t("compare.periods_differ", lang, details=details))
    for _, row in kpis.iterrows():
        if str(row["province_code"]) not in by_province:
            notes.append(t("compare.no_published", lang, province=row[name]))

    reported = published[published["metric"].isin(["new_jobs", "trainees", "budget_million_vnd"])]
    keys = reported[["metric", "fund_code"]].drop_duplicates().sort_values(["metric", "fund_code"], na_position="first")
    rows: list[dict[str, str]] = []
    missing: dict[str, list[str]] = {}
    for _, k in keys.iterrows():
        label = t(f"published_metric.{k['metric']}", lang)
        if not fmt.is_missing(k["fund_code"]):
            label += f" · {fund_names.get(str(k['fund_code']), '')}"
        line = {"measure": label}
        have = {}
        for _, prov in kpis.iterrows():
            code = str(prov["province_code"])
            match = published_rows(reported, code, str(k["metric"]), k["fund_code"])
            have[str(prov[name])] = not match.empty and not fmt.is_missing(match.iloc[0]["value"])
            line[code] = published_for(reported, code, str(k["metric"]), k["fund_code"], lang)
        if any(have.values()):
            for province, has in have.items():
                if not has:
                    missing.setdefault(province, []).append(label)
        rows.append(line)
    for province, labels in missing.items():
        notes.append(t("compare.published_missing", lang, province=province, measures=", ".join(labels)))

    illustrative = int(kpis["illustrative_count"].sum()) if not kpis.empty else 0
    show_records = not (b.mode == "published" and illustrative > 0)
    if show_records:
        # the compare page's measures, but the count of schemes and jobs per district
        rows_shown = [row for row in ALIGNED if row[0] not in REPORT_LEAVES_OUT]
        for col, key, _ in rows_shown:
            have_col = aligned[col].notna()
            if have_col.any() and not have_col.all():
                for _, row in aligned[~have_col].iterrows():
                    notes.append(t("compare.missing_side", lang, province=row[name], measure=t(key, lang)))
    for note in notes:
        sec.blocks.append(Paragraph(note, "warning"))

    codes = [str(c) for c in kpis["province_code"]]
    names = [str(n) for n in kpis[name]]
    if show_records:
        frame = pd.DataFrame({"measure": [t(k, lang) for _, k, _ in rows_shown]})
        for _, row in aligned.iterrows():
            frame[str(row["province_code"])] = [formatter(row[col], lang) for col, _, formatter in rows_shown]
        sec.blocks.append(
            _wide_table(
                b,
                b.tr("report.t_compare", years=fmt.year_range(f.year_from, f.year_to)),
                frame,
                codes,
                names,
                source=records_source(b, kpis, "") + " " + t("compare.districts_note", lang, year=f.year_to),
                illustrative=illustrative > 0,
            )
        )
    if rows:
        sec.blocks.append(
            _wide_table(
                b,
                t("compare.published_title", lang),
                pd.DataFrame(rows),
                codes,
                names,
                source=b.tr("report.compare_published_source"),
                illustrative=False,
            )
        )


def _wide_table(
    b: Builder,
    caption: str,
    frame: pd.DataFrame,
    codes: list[str],
    names: list[str],
    *,
    source: str,
    illustrative: bool,
) -> Table:
    """Measures down, provinces across (at most MANY_PROVINCES columns reach this table)."""
    b.tables += 1
    rows = [
        [str(r["measure"])] + [str(r.get(c)) if not fmt.is_missing(r.get(c)) else fmt.no_data(b.lang) for c in codes]
        for _, r in frame.iterrows()
    ]
    return Table(
        caption=b.tr("report.table_caption", n=b.tables, title=caption),
        header=[t("col.measure", b.lang), *names],
        rows=rows,
        numeric=[False] + [True] * len(codes),
        source=source,
        note=b.tr("report.table_illustrative") if illustrative else "",
        illustrative=illustrative,
        widths=[1.6] + [1.2] * len(codes),
    )
