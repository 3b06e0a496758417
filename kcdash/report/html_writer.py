"""The report as one self-contained HTML page (inline CSS and SVG charts), laid out for A4 print.

Form after Decree 30/2020/NĐ-CP (Appendix I): A4, margins top/bottom 20 mm, left 30 mm, right
15 mm; Times New Roman 13–14 pt (Liberation Serif, metric-compatible, where Times is absent);
issuing body and national motto side by side; number and place-date line; title; sections;
"Nơi nhận" and signature block; page numbers at the top centre from page 2. Sizes as in the
Word file (kcdash.report.docx_writer): quốc hiệu 12 pt, tiêu ngữ 13 pt, issuing body 12 pt.
Each rule sits in a box as wide as the line above it, so its length is a share of that line:
the tiêu ngữ's all of it, the issuing body's and the trích yếu's 2/5 (Appendix I: 1/3 to 1/2).
"""

from __future__ import annotations

import html
import re

from kcdash.report.browser import ChartImages
from kcdash.report.model import Chart, Paragraph, Report, Table

FONT_STACK = "'Times New Roman', 'Liberation Serif', 'Tinos', serif"

CSS = """
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
  @top-center { content: counter(page); font-family: FONTS; font-size: 13pt; } }
@page :first { @top-center { content: none; } }
html { font-family: FONTS; font-size: 13pt; line-height: 1.3; color: #000; }
/* administrative text is black: the illustrative marks are words, not colours */
body { margin: 0; }
p { margin: 0 0 6pt 0; text-align: justify; text-indent: 1cm; }
p.bullet { text-indent: 0; padding-left: 1cm; }
p.quote { text-indent: 0; padding-left: 1.5cm; font-style: italic; }
p.note { text-indent: 0; font-size: 12pt; font-style: italic; }
p.source { text-indent: 0; padding-left: 1.5cm; font-size: 11pt; font-style: italic; }
p.warning { text-indent: 0; }
.head { width: 100%; border-collapse: collapse; margin-bottom: 12pt; }
.head td { vertical-align: top; text-align: center; padding: 0; border: none; font-size: 13pt; }
.head .left { width: 42%; }
.head .issuer-parent { font-size: 12pt; text-transform: uppercase; }
.head .issuer { font-weight: bold; font-size: 12pt; text-transform: uppercase; }
.head .motto-country { font-weight: bold; font-size: 12pt; }
.head .motto-words { font-weight: bold; font-size: 13pt; }
.ruled { display: inline-block; }
.rule { margin: 1pt auto 6pt auto; border-top: 0.8pt solid #000; height: 0; }
.rule.short { width: 40%; }
.rule.full { width: 100%; }
.draft { display: inline-block; margin-top: 4pt; padding: 1pt 6pt; border: 1pt solid #000; font-weight: bold; }
.summary-draft { text-align: center; text-indent: 0; font-weight: bold; }
.head .place-date { font-style: italic; }
.head .number { white-space: pre; }
h1.title { text-align: center; font-size: 14pt; margin: 12pt 0 0 0; }
p.subtitle { text-align: center; font-weight: bold; font-size: 14pt; text-indent: 0; margin: 2pt 0 0 0; }
.nowrap { white-space: nowrap; }
.title-block { text-align: center; margin: 2pt 0 14pt 0; }
.title-block .rule { margin-top: 4pt; }
h2 { font-size: 13pt; margin: 12pt 0 6pt 0; break-after: avoid; }
h3 { font-size: 13pt; margin: 10pt 0 6pt 0; font-style: italic; break-after: avoid; }
table.data { width: 100%; border-collapse: collapse; margin: 4pt 0 2pt 0; font-size: 11pt; line-height: 1.2; }
table.data th, table.data td { border: 0.6pt solid #000; padding: 2pt 4pt; vertical-align: top; }
table.data th { font-weight: bold; text-align: center; background: #f0f0f0; }
table.data td.num { text-align: right; white-space: nowrap; }
table.data thead { display: table-header-group; }
table.data tr { break-inside: avoid; }
.caption { text-align: center; font-weight: bold; font-size: 12pt; text-indent: 0; margin: 10pt 0 2pt 0;
  break-after: avoid; }
.tsource { font-size: 11pt; font-style: italic; text-indent: 0; margin: 2pt 0 4pt 0; }
.table-note { font-size: 11pt; font-style: italic; text-indent: 0; margin: 0 0 8pt 0; }
figure { margin: 6pt 0 4pt 0; break-inside: avoid; text-align: center; }
figure svg { width: 100%; height: auto; }
.closing { width: 100%; border-collapse: collapse; margin-top: 18pt; break-inside: avoid; }
.closing td { vertical-align: top; border: none; padding: 0; }
.closing .recipients { width: 50%; font-size: 11pt; }
.closing .recipients .title { font-weight: bold; font-style: italic; font-size: 12pt; }
.closing .signer { text-align: center; font-weight: bold; }
.closing .signer-name { text-align: center; font-weight: bold; margin-top: 72pt; }
.generated { font-size: 10pt; font-style: italic; margin-top: 40pt; text-indent: 0; }
""".replace("FONTS", FONT_STACK)


_UNIT_GAP = re.compile(r"(\d|triệu|million|billion|tỷ) (?=(?:người|triệu|tỷ|đồng|people|million|billion|VND)\b)")
"""Spaces that must not break a line: "3.530 người", "6.788,9 triệu đồng" stay on one line."""


