"""The cards of one province, published figures first: pure functions, no Streamlit.

A card's headline is what the source report published, in its own words ("gần 4 tỷ đồng"), with
its period and the title of the report; where the report gives nothing, the headline says so
("chưa có số liệu (báo cáo không nêu)"). The sum of the records is the secondary line, marked
illustrative when any record in it is, with the reconciliation against the published figure.
In the data mode "published" an illustrative sum is not shown at all.

`kcdash.glance` lays these out as the overview's table; `kcdash.pagedata.province_cards` gathers their frames.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from kcdash import fmt
from kcdash.i18n import lang_col, t
from kcdash.schema import MEASURES

MODES = ("all", "published")
"""Data modes: every number (published and records), or only published figures and real records."""

CARD_METRICS = MEASURES
"""Card measures a report can publish (published_figures.metric)."""

OTHER_METRICS = ("craft_villages", "centre_founded_year", "activity_count")
"""Published facts shown under the cards, not as a card of their own."""

RECONCILED_STATUSES = ("match", "consistent", "differs", "no_records")


@dataclass(frozen=True)
class RecordsLine:
    """The sum of the records for the card's measure: secondary, and marked when illustrative."""

    label: str
    value: str
    illustrative: bool
    reconciliation: str = ""


@dataclass(frozen=True)
class Card:
    measure: str
    title: str
    headline: str  # the published figure in its own words, or "chưa có số liệu (báo cáo không nêu)"
    headline_label: str  # "Công bố 2007–2012 · KCQG" / "Báo cáo không nêu"
    published: bool  # the headline is a published figure (not "not reported")
    quote: str = ""
    source: str = ""  # "nguồn: [title of the report]"
    records: RecordsLine | None = None
    records_note: str = ""  # why no records line is shown (published mode, no records)
    lines: tuple[str, ...] = ()  # further published figures (per fund), goals
    warnings: tuple[str, ...] = ()  # e.g. cluster counts are illustrative


@dataclass(frozen=True)
class ProvinceCards:
    province_code: str
    name: str
    period_note: str  # which years the records cover, and which of them no report covers
    cards: tuple[Card, ...] = field(default_factory=tuple)
    other_published: tuple[str, ...] = ()  # further published facts (craft villages, centre founded…)


# ---- small pieces ---------------------------------------------------------------------------


def _get(row: Mapping[str, object] | pd.Series | None, key: str) -> object:
    if row is None:
        return None
    value = row.get(key)
    return None if fmt.is_missing(value) else value


def source_title(source_file: object, sources: pd.DataFrame, lang: str) -> str:
    """The title to cite for a source file (the file name only when the sources table lacks it)."""
    if fmt.is_missing(source_file) or not str(source_file):
        return ""
    if not sources.empty:  # a scan of a few rows: cheaper than a boolean filter of the frame
        for file, title in zip(sources["source_file"], sources[lang_col("cited_title", lang)], strict=True):
            if file == source_file:
                if isinstance(title, str) and title.strip():
                    return title.strip()
                break
    return str(source_file)


def cite(source_file: object, sources: pd.DataFrame, lang: str) -> str:
    """ "nguồn: [title of the report]" (empty when no source is named)."""
    title = source_title(source_file, sources, lang)
    return t("published.source", lang, file=title) if title else ""


def period_text(row: Mapping[str, object] | pd.Series, lang: str) -> str:
    """ "2007–2012", "đến 2012" / "up to 2012", or "" for a published figure's years."""
    year_from, year_to = _get(row, "period_from_year"), _get(row, "period_to_year")
    part = _get(row, "period_part")
    if part and year_to is not None:  # "9 tháng đầu năm 2015": part of one year
        return t(f"period_part.{part}", lang, year=int(str(year_to)))
    if year_from is None and year_to is None:
        return ""
    if year_from is None:
        return t("period.until", lang, year=int(str(year_to)))
    if year_to is None:
        return t("period.since", lang, year=int(str(year_from)))
    return fmt.year_range(year_from, year_to)


