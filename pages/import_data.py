"""Import of officials' own extracts (data stewards only); the work is done by kcdash.importer.

Flow: choose a file → it is checked as a whole (progress shown) → the mapping step shows how each
file column and value was read (each column beside a select of contract columns or "bỏ qua",
pre-filled with the best guess, the first rows as a preview; unmatched values with suggestions to
accept; a named profile per province to save and reuse) → the report lists every problem
(downloadable as CSV) or says what the import will replace → the steward confirms → a new data
version becomes active. Below, the versions with a rollback (itself a new version: history is
never deleted), and what changed between two versions the steward chooses. Nothing the file contains is
rendered as HTML or Markdown: tables go through st.dataframe, texts are escaped.
"""

from __future__ import annotations

import hashlib
import json
import re

import pandas as pd
import streamlit as st

from kcdash import auth, fmt, importer, store, version_changes
from kcdash.db import data_dir
from kcdash.i18n import t
from kcdash.safe import md_escape
from kcdash.ui import context, uploads

CHECK_KEY = "import_check"  # (key of the checked upload, ImportResult)
UPLOAD_GEN_KEY = "import_upload_gen"  # bumped after an import, to empty the uploader
DONE_KEY = "import_done"  # message to show once after an import or rollback
CHOICES_KEY = "import_choices"  # importer.Choices the steward applied (mapping step)


def _lang() -> str:
    lang = st.session_state.get("lang") or st.query_params.get("lang", "vi")
    return "en" if lang == "en" else "vi"


def _plain(text: object) -> str:
    """Text shown through Markdown without being read as Markdown or links (file names, headers,
    values): the one escaper, line by line, so a message keeps its lines."""
    return "  \n".join(md_escape(line) for line in str(text).splitlines())


context.ensure_entrypoint()  # a first request for this URL still runs app.py (navigation, language)


