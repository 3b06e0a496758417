"""Builds tests/figures_corpus/: invented provincial khuyến công reports and the figures a reader must propose.

    .venv/bin/python -m tests.make_figures_corpus            # build, write expected answers, self-check
    .venv/bin/python -m tests.make_figures_corpus --check    # self-check the committed files only

Every document is written by hand as UTF-8 text in ``figures_corpus/src/<name>.txt`` (invented for the
tests, not copied from any published article) and built here into ``figures_corpus/<name>.<ext>`` as
plain text, .docx (python-docx), a saved web page (.html) or a PDF with a text layer (the print HTML
printed by headless Chromium). What each document is (province, period, traps, page furniture) and the
proposals a reader must make from it are declared by hand in ``figures_corpus/src/documents.json``, one
object per document whose keys are the fields of ``Doc``, ``P`` and ``Check`` below (a key left out takes
its default), and written to ``figures_corpus/<name>.expected.json``. ``figures_corpus/bad/`` holds inputs
the reader must refuse or find empty. The build is deterministic: .docx zip entries and PDF dates are fixed, so
re-running it rewrites the same bytes on the same machine (PDF bytes may differ with another Chromium).

Source markup (one block per line; blank lines are kept only in .txt output):
    ``# text``  headline          ``## text`` sub-heading       ``@ text``  dateline / byline / letterhead
    ``| a | b |`` table row (first row is the header)            ``**text**`` bold (html, docx)
    ``{NBSP}``  a no-break space (U+00A0; ``&nbsp;`` in html)     anything else: a paragraph

Self-check: every quote and every ``must_not_propose`` string is a substring of the document's extracted
text, every quote occurs once and holds a number expression that parses to the expected value, every
``must_not_read`` string (text inside scripts) is absent from it, and every total/parts check adds up as
declared. Extracted text is NFC with every run of whitespace (incl. U+00A0 and newlines) collapsed to one
space: .txt decoded as UTF-8 (BOM dropped); .docx body paragraphs and table-cell paragraphs in document
order; .html the visible text (html.parser; nothing inside head, script, style, template); .pdf plain
``pdftotext``.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "figures_corpus"
SRC = CORPUS / "src"
DOCUMENTS = SRC / "documents.json"
BAD = CORPUS / "bad"
CHROMIUM = "/usr/bin/chromium"
NBSP = "\u00a0"
FIXED_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
FIXED_DOCX_TIME = datetime(2024, 1, 1, 0, 0, 0)
FIXED_PDF_DATE = b"D:20240101000000+00'00'"

UNITS = {
    "budget_million_vnd": "million VND",
    "trainees": "people",
    "new_jobs": "people",
    "establishments_supported": "establishments",
    "clusters_supported": "clusters",
    "detailed_plan_clusters": "clusters",
    "craft_villages": "craft villages",
    "clusters_per_district_goal": "clusters per district",
}
# Which nouns may carry a count of each metric/unit (used by the self-check to find the number).
NOUNS = {
    ("activity_count", "schemes"): ("đề án",),
    ("activity_count", "programmes"): ("chương trình",),
    ("activity_count", "classes"): ("lớp",),
    ("trainees", "people"): ("học viên", "lao động", "người"),
    ("new_jobs", "people"): ("lao động",),
    ("establishments_supported", "establishments"): ("cơ sở",),
    ("clusters_supported", "clusters"): ("cụm công nghiệp",),
    ("detailed_plan_clusters", "clusters"): ("cụm công nghiệp",),
    ("craft_villages", "craft villages"): ("làng nghề",),
    ("clusters_per_district_goal", "clusters per district"): ("cụm công nghiệp",),
}
DOC = object()  # "take the document's default"


# --------------------------------------------------------------------------------------------------
# The expected answers
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class P:
    """One expected proposal. period/part/flags default to the document's (in documents.json: the key left out)."""

    metric: str
    value: str
    quote: str
    unit: str | None = None
    fund: str | None = None
    qual: str = "exact"
    status: str = "done"
    period: object = DOC
    part: object = DOC
    district: str | None = None
    flags: object = DOC
    num: str | None = None  # the number expression inside the quote, when the self-check cannot find it alone


@dataclass(frozen=True)
class Check:
    """A stated total and its stated parts (by quote and metric); adds_up is verified by the build."""

    metric: str
    total: str
    parts: tuple[str, ...]
    adds_up: bool
    unit: str | None = None  # needed where one quote holds two counts of the same metric


