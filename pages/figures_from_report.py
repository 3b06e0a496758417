"""Figures from a report (data stewards only); the work is done by kcdash.figures.

Flow: upload a report (text, Word, PDF with text, saved web page) or paste its text → the text is
shown with each proposed figure numbered where it stands → the steward accepts, corrects or
rejects each (nothing is accepted until ticked), gives the document's title, issuing body, date
and web address → "Công bố" commits the accepted figures as a new data version, the document
kept as their source. Nothing from the document is rendered as HTML or Markdown: its text is
shown in a code block, its figures in a data editor, every message with the document's words
is escaped.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
from decimal import Decimal, InvalidOperation

import pandas as pd
import streamlit as st

from kcdash import auth, fmt
from kcdash.db import data_dir
from kcdash.figures import gazetteer
from kcdash.figures.commit import SourceInfo, commit
from kcdash.figures.propose import Proposal, Reading, propose
from kcdash.figures.read import Document, DocumentError, max_bytes_from_env, normal_text, read_document
from kcdash.i18n import t
from kcdash.safe import md_escape, neutralise
from kcdash.schema import FIGURE_STATUSES, PERIOD_PARTS, PUBLISHED_METRICS, QUALIFIERS
from kcdash.ui import context, uploads

DONE_KEY = "figures_done"
UPLOAD_GEN_KEY = "figures_upload_gen"
NONE = "—"


def _lang() -> str:
    lang = st.session_state.get("lang") or st.query_params.get("lang", "vi")
    return "en" if lang == "en" else "vi"


def _plain(text: object) -> str:
    """Text shown through Markdown without being read as Markdown or as a link (file names, titles)."""
    return md_escape(text)


context.ensure_entrypoint()


def marked_text(text: str, reading: Reading) -> str:
    """The document's text with "⟦n⟧" before each proposed figure, as plain text."""
    out, pos = [], 0
    for p in sorted(reading.proposals, key=lambda p: p.value_start):
        out.append(text[pos : p.value_start])
        out.append(f"⟦{p.number}⟧")
        pos = p.value_start
    out.append(text[pos:])
    return "".join(out)


def proposal_frame(reading: Reading, lang: str) -> pd.DataFrame:
    rows = []
    for p in reading.proposals:
        d = p.as_dict()
        rows.append(
            {
                "number": p.number,
                "metric": p.metric,
                "value": str(d["value"]),
                "unit": p.unit,
                "fund_code": p.fund_code or NONE,
                "qualifier": p.qualifier,
                "status": p.status,
                "period_from_year": p.period_from_year,
                "period_to_year": p.period_to_year,
                "period_part": p.period_part or NONE,
                "district_code": p.district_code or NONE,
                "part_of": p.part_of,
                "flags": " · ".join(t(f"fig.flag_{f}", lang) for f in p.flags),
                "quote": neutralise(p.quote),
            }
        )
    return pd.DataFrame(rows)


def corrected(
    reading: Reading, edited: pd.DataFrame, accepted: list[int], province: str | None, lang: str
) -> tuple[list[Proposal], list[str]]:
    """The accepted proposals with the steward's corrections; problems stop the commit."""
    by_number = {p.number: p for p in reading.proposals}
    out, problems = [], []
    for row in edited.to_dict("records"):
        if int(row["number"]) not in accepted:
            continue
        p = by_number[int(row["number"])]
        try:
            value = Decimal(str(row["value"]).strip().replace(",", "."))
        except InvalidOperation:
            problems.append(t("fig.page_bad_value", lang, n=p.number, value=row["value"]))
            continue

        def year(v: object) -> int | None:
            return None if fmt.is_missing(v) else int(float(str(v)))

        def code(v: object) -> str | None:
            return None if v == NONE else str(v)

        out.append(
            dataclasses.replace(
                p,  # the quote and where it stands are the document's own words: never edited
                metric=str(row["metric"]),
                value=value,
                unit=str(row["unit"]),
                fund_code=code(row["fund_code"]),
                qualifier=str(row["qualifier"]),
                status=str(row["status"]),
                period_from_year=year(row["period_from_year"]),
                period_to_year=year(row["period_to_year"]),
                period_part=code(row["period_part"]),
                province_code=province,
                district_code=code(row["district_code"]),
                flags=list(p.flags),
            )
        )
    return out, problems


lang = _lang()
st.title(t("fig.page_title", lang))

if not auth.is_steward():  # the console shows this page to stewards only; the page checks again
    st.warning(t("imp.need_signin", lang), icon=":material/lock:")
    st.stop()
steward = auth.current_steward() or ""
base = data_dir()

