"""Numbers as officials write them, and the files people download.

Vietnamese writes thousands with "." and decimals with ",": 3.530; 6.788,9 triệu đồng;
6,79 tỷ đồng; 59,2%. English the other way round. Missing values (None/NaN) are shown as
"chưa có số liệu" / "no data", never as 0. Plotly gets the same convention through
`plotly_separators` (its `layout.separators`: decimal mark first, then thousands mark).

Downloads go through `kcdash.safe.neutralise_formulas` so a cell such as "=HYPERLINK(...)" in a record
title opens in a spreadsheet as text, not as a formula.
"""

from __future__ import annotations

import datetime
import io
import math
from numbers import Number

import pandas as pd

from kcdash.i18n import t
from kcdash.safe import neutralise_formulas  # the one neutraliser (kcdash.safe), re-exported for pages

# ---- numbers --------------------------------------------------------------------------------


def is_missing(value) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, Number) and math.isnan(value))
    except TypeError:
        return False


def plotly_separators(lang: str) -> str:
    """Plotly `layout.separators`: decimal mark, then thousands mark."""
    return ".," if lang == "en" else ",."


def _swap(text: str, lang: str) -> str:
    if lang == "en":
        return text
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def no_data(lang: str) -> str:
    return t("common.no_data", lang)


def number(value, lang: str = "vi", decimals: int = 0, *, trim: bool = False) -> str:
    """3530 -> "3.530" (vi) / "3,530" (en); `trim` drops a zero decimal part ("4.020" not "4.020,0")."""
    if is_missing(value):
        return no_data(lang)
    value = float(value)
    if trim and decimals and round(value, decimals) == round(value):
        decimals = 0
    text = f"{value:,.{decimals}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]  # no "-0"
    return _swap(text, lang)


def integer(value, lang: str = "vi") -> str:
    return number(value, lang, 0)


def number1(value, lang: str = "vi") -> str:
    """One decimal, for table cells whose header carries the unit: 6788.9 -> "6.788,9"."""
    return number(value, lang, 1)


def number2(value, lang: str = "vi") -> str:
    return number(value, lang, 2)


def percent(value, lang: str = "vi", decimals: int = 1) -> str:
    """59.2 -> "59,2%" (vi) / "59.2%" (en). The value is already in percent."""
    if is_missing(value):
        return no_data(lang)
    return number(value, lang, decimals) + "%"


def ratio_percent(value, lang: str = "vi", decimals: int = 1) -> str:
    """0.592 -> "59,2%": a ratio shown as a percentage."""
    if is_missing(value):
        return no_data(lang)
    return percent(float(value) * 100, lang, decimals)


def million_vnd(value, lang: str = "vi", decimals: int = 1) -> str:
    """6788.9 -> "6.788,9 triệu đồng" / "6,788.9 million VND"."""
    if is_missing(value):
        return no_data(lang)
    return t("unit.million_vnd_value", lang, value=number(value, lang, decimals, trim=True))


def billion_vnd(value_million, lang: str = "vi", decimals: int = 2) -> str:
    """A sum in million VND shown in billions: 6788.9 -> "6,79 tỷ đồng" / "6.79 billion VND"."""
    if is_missing(value_million):
        return no_data(lang)
    return t("unit.billion_vnd_value", lang, value=number(float(value_million) / 1000, lang, decimals))


def people(value, lang: str = "vi") -> str:
    """3530 -> "3.530 người" / "3,530 people"."""
    if is_missing(value):
        return no_data(lang)
    return t("unit.people_value", lang, value=integer(value, lang))


UNIT_FORMATTERS = {
    "people": people,
    "million VND": million_vnd,
}


def with_unit(value, unit: str, lang: str = "vi") -> str:
    """A published value with its unit as stored in published_figures.unit."""
    if is_missing(value):
        return no_data(lang)
    fmt = UNIT_FORMATTERS.get(unit)
    if fmt is not None:
        return fmt(value, lang)
    key = "unit." + unit.replace(" ", "_")
    try:
        return t(key, lang, value=number(value, lang, 1, trim=True))
    except KeyError:
        return number(value, lang, 1, trim=True)


def date(value, lang: str = "vi") -> str:
    """An ISO date as people write it: "2026-11-23" -> "23/11/2026" (vi); English keeps ISO."""
    if is_missing(value) or not str(value).strip():
        return no_data(lang)
    text = str(value).strip()[:10]
    parts = text.split("-")
    if lang == "en" or len(parts) != 3 or not all(p.isdigit() for p in parts):
        return text
    return f"{parts[2]}/{parts[1]}/{parts[0]}"


VIETNAM_TIME = datetime.timezone(datetime.timedelta(hours=7))
"""Times are shown as officials live them: Vietnam has kept UTC+7 all year since 1975."""


def date_time(value, lang: str = "vi") -> str:
    """An ISO timestamp in Vietnam time, to the minute: "2026-11-23T07:05:09+00:00" ->
    "23/11/2026 14:05" (vi), "2026-11-23 14:05" (en). A date alone is shown as `date` shows it."""
    if is_missing(value) or not str(value).strip():
        return no_data(lang)
    text = str(value).strip()
    try:
        when = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if len(text) <= 10:  # no time of day: do not invent midnight
        return date(text, lang)
    if when.tzinfo is not None:
        when = when.astimezone(VIETNAM_TIME)
    return when.strftime("%Y-%m-%d %H:%M" if lang == "en" else "%d/%m/%Y %H:%M")


def year_range(year_from, year_to) -> str:
    if is_missing(year_from) and is_missing(year_to):
        return ""
    if is_missing(year_from) or year_from == year_to:
        return str(int(year_to))
    if is_missing(year_to):
        return str(int(year_from))
    return f"{int(year_from)}–{int(year_to)}"


# ---- tables for people ----------------------------------------------------------------------


def format_frame(df: pd.DataFrame, columns: dict[str, tuple[str, object]], lang: str) -> pd.DataFrame:
    """A copy of `df` for display: only `columns`, renamed, each value formatted.

    `columns` maps a source column to (header, formatter); formatter is one of the functions
    above, called as formatter(value, lang), or None to show the value as text.
    """
    out = {}
    for col, (header, formatter) in columns.items():
        values = df[col] if col in df.columns else pd.Series([None] * len(df), index=df.index)
        if formatter is None:
            out[header] = [no_data(lang) if is_missing(v) else str(v) for v in values]
        else:
            out[header] = [formatter(v, lang) for v in values]
    return pd.DataFrame(out, index=range(len(df)))


# ---- downloads ------------------------------------------------------------------------------

def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark so Excel opens Vietnamese text correctly."""
    return neutralise_formulas(df).to_csv(index=False).encode("utf-8-sig")


def to_excel_bytes(df: pd.DataFrame, sheet_name: str = "data") -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        neutralise_formulas(df).to_excel(writer, index=False, sheet_name=sheet_name[:31])
    return buf.getvalue()


def to_parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame = neutralise_formulas(df)
    frame.columns = [str(c) for c in frame.columns]
    frame.to_parquet(buf, engine="pyarrow", index=False)
    return buf.getvalue()
