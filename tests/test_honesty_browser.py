"""What a person sees in a real browser: with `mode=published` no illustrative number
appears on any page (every figure on screen is published, or says "chưa có số liệu"); with
`mode=all` every chart drawn from illustrative records carries its watermark inside the figure
and every card with an illustrative sum its mark. Harness: tests/test_browser.py."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from test_browser import IDLE_JS, SHOTS, browser, server  # noqa: F401 - fixtures

from kcdash import cards
from kcdash.i18n import CATALOGUES, t

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SEEDS = REPO.parent / "shared" / "seeds"
PAGES = {  # url path -> title key
    "": "page.overview",
    "training": "page.training",
    "budget": "page.budget",
    "clusters": "page.clusters",
    "compare": "page.compare",
    "data_sources": "page.data_sources",
}
WAIT_MS = 120_000
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def allowed_numbers() -> set[str]:
    """Every number a published-only page may show: the published figures as formatted, numbers
    in the reports' own text and quotes, in the fixed wording, in the sources table, years, small
    ordinals (clauses of Decree 45, "01 cụm"), and the data version's date and row counts."""
    allowed = {str(y) for y in range(1990, 2031)} | {str(i) for i in range(13)} | {f"{i:02d}" for i in range(13)}
    published = pd.read_csv(DATA / "published_figures.csv", dtype={"province_code": str})
    for _, row in published.iterrows():
        allowed |= numbers(cards.published_value(row, "vi"))
    texts = [*CATALOGUES["vi"].values(), (DATA / "published_figures.csv").read_text(encoding="utf-8")]
    texts.append((DATA / "sources.csv").read_text(encoding="utf-8"))
    texts += [(DATA / f"{name}.csv").read_text(encoding="utf-8") for name in ("activity_types", "activity_type_map")]
    texts += [p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")] if SEEDS.exists() else []
    manifest = (DATA / "manifest.json").read_text(encoding="utf-8")
    texts += re.findall(r'"(?:activities|clusters|created_at)": "?([\d-]+)', manifest)  # version metadata
    for text in texts:
        allowed |= numbers(text)
    return allowed


def open_page(browser, url: str, title: str, scheme: str = "light"):  # noqa: F811 - the fixture
    context = browser.new_context(color_scheme=scheme, viewport={"width": 1400, "height": 3000})
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.locator('[data-testid="stMain"] h1', has_text=title).first.wait_for(timeout=WAIT_MS)
    page.wait_for_timeout(200)
    page.wait_for_function(IDLE_JS, timeout=WAIT_MS, polling=100)  # the machine is shared: be patient
    return page


def main_text(page) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


@pytest.mark.parametrize("path", list(PAGES))
def test_published_mode_shows_no_illustrative_number(browser, server, path):  # noqa: F811
    page = open_page(browser, f"{server}/{path}?mode=published", t(PAGES[path], "vi"))
    try:
        text = main_text(page)
        stray = sorted(numbers(text) - allowed_numbers())
        assert stray == [], f"numbers on /{path} that no report publishes: {stray}"
        assert "MINH HỌA" not in text  # no mark, banner or watermark: nothing illustrative is drawn
        assert not re.search(r"\d+/\d+ huyện", text)  # no cluster counts from an illustrative list
        assert page.locator(".st-key-records-table").count() == 0
        for plot in page.locator(".js-plotly-plot").all():  # a chart left on screen holds no illustrative data
            assert t("chart.watermark", "vi") not in (plot.evaluate("e => e.textContent") or "")
        for tile_map in page.locator(".kc-map").all():  # nor a map (its text sits in a shadow root)
            assert t("chart.watermark", "vi") not in tile_map.inner_text()
        if path == "":
            for figure in ("3.530 người", "gần 4 tỷ đồng", "6.788,9 triệu đồng", "chưa có số liệu (báo cáo không nêu)"):
                assert figure in text
        if path in ("training", "budget"):
            assert t("mode.records_hidden_title", "vi") in text
        page.screenshot(path=str(SHOTS / f"published-{path or 'overview'}.png"))
    finally:
        page.context.close()


@pytest.mark.parametrize("path", list(PAGES))
def test_all_mode_marks_every_illustrative_chart_and_card(browser, server, path):  # noqa: F811
    page = open_page(browser, f"{server}/{path}", t(PAGES[path], "vi"))
    try:
        plots = page.locator(".js-plotly-plot").all()
        if path in ("training", "budget", "compare", "clusters"):
            assert plots, f"/{path} draws charts from the records"
        for plot in plots:
            plot.scroll_into_view_if_needed()
            content = plot.evaluate("e => e.textContent") or ""
            assert t("chart.watermark", "vi") in content, content[:200]
        maps = page.locator(".kc-map").all()
        if path == "clusters":
            assert maps, "/clusters draws the districts' map"
        for tile_map in maps:  # the district map of illustrative clusters is marked across its tiles
            assert t("chart.watermark", "vi") in tile_map.locator(".wm").inner_text()
        cells = page.locator(".kc-g-cell").all()  # the overview's key figures, a cell per measure and province
        if path == "":
            assert len(cells) == 10  # 5 measures x 2 provinces
        for cell in cells:
            assert t("mark.illustrative", "vi") in cell.inner_text()  # the records' sum carries its badge, in view
        if path in ("training", "budget"):  # the status line, and a badge under each province's heading
            assert main_text(page).count(t("mark.illustrative", "vi")) >= 3
        if path in ("", "compare", "clusters"):  # the cluster counts' warning: in view or one click away
            content = page.locator('[data-testid="stMain"]').evaluate("e => e.textContent")
            assert t("clusters.counts_warning", "vi") in content or t("cards.cluster_warning", "vi") in content
    finally:
        page.context.close()


def test_english_watermark_and_marks(browser, server):  # noqa: F811
    page = open_page(browser, f"{server}/training?lang=en", t("page.training", "en"))
    try:
        plots = page.locator(".js-plotly-plot").all()
        assert plots
        assert all("ILLUSTRATIVE" in (p.evaluate("e => e.textContent") or "") for p in plots)
    finally:
        page.context.close()
