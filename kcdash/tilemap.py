"""Tile-grid maps: one equal square per province (or district), placed by its real position.

No installable package carries pre-2025 district boundaries under a licence that fits, so the
maps here are tile grids (as Our World in Data and many newsrooms draw small-area maps): each
unit gets one equal tile, and the grid layout is derived from the approximate latitude and
longitude of its capital (`grid_layout`), stored with that source in `data/province_tiles.csv`
and `data/district_tiles.csv`. The layout is geometry shipped with the code, the same for every
data version, so it is read from the repository's data folder, not from `DATA_DIR`.

Everything here is pure (no Streamlit): `tile_map` returns the plain data the map's browser
component draws (`kcdash.ui.nationwide.province_map`, `kcdash/assets/tile_map.js`), tested as data. Colours: a sequential scale that stays readable for the
common colour-vision deficiencies and in light and dark themes (cividis, Nuñez et al. 2018),
with the text colour of each tile chosen for contrast (WCAG relative luminance).
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kcdash import fmt
from kcdash.i18n import t

TILES_DIR = Path(__file__).resolve().parent.parent / "data"
PROVINCE_TILES = TILES_DIR / "province_tiles.csv"
DISTRICT_TILES = TILES_DIR / "district_tiles.csv"

# cividis (Nuñez, Anderton & Renslow 2018), sampled at 9 stops: monotone in lightness, so it
# reads in grey, for red-green colour-blind readers, and on a light or a dark page.
CIVIDIS: tuple[str, ...] = (
    "#00224E",
    "#123570",
    "#3B496C",
    "#575D6D",
    "#707173",
    "#8A8779",
    "#A69D75",
    "#C4B56C",
    "#FEE838",
)
NO_DATA_FILL = "#BDBDBD"  # neutral grey, distinct from every cividis stop in lightness and hue
ABSENT_FILL = "rgba(0,0,0,0)"  # a unit that did not exist: outline only
FOCUS_LINE = "#D55E00"  # Okabe–Ito vermillion: absent from cividis, so a focus outline stands out


@dataclass(frozen=True)
class Tile:
    code: str
    name_vi: str
    name_en: str
    abbr: str
    col: int
    row: int

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi


# ---- the layout -----------------------------------------------------------------------------


def grid_layout(
    points: Sequence[tuple[str, float, float]], *, cols: int, rows: int, max_rounds: int = 50
) -> dict[str, tuple[int, int]]:
    """Place each (code, lat, lon) on one cell of a cols × rows grid, close to its real position.

    The positions are scaled to the grid (north up), each unit takes the free cell nearest its
    scaled position (units in order of latitude, then longitude, so the result is deterministic),
    then pairs of units swap, and units move to free cells, while that lowers the total squared
    distance to the scaled positions (bounded rounds). Raises ValueError when the grid is too small.
    """
    if len(points) > cols * rows:
        raise ValueError(f"{len(points)} units do not fit a {cols}×{rows} grid")
    if not points:
        return {}
    lats = [p[1] for p in points]
    lons = [p[2] for p in points]
    lat_span = (max(lats) - min(lats)) or 1.0
    lon_span = (max(lons) - min(lons)) or 1.0
    ideal = {
        code: ((lon - min(lons)) / lon_span * (cols - 1), (max(lats) - lat) / lat_span * (rows - 1))
        for code, lat, lon in points
    }

    def cost(code: str, cell: tuple[int, int]) -> float:
        x, y = ideal[code]
        return (cell[0] - x) ** 2 + (cell[1] - y) ** 2

    cells = [(c, r) for r in range(rows) for c in range(cols)]
    placed: dict[str, tuple[int, int]] = {}
    taken: set[tuple[int, int]] = set()
    for code, _, _ in sorted(points, key=lambda p: (-p[1], p[2], p[0])):
        best = min((cell for cell in cells if cell not in taken), key=lambda cell: (cost(code, cell), cell[1], cell[0]))
        placed[code] = best
        taken.add(best)

    codes = sorted(placed)
    for _ in range(max_rounds):
        improved = False
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                ca, cb = placed[a], placed[b]
                if cost(a, cb) + cost(b, ca) < cost(a, ca) + cost(b, cb) - 1e-9:
                    placed[a], placed[b] = cb, ca
                    improved = True
            free = [cell for cell in cells if cell not in set(placed.values())]
            here = placed[a]
            better = min(free, key=lambda cell: (cost(a, cell), cell[1], cell[0]), default=here)
            if cost(a, better) < cost(a, here) - 1e-9:
                placed[a] = better
                improved = True
        if not improved:
            break
    return placed


# ---- the reference tables -------------------------------------------------------------------


def _read(path: Path, key: str | None = None, value: str | None = None) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if key is None or r[key] == value]


@functools.cache
def province_tiles() -> tuple[Tile, ...]:
    """The 63 provinces before the 1 July 2025 reform, at their grid positions."""
    return tuple(
        Tile(r["province_code"], r["name_vi"], r["name_en"], r["abbr"], int(r["col"]), int(r["row"]))
        for r in _read(PROVINCE_TILES)
    )


@functools.cache
def district_tiles(province_code: str) -> tuple[Tile, ...]:
    """The districts of one province at their grid positions (empty when the table has none)."""
    return tuple(
        Tile(r["district_code"], r["name_vi"], r["name_en"], r["abbr"], int(r["col"]), int(r["row"]))
        for r in _read(DISTRICT_TILES, "province_code", province_code)
    )


# ---- colours --------------------------------------------------------------------------------


def _rgb(hex_: str) -> tuple[int, int, int]:
    h = hex_.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def relative_luminance(hex_: str) -> float:
    """WCAG 2 relative luminance of an #rrggbb colour."""

    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = _rgb(hex_)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_color(fill: str) -> str:
    """Black or white, whichever contrasts more with the tile's fill."""
    return "#000000" if contrast_ratio(fill, "#000000") >= contrast_ratio(fill, "#FFFFFF") else "#FFFFFF"


