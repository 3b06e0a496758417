"""Steward console: sign in, import an extract, roll back a version (served by admin.py, `make admin`).

The public dashboard (app.py) has no import page and accepts no upload; this console offers
the import page only to a signed-in steward, a sign-out in the sidebar of every page, and the
record of sign-in lockouts. Each run tells `kcdash.auth` whether this browser session may upload
(the upload guard in kcdash/console.py asks it).
"""

from __future__ import annotations

import streamlit as st

from kcdash import auth
from kcdash.i18n import t
from kcdash.safe import md_escape
from kcdash.ui import url

SETTLED_KEY = "_kc_console_settled"

st.set_page_config(page_title="Khuyến công · quản lý dữ liệu", page_icon=":material/upload_file:")
url.begin_url_run()
lang = url.language_switch()  # in the URL (?lang=en), as on the dashboard
st.set_page_config(page_title=t("console.title", lang))

auth.register_session()
steward = auth.current_steward() if auth.is_steward() else None
if steward:
    pages = [
        st.Page("pages/import_data.py", title=t("nav.import", lang), icon=":material/upload_file:", default=True),
        st.Page("pages/figures_from_report.py", title=t("nav.figures", lang), icon=":material/find_in_page:"),
        st.Page("pages/sign_in.py", title=t("nav.account", lang), icon=":material/account_circle:"),
    ]
    with st.sidebar:
        st.caption(t("imp.signed_in_as", lang, user=md_escape(steward)))
        # a callback: it runs before the script, whichever page the click came from
        st.button(
            t("imp.signout", lang),
            key="console_sign_out",
            icon=":material/logout:",
            width="stretch",
            on_click=auth.sign_out,
        )
else:
    pages = [st.Page("pages/sign_in.py", title=t("nav.sign_in", lang), icon=":material/login:", default=True)]
navigation = st.navigation(pages, position="sidebar")
if not st.session_state.get(SETTLED_KEY):
    # as in app.py: a session's first run gives the sidebar widgets other ids than every later
    # run, so a first click (the sign-out) would be lost; one rerun now settles them
    st.session_state[SETTLED_KEY] = True
    st.rerun()

url.run_navigation(navigation)  # then a left page's own controls leave the URL
