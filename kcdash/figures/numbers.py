"""Numbers as Vietnamese reports write them, read exactly (Decimal), in the contract's units.

Money: "6 tỷ 788,9 triệu đồng", "12,705 tỷ đồng", "3,15 tỉ đồng", "4.150 triệu đồng", "560 triệu
đồng", "2,6 tỷ", "1.500.000.000 đồng" → million VND. Counts: "3.530", "01". The decimal mark is
a comma and the thousands mark a dot; a dot followed by other than groups of three digits is read
as a decimal point (a report typed on an English keyboard), a comma in a count of people is read
as a thousands mark (3,530 people cannot be three and a half).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

NUMBER = r"\d+(?:[.,]\d+)*"
"""A number as written: digits with dots and commas between them."""

_BILLION = r"(?:tỷ|tỉ)"
_MILLION = r"triệu"
_DONG = r"(?:đồng|đ\b|VNĐ|VND)"

MONEY = re.compile(
    rf"(?P<whole>{NUMBER})\s*(?P<scale>{_BILLION}|{_MILLION}|nghìn|ngàn)"
    rf"(?:\s+(?P<rest>{NUMBER})\s*(?P<rest_scale>{_MILLION}|nghìn|ngàn))?"
    rf"(?:\s*(?P<dong>{_DONG}))?"
    rf"|(?P<plain>\d{{1,3}}(?:\.\d{{3}}){{2,}})\s*(?P<plain_dong>{_DONG})",
    re.IGNORECASE,
)
"""An amount of money; group `dong` is empty for "2,6 tỷ" (the unit is then read from the context)."""

_SCALE_MILLION = {
    "tỷ": Decimal(1000),
    "tỉ": Decimal(1000),
    "triệu": Decimal(1),
    "nghìn": Decimal("0.001"),
    "ngàn": Decimal("0.001"),
}


def parse_decimal(text: str, *, count: bool = False) -> Decimal | None:
    """'6.788,9' → 6788.9; '12,705' → 12.705 (a count: 12705); '4.5' → 4.5; '01' → 1."""
    s = text.strip()
    if not s:
        return None
    if "," in s and "." in s:
        # "6.788,9": dots group thousands, the comma marks decimals; "6,788.9": the English habit
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    elif "," in s:
        parts = s.split(",")
        if count and all(len(p) == 3 for p in parts[1:]):
            s = s.replace(",", "")
        elif len(parts) == 2:
            s = s.replace(",", ".")
        else:
            return None
    elif "." in s:
        parts = s.split(".")
        if all(len(p) == 3 for p in parts[1:]):
            s = s.replace(".", "")  # thousands: "3.530", "4.150"
        elif len(parts) == 2:
            pass  # "4.5": a decimal point
        else:
            return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def money_million(m: re.Match[str]) -> Decimal | None:
    """The amount a MONEY match states, in million VND."""
    if m.group("plain"):
        whole = parse_decimal(m.group("plain"))
        return None if whole is None else whole / Decimal(1_000_000)
    whole = parse_decimal(m.group("whole"))
    if whole is None:
        return None
    value = whole * _SCALE_MILLION[m.group("scale").lower()]
    if m.group("rest"):
        rest = parse_decimal(m.group("rest"))
        if rest is None:
            return None
        value += rest * _SCALE_MILLION[m.group("rest_scale").lower()]
    return normal(value)


def normal(value: Decimal) -> Decimal:
    """Without trailing zeros and never in exponent form: 4020.000 → 4020, 6788.90 → 6788.9."""
    value = value.normalize()
    return value.quantize(Decimal(1)) if value == value.to_integral() else value


def decimal_text(value: Decimal) -> str:
    """The exact value as plain text: '6788.9', '4020'."""
    return format(normal(value), "f")