def scale_color(share: float, scale: Sequence[str] = CIVIDIS) -> str:
    """The colour at `share` (0…1) of a scale given as evenly spaced stops, linearly interpolated."""
    share = min(1.0, max(0.0, share))
    pos = share * (len(scale) - 1)
    i = min(int(pos), len(scale) - 2)
    frac = pos - i
    a, b = _rgb(scale[i]), _rgb(scale[i + 1])
    return "#" + "".join(f"{round(x + (y - x) * frac):02X}" for x, y in zip(a, b, strict=True))


def sequential_colors(values: Mapping[str, float | None]) -> dict[str, str]:
    """code -> fill: the value's place between the smallest and largest value on the scale;
    a missing value is the no-data grey, never the colour of 0."""
    present = {code: float(v) for code, v in values.items() if v is not None and not fmt.is_missing(v)}
    if not present:
        return dict.fromkeys(values, NO_DATA_FILL)
    low, high = min(present.values()), max(present.values())
    span = high - low
    return {
        code: scale_color(0.5 if span == 0 else (present[code] - low) / span) if code in present else NO_DATA_FILL
        for code in values
    }


def compact(value: float | None, lang: str, *, million_vnd: bool = False) -> str:
    """A number short enough for a tile: 3.530, 35,3 nghìn / 35.3k, 1,2 triệu / 1.2M; "–" when
    missing. Money held in million đồng (`million_vnd`) is shown in tỷ from 1.000 triệu on, as
    reports write it: "nghìn" of a million-đồng figure would be read as thousand đồng."""
    if fmt.is_missing(value):
        return "–"
    v = float(value)  # type: ignore[arg-type]
    if million_vnd and abs(v) >= 1000:
        return t("tilemap.billion_vnd", lang, n=fmt.number(v / 1000, lang, 0 if abs(v) >= 100_000 else 1, trim=True))
    if abs(v) < 10_000:  # small ratios keep two decimals, so neighbouring tiles can differ
        decimals = 0 if abs(v) >= 100 or v == int(v) else 1 if abs(v) >= 10 else 2
        return fmt.number(v, lang, decimals, trim=True)
    if abs(v) < 1_000_000:
        return t("tilemap.thousands", lang, n=fmt.number(v / 1000, lang, 0 if abs(v) >= 100_000 else 1, trim=True))
    return t("tilemap.millions", lang, n=fmt.number(v / 1_000_000, lang, 1, trim=True))


