"""Pages that read well for 2 and for 63 provinces, in a real browser.

A small national extract (63 provinces, 2005–2024, 50 thousand records; bench.generate_national,
seconds) is generated for the tests, so CI needs no 10-million-row data. For every page, with
the bundled data (Điện Biên beside Bạc Liêu) and with the national extract, in Vietnamese and
English, at phone width (390 px, the page opened there) and at desktop width (1400 px, the same
page once the window is widened: it lays out as a page opened at 1400 px does, but for a pixel of
anti-aliasing here and there): a screenshot in test-output/screenshots/, and the layout checks a
person would make: no card or chart narrower than a readable minimum, no text cut off in its
card, no legend on a chart's title or plot; in Vietnamese at desktop width, also axe-core's audit
(no serious or critical violation) in the light theme and, once the viewer's system turns dark on
the same page, in the dark theme (with a screenshot of each). The map's tiles carry the values of
its table (downloaded as CSV), and a click on a tile puts that province into the focus.

    .venv/bin/python tests/test_scale_browser.py DATA_DIR [steps]   # time a year-slider step per page
"""

from __future__ import annotations

import csv
import io
import sys
import time
from pathlib import Path

import pytest
from chromium_pages import (
    DESKTOP,
    IDLE_JS,
    LOAD_TIMEOUT_MS,
    SHOTS,
    VIEWS,
    dashboard,
    query,
    serious_violations,
    switch_scheme,
    wait_idle,
)
from chromium_pages import open_view as open_page

PAGES = ("", "training", "budget", "clusters", "compare", "data_sources")
MIN_CHART_PX = 280  # a chart narrower than this cannot show its axis labels and bars
MIN_CARD_PX = 150  # a bordered card narrower than this wraps its numbers and words over lines
MIN_METRIC_PX = 60  # a metric may be as narrow as its own text ("4.026"), never narrower
PHONE = 390

pytestmark = pytest.mark.browser


CHARTS_FIT_JS = """() => [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')].every(e => {
    const svg = e.querySelector('.main-svg');
    return !svg || Math.abs(svg.getBoundingClientRect().width - e.getBoundingClientRect().width) < 2;
})"""
"""Every chart drawn at the width of its box (polled after the viewport changes)."""


def full_screenshot(page, path: Path, width: int) -> None:
    """The whole page: Streamlit scrolls inside its main block, so grow the viewport to it."""
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": width, "height": min(int(height) + 40, 16_000)})
    page.wait_for_function(CHARTS_FIT_JS, timeout=LOAD_TIMEOUT_MS * 3, polling=100)  # Plotly redraws at the new size
    page.wait_for_function(IDLE_JS, timeout=LOAD_TIMEOUT_MS * 3, polling=100)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


LAYOUT_JS = """() => {
    const box = e => { const r = e.getBoundingClientRect(); return {l: r.left, t: r.top, r: r.right, b: r.bottom, w: r.width, h: r.height}; };
    const visible = e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const main = document.querySelector('[data-testid=stMain]');
    const charts = [...main.querySelectorAll('.js-plotly-plot')].filter(visible).map(e => ({
        title: (e.querySelector('.gtitle') || {}).textContent || '',
        w: box(e).w,
        box: box(e),
        legend: e.querySelector('.legend') ? box(e.querySelector('.legend')) : null,
        titlebox: e.querySelector('.gtitle') ? box(e.querySelector('.gtitle')) : null,
        plots: [...e.querySelectorAll('.nsewdrag')].map(box),
        xtitles: [...e.querySelectorAll('.g-xtitle text, .g-x2title text')].filter(visible).map(box),
        ticks: [...e.querySelectorAll('.ytick text, .y2tick text')].filter(visible)
            .map(t => ({...box(t), text: [...t.querySelectorAll('tspan')].map(l => l.textContent).join(' ') || t.textContent})),
        // tick labels and axis titles: the margins are worked out on the server (charts.fit_margins)
        labels: [...e.querySelectorAll('.xaxislayer-above text, .yaxislayer-above text, .g-xtitle text, .g-ytitle text, .g-x2title text, .g-y2title text')]
            .filter(visible).map(t => ({...box(t), text: t.textContent})),
        // Plotly hides a tick label that would cross the chart's edge ("100%" on a share axis)
        hidden: [...e.querySelectorAll('.xtick text, .ytick text, .x2tick text, .y2tick text')]
            .filter(t => t.textContent && !visible(t)).map(t => t.textContent),
    }));
    const cards = [...main.querySelectorAll('[data-testid=stVerticalBlockBorderWrapper], [data-testid=stMetric]')]
        .filter(visible).map(e => ({w: box(e).w, metric: e.dataset.testid === 'stMetric', text: e.innerText.slice(0, 60)}));
    const overflowing = [...main.querySelectorAll('[data-testid=stMetricValue], [data-testid=stMetricLabel], '
            + '[data-testid=stVerticalBlockBorderWrapper] [data-testid=stMarkdownContainer]')]
        .filter(visible).filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText.slice(0, 60));
    return {charts, cards, overflowing};
}"""


