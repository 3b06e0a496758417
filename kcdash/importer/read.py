"""Step 1, read: the file's bytes as rows of text cells, whatever the format, within the limits.

CSV in the encodings Excel writes (UTF-8 with or without BOM, UTF-16, Windows-1258), .xlsx
(streamed: openpyxl ``read_only`` after a bounded scan of the unpacked XML), Parquet. Every
way a file can be broken becomes a :class:`FileProblem` (a message key and its values), never a
traceback; so does every limit of :mod:`kcdash.importer.limits`. A control character anywhere in
the text (NUL, ESC, vertical tab …; tab and line breaks aside) is refused: it would be stored,
exported and printed into the Word report, which cannot hold it, and no real sheet needs one.
A cell longer than `Limits.max_cell_bytes` is refused too.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import statistics
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from decimal import Decimal
from xml.etree import ElementTree

import pyarrow as pa
import pyarrow.parquet as pq

from kcdash.importer.limits import Clock, Limits, mb_text


class FileProblem(Exception):
    """The file as a whole (or one place in it, `row`) cannot be read as a table."""

    def __init__(self, rule: str, row: int | None = None, **params: object):
        self.rule = rule
        self.row = row
        self.params = params
        super().__init__(rule)


@dataclass
class RawTable:
    records: list[list[str | None]]  # every record, header included (CSV/Excel)
    numbers: list[int]  # the row number a person sees for each record
    typed: list[list[bool]] | None = None  # cell came as a number from Excel/Parquet (not text)
    header_known: bool = False  # Parquet: records[0] is the column names, not a data row
    info: dict[str, object] = field(default_factory=dict)


_NOT_TABLE_MAGIC = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"II*\x00")


def read_raw(
    content: bytes,
    filename: str = "",
    sheet: str | None = None,
    limits: Limits | None = None,
    clock: Clock | None = None,
) -> RawTable:
    """The file's cells as text, whatever its format; raises FileProblem."""
    limits = limits or Limits.from_env()
    clock = clock or Clock(limits.time_budget_s)
    if not content:
        raise FileProblem("imp_empty_file")
    head = content[:8]
    if head.startswith(b"PK"):
        raw = _read_xlsx(content, sheet, limits, clock)
    elif head.startswith(b"PAR1"):
        raw = _read_parquet(content, limits, clock)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem("imp_old_excel")
    elif head.startswith(_NOT_TABLE_MAGIC):
        raise FileProblem("imp_not_table")
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        raise FileProblem("imp_truncated", format="Excel")
    elif filename.lower().endswith(".parquet"):
        raise FileProblem("imp_truncated", format="Parquet")
    else:
        raw = _read_csv(content, limits, clock)
    _refuse_bad_cells(raw, limits)
    return raw


# C0 controls but tab, LF and CR; DEL; C1 controls
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _refuse_bad_cells(raw: RawTable, limits: Limits) -> None:
    """A control character or an over-long cell anywhere refuses the file, naming the cell."""
    most = limits.max_cell_bytes
    for number, rec in zip(raw.numbers, raw.records, strict=True):
        for i, cell in enumerate(rec):
            if cell is None:
                continue
            found = _CONTROL.search(cell)
            if found is not None:
                row, column = number or None, _column_letters(i + 1)
                if found.group() == "\x00":
                    raise FileProblem("imp_nul", row=row, column=column)
                raise FileProblem("imp_control", row=row, column=column, code=f"U+{ord(found.group()):04X}")
            if len(cell) > most // 4 and len(cell.encode("utf-8")) > most:
                raise FileProblem(
                    "imp_limit_cell", row=number or None, column=_column_letters(i + 1), limit_kb=f"{most / 1024:g}"
                )


