"""The report as an editable Word document (python-docx), in the same form as the PDF.

The font is named "Times New Roman" (what offices' Word has; Decree 30/2020 asks for it);
charts are PNG at 2x (python-docx embeds raster images only); page numbers are a PAGE field in
the header, centred, not shown on the first page (Decree 30/2020, Appendix I). The header's
sizes and rules follow Appendix I: quốc hiệu 12 pt with tiêu ngữ 13 pt, the tiêu ngữ's rule as
long as its line, the issuing body's and the trích yếu's rules 2/5 of theirs (1/3 to 1/2).
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from kcdash.report.browser import ChartImages
from kcdash.report.measure import text_width_cm
from kcdash.report.model import Chart, Paragraph, Report, Table

FONT = "Times New Roman"
BODY_PT = 13
TABLE_PT = 11
TEXT_WIDTH_CM = 21.0 - 3.0 - 1.5
ISSUER_PT = 12  # cơ quan chủ quản and cơ quan ban hành: 12–13 pt
MOTTO_COUNTRY_PT = 12  # quốc hiệu and tiêu ngữ come in pairs: 12 with 13, or 13 with 14
MOTTO_WORDS_PT = 13
TITLE_PT = 14
SHORT_RULE = 0.4  # the issuing body's and the trích yếu's rules: between 1/3 and 1/2 of the line
HEADER_CM = (6.6, TEXT_WIDTH_CM - 6.6)
CELL_MARGIN_CM = 0.19  # Word's default left and right cell margin (108 twips)


def _font(
    run_or_style: object, size: float | None = None, *, bold: bool | None = None, italic: bool | None = None
) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = FONT
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    # East-Asian and complex-script slots too, so Word never falls back to another font
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.append(rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), FONT)


def _para(
    container: object,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    indent_first: bool = False,
    left_cm: float = 0.0,
    after_pt: float = 6,
) -> DocxParagraph:
    p: DocxParagraph = container.add_paragraph()  # type: ignore[attr-defined]
    if text:
        _font(p.add_run(text), size, bold=bold, italic=italic)
    pf = p.paragraph_format
    pf.space_after = Pt(after_pt)
    pf.space_before = Pt(0)
    if align is not None:
        p.alignment = align
    if indent_first:
        pf.first_line_indent = Cm(1)
    if left_cm:
        pf.left_indent = Cm(left_cm)
    return p


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the document out."""
    run = paragraph.add_run()
    _font(run, BODY_PT)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = instruction
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, sep, shown, end):
        run._r.append(el)


def _no_borders(table: object) -> None:
    tbl = table._tbl  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl.tblPr.append(borders)


