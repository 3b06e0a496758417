"""What every page needs from the shared filters, and the start of every page.

The shared filters are drawn by `app.py` (the `st.navigation` entry point), which stores the
resulting `PageContext` in session state before it runs the page; `start_page` reads it back.
Every text comes from the message catalogue (`kcdash.i18n.t`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, cast

import pandas as pd
import streamlit as st

from kcdash.i18n import t
from kcdash.pagedata import Filters
from kcdash.ui import snapshot, status_line

CTX_KEY = "_kc_ctx"

PAGE_ILLUSTRATIVE_KEY = "_kc_page_illustrative"
"""How many illustrative records the page shows (set by `kcdash.ui.notices.illustrative_banner`):
charts get the watermark, downloads the is_illustrative flag, and in published mode neither is drawn."""


@dataclass(frozen=True)
class PageContext:
    """What every page needs from the shared filters."""

    lang: str
    filters: Filters
    provinces: pd.DataFrame  # the chosen provinces, display order, with color_hex and notes
    colors: dict[str, str] = field(default_factory=dict)
    version: dict[str, Any] = field(default_factory=dict)
    focus: tuple[str, ...] = ()  # focus provinces among the chosen, at most FEW_PROVINCES
    mode: str = "all"  # data mode: "all" | "published" (no illustrative number anywhere)
    years_chosen: bool = False  # the reader set the years (else each province shows its report's period)

    @property
    def published_only(self) -> bool:
        return self.mode == "published"

    def t(self, key: str, **params: object) -> str:
        return t(key, self.lang, **params)


def ensure_entrypoint() -> None:
    """Make sure app.py (filters, navigation) runs, also for the very first request.

    Streamlit decides once per process whether an app "uses the pages/ directory" (the old
    multipage mode): until app.py has called st.navigation, a first request for /training runs
    pages/training.py on its own, without the sidebar filters. Here the page notices that, turns
    the old mode off and reruns, so app.py runs and resolves the same page and URL.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def context() -> PageContext:
    """The page's context, as app.py stored it (the page stops when app.py did not get that far)."""
    ensure_entrypoint()
    ctx = st.session_state.get(CTX_KEY)
    if ctx is None:  # app.py stopped before the page (e.g. invalid data): nothing to show
        st.stop()
    return cast(PageContext, ctx)


def current() -> PageContext | None:
    """The context of the page being drawn, if app.py stored one."""
    return cast("PageContext | None", st.session_state.get(CTX_KEY))


def start_page(title_key: str, question_key: str) -> PageContext:
    """Page title, the question it answers, the place of the status line (filled by
    `kcdash.ui.notices.illustrative_banner`), and a stop with a message when no province is chosen."""
    ctx = context()
    st.session_state[PAGE_ILLUSTRATIVE_KEY] = 0  # set by illustrative_banner for this run
    st.title(ctx.t(title_key))
    st.caption(ctx.t(question_key))
    snapshot.notice(ctx.lang)  # an earlier snapshot shown, or a link naming none
    if not ctx.filters.provinces:
        st.info(ctx.t("empty.no_province"), icon=":material/filter_alt_off:")
        st.stop()
    status_line.reserve()  # data mode, illustrative records, the reform and province notes: one line
    return ctx


def page_illustrative() -> bool:
    """True when the current page's records include illustrative rows."""
    return int(st.session_state.get(PAGE_ILLUSTRATIVE_KEY) or 0) > 0


def set_page_illustrative(count: int) -> None:
    """How many illustrative records the page shows (see PAGE_ILLUSTRATIVE_KEY)."""
    st.session_state[PAGE_ILLUSTRATIVE_KEY] = int(count or 0)