@dataclass(frozen=True)
class Doc:
    name: str
    ext: str
    province: str
    traps: str  # one line for the README
    proposals: tuple[P, ...]
    must_not: tuple[str, ...]
    period: tuple[int | None, int | None] = (None, None)
    part: str | None = None
    flags: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()
    date: str | None = None
    # .txt: byte-level habits
    bom: bool = False
    crlf: bool = False
    # .html: the page around the article
    site: str = ""
    menu: tuple[str, ...] = ()
    aside: tuple[str, ...] = ()
    footer: str = ""


STEWARD = "period_needs_steward"
NOADD = "parts_do_not_add_up"
# The banner script every .html page carries (build_html): figures in it must never be read.
SCRIPT_JUNK = "Hỗ trợ 100 triệu đồng cho mỗi cơ sở"


def _tuples(record: dict) -> dict:
    return {key: tuple(value) if isinstance(value, list) else value for key, value in record.items()}


def load_docs(path: Path = DOCUMENTS) -> tuple[Doc, ...]:
    """The documents declared in ``src/documents.json``; a key a proposal leaves out takes the document's value."""
    return tuple(
        Doc(
            **{
                **_tuples(doc),
                "proposals": tuple(P(**_tuples(p)) for p in doc["proposals"]),
                "checks": tuple(Check(**_tuples(c)) for c in doc.get("checks", ())),
            }
        )
        for doc in json.loads(path.read_text(encoding="utf-8"))
    )


DOCS = load_docs()


# --------------------------------------------------------------------------------------------------
# Source text → blocks
# --------------------------------------------------------------------------------------------------


@dataclass
class Block:
    kind: str  # h1, h2, meta, p, table, blank
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def read_blocks(name: str) -> list[Block]:
    blocks: list[Block] = []
    for raw in (SRC / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if not line:
            blocks.append(Block("blank"))
        elif line.startswith("## "):
            blocks.append(Block("h2", line[3:]))
        elif line.startswith("# "):
            blocks.append(Block("h1", line[2:]))
        elif line.startswith("@ "):
            blocks.append(Block("meta", line[2:]))
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if blocks and blocks[-1].kind == "table":
                blocks[-1].rows.append(cells)
            else:
                blocks.append(Block("table", rows=[cells]))
        else:
            blocks.append(Block("p", line))
    return blocks


def plain(text: str) -> str:
    """Source inline markup → the text a reader sees."""
    return text.replace("**", "").replace("{NBSP}", NBSP)


def headline(blocks: list[Block]) -> str:
    return next(plain(b.text) for b in blocks if b.kind == "h1")


# --------------------------------------------------------------------------------------------------
# Writers
# --------------------------------------------------------------------------------------------------


def build_txt(doc: Doc, blocks: list[Block]) -> bytes:
    lines = []
    for b in blocks:
        if b.kind == "table":
            lines.extend("\t".join(plain(c) for c in row) for row in b.rows)
        else:
            lines.append(plain(b.text))
    text = "\n".join(lines) + "\n"
    if doc.crlf:
        text = text.replace("\n", "\r\n")
    return (b"\xef\xbb\xbf" if doc.bom else b"") + text.encode("utf-8")


def _runs(paragraph, text: str) -> None:
    for i, part in enumerate(text.replace("{NBSP}", NBSP).split("**")):
        if part:
            paragraph.add_run(part).bold = bool(i % 2)


def fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry's timestamp fixed (python-docx stamps the current time)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def build_docx(doc: Doc, blocks: list[Block]) -> bytes:
    d = docx.Document()
    style = d.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for b in blocks:
        if b.kind == "h1":
            d.add_heading(plain(b.text), level=1)
        elif b.kind == "h2":
            d.add_heading(plain(b.text), level=2)
        elif b.kind == "meta":
            p = d.add_paragraph()
            _runs(p, b.text)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if "ngày" in b.text else WD_ALIGN_PARAGRAPH.CENTER
            for r in p.runs:
                r.italic = "ngày" in b.text
        elif b.kind == "p":
            _runs(d.add_paragraph(), b.text)
        elif b.kind == "table":
            t = d.add_table(rows=len(b.rows), cols=len(b.rows[0]))
            t.style = "Table Grid"
            for i, row in enumerate(b.rows):
                for j, cell in enumerate(row):
                    c = t.cell(i, j)
                    c.text = ""
                    run = c.paragraphs[0].add_run(plain(cell))
                    run.bold = i == 0
    # fixed properties, so that a rebuild writes the same bytes and no "python-docx" author shows
    properties = {
        "title": headline(blocks),
        "author": "figures corpus (invented for tests)",
        "last_modified_by": "tests/make_figures_corpus.py",
        "comments": "Tài liệu giả lập để kiểm thử; không phải bài báo đã đăng. Invented for tests.",
        "created": FIXED_DOCX_TIME,
        "modified": FIXED_DOCX_TIME,
        "revision": 1,
    }
    for name, value in properties.items():
        setattr(d.core_properties, name, value)
    buf = io.BytesIO()
    d.save(buf)
    return fixed_zip(buf.getvalue())


def _inline_html(text: str) -> str:
    out = []
    for i, part in enumerate(text.split("**")):
        esc = html.escape(part, quote=False).replace("{NBSP}", "&nbsp;")
        out.append(f"<strong>{esc}</strong>" if i % 2 else esc)
    return "".join(out)


def _article_html(blocks: list[Block], indent: str) -> list[str]:
    out = []
    for b in blocks:
        if b.kind == "h1":
            out.append(f"{indent}<h1>{_inline_html(b.text)}</h1>")
        elif b.kind == "h2":
            out.append(f"{indent}<h2>{_inline_html(b.text)}</h2>")
        elif b.kind == "meta":
            out.append(f'{indent}<p class="meta">{_inline_html(b.text)}</p>')
        elif b.kind == "p":
            out.append(f"{indent}<p>{_inline_html(b.text)}</p>")
        elif b.kind == "table":
            out.append(f"{indent}<table>")
            for i, row in enumerate(b.rows):
                tag = "th" if i == 0 else "td"
                out.append(f"{indent}  <tr>" + "".join(f"<{tag}>{_inline_html(c)}</{tag}>" for c in row) + "</tr>")
            out.append(f"{indent}</table>")
    return out


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]+", "-", "".join(c for c in folded if not unicodedata.combining(c)).lower()).strip("-")


