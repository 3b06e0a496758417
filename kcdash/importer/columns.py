"""Step 3, columns: which contract column each of the file's headers means.

A header is compared after folding (case, spacing, diacritics, đ) and expanding the
abbreviations Vietnamese reports use ("SL" số lượng, "LĐ" lao động, "KP" kinh phí, "HV" học
viên, "VL" việc làm …); a unit in brackets ("KP (đồng)") is read apart as the column's unit.
The synonyms are the contract's own headers and the aliases in :mod:`kcdash.schema`. What is
still unmatched gets a best guess; the steward (page) or ``--map``/``--profile`` (command line)
decides, and nothing unmatched is used silently.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from kcdash.importer.text import fold, no_parens
from kcdash.schema import RECORD_TABLES, TABLES, Column, Table

IMPORTABLE: tuple[str, ...] = RECORD_TABLES
SKIP = ""  # a file column mapped to nothing ("bỏ qua")

# abbreviations in officials' headers, folded -> folded expansion
ABBREVIATIONS: dict[str, str] = {
    "sl": "so",
    "ld": "lao dong",
    "kp": "kinh phi",
    "hv": "hoc vien",
    "vl": "viec lam",
    "dt": "dao tao",
    "kc": "khuyen cong",
    "ccn": "cum cong nghiep",
    "tt": "thu tu",
    "nd": "noi dung",
    "dvt": "don vi tinh",
    "vnd": "dong",
    "tr": "trieu",
    "trd": "trieu dong",
}
_WORD = re.compile(r"[0-9a-z]+")


def expand(key: str) -> str:
    """A folded header with its abbreviations written out: "sl hv" -> "so hoc vien"."""
    return " ".join(ABBREVIATIONS.get(w, w) for w in _WORD.findall(key))


def header_key(text: str) -> str:
    return expand(fold(text))


# ---- units in a header ----------------------------------------------------------------------
UNITS: dict[str, int] = {"dong": 1, "nghin_dong": 1_000, "trieu_dong": 1_000_000}
"""Budget units a file may use, in đồng each."""

_UNIT_WORDS: tuple[tuple[str, str], ...] = (  # folded, expanded text in brackets -> unit (first match wins)
    ("trieu dong", "trieu_dong"),
    ("trieu", "trieu_dong"),
    ("million", "trieu_dong"),
    ("nghin dong", "nghin_dong"),
    ("ngan dong", "nghin_dong"),
    ("nghin", "nghin_dong"),
    ("1000 dong", "nghin_dong"),
    ("1 000 dong", "nghin_dong"),
    ("1 000 d", "nghin_dong"),
    ("1000 d", "nghin_dong"),
    ("thousand", "nghin_dong"),
    ("dong", "dong"),
    ("d", "dong"),
)


def header_unit(text: str | None) -> str | None:
    """The money unit a header names in brackets or after a comma: "KP (đồng)" -> "dong"."""
    if not text:
        return None
    parts = re.findall(r"[\(\[](.*?)[\)\]]", text) or re.findall(r"(?:,|:|-)\s*(?:đvt|dvt|ĐVT)?[:\s]*([^,]*)$", text)
    for part in parts:
        key = header_key(part)
        key = re.sub(r"^don vi tinh\s*", "", key)
        for words, unit in _UNIT_WORDS:
            if key == words or key.startswith(words + " ") or key.endswith(" " + words):
                return unit
    return None


# ---- synonyms -------------------------------------------------------------------------------
def _header_keys(col: Column, level: int | None = None) -> set[str]:
    """Keys for `col`: level 0 its own names (name, vi, en), 1 aliases and short forms."""
    own = {col.name.replace("_", " "), col.vi, col.en}
    other = {*col.aliases, *(no_parens(k) for k in (col.vi, col.en))}
    keys = own if level == 0 else other if level == 1 else own | other
    return {header_key(k) for k in keys if header_key(k)}


def header_index(table: Table) -> dict[str, str]:
    """Header key -> column name. A column's own header beats another's alias or short form
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
    return index.get(header_key(text)) or index.get(header_key(no_parens(text)))


def detect_table(headers: list[str | None]) -> str | None:
    """The importable table whose columns the headers name most; None when unclear."""
    scores = {}
    for name in IMPORTABLE:
        index = header_index(TABLES[name])
        scores[name] = len({match_header(h, index) for h in headers} - {None})
    best = max(scores.values(), default=0)
    winners = [n for n, s in scores.items() if s == best]
    return winners[0] if best >= 2 and len(winners) == 1 else None


def best_guess(text: str | None, table: Table, taken: set[str]) -> tuple[str | None, float]:
    """The contract column a header most likely names (not one already taken), and how alike."""
    if not text:
        return None, 0.0
    key = header_key(no_parens(text)) or header_key(text)
    best, best_ratio = None, 0.0
    for col in table.columns:
        if col.name in taken:
            continue
        for k in _header_keys(col):
            ratio = difflib.SequenceMatcher(None, key, k).ratio()
            if ratio > best_ratio:
                best, best_ratio = col.name, ratio
    return best, best_ratio


GUESS_CUTOFF = 0.75


# ---- the mapping of one file ----------------------------------------------------------------
@dataclass
class ColumnMatch:
    """One column of the file and what it became."""

    index: int  # position in the file
    header: str  # as written
    column: str | None  # contract column, or None (ignored)
    how: str  # "contract" | "synonym" | "chosen" (steward, --map, profile) | "skipped" | "unmatched"
    guess: str | None = None  # best guess for an unmatched column
    unit: str | None = None  # money unit read from the header (budget)


def map_columns(
    headers: list[str | None], table: Table, chosen: dict[str, str] | None = None
) -> tuple[list[ColumnMatch], list[tuple[str, str, str]]]:
    """Each header's contract column, and duplicates as (column, header, earlier header).

    `chosen` maps a header key (see :func:`header_key`) to a contract column or to SKIP; it wins
    over every synonym.
    """
    chosen = chosen or {}
    index = header_index(table)
    own = {fold(h): c.name for c in table.columns for h in (c.vi, c.en, c.name.replace("_", " "))}
    matches: list[ColumnMatch] = []
    used: dict[str, str] = {}
    duplicates: list[tuple[str, str, str]] = []
    for i, h in enumerate(headers):
        if not h:
            continue
        key = header_key(h)
        if key in chosen:
            col: str | None = chosen[key] or None
            how = "chosen" if col else "skipped"
        else:
            col = match_header(h, index)
            how = ("contract" if own.get(fold(h)) == col else "synonym") if col else "unmatched"
        unit = header_unit(h) if col == "budget_million_vnd" else None
        if col is not None and col in used:
            duplicates.append((col, h, used[col]))
            matches.append(ColumnMatch(i, h, None, "duplicate"))
            continue
        if col is not None:
            used[col] = h
        matches.append(ColumnMatch(i, h, col, how, unit=unit))
    taken = set(used)
    for m in matches:
        if m.how == "unmatched":
            guess, ratio = best_guess(m.header, table, taken)
            m.guess = guess if ratio >= GUESS_CUTOFF else None
    return matches, duplicates


def parse_map_option(text: str) -> tuple[str, str]:
    """ "Header=column" (command line) -> (header key, contract column or SKIP for "-"/"bỏ qua")."""
    header, sep, column = text.rpartition("=")
    if not sep or not header.strip():
        raise ValueError(text)
    column = column.strip()
    return header_key(header), (SKIP if fold(column) in ("", "bo qua", "skip") or column == "-" else column)
