"""Accepted proposals as published figures: one new data version, as an import is.

The document is kept with them (`source_documents`: the file as uploaded and the text the
quotes come from) and described in `sources` (title first, issuing body, date, web address).
Committing the same document again replaces what it gave before. Nothing is written unless
every accepted figure is complete (province, a value the contract can hold exactly).
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pyarrow as pa
import pyarrow.compute as pc

from kcdash import store
from kcdash.figures.numbers import decimal_text
from kcdash.figures.propose import Proposal
from kcdash.figures.read import Document
from kcdash.i18n import t
from kcdash.importer.commit import arrow_schema, verify_loads, write_all, writing
from kcdash.schema import PUBLISHED_FIGURES, SOURCE_DOCUMENTS, SOURCES, TEXT_MAX_CHARS, Table
from kcdash.validate import quote_ident

KINDS_VI = {"txt": "văn bản", "docx": "văn bản Word", "pdf": "văn bản PDF", "html": "trang web"}
KINDS_EN = {"txt": "text", "docx": "Word document", "pdf": "PDF document", "html": "web page"}
UNIT_WORDS = {"schemes": "đề án", "programmes": "chương trình", "classes": "lớp", "establishments": "cơ sở"}


@dataclass
class SourceInfo:
    """What the steward says of the document."""

    title: str = ""
    issuing_body: str = ""
    date_published: datetime.date | None = None
    url: str = ""


@dataclass
class CommitResult:
    version: str | None = None
    figures: int = 0
    source_file: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.version is not None and not self.problems


def source_file_name(doc: Document) -> str:
    """The name the document is kept under: its checksum, so the same file is the same source."""
    return f"report-{doc.sha256[:16]}.{doc.kind}"


def problems_of(proposals: Sequence[Proposal], lang: str = "vi") -> list[str]:
    """What stops the accepted figures from being published, one message each."""
    out = []
    for p in proposals:
        if not p.province_code:
            out.append(t("fig.commit_no_province", lang, n=p.number))
        if p.value != p.value.quantize(Decimal("0.1")):
            out.append(t("fig.commit_too_precise", lang, n=p.number, value=decimal_text(p.value)))
        if p.period_part and p.period_to_year is None:
            out.append(t("fig.commit_no_year", lang, n=p.number))
        if len(p.quote) > TEXT_MAX_CHARS:
            out.append(t("fig.commit_quote_too_long", lang, n=p.number, limit=TEXT_MAX_CHARS))
    return out


def _label(p: Proposal, lang: str) -> str:
    text = t(f"published_metric.{p.metric}", lang)
    if p.metric == "activity_count":
        text = t("fig.label_count", lang, noun=UNIT_WORDS.get(p.unit, p.unit) if lang == "vi" else p.unit)
    if p.fund_code:
        text += f" ({t(f'fig.fund_{p.fund_code}', lang)})"
    return text


def _period_label(p: Proposal) -> str | None:
    if p.period_part and p.period_to_year is not None:
        return t(f"period_part.{p.period_part}", "vi", year=p.period_to_year)
    if p.period_from_year is None and p.period_to_year is None:
        return None
    if p.period_from_year == p.period_to_year or p.period_from_year is None:
        return str(p.period_to_year)
    if p.period_to_year is None:
        return f"từ {p.period_from_year}"
    return f"{p.period_from_year}–{p.period_to_year}"


def figure_rows(doc: Document, proposals: Sequence[Proposal]) -> list[dict[str, object]]:
    """Published-figure rows, one per accepted proposal, in the contract's columns."""
    src = source_file_name(doc)
    ids = {p.number: f"{src.split('.')[0]}-{p.number:03d}" for p in proposals}
    rows: list[dict[str, object]] = []
    for p in proposals:
        notes: list[tuple[str, dict[str, object]]] = []
        if "headline_disagrees" in p.flags:
            notes.append(("fig.note_headline", {}))
        if "parts_do_not_add_up" in p.flags:
            notes.append(("fig.note_parts", {}))
        if "year_from_document_date" in p.flags:
            notes.append(("fig.note_year_from_date", {}))
        rows.append(
            {
                "figure_id": ids[p.number],
                "province_code": p.province_code,
                "period_from_year": p.period_from_year,
                "period_to_year": p.period_to_year,
                "period_label": _period_label(p),
                "metric": p.metric,
                "fund_code": p.fund_code,
                "activity_type_code": p.activity_type_code,
                "craft_code": p.craft_code,
                "district_code": p.district_code,
                "value": p.value.quantize(Decimal("0.1")),
                "unit": p.unit,
                "qualifier": p.qualifier,
                "label_vi": _label(p, "vi"),
                "label_en": _label(p, "en"),
                "source_file": src,
                "quote": p.quote,
                "status": p.status,
                "period_part": p.period_part,
                "part_of": ids.get(p.part_of) if p.part_of is not None else None,
                "note_vi": " ".join(t(k, "vi", **kw) for k, kw in notes) or None,
                "note_en": " ".join(t(k, "en", **kw) for k, kw in notes) or None,
            }
        )
    return rows


