"""Step 5, convert: numbers as people write them, into the contract's units, exactly.

"6.788,9" and "1,250.5" become plain decimal text; a budget written in đồng ("120.500.000"),
nghìn đồng or triệu đồng becomes million VND with :class:`decimal.Decimal` (never a binary
float on the way), so it stays exact to the đồng. Counts written with a decimal part other than
zero are left as written for :mod:`kcdash.validate` to refuse ("must be a whole number").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from kcdash.importer.columns import UNITS
from kcdash.schema import Column

_N = r"[+-]?"
_COMMA_STRONG = (re.compile(_N + r"\d{1,3}(\.\d{3})+,\d+"), re.compile(_N + r"\d+,\d+"))
_DOT_STRONG = (re.compile(_N + r"\d{1,3}(,\d{3})+\.\d+"), re.compile(_N + r"\d+\.\d+"))
_DOT_GROUPS = re.compile(_N + r"\d{1,3}(\.\d{3})+")  # 3.530: thousands in Vietnamese, or 3.53?
_COMMA_GROUPS = re.compile(_N + r"\d{1,3}(,\d{3})+")
_COMMA_NUMBER = re.compile(_N + r"(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
_DOT_NUMBER = re.compile(_N + r"(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
_PLAIN = re.compile(_N + r"\d+(\.\d+)?")
MILLION = Decimal(1_000_000)
DEFAULT_UNIT = "trieu_dong"  # the contract's unit, when neither the header nor the steward names one


def decimal_mark(cells: list[str]) -> str:
    """ "," or "." for a file, from its numeric text cells: unambiguous cells first, then habits."""
    strong = {",": 0, ".": 0}
    weak = {",": 0, ".": 0}
    for s in cells:
        s = re.sub(r"[\s\u00a0\u202f%]", "", s)
        if _DOT_GROUPS.fullmatch(s):
            weak[","] += 1
        elif _COMMA_GROUPS.fullmatch(s):
            weak["."] += 1
        elif any(p.fullmatch(s) for p in _COMMA_STRONG):
            strong[","] += 1
        elif any(p.fullmatch(s) for p in _DOT_STRONG):
            strong["."] += 1
    if strong[","] != strong["."]:
        return "," if strong[","] > strong["."] else "."
    if weak[","] != weak["."]:
        return "," if weak[","] > weak["."] else "."
    return "."


def plain_number(s: str, mark: str, *, whole: bool = False, percent: bool = False) -> str:
    """ "6.788,9" -> "6788.9" (mark ","), "1,250.5" -> "1250.5" (mark "."); other text unchanged."""
    t = re.sub(r"[\s\u00a0\u202f]", "", s)
    if percent and t.endswith("%"):
        t = t[:-1]
    if mark == "," and _COMMA_NUMBER.fullmatch(t):
        return t.replace(".", "").replace(",", ".")
    if mark == "." and whole and _DOT_GROUPS.fullmatch(t):  # 3.530 people: a count has no decimals
        return t.replace(".", "")
    if mark == "." and _DOT_NUMBER.fullmatch(t):
        return t.replace(",", "")
    return s


def numeric(col: Column) -> bool:
    return col.sql_type in ("INTEGER", "BIGINT", "DOUBLE") or col.sql_type.startswith("DECIMAL")


def decimal_text(value: Decimal) -> str:
    """A Decimal as plain text, no exponent, no trailing zeros: 120.500000 -> "120.5"."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def to_million(text: str, unit: str) -> str:
    """Plain number text in `unit` ("dong", "nghin_dong", "trieu_dong") as million VND text, exact."""
    if not _PLAIN.fullmatch(text):
        return text  # not a number: the validator says so
    try:
        value = Decimal(text) * UNITS[unit] / MILLION
    except InvalidOperation:
        return text
    return decimal_text(value)


def exact(text: str) -> Decimal | None:
    """Plain number text as a Decimal (None when it is not one)."""
    if not _PLAIN.fullmatch(text):
        return None
    return Decimal(text)