def published_value(row: Mapping[str, object] | pd.Series, lang: str) -> str:
    """A published figure in the report's own words: "3.530 người", "gần 4 tỷ đồng",
    "6.788,9 triệu đồng (6,79 tỷ đồng)", or "chưa có số liệu (báo cáo không nêu)"."""
    value, unit, qualifier = _get(row, "value"), str(_get(row, "unit") or ""), _get(row, "qualifier")
    if qualifier == "not_reported" or value is None:
        return t("common.not_reported", lang)
    if unit == "year":
        return str(int(float(str(value))))
    approximate = qualifier in ("approximate_below", "approximate_above", "approximate")
    if unit == "million VND" and approximate:
        text = fmt.approximate_vnd(value, lang)  # no decimals the report does not have
    else:
        text = fmt.with_unit(value, unit, lang)
        if unit == "million VND" and float(str(value)) >= 1000:
            text += f" ({fmt.billion_vnd(value, lang)})"
    if qualifier in QUALIFIER_WORDS:
        text = t(QUALIFIER_WORDS[str(qualifier)], lang, value=text)
    status = _get(row, "status")
    goal = _get(row, "metric") == "clusters_per_district_goal"  # a goal says it is one already
    if status in ("planned", "estimated") and not goal:  # a plan or an estimate is never read as a result
        text = t(f"figure_status.value_{status}", lang, value=text)
    return text


QUALIFIER_WORDS = {
    "approximate_below": "qualifier.nearly",
    "approximate_above": "qualifier.more_than",
    "approximate": "qualifier.about",
}
"""How a report's qualifier is written before its value: gần / trên / khoảng."""


def records_years(year_from: int, year_to: int, periods: list[tuple[int, int]]) -> list[int]:
    """The years of [year_from, year_to] that none of the report periods covers."""
    return [y for y in range(int(year_from), int(year_to) + 1) if not any(a <= y <= b for a, b in periods)]


def report_period(published: pd.DataFrame) -> tuple[int, int] | None:
    """The period a province's report gives card figures for (the widest, when several)."""
    rows = published[
        published["metric"].isin(CARD_METRICS)
        & published["period_from_year"].notna()
        & published["period_to_year"].notna()
    ]
    if rows.empty:
        return None
    return int(rows["period_from_year"].min()), int(rows["period_to_year"].max())


def _years_list(years: list[int]) -> str:
    return ", ".join(str(y) for y in years)


def period_note(year_from: int, year_to: int, report: tuple[int, int] | None, years_chosen: bool, lang: str) -> str:
    """What the records' sums on the cards cover, and which years no report covers."""
    span = fmt.year_range(year_from, year_to)
    if report is None:
        return t("cards.period_no_report", lang, years=span)
    outside = records_years(year_from, year_to, [report])
    report_span = fmt.year_range(*report)
    if not years_chosen:
        return t("cards.period_default", lang, years=report_span)
    if outside:
        return t("cards.period_outside", lang, years=span, report=report_span, outside=_years_list(outside))
    return t("cards.period_chosen", lang, years=span, report=report_span)


# ---- cards ----------------------------------------------------------------------------------


def _records_value(measure: str, value: object, lang: str) -> str:
    if measure == "budget_million_vnd":
        return fmt.million_vnd(value, lang)
    if measure == "budget_per_trainee_million_vnd":
        return fmt.million_vnd(value, lang, 2)
    return fmt.integer(value, lang)


def records_line(
    measure: str,
    kpis: Mapping[str, object] | pd.Series | None,
    years: str,
    mode: str,
    lang: str,
    reconciliation: str = "",
) -> tuple[RecordsLine | None, str]:
    """The records' sum for a card, or None and the reason it is not shown."""
    count = int(float(str(_get(kpis, "activity_count") or 0)))
    illustrative = int(float(str(_get(kpis, "illustrative_count") or 0))) > 0
    if count == 0:
        return None, t("cards.no_records", lang, years=years)
    if mode == "published" and illustrative:
        return None, t("cards.records_hidden", lang)
    key = "cards.records_illustrative" if illustrative else "cards.records_real"
    return (
        RecordsLine(
            label=t(key, lang, years=years),
            value=_records_value(measure, _get(kpis, measure), lang),
            illustrative=illustrative,
            reconciliation=reconciliation,
        ),
        "",
    )


def _reconciliation_text(recon: pd.DataFrame, figure_id: object, period: str, mode: str, lang: str) -> str:
    match = recon[recon["figure_id"] == figure_id]
    if match.empty:
        return ""
    r = match.iloc[0]
    if r["status"] not in RECONCILED_STATUSES:
        return ""
    if mode == "published" and int(r.get("illustrative_count") or 0) > 0:
        return ""  # the sum is illustrative: not shown in published mode
    value = fmt.with_unit(r.get("record_value"), str(r.get("unit") or ""), lang)
    status = t(f"status.{r['status']}", lang)
    key = "cards.reconciliation_illustrative" if int(r.get("illustrative_count") or 0) > 0 else "cards.reconciliation"
    return t(key, lang, period=period, value=value, status=status)


