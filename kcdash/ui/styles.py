"""The dashboard's stylesheets, kept as files in kcdash/assets and sent once per page run."""

from __future__ import annotations

import functools
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[1] / "assets"
PAGE_STYLESHEETS = ("a11y.css", "rank.css", "table.css", "chart.css")
"""What every page carries: readability fixes (a11y.css: colour contrast, numbers that wrap), the
provinces' ranking (rank.css, kcdash.charts.ranking_html), the HTML tables (table.css,
kcdash.charts.table_html), and chart text in the theme's colour (chart.css)."""


@functools.cache
def asset(name: str) -> str:
    """The text of kcdash/assets/`name`, read once per process."""
    return (ASSETS / name).read_text(encoding="utf-8")


def page_css() -> str:
    """The page's stylesheets as one `<style>` element (for `st.html`)."""
    return "<style>\n" + "\n".join(asset(name) for name in PAGE_STYLESHEETS) + "</style>"