# ---- the map -------------------------------------------------------------------------------

TILE_MAX_PX = 44
"""Largest side of a tile of the province map in the browser (the grid shrinks to its column,
never grows past this); a map of few columns (a province's districts) may have tiles up to
TILE_SMALL_GRID_PX, so it is not a thumbnail on a wide screen."""
TILE_SMALL_GRID_PX = 72
MAP_MAX_PX = 8 * TILE_MAX_PX  # the province map's width, which a narrower grid may reach


def tile_map(
    tiles: Iterable[Tile],
    lang: str,
    *,
    title: str,
    fills: Mapping[str, str],
    values_text: Mapping[str, str],
    hover: Mapping[str, str],
    label: str,
    focus: Iterable[str] = (),
    absent: Iterable[str] = (),
    legend: Sequence[tuple[str, str]] = (),
    colorbar: tuple[str, str, str] | None = None,
    mark: str = "",
    clickable: bool = False,
) -> dict[str, Any]:
    """A tile-grid map as the plain data its browser component draws (`kcdash/assets/tile_map.js`):
    an equal square per unit at its grid cell, filled with `fills[code]`, its short name and
    `values_text[code]` inside, `hover[code]` (plain text) as its tooltip and accessible name.

    - `label`: the map's accessible name; `title`: drawn above the tiles;
    - `focus`: codes outlined in vermillion (the provinces a person chose to look at);
    - `absent`: codes of units that did not exist (outline only, dashed);
    - `legend`: (label, fill) entries of a categorical scale, drawn under the map;
    - `colorbar`: (low text, high text, title) of the sequential scale, drawn under the map;
    - `mark`: the illustrative mark, written across the tiles so a screenshot keeps it;
    - `clickable`: tiles are buttons (click, or arrow keys and Enter) that report their code.

    HTML, not a Plotly figure: 63 shapes and 63 measured labels cost the browser far more than
    the grid on every filter change (drawn twice: Streamlit re-themes a chart after mounting it;
    bench/NOTES.md), and its tiles are reachable with the keyboard. Text goes into the page as
    text (`textContent`), never as markup.
    """
    tiles = list(tiles)
    focus_set, absent_set = set(focus), set(absent)
    cells = []
    for tile in tiles:
        is_absent = tile.code in absent_set
        fill = ABSENT_FILL if is_absent else fills.get(tile.code, NO_DATA_FILL)
        cells.append(
            {
                "code": tile.code,
                "col": tile.col,
                "row": tile.row,
                "abbr": tile.abbr,
                "value": values_text.get(tile.code, "–"),
                "hover": hover.get(tile.code, tile.name(lang)),
                "fill": fill,
                "ink": "" if is_absent else text_color(fill),
                "focus": tile.code in focus_set,
                "absent": is_absent,
            }
        )
    return {
        "title": title,
        "label": label,
        "cols": max((tile.col for tile in tiles), default=-1) + 1,
        "rows": max((tile.row for tile in tiles), default=-1) + 1,
        "tile_px": tile_px(max((tile.col for tile in tiles), default=0) + 1),
        "tiles": cells,
        "legend": [{"label": text, "fill": fill} for text, fill in legend],
        "colorbar": None
        if colorbar is None
        else {"low": colorbar[0], "high": colorbar[1], "title": colorbar[2], "stops": list(CIVIDIS)},
        "mark": mark,
        "clickable": clickable,
        "focus_line": FOCUS_LINE,
    }


def tile_px(cols: int) -> int:
    """Largest tile side for a grid of `cols` columns: 44 px for the provinces' 8 columns, up to
    72 px for a few columns."""
    return max(TILE_MAX_PX, min(TILE_SMALL_GRID_PX, MAP_MAX_PX // max(1, cols)))


def clicked_code(value: object, allowed: Iterable[str]) -> str | None:
    """The unit code a click on the map reported, when it is one of `allowed` (the value comes
    from the browser: anything else is ignored)."""
    return value if isinstance(value, str) and value in set(allowed) else None