def metric_card(
    measure: str,
    title: str,
    published: pd.DataFrame,
    recon: pd.DataFrame,
    kpis: Mapping[str, object] | pd.Series | None,
    years: str,
    sources: pd.DataFrame,
    fund_names: Mapping[str, str],
    mode: str,
    lang: str,
) -> Card:
    """One measure of one province: published figure (or "not reported") first, records second."""
    rows = published[published["metric"] == measure].copy()
    rows["_total"] = rows["fund_code"].isna()
    rows["_has"] = rows["value"].notna() & (rows["qualifier"] != "not_reported")
    rows = rows.sort_values(["_has", "_total", "fund_code"], ascending=[False, False, True])
    if rows.empty:
        records, note = records_line(measure, kpis, years, mode, lang)
        return Card(
            measure,
            title,
            t("common.not_reported", lang),
            t("published.head_none", lang),
            False,
            records=records,
            records_note=note,
        )
    head = rows.iloc[0]
    tag = "" if fmt.is_missing(head["fund_code"]) else fund_names.get(str(head["fund_code"]), "")
    period = period_text(head, lang)
    label = t("published.head", lang, period=period) if period else t("published.head_no_period", lang)
    if tag:
        label += f" · {tag}"
    is_published = bool(head["_has"])
    if not is_published:
        label = t("published.head_not_reported", lang, period=period) if period else t("published.head_none", lang)
    quote = str(head["quote"]).strip() if is_published and isinstance(head["quote"], str) else ""
    recon_text = _reconciliation_text(recon, head["figure_id"], period, mode, lang) if is_published else ""
    records, note = records_line(measure, kpis, years, mode, lang, recon_text)
    if records is not None and tag:  # the headline is one fund's figure, the records' sum every fund's
        records = RecordsLine(
            records.label + " · " + t("cards.all_funds", lang),
            records.value,
            records.illustrative,
            records.reconciliation,
        )
    lines = []
    for _, r in rows.iloc[1:].iterrows():
        r_tag = (
            fund_names.get(str(r["fund_code"]), "") if not fmt.is_missing(r["fund_code"]) else t("cards.total", lang)
        )
        r_period = period_text(r, lang)
        lines.append(t("cards.other_figure", lang, tag=r_tag, period=r_period, value=published_value(r, lang)))
    return Card(
        measure,
        title,
        published_value(head, lang),
        label,
        is_published,
        quote=quote,
        source=cite(head["source_file"], sources, lang),
        records=records,
        records_note=note,
        lines=tuple(lines),
    )


def cluster_card(
    published: pd.DataFrame,
    targets: pd.DataFrame,
    counts: Mapping[str, object] | pd.Series | None,
    sources: pd.DataFrame,
    mode: str,
    lang: str,
) -> Card:
    """Districts with a cluster: no report gives the count, so the headline says so; the goal and
    the one sourced cluster are quoted; the count from the cluster list is secondary, with its
    own warning when the list is illustrative, and "no data" (never 0/n) when there is no list."""
    lines: list[str] = []
    for _, g in targets.iterrows():
        if bool(g["is_illustrative"]):
            lines.append(t("overview.goal_illustrative", lang, note=g[lang_col("note", lang)] or ""))
        else:
            lines.append(
                t(
                    "overview.goal_published",
                    lang,
                    quote=g["quote"] or "",
                    file=source_title(g["source_file"], sources, lang),
                )
            )
    for _, r in published[published["metric"] == "detailed_plan_clusters"].iterrows():
        lines.append(
            t(
                "cards.sourced_cluster",
                lang,
                label=r[lang_col("label", lang)],
                quote=r["quote"] or "",
                file=source_title(r["source_file"], sources, lang),
            )
        )
    warnings: list[str] = []
    year = _get(counts, "year")
    cluster_count = int(float(str(_get(counts, "cluster_count") or 0)))
    illustrative = int(float(str(_get(counts, "illustrative_count") or 0))) > 0
    records: RecordsLine | None = None
    note = ""
    if counts is None or cluster_count == 0 or _get(counts, "districts_with_cluster") is None:
        note = t("cards.cluster_list_missing", lang)
    elif mode == "published" and illustrative:
        note = t("cards.records_hidden", lang)
    else:
        value = t(
            "overview.clusters_value",
            lang,
            x=fmt.integer(_get(counts, "districts_with_cluster"), lang),
            y=fmt.integer(_get(counts, "districts_total"), lang),
        )
        share = t("overview.clusters_share", lang, share=fmt.percent(_get(counts, "share_pct"), lang))
        key = "cards.cluster_records_illustrative" if illustrative else "cards.cluster_records_real"
        records = RecordsLine(t(key, lang, year=int(float(str(year))) if year else ""), value, illustrative, share)
        if illustrative:
            warnings.append(t("cards.cluster_warning", lang))
    return Card(
        "clusters",
        t("overview.clusters", lang),
        t("common.not_reported", lang),
        t("published.head_none", lang),
        False,
        records=records,
        records_note=note,
        lines=tuple(lines),
        warnings=tuple(warnings),
    )


