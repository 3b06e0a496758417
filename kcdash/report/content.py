"""What the report says: built from the same page queries (`kcdash.pagedata`) and chart builders
(`kcdash.charts`) as the dashboard, in the layout of a Vietnamese administrative report.

Rules held here, once for both formats:
- a figure no source gives is "chưa có số liệu" / "no data", never 0 (`kcdash.fmt`);
- every published figure is shown with its quote and its source;
- mode "all": every table or chart with numbers from illustrative records says so (a note on
  the table, a watermark in the chart); mode "published": no number from an illustrative
  record appears at all, only the published figures and the reference lists;
- for 2 or more provinces, the comparison with its caveats (different periods, missing figures);
  above `MANY_PROVINCES` provinces, charts show the provinces' total and the district table
  gives way to one row per province, so a national report stays readable.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from kcdash import charts, data, fmt, pagedata, safe
from kcdash.cards import period_text, published_value
from kcdash.data import Filters
from kcdash.i18n import t
from kcdash.report.model import Block, Chart, Issuer, Mode, Paragraph, Report, Section, Table
from kcdash.schema import MEASURES

MANY_PROVINCES = 8
PRINT_WATERMARK = "rgba(0,0,0,0.22)"  # grey: administrative text is black, the mark stays a word
"""Above this many provinces, charts show the total and the district table one row per province."""

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
ALL_CODE = "__all__"
METRIC_ORDER = ("new_jobs", "trainees", "budget_million_vnd", "activity_count", "clusters_per_district_goal")
"""Published figures in the order a reader looks for them: jobs, trainees, budget (total first)."""

Fmt = Callable[[Any, str], str]


def _col(base: str, lang: str) -> str:
    return charts.lang_col(base, lang)


def _is_true(value: object) -> bool:
    return not fmt.is_missing(value) and bool(value)


def source_title(
    row: pd.Series, lang: str, titles: dict[str, str] | None = None, issuers: dict[str, str] | None = None
) -> str:
    """The source of a published figure, as an official cites it: the title (`titles`, from the
    data's sources table; a title the dashboard supplied is in [brackets]) and the issuing body
    (`issuers`). Never the name of the file it is kept in: a reader cannot look that up."""
    file = row.get("source_file")
    if not isinstance(file, str) or not file:
        return t("report.source_none", lang)
    title = (titles or {}).get(file)
    issuer = (issuers or {}).get(file)
    if title and issuer:
        return t("report.source_title", lang, title=title, issuer=issuer)
    if title:
        return t("report.source_title_only", lang, title=title)
    province = row.get(_col("province_name", lang)) or ""
    return t("report.source_file", lang, province=province)


def _issuing_body(text: object) -> str:
    """The issuing body as the sources table names it, without its remark in brackets
    ("… (giám đốc … được trích lời)")."""
    return str(text).split(" (")[0].strip() if isinstance(text, str) else ""


def watermark(fig: go.Figure, lang: str) -> go.Figure:
    """The dashboard's own illustrative mark (kcdash.charts.watermark), inside the figure, made
    larger and darker for paper: the screen's see-through grey fades on a printed bar."""
    charts.watermark(fig, lang)
    fig.update_annotations(selector={"name": charts.WATERMARK_NAME}, font={"size": 60, "color": PRINT_WATERMARK})
    return fig


def print_style(fig: go.Figure) -> go.Figure:
    """Dark text on white for paper; the chart's title moves to the numbered caption."""
    fig.update_layout(
        title={"text": ""},
        paper_bgcolor="white",
        plot_bgcolor="white",
        font={"family": "Liberation Sans, Arial, sans-serif", "size": 13, "color": "#222222"},
        margin={"l": 60, "r": 20, "t": 50, "b": 50},
    )
    return fig


class _Builder:
    """Collects sections and numbers the tables and charts as it goes."""

    def __init__(self, f: Filters, lang: str, mode: Mode) -> None:
        self.f, self.lang, self.mode = f, lang, mode
        self.sections: list[Section] = []
        self.tables = 0
        self.charts = 0
        self.extra_headers: dict[str, str] = {}  # headers from data (fund names), not message keys
        self.titles: dict[str, str] = {}  # source_file -> title to cite
        self.issuers: dict[str, str] = {}  # source_file -> issuing body to cite

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def section(self, heading_key: str, level: int = 1, **params: Any) -> Section:
        heading = self.tr(heading_key, **params)
        if level == 1:
            heading = f"{ROMAN[sum(s.level == 1 for s in self.sections)]}. {heading.upper()}"
        else:
            n = 0
            for s in reversed(self.sections):
                if s.level == 1:
                    break
                n += 1
            heading = f"{n + 1}. {heading}"
        sec = Section(heading, [], level)
        self.sections.append(sec)
        return sec

    def table(
        self,
        caption: str,
        df: pd.DataFrame,
        columns: list[tuple[str, str, Fmt | None]],
        *,
        source: str,
        illustrative: bool,
        widths: list[float] | None = None,
    ) -> Table:
        self.tables += 1
        header = [self.extra_headers.get(h) or self.tr(h) for _, h, _ in columns]
        rows: list[list[str]] = []
        for _, r in df.iterrows():
            line = []
            for col, _, formatter in columns:
                value = r.get(col)
                if formatter is None:
                    line.append(fmt.no_data(self.lang) if fmt.is_missing(value) else str(value))
                else:
                    line.append(formatter(value, self.lang))
            rows.append(line)
        numeric = [formatter is not None for _, _, formatter in columns]
        return Table(
            caption=self.tr("report.table_caption", n=self.tables, title=caption),
            header=header,
            rows=rows,
            numeric=numeric,
            source=source,
            note=self.tr("report.table_illustrative") if illustrative else "",
            illustrative=illustrative,
            widths=widths or [],
        )

    def chart(self, fig: go.Figure, caption: str, *, source: str, illustrative: bool, height: int = 480) -> Chart:
        self.charts += 1
        print_style(fig)
        if illustrative:
            watermark(fig, self.lang)
            caption = self.tr("report.caption_illustrative", title=caption)
        layout_height = fig.layout.height
        return Chart(
            caption=self.tr("report.chart_caption", n=self.charts, title=caption),
            figure=fig,
            source=source,
            illustrative=illustrative,
            alt=caption,
            height_px=int(layout_height) if layout_height else height,
        )


# ---- the scope ------------------------------------------------------------------------------


def _names(df: pd.DataFrame, code_col: str, codes: tuple[str, ...], lang: str, base: str = "name") -> str:
    if not codes:
        return t("filter.all", lang)
    labels = dict(zip(df[code_col].astype(str), df[_col(base, lang)], strict=False))
    return ", ".join(str(labels.get(c, c)) for c in codes)


def _scope(b: _Builder, provinces: pd.DataFrame, kpis: pd.DataFrame, version: dict[str, Any]) -> None:
    f, lang = b.f, b.lang
    sec = b.section("report.s_scope")
    names = ", ".join(str(n) for n in provinces[_col("name", lang)])
    sec.blocks.append(Paragraph(b.tr("report.scope_period", years=fmt.year_range(f.year_from, f.year_to))))
    sec.blocks.append(Paragraph(b.tr("report.scope_provinces", n=len(provinces), names=names)))
    options = pagedata.filter_options()
    filters = [
        ("filter.crafts", _names(options["crafts"], "craft_code", f.crafts, lang)),
        ("filter.districts", _names(options["districts"], "district_code", f.districts, lang)),
        ("filter.activity_types", _names(options["activity_types"], "activity_type_code", f.activity_types, lang)),
        ("filter.funds", _names(options["funds"], "fund_code", f.funds, lang, "short")),
    ]
    for key, text in filters:
        sec.blocks.append(Paragraph(text, "bullet", bold_lead=b.tr(key) + ": "))
    label = version.get(_col("label", lang)) or version.get("id") or ""
    sec.blocks.append(Paragraph(pagedata.version_label(version, lang), "bullet"))
    sec.blocks.append(Paragraph(b.tr("report.scope_data", label=label, date=fmt.date(version.get("created_at"), lang))))
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
        note = row.get(_col("note", lang))
        if isinstance(note, str) and note.strip():
            sec.blocks.append(Paragraph(note, "note", bold_lead=f"{row[_col('name', lang)]}: "))


# ---- published figures ----------------------------------------------------------------------


def _published(b: _Builder, provinces: pd.DataFrame, published: pd.DataFrame, recon: pd.DataFrame) -> None:
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
            silent.append(str(prov[_col("name", lang)]))
            continue
        sec.blocks.append(Paragraph("", "body", bold_lead=str(prov[_col("name", lang)])))
        if rows.empty:
            sec.blocks.append(Paragraph(b.tr("report.published_none"), "bullet"))
            continue
        for _, r in rows.iterrows():
            label = str(r.get(_col("label", lang)) or "")
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


# ---- results by measure (records) -----------------------------------------------------------


def _national(df: pd.DataFrame, keys: list[str], sums: list[str], n: int) -> pd.DataFrame:
    """The rows of many provinces summed into one line per `keys` (for charts of many provinces)."""
    if df.empty:
        return df
    out = df.groupby(keys, as_index=False, dropna=False)[sums].sum(min_count=1)
    name_vi, name_en = t("report.all_provinces", "vi", n=n), t("report.all_provinces", "en", n=n)
    out["province_code"] = ALL_CODE
    for base in ("name", "province_name"):
        out[f"{base}_vi"], out[f"{base}_en"] = name_vi, name_en
    return out


def _records_source(b: _Builder, kpis: pd.DataFrame, label: str) -> str:
    total = int(kpis["activity_count"].sum()) if not kpis.empty else 0
    illustrative = int(kpis["illustrative_count"].sum()) if not kpis.empty else 0
    return b.tr(
        "source.records", n=fmt.integer(total, b.lang), illustrative=fmt.integer(illustrative, b.lang), dataset=label
    )


def _results(
    b: _Builder,
    kpis: pd.DataFrame,
    published: pd.DataFrame,
    colors: dict[str, str],
    dataset: str,
    many: bool,
    fund_names: dict[str, str],
) -> None:
    lang, f = b.lang, b.f
    name = _col("name", lang)
    pname = _col("province_name", lang)
    b.section("report.s_results")
    records = int(kpis["activity_count"].sum()) if not kpis.empty else 0
    illustrative = int(kpis["illustrative_count"].sum()) if not kpis.empty else 0
    source = _records_source(b, kpis, dataset)
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

    # 1. training and jobs
    # the training page's per-year query (pagedata.training also asks by craft and district,
    # which the report does not print: a second on a national extract)
    by_year = data.totals_by_year(f)
    sec = b.section("report.s_training", level=2)
    totals = kpis.copy()
    totals["jobs_pct"] = 100 * totals["jobs_per_trainee"]
    pub_jobs = _published_by_province(published, "new_jobs", lang)
    pub_trainees = _published_by_province(published, "trainees", lang)
    totals["published_jobs"] = totals["province_code"].map(pub_jobs).fillna(t("common.no_data", lang))
    totals["published_trainees"] = totals["province_code"].map(pub_trainees).fillna(t("common.no_data", lang))
    for _, r in totals.iterrows() if not many else ():  # many provinces: the table says it
        sec.blocks.append(
            Paragraph(
                b.tr(
                    "report.training_line",
                    trainees=fmt.people(r["trainees"], lang),
                    jobs=fmt.people(r["new_jobs"], lang),
                    per100=fmt.number1(r["jobs_pct"], lang),
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
                ("trainees", "col.trainees", fmt.integer),
                ("new_jobs", "col.new_jobs", fmt.integer),
                ("jobs_pct", "col.jobs_per_trainee_pct", fmt.number1),
                ("published_trainees", "report.col_published_trainees", None),
                ("published_jobs", "report.col_published_jobs", None),
            ],
            source=source + " " + b.tr("report.published_cols_source"),
            illustrative=marked,
            widths=[1.3, 1, 1, 1, 1.6, 1.6],
        )
    )
    chart_year = _national(by_year, ["year"], list(MEASURES), n) if many else by_year
    sec.blocks.append(
        b.chart(
            charts.trainees_jobs_by_year(chart_year, lang, chart_colors),
            t("chart.trainees_jobs_by_year", lang),
            source=source,
            illustrative=marked,
        )
    )
    year_table = chart_year.copy()
    year_table["jobs_per_trainee_pct"] = (
        100 * year_table["new_jobs"] / year_table["trainees"].where(year_table["trainees"] > 0)
    )
    sec.blocks.append(
        b.table(
            t("chart.trainees_jobs_by_year", lang),
            year_table,
            [
                (name, "col.province", None),
                ("year", "col.year", None),
                ("trainees", "col.trainees", fmt.integer),
                ("new_jobs", "col.new_jobs", fmt.integer),
                ("jobs_per_trainee_pct", "col.jobs_per_trainee_pct", fmt.number1),
            ],
            source=source,
            illustrative=marked,
        )
    )

    # 2. budget by fund
    budget = pagedata.budget(f)
    sec = b.section("report.s_budget_fund", level=2)
    by_fund = budget["by_fund"].copy()
    by_fund["published"] = [
        _published_for(published, str(r["province_code"]), "budget_million_vnd", r["fund_code"], lang)
        for _, r in by_fund.iterrows()
    ]
    for _, r in kpis.iterrows() if not many else ():
        sec.blocks.append(
            Paragraph(
                b.tr(
                    "report.budget_line",
                    value=fmt.million_vnd(r["budget_million_vnd"], lang),
                    billions=fmt.billion_vnd(r["budget_million_vnd"], lang),
                    per_trainee=fmt.million_vnd(r["budget_per_trainee_million_vnd"], lang, 2),
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
        fund_columns += [(c, f"fund:{c}", fmt.number1) for c in fund_cols]
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
                    (_col("fund_name", lang), "col.fund", None),
                    ("budget_million_vnd", "col.budget_million", fmt.number1),
                    ("share_pct", "col.share_pct", fmt.percent),
                    ("published", "report.col_published_budget", None),
                ],
                source=source + " " + b.tr("report.published_cols_source"),
                illustrative=marked,
                widths=[1.3, 1, 1.1, 0.9, 2.2],
            )
        )
    by_year_fund = budget["by_year_fund"]
    if many:
        by_year_fund = _national(
            by_year_fund,
            ["year", "fund_code", "fund_name_vi", "fund_name_en", "fund_color_hex"],
            ["budget_million_vnd"],
            n,
        )
    sec.blocks.append(
        b.chart(
            charts.budget_by_year_fund(by_year_fund, lang, chart_colors),
            t("chart.budget_by_year_fund", lang),
            source=source,
            illustrative=marked,
        )
    )

    # 3. budget by khuyến công content (Decree 45/2012, Art. 4)
    sec = b.section("report.s_budget_activity", level=2)
    by_activity = budget["by_activity"]
    activity_chart = (
        _national(
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
                (_col("activity_type_name", lang), "col.activity_type", None),
                ("activity_count", "col.activity_count", fmt.integer),
                ("budget_million_vnd", "col.budget_million", fmt.number1),
            ],
            source=source,
            illustrative=marked,
            widths=[1.3, 0.6, 2.2, 0.9, 1.1],
        )
    )
    sec.blocks.append(
        b.chart(
            charts.budget_by_activity(activity_chart, lang, chart_colors),
            t("chart.budget_by_activity", lang),
            source=source,
            illustrative=marked,
        )
    )

    # 4. per trainee
    sec = b.section("report.s_per_trainee", level=2)
    per_trainee = budget["per_trainee"]
    if many:
        per_trainee = _national(per_trainee, ["year"], ["training_budget_million_vnd", "trainees"], n)
        per_trainee["budget_per_trainee_million_vnd"] = per_trainee["training_budget_million_vnd"] / per_trainee[
            "trainees"
        ].where(per_trainee["trainees"] > 0)
    sec.blocks.append(Paragraph(b.tr("budget.per_trainee_scope"), "note"))
    sec.blocks.append(
        b.table(
            t("chart.budget_per_trainee", lang),
            per_trainee,
            [
                (pname, "col.province", None),
                ("year", "col.year", None),
                ("training_budget_million_vnd", "col.training_budget_million", fmt.number1),
                ("trainees", "col.trainees", fmt.integer),
                ("budget_per_trainee_million_vnd", "col.budget_per_trainee_million", fmt.number2),
            ],
            source=source,
            illustrative=marked,
        )
    )


