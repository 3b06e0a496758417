"""The shape of a report's text: paragraphs, sentences, clauses, each with its place in the text
(so a quote is always an exact substring), and the place names of the reference data.

Pure: the gazetteer is handed in (built from the data by `kcdash.figures.gazetteer`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from kcdash.figures.words import DATELINE

_OLD_TONES = {  # the older tone placement ("Hoà", "Thanh Hoá") read as the newer one ("Hòa")
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_OLD_TONE_RE = re.compile("(?:" + "|".join(_OLD_TONES) + r")(?![^\W\d_])", re.IGNORECASE)  # at a syllable's end


def fold(text: str) -> str:
    """Lower case, one tone placement and one Đ (U+0110; reports also type U+00D0): for matching
    names and key words only; offsets are kept because every replacement has the same length."""
    text = text.replace("Ð", "Đ").replace("ð", "đ").lower()
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(0).lower()], text)


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int  # index of its paragraph
    headline: bool  # the document's first line, when it reads as a headline


def paragraphs(text: str) -> list[Span]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append(Span(pos, pos + len(line)))
        pos += len(line) + 1
    return out


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"“(]?[A-ZÀ-ỸĐ0-9])")


def is_headline(text: str, para: Span, following: int) -> bool:
    """A first line with no full stop at its end and at most 30 words, before other paragraphs."""
    line = para.of(text).strip()
    return following > 0 and not re.search(r"[.;:!?…]$", line) and len(line.split()) <= 30


def sentences(text: str) -> list[Sentence]:
    paras = paragraphs(text)
    out: list[Sentence] = []
    for i, para in enumerate(paras):
        headline = i == 0 and is_headline(text, para, len(paras) - 1)
        body = para.of(text)
        start = 0
        for m in _SENTENCE_END.finditer(body):
            out.append(Sentence(para.start + start, para.start + m.start(), i, headline))
            start = m.end()
        out.append(Sentence(para.start + start, para.end, i, headline))
    return out


_CLAUSE_BREAK = re.compile(r"(?<!\d),|,(?!\d)|[;:]|\s[–—-]\s")


def clause_bounds(text: str, sentence: Sentence) -> list[Span]:
    """The sentence cut at commas (not a decimal comma), semicolons, colons and spaced dashes."""
    body = text[sentence.start : sentence.end]
    out, start = [], 0
    for m in _CLAUSE_BREAK.finditer(body):
        out.append(Span(sentence.start + start, sentence.start + m.start()))
        start = m.end()
    out.append(Span(sentence.start + start, sentence.end))
    return [trim(text, s) for s in out if text[s.start : s.end].strip()]


def trim(text: str, span: Span) -> Span:
    """Without spaces or closing punctuation at either end (a quote starts and ends on a word)."""
    start, end = span.start, span.end
    while start < end and (text[start].isspace() or text[start] in ",;:.…"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.…"):
        end -= 1
    # an opening bracket or quote without its partner is left out
    for opening, closing in (("(", ")"), ("“", "”"), ("«", "»")):
        piece = text[start:end]
        if piece.count(opening) > piece.count(closing) and piece.endswith(opening):
            end -= 1
        if piece.count(closing) > piece.count(opening) and piece.endswith(closing):
            end -= 1
    return Span(start, end)


def clause_at(clauses: list[Span], pos: int) -> int:
    for i, c in enumerate(clauses):
        if c.start <= pos < c.end:
            return i
    return min(range(len(clauses)), key=lambda i: min(abs(clauses[i].start - pos), abs(clauses[i].end - pos)))


@dataclass(frozen=True)
class Place:
    code: str
    name: str  # as the reference data writes it
    kind: str  # province | city | district | town
    province_code: str
    alias: str = ""  # another name a report may use (a province's name since 1 July 2025)


@dataclass(frozen=True)
class Gazetteer:
    """The names a report may use for provinces, districts and crafts (from the reference data)."""

    provinces: tuple[Place, ...]
    districts: tuple[Place, ...]
    crafts: tuple[tuple[str, str], ...]  # (craft_code, Vietnamese name)

    def province_name(self, code: str) -> str:
        return next((p.name for p in self.provinces if p.code == code), code)


def province_names(place: Place) -> list[str]:
    """The ways a report names a province: "TP <name>" also as "<name>" and "Thành phố <name>",
    a province the 2025 reorganisation left alone also by its name since (`place.alias`), a
    name with a hyphen with any dash."""
    name = place.name
    names = {name, *([place.alias] if place.alias else [])}
    if name.startswith("TP "):
        names.add(name[3:])
        names.add("Thành phố " + name[3:])
    if " - " in name:
        names.add(name.replace(" - ", " – "))
        names.add(name.replace(" - ", "-"))
    return sorted(names, key=len, reverse=True)


def district_names(place: Place) -> list[str]:
    """A district as written after its kind word: "TP <name>" → "<name>", "TX <name>" → "<name>"."""
    name = re.sub(r"^(TP|TX|Huyện|Quận)\s+", "", place.name)
    return [name]


def province_votes(text: str, folded: str, gazetteer: Gazetteer) -> list[tuple[str, int]]:
    """How strongly the text names each province: "tỉnh X", "Sở Công Thương X", "khuyến công X"
    count three times, a bare name once; a name after huyện / thị xã / thành phố is a district."""
    votes: dict[str, int] = {}
    for place in gazetteer.provinces:
        for name in province_names(place):
            for m in re.finditer(r"(?<![\wÀ-ỹ])" + re.escape(fold(name)) + r"(?![\wÀ-ỹ])", folded):
                before = folded[max(0, m.start() - 25) : m.start()]
                if re.search(
                    r"(huyện|thị xã|thành phố|tp\.?|quận|xã|phường|thị trấn)\s*$", before
                ) and not name.startswith(("TP ", "Thành phố ")):
                    continue
                strong = re.search(r"(tỉnh|sở công thương|khuyến công|kc|trung tâm khuyến công)\s*$", before)
                votes[place.code] = votes.get(place.code, 0) + (3 if strong else 1)
            if place.code in votes:
                break  # the longest name found: a shorter form would count the same words again
    return sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))


def dateline(text: str) -> datetime.date | None:
    """The document's own date: a short line near its start or end ("<tỉnh>, ngày 15 tháng 10
    năm 2021", "Cập nhật: 15/10/2021"), never a date inside a sentence (a decree's date)."""
    paras = paragraphs(text)
    for para in [*paras[:5], *paras[-3:]]:
        line = para.of(text)
        if len(line.split()) > 14:
            continue
        m = DATELINE.search(line)
        if m:
            d, mo, y = (m.group("d") or m.group("d2")), (m.group("m") or m.group("m2")), (m.group("y") or m.group("y2"))
            try:
                return datetime.date(int(y), int(mo), int(d))
            except ValueError:
                continue
    return None
