"""Administrative units as they were in a given year: the kind of a district-level unit and its
name with that kind, so a bare name is never read as the province of the same name.

The data carries, per district, its `kind` now (as of the last year it existed), the year it
became that kind (`kind_since_year`) and the kind before (`previous_kind`): a town (thị xã) that
became a city in 2010 is "TX …" in 2008 and "TP …" in 2012. Pure functions, no Streamlit, no database.
"""

from __future__ import annotations

import functools
import math

KINDS = ("city", "town", "district")

_PREFIX_VI = {"city": "TP", "town": "TX", "district": "huyện"}
_SUFFIX_EN = {"city": "City", "town": "Town", "district": "District"}
# prefixes a stored Vietnamese name may already carry (longest first)
_KNOWN_PREFIXES_VI = ("thành phố ", "thị xã ", "huyện ", "tp. ", "tp ", "tx. ", "tx ", "quận ")
_KNOWN_SUFFIXES_EN = (" city", " town", " district")


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value).strip() in ("", "<NA>")


def kind_in_year(kind: str, kind_since_year: object, previous_kind: object, year: int) -> str:
    """The kind a unit had in `year`: `previous_kind` before `kind_since_year`, else `kind`."""
    if _missing(kind_since_year) or _missing(previous_kind):
        return kind
    return str(previous_kind) if int(year) < int(float(str(kind_since_year))) else kind


def bare_name(name: str, lang: str) -> str:
    """The name without a kind word it may carry: "TP Hà Tiên" -> "Hà Tiên",
    "Ha Tien City" -> "Ha Tien"."""
    text = str(name).strip()
    if lang == "en":
        low = text.lower()
        for suffix in _KNOWN_SUFFIXES_EN:
            if low.endswith(suffix):
                return text[: -len(suffix)].strip()
        return text
    low = text.lower()
    for prefix in _KNOWN_PREFIXES_VI:
        if low.startswith(prefix):
            return text[len(prefix) :].strip()
    return text


@functools.lru_cache(maxsize=16_384)  # pure; ~1 400 district labels a page run at national scale
def unit_label(name: str, kind: str, lang: str) -> str:
    """A district-level name with its kind: "huyện Tân Uyên", "TX Sa Pa", "Tan Uyen District"."""
    base = bare_name(name, lang)
    if lang == "en":
        suffix = _SUFFIX_EN.get(kind)
        return f"{base} {suffix}" if suffix else base
    prefix = _PREFIX_VI.get(kind)
    return f"{prefix} {base}" if prefix else base


def unit_label_in_year(
    name: str, kind: str, kind_since_year: object, previous_kind: object, year: int, lang: str
) -> str:
    """`unit_label` with the kind the unit had in `year` (a town that became a city in 2010 is "TX …" in 2008)."""
    return unit_label(name, kind_in_year(kind, kind_since_year, previous_kind, year), lang)