done = st.session_state.pop(DONE_KEY, None)
if done:
    st.success(done, icon=":material/check_circle:")  # our own words and a version number
st.write(t("fig.page_intro", lang))

gen = st.session_state.get(UPLOAD_GEN_KEY, 0)
how = st.segmented_control(
    t("fig.page_how", lang),
    ["upload", "paste"],
    default="upload",
    format_func=lambda v: t(f"fig.page_how_{v}", lang),
    key=f"figures_how_{gen}",
)
limit = max_bytes_from_env()
content, name, uploaded = b"", "", None
if how == "paste":
    pasted = st.text_area(t("fig.page_paste", lang), height=200, key=f"figures_paste_{gen}", max_chars=2_000_000)
    if pasted.strip():
        content = normal_text(pasted.splitlines()).encode("utf-8")
        name = f"van-ban-dan-{hashlib.sha256(content).hexdigest()[:8]}.txt"
else:
    uploaded = st.file_uploader(
        t("fig.page_upload", lang),
        type=["txt", "docx", "pdf", "html", "htm"],
        key=f"figures_file_{gen}",
        max_upload_size=max(1, limit // (1024 * 1024)),
        help=t("fig.page_upload_help", lang, limit_mb=limit // (1024 * 1024)),
    )
    if uploaded is not None:
        content, name = uploaded.getvalue(), uploaded.name
if not name:
    st.stop()
try:
    doc: Document = read_document(content, name, max_bytes=limit)
except DocumentError as err:  # a pasted text is checked as a file is: empty, binary, too long
    st.error(_plain(t(f"fig.err_{err.code}", lang, **err.params)), icon=":material/error:")
    st.stop()

places = gazetteer.from_database()
province_names = {p.code: p.name for p in places.provinces}
detected = propose(doc.text, places)
if doc.ignored_scripts:
    st.caption(t("fig.page_scripts_ignored", lang, n=doc.ignored_scripts))

left, right = st.columns(2)
with left:
    codes = list(province_names)
    default = codes.index(detected.province_code) + 1 if detected.province_code in province_names else 0
    province = st.selectbox(
        t("fig.page_province", lang),
        [NONE, *codes],
        index=default,
        format_func=lambda c: t("fig.page_choose_province", lang) if c == NONE else f"{province_names[c]} ({c})",
        key=f"figures_province_{doc.sha256[:12]}",
        help=t("fig.page_province_help", lang),
    )
    title = st.text_input(
        t("fig.page_doc_title", lang), value=doc.title, max_chars=500, key=f"figures_title_{doc.sha256[:12]}"
    )
    issuer = st.text_input(t("fig.page_issuer", lang), max_chars=300, key=f"figures_issuer_{doc.sha256[:12]}")
with right:
    date = st.date_input(
        t("fig.page_date", lang),
        value=detected.document_date,
        min_value=datetime.date(1990, 1, 1),
        max_value=datetime.date.today(),
        format="DD/MM/YYYY",
        key=f"figures_date_{doc.sha256[:12]}",
        help=t("fig.page_date_help", lang),
    )
    url = st.text_input(t("fig.page_url", lang), max_chars=500, key=f"figures_url_{doc.sha256[:12]}")
chosen = None if province == NONE else str(province)
reading = propose(
    doc.text, places, province_code=chosen, document_date=date if isinstance(date, datetime.date) else None
)

st.subheader(t("fig.page_found", lang, n=len(reading.proposals), name=_plain(doc.file_name)))
if not reading.proposals:
    st.info(t("fig.page_none_found", lang))
    st.stop()
for c in reading.checks:
    key = "fig.check_ok" if c.adds_up else "fig.check_bad"
    text = t(key, lang, total=c.total, parts=", ".join(str(n) for n in c.parts), sum=str(c.parts_sum))
    (st.caption if c.adds_up else st.warning)(text)
flagged = [p for p in reading.proposals if "headline_disagrees" in p.flags]
if flagged:
    st.warning(t("fig.page_headline_disagrees", lang, numbers=", ".join(str(p.number) for p in flagged)))

with st.expander(t("fig.page_text", lang), expanded=False):
    st.code(marked_text(doc.text, reading), language=None, wrap_lines=True)

district_codes = [d.code for d in places.districts if d.province_code == chosen]
district_names = {d.code: d.name for d in places.districts}
frame = proposal_frame(reading, lang)
edited = st.data_editor(
    frame,
    key=f"figures_editor_{doc.sha256[:12]}_{chosen}",
    hide_index=True,
    width="stretch",
    disabled=["number", "part_of", "flags", "quote"],
    column_config={
        "number": st.column_config.NumberColumn(t("fig.col_number", lang), format="%d"),
        "metric": st.column_config.SelectboxColumn(
            t("fig.col_metric", lang),
            options=list(PUBLISHED_METRICS),
            required=True,
            format_func=lambda m: t(f"published_metric.{m}", lang),
        ),
        "value": st.column_config.TextColumn(t("fig.col_value", lang), required=True, max_chars=20),
        "unit": st.column_config.TextColumn(t("fig.col_unit", lang), required=True, max_chars=40),
        "fund_code": st.column_config.SelectboxColumn(
            t("fig.col_fund", lang),
            options=[NONE, "kcqg", "kcdp", "other"],
            required=True,
            format_func=lambda f: NONE if f == NONE else t(f"fig.fund_{f}", lang),
        ),
        "qualifier": st.column_config.SelectboxColumn(
            t("fig.col_qualifier", lang),
            options=[q for q in QUALIFIERS if q != "not_reported"],
            required=True,
            format_func=lambda q: t(f"qualifier.{q}", lang),
        ),
        "status": st.column_config.SelectboxColumn(
            t("fig.col_status", lang),
            options=list(FIGURE_STATUSES),
            required=True,
            format_func=lambda v: t(f"figure_status.{v}", lang),
        ),
        "period_from_year": st.column_config.NumberColumn(
            t("fig.col_from", lang), min_value=1990, max_value=2030, format="%d"
        ),
        "period_to_year": st.column_config.NumberColumn(
            t("fig.col_to", lang), min_value=1990, max_value=2030, format="%d"
        ),
        "period_part": st.column_config.SelectboxColumn(
            t("fig.col_part", lang),
            options=[NONE, *PERIOD_PARTS],
            required=True,
            format_func=lambda v: NONE if v == NONE else t(f"fig.part_{v}", lang),
        ),
        "district_code": st.column_config.SelectboxColumn(
            t("fig.col_district", lang),
            options=[NONE, *district_codes],
            required=True,
            format_func=lambda c: NONE if c == NONE else district_names.get(str(c), str(c)),
        ),
        "part_of": st.column_config.NumberColumn(t("fig.col_part_of", lang), format="%d"),
        "flags": st.column_config.TextColumn(t("fig.col_flags", lang)),
        "quote": st.column_config.TextColumn(t("fig.col_quote", lang), width="large"),
    },
)
pick_key = f"figures_accept_{doc.sha256[:12]}_{chosen}"
numbers = [p.number for p in reading.proposals]


def _pick(choice: list[int]) -> None:
    st.session_state[pick_key] = choice


short = {p.number: f"{p.number} · {p.quote[:70]}{'…' if len(p.quote) > 70 else ''}" for p in reading.proposals}
left, right = st.columns([4, 1], vertical_alignment="bottom")
with left:
    picked = st.multiselect(
        t("fig.col_accept", lang),
        numbers,
        key=pick_key,
        format_func=lambda n: short[n],
        placeholder=t("fig.page_accept_none", lang),
        help=t("fig.col_accept_help", lang),
    )
with right:
    st.button(
        t("fig.page_accept_all", lang), key="figures_accept_all", on_click=_pick, args=(numbers,), width="stretch"
    )
    st.button(t("fig.page_accept_clear", lang), key="figures_accept_clear", on_click=_pick, args=([],), width="stretch")
accepted, problems = corrected(reading, edited, picked, chosen, lang)
st.caption(t("fig.page_accepted", lang, n=len(accepted), total=len(reading.proposals)))
if st.button(
    t("fig.page_commit", lang, n=len(accepted)),
    type="primary",
    disabled=not accepted,
    key="figures_commit",
    icon=":material/publish:",
):
    if not auth.is_steward():  # signed out in another tab meanwhile
        st.stop()
    if problems:
        for problem in problems:
            st.error(_plain(problem))
        st.stop()
    info = SourceInfo(
        title=title, issuing_body=issuer, date_published=date if isinstance(date, datetime.date) else None, url=url
    )
    with st.spinner(t("imp.committing", lang)):
        result = commit(doc, accepted, info, base=base, user=steward, lang=lang, timeout=30)
    if result.ok:
        st.session_state[DONE_KEY] = t("fig.cli_committed", lang, n=result.figures, version=result.version)
        st.session_state[UPLOAD_GEN_KEY] = gen + 1
        if uploaded is not None:
            uploads.release_upload(uploaded)  # published: the file leaves the server's memory now
        st.rerun()
    for problem in result.problems:
        st.error(_plain(problem))
