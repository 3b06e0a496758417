"""Command-line options read from the environment: `make report` and `make figures` pass their
variables there (make exports command-line variables), never through a shell's command line."""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping


def apply_env(args: argparse.Namespace, names: Mapping[str, str]) -> None:
    """Set each option `attr` of `args` from the variable `names[attr]` when that is not empty."""
    for attr, var in names.items():
        value = os.environ.get(var, "").strip()
        if value:
            setattr(args, attr, value)
