"""Import of officials' own extracts: one pipeline for the command line and the upload page.

    bytes ─ read ─▶ text cells ─ header ─▶ contract columns ─ normalise ─▶ codes and plain numbers
          ─ validate (DuckDB, kcdash.validate, against the active reference tables)
          ─ plan (what the file replaces) ─ commit: a new version in kcdash.store, then switch

Everything is read as text first (CSV in any of Excel's encodings, .xlsx, Parquet), so one set
of rules decides what a cell means. Nothing is written unless the whole file passes; the
report lists every problem at once. What an import replaces: see ``SCOPE`` and docs/IMPORT.md.

Command line::

    python -m kcdash.importer FILE [--table activities|clusters] [--sheet NAME] [--data-dir DIR]
                                   [--lang vi|en] [--user NAME] [--check]
    python -m kcdash.importer --list | --rollback ID  [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import datetime as dt
import difflib
import getpass
import hashlib
import io
import os
import re
import statistics
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kcdash import i18n, store
from kcdash.db import Database, data_dir, get_database
from kcdash.schema import RECORD_TABLES, STAGES, TABLES, Column, Table
from kcdash.validate import DataValidationError, Problem, quote_ident, typed_expr, validate_relation

MAX_BYTES = int(float(os.environ.get("KC_IMPORT_MAX_MB") or 50) * 1024 * 1024)
IMPORTABLE: tuple[str, ...] = RECORD_TABLES
SCOPE: dict[str, tuple[str, ...]] = {
    # an import replaces, in the active data, every record sharing these values with a row of the file
    "activities": ("province_code", "year"),
    "clusters": ("province_code",),
}
MISSING = {"", "-", "–", "—", "không có", "khong co", "n/a", "#n/a"}
TRUE_WORDS = {"true", "1", "yes", "y", "co", "x", "dung"}
FALSE_WORDS = {"false", "0", "no", "n", "khong", "sai"}
_BOOLEAN_WORDS = {**dict.fromkeys(TRUE_WORDS, "true"), **dict.fromkeys(FALSE_WORDS, "false")}
STAGE_WORDS = {
    "planned": ("quy hoach", "da quy hoach", "trong quy hoach", "co trong quy hoach"),
    "established": ("thanh lap", "da thanh lap", "quyet dinh thanh lap"),
    "detailed plan": (
        "quy hoach chi tiet",
        "duyet quy hoach chi tiet",
        "da duyet quy hoach chi tiet",
        "qh chi tiet",
        "detailed plan approved",
    ),
    "infrastructure": ("xay dung ha tang", "dang xay dung ha tang", "ha tang", "infrastructure under construction"),
    "operating": ("hoat dong", "dang hoat dong", "di vao hoat dong", "da di vao hoat dong"),
}
_FILE_PROBLEM_LIMIT = 200  # importer-made row problems of one rule, as kcdash.validate caps its own


# ---- text helpers ---------------------------------------------------------------------------
def fold(text: str) -> str:
    """Compare key: no diacritics, đ→d, lower case, punctuation and spaces collapsed."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^0-9a-z]+", " ", s).strip()


def clean(text: str | None) -> str | None:
    """NFC, no-break spaces as spaces, trimmed; the missing markers (empty, "-", "không có") as None."""
    if text is None:
        return None
    s = str(text)
    if not s.isascii():
        s = unicodedata.normalize("NFC", s).replace("\u00a0", " ").replace("\u202f", " ")
    s = s.strip()
    if len(s) <= 9 and s.casefold() in MISSING:
        return None
    return s


def _no_parens(text: str) -> str:
    return re.sub(r"\(.*?\)", " ", text)


def neutralise(value):
    """A cell safe to open in a spreadsheet: text starting with = + - @ is not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


# ---- problems the importer finds itself -----------------------------------------------------
class FileProblem(Exception):
    """The file as a whole cannot be read as a table."""

    def __init__(self, rule: str, **params):
        self.rule = rule
        self.params = params
        super().__init__(rule)


@dataclass(frozen=True)
class Note:
    """Something the steward should know that does not stop the import."""

    key: str
    params: dict = field(default_factory=dict)
    table: str = ""
    column: str = ""  # a contract column, named in the note by its header in the reader's language

    def text(self, lang: str = "vi") -> str:
        params = dict(self.params)
        if self.column:
            col = TABLES[self.table].column(self.column)
            params["header"] = col.en if lang == "en" else col.vi
        return i18n.t(self.key, lang, **params)


# ---- reading: bytes -> rows of text cells ---------------------------------------------------
@dataclass
class RawTable:
    records: list[list[str | None]]  # every record, header included (CSV/Excel)
    numbers: list[int]  # the row number a person sees for each record
    typed: list[list[bool]] | None = None  # cell came as a number from Excel/Parquet (not text)
    header_known: bool = False  # Parquet: records[0] is the column names, not a data row
    info: dict = field(default_factory=dict)


_NOT_TABLE_MAGIC = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"II*\x00")


def read_raw(content: bytes, filename: str = "", sheet: str | None = None) -> RawTable:
    """The file's cells as text, whatever its format; raises FileProblem."""
    if not content:
        raise FileProblem("imp_empty_file")
    head = content[:8]
    if head.startswith(b"PK"):
        return _read_xlsx(content, sheet)
    if head.startswith(b"PAR1"):
        return _read_parquet(content)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem("imp_old_excel")
    if head.startswith(_NOT_TABLE_MAGIC):
        raise FileProblem("imp_not_table")
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise FileProblem("imp_truncated", format="Excel")
    if filename.lower().endswith(".parquet"):
        raise FileProblem("imp_truncated", format="Parquet")
    return _read_csv(content)