def _widths(table: Any, widths: list[Length]) -> None:
    """Fixed column widths: the grid (what LibreOffice reads) and every cell (what Word reads)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _shade(cell: _Cell, hex_fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_fill)
    tcpr.append(shd)


def _repeat_header(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _rule(paragraph: DocxParagraph) -> None:
    """A short line under the issuer / motto, as a bottom border of an empty paragraph."""
    ppr = paragraph._p.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    pbdr.append(bottom)
    ppr.append(pbdr)


def _rule_under(paragraph: DocxParagraph, room_cm: float, length_cm: float, after_pt: float) -> None:
    """`paragraph` becomes a centred rule `length_cm` long in a line `room_cm` wide."""
    side = max((room_cm - length_cm) / 2, 0.0)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    paragraph.paragraph_format.space_after = Pt(after_pt)
    _font(paragraph.add_run(""), 4)
    _rule(paragraph)


Line = tuple[str, float, bool, bool]  # text, size, bold, italic


def _cell_text(cell: _Cell, width_cm: float, lines: list[Line], *, rule_after: int, rule_share: float) -> None:
    """Centred lines in a header cell; under line `rule_after`, a rule `rule_share` of its width."""
    room = width_cm - 2 * CELL_MARGIN_CM
    cell.paragraphs[0].text = ""
    first = True
    for i, (text, size, bold, italic) in enumerate(lines):
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        _font(p.add_run(text), size, bold=bold, italic=italic)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        if rule_after == i:
            line = min(text_width_cm(text, size, bold=bold), room)
            _rule_under(cell.add_paragraph(), room, rule_share * line, 6)


def _draft_box(cell: _Cell, text: str) -> None:
    """The "DỰ THẢO" mark (Appendix I, box 12) under the number: bold, boxed, where a reader
    looks for the number, so a draft cannot pass for a signed report."""
    p = cell.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_before = Pt(4)
    _font(p.add_run(f" {text} "), BODY_PT, bold=True)
    pbdr = OxmlElement("w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{edge}")
        for k, v in (("w:val", "single"), ("w:sz", "8"), ("w:space", "1"), ("w:color", "000000")):
            el.set(qn(k), v)
        pbdr.append(el)
    p._p.get_or_add_pPr().append(pbdr)
    width = text_width_cm(f" {text} ", BODY_PT, bold=True) + 0.3
    indent = max((HEADER_CM[0] - 2 * CELL_MARGIN_CM - width) / 2, 0.0)
    p.paragraph_format.left_indent = Cm(indent)
    p.paragraph_format.right_indent = Cm(indent)


def _header(doc: object, report: Report) -> None:
    if report.letterhead:
        table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
        _no_borders(table)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _widths(table, [Cm(w) for w in HEADER_CM])
        left, right = table.rows[0].cells
        issuer_lines: list[Line] = [(report.issuer_parent, ISSUER_PT, False, False)] if report.issuer_parent else []
        issuer_lines.append((report.issuer, ISSUER_PT, True, False))
        _cell_text(
            left,
            HEADER_CM[0],
            [*issuer_lines, (report.number_line, BODY_PT, False, False)],
            rule_after=len(issuer_lines) - 1,
            rule_share=SHORT_RULE,
        )
        if report.draft_mark:
            _draft_box(left, report.draft_mark)
        _cell_text(
            right,
            HEADER_CM[1],
            [
                (report.motto_country, MOTTO_COUNTRY_PT, True, False),
                (report.motto_words, MOTTO_WORDS_PT, True, False),
                (report.place_date, BODY_PT, False, True),
            ],
            rule_after=1,
            rule_share=1.0,
        )
    elif report.draft_mark:
        _para(doc, report.draft_mark, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=6)
    _para(
        doc, report.title, size=TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=0
    ).paragraph_format.space_before = Pt(12)
    _para(doc, report.subtitle, size=TITLE_PT, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=2)
    line = min(text_width_cm(report.subtitle, TITLE_PT, bold=True), TEXT_WIDTH_CM)
    _rule_under(_para(doc, "", size=4, align=WD_ALIGN_PARAGRAPH.CENTER), TEXT_WIDTH_CM, SHORT_RULE * line, 12)


def _paragraph(doc: object, p: Paragraph) -> None:
    kind = p.kind
    italic = kind in ("quote", "note", "source")
    size = {"note": 12, "source": 11}.get(kind, BODY_PT)
    para = _para(
        doc,
        size=size,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        indent_first=kind == "body",
        left_cm=1.5 if kind in ("quote", "source") else (1.0 if kind == "bullet" else 0.0),
    )
    if kind == "bullet":
        _font(para.add_run("– "), size)
    if p.bold_lead:
        _font(para.add_run(p.bold_lead), size, bold=True, italic=italic)
    _font(para.add_run(p.text), size, italic=italic)


def _table(doc: object, tb: Table) -> None:
    _para(
        doc, tb.caption, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=2
    ).paragraph_format.keep_with_next = True
    table = doc.add_table(rows=1 + len(tb.rows), cols=len(tb.header))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = tb.widths if tb.widths and len(tb.widths) == len(tb.header) else [1.0] * len(tb.header)
    total = sum(widths)
    for j, cell in enumerate(table.rows[0].cells):
        cell.text = ""
        _font(cell.paragraphs[0].add_run(tb.header[j]), TABLE_PT, bold=True)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _shade(cell, "F0F0F0")
    _repeat_header(table.rows[0])
    for i, row in enumerate(tb.rows, start=1):
        cells = table.rows[i].cells
        for j, value in enumerate(row):
            par = cells[j].paragraphs[0]
            _font(par.add_run(value), TABLE_PT)
            par.paragraph_format.space_after = Pt(0)
            if tb.numeric[j]:
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _widths(table, [Cm(TEXT_WIDTH_CM * w / total) for w in widths])
    _para(doc, tb.source, size=11, italic=True, after_pt=2)
    if tb.note:
        _para(doc, tb.note, size=11, italic=True, after_pt=8)


def _chart(doc: object, chart: Chart, image: ChartImages | None) -> None:
    if image is not None and image.png:
        p = _para(doc, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=2)
        p.paragraph_format.keep_with_next = True
        p.add_run().add_picture(io.BytesIO(image.png), width=Cm(TEXT_WIDTH_CM))
    _para(doc, chart.caption, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after_pt=2)
    _para(doc, chart.source, size=11, italic=True, after_pt=8)


def _closing(doc: object, report: Report) -> None:
    _para(doc, "", after_pt=6)
    if not report.letterhead:  # a summary: no Nơi nhận, no signature
        _para(doc, report.generated_note, size=10, italic=True)
        return
    table = doc.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    _no_borders(table)
    _widths(table, [Cm(8.0), Cm(TEXT_WIDTH_CM - 8.0)])
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    _font(left.paragraphs[0].add_run(report.recipients_title), 12, bold=True, italic=True)
    for line in report.recipients:
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _font(p.add_run(line), 11)
    right.paragraphs[0].text = ""
    _font(right.paragraphs[0].add_run(report.signer_title), BODY_PT, bold=True)
    right.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    # room for the signature and seal, then the signer's name (box 7c), bold like the title
    name = right.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    name.paragraph_format.space_before = Pt(72)
    _font(name.add_run(report.signer_name), BODY_PT, bold=True)
    gen = _para(doc, report.generated_note, size=10, italic=True)
    gen.paragraph_format.space_before = Pt(36)


def _properties(doc: Any, report: Report) -> None:
    """File properties as an office's own file has them: python-docx's template says it was made
    in 2013 by "python-docx", which a reader of the properties would take for the author."""
    made = datetime.datetime.combine(report.created, datetime.time(8, 0))
    props = doc.core_properties
    props.title = f"{report.title} — {report.subtitle}"
    props.subject = report.subtitle
    props.language = report.lang
    props.author = report.author
    props.last_modified_by = report.author
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.created = made
    props.modified = made
    props.revision = 1


def render_docx(report: Report, images: list[ChartImages] | None = None) -> bytes:
    """The report as .docx bytes; `images` are the charts' renderings in `report.charts()` order."""
    images = images or []
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(header, "PAGE")
    normal = doc.styles["Normal"]
    _font(normal, BODY_PT)
    normal.paragraph_format.line_spacing = 1.15
    _properties(doc, report)

    _header(doc, report)
    chart_index = 0
    for sec in report.sections:
        heading = _para(doc, sec.heading, bold=True, italic=sec.level > 1, after_pt=6)
        heading.paragraph_format.space_before = Pt(10)
        heading.paragraph_format.keep_with_next = True
        for block in sec.blocks:
            if isinstance(block, Paragraph):
                _paragraph(doc, block)
            elif isinstance(block, Table):
                _table(doc, block)
            else:
                image = images[chart_index] if chart_index < len(images) else None
                chart_index += 1
                _chart(doc, block, image)
    _closing(doc, report)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
