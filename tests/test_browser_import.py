"""A real browser walks the import's mapping step in the steward console (`make
admin`): sign in, upload an office's file, map one column and one value by hand, import, see the
dashboard (`make run`, same data folder) change, roll back and see it change back."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from chromium_pages import SHOTS, serve, signed_in_console, steward_env, wait_idle

REPO = Path(__file__).resolve().parent.parent

WAIT_MS = 30_000

pytestmark = pytest.mark.browser

OFFICE_FILE = (
    "STT;Đề án;Tỉnh;Năm;Lĩnh vực;Nguồn kinh phí;KP (đồng)\n"
    "1;Lớp dệt thổ cẩm;Điện Biên;2012;Dạy nghề dệt;KCQG;1.000.000\n"
    "2;Phiên chợ hàng thủ công;Điện Biên;2012;Chợ phiên;KCĐP;2.000.000\n"
).encode()


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the select whose label is `label` (Streamlit's select: type, then click)."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_text(label, exact=True)).first
    box.get_by_role("combobox").first.click()
    page.keyboard.type(option)  # the list is virtual: an option far down is drawn only once typed
    page.get_by_role("option", name=option, exact=True).first.click()
    wait_idle(page)


def sidebar_text(browser, url: str) -> str:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url, wait_until="domcontentloaded")
    # the version line: "Dữ liệu: …" for the bundled data, "Số liệu: phiên bản N, …" once a version is committed
    page.get_by_text(re.compile(r"(Dữ|Số) liệu:")).first.wait_for(timeout=WAIT_MS)
    wait_idle(page)
    text = page.locator('[data-testid="stSidebar"]').inner_text()
    page.close()
    return text


def test_mapping_step_in_a_real_browser(tmp_path, browser):
    data = tmp_path / "data"  # imports never touch the repository's data/
    shutil.copytree(
        REPO / "data", data, ignore=shutil.ignore_patterns("versions", "lake", ".staging-*", ".lock", "import_profiles")
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve("admin", steward_env(data)) as console, serve("run", {"DATA_DIR": str(data)}) as dashboard:
        before = sidebar_text(browser, dashboard)
        assert "so_lieu_van_phong.csv" not in before

        page = signed_in_console(browser, console, "Nhập dữ liệu")
        try:
            page.locator('[data-testid="stFileUploader"]').first.wait_for(timeout=WAIT_MS)
        except Exception:
            page.screenshot(path=str(SHOTS / "import_mapping_signin_failed.png"), full_page=True)
            raise
        wait_idle(page)

        # upload: the file speaks the office's words, so it is refused and the mapping step opens
        page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(
            files=[{"name": "so_lieu_van_phong.csv", "mimeType": "text/csv", "buffer": OFFICE_FILE}]
        )
        page.get_by_text("Tệp bị từ chối", exact=False).first.wait_for(timeout=WAIT_MS)
        wait_idle(page)
        assert page.get_by_text("Cách đọc tệp: cột, giá trị, đơn vị", exact=False).count() >= 1

        # one column by hand (the other is the report's own column name for the contents)
        choose(page, "Đề án", "Tên đề án")
        choose(page, "Lĩnh vực", "Nội dung khuyến công")
        page.get_by_role("button", name="Áp dụng").first.click()
        page.get_by_text("“Chợ phiên” (1 hàng)", exact=False).first.wait_for(timeout=WAIT_MS)
        wait_idle(page)
        # one value by hand ("Dạy nghề dệt" comes with a suggestion already chosen)
        choose(page, "Nội dung khuyến công: “Chợ phiên” (1 hàng)", "Sản phẩm tiêu biểu & hội chợ (nd45_4)")
        page.get_by_role("button", name="Áp dụng").first.click()
        page.get_by_text("Tệp hợp lệ: 2 hàng, không có lỗi.", exact=False).first.wait_for(timeout=WAIT_MS)
        wait_idle(page)
        page.screenshot(path=str(SHOTS / "import_mapping.png"), full_page=True)

        page.get_by_role("button", name="Xác nhận nhập dữ liệu").first.click()
        page.get_by_text("Đã nhập. Phiên bản dữ liệu 2 đang được dùng.", exact=False).first.wait_for(timeout=WAIT_MS)
        wait_idle(page)

        # the dashboard now reads the imported version
        after = sidebar_text(browser, dashboard)
        assert "Số liệu: phiên bản 2, ngày" in after

        # roll back to the bundled data (version 1)
        choose(page, "Quay lại phiên bản", "1")
        page.get_by_role("button", name="Quay lại phiên bản này").first.click()
        page.get_by_text("Đã quay lại phiên bản 1.", exact=False).first.wait_for(timeout=WAIT_MS)
        page.close()
        rolled_back = sidebar_text(browser, dashboard)
        assert "Số liệu: phiên bản 3, ngày" in rolled_back  # a rollback is a new version; history stays
