"""A report's text: plain text, Word (.docx), a PDF with a text layer, or a saved web page.

What the proposer reads and what every quote is a substring of: the visible text, NFC, one
paragraph per line, spaces collapsed inside a paragraph. The kind of a file is read from its
bytes, not its name (a binary renamed .txt is refused). Nothing from a document is ever run or
rendered: a web page's scripts, styles, menus and footers are dropped, and only their count is
kept to tell the steward.
"""

from __future__ import annotations

import hashlib
import html.parser
import io
import os
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

DEFAULT_MAX_MB = 20
MAX_PDF_PAGES = 500
MAX_DOCX_UNZIPPED = 200 * 1024 * 1024  # a .docx is a zip: its parts are counted before any is read
MAX_TEXT_CHARS = 2_000_000
MIN_PDF_CHARS_PER_PAGE = 20  # fewer: the pages are images (a scan) with no text layer

KINDS = ("txt", "docx", "pdf", "html")
MEDIA_TYPES = {
    "txt": "text/plain; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


class DocumentError(ValueError):
    """A file that cannot be read as a report; `code` names the message (`fig.err_<code>`)."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Document:
    """A report as read: its text (what quotes come from) and what the reader noticed."""

    file_name: str
    kind: str
    content: bytes
    text: str
    title: str = ""  # a web page's <title> or a Word file's first heading: offered, never forced
    ignored_scripts: int = 0
    pages: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.kind]


def max_bytes_from_env() -> int:
    try:
        mb = float(os.environ.get("KC_FIGURES_MAX_MB") or DEFAULT_MAX_MB)
    except ValueError:
        mb = DEFAULT_MAX_MB
    return int(mb * 1024 * 1024)


def normal_text(paragraphs: list[str]) -> str:
    """NFC, no control characters, spaces collapsed; empty paragraphs dropped."""
    out = []
    for p in paragraphs:
        p = unicodedata.normalize("NFC", p)
        p = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Zs", "Zl", "Zp") else ch for ch in p)
        p = re.sub(r" +", " ", p).strip()
        if p:
            out.append(p)
    return "\n".join(out)


def sniff(content: bytes, file_name: str) -> str:
    """The kind of file from its first bytes (the name only tells a web page from plain text)."""
    head = content[:2048]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as z:
                if "word/document.xml" in z.namelist():
                    return "docx"
        except zipfile.BadZipFile:
            if file_name.lower().endswith(".docx"):
                return "docx"  # a Word file cut short: read_docx says it is damaged
        raise DocumentError("kind", name=file_name)
    text_head = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    ext = os.path.splitext(file_name)[1].lower()
    if ext in (".html", ".htm") or text_head.startswith((b"<!doctype html", b"<html")):
        return "html"
    if ext in ("", ".txt", ".text", ".md"):
        return "txt"
    raise DocumentError("kind", name=file_name)


def decode_text(content: bytes, file_name: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; a binary file is refused."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError("binary", name=file_name) from None
    if b"\x00" in content[:65536]:
        raise DocumentError("binary", name=file_name)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError("encoding", name=file_name) from None
    controls = sum(1 for ch in text[:65536] if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    if controls > max(8, len(text[:65536]) // 100):
        raise DocumentError("binary", name=file_name)
    return text


# ---- web pages ----------------------------------------------------------------------------
_SKIPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "header",
    "aside",
    "form",
    "iframe",
    "svg",
    "button",
    "select",
}
_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
    "section", "article", "main", "blockquote", "figcaption", "figure", "dd", "dt", "pre", "hr", "caption",
}  # fmt: skip
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}


class _Visible(html.parser.HTMLParser):
    """The text a reader sees, by block; with an <article> or <main>, only what is inside it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip_depth = 0
        self.scripts = 0
        self.title = ""
        self.in_title = False
        self.blocks: list[list[str]] = [[]]
        self.main_blocks: list[list[str]] = []
        self.main_depth = 0

    def _break(self) -> None:
        target = self.main_blocks if self.main_depth else self.blocks
        if not target or target[-1]:
            target.append([])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._break()
            return
        self.stack.append(tag)
        if tag == "script":
            self.scripts += 1
        if tag in _SKIPPED:
            self.skip_depth += 1
        elif tag == "title":
            self.in_title = True
        elif tag in ("article", "main") and not self.skip_depth:
            self.main_depth += 1
            self.main_blocks.append([])
        if tag in _BLOCKS:
            self._break()

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.stack:
            return
        while self.stack:
            open_tag = self.stack.pop()
            if open_tag in _SKIPPED:
                self.skip_depth -= 1
            elif open_tag == "title":
                self.in_title = False
            elif open_tag in ("article", "main") and self.main_depth:
                self.main_depth -= 1
            if open_tag in _BLOCKS:
                self._break()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.in_title:
            self.title += data
            return
        target = self.main_blocks if self.main_depth else self.blocks
        if not target:
            target.append([])
        target[-1].append(data)

    def paragraphs(self) -> list[str]:
        chosen = self.main_blocks if any("".join(b).strip() for b in self.main_blocks) else self.blocks
        return ["".join(b) for b in chosen]


def read_html(content: bytes, file_name: str) -> tuple[str, str, int]:
    text = decode_text(content, file_name)
    parser = _Visible()
    parser.feed(text)
    parser.close()
    return normal_text(parser.paragraphs()), normal_text([parser.title]), parser.scripts


# ---- Word --------------------------------------------------------------------------------
def read_docx(content: bytes, file_name: str) -> tuple[str, str]:
    from docx import Document as WordDocument  # python-docx, already used by the report writer

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            if sum(i.file_size for i in z.infolist()) > MAX_DOCX_UNZIPPED:
                raise DocumentError("too_large_unzipped", name=file_name)
        doc = WordDocument(io.BytesIO(content))
    except DocumentError:
        raise
    except Exception:  # a damaged file: python-docx and zipfile raise many kinds
        raise DocumentError("damaged", name=file_name) from None
    paragraphs: list[str] = []
    title = ""
    body = doc.element.body
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, doc)
            paragraphs.append(para.text)
            style = (para.style.name if para.style is not None else "") or ""
            if not title and para.text.strip() and (style.startswith(("Heading", "Title"))):
                title = para.text
        elif tag == "tbl":
            for row in Table(child, doc).rows:
                cells: list[str] = []
                for cell in row.cells:
                    if not cells or cells[-1] != cell.text:  # a merged cell repeats in each column
                        cells.append(cell.text)
                paragraphs.append(" | ".join(c.strip() for c in cells))
    return normal_text(paragraphs), normal_text([title])