def overlaps(a: dict | None, b: dict | None) -> bool:
    if not a or not b or a["w"] == 0 or b["w"] == 0:
        return False
    return not (a["r"] <= b["l"] or b["r"] <= a["l"] or a["b"] <= b["t"] or b["b"] <= a["t"])


def shrunk(a: dict, px: float = 1.0) -> dict:
    """A box `px` smaller on every side: labels that only touch (a glyph's anti-aliased edge) do
    not overlap."""
    return {**a, "l": a["l"] + px, "t": a["t"] + px, "r": a["r"] - px, "b": a["b"] - px}


def layout_problems(page, width: int) -> list[str]:
    found = page.evaluate(LAYOUT_JS)
    problems = []
    min_chart = min(MIN_CHART_PX, width - 60)
    for chart in found["charts"]:
        name = chart["title"][:50]
        if chart["w"] < min_chart:
            problems.append(f"chart {name!r} is {chart['w']:.0f} px wide")
        if chart["titlebox"] and chart["titlebox"]["r"] > chart["box"]["r"] + 2:
            problems.append(f"title cut off: {name!r}")
        if overlaps(chart["legend"], chart["titlebox"]):
            problems.append(f"legend on the title of {name!r}")
        if any(overlaps(chart["legend"], plot) for plot in chart["plots"]):
            problems.append(f"legend on the plot of {name!r}")
        if any(overlaps(chart["legend"], x) for x in chart["xtitles"]):
            problems.append(f"legend on the axis title of {name!r}")
        if any(overlaps(chart["titlebox"], x) for x in chart["xtitles"]):
            problems.append(f"axis title on the title of {name!r}")
        outer = chart["box"]
        for label in chart["labels"]:
            if label["l"] < outer["l"] - 1 or label["r"] > outer["r"] + 1 or label["b"] > outer["b"] + 1:
                problems.append(f"axis label {label['text']!r} cut off in {name!r}")
            if overlaps(chart["legend"], label):
                problems.append(f"legend on the axis label {label['text']!r} of {name!r}")
        problems += [f"axis label {text!r} hidden at the edge of {name!r}" for text in chart["hidden"]]
        ticks = chart["ticks"]  # a bar's name of two lines must not run into its neighbours'
        problems += [
            f"axis labels {a['text']!r} and {b['text']!r} overlap in {name!r}"
            for i, a in enumerate(ticks)
            for b in ticks[i + 1 :]
            if overlaps(shrunk(a), shrunk(b))
        ]
    problems += [
        f"card {c['text']!r} is {c['w']:.0f} px wide"
        for c in found["cards"]
        if c["w"] < (MIN_METRIC_PX if c["metric"] else MIN_CARD_PX)
    ]
    problems += [f"text cut off: {text!r}" for text in found["overflowing"]]
    problems += [f"name broken inside a word: {text!r}" for text in page.evaluate(BROKEN_NAMES_JS)]
    problems += [f"text cut off in the map's tile {text!r}" for text in page.evaluate(CLIPPED_TILES_JS)]
    return problems


BROKEN_NAMES_JS = """() => [...document.querySelectorAll('.kc-rank tbody th')].filter(th => {
  const line = parseFloat(getComputedStyle(th).lineHeight) || 20;
  const lines = Math.round(th.getBoundingClientRect().height / line);
  return lines > th.innerText.trim().split(/\\s+/).length;  // more lines than words
}).map(th => th.innerText.trim())"""
"""Province names in a ranking that a narrow column broke inside a word ("Tha / nh Hóa")."""

CLIPPED_TILES_JS = """() => [...document.querySelectorAll('[data-testid=stMain] *')].filter(e => e.shadowRoot)
    .flatMap(e => [...e.shadowRoot.querySelectorAll('.kc-map .tile')])
    .filter(t => t.getBoundingClientRect().width > 0)
    .filter(t => t.scrollHeight > t.clientHeight + 1
        || [...t.querySelectorAll('span')].some(s => s.scrollWidth > s.clientWidth + 1))
    .map(t => t.innerText.replace(/\\s+/g, ' '))"""
