"""Which data version a viewer sees: the latest, or an earlier snapshot a link names, "as
published on a date", so a link quoted in a report opens the numbers it quoted after later imports.

    snapshot=12           snapshot number 12
    asof_date=2026-11-30  the last snapshot made on or before 30 November 2026

(`asof` is the clusters page's year: not this.) The choice is read from the URL on the session's
first run, kept in the session (and written back to the URL on every run, as a page switch
clears it) until "show the latest" drops it. A value that names no snapshot is a message in the
reader's language, and the latest is shown. The data layer reads the choice through
`kcdash.data.set_session_lookup`, so every query of the run, fragments included, reads that
snapshot; work done when a button is clicked (downloads, the report) carries it with `keep`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from kcdash import data, fmt, pagedata
from kcdash.i18n import t
from kcdash.safe import md_escape

NUMBER_PARAM = "snapshot"
DATE_PARAM = "asof_date"
CHOSEN_KEY = "_kc_snapshot"
"""Session key: `Chosen` for the snapshot parameters of the URL (absent: the latest, nothing asked)."""

_NUMBER = re.compile(r"[0-9]{1,12}")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
T = TypeVar("T")


@dataclass(frozen=True)
class Chosen:
    """What the URL asked for and what it gave: a snapshot number, or a message and the latest."""

    param: str  # NUMBER_PARAM or DATE_PARAM
    value: str  # as written in the URL
    number: int | None  # the snapshot shown (None: the latest, for a value naming none)
    problem: str | None  # message key of a value naming no snapshot
    problem_value: str = ""


def _resolve(param: str, value: str, lang: str) -> Chosen:
    """The snapshot `value` of URL parameter `param` names, or the message saying why none."""
    if param == NUMBER_PARAM:
        if not _NUMBER.fullmatch(value):
            return Chosen(param, value, None, "snapshot.bad_number", value)
        try:
            return Chosen(param, value, data.resolve_snapshot(number=int(value)), None)
        except data.UnknownSnapshot:
            return Chosen(param, value, None, "snapshot.no_such_number", value)
    try:
        day = date.fromisoformat(value) if _DATE.fullmatch(value) else None
    except ValueError:
        day = None
    if day is None:
        return Chosen(param, value, None, "snapshot.bad_date", value)
    try:
        return Chosen(param, value, data.resolve_snapshot(on=day), None)
    except data.UnknownSnapshot:
        return Chosen(param, value, None, "snapshot.before_first", fmt.date(day.isoformat(), lang))


def _session_snapshot() -> int | None:
    """The snapshot this session shows (None: the latest); read by the data layer."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None  # not a page's run (a command, a download made when clicked): the latest
    chosen = st.session_state.get(CHOSEN_KEY)
    return chosen.number if isinstance(chosen, Chosen) else None


def choose(lang: str) -> None:
    """Start of app.py's run: read the snapshot parameters (the URL's on a session's first run or
    a changed link, else the session's), keep the choice in the session and the URL, and point
    the data layer at it."""
    data.set_session_lookup(_session_snapshot)
    chosen = st.session_state.get(CHOSEN_KEY)
    for param in (NUMBER_PARAM, DATE_PARAM):
        given = st.query_params.get_all(param)
        if given:
            value = given[-1]
            if not isinstance(chosen, Chosen) or (chosen.param, chosen.value) != (param, value):
                chosen = _resolve(param, value, lang)
            break
    else:  # none in the URL: a page switch cleared it, or nothing was asked
        if isinstance(chosen, Chosen):
            st.query_params[chosen.param] = chosen.value
    if isinstance(chosen, Chosen):
        st.session_state[CHOSEN_KEY] = chosen


def _back_to_latest() -> None:
    st.session_state.pop(CHOSEN_KEY, None)
    for param in (NUMBER_PARAM, DATE_PARAM):
        if param in st.query_params:
            del st.query_params[param]


def label(version: pagedata.DataVersion, lang: str) -> str:
    """The version line as Markdown ("Số liệu: phiên bản 14, ngày 30/11/2026")."""
    return md_escape(pagedata.version_label(version, lang))  # a label may name an uploaded file


def shown_label(lang: str) -> str:
    """The version line of the data this run shows, as Markdown."""
    return label(pagedata.data_version(), lang)


def notice(lang: str) -> None:
    """Under a page's title: a value naming no snapshot (the latest is shown), or, when an earlier
    snapshot is shown, a banner saying so with one click back to the latest."""
    chosen = st.session_state.get(CHOSEN_KEY)
    if not isinstance(chosen, Chosen):
        return
    if chosen.problem is not None:
        st.warning(md_escape(t(chosen.problem, lang, value=chosen.problem_value, date=chosen.problem_value)))
        return
    latest = data.latest_version_id()
    if chosen.number is None or str(chosen.number) == latest:
        return
    with st.container(border=True, key="snapshot-banner"):
        st.warning(
            md_escape(
                t("snapshot.older", lang, label=pagedata.version_label(pagedata.data_version(), lang), latest=latest)
            ),
            icon=":material/history:",
        )
        st.button(t("snapshot.back", lang), key="snapshot-back", on_click=_back_to_latest, icon=":material/update:")


def keep(make: Callable[[], T]) -> Callable[[], T]:
    """`make`, run later (a download made when clicked) on the snapshot this run shows."""
    return functools.partial(_run_on, data.shown_snapshot(), make)


def _run_on(snapshot: int | None, make: Callable[[], T]) -> T:
    with data.showing(snapshot):
        return make()
