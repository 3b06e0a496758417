"""Text helpers every step shares: the comparison key of a header or a name, and a cell cleaned."""

from __future__ import annotations

import re
import unicodedata

from kcdash import safe
from kcdash.accents import without_marks

MISSING = {"", "-", "–", "—", "không có", "khong co", "n/a", "#n/a"}


def fold(text: str) -> str:
    """Compare key: no diacritics, đ→d, lower case, punctuation and spaces collapsed."""
    return re.sub(r"[^0-9a-z]+", " ", without_marks(text).casefold()).strip()


def clean(text: object) -> str | None:
    """NFC, no-break spaces as spaces, trimmed; the missing markers (empty, "-", "không có") as None."""
    if text is None:
        return None
    s = str(text)
    if not s.isascii():
        s = unicodedata.normalize("NFC", s).replace("\u00a0", " ").replace("\u202f", " ")
    s = s.strip()
    if len(s) <= 9 and s.casefold() in MISSING:
        return None
    return s


def no_parens(text: str) -> str:
    """The text without its bracketed parts: "Kinh phí (triệu đồng)" -> "Kinh phí "."""
    return re.sub(r"[\(\[].*?[\)\]]", " ", text)


def neutralise(value: object) -> object:
    """A cell safe to open in a spreadsheet (kcdash.safe, the one formula neutraliser)."""
    return safe.neutralise(value)


def printable(text: str) -> str:
    """Text safe to print to a terminal (kcdash.safe.strip_controls: no ANSI escapes, no bidi)."""
    return str(safe.strip_controls(text))
