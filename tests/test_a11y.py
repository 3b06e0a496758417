"""Usable with the keyboard alone: from the page's start, Tab reaches every filter in the sidebar
and the national map (63 provinces, a small national extract), and the keyboard alone puts a
province into the focus, by name in the map's select and with arrow keys and Enter on its tiles.

axe-core's audit of every page in both themes runs on test_scale_browser's page loads (at 2 and
63 provinces); chromium_pages.AXE_EXCLUDED is where a rule that only Streamlit's own widgets
break would be listed, with the reason (none is).
"""

from __future__ import annotations

import pytest
from chromium_pages import LOAD_TIMEOUT_MS, query, wait_idle
from chromium_pages import open_view as open_page

from kcdash.i18n import t

pytestmark = pytest.mark.browser


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
