"""Limits checked before work: a small file must not make the server do big work.

Each limit has a safe default and an environment variable (read when an import starts, so a
test or a deployment can change it without a restart). A file over a limit is refused with a
message naming the limit and the value found, in Vietnamese and English (``val.imp_limit_*``).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass


def _env_number(name: str, default: float) -> float:
    text = os.environ.get(name, "").strip()
    try:
        value = float(text) if text else default
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class Limits:
    """What one import may cost; see docs/IMPORT.md, "Giới hạn"."""

    max_bytes: int  # the file as uploaded (KC_IMPORT_MAX_MB, 50)
    max_rows: int  # records, title and total rows included (KC_IMPORT_MAX_ROWS, 200 000)
    max_columns: int  # cells in one row (KC_IMPORT_MAX_COLUMNS, 200)
    max_cells: int  # cells in the sheet or file (KC_IMPORT_MAX_CELLS, 4 000 000)
    max_xml_bytes: int  # an .xlsx's XML parts once unpacked, together (KC_IMPORT_MAX_XML_MB, 400)
    max_shared_strings_bytes: int  # its shared strings part unpacked (KC_IMPORT_MAX_SHARED_STRINGS_MB, 50)
    max_cell_bytes: int  # one cell's text in UTF-8 (KC_IMPORT_MAX_CELL_KB, 16)
    max_unpacked_bytes: int  # a Parquet file's columns once decompressed, together (KC_IMPORT_MAX_UNPACKED_MB, 100)
    max_notes: int  # notes shown to the steward (KC_IMPORT_MAX_NOTES, 50)
    time_budget_s: float  # seconds reading, mapping and checking may take (KC_IMPORT_TIME_BUDGET_S, 120)

    @classmethod
    def from_env(cls) -> Limits:
        mb = 1024 * 1024
        return cls(
            max_bytes=int(_env_number("KC_IMPORT_MAX_MB", 50) * mb),
            max_rows=int(_env_number("KC_IMPORT_MAX_ROWS", 200_000)),
            max_columns=int(_env_number("KC_IMPORT_MAX_COLUMNS", 200)),
            max_cells=int(_env_number("KC_IMPORT_MAX_CELLS", 4_000_000)),
            max_xml_bytes=int(_env_number("KC_IMPORT_MAX_XML_MB", 400) * mb),
            max_shared_strings_bytes=int(_env_number("KC_IMPORT_MAX_SHARED_STRINGS_MB", 50) * mb),
            max_cell_bytes=int(_env_number("KC_IMPORT_MAX_CELL_KB", 16) * 1024),
            max_unpacked_bytes=int(_env_number("KC_IMPORT_MAX_UNPACKED_MB", 100) * mb),
            max_notes=int(_env_number("KC_IMPORT_MAX_NOTES", 50)),
            time_budget_s=_env_number("KC_IMPORT_TIME_BUDGET_S", 120),
        )


class Clock:
    """The time budget of one import: `check()` raises once it is spent."""

    def __init__(self, budget_s: float):
        self.budget_s = budget_s
        self.start = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def check(self) -> None:
        from kcdash.importer.read import FileProblem  # the read step owns the file-level problem

        if self.elapsed() > self.budget_s:
            raise FileProblem("imp_limit_time", limit=f"{self.budget_s:g}")


def mb_text(n: int) -> str:
    """Megabytes for a message: 51.2, or 0.001 for the tiny limits of tests."""
    return f"{n / 1024 / 1024:.1f}" if n >= 1024 * 1024 else f"{n / 1024 / 1024:.3f}"