def _safe(df: pd.DataFrame) -> pd.DataFrame:
    """A frame for st.dataframe, whose own download button must not export live formulas either."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(importer.neutralise)
    return out


def _key(*parts: str) -> str:
    """A widget key from data text (a header, a value): a digest, never the text itself."""
    return "import_" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _mapping_step(result: importer.ImportResult, choices: importer.Choices, lang: str) -> None:
    """Each file column beside a select of contract columns (or "bỏ qua"), the first rows, the
    budget unit, the province of a file without one, unmatched values with their suggestions;
    "Áp dụng" re-checks the file with these choices, and they can be saved as a named profile."""
    tdef = importer.TABLES[str(result.table)]
    header_of = {c.name: (c.en if lang == "en" else c.vi) for c in tdef.columns}
    unmatched_columns = any(m.how == "unmatched" for m in result.columns)
    with st.expander(t("import.page_mapping_title", lang), expanded=bool(unmatched_columns or result.unmatched)):
        st.caption(t("import.page_mapping_intro", lang))
        width = len(result.headers)
        labels = [h or f"({i + 1})" for i, h in enumerate(result.headers)]
        preview = pd.DataFrame([list(r[:width]) + [None] * (width - len(r)) for r in result.preview])
        if not preview.empty:
            preview.columns = pd.Index([f"{i + 1}. {h}" for i, h in enumerate(labels)])
            st.dataframe(_safe(preview), hide_index=True, width="stretch")
        options = ["", *tdef.column_names]
        picked: dict[str, str] = {}
        cols = st.columns(3)
        for k, m in enumerate(result.columns):
            current = m.column or (m.guess if m.how == "unmatched" else None) or ""
            key = _key("col", m.header)
            with cols[k % 3]:
                picked[m.header] = st.selectbox(
                    m.header,
                    options,
                    index=options.index(current) if current in options else 0,
                    format_func=lambda v: t("import.page_skip", lang) if v == "" else header_of[v],
                    key=key,
                )
        unit_now = result.units.get("budget_million_vnd", ("trieu_dong", ""))[0]
        unit = None
        if "budget_million_vnd" in picked.values():
            units = list(importer.UNITS)
            unit = st.selectbox(
                t("import.page_unit", lang),
                units,
                index=units.index(unit_now),
                format_func=lambda v: t(f"import.unit_{v}", lang),
                key="import_unit",
            )
        province = None
        if "province_code" in result.options:
            codes = [c for c, _n in result.options["province_code"]]
            names = dict(result.options["province_code"])
            province = st.selectbox(
                t("import.page_province", lang),
                ["", *codes],
                format_func=lambda v: t("import.page_choose", lang) if v == "" else names[v],
                key="import_province",
            )
        value_picks: list[tuple[str, str, str]] = []
        if result.unmatched:
            st.markdown("**" + t("import.page_values_title", lang) + "**")
            for u in result.unmatched:
                opts = result.options.get(u.column, [])
                codes = ["", *[c for c, _n in opts]]
                names = dict(opts)

                def value_label(v: str, names: dict[str, str] = names) -> str:
                    return t("import.page_choose", lang) if v == "" else f"{names[v]} ({v})"

                pick = st.selectbox(
                    t("import.page_value_label", lang, column=header_of[u.column], value=u.value, n=len(u.rows)),
                    codes,
                    index=codes.index(u.suggestion) if u.suggestion in codes else 0,
                    format_func=value_label,
                    key=_key("val", u.column, u.value),
                )
                value_picks.append((u.column, u.value, pick))
        for line in result.applied_lines(lang):  # values read through a choice: said, never silent
            st.caption(_plain(line.strip()))
        if st.button(t("import.page_apply", lang), key="import_apply", icon=":material/rule:"):
            chosen = importer.Choices(
                columns=dict(choices.columns),
                values={c: dict(v) for c, v in choices.values.items()},
                units=dict(choices.units),
                province=choices.province,
            )
            for m in result.columns:
                auto = m.column if m.how in ("contract", "synonym") else ""
                if picked[m.header] != auto or m.how in ("chosen", "skipped"):
                    chosen.columns[importer.header_key(m.header)] = picked[m.header]
            if unit and unit != unit_now:
                chosen.units["budget_million_vnd"] = unit
            if province:
                chosen.province = province
            for column, value, pick in value_picks:
                if pick:
                    chosen.values.setdefault(column, {})[importer.fold(value)] = pick
            st.session_state[CHOICES_KEY] = chosen
            st.rerun()
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        with left:
            name = st.text_input(t("import.page_profile_name", lang), key="import_profile_name", max_chars=80)
        with right:
            if st.button(t("import.page_profile_save", lang), key="import_profile_save", icon=":material/save:"):
                if not auth.is_steward():
                    st.stop()
                try:
                    importer.save_profile(base, name, choices, table=result.table, user=steward)
                except importer.ProfileNameTaken as e:
                    st.error(_plain(t("import.profile_name_taken", lang, name=e.name, existing=e.existing)))
                except ValueError:
                    st.error(t("import.page_profile_bad_name", lang))
                else:
                    st.success(_plain(t("import.profile_saved", lang, name=name)))


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
    if problem := store.damaged(base):
        st.error(_plain(t("imp.damaged_file", lang, detail=problem)), icon=":material/error:")
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
profiles = importer.list_profiles(base)
with right:
    profile_name = st.selectbox(
        t("import.page_profile_use", lang),
        ["", *profiles],
        format_func=lambda v: t("import.page_profile_none", lang) if v == "" else v,
        key="import_profile",
    )
profile_choices = importer.Choices()
if profile_name:
    try:
        profile_choices = importer.load_profile(base, profile_name)
    except importer.ProfileInvalid as e:
        problem = t(e.rule, lang, **e.params)
        st.error(_plain(t("import.profile_invalid", lang, name=profile_name, problem=problem)))
    except (KeyError, ValueError):
        st.error(_plain(t("import.profile_unreadable", lang, name=profile_name)))
choices = profile_choices.merged(st.session_state.get(CHOICES_KEY) or importer.Choices())

gen = st.session_state.get(UPLOAD_GEN_KEY, 0)
uploaded = st.file_uploader(
    t("imp.upload_label", lang),
    type=["csv", "txt", "tsv", "xlsx", "parquet"],
    key=f"import_file_{gen}",
    max_upload_size=max(1, importer.max_bytes() // (1024 * 1024)),
    help=t("imp.upload_help", lang, limit_mb=importer.max_bytes() // (1024 * 1024)),
)
if uploaded is None:
    st.session_state.pop(CHECK_KEY, None)
    st.session_state.pop(CHOICES_KEY, None)
else:
    table = None if table_choice == "auto" else table_choice
    if uploaded.size > importer.max_bytes():  # checked before the file is read or parsed
        st.error(
            _plain(
                t("val.where_file", lang, file=uploaded.name)
                + ": "
                + t(
                    "val.imp_too_large",
                    lang,
                    size_mb=importer.mb_text(uploaded.size),
                    limit_mb=importer.mb_text(importer.max_bytes()),
                )
            )
        )
        st.stop()
    content = uploaded.getvalue()
    sheet_key = "import_sheet_" + hashlib.sha256(content).hexdigest()[:16]  # a choice per workbook
    sheet = st.session_state.get(sheet_key) or None
    chosen_text = json.dumps([choices.to_json(), choices.accept_suggestions], sort_keys=True)
    check_key = (hashlib.sha256(content).hexdigest(), table, sheet, store.state_token(base), chosen_text)
    upload = importer.Upload(content, uploaded.name, table=table, sheet=sheet, user=steward, choices=choices)
    held = st.session_state.get(CHECK_KEY)
    if held is None or held[0] != check_key:
        with st.status(t("imp.checking", lang), expanded=False) as status:
            bar = st.progress(0.0)

            def progress(step: str, fraction: float) -> None:
                bar.progress(min(1.0, max(0.0, fraction)), text=t(step, lang))

            result = importer.check_upload(upload, base, progress)
            status.update(label=t("imp.checked", lang), state="complete" if result.ok else "error")
        st.session_state[CHECK_KEY] = (check_key, result)
    else:
        result = held[1]

    sheets = list(result.info.get("sheets") or [])
    if len(sheets) > 1:  # a workbook with several sheets: the steward chooses
        st.selectbox(t("import.page_sheet", lang), sheets, key=sheet_key)
    for note in result.notes:
        st.caption(_plain(note.text(lang)))
    if result.table and result.columns:
        _mapping_step(result, choices, lang)

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
        records = result.records if result.records is not None else pd.DataFrame()
        with st.expander(t("imp.preview", lang, n=len(records))):
            st.dataframe(_safe(records.head(200)), hide_index=True, width="stretch")
        if st.button(t("imp.confirm", lang), type="primary", key="import_confirm", icon=":material/upload:"):
            if not auth.is_steward():  # the session could have signed out in another tab
                st.stop()
            try:
                with st.spinner(t("imp.committing", lang)):
                    committed = importer.commit_upload(upload.for_table(result.table), base, timeout=30)
            except store.CommitConflict:
                st.error(t("imp.conflict", lang))
            except store.StoreBusy:
                st.error(t("imp.busy", lang))
            else:
                if committed.ok:
                    st.session_state[DONE_KEY] = t("imp.done", lang, version=committed.version)
                    st.session_state[UPLOAD_GEN_KEY] = gen + 1
                    uploads.release_upload(uploaded)  # imported: the file leaves the server's memory now
                    st.session_state.pop(CHECK_KEY, None)
                    st.session_state.pop(CHOICES_KEY, None)
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
            except store.CommitConflict:
                st.error(t("imp.conflict", lang))
            except store.StoreBusy:
                st.error(t("imp.busy", lang))
            except store.UnknownVersion:
                st.error(_plain(t("imp.unknown_version", lang, version=target)))
            else:
                st.session_state[DONE_KEY] = t("imp.rollback_done", lang, version=target)
                st.rerun()

# ---- files no version references (a commit stopped before it committed) ----------------------
try:
    left_behind = store.orphans(base)
except (store.StoreBusy, store.StoreError):
    left_behind = []  # a commit is running: its files are not left behind; listed on a later visit
if left_behind:
    st.warning(t("imp.orphans", lang, n=len(left_behind)), icon=":material/folder_delete:")
    with st.expander(t("imp.orphans_list", lang, n=len(left_behind))):
        st.dataframe(_safe(pd.DataFrame({t("imp.col_file", lang): left_behind})), hide_index=True, width="stretch")
    if st.button(t("imp.orphans_remove", lang), key="orphans_go", icon=":material/delete:"):
        if not auth.is_steward():
            st.stop()
        try:
            removed = store.remove_orphans(base, timeout=30)
        except store.StoreBusy:
            st.error(t("imp.busy", lang))
        except store.StoreError as e:
            st.error(_plain(t("imp.cli_store_refused", lang, detail=str(e))))
        else:
            st.session_state[DONE_KEY] = t("imp.orphans_removed", lang, n=len(removed))
            st.rerun()

# ---- what changed between two versions -------------------------------------------------------
st.subheader(t("chg.title", lang))
snapshots = version_changes.versions(base)
if len(snapshots) < 2:
    st.caption(t("chg.need_two", lang))
else:
    numbers = [s.id for s in reversed(snapshots)]  # newest first
    described = {
        s.id: t(
            "chg.version_option",
            lang,
            number=s.id,
            date=fmt.date_time(s.created_at, lang),
            label=s.info.get("label_en" if lang == "en" else "label_vi") or s.message,
        )
        for s in snapshots
    }

    def describe(number: int) -> str:
        return described.get(number, str(number))

    left, right = st.columns(2)
    with left:
        before = st.selectbox(t("chg.before", lang), numbers, index=1, format_func=describe, key="changes_before")
    with right:
        after = st.selectbox(t("chg.after", lang), numbers, index=0, format_func=describe, key="changes_after")
    if before == after:
        st.info(t("chg.same", lang))
    else:
        try:
            changed = version_changes.between(int(before), int(after), lang, base)
        except version_changes.LakeError as e:
            st.error(_plain(t("chg.unreadable", lang, detail=str(e))))
        else:
            for title_key, frame, none_key in (
                ("chg.figures_title", changed.figures, "chg.figures_none"),
                ("chg.records_title", changed.records, "chg.records_none"),
                ("chg.sums_title", changed.sums, "chg.sums_none"),
                ("chg.tables_title", changed.tables, None),
            ):
                st.markdown("**" + md_escape(t(title_key, lang)) + "**")
                if frame.empty and none_key is not None:
                    st.caption(t(none_key, lang))
                else:
                    st.dataframe(_safe(frame), hide_index=True, width="stretch")
