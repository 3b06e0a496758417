"""Text from data, made safe for where it goes: Markdown, spreadsheets, Plotly hovers, terminals.

The one place for each of these (docs/SECURITY.md): a file name, a record title or a note that
came from an uploaded file is data, never markup, never a formula, never a terminal command.

- `md_escape`: data text placed inside Markdown (st.markdown, st.caption, labels);
- `neutralise` / `neutralise_formulas`: every cell and header of a download or a grid a person
  can export, so a spreadsheet opens "=HYPERLINK(…)" as text, not as a formula;
- `hover_text`: data text inside a Plotly hovertemplate (HTML-escaped, no "%{" variables);
- `strip_controls`: messages printed to a terminal (no ANSI escape sequences, no bidi overrides);
- `printable_text`: text placed in a Word or PDF report (no character XML cannot hold).

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
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
# Streamlit's Markdown (remark-gfm) finds "literal autolinks" in the text *after* escapes are
# resolved, so a backslash cannot stop them: https://…, http://…, www.… and a@b.c become links.
# An invisible WORD JOINER where its patterns need two characters side by side breaks each one:
# between the scheme and "://", between "www" and ".", right after "@".
WORD_JOINER = "\u2060"
_AUTOLINK_STARTS = re.compile(r"(?i)(https?)(?=:)|(www)(?=\.)|(@)")


def defeat_autolinks(text: str) -> str:
    """`text` with a word joiner inside every web address, ``www.`` name and e-mail address, so
    no Markdown renderer makes a link of it (it reads the same; the joiner is invisible)."""
    return _AUTOLINK_STARTS.sub(lambda m: m.group() + WORD_JOINER, text)


def md_escape(text: object) -> str:
    """Data text shown through Markdown as itself, on one line: nothing in it is markup or a link.

    A backslash before ASCII punctuation is a literal in CommonMark, so the text renders exactly
    as written; line breaks become spaces (a line of its own could start a heading or a list);
    web and e-mail addresses are kept from becoming links (`defeat_autolinks`).
    """
    one_line = _LINE_BREAKS.sub(" ", "" if text is None else str(text))
    return _MD_SPECIAL.sub(r"\\\1", defeat_autolinks(one_line))


# ---- spreadsheets ---------------------------------------------------------------------------

# OWASP "CSV injection": a cell starting with one of these may be read as a formula by Excel,
# LibreOffice or Google Sheets (full-width forms included, which some locales accept).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")

# A spreadsheet may split a line at any of these (Excel's list separator is ";" in many
# locales, a paste splits at tabs): a formula can start after each of them, not only at the
# start of the cell.
_SEPARATORS = ",;\t\r\n"
_FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t\r\n][\s\"']*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20])")

T = TypeVar("T")


def _needs_neutralising(value: str) -> bool:
    return value.startswith(FORMULA_PREFIXES) or (
        any(c in value for c in _SEPARATORS) and _FORMULA_AFTER_SEPARATOR.search(value) is not None
    )


def neutralise(value: T) -> T | str:
    """A cell safe to open in a spreadsheet: text starting like a formula gets a leading
    apostrophe, and so does every part of it after a separator (``,``, ``;``, tab, line break)
    that starts like one, whatever separator the spreadsheet splits the line at.

    Anything that is not text (a number, a date, a missing value) is returned unchanged.
    """
    if not isinstance(value, str) or not _needs_neutralising(value):
        return value
    inner = _FORMULA_AFTER_SEPARATOR.sub(r"\1'", value)
    return "'" + inner if inner.startswith(FORMULA_PREFIXES) else inner


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell and header that could be read as a formula is neutralised.

    Numbers are left alone (a negative difference stays a number); only text is touched. A column
    with no such cell is kept as it is (on every rerun, most columns of most tables have none).
    """
    out = df.copy(deep=False)
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        values = series.tolist()
        if any(isinstance(v, str) and _needs_neutralising(v) for v in values):
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


# ---- Word and PDF ---------------------------------------------------------------------------

# Characters XML 1.0 cannot hold (a Word file is XML: python-docx refuses them) and that a PDF
# would print as boxes: C0 controls but tab and line breaks, DEL and C1 controls, lone surrogates,
# U+FFFE/U+FFFF.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def printable_text(text: str) -> str:
    """Text a Word or PDF report can hold: control characters dropped (they have no glyph)."""
    return _NOT_XML.sub("", text)
