"""A real browser: start the dashboard the way `make run` does, on a free local port, and drive
headless Debian Chromium through Playwright: a shared link, the filters in the URL, a source
report's text, the viewer's theme, the console's door. (Every page opening without an error, in
both languages and at both widths, is test_scale_browser's sweep.) Screenshots go to
test-output/screenshots/."""

from __future__ import annotations

from pathlib import Path

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, SHOTS, dashboard, open_page, query, wait_idle

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.browser


def test_first_request_with_query_params_sets_filters(browser):
    """A shared link is the very first thing opened after the server starts."""
    with dashboard() as url:
        page = open_page(browser, f"{url}/?lang=en&prov=95", "Bac Lieu")
        body = page.inner_text("body")
        assert "6,788.9" in body  # Bạc Liêu's published budget, English format
        assert "3,530" not in body  # Điện Biên filtered out
        page.close()


def test_published_figures_visible_on_first_page(browser, server):
    page = open_page(browser, server, "3.530")
    body = page.inner_text("body")
    assert "3.530" in body and "6.788,9" in body
    assert "minh họa" in body.lower()  # illustrative records are flagged
    page.close()


def test_filter_change_updates_url_survives_page_switch_and_reload(browser, server):
    page = open_page(browser, server, "3.530")
    # switch the language through its sidebar control: the URL must carry it
    page.get_by_text("English", exact=True).first.click()
    page.get_by_text("Overview", exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    assert query(page).get("lang") == ["en"]
    # page switch keeps the filter
    page.get_by_role("link", name="Budget").first.click()
    page.wait_for_url("**/budget*", timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    assert query(page).get("lang") == ["en"]
    assert "Budget" in page.inner_text("body")
    # reload keeps it too
    page.reload(wait_until="domcontentloaded")
    page.get_by_text("Budget", exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    assert query(page).get("lang") == ["en"]
    assert "Kinh phí theo" not in page.inner_text("body")
    page.close()


def test_province_filter_goes_into_url_and_shared_link_reproduces_it(browser, server):
    """Remove Bạc Liêu in the sidebar: the URL says prov=<Điện Biên's code>, the page shows only
    Điện Biên, and the copied link opened in a fresh tab shows the same view on another page."""
    page = open_page(browser, server, "3.530")
    provinces = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Tỉnh").first
    provinces.get_by_role("button", name="Remove Bạc Liêu").first.click()
    page.wait_for_function(
        "() => new URLSearchParams(location.search).getAll('prov').length === 1", timeout=LOAD_TIMEOUT_MS
    )
    wait_idle(page)
    prov = query(page).get("prov")
    assert prov and len(prov) == 1 and prov[0] != "95"
    body = page.inner_text("body")
    assert "3.530" in body and "6.788,9" not in body
    # a page switch keeps the filter in the URL
    page.get_by_role("link", name="Kinh phí").first.click()
    page.wait_for_url("**/budget*", timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    assert query(page).get("prov") == prov
    shared = page.url
    page.close()
    # the shared link, opened fresh, shows only Điện Biên's budget
    fresh = open_page(browser, shared, "Kinh phí")
    body = fresh.inner_text("body")
    assert "Điện Biên" in body and "Bạc Liêu" not in body.split("Bộ lọc")[-1].split("Nguồn:")[0]
    fresh.close()


def test_a_source_report_opens_with_its_full_text(browser, server):
    """The data page sends a report's text only once its box is opened: a click opens it and the
    reader sees the report's own words and its file to download."""
    page = open_page(browser, f"{server}/data_sources", "Các báo cáo nguồn")
    box = page.locator('[data-testid="stExpander"]', has_text="003_fb7c3762907f9266.txt")
    # words of the report's own text, quoted nowhere else on the page (its figures are, in
    # the published-figures table)
    words = "du nhập các ngành nghề mới"
    assert page.get_by_text(words, exact=False).count() == 0  # not sent yet
    box.locator("summary").click()
    page.get_by_text(words, exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    assert box.get_by_role("button", name="003_fb7c3762907f9266.txt").count() == 1
    page.close()


def _luminance(css_color: str) -> float:
    parts = [float(x) for x in css_color[css_color.index("(") + 1 : css_color.index(")")].split(",")[:3]]
    return (0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2]) / 255


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_follows_the_viewers_light_or_dark_theme(browser, server, scheme):
    """No theme is forced: a viewer whose system is dark gets a dark page with light text, and
    the charts (transparent backgrounds, theme colours) stay readable."""
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/budget", wait_until="domcontentloaded")
    page.get_by_text("Kinh phí theo năm", exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    app = page.locator('[data-testid="stApp"]')
    background = _luminance(app.evaluate("e => getComputedStyle(e).backgroundColor"))
    text = _luminance(page.locator("h1").first.evaluate("e => getComputedStyle(e).color"))
    if scheme == "dark":
        assert background < 0.3 and text > 0.7
    else:
        assert background > 0.9 and text < 0.3
    assert page.locator(".js-plotly-plot").count() >= 1
    # the charts are drawn with their own template (not Streamlit's theme): their titles, tick
    # labels and legends take the page's text colour by CSS (kcdash/assets/chart.css)
    chart = page.locator(".stPlotlyChart").first
    for part in (".gtitle", ".ytick text", ".xtick text", ".legendtext"):
        fill = _luminance(chart.locator(part).first.evaluate("e => getComputedStyle(e).fill"))
        assert (fill > 0.7) if scheme == "dark" else (fill < 0.3), (part, fill)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"budget-{scheme}.png"))
    context.close()


def test_import_page_is_unreachable_without_signing_in(browser, tmp_path):
    """A steward account exists; on the public dashboard a visitor who types the import page's URL
    gets no uploader and no sign-in (imports live on the steward console); on the
    console, the sign-in page, and after signing in the import page and its uploader."""
    import shutil

    from st_client import serve

    from kcdash.auth import hash_password

    data = tmp_path / "data"  # imports never touch the repository's data/
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns("versions", "lake", ".staging-*", ".lock"))
    env = {
        "KC_STEWARDS": f"lan:{hash_password('mat-khau-dung', iterations=100_000)}",
        "DATA_DIR": str(data),
        "KC_AUTH_STATE": str(tmp_path / "signin.sqlite3"),
    }
    with dashboard(env) as url:
        page = open_page(browser, f"{url}/import_data", "Tổng quan")
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        assert page.get_by_role("link", name="Nhập dữ liệu").count() == 0
        assert page.get_by_role("link", name="Đăng nhập").count() == 0
        page.close()
    with serve("admin.py", "--server.maxUploadSize", "50", env=env, log_name="browser-admin") as port:
        page = open_page(browser, f"http://127.0.0.1:{port}/", "Đăng nhập cán bộ quản lý dữ liệu")
        page.get_by_label("Tên đăng nhập").first.wait_for(timeout=LOAD_TIMEOUT_MS)
        page.get_by_label("Tên đăng nhập").first.fill("lan")
        page.get_by_label("Mật khẩu").first.fill("sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").first.click()
        page.get_by_text("không đúng", exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        page.wait_for_timeout(600)  # the back-off after one failure (0.5 s)
        page.get_by_label("Mật khẩu").first.fill("mat-khau-dung")
        page.get_by_role("button", name="Đăng nhập").first.click()
        page.get_by_role("link", name="Nhập dữ liệu").first.wait_for(timeout=LOAD_TIMEOUT_MS)
        page.get_by_role("link", name="Nhập dữ liệu").first.click()
        page.locator('[data-testid="stFileUploader"]').first.wait_for(timeout=LOAD_TIMEOUT_MS)
        assert page.get_by_role("button", name="Đăng xuất").count() == 1  # in the sidebar of every page
        # the signed-in session's upload passes the console's guard and is checked
        extract = REPO / "tests" / "import_corpus" / "accepted" / "utf8_codes.csv"
        page.locator('[data-testid="stFileUploader"] input[type="file"]').first.set_input_files(str(extract))
        page.get_by_text("Nhập tệp này", exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
        wait_idle(page)
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "import_data.png"))
        page.close()
