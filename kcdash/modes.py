"""The data modes a reader chooses between, for the pages and the report alike."""

from __future__ import annotations

from typing import Literal, TypeGuard

Mode = Literal["all", "published"]
"""all: every number, published figures and records; published: only published figures and real
records, no number from an illustrative record anywhere."""

MODES: tuple[Mode, ...] = ("all", "published")


def is_mode(value: object) -> TypeGuard[Mode]:
    """True when `value` names a data mode."""
    return value in MODES
