"""The steward's choices for one file, and named profiles that keep them for the next file.

A profile is JSON in ``<data folder>/import_profiles/`` (beside the data, never inside a data
version): which header means which contract column, which written value means which code, the
budget unit, and the province of files that do not name it. Keys are folded (see
:func:`kcdash.importer.columns.header_key` and :func:`kcdash.importer.text.fold`), so a profile
made on one file fits the next file of the same office whatever its spacing or diacritics.

A profile is a file anyone with access to the data folder can edit, so it is checked as the
command line's ``--map`` is (every column a contract column, every unit a known unit) before it is
used; and two names that fold to the same file name are one profile, so a second name that
folds like an existing one is refused rather than overwriting it.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kcdash.importer.columns import IMPORTABLE, SKIP, UNITS
from kcdash.importer.text import fold
from kcdash.schema import TABLES

PROFILE_DIR = "import_profiles"
MAX_PROFILE_BYTES = 256 * 1024


@dataclass
class Choices:
    """What the steward decided (page), or ``--map``/``--profile``/``--accept-suggestions`` said."""

    columns: dict[str, str] = field(default_factory=dict)  # header key -> contract column ("" = skip)
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> {folded value: code}
    units: dict[str, str] = field(default_factory=dict)  # column -> "dong" | "nghin_dong" | "trieu_dong"
    province: str | None = None  # province code for a file without a province column
    accept_suggestions: bool = False  # apply every suggestion (listed in the report)

    def value_for(self, column: str, written: str) -> str | None:
        return self.values.get(column, {}).get(fold(written))

    def merged(self, other: Choices) -> Choices:
        """`other`'s choices over these (a hand choice over a profile's)."""
        values = {k: dict(v) for k, v in self.values.items()}
        for col, m in other.values.items():
            values.setdefault(col, {}).update(m)
        return Choices(
            columns={**self.columns, **other.columns},
            values=values,
            units={**self.units, **other.units},
            province=other.province or self.province,
            accept_suggestions=self.accept_suggestions or other.accept_suggestions,
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("accept_suggestions")  # a profile never accepts suggestions it has not seen
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Choices:
        def strings(d: object) -> dict[str, str]:
            return {str(k): str(v) for k, v in d.items()} if isinstance(d, dict) else {}

        values = data.get("values")
        return cls(
            columns=strings(data.get("columns")),
            values={str(c): strings(m) for c, m in values.items()} if isinstance(values, dict) else {},
            units=strings(data.get("units")),
            province=str(data["province"]) if data.get("province") else None,
        )


class ProfileInvalid(ValueError):
    """A saved profile names a column or a unit the contract does not know (message: `rule`)."""

    def __init__(self, name: str, rule: str, **params: str):
        self.name = name
        self.rule = rule
        self.params = params
        super().__init__(name)


class ProfileNameTaken(ValueError):
    """Another profile's name folds to the same file name (`existing` is that profile's name)."""

    def __init__(self, name: str, existing: str):
        self.name = name
        self.existing = existing
        super().__init__(name)


def _known_columns() -> set[str]:
    return {c for t in IMPORTABLE for c in TABLES[t].column_names}


def check_choices(name: str, choices: Choices) -> Choices:
    """`choices` when every column and unit in them is one the contract knows; else ProfileInvalid."""
    known = _known_columns()
    named = [c for c in choices.columns.values() if c != SKIP] + list(choices.values) + list(choices.units)
    for column in named:
        if column not in known:
            raise ProfileInvalid(name, "import.map_unknown_column", column=column, columns=", ".join(sorted(known)))
    for unit in choices.units.values():
        if unit not in UNITS:
            raise ProfileInvalid(name, "import.profile_unknown_unit", unit=unit, units=", ".join(UNITS))
    return choices


def slug(name: str) -> str:
    """A profile's file name: "Sở Công Thương – Đợt 2" -> "so_cong_thuong_dot_2"."""
    s = re.sub(r"[^0-9a-z]+", "_", fold(name)).strip("_")[:60]
    if not s:
        raise ValueError(name)
    return s


def profile_dir(base: str) -> Path:
    return Path(base) / PROFILE_DIR


def save_profile(base: str, name: str, choices: Choices, *, table: str | None = None, user: str = "") -> Path:
    """Write (or replace) the profile `name`; atomic, so a reader never sees half a file.

    ProfileNameTaken when another profile's name folds to the same file name.
    """
    folder = profile_dir(base)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug(name)}.json"
    existing = _stored_name(path)
    if existing is not None and existing != name:
        raise ProfileNameTaken(name, existing)
    data = {"name": name, "table": table, "saved_by": user, **choices.to_json()}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def load_profile(base: str, name: str) -> Choices:
    """The profile `name`; KeyError when there is none, ValueError when it cannot be read."""
    path = profile_dir(base) / f"{slug(name)}.json"
    if not path.is_file():
        raise KeyError(name)
    if path.stat().st_size > MAX_PROFILE_BYTES:
        raise ValueError(name)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise ValueError(name) from None
    if not isinstance(data, dict):
        raise ValueError(name)
    return check_choices(name, Choices.from_json(data))


def _stored_name(path: Path) -> str | None:
    """The name a profile file was saved under (its file name when unreadable), None when absent."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return path.stem
    return str(data.get("name") or path.stem) if isinstance(data, dict) else path.stem


def list_profiles(base: str) -> list[str]:
    """Names of the saved profiles, sorted."""
    folder = profile_dir(base)
    names = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            names.append(str(data.get("name") or path.stem))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            continue
    return sorted(names)