def _e(text: object) -> str:
    return _UNIT_GAP.sub("\\1\u00a0", html.escape(str(text), quote=True))


_YEARS = re.compile(r"\d{4}–\d{4}")


def _unbroken_years(escaped: str) -> str:
    """A period such as 2007–2013 kept on one line (a title does not break after the dash)."""
    return _YEARS.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', escaped)


_SVG_SIZE = re.compile(r'<svg([^>]*?)\swidth="(\d+(?:\.\d+)?)"\s+height="(\d+(?:\.\d+)?)"')


def scalable_svg(svg: str) -> str:
    """Plotly's SVG has a fixed pixel size; give it a viewBox so it scales to the column width."""
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    match = _SVG_SIZE.search(svg)
    if match and "viewBox" not in svg[: svg.find(">")]:
        w, h = match.group(2), match.group(3)
        svg = svg.replace(match.group(0), f'<svg{match.group(1)} viewBox="0 0 {w} {h}" width="{w}" height="{h}"', 1)
    return svg


def _paragraph(p: Paragraph) -> str:
    lead = f"<b>{_e(p.bold_lead)}</b>" if p.bold_lead else ""
    bullet = "– " if p.kind == "bullet" else ""
    return f'<p class="{p.kind}">{bullet}{lead}{_e(p.text)}</p>'


def _table(tb: Table) -> str:
    cols = ""
    if tb.widths and len(tb.widths) == len(tb.header):
        total = sum(tb.widths)
        cols = "<colgroup>" + "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in tb.widths) + "</colgroup>"
    head = "".join(f"<th>{_e(h)}</th>" for h in tb.header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{"num" if num else "text"}">{_e(cell)}</td>' for cell, num in zip(row, tb.numeric, strict=True)
        )
        + "</tr>"
        for row in tb.rows
    )
    note = f'<p class="table-note">{_e(tb.note)}</p>' if tb.note else ""
    return (
        f'<p class="caption">{_e(tb.caption)}</p>'
        f'<table class="data">{cols}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
        f'<p class="tsource">{_e(tb.source)}</p>{note}'
    )


def _chart(chart: Chart, image: ChartImages | None) -> str:
    svg = scalable_svg(image.svg) if image is not None and image.svg else ""
    return (
        f'<figure role="img" aria-label="{_e(chart.alt)}">{svg}</figure>'
        f'<p class="caption">{_e(chart.caption)}</p><p class="tsource">{_e(chart.source)}</p>'
    )


def render_html(report: Report, images: list[ChartImages] | None = None) -> str:
    """The report as HTML; `images` are the charts' renderings in `report.charts()` order."""
    images = images or []
    chart_index = 0
    parts: list[str] = []
    for section in report.sections:
        tag = "h2" if section.level == 1 else "h3"
        parts.append(f"<{tag}>{_e(section.heading)}</{tag}>")
        for block in section.blocks:
            if isinstance(block, Paragraph):
                parts.append(_paragraph(block))
            elif isinstance(block, Table):
                parts.append(_table(block))
            else:
                image = images[chart_index] if chart_index < len(images) else None
                chart_index += 1
                parts.append(_chart(block, image))
    draft = f'<div class="draft">{_e(report.draft_mark)}</div>' if report.draft_mark else ""
    if report.letterhead:
        parent = f'<div class="issuer-parent">{_e(report.issuer_parent)}</div>' if report.issuer_parent else ""
        head = (
            '<table class="head"><tr>'
            f'<td class="left">{parent}<div class="ruled"><div class="issuer">{_e(report.issuer)}</div>'
            '<div class="rule short"></div></div>'
            f'<div class="number">{_e(report.number_line)}</div>{draft}</td>'
            f'<td class="right"><div class="motto-country">{_e(report.motto_country)}</div>'
            f'<div class="ruled"><div class="motto-words">{_e(report.motto_words)}</div><div class="rule full"></div></div>'
            f'<div class="place-date">{_e(report.place_date)}</div></td>'
            "</tr></table>"
        )
        recipients = "<br>".join(_e(r) for r in report.recipients)
        closing = (
            '<table class="closing"><tr>'
            f'<td class="recipients"><div class="title">{_e(report.recipients_title)}</div>{recipients}</td>'
            f'<td class="signer">{_e(report.signer_title)}<div class="signer-name">{_e(report.signer_name)}</div></td>'
            "</tr></table>"
        )
    else:  # a summary: no issuing body, number, Nơi nhận or signature
        head = f'<p class="summary-draft">{_e(report.draft_mark)}</p>' if report.draft_mark else ""
        closing = ""
    return (
        f'<!DOCTYPE html><html lang="{_e(report.lang)}"><head><meta charset="utf-8">'
        f"<title>{_e(report.title)} — {_e(report.subtitle)}</title><style>{CSS}</style></head><body>"
        f'{head}<h1 class="title">{_e(report.title)}</h1><div class="title-block"><div class="ruled">'
        f'<p class="subtitle">{_unbroken_years(_e(report.subtitle))}</p><div class="rule short"></div></div></div>'
        f"{''.join(parts)}{closing}"
        f'<p class="generated">{_e(report.generated_note)}</p></body></html>'
    )
