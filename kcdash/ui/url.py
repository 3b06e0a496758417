"""Choice widgets that show names but keep codes in the URL, and the URL kept in step with them.

`bind="query-params"` would put a widget's displayed text (names, different in each language)
into shared links; here the codes are written instead, and a page's own control leaves the URL
when the page is left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from kcdash.i18n import LANGS, t

_WIDGETS: dict[str, Callable[..., Any]] = {
    "multiselect": st.multiselect,
    "segmented_control": st.segmented_control,
    "selectbox": st.selectbox,
    "pills": st.pills,
}


def language_switch() -> str:
    """The Vietnamese/English switch at the top of the sidebar, bound to the URL (`?lang=en`);
    returns the chosen language code (Vietnamese when the URL says anything else)."""
    with st.sidebar:
        return one_of(
            t("filter.language", "vi"),
            list(LANGS),
            key="lang",
            default="vi",
            format_func=lambda code: t("lang.self", code),
        )


URL_KEYS_RUN = "_kc_url_keys_run"
"""Session key: the coded widgets' keys drawn in this run (see `drop_stale_url_params`)."""
URL_KEYS_LAST = "_kc_url_keys_last"
"""Session key: the coded widgets' keys drawn in the last full run."""


def begin_url_run() -> None:
    """Start of a full run of app.py: no coded widget drawn yet."""
    st.session_state[URL_KEYS_RUN] = set()


def drop_stale_url_params() -> None:
    """End of a full run: the parameter of a coded widget drawn last run but not in this one (a
    page's own control after a switch to another page, or a page that stopped before it) leaves
    the URL, as a bound widget's parameter does when the widget goes. A parameter no widget has
    read yet stays (a shared link to a page whose control is drawn after the first page)."""
    drawn = set(st.session_state.get(URL_KEYS_RUN, set()))
    for key in sorted(set(st.session_state.get(URL_KEYS_LAST, set())) - drawn):
        if key in st.query_params:
            del st.query_params[key]
    st.session_state[URL_KEYS_LAST] = drawn


def run_navigation(navigation: Any) -> None:
    """Run the chosen page; afterwards (also after the page's st.stop() or st.rerun()), the
    parameters of coded widgets this run did not draw leave the URL (`drop_stale_url_params`).
    The entry script calls `begin_url_run` before its first coded widget."""
    try:
        navigation.run()
    finally:
        drop_stale_url_params()


def _url_value(key: str, options: list[str], default: Any, multi: bool, max_selections: int | None) -> Any:
    """The value the URL asks for (`?prov=11&prov=95`, `?lang=en`), checked against `options`:
    unknown codes are left out; `?prov=` (empty) is an empty choice; nothing valid is the default."""
    if key not in st.query_params:
        return list(default) if multi else default
    given = st.query_params.get_all(key)
    if multi:
        chosen = list(dict.fromkeys(v for v in given if v in options))
        if not chosen and any(v != "" for v in given):
            return list(default)  # only unknown codes: a stale link, not a wish for nothing
        return chosen[:max_selections] if max_selections else chosen
    value = given[-1] if given else None
    return value if value in options else default


def _write_url(key: str, value: Any, default: Any, multi: bool) -> None:
    """Put the chosen code(s) into the URL; a value at its default leaves it out."""
    if multi:
        codes = [str(v) for v in value or []]
        at_default = sorted(codes) == sorted(str(v) for v in default)
        wanted = [] if at_default else (codes or [""])  # `?prov=`: nothing chosen
    else:
        wanted = [] if value is None or value == default else [str(value)]
    if st.query_params.get_all(key) == wanted:
        return
    if not wanted:
        del st.query_params[key]
    else:
        st.query_params[key] = wanted if len(wanted) > 1 else wanted[0]


def coded_widget(
    kind: str,
    label: str,
    options: list[str],
    *,
    key: str,
    default: Any,
    format_func: Callable[[str], str],
    **kwargs: Any,
) -> Any:
    """A choice widget that shows names but keeps codes in the URL under `key`.

    `bind="query-params"` would write a widget's *displayed* option text into the URL, that is
    names, different in each language and changed by any data fix, into shared links. Here the
    widget's options are the codes (shown through `format_func`), its first value comes from
    the URL, and every run writes its codes back (`?prov=11&prov=95`, `?lang=en`; left out at
    the default). One widget per filter: a hidden bound twin per widget slowed the browser on
    every filter change (bench/NOTES.md). Returns the chosen code(s); codes no
    longer among `options` (a district of a province no longer chosen) are dropped.
    """
    multi = kind == "multiselect" or kwargs.get("selection_mode") == "multi"
    if key in st.session_state:  # the widget's own value from the last run, still valid?
        current = st.session_state[key]
        wanted = [v for v in current or [] if v in options] if multi else (current if current in options else default)
        if wanted != current:
            st.session_state[key] = wanted
    else:  # first run of the session, or of the page that has this control: the URL
        st.session_state[key] = _url_value(key, options, default, multi, kwargs.get("max_selections"))
    if kind == "selectbox":
        kwargs.setdefault("index", None)  # the value comes from session state
    value = _WIDGETS[kind](label, options, key=key, format_func=format_func, **kwargs)
    _write_url(key, value, default, multi)
    st.session_state.setdefault(URL_KEYS_RUN, set()).add(key)
    return value


def one_of(
    label: str, codes: list[str], *, key: str, default: str, format_func: Callable[[str], str], **kwargs: Any
) -> str:
    """A segmented control of `codes` shown by name, one always chosen, its code in the URL as
    `key`: returns one of `codes` (`default` when the link names none of them)."""
    chosen = coded_widget(
        "segmented_control", label, codes, key=key, default=default, format_func=format_func, required=True, **kwargs
    )
    return chosen if chosen in codes else default
