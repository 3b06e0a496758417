"""Chart images and PDF printing through a headless Chromium (Debian's /usr/bin/chromium).

Chart images come from Plotly's own exporter, Kaleido (≥1), which drives a local Chromium via
choreographer: SVG for the PDF (vector), PNG at 2x for Word. The PDF is the report's HTML
printed by Chromium (`--print-to-pdf`), with page numbers from CSS `@page` margin boxes.
Nothing is fetched from the network: Kaleido gets plotly.js from the installed plotly package
and MathJax is switched off.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
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


def html_to_pdf(html: str) -> bytes:
    """Print `html` (self-contained: inline SVG and CSS) to PDF with headless Chromium."""
    browser = _need_browser()
    with tempfile.TemporaryDirectory(prefix="kc-report-") as tmp:
        src = Path(tmp) / "report.html"
        out = Path(tmp) / "report.pdf"
        src.write_text(html, encoding="utf-8")
        cmd = [
            browser,
            "--headless",
            "--no-sandbox",  # a local file we wrote ourselves; root in containers cannot sandbox
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={Path(tmp) / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={out}",
            src.as_uri(),
        ]
        try:
            done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
                cmd, capture_output=True, timeout=PRINT_TIMEOUT_S, check=False
            )
        except subprocess.TimeoutExpired as err:
            raise RenderError(f"Chromium did not finish printing within {PRINT_TIMEOUT_S} s") from err
        if not out.is_file() or out.stat().st_size == 0:
            tail = done.stderr.decode("utf-8", "replace")[-800:]
            raise RenderError(f"Chromium wrote no PDF (exit {done.returncode}): {tail}")
        return out.read_bytes()
