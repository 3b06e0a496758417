"""What a reading of a report yields: proposals (each a published-figure row with its quote),
the checks of totals against their parts, and the reading as a whole."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from kcdash.figures import numbers


@dataclass
class Proposal:
    """One figure the text states, as a published-figure row would hold it."""

    number: int
    metric: str
    value: Decimal
    unit: str
    fund_code: str | None
    qualifier: str
    status: str
    period_from_year: int | None
    period_to_year: int | None
    period_part: str | None
    province_code: str | None
    district_code: str | None
    quote: str
    quote_start: int
    value_start: int  # where the number itself stands in the text (marked on the console)
    value_end: int
    craft_code: str | None = None
    activity_type_code: str | None = None
    part_of: int | None = None
    flags: list[str] = field(default_factory=list)
    headline: bool = False

    def key(self) -> tuple[object, ...]:
        return (self.metric, self.value, self.unit, self.fund_code, self.period_from_year, self.period_to_year,
                self.period_part, self.district_code, self.status, self.qualifier)  # fmt: skip

    def as_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "metric": self.metric,
            "value": numbers.decimal_text(self.value),
            "unit": self.unit,
            "fund_code": self.fund_code,
            "qualifier": self.qualifier,
            "status": self.status,
            "period_from_year": self.period_from_year,
            "period_to_year": self.period_to_year,
            "period_part": self.period_part,
            "province_code": self.province_code,
            "district_code": self.district_code,
            "craft_code": self.craft_code,
            "activity_type_code": self.activity_type_code,
            "part_of": self.part_of,
            "flags": list(self.flags),
            "quote": self.quote,
            "quote_start": self.quote_start,
        }


@dataclass(frozen=True)
class Check:
    """A total and the parts the text gives of it, and whether they add up."""

    total: int
    parts: tuple[int, ...]
    parts_sum: Decimal
    adds_up: bool


@dataclass(frozen=True)
class Reading:
    """All a report yields: its proposals, the checks of totals, and what the steward must decide."""

    proposals: tuple[Proposal, ...]
    checks: tuple[Check, ...]
    province_code: str | None  # the province the text is about (None: the steward chooses)
    province_votes: tuple[tuple[str, int], ...]
    document_date: datetime.date | None
    document_period: tuple[int, int] | None