# ---- PDF ---------------------------------------------------------------------------------
def read_pdf(content: bytes, file_name: str) -> tuple[str, int]:
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported to the steward
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted:
            raise DocumentError("encrypted", name=file_name)
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            raise DocumentError("too_many_pages", name=file_name, pages=pages, limit=MAX_PDF_PAGES)
        paragraphs: list[str] = []
        chars = 0
        for page in reader.pages:
            page_text = page.extract_text() or ""
            chars += len(page_text.strip())
            if chars > MAX_TEXT_CHARS:
                raise DocumentError("too_much_text", name=file_name)
            paragraphs += _pdf_paragraphs(page_text)
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError):
        raise DocumentError("damaged", name=file_name) from None
    if chars < MIN_PDF_CHARS_PER_PAGE * max(pages, 1):
        raise DocumentError("scanned", name=file_name, pages=pages)
    return normal_text(paragraphs), pages


def _pdf_paragraphs(page_text: str) -> list[str]:
    """A PDF has lines, not paragraphs: a line joins the one before unless that one ended a
    sentence or is short (a heading), so a sentence broken across lines is quoted whole."""
    out: list[str] = []
    for raw in page_text.splitlines():
        line = raw.strip()
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        heading = re.match(r"((\d+|[IVX]+)\.|[a-zđ]\)|-|–|•)\s", line)  # "1. Kế hoạch", "II. KẾT QUẢ", "- …"
        if out and out[-1] and not heading and not re.search(r"[.!?…]$", out[-1]) and len(out[-1]) > 60:
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return out


def read_document(content: bytes, file_name: str, *, max_bytes: int | None = None) -> Document:
    """Read `content` (the file named `file_name`) or raise DocumentError with what is wrong."""
    name = os.path.basename(file_name) or "?"
    limit = max_bytes_from_env() if max_bytes is None else max_bytes
    if len(content) > limit:
        raise DocumentError("too_large", name=name, size_mb=_mb(len(content)), limit_mb=_mb(limit))
    if not content.strip():
        raise DocumentError("empty", name=name)
    kind = sniff(content, name)
    title, scripts, pages = "", 0, 0
    if kind == "pdf":
        text, pages = read_pdf(content, name)
    elif kind == "docx":
        text, title = read_docx(content, name)
    elif kind == "html":
        text, title, scripts = read_html(content, name)
    else:
        text = normal_text(decode_text(content, name).splitlines())
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentError("too_much_text", name=name)
    if not text.strip():
        raise DocumentError("no_text", name=name)
    return Document(name, kind, content, text, title=title, ignored_scripts=scripts, pages=pages)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f}".replace(".", ",")
