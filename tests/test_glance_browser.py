"""The first screen, measured in a real browser on the default link: the overview shows the key
figures and a chart before any scrolling (1400×900 and a phone's 390×844), compare opens on its
aligned table, and every note the pages showed before the status line is still on the same page,
in view or behind a control.
Harness: tests/chromium_pages.py and the fixtures in tests/conftest.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from chromium_pages import IDLE_JS

from kcdash.i18n import t

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
CAVEATS = json.loads((REPO / "tests" / "caveats_before.json").read_text(encoding="utf-8"))["pages"]
# The notes were recorded on the data folder itself; `make run` now shows its lake's first
# snapshot, so the version's own words (its label in the source lines, the data page's version
# fields) differ and are checked where versions are (test_snapshots*, test_first_snapshot).
FOLDER_LABEL = re.compile(r"[Dd]ữ liệu “[^”]*”, ngày \d\d/\d\d/\d{4}")
VERSION_FIELDS = ("Mã phiên bản:", "Mô tả:", "Ngày tạo:", "Tạo bởi:")


def notes_now(path: str) -> list[str]:
    """The page's recorded notes, each without the recorded data version's own words."""
    notes = [n for n in CAVEATS[path] if not n.startswith(VERSION_FIELDS)]
    return [part.strip(" ;.") for n in notes for part in FOLDER_LABEL.split(n) if part.strip(" ;.")]


SCREENS = REPO / "test-output" / "screens"
WAIT_MS = 120_000

FIRST_SCREEN = """() => {
    const vh = window.innerHeight;
    const main = document.querySelector('[data-testid=stMain]');
    const shown = e => { const r = e.getBoundingClientRect(); return r.height > 0 && !e.closest('details:not([open])'); };
    const figures = [...main.querySelectorAll('.kc-fig, [data-testid=stMetricValue]')]
        .filter(e => shown(e) && /\\d/.test(e.innerText)).map(e => Math.round(e.getBoundingClientRect().top));
    const first = figures.length ? Math.min(...figures) : null;
    const charts = [...main.querySelectorAll('.js-plotly-plot')].map(e => e.getBoundingClientRect())
        .filter(r => r.top >= 0 && r.bottom <= vh).length;
    const boxes = [...main.querySelectorAll('[data-testid=stAlert]')].map(e => e.getBoundingClientRect().top)
        .filter(top => first !== null && top < first).length;
    const block = main.querySelector('[data-testid=stMainBlockContainer]').getBoundingClientRect();
    return {vh, figures: figures.filter(top => top < vh).length, first, charts, boxes, height: Math.round(block.height)};
}"""


def open_page(browser, url: str, *, width: int, height: int, scheme: str = "light", chart: bool = True):
    context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": height})
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.locator('[data-testid="stMain"] h1').first.wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(200)
    page.wait_for_function(IDLE_JS, timeout=WAIT_MS, polling=100)  # the machine is shared: be patient
    if chart:  # drawn after the page's script has finished
        page.locator(".js-plotly-plot").first.wait_for(timeout=WAIT_MS)
    return page


def test_overview_first_screen_at_1400(browser, server):
    page = open_page(browser, f"{server}/", width=1400, height=900)
    try:
        m = page.evaluate(FIRST_SCREEN)
        page.screenshot(path=str(SCREENS / "test-overview-vi-light-1400.png"))
        assert m["figures"] >= 6, m
        assert m["first"] < m["vh"] / 2, m  # the first figure in the top half of the window
        assert m["boxes"] <= 1, m  # at most one notice box above it
        assert m["charts"] >= 1, m  # a whole chart before scrolling …
        plot = page.locator(".js-plotly-plot").first
        assert t("chart.watermark", "vi") in (plot.evaluate("e => e.textContent") or "")  # … marked inside
        assert m["height"] <= 2 * m["vh"], m  # the whole overview is at most two screens tall
    finally:
        page.context.close()


def test_overview_first_screen_on_a_phone(browser, server):
    page = open_page(browser, f"{server}/?lang=en", width=390, height=844, scheme="dark")
    try:
        m = page.evaluate(FIRST_SCREEN)
        page.screenshot(path=str(SCREENS / "test-overview-en-dark-390.png"))
        assert m["figures"] >= 3, m
        assert m["first"] < 0.75 * m["vh"], m
        status = page.locator(".st-key-kc-status").bounding_box()
        assert status is not None and status["y"] < m["first"]  # the status line above the figures
    finally:
        page.context.close()


def test_compare_opens_on_its_aligned_table(browser, server):
    page = open_page(browser, f"{server}/compare", width=1400, height=900)
    try:
        table = page.locator('[data-testid="stTable"]').first
        rows = table.locator("tbody tr").all()
        assert len(rows) >= 5
        box = rows[4].bounding_box()  # the table's first five measures in view before scrolling
        assert box is not None and box["y"] + box["height"] <= 900, box
        assert page.locator('[data-testid="stMain"] [data-testid="stAlert"]').count() == 0 or (
            page.locator('[data-testid="stMain"] [data-testid="stAlert"]').first.bounding_box()["y"] > box["y"]
        )  # no notice box stands above the table
    finally:
        page.context.close()


REACHABLE = """texts => {
    const main = document.querySelector('[data-testid=stMain]');
    // Material icons are ligatures ("history", "science") in their own font: not part of a note
    main.querySelectorAll('span').forEach(s => {
        if (/Material/.test(getComputedStyle(s).fontFamily)) s.setAttribute('data-kc-icon', '1'); });
    const text = e => { const c = e.cloneNode(true); c.querySelectorAll('[data-kc-icon]').forEach(i => i.remove());
        return c.textContent.replace(/\\s+/g, ''); };
    const visible = main.innerText.replace(/\\s+/g, '');
    const behind = [...main.querySelectorAll('details')].map(text).join('|');
    return texts.filter(x => { const s = x.replace(/\\s+/g, ''); return !(visible.includes(s) || behind.includes(s)); });
}"""


@pytest.mark.parametrize("path", list(CAVEATS))
def test_every_note_the_page_showed_is_still_reachable(browser, server, path):
    """Each note, warning and card line the page showed before its status line is on the page,
    in view or inside a details element (the status line, a cell's "nguồn, ghi chú", a notes line)."""
    page = open_page(browser, f"{server}/{path}", width=1400, height=900, chart=False)
    try:
        missing = page.evaluate(REACHABLE, notes_now(path))
        assert missing == [], missing
    finally:
        page.context.close()


def test_the_status_line_opens_with_the_keyboard(browser, server):
    page = open_page(browser, f"{server}/training", width=1400, height=900)
    try:
        banner = re.sub(r"\s+", " ", t("banner.illustrative", "vi", n="339", total="339"))
        summary = page.locator(".st-key-kc-status summary")
        assert t("status.why", "vi") in summary.inner_text()
        assert t("mark.illustrative", "vi") in summary.inner_text()
        assert banner not in page.locator('[data-testid="stMain"]').inner_text()  # one line, closed
        summary.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(
            "s => document.querySelector('[data-testid=stMain]').innerText.replace(/\\s+/g, ' ').includes(s)",
            arg=banner,
            timeout=WAIT_MS,
        )
    finally:
        page.context.close()
