"""Import of officials' own extracts (data stewards only); the work is done by kcdash.importer."""

from __future__ import annotations

import streamlit as st

from kcdash import auth
from kcdash.i18n import t


def _lang() -> str:
    lang = st.session_state.get("lang") or st.query_params.get("lang", "vi")
    return "en" if lang == "en" else "vi"


lang = _lang()
st.title(t("imp.title", lang))

# defence in depth: app.py hides this page from viewers, and the page refuses them too
if not auth.is_steward():
    st.warning(t("imp.need_signin", lang))
    st.stop()

st.caption(t("imp.signed_in_as", lang, user=auth.current_steward()))
st.write(t("imp.intro", lang))
