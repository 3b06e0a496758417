"""One status line under each page's title: the data's state (illustrative records, published-only
mode), the 2025 reform note, the chosen provinces' notes and the page's own notes, condensed to
one short line that opens their full text.

The line is an expander (a native details/summary element: one keyboard stop, announced as a
collapsed button by screen readers), as GOV.UK's "details" component. Its place is kept under the
title by `reserve` (called by `kcdash.ui.context.start_page`); `draw` fills it once the page knows how
many of its records are illustrative. Everything it says is the same text the page said before in
boxes of their own; only where it stands changed.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import streamlit as st

from kcdash import fmt
from kcdash.i18n import lang_col, t
from kcdash.safe import md_escape

SLOT_KEY = "_kc_status_slot"
KEY = "kc-status"  # the expander's CSS class is st-key-kc-status (tests find the line by it)
NAMED_PROVINCES = 2
"""Up to this many provinces with a note are named in the line; more are counted."""


def reserve() -> None:
    """Keep the status line's place under the title (filled by `draw` later in the run)."""
    st.session_state[SLOT_KEY] = st.empty()


def province_notes(provinces: pd.DataFrame, lang: str) -> list[tuple[str, str]]:
    """(province name, note) for every chosen province the data has a note for (e.g. a merger)."""
    col = lang_col("note", lang)
    if col not in provinces.columns:
        return []
    # column lists, not a row Series per province (bench/NOTES.md: rows as Series are slow)
    names, notes = provinces[lang_col("name", lang)].tolist(), provinces[col].tolist()
    return [
        (str(n), note.strip()) for n, note in zip(names, notes, strict=True) if isinstance(note, str) and note.strip()
    ]


def summary(
    *,
    lang: str,
    published_only: bool,
    illustrative: int,
    total: int,
    clusters: bool,
    noted: list[str],
) -> str:
    """The line itself: "MINH HỌA: 339/339 bản ghi… · đơn vị cấp huyện trước 01/7/2025 · ghi chú về
    <tỉnh> · vì sao?" (plain text; Markdown escaping is the caller's)."""
    parts = []
    if published_only:
        parts.append(t("status.published", lang))
    elif illustrative > 0:
        key = "status.illustrative_clusters" if clusters else "status.illustrative"
        parts.append(t(key, lang, n=fmt.integer(illustrative, lang), total=fmt.integer(total, lang)))
    elif total > 0 and not clusters:
        parts.append(t("status.real", lang, total=fmt.integer(total, lang)))
    parts.append(t("status.reform", lang))
    if len(noted) > NAMED_PROVINCES:
        parts.append(t("status.province_notes_many", lang, n=fmt.integer(len(noted), lang)))
    elif noted:
        parts.append(t("status.province_notes", lang, names=", ".join(noted)))
    parts.append(t("status.why", lang))
    return " · ".join(parts)


def draw(
    *,
    lang: str,
    provinces: pd.DataFrame,
    published_only: bool,
    illustrative: int,
    total: int,
    banner_key: str = "banner.illustrative",
    notes: Iterable[str] = (),
) -> None:
    """Fill the status line's place: one line, and behind it the full text of every note.

    `banner_key` is the message that says the records are modelled (records or clusters);
    `notes` are the page's own notes (plain text), shown in full behind the line; `provinces`
    the chosen provinces (with their notes)."""
    noted = province_notes(provinces, lang)
    clusters = banner_key == "banner.illustrative_clusters"
    line = summary(
        lang=lang,
        published_only=published_only,
        illustrative=illustrative,
        total=total,
        clusters=clusters,
        noted=[name for name, _ in noted],
    )
    icon = ":material/verified:" if published_only else ":material/science:" if illustrative else ":material/info:"
    body = []
    if published_only:
        body.append(":material/verified: " + md_escape(t("mode.published", lang) + " — " + t("mode.help", lang)))
    elif illustrative > 0:
        text = t(banner_key, lang, n=fmt.integer(illustrative, lang), total=fmt.integer(total, lang))
        body.append(":material/science: " + md_escape(text))
    body.append(":material/history: " + md_escape(t("notes.reform_districts", lang)))
    body += [f":material/info: **{md_escape(name)}**: {md_escape(note)}" for name, note in noted]
    body += [":material/subdirectory_arrow_right: " + md_escape(note) for note in notes if note]
    slot = st.session_state.get(SLOT_KEY)
    place = slot.container() if slot is not None else st.container()
    with place, st.expander(md_escape(line), icon=icon, key=KEY):
        st.markdown("\n\n".join(body))