def _column_letters(n: int) -> str:
    """1 -> A, 27 -> AA: how a spreadsheet names a column."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _check_shape(rows: int, columns: int, cells: int, limits: Limits) -> None:
    if rows > limits.max_rows:
        raise FileProblem("imp_limit_rows", found=rows, limit=limits.max_rows)
    if columns > limits.max_columns:
        raise FileProblem("imp_limit_columns", found=columns, limit=limits.max_columns)
    if cells > limits.max_cells:
        raise FileProblem("imp_limit_cells", found=cells, limit=limits.max_cells)


# ---- CSV ------------------------------------------------------------------------------------
def decode_text(content: bytes) -> tuple[str, str]:
    """(text, encoding) for the encodings Excel writes: UTF-8 (BOM or not), UTF-16, Windows-1258."""
    if content.startswith(b"\xef\xbb\xbf"):
        candidates = ["utf-8-sig"]
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ["utf-16"]
    else:
        sample = content[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) / 4 and even == 0:
            candidates = ["utf-16-le"]
        elif even > len(sample) / 4 and odd == 0:
            candidates = ["utf-16-be"]
        else:
            candidates = ["utf-8", "cp1258"]
    for encoding in candidates:
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError as e:
            if e.reason == "unexpected end of data" and e.start >= len(content) - 3:
                raise FileProblem("imp_truncated", format="CSV") from None  # cut in the middle of a letter
            continue
        # cp1258 writes tones as combining marks: NFC makes "Tuần" one code point per letter again
        text = unicodedata.normalize("NFC", text)
        if _looks_binary(text):
            raise FileProblem("imp_not_table")
        return text, {"utf-8-sig": "UTF-8 (BOM)", "utf-16": "UTF-16"}.get(encoding, encoding.upper())
    raise FileProblem("imp_not_table")


def _looks_binary(text: str) -> bool:
    """Random bytes or an image, not text: many control characters (NUL included) in the first part."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    return controls > max(2, len(sample) // 200)


def _sniff_delimiter(text: str) -> str:
    lines = [ln for ln in text[:200_000].splitlines()[:30] if ln.strip()]
    best, best_score = ",", 0.0
    for delim in ("\t", ";", ","):  # ties go to the earlier: tab, then semicolon
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        score = statistics.median(counts) if counts else 0
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_csv(content: bytes, limits: Limits, clock: Clock) -> RawTable:
    text, encoding = decode_text(content)
    delim = _sniff_delimiter(text)
    csv.field_size_limit(1 << 20)
    records: list[list[str | None]] = []
    cells = 0
    try:
        for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True):
            cells += len(r)
            _check_shape(len(records) + 1, len(r), cells, limits)
            records.append(list(r))
            if len(records) % 10_000 == 0:
                clock.check()
    except csv.Error as e:
        if "end of data" in str(e) or "EOF" in str(e) or "newline inside string" in str(e):
            raise FileProblem("imp_truncated", format="CSV") from None
        if "field larger" in str(e):
            raise FileProblem("imp_not_table") from None
        raise FileProblem("imp_unreadable", error=str(e)) from None
    names = {"\t": "tab", ";": ";", ",": ","}
    return RawTable(
        records=records,
        numbers=list(range(1, len(records) + 1)),
        info={"format": "CSV", "encoding": encoding, "delimiter": names[delim]},
    )


# ---- typed cells ----------------------------------------------------------------------------
def cell_text(value: object) -> tuple[str | None, bool]:
    """A typed cell (Excel, Parquet) as (text, came-as-number)."""
    if value is None:
        return None, False
    if isinstance(value, bool):
        return ("true" if value else "false"), True
    if isinstance(value, int):
        return str(value), True
    if isinstance(value, float):
        if value != value:  # NaN
            return None, False
        if value.is_integer():
            return str(int(value)), True
        return repr(round(value, 9)), True  # 6788.900000000001 from a formula reads as 6788.9
    if isinstance(value, Decimal):
        return format(value, "f"), True
    if isinstance(value, dt.datetime):
        return (value.date().isoformat() if value.time() == dt.time() else value.isoformat()), False
    if isinstance(value, dt.date):
        return value.isoformat(), False
    return str(value), False