def decode_text(content: bytes) -> tuple[str, str]:
    """(text, encoding) for the encodings Excel writes: UTF-8 (BOM or not), UTF-16, Windows-1258."""
    if content.startswith(b"\xef\xbb\xbf"):
        candidates = [("utf-8-sig", content)]
    elif content.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = [("utf-16", content)]
    else:
        sample = content[:4096]
        even, odd = sample[0::2].count(0), sample[1::2].count(0)
        if odd > len(sample) / 4 and even == 0:
            candidates = [("utf-16-le", content)]
        elif even > len(sample) / 4 and odd == 0:
            candidates = [("utf-16-be", content)]
        else:
            candidates = [("utf-8", content), ("cp1258", content)]
    for encoding, data in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as e:
            if e.reason == "unexpected end of data" and e.start >= len(data) - 3:
                raise FileProblem("imp_truncated", format="CSV") from None  # cut in the middle of a letter
            continue
        # cp1258 writes tones as combining marks: NFC makes "Tuần" one code point per letter again
        text = unicodedata.normalize("NFC", text)
        if _looks_binary(text):
            raise FileProblem("imp_not_table")
        return text, {"utf-8-sig": "UTF-8 (BOM)", "utf-16": "UTF-16"}.get(encoding, encoding.upper())
    raise FileProblem("imp_not_table")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n")
    return controls > max(2, len(sample) // 200)


def _sniff_delimiter(text: str) -> str:
    lines = [ln for ln in text.splitlines()[:30] if ln.strip()]
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


def _read_csv(content: bytes) -> RawTable:
    text, encoding = decode_text(content)
    delim = _sniff_delimiter(text)
    csv.field_size_limit(1 << 20)
    try:
        records = [[c for c in r] for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)]
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


def _cell_text(value) -> tuple[str | None, bool]:
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


def _read_xlsx(content: bytes, sheet: str | None) -> RawTable:
    import openpyxl  # only needed for Excel files
    from openpyxl.utils.exceptions import InvalidFileException

    bio = io.BytesIO(content)
    if not zipfile.is_zipfile(bio):
        raise FileProblem("imp_truncated", format="Excel")
    try:
        with zipfile.ZipFile(bio) as zf:
            names = set(zf.namelist())
            if "xl/workbook.xml" not in names:
                raise FileProblem("imp_not_table")
            if zf.testzip() is not None:
                raise FileProblem("imp_truncated", format="Excel")
        bio.seek(0)
        wb = openpyxl.load_workbook(bio, read_only=True, data_only=True)
    except FileProblem:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, InvalidFileException, OSError, ValueError):
        raise FileProblem("imp_truncated", format="Excel") from None
    try:
        if sheet:
            if sheet not in wb.sheetnames:
                raise FileProblem("imp_no_sheet", sheets=", ".join(wb.sheetnames))
            ws = wb[sheet]
        else:
            ws = wb.worksheets[0]
        records: list[list[str | None]] = []
        typed: list[list[bool]] = []
        for row in ws.iter_rows(values_only=True):
            cells = [_cell_text(v) for v in row]
            records.append([c[0] for c in cells])
            typed.append([c[1] for c in cells])
    except FileProblem:
        raise
    except Exception:  # a damaged part inside a readable zip
        raise FileProblem("imp_truncated", format="Excel") from None
    finally:
        wb.close()
    return RawTable(
        records=records,
        numbers=list(range(1, len(records) + 1)),
        typed=typed,
        info={"format": "Excel (.xlsx)", "sheet": ws.title},
    )


def _read_parquet(content: bytes) -> RawTable:
    if len(content) < 12 or not content.endswith(b"PAR1"):
        raise FileProblem("imp_truncated", format="Parquet")
    try:
        table = pq.read_table(io.BytesIO(content))
    except (pa.ArrowException, OSError, ValueError):
        raise FileProblem("imp_truncated", format="Parquet") from None
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    records: list[list[str | None]] = [list(table.column_names)]
    typed: list[list[bool]] = [[False] * table.num_columns]
    for i in range(table.num_rows):
        cells = [_cell_text(col[i]) for col in columns]
        records.append([c[0] for c in cells])
        typed.append([c[1] for c in cells])
    # a Parquet row is numbered by its record (1 = first record), as kcdash.db numbers it
    return RawTable(
        records=records,
        numbers=[0] + list(range(1, table.num_rows + 1)),
        typed=typed,
        header_known=True,
        info={"format": "Parquet"},
    )


# ---- headers: the file's columns -> contract columns ----------------------------------------
def _header_keys(col: Column, level: int | None = None) -> set[str]:
    """Folded headers for `col`: level 0 its own names (name, vi, en), 1 aliases and short forms."""
    own = {col.name.replace("_", " "), col.vi, col.en}
    other = {*col.aliases, *(_no_parens(k) for k in (col.vi, col.en))}
    keys = own if level == 0 else other if level == 1 else own | other
    return {fold(k) for k in keys if fold(k)}


def header_index(table: Table) -> dict[str, str]:
    """Folded header -> column name. A column's own header beats another's alias or short form
    ("Tên huyện" is the Vietnamese name of a district, though it is also the short form of "Tên huyện
    (tiếng Anh)"); a header two columns claim equally is left out."""
    index: dict[str, str] = {}
    for level in (0, 1):
        seen: dict[str, set[str]] = {}
        for col in table.columns:
            for key in _header_keys(col, level):
                seen.setdefault(key, set()).add(col.name)
        for key, cols in seen.items():
            if key not in index and len(cols) == 1:
                index[key] = next(iter(cols))
    return index


def match_header(text: str | None, index: dict[str, str]) -> str | None:
    if not text:
        return None
    key = fold(text)
    return index.get(key) or index.get(fold(_no_parens(text)))


def detect_table(headers: list[str | None]) -> str | None:
    """The importable table whose columns the headers name most; None when unclear."""
    scores = {}
    for name in IMPORTABLE:
        index = header_index(TABLES[name])
        scores[name] = len({match_header(h, index) for h in headers} - {None})
    best = max(scores.values(), default=0)
    winners = [n for n, s in scores.items() if s == best]
    return winners[0] if best >= 2 and len(winners) == 1 else None


