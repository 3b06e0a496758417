"""Khuyến công dashboard: the `st.navigation` entry point and the shared filters.

Run with `make run`. The filters live here, in the sidebar, so they keep their value on every
page, and each is kept in the URL (the widget key is the parameter), so a link copied from the
address bar reproduces the view on any page — also as the very first request after the server
starts (see `kcdash.ui.context.ensure_entrypoint`). A parameter at its default value is left out of the
URL. Values are codes from the data, the same in both languages (`kcdash.ui.url.coded_widget` reads
and writes the codes while the widgets show names; the year slider is `bind="query-params"`):

    lang    language: en (absent: vi, Vietnamese)
    prov    province codes, repeated: ?prov=11&prov=95 (absent: all provinces)
    focus   focus provinces, highlighted on maps and rankings when more than 4 are chosen:
            ?focus=11&focus=95 (absent: the provinces the source reports cover)
    years   first and last year: ?years=2008&years=2012 (absent: the whole data range)
    craft   craft codes, repeated: ?craft=tea_processing (absent: every craft)
    dist    district codes of the chosen provinces, repeated: ?dist=098 (absent: every district)
    act     khuyến công content codes (Decree 45/2012, Art. 4), repeated: ?act=nd45_1 (absent: all)
    fund    fund codes, repeated: ?fund=kcqg (absent: all)
    mode    data mode: published = only published figures and real records, no illustrative
            number anywhere (absent: all)
    snapshot   an earlier data version by number, kept across pages: ?snapshot=12 (absent: the latest)
    asof_date  the data as published on a day: ?asof_date=2026-11-30, the last version made on
            or before it (absent: the latest); see kcdash.ui.snapshot

Page parameters: view (training, budget: years | parts); map (the national view's measure); stage, asof
(clusters); measure (compare); size, page (data and sources).
Pages: / (overview), /training, /budget, /clusters, /compare, /data_sources. Each URL path is
its file name in pages/ on purpose: before app.py has run once, Streamlit resolves a path by
file name, and a custom url_path would then show "page not found" to the first visitor.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

import streamlit as st

from kcdash import pagedata
from kcdash.charts import province_colors
from kcdash.i18n import t
from kcdash.pagedata import DataValidationError, Filters
from kcdash.report import ui as report_ui
from kcdash.ui import context, snapshot, styles, url

MAX_PROBLEMS_SHOWN = 50
DEFAULTS_KEY = "_kc_defaults"
SETTLED_KEY = "_kc_settled"

st.set_page_config(layout="wide", page_title="Khuyến công", page_icon=":material/factory:")
st.html(styles.page_css())


def _reset_filters() -> None:
    for key, value in st.session_state.get(DEFAULTS_KEY, {}).items():
        st.session_state[key] = value


def _narrowing(
    label: str, codes: list[str], labels: Mapping[str, str], *, key: str, lang: str, help: str | None = None
) -> tuple[str, ...]:
    """A filter that narrows the records to the chosen codes, shown by name, in the URL as `key`;
    none chosen means all. Returns the chosen codes in the order of `codes`."""
    chosen = url.coded_widget(
        "multiselect",
        label,
        codes,
        key=key,
        default=[],
        format_func=lambda c: labels.get(c, c),
        placeholder=t("filter.all", lang),
        help=help,
    )
    return tuple(c for c in codes if c in (chosen or []))


def _show_problems(err: DataValidationError, lang: str) -> None:
    st.error(t("app.data_invalid", lang, n=len(err.problems)), icon=":material/error:")
    lines = [f"- {p.message(lang)}" for p in err.problems[:MAX_PROBLEMS_SHOWN]]
    if len(err.problems) > MAX_PROBLEMS_SHOWN:
        lines.append(f"- {t('app.more_problems', lang, n=len(err.problems) - MAX_PROBLEMS_SHOWN)}")
    st.error("\n".join(lines))


url.begin_url_run()
lang = url.language_switch()
st.set_page_config(page_title=t("app.title", lang))
snapshot.choose(lang)  # the latest data, or the earlier snapshot a link names (?snapshot=12)
with st.sidebar:  # data mode: a link with mode=published cannot show an invented number
    mode = url.one_of(
        t("mode.label", lang),
        list(pagedata.MODES),
        key="mode",
        default="all",
        format_func=lambda code: t(f"mode.{code}", lang),
        help=t("mode.help", lang),
    )

try:
    with st.spinner(t("app.opening_data", lang)):  # seconds on a national extract, once per version
        pagedata.open_data()
except DataValidationError as err:  # broken data: say what is wrong, in the chosen language
    st.title(t("app.title", lang))
    _show_problems(err, lang)
    st.stop()
except Exception:  # unreachable storage, missing credentials, a damaged file: the viewer gets a
    # plain message, the operator the reason in the server log (never shown on the page)
    logging.getLogger("kcdash.app").exception(
        "the data folder %s cannot be read", os.environ.get("DATA_DIR") or "data/ (bundled)"
    )
    st.title(t("app.title", lang))
    st.error(t("app.data_unreadable", lang), icon=":material/error:")
    st.stop()

options = pagedata.filter_options()
provinces = options.provinces
province_codes = [str(c) for c in provinces["province_code"]]
# the filter lists all 63 provinces and opens on those anything is known of (records or a published figure)
province_default = [str(c) for c, known in zip(provinces["province_code"], provinces["has_data"], strict=True) if known]
year_min, year_max = options.year_min, options.year_max
focus_default = pagedata.default_focus(province_default)  # the provinces the reports cover
st.session_state[DEFAULTS_KEY] = {
    "prov": province_default,
    "years": (year_min, year_max),
    "craft": [],
    "dist": [],
    "act": [],
    "fund": [],
    "focus": focus_default,
}

labels = pagedata.filter_labels(lang)  # code -> name shown, per filter: made once per data version
province_labels, craft_labels = labels.provinces, labels.crafts
activity_labels, fund_labels, district_labels_all = labels.activity_types, labels.funds, labels.districts

with st.sidebar:
    st.header(t("filter.header", lang), divider="gray")
    chosen = url.coded_widget(
        "multiselect",
        t("filter.provinces", lang),
        province_codes,
        key="prov",
        default=province_default,
        format_func=lambda c: province_labels.get(c, c),
        placeholder=t("filter.choose_province", lang),
    )
    chosen_provinces = tuple(c for c in province_codes if c in (chosen or []))  # display order
    # a focus province is one of the chosen ones: removing a province from the scope drops it here too
    focus = url.coded_widget(
        "multiselect",
        t("filter.focus", lang),
        list(chosen_provinces),
        key="focus",
        default=[c for c in focus_default if c in chosen_provinces],
        format_func=lambda c: province_labels.get(c, c),
        placeholder=t("filter.focus_none", lang),
        max_selections=pagedata.FEW_PROVINCES,
        help=t("filter.focus_help", lang, n=pagedata.FEW_PROVINCES),
    )

    if year_min < year_max:
        year_from, year_to = st.slider(
            t("filter.years", lang),
            min_value=year_min,
            max_value=year_max,
            value=(year_min, year_max),
            step=1,
            key="years",
            bind="query-params",
        )
    else:
        year_from = year_to = year_min
        st.caption(t("filter.one_year", lang, year=year_min))

    crafts = _narrowing(t("filter.crafts", lang), list(craft_labels), craft_labels, key="craft", lang=lang)
    district_codes = [str(c) for c in pagedata.district_options(chosen_provinces)["district_code"]]
    districts = _narrowing(  # a chosen district of a province no longer chosen is dropped
        t("filter.districts", lang),
        district_codes,
        district_labels_all,
        key="dist",
        lang=lang,
        help=t("filter.districts_help", lang),
    )
    activity_types = _narrowing(
        t("filter.activity_types", lang), list(activity_labels), activity_labels, key="act", lang=lang
    )
    funds = _narrowing(t("filter.funds", lang), list(fund_labels), fund_labels, key="fund", lang=lang)
    st.button(
        t("filter.reset", lang),
        key="reset_filters",
        on_click=_reset_filters,
        icon=":material/restart_alt:",
        width="stretch",
    )

filters = Filters(
    provinces=chosen_provinces,
    year_from=int(year_from),
    year_to=int(year_to),
    crafts=crafts,
    districts=districts,
    activity_types=activity_types,
    funds=funds,
)
st.session_state[context.CTX_KEY] = context.PageContext(
    lang=lang,
    filters=filters,
    provinces=provinces[provinces["province_code"].isin(chosen_provinces)].reset_index(drop=True),
    focus=tuple(pagedata.focus_in(focus or [], chosen_provinces)),
    mode=mode,
    years_chosen=(int(year_from), int(year_to)) != (year_min, year_max),
    colors=province_colors(provinces),
    version=options.version.as_dict(),
)

with st.sidebar:
    st.caption(snapshot.label(options.version, lang))
    report_ui.export_button(filters, lang)  # Xuất báo cáo: Word/PDF for these filters

navigation = st.navigation(
    # a flat list, not {section: pages}: Streamlit draws a section header as a <div> inside the
    # nav's <ul>, which screen readers cannot read as a list (axe "list"/"listitem")
    [
        st.Page("pages/overview.py", title=t("page.overview", lang), icon=":material/dashboard:", default=True),
        st.Page("pages/training.py", title=t("page.training", lang), icon=":material/school:"),
        st.Page("pages/budget.py", title=t("page.budget", lang), icon=":material/payments:"),
        st.Page("pages/clusters.py", title=t("page.clusters", lang), icon=":material/factory:"),
        st.Page("pages/compare.py", title=t("page.compare", lang), icon=":material/compare_arrows:"),
        st.Page("pages/data_sources.py", title=t("page.data_sources", lang), icon=":material/table_view:"),
    ],
    position="sidebar",
)
if not st.session_state.get(SETTLED_KEY):
    # A session's first run computes the sidebar widgets' ids before a page is active, so they
    # differ from every later run's ids; Streamlit then treats the first change as a new widget
    # and does not write it into the URL (the filter applies, the link does not carry it).
    # One rerun now, before the page draws anything, settles the ids.
    st.session_state[SETTLED_KEY] = True
    st.rerun()

try:
    url.run_navigation(navigation)  # then a left page's own controls leave the URL
except pagedata.DamagedFile:  # found by a query, not at open: the data is now refused, so the
    st.rerun()  # rerun stops at the open with the same plain message (the reason in the server log)