"""Tiles of a map (drawn in the component's shadow root) whose code or value does not fit: a tile
cuts off what overflows it ("10,8 nghìr")."""


def widen(page, width: int) -> None:
    """The window made `width` px wide (1,000 high), as a viewer widens it: Streamlit lays the page
    out again and Plotly redraws each chart at its new width."""
    page.set_viewport_size({"width": width, "height": 1000})
    page.wait_for_function(CHARTS_FIT_JS, timeout=LOAD_TIMEOUT_MS * 3, polling=100)
    wait_idle(page, LOAD_TIMEOUT_MS * 3)


@pytest.mark.parametrize("path", VIEWS, ids=lambda path: path.replace("?", "-") or "overview")
@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("provinces", [2, 63])
def test_every_page_reads_well_at_2_and_63_provinces(browser, servers, provinces, lang, path):
    joiner = "&" if "?" in path else "?"
    url = f"{servers[provinces]}/{path}{joiner}lang={lang}" if lang == "en" else f"{servers[provinces]}/{path}"
    name = path.replace("?view=", "-").replace("?", "-").replace("=", "-") or "overview"
    shots = SHOTS / f"{provinces}-provinces"
    page = open_page(browser, url, width=PHONE)
    try:
        # tracebacks are hidden by configuration (client.showErrorDetails = "none"), so look for
        # what an exception or a failed query leaves on screen instead: an exception box or an error
        assert page.locator('[data-testid="stException"]').count() == 0
        assert page.locator('[data-testid="stAlertContentError"]').count() == 0
        body = page.inner_text("body")
        assert "Traceback" not in body
        if provinces == 63 and path.split("?")[0] in ("", "training", "budget", "clusters"):
            # the national layout: the chosen provinces together, the map, the focus provinces
            assert ("63 tỉnh đã chọn" if lang == "vi" else "The 63 chosen provinces") in body
            assert ("Điện Biên" if lang == "vi" else "Dien Bien") in body
        problems = [f"{PHONE} px: {p}" for p in layout_problems(page, PHONE)]
        full_screenshot(page, shots / f"{name}-{lang}-{PHONE}.png", PHONE)
        widen(page, DESKTOP)
        problems += [f"{DESKTOP} px: {p}" for p in layout_problems(page, DESKTOP)]
        if lang == "vi":  # readable by everyone, in both themes
            problems += serious_violations(page)
        full_screenshot(page, shots / f"{name}-{lang}-{DESKTOP}.png", DESKTOP)
        if lang == "vi":
            switch_scheme(page, "dark")
            problems += [f"dark theme: {v}" for v in serious_violations(page)]
            page.screenshot(path=str(shots / f"{name}-{lang}-{DESKTOP}-dark.png"), full_page=True)
        assert problems == []
    finally:
        page.close()


def tile_texts(page, map_index: int = 0) -> dict[str, str]:
    """code -> text drawn in the tile (short name and value), read from the map in the page."""
    tiles = page.locator("[data-testid=stMain] .kc-map").nth(map_index).locator(".tile")
    return dict(zip(tiles.evaluate_all("ts => ts.map(t => t.dataset.code)"), tiles.all_inner_texts(), strict=True))


def test_map_tiles_carry_the_values_of_their_table(browser, servers):
    from kcdash import tilemap

    page = open_page(browser, servers[63])
    tiles = tile_texts(page)
    assert len(tiles) == 63
    # the map's table, one click away; its CSV download holds every row
    page.get_by_text("Xem số liệu của biểu đồ").first.click()
    wait_idle(page)
    with page.expect_download(timeout=LOAD_TIMEOUT_MS) as download:
        page.get_by_role("button", name="Tải CSV").first.click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text(encoding="utf-8-sig"))))
    assert len(rows) == 63
    names = {t.name_vi: t.code for t in tilemap.province_tiles()}
    for row in rows:
        code = names[row["Tỉnh"]]
        value = float(row["Giá trị"]) if row["Giá trị"] else None
        assert tilemap.compact(value, "vi") in tiles[code], (row, tiles[code])
    # the ranking's first row is the largest value, and its tile says so too
    first = max(rows, key=lambda r: float(r["Giá trị"] or 0))
    assert first["Hạng"] == "1"
    page.close()