def _find_header_row(raw: RawTable) -> int:
    """Index of the header record: officials' sheets often start with a title row or two."""
    if raw.header_known:
        return 0
    indexes = [header_index(TABLES[n]) for n in IMPORTABLE]
    best, best_score, first = None, 1, None
    for i, rec in enumerate(raw.records[:20]):
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


# ---- values: names and spellings -> codes ---------------------------------------------------
_DISTRICT_PREFIX = re.compile(r"^(huyen|h|quan|q|thi xa|tx|thanh pho|tp|thi tran|tt)\s+")
_DISTRICT_SUFFIX = re.compile(r"\s+(city|town|district)$")
_PROVINCE_PREFIX = re.compile(r"^(tinh|t|thanh pho|tp)\s+")
_PROVINCE_SUFFIX = re.compile(r"\s+province$")
_FUND_PREFIX = re.compile(r"^(nguon\s+)?(von\s+)?(kinh phi\s+)?(khuyen cong|kc)\s+")
_CRAFT_PREFIX = re.compile(r"^(nghe|san xuat|che bien)\s+")
_ACTIVITY_PREFIX = re.compile(r"^(khoan|noi dung|nd)\s+")
_STRIP: dict[str, tuple[re.Pattern, ...]] = {
    "districts": (_DISTRICT_PREFIX, _DISTRICT_SUFFIX),
    "provinces": (_PROVINCE_PREFIX, _PROVINCE_SUFFIX),
    "funds": (_FUND_PREFIX,),
    "crafts": (_CRAFT_PREFIX,),
    "activity_types": (_ACTIVITY_PREFIX,),
}


class Lookup:
    """Names and codes of one reference list (or one province's districts), folded for matching."""

    def __init__(self, table: str):
        self.table = table
        self.codes: dict[str, str] = {}  # folded code -> code
        self.numbers: dict[int, str] = {}  # numeric code ("94" for "094")
        self.keys: dict[str, set[str]] = {}  # folded name -> codes
        self.display: dict[str, str] = {}  # code -> name shown in suggestions

    def _variants(self, text: str) -> set[str]:
        key = fold(text)
        out = {key}
        for pattern in _STRIP.get(self.table, ()):
            out |= {pattern.sub("", k).strip() for k in list(out)}
        return {k for k in out if k}

    def add_code(self, code: str, display: str) -> None:
        self.codes[fold(code)] = code
        if code.isdigit():
            self.numbers[int(code)] = code
        self.display[code] = display

    def add_name(self, text: str | None, code: str) -> None:
        if text:
            for key in self._variants(text):
                self.keys.setdefault(key, set()).add(code)

    def find(self, value: str) -> set[str]:
        if value.isdigit() and int(value) in self.numbers:
            return {self.numbers[int(value)]}
        key = fold(value)
        if key in self.codes:
            return {self.codes[key]}
        found: set[str] = set()
        for variant in sorted(self._variants(value), key=len, reverse=True):  # the fullest form first
            found |= self.keys.get(variant, set())
            if variant.isdigit() and int(variant) in self.numbers:  # "khoản 1"
                found.add(self.numbers[int(variant)])
            if found:
                break
        return found

    def suggest(self, value: str) -> str | None:
        """Display name of the entry `value` most likely means: a near spelling, or a longer name
        holding all its words ("Hội chợ triển lãm" -> the fairs category)."""
        key = fold(value)
        close = difflib.get_close_matches(key, list(self.keys) + list(self.codes), n=1, cutoff=0.75)
        if close:
            codes = self.keys.get(close[0]) or {self.codes.get(close[0])}
        else:
            codes = {c for k, found in self.keys.items() if key and f" {key} " in f" {k} " for c in found}
            if len(codes) != 1:
                return None
        code = sorted(c for c in codes if c)[0]
        return self.display.get(code, code)


class Resolver:
    """Turns the names officials write into the codes of the active reference tables."""

    def __init__(self, cur):
        def rows(sql: str) -> list[tuple]:
            return cur.execute(sql).fetchall()

        self.province_names: dict[str, tuple[str, str]] = {}
        self.lookups: dict[str, Lookup] = {}
        lk = self.lookups["provinces"] = Lookup("provinces")
        for code, vi, en in rows("select province_code, name_vi, name_en from provinces"):
            lk.add_code(code, vi)
            lk.add_name(vi, code)
            lk.add_name(en, code)
            self.province_names[code] = (vi, en)
        self.districts_in: dict[str, Lookup] = {}
        every = self.lookups["districts"] = Lookup("districts")
        for code, prov, vi, en in rows("select district_code, province_code, name_vi, name_en from districts"):
            for lk in (every, self.districts_in.setdefault(prov, Lookup("districts"))):
                lk.add_code(code, vi)
                lk.add_name(vi, code)
                lk.add_name(en, code)
        lk = self.lookups["crafts"] = Lookup("crafts")
        for code, vi, en in rows("select craft_code, name_vi, name_en from crafts"):
            lk.add_code(code, vi)
            lk.add_name(vi, code)
            lk.add_name(en, code)
        lk = self.lookups["funds"] = Lookup("funds")
        for code, vi, en, svi, sen in rows("select fund_code, name_vi, name_en, short_vi, short_en from funds"):
            lk.add_code(code, vi)
            for name in (vi, en, svi, sen):
                lk.add_name(name, code)
        lk = self.lookups["activity_types"] = Lookup("activity_types")
        for code, clause, vi, en, svi, sen in rows(
            "select activity_type_code, article_clause, name_vi, name_en, short_vi, short_en from activity_types"
        ):
            lk.add_code(code, svi)
            lk.numbers[int(clause)] = code  # "1" = khoản 1 of Article 4
            for name in (vi, en, svi, sen):
                lk.add_name(name, code)
        # categories as earlier frameworks (QĐ 136/2007, NĐ 134/2004) named them
        for legacy, code in rows("select legacy_name_vi, activity_type_code from activity_type_map"):
            lk.add_name(legacy, code)

    def resolve(self, table: str, value: str, province: str | None) -> tuple[str, tuple[str, dict] | None]:
        """(code, None) when found; else (value unchanged, (rule, params) to explain why)."""
        if table == "districts":
            inside = self.districts_in.get(province or "")
            if inside is not None:
                found = inside.find(value)
                if len(found) == 1:
                    return next(iter(found)), None
                if len(found) > 1:
                    return value, self._ambiguous(inside, found)
            found = self.lookups["districts"].find(value)
            if len(found) == 1:  # a district of another province: kcdash.validate says so
                return next(iter(found)), None
            if len(found) > 1:
                return value, self._ambiguous(self.lookups["districts"], found)
            hint = (inside or self.lookups["districts"]).suggest(value)
            return value, (("imp_did_you_mean", {"table": table, "suggestion": hint}) if hint else None)
        lk = self.lookups[table]
        found = lk.find(value)
        if len(found) == 1:
            return next(iter(found)), None
        if len(found) > 1:
            return value, self._ambiguous(lk, found)
        hint = lk.suggest(value)
        return value, (("imp_did_you_mean", {"table": table, "suggestion": hint}) if hint else None)

    @staticmethod
    def _ambiguous(lk: Lookup, codes: set[str]) -> tuple[str, dict]:
        options = ", ".join(f"{lk.display.get(c, c)} ({c})" for c in sorted(codes))
        return "imp_ambiguous_name", {"table": lk.table, "options": options}