def build_html(doc: Doc, blocks: list[Block]) -> bytes:
    head = headline(blocks)
    meta = [b for b in blocks if b.kind == "meta"]
    article = [b for b in blocks if b.kind != "meta"]
    h1 = article.pop(next(i for i, b in enumerate(article) if b.kind == "h1"))
    ld = json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": head, "datePublished": doc.date},
        ensure_ascii=False,
    )
    # Each province's portal runs its own CMS: its own menu, written out on one line as such
    # systems print it, so the six pages share the article's markup and little else.
    menu = "".join(f'<li><a href="/{_slug(item)}">{html.escape(item)}</a></li>' for item in doc.menu)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="vi">',
        '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
        "  <!-- Trang giả lập cho kiểm thử: bài viết được soạn riêng, không phải bài đã đăng. Invented for tests. -->",
        f"  <title>{html.escape(head)} | {html.escape(doc.site)}</title>",
        "  <style>body{font-family:Arial,sans-serif;margin:0}nav ul{list-style:none;display:flex;gap:1em}"
        ".meta{color:#777;font-size:.9em}aside{border-top:1px solid #ccc}footer{background:#eee;padding:1em}</style>"
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments);}"
        "gtag('js',new Date());gtag('config','G-K2C0NG2019');var _adSlots=[728,90,300,250];</script>",
        f'  <script type="application/ld+json">{ld}</script>',
        "</head>",
        f'<body><header class="site-header"><div class="logo"><a href="/">{html.escape(doc.site)}</a></div>'
        f"<nav><ul>{menu}</ul></nav></header>",
        "  <main>",
        "    <article>",
        f"      <h1>{_inline_html(h1.text)}</h1>",
        *[f'      <p class="meta"><time>{_inline_html(b.text)}</time></p>' for b in meta],
        *_article_html([b for b in article if b.kind != "blank"], "      "),
        "    </article>",
    ]
    if doc.aside:
        related = "".join(f'<li><a href="/tin-tuc/{i}">{html.escape(t)}</a></li>' for i, t in enumerate(doc.aside, 1))
        lines.append(f"    <aside><h2>Tin liên quan</h2><ul>{related}</ul></aside>")
    lines += [
        "  </main>",
        f"  <footer><p>{html.escape(doc.site)}</p><p>{html.escape(doc.footer)}</p>"
        "<p>Bản quyền thuộc về đơn vị chủ quản. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></footer>",
        f'  <script>var banner = {{"text": "{SCRIPT_JUNK}", "w": 300, "h": 250}}; var viewCount = 18452, shareCount = 37;',
        '    function track(e){ if (window.dataLayer) { dataLayer.push({"event": e, "ts": 1577000000}); } }</script>',
        "</body>",
        "</html>",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


PRINT_CSS = (
    "@page{size:A4;margin:2cm 2cm 2cm 2.5cm}"
    'body{font-family:"Liberation Serif","DejaVu Serif",serif;font-size:13pt;line-height:1.35;'
    "font-variant-ligatures:none}"
    ".meta{text-align:center;font-weight:bold;margin:0;font-size:12pt}"
    "h1{font-size:15pt;text-align:center;margin:18pt 0 12pt}"
    "p{text-align:left;text-indent:1cm;margin:0 0 6pt}"
    "table{border-collapse:collapse}td,th{border:1px solid #000;padding:2pt 4pt}"
)


def print_html(doc: Doc, blocks: list[Block]) -> str:
    body = _article_html([b for b in blocks if b.kind != "blank"], "  ")
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(headline(blocks))}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def chromium_pdf(page_html: str) -> bytes:
    """Print an HTML page to PDF with headless Chromium; the PDF's dates are fixed."""
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install -y chromium fonts-liberation2 poppler-utils")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "page.html", Path(tmp) / "out.pdf"
        src.write_text(page_html, encoding="utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={tmp}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={out}",
                src.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        data = out.read_bytes()
    return re.sub(rb"D:\d{14}(?:[+-]\d\d'\d\d'|Z)", FIXED_PDF_DATE, data)


def build_pdf(doc: Doc, blocks: list[Block]) -> bytes:
    return chromium_pdf(print_html(doc, blocks))


BUILDERS = {"txt": build_txt, "docx": build_docx, "html": build_html, "pdf": build_pdf}


# --------------------------------------------------------------------------------------------------
# Extracted text (what the self-check compares quotes with)
# --------------------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


_HIDDEN = frozenset(("head", "script", "style", "template", "title", "noscript"))
_BLOCK = frozenset(
    (
        *("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "nav", "header", "footer"),
        *("article", "aside", "section", "main", "br", "tr", "td", "th", "table", "body"),
    )
)


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def extract(path: Path) -> str:
    ext = path.suffix.lstrip(".")
    if ext == "txt":
        return normalise(path.read_bytes().decode("utf-8-sig"))
    if ext == "docx":
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        d = docx.Document(str(path))
        lines = []
        for child in d.element.body.iterchildren():
            if child.tag.endswith("}p"):
                lines.append(Paragraph(child, d).text)
            elif child.tag.endswith("}tbl"):
                for row in Table(child, d).rows:
                    for cell in row.cells:
                        lines.extend(p.text for p in cell.paragraphs)
        return normalise("\n".join(lines))
    if ext == "html":
        parser = _Visible()
        parser.feed(path.read_bytes().decode("utf-8"))
        parser.close()
        return normalise("".join(parser.parts))
    if ext == "pdf":
        out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
        return normalise(out.stdout.decode("utf-8"))
    raise ValueError(ext)


# --------------------------------------------------------------------------------------------------
# Numbers (to verify the expected values against their quotes)
# --------------------------------------------------------------------------------------------------

_N = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
MONEY = (
    (re.compile(rf"(?<![\d.,])({_N}) (?:tỷ|tỉ) (\d{{1,3}}(?:,\d+)?) triệu(?: đồng)?"), "bt"),
    (re.compile(rf"(?<![\d.,])({_N}) (?:tỷ|tỉ)(?! \d)(?: đồng)?"), "b"),
    (re.compile(rf"(?<![\d.,])({_N}) triệu(?: đồng)?"), "t"),
)


def vn_decimal(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def dec_str(d: Decimal) -> str:
    return format(d.normalize(), "f")


def numbers_in(quote: str, p: P, unit: str) -> list[tuple[str, Decimal]]:
    found: list[tuple[str, Decimal]] = []
    if p.metric == "budget_million_vnd":
        taken: list[tuple[int, int]] = []
        for rx, kind in MONEY:
            for m in rx.finditer(quote):
                if any(a <= m.start() < b for a, b in taken):
                    continue
                taken.append(m.span())
                if kind == "bt":
                    val = vn_decimal(m.group(1)) * 1000 + vn_decimal(m.group(2))
                elif kind == "b":
                    val = vn_decimal(m.group(1)) * 1000
                else:
                    val = vn_decimal(m.group(1))
                found.append((m.group(0), val))
        return found
    for noun in NOUNS[(p.metric, unit)]:
        for m in re.finditer(rf"(?<![\d.,])({_N}) {noun}", quote):
            found.append((m.group(0), vn_decimal(m.group(1))))
    return found


# --------------------------------------------------------------------------------------------------
# Expected JSON and the self-check
# --------------------------------------------------------------------------------------------------


def resolve(doc: Doc, p: P) -> dict:
    unit = p.unit or UNITS[p.metric]
    period = doc.period if p.period is DOC else p.period
    part = doc.part if p.part is DOC else p.part
    flags = list(dict.fromkeys([*doc.flags, *(() if p.flags is DOC else p.flags)]))
    return {
        "metric": p.metric,
        "value": p.value,
        "unit": unit,
        "fund_code": p.fund,
        "qualifier": p.qual,
        "status": p.status,
        "period_from_year": period[0],
        "period_to_year": period[1],
        "period_part": part,
        "province_code": doc.province,
        "district_code": p.district,
        "quote": p.quote,
        "number_text": p.num,
        "flags": flags,
    }


def expected_json(doc: Doc) -> dict:
    proposals = [resolve(doc, p) for p in doc.proposals]
    for prop, p in zip(proposals, doc.proposals, strict=True):
        if prop["number_text"] is None:
            hits = [t for t, v in numbers_in(p.quote, p, prop["unit"]) if v == Decimal(p.value)]
            prop["number_text"] = hits[0] if len(hits) == 1 else None
    checks = []
    for c in doc.checks:
        unit = c.unit or UNITS.get(c.metric)

        def find(quote: str, unit=unit, c=c) -> dict:
            return next(x for x in proposals if (x["quote"], x["metric"], x["unit"]) == (quote, c.metric, unit))

        total = find(c.total)
        parts = [find(q) for q in c.parts]
        checks.append(
            {
                "metric": c.metric,
                "unit": unit,
                "total_quote": c.total,
                "part_quotes": list(c.parts),
                "total_value": total["value"],
                "part_values": [x["value"] for x in parts],
                "adds_up": c.adds_up,
            }
        )
    return {
        "file": f"{doc.name}.{doc.ext}",
        "province_code": doc.province,
        "document_date": doc.date,
        "proposals": proposals,
        "must_not_propose": list(doc.must_not),
        "must_not_read": [SCRIPT_JUNK] if doc.ext == "html" else [],
        "checks": checks,
    }


def check_doc(doc: Doc, exp: dict, text: str) -> list[str]:
    problems = []
    where = f"{doc.name}.{doc.ext}"
    spans: list[tuple[int, int, str]] = []
    for prop, p in zip(exp["proposals"], doc.proposals, strict=True):
        q = prop["quote"]
        n = text.count(q)
        if n != 1:
            problems.append(f"{where}: quote found {n} times: {q!r}")
        else:
            i = text.index(q)
            spans.append((i, i + len(q), q))
        hits = [(t, v) for t, v in numbers_in(q, p, prop["unit"]) if v == Decimal(p.value)]
        if prop["number_text"] is None or prop["number_text"] not in q:
            problems.append(f"{where}: no number expression for {p.value} {prop['unit']} in {q!r} (found {hits})")
        elif not hits and not p.num:
            problems.append(f"{where}: {prop['number_text']!r} does not parse to {p.value}")
        if dec_str(Decimal(p.value)) != p.value:
            problems.append(f"{where}: value {p.value!r} is not a plain decimal string")
        if prop["unit"] != (p.unit or UNITS.get(p.metric)):
            problems.append(f"{where}: unit {prop['unit']}")
    for s in exp["must_not_propose"]:
        n = text.count(s)
        if n < 1:
            problems.append(f"{where}: must_not_propose not in text: {s!r}")
        if not re.search(r"\d", s):
            problems.append(f"{where}: must_not_propose holds no number: {s!r}")
        i = text.find(s)
        for a, b, q in spans:
            if i >= 0 and i < b and a < i + len(s):
                problems.append(f"{where}: must_not_propose {s!r} overlaps quote {q!r}")
    for s in exp["must_not_read"]:
        if s in text:
            problems.append(f"{where}: script text is visible: {s!r}")
    for c in exp["checks"]:
        parts = sum(Decimal(v) for v in c["part_values"])
        if (parts == Decimal(c["total_value"])) != c["adds_up"]:
            problems.append(f"{where}: check {c['total_quote']!r}: parts {parts} vs total {c['total_value']}")
        key = (c["total_quote"], c["metric"], c["unit"])
        total = next(x for x in exp["proposals"] if (x["quote"], x["metric"], x["unit"]) == key)
        if (NOADD in total["flags"]) == c["adds_up"]:
            problems.append(f"{where}: flag {NOADD} does not match the check on {c['total_quote']!r}")
    for prop in exp["proposals"]:
        if prop["period_from_year"] is None and STEWARD not in prop["flags"]:
            problems.append(f"{where}: no period and no {STEWARD} flag: {prop['quote']!r}")
    return problems


# --------------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------------

SCANNED_LINES = (
    "SỞ CÔNG THƯƠNG TỈNH ĐIỆN BIÊN",
    "BÁO CÁO KẾT QUẢ CÔNG TÁC KHUYẾN CÔNG NĂM 2018",
    "Năm 2018, Trung tâm Khuyến công đã thực hiện 10 đề án",
    "với tổng kinh phí 2 tỷ 150 triệu đồng, trong đó kinh phí",
    "khuyến công quốc gia 1 tỷ 400 triệu đồng.",
    "Đã mở 4 lớp đào tạo nghề cho 120 học viên tại huyện Mường Chà.",
)
SCRIPT_FIGURES = (
    "Tổng kinh phí khuyến công năm 2019 là 5 tỷ 200 triệu đồng",
    "đã hỗ trợ 12 cơ sở công nghiệp nông thôn",
    "mở 6 lớp đào tạo nghề cho 180 học viên",
)
BAD_EXPECTED = {
    "scanned.pdf": {
        "kind": "pdf_without_text",
        "expect": "refused with a message (vi + en): a scanned PDF has no text layer; nothing changes",
        "note": "an image of report text only (canvas printed by Chromium); pdftotext gives no text",
    },
    "binary.txt": {
        "kind": "binary_renamed_txt",
        "expect": "refused with a message (vi + en): not a text file; nothing changes",
        "note": "4096 random bytes (random.Random(28)), not valid UTF-8, contains NUL bytes",
    },
    "empty.txt": {
        "kind": "empty",
        "expect": "refused with a message (vi + en): the file is empty; nothing changes",
        "note": "0 bytes",
    },
    "script_figures.html": {
        "kind": "figures_only_in_scripts",
        "expect": "no proposals (or a 'no figures found' message); text inside <script>/<style> is never read",
        "note": "the figures are written by document.write and a CSS ::after content; the visible text has none",
        "must_not_read": list(SCRIPT_FIGURES),
    },
    "truncated.docx": {
        "kind": "corrupt_docx",
        "expect": "refused with a message (vi + en): the .docx cannot be opened; nothing changes",
        "note": "the first 2000 bytes of a real .docx (a zip cut short)",
    },
}


def build_bad(sample_docx: bytes) -> dict[str, bytes]:
    canvas_lines = ",".join(json.dumps(s, ensure_ascii=False) for s in SCANNED_LINES)
    scanned = (
        '<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><title>scan</title>'
        "<style>@page{size:A4;margin:1.5cm}body{margin:0}canvas{width:17cm;height:9cm}</style></head><body>"
        '<canvas id="c" width="1020" height="540"></canvas><script>'
        'var c=document.getElementById("c").getContext("2d");c.fillStyle="#fbfaf5";c.fillRect(0,0,1020,540);'
        'c.fillStyle="#222";c.font="28px serif";'
        f"[{canvas_lines}].forEach(function(t,i){{c.fillText(t,30,60+i*70);}});"
        "</script></body></html>\n"
    )
    writes = "".join(f"document.write({json.dumps('<p>' + s + '</p>', ensure_ascii=False)});" for s in SCRIPT_FIGURES)
    script_html = (
        "<!DOCTYPE html>\n"
        '<html lang="vi">\n<head>\n<meta charset="utf-8">\n<title>Báo cáo khuyến công</title>\n'
        f'<style>.so-lieu::after{{content:"{SCRIPT_FIGURES[1]}"}}</style>\n'
        "</head>\n<body>\n<article>\n<h1>Kết quả công tác khuyến công</h1>\n"
        "<p>Số liệu chi tiết được cập nhật tự động dưới đây.</p>\n"
        f'<div class="so-lieu"></div>\n<script>{writes}</script>\n'
        "</article>\n</body>\n</html>\n"
    )
    return {
        "scanned.pdf": chromium_pdf(scanned),
        "binary.txt": random.Random(28).randbytes(4096),
        "empty.txt": b"",
        "script_figures.html": script_html.encode("utf-8"),
        "truncated.docx": sample_docx[:2000],
    }


def check_bad() -> list[str]:
    problems = []
    out = subprocess.run(["pdftotext", str(BAD / "scanned.pdf"), "-"], capture_output=True, check=True)
    if out.stdout.strip():
        problems.append(f"bad/scanned.pdf has text: {out.stdout[:80]!r}")
    raw = (BAD / "binary.txt").read_bytes()
    try:
        raw.decode("utf-8")
        problems.append("bad/binary.txt decodes as UTF-8")
    except UnicodeDecodeError:
        pass
    if (BAD / "empty.txt").stat().st_size:
        problems.append("bad/empty.txt is not empty")
    visible = extract(BAD / "script_figures.html")
    for s in SCRIPT_FIGURES:
        if s in visible:
            problems.append(f"bad/script_figures.html shows {s!r}")
    if re.search(r"\d", visible):
        problems.append(f"bad/script_figures.html has a visible number: {visible!r}")
    try:
        zipfile.ZipFile(BAD / "truncated.docx")
        problems.append("bad/truncated.docx opens as a zip")
    except zipfile.BadZipFile:
        pass
    return problems


# --------------------------------------------------------------------------------------------------


def write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only self-check the committed files")
    ap.add_argument("--table", action="store_true", help="print the README's table of documents")
    args = ap.parse_args(argv)
    names = [d.name for d in DOCS]
    assert len(names) == len(set(names)), "duplicate document names"
    assert {p.stem for p in SRC.glob("*.txt")} == set(names), "src/ and DOCS disagree"
    BAD.mkdir(parents=True, exist_ok=True)
    sample_docx = b""
    for doc in DOCS:
        blocks = read_blocks(doc.name)
        if not args.check:
            data = BUILDERS[doc.ext](doc, blocks)
            write_if_changed(CORPUS / f"{doc.name}.{doc.ext}", data)
            exp = expected_json(doc)
            js = json.dumps(exp, ensure_ascii=False, indent=2) + "\n"
            write_if_changed(CORPUS / f"{doc.name}.expected.json", js.encode("utf-8"))
        if doc.ext == "docx" and not sample_docx:
            sample_docx = (CORPUS / f"{doc.name}.docx").read_bytes()
    if not args.check:
        for name, data in build_bad(sample_docx).items():
            write_if_changed(BAD / name, data)
        bad_js = json.dumps(BAD_EXPECTED, ensure_ascii=False, indent=2) + "\n"
        write_if_changed(BAD / "expected.json", bad_js.encode("utf-8"))
    problems: list[str] = []
    for doc in DOCS:
        path = CORPUS / f"{doc.name}.{doc.ext}"
        if path.stat().st_size > 200_000:
            problems.append(f"{path.name} is larger than 200 KB")
        exp = json.loads((CORPUS / f"{doc.name}.expected.json").read_text(encoding="utf-8"))
        problems += check_doc(doc, exp, extract(path))
    problems += check_bad()
    if args.table:
        print("| document | format | province | proposals | traps |\n|---|---|---|---|---|")
        for doc in DOCS:
            print(f"| `{doc.name}.{doc.ext}` | {doc.ext} | {doc.province} | {len(doc.proposals)} | {doc.traps} |")
    for p in problems:
        print("PROBLEM:", p)
    total = sum(len(d.proposals) for d in DOCS)
    print(f"{len(DOCS)} documents, {total} expected proposals, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
