"""The measures' registry (kcdash.measures): a measure is written as its one entry says,
wherever it appears.

The main test changes the budget's format in one place, in a copy of the code (kcdash.measures,
`BUDGET`: one decimal -> three), and runs a small script there in a subprocess: the budget page
(AppTest), a chart's hover and axis, a download's cells and the report's table all follow. The
same script on the code as it is shows one decimal everywhere, so the test sees the change.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from kcdash import fmt, measures
from kcdash.i18n import t

REPO = Path(__file__).resolve().parents[1]

PROBE = r"""
import io, json, re, sys
from pathlib import Path

import openpyxl
import pandas as pd
from streamlit.testing.v1 import AppTest

import kcdash
from kcdash import charts, fmt, measures, pagedata
from kcdash.data import Filters
from kcdash.i18n import t
from kcdash.report import content
from kcdash.ui import tables

root = Path(sys.argv[1])
assert Path(kcdash.__file__).resolve().is_relative_to(root.resolve()), kcdash.__file__
out = {}

# a page: the budget page's metrics (each province's card)
at = AppTest.from_file(str(root / "app.py"), default_timeout=120)
at.run()
at.switch_page("pages/budget.py").run()
assert not at.exception, [e.value for e in at.exception]
out["page"] = [m.value for m in at.metric if m.label == t(measures.BUDGET.label_key, "vi")]

# a chart: its hover and its axis
f = Filters(provinces=("11",), year_from=2007, year_to=2012)
budget = pagedata.budget(f)
fig = charts.budget_by_activity(budget.by_activity, "vi", {"11": "#0072B2"})
out["hover"] = [tr.hovertemplate for tr in fig.data]
fig = charts.budget_by_year_fund(budget.by_year_fund, "vi")
out["hover"] += [tr.hovertemplate for tr in fig.data]
out["axis_title"] = fig.layout.yaxis.title.text

# a download: the page's export of the budget column, as CSV and as Excel
frame = tables.export_frame(budget.by_activity, [measures.BUDGET.column()], "vi")
out["csv_header"] = fmt.to_csv_bytes(frame).decode("utf-8-sig").splitlines()[0]
sheet = openpyxl.load_workbook(io.BytesIO(fmt.to_excel_bytes(frame))).active
out["excel"] = [sheet.cell(row=r, column=1).number_format for r in range(2, sheet.max_row + 1)]

# the report: the cells of its tables headed with the budget's column
report = content.build(f, "vi", "all")
header = t(measures.BUDGET.column_key, "vi")
cells = []
for section in report.sections:
    for block in section.blocks:
        if getattr(block, "header", None) and header in block.header:
            i = block.header.index(header)
            cells += [row[i] for row in block.rows]
