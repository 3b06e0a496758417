"""Chart images and PDF printing through a headless Chromium (Debian's /usr/bin/chromium).

Chart images come from Plotly's own exporter, Kaleido (≥1), which drives a local Chromium via
choreographer: SVG for the PDF (vector), PNG at 2x for Word. The PDF is the report's HTML
printed by the same browser session (DevTools `Page.printToPDF`, A4 from the CSS `@page`
rule, page numbers from its margin boxes), so a report starts Chromium once.
Nothing is fetched from the network: Kaleido gets plotly.js from the installed plotly package
and MathJax is switched off.
"""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import kaleido  # type: ignore[import-untyped]

from kcdash.report.model import Chart

PRINT_TIMEOUT_S = 120
IMAGE_TIMEOUT_S = 90
PNG_SCALE = 2


def chromium_path() -> str | None:
    """The browser to use: $KC_CHROMIUM, $BROWSER_PATH, /usr/bin/chromium, or one on PATH."""
    for candidate in (os.environ.get("KC_CHROMIUM"), os.environ.get("BROWSER_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


class RenderError(RuntimeError):
    """The browser was missing or failed; the message says which and how to install it."""


def _need_browser() -> str:
    path = chromium_path()
    if path is None:
        raise RenderError("Chromium not found: install Debian's chromium (make browser-deps) or set KC_CHROMIUM")
    return path


@dataclass(frozen=True)
class ChartImages:
    svg: str
    png: bytes


async def _render(charts: list[Chart], want_svg: bool, want_png: bool, browser: str) -> list[ChartImages]:
    out: list[ChartImages] = []
    async with kaleido.Kaleido(n=1, timeout=IMAGE_TIMEOUT_S, mathjax=False, path=browser) as k:
        for chart in charts:
            size = {"width": chart.width_px, "height": chart.height_px}
            svg = ""
            png = b""
            if want_svg:
                raw = await k.calc_fig(chart.figure, opts={"format": "svg", **size})
                svg = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
            if want_png:
                raw_png = await k.calc_fig(chart.figure, opts={"format": "png", "scale": PNG_SCALE, **size})
                png = bytes(raw_png)
            out.append(ChartImages(svg=svg, png=png))
    return out


def chart_images(charts: list[Chart], *, svg: bool = True, png: bool = True) -> list[ChartImages]:
    """Every chart as SVG text and/or PNG bytes, rendered in one browser session."""
    if not charts:
        return []
    browser = _need_browser()
    try:
        return asyncio.run(_render(charts, svg, png, browser))
    except RuntimeError as err:
        if "asyncio.run() cannot be called" not in str(err):
            raise
    # called from inside a running event loop: render in a loop of our own thread
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _render(charts, svg, png, browser)).result()


async def _render_and_print(charts: list[Chart], make_html: Callable[[list[ChartImages]], str], browser: str) -> bytes:
    """SVG charts, then the page printed by the same browser (one Chromium start, not two)."""
    async with kaleido.Kaleido(n=1, timeout=IMAGE_TIMEOUT_S, mathjax=False, path=browser) as k:
        images = []
        for chart in charts:
            raw = await k.calc_fig(
                chart.figure, opts={"format": "svg", "width": chart.width_px, "height": chart.height_px}
            )
            images.append(ChartImages(svg=raw.decode("utf-8") if isinstance(raw, bytes) else str(raw), png=b""))
        with tempfile.TemporaryDirectory(prefix="kc-report-") as tmp:
            src = Path(tmp) / "report.html"
            src.write_text(make_html(images), encoding="utf-8")
            tab = await k.create_tab(url="", window=True)
            await tab.send_command("Page.enable")
            loaded = tab.subscribe_once("Page.loadEventFired")
            await tab.send_command("Page.navigate", params={"url": src.as_uri()})
            await asyncio.wait_for(loaded, PRINT_TIMEOUT_S)
            answer = await asyncio.wait_for(
                tab.send_command(
                    "Page.printToPDF",
                    params={"preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False},
                ),
                PRINT_TIMEOUT_S,
            )
    if "error" in answer or "data" not in answer.get("result", {}):
        raise RenderError(f"Chromium wrote no PDF: {answer.get('error')}")
    return base64.b64decode(answer["result"]["data"])


def pdf_with_charts(charts: list[Chart], make_html: Callable[[list[ChartImages]], str]) -> bytes:
    """The report's PDF: charts rendered to SVG and the page printed in one browser session."""
    browser = _need_browser()
    job = _render_and_print(charts, make_html, browser)
    try:
        return asyncio.run(job)
    except RuntimeError as err:
        if "asyncio.run() cannot be called" not in str(err):
            raise
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _render_and_print(charts, make_html, browser)).result()
