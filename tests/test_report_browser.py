"""A person downloads the report from the page: the sidebar's "Xuất báo cáo" on a shared link
(Điện Biên 2007–2012), PDF and Word, in a real browser (Chromium through Playwright)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, open_page

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "test-output" / "reports"
DOWNLOAD_TIMEOUT_MS = 120_000  # the report is built when the button is clicked (charts, PDF)

pytestmark = pytest.mark.browser


def _download(page, label: str, dest: Path) -> str:
    page.get_by_text("Xuất báo cáo", exact=True).first.click()
    button = page.get_by_role("button", name=label).first
    button.wait_for(timeout=LOAD_TIMEOUT_MS)
    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        button.click()
    download = info.value
    download.save_as(str(dest))
    page.keyboard.press("Escape")  # close the popover
    return download.suggested_filename


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils missing: make browser-deps")
def test_report_downloads_from_the_page_for_the_link_filters(browser, server) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    page = open_page(browser, f"{server}/training?prov=11&years=2007&years=2012", "Điện Biên")
    pdf = OUT / "from-page-dien-bien-2007-2012.pdf"
    name = _download(page, "Tải báo cáo PDF", pdf)
    assert name == "bao-cao-khuyen-cong-11-2007-2012.pdf"
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    flat = re.sub(r"\s+", " ", text)
    assert "Kết quả công tác khuyến công tỉnh Điện Biên giai đoạn 2007–2012" in flat
    assert "3.530 người" in flat and "gần 4 tỷ đồng" in flat
    assert "Bạc Liêu" not in flat.split("Nơi nhận")[0].split("II. SỐ LIỆU CÔNG BỐ")[1]  # only the link's province

    docx = OUT / "from-page-dien-bien-2007-2012.docx"
    assert _download(page, "Tải báo cáo Word (.docx)", docx) == "bao-cao-khuyen-cong-11-2007-2012.docx"
    from docx import Document

    doc = Document(io.BytesIO(docx.read_bytes()))
    assert any("3.530 người" in p.text for p in doc.paragraphs)
    page.close()


def test_report_in_published_mode_from_a_link(browser, server) -> None:
    """mode=published in the link: the downloaded report has no illustrative number and no watermark."""
    OUT.mkdir(parents=True, exist_ok=True)
    page = open_page(browser, f"{server}/?prov=11&years=2007&years=2012&mode=published", "3.530 người")
    pdf = OUT / "from-page-dien-bien-2007-2012-cong-bo.pdf"
    assert _download(page, "Tải báo cáo PDF", pdf) == "bao-cao-khuyen-cong-11-2007-2012-cong-bo.pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
        flat = re.sub(r"\s+", " ", text)
        assert "MINH HỌA" not in flat and "3.530 người" in flat
        assert "Báo cáo lập ở chế độ “chỉ số liệu công bố”" in flat
    page.close()
