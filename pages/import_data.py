"""Import of officials' own extracts (data stewards only); the work is done by kcdash.importer.

Flow: choose a file → it is checked as a whole (progress shown) → the report lists every problem
(downloadable as CSV) or says what the import will replace → the steward confirms → a new data
version becomes active. Below, the versions with a rollback. Nothing the file contains is
rendered as HTML or Markdown: tables go through st.dataframe, texts are escaped.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd
import streamlit as st

from kcdash import auth, fmt, importer, store, ui
from kcdash.db import data_dir
from kcdash.i18n import t

CHECK_KEY = "import_check"  # (key of the checked upload, ImportResult)
UPLOAD_GEN_KEY = "import_upload_gen"  # bumped after an import, to empty the uploader
DONE_KEY = "import_done"  # message to show once after an import or rollback


def _lang() -> str:
    lang = st.session_state.get("lang") or st.query_params.get("lang", "vi")
    return "en" if lang == "en" else "vi"


def _plain(text: object) -> str:
    """Text shown through Markdown without being read as Markdown (file names, headers, values)."""
    return re.sub(r"([\\`*_\[\]<>#|~$])", r"\\\1", str(text))


ui.ensure_entrypoint()  # a first request for this URL still runs app.py (navigation, language)


def _safe(df: pd.DataFrame) -> pd.DataFrame:
    """A frame for st.dataframe, whose own download button must not export live formulas either."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(importer.neutralise)
    return out


lang = _lang()
st.title(t("imp.title", lang))

# defence in depth: app.py hides this page from viewers, and the page refuses them too
if not auth.is_steward():
    st.warning(t("imp.need_signin", lang), icon=":material/lock:")
    st.stop()

steward = auth.current_steward() or ""
base = data_dir()
st.caption(_plain(t("imp.signed_in_as", lang, user=steward)))

done = st.session_state.pop(DONE_KEY, None)
if done:
    st.success(_plain(done), icon=":material/check_circle:")

version = store.active_version(base)
if store.current_version_id(base) is None:
    st.info(t("imp.bundled_active", lang))
else:
    created = fmt.date_time(version.get("created_at"), lang)
    st.info(_plain(t("imp.active_version", lang, version=version.get("id"), created_at=created)))
st.write(t("imp.intro", lang))
st.write(t("imp.rule_replace", lang))

# ---- choose and check -----------------------------------------------------------------------
table_options = ["auto", *importer.IMPORTABLE]
left, right = st.columns(2)
with left:
    table_choice = st.selectbox(
        t("imp.table_label", lang),
        table_options,
        format_func=lambda v: t("imp.table_auto", lang) if v == "auto" else t(f"imp.table_{v}", lang),
        key="import_table",
    )
with right:
    sheet = st.text_input(t("imp.sheet_label", lang), key="import_sheet", max_chars=100).strip() or None

