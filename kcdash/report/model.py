"""The report as plain data: sections of paragraphs, tables and charts, in reading order.

`kcdash.report.content` fills it from the page queries; the Word and PDF writers only lay it
out, so both formats say exactly the same thing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Literal

import plotly.graph_objects as go

from kcdash.data import Filters
from kcdash.modes import MODES as MODES
from kcdash.modes import Mode as Mode

ParagraphKind = Literal["body", "bullet", "quote", "note", "source", "warning"]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph; `bold_lead` is printed in bold before `text` (e.g. a province name)."""

    text: str
    kind: ParagraphKind = "body"
    bold_lead: str = ""


@dataclass(frozen=True)
class Table:
    """A numbered table: header, rows of display text, which columns are numbers (right-aligned),
    its source line, and a note that is set when any number in it comes from illustrative rows."""

    caption: str
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    source: str
    note: str = ""
    illustrative: bool = False
    widths: list[float] = field(default_factory=list)  # relative column widths (optional)


@dataclass(frozen=True)
class Chart:
    """A numbered chart from `kcdash.charts`; `illustrative` charts carry a watermark in the image."""

    caption: str
    figure: go.Figure
    source: str
    illustrative: bool
    alt: str
    width_px: int = 900
    height_px: int = 480


Block = Paragraph | Table | Chart


@dataclass(frozen=True)
class Issuer:
    """The body that issues the report (Decree 30/2020, Appendix I, boxes 2 and 3): its parent
    body, its own name, the abbreviation after the document type in the ký hiệu ("BC-SCT"), the
    signer's title and the place on the place-date line. A province's report defaults to its Sở
    Công Thương; a report of several provinces has no issuer unless the user names one."""

    name: str
    abbr: str
    parent: str = ""
    signer_title: str = ""
    place: str = ""
    author: str = ""  # the issuing body in words, for the Word file's properties (default: `name`)


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 1


@dataclass
class Report:
    """Everything a writer needs, already in the reader's language and number format."""

    lang: str
    mode: Mode
    filters: Filters
    letterhead: bool  # False: a summary with no issuing body, number, Nơi nhận or signature
    issuer_parent: str
    issuer: str
    number_line: str
    draft_mark: str  # "DỰ THẢO" when any number comes from illustrative records, else ""
    motto_country: str
    motto_words: str
    place_date: str
    title: str
    subtitle: str
    sections: list[Section]
    recipients_title: str
    recipients: list[str]
    signer_title: str
    signer_name: str  # box 7c: a placeholder the official replaces with the signer's name
    author: str  # the Word file's author: the issuing body
    created: datetime.date
    file_stem: str
    generated_note: str

    def charts(self) -> list[Chart]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Chart)]

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]
