"""The browser stage of `make bench`: what a person waits for, in headless Chromium.

The dashboard is started as `make run` does (`make run PORT=…`, 127.0.0.1, a free port, `DATA_DIR`
for the national extract), and for every page a filter is changed the way a person changes it:
a year-slider step (keyboard, on the first thumb) and a province chosen (a chip removed in the
province list, then chosen again). Each change is timed from the key press or click until the
page has *finished drawing*, which is, all at once:

- at least one websocket message from the server since the change (the rerun happened);
- no Streamlit status widget ("Running…"), no skeleton, no stale element (`data-stale`);
- every Plotly chart on the page rendered (`_fullLayout` and its SVG present);
- nothing in the DOM has changed, and no websocket message arrived, for `QUIET_MS`.

The time reported is that of the *last* DOM change before the quiet period (a MutationObserver
stamps it), so the quiet wait itself is not counted. Bytes are the websocket frames the server
sent for the change, counted through the DevTools protocol (`Network.webSocketFrameReceived`).
A minimal Streamlit page of four Plotly charts (`bench/floor_app.py`, the framework's own floor)
is measured the same way just before each page, so each page is compared with the floor of its
own minute on a shared machine whose speed drifts.

Also here: the cold start (`make run` → the overview drawn) and the load test (20 concurrent
sessions on one server: peak memory of the server, every session drawn, errors in its log).
"""

from __future__ import annotations

import base64
import contextlib
import os
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import local_server
from bench.local_server import Server, make_target, streamlit_script

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
PAGES = {"overview": "", "training": "training", "budget": "budget", "clusters": "clusters"}
PAGES |= {"compare": "compare", "data_sources": "data_sources"}
"""Page name (as in the server stage) -> URL path."""
QUIET_MS = 600
CHANGE_TIMEOUT_MS = 90_000
VIEWPORT = {"width": 1400, "height": 1000}
SHOTS = REPO / "test-output" / "bench-logs"
# Installed before any page script: stamps every DOM change and every websocket message.
INIT_JS = """(() => {
  const k = window.__kc = {mut: Date.now(), ws: 0, wsLast: 0};
  const Orig = window.WebSocket;
  function Wrapped(...args) {
    const s = new Orig(...args);
    s.addEventListener('message', () => { k.ws += 1; k.wsLast = Date.now(); });
    return s;
  }
  Wrapped.prototype = Orig.prototype;
  for (const c of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Wrapped[c] = Orig[c];
  window.WebSocket = Wrapped;
  new MutationObserver(() => { k.mut = Date.now(); }).observe(document, {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
})();"""

DONE_JS = """([ws0, quiet, minPlots]) => {
  const k = window.__kc;
  if (!k || k.ws <= ws0) return false;
  if (document.querySelector('[data-testid="stStatusWidget"], [data-testid="stSkeleton"], .stale-element, [data-stale="true"]')) return false;
  const plots = document.querySelectorAll('.js-plotly-plot');
  if (plots.length < minPlots) return false;
  for (const p of plots) { if (!p._fullLayout || !p.querySelector('.main-svg')) return false; }
  const now = Date.now();
  return now - k.mut >= quiet && now - k.wsLast >= quiet;
}"""


def serve(data_dir: str | None, log_dir: Path, *, app: str | None = None) -> AbstractContextManager[Server]:
    """The dashboard as `make run PORT=…` starts it (or `app` with the same streamlit flags) on
    `data_dir` (the bundled data when None), stopped (its whole process group) afterwards."""
    env = {k: v for k, v in os.environ.items() if k != "DATA_DIR"}
    if data_dir:
        env["DATA_DIR"] = data_dir
    command = make_target("run") if app is None else streamlit_script(app, "--server.headless", "true")
    return local_server.serve(command, env=env, log_dir=log_dir)


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium not found at {CHROMIUM} (make browser-deps)")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass
class Tab:
    """One browser session on one page, with its websocket byte counter."""

    page: Any
    received: list[int] = field(default_factory=lambda: [0])

    @classmethod
    def open(cls, browser: Any) -> Tab:
        context = browser.new_context(viewport=VIEWPORT)
        context.add_init_script(INIT_JS)
        page = context.new_page()
        tab = cls(page)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")

        def on_frame(params: dict[str, Any]) -> None:
            resp = params.get("response", {})
            payload = resp.get("payloadData", "")
            # binary frames (Streamlit's protobuf messages) come base64-encoded
            tab.received[0] += len(base64.b64decode(payload)) if resp.get("opcode") == 2 else len(payload.encode())

        cdp.on("Network.webSocketFrameReceived", on_frame)
        return tab

    def ws_count(self) -> int:
        return int(self.page.evaluate("() => window.__kc ? window.__kc.ws : 0"))

    def wait_drawn(self, ws0: int, *, min_plots: int = 0, timeout_ms: float = CHANGE_TIMEOUT_MS) -> int:
        """Wait until the page has finished drawing (see the module docstring); the epoch ms of its
        last DOM change."""
        self.page.wait_for_function(DONE_JS, arg=[ws0, QUIET_MS, min_plots], timeout=timeout_ms, polling=50)
        return int(self.page.evaluate("() => window.__kc.mut"))

    def errors(self) -> int:
        return int(self.page.locator('[data-testid="stException"]').count())

    def close(self) -> None:
        self.page.context.close()


