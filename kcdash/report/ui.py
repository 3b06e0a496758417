"""The "Xuất báo cáo" / "Export report" entry in the sidebar, on every page, for the current filters.

app.py calls `export_button(filters, lang)` once. The report is built only when a download
button is clicked (Streamlit calls the data callable then), so drawing the sidebar costs nothing.
"""

from __future__ import annotations

import functools

import streamlit as st

from kcdash.data import Filters
from kcdash.i18n import t

MODE_KEY = "mode"  # the URL-bound data-mode widget of app.py (issue 9): all | published
FORMAT_LABELS = {"docx": "report.download_docx", "pdf": "report.download_pdf"}
ICONS = {"docx": ":material/description:", "pdf": ":material/picture_as_pdf:"}


def current_mode(mode: str | None = None) -> str:
    """The data mode to obey: the one given, else the sidebar's; anything unknown is "all" as in app.py."""
    value = mode if mode is not None else st.session_state.get(MODE_KEY)
    return value if value in ("all", "published") else "all"


def _report_bytes(filters: Filters, lang: str, mode: str, fmt: str) -> bytes:
    from kcdash.report import make_report  # Word/PDF libraries load on the first click only

    return make_report(filters, lang, "published" if mode == "published" else "all", "pdf" if fmt == "pdf" else "docx")


def export_button(filters: Filters, lang: str, mode: str | None = None) -> None:
    """A popover with the Word and PDF downloads of the report for `filters`."""
    from kcdash.report.content import file_stem

    mode = current_mode(mode)
    with st.popover(
        t("report.button", lang),
        icon=":material/summarize:",
        help=t("report.button_help", lang),
        width="stretch",
        key="report-export",
    ):
        if not filters.provinces:
            st.caption(t("report.no_province", lang))
            return
        st.caption(t("report.preparing", lang))
        if mode == "published":
            st.caption(t("report.mode_note_published", lang))
        stem = file_stem(filters, mode)
        for kind in ("docx", "pdf"):
            st.download_button(
                t(FORMAT_LABELS[kind], lang),
                data=functools.partial(_report_bytes, filters, lang, mode, kind),
                file_name=f"{stem}.{kind}",
                mime="application/pdf"
                if kind == "pdf"
                else "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                key=f"report-download-{kind}",
                on_click="ignore",
                icon=ICONS[kind],
                width="stretch",
            )
