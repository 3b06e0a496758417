"""Sign-in for data stewards (the only people who may import data); see kcdash/auth.py."""

from __future__ import annotations

import streamlit as st

from kcdash import auth, ui
from kcdash.i18n import t


def _lang() -> str:
    lang = st.session_state.get("lang") or st.query_params.get("lang", "vi")
    return "en" if lang == "en" else "vi"


ui.ensure_entrypoint()  # a first request for this URL still runs app.py (navigation, language)
lang = _lang()
st.title(t("imp.signin_title", lang))

steward = auth.current_steward()
if steward:
    st.success(t("imp.signed_in_as", lang, user=steward))
    if st.button(t("imp.signout", lang), key="sign_out"):
        auth.sign_out()
        st.rerun()
    st.stop()

st.write(t("imp.signin_intro", lang))

identity = auth.oidc_identity()
if identity:
    st.warning(t("imp.oidc_not_steward", lang, user=identity).replace("<", "\\<"))
    if st.button(t("imp.signout", lang), key="sign_out_oidc"):
        st.logout()
if auth.oidc_configured() and not identity:
    if st.button(t("imp.signin_oidc", lang), key="sign_in_oidc"):
        st.login()

if not auth.load_stewards() and not auth.oidc_configured():
    st.info(t("imp.no_stewards", lang))

with st.form("sign_in", clear_on_submit=False):
    username = st.text_input(t("imp.username", lang), key="sign_in_user", max_chars=100)
    password = st.text_input(t("imp.password", lang), type="password", key="sign_in_password", max_chars=200)
    submitted = st.form_submit_button(t("imp.signin_button", lang))

if submitted:
    if auth.sign_in(username, password):
        st.session_state.pop("sign_in_password", None)
        st.rerun()  # app.py's navigation now offers the import page
    else:
        st.error(t("imp.signin_failed", lang))