# ---- the changes --------------------------------------------------------------------------
def _sidebar(page: Any) -> Any:
    return page.locator('[data-testid="stSidebar"]')


def year_step(key: str) -> Callable[[Any], Callable[[], None]]:
    """A year-slider step: the first thumb of the sidebar's year range, one arrow key."""

    def prepare(page: Any) -> Callable[[], None]:
        thumb = _sidebar(page).locator('[data-testid="stSlider"] input[type="range"]').first
        thumb.focus()
        return lambda: page.keyboard.press(key)

    return prepare


CHIP_JS = """() => {
  const box = [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')]
    .find(e => e.getBoundingClientRect().width > 0);  // the first shown: the provinces
  for (const b of box.querySelectorAll('button[aria-label^="Remove "]')) {
    if (b.getBoundingClientRect().width === 0) continue;
    b.scrollIntoView({block: 'nearest'});  // a long chip list scrolls inside its box
    const r = b.getBoundingClientRect();
    if (r.width > 0 && r.height > 0) {
      return {x: r.x + r.width / 2, y: r.y + r.height / 2, name: b.parentElement.innerText.trim()};
    }
  }
  return null;
}"""
COMBO_JS = """() => {
  const box = [...document.querySelectorAll('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')]
    .find(e => e.getBoundingClientRect().width > 0);  // the first shown: the provinces
  const input = box.querySelector('input[role="combobox"]');
  input.focus();
  return input === document.activeElement;
}"""


def province_toggle(state: dict[str, str]) -> Callable[[Any], Callable[[], None]]:
    """A province chosen: the first chip of the sidebar's province list removed (a mouse click on
    its ×), or (next time) chosen again by typing its name in the list and pressing Enter.

    The chip is found by script: Streamlit keeps a hidden copy of the chips to measure their
    overflow, which confuses Playwright's visibility checks; the click itself is a real mouse click.
    """

    def prepare(page: Any) -> Callable[[], None]:
        if "removed" not in state:
            chip = page.evaluate(CHIP_JS)
            if not chip:
                raise RuntimeError("no province chip to remove in the sidebar")
            state["removed"] = chip["name"]
            return lambda: page.mouse.click(chip["x"], chip["y"])
        name = state.pop("removed")
        if not page.evaluate(COMBO_JS):
            raise RuntimeError("could not focus the province list")
        page.keyboard.type(name)
        page.get_by_role("option", name=name, exact=True).first.wait_for(timeout=10_000)
        return lambda: page.keyboard.press("Enter")

    return prepare


def change_plan(n: int) -> list[tuple[str, Callable[[Any], Callable[[], None]]]]:
    """n changes, each to a filter state not seen before (so no result is a cache hit): a year
    step forward, a province removed, a year step, the province chosen again, …"""
    state: dict[str, str] = {}
    cycle = [
        ("year", year_step("ArrowRight")),
        ("province", province_toggle(state)),
        ("year", year_step("ArrowRight")),
        ("province", province_toggle(state)),
    ]
    return [cycle[i % len(cycle)] for i in range(n)]


