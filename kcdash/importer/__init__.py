"""Import of officials' own extracts: one pipeline for the command line and the upload page.

    bytes ─ read ─▶ text cells ─ locate ─▶ header, records, total rows ─ columns ─▶ contract
          columns ─ values ─▶ codes ─ convert ─▶ exact numbers in contract units
          ─ validate (DuckDB, kcdash.validate, against the active reference tables)
          ─ plan (what the file replaces) ─ commit: a new version in kcdash.store, then switch

Modules, one per step: ``read``, ``locate``, ``columns``, ``values``, ``convert``, ``plan``,
``commit``, ``cli`` (``python -m kcdash.importer``); ``normalise`` reads every cell through
``values`` and ``convert``, ``totals`` checks total rows, ``pipeline`` runs the steps in order and
``result`` is what a check gives back; ``profiles`` keeps a steward's choices. Limits checked
before work: ``limits``.
"""

from __future__ import annotations

from kcdash.importer.columns import IMPORTABLE, SKIP, UNITS, detect_table, header_index, header_key, match_header
from kcdash.importer.commit import arrow_schema, arrow_type, commit, commit_upload, import_path, seed, write_all
from kcdash.importer.convert import decimal_mark, plain_number
from kcdash.importer.limits import Limits, mb_text
from kcdash.importer.normalise import allowed_value
from kcdash.importer.pipeline import Upload, check, check_upload
from kcdash.importer.plan import SCOPE, Plan
from kcdash.importer.profiles import (
    Choices,
    ProfileInvalid,
    ProfileNameTaken,
    list_profiles,
    load_profile,
    save_profile,
)
from kcdash.importer.read import FileProblem, RawTable, read_raw
from kcdash.importer.result import Applied, ImportResult, Note
from kcdash.importer.text import clean, fold, neutralise, printable
from kcdash.importer.values import Lookup, Resolver, Unmatched
from kcdash.schema import TABLES


def max_bytes() -> int:
    """The upload limit in bytes now (KC_IMPORT_MAX_MB, default 50 MB)."""
    return Limits.from_env().max_bytes


__all__ = [
    "IMPORTABLE",
    "SCOPE",
    "SKIP",
    "TABLES",
    "UNITS",
    "Applied",
    "Choices",
    "FileProblem",
    "ImportResult",
    "Limits",
    "Lookup",
    "Note",
    "Plan",
    "ProfileInvalid",
    "ProfileNameTaken",
    "RawTable",
    "Resolver",
    "Unmatched",
    "Upload",
    "allowed_value",
    "arrow_schema",
    "arrow_type",
    "check",
    "check_upload",
    "clean",
    "commit",
    "commit_upload",
    "decimal_mark",
    "detect_table",
    "fold",
    "header_index",
    "header_key",
    "import_path",
    "list_profiles",
    "load_profile",
    "match_header",
    "max_bytes",
    "mb_text",
    "neutralise",
    "plain_number",
    "printable",
    "read_raw",
    "save_profile",
    "seed",
    "write_all",  # kcdash's own tests (test_store.py) write versions with it
]