out["report"] = cells
print(json.dumps(out, ensure_ascii=False))
"""


def _copy_tree(dest: Path) -> Path:
    for name in ("kcdash", "pages", "queries", "data", ".streamlit"):
        if (REPO / name).exists():
            shutil.copytree(REPO / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("app.py", "pyproject.toml"):
        shutil.copy(REPO / name, dest / name)
    return dest


def _probe(root: Path) -> dict[str, object]:
    env = {**os.environ, "PYTHONPATH": str(root), "DATA_DIR": str(root / "data")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(root)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _decimals(text: str) -> int:
    """Decimal places of a Vietnamese number ("6.788,900" -> 3, "4.020" -> 0)."""
    found = re.search(r"\d[\d.]*(?:,(\d+))?", text)
    assert found, text
    return len(found.group(1) or "")


def _check(seen: dict[str, object], places: int) -> None:
    page, report = seen["page"], seen["report"]
    assert isinstance(page, list) and page, seen
    assert all(_decimals(v) == places for v in page if v != t("common.no_data", "vi")), page
    assert isinstance(report, list) and report, seen
    assert all(_decimals(v) == places for v in report if v != t("common.no_data", "vi")), report
    hover = seen["hover"]
    assert isinstance(hover, list) and hover
    assert all(f",.{places}f}}" in h for h in hover), hover
    excel = seen["excel"]
    assert isinstance(excel, list) and excel
    assert set(excel) == {"#,##0." + "0" * places}, excel
    assert seen["csv_header"] == f'"{t("col.budget_million", "vi")}"'
    assert seen["axis_title"] == t("measure.budget_million", "vi")


@pytest.mark.program
def test_changing_the_budgets_format_in_the_registry_changes_page_chart_download_and_report(tmp_path: Path) -> None:
    tree = _copy_tree(tmp_path / "repo")
    registry = tree / "kcdash" / "measures.py"
    source = registry.read_text(encoding="utf-8")
    entry = re.search(r"BUDGET = Measure\((.*?)\n\)", source, re.S)
    assert entry and "Format(1)" in entry.group(1)
    edited = source[: entry.start()] + entry.group(0).replace("Format(1)", "Format(3)") + source[entry.end() :]
    registry.write_text(edited, encoding="utf-8")  # the one edit

    _check(_probe(tree), 3)
    _check(_probe(REPO), 1)  # the code as it is: one decimal everywhere


# ---- the registry's own rules ---------------------------------------------------------------


def test_a_missing_value_is_no_data_never_zero() -> None:
    for measure in measures.REGISTRY.values():
        for lang in ("vi", "en"):
            assert measure.cell(None, lang) == fmt.no_data(lang)
            assert measure.text(float("nan"), lang) == fmt.no_data(lang)
            assert measure.in_report(pd.NA, lang) == fmt.no_data(lang)


def test_each_measure_is_written_as_the_pages_wrote_it_before_the_registry() -> None:
    assert measures.BUDGET.cell(6788.9) == "6.788,9" == fmt.number1(6788.9)
    assert measures.BUDGET.text(4020) == "4.020 triệu đồng" == fmt.million_vnd(4020)
    assert measures.BUDGET.help(6788.9) == t("overview.budget_help", "vi", billions="6,79 tỷ đồng")
    assert measures.BUDGET_PER_TRAINEE.cell(1.234) == "1,23" and measures.BUDGET_PER_TRAINEE.text(
        1.5
    ) == fmt.million_vnd(1.5, "vi", 2)
    assert measures.TRAINEES.cell(3530, "en") == "3,530" and measures.TRAINEES.in_report(3530) == "3.530 người"
    assert measures.JOBS_PER_TRAINEE.cell(0.987) == "98,7" == fmt.number(98.7, "vi", 1)
    assert measures.JOBS_PER_100.cell(98.7) == "98,7"
    assert measures.CLUSTER_SHARE.cell(59.2) == "59,2%" == fmt.percent(59.2)
    assert measures.BUDGET.format.d3 == ",.1f" and measures.BUDGET.hover_suffix("vi") == " triệu đồng"
    assert measures.BUDGET_PER_TRAINEE.tick_format == ",.2f" and measures.TRAINEES.tick_format == ",~f"


def test_jobs_per_100_trainees_from_the_ratio_or_from_the_sums() -> None:
    sums = pd.DataFrame({"new_jobs": [65, 10, 5], "trainees": [70, 0, None]})
    per_100 = measures.jobs_per_100(sums)
    assert per_100.iloc[0] == pytest.approx(100 * 65 / 70)
    assert per_100.iloc[1:].isna().all()  # no trainee: missing, never 0 or infinite
    ratio = pd.DataFrame({"jobs_per_trainee": [0.5, None], "new_jobs": [1, 2], "trainees": [2, 0]})
    assert measures.jobs_per_100(ratio).iloc[0] == 50 and pd.isna(measures.jobs_per_100(ratio).iloc[1])


def test_every_key_the_registry_names_is_in_both_catalogues() -> None:
    for measure in measures.REGISTRY.values():
        keys = [measure.name_key, measure.label_key, measure.column_key, measure.text_key, measure.report_key]
        keys += [measure.hover_unit_key, measure.help_key]
        for key in filter(None, keys):
            for lang in ("vi", "en"):
                assert t(key, lang, value="1", billions="1")
