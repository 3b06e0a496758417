"""Numbers as officials write them, and the files people download.

Vietnamese writes thousands with "." and decimals with ",": 3.530; 6.788,9 triệu đồng;
6,79 tỷ đồng; 59,2%. English the other way round. Missing values (None/NaN) are shown as
"chưa có số liệu" / "no data", never as 0. Plotly gets the same convention through
`plotly_separators` (its `layout.separators`: decimal mark first, then thousands mark).

Downloads go through `kcdash.safe.neutralise_formulas` so a cell such as "=HYPERLINK(...)" in a record
title opens in a spreadsheet as text, not as a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from numbers import Number

import pandas as pd

from kcdash.i18n import t
from kcdash.safe import neutralise_formulas  # the one neutraliser (kcdash.safe), re-exported for pages

# ---- numbers --------------------------------------------------------------------------------


def is_missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, Number) and math.isnan(float(value)))  # type: ignore[arg-type]
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


def round_half_up(value: object, decimals: int = 0) -> Decimal:
    """Round as Vietnamese readers and Excel expect, half away from zero on the written digits:
    2,25 -> 2,3 and 0,125 -> 0,13 (Python's own rounding gives 2,2: half to even on binary)."""
    exact = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(str(value))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value: object, lang: str = "vi", decimals: int = 0, *, trim: bool = False) -> str:
    """3530 -> "3.530" (vi) / "3,530" (en); `trim` drops a zero decimal part ("4.020" not "4.020,0").
    Halves round up (2,25 -> 2,3), as in Excel."""
    if is_missing(value):
        return no_data(lang)
    rounded = round_half_up(value, decimals)
    if trim and decimals and rounded == rounded.to_integral_value():
        decimals = 0
        rounded = round_half_up(value, 0)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    text = f"{rounded:,.{decimals}f}"
    return _swap(text, lang)


def approximate_vnd(value_million: object, lang: str = "vi") -> str:
    """An approximate sum as the report writes it, without decimals it does not have:
    4000 -> "4 tỷ đồng" (not "4,00 tỷ đồng"), 850 -> "850 triệu đồng"."""
    if is_missing(value_million):
        return no_data(lang)
    value = float(str(value_million))
    if abs(value) >= 1000:
        billions = round_half_up(value / 1000, 3).normalize()
        exponent = billions.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        return t("unit.billion_vnd_value", lang, value=number(billions, lang, places))
    return million_vnd(value, lang, 1) if value != int(value) else million_vnd(value, lang, 0)


def integer(value: object, lang: str = "vi") -> str:
    return number(value, lang, 0)


def number1(value: object, lang: str = "vi") -> str:
    """One decimal, for table cells whose header carries the unit: 6788.9 -> "6.788,9"."""
    return number(value, lang, 1)


def percent(value: object, lang: str = "vi", decimals: int = 1) -> str:
    """59.2 -> "59,2%" (vi) / "59.2%" (en). The value is already in percent."""
    if is_missing(value):
        return no_data(lang)
    return number(value, lang, decimals) + "%"


def ratio_percent(value: object, lang: str = "vi", decimals: int = 1) -> str:
    """0.592 -> "59,2%": a ratio shown as a percentage."""
    if is_missing(value):
        return no_data(lang)
    return percent(float(str(value)) * 100, lang, decimals)


def million_vnd(value: object, lang: str = "vi", decimals: int = 1) -> str:
    """6788.9 -> "6.788,9 triệu đồng" / "6,788.9 million VND"."""
    if is_missing(value):
        return no_data(lang)
    return t("unit.million_vnd_value", lang, value=number(value, lang, decimals, trim=True))


def billion_vnd(value_million: object, lang: str = "vi", decimals: int = 2) -> str:
    """A sum in million VND shown in billions: 6788.9 -> "6,79 tỷ đồng" / "6.79 billion VND"."""
    if is_missing(value_million):
        return no_data(lang)
    return t("unit.billion_vnd_value", lang, value=number(float(str(value_million)) / 1000, lang, decimals))


def people(value: object, lang: str = "vi") -> str:
    """3530 -> "3.530 người" / "3,530 people"."""
    if is_missing(value):
        return no_data(lang)
    return t("unit.people_value", lang, value=integer(value, lang))


UNIT_FORMATTERS = {
    "people": people,
    "million VND": million_vnd,
}


def with_unit(value: object, unit: str, lang: str = "vi") -> str:
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


def date(value: object, lang: str = "vi") -> str:
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


def date_time(value: object, lang: str = "vi") -> str:
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


def year_range(year_from: object, year_to: object) -> str:
    if is_missing(year_from) and is_missing(year_to):
        return ""
    if is_missing(year_from) or year_from == year_to:
        return str(int(float(str(year_to))))
    if is_missing(year_to):
        return str(int(float(str(year_from))))
    return f"{int(float(str(year_from)))}–{int(float(str(year_to)))}"


# ---- tables for people ----------------------------------------------------------------------


def format_frame(
    df: pd.DataFrame, columns: dict[str, tuple[str, Callable[[object, str], str] | None]], lang: str
) -> pd.DataFrame:
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
    """UTF-8 with a byte-order mark so Excel opens Vietnamese text correctly.

    Every text cell and header is quoted (numbers are not): a spreadsheet whose list separator is
    ";" or a tab still reads one cell per value, and `neutralise_formulas` has marked every part
    of a cell that could start a formula after such a separator.
    """
    return neutralise_formulas(df).to_csv(index=False, quoting=csv.QUOTE_NONNUMERIC).encode("utf-8-sig")


NUMBER_FORMATS = "number_formats"
"""Key of a download frame's `attrs`: header -> the spreadsheet number format of its cells (a
measure's, `kcdash.measures.number_formats`); the values themselves stay as they are."""


def to_excel_bytes(
    df: pd.DataFrame, sheet_name: str = "data", *, notes: pd.DataFrame | None = None, notes_sheet: str = "notes"
) -> bytes:
    """The table on its own sheet, each measure's cells in its number format (`NUMBER_FORMATS`);
    `notes` (e.g. what is illustrative and the source list) on a second sheet, so the file
    carries them wherever it is sent."""
    buf = io.BytesIO()
    formats: dict[str, str] = dict(df.attrs.get(NUMBER_FORMATS) or {})
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        neutralise_formulas(df).to_excel(writer, index=False, sheet_name=sheet_name[:31])
        sheet = writer.sheets[sheet_name[:31]]
        for i, header in enumerate(df.columns, start=1):
            if str(header) in formats:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                    cell.number_format = formats[str(header)]
        if notes is not None:
            neutralise_formulas(notes).to_excel(writer, index=False, sheet_name=notes_sheet[:31])
    return buf.getvalue()


def to_parquet_bytes(df: pd.DataFrame, *, note: str = "") -> bytes:
    """Parquet; `note` (what is illustrative, the sources) is stored in the file's metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    buf = io.BytesIO()
    frame = neutralise_formulas(df)
    frame.columns = [str(c) for c in frame.columns]
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if note:
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), b"kcdash.note": note.encode("utf-8")})
    pq.write_table(table, buf)
    return buf.getvalue()
