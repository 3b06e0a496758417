"""Fixed places in a page: parts whose number of elements varies, and parts written after the
charts that stand above them."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def slot() -> DeltaGenerator:
    """A fixed place in the page for a part whose number of elements varies with the filters
    (notes per province, a warning that comes and goes, a table or a notice instead of it).

    The browser keeps an element when it arrives at the same position as before; an element
    that moves because a note above it appeared is re-created (a grid re-draws, a download
    button re-mounts). Inside one container, the variable part always takes one position, so
    what follows stays in place when a province is added or removed.
    """
    return st.container()


def drawn_later() -> DeltaGenerator:
    """A place kept here for parts that stand above a page's charts (the national view, cards,
    tables) but are written into it after the charts (`with place: ...` at the end of the page).

    The browser draws what arrives as it arrives, and drawing Plotly charts is its slowest work:
    sent first, the charts are drawn while the server still shapes the tables and cards, instead
    of after them (bench/NOTES.md has the measurements). The reader sees the same page."""
    return st.container()