# ---- Excel ----------------------------------------------------------------------------------
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_ROW_NUMBER = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr=\"([0-9]{1,9})\"")
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_WIDE_CELL = re.compile(rb" r=\"([A-Z]{2,4})[0-9]")  # a cell reference past column Z (a row's r= is digits)
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\sref=\"[A-Z]*[0-9]*:?([A-Z]{1,4})([0-9]{1,9})\"")
_MERGE = re.compile(
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\sref=\"([A-Z]{1,4})([0-9]{1,9}):([A-Z]{1,4})([0-9]{1,9})\""
)
_CHUNK = 1 << 20
MERGED_HEADER_ROWS = 40  # merged cells are filled in the rows where a header can be, not in the data


def _letters_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n


def _count(data: bytes, tag: bytes, pattern: re.Pattern[bytes]) -> int:
    """Elements `tag` in `data`: plain tags counted at C speed, the regex only for prefixed ones."""
    n = data.count(b"<" + tag + b" ") + data.count(b"<" + tag + b">") + data.count(b"<" + tag + b"/")
    if b":" + tag in data:  # a namespace prefix (x:row): rare, so the slower regex is fine
        n = len(pattern.findall(data))
    return n


@dataclass
class _SheetShape:
    rows: int = 0
    cells: int = 0
    columns: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row, col, last row, last col), 1-based


def _scan_part(
    zf: zipfile.ZipFile,
    name: str,
    budget: list[int],
    limits: Limits,
    clock: Clock,
    *,
    is_sheet: bool = False,
    is_strings: bool = False,
) -> _SheetShape:
    """Unpack one part in chunks, counting its bytes against the budget and its rows and cells."""
    shape = _SheetShape()
    size = 0
    tail = b""
    with zf.open(name) as f:
        while True:
            chunk = f.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            budget[0] += len(chunk)
            if budget[0] > limits.max_xml_bytes:
                raise FileProblem("imp_limit_xml", limit_mb=mb_text(limits.max_xml_bytes))
            if is_strings and size > limits.max_shared_strings_bytes:
                raise FileProblem("imp_limit_shared_strings", limit_mb=mb_text(limits.max_shared_strings_bytes))
            clock.check()
            if not is_sheet:
                continue
            data = tail + chunk
            cut = data.rfind(b"<")
            data, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
            shape.rows += _count(data, b"row", _ROW)
            shape.cells += _count(data, b"c", _CELL)
            last = max(data.rfind(b"<row"), data.rfind(b":row"))  # rows ascend: the last has the highest r=
            if last >= 0:
                m = _ROW_NUMBER.match(data, data.rfind(b"<", 0, last + 1))
                if m:
                    shape.rows = max(shape.rows, int(m.group(1)))
            for letters in set(_WIDE_CELL.findall(data)):
                shape.columns = max(shape.columns, _letters_number(letters))
            for m in _MERGE.finditer(data) if b"mergeCell" in data else ():
                top = int(m.group(2))
                if top <= MERGED_HEADER_ROWS and len(shape.merged) < 1000:
                    last_row = min(int(m.group(4)), MERGED_HEADER_ROWS)
                    shape.merged.append((top, _letters_number(m.group(1)), last_row, _letters_number(m.group(3))))
            dim = _DIMENSION.search(data) if size <= _CHUNK else None  # near the top of the part
            if dim:  # openpyxl pads every row to the declared width: count it
                shape.columns = max(shape.columns, _letters_number(dim.group(1)))
            _check_shape(shape.rows, shape.columns, shape.cells, limits)
    if is_sheet and tail:
        shape.rows += _count(tail, b"row", _ROW)
        shape.cells += _count(tail, b"c", _CELL)
        _check_shape(shape.rows, shape.columns, shape.cells, limits)
    return shape


_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


_WORKBOOK_PART_LIMIT = 4 * 1024 * 1024