def province_cards(
    code: str,
    name: str,
    *,
    kpis: Mapping[str, object] | pd.Series | None,
    year_from: int,
    year_to: int,
    years_chosen: bool,
    published: pd.DataFrame,
    recon: pd.DataFrame,
    cluster_counts: Mapping[str, object] | pd.Series | None,
    targets: pd.DataFrame,
    sources: pd.DataFrame,
    fund_names: Mapping[str, str],
    mode: str,
    lang: str,
) -> ProvinceCards:
    """Every card of one province. `published`, `recon`, `targets` may hold other provinces too."""
    mine = published[published["province_code"] == code]
    recon_mine = recon[recon["province_code"] == code]
    years = fmt.year_range(year_from, year_to)
    report = report_period(mine)
    cards = [
        metric_card(m, t(k, lang), mine, recon_mine, kpis, years, sources, fund_names, mode, lang)
        for m, k in (
            ("trainees", "measure.trainees"),
            ("new_jobs", "measure.new_jobs"),
            ("budget_million_vnd", "measure.budget"),
        )
    ]
    per_trainee, note = records_line("budget_per_trainee_million_vnd", kpis, years, mode, lang)
    cards.append(
        Card(
            "budget_per_trainee_million_vnd",
            t("measure.budget_per_trainee", lang),
            t("common.not_reported", lang),
            t("published.head_none", lang),
            False,
            records=per_trainee,
            records_note=note,
        )
    )
    cards.append(cluster_card(mine, targets[targets["province_code"] == code], cluster_counts, sources, mode, lang))
    others = tuple(
        t(
            "cards.other_published" if r["unit"] != "year" else "cards.other_published_year",
            lang,
            label=r[lang_col("label", lang)],
            value=published_value(r, lang),
            period=period_text(r, lang) or t("published.head_none", lang),
            quote=r["quote"] or "",
            file=source_title(r["source_file"], sources, lang),
        )
        for _, r in mine[mine["metric"].isin(OTHER_METRICS)].iterrows()
    )
    return ProvinceCards(code, name, period_note(year_from, year_to, report, years_chosen, lang), tuple(cards), others)


def card_numbers(card: Card) -> list[str]:
    """Every number text a card shows (for tests: which of them are illustrative)."""
    out = [card.headline]
    if card.records is not None:
        out.append(card.records.value)
    return out


def build(
    frames: Mapping[str, pd.DataFrame],
    provinces: pd.DataFrame,
    *,
    year_from: int,
    year_to: int,
    years_chosen: bool,
    mode: str,
    lang: str,
) -> list[ProvinceCards]:
    """Cards of every province in `provinces` from `kcdash.pagedata.province_cards` frames."""
    kpis = frames["kpis"]
    counts = frames["cluster_counts"]
    funds = frames["funds"]
    fund_names = dict(zip(funds["fund_code"].astype(str), funds[lang_col("short", lang)], strict=True))
    out = []
    for _, prov in provinces.iterrows():
        code = str(prov["province_code"])
        k = kpis[kpis["province_code"] == code]
        krow = k.iloc[0] if not k.empty else None
        c = counts[counts["province_code"] == code]
        y_from = int(krow["records_from_year"]) if krow is not None else year_from
        y_to = int(krow["records_to_year"]) if krow is not None else year_to
        out.append(
            province_cards(
                code,
                str(prov[lang_col("name", lang)]),
                kpis=krow,
                year_from=y_from,
                year_to=y_to,
                years_chosen=years_chosen,
                published=frames["published"],
                recon=frames["reconciliation"],
                cluster_counts=c.iloc[0] if not c.empty else None,
                targets=frames["targets"],
                sources=frames["sources"],
                fund_names=fund_names,
                mode=mode,
                lang=lang,
            )
        )
    return out
