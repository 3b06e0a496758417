"""How a report's figures stand to one another: the same figure said twice, a headline against its
body, a total and its parts (linked, and checked when there are two or more)."""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from decimal import Decimal

from kcdash.figures.model import Check, Proposal
from kcdash.figures.text import Sentence
from kcdash.figures.words import PART_LEAD, TOTAL


def deduplicated(proposals: Iterable[Proposal]) -> list[Proposal]:
    """The same figure said twice (in the body) is proposed once, at its first place."""
    out: list[Proposal] = []
    seen: set[tuple[object, ...]] = set()
    for p in proposals:
        key = (p.headline, *p.key())
        if key in seen:
            continue
        seen.add(key)
        out.append(p)
    return out


def headline_against_body(proposals: list[Proposal]) -> list[Proposal]:
    """A headline's figure that the body repeats is the body's; one the body states otherwise is
    kept beside it and both are flagged (never resolved here)."""
    body = [p for p in proposals if not p.headline]
    out: list[Proposal] = []
    for p in proposals:
        if not p.headline:
            out.append(p)
            continue
        same = [b for b in body if b.metric == p.metric and b.unit == p.unit and b.fund_code == p.fund_code]
        if any(b.value == p.value for b in same):
            continue
        if same:
            p.flags.append("headline_disagrees")
            for b in same:
                if "headline_disagrees" not in b.flags:
                    b.flags.append("headline_disagrees")
        out.append(p)
    return out


def totals_and_parts(folded: str, sentences: list[Sentence], proposals: list[Proposal]) -> list[Check]:
    """A total and the figures of the same measure that follow it as its parts, in its sentence
    or in a next sentence opening with "Trong đó": linked, and checked when two or more. A figure
    is a total when it names no fund and says "tổng", or is followed by "trong đó" / "bao gồm"
    before its parts; its parts name a fund or follow that word."""
    checks: list[Check] = []
    by_sentence: dict[int, list[Proposal]] = {}
    starts = [s.start for s in sentences]
    for p in proposals:
        idx = bisect.bisect_right(starts, p.value_start) - 1
        by_sentence.setdefault(idx, []).append(p)
    for idx, group in sorted(by_sentence.items()):
        nxt = sentences[idx + 1] if idx + 1 < len(sentences) else None
        if nxt is not None and PART_LEAD.match(folded[nxt.start : nxt.start + 12]):
            group = group + by_sentence.get(idx + 1, [])
        for i, total in enumerate(group):
            if total.fund_code is not None or total.part_of is not None:
                continue
            said_total = TOTAL.search(folded[min(total.quote_start, total.value_start) : total.value_start])
            parts: list[Proposal] = []
            for p in group[i + 1 :]:
                if p.metric != total.metric or p.unit != total.unit:
                    continue
                led = PART_LEAD.search(folded[total.value_end : p.value_start])
                if p.fund_code is None and not led:
                    break  # another figure of the same measure, not a part
                if p.part_of is None and p.period_to_year == total.period_to_year and (said_total or led):
                    parts.append(p)
            if not parts:
                continue
            for p in parts:
                p.part_of = total.number
            if len(parts) >= 2:
                parts_sum = sum((p.value for p in parts), Decimal(0))
                ok = parts_sum == total.value
                checks.append(Check(total.number, tuple(p.number for p in parts), parts_sum, ok))
                if not ok:
                    total.flags.append("parts_do_not_add_up")
    return checks