def _bounded_read(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as f:
        data = f.read(_WORKBOOK_PART_LIMIT + 1)
    if len(data) > _WORKBOOK_PART_LIMIT:
        raise FileProblem("imp_limit_xml", limit_mb=mb_text(_WORKBOOK_PART_LIMIT))
    return data


_NS_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_SHARED_STRINGS_TYPE = "spreadsheetml.sharedStrings+xml"
_SHARED_STRINGS_REL = "/relationships/sharedStrings"


def _shared_strings_parts(zf: zipfile.ZipFile, names: set[str]) -> set[str]:
    """Every part a reader may take the shared strings from, whatever it is called: the ones
    `[Content_Types].xml` declares as shared strings (openpyxl finds them there) and the ones the
    workbook's relationships point to, besides the usual name."""
    found = {"xl/sharedStrings.xml"}
    try:
        types = ElementTree.fromstring(_bounded_read(zf, "[Content_Types].xml"))  # noqa: S314
        rels = ElementTree.fromstring(_bounded_read(zf, "xl/_rels/workbook.xml.rels"))  # noqa: S314
    except (ElementTree.ParseError, KeyError):
        raise FileProblem("imp_damaged_part", part="[Content_Types].xml") from None
    for override in types.iter(f"{_NS_TYPES}Override"):
        if (override.get("ContentType") or "").endswith(_SHARED_STRINGS_TYPE):
            found.add((override.get("PartName") or "").lstrip("/"))
    for rel in rels.iter(f"{_NS_PKG}Relationship"):
        if (rel.get("Type") or "").endswith(_SHARED_STRINGS_REL):
            target = rel.get("Target") or ""
            found.add(target.lstrip("/") if target.startswith("/") else "xl/" + target)
    return {n for n in found if n in names}


def _sheet_parts(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, part path) in workbook order, from the workbook and its relationships."""
    try:
        # read bounded (a workbook part is kilobytes); expat refuses exponential entity expansion
        wb = ElementTree.fromstring(_bounded_read(zf, "xl/workbook.xml"))  # noqa: S314
        rels = ElementTree.fromstring(_bounded_read(zf, "xl/_rels/workbook.xml.rels"))  # noqa: S314
    except (ElementTree.ParseError, KeyError):
        raise FileProblem("imp_damaged_part", part="xl/workbook.xml") from None
    targets = {r.get("Id"): (r.get("Target") or "") for r in rels.iter(f"{_NS_PKG}Relationship")}
    out = []
    for s in wb.iter(f"{_NS_MAIN}sheet"):
        target = targets.get(s.get(f"{_NS_REL}id"), "")
        path = target.lstrip("/") if target.startswith("/") else "xl/" + target
        out.append((s.get("name") or "", path))
    return out


def _read_xlsx(content: bytes, sheet: str | None, limits: Limits, clock: Clock) -> RawTable:
    bio = io.BytesIO(content)
    if not zipfile.is_zipfile(bio):
        raise FileProblem("imp_truncated", format="Excel")
    try:
        with zipfile.ZipFile(bio) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                raise FileProblem("imp_not_table")
            parts = _sheet_parts(zf)
            sheet_names = [n for n, _p in parts]
            if sheet and sheet not in sheet_names:
                raise FileProblem("imp_no_sheet", sheets=", ".join(sheet_names))
            chosen = next((p for n, p in parts if n == sheet), None) if sheet else (parts[0][1] if parts else None)
            budget = [0]
            merged: list[tuple[int, int, int, int]] = []
            strings = _shared_strings_parts(zf, names)
            other_sheets = {p for _n, p in parts if p != chosen}
            # every part unpacked once, bounded, whatever its name (this is also the CRC check the
            # damaged files fail): a reader finds parts through content types and relationships
            for name in sorted(names, key=lambda n: n not in strings):
                if name in other_sheets or (name.startswith("xl/worksheets/") and name != chosen):
                    continue  # a sheet not imported is not read at all
                shape = _scan_part(zf, name, budget, limits, clock, is_sheet=name == chosen, is_strings=name in strings)
                if name == chosen:
                    merged = shape.merged
        import openpyxl  # only for a file that passed the scan: importing it takes a second

        bio.seek(0)
        wb = openpyxl.load_workbook(bio, read_only=True, data_only=True)
    except FileProblem:
        raise
    except ElementTree.ParseError:  # e.g. a damaged sharedStrings.xml
        raise FileProblem("imp_damaged_part", part="xl/sharedStrings.xml") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, OSError, ValueError):
        raise FileProblem("imp_truncated", format="Excel") from None
    except Exception:
        raise FileProblem("imp_truncated", format="Excel") from None
    try:
        ws = wb[sheet] if sheet else wb.worksheets[0]
        ws.reset_dimensions()  # read what is there, not the width the file declares
        records: list[list[str | None]] = []
        typed: list[list[bool]] = []
        cells_seen = 0
        for row in ws.iter_rows(values_only=True):
            cells = [cell_text(v) for v in row]
            cells_seen += len(cells)
            _check_shape(len(records) + 1, len(cells), cells_seen, limits)
            records.append([c[0] for c in cells])
            typed.append([c[1] for c in cells])
            if len(records) % 5_000 == 0:
                clock.check()
    except FileProblem:
        raise
    except Exception:
        raise FileProblem("imp_truncated", format="Excel") from None
    finally:
        wb.close()
    _fill_merged(records, merged, limits.max_columns)
    return RawTable(
        records=records,
        numbers=list(range(1, len(records) + 1)),
        typed=typed,
        info={"format": "Excel (.xlsx)", "sheet": ws.title, "sheets": sheet_names},
    )


def _fill_merged(records: list[list[str | None]], merged: list[tuple[int, int, int, int]], max_columns: int) -> None:
    """A merged header cell's text in every cell it covers (openpyxl's read-only mode leaves them
    empty), so a header merged over two rows or over a group of columns reads as it is seen."""
    for top, left, bottom, right in merged:
        if top > len(records) or left > len(records[top - 1]):
            continue
        value = records[top - 1][left - 1]
        if value is None:
            continue
        right = min(right, max_columns)
        for r in range(top, min(bottom, len(records)) + 1):
            row = records[r - 1]
            if len(row) < right:  # the merged cells right of the last written one
                row.extend([None] * (right - len(row)))
            for c in range(left, right + 1):
                if row[c - 1] is None:
                    row[c - 1] = value


# ---- Parquet --------------------------------------------------------------------------------
def _check_parquet_sizes(meta: pq.FileMetaData, limits: Limits) -> None:
    """Bytes the columns take once decompressed, from the footer, before anything is read: a few
    kilobytes on disk can hold one cell of hundreds of megabytes."""
    total = 0
    for g in range(meta.num_row_groups):
        group = meta.row_group(g)
        for c in range(group.num_columns):
            chunk = group.column(c)
            size = max(int(chunk.total_uncompressed_size), 0)
            total += size
            if size > max(group.num_rows, 1) * limits.max_cell_bytes:  # more than the limit a cell on average
                raise FileProblem(
                    "imp_limit_parquet_column",
                    column=meta.schema.column(c).name,
                    size_mb=mb_text(size),
                    limit_kb=f"{limits.max_cell_bytes / 1024:g}",
                )
            if total > limits.max_unpacked_bytes:
                raise FileProblem("imp_limit_unpacked", limit_mb=mb_text(limits.max_unpacked_bytes))


def _read_parquet(content: bytes, limits: Limits, clock: Clock) -> RawTable:
    if len(content) < 12 or not content.endswith(b"PAR1"):
        raise FileProblem("imp_truncated", format="Parquet")
    try:
        meta = pq.ParquetFile(io.BytesIO(content)).metadata
        _check_shape(meta.num_rows + 1, meta.num_columns, meta.num_rows * meta.num_columns, limits)
        _check_parquet_sizes(meta, limits)
        table = pq.read_table(io.BytesIO(content))
    except FileProblem:
        raise
    except (pa.ArrowException, OSError, ValueError):
        raise FileProblem("imp_truncated", format="Parquet") from None
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    records: list[list[str | None]] = [list(table.column_names)]
    typed: list[list[bool]] = [[False] * table.num_columns]
    for i in range(table.num_rows):
        cells = [cell_text(col[i]) for col in columns]
        records.append([c[0] for c in cells])
        typed.append([c[1] for c in cells])
        if i % 10_000 == 0:
            clock.check()
    # a Parquet row is numbered by its record (1 = first record), as kcdash.db numbers it
    return RawTable(
        records=records,
        numbers=[0, *range(1, table.num_rows + 1)],
        typed=typed,
        header_known=True,
        info={"format": "Parquet"},
    )
