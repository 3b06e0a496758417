"""A real browser: a steward reads a Word report on the console (`make admin`), accepts all of its
figures but one, publishes them, and the public dashboard (`make run`, same data folder) shows
them on the national map and ranking and in compare, with the quote and the source title; the
figure left out appears nowhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium_pages import LOAD_TIMEOUT_MS as WAIT_MS
from chromium_pages import SHOTS, national_extract, serve, signed_in_console, steward_env, wait_idle

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "tests" / "figures_corpus" / "hatinh_2021_10.docx"
TITLE = "Hà Tĩnh: Khuyến công vượt khó trong bối cảnh dịch bệnh"

pytestmark = pytest.mark.browser


def main_text(browser, url: str, expect: str, shot: str) -> str:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url, wait_until="domcontentloaded")
    page.locator('[data-testid="stMain"]').get_by_text(expect, exact=False).first.wait_for(timeout=WAIT_MS)
    wait_idle(page)
    for summary in page.locator('[data-testid="stMain"] [data-testid="stExpander"] summary').all():
        if "số liệu công bố" in summary.inner_text():
            summary.click()
            wait_idle(page)
    page.screenshot(path=str(SHOTS / shot), full_page=True)
    text = page.locator('[data-testid="stMain"]').inner_text()
    page.close()
    return text


def test_a_report_read_on_the_console_reaches_the_national_map_and_compare(tmp_path, browser):
    data = national_extract(tmp_path / "national", rows=20_000)  # 63 provinces; the repository's data/ untouched
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve("admin", steward_env(data)) as console, serve("run", {"DATA_DIR": str(data)}) as dashboard:
        page = signed_in_console(browser, console, "Số liệu từ báo cáo")
        page.locator('[data-testid="stFileUploader"]').first.wait_for(timeout=WAIT_MS)
        wait_idle(page)
        page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(REPORT))
        page.get_by_text("Đề xuất 10 số liệu", exact=False).first.wait_for(timeout=WAIT_MS)
        wait_idle(page)
        page.get_by_label("Tên văn bản (như văn bản ghi)").first.fill(TITLE)
        page.keyboard.press("Tab")
        wait_idle(page)
        page.get_by_role("button", name="Chấp nhận tất cả").first.click()
        wait_idle(page)
        # leave out the last proposal (the whole-year estimate, 3,9 tỷ): Backspace in the list
        page.get_by_role("combobox", name="Số liệu được chấp nhận").first.click()
        page.keyboard.press("Backspace")
        page.keyboard.press("Escape")
        wait_idle(page)
        page.screenshot(path=str(SHOTS / "figures_console.png"), full_page=True)
        page.get_by_role("button", name="Công bố 9 số liệu đã chấp nhận").first.click()
        page.get_by_text("Đã công bố 9 số liệu", exact=False).first.wait_for(timeout=WAIT_MS)
        page.close()

        national = main_text(
            browser,
            f"{dashboard}/?map=published_budget_million_vnd",
            "Tổng kinh phí công bố",
            "figures_national_map.png",
        )
        assert "Tổng kinh phí công bố (triệu đồng)" in national
        assert "Hà Tĩnh" in national and "2.600" in national  # the province's total, from its report
        assert "giải ngân 2,6 tỷ" in national and TITLE in national  # the quote and the source title
        assert "3,9 tỷ" not in national and "3.900" not in national  # the figure left out appears nowhere

        compare = main_text(browser, f"{dashboard}/compare?prov=42&prov=11", "So sánh các tỉnh", "figures_compare.png")
        assert "2.600" in compare and "Hà Tĩnh" in compare
        assert "3.900" not in compare and "3,9 tỷ" not in compare