def test_a_click_on_a_tile_puts_the_province_into_the_focus(browser, servers):
    page = open_page(browser, servers[63])
    assert "01" not in query(page).get("focus", [])
    tile = page.locator('[data-testid=stMain] .kc-map .tile[data-code="01"]').first
    assert "HNI" in tile.inner_text() and "Hà Nội" in (tile.get_attribute("aria-label") or "")
    tile.scroll_into_view_if_needed()
    tile.click()
    page.wait_for_function(
        "() => new URLSearchParams(location.search).getAll('focus').includes('01')", timeout=LOAD_TIMEOUT_MS
    )
    wait_idle(page)
    assert "01" in query(page)["focus"]
    # Hà Nội now has a column of its own in the key figures, beside the default focus provinces
    assert page.locator('[data-testid=stMain] th[scope="col"]', has_text="Hà Nội").count() >= 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "63-provinces" / "map-after-click.png"))
    page.close()


# ---- a person's wait after a year-slider step (not a timed test: python tests/test_scale_browser.py)


def time_slider_steps(url: str, paths: tuple[str, ...] = PAGES[:5], steps: int = 6) -> dict[str, list[float]]:
    """Seconds from a keyboard step of the slider's upper end until the page is idle again."""
    from chromium_pages import CHROMIUM
    from playwright.sync_api import sync_playwright

    out: dict[str, list[float]] = {}
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        for path in paths:
            page = b.new_page(viewport={"width": DESKTOP, "height": 1000})
            page.goto(f"{url}/{path}", wait_until="domcontentloaded")
            page.locator("h1").first.wait_for(timeout=120_000)
            wait_idle(page)
            times = []
            for i in range(steps):
                thumb = page.locator('[data-testid="stSlider"] input[type=range]').last
                thumb.focus()
                start = time.monotonic()
                thumb.press("ArrowLeft" if i % 2 == 0 else "ArrowRight")
                wait_idle(page)  # returns 0.6 s after the page stopped changing
                times.append(round(time.monotonic() - start - 0.6, 2))
            out[path or "overview"] = times
            page.close()
        b.close()
    return out


if __name__ == "__main__":
    import statistics

    with dashboard({"DATA_DIR": sys.argv[1]} if len(sys.argv) > 1 else {}) as server_url:
        for name, seconds in time_slider_steps(server_url, steps=int(sys.argv[2]) if len(sys.argv) > 2 else 6).items():
            print(f"{name:14} median {statistics.median(seconds):6.2f} s  all {seconds}")


def test_at_63_provinces_the_compare_page_opens_on_the_focus_provinces(browser, servers):
    """The aligned measures open on the two provinces the reader follows, and say where the 61
    others are; with "all 63" they come first, not in places 10 and 60 of the national order,
    and the choice is in the link. The published figures have a column only for the provinces
    the reports cover, and the 61 others are named once, not in 61 notes."""
    page = open_page(browser, servers[63] + "/compare")
    heads_js = (
        "() => [...document.querySelectorAll('[data-testid=stMain] table')]"
        ".map(t => [...t.querySelectorAll('thead th')].slice(1, 4).map(th => th.innerText.trim()))"
    )
    heads = page.evaluate(heads_js)
    main = page.locator("[data-testid=stMain]").text_content() or ""  # the notes behind their line too
    page.locator("[data-testid=stMain] .stPlotlyChart .legendtext").first.wait_for(timeout=30_000)
    legends = page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=stMain] .stPlotlyChart')]"
        ".map(c => [...c.querySelectorAll('.legendtext')].map(e => e.textContent))"
    )
    page.get_by_role("radio", name="Tất cả 63 tỉnh").click()
    wait_idle(page, LOAD_TIMEOUT_MS * 3)
    all_heads = page.evaluate(heads_js)
    url = page.url
    page.close()
    # the trend charts set the focus provinces beside the average province, not beside the sum of
    # 63 (on whose scale they would lie flat at zero)
    assert legends[0] == ["Bình quân mỗi tỉnh (63 tỉnh đã chọn)", "Điện Biên", "Bạc Liêu"], legends
    assert heads[0] == ["Điện Biên", "Bạc Liêu"], heads  # the aligned measures: the focus provinces
    assert "Bảng đang có 2 tỉnh trọng tâm; 61 tỉnh còn lại có trong bảng khi chọn “Tất cả 63 tỉnh”" in main
    assert all_heads[0] == ["Điện Biên", "Bạc Liêu", "Hà Nội"], all_heads  # then the national order
    assert "aligned=all" in url
    # the published figures: only the two provinces the reports cover, the 61 others said once
    assert heads[1] == ["Điện Biên", "Bạc Liêu"], heads
    assert "61 tỉnh khác đã chọn không có số công bố" in main
    assert main.count("báo cáo không công bố số học viên") == 0  # no note per province
    assert "61 tỉnh không có số công bố" in main
