"""Driving the dashboard in headless Debian Chromium (Playwright), for the browser tests: the
dashboard or the console started the way `make run` / `make admin` start them, a page opened and
waited for until Streamlit is idle, the link's query read back. The Chromium, server and
national-extract fixtures built on these live in conftest.py."""

from __future__ import annotations

import os
import subprocess
import sys
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from bench import local_server
from bench.browser import CHROMIUM as CHROMIUM  # the browser the tests drive, as the benchmark does
from bench.browser import CHROMIUM_ARGS as CHROMIUM_ARGS

REPO = Path(__file__).resolve().parent.parent
SHOTS = REPO / "test-output" / "screenshots"
START_TIMEOUT_S = 90
LOAD_TIMEOUT_MS = 30_000
DESKTOP = 1400
STEWARD_PASSWORD = "mat-khau-dung"  # noqa: S105 - the tests' steward "lan" signs in with it
# every page, and the other chart sections of the pages that have them (?view=…)
VIEWS = ("", "training", "training?view=per_trainee", "training?view=parts")
VIEWS += ("budget", "budget?view=per_trainee", "budget?view=parts")
VIEWS += ("clusters", "compare")
VIEWS += ("compare?view=structure", "compare?aligned=all", "data_sources")

IDLE_JS = """() => {
    const app = document.querySelector('[data-testid=stApp]');
    const busy = !app || app.dataset.testScriptState !== 'notRunning'
        || app.dataset.testConnectionState !== 'CONNECTED'
        || document.querySelector('[data-testid="stSkeleton"], .stale-element, [data-stale="true"]')
        || [...document.querySelectorAll('.stPlotlyChart')].some(c => c.offsetParent && !c.querySelector('.main-svg'));
    const now = performance.now();
    if (busy) { window.__kcIdleSince = null; return false; }
    window.__kcIdleSince = window.__kcIdleSince || now;
    return now - window.__kcIdleSince > 300;
}"""
"""Streamlit is idle: its script has finished (the state its own end-to-end tests read from
stApp), the page is connected, nothing is stale or a skeleton, and every chart in view is drawn;
and it has stayed so for 0.3 s, which bridges the settling rerun at a session's start and the
moment between a click and the server's start of the rerun it asks for."""


@contextmanager
def serve(target: str = "run", env_extra: dict | None = None) -> Iterator[str]:
    """`make run PORT=…` (or `make admin ADMIN_PORT=…`) on a free 127.0.0.1 port in its own process
    group; yields its URL, stopped (whole group) afterwards."""
    env = {**os.environ, **(env_extra or {})}
    command = local_server.make_target(target)
    with local_server.serve(command, env=env, log_name=target, start_timeout_s=START_TIMEOUT_S) as server:
        yield server.url


def dashboard(env_extra: dict | None = None):
    """The dashboard as `make run` serves it (see `serve`)."""
    return serve("run", env_extra)


def national_extract(out: Path, rows: int) -> Path:
    """A small national extract (63 provinces, illustrative) written by the benchmark's generator."""
    subprocess.run(
        [sys.executable, "-m", "bench.generate_national", "--rows", str(rows), "--out", str(out)],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out


def wait_idle(page, timeout_ms: int = LOAD_TIMEOUT_MS) -> None:
    """Wait until Streamlit is idle again (IDLE_JS) after what the test just did (a click, a key,
    a URL change), bounded by the timeout: an idle moment from before that counts for nothing."""
    page.evaluate("() => { window.__kcIdleSince = null; }")
    page.wait_for_timeout(200)
    page.wait_for_function(IDLE_JS, timeout=timeout_ms, polling=100)


QUIET_JS = """([quietMs, capMs]) => new Promise(resolve => {
    let timer = setTimeout(() => finish(true), quietMs);
    const cap = setTimeout(() => finish(false), capMs);
    const observer = new MutationObserver(() => { clearTimeout(timer); timer = setTimeout(() => finish(true), quietMs); });
    function finish(quiet) { clearTimeout(timer); clearTimeout(cap); observer.disconnect(); resolve(quiet); }
    observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})"""


def switch_scheme(page, scheme: str) -> None:
    """Turn the viewer's system theme to `scheme` on an open page, as a viewer's system does at
    dusk: Streamlit and our CSS follow it without a rerun, and Plotly redraws each chart in the
    theme's colours; wait until the page has stopped changing (0.3 s without a DOM change)."""
    page.emulate_media(color_scheme=scheme)
    assert page.evaluate(QUIET_JS, [300, LOAD_TIMEOUT_MS]), "the page kept changing after the theme switch"


def open_page(browser, url: str, expect: str):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(url, wait_until="domcontentloaded")
    # in the page's own content: the sidebar's navigation shows every page's name from the start
    page.locator('[data-testid="stMain"]').get_by_text(expect, exact=False).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    wait_idle(page)
    return page


_VIEW_CONTEXTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""browser -> (width, scheme) -> its context for `open_view`."""


def open_view(browser, url: str, *, width: int = DESKTOP, scheme: str = "light"):
    """A new page at `width` and colour `scheme`, once its title is drawn and Streamlit is idle
    (with a longer bound: a busy CI machine is slow at 63 provinces); close it with `page.close()`.
    The pages of one browser, width and scheme share a context, so Streamlit's scripts come from
    its HTTP cache after the first page; each page still has a session of its own (the dashboard
    keeps nothing in the browser's storage)."""
    contexts = _VIEW_CONTEXTS.setdefault(browser, {})
    if (width, scheme) not in contexts:
        contexts[width, scheme] = browser.new_context(viewport={"width": width, "height": 1000}, color_scheme=scheme)
    page = contexts[width, scheme].new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=LOAD_TIMEOUT_MS * 3)
    page.wait_for_timeout(200)
    page.wait_for_function(IDLE_JS, timeout=LOAD_TIMEOUT_MS * 3, polling=100)
    return page


AXE_RULESETS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_EXCLUDED: dict[str, str] = {}
"""rule id -> why it cannot be fixed from the app (none today)."""


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on `page`, one line each (axe-core comes with
    axe-playwright-python, requirements-dev.txt)."""
    from axe_playwright_python.sync_playwright import Axe

    # only the violations come back in full (the passes' nodes are large and read by nobody here)
    result = Axe().run(page, options={"runOnly": AXE_RULESETS, "resultTypes": ["violations"]})
    found = []
    for violation in result.response["violations"]:
        if violation["impact"] in ("serious", "critical") and violation["id"] not in AXE_EXCLUDED:
            targets = [" ".join(map(str, node["target"]))[-90:] for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])}): {targets}")
    return found


def query(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def signed_in_console(browser, url: str, page_link: str):
    """A new page on the steward console at `url`, signed in as the tests' steward "lan", on the
    console page whose link reads `page_link`."""
    page = browser.new_page(viewport={"width": 1400, "height": 1400})
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_label("Tên đăng nhập").first.wait_for(timeout=LOAD_TIMEOUT_MS)
    page.get_by_label("Tên đăng nhập").first.fill("lan")
    page.get_by_label("Mật khẩu").first.fill(STEWARD_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").first.click()
    page.get_by_role("link", name=page_link).first.wait_for(timeout=LOAD_TIMEOUT_MS)
    page.get_by_role("link", name=page_link).first.click()
    return page


def steward_env(data: Path) -> dict[str, str]:
    """The console's environment: the steward "lan" and the data folder `data`."""
    from kcdash.auth import hash_password

    return {"KC_STEWARDS": f"lan:{hash_password(STEWARD_PASSWORD)}", "DATA_DIR": str(data)}