def measure_page(browser: Any, url: str, changes: int) -> dict[str, Any]:
    """Open `url` in a fresh session, wait until drawn, then time `changes` filter changes."""
    tab = Tab.open(browser)
    try:
        tab.page.goto(url, wait_until="domcontentloaded")
        tab.wait_drawn(0)
        times: list[float] = []
        sent: list[int] = []
        kinds: list[str] = []
        failed: list[str] = []
        server_done: list[float] = []  # to the server's last message: data work + script + transfer
        for kind, prepare in change_plan(changes):
            try:
                act = prepare(tab.page)
                tab.page.wait_for_timeout(150)  # focus/typing settled before the clock starts
                ws0 = tab.ws_count()
                bytes0 = tab.received[0]
                t0 = int(tab.page.evaluate("() => Date.now()"))
                act()
                last = tab.wait_drawn(ws0)
            except Exception as e:  # a change that never finished drawing is reported, not hidden
                shot = SHOTS / f"bench-timeout-{int(time.time())}.png"
                shot.parent.mkdir(parents=True, exist_ok=True)
                tab.page.screenshot(path=str(shot))
                failed.append(f"{kind}: {type(e).__name__}: {str(e).splitlines()[0][:120]} ({shot.name})")
                break  # the page's state is unknown: no further change on it
            tab.page.wait_for_timeout(50)  # let the last DevTools frame events arrive
            times.append(max(0, last - t0))
            server_done.append(max(0, int(tab.page.evaluate("() => window.__kc.wsLast")) - t0))
            sent.append(tab.received[0] - bytes0)
            kinds.append(kind)
            if tab.page.keyboard and kind == "province":
                tab.page.keyboard.press("Escape")  # close the option list, after the clock
                tab.page.wait_for_timeout(100)
        return {
            "times_ms": times,
            "server_done_ms": server_done,
            "bytes": sent,
            "kinds": kinds,
            "errors": tab.errors(),
            "failed": failed,
        }
    finally:
        tab.close()


FLOOR_KEYS = ("times_ms", "server_done_ms", "bytes", "kinds", "failed")
"""What `measure_page` returns, gathered over every floor measurement of a size."""