gen = st.session_state.get(UPLOAD_GEN_KEY, 0)
uploaded = st.file_uploader(
    t("imp.upload_label", lang),
    type=["csv", "txt", "tsv", "xlsx", "parquet"],
    key=f"import_file_{gen}",
    max_upload_size=max(1, importer.MAX_BYTES // (1024 * 1024)),
    help=t("imp.upload_help", lang, limit_mb=importer.MAX_BYTES // (1024 * 1024)),
)
if uploaded is None:
    st.session_state.pop(CHECK_KEY, None)
else:
    table = None if table_choice == "auto" else table_choice
    if uploaded.size > importer.MAX_BYTES:  # checked before the file is read or parsed
        st.error(
            _plain(
                t("val.where_file", lang, file=uploaded.name)
                + ": "
                + t(
                    "val.imp_too_large",
                    lang,
                    size_mb=importer.mb_text(uploaded.size),
                    limit_mb=importer.mb_text(importer.MAX_BYTES),
                )
            )
        )
        st.stop()
    content = uploaded.getvalue()
    check_key = (hashlib.sha256(content).hexdigest(), table, sheet, store.state_token(base))
    held = st.session_state.get(CHECK_KEY)
    if held is None or held[0] != check_key:
        with st.status(t("imp.checking", lang), expanded=False) as status:
            bar = st.progress(0.0)

            def progress(step: str, fraction: float) -> None:
                bar.progress(min(1.0, max(0.0, fraction)), text=t(step, lang))

            result = importer.check(
                content, uploaded.name, table=table, sheet=sheet, base=base, user=steward, progress=progress
            )
            status.update(label=t("imp.checked", lang), state="complete" if result.ok else "error")
        st.session_state[CHECK_KEY] = (check_key, result)
    else:
        result = held[1]

    for note in result.notes:
        st.caption(_plain(note.text(lang)))

    if not result.ok:
        st.error(result.summary(lang), icon=":material/error:")
        st.subheader(t("imp.report_title", lang))
        st.dataframe(_safe(result.report(lang)), hide_index=True, width="stretch")
        st.download_button(
            t("imp.download_report", lang),
            data=result.report_csv(lang),
            file_name=f"kiem_tra_{re.sub(r'[^A-Za-z0-9_.-]+', '_', uploaded.name)}.csv",
            mime="text/csv",
            icon=":material/download:",
            key="import_report_download",
        )
    else:
        st.success(result.summary(lang), icon=":material/task_alt:")
        if result.plan is not None:
            st.markdown("**" + _plain(result.plan.text(lang)) + "**")
        with st.expander(t("imp.preview", lang, n=len(result.records))):
            st.dataframe(_safe(result.records.head(200)), hide_index=True, width="stretch")
        if st.button(t("imp.confirm", lang), type="primary", key="import_confirm", icon=":material/upload:"):
            if not auth.is_steward():  # the session could have signed out in another tab
                st.stop()
            try:
                with st.spinner(t("imp.committing", lang)):
                    committed = importer.commit(
                        content, uploaded.name, table=result.table, sheet=sheet, base=base, user=steward, timeout=30
                    )
            except store.StoreBusy:
                st.error(t("imp.busy", lang))
            else:
                if committed.ok:
                    st.session_state[DONE_KEY] = t("imp.done", lang, version=committed.version)
                    st.session_state[UPLOAD_GEN_KEY] = gen + 1
                    st.session_state.pop(CHECK_KEY, None)
                    st.rerun()
                st.session_state[CHECK_KEY] = (None, committed)
                st.error(committed.summary(lang))
                st.dataframe(_safe(committed.report(lang)), hide_index=True, width="stretch")

# ---- versions and rollback ------------------------------------------------------------------
st.subheader(t("imp.versions_title", lang))
versions = store.list_versions(base)
if not versions:
    st.caption(t("imp.no_versions", lang))
else:
    rows = [
        {
            t("imp.col_version", lang): v["id"],
            t("imp.col_created_at", lang): fmt.date_time(v.get("created_at"), lang),
            t("imp.col_created_by", lang): v.get("created_by", ""),
            t("imp.col_source", lang): v.get("source_file", ""),
            t("imp.col_records", lang): ", ".join(
                f"{k}: {n}" for k, n in (v.get("rows") or {}).items() if k in importer.IMPORTABLE
            ),
            t("imp.col_active", lang): "✓" if v.get("active") else "",
        }
        for v in reversed(versions)
    ]
    st.dataframe(_safe(pd.DataFrame(rows)), hide_index=True, width="stretch")
    others = [v["id"] for v in reversed(versions) if not v.get("active")]
    if others:
        target = st.selectbox(t("imp.rollback_label", lang), others, key="rollback_target")
        if st.button(t("imp.rollback", lang), key="rollback_go", icon=":material/history:"):
            if not auth.is_steward():
                st.stop()
            try:
                store.rollback(base, target, user=steward, timeout=30)
            except store.StoreBusy:
                st.error(t("imp.busy", lang))
            except store.UnknownVersion:
                st.error(_plain(t("imp.unknown_version", lang, version=target)))
            else:
                st.session_state[DONE_KEY] = t("imp.rollback_done", lang, version=target)
                st.rerun()
