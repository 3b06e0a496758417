"""Readable by everyone: an axe-core audit of every page in a real browser, in the dark theme
(the light one is audited on test_scale_browser's page loads), at 2 provinces (bundled data) and
63 (a small national extract), and the keyboard alone reaching every filter and the map.

axe-core comes with axe-playwright-python (requirements-dev.txt); the browser is Debian's
Chromium, as in test_browser.py. What we fixed in our own markup and CSS (kcdash/assets/a11y.css,
the flat navigation list in app.py) is checked here; nothing is excluded: should a violation ever
sit inside Streamlit's own widgets, add its rule and selector to chromium_pages.AXE_EXCLUDED with
the reason.
"""

from __future__ import annotations

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, VIEWS, query, serious_violations, wait_idle
from chromium_pages import open_view as open_page

from kcdash.i18n import t

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("provinces", [2, 63])
def test_no_serious_or_critical_violation_on_any_page_in_the_dark_theme(browser, servers, provinces):
    # the light theme is audited on the page loads of test_scale_browser (Vietnamese, desktop)
    problems = {}
    for path in VIEWS:  # every page, and every chart section of training, budget and compare
        page = open_page(browser, f"{servers[provinces]}/{path}", scheme="dark")
        found = serious_violations(page)
        if found:
            problems[path or "overview"] = found
        page.close()
    assert problems == {}


MARK_REACHED = """() => document.addEventListener('focusin', e => e.target.setAttribute('data-kc-reached', '1'))"""
FILTERS_REACHED = """() => {
    const widgets = [...document.querySelectorAll('[data-testid=stSidebar] .stElementContainer')]
        .filter(c => c.getBoundingClientRect().height > 0)
        .filter(c => c.querySelector('input, button, [role=combobox], [role=slider]'));
    return {count: widgets.length,
            unreached: widgets.filter(c => !c.querySelector('[data-kc-reached]')).map(c => c.innerText.slice(0, 40))};
}"""


ACTIVE_JS = """() => {
    let e = document.activeElement;
    while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;  // into the map
    return {label: (e && e.getAttribute('aria-label')) || '', tile: !!(e && e.classList.contains('tile')),
            code: (e && e.dataset && e.dataset.code) || ''};
}"""


def test_keyboard_alone_reaches_every_filter_and_the_map(browser, servers):
    page = open_page(browser, servers[63])
    page.evaluate(MARK_REACHED)
    pick = t("map.keyboard", "vi")
    reached_tile = reached_pick = False
    page.locator("body").focus()
    for _ in range(600):  # bounded: 63 province chips each have a remove button in the tab order
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE_JS)
        reached_tile = reached_tile or active["tile"]
        if pick in active["label"]:
            reached_pick = True
            break
    filters = page.evaluate(FILTERS_REACHED)
    assert filters["count"] >= 8  # language, data mode, provinces, focus, years, crafts, districts, contents, funds…
    assert filters["unreached"] == []  # every one of them got the keyboard focus
    assert reached_tile, "no tile of the map got the keyboard focus"
    assert reached_pick, "the map's province select was not reached"
    # with the keyboard, put a province on the map into the focus: by name in the select …
    page.keyboard.type("Hà Nội")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => new URLSearchParams(location.search).getAll('focus').includes('01')", timeout=LOAD_TIMEOUT_MS
    )
    wait_idle(page)
    assert query(page)["focus"][-1] == "01"
    # … and on the map itself: back to its tiles (one tab stop), arrow keys, Enter
    for _ in range(10):
        page.keyboard.press("Shift+Tab")
        if page.evaluate(ACTIVE_JS)["tile"]:
            break
    focus = set(query(page)["focus"])
    for _ in range(40):  # bounded: move until a tile of a province not yet in the focus
        page.keyboard.press("ArrowDown")
        active = page.evaluate(ACTIVE_JS)
        assert active["tile"], "an arrow key left the map"
        if active["code"] not in focus:
            break
    code = active["code"]
    assert code not in focus
    page.keyboard.press("Enter")
    page.wait_for_function(
        "c => new URLSearchParams(location.search).getAll('focus').includes(c)", arg=code, timeout=LOAD_TIMEOUT_MS
    )
    wait_idle(page)
    assert page.evaluate(ACTIVE_JS)["code"] == code  # the keyboard stays on the tile it pressed
    page.close()
