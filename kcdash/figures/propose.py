"""Every figure a khuyến công report states, proposed as a published-figure row with its quote.

Nothing here publishes anything: a steward accepts, corrects or rejects each proposal
(`kcdash.figures.commit`). The rules follow how provincial reports write (see BRIEF): money
with tỷ/tỉ/triệu and the Vietnamese decimal comma, counts with their noun, gần / trên / khoảng,
the two funds, plans against results, rates that are not totals, money that is not khuyến
công's (đối ứng, investment attracted, revenue), totals with their parts, a headline that says
otherwise than the body. What the text does not say is left empty and flagged, never guessed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from kcdash.figures import numbers
from kcdash.figures.links import deduplicated, headline_against_body, totals_and_parts
from kcdash.figures.model import Check, Proposal, Reading
from kcdash.figures.text import (
    Gazetteer,
    Sentence,
    Span,
    clause_at,
    clause_bounds,
    dateline,
    district_names,
    fold,
    province_votes,
    sentences,
    trim,
)
from kcdash.figures.words import (
    COUNT,
    COUNT_NOUNS,
    FUNDS,
    JOBS,
    NOT_KHUYEN_CONG_MONEY,
    PART_LEAD,
    PERIOD_PART,
    PERIOD_RANGE,
    PERIOD_YEAR,
    PLAN_SENTENCE,
    QUALIFIER_BEFORE,
    QUALIFIERS,
    RATE_AFTER,
    RATE_BEFORE,
    STATUS_WORDS,
    SUPPORT,
    THIS_YEAR,
    TRAINING,
    VOCATIONAL,
    WEAK_DONE_WORDS,
    YEAR,
    status_of,
)

__all__ = ["Check", "Proposal", "Reading", "propose"]


# ---- reading ------------------------------------------------------------------------------
@dataclass
class _Context:
    text: str
    folded: str
    gazetteer: Gazetteer
    province_code: str | None
    document_date: datetime.date | None
    document_period: tuple[int, int] | None
    sentences: list[Sentence]
    # worked out once per text (a 50-page report has thousands of sentences)
    _mentions: dict[int, list[tuple[int, _Period]]] = field(default_factory=dict)
    _carried: list[_Period | None] | None = None
    _years: set[int] | None = None
    _index: dict[int, int] | None = None

    def index_of(self, sentence: Sentence) -> int:
        if self._index is None:
            self._index = {s.start: i for i, s in enumerate(self.sentences)}
        return self._index[sentence.start]

    def mentions(self, i: int) -> list[tuple[int, _Period]]:
        """The periods sentence `i` names, with their places."""
        if i not in self._mentions:
            s = self.sentences[i]
            self._mentions[i] = _period_mentions(self, s.start, s.end)
        return self._mentions[i]

    def carried(self, i: int) -> _Period | None:
        """The last period a sentence before `i` named, leaving out plans' and other money's."""
        if self._carried is None:
            last: _Period | None = None
            self._carried = []
            for k, s in enumerate(self.sentences):
                self._carried.append(last)
                if _is_plan(self, s) or NOT_KHUYEN_CONG_MONEY.search(self.folded, s.start, s.end):
                    continue  # "Theo kế hoạch năm nay, …", revenue, investment: not the results' period
                found = self.mentions(k)
                if found:
                    last = found[-1][1]
        return self._carried[i]

    def written_years(self) -> set[int]:
        """The single years the text writes out (not those counted from its date)."""
        if self._years is None:
            self._years = {
                p.year_to
                for k in range(len(self.sentences))
                for _, p in self.mentions(k)
                if p.year_to is not None and p.year_from == p.year_to and not p.flags
            }
        return self._years


def propose(
    text: str,
    gazetteer: Gazetteer,
    *,
    province_code: str | None = None,
    document_date: datetime.date | None = None,
) -> Reading:
    """Propose every figure of `text`. `province_code` (the steward's choice) overrides the
    province read from the text; `document_date` the date read from its dateline."""
    folded = fold(text)
    votes = province_votes(text, folded, gazetteer)
    found = votes[0][0] if votes and (len(votes) == 1 or votes[0][1] > votes[1][1]) else None
    sents = sentences(text)
    ctx = _Context(
        text,
        folded,
        gazetteer,
        province_code or found,
        document_date or dateline(text),
        None,
        sents,
    )
    ctx.document_period = document_period(ctx)
    raw: list[Proposal] = []
    for s in sents:
        raw += _in_sentence(ctx, s)
    raw.sort(key=lambda p: p.value_start)  # in the order the text states them
    proposals = headline_against_body(deduplicated(raw))
    for i, p in enumerate(proposals, start=1):
        p.number = i
    checks = totals_and_parts(ctx.folded, ctx.sentences, proposals)
    return Reading(
        tuple(proposals), tuple(checks), ctx.province_code, tuple(votes), ctx.document_date, ctx.document_period
    )


def document_period(ctx: _Context) -> tuple[int, int] | None:
    """The period the whole text speaks of: the first range in its headline or first two
    paragraphs ("Sau 5 năm (2007-2012)"), else the one year its headline names."""
    lead = [s for s in ctx.sentences if s.paragraph <= 1]
    for s in lead:
        for m in PERIOD_RANGE.finditer(ctx.text, s.start, s.end):
            a, b = int(m.group("a")), int(m.group("b"))
            if a <= b:
                return a, b
    for s in lead:
        year = PERIOD_YEAR.search(ctx.folded, s.start, s.end)
        if year:
            return int(year.group("y")), int(year.group("y"))
    return None


@dataclass
class _Period:
    year_from: int | None
    year_to: int | None
    part: str | None
    flags: list[str]


def _period_mentions(ctx: _Context, start: int, end: int) -> list[tuple[int, _Period]]:
    found: list[tuple[int, _Period]] = []
    taken: list[tuple[int, int]] = []
    for m in PERIOD_PART.finditer(ctx.folded, start, end):
        n = m.group("n") or m.group("n2")
        part = "year_to_date" if n is None else ("6_months" if n in ("6", "sáu") else "9_months")
        y = m.group("y") or m.group("y2") or m.group("y3")
        found.append((m.start(), _Period(int(y) if y else None, int(y) if y else None, part, [])))
        taken.append(m.span())
    for m in PERIOD_RANGE.finditer(ctx.folded, start, end):
        a, b = int(m.group("a")), int(m.group("b"))
        if a <= b and not any(s <= m.start() < e for s, e in taken):
            found.append((m.start(), _Period(a, b, None, [])))
            taken.append(m.span())
    for m in PERIOD_YEAR.finditer(ctx.folded, start, end):
        if not any(s <= m.start() < e for s, e in taken):
            y = int(m.group("y"))
            found.append((m.start(), _Period(y, y, None, [])))
    for m in THIS_YEAR.finditer(ctx.folded, start, end):
        if not any(s <= m.start() < e for s, e in taken):
            ahead = 1 if m.group(0).lower() in ("năm tới", "năm sau") else 0
            if ctx.document_date is not None:  # "năm nay", "năm tới": counted from the dateline
                y = ctx.document_date.year + ahead
                found.append((m.start(), _Period(y, y, None, ["year_from_document_date"])))
            else:
                found.append((m.start(), _Period(None, None, None, [])))
    return sorted(found, key=lambda x: x[0])


def _period_for(ctx: _Context, sentence: Sentence, pos: int) -> _Period:
    """The nearest period before the figure in its sentence, else after it, else the last one
    the text named before the sentence (a report says "Năm 2023, …" once and goes on), else the
    document's. A part of a year without its year takes the one year the text names, else the
    dateline's year (flagged), else none: the steward is asked, nothing is guessed."""
    index = ctx.index_of(sentence)
    here = ctx.mentions(index)
    before = [p for at, p in here if at <= pos]
    after = [p for at, p in here if at > pos]
    period: _Period | None = before[-1] if before else (after[0] if after else None)
    carried = False
    if period is None:
        period = ctx.carried(index)
        carried = period is not None
    if period is None and ctx.document_period is not None:
        period = _Period(ctx.document_period[0], ctx.document_period[1], None, [])
    if period is None:
        return _Period(None, None, None, ["period_needs_steward"])
    period = _Period(period.year_from, period.year_to, period.part, list(period.flags))
    if period.year_to is None:
        years = set(ctx.written_years())
        if period.part and len(years) == 1:
            period.year_from = period.year_to = years.pop()
        elif ctx.document_date is not None:
            period.year_from = period.year_to = ctx.document_date.year
            period.flags.append("year_from_document_date")
        else:
            period.flags.append("period_needs_steward")
    whole_year = re.search(r"(?<![\wÀ-ỹ])cả năm(?![\wÀ-ỹ])", ctx.folded[sentence.start : sentence.end])
    if carried and period.part and (_is_plan(ctx, sentence) or whole_year):
        period.part = None  # a whole-year plan or estimate ("ước thực hiện cả năm") in a part-year report
    return period


def _is_plan(ctx: _Context, sentence: Sentence) -> bool:
    """A sentence about a plan: "kế hoạch", "dự kiến", "phấn đấu"…, not "đạt 63% kế hoạch"."""
    for m in PLAN_SENTENCE.finditer(ctx.folded, sentence.start, sentence.end):
        if not (
            m.group(0) == "kế hoạch"
            and re.search(r"(%|đạt|so với|vượt)\s*$", ctx.folded[max(0, m.start() - 12) : m.start()])
        ):
            return True
    return False


def _qualifier(ctx: _Context, pos: int) -> str:
    m = QUALIFIER_BEFORE.search(ctx.folded[max(0, pos - 16) : pos])
    return QUALIFIERS.get(m.group("q").lower(), "exact") if m else "exact"


def _status(ctx: _Context, sentence: Sentence, clause: Span, pos: int) -> str:
    """Planned, estimated or done: a sentence opening on its status ("Ước thực hiện cả năm, …",
    "Theo kế hoạch, …") is all of that status; else the nearest strong word before the figure
    (ước…, kế hoạch, dự kiến, phê duyệt, đã …), else a weak one (thực hiện, giải ngân), else done.
    "đạt 100% kế hoạch" measures a result against its plan: it is no plan."""
    words = [
        m
        for m in STATUS_WORDS.finditer(ctx.folded, sentence.start, sentence.end)
        if not (
            m.group(0).lower() == "kế hoạch"
            and re.search(r"(%|đạt|so với|vượt)\s*$", ctx.folded[max(0, m.start() - 12) : m.start()])
        )
    ]
    first = clause_bounds(ctx.text, sentence)[0]
    opening = [m for m in words if m.start() < first.end]
    if (
        opening
        and first.end <= pos
        and len(first.of(ctx.text).split()) <= 6
        and opening[0].group(0).lower() not in WEAK_DONE_WORDS
    ):
        return status_of(opening[0].group(0))
    before = [m for m in words if m.end() <= pos]
    strong = [m for m in before if m.group(0).lower() not in WEAK_DONE_WORDS]
    if strong:
        return status_of(strong[-1].group(0))
    if before:
        return "done"
    after = [m for m in words if pos <= m.start() < clause.end]
    return status_of(after[0].group(0)) if after else "done"


def _fund(ctx: _Context, clauses: list[Span], k: int, pos: int, adjacent: bool) -> tuple[str | None, int]:
    """The fund named nearest before the figure in its clause (else after it in the clause); for
    money stated alone in its sentence (`adjacent`), also a fund named in the next or previous
    clause ("Với kinh phí gần 4 tỷ đồng, các chương trình khuyến công quốc gia …"). Returned with
    the clause it stands in, for the quote."""
    clause = clauses[k]
    named = sorted((m.start(), code) for code, rx in FUNDS for m in rx.finditer(ctx.folded, clause.start, clause.end))
    before = [code for at, code in named if at < pos]
    if before:
        return before[-1], k
    after = [
        (at, code, end)
        for code, rx in FUNDS
        for m in rx.finditer(ctx.folded, pos, clause.end)
        for at, end in [m.span()]
    ]
    after.sort()
    if after and not re.match(r"\s*(\S+\s+){0,2}\d", ctx.text[after[0][2] : clause.end]):
        return (
            after[0][1],
            k,
        )  # "… 3 đề án khuyến công quốc gia", not "… 1.482,5 triệu (ngân sách tỉnh 1.032,5 …)": that fund is the next figure's
    for j in range(k - 1, -1, -1):  # "Đối với nguồn khuyến công quốc gia, Bộ … phê duyệt 3 đề án"
        if re.match(r"(đối với|về|từ|với|bằng)\s+(nguồn|kinh phí|vốn)", ctx.folded[clauses[j].start : clauses[j].end]):
            found = {code for code, rx in FUNDS if rx.search(ctx.folded, clauses[j].start, clauses[j].end)}
            if len(found) == 1:
                return found.pop(), k
    if adjacent:
        for j in (k + 1, k - 1):
            if 0 <= j < len(clauses):
                found = {code for code, rx in FUNDS if rx.search(ctx.folded, clauses[j].start, clauses[j].end)}
                if len(found) == 1:
                    return found.pop(), j
    return None, k


_DISTRICT_KIND = r"(?:huyện|thị xã|thành phố|tp\.?|tx\.?)\s+"


def _districts_in(ctx: _Context, start: int, end: int) -> set[str]:
    """Districts named in [start, end); a name inside a longer one (a district "X" inside
    a district "X Đông") is not a mention of its own."""
    spans: list[tuple[int, int, str]] = []
    piece = ctx.folded[start:end]
    for place in ctx.gazetteer.districts:
        if ctx.province_code and place.province_code != ctx.province_code:
            continue
        for name in district_names(place):
            for m in re.finditer(_DISTRICT_KIND + re.escape(fold(name)) + r"(?![\wÀ-ỹ])", piece):
                spans.append((m.start(), m.end(), place.code))
    return {c for a, b, c in spans if not any(x <= a and b <= y and (x, y) != (a, b) for x, y, _ in spans)}


_NEXT_NUMBER = re.compile(r"(?<![\d.,])\d")


def _district(ctx: _Context, clauses: list[Span], k: int, quote: Span, pos: int) -> str | None:
    """The one district a figure belongs to: named in its own clause or quote, or in a sentence
    that opens on it ("Tại huyện Hồng Dân, …"); a district named elsewhere in the sentence, or
    several, leave the figure province-wide."""
    own = _districts_in(ctx, min(clauses[k].start, quote.start), max(clauses[k].end, quote.end))
    if len(own) == 1:
        return own.pop()
    if own:  # "01 cụm … tại huyện A và 01 cụm … tại huyện B": each its own
        nxt = _NEXT_NUMBER.search(ctx.text, pos + 1, clauses[k].end)
        mine = _districts_in(ctx, pos, nxt.start() if nxt else clauses[k].end)
        return mine.pop() if len(mine) == 1 else None
    for j in range(k - 1, -1, -1):
        if re.match(r"(tại|ở|trên địa bàn)\s", ctx.folded[clauses[j].start : clauses[j].end]):
            opening = _districts_in(ctx, clauses[j].start, clauses[j].end)
            return opening.pop() if len(opening) == 1 else None
    return None


def _craft(ctx: _Context, sentence: Sentence) -> str | None:
    piece = ctx.folded[sentence.start : sentence.end]
    found = {code for code, name in ctx.gazetteer.crafts if fold(name) in piece}
    return found.pop() if len(found) == 1 else None


def _quote(ctx: _Context, clauses: list[Span], first: int, last: int, at: int | None = None) -> Span:
    """Clauses first..last, with what makes them read alone: the clauses before when the figure
    opens its clause ("đào tạo nghề, truyền nghề cho 3.530 lao động"), the clauses after up to
    the district named ("…xã Sín Chải, xã Tả Sìn Thàng, huyện Tủa Chùa"), and a short period
    phrase before them ("Giai đoạn 2008-2013, …")."""
    if at is not None:
        while (
            first > 0
            and len(ctx.text[clauses[first].start : at].split()) <= 4
            and not ctx.text[clauses[first].start].isupper()
            and not re.search(r"\d", clauses[first - 1].of(ctx.text))  # another figure's clause stays its own
        ):
            first -= 1
            if len(ctx.text[clauses[first].start : at].split()) > 4:
                break
        district = re.compile(r"(huyện|thị xã|thành phố|tp\.?|tx\.?)\s+[A-ZĐÀ-Ỹ]", re.I)
        for j in range(last + 1, len(clauses)):
            if not district.search(ctx.text, clauses[j].start, clauses[j].end):
                continue
            if all(
                re.match(
                    r"\s*(xã|phường|thị trấn|huyện|thị xã|thành phố|tp|tx)\b",
                    ctx.folded[clauses[i].start : clauses[i].end],
                )
                for i in range(last + 1, j + 1)
            ):
                last = j
            break
    if first > 0:
        lead = clauses[first - 1].of(ctx.text)
        if len(lead.split()) <= 6 and (
            PERIOD_RANGE.search(lead) or PERIOD_PART.search(fold(lead)) or re.match(r"(Năm|Trong năm)\s", lead)
        ):
            first -= 1
    return trim(ctx.text, Span(clauses[first].start, clauses[last].end))


def _in_sentence(ctx: _Context, sentence: Sentence) -> list[Proposal]:
    text, _folded = ctx.text, ctx.folded
    clauses = clause_bounds(text, sentence)
    if not clauses:
        return []
    out: list[Proposal] = []
    money = list(numbers.MONEY.finditer(text, sentence.start, sentence.end))
    money_in_sentence = len(money)
    for m in money:
        p = _money(ctx, sentence, clauses, m, single=money_in_sentence == 1)
        if p is not None:
            out.append(p)
    for m in COUNT.finditer(text, sentence.start, sentence.end):
        if any(o.value_start <= m.start() < o.value_end for o in out):
            continue
        p = _count(ctx, sentence, clauses, m)
        if p is not None:
            out.append(p)
    out += _named_facts(ctx, sentence, clauses)
    return out


def _base(
    ctx: _Context, sentence: Sentence, clauses: list[Span], k: int, quote: Span, start: int, end: int
) -> dict[str, object]:
    period = _period_for(ctx, sentence, start)
    return {
        "number": 0,
        "qualifier": _qualifier(ctx, start),
        "status": _status(ctx, sentence, clauses[k], start),
        "period_from_year": period.year_from,
        "period_to_year": period.year_to,
        "period_part": period.part,
        "province_code": ctx.province_code,
        "district_code": _district(ctx, clauses, k, quote, start),
        "quote": quote.of(ctx.text),
        "quote_start": quote.start,
        "value_start": start,
        "value_end": end,
        "flags": list(period.flags),
        "headline": sentence.headline,
    }


def _money(
    ctx: _Context, sentence: Sentence, clauses: list[Span], m: re.Match[str], *, single: bool
) -> Proposal | None:
    value = numbers.money_million(m)
    if value is None or value <= 0:
        return None
    folded = ctx.folded
    k = clause_at(clauses, m.start())
    clause = clauses[k]
    before_in_clause = folded[clause.start : m.start()]
    if RATE_BEFORE.search(folded[max(clause.start, m.start() - 20) : m.start()]) or RATE_AFTER.search(
        folded[m.end() : m.end() + 20]
    ):
        return None  # "50 triệu đồng/cơ sở", "mức hỗ trợ tối đa 300 triệu đồng": a rate, not a total
    if NOT_KHUYEN_CONG_MONEY.search(folded, clause.start, clause.end):
        return None
    if (
        not m.group("dong")
        and not m.group("plain")
        and not re.search(
            r"kinh phí|ngân sách|vốn|nguồn|khuyến công|\bkc\b|hỗ trợ|giải ngân|dự toán|phân bổ|\btổng\b",
            folded[sentence.start : sentence.end],
        )
    ):
        return None  # "2,6 tỷ" with no word of money around it
    fund, fund_clause = _fund(ctx, clauses, k, m.start(), adjacent=single)
    if (
        fund is None
        and PART_LEAD.search(before_in_clause)
        and re.search(r"\bkhác\b", folded[clause.start : clause.end])
    ):
        fund = "other"
    quote = _quote(ctx, clauses, min(k, fund_clause), max(k, fund_clause), m.start())
    base = _base(ctx, sentence, clauses, k, quote, m.start(), m.end())
    return Proposal(metric="budget_million_vnd", value=value, unit="million VND", fund_code=fund, **base)  # type: ignore[arg-type]


def _count(ctx: _Context, sentence: Sentence, clauses: list[Span], m: re.Match[str]) -> Proposal | None:
    folded = ctx.folded
    noun = fold(m.group("noun"))
    kind, unit = COUNT_NOUNS[noun]
    value = numbers.parse_decimal(m.group("num"), count=True)
    if value is None:
        return None
    k = clause_at(clauses, m.start())
    clause = clauses[k]
    before = folded[max(clause.start, m.start() - 20) : m.start()]
    if re.search(r"(mỗi|bình quân|trung bình|/)\s*$", before) or re.match(r"\s*/", folded[m.end() : m.end() + 3]):
        return None
    clause_text = folded[clause.start : clause.end]
    sentence_before = folded[sentence.start : m.start()]
    activity_type = None
    if kind == "people":
        after_clause = folded[m.end() : clause.end]
        if JOBS.search(clause_text) or JOBS.search(after_clause):
            metric = "new_jobs"
        elif TRAINING.search(clause_text) or TRAINING.search(sentence_before[-120:]) or noun == "học viên":
            metric = "trainees"
        else:
            return None
        unit = "people"
    elif kind == "establishments_supported":
        after = folded[m.end() : m.end() + 90]
        nxt = _NEXT_NUMBER.search(after)
        after = after[: nxt.start()] if nxt else after  # up to the next figure
        if not (SUPPORT.search(clause_text) or SUPPORT.search(sentence_before[-80:]) or SUPPORT.search(after)):
            return None
        metric = kind
    elif kind == "clusters":
        if re.search(r"mỗi (huyện|địa phương)", folded[sentence.start : m.start()]):
            return None  # the goal: read by _named_facts
        kinds = list(
            re.finditer(r"(?:lập )?quy hoạch chi tiết|hạ tầng|xây dựng|lập quy hoạch|hỗ trợ|góp vốn", sentence_before)
        )
        if not kinds:
            return None
        metric = "detailed_plan_clusters" if kinds[-1].group(0).endswith("quy hoạch chi tiết") else "clusters_supported"
    elif kind == "craft_villages":
        if not re.search(r"công nhận|\bcó\b", clause_text):
            return None
        metric = kind
    else:
        metric = kind
        if re.search(r"đủ (tiêu chuẩn|điều kiện)|chưa", clause_text):
            return None
    if VOCATIONAL.search(clause_text) and metric in ("trainees", "new_jobs", "activity_count"):
        activity_type = "nd45_1"
    fund, fund_clause = _fund(ctx, clauses, k, m.start(), adjacent=False)
    quote = _quote(ctx, clauses, min(k, fund_clause), max(k, fund_clause), m.start())
    base = _base(ctx, sentence, clauses, k, quote, m.start(), m.end())
    p = Proposal(metric=metric, value=value, unit=unit, fund_code=fund, **base)  # type: ignore[arg-type]
    p.activity_type_code = activity_type
    p.craft_code = _craft(ctx, sentence) if metric in ("activity_count", "trainees") else None
    return p


_GOAL = re.compile(r"mỗi (huyện|địa phương)[^.;]{0,60}?(?P<num>\d+)\s+(cụm công nghiệp|ccn)", re.I)
_FOUNDED = re.compile(r"trung tâm (khuyến công|kc)[^.;]{0,80}?(được )?thành lập", re.I)
_FOUNDED_DATE = re.compile(rf"tháng\s+(?P<m>\d{{1,2}})/(?P<y>{YEAR})|năm\s+(?P<y2>{YEAR})", re.I)
_NAMED_PLAN = re.compile(
    r"[Qq]uy hoạch chi tiết (cụm công nghiệp|ccn) (?P<name>[A-ZĐÀ-Ỹ][^\s,.;]*(?: [A-ZĐÀ-Ỹ][^\s,.;]*)*)"
)
_NO_VILLAGES = re.compile(r"chưa có làng nghề", re.I)


def _named_facts(ctx: _Context, sentence: Sentence, clauses: list[Span]) -> list[Proposal]:
    """Figures written in words: the goal of one cluster per district, the year the centre was
    founded, a detailed plan of a named cluster (one cluster), "chưa có làng nghề" (none)."""
    text, folded = ctx.text, ctx.folded
    out: list[Proposal] = []

    def make(metric: str, value: Decimal, unit: str, start: int, end: int, status: str | None = None) -> Proposal:
        k = clause_at(clauses, start)
        quote = trim(text, Span(clauses[k].start, clauses[k].end))
        base = _base(ctx, sentence, clauses, k, quote, start, end)
        p = Proposal(metric=metric, value=value, unit=unit, fund_code=None, **base)  # type: ignore[arg-type]
        if status:
            p.status = status
        return p

    for m in _GOAL.finditer(folded, sentence.start, sentence.end):
        p = make(
            "clusters_per_district_goal",
            Decimal(int(m.group("num"))),
            "clusters per district",
            m.start("num"),
            m.end("num"),
            "planned",
        )
        p.district_code = None
        out.append(p)
    if _FOUNDED.search(folded, sentence.start, sentence.end):
        d = _FOUNDED_DATE.search(folded, sentence.start, sentence.end)
        if d:
            year = int(d.group("y") or d.group("y2"))
            p = make("centre_founded_year", Decimal(year), "year", d.start(), d.end())
            p.period_from_year = p.period_to_year = year
            p.period_part = None
            p.flags = []
            k = clause_at(clauses, d.start())
            founded = _FOUNDED.search(folded, sentence.start, sentence.end)
            last = clause_at(clauses, founded.end() - 1) if founded else k
            quote = trim(text, Span(clauses[min(k, last)].start, clauses[max(k, last)].end))
            p.quote, p.quote_start = quote.of(text), quote.start
            out.append(p)
    for m in _NAMED_PLAN.finditer(text, sentence.start, sentence.end):
        p = make("detailed_plan_clusters", Decimal(1), "clusters", m.start("name"), m.end("name"))
        p.flags.append("named_cluster")
        out.append(p)
    for m in _NO_VILLAGES.finditer(folded, sentence.start, sentence.end):
        p = make("craft_villages", Decimal(0), "craft villages", m.start(), m.end())
        out.append(p)
    return out
