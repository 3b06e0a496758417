"""The "Xuất báo cáo" / "Export report" entry in the sidebar, on every page, for the current filters.

app.py calls `export_button(filters, lang)` once. The report is built only when a download
button is clicked (Streamlit calls the data callable then), so drawing the sidebar costs nothing.
Every render goes through `kcdash.report.queue.QUEUE` (one Chromium at a time, one request per
viewer, identical requests share one render); a request over a limit is answered at once with a
message asking the viewer to wait, shown under the button.
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import json
import logging
from typing import TYPE_CHECKING

import streamlit as st

from kcdash import data
from kcdash.data import Filters
from kcdash.i18n import t
from kcdash.modes import Mode, is_mode
from kcdash.report.queue import QUEUE, Busy

if TYPE_CHECKING:
    from streamlit.proto.BackMsg_pb2 import BackendOperationRequest
    from streamlit.proto.ForwardMsg_pb2 import BackendOperationResponse

log = logging.getLogger("kcdash.report")

MODE_KEY = "mode"  # the URL-bound data-mode widget of app.py: all | published
FORMAT_LABELS = {"docx": "report.download_docx", "pdf": "report.download_pdf"}
ICONS = {"docx": ":material/description:", "pdf": ":material/picture_as_pdf:"}


def current_mode(mode: str | None = None) -> Mode:
    """The data mode to obey: the one given, else the sidebar's; anything unknown is "all" as in app.py."""
    value = mode if mode is not None else st.session_state.get(MODE_KEY)
    return value if is_mode(value) else "all"


class ToldToWait(Exception):
    """A report request over a limit; the message, in the viewer's language, says to wait."""


def _render(filters: Filters, lang: str, mode: Mode, fmt: str, snapshot: int | None) -> bytes:
    from kcdash.report import make_report  # Word/PDF libraries load on the first click only

    with data.showing(snapshot):  # the data version the page showed when the button was drawn
        return make_report(filters, lang, mode, "pdf" if fmt == "pdf" else "docx")


def _report_bytes(
    filters: Filters, lang: str, mode: Mode, fmt: str, session: str, version: str, snapshot: int | None
) -> bytes:
    """The report through the process's queue (`version`: the data version it is drawn from,
    `snapshot` the earlier one a link named, None for the latest)."""
    key = (filters, lang, mode, fmt, version, snapshot)
    try:
        return QUEUE.get(key, session, functools.partial(_render, filters, lang, mode, fmt, snapshot))
    except Busy as busy:
        log.info("report request told to wait (%s): %s", busy.reason, fmt)
        raise ToldToWait(t(f"report.busy_{busy.reason}", lang)) from None


def _version_key() -> str:
    version = data.data_version()
    return hashlib.sha256(json.dumps(version, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


def _session_id() -> str:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else ""


def _say_why_under_the_button(session_id: str) -> None:
    """Let this session's download buttons show `ToldToWait`'s message instead of Streamlit's
    generic "Failed to generate file for download" (Streamlit has no public way to say why)."""
    try:
        from streamlit import runtime

        info = runtime.get_instance()._session_mgr.get_session_info(session_id)
        dispatcher = info.session._backend_operation_dispatcher if info is not None else None
    except (AttributeError, RuntimeError):  # another Streamlit, or no runtime (AppTest)
        return
    if dispatcher is not None:
        dispatcher.register("deferred_file", _DeferredReport())


class _DeferredReport:
    """Streamlit's deferred-file handler, but a `ToldToWait` reaches the viewer as its message."""

    async def handle(self, request: BackendOperationRequest, session_id: str) -> BackendOperationResponse:
        from streamlit import runtime
        from streamlit.proto.ForwardMsg_pb2 import BackendOperationResponse, DeferredFileResponsePayload

        file_id = request.deferred_file.file_id
        try:
            url = await asyncio.to_thread(runtime.get_instance().media_file_mgr.execute_deferred, file_id)
        except Exception as err:
            if isinstance(err.__cause__, ToldToWait):
                return BackendOperationResponse(request_id=request.request_id, error_msg=str(err.__cause__))
            log.exception("deferred download %s failed", file_id)
            return BackendOperationResponse(
                request_id=request.request_id, error_msg="Failed to generate file for download"
            )
        return BackendOperationResponse(
            request_id=request.request_id, deferred_file=DeferredFileResponsePayload(url=url)
        )


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
        session = _session_id()
        _say_why_under_the_button(session)
        version = _version_key()
        for kind in ("docx", "pdf"):
            st.download_button(
                t(FORMAT_LABELS[kind], lang),
                data=functools.partial(
                    _report_bytes, filters, lang, mode, kind, session, version, data.shown_snapshot()
                ),
                file_name=f"{stem}.{kind}",
                mime="application/pdf"
                if kind == "pdf"
                else "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                key=f"report-download-{kind}",
                on_click="ignore",
                icon=ICONS[kind],
                width="stretch",
            )
