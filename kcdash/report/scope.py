"""The report's first sections: its scope (period, provinces, filters, data, legal frame) and the
published figures of each province with their quotes and sources."""

from __future__ import annotations

import pandas as pd

from kcdash import fmt, pagedata
from kcdash.cards import period_text, published_value
from kcdash.i18n import lang_col, t
from kcdash.report.builder import (
    MANY_PROVINCES,
    Builder,
    source_title,
)
from kcdash.report.model import Paragraph

METRIC_ORDER = ("new_jobs", "trainees", "budget_million_vnd", "activity_count", "clusters_per_district_goal")
"""Published figures in the order a reader looks for them: jobs, trainees, budget (total first)."""


# ---- the scope ------------------------------------------------------------------------------


def _names(df: pd.DataFrame, code_col: str, codes: tuple[str, ...], lang: str, base: str = "name") -> str:
    if not codes:
        return t("filter.all", lang)
    labels = dict(zip(df[code_col].astype(str), df[lang_col(base, lang)], strict=False))
    return ", ".join(str(labels.get(c, c)) for c in codes)


def scope_section(b: Builder, provinces: pd.DataFrame, kpis: pd.DataFrame, version: pagedata.DataVersion) -> None:
    f, lang = b.f, b.lang
    sec = b.section("report.s_scope")
    names = ", ".join(str(n) for n in provinces[lang_col("name", lang)])
    sec.blocks.append(Paragraph(b.tr("report.scope_period", years=fmt.year_range(f.year_from, f.year_to))))
    sec.blocks.append(Paragraph(b.tr("report.scope_provinces", n=len(provinces), names=names)))
    options = pagedata.filter_options()
    filters = [
        ("filter.crafts", _names(options.crafts, "craft_code", f.crafts, lang)),
        ("filter.districts", _names(options.districts, "district_code", f.districts, lang)),
        ("filter.activity_types", _names(options.activity_types, "activity_type_code", f.activity_types, lang)),
        ("filter.funds", _names(options.funds, "fund_code", f.funds, lang, "short")),
    ]
    for key, text in filters:
        sec.blocks.append(Paragraph(text, "bullet", bold_lead=b.tr(key) + ": "))
    sec.blocks.append(Paragraph(pagedata.version_label(version, lang), "bullet"))
    sec.blocks.append(
        Paragraph(b.tr("report.scope_data", label=version.label(lang), date=fmt.date(version.created_at, lang)))
    )
    records = int(kpis["activity_count"].sum()) if not kpis.empty else 0
    illustrative = int(kpis["illustrative_count"].sum()) if not kpis.empty else 0
    if b.mode == "published":
        sec.blocks.append(Paragraph(b.tr("report.mode_published"), "warning"))
    elif illustrative:
        sec.blocks.append(
            Paragraph(
                b.tr(
                    "report.scope_illustrative",
                    n=fmt.integer(illustrative, lang),
                    total=fmt.integer(records, lang),
                ),
                "warning",
            )
        )
    sec.blocks.append(Paragraph(b.tr("report.scope_missing"), "note"))
    sec.blocks.append(Paragraph(t("clusters.historical", lang), "note"))
    for text in legal_frame(f.year_from, f.year_to, lang):
        sec.blocks.append(Paragraph(text, "note"))
    for _, row in provinces.iterrows():
        note = row.get(lang_col("note", lang))
        if isinstance(note, str) and note.strip():
            sec.blocks.append(Paragraph(note, "note", bold_lead=f"{row[lang_col('name', lang)]}: "))


# ---- published figures ----------------------------------------------------------------------


def published_section(b: Builder, provinces: pd.DataFrame, published: pd.DataFrame, recon: pd.DataFrame) -> None:
    lang = b.lang
    sec = b.section("report.s_published")
    sec.blocks.append(Paragraph(b.tr("report.published_intro")))
    silent: list[str] = []  # many provinces: those whose reports give nothing, in one line
    for _, prov in provinces.iterrows():
        code = prov["province_code"]
        rows = published[published["province_code"] == code]
        rows = rows.assign(
            _order=rows["metric"].map(lambda m: METRIC_ORDER.index(m) if m in METRIC_ORDER else len(METRIC_ORDER)),
            _total=rows["fund_code"].notna(),
        ).sort_values(["_order", "_total", "fund_code"], kind="stable")
        if rows.empty and len(provinces) > MANY_PROVINCES:
            silent.append(str(prov[lang_col("name", lang)]))
            continue
        sec.blocks.append(Paragraph("", "body", bold_lead=str(prov[lang_col("name", lang)])))
        if rows.empty:
            sec.blocks.append(Paragraph(b.tr("report.published_none"), "bullet"))
            continue
        for _, r in rows.iterrows():
            label = str(r.get(lang_col("label", lang)) or "")
            period = period_text(r, lang)
            head = f"{label} ({period}): " if period else f"{label}: "
            sec.blocks.append(Paragraph(published_value(r, lang), "bullet", bold_lead=head))
            quote = r.get("quote")
            if isinstance(quote, str) and quote.strip() and r.get("qualifier") != "not_reported":
                sec.blocks.append(Paragraph(f"“{quote.strip()}”", "quote"))
            sec.blocks.append(Paragraph(source_title(r, lang, b.titles, b.issuers), "source"))
            match = recon[recon["figure_id"] == r["figure_id"]]
            if b.mode == "all" and not match.empty and match.iloc[0]["status"] not in ("not_published", "no_records"):
                m = match.iloc[0]
                value = fmt.with_unit(m["record_value"], str(m["unit"] or ""), lang)
                illustrative = (
                    int(m["illustrative_count"]) > 0 if not fmt.is_missing(m["illustrative_count"]) else False
                )
                key = "report.records_same_scope_illustrative" if illustrative else "report.records_same_scope"
                sec.blocks.append(
                    Paragraph(b.tr(key, period=period, value=value, status=b.tr(f"status.{m['status']}")), "source")
                )
    if silent:
        sec.blocks.append(
            Paragraph(", ".join(silent), "note", bold_lead=b.tr("report.published_none_many", n=len(silent)))
        )


DECREE_45_YEAR = 2012
"""Decree 45/2012/NĐ-CP took effect in 2012; years before it followed Decree 134/2004/NĐ-CP and
the programme of Decision 136/2007/QĐ-TTg."""


def legal_frame(year_from: int, year_to: int, lang: str) -> list[str]:
    """The texts the reported period followed (an older report keeps its own frame), then the
    frame in force today."""
    texts = []
    if year_from < DECREE_45_YEAR:
        texts.append(t("report.legal_old", lang))
    if year_to >= DECREE_45_YEAR:
        texts.append(t("report.legal_45", lang))
    return [t("report.legal_period", lang, texts="; ".join(texts)), t("report.legal_today", lang)]
