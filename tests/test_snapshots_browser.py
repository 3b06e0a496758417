"""As published on a date, in a real browser: a link to an earlier snapshot, opened after a later
import, shows the earlier numbers with the banner; the same link without the snapshot shows the
new ones; the banner's button (by keyboard) goes back to the latest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, SHOTS, dashboard, open_page, query, wait_idle
from fixture_data import BAC_LIEU_2014, DIEN_BIEN

from kcdash import importer

pytestmark = pytest.mark.browser

SEARCH = "BL-2014"
OLD = f"Không có bản ghi nào trong bộ lọc đang chọn có “{SEARCH}”"
NEW = f"Hàng 1–2 trong 2 bản ghi có “{SEARCH}”"
BANNER = "không phải số liệu mới nhất (phiên bản 3)"


def test_a_quoted_link_keeps_its_numbers_after_a_later_import(browser, bundled_copy):
    base = bundled_copy
    assert importer.commit(DIEN_BIEN.read_bytes(), "dien_bien.csv", base=str(base), user="lan").version == "2"
    today = datetime.now(UTC).date()
    with dashboard({"DATA_DIR": str(base)}) as url:
        link = f"{url}/data_sources?snapshot=2&q={SEARCH}"
        quoted = open_page(browser, link, "Dữ liệu")  # the link as quoted in a report: version 2 is the latest
        assert "Số liệu: phiên bản 2" in quoted.inner_text("body") and BANNER not in quoted.inner_text("body")
        quoted.close()

        # a later import, while the server runs: Bạc Liêu's schemes of 2014
        assert importer.commit(BAC_LIEU_2014, "bac_lieu_2014.csv", base=str(base), user="lan").version == "3"

        page = open_page(browser, link, "Dữ liệu")
        page.get_by_text(OLD, exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
        body = page.inner_text("body")
        assert BANNER in body and NEW not in body
        assert f"Số liệu: phiên bản 2, ngày {today.strftime('%d/%m/%Y')}" in body
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "snapshot-older-with-banner.png"), full_page=True)

        # another page keeps the earlier version (a page switch clears the link; it is written back)
        page.get_by_role("link", name="Tổng quan").first.click()
        page.get_by_text(BANNER, exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
        wait_idle(page)
        assert query(page).get("snapshot") == ["2"]
        page.get_by_role("link", name="Dữ liệu & nguồn").first.click()
        page.get_by_text(OLD, exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
        wait_idle(page)

        # one click back to the latest, by keyboard: the parameter leaves the link
        back = page.get_by_role("button", name="Xem số liệu mới nhất")
        back.focus()
        page.keyboard.press("Enter")
        page.get_by_text(NEW, exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
        wait_idle(page)
        assert "snapshot" not in query(page) and BANNER not in page.inner_text("body")
        page.close()

        latest = open_page(browser, f"{url}/data_sources?q={SEARCH}", "Dữ liệu")  # the same link, no snapshot
        latest.get_by_text(NEW, exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
        body = latest.inner_text("body")
        assert OLD not in body and BANNER not in body and "Số liệu: phiên bản 3" in body
        latest.screenshot(path=str(SHOTS / "snapshot-latest.png"), full_page=True)
        latest.close()