def source_row(doc: Document, info: SourceInfo, proposals: Sequence[Proposal], user: str) -> dict[str, object]:
    title = info.title.strip()
    cited = title or f"[{doc.title.strip() or doc.file_name}]"
    years_from = [p.period_from_year for p in proposals if p.period_from_year is not None]
    years_to = [p.period_to_year for p in proposals if p.period_to_year is not None]
    provinces = {p.province_code for p in proposals if p.province_code}
    a, b = (min(years_from) if years_from else None), (max(years_to) if years_to else None)
    when = datetime.date.today().isoformat()
    return {
        "source_file": source_file_name(doc),
        "province_code": provinces.pop() if len(provinces) == 1 else None,
        "title_vi": title or None,
        "cited_title_vi": cited,
        "cited_title_en": cited,
        "title_is_supplied": not title,
        "headings_vi": None,
        "author_vi": None,
        "issuing_body_vi": info.issuing_body.strip() or None,
        "issuing_body_en": info.issuing_body.strip() or None,
        "place_vi": None,
        "place_en": None,
        "period_label": (f"{a}–{b}" if a != b else str(b)) if a is not None and b is not None else None,
        "period_from_year": a,
        "period_to_year": b,
        "date_published": info.date_published,
        "not_before_year": b,
        "kind_vi": KINDS_VI[doc.kind],
        "kind_en": KINDS_EN[doc.kind],
        "note_vi": t("fig.source_note", "vi", user=user or "?", file=doc.file_name, date=when),
        "note_en": t("fig.source_note", "en", user=user or "?", file=doc.file_name, date=when),
        "url": info.url.strip() or None,
    }


def document_row(doc: Document, user: str) -> dict[str, object]:
    return {
        "source_file": source_file_name(doc),
        "file_name": doc.file_name,
        "media_type": doc.media_type,
        "sha256": doc.sha256,
        "content_base64": base64.b64encode(doc.content).decode("ascii"),
        "text": doc.text,
        "added_by": user or None,
        "added_at": store.now_iso(),
    }


def _table(tdef: Table, rows: list[dict[str, object]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=arrow_schema(tdef).with_metadata(None))


def commit(
    doc: Document,
    accepted: Sequence[Proposal],
    info: SourceInfo,
    *,
    base: str,
    user: str = "",
    lang: str = "vi",
    timeout: float = 60.0,
) -> CommitResult:
    """Publish `accepted` (the steward's choice, as corrected) from `doc` as a new active version."""
    result = CommitResult(source_file=source_file_name(doc))
    if not accepted:
        result.problems.append(t("fig.commit_nothing", lang))
        return result
    result.problems = problems_of(accepted, lang)
    if result.problems:
        return result
    if store.is_uri(base):
        result.problems.append(t("fig.commit_local_only", lang))
        return result
    try:
        return _commit_locked(doc, accepted, info, result, base=base, user=user, timeout=timeout)
    except store.CommitConflict:
        result.problems.append(t("imp.conflict", lang))
        return result
    except store.StoreBusy:
        result.problems.append(t("fig.cli_busy", lang))
        return result


def _commit_locked(
    doc: Document,
    accepted: Sequence[Proposal],
    info: SourceInfo,
    result: CommitResult,
    *,
    base: str,
    user: str,
    timeout: float,
) -> CommitResult:
    src = result.source_file
    with writing(base, user, timeout) as db:
        cur = db.cursor()
        try:
            incoming = {
                PUBLISHED_FIGURES: _table(PUBLISHED_FIGURES, figure_rows(doc, accepted)),
                SOURCES: _table(SOURCES, [source_row(doc, info, accepted, user)]),
                SOURCE_DOCUMENTS: _table(SOURCE_DOCUMENTS, [document_row(doc, user)]),
            }
            replace: dict[str, str] = {}
            for tdef, tbl in incoming.items():
                cols = ", ".join(quote_ident(c) for c in tdef.column_names)
                existing = cur.sql(f"select {cols} from {quote_ident(tdef.name)}").to_arrow_table()
                kept = existing.filter(pc.not_equal(existing["source_file"], src))  # the same document: replaced
                name = f"next_{tdef.name}"
                cur.register(name, pa.concat_tables([kept.cast(tbl.schema), tbl]))
                replace[tdef.name] = f"select {cols} from {name}"
            manifest = {
                "action": "figures",
                "label_vi": t("fig.version_label", "vi", title=info.title.strip() or doc.file_name)
                + (f" ({user})" if user else ""),
                "label_en": t("fig.version_label", "en", title=info.title.strip() or doc.file_name)
                + (f" ({user})" if user else ""),
                "created_by": user,
                "source_file": doc.file_name,
                "source_sha256": doc.sha256,
                "source_bytes": len(doc.content),
                "table": "published_figures",
                "parent": str(db.version.get("id", "bundled")),
                "figures": [decimal_text(p.value) + " " + p.metric for p in accepted],
            }
            vid = store.commit_version(base, write_all(cur, replace), manifest, verify=verify_loads, author=user)
        finally:
            cur.close()
    result.version = vid
    result.figures = len(accepted)
    return result
