"""The layers and types are held by tools: `make lint` fails when a change breaks them.

Each test copies the code into a temporary folder, breaks one rule there on purpose and runs
the same tool `make lint` runs, which must then fail and name the broken rule. The tree as it is
passes `make lint` (CI runs it before the tests).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _copy_tree(dest: Path) -> Path:
    for name in ("kcdash", "pages", "queries"):
        shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("app.py", "pyproject.toml"):
        shutil.copy(REPO / name, dest / name)
    return dest


def _run(tool: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / tool)], cwd=cwd, capture_output=True, text=True, timeout=240, check=False)


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _copy_tree(tmp_path_factory.mktemp("arch"))


def _append(path: Path, text: str) -> str:
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return before


def test_layer_contracts_hold_on_the_tree_as_it_is(tree: Path) -> None:
    result = _run("lint-imports", tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("file", "line", "contract"),
    [
        ("pages/budget.py", "import duckdb  # noqa\n", "Viewer pages import only"),
        ("pages/training.py", "from kcdash import db  # noqa\n", "Viewer pages import only"),
        ("kcdash/charts.py", "import streamlit  # noqa\n", "Charts, the tile map and number formats are pure"),
        ("kcdash/fmt.py", "import streamlit  # noqa\n", "Charts, the tile map and number formats are pure"),
        ("kcdash/ui.py", "import duckdb  # noqa\n", "Only the data layer imports duckdb"),
        ("kcdash/data.py", "from kcdash import pagedata  # noqa\n", "Data flows one way"),
    ],
)
def test_a_forbidden_import_breaks_make_lint(tree: Path, file: str, line: str, contract: str) -> None:
    before = _append(tree / file, line)
    try:
        result = _run("lint-imports", tree)
    finally:
        (tree / file).write_text(before, encoding="utf-8")
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout


def test_a_type_error_breaks_make_lint(tree: Path) -> None:
    before = _append(
        tree / "kcdash/fmt.py",
        "\n\ndef _broken() -> int:\n    return integer(3, 'vi')  # a str where an int is promised\n",
    )
    try:
        result = _run("mypy", tree)
    finally:
        (tree / "kcdash/fmt.py").write_text(before, encoding="utf-8")
    assert result.returncode != 0
    assert "kcdash/fmt.py" in result.stdout and "Incompatible return value type" in result.stdout, result.stdout
