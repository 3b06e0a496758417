"""Text from data, made safe for where it goes: Markdown, spreadsheets, Plotly hovers, terminals.

The one place for each of these (docs/SECURITY.md): a file name, a record title or a note that
came from an uploaded file is data, never markup, never a formula, never a terminal command.

- `md_escape`: data text placed inside Markdown (st.markdown, st.caption, labels);
- `neutralise` / `neutralise_formulas`: every cell and header of a download or a grid a person
  can export, so a spreadsheet opens "=HYPERLINK(…)" as text, not as a formula;
- `hover_text`: data text inside a Plotly hovertemplate (HTML-escaped, no "%{" variables);
- `strip_controls`: messages printed to a terminal (no ANSI escape sequences, no bidi overrides).

No Streamlit here: the chart and format modules use it too.
"""

from __future__ import annotations

import html
import re
from typing import TypeVar

import pandas as pd

# ---- Markdown -------------------------------------------------------------------------------

# Characters that start Markdown or Streamlit markup inline: emphasis, code, links and images,
# HTML, LaTeX ($), strikethrough, tables, headings, colour/badge directives (:red[…]), material
# icons (:material/…:), autolinks (https://, mailto:, a@b) and entities (&lt;).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$:/@&])")
_WWW = re.compile(r"(?i)\b(www)\.")  # GFM turns a bare www.example.org into a link
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def md_escape(text: object) -> str:
    """Data text shown through Markdown as itself, on one line: nothing in it is markup.

    A backslash before ASCII punctuation is a literal in CommonMark, so the text renders exactly
    as written; line breaks become spaces (a line of its own could start a heading or a list).
    """
    one_line = _LINE_BREAKS.sub(" ", "" if text is None else str(text))
    return _WWW.sub(r"\1\\.", _MD_SPECIAL.sub(r"\\\1", one_line))


# ---- spreadsheets ---------------------------------------------------------------------------

# OWASP "CSV injection": a cell starting with one of these may be read as a formula by Excel,
# LibreOffice or Google Sheets (full-width forms included, which some locales accept).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

T = TypeVar("T")


def neutralise(value: T) -> T | str:
    """A cell safe to open in a spreadsheet: text starting like a formula gets a leading apostrophe.

    Anything that is not text (a number, a date, a missing value) is returned unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell and header starting like a formula gets a leading apostrophe.

    Numbers are left alone (a negative difference stays a number); only text is touched. A column
    with no such cell is kept as it is (on every rerun, most columns of most tables have none).
    """
    out = df.copy(deep=False)
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        values = series.tolist()
        if any(isinstance(v, str) and v.startswith(FORMULA_PREFIXES) for v in values):
            out[col] = pd.Series([neutralise(v) for v in values], index=series.index, dtype=object)
    out.columns = [neutralise(c) for c in out.columns]
    return out


# ---- Plotly ---------------------------------------------------------------------------------


def hover_text(text: object) -> str:
    """Data text placed inside a hovertemplate: HTML-escaped, and "%{" cannot start a variable."""
    return html.escape(str(text), quote=False).replace("%{", "%\u200b{")


# ---- terminals ------------------------------------------------------------------------------

# C0 controls but tab and newline, DEL, C1 controls (ESC-less CSI is \x9b), and the Unicode
# bidirectional overrides that can make a name read differently from what it is.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_controls(text: object) -> str:
    """Text safe to print to a terminal: each control character shown as an inert ``\\xNN``."""
    return _CONTROLS.sub(
        lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}", str(text)
    )
