"""Step 2, locate the table in the sheet: the header row below title rows, the data rows, and the
total rows that close them.

Printed report sheets start with title rows ("UBND TỈNH …", "SỞ CÔNG THƯƠNG", a report
title, blank rows) and end with "Tổng cộng"; subtotals ("Cộng") close a group of rows. A title
row may name the province ("UBND TỈNH …", "SỞ CÔNG THƯƠNG TỈNH …"), used when the file has no
province column. Total rows are not records: they are checked against the sum of the rows they
close (see :mod:`kcdash.importer.totals`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kcdash.importer.columns import IMPORTABLE, header_index, match_header
from kcdash.importer.read import FileProblem, RawTable
from kcdash.importer.text import clean, fold
from kcdash.schema import TABLES

HEADER_SEARCH_ROWS = 30
_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong)( (nam \d{4}|\d+|[ivx]+|cac .*|toan tinh|chung|ca nam))?$")
_PROVINCE_IN_TITLE = re.compile(r"\b(?:ubnd|uy ban nhan dan|so cong thuong|trung tam khuyen cong)?\s*tinh\s+(.+)$")


@dataclass
class Body:
    """The data rows of a sheet and what surrounds them."""

    header_at: int  # index of the header record in RawTable.records
    headers: list[str | None]
    rows: list[tuple[int, list[str | None], list[bool] | None]]  # (row number, cells, typed) of records
    totals: list[tuple[int, list[str | None], list[bool] | None, str, int]] = field(default_factory=list)
    # (row number, cells, typed, label, index in `rows` where the rows it closes start)
    titles: list[str] = field(default_factory=list)  # title rows' text, top to bottom
    blank_rows: int = 0
    footer: list[int] = field(default_factory=list)  # rows after the grand total (signatures, dates)


def find_header_row(raw: RawTable) -> int:
    """Index of the header record: the row among the first ones naming the most contract columns."""
    if raw.header_known:
        return 0
    indexes = [header_index(TABLES[n]) for n in IMPORTABLE]
    best, best_score, first = None, 1, None
    for i, rec in enumerate(raw.records[:HEADER_SEARCH_ROWS]):
        if not any(clean(c) for c in rec):
            continue
        first = i if first is None else first
        score = max(len({match_header(clean(c), ix) for c in rec} - {None}) for ix in indexes)
        if score > best_score:
            best, best_score = i, score
    if best is not None:
        return best
    if first is None:
        raise FileProblem("imp_empty_file")
    return first


def _is_text_row(cells: list[str | None], typed: list[bool] | None) -> bool:
    filled = [(i, c) for i, c in enumerate(cells) if c is not None]
    if not filled:
        return False
    for i, c in filled:
        if typed and i < len(typed) and typed[i]:
            return False
        if re.fullmatch(r"[\d.,\s%+-]+", c):
            return False
    return True


def _matches_any(text: str | None) -> str | None:
    for name in IMPORTABLE:
        col = match_header(text, header_index(TABLES[name]))
        if col:
            return col
    return None


def combine_subheader(raw: RawTable, header_at: int) -> tuple[int, list[str | None]]:
    """A header over two rows (a merged group or unit above, the names below): one header.

    The row below the header is a sub-header when it holds only text and names a contract
    column the row above does not ("Kết quả" over "Số HV" | "Số LĐ có VL"), or a unit
    ("Kinh phí" over "(đồng)"). Returns the last header row and the combined headers.
    """
    headers = [clean(h) for h in raw.records[header_at]]
    nxt = header_at + 1
    if raw.header_known or nxt >= len(raw.records):
        return header_at, headers
    sub = [clean(c) for c in raw.records[nxt]]
    typed = raw.typed[nxt] if raw.typed else None
    if not _is_text_row(sub, typed) or _numbering_row(sub):
        return header_at, headers
    combined: list[str | None] = []
    gained = False
    for i in range(max(len(headers), len(sub))):
        top = headers[i] if i < len(headers) else None
        low = sub[i] if i < len(sub) else None
        if low is None or low == top:
            combined.append(top)
            continue
        unit = f"{top} {low}" if top and re.fullmatch(r"[\(\[].*[\)\]]", low) else None
        pick = next((c for c in (unit, low) if c and _matches_any(c)), None)
        if pick and not _matches_any(top):
            gained = True
        combined.append(pick or (f"{top} {low}" if top else low))
    if not gained:
        return header_at, headers
    return nxt, combined


def total_label(cells: list[str | None], id_index: int | None) -> str | None:
    """The words of a total row ("Tổng cộng", "Cộng năm 2012"), if the row is one.

    A total row says so in one of its first text cells and has no record id.
    """
    id_cell = cells[id_index] if id_index is not None and id_index < len(cells) else None
    if id_cell and not _TOTAL.match(fold(id_cell)):
        return None
    for c in cells[:4]:
        if c is None:
            continue
        key = fold(c)
        if _TOTAL.match(key):
            return c
        if key and not key.replace(" ", "").isdigit():
            return None  # the first text cell says something else: a record
    return None


def locate(
    raw: RawTable,
    header_at: int,
    id_index: int | None,
    headers: list[str | None] | None = None,
    first: int | None = None,
) -> Body:
    """Split the sheet into title rows, header, records and total rows (blank rows dropped);
    `id_index` is the file column holding record ids, if any (a row with an id is a record);
    `headers` and `first` (its first row) when the header spans two rows."""
    headers = headers if headers is not None else [clean(h) for h in raw.records[header_at]]
    first = header_at if first is None else first
    titles = [c for rec in raw.records[:first] for c in (clean(x) for x in rec) if c]
    body = Body(header_at, headers, [], titles=titles)
    group_start = 0
    for j in range(header_at + 1, len(raw.records)):
        rec = [clean(c) for c in raw.records[j]]
        typed = raw.typed[j] if raw.typed else None
        if not any(c is not None for c in rec):
            body.blank_rows += 1
            continue
        if j == header_at + 1 and _numbering_row(rec):
            continue  # "(1) (2) (3) …" under the header of a printed report
        label = None if raw.header_known else total_label(rec, id_index)
        if label is not None:
            grand = fold(label).startswith(("tong cong", "tong so")) or fold(label) == "tong"
            start = 0 if grand else group_start
            body.totals.append((raw.numbers[j], rec, typed, label, start))
            group_start = len(body.rows)
            if grand:  # what follows the grand total is the report's footer, not records
                body.footer = [
                    raw.numbers[k] for k in range(j + 1, len(raw.records)) if any(clean(c) for c in raw.records[k])
                ]
                break
            continue
        body.rows.append((raw.numbers[j], rec, typed))
    return body


def _numbering_row(cells: list[str | None]) -> bool:
    """A row numbering the columns: "(1)", "(2)" … or 1, 2, 3 … in every filled cell."""
    filled = [c for c in cells if c is not None]
    if len(filled) < 3:
        return False
    numbers = [re.fullmatch(r"\(?(\d{1,3})\)?", c) for c in filled]
    if not all(numbers):
        return False
    values = [int(m.group(1)) for m in numbers if m]
    return values == list(range(values[0], values[0] + len(values)))


def provinces_in_titles(titles: list[str]) -> list[str]:
    """Provinces the title cells name: "UBND TỈNH X" -> "X" (as written)."""
    out = []
    for title in titles:
        key = fold(title)
        m = _PROVINCE_IN_TITLE.search(key)
        if m and m.group(1).strip():
            words = m.group(1).split()
            # as written, the same number of words after "tỉnh"
            written = title.split()
            for i in range(len(written)):
                if fold(written[i]) == "tinh":
                    out.append(" ".join(written[i + 1 : i + 1 + len(words)]))
                    break
    return out


def year_in_titles(titles: list[str]) -> int | None:
    """The one year a report title names ("… NĂM 2012"); None when none or several."""
    years = {int(y) for t in titles for y in re.findall(r"\bn[aă]m\s+((?:19|20)\d\d)\b", t, flags=re.IGNORECASE)}
    years |= {int(y) for t in titles for y in re.findall(r"\bnam\s+((?:19|20)\d\d)\b", fold(t))}
    return next(iter(years)) if len(years) == 1 else None
