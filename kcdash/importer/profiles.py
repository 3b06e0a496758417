"""The steward's choices for one file, and named profiles that keep them for the next file.

A profile is JSON in ``<data folder>/import_profiles/`` (beside the data, never inside a data
version): which header means which contract column, which written value means which code, the
budget unit, and the province of files that do not name it. Keys are folded (see
:func:`kcdash.importer.columns.header_key` and :func:`kcdash.importer.text.fold`), so a profile
made on one file fits the next file of the same office whatever its spacing or diacritics.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from kcdash.importer.text import fold

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


def slug(name: str) -> str:
    """A profile's file name: "Sở Công Thương – Đợt 2" -> "so_cong_thuong_dot_2"."""
    s = re.sub(r"[^0-9a-z]+", "_", fold(name)).strip("_")[:60]
    if not s:
        raise ValueError(name)
    return s


def profile_dir(base: str) -> Path:
    return Path(base) / PROFILE_DIR


def save_profile(base: str, name: str, choices: Choices, *, table: str | None = None, user: str = "") -> Path:
    """Write (or replace) the profile `name`; atomic, so a reader never sees half a file."""
    folder = profile_dir(base)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug(name)}.json"
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
    return Choices.from_json(data)


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