# ---- numbers --------------------------------------------------------------------------------
_N = r"[+-]?"
_COMMA_STRONG = (re.compile(_N + r"\d{1,3}(\.\d{3})+,\d+"), re.compile(_N + r"\d+,\d+"))
_DOT_STRONG = (re.compile(_N + r"\d{1,3}(,\d{3})+\.\d+"), re.compile(_N + r"\d+\.\d+"))
_DOT_GROUPS = re.compile(_N + r"\d{1,3}(\.\d{3})+")  # 3.530: thousands in Vietnamese, or 3.53?
_COMMA_GROUPS = re.compile(_N + r"\d{1,3}(,\d{3})+")
_COMMA_NUMBER = re.compile(_N + r"(\d{1,3}(\.\d{3})+|\d+)(,\d+)?")
_DOT_NUMBER = re.compile(_N + r"(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")


def decimal_mark(cells: list[str]) -> str:
    """ "," or "." for a file, from its numeric text cells: unambiguous cells first, then habits."""
    strong = {",": 0, ".": 0}
    weak = {",": 0, ".": 0}
    for s in cells:
        s = re.sub(r"[\s\u00a0\u202f%]", "", s)
        if _DOT_GROUPS.fullmatch(s):
            weak[","] += 1
        elif _COMMA_GROUPS.fullmatch(s):
            weak["."] += 1
        elif any(p.fullmatch(s) for p in _COMMA_STRONG):
            strong[","] += 1
        elif any(p.fullmatch(s) for p in _DOT_STRONG):
            strong["."] += 1
    if strong[","] != strong["."]:
        return "," if strong[","] > strong["."] else "."
    if weak[","] != weak["."]:
        return "," if weak[","] > weak["."] else "."
    return "."


def plain_number(s: str, mark: str, *, whole: bool = False, percent: bool = False) -> str:
    """ "6.788,9" -> "6788.9" (mark ","), "1,250.5" -> "1250.5" (mark "."); other text unchanged."""
    t = re.sub(r"[\s\u00a0\u202f]", "", s)
    if percent and t.endswith("%"):
        t = t[:-1]
    if mark == "," and _COMMA_NUMBER.fullmatch(t):
        return t.replace(".", "").replace(",", ".")
    if mark == "." and whole and _DOT_GROUPS.fullmatch(t):  # 3.530 people: a count has no decimals
        return t.replace(".", "")
    if mark == "." and _DOT_NUMBER.fullmatch(t):
        return t.replace(",", "")
    return s


def _numeric(col: Column) -> bool:
    return col.sql_type in ("INTEGER", "BIGINT", "DOUBLE") or col.sql_type.startswith("DECIMAL")


# ---- the result -----------------------------------------------------------------------------
def _years_text(years: list[int]) -> str:
    years = sorted(set(years))
    parts, start, prev = [], None, None
    for y in [*years, None]:
        if start is None:
            start = prev = y
        elif y is not None and y == prev + 1:
            prev = y
        else:
            parts.append(str(start) if start == prev else f"{start}–{prev}")
            start = prev = y
    return ", ".join(parts)


@dataclass
class Plan:
    """What committing the file would do to the active data."""

    table: str
    scope: list[tuple[str, list[int]]]  # (province code, years) the file covers; years empty for clusters
    province_names: dict[str, tuple[str, str]]
    replaced: int  # active records inside the scope (all removed)
    incoming: int  # rows of the file (all added)
    same_id: int  # incoming rows whose id was among the replaced
    kept: int  # active records outside the scope (untouched)

    @property
    def new(self) -> int:
        return self.incoming - self.same_id

    @property
    def dropped(self) -> int:
        return self.replaced - self.same_id

    @property
    def total(self) -> int:
        return self.kept + self.incoming

    def scope_text(self, lang: str = "vi") -> str:
        parts = []
        for prov, years in self.scope:
            names = self.province_names.get(prov, (prov, prov))
            name = names[1] if lang == "en" else names[0]
            parts.append(f"{name} {_years_text(years)}".strip())
        return "; ".join(parts)

    def text(self, lang: str = "vi") -> str:
        return i18n.t(
            "imp.plan",
            lang,
            table=self.table,
            scope=self.scope_text(lang),
            replaced=self.replaced,
            incoming=self.incoming,
            same_id=self.same_id,
            new=self.new,
            dropped=self.dropped,
            kept=self.kept,
            total=self.total,
        )