def _published_rows(published: pd.DataFrame, code: str, metric: str, fund: object) -> pd.DataFrame:
    rows = published[(published["province_code"] == code) & (published["metric"] == metric)]
    if fmt.is_missing(fund):
        return rows[rows["fund_code"].isna()]
    return rows[rows["fund_code"] == fund]


def _published_for(published: pd.DataFrame, code: str, metric: str, fund: object, lang: str) -> str:
    rows = _published_rows(published, code, metric, fund)
    if rows.empty:
        return t("common.no_data", lang)
    r = rows.iloc[0]
    value = published_value(r, lang)
    period = period_text(r, lang)
    return f"{value} ({period})" if period and r["qualifier"] != "not_reported" else value


def _published_by_province(published: pd.DataFrame, metric: str, lang: str) -> dict[str, str]:
    codes = published.loc[published["metric"] == metric, "province_code"].unique()
    return {str(c): _published_for(published, str(c), metric, None, lang) for c in codes}


# ---- clusters -------------------------------------------------------------------------------


def _clusters(
    b: _Builder, provinces: pd.DataFrame, published: pd.DataFrame, colors: dict[str, str], dataset: str, many: bool
) -> None:
    lang, f = b.lang, b.f
    name, pname, dname = _col("name", lang), _col("province_name", lang), _col("district_name", lang)
    sec = b.section("report.s_clusters")
    d = pagedata.clusters(f, "established", f.year_to)
    progress, districts, without, targets = d["progress"], d["districts"], d["without"], d["targets"]
    source = t("source.clusters", lang, dataset=dataset)

    if many:  # one line for the illustrative goals, the published ones in full
        assumed = targets[targets["is_illustrative"].map(_is_true)]
        if not assumed.empty:
            sec.blocks.append(Paragraph(b.tr("report.goal_assumed_many", n=len(assumed)), "note"))
        targets_shown = targets[~targets["is_illustrative"].map(_is_true)]
    else:
        targets_shown = targets
    for _, g in targets_shown.iterrows():
        lead = f"{g[pname]}: "
        if _is_true(g["is_illustrative"]):
            sec.blocks.append(
                Paragraph(t("overview.goal_illustrative", lang, note=g[_col("note", lang)] or ""), "bullet", lead)
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
                f"{r[_col('label', lang)]} — {published_value(r, lang)} — “{r['quote']}” — {source_title(r, lang, b.titles, b.issuers)}",
                "bullet",
                f"{r[pname]}: ",
            )
        )

    if districts.empty and progress.empty:
        sec.blocks.append(Paragraph(t("empty.no_districts", lang), "note"))
        return
    ill = districts["is_illustrative"].map(_is_true)
    has_cluster = districts["cluster_count"].fillna(0) > 0
    illustrative_districts = int((ill & has_cluster).sum())
    marked = illustrative_districts > 0

    if b.mode == "published" and marked:
        sec.blocks.append(Paragraph(b.tr("report.clusters_hidden"), "warning"))
    else:
        last = progress.sort_values("year").groupby("province_code", sort=False).tail(1)
        for _, p in last.iterrows() if not many else ():  # many provinces: the summary table says it
            sec.blocks.append(
                Paragraph(
                    b.tr(
                        "report.clusters_line",
                        year=int(p["year"]),
                        x=fmt.integer(p["districts_with_cluster"], lang),
                        y=fmt.integer(p["districts_total"], lang),
                        share=fmt.percent(p["share_pct"], lang),
                    ),
                    "bullet",
                    bold_lead=f"{p[name]}: ",
                )
            )
        chart_progress = progress
        chart_targets = targets
        if many:
            chart_progress = _national(
                progress, ["year"], ["districts_total", "districts_with_cluster"], len(provinces)
            )
            chart_progress["share_pct"] = (
                100
                * chart_progress["districts_with_cluster"]
                / chart_progress["districts_total"].where(chart_progress["districts_total"] > 0)
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
        summary = _cluster_summary(districts, without, lang)
        sec.blocks.append(Paragraph(b.tr("report.clusters_summary_note", n=len(provinces)), "note"))
        if b.mode == "published" and marked:
            summary["with_cluster"] = float("nan")
        sec.blocks.append(
            b.table(
                b.tr("report.t_cluster_summary", year=f.year_to),
                summary,
                [
                    (pname, "col.province", None),
                    ("districts_total", "col.districts_total", fmt.integer),
                    ("with_cluster", "col.districts_with_cluster", fmt.integer),
                ],
                source=source,
                illustrative=marked and b.mode == "all",
            )
        )
        return

    table = districts.copy()
    table["kind_label"] = table["kind"].map(lambda k: t(f"kind.{k}", lang) if isinstance(k, str) else "")
    if b.mode == "published":
        # a district whose cluster rows are illustrative: its stage is not a published fact
        hide = ill & has_cluster
        for col in ("stage", "cluster_names", "area_ha", "occupancy_pct"):
            table[col] = table[col].astype(object).where(~hide, None)
        table["stage_label"] = [
            fmt.no_data(lang) if h else (t(f"stage.{s}", lang) if isinstance(s, str) else t("clusters.none_yet", lang))
            for s, h in zip(table["stage"], hide, strict=True)
        ]
        table["source"] = table["source"].astype(object).where(~hide, None)
    else:
        table["stage_label"] = table["stage"].map(
            lambda s: t(f"stage.{s}", lang) if isinstance(s, str) else t("clusters.none_yet", lang)
        )
    table["illustrative_label"] = [
        t("common.yes", lang) if i and c else (t("common.no", lang) if c else "—")
        for i, c in zip(ill, has_cluster, strict=True)
    ]
    columns: list[tuple[str, str, Fmt | None]] = [
        (pname, "col.province", None),
        (dname, "col.district", None),
        ("kind_label", "col.kind", None),
        ("stage_label", "col.stage_reached", None),
        ("cluster_names", "col.cluster_names", None),
        ("area_ha", "col.area_ha", fmt.number1),
    ]
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
            sec.blocks.append(
                Paragraph(
                    names,
                    "bullet",
                    bold_lead=b.tr("report.without_lead", province=prov[name], year=f.year_to),
                )
            )


def _cluster_summary(districts: pd.DataFrame, without: pd.DataFrame, lang: str) -> pd.DataFrame:
    pname = _col("province_name", lang)
    total = districts.groupby(["province_code", pname], sort=False).size().rename("districts_total")
    missing = without.groupby("province_code").size()
    out = total.reset_index()
    out["with_cluster"] = out["districts_total"] - out["province_code"].map(missing).fillna(0)
    return out


# ---- comparison -----------------------------------------------------------------------------


def _compare(b: _Builder, published: pd.DataFrame, fund_names: dict[str, str]) -> None:
    lang, f = b.lang, b.f
    d = pagedata.compare(f)
    kpis, aligned, periods = d["kpis"], d["aligned"], d["periods"]
    name = _col("name", lang)
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
            match = _published_rows(reported, code, str(k["metric"]), k["fund_code"])
            have[str(prov[name])] = not match.empty and not fmt.is_missing(match.iloc[0]["value"])
            line[code] = _published_for(reported, code, str(k["metric"]), k["fund_code"], lang)
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
        measures: list[tuple[str, str, Fmt]] = [
            ("trainees", "measure.trainees", fmt.integer),
            ("new_jobs", "measure.new_jobs", fmt.integer),
            ("jobs_per_trainee", "measure.jobs_per_trainee", fmt.per_hundred),
            ("budget_million_vnd", "measure.budget", fmt.million_vnd),
            ("budget_per_trainee_million_vnd", "measure.budget_per_trainee", lambda v, lg: fmt.million_vnd(v, lg, 2)),
            ("districts_count", "measure.districts", fmt.integer),
            ("trainees_per_district", "measure.trainees_per_district", fmt.number1),
            ("budget_million_vnd_per_district", "measure.budget_per_district", fmt.million_vnd),
            ("districts_with_cluster", "measure.districts_with_cluster", fmt.integer),
            ("share_pct", "measure.districts_with_cluster_pct", fmt.percent),
        ]
        for col, key, _ in measures:
            have_col = aligned[col].notna()
            if have_col.any() and not have_col.all():
                for _, row in aligned[~have_col].iterrows():
                    notes.append(t("compare.missing_side", lang, province=row[name], measure=t(key, lang)))
    for note in notes:
        sec.blocks.append(Paragraph(note, "warning"))

    codes = [str(c) for c in kpis["province_code"]]
    names = [str(n) for n in kpis[name]]
    if show_records:
        frame = pd.DataFrame({"measure": [t(k, lang) for _, k, _ in measures]})
        for _, row in aligned.iterrows():
            frame[str(row["province_code"])] = [formatter(row[col], lang) for col, _, formatter in measures]
        sec.blocks.append(
            _wide_table(
                b,
                b.tr("report.t_compare", years=fmt.year_range(f.year_from, f.year_to)),
                frame,
                codes,
                names,
                source=_records_source(b, kpis, "") + " " + t("compare.districts_note", lang, year=f.year_to),
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
    b: _Builder,
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


# ---- header, closing ------------------------------------------------------------------------


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


def _today_vn() -> datetime.date:
    return datetime.datetime.now(fmt.VIETNAM_TIME).date()


def place_date(place: str, day: datetime.date, lang: str) -> str:
    """ "<tỉnh>, ngày 25 tháng 11 năm 2026" / "<province>, 25 November 2026": the place-date line.
    Decree 30/2020 writes a day under 10 and the months 1 and 2 with a leading zero ("ngày 05
    tháng 02", "ngày 25 tháng 3"), so a date cannot be altered by adding a digit."""
    if lang == "en":
        return f"{place}, {day.day} {day.strftime('%B')} {day.year}"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def file_stem(f: Filters, mode: str, province_count: int = 0) -> str:
    """bao-cao-khuyen-cong-11-2007-2012(-cong-bo): the provinces (all: their count), years, mode."""
    codes = f.provinces
    scope = "-".join(codes) if codes and len(codes) <= 4 else f"{len(codes) or province_count}-tinh"
    return f"bao-cao-khuyen-cong-{scope}-{f.year_from}-{f.year_to}" + ("-cong-bo" if mode == "published" else "")


def build(
    f: Filters,
    lang: str = "vi",
    mode: Mode = "all",
    today: datetime.date | None = None,
    issuer: Issuer | None = None,
) -> Report:
    """The whole report for filters `f`, in `lang`, obeying the data `mode`, issued by `issuer`
    (default: the province's Sở Công Thương for one province, none for several)."""
    if mode not in ("all", "published"):
        raise ValueError(f"unknown mode {mode!r}")
    lang = "en" if lang == "en" else "vi"
    all_provinces = data.provinces()
    known = all_provinces[all_provinces["has_data"]]  # "every province": those anything is known of
    codes = f.provinces or tuple(str(c) for c in known["province_code"])
    f = f.with_(provinces=codes)
    provinces = all_provinces[all_provinces["province_code"].isin(codes)].reset_index(drop=True)
    colors = charts.province_colors(all_provinces)
    many = len(provinces) > MANY_PROVINCES
    b = _Builder(f, lang, mode)
    sources = pagedata.sources(tuple(codes))
    title_col = _col("cited_title", lang)
    if title_col in sources.columns:
        b.titles = {
            str(r["source_file"]): str(r[title_col])
            for _, r in sources.iterrows()
            if isinstance(r[title_col], str) and r[title_col].strip()
        }
    body_col = _col("issuing_body", lang)
    if body_col in sources.columns:
        b.issuers = {
            str(r["source_file"]): _issuing_body(r[body_col])
            for _, r in sources.iterrows()
            if _issuing_body(r[body_col])
        }

    overview = pagedata.overview(f)
    kpis, published, recon = overview["kpis"], overview["published"], overview["reconciliation"]
    funds = overview["funds"]
    fund_names = dict(zip(funds["fund_code"].astype(str), funds[_col("short", lang)], strict=True))
    version = {str(k): v for k, v in pagedata.filter_options()["version"].iloc[0].to_dict().items()}
    dataset = t(
        "source.dataset",
        lang,
        label=version.get(_col("label", lang)) or version.get("id") or "",
        date=fmt.date(version.get("created_at"), lang),
    )

    _scope(b, provinces, kpis, version)
    _published(b, provinces, published, recon)
    _results(b, kpis, published, colors, dataset, many, fund_names)
    _clusters(b, provinces, published, colors, dataset, many)
    if 2 <= len(provinces) <= MANY_PROVINCES:
        _compare(b, published, fund_names)
    elif many:
        sec = b.section("report.s_compare")
        sec.blocks.append(Paragraph(b.tr("report.compare_many", n=len(provinces), max=MANY_PROVINCES), "note"))
    closing = b.section("report.s_closing")
    closing.blocks.append(Paragraph(b.tr("report.closing_missing")))
    if mode == "all" and int(kpis["illustrative_count"].sum() if not kpis.empty else 0) > 0:
        closing.blocks.append(Paragraph(b.tr("report.closing_illustrative")))
    closing.blocks.append(Paragraph(b.tr("report.closing_sources")))

    pname = str(provinces.iloc[0][_col("name", lang)]) if len(provinces) == 1 else ""
    years = fmt.year_range(f.year_from, f.year_to)
    day = today or _today_vn()
    if pname:
        title_scope = b.tr("report.subtitle_one", province=pname, years=years)
        if issuer is None:
            issuer = Issuer(
                name=b.tr("report.issuer_province"),
                abbr=b.tr("report.issuer_abbr_province"),
                parent=b.tr("report.issuer_parent_province", province=pname.upper() if lang == "vi" else pname),
                place=pname,
                author=b.tr("report.author_province", province=pname),
            )
    else:
        names = ", ".join(str(x) for x in provinces[_col("name", lang)]) if not many else ""
        title_scope = (
            b.tr("report.subtitle_many", provinces=names, years=years)
            if not many
            else b.tr("report.subtitle_country", n=len(provinces), years=years)
        )
    recipients: list[str] = []
    if issuer is not None:
        # no "Như trên": a report has no "Kính gửi" line for it to refer to
        recipients += [b.tr("report.recipient_province", province=str(n)) for n in provinces[_col("name", lang)][:4]]
        if len(provinces) > 4:
            recipients.append(b.tr("report.recipient_other_provinces"))
        recipients.append(b.tr("report.recipient_archive"))
    illustrative_numbers = mode == "all" and (
        int(kpis["illustrative_count"].sum() if not kpis.empty else 0) > 0
        or any(isinstance(blk, Table | Chart) and blk.illustrative for s in b.sections for blk in s.blocks)
    )
    return printable(
        Report(
            lang=lang,
            mode=mode,
            filters=f,
            letterhead=issuer is not None,
            issuer_parent=issuer.parent if issuer else "",
            issuer=issuer.name if issuer else "",
            number_line=b.tr("report.number_line", kind=b.tr("report.doc_kind"), abbr=issuer.abbr) if issuer else "",
            draft_mark=b.tr("report.draft_mark") if illustrative_numbers else "",
            motto_country=b.tr("report.motto_country"),
            motto_words=b.tr("report.motto_words"),
            place_date=place_date(issuer.place or b.tr("report.place_ministry"), day, lang) if issuer else "",
            title=b.tr("report.title") if issuer else b.tr("report.title_summary"),
            subtitle=title_scope,
            sections=b.sections,
            recipients_title=b.tr("report.recipients_title") if issuer else "",
            recipients=recipients,
            signer_title=(issuer.signer_title or b.tr("report.signer_title")) if issuer else "",
            signer_name=b.tr("report.signer_name") if issuer else "",
            author=(issuer.author or issuer.name) if issuer else t("app.title", lang),
            created=day,
            file_stem=file_stem(f, mode, len(all_provinces)),
            generated_note=b.tr(
                "report.generated_note",
                date=fmt.date(day.isoformat(), lang),
                mode=b.tr(f"report.mode_{mode}_short"),
            ),
        )
    )


def printable(report: Report) -> Report:
    """`report` with every text a Word file can hold: data text may carry control characters
    (Word's XML refuses them, a PDF prints boxes), dropped here once for both writers."""
    clean = safe.printable_text

    def block(blk: Block) -> Block:
        if isinstance(blk, Paragraph):
            return dataclasses.replace(blk, text=clean(blk.text), bold_lead=clean(blk.bold_lead))
        if isinstance(blk, Table):
            return dataclasses.replace(
                blk,
                caption=clean(blk.caption),
                header=[clean(h) for h in blk.header],
                rows=[[clean(c) for c in row] for row in blk.rows],
                source=clean(blk.source),
                note=clean(blk.note),
            )
        return dataclasses.replace(blk, caption=clean(blk.caption), source=clean(blk.source), alt=clean(blk.alt))

    texts: dict[str, Any] = {
        f.name: clean(getattr(report, f.name))
        for f in dataclasses.fields(report)
        if isinstance(getattr(report, f.name), str)
    }
    sections = [Section(clean(s.heading), [block(b) for b in s.blocks], s.level) for s in report.sections]
    return dataclasses.replace(report, **texts, sections=sections, recipients=[clean(r) for r in report.recipients])


def blocks_text(report: Report) -> list[str]:
    """Every text of the report in reading order (for tests and for a plain-text check)."""
    out: list[str] = []
    for s in report.sections:
        out.append(s.heading)
        for blk in s.blocks:
            out.extend(_block_text(blk))
    return out


def _block_text(blk: Block) -> list[str]:
    if isinstance(blk, Paragraph):
        return [blk.bold_lead + blk.text]
    if isinstance(blk, Table):
        return [blk.caption, *blk.header, *(c for r in blk.rows for c in r), blk.note, blk.source]
    return [blk.caption, blk.source]
