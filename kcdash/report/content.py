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

Each section is written by a module of its own (`scope`: scope and published figures,
`results`, `clusters`, `compare`) on `builder`'s numbered tables and charts; here they are put
together with the header and the closing.
"""

from __future__ import annotations

import dataclasses
import datetime
from typing import Any

from kcdash import charts, data, fmt, pagedata, safe
from kcdash.data import Filters
from kcdash.i18n import lang_col, t
from kcdash.report.builder import (
    MANY_PROVINCES,
    Builder,
)
from kcdash.report.clusters import clusters_section
from kcdash.report.compare import compare_section
from kcdash.report.model import Block, Chart, Issuer, Mode, Paragraph, Report, Section, Table
from kcdash.report.results import results_section
from kcdash.report.scope import published_section, scope_section


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
    b = Builder(f, lang, mode)
    b.cite(pagedata.sources(tuple(codes)))

    overview = pagedata.overview(f)
    kpis, published, recon = overview.kpis, overview.published, overview.reconciliation
    funds = overview.funds
    fund_names = dict(zip(funds["fund_code"].astype(str), funds[lang_col("short", lang)], strict=True))
    version = pagedata.data_version()
    dataset = t("source.dataset", lang, label=version.label(lang), date=fmt.date(version.created_at, lang))

    scope_section(b, provinces, kpis, version)
    published_section(b, provinces, published, recon)
    results_section(b, kpis, published, colors, dataset, many, fund_names)
    clusters_section(b, provinces, published, colors, dataset, many)
    if 2 <= len(provinces) <= MANY_PROVINCES:
        compare_section(b, published, fund_names)
    elif many:
        sec = b.section("report.s_compare")
        sec.blocks.append(Paragraph(b.tr("report.compare_many", n=len(provinces), max=MANY_PROVINCES), "note"))
    closing = b.section("report.s_closing")
    closing.blocks.append(Paragraph(b.tr("report.closing_missing")))
    if mode == "all" and int(kpis["illustrative_count"].sum() if not kpis.empty else 0) > 0:
        closing.blocks.append(Paragraph(b.tr("report.closing_illustrative")))
    closing.blocks.append(Paragraph(b.tr("report.closing_sources")))

    pname = str(provinces.iloc[0][lang_col("name", lang)]) if len(provinces) == 1 else ""
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
        names = ", ".join(str(x) for x in provinces[lang_col("name", lang)]) if not many else ""
        title_scope = (
            b.tr("report.subtitle_many", provinces=names, years=years)
            if not many
            else b.tr("report.subtitle_country", n=len(provinces), years=years)
        )
    recipients: list[str] = []
    if issuer is not None:
        # no "Như trên": a report has no "Kính gửi" line for it to refer to
        recipients += [
            b.tr("report.recipient_province", province=str(n)) for n in provinces[lang_col("name", lang)][:4]
        ]
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