@dataclass
class ImportResult:
    file_name: str
    size: int
    sha256: str
    table: str | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    plan: Plan | None = None
    records: pd.DataFrame | None = None  # the file's rows, typed as the contract says
    info: dict = field(default_factory=dict)
    checked_against: str = ""  # id of the active version the file was checked against
    version: str | None = None  # set once committed

    @property
    def ok(self) -> bool:
        return not self.problems

    def report(self, lang: str = "vi") -> pd.DataFrame:
        """Every problem as a table: row, column (header in `lang`), value, rule, message."""
        cols = [
            i18n.t(k, lang)
            for k in ("imp.col_row", "imp.col_column", "imp.col_value", "imp.col_rule", "imp.col_message")
        ]
        rows = [(p.row, p.header(lang), p.value, p.rule, p.rule_text(lang)) for p in self.problems]
        df = pd.DataFrame(rows, columns=cols)
        df[cols[0]] = df[cols[0]].astype("Int64")
        return df

    def report_csv(self, lang: str = "vi") -> bytes:
        """The report for download: UTF-8 with BOM (Excel opens it right), formulas neutralised."""
        df = self.report(lang).astype(object)
        df = df.map(neutralise)
        return df.to_csv(index=False).encode("utf-8-sig")

    def summary(self, lang: str = "vi") -> str:
        if self.problems:
            return i18n.t("imp.rejected", lang, n=len(self.problems))
        return i18n.t("imp.ok", lang, rows=0 if self.records is None else len(self.records))


Progress = Callable[[str, float], None]


def _noop(_step: str, _fraction: float) -> None:
    pass


# ---- the pipeline ---------------------------------------------------------------------------
def _cursor(db: Database):
    # kcdash.db exposes only named queries; the importer needs its typed tables for references,
    # the merge and the new version, so it takes its own cursor on the same connection
    return db.cursor()


