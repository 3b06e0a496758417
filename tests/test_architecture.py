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
    if (REPO / ".mypy_cache").is_dir():  # `make lint`'s cache: mypy then checks again only what a test changes
        shutil.copytree(REPO / ".mypy_cache", dest / ".mypy_cache")
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


@pytest.mark.program
def test_layer_contracts_hold_on_the_tree_as_it_is(tree: Path) -> None:
    result = _run("lint-imports", tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("file", "line", "contract"),
    [
        ("pages/budget.py", "import duckdb  # noqa\n", "Viewer pages import only"),
        ("pages/training.py", "from kcdash import db  # noqa\n", "Viewer pages import only"),
        ("kcdash/charts/base.py", "import streamlit  # noqa\n", "Charts, the tile map and number formats are pure"),
        ("kcdash/fmt.py", "import streamlit  # noqa\n", "Charts, the tile map and number formats are pure"),
        ("kcdash/ui/tables.py", "import duckdb  # noqa\n", "Only the data layer imports duckdb"),
        # a lower page part importing a higher one: the circle the layers keep out
        ("kcdash/ui/tables.py", "from kcdash.ui import blocks  # noqa\n", "Page parts stand in layers"),
        ("kcdash/ui/context.py", "from kcdash.ui import notices  # noqa\n", "Page parts stand in layers"),
        # two parts of one layer importing each other
        ("kcdash/ui/cards.py", "from kcdash.ui import nationwide  # noqa\n", "Page parts stand in layers"),
        ("kcdash/data.py", "from kcdash import pagedata  # noqa\n", "Data flows one way"),
    ],
)
@pytest.mark.program
def test_a_forbidden_import_breaks_make_lint(tree: Path, file: str, line: str, contract: str) -> None:
    before = _append(tree / file, line)
    try:
        result = _run("lint-imports", tree)
    finally:
        (tree / file).write_text(before, encoding="utf-8")
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout


def test_every_page_part_has_its_place_in_the_layers() -> None:
    # a module of kcdash.ui missing from the layers contract would be free to import any other
    import tomllib

    contracts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    (parts,) = [c for c in contracts["contracts"] if c.get("containers") == ["kcdash.ui"]]
    named = {name.strip() for layer in parts["layers"] for name in layer.split("|")}
    modules = {p.stem for p in (REPO / "kcdash" / "ui").glob("*.py") if p.stem != "__init__"}
    assert named == modules


@pytest.mark.program
@pytest.mark.parametrize(
    ("file", "code", "error"),
    [
        (
            "kcdash/fmt.py",
            "def _broken() -> int:\n    return integer(3, 'vi')  # a str where an int is promised\n",
            "Incompatible return value type",
        ),
        # the page parts are held to the strict flags: every function typed
        ("kcdash/ui/layout.py", "def _untyped(place):\n    return place\n", "missing a type annotation"),
    ],
)
def test_a_type_error_breaks_make_lint(tree: Path, file: str, code: str, error: str) -> None:
    before = _append(tree / file, "\n\n" + code)
    try:
        result = _run("mypy", tree)
    finally:
        (tree / file).write_text(before, encoding="utf-8")
    assert result.returncode != 0
    assert file in result.stdout and error in result.stdout, result.stdout


def _pins(path: Path) -> dict[str, str]:
    """name -> version of the `name==version` lines of a requirements or lock file."""
    pins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip().rstrip("\\").strip()
        if "==" in line and not line.startswith("-"):
            name, version = line.split("==", 1)
            pins[name.split("[", 1)[0].strip().lower().replace("_", "-")] = version.strip()
    return pins


@pytest.mark.parametrize(
    ("wanted", "lock"), [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")]
)
def test_the_hashed_lock_pins_what_the_requirements_ask(wanted: str, lock: str) -> None:
    # a package added to requirements*.txt without `make lock` would be missing on a fresh machine
    locked = _pins(REPO / lock)
    for name, version in {**_pins(REPO / wanted), **_pins(REPO / "requirements-build.txt")}.items():
        assert locked.get(name) == version, f"{name}=={version} is not in {lock}: run `make lock`"
    hashes: dict[str, int] = {}
    current = ""
    for line in (REPO / lock).read_text(encoding="utf-8").splitlines():
        if "==" in line and not line.startswith((" ", "#")):
            current = line.split("==", 1)[0]
            hashes[current] = 0
        elif "--hash=sha256:" in line:
            hashes[current] += 1
    assert hashes, lock
    assert [name for name, n in hashes.items() if n == 0] == []  # every package, direct or not, hashed


def test_the_project_declares_the_runtime_requirements() -> None:
    import tomllib

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    as_pins = {d.split("==")[0].lower(): d.split("==")[1] for d in declared}
    assert as_pins == _pins(REPO / "requirements.txt")


def test_tests_import_the_installed_package_not_conftest_or_sys_path() -> None:
    # the project is installed (pip install -e .), so no test patches sys.path or imports conftest
    offenders = [
        str(p.relative_to(REPO))
        for p in sorted((REPO / "tests").glob("*.py"))
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith(("from conftest", "import conftest")) or "sys.path" + ".insert(" in line
    ]
    assert offenders == []
