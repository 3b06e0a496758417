"""The province report: Word (.docx) and PDF, built from the same queries as the dashboard pages.

    from kcdash.report import make_report
    data = make_report(Filters(provinces=("11",), year_from=2007, year_to=2012), "vi", "all", "pdf")

`content.build` assembles what the report says (from `kcdash.pagedata`, charts from
`kcdash.charts`); `docx_writer` and `html_writer` + `render.html_to_pdf` lay it out.
Command line: `make report PROV=11 YEARS=2007-2012 REPORT_LANG=vi FORMAT=pdf OUT=report.pdf`.
"""

from __future__ import annotations

import datetime
import re
from typing import Literal

from kcdash.data import Filters
from kcdash.report.content import build
from kcdash.report.model import MODES, Issuer, Mode, Report

Format = Literal["docx", "pdf", "html"]
FORMATS: tuple[Format, ...] = ("docx", "pdf", "html")
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html",
}

__all__ = [
    "FORMATS",
    "MIME",
    "MODES",
    "Format",
    "Issuer",
    "Mode",
    "Report",
    "build",
    "make_report",
    "pdf_page_count",
    "render",
]


def render(report: Report, fmt: Format) -> bytes:
    """The bytes of `report` in `fmt` (charts rendered once, in the form the format needs)."""
    # python-docx and Kaleido load here, not when the dashboard imports the export button
    from kcdash.report.browser import chart_images, pdf_with_charts
    from kcdash.report.docx_writer import render_docx
    from kcdash.report.html_writer import render_html

    if fmt == "docx":
        return render_docx(report, chart_images(report.charts(), svg=False, png=True))
    if fmt == "pdf":
        return pdf_with_charts(report.charts(), lambda images: render_html(report, images))
    if fmt == "html":
        return render_html(report, chart_images(report.charts(), svg=True, png=False)).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")


def make_report(
    f: Filters, lang: str = "vi", mode: Mode = "all", fmt: Format = "pdf", today: datetime.date | None = None
) -> bytes:
    """Build and render in one call (what the export button and `make report` do)."""
    return render(build(f, lang, mode, today), fmt)


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF Chromium wrote (its page objects are not compressed into streams)."""
    return len(_PAGE.findall(pdf))