def check(
    content: bytes,
    filename: str,
    *,
    table: str | None = None,
    sheet: str | None = None,
    base: str | None = None,
    user: str = "",
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Read, normalise and validate `content` against the active data; writes nothing."""
    db = get_database(base or data_dir())
    cur = _cursor(db)
    try:
        return _check_on(cur, db, content, filename, table, sheet, user, max_bytes, progress or _noop)
    finally:
        cur.close()


def _check_on(cur, db, content, filename, table, sheet, user, max_bytes, progress) -> ImportResult:
    """`check` on an open cursor; leaves the typed rows in its temp table `incoming` when they pass."""
    name = os.path.basename(filename) or "upload"
    result = ImportResult(file_name=name, size=len(content), sha256=hashlib.sha256(content).hexdigest())
    result.checked_against = str(db.version.get("id", "bundled"))
    limit = MAX_BYTES if max_bytes is None else max_bytes

    def fail(rule: str, **params) -> ImportResult:
        result.problems.append(Problem(name, None, None, None, rule, params, table or ""))
        return result

    if table is not None and table not in IMPORTABLE:
        return fail("imp_not_importable", tables=", ".join(IMPORTABLE))
    if len(content) > limit:
        return fail("imp_too_large", size_mb=mb_text(len(content)), limit_mb=mb_text(limit))
    progress("imp.step_read", 0.05)
    try:
        raw = read_raw(content, name, sheet)
        header_at = _find_header_row(raw)
    except FileProblem as e:
        return fail(e.rule, **e.params)
    result.info = dict(raw.info)
    headers = [clean(h) for h in raw.records[header_at]]
    table = table or detect_table(headers)
    if table is None:
        return fail("imp_unknown_table")
    result.table = table
    tdef = TABLES[table]
    progress("imp.step_normalise", 0.15)
    frame, issues, problems, notes = _normalise(raw, header_at, headers, tdef, Resolver(cur), name, user, progress)
    result.info["rows"] = len(frame)
    result.info["decimal"] = raw.info.get("decimal", ".")
    result.notes = [_detected_note(result.info, table), *notes]
    progress("imp.step_validate", 0.7)
    cur.register("incoming_text", frame)
    found = validate_relation(cur, tdef, "incoming_text", name, set(TABLES) - set(RECORD_TABLES))
    problems += [_explain(p, issues, headers) for p in found]
    if not problems:
        progress("imp.step_plan", 0.85)
        cur.execute("create or replace temp table incoming as " + _typed_with_row(tdef, "incoming_text"))
        problems += _collisions(cur, tdef, name)
        result.plan = _plan(cur, tdef)
        keys = ", ".join(quote_ident(k) for k in tdef.key)
        result.records = cur.execute(f"select * exclude (_row) from incoming order by {keys}").df()
    cur.unregister("incoming_text")
    result.problems = sorted(problems, key=lambda p: _reading_order(p, tdef))
    progress("imp.checked", 1.0)
    return result


def _reading_order(p: Problem, tdef: Table) -> tuple:
    """File-wide problems first, then by row and column as the file reads; "more rows cut" last."""
    place = 2 if p.rule == "more_cut" else 0 if p.row is None else 1
    cols = tdef.column_names
    return (place, p.row or 0, cols.index(p.column) if p.column in cols else -1)


def mb_text(n: int) -> str:
    """Megabytes for a message: 51.2, or 0.001 for the tiny limits of tests."""
    return f"{n / 1024 / 1024:.1f}" if n >= 1024 * 1024 else f"{n / 1024 / 1024:.3f}"


def _detected_note(info: dict, table: str) -> Note:
    params = {"format": info.get("format", ""), "rows": info.get("rows", 0), "table": table}
    if "sheet" in info:
        return Note("imp.note_detected_sheet", {**params, "sheet": info["sheet"]})
    if "encoding" in info:
        return Note(
            "imp.note_detected",
            {
                **params,
                "encoding": info["encoding"],
                "delimiter": info["delimiter"],
                "decimal": info.get("decimal", "."),
            },
        )
    return Note("imp.note_detected_parquet", params)


def _normalise(raw, header_at, headers, tdef, resolver, name, user, progress):
    """Contract columns of text cells (+ `_row`), issues to explain, problems and notes."""
    problems: list[Problem] = []
    notes: list[Note] = []
    index = header_index(tdef)
    header_row = raw.numbers[header_at] if not raw.header_known else None
    columns: dict[str, int] = {}
    for i, h in enumerate(headers):
        col = match_header(h, index)
        if col is None:
            if h:
                notes.append(Note("imp.note_ignored_column", {"header": h, "table": tdef.name}))
            continue
        if col in columns:
            problems.append(
                Problem(name, header_row, col, h, "imp_duplicate_header", {"other": headers[columns[col]]}, tdef.name)
            )
            continue
        columns[col] = i

    body = []  # (row number, cleaned cells, typed flags) of every data row
    for j in range(header_at + 1, len(raw.records)):
        rec = [clean(c) for c in raw.records[j]]
        if any(c is not None for c in rec):  # rows left empty in a spreadsheet are skipped
            body.append((raw.numbers[j], rec, raw.typed[j] if raw.typed else None))
    width = len(headers)
    ragged = 0
    for number, rec, _typed in body:
        if any(c is not None for c in rec[width:]) and ragged < _FILE_PROBLEM_LIMIT:
            ragged += 1
            problems.append(
                Problem(name, number, None, None, "imp_ragged_row", {"found": len(rec), "expected": width}, tdef.name)
            )

    def cell(rec, typed, i) -> tuple[str | None, bool]:
        if i >= len(rec):
            return None, False
        return rec[i], bool(typed and i < len(typed) and typed[i])

    numeric_text = [
        rec[i]
        for col in tdef.columns
        if col.name in columns and _numeric(col)
        for i in [columns[col.name]]
        for _n, rec, typed in body
        if i < len(rec) and rec[i] is not None and not (typed and i < len(typed) and typed[i])
    ]
    mark = decimal_mark(numeric_text)
    raw.info["decimal"] = mark

    data: dict[str, list] = {"_row": [n for n, _r, _t in body]}
    issues: dict[tuple[int, str], tuple[str, dict]] = {}
    originals: dict[tuple[int, str], str | None] = {}
    provinces: list[str | None] = []
    order = sorted(tdef.columns, key=lambda c: c.name != "province_code")  # districts need the province
    total = max(1, len(order))
    for k, col in enumerate(order):
        progress("imp.step_normalise", 0.15 + 0.5 * k / total)
        if col.name not in columns:
            continue
        values: list[str | None] = []
        memo: dict[tuple, tuple[str, tuple | None]] = {}  # officials repeat the same names: resolve each once
        for r, (number, rec, typed) in enumerate(body):
            v, was_number = cell(rec, typed, columns[col.name])
            written = v
            if v is not None:
                if col.ref and col.ref[0] in resolver.lookups:
                    province = provinces[r] if col.name == "district_code" and provinces else None
                    found = memo.get((v, province))
                    if found is None:
                        found = memo[(v, province)] = resolver.resolve(col.ref[0], v, province)
                    v, issue = found
                    if issue:
                        issues[(number, col.name)] = issue
                elif _numeric(col) and not was_number:
                    v = plain_number(v, mark, whole=col.sql_type in ("INTEGER", "BIGINT"), percent=col.unit == "%")
                elif col.sql_type == "BOOLEAN":
                    v = _BOOLEAN_WORDS.get(fold(v), v)
                elif col.allowed:
                    v = _allowed_value(v, col)
            if v != written:
                originals[(number, col.name)] = written  # the report shows what the person wrote
            values.append(v)
        data[col.name] = values
        if col.name == "province_code":
            provinces = values

    today = dt.date.today().isoformat()
    for col in tdef.columns:
        if col.name in data:
            continue
        if col.name == "source":
            who = f", {user}" if user else ""
            data[col.name] = [f"{name} (nhập ngày {today}{who})"] * len(body)
            value = data[col.name][0] if body else ""
            notes.append(Note("imp.note_default_source", {"value": value}, tdef.name, col.name))
        elif col.name == "is_illustrative":
            data[col.name] = ["false"] * len(body)
            notes.append(Note("imp.note_default_illustrative", {}, tdef.name, col.name))
        elif not col.required:
            data[col.name] = [None] * len(body)  # missing, never zero
            notes.append(Note("imp.note_optional_absent", {}, tdef.name, col.name))
    frame = pd.DataFrame({k: pd.Series(v, dtype="object") for k, v in data.items()})
    frame["_row"] = frame["_row"].astype("int64")
    return frame, (issues, originals), problems, notes


def _allowed_value(v: str, col: Column) -> str:
    key = fold(v)
    for allowed in col.allowed:
        if key == fold(allowed):
            return allowed
    if set(col.allowed) == set(STAGES):
        for stage, words in STAGE_WORDS.items():
            if key in words:
                return stage.replace(" ", "_")
    return v


def _explain(p: Problem, found: tuple[dict, dict], headers: list[str | None]) -> Problem:
    """The validator's problem as the person wrote the value, with the importer's "did you mean"."""
    issues, originals = found
    if p.row is not None and (p.row, p.column) in originals:
        p = dataclasses.replace(p, value=originals[(p.row, p.column)])
    if p.rule == "unknown_reference" and p.row is not None and (p.row, p.column) in issues:
        rule, params = issues[(p.row, p.column)]
        return dataclasses.replace(p, rule=rule, params=params)
    if p.rule == "missing_column" and p.column:
        col = TABLES[p.table].column(p.column)
        keys = _header_keys(col)
        index = header_index(TABLES[p.table])
        best, best_ratio = None, 0.0
        for h in headers:
            if not h or match_header(h, index) is not None:  # only a header the file left unused
                continue
            for key in keys:
                ratio = difflib.SequenceMatcher(None, fold(h), key).ratio()
                if ratio > best_ratio:
                    best, best_ratio = h, ratio
        if best is not None and best_ratio >= 0.75:
            return dataclasses.replace(p, rule="imp_missing_column_hint", params={"suggestion": best})
    return p


def _typed_with_row(tdef: Table, relation: str) -> str:
    cols = ", ".join(f"{typed_expr(c)} as {quote_ident(c.name)}" for c in tdef.columns)
    return f"select t._row, {cols} from {quote_ident(relation)} as t"


def _in_scope(tdef: Table, alias: str) -> str:
    cond = " and ".join(f"s.{quote_ident(c)} = {alias}.{quote_ident(c)}" for c in SCOPE[tdef.name])
    return f"exists (select 1 from incoming as s where {cond})"


def _collisions(cur, tdef: Table, name: str) -> list[Problem]:
    """Ids of the file already used by active records the file does not replace."""
    key = tdef.key[0]
    scope_cols = ", ".join(f"a.{quote_ident(c)}" for c in SCOPE[tdef.name])
    sql = (
        f"select i._row, i.{quote_ident(key)}, {scope_cols} from incoming as i join {quote_ident(tdef.name)} as a "
        f"on a.{quote_ident(key)} = i.{quote_ident(key)} where not {_in_scope(tdef, 'a')} order by i._row limit {_FILE_PROBLEM_LIMIT}"
    )
    names = dict(cur.execute("select province_code, name_vi from provinces").fetchall())
    out = []
    for row, value, province, *rest in cur.execute(sql).fetchall():
        where = " ".join([names.get(province, province), *(str(s) for s in rest)])
        out.append(Problem(name, int(row), key, value, "imp_id_exists", {"scope": where}, tdef.name))
    return out


def _plan(cur, tdef: Table) -> Plan:
    t = quote_ident(tdef.name)
    key = quote_ident(tdef.key[0])
    replaced = cur.execute(f"select count(*) from {t} as a where {_in_scope(tdef, 'a')}").fetchone()[0]
    kept = cur.execute(f"select count(*) from {t} as a where not {_in_scope(tdef, 'a')}").fetchone()[0]
    incoming = cur.execute("select count(*) from incoming").fetchone()[0]
    same = cur.execute(
        f"select count(*) from incoming as i where exists (select 1 from {t} as a where a.{key} = i.{key} "
        f"and {_in_scope(tdef, 'a')})"
    ).fetchone()[0]
    scope_cols = SCOPE[tdef.name]
    scope: dict[str, list[int]] = {}
    for values in cur.execute(
        "select distinct " + ", ".join(quote_ident(c) for c in scope_cols) + " from incoming order by all"
    ).fetchall():
        years = scope.setdefault(values[0], [])
        if len(values) > 1:
            years.append(int(values[1]))
    names = dict(cur.execute("select province_code, [name_vi, name_en] from provinces").fetchall())
    return Plan(
        table=tdef.name,
        scope=sorted(scope.items()),
        province_names={k: tuple(v) for k, v in names.items()},
        replaced=int(replaced),
        incoming=int(incoming),
        same_id=int(same),
        kept=int(kept),
    )


# ---- writing a version ----------------------------------------------------------------------
def arrow_type(sql_type: str) -> pa.DataType:
    m = re.fullmatch(r"DECIMAL\((\d+),(\d+)\)", sql_type)
    if m:
        return pa.decimal128(int(m.group(1)), int(m.group(2)))
    return {
        "VARCHAR": pa.string(),
        "INTEGER": pa.int32(),
        "BIGINT": pa.int64(),
        "DOUBLE": pa.float64(),
        "BOOLEAN": pa.bool_(),
    }[sql_type]


def arrow_schema(tdef: Table) -> pa.Schema:
    return pa.schema([pa.field(c.name, arrow_type(c.sql_type), nullable=not c.required) for c in tdef.columns])


def _table_arrow(cur, tdef: Table, sql: str) -> pa.Table:
    return cur.sql(sql).to_arrow_table().select(list(tdef.column_names)).cast(arrow_schema(tdef))


def _write_all(cur, replace: dict[str, str]) -> Callable[[Path], dict[str, int]]:
    """A writer of every contract table as typed Parquet; `replace` gives SQL for changed tables."""

    def write(folder: Path) -> dict[str, int]:
        rows = {}
        for name, tdef in TABLES.items():
            cols = ", ".join(quote_ident(c) for c in tdef.column_names)
            sql = replace.get(name) or f"select {cols} from {quote_ident(name)}"
            tbl = _table_arrow(cur, tdef, sql)
            pq.write_table(tbl, folder / f"{name}.parquet")
            rows[name] = tbl.num_rows
        return rows

    return write


def _verify(folder: str) -> None:
    Database(folder).close()  # the dashboard must be able to load what becomes active


def snapshot_active(base: str, *, user: str = "") -> str:
    """Save the active (bundled) data as a version and make it active; under the store lock."""
    db = get_database(base)
    cur = _cursor(db)
    try:
        manifest = {
            "action": "snapshot",
            "label_vi": "Dữ liệu kèm theo, lưu lại trước lần nhập đầu tiên",
            "label_en": "Bundled data, saved before the first import",
            "created_by": user,
            "source_file": "bundled data" if store.current_version_id(base) is None else "",
            "parent": str(db.version.get("id", "bundled")),
            "bundled_created_at": db.version.get("created_at"),
        }
        vid = store.write_version(base, _write_all(cur, {}), manifest, verify=_verify)
    finally:
        cur.close()
    store.activate(base, vid, user=user, action="snapshot")
    return vid


def commit(
    content: bytes,
    filename: str,
    *,
    table: str | None = None,
    sheet: str | None = None,
    base: str | None = None,
    user: str = "",
    max_bytes: int | None = None,
    timeout: float = 60.0,
    progress: Progress | None = None,
) -> ImportResult:
    """Check the file and, if it passes, make it a new active version (under the store lock).

    A rejected file changes nothing. An accepted one is checked again inside the lock against
    whatever is active by then, so two imports at once apply one after the other.
    """
    base = base or data_dir()
    if store.is_uri(base):
        raise ValueError("imports need a local data folder, not " + base)
    result = check(
        content, filename, table=table, sheet=sheet, base=base, user=user, max_bytes=max_bytes, progress=progress
    )
    if not result.ok:
        return result
    with store.locked(base, timeout):
        store.remove_stale_temp(base)
        if store.current_version_id(base) is None:
            snapshot_active(base, user=user)  # the bundled data becomes version 1, so it can come back
        db = get_database(base)
        cur = _cursor(db)
        try:
            result = _check_on(cur, db, content, filename, result.table, sheet, user, max_bytes, _noop)
            if not result.ok:
                return result
            tdef = TABLES[result.table]
            cols = ", ".join(quote_ident(c) for c in tdef.column_names)
            order = ", ".join(quote_ident(c) for c in (*SCOPE[tdef.name], *tdef.key))
            merged = (
                f"select {cols} from {quote_ident(tdef.name)} as a where not {_in_scope(tdef, 'a')} "
                f"union all select {cols} from incoming order by {order}"
            )
            p = result.plan
            manifest = {
                "action": "import",
                "label_vi": f"Nhập từ tệp {result.file_name}" + (f" ({user})" if user else ""),
                "label_en": f"Imported from {result.file_name}" + (f" ({user})" if user else ""),
                "created_by": user,
                "source_file": result.file_name,
                "source_sha256": result.sha256,
                "source_bytes": result.size,
                "table": tdef.name,
                "parent": result.checked_against,
                "replaced": {"scope": p.scope_text("vi"), "removed": p.replaced, "added": p.incoming, "kept": p.kept},
            }
            try:
                vid = store.write_version(base, _write_all(cur, {tdef.name: merged}), manifest, verify=_verify)
            except DataValidationError as e:  # cannot happen after the checks above; never activate it anyway
                result.problems = list(e.problems)
                return result
        finally:
            cur.close()
        store.activate(base, vid, user=user, action="import")
        result.version = vid
    return result


def import_path(path: str, **kwargs) -> ImportResult:
    """`commit` for a file on disk; the size is checked before the file is read."""
    limit = MAX_BYTES if kwargs.get("max_bytes") is None else kwargs["max_bytes"]
    size = os.path.getsize(path)
    if size > limit:
        name = os.path.basename(path)
        r = ImportResult(file_name=name, size=size, sha256="")
        r.problems.append(
            Problem(name, None, None, None, "imp_too_large", {"size_mb": mb_text(size), "limit_mb": mb_text(limit)}, "")
        )
        return r
    with open(path, "rb") as f:
        content = f.read()
    if kwargs.pop("dry_run", False):
        kwargs.pop("timeout", None)
        return check(content, path, **kwargs)
    return commit(content, path, **kwargs)


# ---- command line ---------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kcdash.importer", description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", help="CSV, .xlsx or Parquet file to import")
    parser.add_argument("--table", choices=IMPORTABLE, help="which table the file holds (default: detect)")
    parser.add_argument("--sheet", help="Excel sheet name (default: the first sheet)")
    parser.add_argument("--data-dir", default=None, help="data folder (default: $DATA_DIR or data/)")
    parser.add_argument("--lang", choices=("vi", "en"), default="vi")
    parser.add_argument("--user", default=None, help="who imports (default: the login name)")
    parser.add_argument("--check", action="store_true", help="check and report only; change nothing")
    parser.add_argument("--list", action="store_true", help="list the data versions")
    parser.add_argument("--rollback", metavar="ID", help="make an earlier version active again")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for another import")
    args = parser.parse_args(argv)
    base = args.data_dir or data_dir()
    lang = args.lang
    user = args.user or os.environ.get("KC_USER") or _login()

    if args.list:
        _print_versions(base)
        return 0
    if args.rollback:
        try:
            manifest = store.rollback(base, args.rollback, user=user, timeout=args.timeout)
        except store.UnknownVersion:
            print(i18n.t("imp.unknown_version", lang, version=args.rollback), file=sys.stderr)
            return 2
        except store.StoreBusy:
            print(i18n.t("imp.busy", lang), file=sys.stderr)
            return 3
        print(i18n.t("imp.cli_rolled_back", lang, version=manifest.get("id", args.rollback)))
        return 0
    if not args.file:
        parser.error("FILE is required (or --list / --rollback ID)")
    if not os.path.isfile(args.file):
        print(f"{args.file}: {i18n.t('val.file_missing', lang)}", file=sys.stderr)
        return 2
    try:
        result = import_path(
            args.file,
            table=args.table,
            sheet=args.sheet,
            base=base,
            user=user,
            timeout=args.timeout,
            dry_run=args.check,
        )
    except store.StoreBusy:
        print(i18n.t("imp.busy", lang), file=sys.stderr)
        return 3
    for note in result.notes:
        print("· " + note.text(lang))
    if not result.ok:
        print(i18n.t("imp.rejected", lang, n=len(result.problems)), file=sys.stderr)
        for p in result.problems:
            print(p.message(lang), file=sys.stderr)
        return 1
    if result.plan is not None:
        print(result.plan.text(lang))
    if args.check:
        print(i18n.t("imp.cli_checked", lang, rows=len(result.records)))
    else:
        print(i18n.t("imp.cli_accepted", lang, rows=len(result.records), file=result.file_name, version=result.version))
    return 0


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:
        return ""


def _print_versions(base: str) -> None:
    versions = store.list_versions(base)
    if not versions:
        print("bundled (active)" if store.current_version_id(base) is None else "-")
        return
    for v in versions:
        mark = "*" if v.get("active") else " "
        rows = ", ".join(f"{k}={n}" for k, n in (v.get("rows") or {}).items() if k in RECORD_TABLES)
        print(
            f"{mark} {v['id']:>4}  {v.get('created_at', '')}  {v.get('action', ''):8}  "
            f"{v.get('created_by', '')}  {v.get('source_file', '')}  {rows}"
        )
    if store.current_version_id(base) is None:
        print("* bundled (active)")


if __name__ == "__main__":
    raise SystemExit(main())
