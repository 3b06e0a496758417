"""The tile map's browser component: HTML tiles drawn by kcdash/assets/tile_map.js from the plain
data kcdash.tilemap.tile_map makes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import streamlit as st

from kcdash.ui.styles import asset


@functools.cache
def _tile_map_component() -> Callable[..., Any]:
    """The component, registered once per process."""
    return st.components.v2.component(
        "kcdash.tile_map",
        html='<div class="kc-map"></div>',
        css=asset("tile_map.css"),
        js=asset("tile_map.js"),
    )


def tile_map(spec: dict[str, Any], *, key: str, on_click: Callable[[], None] | None = None) -> None:
    """Draw a kcdash.tilemap.tile_map; `on_click` runs (before the rerun) when a tile is clicked."""
    kwargs: dict[str, Any] = {"on_clicked_change": on_click} if on_click is not None else {}
    _tile_map_component()(data={**spec, "key": key}, key=key, **kwargs)
