"""The report's builder (numbered sections, tables and charts as the report prints them) and the
small pieces every section uses: the source of a published figure, the provinces summed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from kcdash import charts, fmt, pagedata
from kcdash.cards import cited_titles, period_text, published_value
from kcdash.data import Filters
from kcdash.i18n import lang_col, t
from kcdash.report.model import Chart, Mode, Section, Table

MANY_PROVINCES = 8
PRINT_WATERMARK = "rgba(0,0,0,0.22)"  # grey: administrative text is black, the mark stays a word
"""Above this many provinces, charts show the total and the district table one row per province."""

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII")
ALL_CODE = pagedata.ALL_CODE
"""province_code of the provinces summed (charts of many provinces), as the pages write it."""

Fmt = Callable[[Any, str], str]


def is_true(value: object) -> bool:
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
    province = row.get(lang_col("province_name", lang)) or ""
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


class Builder:
    """Collects sections and numbers the tables and charts as it goes."""

    def __init__(self, f: Filters, lang: str, mode: Mode) -> None:
        self.f, self.lang, self.mode = f, lang, mode
        self.sections: list[Section] = []
        self.tables = 0
        self.charts = 0
        self.extra_headers: dict[str, str] = {}  # headers from data (fund names), not message keys
        self.titles: dict[str, str] = {}  # source_file -> title to cite
        self.issuers: dict[str, str] = {}  # source_file -> issuing body to cite

    def cite(self, sources: pd.DataFrame) -> None:
        """The title and issuing body to cite for each source file (the data's sources table)."""
        self.titles = {file: title for file, title in cited_titles(sources, self.lang).items() if title}
        body_col = lang_col("issuing_body", self.lang)
        if body_col in sources.columns:
            self.issuers = {
                str(r["source_file"]): _issuing_body(r[body_col])
                for _, r in sources.iterrows()
                if _issuing_body(r[body_col])
            }

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


def national(df: pd.DataFrame, keys: list[str], sums: list[str], n: int) -> pd.DataFrame:
    """The rows of many provinces summed into one line per `keys` (`pagedata.together`, as the
    pages sum them), named "all n provinces" as a province and as a province's name, in the
    order of `keys`; only `keys` and `sums` are meant to be read (a ratio is recomputed after)."""
    if df.empty:
        return df
    names = (t("report.all_provinces", "vi", n=n), t("report.all_provinces", "en", n=n))
    out = pagedata.together(df, by=keys, sums=sums, names=names)
    for base in ("name", "province_name"):
        out[f"{base}_vi"], out[f"{base}_en"] = names
    return out.sort_values(keys, kind="stable", na_position="last").reset_index(drop=True)


def records_source(b: Builder, kpis: pd.DataFrame, label: str) -> str:
    total = int(kpis["activity_count"].sum()) if not kpis.empty else 0
    illustrative = int(kpis["illustrative_count"].sum()) if not kpis.empty else 0
    return b.tr(
        "source.records", n=fmt.integer(total, b.lang), illustrative=fmt.integer(illustrative, b.lang), dataset=label
    )


def published_rows(published: pd.DataFrame, code: str, metric: str, fund: object) -> pd.DataFrame:
    rows = published[(published["province_code"] == code) & (published["metric"] == metric)]
    if fmt.is_missing(fund):
        return rows[rows["fund_code"].isna()]
    return rows[rows["fund_code"] == fund]


def published_for(published: pd.DataFrame, code: str, metric: str, fund: object, lang: str) -> str:
    rows = published_rows(published, code, metric, fund)
    if rows.empty:
        return t("common.no_data", lang)
    r = rows.iloc[0]
    value = published_value(r, lang)
    period = period_text(r, lang)
    return f"{value} ({period})" if period and r["qualifier"] != "not_reported" else value


def published_by_province(published: pd.DataFrame, metric: str, lang: str) -> dict[str, str]:
    codes = published.loc[published["metric"] == metric, "province_code"].unique()
    return {str(c): published_for(published, str(c), metric, None, lang) for c in codes}
