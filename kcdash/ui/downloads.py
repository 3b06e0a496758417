"""Download buttons: exactly the rows and columns shown, as CSV, Excel or Parquet, each file
flagged `is_illustrative` and carrying its notes (the data version, what is illustrative, the
source reports), made from the data version the page shows. A CSV file has no place for notes:
the data version travels as a column, as the illustrative mark does."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

import pandas as pd
import streamlit as st

from kcdash import fmt, pagedata
from kcdash.i18n import lang_col, t
from kcdash.ui import snapshot, tables
from kcdash.ui.context import page_illustrative
from kcdash.ui.tables import Columns

FORMATS = ("csv", "xlsx", "parquet")
VERSION_COLUMN = "data_version"
"""The CSV file's column naming the data version on every row ("Số liệu: phiên bản 14, ngày …")."""


def flag_frame(frame: pd.DataFrame, illustrative: bool | pd.Series) -> pd.DataFrame:
    """`frame` with a first column `is_illustrative` (a bool, or one per row)."""
    out = frame.copy()
    if "is_illustrative" in out.columns:
        out = out.drop(columns="is_illustrative")
    values: list[bool] = (
        illustrative.fillna(False).astype(bool).tolist()
        if isinstance(illustrative, pd.Series)
        else [bool(illustrative)] * len(out)
    )
    out.insert(0, "is_illustrative", values)
    return out


def download_notes(lang: str, illustrative: bool) -> tuple[pd.DataFrame, str]:
    """The notes a download carries: what is illustrative, the data version and the source reports
    (titles, files)."""
    sources = pagedata.sources(())
    lines = [
        t("download.note_illustrative" if illustrative else "download.note_real", lang),
        pagedata.version_label(pagedata.data_version(), lang),
    ]
    cited = [f"{r[lang_col('cited_title', lang)]} ({r['source_file']})" for _, r in sources.iterrows()]
    if cited:
        lines.append(t("download.note_sources", lang, sources="; ".join(cited)))
    notes = pd.DataFrame({t("download.col_note", lang): lines})
    if not sources.empty:
        table_rows = sources[
            [
                "source_file",
                lang_col("cited_title", lang),
                lang_col("issuing_body", lang),
                lang_col("place", lang),
                "period_label",
                "author_vi",
                lang_col("note", lang),
            ]
        ]
        notes = pd.concat([notes, pd.DataFrame({t("download.col_note", lang): [""]}), table_rows], ignore_index=True)
    return notes, " ".join(lines)


def excel_with_notes(frame: pd.DataFrame, *, lang: str, illustrative: bool) -> bytes:
    """The Excel file: `frame`, and a sheet of notes."""
    notes, _ = download_notes(lang, illustrative)
    return fmt.to_excel_bytes(frame, notes=notes, notes_sheet=t("download.notes_sheet", lang))


def parquet_with_note(frame: pd.DataFrame, *, lang: str, illustrative: bool) -> bytes:
    """The Parquet file: `frame`, the note in its metadata."""
    _, note = download_notes(lang, illustrative)
    return fmt.to_parquet_bytes(frame, note=note)


def csv_with_version(frame: pd.DataFrame, *, lang: str) -> bytes:
    """The CSV file: `frame` with the data version it was made from as a column after
    `is_illustrative` (a comment line would stop a CSV reader; a column every reader keeps)."""
    out = frame.copy()
    out.insert(
        1 if "is_illustrative" in out.columns else 0,
        VERSION_COLUMN,
        pagedata.version_label(pagedata.data_version(), lang),
    )
    return fmt.to_csv_bytes(out)


DOWNLOAD_FORMATS = {
    "csv": ("text/csv", "download.csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "download.xlsx"),
    "parquet": ("application/vnd.apache.parquet", "download.parquet"),
}
"""kind -> (MIME type, message key of the button)."""


def _file_bytes(
    maker: Callable[[pd.DataFrame], bytes], frame: pd.DataFrame | Callable[[], pd.DataFrame], flag: bool | pd.Series
) -> bytes:
    """A download's bytes: its frame (made now when a function), flagged `is_illustrative`,
    written by `maker`."""
    return maker(flag_frame(frame() if callable(frame) else frame, flag))


def downloads(
    df: pd.DataFrame,
    columns: Columns | None,
    lang: str,
    *,
    key: str,
    file_stem: str,
    formats: Sequence[str] = FORMATS,
    illustrative: bool | pd.Series | None = None,
) -> None:
    """Download buttons for exactly the rows and `columns` shown (None: `df` has the headers
    people see already); formulas neutralised (kcdash.fmt). Every file carries `is_illustrative`
    (per row when `df` has it, else whether the page's records are illustrative); the CSV file the
    data version as a column, the Excel file a notes sheet with the source list, the Parquet file
    the same note in its metadata. The file's frame is made when a file is asked for, not on
    every rerun."""
    if illustrative is None and "is_illustrative" in df.columns:
        illustrative = df["is_illustrative"]
    frame = df if columns is None else functools.partial(tables.export_frame, df, columns, lang)
    flag = page_illustrative() if illustrative is None else illustrative
    any_flag = bool(flag.fillna(False).astype(bool).any()) if isinstance(flag, pd.Series) else bool(flag)
    # the notes too are made only when a file is asked for, not on every rerun
    makers: dict[str, Callable[[pd.DataFrame], bytes]] = {
        "csv": functools.partial(csv_with_version, lang=lang),
        "xlsx": functools.partial(excel_with_notes, lang=lang, illustrative=any_flag),
        "parquet": functools.partial(parquet_with_note, lang=lang, illustrative=any_flag),
    }
    row = st.container(horizontal=True, gap="small")
    for kind in formats:
        mime, label_key = DOWNLOAD_FORMATS[kind]
        with row:
            st.download_button(
                t(label_key, lang),
                # built only when clicked, from the data version shown now
                data=snapshot.keep(functools.partial(_file_bytes, makers[kind], frame, flag)),
                file_name=f"{file_stem}.{kind}",
                mime=mime,
                key=f"dl-{key}-{kind}",
                on_click="ignore",
                icon=":material/download:",
            )