def summarize(times: list[float]) -> tuple[float, float]:
    s = sorted(times)
    p95 = s[max(0, -(-95 * len(s) // 100) - 1)]
    return float(statistics.median(s)), float(p95)


def browser_stage(
    sizes: dict[str, tuple[str | None, int]],
    changes: int,
    log_dir: Path,
    pages: list[str] | None = None,
    *,
    fresh_server: bool = True,
    floor_per_page: bool = True,
) -> list[dict[str, Any]]:
    """`browser` entries for every size ({size: (data folder or None for bundled, rows)}) and page,
    each against the floor page measured just before it (`changes` changes on one floor server
    kept up for the size): the shared machine drifts by tens of milliseconds over the minutes a
    size takes, and a page is compared with the floor of its own minute. The `floor` entry holds
    every floor change of the size. Every page gets a server of its own, so no page finds results
    another page left in the caches. A quick run (`fresh_server=False, floor_per_page=False`)
    keeps one server for every page and measures the floor once, before the first page."""
    out: list[dict[str, Any]] = []
    with chromium() as browser:
        for size, (folder, rows) in sizes.items():
            errors: list[str] = []
            floors: dict[str, list[Any]] = {key: [] for key in FLOOR_KEYS}
            floor_errors = 0
            entries: list[dict[str, Any]] = []
            with contextlib.ExitStack() as shared:  # quick runs (fresh_server=False) save a server start per page
                floor_server = shared.enter_context(serve(None, log_dir, app="bench/floor_app.py"))
                common = None if fresh_server else shared.enter_context(serve(folder, log_dir))
                floor_med = 0.0
                for i, page in enumerate(pages or list(PAGES)):
                    if floor_per_page or i == 0:
                        print(f"[browser {size}] floor page, then {page} …", flush=True)
                        floor = measure_page(browser, floor_server.url, changes)
                        for key, values in floors.items():
                            values.extend(floor[key])
                        floor_errors += floor["errors"]
                        floor_med = summarize(floor["times_ms"])[0] if floor["times_ms"] else 0.0
                    else:
                        print(f"[browser {size}] {page} …", flush=True)
                    with contextlib.ExitStack() as own:
                        server = common or own.enter_context(serve(folder, log_dir))
                        res = measure_page(browser, f"{server.url}/{PAGES[page]}", changes)
                        if common is None:
                            errors += server.log_errors()
                    entries.append(_entry(size, rows, page, res, floor_med))
                if common is not None:
                    errors += common.log_errors()
            all_floor = summarize(floors["times_ms"])[0] if floors["times_ms"] else 0.0
            out += [_entry(size, rows, "floor", {**floors, "errors": floor_errors}, all_floor), *entries]
            if errors:
                out.append({"size": size, "rows": rows, "page": "server_log_errors", "lines": errors[:20]})
    return out


def _entry(size: str, rows: int, page: str, res: dict[str, Any], floor_ms: float) -> dict[str, Any]:
    if not res["times_ms"]:
        return {
            "size": size,
            "rows": rows,
            "page": page,
            "median_ms": None,
            "p95_ms": None,
            "floor_ms": round(floor_ms),
            "ratio_to_floor": None,
            "bytes": None,
            "changes": 0,
            "failed": res["failed"],
        }
    med, p95 = summarize(res["times_ms"])
    by_kind = {
        k: [t for t, kk in zip(res["times_ms"], res["kinds"], strict=True) if kk == k] for k in set(res["kinds"])
    }
    return {
        "size": size,
        "rows": rows,
        "page": page,
        "median_ms": round(med),
        "p95_ms": round(p95),
        "floor_ms": round(floor_ms),
        "ratio_to_floor": round(med / floor_ms, 2) if floor_ms else None,
        "bytes": int(statistics.median(res["bytes"])),
        "max_bytes": max(res["bytes"]),
        "changes": len(res["times_ms"]),
        "year_median_ms": round(statistics.median(by_kind["year"])) if by_kind.get("year") else None,
        "province_median_ms": round(statistics.median(by_kind["province"])) if by_kind.get("province") else None,
        "last_message_median_ms": round(statistics.median(res["server_done_ms"])),
        "errors_on_page": res["errors"],
        "failed": res["failed"],
        "times_ms": res["times_ms"],
    }


# ---- cold start -----------------------------------------------------------------------------
def cold_start(folder: str | None, log_dir: Path) -> float:
    """Seconds from `make run` to the overview drawn in Chromium (a browser already open, the
    first request sent as soon as the server answers)."""
    with chromium() as browser:
        tab = Tab.open(browser)
        try:
            with serve(folder, log_dir) as server:
                tab.page.goto(server.url, wait_until="domcontentloaded")
                last = tab.wait_drawn(0, timeout_ms=180_000)
                if tab.errors():
                    raise RuntimeError(f"the overview shows an error on {folder or 'bundled'} data")
                return (last / 1000) - server.started
        finally:
            tab.close()


# ---- load -----------------------------------------------------------------------------------
def load_test(folder: str | None, log_dir: Path, sessions: int = 20, timeout_s: float = 300.0) -> dict[str, Any]:
    """`sessions` browser sessions at once on one server (spread over the pages), each opened and
    then given one year step; peak server memory (sampled every 0.1 s), sessions drawn, log errors."""
    peak = [0.0]
    stop = threading.Event()
    names = list(PAGES)
    with chromium() as browser, serve(folder, log_dir) as server:

        def sample() -> None:
            while not stop.is_set():
                peak[0] = max(peak[0], server.rss_mb())
                stop.wait(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        t0 = time.perf_counter()
        tabs = [Tab.open(browser) for _ in range(sessions)]
        try:
            for i, tab in enumerate(tabs):  # all requests in flight before waiting for any
                tab.page.goto(f"{server.url}/{PAGES[names[i % len(names)]]}", wait_until="commit")
            drawn = 0
            deadline = time.monotonic() + timeout_s
            for tab in tabs:
                left_ms = max(1000.0, (deadline - time.monotonic()) * 1000)
                tab.wait_drawn(0, timeout_ms=left_ms)
            opened_s = time.perf_counter() - t0
            acts = []
            unready = 0
            for i, tab in enumerate(tabs):  # then every session changes its years at once
                try:
                    act = year_step("ArrowRight")(tab.page)
                except Exception:  # reported, with a screenshot: not a crash of the whole bench
                    unready += 1
                    SHOTS.mkdir(parents=True, exist_ok=True)
                    tab.page.screenshot(path=str(SHOTS / f"load-session-{i}-no-slider.png"))
                    continue
                acts.append((tab, tab.ws_count(), act))
            for _tab, _ws0, act in acts:
                act()
            for tab, ws0, _act in acts:
                left_ms = max(1000.0, (deadline - time.monotonic()) * 1000)
                tab.wait_drawn(ws0, timeout_ms=left_ms)
                drawn += tab.errors() == 0
            total_s = time.perf_counter() - t0
        finally:
            stop.set()
            sampler.join(timeout=5)
            for tab in tabs:
                tab.close()
        errors = server.log_errors()
    return {
        "sessions": sessions,
        "drawn_without_error": drawn,
        "no_slider_to_step": unready,
        "peak_server_rss_mb": round(peak[0]),
        "open_all_s": round(opened_s, 1),
        "total_s": round(total_s, 1),
        "server_log_errors": errors[:20],
    }
