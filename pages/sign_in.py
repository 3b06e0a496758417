"""Sign-in for data stewards on the steward console (``make admin``); see kcdash/auth.py.

Signed in, the same page is the steward's account page: who is signed in, a sign-out, and the
record of recent sign-in lockouts (guessing is counted for every session and process at once).
"""

from __future__ import annotations

import datetime
import math

import pandas as pd
import streamlit as st

from kcdash import auth, fmt
from kcdash.i18n import t
from kcdash.safe import md_escape
from kcdash.ui import context


def _lang() -> str:
    lang = st.session_state.get("lang") or st.query_params.get("lang", "vi")
    return "en" if lang == "en" else "vi"


def _when(ts: float) -> str:
    return datetime.datetime.fromtimestamp(ts).strftime("%d/%m/%Y %H:%M:%S")


def _lockouts(lang: str) -> None:
    st.subheader(t("imp.lockouts_title", lang))
    st.caption(t("imp.lockouts_intro", lang, n=auth.LOCKOUT_AFTER, minutes=int(auth.LOCKOUT_S // 60)))
    rows = auth.lockouts()
    if not rows:
        st.caption(t("imp.no_lockouts", lang))
        return
    table = pd.DataFrame(
        {
            t("imp.col_locked_at", lang): [_when(r["at"]) for r in rows],
            t("imp.col_locked_key", lang): [str(r["key"]).split(":", 1)[-1] for r in rows],
            t("imp.col_failures", lang): [int(r["failures"]) for r in rows],
            t("imp.col_locked_until", lang): [_when(r["until"]) for r in rows],
        }
    )
    st.dataframe(fmt.neutralise_formulas(table), hide_index=True, key="lockouts")


context.ensure_entrypoint()  # a first request for this URL still runs the entry point (navigation, language)
lang = _lang()
st.title(t("imp.signin_title", lang))

steward = auth.current_steward()
if steward:
    st.success(t("imp.signed_in_as", lang, user=md_escape(steward)))
    if st.button(t("imp.signout", lang), key="sign_out", icon=":material/logout:"):
        auth.sign_out()
        st.rerun()
    _lockouts(lang)
    st.stop()

st.write(t("imp.signin_intro", lang))

identity = auth.oidc_identity()
if identity:
    st.warning(t("imp.oidc_not_steward", lang, user=md_escape(identity)))
    if st.button(t("imp.signout", lang), key="sign_out_oidc"):
        st.logout()
if auth.oidc_configured() and not identity and st.button(t("imp.signin_oidc", lang), key="sign_in_oidc"):
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
        st.rerun()  # the console's navigation now offers the import page
    result = st.session_state.get(auth.ATTEMPT_KEY)
    outcome = getattr(result, "outcome", "bad")
    wait_s = float(getattr(result, "wait_s", 0.0))
    if outcome == "locked":
        st.error(t("imp.signin_locked", lang, minutes=max(1, math.ceil(wait_s / 60))))
    elif outcome == "wait":
        st.error(t("imp.signin_wait", lang, seconds=max(1, math.ceil(wait_s))))
    elif outcome == "empty":
        st.error(t("imp.signin_empty", lang))
    else:
        st.error(t("imp.signin_failed", lang))
